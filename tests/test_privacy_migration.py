"""Migration 0013 on an audit log written before it: a verifier's comment kept in an entry's
details moves into the entry's personal part, the chain is hashed again and still verifies,
the old head is recorded, and the comment can then be erased without breaking the chain. A
broken chain is left as it was, its evidence intact."""

from __future__ import annotations

import json
from datetime import UTC, datetime

import pytest
from sqlalchemy import select, update

from domain.audit import GENESIS, canonical, entry_hash
from storage import audit
from storage.db import create_engine, create_sessionmaker, migrate
from storage.models import AuditEntry, AuditHead
from storage.privacy import erase_nominations

pytestmark = pytest.mark.sql

AT = datetime(2026, 11, 22, 5, 0, tzinfo=UTC)
LEGACY = [
    ("nomination.submit", {"reference": "100-2026-000001", "from": "draft", "to": "submitted"}),
    (
        "nomination.fact_check",
        {"achievement": 1, "verdict": "unclear", "comment": "call +77017654321"},
    ),
    ("nomination.documents_requested", {"request": 1, "achievement": 1, "comment": None}),
]


async def _legacy_log(sessionmaker) -> str:
    """Entries as `storage.audit.append` wrote them before 0013 (comments in the details),
    inserted naming only the columns that existed then."""
    previous = GENESIS
    async with sessionmaker() as session:
        for seq, (action, details) in enumerate(LEGACY, start=1):
            text = canonical(details)
            digest = entry_hash(seq, AT, 7, action, "nomination:1", text, previous)
            await session.execute(
                AuditEntry.__table__.insert().values(
                    seq=seq,
                    at=AT,
                    actor_id=7,
                    action=action,
                    subject="nomination:1",
                    details=text,
                    prev_hash=previous,
                    hash=digest,
                )
            )
            previous = digest
        await session.execute(
            update(AuditHead).where(AuditHead.id == 1).values(seq=len(LEGACY), hash=previous)
        )
        await session.commit()
    return previous


async def _at_0010(url):
    engine = create_engine(url)
    await migrate(engine, "0010")
    return engine


async def test_comments_move_out_of_the_details_and_can_then_be_erased(empty_database_url):
    engine = await _at_0010(empty_database_url)
    sessionmaker = create_sessionmaker(engine)
    old_head = await _legacy_log(sessionmaker)
    await migrate(engine)
    async with sessionmaker() as session:
        assert (await audit.verify(session)) == (4, None)
        entries = list(await session.scalars(select(AuditEntry).order_by(AuditEntry.seq)))
        assert "comment" not in entries[1].details and "comment" not in entries[2].details
        assert "+77017654321" in (entries[1].personal or "")
        assert entries[2].personal is None  # there was no comment to keep
        assert entries[0].hash == entries[1].prev_hash  # the first is as it was
        assert entries[3].action == "audit.rechain"
        assert json.loads(entries[3].details) == {"from_seq": 2, "old_head": old_head}
        await erase_nominations(session, [1], AT)
        await session.commit()
    async with sessionmaker() as session:
        assert (await audit.verify(session)) == (4, None)
        erased = await session.get(AuditEntry, 2)
        assert erased.personal is None and erased.personal_digest is not None
    await engine.dispose()


async def test_a_broken_chain_is_left_as_it_was(empty_database_url):
    engine = await _at_0010(empty_database_url)
    sessionmaker = create_sessionmaker(engine)
    await _legacy_log(sessionmaker)
    async with sessionmaker() as session:
        await session.execute(
            update(AuditEntry).where(AuditEntry.seq == 1).values(actor_id=8)  # tampered
        )
        await session.commit()
    await migrate(engine)
    async with sessionmaker() as session:
        assert (await audit.verify(session)) == (3, 1)
        kept = await session.get(AuditEntry, 2)
        assert "+77017654321" in kept.details
    await engine.dispose()
