"""The staff desks: the secretariat screens, regional verifiers check facts, experts write
conclusions, the working group decides. Each use case checks the person's right again
against the nomination as stored (`domain.pipeline`), makes the change with its audit entry,
and tells the people it concerns through the outbox."""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum
from typing import Any

from sqlalchemy.ext.asyncio import AsyncSession

from bot.config import Settings
from domain.nomination import NominationRecord, Status
from domain.pipeline import (
    DESKS,
    Action,
    Criterion,
    NotAllowed,
    Role,
    Staff,
    Verdict,
    average_scores,
    staff_role_of,
    verification_outcome,
)
from services.keys import DESK_KEYS
from services.nominations import DESK_COMMANDS, announce
from services.uow import Key, UnitOfWork
from storage import pipeline, repo, staff
from storage.models import Nomination

PAGE_SIZE = 8
# The decisions each desk's case offers as buttons; anything else pressed is forged.
DESK_ACTIONS: dict[Role, tuple[Action, ...]] = {
    Role.SECRETARIAT: (Action.SEND_TO_VERIFICATION, Action.REJECT_AT_SCREENING),
    Role.WORKING_GROUP: (Action.TO_VOTE, Action.REJECT_BY_WORKING_GROUP),
}
CONFIRM_FIRST = frozenset({Action.REJECT_AT_SCREENING, Action.REJECT_BY_WORKING_GROUP})


class Refused(StrEnum):
    """Why nothing happened."""

    FORGED = "forged"  # no button ever carries this: refused quietly
    MOVED = "moved"  # the case is not (or no longer) at this person's desk
    INCOMPLETE = "incomplete"  # a verification with facts still open
    ALREADY = "already"  # this expert has concluded on this candidate


@dataclass(frozen=True, slots=True)
class QueueItem:
    nomination_id: int
    reference: str
    full_name: str
    region_code: str


