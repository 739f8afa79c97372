"""Conflicts of interest by identity: a staff member's verified phone (the contact they shared
when they took their role) keeps every nomination that names it, as the candidate's or the
nominator's, off their desks: lists, search, the next one, a card opened by its id, the
export. A working-group member who stands in a round may neither close it early nor
approve its final list."""

from __future__ import annotations

import re

import pytest
from sqlalchemy import select, update

from bot.callbacks import (
    CaseCb,
    ExportCb,
    ExportFormat,
    RoundAction,
    RoundCb,
)
from domain.nomination import Status
from domain.pipeline import Role
from storage import phones
from storage.models import Nomination
from storage.vote_tables import VoteRound
from tests.fixtures.staff import join, opt_in
from tests.fixtures.vote import candidates_on_vote
from tests.flows import NOMINEE_PHONE, crowd_of_nominations, fill_form, open_consent_link, t
from tests.harness import ADMIN_ID

pytestmark = pytest.mark.sql  # also run on PostgreSQL: see the Makefile's `test`

LOCALES = ["kk", "ru", "en"]
MINE = "+" + NOMINEE_PHONE  # the candidate's phone the form's nominator types (tests.flows)
ALMATY = "almaty_city"


def listed(sent) -> list[str]:
    """The serial numbers of the nominations a desk's list shows, in order."""
    return re.findall(r"^№(\d{6}) · ", sent.text, flags=re.MULTILINE)


def empty(texts, locale: str) -> str:
    return t(
        texts,
        locale,
        "desk-empty",
        desk=t(texts, locale, "desk-secretariat"),
        count=0,
        page=1,
        pages=1,
    )


@pytest.mark.parametrize("locale", LOCALES)
async def test_a_member_nominated_by_someone_else_never_sees_that_nomination(
    app, texts, sessionmaker, locale
):
    admin = app.person(ADMIN_ID, language_code="en", name="Admin")
    member = await join(app, texts, admin, 11, locale, "secretariat", phone=MINE)
    colleague = await join(app, texts, admin, 12, "en", "secretariat")
    for person in (member, colleague):  # both asked for a message per nomination arriving
        await opt_in(person, texts, person.language_code)
    friend = app.person(600, language_code="ru", name="Асель")
    await fill_form(friend, texts, "ru", "город Алматы", who="other")
    await friend.press(t(texts, "ru", "summary-submit"))
    async with sessionmaker() as session:
        nomination = await session.scalar(select(Nomination))
    assert nomination is not None and nomination.contact_phone == MINE
    # They consent from their own account, with their own contact.
    await open_consent_link(member, nomination.nominee_token or "")
    await member.press(t(texts, locale, "nominee-agree"))
    async with sessionmaker() as session:
        stored = await session.get(Nomination, nomination.id)
    assert stored is not None and stored.status == Status.SUBMITTED
    reference = stored.reference or ""

    sent = await member.send("/queue")
    assert sent[-1].text == empty(texts, locale)
    for typed in (reference, "Сапарова", "8 701 765 43 21"):
        sent = await member.send(f"/queue {typed}")
        assert listed(sent[-1]) == [], typed
    await member.press_data(CaseCb(role=Role.SECRETARIAT, nomination_id=stored.id).pack())
    assert member.last_answer.text == t(texts, locale, "case-conflict")
    # A colleague sees it: the rule is the member's own, not the nomination's.
    sent = await colleague.send(f"/queue {reference}")
    assert listed(sent[-1]) == [reference.rsplit("-", 1)[-1]]
    # Nor is the member told it arrived; the colleague is.
    arrived = [
        (chat, message.text)
        for chat in (11, 12)
        for message in app.session.sent_to(chat)
        if reference in message.text and "/queue" in message.text
    ]
    assert [chat for chat, _ in arrived] == [12], arrived


