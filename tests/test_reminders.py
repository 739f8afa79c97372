"""Reminders before every due date, repeats and escalation after, exactly once, with an
injected clock: the seed plan re-based to start on 1 December 2026, loaded on 22 November."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta

import pytest
from sqlalchemy import select

from bot.render import excerpt
from bot.scheduler.reminders import plan_reminders, run_reminders
from bot.sender import Sender
from domain.plan import parse_plan
from domain.regions import load_regions
from storage import plan as plan_store
from storage import repo
from storage.models import Agency, OutboxEntry, PlanItem, Report, RoleGrant, User
from tests.harness import FakeTime
from tests.test_plan_import import REGIONS, SEED

OFFICIAL, OFFICIAL_KK, COORDINATOR = 31, 33, 32
DUE = date(2026, 12, 16)  # items 1-6 and 12 ("до/к 16 ноября" re-based)
MIR_ITEMS_DUE = [1, 2, 3, 4, 5, 6, 12]


def at(day: date, hour: int = 10, minute: int = 0) -> datetime:
    """A moment in Almaty (UTC+5) as the UTC the clock gives."""
    return datetime(day.year, day.month, day.day, hour, minute, tzinfo=UTC) - timedelta(hours=5)


@pytest.fixture
async def campaign(app, sessionmaker, clock):
    parsed = parse_plan(
        SEED.read_text(encoding="utf-8"), load_regions(SEED.parent / "regions_kz.csv")
    )
    async with sessionmaker() as session:
        result = await plan_store.import_plan(session, parsed, clock(), start=date(2026, 12, 1))
        mir = await session.scalar(select(Agency.id).where(Agency.short == "МИР"))
        for user_id, language in ((OFFICIAL, "ru"), (OFFICIAL_KK, "kk"), (COORDINATOR, "en")):
            session.add(
                User(id=user_id, first_name="S", telegram_language=language, created_at=clock())
            )
        await session.flush()
        session.add_all(
            [
                RoleGrant(user_id=OFFICIAL, role="official", scope=str(mir), granted_at=clock()),
                RoleGrant(user_id=OFFICIAL_KK, role="official", scope=str(mir), granted_at=clock()),
                RoleGrant(user_id=COORDINATOR, role="coordinator", scope="", granted_at=clock()),
            ]
        )
        await session.commit()
    return result.plan, mir


async def tick(app, sessionmaker, texts, settings, clock, moment: datetime) -> dict[str, int]:
    clock.now = moment
    time = FakeTime()
    sender = Sender(app.bot, monotonic=time.monotonic, sleep=time.sleep)
    return await time.run(run_reminders(sender, sessionmaker, texts, settings, clock))


def reminds_of_the_16th(text: str) -> bool:
    """The digest names every item due on 16 December (and may name others due later)."""
    return set(MIR_ITEMS_DUE) <= set(items_in(text)) and text.count("(период 2026-12-16)") == len(
        MIR_ITEMS_DUE
    )


def items_in(text: str) -> list[int]:
    import re

    return sorted(
        int(n) for n in re.findall(r"(?:Пункт|Item) (\d+)|(\d+)-тармақ", text) for n in n if n
    )


async def test_reminders_at_each_offset_once_each(
    app, texts, settings, sessionmaker, clock, campaign
):
    official = app.session.sent_to
    for offset in (7, 3, 1, 0):
        moment = at(DUE - timedelta(days=offset))
        result = await tick(app, sessionmaker, texts, settings, clock, moment)
        assert result == {"sent": 2, "skipped": 0}, offset
        text = official(OFFICIAL)[-1].text
        assert text.startswith("План кампании: отчёты, которые ещё ждут от вашего ведомства")
        # One digest lists everything due; the 16 December items are in it at this offset.
        assert set(MIR_ITEMS_DUE) <= set(items_in(text))
        assert text.count("(период 2026-12-16)") == len(MIR_ITEMS_DUE)
        async with sessionmaker() as session:
            title = (
                (
                    await session.scalars(
                        select(PlanItem).where(
                            PlanItem.number == 1, PlanItem.plan_id == campaign[0].id
                        )
                    )
                )
                .one()
                .title
            )
        expected = texts.get(
            "reminder-line-before",
            "ru",
            days=offset,
            number=1,
            title=excerpt(title, 90),
            agency="МИР",
            due="16.12.2026",
            period="2026-12-16",
        )
        assert expected in text
        assert official(OFFICIAL_KK)[-1].text.startswith("Науқан жоспары")
        # The same moment again, or a restart right after: nothing goes twice.
        before = len(app.session.requests)
        assert await tick(
            app, sessionmaker, texts, settings, clock, moment + timedelta(minutes=5)
        ) == {"sent": 0, "skipped": 0}
        assert len(app.session.requests) == before
    assert official(COORDINATOR) == []  # nothing is overdue yet


async def test_overdue_repeats_and_escalation_and_a_report_stops_them(
    app, texts, settings, sessionmaker, clock, campaign
):
    plan, mir = campaign
    async with sessionmaker() as session:
        item1 = await session.scalar(
            select(PlanItem.id).where(PlanItem.plan_id == plan.id, PlanItem.number == 1)
        )
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
    assert item1
    await tick(app, sessionmaker, texts, settings, clock, at(DUE + timedelta(days=3)))
    digest = app.session.sent_to(OFFICIAL)[-1].text
    overdue = "\n".join(line for line in digest.splitlines() if "просрочен" in line)
    assert items_in(overdue) == [2, 3, 4, 5, 6, 12]  # item 1 was reported
    assert overdue.count("просрочен на 3 дня") == 6
    escalation = "\n".join(s.text for s in app.session.sent_to(COORDINATOR))
    assert escalation.startswith("Campaign plan: overdue reports")
    assert "Item 1, МКС: no report, 3 days after 16.12.2026" in escalation
    assert "Item 1, МИР" not in escalation
    assert "Item 2, акимат: город Шымкент" in escalation
    # The day between, no repeat of what is overdue; three days later, again.
    count = len(app.session.sent_to(OFFICIAL))
    await tick(app, sessionmaker, texts, settings, clock, at(DUE + timedelta(days=4)))
    assert not any("просрочен" in s.text for s in app.session.sent_to(OFFICIAL)[count:])
    await tick(app, sessionmaker, texts, settings, clock, at(DUE + timedelta(days=6)))
    assert app.session.sent_to(OFFICIAL)[-1].text.count("просрочен на 6 дней") == 6


async def test_restart_between_recording_and_sending(
    app, texts, settings, sessionmaker, clock, campaign
):
    clock.now = at(DUE - timedelta(days=7))
    async with sessionmaker() as session:
        to_send, _ = await plan_reminders(session, settings, clock.now)
        await plan_store.record_outbox(session, [p.row(clock.now) for p in to_send])
        await session.commit()
    assert app.session.sent_to(OFFICIAL) == []  # the bot stopped before sending
    await tick(app, sessionmaker, texts, settings, clock, clock.now + timedelta(minutes=1))
    await tick(app, sessionmaker, texts, settings, clock, clock.now + timedelta(minutes=2))
    assert len(app.session.sent_to(OFFICIAL)) == 1
    async with sessionmaker() as session:
        assert await plan_store.count_outbox(session, outcome=None) == 0


async def test_downtime_within_the_catch_up_window_is_caught_up(
    app, texts, settings, sessionmaker, clock, campaign
):
    # Down from before the 7-day moment until a day and a half after it.
    result = await tick(
        app, sessionmaker, texts, settings, clock, at(DUE - timedelta(days=7)) + timedelta(hours=36)
    )
    assert result == {"sent": 2, "skipped": 0}
    assert reminds_of_the_16th(app.session.sent_to(OFFICIAL)[-1].text)


async def test_downtime_beyond_the_window_skips_and_logs(
    app, texts, settings, sessionmaker, clock, campaign, caplog
):
    # Back three days after the 7-day moment: that one is skipped, the 3-day one is due now.
    result = await tick(app, sessionmaker, texts, settings, clock, at(DUE - timedelta(days=4), 11))
    assert result["skipped"] == 2 * len(MIR_ITEMS_DUE)
    assert "reminder too late to send, skipped: before:" in caplog.text
    assert app.session.sent_to(OFFICIAL) == []
    async with sessionmaker() as session:
        assert await plan_store.count_outbox(session, outcome="skipped") == 2 * len(MIR_ITEMS_DUE)
    await tick(app, sessionmaker, texts, settings, clock, at(DUE - timedelta(days=3)))
    assert reminds_of_the_16th(app.session.sent_to(OFFICIAL)[-1].text)


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
    sent = "\n".join(s.text for s in app.session.sent_to(COORDINATOR))
    assert sent == ""  # October's due dates are long past, but they passed before the plan came
    await tick(app, sessionmaker, texts, settings, clock, at(date(2027, 1, 8)))
    sent = "\n".join(s.text for s in app.session.sent_to(COORDINATOR))
    assert "Item 10," in sent  # due 5 January 2027, after loading: escalated


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
    assert result == {"sent": 1, "skipped": 0}
    assert len(app.session.sent_to(OFFICIAL_KK)) == 1
    async with sessionmaker() as session:
        assert (await session.get(User, OFFICIAL)).blocked_at == clock.now
        outcomes = {e.recipient_id: e.outcome for e in await session.scalars(select(OutboxEntry))}
    assert outcomes == {OFFICIAL: "blocked", OFFICIAL_KK: "sent"}
