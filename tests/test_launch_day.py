"""Launch day: a crowd at once, a stop between commit and send, a double tap, Telegram's flood
limits, one person flooding a button, a leader whose database stalls. Through the real
dispatcher and database; time is injected."""

from __future__ import annotations

import asyncio
import logging
import os
from datetime import timedelta

import pytest
from aiogram.fsm.storage.base import DefaultKeyBuilder, StorageKey
from sqlalchemy import event, func, select

from bot.fsm import Conversation
from bot.middlewares import Throttle
from bot.scheduler import Leader, stop_scheduler
from services.texts import Text
from services.uow import Work
from storage import outbox, repo
from storage.db import create_control_engine, create_sessionmaker, reachable
from storage.fsm import FsmRow
from storage.models import Nomination, OutboxMessage, User
from storage.vote_tables import Ballot
from tests.fixtures.staff import CASE_BUTTON, NOMINEE, REFERENCE, staff_team, submitted
from tests.fixtures.vote import verified
from tests.flows import asked, start_form, t
from tests.harness import BOT_ID

pytestmark = pytest.mark.sql  # also run on PostgreSQL: see the Makefile's `test`

CROWD = 200


async def test_200_people_at_once_fill_the_form_and_vote_with_the_default_pool(
    app,
    texts,
    settings,
    sessionmaker,
    voting,
):
    assert settings.database_pool_size == 10  # the default: a crowd twenty times its size
    people = [app.person(10_000 + n, language_code=("kk", "ru", "en")[n % 3]) for n in range(CROWD)]

    async def form_steps(person) -> str:
        locale = person.language_code
        await start_form(person, texts, locale)
        await person.press(t(texts, locale, "choice-who-self"))
        sent = await person.send("Сапарова Айгерім Нұрланқызы")
        return sent[-1].text

    asked_now = await asyncio.gather(*(form_steps(person) for person in people))
    assert asked_now == [asked(texts, p.language_code, "form-ask-dob") for p in people]

    # Then two hundred verified voters press a vote button at the same moment.
    voters = [await verified(app, texts, 20_000 + n, "en", f"+7701{n:07d}") for n in range(CROWD)]
    vote = t(texts, "en", "vote-cast")
    await asyncio.gather(
        *(voter.press_data(card.callback_data(vote), on=card) for voter, card in voters)
    )
    counted = t(texts, "en", "vote-result-counted", limit=3)
    assert [voter.last_answer.text.startswith(counted) for voter, _ in voters] == [True] * CROWD
    async with sessionmaker() as session:
        assert await session.scalar(select(func.count()).select_from(Ballot)) == CROWD


async def test_a_double_tap_on_vote_is_one_ballot_and_no_error(
    app,
    texts,
    sessionmaker,
    voting,
    caplog,
):
    voter, card = await verified(app, texts, 95, "ru")
    data = card.callback_data(t(texts, "ru", "vote-cast"))
    with caplog.at_level(logging.WARNING):
        await voter.press_data(data, on=card)
        # The second tap comes from the card as it was: Telegram would refuse to redraw it
        # unchanged ("message is not modified"), which is no failure.
        await voter.press_data(data, on=card)
        await voter.press_data(data)
    assert [r for r in caplog.records if r.levelno >= logging.ERROR] == []
    assert voter.last_answer.text.startswith(t(texts, "ru", "vote-result-already", limit=3))
    assert voter.last.buttons[0] == t(texts, "ru", "vote-withdraw")
    async with sessionmaker() as session:
        assert await session.scalar(select(func.count()).select_from(Ballot)) == 1


def status_told(app, chat_id: int, texts) -> list[str]:
    expected = t(
        texts,
        "ru",
        "status-changed",
        reference=REFERENCE,
        name=NOMINEE,
        status=t(texts, "ru", "status-verification"),
    )
    return [s.text for s in app.session.sent_to(chat_id) if s.text == expected]


async def test_a_stop_between_commit_and_send_loses_nothing_and_sends_nothing_twice(
    app, make_app, texts, sessionmaker, clock
):
    team = await staff_team(app, texts)
    citizen = await submitted(app, texts)
    secretariat = team["secretariat"]
    await secretariat.send("/queue")
    await secretariat.press(CASE_BUTTON)
    secretariat.deliver = None  # the process stops right after this update commits
    await secretariat.press(t(texts, "en", "decide-verify"))
    async with sessionmaker() as session:
        assert (await session.scalars(select(Nomination.status))).one() == "verification"
        pending = (
            select(func.count()).select_from(OutboxMessage).where(OutboxMessage.sent_at.is_(None))
        )
        assert await session.scalar(pending) >= 1  # the nominator's, the verifier's
    assert status_told(app, citizen.id, texts) == []

    restarted = await make_app()
    assert await restarted.deliver() >= 1
    assert len(status_told(app, citizen.id, texts)) == 1
    assert await restarted.deliver() == 0  # nothing goes twice
    assert len(status_told(app, citizen.id, texts)) == 1


