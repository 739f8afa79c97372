"""Migration 0009 moves the reminders' old ledger (table `outbox`) into the one outbox: what
the ledger had sent stays sent and is never written again; what it had pending goes once."""

from __future__ import annotations

import contextlib
from datetime import UTC, date, datetime

import pytest
from sqlalchemy import column, func, insert, inspect, select, table

from bot.scheduler.reminders import plan_reminders, run_reminders
from bot.sender import Sender
from domain.plan import parse_plan
from storage import plan as plan_store
from storage.db import create_engine, create_sessionmaker, current_revision, migrate
from storage.models import OutboxMessage, RoleGrant
from storage.plan_tables import Agency
from tests.fixtures.plan import REGIONS, SEED
from tests.harness import FakeTime

pytestmark = pytest.mark.sql  # a migration: also on PostgreSQL

OFFICIAL, OFFICIAL_KK = 31, 33
MIR_ITEMS_DUE = 7  # МИР's items due on 16 December 2026 (the plan re-based to 1 December)

LEDGER = table(
    "outbox",
    *(
        column(name)
        for name in (
            "key",
            "kind",
            "recipient_id",
            "due_date_id",
            "agency_id",
            "offset_days",
            "created_at",
            "sent_at",
            "outcome",
        )
    ),
)


@contextlib.asynccontextmanager
async def _no_audit_at_0008():
    """The plan is imported with today's models into a database at 0008, whose audit log
    lacks later columns; this test is about the outbox, so the import's audit entry is
    left out."""
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(plan_store.audit, "append", _no_entry)
        yield


async def _no_entry(*args, **kwargs):
    return None


async def test_a_ledger_migrated_to_one_outbox_sends_what_was_pending_once_and_nothing_sent_again(
    app, texts, settings, clock, empty_database_url
):
    engine = create_engine(empty_database_url)
    try:
        await migrate(engine, "0008")
        assert await current_revision(engine) == "0008"
        sessionmaker = create_sessionmaker(engine)
        moment = datetime(2026, 12, 9, 5, tzinfo=UTC)  # 10:00 in Almaty, 7 days before the 16th
        clock.now = moment
        async with sessionmaker() as session, _no_audit_at_0008():
            parsed = parse_plan(SEED.read_text(encoding="utf-8"), REGIONS)
            await plan_store.import_plan(session, parsed, clock(), start=date(2026, 12, 1))
            mir = await session.scalar(select(Agency.id).where(Agency.short == "МИР"))
            # The users table as it was at 0008 (today's model has later columns).
            users = table(
                "users",
                column("id"),
                column("first_name"),
                column("telegram_language"),
                column("created_at"),
                column("notify_cases"),
            )
            await session.execute(
                insert(users),
                [
                    {
                        "id": user_id,
                        "first_name": "S",
                        "telegram_language": language,
                        "created_at": clock().replace(tzinfo=None),
                        "notify_cases": False,
                    }
                    for user_id, language in ((OFFICIAL, "ru"), (OFFICIAL_KK, "kk"))
                ],
            )
            await session.flush()
            for user_id in (OFFICIAL, OFFICIAL_KK):
                session.add(
                    RoleGrant(user_id=user_id, role="official", scope=str(mir), granted_at=clock())
                )
            await session.commit()
        # The old pass recorded the 7-day moment for both officials and sent the first one's
        # digest; the bot stopped before sending the second one's.
        async with sessionmaker() as session:
            to_send, _ = await plan_reminders(session, settings, moment)
            assert len(to_send) == 2 * MIR_ITEMS_DUE
            sent = OFFICIAL
            await session.execute(
                insert(LEDGER),
                [
                    {
                        "key": p.key,
                        "kind": str(p.reminder.kind),
                        "recipient_id": p.recipient_id,
                        "due_date_id": p.reminder.obligation.due_date_id,
                        "agency_id": p.reminder.obligation.agency_id,
                        "offset_days": p.reminder.offset,
                        "created_at": moment,
                        "sent_at": moment if p.recipient_id == sent else None,
                        "outcome": "sent" if p.recipient_id == sent else None,
                    }
                    for p in to_send
                ],
            )
            await session.commit()

        await migrate(engine)
        async with sessionmaker() as session:
            rows = (
                await session.execute(
                    select(OutboxMessage.recipient_id, OutboxMessage.outcome).where(
                        OutboxMessage.dedupe_key.is_not(None)
                    )
                )
            ).all()
        assert sorted(rows) == sorted(
            [(OFFICIAL, "sent")] * MIR_ITEMS_DUE + [(OFFICIAL_KK, None)] * MIR_ITEMS_DUE
        )

        time = FakeTime()
        sender = Sender(app.bot, monotonic=time.monotonic, sleep=time.sleep)
        for minutes in (5, 10):  # the pass after the restart, and another one
            clock.now = moment.replace(minute=minutes)
            result = await time.run(run_reminders(sender, sessionmaker, texts, settings, clock))
            assert result == {"sent": 1 if minutes == 5 else 0, "blocked": 0, "skipped": 0}
        assert app.session.sent_to(OFFICIAL) == []
        [digest] = app.session.sent_to(OFFICIAL_KK)
        assert digest.text.startswith("Ақпараттық науқан жоспары")
        assert sum(line.startswith("• ") for line in digest.text.splitlines()) == MIR_ITEMS_DUE
        async with sessionmaker() as session:
            reminders = select(func.count()).select_from(OutboxMessage)
            reminders = reminders.where(OutboxMessage.dedupe_key.is_not(None))
            assert await session.scalar(reminders) == 2 * MIR_ITEMS_DUE  # none written again
            assert await session.scalar(reminders.where(OutboxMessage.sent_at.is_(None))) == 0
        async with engine.connect() as connection:
            tables = await connection.run_sync(lambda sync: inspect(sync).get_table_names())
        assert "outbox" not in tables  # the ledger is gone
    finally:
        await engine.dispose()
