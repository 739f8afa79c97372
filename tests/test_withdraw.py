"""A nominator withdraws their own nomination from /my before the public vote: asked first,
audited, the desk holding it told; refused once it is on the vote, and for anyone else."""

from __future__ import annotations

import json
from datetime import UTC, datetime

import pytest
from sqlalchemy import select, update

from bot.callbacks import MineAction, MineCb
from domain.pipeline import Role
from storage.models import AuditEntry, Nomination, RoleGrant, User
from tests.flows import fill_form, open_consent_link, store_nomination, t

NOMINATOR = 401
SECRETARIAT, VERIFIER, FAR_VERIFIER, EXPERT = 411, 412, 413, 414
STAFF = {
    SECRETARIAT: (Role.SECRETARIAT, "", "kk"),
    VERIFIER: (Role.VERIFIER, "almaty_city", "ru"),
    FAR_VERIFIER: (Role.VERIFIER, "abai", "en"),
    EXPERT: (Role.EXPERT, "", "en"),
}
REFERENCE = "100-2026-000001"
NAME = "Сапарова Айгерім Нұрланқызы"


@pytest.fixture
async def nomination(app, sessionmaker, clock):
    """A self-nomination of Almaty, and people at every desk it may wait at."""
    stored = await store_nomination(sessionmaker, NOMINATOR, clock())
    now = datetime(2026, 11, 22, tzinfo=UTC)
    async with sessionmaker() as session:
        for user_id, (_, _, locale) in STAFF.items():
            session.add(User(id=user_id, first_name="S", created_at=now, telegram_language=locale))
        await session.flush()
        for user_id, (role, scope, _) in STAFF.items():
            session.add(RoleGrant(user_id=user_id, role=role, scope=scope, granted_at=now))
        await session.commit()
    return stored.id


async def put(sessionmaker, status: str) -> None:
    async with sessionmaker() as session:
        await session.execute(update(Nomination).values(status=status))
        await session.commit()


async def stored(sessionmaker) -> tuple[str, list[AuditEntry]]:
    async with sessionmaker() as session:
        nomination = (await session.scalars(select(Nomination))).one()
        entries = await session.scalars(
            select(AuditEntry).where(AuditEntry.action == "nomination.withdraw")
        )
        return nomination.status, list(entries)


def told(app, user_id: int) -> list[str]:
    return [sent.text for sent in app.session.sent_to(user_id)]


async def test_withdrawing_asks_first_then_tells_the_desk(app, texts, sessionmaker, nomination):
    nominator = app.person(NOMINATOR, language_code="en")
    sent = await nominator.send("/my")
    withdraw = t(texts, "en", "my-withdraw-button", reference=REFERENCE)
    assert sent[-1].buttons[0] == withdraw
    assert t(texts, "en", "status-submitted") in sent[-1].text

    # The first press only asks; "no" keeps it.
    sent = await nominator.press(withdraw)
    assert sent[-1].text == t(texts, "en", "my-withdraw-sure", reference=REFERENCE, name=NAME)
    assert sent[-1].buttons == [t(texts, "en", "my-withdraw-yes"), t(texts, "en", "my-keep")]
    sent = await nominator.press(t(texts, "en", "my-keep"))
    assert sent[-1].text == t(texts, "en", "my-kept")
    assert await stored(sessionmaker) == ("submitted", [])

    await nominator.press(withdraw)
    confirmation = nominator.last
    sent = await nominator.press(t(texts, "en", "my-withdraw-yes"))
    assert sent[-1].text == t(texts, "en", "my-withdrawn", reference=REFERENCE)
    assert confirmation.buttons == []  # its buttons are gone

    status, [entry] = await stored(sessionmaker)
    assert status == "withdrawn"
    assert entry.actor_id == NOMINATOR and entry.subject == f"nomination:{nomination}"
    assert json.loads(entry.details) == {
        "reference": REFERENCE,
        "from": "submitted",
        "to": "withdrawn",
    }
    # The secretariat held it, and hears, in its language; nobody else does.
    assert told(app, SECRETARIAT) == [
        t(
            texts,
            "kk",
            "notify-desk-withdrawn",
            reference=REFERENCE,
            name=NAME,
            command="/queue",
        )
    ]
    assert told(app, VERIFIER) == told(app, FAR_VERIFIER) == told(app, EXPERT) == []

    # The confirmation pressed again: no longer possible, nothing more changes.
    await nominator.press_data(
        MineCb(action=MineAction.WITHDRAW, nomination_id=nomination, confirmed=True).pack()
    )
    assert nominator.last_answer.text == t(texts, "en", "my-too-late")
    sent = await nominator.send("/my")
    assert t(texts, "en", "status-withdrawn") in sent[-1].text
    assert withdraw not in sent[-1].buttons
    assert len((await stored(sessionmaker))[1]) == 1