async def test_a_message_claimed_by_a_stopped_instance_goes_once_its_claim_runs_out(
    app, make_app, texts, sessionmaker, clock
):
    async with Work(sessionmaker, clock)() as uow, uow.transaction():
        uow.notify(500, Text("round-closed-auto", round=7))
    async with sessionmaker() as session:  # an instance claims it, then dies before sending
        assert len(await outbox.claim(session, "dead:1", clock(), timedelta(minutes=2), 10)) == 1
        await session.commit()
    assert await app.deliver() == 0
    clock.now += timedelta(minutes=3)
    assert await app.deliver() == 1
    assert [s.text for s in app.session.sent_to(500)] == [
        t(texts, "kk", "round-closed-auto", round=7)
    ]


async def test_a_change_that_rolls_back_sends_nothing_and_keeps_the_draft(
    app, texts, sessionmaker, clock
):
    person = app.person(501, language_code="en")
    await start_form(person, texts, "en")
    uow = Work(sessionmaker, clock).unit()
    conversation = Conversation(uow)
    key = DefaultKeyBuilder(with_destiny=True).build(StorageKey(BOT_ID, 501, 501))
    with pytest.raises(RuntimeError):
        async with uow.bound():
            assert (await conversation.get(key, 501)).state is not None  # a form in progress
            async with uow.transaction() as session:
                conversation.put(key, FsmRow())  # the use case would end the form…
                uow.notify(501, Text("round-closed-auto", round=1))
                await repo.mark_blocked(session, 501, clock())
                raise RuntimeError("…but fails half-way")
    async with sessionmaker() as session:
        assert await session.scalar(select(func.count()).select_from(OutboxMessage)) == 0
        assert (await session.get(User, 501)).blocked_at is None
    assert await app.deliver() == 0
    sent = await person.press(t(texts, "en", "choice-who-self"))  # the draft is still there
    assert sent[-1].text == asked(texts, "en", "form-ask-name")


async def test_a_reply_telegram_answers_429_is_sent_after_the_time_it_asks(app, texts):
    app.session.retry_after[502] = [3]
    sent = await app.person(502, language_code="en", name="Aru").send("/start")
    assert [s.text for s in sent] == [t(texts, "en", "start-greeting", name="Aru")]
    assert 3 in app.time.slept


async def test_one_person_flooding_a_button_is_slowed_and_nobody_else(make_app, texts, settings):
    now = [0.0]
    app = await make_app(monotonic=lambda: now[0])
    flooder, other = app.person(503, language_code="en"), app.person(504, language_code="en")
    await flooder.send("/start")
    await other.send("/start")
    menu = flooder.last
    await asyncio.gather(*(flooder.press(t(texts, "en", "menu-about")) for _ in range(100)))
    abouts = [s for s in app.session.sent_to(503) if s.text == t(texts, "en", "about-text")]
    # Of the burst of 20 tokens, /start and its reply took 2 and the first press 1; each next
    # press while a reply to the flooder still waits costs a fifth of the burst more (4 + 1):
    # three more, then nothing until time passes. Replies do not pile up behind a flood. (One
    # more may slip in while the first reply is not yet waiting, as on PostgreSQL, where a
    # press's transaction takes longer; a throttle that counted updates alone let 19 through.)
    assert settings.throttle_burst == 20
    assert 4 <= len(abouts) <= 6
    assert len(flooder.answers) == 100  # every press still answered: no spinner left turning
    await other.press(t(texts, "en", "menu-about"))
    assert other.last.text == t(texts, "en", "about-text")
    now[0] += 30.0  # once the flooder has stopped for a while, they are heard again
    sent = await flooder.press_data(menu.callback_data(t(texts, "en", "menu-about")), on=menu)
    assert [s.text for s in sent] == [t(texts, "en", "about-text")]


def test_throttle_refills_at_its_rate_and_a_flood_goes_unheard_until_it_stops():
    now = [0.0]
    throttle = Throttle(rate=5, burst=20, monotonic=lambda: now[0])
    assert sum(throttle.allow(1) for _ in range(25)) == 20
    now[0] += 1.0  # the five turned away cost a token each: the second refilled nothing
    assert sum(throttle.allow(1) for _ in range(100)) == 0
    assert throttle.allow(2)  # somebody else is not held back
    now[0] += 4.0  # still in debt: a burst's worth (20), less the 20 tokens four seconds give
    assert not throttle.allow(1)
    now[0] += 5.0  # the flood stopped: heard again at the rate
    assert sum(throttle.allow(1) for _ in range(5)) == 5


