"""The outbox of messages: written in the transaction of the change that causes them, claimed
by one instance's sender after commit, marked when sent. Plan reminders are rows too, each
with a dedupe key that is written once ever: a pass that finds its key there writes nothing."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

from sqlalchemy import delete, insert, or_, select, update
from sqlalchemy.ext.asyncio import AsyncSession

from storage.db import insert_for
from storage.models import OutboxMessage, User

CHUNK = 500  # rows to a statement, well under every driver's limit on parameters


@dataclass(frozen=True, slots=True)
class Pending:
    """A claimed message with what rendering it needs: the recipient's languages."""

    id: int
    recipient_id: int
    text_key: str
    params: dict[str, Any]
    language: str | None
    telegram_language: str | None
    dedupe_key: str | None = None  # a plan reminder's: the postman sends those as digests


async def enqueue(session: AsyncSession, rows: Sequence[dict[str, Any]]) -> None:
    if rows:
        await session.execute(insert(OutboxMessage), list(rows))


async def enqueue_once(session: AsyncSession, rows: Sequence[dict[str, Any]]) -> None:
    """Rows with a `dedupe_key`; one whose key is there already (sent, settled or pending)
    is left as it is."""
    for start in range(0, len(rows), CHUNK):
        chunk = list(rows[start : start + CHUNK])
        await session.execute(
            insert_for(session)(OutboxMessage).values(chunk).on_conflict_do_nothing()
        )


async def known_keys(session: AsyncSession, keys: Sequence[str]) -> set[str]:
    """Which of the dedupe keys have a row."""
    known: set[str] = set()
    for start in range(0, len(keys), CHUNK):
        chunk = list(keys[start : start + CHUNK])
        query = select(OutboxMessage.dedupe_key).where(OutboxMessage.dedupe_key.in_(chunk))
        known |= {key for key in await session.scalars(query) if key is not None}
    return known


async def forget(session: AsyncSession, prefixes: Sequence[str]) -> None:
    """Rows whose dedupe key starts with one of `prefixes` (what they were about is gone:
    a key must not stand in the way of a new thing that gets the old one's id)."""
    for start in range(0, len(prefixes), CHUNK):
        chunk = prefixes[start : start + CHUNK]
        await session.execute(
            delete(OutboxMessage).where(
                or_(
                    *(
                        OutboxMessage.dedupe_key.startswith(prefix, autoescape=True)
                        for prefix in chunk
                    )
                )
            )
        )


def _free(now: datetime) -> Any:
    return or_(OutboxMessage.claimed_until.is_(None), OutboxMessage.claimed_until <= now)


async def claim(
    session: AsyncSession,
    holder: str,
    now: datetime,
    hold_for: timedelta,
    limit: int,
    *,
    reminders_only: bool = False,
) -> list[Pending]:
    """Claim up to `limit` unsent messages nobody else holds, oldest first, and with a
    reminder every other free reminder of its recipient (one digest holds them all). The
    condition is repeated in the UPDATE, so two instances claiming at once never get the
    same row."""
    unsent = [OutboxMessage.sent_at.is_(None), _free(now)]
    reminder = OutboxMessage.dedupe_key.is_not(None)
    first = select(OutboxMessage.id).where(*unsent)
    if reminders_only:
        first = first.where(reminder)
    candidates = first.order_by(OutboxMessage.id).limit(limit).scalar_subquery()
    reminded = (
        select(OutboxMessage.recipient_id)
        .where(OutboxMessage.id.in_(candidates), reminder)
        .scalar_subquery()
    )
    claimed = list(
        await session.scalars(
            update(OutboxMessage)
            .where(
                *unsent,
                or_(
                    OutboxMessage.id.in_(candidates),
                    reminder & OutboxMessage.recipient_id.in_(reminded),
                ),
            )
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
            message.dedupe_key,
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
