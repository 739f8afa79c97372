"""What a nomination's change of stage tells whom: `announce` (its nominator, and the desk it
now waits at), `tell_desk`; the consent link's life (it expires after CONSENT_LINK_DAYS, and
an unanswered one lapses); and the command that opens each desk. The use cases live beside
it: the form and submission (`services.form`), the nominee's consent (`services.consent`),
a person's own nominations (`services.my_nominations`), the desks (`services.desks`)."""

from __future__ import annotations

from datetime import datetime, timedelta
from typing import Literal

from sqlalchemy.ext.asyncio import AsyncSession

from config import Settings
from domain.nomination import Status
from domain.pipeline import QUEUE_OF, Action, Party, Role, desk_command
from services.keys import STATUS_KEYS
from services.texts import Text
from services.uow import UnitOfWork
from storage import pipeline, repo, staff
from storage.models import Nomination

# What a desk's staff are told of a nomination: it arrived, or its nominator withdrew it.
DeskNotice = Literal["queue-arrived", "notify-desk-withdrawn"]
DESK_NOTICE_KEYS: dict[str, DeskNotice] = {
    "arrived": "queue-arrived",
    "withdrawn": "notify-desk-withdrawn",
}


async def announce(
    uow: UnitOfWork,
    session: AsyncSession,
    nomination: Nomination,
    tell_nominator: bool = True,
) -> None:
    """A nomination reached a new stage: its nominator hears it, and so do the staff of the
    desk it now waits at who asked for a message per case (`/notify`). Everybody else hears
    of it in the daily digest. A rejection gives no reasons."""
    status = Status(nomination.status)
    if tell_nominator:
        uow.notify(
            nomination.nominator_id,
            Text(
                "status-changed",
                reference=nomination.reference or "",
                name=nomination.full_name,
                status=Text(STATUS_KEYS[status]),
            ),
        )
    arrived = DESK_NOTICE_KEYS["arrived"]
    await tell_desk(uow, session, nomination, status, arrived, notified=True)


async def tell_desk(
    uow: UnitOfWork,
    session: AsyncSession,
    nomination: Nomination,
    status: Status,
    key: DeskNotice,
    notified: bool = False,
) -> None:
    """Tell the staff of the desk where a nomination in `status` waits (a verifier only for
    its region; `notified`: only those who asked for a message per case)."""
    desk = QUEUE_OF.get(status)
    if desk is None:
        return
    scope = nomination.region_code if desk is Role.VERIFIER else None
    holders = await staff.holders(session, desk, scope, notified)
    # Nobody hears of a nomination they may not see at their desk (`pipeline.clear_of`).
    for user_id in await pipeline.clear_among(session, nomination.id, holders):
        uow.notify(
            user_id,
            Text(
                key,
                reference=nomination.reference or "",
                name=nomination.full_name,
                command=desk_command(desk),
            ),
        )


# The nominee's consent link: how long it lives.


def links_valid_since(settings: Settings, now: datetime) -> datetime:
    """Consent links issued before this moment have expired."""
    return now - timedelta(days=settings.consent_link_days)


def link_expires_at(settings: Settings, nomination: Nomination) -> datetime:
    return nomination.created_at + timedelta(days=settings.consent_link_days)


def link_expired(settings: Settings, nomination: Nomination, now: datetime) -> bool:
    """Its consent link went unanswered too long: lapsed, or about to be."""
    status = Status(nomination.status)
    return status is Status.LAPSED or (
        status is Status.AWAITING_NOMINEE_CONSENT
        and nomination.created_at < links_valid_since(settings, now)
    )


def tell_nominator_answered(uow: UnitOfWork, nomination: Nomination, agree: bool) -> None:
    """The nominee answered (through the link, or declining from /my): the nominator hears."""
    uow.notify(
        nomination.nominator_id,
        Text(
            "notify-nominee-agreed" if agree else "notify-nominee-declined",
            name=nomination.full_name,
            reference=nomination.reference or "",
        ),
    )


# Consent links that nobody answered in time.

LAPSE_BATCH = 200


async def lapse(
    uow: UnitOfWork, session: AsyncSession, nomination: Nomination, link_days: int
) -> None:
    """A nomination whose consent link expired unanswered lapses (audited); its nominator is
    told, and the person may be nominated again. Raises `pipeline.Raced` when it was
    answered meanwhile."""
    await pipeline.move(
        session,
        nomination,
        Action.LAPSE,
        frozenset({Party.SYSTEM}),
        None,
        uow.now(),
        {"link_days": link_days},
    )
    uow.notify(
        nomination.nominator_id,
        Text(
            "notify-consent-lapsed",
            name=nomination.full_name,
            reference=nomination.reference or "",
            days=link_days,
        ),
    )


async def lapse_unanswered(uow: UnitOfWork, link_days: int) -> int:
    """Lapse every nomination whose consent link is older than `link_days` (the scheduled
    job), a batch per transaction. Returns how many lapsed."""
    lapsed = 0
    while True:
        async with uow.transaction() as session:
            issued_before = uow.now() - timedelta(days=link_days)
            due = await repo.unanswered_links(session, issued_before, LAPSE_BATCH)
            for nomination in due:
                try:
                    await lapse(uow, session, nomination, link_days)
                except pipeline.Raced:  # the nominee answered just now
                    continue
                lapsed += 1
        if len(due) < LAPSE_BATCH:
            return lapsed
