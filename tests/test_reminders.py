"""Reminders before every due date, repeats and escalation after, exactly once, with an
injected clock: the seed plan re-based to start on 1 December 2026, loaded on 22 November."""

from __future__ import annotations

import asyncio
import logging
import re
from datetime import date, datetime, timedelta

import pytest
from apscheduler.events import (
    EVENT_JOB_ERROR,
    EVENT_JOB_EXECUTED,
    EVENT_JOB_MISSED,
    JobExecutionEvent,
)
from sqlalchemy import func, select

from bot.render import excerpt, period_label
from bot.scheduler import (
    CATCH_UP_JOBS,
    Leader,
    create_scheduler,
    start_scheduler,
    stop_scheduler,
)
from bot.scheduler.reminders import plan_reminders, run_reminders
from bot.sender import Sender
from domain.plan import Plan, parse_plan
from services.plan import Campaign, load_first_plan
from services.uow import Work
from storage import outbox, repo
from storage import plan as plan_store
from storage.models import Invitation, OutboxMessage, RoleGrant, User
from storage.plan_tables import Agency, DueDate, PlanItem, Report
from storage.vote_tables import VoteRound
from tests.fixtures.plan import (
    COORDINATOR,
    DUE,
    MIR_ITEMS_DUE,
    OFFICIAL,
    OFFICIAL_KK,
    REGIONS,
    SEED,
    at,
)
from tests.harness import FakeTime, InstantTime

pytestmark = pytest.mark.sql  # also run on PostgreSQL: see the Makefile's `test`


async def reminder_rows(session, outcome: str | None) -> int:
    """How many reminders the outbox holds with that outcome (None: not sent yet)."""
    condition = (
        OutboxMessage.outcome.is_(None) if outcome is None else OutboxMessage.outcome == outcome
    )
    query = select(func.count()).select_from(OutboxMessage)
    return await session.scalar(query.where(OutboxMessage.dedupe_key.is_not(None), condition))


async def tick(app, sessionmaker, texts, settings, clock, moment: datetime) -> dict[str, int]:
    clock.now = moment
    time = FakeTime()
    sender = Sender(app.bot, monotonic=time.monotonic, sleep=time.sleep)
    return await time.run(run_reminders(sender, sessionmaker, texts, settings, clock))


def lines_of(text: str) -> list[str]:
    """A digest's lines, one per (item, due date, agency)."""
    return [line for line in text.splitlines() if line.startswith("• ")]


def items_in(text: str) -> list[int]:
    return sorted(
        int(n)
        for line in lines_of(text)
        for n in re.findall(r"^• (?:Пункт|Item) (\d+)|^• (\d+)-тармақ", line)[0]
        if n
    )


def reminds_of_the_16th(text: str) -> bool:
    """The digest names every item due on 16 December once (and may name others)."""
    due = [line for line in lines_of(text) if "срок 16.12.2026" in line]
    return items_in("\n".join(due)) == MIR_ITEMS_DUE


def line(texts, locale, number, title, state, days, agency="МИР", due="16.12.2026"):
    return texts.get(
        "reminder-line",
        locale,
        number=number,
        title=excerpt(title, 90),
        agency=agency,
        due=due,
        state=state,
        days=days,
    )


async def title_of(sessionmaker, plan, number) -> str:
    async with sessionmaker() as session:
        return await session.scalar(
            select(PlanItem.title).where(PlanItem.number == number, PlanItem.plan_id == plan.id)
        )


async def test_reminders_at_each_offset_once_each(
    app, texts, settings, sessionmaker, clock, campaign
):
    official = app.session.sent_to
    title = await title_of(sessionmaker, campaign[0], 1)
    for offset in (7, 3, 1, 0):
        moment = at(DUE - timedelta(days=offset))
        result = await tick(app, sessionmaker, texts, settings, clock, moment)
        assert result == {"sent": 2, "blocked": 0, "skipped": 0}, offset
        text = official(OFFICIAL)[-1].text
        assert text.startswith("План информационной кампании: отчёты, которые ещё не сданы")
        assert "⚠️" not in text  # on time: no note of lateness
        assert reminds_of_the_16th(text)
        state = "today" if offset == 0 else "ahead"
        assert line(texts, "ru", 1, title, state, offset) in text
        assert "📝 Пункт 1 · 16.12.2026" in official(OFFICIAL)[-1].buttons
        assert official(OFFICIAL_KK)[-1].text.startswith("Ақпараттық науқан жоспары")
        # The same moment again, or a restart right after: nothing goes twice.
        before = len(app.session.requests)
        assert await tick(
            app, sessionmaker, texts, settings, clock, moment + timedelta(minutes=5)
        ) == {"sent": 0, "blocked": 0, "skipped": 0}
        assert len(app.session.requests) == before
    assert official(COORDINATOR) == []  # nothing is overdue yet


