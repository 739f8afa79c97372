"""The round's candidates as a voter browses them: in card order, fixed as each candidate's
`position` when the round opens (`storage.voting.open_round`), so a card, a page of the list
or a shared card's place is an indexed query, never the whole round sorted per press."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from sqlalchemy import func, select
from sqlalchemy.ext.asyncio import AsyncSession

from storage.models import Nomination
from storage.vote_tables import RoundCandidate


def _in_round(round_id: int, region: str, sphere: str, *columns: Any) -> Any:
    """The round's candidates under the filters, in card order: walked on the index of
    (round, position), never sorted per press."""
    query = (
        select(*columns)
        .select_from(RoundCandidate)
        .join(Nomination, RoundCandidate.nomination_id == Nomination.id)
        .where(RoundCandidate.round_id == round_id)
        .order_by(RoundCandidate.position)
    )
    if region:
        query = query.where(Nomination.region_code == region)
    if sphere:
        query = query.where(Nomination.sphere == sphere)
    return query


async def how_many(session: AsyncSession, round_id: int, region: str = "", sphere: str = "") -> int:
    """The round's candidates under the filters: unfiltered, counted on the index of
    (round, position) alone, without touching a nomination."""
    if region or sphere:
        query = _in_round(round_id, region, sphere, func.count()).order_by(None)
    else:
        query = select(func.count()).where(RoundCandidate.round_id == round_id)
    return int(await session.scalar(query) or 0)


async def card_at(
    session: AsyncSession, round_id: int, place: int, region: str = "", sphere: str = ""
) -> Nomination | None:
    """The candidate at `place` in card order under the filters: found by its stored
    position (unfiltered) or by walking the position index (filtered), not by sorting."""
    if not region and not sphere:
        query = (
            select(Nomination)
            .join(RoundCandidate, RoundCandidate.nomination_id == Nomination.id)
            .where(RoundCandidate.round_id == round_id, RoundCandidate.position == place)
        )
    else:
        query = _in_round(round_id, region, sphere, Nomination).limit(1).offset(place)
    return await session.scalar(query)


async def place_of(session: AsyncSession, round_id: int, reference: str) -> int | None:
    """A candidate's place in the round's unfiltered card order, by their reference."""
    query = (
        select(RoundCandidate.position)
        .join(Nomination, RoundCandidate.nomination_id == Nomination.id)
        .where(RoundCandidate.round_id == round_id, Nomination.reference == reference)
    )
    return await session.scalar(query)


@dataclass(frozen=True, slots=True)
class CandidateLine:
    """What a list of candidates shows of one: who, from where, in which sphere."""

    id: int
    full_name: str
    region_code: str
    sphere: str


_LINE = (Nomination.id, Nomination.full_name, Nomination.region_code, Nomination.sphere)


async def candidate_lines(
    session: AsyncSession,
    round_id: int,
    region: str = "",
    sphere: str = "",
    first: int = 0,
    most: int | None = None,
) -> list[CandidateLine]:
    """The round's candidates in card order (from `first`, at most `most`), with what a line
    of a list shows: the same order as the cards, so a line's place is its card's place.
    Unfiltered, a page is a range of positions; filtered, a walk of the position index."""
    query = _in_round(round_id, region, sphere, *_LINE)
    if region or sphere:
        query = query.offset(first).limit(most)
    else:
        query = query.where(RoundCandidate.position >= first)
        if most is not None:
            query = query.where(RoundCandidate.position < first + most)
    return [CandidateLine(*row) for row in (await session.execute(query)).all()]
