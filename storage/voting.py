"""Rounds, voters and ballots. The database holds the rules that races could break: one
ballot per (round, candidate, voter), one phone per account, the per-voter limit. Nothing
here commits: the caller's unit of work does."""

from __future__ import annotations

import secrets
from dataclasses import dataclass
from datetime import datetime
from functools import cache
from typing import Any

from sqlalchemy import and_, bindparam, delete, func, literal_column, select, text, update
from sqlalchemy.exc import IntegrityError
from sqlalchemy.ext.asyncio import AsyncSession
from sqlalchemy.sql.elements import ColumnElement

from domain.collation import sort_key
from domain.nomination import Status
from domain.pipeline import Action, Role
from domain.voting import CastResult, new_ballot_id, new_receipt, the_day
from storage import audit, pipeline
from storage.db import dialect_insert, rowcount
from storage.models import Nomination
from storage.vote_tables import Ballot, RoundCandidate, Voter, VoteRound


class RoundConflict(Exception):
    """Another round is still scheduled or open, or there is nobody to vote for."""

    def __init__(self, reason: str) -> None:
        super().__init__(reason)
        self.reason = reason


async def active_round(session: AsyncSession) -> VoteRound | None:
    """The round not yet closed (scheduled or running), if any."""
    return await session.scalar(
        select(VoteRound).where(VoteRound.closed_at.is_(None)).order_by(VoteRound.id.desc())
    )


async def count_on_vote(session: AsyncSession) -> int:
    query = select(func.count()).select_from(Nomination).where(Nomination.status == Status.ON_VOTE)
    return int(await session.scalar(query) or 0)


async def latest_round(session: AsyncSession) -> VoteRound | None:
    return await session.scalar(select(VoteRound).order_by(VoteRound.id.desc()))


async def open_round(
    session: AsyncSession, starts: datetime, ends: datetime, by: int, now: datetime
) -> VoteRound:
    if await active_round(session) is not None:
        raise RoundConflict("active")
    rows = (
        await session.execute(
            select(Nomination.id, Nomination.full_name).where(Nomination.status == Status.ON_VOTE)
        )
    ).all()
    if not rows:
        raise RoundConflict("empty")
    candidates = [row.id for row in _card_order(rows)]
    vote_round = VoteRound(starts_at=starts, ends_at=ends, opened_by=by, seed=secrets.token_hex(8))
    session.add(vote_round)
    try:
        await session.flush()
    except IntegrityError:  # another member opened one at the same moment
        raise RoundConflict("active") from None
    session.add_all(
        RoundCandidate(round_id=vote_round.id, nomination_id=n, position=position)
        for position, n in enumerate(candidates)
    )
    await audit.append(
        session,
        now,
        by,
        "round.open",
        f"round:{vote_round.id}",
        {
            "starts": starts.isoformat(),
            "ends": ends.isoformat(),
            "candidates": len(candidates),
            "seed": vote_round.seed,
        },
    )
    return vote_round


async def close_round(session: AsyncSession, round_id: int, by: int | None, now: datetime) -> bool:
    """Close it once; False when it was already closed."""
    result = await session.execute(
        update(VoteRound)
        .where(VoteRound.id == round_id, VoteRound.closed_at.is_(None))
        .values(closed_at=now, closed_by=by)
    )
    if rowcount(result) != 1:
        return False
    await audit.append(session, now, by, "round.close", f"round:{round_id}", {})
    await shuffle(session, round_id)
    return True


# Random order at rest on PostgreSQL. A heap keeps rows where they were inserted and stamps
# each with its transaction (`xmin`), so ballots and voters would sort in casting order.
# Rewritten in one statement each, in random order, they share one xmin and their physical
# order (`ctid`) says nothing. The tables are locked against writes meanwhile, so a vote or a
# withdrawal waits rather than meets a row being moved. SQLite needs none of it: both tables
# are WITHOUT ROWID, kept in the order of their (random or keyed) primary key.
_SHUFFLES = (
    "LOCK TABLE ballots, voters IN EXCLUSIVE MODE",
    "WITH gone AS (DELETE FROM ballots WHERE round_id = :round_id RETURNING *)"
    " INSERT INTO ballots SELECT * FROM gone ORDER BY random()",
    "WITH gone AS (DELETE FROM voters RETURNING *)"
    " INSERT INTO voters SELECT * FROM gone ORDER BY random()",
)


