"""The public vote end to end: verification, cards, ballots that count once, the limit,
closed rounds, forged buttons, hidden results, and the final list approved."""

from __future__ import annotations

import asyncio
from datetime import UTC, datetime

import pytest
from sqlalchemy import func, select

from bot.callbacks import BrowseCb, RoundAction, RoundCb, VoteCb
from bot.render import excerpt
from bot.scheduler import close_due_rounds
from domain.voting import voter_key
from storage import audit
from storage import voting as store
from storage.models import AuditEntry, Nomination
from storage.vote_tables import Ballot, Voter
from tests.fixtures.vote import verified
from tests.flows import STORY, t
from tests.harness import VOTE_SECRET

pytestmark = pytest.mark.sql  # also run on PostgreSQL: see the Makefile's `test`


@pytest.mark.parametrize("locale", ["kk", "ru", "en"])
async def test_a_voter_verifies_browses_votes_and_withdraws(
    app, texts, sessionmaker, voting, locale
):
    voter, card = await verified(app, texts, 90, locale)
    almaty = {"kk": "Алматы қаласы", "ru": "город Алматы", "en": "Almaty"}[locale]

    def first_card(total: int) -> str:
        return t(
            texts,
            locale,
            "vote-card",
            position=1,
            total=total,
            name="Ахметова Әсел",
            region=almaty,
            sphere=t(texts, locale, "choice-sphere-education"),
            story=excerpt(STORY["kk"], 500),
        )

    assert card.text.startswith(first_card(6))
    assert t(texts, locale, "vote-card-votes", count=0) not in card.text  # hidden during the round
    assert card.buttons[:2] == [t(texts, locale, "vote-cast"), "▶️"]

    await voter.press(t(texts, locale, "vote-cast"))
    counted = t(texts, locale, "vote-result-counted", limit=3)
    async with sessionmaker() as session:
        receipt = t(
            texts, locale, "receipts-code", code=await session.scalar(select(Ballot.receipt))
        )
    assert (
        voter.last_answer.text
        == f"{counted} {receipt} {t(texts, locale, 'vote-mine-limited', count=1, limit=3)}"
    )
    assert voter.last.buttons[0] == t(texts, locale, "vote-withdraw")  # the same message, edited
    await voter.press("▶️")
    assert "Бекову Дана" in voter.last.text
    # Filter by region: two candidates in Almaty.
    await voter.press(t(texts, locale, "vote-filter-region"))
    await voter.press(almaty)
    assert voter.last.text.startswith(first_card(2))
    # Withdraw from the first card.
    await voter.press(t(texts, locale, "vote-withdraw"))
    withdrawn = t(texts, locale, "vote-result-withdrawn", limit=3)
    withdrawn += " " + t(texts, locale, "receipts-void")
    assert (
        voter.last_answer.text
        == f"{withdrawn} {t(texts, locale, 'vote-mine-limited', count=0, limit=3)}"
    )
    async with sessionmaker() as session:
        assert await session.scalar(select(func.count()).select_from(Ballot)) == 0
    assert len(app.session.sent_to(90)) == 3  # verify prompt, verified, one card edited in place


async def test_200_presses_at_once_make_one_ballot_and_the_limit_holds(
    app, texts, sessionmaker, clock, voting
):
    vote_round, _ = voting
    voter, card = await verified(app, texts, 91, "en")
    data = card.callback_data(t(texts, "en", "vote-cast"))
    await asyncio.gather(*(voter.press_data(data, on=card) for _ in range(200)))
    async with sessionmaker() as session:
        assert await session.scalar(select(func.count()).select_from(Ballot)) == 1
    # The database alone holds both rules, with no per-person ordering in front of it.
    await verified(app, texts, 92, "en", phone="+77015550092")
    secret = VOTE_SECRET.encode()
    hashed = voter_key(secret, vote_round.id, 92)
    now = clock()  # inside the round's window, which the insert checks

    async def cast(nomination_id: int):
        async with sessionmaker() as session:
            result = await store.cast(session, vote_round.id, nomination_id, hashed, 3, now)
            await session.commit()
            return result

    results = await asyncio.gather(*(cast(n) for n in [1] * 50 + [2, 3, 4, 5, 6] * 10))
    async with sessionmaker() as session:
        mine = await store.chosen_by(session, vote_round.id, hashed)
    assert len(mine) == 3 and [r.result for r in results if r].count("counted") == 3


