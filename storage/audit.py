"""Writing and checking the audit log. Appends happen inside the caller's transaction."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import select, update
from sqlalchemy.ext.asyncio import AsyncSession

from domain.audit import Entry, canonical, entry_hash, first_broken, sealed
from storage.models import AuditEntry, AuditHead


async def append(
    session: AsyncSession,
    at: datetime,
    actor_id: int | None,
    action: str,
    subject: str,
    details: dict[str, Any] | None = None,
    personal: dict[str, Any] | None = None,
) -> AuditEntry:
    """Add an entry to the chain; commit is the caller's, with the change it records.
    `personal` holds what retention may erase later (see `domain.audit`).

    Bumping the head row first takes the write lock (SQLite) or the row lock (PostgreSQL),
    so two appends at once cannot both chain onto the same entry."""
    head = (
        await session.execute(
            update(AuditHead)
            .where(AuditHead.id == 1)
            .values(seq=AuditHead.seq + 1)
            .returning(AuditHead.seq, AuditHead.hash)
        )
    ).one()
    text = canonical(details or {})
    kept, kept_digest = sealed(personal) if personal else (None, None)
    digest = entry_hash(head.seq, at, actor_id, action, subject, text, head.hash, kept_digest)
    entry = AuditEntry(
        seq=head.seq,
        at=at,
        actor_id=actor_id,
        action=action,
        subject=subject,
        details=text,
        personal=kept,
        personal_digest=kept_digest,
        prev_hash=head.hash,
        hash=digest,
    )
    session.add(entry)
    await session.execute(update(AuditHead).where(AuditHead.id == 1).values(hash=digest))
    return entry


async def verify(session: AsyncSession) -> tuple[int, int | None]:
    """(how many entries, the first broken sequence number or None)."""
    rows = list(await session.scalars(select(AuditEntry).order_by(AuditEntry.seq)))
    head = await session.get(AuditHead, 1)
    assert head is not None
    entries = [
        Entry(
            r.seq,
            r.at,
            r.actor_id,
            r.action,
            r.subject,
            r.details,
            r.prev_hash,
            r.hash,
            r.personal,
            r.personal_digest,
        )
        for r in rows
    ]
    return len(entries), first_broken(entries, head.seq, head.hash)


async def entries_about(session: AsyncSession, subject: str) -> list[AuditEntry]:
    query = select(AuditEntry).where(AuditEntry.subject == subject).order_by(AuditEntry.seq)
    return list(await session.scalars(query))


async def hash_at(session: AsyncSession, seq: int) -> str | None:
    """The hash of entry `seq`, None when the log has no such entry."""
    return await session.scalar(select(AuditEntry.hash).where(AuditEntry.seq == seq))


async def seq_of(session: AsyncSession, digest: str) -> int | None:
    """The entry whose hash is `digest` (a head published earlier), None when none is."""
    return await session.scalar(select(AuditEntry.seq).where(AuditEntry.hash == digest))
