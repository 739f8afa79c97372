"""Plan reminders as rows of the one outbox. The reminders pass works out who is owed which
reminder now and writes each as a row with a dedupe key (kind, due date, agency, offset,
person): a key written once is never written again, so a pass run twice, or after a restart,
adds nothing; what came due too long ago is written as settled ("skipped"). The postman
(`bot.outbox`) claims the rows and sends each person one digest per kind, composed here on
the day it goes: what is reported by then is left out ("reported")."""

from __future__ import annotations

import logging
from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from typing import Any
from zoneinfo import ZoneInfo

from sqlalchemy.ext.asyncio import AsyncSession

from config import Settings
from domain.pipeline import Role
from domain.reminders import (
    AgencyOverdue,
    Kind,
    Line,
    Obligation,
    Reminder,
    Rules,
    digest_lines,
    overdue_by_agency,
    reminders_at,
)
from services.uow import UnitOfWork
from storage import outbox, staff
from storage import plan as plan_store

# The pass's one line goes out under the name operators know it by.
log = logging.getLogger("services.plan")
# How long a claim on reminder rows keeps other instances off them: longer than one person's
# digest can take to send, short enough that a crash mid-send delays a reminder, no more.
CLAIM_FOR = timedelta(minutes=10)
DIGEST_KEYS = {Kind.ESCALATION: "escalation-digest"}  # any other kind: "reminder-digest"


def rules_of(settings: Settings) -> Rules:
    return Rules(
        at=settings.reminder_time,
        offsets=settings.reminder_offsets_days,
        overdue_every=settings.overdue_repeat_days,
        catch_up_days=settings.catch_up_days,
        tz=settings.tz,
    )


@dataclass(frozen=True, slots=True)
class Digest:
    """What one person is sent in one pass, as of the sending day. A reminder digest has
    lines; an escalation has the agencies behind, those with an official in the bot apart
    from those without (`unstaffed`). `late`: some of it was meant for an earlier day."""

    kind: str  # "reminder" or "escalation"
    today: date
    late: bool
    lines: list[Line]
    agencies: list[AgencyOverdue] = field(default_factory=list)
    unstaffed: list[AgencyOverdue] = field(default_factory=list)


@dataclass(frozen=True, slots=True)
class Planned:
    """One reminder for one person."""

    reminder: Reminder
    recipient_id: int

    @property
    def key(self) -> str:
        r = self.reminder
        ob = r.obligation
        return plan_store.reminder_key(
            r.kind, ob.due_date_id, ob.agency_id, r.offset, self.recipient_id
        )

    def message(self, tz: str, now: datetime, outcome: str | None = None) -> dict[str, Any]:
        """Its outbox row; with an `outcome`, settled already (nothing is sent)."""
        r = self.reminder
        return {
            "recipient_id": self.recipient_id,
            "text_key": DIGEST_KEYS.get(r.kind, "reminder-digest"),
            "params": {
                "kind": str(r.kind),
                "due_date_id": r.obligation.due_date_id,
                "agency_id": r.obligation.agency_id,
                "offset": r.offset,
                "tz": tz,  # the day it goes is a day where the bot counts its days
            },
            "created_at": now,
            "sent_at": now if outcome else None,
            "outcome": outcome,
            "dedupe_key": self.key,
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


async def record_reminders(uow: UnitOfWork, settings: Settings) -> int:
    """The pass: every reminder due now written to the outbox once (the postman sends it);
    those too late to send written as skipped. Returns how many were skipped this time."""
    now = uow.now()
    async with uow.transaction() as session:
        to_send, too_late = await plan_reminders(session, settings, now)
        # Moments already there (sent, or skipped on an earlier pass) are old news.
        known = await outbox.known_keys(session, [p.key for p in too_late])
        too_late = [p for p in too_late if p.key not in known]
        await outbox.enqueue_once(
            session,
            [p.message(settings.timezone, now) for p in to_send]
            + [p.message(settings.timezone, now, outcome="skipped") for p in too_late],
        )
    return len(too_late)


def log_pass(counts: dict[str, int]) -> None:
    log.info(
        "reminders pass: %(sent)d digests sent, %(blocked)d recipients blocked the bot, "
        "%(skipped)d reminders too late to send",
        counts,
    )


@dataclass(frozen=True, slots=True)
class Outgoing:
    """One digest to send: the rows it answers for."""

    recipient_id: int
    ids: list[int]
    digest: Digest


async def compose(uow: UnitOfWork, claimed: Sequence[outbox.Pending]) -> list[Outgoing]:
    """The digests the claimed reminder rows make, one per person and kind, as of the day
    they go. Rows whose due date is reported by now (or gone from the plan) are settled as
    "reported" and left out; a digest left with nothing is not sent."""
    if not claimed:
        return []
    now = uow.now()
    groups: dict[tuple[int, str], list[outbox.Pending]] = defaultdict(list)
    for row in claimed:
        groups[(row.recipient_id, row.text_key)].append(row)
    result = []
    async with uow.transaction() as session:
        obligations = await plan_store.obligations(session)
        officials = await plan_store.officials_of(session)
        owed = {(o.due_date_id, o.agency_id): o for o in obligations}
        reported: list[int] = []
        for (recipient_id, text_key), rows in groups.items():
            today = now.astimezone(ZoneInfo(rows[0].params.get("tz", "UTC"))).date()
            live = [r for r in rows if not _settled(r, owed, reported)]
            if not live:
                continue
            shown = [_obligation(r, owed) for r in live]
            late = any(
                ob.due - timedelta(days=r.params["offset"]) < today
                for r, ob in zip(live, shown, strict=True)
            )
            if text_key == "reminder-digest":
                digest = Digest("reminder", today, late, digest_lines(shown, today))
            else:
                # The escalation is its trigger; what it says is where everyone stands.
                summary = overdue_by_agency(obligations, today)
                digest = Digest(
                    "escalation",
                    today,
                    late,
                    [],
                    [a for a in summary if a.agency_id in officials],
                    [a for a in summary if a.agency_id not in officials],
                )
            result.append(Outgoing(recipient_id, [r.id for r in live], digest))
        if reported:
            await outbox.mark(session, reported, "reported", now)
    return result


def _obligation(row: outbox.Pending, owed: dict[tuple[int, int], Obligation]) -> Obligation:
    return owed[(row.params["due_date_id"], row.params["agency_id"])]


def _settled(
    row: outbox.Pending, owed: dict[tuple[int, int], Obligation], reported: list[int]
) -> bool:
    """Whether the row's obligation is settled (reported, or gone); if so it joins
    `reported`."""
    ob = owed.get((row.params["due_date_id"], row.params["agency_id"]))
    if ob is None or ob.reported:
        reported.append(row.id)
        return True
    return False
