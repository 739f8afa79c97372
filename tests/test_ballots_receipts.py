"""Receipts: a code for every ballot, shown when the vote is counted and in «My receipts»
(each code as code, to copy), voided by a withdrawal, kept with the ballot and nowhere near
the voter; RECEIPTS=off shows none. And a closed round: every press on it, whatever it would
have been, answers «voting is closed»."""

from __future__ import annotations

import pytest
from aiogram.methods import SendMessage
from sqlalchemy import func, select, text

from bot.callbacks import ReceiptsCb, VoteCb
from domain.voting import voter_key
from storage.models import Base
from storage.vote_tables import Ballot
from tests.fixtures.vote import verified
from tests.flows import t
from tests.harness import VOTE_SECRET

pytestmark = pytest.mark.sql  # also run on PostgreSQL: see the Makefile's `test`

SECRET = VOTE_SECRET.encode()


async def receipt_of(sessionmaker, round_id: int, user_id: int, nomination_id: int) -> str | None:
    key = voter_key(SECRET, round_id, user_id)
    async with sessionmaker() as session:
        return await session.scalar(
            select(Ballot.receipt).where(
                Ballot.round_id == round_id,
                Ballot.voter_hash == key,
                Ballot.nomination_id == nomination_id,
            )
        )


async def tables_holding(sessionmaker, value: str) -> set[str]:
    """Every table with a row in which `value` appears, whatever the column."""
    found = set()
    async with sessionmaker() as session:
        for table in Base.metadata.sorted_tables:
            for row in await session.execute(select(table)):
                if any(value in str(cell) for cell in row):
                    found.add(table.name)
    return found


def receipts_message(app, chat_id: int) -> SendMessage:
    sent = [r for r in app.session.requests if isinstance(r, SendMessage) and r.chat_id == chat_id]
    return sent[-1]


def codes_in(message: SendMessage) -> list[str]:
    """The parts of the message marked as code (offsets in UTF-16 units, as Telegram's)."""
    encoded = message.text.encode("utf-16-le")
    return [
        encoded[2 * e.offset : 2 * (e.offset + e.length)].decode("utf-16-le")
        for e in message.entities or []
        if e.type == "code"
    ]


@pytest.mark.parametrize("locale", ["kk", "ru", "en"])
async def test_a_receipt_is_shown_listed_kept_with_the_ballot_and_voided_by_withdrawal(
    app, texts, sessionmaker, voting, locale
):
    vote_round, _ = voting
    voter, card = await verified(app, texts, 90, locale)
    await voter.press(t(texts, locale, "vote-cast"))
    first = await receipt_of(sessionmaker, vote_round.id, 90, 1)
    assert first is not None and len(first) == 8
    counted = t(texts, locale, "vote-result-counted")
    shown = t(texts, locale, "receipts-code", code=first)
    mine = t(texts, locale, "vote-mine-limited", count=1, limit=3)
    assert voter.last_answer.text == f"{counted} {shown} {mine}"
    # A second tap answers "already", with the same ballot's receipt.
    again = VoteCb(round_id=vote_round.id, nomination_id=1, cast=True).pack()
    await voter.press_data(again, on=card)
    already = t(texts, locale, "vote-result-already")
    assert voter.last_answer.text == f"{already} {shown} {mine}"

    await voter.press("▶️")
    await voter.press(t(texts, locale, "vote-cast"))
    second = await receipt_of(sessionmaker, vote_round.id, 90, 2)
    assert second is not None and second != first

    # «My receipts»: a message of its own, the codes in card order, each as code.
    await voter.press(t(texts, locale, "receipts-button"))
    listed = receipts_message(app, 90)
    title = t(texts, locale, "receipts-title", round=vote_round.id)
    assert listed.text == f"{title}\n\nАхметова Әсел — {first}\nБекову Дана — {second}"
    assert codes_in(listed) == [first, second]

    # The receipt lives on the ballot and nowhere else: not with the voter, not in any log
    # table, not in the conversation's state.
    assert await tables_holding(sessionmaker, first) == {"ballots"}

    # Withdrawn: the ballot goes, and its receipt with it.
    await voter.press(t(texts, locale, "vote-withdraw"))
    withdrawn = t(texts, locale, "vote-result-withdrawn")
    void = t(texts, locale, "receipts-void")
    mine = t(texts, locale, "vote-mine-limited", count=1, limit=3)
    assert voter.last_answer.text == f"{withdrawn} {void} {mine}"
    assert await tables_holding(sessionmaker, second) == set()
    await voter.press(t(texts, locale, "receipts-button"))
    assert receipts_message(app, 90).text == f"{title}\n\nАхметова Әсел — {first}"
    # Voting again gives a new receipt: the void one stays void.
    await voter.press(t(texts, locale, "vote-cast"))
    again = await receipt_of(sessionmaker, vote_round.id, 90, 2)
    assert again is not None and again != second


