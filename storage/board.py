"""A closed round's board: what it is made of (the candidates, every counted ballot's receipt,
the verified voters), the board as fixed at close, and the audit chain it is tied to. Reads
ballots, never writes them (the ballots are `storage.voting`'s). Nothing here commits."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass

from sqlalchemy import func, select
from sqlalchemy.ext.asyncio import AsyncSession

from storage.models import (
    AuditEntry,
    AuditHead,
    Ballot,
    Nomination,
    RoundBoard,
    RoundCandidate,
    Voter,
    VoteRound,
)


async def candidates(session: AsyncSession, round_id: int) -> list[tuple[int, str, str]]:
    """The round's candidates: (nomination id, reference, full name)."""
    rows = await session.execute(
        select(Nomination.id, Nomination.reference, Nomination.full_name)
        .join(RoundCandidate, RoundCandidate.nomination_id == Nomination.id)
        .where(RoundCandidate.round_id == round_id)
    )
    return [(nomination_id, reference or "", name) for nomination_id, reference, name in rows]


async def receipts(session: AsyncSession, round_id: int) -> dict[int, list[str]]:
    """Every counted ballot's receipt, by candidate, streamed (a round may hold millions)."""
    by_candidate: dict[int, list[str]] = defaultdict(list)
    query = select(Ballot.nomination_id, Ballot.receipt).where(Ballot.round_id == round_id)
    result = await session.stream(query.execution_options(yield_per=10_000))
    async for partition in result.partitions():
        for nomination_id, receipt in partition:
            by_candidate[nomination_id].append(receipt)
    return dict(by_candidate)


async def verified_voters(session: AsyncSession) -> int:
    return int(await session.scalar(select(func.count()).select_from(Voter)) or 0)


async def voter_ids(session: AsyncSession) -> list[int]:
    return list(await session.scalars(select(Voter.user_id)))


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