@pytest.mark.parametrize("named_as", ["candidate", "nominator"])
async def test_a_members_verified_phone_keeps_what_names_it_off_every_view(
    app, texts, sessionmaker, clock, named_as
):
    """Someone else's account filed it and nobody's account is its nominee: only the phone
    ties the member to it (the bearer-link case of the audit)."""
    admin = app.person(ADMIN_ID, language_code="en", name="Admin")
    member = await join(app, texts, admin, 11, "ru", "secretariat", phone=MINE)
    colleague = await join(app, texts, admin, 12, "en", "secretariat")
    async with sessionmaker() as session:
        await crowd_of_nominations(session, 3, clock(), [ALMATY], statuses=(Status.SUBMITTED,))
        column = Nomination.contact_phone if named_as == "candidate" else Nomination.nominator_phone
        await session.execute(update(Nomination).where(Nomination.id == 1).values({column: MINE}))
        await session.execute(update(Nomination).values(nominee_id=None))
        await session.commit()
        assert await phones.verified_phone(session, 11) == MINE

    sent = await member.send("/queue")
    assert listed(sent[-1]) == ["100001", "100002"]
    for typed in ("100-2026-100000", "8 701 765 43 21"):
        sent = await member.send(f"/queue {typed}")
        assert listed(sent[-1]) == [], typed
    await member.press_data(CaseCb(role=Role.SECRETARIAT, nomination_id=1).pack())
    assert member.last_answer.text == t(texts, "ru", "case-conflict")
    # The next one to work is the oldest they may work: not the first submitted.
    sent = await member.send("/queue")
    if t(texts, "ru", "desk-clear") in sent[-1].buttons:  # the search typed last is kept
        await member.press(t(texts, "ru", "desk-clear"))
    sent = await member.press(t(texts, "ru", "desk-next"))
    assert sent[-1].text.startswith("100-2026-100001")
    sent = await member.press_data(ExportCb(format=ExportFormat.CSV).pack(), on=sent[-1])
    exported = sent[-1].method.document.data.decode("utf-8-sig")
    assert "100-2026-100000" not in exported and "100-2026-100001" in exported

    sent = await colleague.send("/queue")
    assert listed(sent[-1]) == ["100000", "100001", "100002"]
    sent = await colleague.press_data(ExportCb(format=ExportFormat.CSV).pack(), on=sent[-1])
    assert "100-2026-100000" in sent[-1].method.document.data.decode("utf-8-sig")


async def round_running(app, texts, sessionmaker, clock) -> int:
    """Six candidates on the vote (their phone «+77011234567») and a round running now."""
    await candidates_on_vote(sessionmaker, clock())
    opener = app.person(70, language_code="en")  # the cast's working-group member
    await opener.send("/round")
    await opener.press(t(texts, "en", "round-new"))
    await opener.send("22.11.2026 09:00 - 29.11.2026 18:00")
    async with sessionmaker() as session:
        return int(await session.scalar(select(VoteRound.id)) or 0)


@pytest.mark.parametrize("locale", LOCALES)
async def test_a_working_group_member_standing_in_a_round_cannot_end_it_or_approve_it(
    app, texts, sessionmaker, clock, locale
):
    round_id = await round_running(app, texts, sessionmaker, clock)
    admin = app.person(ADMIN_ID, language_code="en", name="Admin")
    # A candidate's own phone: they stand in the round.
    member = await join(app, texts, admin, 71, locale, "wg", phone="+77011234567")
    close = RoundCb(action=RoundAction.CLOSE, round_id=round_id, confirmed=True)
    await member.send("/round")
    await member.press_data(close.pack(), on=member.last)
    assert member.last_answer.text == t(texts, locale, "round-close-own")
    async with sessionmaker() as session:
        assert (await session.get(VoteRound, round_id)).closed_at is None

    other = app.person(70, language_code="en")
    await other.send("/round")
    await other.press(t(texts, "en", "round-close"))
    await other.press(t(texts, "en", "round-close-confirm"))
    assert other.last_answer.text == t(texts, "en", "round-closed-now")

    approve = RoundCb(action=RoundAction.APPROVE, round_id=round_id, confirmed=True)
    await member.send("/round")
    await member.press_data(approve.pack(), on=member.last)
    assert member.last_answer.text == t(texts, locale, "round-approve-own")
    async with sessionmaker() as session:
        assert (await session.get(VoteRound, round_id)).approved_at is None
    await other.send("/round")
    await other.press(t(texts, "en", "round-results"))
    await other.press(t(texts, "en", "round-approve"))
    await other.press(t(texts, "en", "round-approve-confirm"))
    async with sessionmaker() as session:
        assert (await session.get(VoteRound, round_id)).approved_at is not None


async def test_a_candidates_nominator_in_the_working_group_cannot_end_the_round_early(
    app, texts, sessionmaker, clock
):
    round_id = await round_running(app, texts, sessionmaker, clock)
    admin = app.person(ADMIN_ID, language_code="en", name="Admin")
    member = await join(app, texts, admin, 801, "kk", "wg")  # filed the first candidate
    await member.send("/round")
    close = RoundCb(action=RoundAction.CLOSE, round_id=round_id, confirmed=True)
    await member.press_data(close.pack(), on=member.last)
    assert member.last_answer.text == t(texts, "kk", "round-close-own")
    # A member with no tie to the round closes it.
    plain = await join(app, texts, admin, 72, "en", "wg")
    await plain.send("/round")
    await plain.press_data(close.pack(), on=plain.last)
    assert plain.last_answer.text == t(texts, "en", "round-closed-now")
