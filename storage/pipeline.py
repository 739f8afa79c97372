"""Moving nominations through the pipeline, with their audit entries, fact checks and
expert conclusions. The rules are `domain.pipeline`'s; this module makes them stick. Nothing
here commits: the caller's unit of work does."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import datetime
from typing import Any

from sqlalchemy import func, select, update
from sqlalchemy.exc import IntegrityError
from sqlalchemy.ext.asyncio import AsyncSession

from domain.nomination import Status
from domain.pipeline import Action, Actor, Criterion, Verdict, target_of
from storage import audit
from storage.db import insert_for, rowcount
from storage.models import Conclusion, FactCheck, Nomination


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
    result = await session.execute(
        update(Nomination)
        .where(Nomination.id == nomination.id, Nomination.status == source)
        .values(status=target, updated_at=now)
    )
    if rowcount(result) != 1:
        raise Raced
    await audit.append(
        session,
        now,
        actor_id,
        f"nomination.{action}",
        f"nomination:{nomination.id}",
        {"reference": nomination.reference, "from": source, "to": target, **(details or {})},
    )
    nomination.status = target
    return target


async def queue(
    session: AsyncSession,
    statuses: Iterable[Status],
    offset: int,
    limit: int,
    regions: Iterable[str] | None = None,
    not_concluded_by: int | None = None,
) -> tuple[list[Nomination], int]:
    """One page of the nominations waiting in `statuses`, oldest first, and how many in all."""
    conditions = [Nomination.status.in_(list(statuses))]
    if regions is not None:
        conditions.append(Nomination.region_code.in_(list(regions)))
    if not_concluded_by is not None:
        mine = select(Conclusion.nomination_id).where(Conclusion.expert_id == not_concluded_by)
        conditions.append(Nomination.id.not_in(mine))
    total = await session.scalar(select(func.count()).select_from(Nomination).where(*conditions))
    page = await session.scalars(
        select(Nomination)
        .where(*conditions)
        .order_by(Nomination.updated_at, Nomination.id)
        .offset(offset)
        .limit(limit)
    )
    return list(page), int(total or 0)


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
        {"achievement": achievement_id, "verdict": verdict, "comment": comment},
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
    scores: dict[Criterion, int],
    motivation: str,
    recommend: bool,
    now: datetime,
) -> int:
    """Store one expert's conclusion; returns how many the candidate now has."""
    session.add(
        Conclusion(
            nomination_id=nomination.id,
            expert_id=expert_id,
            contribution=scores[Criterion.CONTRIBUTION],
            story=scores[Criterion.STORY],
            independence=scores[Criterion.INDEPENDENCE],
            not_famous=scores[Criterion.NOT_FAMOUS],
            motivation=motivation,
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