async def test_only_the_regions_verifier_hears_of_a_withdrawal(
    app, texts, sessionmaker, nomination
):
    await put(sessionmaker, "verification")
    nominator = app.person(NOMINATOR, language_code="en")
    await nominator.send("/my")
    await nominator.press(t(texts, "en", "my-withdraw-button", reference=REFERENCE))
    await nominator.press(t(texts, "en", "my-withdraw-yes"))
    assert (await stored(sessionmaker))[0] == "withdrawn"
    assert told(app, VERIFIER) == [
        t(texts, "ru", "notify-desk-withdrawn", reference=REFERENCE, name=NAME, command="/verify")
    ]
    assert told(app, FAR_VERIFIER) == told(app, SECRETARIAT) == []


async def test_no_withdrawing_once_the_public_vote_began(app, texts, sessionmaker, nomination):
    nominator = app.person(NOMINATOR, language_code="en")
    await nominator.send("/my")
    withdraw = t(texts, "en", "my-withdraw-button", reference=REFERENCE)
    await nominator.press(withdraw)  # asked while it was still before the vote…
    await put(sessionmaker, "on_vote")  # …and the working group put it to the vote meanwhile
    await nominator.press(t(texts, "en", "my-withdraw-yes"))
    assert nominator.last_answer.text == t(texts, "en", "my-too-late")
    assert await stored(sessionmaker) == ("on_vote", [])

    sent = await nominator.send("/my")
    assert t(texts, "en", "status-on_vote") in sent[-1].text
    assert withdraw not in sent[-1].buttons
    await nominator.press_data(MineCb(action=MineAction.WITHDRAW, nomination_id=nomination).pack())
    assert nominator.last_answer.text == t(texts, "en", "my-too-late")
    assert await stored(sessionmaker) == ("on_vote", [])
    assert told(app, SECRETARIAT) == []


async def test_nobody_withdraws_another_persons_nomination(app, texts, sessionmaker, nomination):
    stranger = app.person(499, language_code="en")
    await stranger.send("/start")
    for confirmed in (False, True):
        data = MineCb(action=MineAction.WITHDRAW, nomination_id=nomination, confirmed=confirmed)
        assert await stranger.press_data(data.pack()) == []
        assert stranger.last_answer.text is None  # refused quietly: no button of theirs
    forged = MineCb(action=MineAction.WITHDRAW, nomination_id=nomination + 100, confirmed=True)
    assert await stranger.press_data(forged.pack()) == []
    assert await stored(sessionmaker) == ("submitted", [])


async def test_withdrawing_a_nomination_waiting_for_consent(app, texts, sessionmaker):
    """No desk holds it yet; the nominee who opened the link hears, and the link is done."""
    nominator = app.person(NOMINATOR, language_code="ru", name="Ерлан")
    await fill_form(nominator, texts, "ru", "город Алматы", who="other")
    await nominator.press(t(texts, "ru", "summary-submit"))
    async with sessionmaker() as session:
        waiting = (await session.scalars(select(Nomination))).one()
    nominee = app.person(302, language_code="kk")
    await open_consent_link(nominee, waiting.nominee_token)
    await nominator.send("/my")
    await nominator.press(t(texts, "ru", "my-withdraw-button", reference=REFERENCE))
    sent = await nominator.press(t(texts, "ru", "my-withdraw-yes"))
    assert sent[-1].text == t(texts, "ru", "my-withdrawn", reference=REFERENCE)
    assert told(app, nominee.id)[-1] == t(
        texts, "kk", "notify-withdrawn-nominee", reference=REFERENCE
    )
    sent = await nominee.send(f"/start c_{waiting.nominee_token}")
    assert sent[-1].text == t(texts, "kk", "nominee-link-used")
