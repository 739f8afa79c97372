"""Moving nominations through the pipeline, with their audit entries, fact checks and
expert conclusions. The rules are `domain.pipeline`'s; this module makes them stick. Nothing
here commits: the caller's unit of work does."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import Any, NamedTuple

from sqlalchemy import ColumnElement, and_, func, or_, select, update
from sqlalchemy.exc import IntegrityError
from sqlalchemy.ext.asyncio import AsyncSession

from domain.nomination import Search, Source, Sphere, Status
from domain.pipeline import Action, Actor, Criterion, Verdict, target_of
from domain.pipeline import Conclusion as ExpertConclusion
from storage import audit, staff
from storage.db import insert_for, rowcount
from storage.models import (
    Conclusion,
    FactCheck,
    Nomination,
    Recusal,
    User,
)


class Raced(Exception):
    """Someone else moved the nomination first."""


async def move(
    session: AsyncSession,
    nomination: Nomination,
    action: Action,
    actors: frozenset[Actor],
    actor_id: int | None,
    now: datetime,
    details: dict[str, Any] | None = None,
) -> Status:
    """Apply `action`; raises NotAllowed (rules) or Raced (moved meanwhile). Audited."""
    source = Status(nomination.status)
    target = target_of(source, action, actors)
    event = f"nomination.{action}"
    if not await shift(
        session,
        nomination.id,
        nomination.reference,
        (source, target),
        event,
        actor_id,
        now,
        details,
    ):
        raise Raced
    nomination.status = target
    nomination.claimed_by = nomination.claimed_at = None
    return target


async def shift(
    session: AsyncSession,
    nomination_id: int,
    reference: str | None,
    move: tuple[Status, Status],
    event: str,
    actor_id: int | None,
    now: datetime,
    details: dict[str, Any] | None = None,
) -> bool:
    """The nomination from `move`'s first status to its second (unclaimed), if it is still
    where it was; audited as `event`. False when it moved meanwhile."""
    source, target = move
    result = await session.execute(
        update(Nomination)
        .where(Nomination.id == nomination_id, Nomination.status == source)
        .values(status=target, updated_at=now, claimed_by=None, claimed_at=None)
    )
    if rowcount(result) != 1:
        return False
    await audit.append(
        session,
        now,
        actor_id,
        event,
        f"nomination:{nomination_id}",
        {"reference": reference, "from": source, "to": target, **(details or {})},
    )
    return True


@dataclass(frozen=True, slots=True)
class Scope:
    """The nominations one person's desk list holds: the desk's statuses, narrowed by the
    person's rights (a verifier's regions; an expert's own conclusions; nothing they submitted,
    are named in or recused themselves from) and by the filters they chose."""

    statuses: tuple[Status, ...]
    person: int
    regions: frozenset[str] | None = None  # a verifier's
    not_concluded: bool = False  # an expert's: what they have not concluded on
    status: Status | None = None
    region: str | None = None
    sphere: Sphere | None = None
    source: Source | None = None
    since: datetime | None = None  # submitted at or after
    until: datetime | None = None  # submitted before
    search: Search | None = None
    # Leave out what another member holds (claimed since after this moment).
    free_since: datetime | None = None
    ids: tuple[int, ...] | None = field(default=None)  # only these (a selection)


def clear_of(person: int) -> list[ColumnElement[bool]]:
    """The nominations this person has no conflict with: not submitted by them, not naming
    them (by account, or by their verified phone as the nominee's or the nominator's), not
    recused from."""
    phone = staff.verified_phone_of(person)  # one value for the statement, NULL when none
    return [
        Nomination.nominator_id != person,
        or_(Nomination.nominee_id.is_(None), Nomination.nominee_id != person),
        or_(
            phone.is_(None),
            and_(
                Nomination.contact_phone != phone,
                or_(Nomination.nominator_phone.is_(None), Nomination.nominator_phone != phone),
            ),
        ),
        Nomination.id.not_in(select(Recusal.nomination_id).where(Recusal.user_id == person)),
    ]


def _conditions(scope: Scope) -> list[ColumnElement[bool]]:
    person = scope.person
    statuses = [scope.status] if scope.status in scope.statuses else list(scope.statuses)
    conditions: list[ColumnElement[bool]] = [
        Nomination.status.in_(statuses),
        *clear_of(person),
    ]
    if scope.regions is not None:
        conditions.append(Nomination.region_code.in_(sorted(scope.regions)))
    if scope.not_concluded:
        mine = select(Conclusion.nomination_id).where(Conclusion.expert_id == person)
        conditions.append(Nomination.id.not_in(mine))
    if scope.region:
        conditions.append(Nomination.region_code == scope.region)
    if scope.sphere:
        conditions.append(Nomination.sphere == scope.sphere)
    if scope.source:
        conditions.append(Nomination.source == scope.source)
    if scope.since:
        conditions.append(Nomination.created_at >= scope.since)
    if scope.until:
        conditions.append(Nomination.created_at < scope.until)
    if scope.ids is not None:
        conditions.append(Nomination.id.in_(scope.ids))
    if scope.free_since is not None:
        conditions.append(
            or_(
                Nomination.claimed_by.is_(None),
                Nomination.claimed_by == person,
                Nomination.claimed_at < scope.free_since,
            )
        )
    search = scope.search
    if search is not None:
        if search.reference:
            conditions.append(Nomination.reference == search.reference)
        elif search.serial:
            conditions.append(Nomination.reference.like(f"100-____-{search.serial}"))
        elif search.phone:
            conditions.append(
                or_(
                    Nomination.contact_phone == search.phone,
                    Nomination.nominator_phone == search.phone,
                )
            )
        else:
            # Words are letters only (`name_key`), so nothing in them needs escaping.
            conditions.extend(Nomination.name_key.like(f"%{word}%") for word in search.words)
    return conditions


class Listed(NamedTuple):
    """A case as a list shows it."""

    id: int
    reference: str | None
    full_name: str
    region_code: str
    claimed_by: int | None
    claimed_at: datetime | None


async def queue(
    session: AsyncSession, scope: Scope, offset: int, limit: int
) -> tuple[list[Listed], int]:
    """One page of the list, oldest submission first, and how many it holds in all: one
    statement (the total is a window over the same rows), plain rows, only what a list shows."""
    conditions = _conditions(scope)
    rows = (
        await session.execute(
            select(
                Nomination.id,
                Nomination.reference,
                Nomination.full_name,
                Nomination.region_code,
                Nomination.claimed_by,
                Nomination.claimed_at,
                func.count().over().label("total"),
            )
            .where(*conditions)
            .order_by(Nomination.created_at, Nomination.id)
            .offset(offset)
            .limit(limit)
        )
    ).all()
    if rows:
        total = rows[0].total
    elif offset:  # past the end: how many there are tells the last page
        total = await session.scalar(
            select(func.count()).select_from(Nomination).where(*conditions)
        )
    else:
        total = 0
    return [Listed(*row[:6]) for row in rows], int(total or 0)


async def matching_ids(session: AsyncSession, scope: Scope, limit: int) -> list[int]:
    """The ids the list holds, oldest first, at most `limit`."""
    query = (
        select(Nomination.id)
        .where(*_conditions(scope))
        .order_by(Nomination.created_at, Nomination.id)
        .limit(limit)
    )
    return list(await session.scalars(query))


async def waiting(session: AsyncSession, scope: Scope) -> tuple[int, datetime | None]:
    """How many the list holds and when the longest-waiting of them was submitted."""
    query = select(func.count(), func.min(Nomination.created_at)).where(*_conditions(scope))
    count, oldest = (await session.execute(query)).one()
    if isinstance(oldest, datetime) and oldest.tzinfo is None:  # SQLite keeps no zone
        oldest = oldest.replace(tzinfo=UTC)
    return int(count), oldest


async def breakdown(session: AsyncSession, scope: Scope) -> list[tuple[Status, str, int]]:
    """How many the list holds per status and region."""
    query = (
        select(Nomination.status, Nomination.region_code, func.count())
        .where(*_conditions(scope))
        .group_by(Nomination.status, Nomination.region_code)
    )
    return [(Status(s), region, int(n)) for s, region, n in (await session.execute(query)).all()]


async def first_names(session: AsyncSession, user_ids: Iterable[int]) -> dict[int, str]:
    wanted = sorted(set(user_ids))
    if not wanted:
        return {}
    rows = await session.execute(select(User.id, User.first_name).where(User.id.in_(wanted)))
    return {user_id: name for user_id, name in rows.all()}


async def claim(
    session: AsyncSession,
    nomination_id: int,
    person: int,
    now: datetime,
    free_since: datetime,
    desk: Iterable[Status],
) -> bool:
    """Claim the case for `person` unless another member holds it (since after
    `free_since`); renews the person's own claim, and lets go of any other case they held at
    the same desk (`desk`: its statuses), so reading through cases holds one at a time. One
    statement decides: two members at once cannot both win."""
    result = await session.execute(
        update(Nomination)
        .where(
            Nomination.id == nomination_id,
            or_(
                Nomination.claimed_by.is_(None),
                Nomination.claimed_by == person,
                Nomination.claimed_at < free_since,
            ),
        )
        .values(claimed_by=person, claimed_at=now)
        .execution_options(synchronize_session=False)
    )
    if rowcount(result) != 1:
        return False
    await session.execute(
        update(Nomination)
        .where(
            Nomination.claimed_by == person,
            Nomination.id != nomination_id,
            Nomination.status.in_(list(desk)),
        )
        .values(claimed_by=None, claimed_at=None)
        .execution_options(synchronize_session=False)
    )
    return True


async def take_over(
    session: AsyncSession, nomination: Nomination, person: int, now: datetime
) -> int | None:
    """Claim the case whoever holds it; audited. Returns the member it was taken from."""
    previous = nomination.claimed_by
    await session.execute(
        update(Nomination)
        .where(Nomination.id == nomination.id)
        .values(claimed_by=person, claimed_at=now)
        .execution_options(synchronize_session=False)
    )
    await audit.append(
        session,
        now,
        person,
        "nomination.take_over",
        f"nomination:{nomination.id}",
        {"reference": nomination.reference, "from": previous},
    )
    return previous


async def release(session: AsyncSession, nomination_id: int, person: int) -> bool:
    result = await session.execute(
        update(Nomination)
        .where(Nomination.id == nomination_id, Nomination.claimed_by == person)
        .values(claimed_by=None, claimed_at=None)
        .execution_options(synchronize_session=False)
    )
    return rowcount(result) == 1


async def clear_among(session: AsyncSession, nomination_id: int, people: list[int]) -> list[int]:
    """Those of `people` who have no conflict with the nomination (`clear_of`), in order."""
    return [person for person in people if not await in_conflict(session, nomination_id, person)]


async def in_conflict(session: AsyncSession, nomination_id: int, person: int) -> bool:
    """Whether the person may not work this case (`clear_of`'s rule, the lists' own)."""
    query = select(Nomination.id).where(Nomination.id == nomination_id, *clear_of(person))
    return await session.scalar(query) is None


async def recuse(session: AsyncSession, nomination: Nomination, person: int, now: datetime) -> None:
    """The person declares a conflict of interest with the case; audited."""
    session.add(Recusal(nomination_id=nomination.id, user_id=person, at=now))
    await session.flush()
    await release(session, nomination.id, person)
    await audit.append(
        session,
        now,
        person,
        "nomination.recusal",
        f"nomination:{nomination.id}",
        {"reference": nomination.reference, "status": nomination.status},
    )


async def set_fact_check(
    session: AsyncSession,
    nomination: Nomination,
    achievement_id: int,
    verdict: Verdict,
    comment: str | None,
    verifier_id: int,
    now: datetime,
) -> None:
    values = {
        "nomination_id": nomination.id,
        "verdict": verdict,
        "comment": comment,
        "verifier_id": verifier_id,
        "at": now,
    }
    statement = insert_for(session)(FactCheck).values(achievement_id=achievement_id, **values)
    await session.execute(
        statement.on_conflict_do_update(index_elements=[FactCheck.achievement_id], set_=values)
    )
    await audit.append(
        session,
        now,
        verifier_id,
        "nomination.fact_check",
        f"nomination:{nomination.id}",
        {"achievement": achievement_id, "verdict": verdict},
        {"comment": comment} if comment else None,
    )


async def fact_checks(session: AsyncSession, nomination_id: int) -> dict[int, FactCheck]:
    rows = await session.scalars(select(FactCheck).where(FactCheck.nomination_id == nomination_id))
    return {row.achievement_id: row for row in rows}


class AlreadyConcluded(Exception):
    pass


async def add_conclusion(
    session: AsyncSession,
    nomination: Nomination,
    expert_id: int,
    conclusion: ExpertConclusion,
    now: datetime,
) -> int:
    """Store one expert's conclusion (valid by construction); returns how many the candidate
    now has."""
    scores, recommend = conclusion.scores, conclusion.recommend
    session.add(
        Conclusion(
            nomination_id=nomination.id,
            expert_id=expert_id,
            **{criterion.value: scores[criterion] for criterion in Criterion},
            motivation=conclusion.motivation,
            recommend=recommend,
            at=now,
        )
    )
    try:
        await session.flush()
    except IntegrityError:  # the caller's transaction rolls back
        raise AlreadyConcluded from None
    await audit.append(
        session,
        now,
        expert_id,
        "nomination.conclusion",
        f"nomination:{nomination.id}",
        {"scores": {str(k): v for k, v in scores.items()}, "recommend": recommend},
    )
    count = await session.scalar(
        select(func.count())
        .select_from(Conclusion)
        .where(Conclusion.nomination_id == nomination.id)
    )
    return int(count or 0)


async def conclusions_of(session: AsyncSession, nomination_id: int) -> list[Conclusion]:
    query = (
        select(Conclusion).where(Conclusion.nomination_id == nomination_id).order_by(Conclusion.id)
    )
    return list(await session.scalars(query))


def scores_of(conclusion: Conclusion) -> dict[Criterion, int]:
    return {criterion: getattr(conclusion, criterion.value) for criterion in Criterion}