async def test_ballot_and_voter_times_are_kept_by_the_day_only(
    app, texts, sessionmaker, clock, voting
):
    clock.now = datetime(2026, 11, 23, 8, 47, 12, 345678, tzinfo=UTC)  # 13:47:12 in Almaty
    voter, card = await verified(app, texts, 95, "ru", phone="+77015550095")
    await voter.press_data(card.callback_data(t(texts, "ru", "vote-cast")), on=card)
    day = datetime(2026, 11, 23, tzinfo=UTC)
    async with sessionmaker() as session:
        [ballot] = (await session.scalars(select(Ballot))).all()
        stored_voter = await session.get(Voter, 95)
    # Nothing finer than the day: a ballot cannot be matched to a voter by when it came.
    assert ballot.cast_at == day and stored_voter.verified_at == day


async def test_refusals_closed_round_forged_unverified_phone_rules(
    app, texts, sessionmaker, clock, voting
):
    vote_round, wg = voting
    # A contact that is not the sender's, a phone outside the prefixes, a phone taken.
    stranger = app.person(93, language_code="ru")
    await stranger.send("/vote")
    sent = await stranger.send_contact("+77017770000", user_id=12345)
    assert sent[-1].text == t(texts, "ru", "vote-contact-not-yours")
    sent = await stranger.send_contact("+79161234567")
    assert sent[-1].text == t(texts, "ru", "vote-phone-not-allowed", prefixes="+77")
    await verified(app, texts, 94, "en", phone="+77017770000")
    sent = await stranger.send_contact("+77017770000")
    assert sent[0].text == t(texts, "ru", "vote-phone-taken")
    async with sessionmaker() as session:
        assert (await session.scalars(select(Voter.user_id))).all() == [94]

    # An unverified person pressing a vote button; a forged candidate; garbage.
    anchor = app.session.sent_to(94)[-1]
    await stranger.press_data(
        VoteCb(round_id=vote_round.id, nomination_id=1, cast=True).pack(), on=anchor
    )
    assert stranger.last_answer.text == t(texts, "ru", "vote-verify-first")
    voter = app.person(94, language_code="en")
    await voter.press_data(
        VoteCb(round_id=vote_round.id, nomination_id=999, cast=True).pack(), on=anchor
    )
    assert voter.last_answer.text is None
    await voter.press_data(VoteCb(round_id=77, nomination_id=1, cast=True).pack(), on=anchor)
    assert voter.last_answer.text == t(texts, "en", "vote-closed")
    async with sessionmaker() as session:
        assert await session.scalar(select(func.count()).select_from(Ballot)) == 0

    # The round ends by itself; a press after that is told voting is closed.
    clock.now = datetime(2026, 11, 29, 13, 1, tzinfo=UTC)  # 18:01 in Almaty
    assert (
        await close_due_rounds(app.work, app.dispatcher["settings"], app.dispatcher["regions"]) == 1
    )
    await app.deliver()
    assert wg.last.text == t(texts, "en", "round-closed-auto", round=vote_round.id)
    await voter.press_data(
        VoteCb(round_id=vote_round.id, nomination_id=1, cast=True).pack(), on=anchor
    )
    assert voter.last_answer.text == t(texts, "en", "vote-closed")
    await voter.press_data(BrowseCb(round_id=vote_round.id, page=1).pack(), on=anchor)
    assert voter.last_answer.text == t(texts, "en", "vote-closed")
    sent = await voter.send("/vote")
    assert sent[-1].text == t(texts, "en", "vote-not-open")