async def test_a_quarterly_reminder_names_its_quarter(
    app, texts, settings, sessionmaker, clock, campaign
):
    # Item 10 is due on 5 January 2027 for the fourth quarter of 2026.
    await tick(app, sessionmaker, texts, settings, clock, at(date(2027, 1, 4)))
    text = app.session.sent_to(OFFICIAL)[-1].text
    assert "срок 05.01.2027: остался 1 день\n   отчётный период: IV квартал 2026 г." in text
    kk = app.session.sent_to(OFFICIAL_KK)[-1].text
    assert "мерзімі 05.01.2027: 1 күн қалды\n   есепті кезең: 2026 жылғы IV тоқсан" in kk


async def test_overdue_repeats_and_escalation_and_a_report_stops_them(
    app, texts, settings, sessionmaker, clock, campaign
):
    plan, mir = campaign
    async with sessionmaker() as session:
        due_id = (await plan_store.schedule(session, plan.id))[0][1].id
        session.add(
            Report(
                due_date_id=due_id,
                agency_id=mir,
                official_id=OFFICIAL,
                text="done",
                files=[],
                status="submitted",
                submitted_at=clock(),
            )
        )
        await session.commit()
    await tick(app, sessionmaker, texts, settings, clock, at(DUE + timedelta(days=3)))
    digest = app.session.sent_to(OFFICIAL)[-1].text
    overdue = "\n".join(line for line in lines_of(digest) if "просрочено" in line)
    assert items_in(overdue) == [2, 3, 4, 5, 6, 12]  # item 1 was reported
    assert overdue.count("просрочено на 3 дня") == 6
    [escalation] = app.session.sent_to(COORDINATOR)
    assert escalation.text.startswith("Campaign plan: overdue reports\nAs of 19 December 2026")
    # One line per agency: МИР has an official, so it is counted among those who can act.
    assert "• МИР: 6 overdue (earliest: item 2, due 16.12.2026)" in escalation.text
    assert "• МКС: 5 overdue (earliest: item 1, due 16.12.2026)" in escalation.text
    assert escalation.text.count("• МИР") == 1
    assert "➕ МКС" in escalation.buttons and "➕ МИР" not in escalation.buttons
    assert escalation.buttons[-1] == "📊 Full list (XLSX)"
    # The day between, no repeat of what is overdue; three days later, again.
    count = len(app.session.sent_to(OFFICIAL))
    await tick(app, sessionmaker, texts, settings, clock, at(DUE + timedelta(days=4)))
    assert not any("просрочено" in s.text for s in app.session.sent_to(OFFICIAL)[count:])
    await tick(app, sessionmaker, texts, settings, clock, at(DUE + timedelta(days=6)))
    assert app.session.sent_to(OFFICIAL)[-1].text.count("просрочено на 6 дней") == 6


async def test_restart_between_recording_and_sending(
    app, texts, settings, sessionmaker, clock, campaign
):
    clock.now = at(DUE - timedelta(days=7))
    async with sessionmaker() as session:
        to_send, _ = await plan_reminders(session, settings, clock.now)
        rows = [p.message(settings.timezone, clock.now) for p in to_send]
        await outbox.enqueue_once(session, rows)
        await session.commit()
    assert app.session.sent_to(OFFICIAL) == []  # the bot stopped before sending
    await tick(app, sessionmaker, texts, settings, clock, clock.now + timedelta(minutes=1))
    await tick(app, sessionmaker, texts, settings, clock, clock.now + timedelta(minutes=2))
    assert len(app.session.sent_to(OFFICIAL)) == 1
    async with sessionmaker() as session:
        assert await reminder_rows(session, outcome=None) == 0