async def shuffle(session: AsyncSession, round_id: int) -> bool:
    """On PostgreSQL, the round's ballots and every voter rewritten in random order in the
    caller's transaction; False (nothing to do) on SQLite."""
    if session.get_bind().dialect.name != "postgresql":
        return False
    for statement in _SHUFFLES:
        await session.execute(text(statement), {"round_id": round_id})
    return True


async def open_rounds(session: AsyncSession, now: datetime) -> list[int]:
    """The rounds open now (started, not ended, not closed)."""
    query = select(VoteRound.id).where(
        VoteRound.closed_at.is_(None), VoteRound.starts_at <= now, VoteRound.ends_at > now
    )
    return list(await session.scalars(query))


async def rounds_past_end(session: AsyncSession, now: datetime) -> list[VoteRound]:
    query = select(VoteRound).where(VoteRound.closed_at.is_(None), VoteRound.ends_at <= now)
    return list(await session.scalars(query))


class PhoneTaken(Exception):
    pass


async def register_voter(session: AsyncSession, user_id: int, phone: str, now: datetime) -> Voter:
    voter = await session.get(Voter, user_id)
    if voter is not None:
        if voter.phone != phone:
            raise PhoneTaken  # one account keeps the phone it verified with
        return voter
    taken = await session.scalar(select(Voter.user_id).where(Voter.phone == phone))
    if taken is not None:
        raise PhoneTaken
    voter = Voter(user_id=user_id, phone=phone, verified_at=the_day(now))  # by the day only
    session.add(voter)
    try:
        await session.flush()
    except IntegrityError:  # the same phone verified at the same moment: the caller rolls back
        raise PhoneTaken from None
    return voter


async def voter_of(session: AsyncSession, user_id: int) -> Voter | None:
    return await session.get(Voter, user_id)


async def in_round(session: AsyncSession, round_id: int, nomination_id: int) -> bool:
    row = await session.get(RoundCandidate, (round_id, nomination_id))
    return row is not None


# A vote is split so that no statement (and so no statement log, no error logged with its
# parameters) carries a Telegram id beside a candidate: "is this a voter" takes the id alone;
# the ballot's statements take the round, the candidate and the per-round voter key, which
# only the holder of VOTE_SECRET can tie back to an id.

_IS_VOTER = select(Voter.user_id).where(Voter.user_id == bindparam("user_id")).exists().select()


async def is_voter(session: AsyncSession, user_id: int) -> bool:
    """Whether the person verified their phone. The statement holds their id and nothing of
    any round or candidate."""
    return bool(await session.scalar(_IS_VOTER, {"user_id": user_id}))


@dataclass(frozen=True, slots=True)
class RoundWindow:
    id: int
    starts_at: datetime
    ends_at: datetime
    closed_at: datetime | None


# The statements every vote runs are built once (per dialect where it matters): building a
# statement costs more than running it.
_VOTE_CONTEXT = select(
    VoteRound.starts_at,
    VoteRound.ends_at,
    VoteRound.closed_at,
    select(RoundCandidate.nomination_id)
    .where(
        RoundCandidate.round_id == bindparam("round_id"),
        RoundCandidate.nomination_id == bindparam("nomination_id"),
    )
    .exists()
    .label("candidate"),
).where(VoteRound.id == bindparam("round_id"))


async def vote_context(
    session: AsyncSession, round_id: int, nomination_id: int
) -> tuple[RoundWindow | None, bool]:
    """In one query: the round's window and whether the candidate is in it. Plain columns,
    no ORM object: a refused vote asks this."""
    params = {"round_id": round_id, "nomination_id": nomination_id}
    row = (await session.execute(_VOTE_CONTEXT, params)).first()
    if row is None:
        return None, False
    return RoundWindow(round_id, row[0], row[1], row[2]), bool(row[3])


def _open_at(window: RoundWindow | None, now: datetime) -> bool:
    """The round's window by the server's clock, as `domain.voting.round_state` reads it."""
    return (
        window is not None and window.closed_at is None and window.starts_at <= now < window.ends_at
    )


def _mine(round_id: Any, voter: Any) -> Any:
    return and_(Ballot.round_id == round_id, Ballot.voter_hash == voter)


