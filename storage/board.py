"""A closed round's board: what it is made of (the candidates, every counted ballot's receipt,
the verified voters), the board as fixed at close, and the audit chain it is tied to. Reads
ballots, never writes them (the ballots are `storage.voting`'s). Nothing here commits."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlalchemy import JSON, String, func, insert, literal, select
from sqlalchemy.ext.asyncio import AsyncSession

from storage.models import AuditEntry, AuditHead, Nomination, OutboxMessage, UtcDateTime
from storage.vote_tables import Ballot, RoundBoard, RoundCandidate, Voter, VoteRound


async def candidates(session: AsyncSession, round_id: int) -> list[tuple[int, str, str]]:
    """The round's candidates: (nomination id, reference, full name)."""
    rows = await session.execute(
        select(Nomination.id, Nomination.reference, Nomination.full_name)
        .join(RoundCandidate, RoundCandidate.nomination_id == Nomination.id)
        .where(RoundCandidate.round_id == round_id)
    )
    return [(nomination_id, reference or "", name) for nomination_id, reference, name in rows]


async def receipts(session: AsyncSession, round_id: int) -> dict[int, list[str]]:
    """Every counted ballot's receipt, by candidate. Joined in the database, a row per
    candidate: a million rows one by one through the driver take many times longer, and
    this runs in the closing transaction. (Codes have no space: `domain.voting`.)"""
    dialect = session.get_bind().dialect.name
    joined = (
        func.string_agg(Ballot.receipt, " ")
        if dialect == "postgresql"
        else func.group_concat(Ballot.receipt, " ")
    )
    rows = await session.execute(
        select(Ballot.nomination_id, joined)
        .where(Ballot.round_id == round_id)
        .group_by(Ballot.nomination_id)
    )
    return {nomination_id: codes.split() for nomination_id, codes in rows.all()}


async def tell_every_voter(
    session: AsyncSession, text_key: str, params: dict[str, Any], now: datetime
) -> None:
    """An outbox message to every verified voter, in one statement (a million voters are a
    million rows, written inside the closing transaction)."""
    await session.execute(
        insert(OutboxMessage).from_select(
            ["recipient_id", "text_key", "params", "created_at"],
            select(
                Voter.user_id,
                literal(text_key, String()),
                literal(params, JSON()),
                literal(now, UtcDateTime()),
            ),
        )
    )


async def verified_voters(session: AsyncSession) -> int:
    return int(await session.scalar(select(func.count()).select_from(Voter)) or 0)


async def closed_round(session: AsyncSession, round_id: int) -> VoteRound | None:
    vote_round = await session.get(VoteRound, round_id, populate_existing=True)
    return vote_round if vote_round is not None and vote_round.closed_at is not None else None


async def save(session: AsyncSession, round_id: int, sha256: str, body: str, seq: int) -> None:
    session.add(RoundBoard(round_id=round_id, sha256=sha256, body=body, audit_seq=seq))
    await session.flush()


@dataclass(frozen=True, slots=True)
class Fixed:
    body: str
    sha256: str
    entry: AuditEntry


async def fixed(session: AsyncSession, round_id: int) -> Fixed | None:
    """The board fixed at close with its audit entry, or None before it is fixed."""
    row = (
        await session.execute(
            select(RoundBoard, AuditEntry)
            .join(AuditEntry, AuditEntry.seq == RoundBoard.audit_seq)
            .where(RoundBoard.round_id == round_id)
        )
    ).first()
    if row is None:
        return None
    board, entry = row
    return Fixed(board.body, board.sha256, entry)


async def head(session: AsyncSession) -> tuple[int, str]:
    """The audit chain's head: how many entries, and the last one's hash."""
    row = await session.get(AuditHead, 1)
    assert row is not None  # written by the first migration
    return row.seq, row.hash