async def test_a_catch_up_after_two_days_down_says_what_is_true_on_the_day_it_is_sent(
    app, texts, settings, sessionmaker, clock, campaign
):
    title = await title_of(sessionmaker, campaign[0], 1)
    # Down from before the 3-day moment until the 1-day one: both go, as one line per item
    # (the 7-day moment is beyond the catch-up window).
    result = await tick(app, sessionmaker, texts, settings, clock, at(DUE - timedelta(days=1)))
    assert result == {"sent": 2, "blocked": 0, "skipped": 2 * len(MIR_ITEMS_DUE)}
    text = app.session.sent_to(OFFICIAL)[-1].text
    assert text.count("⚠️") == 1  # said once, at the top
    assert text.index("⚠️") < text.index("• ")
    assert reminds_of_the_16th(text)
    assert line(texts, "ru", 1, title, "ahead", 1) in text
    assert "осталось 3 дня" not in text
    assert len(app.session.sent_to(OFFICIAL)[-1].buttons) == len(lines_of(text))

    # Down again over the first overdue moment (3 days after): back on the 4th day.
    await tick(app, sessionmaker, texts, settings, clock, at(DUE + timedelta(days=4)))
    text = app.session.sent_to(OFFICIAL)[-1].text
    assert "⚠️" in text
    assert text.count("просрочено на 4 дня") == len(MIR_ITEMS_DUE)
    assert "просрочено на 3 дня" not in text
    escalation = app.session.sent_to(COORDINATOR)[-1].text
    assert escalation.startswith("Campaign plan: overdue reports\nAs of 20 December 2026")
    assert "• МИР: 7 overdue (earliest: item 1, due 16.12.2026)" in escalation


async def test_downtime_within_the_catch_up_window_is_caught_up(
    app, texts, settings, sessionmaker, clock, campaign
):
    # Down from before the 7-day moment until a day and a half after it.
    result = await tick(
        app, sessionmaker, texts, settings, clock, at(DUE - timedelta(days=7)) + timedelta(hours=36)
    )
    assert result == {"sent": 2, "blocked": 0, "skipped": 0}
    text = app.session.sent_to(OFFICIAL)[-1].text
    assert reminds_of_the_16th(text)
    assert text.count("осталось 6 дней") == len(MIR_ITEMS_DUE)  # sent on the 6th day before


async def test_downtime_beyond_the_window_skips_with_one_log_line(
    app, texts, settings, sessionmaker, clock, campaign, caplog
):
    caplog.set_level(logging.INFO, logger="services.plan")
    # Back three days after the 7-day moment: that one is skipped, the 3-day one is due now.
    result = await tick(app, sessionmaker, texts, settings, clock, at(DUE - timedelta(days=4), 11))
    assert result == {"sent": 0, "blocked": 0, "skipped": 2 * len(MIR_ITEMS_DUE)}
    assert [r.getMessage() for r in caplog.records if r.name == "services.plan"] == [
        "reminders pass: 0 digests sent, 0 recipients blocked the bot, "
        "14 reminders too late to send"
    ]
    assert app.session.sent_to(OFFICIAL) == []
    async with sessionmaker() as session:
        assert await reminder_rows(session, outcome="skipped") == 2 * len(MIR_ITEMS_DUE)
    await tick(app, sessionmaker, texts, settings, clock, at(DUE - timedelta(days=3)))
    assert reminds_of_the_16th(app.session.sent_to(OFFICIAL)[-1].text)


async def test_the_preview_and_the_job_draw_the_line_on_the_same_day(
    settings, sessionmaker, clock, campaign
):
    # The 7-day moment is exactly CATCH_UP_DAYS (2) old at 10:00 five days before the date.
    edge = at(DUE - timedelta(days=7 - settings.catch_up_days))
    async with sessionmaker() as session:
        for moment in (edge, edge + timedelta(seconds=1), edge + timedelta(hours=13)):
            to_send, too_late = await plan_reminders(session, settings, moment)
            assert len(to_send) == 2 * len(MIR_ITEMS_DUE) and too_late == [], moment
        to_send, too_late = await plan_reminders(session, settings, edge + timedelta(days=1))
        assert to_send == [] and len(too_late) == 2 * len(MIR_ITEMS_DUE)