@pytest.mark.skipif(
    os.environ.get("TEST_DATABASE") != "postgresql",
    reason="several instances share a database server (SQLite belongs to one process)",
)
async def test_roles_revoked_on_one_instance_are_refused_on_another_at_once(
    make_app, texts, sessionmaker
):
    first, second = await make_app(), await make_app()
    team = await staff_team(first, texts)
    expert_elsewhere = second.person(team["expert1"].id, language_code="en")
    sent = await expert_elsewhere.send("/review")
    assert sent[-1].text != t(texts, "en", "no-access")  # cached on the second instance now
    admin = team["admin"]
    await admin.press(t(texts, "en", "admin-people"))
    await admin.press(t(texts, "en", "role-expert"))
    await admin.press(t(texts, "en", "admin-revoke", number=1))
    await admin.press(t(texts, "en", "admin-revoke-confirm"))
    sent = await expert_elsewhere.send("/review")
    assert sent[-1].text == t(texts, "en", "no-access")
    revoked = t(texts, "en", "role-revoked", role=t(texts, "en", "role-expert"))
    told = [s.text for s in first.session.sent_to(team["expert1"].id) if s.text == revoked]
    assert told == [revoked]  # the person whose role went is told, once


async def test_a_person_s_row_is_written_when_it_changed_or_once_a_day(app, texts, engine, clock):
    writes: list[str] = []

    def count(_conn, _cursor, statement, *_args) -> None:
        if statement.lstrip().upper().startswith(("INSERT INTO USERS", "UPDATE USERS")):
            writes.append(statement)

    event.listen(engine.sync_engine, "before_cursor_execute", count)
    person = app.person(505, language_code="en", name="Aru")
    await person.send("/start")
    assert len(writes) == 1  # someone new
    for _ in range(5):
        await person.send("/help")
    assert len(writes) == 1  # nothing changed: nothing written
    person.first_name = "Aruzhan"
    await person.send("/help")
    assert len(writes) == 2
    clock.now += timedelta(days=1)
    await person.send("/help")
    assert len(writes) == 3  # last seen, once a day
    event.remove(engine.sync_engine, "before_cursor_execute", count)


async def test_a_leader_whose_renewal_stalls_steps_down_before_another_can_lead(
    sessionmaker, clock, monkeypatch
):
    lease = timedelta(seconds=30)
    first = Leader(sessionmaker, "host-a:1", clock, lease)
    second = Leader(sessionmaker, "host-b:1", clock, lease)
    assert await first.renew() is True
    stalled = asyncio.Event()
    hold_lease = repo.hold_lease

    async def stalling(session, name, holder, now, ttl):
        if holder == "host-a:1":
            await stalled.wait()  # the database does not answer this instance
        return await hold_lease(session, name, holder, now, ttl)

    monkeypatch.setattr(repo, "hold_lease", stalling)
    renewal = asyncio.create_task(first.renew())
    for seconds in range(1, 40):
        clock.now += timedelta(seconds=1)
        await second.renew()
        assert not (first.leading and second.leading), seconds
        if seconds < 24:
            assert first.leading and not second.leading, seconds
        if seconds >= 30:
            assert second.leading and not first.leading, seconds
    stalled.set()  # the answer comes far too late: it does not make the first lead again
    assert await renewal is False
    assert not first.leading and second.leading


async def test_lease_and_health_do_not_wait_for_the_updates_pool(settings, engine, clock):
    # Every connection of the updates' pool is taken (a crowd in flight)…
    held = [await engine.connect() for _ in range(20)]
    try:
        control_engine = create_control_engine(settings.database_url)
        control = create_sessionmaker(control_engine)
        # …the health check and the lease renewal still answer at once.
        await asyncio.wait_for(reachable(control), 5)
        leader = Leader(control, "host-a:1", clock, timedelta(seconds=30))
        assert await asyncio.wait_for(leader.renew(), 5) is True
        await control_engine.dispose()
    finally:
        for connection in held:
            await connection.close()


async def test_a_job_interrupted_by_the_stop_ends_cleanly(sessionmaker, clock, caplog):
    from apscheduler.schedulers.asyncio import AsyncIOScheduler

    leader = Leader(sessionmaker, "host-a:1", clock, timedelta(seconds=30))
    await leader.renew()
    started, finished = asyncio.Event(), []

    async def reminders_pass() -> None:
        started.set()
        await asyncio.Event().wait()  # sending for longer than the stop allows
        finished.append(True)

    scheduler = AsyncIOScheduler()
    scheduler.add_job(leader.only(reminders_pass), id="pass")
    with caplog.at_level(logging.INFO):
        scheduler.start()
        await asyncio.wait_for(started.wait(), 5)
        await stop_scheduler(scheduler, leader, grace=0)
        await asyncio.sleep(0)
    assert finished == []
    assert [r for r in caplog.records if r.levelno >= logging.ERROR] == []
    assert "reminders_pass: stopped with the instance" in caplog.text
    assert not leader.leading
