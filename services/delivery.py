"""What runs beside the updates, as use cases with transactions of their own: the outbox's
messages claimed by this instance, plan reminders composed into digests, both marked when
sent (`bot.outbox` sends them); and the scheduler lease that makes one instance the leader
(`bot.scheduler` keeps it)."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from datetime import timedelta

from services.plan.reminders import Outgoing, compose
from services.uow import UnitOfWork
from storage import outbox, repo

LEASE = "scheduler"


async def claim_messages(
    uow: UnitOfWork, holder: str, hold_for: timedelta, limit: int, reminders_only: bool = False
) -> list[outbox.Pending]:
    """Up to `limit` unsent messages, oldest first, now this instance's for `hold_for` (with
    each reminder, all of its recipient's: they go as one digest)."""
    async with uow.transaction() as session:
        return await outbox.claim(
            session, holder, uow.now(), hold_for, limit, reminders_only=reminders_only
        )


async def digests(uow: UnitOfWork, claimed: Sequence[outbox.Pending]) -> list[Outgoing]:
    """The claimed reminders as digests, one per person and kind (see
    `services.plan.reminders.compose`)."""
    return await compose(uow, claimed)


async def mark_sent(uow: UnitOfWork, ids: Iterable[int], outcome: str) -> None:
    async with uow.transaction() as session:
        await outbox.mark(session, ids, outcome, uow.now())


async def give_back(uow: UnitOfWork, ids: Iterable[int], holder: str) -> None:
    """Claimed messages this instance will not send (it is stopping): anyone's again."""
    async with uow.transaction() as session:
        await outbox.release(session, ids, holder)


async def hold_lease(uow: UnitOfWork, holder: str, lease_for: timedelta) -> bool:
    """Take or extend the scheduler lease, unless another instance holds it still."""
    async with uow.transaction() as session:
        return await repo.hold_lease(session, LEASE, holder, uow.now(), lease_for)


async def release_lease(uow: UnitOfWork, holder: str) -> None:
    """Let another instance take the lease at once (a stopping leader)."""
    async with uow.transaction() as session:
        await repo.release_lease(session, LEASE, holder, uow.now())