async def test_nothing_for_due_dates_before_the_plan_was_loaded(
    app, texts, settings, sessionmaker, clock
):
    parsed = parse_plan(SEED.read_text(encoding="utf-8"), REGIONS)
    async with sessionmaker() as session:
        # Re-based to 1 October: items 1-9 fell due in October and November, before loading.
        await plan_store.import_plan(session, parsed, clock(), start=date(2026, 10, 1))
        session.add(
            User(id=COORDINATOR, first_name="C", telegram_language="en", created_at=clock())
        )
        await session.flush()
        session.add(
            RoleGrant(user_id=COORDINATOR, role="coordinator", scope="", granted_at=clock())
        )
        await session.commit()
    await tick(app, sessionmaker, texts, settings, clock, at(date(2026, 11, 25)))
    assert app.session.sent_to(COORDINATOR) == []  # October's dates passed before the plan came
    await tick(app, sessionmaker, texts, settings, clock, at(date(2027, 1, 8)))
    # Due 5 January 2027, after loading: escalated.
    assert app.session.sent_to(COORDINATOR)[-1].text.startswith(
        "Campaign plan: overdue reports\nAs of 8 January 2027"
    )


async def read_seed() -> Plan:
    return parse_plan(SEED.read_text(encoding="utf-8"), REGIONS)


async def test_a_plan_loaded_late_tells_each_coordinator_what_is_overdue_already(
    app, texts, settings, sessionmaker, clock
):
    async with sessionmaker() as session:
        for user_id, language in ((COORDINATOR, "en"), (OFFICIAL, "ru")):
            session.add(
                User(id=user_id, first_name="C", telegram_language=language, created_at=clock())
            )
        await session.flush()
        session.add(
            RoleGrant(user_id=COORDINATOR, role="coordinator", scope="", granted_at=clock())
        )
        await session.commit()
    # The plan as written: November 2015 to December 2016, every date long past.
    async with Work(sessionmaker, clock)() as uow:
        loaded = await load_first_plan(uow, Campaign(settings), read_seed)
    assert loaded is not None

    async def not_read() -> Plan:
        raise AssertionError("a start that finds a plan reads none")

    async with Work(sessionmaker, clock)() as uow:  # the next start
        assert await load_first_plan(uow, Campaign(settings), not_read) is None
    await app.deliver()
    [summary] = app.session.sent_to(COORDINATOR)
    async with sessionmaker() as session:
        obligations = await plan_store.obligations(session)
        mir = await session.scalar(select(Agency.id).where(Agency.short == "МИР"))
        session.add(
            RoleGrant(user_id=OFFICIAL, role="official", scope=str(mir), granted_at=clock())
        )
        await session.commit()
    agencies = {ob.agency for ob in obligations}
    assert len(agencies) == 37
    assert summary.text.startswith(
        f"The campaign plan has been loaded. Some of its due dates have already passed: "
        f"{len(obligations)} overdue reports from 37 responsible bodies."
    )
    assert len(lines_of(summary.text)) == 37 and len(summary.text) <= 4096
    mir_dates = sorted(ob.due for ob in obligations if ob.agency == "МИР")
    assert (
        f"• МИР: {len(mir_dates)} overdue (earliest: item 1, "
        f"due {mir_dates[0]:%d.%m.%Y}" in summary.text
    )
    # Nobody is reminded of those dates.
    await tick(app, sessionmaker, texts, settings, clock, clock() + timedelta(minutes=1))
    assert app.session.sent_to(OFFICIAL) == []
    assert len(app.session.sent_to(COORDINATOR)) == 1


async def test_the_digest_button_opens_the_report_for_that_due_date(
    app, texts, settings, sessionmaker, clock, campaign
):
    _, mir = campaign
    await tick(app, sessionmaker, texts, settings, clock, at(DUE - timedelta(days=3)))
    official = app.person(OFFICIAL, language_code="ru")
    sent = await official.press("📝 Пункт 2 · 16.12.2026")
    assert sent[-1].text == texts.get("plan-report-text", "ru", min=10, max=3000)
    await official.send("Разместили 40 роликов, охват 1,2 млн, ссылки в приложении.")
    await official.press(texts.get("plan-report-submit", "ru"))
    async with sessionmaker() as session:
        [report] = (await session.scalars(select(Report))).all()
        due = await session.get(DueDate, report.due_date_id)
        item = await session.get(PlanItem, due.item_id)
    assert (item.number, due.due, report.agency_id) == (2, DUE, mir)