async def test_no_receipts_for_a_voter_without_ballots_and_none_when_off(
    app, texts, sessionmaker, voting, settings
):
    vote_round, _ = voting
    voter, card = await verified(app, texts, 91, "ru")
    await voter.press(t(texts, "ru", "receipts-button"))
    assert receipts_message(app, 91).text == t(texts, "ru", "receipts-none", round=vote_round.id)

    settings.receipts = "off"  # the running bot reads its settings per update
    await voter.press_data(card.callback_data(t(texts, "ru", "vote-cast")), on=card)
    counted = t(texts, "ru", "vote-result-counted")
    mine = t(texts, "ru", "vote-mine-limited", count=1, limit=3)
    assert voter.last_answer.text == f"{counted} {mine}"
    assert t(texts, "ru", "receipts-button") not in voter.last.buttons
    await voter.press_data(ReceiptsCb(round_id=vote_round.id).pack(), on=card)
    assert receipts_message(app, 91).text == t(texts, "ru", "receipts-off")
    await voter.press(t(texts, "ru", "vote-withdraw"))
    withdrawn = t(texts, "ru", "vote-result-withdrawn")
    mine = t(texts, "ru", "vote-mine-limited", count=0, limit=3)
    assert voter.last_answer.text == f"{withdrawn} {mine}"  # no receipt to void


@pytest.mark.parametrize("locale", ["kk", "ru", "en"])
async def test_every_press_on_a_closed_round_answers_voting_is_closed(
    app, texts, sessionmaker, voting, locale
):
    vote_round, wg = voting
    full, card = await verified(app, texts, 92, locale, phone="+77015550092")
    for nomination_id in (1, 2, 3):  # at the limit of 3
        data = VoteCb(round_id=vote_round.id, nomination_id=nomination_id, cast=True).pack()
        await full.press_data(data, on=card)
    other, other_card = await verified(app, texts, 93, locale, phone="+77015550093")
    await other.press_data(other_card.callback_data(t(texts, locale, "vote-cast")), on=other_card)
    stranger = app.person(94, language_code=locale)
    await stranger.send("/start")

    # The working group closes the round early.
    await wg.send("/round")
    await wg.press(t(texts, "en", "round-close"))
    await wg.press(t(texts, "en", "round-close-confirm"))
    assert wg.last_answer.text == t(texts, "en", "round-closed-now")

    closed = t(texts, locale, "vote-closed")
    presses = [
        (full, 4, True),  # at the limit: would have been "at most 3"
        (full, 1, True),  # already voted: would have been "already"
        (full, 2, False),  # a withdrawal
        (other, 5, True),  # under the limit
        (other, 6, False),  # withdrawing a vote never cast
        (stranger, 1, True),  # not verified: would have been "confirm your phone"
    ]
    for person, nomination_id, cast in presses:
        data = VoteCb(round_id=vote_round.id, nomination_id=nomination_id, cast=cast).pack()
        await person.press_data(data, on=card)
        assert person.last_answer.text == closed, (person.id, nomination_id, cast)
        assert person.last_answer.show_alert
    async with sessionmaker() as session:
        assert await session.scalar(select(func.count()).select_from(Ballot)) == 4
        stored = await session.execute(text("SELECT count(DISTINCT receipt) FROM ballots"))
        assert stored.scalar() == 4
    # The receipts stay available after close, to check against the published results.
    await full.press_data(ReceiptsCb(round_id=vote_round.id).pack(), on=card)
    listed = receipts_message(app, 92)
    assert len(codes_in(listed)) == 3
    assert listed.text.startswith(t(texts, locale, "receipts-title", round=vote_round.id))