@dataclass(frozen=True, slots=True)
class QueuePage:
    role: Role
    items: list[QueueItem]
    total: int
    page: int

    @property
    def pages(self) -> int:
        return max(1, -(-self.total // PAGE_SIZE))


@dataclass(frozen=True, slots=True)
class FactLine:
    achievement_id: int
    verdict: Verdict | None
    comment: str | None


@dataclass(frozen=True, slots=True)
class ConclusionLine:
    scores: dict[Criterion, int]
    recommend: bool
    motivation: str


@dataclass(frozen=True, slots=True)
class Case:
    """A nomination as a desk sees it."""

    role: Role
    nomination_id: int
    reference: str
    status: Status
    record: NominationRecord
    facts: list[FactLine]  # one per achievement, in order
    conclusions: list[ConclusionLine]  # the working group's desk only
    averages: dict[Criterion, float]


@dataclass(frozen=True, slots=True)
class CaseFiles:
    full_name: str
    photo_file_id: str | None
    proofs: list[tuple[int, str, str]]  # (achievement number, kind, file id)


@dataclass(frozen=True, slots=True)
class Decided:
    action: Action
    status: Status


@dataclass(frozen=True, slots=True)
class Concluded:
    count: int
    required: int


class Desks:
    def __init__(self, settings: Settings) -> None:
        self.settings = settings

    async def queue(
        self, uow: UnitOfWork, role: Role, staff: Staff, user_id: int, page: int
    ) -> QueuePage:
        page = max(0, page)
        async with uow.transaction() as session:
            nominations, total = await pipeline.queue(
                session,
                DESKS[role],
                offset=page * PAGE_SIZE,
                limit=PAGE_SIZE,
                regions=staff.regions() if role is Role.VERIFIER else None,
                not_concluded_by=user_id if role is Role.EXPERT else None,
            )
        items = [
            QueueItem(n.id, n.reference or "", n.full_name, n.region_code) for n in nominations
        ]
        return QueuePage(role, items, total, page)

    async def _case(
        self, session: AsyncSession, role: Role, staff: Staff, nomination_id: int
    ) -> Nomination | None:
        """The nomination if it waits at this desk for this person, else None."""
        nomination = await session.get(Nomination, nomination_id, populate_existing=True)
        if nomination is None:
            return None
        waits = staff.works_at(role, Status(nomination.status), nomination.region_code)
        return nomination if waits else None

    async def _view(self, session: AsyncSession, role: Role, nomination: Nomination) -> Case:
        checks = await pipeline.fact_checks(session, nomination.id)
        facts = [
            FactLine(
                a.id,
                checks[a.id].verdict if a.id in checks else None,
                checks[a.id].comment if a.id in checks else None,
            )
            for a in nomination.achievements
        ]
        conclusions: list[ConclusionLine] = []
        if role is Role.WORKING_GROUP:
            conclusions = [
                ConclusionLine(pipeline.scores_of(c), c.recommend, c.motivation)
                for c in await pipeline.conclusions_of(session, nomination.id)
            ]
        return Case(
            role,
            nomination.id,
            nomination.reference or "",
            Status(nomination.status),
            repo.record_of(nomination),
            facts,
            conclusions,
            average_scores([c.scores for c in conclusions]),
        )

    async def open_case(
        self, uow: UnitOfWork, role: Role, staff: Staff, nomination_id: int, user_id: int
    ) -> Case | None:
        """The case, if it waits at this desk for this person. The secretariat opening a new
        nomination takes it into screening, and its nominator hears of it."""
        async with uow.transaction() as session:
            nomination = await self._case(session, role, staff, nomination_id)
            if nomination is None:
                return None
            if role is Role.SECRETARIAT and nomination.status == Status.SUBMITTED:
                try:
                    await pipeline.move(
                        session,
                        nomination,
                        Action.TAKE_FOR_SCREENING,
                        staff.actors_for(nomination.region_code),
                        user_id,
                        uow.now(),
                    )
                    await announce(uow, session, nomination, came_from=Status.SUBMITTED)
                except pipeline.Raced:  # another member took it first
                    await session.refresh(nomination)
            return await self._view(session, role, nomination)

    async def case(
        self, uow: UnitOfWork, role: Role, staff: Staff, nomination_id: int
    ) -> Case | None:
        async with uow.transaction() as session:
            nomination = await self._case(session, role, staff, nomination_id)
            return None if nomination is None else await self._view(session, role, nomination)

    async def files(
        self, uow: UnitOfWork, role: Role, staff: Staff, nomination_id: int
    ) -> CaseFiles | None:
        async with uow.transaction() as session:
            nomination = await self._case(session, role, staff, nomination_id)
            if nomination is None:
                return None
            proofs = [
                (number, a.proof_kind or "document", a.proof_file_id)
                for number, a in enumerate(nomination.achievements, start=1)
                if a.proof_file_id
            ]
            return CaseFiles(nomination.full_name, nomination.photo_file_id, proofs)

    def desk_of(self, action: Action) -> Role | None:
        """The desk whose case offers `action` as a button, if any does."""
        role = staff_role_of(action)
        return role if role in DESK_ACTIONS and action in DESK_ACTIONS[role] else None

    async def decide(
        self, uow: UnitOfWork, staff: Staff, nomination_id: int, action: Action, user_id: int
    ) -> Decided | Refused:
        role = self.desk_of(action)
        if role is None:
            return Refused.FORGED
        return await self._move(uow, role, staff, nomination_id, action, user_id)

    async def _move(
        self,
        uow: UnitOfWork,
        role: Role,
        staff: Staff,
        nomination_id: int,
        action: Action | None,
        user_id: int,
        details: dict[str, Any] | None = None,
    ) -> Decided | Refused:
        try:
            async with uow.transaction() as session:
                nomination = await self._case(session, role, staff, nomination_id)
                if nomination is None:
                    return Refused.MOVED
                if action is None:  # completing a verification: the verdicts decide
                    checks = await pipeline.fact_checks(session, nomination.id)
                    verdicts = [
                        checks[a.id].verdict if a.id in checks else None
                        for a in nomination.achievements
                    ]
                    action = verification_outcome(verdicts)
                    if action is None:
                        return Refused.INCOMPLETE
                    details = {"verdicts": [str(v) for v in verdicts]}
                status = await pipeline.move(
                    session,
                    nomination,
                    action,
                    staff.actors_for(nomination.region_code),
                    user_id,
                    uow.now(),
                    details,
                )
                await announce(uow, session, nomination)
        except (NotAllowed, pipeline.Raced):
            return Refused.MOVED
        return Decided(action, status)

    async def fact_number(
        self, uow: UnitOfWork, staff: Staff, nomination_id: int, achievement_id: int
    ) -> int | Refused:
        """Which achievement (1, 2, …) a verdict button is about, if the verifier may give it."""
        async with uow.transaction() as session:
            nomination = await self._case(session, Role.VERIFIER, staff, nomination_id)
            if nomination is None:
                return Refused.MOVED
            numbers = {a.id: n for n, a in enumerate(nomination.achievements, start=1)}
        return numbers.get(achievement_id, Refused.FORGED)

    async def record_fact(
        self,
        uow: UnitOfWork,
        staff: Staff,
        user_id: int,
        nomination_id: int,
        achievement_id: int,
        verdict: Verdict,
        comment: str | None,
    ) -> Case | None:
        """A verifier's verdict on one achievement; the case as it now stands."""
        async with uow.transaction() as session:
            nomination = await self._case(session, Role.VERIFIER, staff, nomination_id)
            if nomination is None or achievement_id not in {a.id for a in nomination.achievements}:
                return None
            await pipeline.set_fact_check(
                session, nomination, achievement_id, verdict, comment, user_id, uow.now()
            )
            return await self._view(session, Role.VERIFIER, nomination)

    async def complete_verification(
        self, uow: UnitOfWork, staff: Staff, nomination_id: int, user_id: int
    ) -> Decided | Refused:
        """Every fact has a final verdict: all confirmed go to the experts, otherwise back to
        the secretariat."""
        return await self._move(uow, Role.VERIFIER, staff, nomination_id, None, user_id)

    async def start_conclusion(
        self, uow: UnitOfWork, staff: Staff, nomination_id: int, user_id: int
    ) -> str | Refused:
        """The candidate's reference, if this expert may write a conclusion on them."""
        async with uow.transaction() as session:
            nomination = await self._case(session, Role.EXPERT, staff, nomination_id)
            if nomination is None:
                return Refused.MOVED
            concluded = await pipeline.conclusions_of(session, nomination.id)
            if any(c.expert_id == user_id for c in concluded):
                return Refused.ALREADY
            return nomination.reference or ""

    async def conclude(
        self,
        uow: UnitOfWork,
        staff: Staff,
        user_id: int,
        nomination_id: int,
        scores: dict[Criterion, int],
        motivation: str,
        recommend: bool,
    ) -> Concluded | Refused:
        """One expert's conclusion. The one that completes the quorum moves the candidate to
        the working group, in the same transaction: the move and its messages commit together."""
        required = self.settings.expert_conclusions_required
        try:
            async with uow.transaction() as session:
                nomination = await self._case(session, Role.EXPERT, staff, nomination_id)
                if nomination is None:
                    return Refused.MOVED
                now = uow.now()
                count = await pipeline.add_conclusion(
                    session, nomination, user_id, scores, motivation, recommend, now
                )
                if count >= required:
                    await pipeline.move(
                        session,
                        nomination,
                        Action.EXPERT_QUORUM,
                        staff.actors_for(nomination.region_code),
                        user_id,
                        now,
                        {"conclusions": count},
                    )
                    await announce(uow, session, nomination)
        except pipeline.AlreadyConcluded:
            return Refused.ALREADY
        except (NotAllowed, pipeline.Raced):
            return Refused.MOVED
        return Concluded(count, required)

    async def digest(self, uow: UnitOfWork) -> int:
        """The daily digest: each staff member hears what waits at their desks (one message
        each, through the outbox). Returns how many were written."""
        written = 0
        async with uow.transaction() as session:
            desks_of: dict[int, dict[Role, frozenset[str]]] = {}
            for role in DESKS:
                for grant, _user in await staff.people_with(session, role):
                    scopes = desks_of.setdefault(grant.user_id, {})
                    scopes[role] = scopes.get(role, frozenset()) | {grant.scope}
            for user_id, scopes in sorted(desks_of.items()):
                lines = []
                for role, regions in scopes.items():
                    _, total = await pipeline.queue(
                        session,
                        DESKS[role],
                        offset=0,
                        limit=1,
                        regions=regions if role is Role.VERIFIER else None,
                        not_concluded_by=user_id if role is Role.EXPERT else None,
                    )
                    if total:
                        desk = Key(DESK_KEYS[role])
                        lines.append(
                            Key("digest-line", desk=desk, count=total, command=DESK_COMMANDS[role])
                        )
                if lines:
                    uow.notify(user_id, "digest", lines=lines)
                    written += 1
        return written

    async def export_rows(self, uow: UnitOfWork) -> list[Nomination]:
        async with uow.transaction() as session:
            return await repo.all_nominations(session)
