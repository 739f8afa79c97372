"""What every desk's use cases share: a case found for the person acting (claimed for them
at the desks where a case is one member's at a time), the case as a desk shows it, and the
refusals a desk answers with. The desks' use cases (`queue`, `claims`, `decisions`,
`verification`, `expertise`) build on `DeskCases`."""

from __future__ import annotations

from dataclasses import dataclass, replace
from datetime import datetime, timedelta

from sqlalchemy.ext.asyncio import AsyncSession

from domain.nomination import NominationRecord, Status
from domain.pipeline import DESKS, Criterion, Role, Verdict, average_scores
from domain.regions import Region
from services.context import UseCases
from services.refusals import Refusal
from services.texts import Text
from storage import documents, identity, pipeline, repo
from storage.models import Nomination

# The desks where a case is one person's at a time (experts conclude side by side).
CLAIMED_DESKS = frozenset({Role.SECRETARIAT, Role.VERIFIER, Role.WORKING_GROUP})


class CaseMoved(Refusal):
    """The case is not (or no longer) at this person's desk. Not final: the list or card
    the button was on keeps its other buttons."""

    def __init__(self) -> None:
        super().__init__(Text("case-moved"))


class Conflict(Refusal):
    """The person submitted the case, is named in it (by account or by their verified phone),
    or recused themselves from it."""

    def __init__(self) -> None:
        super().__init__(Text("case-conflict"))


class Claimed(Refusal):
    """Another member is working the case."""

    def __init__(self) -> None:
        super().__init__(Text("case-claimed"))


@dataclass(frozen=True, slots=True)
class Claim:
    holder: int
    name: str
    since: datetime
    until: datetime
    mine: bool
    minutes_left: int = 0


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
class RequestLine:
    """Documents a verifier asked for on one achievement: answered or awaited, and how many
    files came."""

    achievement_id: int | None
    answered: bool
    documents: int


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
    claim: Claim | None = None  # who is working the case, until when
    documents: int = 0  # files the nominator sent on request (the "files" button sends them)
    requests: tuple[RequestLine, ...] = ()  # the documents asked for, per achievement
    region: Region | None = None  # the candidate's, for their card
    # Other live nominations of the same name and date of birth under another phone: an
    # identity conflict, shown side by side (their references).
    conflicts: tuple[str, ...] = ()


class DeskCases(UseCases):
    """A desk's cases as the person acting may see and work them."""

    def free_since(self, now: datetime) -> datetime:
        """Claims made before this have lapsed."""
        return now - timedelta(minutes=self.config.claim_minutes)

    async def find(
        self, session: AsyncSession, role: Role, nomination_id: int, now: datetime | None = None
    ) -> Nomination:
        """The nomination if it waits at this desk for this person (else a refusal). With
        `now` the person is about to act on it: a case another member holds is refused, one
        nobody holds becomes theirs (at the desks that claim cases)."""
        nomination = await session.get(Nomination, nomination_id, populate_existing=True)
        if nomination is None:
            raise CaseMoved
        if not self.staff.works_at(role, Status(nomination.status), nomination.region_code):
            raise CaseMoved
        if await pipeline.in_conflict(session, nomination.id, self.person):
            raise Conflict
        if (
            now is not None
            and role in CLAIMED_DESKS
            and not await self.claim(session, role, nomination.id, now)
        ):
            raise Claimed
        return nomination

    async def claim(
        self, session: AsyncSession, role: Role, nomination_id: int, now: datetime
    ) -> bool:
        """The case becomes this person's unless another member holds it."""
        return await pipeline.claim(
            session, nomination_id, self.person, now, self.free_since(now), DESKS[role]
        )

    async def case(
        self,
        session: AsyncSession,
        role: Role,
        nomination: Nomination,
        claimed: datetime | None = None,
    ) -> Case:
        """The case as this person's desk shows it (`claimed`: when it became theirs in this
        transaction, which the row read before does not say yet)."""
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
        holder, since = nomination.claimed_by, nomination.claimed_at
        if claimed is not None:
            holder, since = self.person, claimed
        claim = None
        if role in CLAIMED_DESKS and holder and since:
            names = await pipeline.first_names(session, [holder])
            until = since + timedelta(minutes=self.config.claim_minutes)
            claim = Claim(holder, names.get(holder, ""), since, until, mine=False)
        count, requests = await _documents(session, nomination.id)
        conflicts = await identity.identity_conflicts(session, [nomination.id])
        case = Case(
            role,
            nomination.id,
            nomination.reference or "",
            Status(nomination.status),
            repo.record_of(nomination),
            facts,
            conclusions,
            average_scores([c.scores for c in conclusions]),
            claim,
            count,
            requests,
            next((r for r in self.regions if r.code == nomination.region_code), None),
            tuple(conflicts.get(nomination.id, ())),
        )
        return self._as_seen(case)

    def _as_seen(self, case: Case) -> Case:
        """Who holds the case as this person sees it (nobody, once a claim has lapsed)."""
        claim, now = case.claim, self.now()
        if claim is None or claim.until <= now:
            return replace(case, claim=None)
        left = max(1, -(-int((claim.until - now).total_seconds()) // 60))
        return replace(
            case, claim=replace(claim, mine=claim.holder == self.person, minutes_left=left)
        )


async def _documents(
    session: AsyncSession, nomination_id: int
) -> tuple[int, tuple[RequestLine, ...]]:
    """(files the nominator sent, the requests with theirs) for a case's card."""
    sent = await documents.documents_of(session, nomination_id)
    per_request: dict[int, int] = {}
    for document in sent:
        per_request[document.request_id or 0] = per_request.get(document.request_id or 0, 0) + 1
    lines = tuple(
        RequestLine(r.achievement_id, r.answered_at is not None, per_request.get(r.id, 0))
        for r in await documents.requests_of(session, nomination_id)
    )
    return len(sent), lines
