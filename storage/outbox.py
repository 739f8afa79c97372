"""The outbox of messages: written in the transaction of the change that causes them, claimed
by one instance's sender after commit, marked when sent."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

from sqlalchemy import func, insert, or_, select, update
from sqlalchemy.ext.asyncio import AsyncSession

from storage.models import OutboxMessage, User


@dataclass(frozen=True, slots=True)
class Pending:
    """A claimed message with what rendering it needs: the recipient's languages."""

    id: int
    recipient_id: int
    text_key: str
    params: dict[str, Any]
    language: str | None
    telegram_language: str | None


async def enqueue(session: AsyncSession, rows: Sequence[dict[str, Any]]) -> None:
    if rows:
        await session.execute(insert(OutboxMessage), list(rows))


def _free(now: datetime) -> Any:
    return or_(OutboxMessage.claimed_until.is_(None), OutboxMessage.claimed_until <= now)


async def claim(
    session: AsyncSession, holder: str, now: datetime, hold_for: timedelta, limit: int
) -> list[Pending]:
    """Claim up to `limit` unsent messages nobody else holds, oldest first. The condition is
    repeated in the UPDATE, so two instances claiming at once never get the same row."""
    candidates = (
        select(OutboxMessage.id)
        .where(OutboxMessage.sent_at.is_(None), _free(now))
        .order_by(OutboxMessage.id)
        .limit(limit)
        .scalar_subquery()
    )
    claimed = list(
        await session.scalars(
            update(OutboxMessage)
            .where(OutboxMessage.id.in_(candidates), OutboxMessage.sent_at.is_(None), _free(now))
            .values(claimed_by=holder, claimed_until=now + hold_for)
            .returning(OutboxMessage.id)
        )
    )
    if not claimed:
        return []
    rows = await session.execute(
        select(OutboxMessage, User.language, User.telegram_language)
        .outerjoin(User, User.id == OutboxMessage.recipient_id)
        .where(OutboxMessage.id.in_(claimed))
        .order_by(OutboxMessage.id)
    )
    return [
        Pending(
            message.id,
            message.recipient_id,
            message.text_key,
            dict(message.params or {}),
            language,
            telegram_language,
        )
        for message, language, telegram_language in rows.all()
    ]


async def mark(session: AsyncSession, ids: Iterable[int], outcome: str, now: datetime) -> None:
    await session.execute(
        update(OutboxMessage)
        .where(OutboxMessage.id.in_(list(ids)))
        .values(outcome=outcome, sent_at=now, claimed_until=None)
    )


async def release(session: AsyncSession, ids: Iterable[int], holder: str) -> None:
    """Give back claimed messages not sent yet (a stopping instance), for anyone to send."""
    await session.execute(
        update(OutboxMessage)
        .where(
            OutboxMessage.id.in_(list(ids)),
            OutboxMessage.claimed_by == holder,
            OutboxMessage.sent_at.is_(None),
        )
        .values(claimed_until=None, claimed_by=None)
    )


async def count_pending(session: AsyncSession) -> int:
    query = select(func.count()).select_from(OutboxMessage).where(OutboxMessage.sent_at.is_(None))
    return int(await session.scalar(query) or 0)