async def test_results_then_final_list_approved_and_everyone_told(
    app, texts, sessionmaker, clock, voting
):
    vote_round, wg = voting
    for user_id, phone, picks in (
        (95, "+77010000001", 3),
        (96, "+77010000002", 2),
        (97, "+77010000003", 1),
    ):
        voter, _ = await verified(app, texts, user_id, "en", phone=phone)
        for _ in range(picks):  # the first `picks` candidates
            await voter.press(t(texts, "en", "vote-cast"))
            await voter.press("▶️")
    # Results are hidden while the round runs.
    await wg.press_data(
        RoundCb(action=RoundAction.RESULTS, round_id=vote_round.id).pack(), on=wg.last
    )
    assert wg.last_answer.text == t(texts, "en", "round-still-open")
    await wg.send("/round")
    await wg.press(t(texts, "en", "round-close"))
    await wg.press(t(texts, "en", "round-close-confirm"))
    assert wg.last_answer.text == t(texts, "en", "round-closed-now")
    await wg.send("/round")
    sent = await wg.press(t(texts, "en", "round-results"))
    results = "\n".join(s.text for s in sent)
    assert results.startswith(
        t(texts, "en", "results-title", round=1, seed=vote_round.seed, seats=6, candidates=6)
    )
    # Ten regions have no figure in data/regions_kz.csv: no regional seats are guessed.
    assert "No population figures for Akmola Region, Aktobe Region" in results
    assert "1. 🌐 Ахметова Әсел — Almaty — 3" in results
    await wg.press(t(texts, "en", "round-approve"))
    await wg.press(t(texts, "en", "round-approve-confirm"))
    async with sessionmaker() as session:
        statuses = {n.full_name: n.status for n in await session.scalars(select(Nomination))}
        approvals = await session.scalar(
            select(func.count()).select_from(AuditEntry).where(AuditEntry.action == "round.approve")
        )
        assert (await audit.verify(session))[1] is None
    assert set(statuses.values()) == {"selected"}  # six candidates, a list of up to 100
    assert approvals == 1
    told = [s.text for n in range(801, 807) for s in app.session.sent_to(n)]
    assert len(told) == 6
    assert (
        t(texts, "ru", "final-selected", name="Ахметова Әсел", reference="100-2026-000001") in told
    )
    # Again: refused, nothing changes.
    await wg.press_data(
        RoundCb(action=RoundAction.APPROVE, round_id=vote_round.id, confirmed=True).pack(),
        on=wg.last,
    )
    assert wg.last.text == t(texts, "en", "round-already-approved")
    # The export has votes per candidate and nothing about voters.
    sent = await wg.press(t(texts, "en", "desk-export", format="CSV"))
    exported = sent[-1].method.document.data.decode("utf-8-sig")
    assert (
        exported.splitlines()[0]
        == "Reference,Full name,Region,Field,Gender,Votes,On the final list,Seat"
    )
    assert "+7701000000" not in exported and len(exported.splitlines()) == 7


async def test_a_shared_card_link_opens_that_candidate(app, texts, sessionmaker, voting):
    await verified(app, texts, 98, "en", phone="+77010000009")
    voter = app.person(98, language_code="en")
    sent = await voter.send("/start v_100-2026-000005")
    # Cards go by name in Kazakh alphabetical order (Ғ after Г, Қ after К): fifth of six.
    assert "Иванова Ольга" in sent[-1].text
    assert sent[-1].text.startswith(
        t(
            texts,
            "en",
            "vote-card",
            position=5,
            total=6,
            name="Иванова Ольга",
            region="Karaganda Region",
            sphere=t(texts, "en", "choice-sphere-social"),
            story=excerpt(STORY["kk"], 500),
        )
    )


async def test_a_voter_who_withdraws_consent_can_vote_no_more(
    app, texts, sessionmaker, clock, voting
):
    """Whether someone is a voter is read with their row, which SQLite's process remembers
    between updates: verifying and withdrawing consent must both be seen at the next press."""
    vote_round, _ = voting
    voter, card = await verified(app, texts, 95, "en", phone="+77015550095")
    await voter.press_data(card.callback_data(t(texts, "en", "vote-cast")), on=card)
    async with sessionmaker() as session:
        assert await session.scalar(select(func.count()).select_from(Ballot)) == 1
    await voter.send("/privacy")
    await voter.press(t(texts, "en", "privacy-withdraw-button"))
    await voter.press(t(texts, "en", "privacy-sure-yes"))
    async with sessionmaker() as session:
        assert (await session.scalars(select(Voter.user_id))).all() == []
    await voter.press_data(
        VoteCb(round_id=vote_round.id, nomination_id=2, cast=True).pack(), on=card
    )
    assert voter.last_answer.text == t(texts, "en", "vote-verify-first")
    async with sessionmaker() as session:  # the anonymous ballot stays; no new one
        assert await session.scalar(select(func.count()).select_from(Ballot)) == 1


async def test_a_vote_is_answered_before_its_card_is_redrawn(app, texts, voting):
    """The toast (the vote counted, its receipt) goes as soon as the card's new button begins
    to wait for a slot: a voter never watches a spinner while the bot is busy."""
    voter, card = await verified(app, texts, 96, "en", phone="+77015550096")
    before = len(app.session.requests)
    await voter.press_data(card.callback_data(t(texts, "en", "vote-cast")), on=card)
    made = [type(m).__name__ for m in app.session.requests[before:]]
    assert made == ["AnswerCallbackQuery", "EditMessageReplyMarkup"]
    assert t(texts, "en", "vote-result-counted") in (voter.last_answer.text or "")