@cache
def _cast_statement(dialect: str, limited: bool) -> Any:
    """The vote, in one statement: a ballot goes in if the round is open now, the candidate is
    in it, and the voter has fewer than `limit` ballots in the round; unless it is there
    already. It returns how many the voter then has. Whether the person is a voter is asked
    before, by a statement of its own (`is_voter`)."""
    now: Any = bindparam("now")
    round_id: Any = bindparam("round_id")
    voter: Any = bindparam("voter")
    conditions: list[ColumnElement[bool]] = [
        select(VoteRound.id)
        .where(
            VoteRound.id == round_id,
            VoteRound.starts_at <= now,
            VoteRound.ends_at > now,
            VoteRound.closed_at.is_(None),
        )
        .exists(),
        select(RoundCandidate.nomination_id)
        .where(
            RoundCandidate.round_id == round_id,
            RoundCandidate.nomination_id == bindparam("nomination_id"),
        )
        .exists(),
    ]
    if limited:
        mine = select(func.count()).select_from(Ballot).where(_mine(round_id, voter))
        conditions.append(mine.scalar_subquery() < bindparam("limit"))
    # Checked against the window to the second, stored by the day: no ballot can be matched
    # to a voter by its time. The id and the receipt are random, drawn by the caller.
    values = select(
        bindparam("id"),
        round_id,
        bindparam("nomination_id"),
        voter,
        bindparam("receipt"),
        bindparam("cast_on"),
    ).where(and_(*conditions))
    # Counted without the new row, then plus one: the same on SQLite (whose subquery sees the
    # new row) and PostgreSQL (whose does not). Written out: the subquery refers to the row
    # being inserted, which SQLAlchemy does not correlate in RETURNING.
    count: Any = literal_column(
        "(SELECT count(*) FROM ballots AS others WHERE others.round_id = ballots.round_id"
        " AND others.voter_hash = ballots.voter_hash AND others.id != ballots.id) + 1"
    )
    columns = ["id", "round_id", "nomination_id", "voter_hash", "receipt", "cast_at"]
    insert = dialect_insert(dialect)
    return insert(Ballot).from_select(columns, values).on_conflict_do_nothing().returning(count)


@dataclass(frozen=True, slots=True)
class Cast:
    """What a vote press did: the result, how many candidates the voter now has, and the
    ballot's receipt (of the ballot counted, or of the one already there)."""

    result: CastResult
    used: int
    receipt: str = ""


async def cast(
    session: AsyncSession, round_id: int, nomination_id: int, voter: str, limit: int, now: datetime
) -> Cast | None:
    """One ballot per (round, candidate, voter), at most `limit` candidates (0: no limit), in
    an open round. The caller has made sure the person is a voter (`is_voter`). None when the
    round is not open or the candidate not in it (nothing changes; `vote_context` says which).

    A vote is one statement that checks all that and counts (the busiest moment of the
    campaign); only a refusal asks why, and first whether the round is still open, so a
    press on a closed round is never read as "already" or "the limit". The rules are the
    database's, so they hold across instances: SQLite runs one writer at a time, and on
    PostgreSQL each voter's ballots are counted under a lock of that voter's, taken first."""
    dialect = session.get_bind().dialect.name
    if dialect == "postgresql":
        await session.execute(
            text("SELECT pg_advisory_xact_lock(hashtextextended(:voter, :round))"),
            {"voter": voter, "round": round_id},
        )
    connection = await session.connection()  # a Core statement with parameters: no ORM bulk
    receipt = new_receipt()
    params = {
        "id": new_ballot_id(),
        "receipt": receipt,
        "round_id": round_id,
        "nomination_id": nomination_id,
        "voter": voter,
        "now": now,
        "cast_on": the_day(now),
        "limit": limit,
    }
    statement = _cast_statement(dialect, limit > 0)
    used = (await connection.execute(statement, params)).scalar_one_or_none()
    if used is not None:
        return Cast(CastResult.COUNTED, int(used), receipt)
    # Refused: the round closed or not open yet, a forged candidate, a ballot already there
    # (a double tap), or the limit; asked in that order.
    window, candidate = await vote_context(session, round_id, nomination_id)
    if not _open_at(window, now) or not candidate:
        return None
    mine = select(func.count()).select_from(Ballot).where(_mine(round_id, voter))
    already, used = (
        await session.execute(
            select(
                select(Ballot.receipt)
                .where(_mine(round_id, voter), Ballot.nomination_id == nomination_id)
                .scalar_subquery(),
                mine.scalar_subquery(),
            )
        )
    ).one()
    if already is not None:
        return Cast(CastResult.ALREADY, int(used), already)
    return Cast(CastResult.LIMIT, limit)


async def _used(session: AsyncSession, round_id: int, voter: str) -> int:
    query = select(func.count()).select_from(Ballot).where(_mine(round_id, voter))
    return int(await session.scalar(query) or 0)


