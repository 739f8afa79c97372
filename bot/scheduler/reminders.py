"""The reminder job: record what is due in the outbox, claim it, send each person one digest
through the rate-limited sender, and mark what went. A restart picks up what was recorded and
not sent; nothing recorded as sent goes twice, and two instances never send the same row."""

from __future__ import annotations

import logging
from collections import defaultdict
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

from aiogram_i18n.cores import BaseCore
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from bot.config import Settings
from bot.render import excerpt, split_message
from bot.sender import Outcome, Sender
from domain.clock import Clock
from domain.locales import resolve_locale
from domain.pipeline import Role
from domain.reminders import Kind, Obligation, Reminder, Rules, reminders_at
from storage import plan as plan_store
from storage import repo, staff
from storage.models import OutboxEntry

log = logging.getLogger(__name__)
# How long a claim on outbox rows keeps other instances off them: longer than one person's
# digest can take to send, short enough that a crash mid-send delays a reminder, no more.
CLAIM_FOR = timedelta(minutes=10)


def rules_of(settings: Settings) -> Rules:
    return Rules(
        at=settings.reminder_time,
        offsets=settings.reminder_offsets_days,
        overdue_every=settings.overdue_repeat_days,
        catch_up=timedelta(days=settings.catch_up_days),
        tz=settings.tz,
    )


@dataclass(frozen=True, slots=True)
class Planned:
    reminder: Reminder
    recipient_id: int

    @property
    def key(self) -> str:
        r = self.reminder
        parts = (
            r.kind,
            r.obligation.due_date_id,
            r.obligation.agency_id,
            r.offset,
            self.recipient_id,
        )
        return ":".join(str(part) for part in parts)

    def row(self, now: datetime, outcome: str | None = None) -> dict[str, Any]:
        r = self.reminder
        return {
            "key": self.key,
            "kind": r.kind,
            "recipient_id": self.recipient_id,
            "due_date_id": r.obligation.due_date_id,
            "agency_id": r.obligation.agency_id,
            "offset_days": r.offset,
            "created_at": now,
            "outcome": outcome,
        }


async def plan_reminders(
    session: AsyncSession, settings: Settings, now: datetime
) -> tuple[list[Planned], list[Planned]]:
    """Who should get which reminder at `now`: (to send, too late to send)."""
    to_send, too_late = reminders_at(await plan_store.obligations(session), rules_of(settings), now)
    officials = await plan_store.officials_of(session)
    coordinators = await staff.holders(session, Role.COORDINATOR)

    def addressed(reminders: list[Reminder]) -> list[Planned]:
        return [
            Planned(reminder, recipient)
            for reminder in reminders
            for recipient in (
                coordinators
                if reminder.kind is Kind.ESCALATION
                else officials.get(reminder.obligation.agency_id, [])
            )
        ]

    return addressed(to_send), addressed(too_late)


def _line(core: BaseCore[Any], locale: str, kind: str, offset: int, ob: Obligation) -> str:
    params = {
        "number": ob.item_number,
        "title": excerpt(ob.item_title, 90),
        "agency": ob.agency,
        "due": ob.due.strftime("%d.%m.%Y"),
        "period": ob.period,
    }
    if kind == Kind.BEFORE:
        return core.get("reminder-line-before", locale, days=offset, **params)
    return core.get(f"reminder-line-{kind}", locale, days=-offset, **params)


async def run_reminders(
    sender: Sender,
    sessionmaker: async_sessionmaker[AsyncSession],
    core: BaseCore[Any],
    settings: Settings,
    clock: Clock,
) -> dict[str, int]:
    """One pass; returns how many messages went and how many reminders were skipped."""
    now = clock()
    async with sessionmaker() as session:
        to_send, too_late = await plan_reminders(session, settings, now)
        # Moments already in the outbox (sent, or skipped on an earlier pass) are old news.
        known = await plan_store.known_keys(session, [p.key for p in too_late])
        too_late = [p for p in too_late if p.key not in known]
        for planned in too_late:
            log.warning("reminder too late to send, skipped: %s", planned.key)
        await plan_store.record_outbox(
            session,
            [p.row(now) for p in to_send] + [p.row(now, outcome="skipped") for p in too_late],
        )
        obligations = {
            (o.due_date_id, o.agency_id): o for o in await plan_store.obligations(session)
        }
        by_recipient: dict[tuple[int, str], list[OutboxEntry]] = defaultdict(list)
        for entry in await plan_store.pending_outbox(session):
            digest = "escalation" if entry.kind == Kind.ESCALATION else "reminder"
            by_recipient[(entry.recipient_id, digest)].append(entry)

        sent = 0
        for (recipient_id, digest), entries in by_recipient.items():
            live = [e for e in entries if not obligations[(e.due_date_id, e.agency_id)].reported]
            if len(live) < len(entries):
                done = [e.id for e in entries if e not in live]
                await plan_store.mark_outbox(session, done, "reported", now)
            # Another instance may be on the same rows: only what this one claims goes.
            claimed = set(
                await plan_store.claim_outbox(
                    session, [e.id for e in live], settings.instance_id, now, CLAIM_FOR
                )
            )
            live = [e for e in live if e.id in claimed]
            if not live:
                continue
            user = await repo.get_user(session, recipient_id)
            locale = resolve_locale(
                user.language if user else None,
                user.telegram_language if user else None,
                settings.default_locale,
            )
            lines = "\n".join(
                _line(
                    core, locale, e.kind, e.offset_days, obligations[(e.due_date_id, e.agency_id)]
                )
                for e in sorted(live, key=lambda e: (e.offset_days, e.due_date_id, e.agency_id))
            )
            outcome = Outcome.SENT
            text = core.get(f"{digest}-digest", locale, lines=lines)
            for piece in split_message(text):  # an escalation over many agencies is long
                outcome = await sender.send(recipient_id, piece)
                if outcome is not Outcome.SENT:
                    break
            await plan_store.mark_outbox(session, [e.id for e in live], outcome, now)
            sent += outcome is Outcome.SENT
    log.info("reminders pass: %d digests sent, %d reminders skipped", sent, len(too_late))
    return {"sent": sent, "skipped": len(too_late)}