async def test_an_escalation_over_37_agencies_fits_one_message(
    app, texts, settings, sessionmaker, clock, campaign
):
    # Mid-2028 everything of the plan is overdue; nobody has reported.
    await tick(app, sessionmaker, texts, settings, clock, at(date(2028, 7, 8)))
    [escalation] = app.session.sent_to(COORDINATOR)
    assert len(escalation.text) <= 4096
    assert len(lines_of(escalation.text)) == 37  # each agency once
    assert "Responsible bodies with no official in the bot: 36." in escalation.text
    invites = [label for label in escalation.buttons if label.startswith("➕ ")]
    assert len(invites) == 36 and "➕ МИР" not in invites
    # A button makes an invitation link for that agency.
    coordinator = app.person(COORDINATOR, language_code="en")
    sent = await coordinator.press("➕ МКС")
    assert "https://t.me/" in sent[-1].text
    async with sessionmaker() as session:
        mks = await session.scalar(select(Agency.id).where(Agency.short == "МКС"))
        [invitation] = (await session.scalars(select(Invitation))).all()
    assert (invitation.role, invitation.scope, invitation.created_by) == (
        "official",
        str(mks),
        COORDINATOR,
    )


async def test_a_recipient_who_blocked_the_bot_is_marked_and_the_others_still_get_theirs(
    app, texts, settings, sessionmaker, clock, campaign
):
    app.session.blocked.add(OFFICIAL)
    clock.now = at(DUE - timedelta(days=7))

    async def mark(chat_id: int) -> None:
        async with sessionmaker() as session:
            await repo.mark_blocked(session, chat_id, clock())
            await session.commit()

    time = FakeTime()
    sender = Sender(app.bot, monotonic=time.monotonic, sleep=time.sleep, on_blocked=mark)
    result = await time.run(run_reminders(sender, sessionmaker, texts, settings, clock))
    assert result == {"sent": 1, "blocked": 1, "skipped": 0}
    assert len(app.session.sent_to(OFFICIAL_KK)) == 1
    async with sessionmaker() as session:
        assert (await session.get(User, OFFICIAL)).blocked_at == clock.now
        reminders = select(OutboxMessage).where(OutboxMessage.dedupe_key.is_not(None))
        outcomes = {e.recipient_id: e.outcome for e in await session.scalars(reminders)}
    assert outcomes == {OFFICIAL: "blocked", OFFICIAL_KK: "sent"}


async def test_the_scheduler_started_as_run_starts_it_runs_the_catch_up_jobs_at_once(
    app,
    texts,
    settings,
    sessionmaker,
    clock,
    campaign,
    voting,
):
    vote_round, _ = voting
    clock.now = at(DUE - timedelta(days=7))  # the round ended on 29 November, unclosed
    time = InstantTime()
    sender = Sender(app.bot, monotonic=time.monotonic, sleep=time.sleep)
    leader = Leader(sessionmaker, "host-a:1", clock, timedelta(seconds=30))
    dispatcher = app.dispatcher
    scheduler = create_scheduler(settings, sender, app.work, texts, leader, dispatcher["regions"])
    events: list[tuple[str, int]] = []

    def seen(event: JobExecutionEvent) -> None:
        events.append((event.job_id, event.code))

    scheduler.add_listener(seen, EVENT_JOB_EXECUTED | EVENT_JOB_MISSED | EVENT_JOB_ERROR)
    caught_up = await start_scheduler(scheduler, leader)  # what settling after start waits for
    try:
        await asyncio.wait_for(caught_up, timeout=30)
    finally:
        await stop_scheduler(scheduler, leader, grace=5)
    assert sorted(events) == sorted((job, EVENT_JOB_EXECUTED) for job in CATCH_UP_JOBS)
    async with sessionmaker() as session:
        closed = await session.get(VoteRound, vote_round.id)
        assert closed.closed_at is not None
    assert reminds_of_the_16th(app.session.sent_to(OFFICIAL)[-1].text)


@pytest.mark.parametrize(
    ("locale", "labels"),
    [
        (
            "kk",
            [
                "2016 жылғы I тоқсан",
                "2016 жылғы III тоқсан",
                "2016 жылғы II жартыжылдық",
                "2016 жыл",
            ],
        ),
        ("ru", ["I квартал 2016 г.", "III квартал 2016 г.", "II полугодие 2016 г.", "2016 год"]),
        ("en", ["Q1 2016", "Q3 2016", "H2 2016", "2016"]),
    ],
)
def test_reporting_periods_as_each_reader_says_them(texts, locale, labels):
    periods = ["2016-Q1", "2016-Q3", "2016-H2", "2016"]
    assert [period_label(texts, locale, period) for period in periods] == labels
    assert period_label(texts, locale, "2016-01-01/2016-06-30") == "01.01.2016 – 30.06.2016"
    assert period_label(texts, locale, "2016-03-03") is None  # a one-off date: no period