async def withdraw(
    session: AsyncSession, round_id: int, nomination_id: int, voter: str
) -> tuple[CastResult, int]:
    """The ballot goes, and its receipt with it: a withdrawn vote's receipt is void."""
    removed = await session.execute(
        delete(Ballot).where(_mine(round_id, voter), Ballot.nomination_id == nomination_id)
    )
    result = CastResult.WITHDRAWN if rowcount(removed) == 1 else CastResult.NOT_CAST
    return result, await _used(session, round_id, voter)


async def chosen_by(session: AsyncSession, round_id: int, voter: str) -> set[int]:
    query = select(Ballot.nomination_id).where(
        Ballot.round_id == round_id, Ballot.voter_hash == voter
    )
    return set(await session.scalars(query))


@dataclass(frozen=True, slots=True)
class Receipt:
    """One of a voter's ballots in a round: for whom, and its receipt code."""

    nomination_id: int
    full_name: str
    receipt: str


async def receipts(session: AsyncSession, round_id: int, voter: str) -> list[Receipt]:
    """A voter's ballots in a round with their receipts, in card order. Found by the voter's
    per-round key, which the bot recomputes from VOTE_SECRET: no table ties a receipt to a
    person, only to a ballot."""
    query = (
        select(Ballot.nomination_id, Nomination.full_name, Ballot.receipt)
        .join(Nomination, Nomination.id == Ballot.nomination_id)
        .join(
            RoundCandidate,
            (RoundCandidate.round_id == Ballot.round_id)
            & (RoundCandidate.nomination_id == Ballot.nomination_id),
        )
        .where(_mine(round_id, voter))
        .order_by(RoundCandidate.position)
    )
    return [Receipt(*row) for row in (await session.execute(query)).all()]


async def candidates(
    session: AsyncSession, round_id: int, region: str = "", sphere: str = ""
) -> list[Nomination]:
    query = (
        select(Nomination)
        .join(RoundCandidate, RoundCandidate.nomination_id == Nomination.id)
        .where(RoundCandidate.round_id == round_id)
        .order_by(Nomination.full_name, Nomination.id)
    )
    if region:
        query = query.where(Nomination.region_code == region)
    if sphere:
        query = query.where(Nomination.sphere == sphere)
    return list(await session.scalars(query))


def _card_order(rows: Any) -> list[Any]:
    """By name, the Kazakh way (Ә after А, Қ after К), then by id: sorted once, when a round
    opens, and kept as each candidate's `position`."""
    return sorted(rows, key=lambda row: (sort_key(row.full_name), row.id))


async def count_for(session: AsyncSession, round_id: int, nomination_id: int) -> int:
    """One candidate's ballots, counted on the unique index of (round, candidate, voter)."""
    query = (
        select(func.count())
        .select_from(Ballot)
        .where(Ballot.round_id == round_id, Ballot.nomination_id == nomination_id)
    )
    return int(await session.scalar(query) or 0)


async def counts(session: AsyncSession, round_id: int) -> dict[int, int]:
    rows = await session.execute(
        select(RoundCandidate.nomination_id, func.count(Ballot.id))
        .outerjoin(
            Ballot,
            (Ballot.round_id == RoundCandidate.round_id)
            & (Ballot.nomination_id == RoundCandidate.nomination_id),
        )
        .where(RoundCandidate.round_id == round_id)
        .group_by(RoundCandidate.nomination_id)
    )
    return {nomination_id: int(count) for nomination_id, count in rows.all()}


async def approve(
    session: AsyncSession, vote_round: VoteRound, selected: set[int], by: int, now: datetime
) -> list[Nomination]:
    """Settle every candidate of the round: selected or not; audited. Once per round."""
    claimed = await session.execute(
        update(VoteRound)
        .where(
            VoteRound.id == vote_round.id,
            VoteRound.approved_at.is_(None),
            VoteRound.closed_at.is_not(None),
        )
        .values(approved_at=now, approved_by=by)
    )
    if rowcount(claimed) != 1:
        raise RoundConflict("approved")
    settled = []
    for nomination in await candidates(session, vote_round.id):
        action = Action.SELECT if nomination.id in selected else Action.NOT_SELECT
        await pipeline.move(
            session,
            nomination,
            action,
            frozenset({Role.WORKING_GROUP}),
            by,
            now,
            {"round": vote_round.id},
        )
        settled.append(nomination)
    await audit.append(
        session,
        now,
        by,
        "round.approve",
        f"round:{vote_round.id}",
        {"selected": sorted(selected), "seed": vote_round.seed},
    )
    return settled
