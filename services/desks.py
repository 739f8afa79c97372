"""The staff desks: the secretariat screens, regional verifiers check facts, experts write
conclusions, the working group decides. Each use case checks the person's right again
against the nomination as stored (`domain.pipeline`), makes the change with its audit entry,
and tells the people it concerns through the outbox."""

from __future__ import annotations

import hashlib
from dataclasses import asdict, dataclass, replace
from datetime import date, datetime, time, timedelta
from enum import StrEnum
from typing import Any

from sqlalchemy.ext.asyncio import AsyncSession

from config import Settings
from domain.nomination import (
    InvalidInput,
    NominationRecord,
    RejectReason,
    Search,
    Source,
    Sphere,
    Status,
    parse_search,
)
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
from services.documents import ACHIEVEMENT_EXCERPT, DOCUMENTS_PER_REQUEST, shortened
from services.keys import DESK_KEYS
from services.nominations import DESK_COMMANDS, announce
from services.texts import Text
from services.uow import UnitOfWork
from storage import pipeline, repo, staff
from storage.models import Nomination
from storage.pipeline import Scope

PAGE_SIZE = 8
# The decisions each desk's case offers as buttons; anything else pressed is forged.
DESK_ACTIONS: dict[Role, tuple[Action, ...]] = {
    Role.SECRETARIAT: (Action.SEND_TO_VERIFICATION, Action.REJECT_AT_SCREENING),
    Role.WORKING_GROUP: (Action.TO_VOTE, Action.REJECT_BY_WORKING_GROUP),
}
CONFIRM_FIRST = frozenset({Action.REJECT_AT_SCREENING, Action.REJECT_BY_WORKING_GROUP})
# The desks where a case is one person's at a time (experts conclude side by side).
CLAIMED_DESKS = frozenset({Role.SECRETARIAT, Role.VERIFIER, Role.WORKING_GROUP})
NEXT_TRIES = 20  # cases looked at for the next one nobody else holds
BULK_MAX = 500  # cases one bulk rejection may take


class Refused(StrEnum):
    """Why nothing happened."""

    FORGED = "forged"  # no button ever carries this: refused quietly
    MOVED = "moved"  # the case is not (or no longer) at this person's desk
    INCOMPLETE = "incomplete"  # a verification with facts still open
    ALREADY = "already"  # this expert has concluded on this candidate
    CONFLICT = "conflict"  # the person submitted it, is named in it, or recused themselves
    CLAIMED = "claimed"  # another member is working the case
    CHANGED = "changed"  # a bulk action's cases are no longer the ones confirmed


@dataclass(frozen=True, slots=True)
class View:
    """A desk's list as one person narrowed it, kept between pages (in their chat's state):
    a search, filters, the page, and the cases selected for a bulk action."""

    text: str = ""  # the search as typed: a reference, a phone or a name
    status: str = ""
    region: str = ""
    sphere: str = ""
    source: str = ""
    since: str = ""  # ISO dates, submitted between (inclusive)
    until: str = ""
    page: int = 0
    selecting: bool = False
    selected: tuple[int, ...] = ()

    @classmethod
    def of(cls, data: Any) -> View:
        """The view kept in chat state (whatever is missing or malformed is left out)."""
        if not isinstance(data, dict):
            return cls()
        known = {
            name: data[name]
            for name in ("text", "status", "region", "sphere", "source", "since", "until")
            if isinstance(data.get(name), str)
        }
        page = data.get("page")
        selected = data.get("selected")
        return cls(
            **known,
            page=page if isinstance(page, int) and page >= 0 else 0,
            selecting=data.get("selecting") is True,
            selected=tuple(i for i in selected if isinstance(i, int))
            if isinstance(selected, list)
            else (),
        )

    def data(self) -> dict[str, Any]:
        """The view as chat state keeps it (JSON)."""
        return {**asdict(self), "selected": list(self.selected)}

    @property
    def narrowed(self) -> bool:
        return any(
            (self.text, self.status, self.region, self.sphere, self.source, self.since, self.until)
        )


@dataclass(frozen=True, slots=True)
class Bulk:
    """The cases a bulk action would take: how many, and a fingerprint of which, so that a
    confirmation acts on exactly the cases it named or on none."""

    count: int
    fingerprint: str

    @classmethod
    def of(cls, ids: list[int]) -> Bulk:
        digest = hashlib.sha256(",".join(map(str, sorted(ids))).encode()).hexdigest()
        return cls(len(ids), digest[:16])


@dataclass(frozen=True, slots=True)
class Claim:
    holder: int
    name: str
    since: datetime
    until: datetime
    mine: bool
    minutes_left: int = 0


@dataclass(frozen=True, slots=True)
class QueueItem:
    nomination_id: int
    reference: str
    full_name: str
    region_code: str
    held_by: str | None  # the member working it, when not this person
    selected: bool


@dataclass(frozen=True, slots=True)
class QueuePage:
    role: Role
    items: list[QueueItem]
    total: int
    page: int
    view: View
    by_status: dict[Status, int]  # when the desk opens
    by_region: dict[str, int]

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
    claim: Claim | None = None  # who is working the case, until when
    documents: int = 0  # files the nominator sent on request (the "files" button sends them)
    requests: tuple[RequestLine, ...] = ()  # the documents asked for, per achievement


@dataclass(frozen=True, slots=True)
class CaseFiles:
    full_name: str
    photo_file_id: str | None
    proofs: list[tuple[int, str, str]]  # (achievement number, kind, file id)


@dataclass(frozen=True, slots=True)
class RequestLine:
    """Documents a verifier asked for on one achievement: answered or awaited, and how many
    files came."""

    achievement_id: int | None
    answered: bool
    documents: int


@dataclass(frozen=True, slots=True)
class ConclusionStart:
    reference: str
    full_name: str


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

    def scope(self, role: Role, staff: Staff, view: View, free_since: datetime | None) -> Scope:
        """What `view` of `role`'s desk holds for this person."""
        search = None
        if view.text:
            try:
                search = parse_search(view.text)
            except InvalidInput:  # kept from an older rule: shows nothing rather than all
                search = Search(words=("\x00",))
        since = until = None
        if view.since:
            since = datetime.combine(date.fromisoformat(view.since), time(), self.settings.tz)
        if view.until:
            next_day = date.fromisoformat(view.until) + timedelta(days=1)
            until = datetime.combine(next_day, time(), self.settings.tz)
        return Scope(
            DESKS[role],
            staff.person,
            regions=staff.regions() if role is Role.VERIFIER else None,
            not_concluded=role is Role.EXPERT,
            status=Status(view.status) if view.status in DESKS[role] else None,
            region=view.region or None,
            sphere=Sphere(view.sphere) if view.sphere in set(Sphere) else None,
            source=Source(view.source) if view.source in set(Source) else None,
            since=since,
            until=until,
            search=search,
            free_since=free_since,
        )

    def _free_since(self, now: datetime) -> datetime:
        """Claims made before this have lapsed."""
        return now - timedelta(minutes=self.settings.claim_minutes)

    async def queue(
        self, uow: UnitOfWork, role: Role, staff: Staff, view: View, counts: bool = False
    ) -> QueuePage:
        """One page of the desk's list as the person narrowed it (`counts`: with how many
        wait per status and region, as the desk opens)."""
        scope = self.scope(role, staff, view, None)
        async with uow.transaction() as session:
            nominations, total = await pipeline.queue(
                session, scope, offset=view.page * PAGE_SIZE, limit=PAGE_SIZE
            )
            if not nominations and total:  # past the end: the last page
                view = replace(view, page=max(0, -(-total // PAGE_SIZE) - 1))
                nominations, total = await pipeline.queue(
                    session, scope, offset=view.page * PAGE_SIZE, limit=PAGE_SIZE
                )
            free_since = self._free_since(uow.now())
            holders = {
                n.id: n.claimed_by
                for n in nominations
                if n.claimed_by not in (None, staff.person)
                and n.claimed_at is not None
                and n.claimed_at >= free_since
            }
            names = await pipeline.first_names(session, holders.values())
            rows = await pipeline.breakdown(session, scope) if counts else []
        items = [
            QueueItem(
                n.id,
                n.reference or "",
                n.full_name,
                n.region_code,
                names.get(holders[n.id], "") if n.id in holders else None,
                n.id in view.selected,
            )
            for n in nominations
        ]
        by_status: dict[Status, int] = {}
        by_region: dict[str, int] = {}
        for status, region, count in rows:
            by_status[status] = by_status.get(status, 0) + count
            by_region[region] = by_region.get(region, 0) + count
        return QueuePage(role, items, total, view.page, view, by_status, by_region)

    async def _find(
        self,
        session: AsyncSession,
        role: Role,
        staff: Staff,
        nomination_id: int,
        now: datetime | None = None,
    ) -> Nomination | Refused:
        """The nomination if it waits at this desk for this person. With `now` the person is
        about to act on it: a case another member holds is refused, one nobody holds becomes
        theirs (at the desks that claim cases)."""
        nomination = await session.get(Nomination, nomination_id, populate_existing=True)
        if nomination is None:
            return Refused.MOVED
        if not staff.works_at(role, Status(nomination.status), nomination.region_code):
            return Refused.MOVED
        if staff.person in (nomination.nominator_id, nomination.nominee_id) or (
            await pipeline.recused(session, nomination.id, staff.person)
        ):
            return Refused.CONFLICT
        if now is not None and role in CLAIMED_DESKS:
            if not await pipeline.claim(
                session, nomination.id, staff.person, now, self._free_since(now), DESKS[role]
            ):
                return Refused.CLAIMED
            nomination.claimed_by, nomination.claimed_at = staff.person, now
        return nomination

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
        claim = None
        if role in CLAIMED_DESKS and nomination.claimed_by and nomination.claimed_at:
            names = await pipeline.first_names(session, [nomination.claimed_by])
            claim = Claim(
                nomination.claimed_by,
                names.get(nomination.claimed_by, ""),
                nomination.claimed_at,
                nomination.claimed_at + timedelta(minutes=self.settings.claim_minutes),
                mine=False,
            )
        return Case(
            role,
            nomination.id,
            nomination.reference or "",
            Status(nomination.status),
            repo.record_of(nomination),
            facts,
            conclusions,
            average_scores([c.scores for c in conclusions]),
            claim,
            *await self._documents_view(session, nomination.id),
        )

    async def open_case(
        self, uow: UnitOfWork, role: Role, staff: Staff, nomination_id: int
    ) -> Case | Refused:
        """The case, if it waits at this desk for this person: theirs to work unless another
        member holds it (then shown with who does). Opening tells the nominator nothing."""
        async with uow.transaction() as session:
            found = await self._find(session, role, staff, nomination_id)
            if isinstance(found, Refused):
                return found
            now = uow.now()
            mine = role in CLAIMED_DESKS and await pipeline.claim(
                session, found.id, staff.person, now, self._free_since(now), DESKS[role]
            )
            if mine:
                found.claimed_by, found.claimed_at = staff.person, now
            elif role in CLAIMED_DESKS:  # someone else holds it, perhaps since a moment ago
                await session.refresh(found, ["claimed_by", "claimed_at"])
            return self._as_mine(await self._view(session, role, found), staff, uow.now())

    def _as_mine(self, case: Case, staff: Staff, now: datetime) -> Case:
        """Who holds the case as this person sees it (nobody, once a claim has lapsed)."""
        claim = case.claim
        if claim is None or claim.until <= now:
            return replace(case, claim=None)
        left = max(1, -(-int((claim.until - now).total_seconds()) // 60))
        return replace(
            case, claim=replace(claim, mine=claim.holder == staff.person, minutes_left=left)
        )

    async def next_case(self, uow: UnitOfWork, role: Role, staff: Staff, view: View) -> Case | None:
        """The oldest case of the person's list that nobody else holds, opened for them."""
        now = uow.now()
        scope = self.scope(role, staff, view, self._free_since(now))
        async with uow.transaction() as session:
            for nomination_id in await pipeline.matching_ids(session, scope, NEXT_TRIES):
                found = await self._find(session, role, staff, nomination_id, now)
                if isinstance(found, Nomination):
                    return self._as_mine(await self._view(session, role, found), staff, now)
        return None

    async def take_over(
        self, uow: UnitOfWork, role: Role, staff: Staff, nomination_id: int
    ) -> Case | Refused:
        """The person takes the case from whoever holds it; audited, and that member told."""
        if role not in CLAIMED_DESKS:
            return Refused.FORGED
        async with uow.transaction() as session:
            found = await self._find(session, role, staff, nomination_id)
            if isinstance(found, Refused):
                return found
            now = uow.now()
            previous = await pipeline.take_over(session, found, staff.person, now)
            if previous not in (None, staff.person):
                names = await pipeline.first_names(session, [staff.person])
                uow.notify(
                    previous,
                    Text(
                        "case-taken-over",
                        reference=found.reference or "",
                        name=found.full_name,
                        by=names.get(staff.person, ""),
                    ),
                )
            found.claimed_by, found.claimed_at = staff.person, now
            return self._as_mine(await self._view(session, role, found), staff, now)

    async def release(self, uow: UnitOfWork, role: Role, staff: Staff, nomination_id: int) -> bool:
        """The person lets the case go; False if it was not theirs."""
        async with uow.transaction() as session:
            return await pipeline.release(session, nomination_id, staff.person)

    async def recuse(
        self, uow: UnitOfWork, role: Role, staff: Staff, nomination_id: int
    ) -> str | Refused:
        """The person declares a conflict of interest with the case: it leaves their desks.
        Audited. Returns the case's reference."""
        async with uow.transaction() as session:
            found = await self._find(session, role, staff, nomination_id)
            if isinstance(found, Refused):
                return found
            await pipeline.recuse(session, found, staff.person, uow.now())
            return found.reference or ""

    async def bulk_count(self, uow: UnitOfWork, staff: Staff, view: View) -> Bulk:
        """The cases a bulk rejection over `view` would reject: the selection, or else
        everything the list holds, less what another member is working."""
        scope = self._bulk_scope(staff, view, uow.now())
        async with uow.transaction() as session:
            return Bulk.of(await pipeline.matching_ids(session, scope, BULK_MAX + 1))

    def _bulk_scope(self, staff: Staff, view: View, now: datetime) -> Scope:
        scope = self.scope(Role.SECRETARIAT, staff, view, self._free_since(now))
        return replace(scope, ids=view.selected) if view.selected else scope

    async def bulk_reject(
        self, uow: UnitOfWork, staff: Staff, view: View, reason: RejectReason, confirmed: str
    ) -> int | Refused:
        """Reject every case `bulk_count` found, each as its own audited transition, if they
        are still exactly the cases the person confirmed (`confirmed`: their fingerprint), else
        nothing (Refused.CHANGED)."""
        now = uow.now()
        scope = self._bulk_scope(staff, view, now)
        try:
            async with uow.transaction() as session:
                ids = await pipeline.matching_ids(session, scope, BULK_MAX + 1)
                if Bulk.of(ids).fingerprint != confirmed or len(ids) > BULK_MAX:
                    return Refused.CHANGED
                for nomination_id in ids:
                    found = await self._find(session, Role.SECRETARIAT, staff, nomination_id, now)
                    if isinstance(found, Refused):
                        raise pipeline.Raced
                    await pipeline.move(
                        session,
                        found,
                        Action.REJECT_AT_SCREENING,
                        staff.actors_for(found.region_code),
                        staff.person,
                        now,
                        {"reason": reason, "bulk": len(ids)},
                    )
                    await announce(uow, session, found)
        except (NotAllowed, pipeline.Raced):
            return Refused.CHANGED
        return len(ids)

    async def hold(
        self, uow: UnitOfWork, role: Role, staff: Staff, nomination_id: int
    ) -> Case | Refused:
        """The case, about to be acted on: theirs now, unless another member holds it."""
        async with uow.transaction() as session:
            found = await self._find(session, role, staff, nomination_id, uow.now())
            if isinstance(found, Refused):
                return found
            return self._as_mine(await self._view(session, role, found), staff, uow.now())

    async def files(
        self, uow: UnitOfWork, role: Role, staff: Staff, nomination_id: int
    ) -> CaseFiles | Refused:
        async with uow.transaction() as session:
            nomination = await self._find(session, role, staff, nomination_id)
            if isinstance(nomination, Refused):
                return nomination
            proofs = [
                (number, a.proof_kind or "document", a.proof_file_id)
                for number, a in enumerate(nomination.achievements, start=1)
                if a.proof_file_id
            ]
            # Then what the nominator sent on a verifier's request, as proof of its achievement.
            numbers = {a.id: n for n, a in enumerate(nomination.achievements, start=1)}
            asked = {
                r.id: r.achievement_id for r in await pipeline.requests_of(session, nomination.id)
            }
            proofs += [
                (numbers.get(asked.get(d.request_id or 0) or 0, 0), d.kind, d.file_id)
                for d in await pipeline.documents_of(session, nomination.id)
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
                nomination = await self._find(session, role, staff, nomination_id, uow.now())
                if isinstance(nomination, Refused):
                    return nomination
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
        """Which achievement (1, 2, …) a verdict button is about, if the verifier may give it
        (the case becomes theirs unless another verifier holds it)."""
        async with uow.transaction() as session:
            nomination = await self._find(session, Role.VERIFIER, staff, nomination_id, uow.now())
            if isinstance(nomination, Refused):
                return nomination
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
            found = await self._find(session, Role.VERIFIER, staff, nomination_id, uow.now())
            if isinstance(found, Refused):
                return None
            nomination = found
            if achievement_id not in {a.id for a in nomination.achievements}:
                return None
            await pipeline.set_fact_check(
                session, nomination, achievement_id, verdict, comment, user_id, uow.now()
            )
            if verdict is Verdict.DOCUMENTS_NEEDED:
                await self._ask_for_documents(
                    uow, session, nomination, achievement_id, comment, user_id
                )
            else:  # decided without them: the nominator is no longer asked
                await pipeline.close_document_request(
                    session, nomination.id, achievement_id, user_id, uow.now()
                )
            case = await self._view(session, Role.VERIFIER, nomination)
            return self._as_mine(case, staff, uow.now())

    async def complete_verification(
        self, uow: UnitOfWork, staff: Staff, nomination_id: int, user_id: int
    ) -> Decided | Refused:
        """Every fact has a final verdict: all confirmed go to the experts, otherwise back to
        the secretariat."""
        return await self._move(uow, Role.VERIFIER, staff, nomination_id, None, user_id)

    async def start_conclusion(
        self, uow: UnitOfWork, staff: Staff, nomination_id: int, user_id: int
    ) -> ConclusionStart | Refused:
        """Whom the conclusion is on, if this expert may write one on them."""
        async with uow.transaction() as session:
            nomination = await self._find(session, Role.EXPERT, staff, nomination_id)
            if isinstance(nomination, Refused):
                return nomination
            concluded = await pipeline.conclusions_of(session, nomination.id)
            if any(c.expert_id == user_id for c in concluded):
                return Refused.ALREADY
            return ConclusionStart(nomination.reference or "", nomination.full_name)

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
                nomination = await self._find(session, Role.EXPERT, staff, nomination_id)
                if isinstance(nomination, Refused):
                    return nomination
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
        """The daily digest, the way staff hear of their work unless they asked for a message
        per case: each staff member gets one message (through the outbox) with a line per
        desk where something waits for them: how many cases, and the day the longest-waiting
        one was submitted. Returns how many were written."""
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
                    # The list this person's desk shows them (without their own cases).
                    scope = Scope(
                        DESKS[role],
                        user_id,
                        regions=regions if role is Role.VERIFIER else None,
                        not_concluded=role is Role.EXPERT,
                    )
                    total, oldest = await pipeline.waiting(session, scope)
                    if total and oldest is not None:
                        lines.append(
                            Text(
                                "digest-line",
                                desk=Text(DESK_KEYS[role]),
                                count=total,
                                command=DESK_COMMANDS[role],
                                oldest=oldest.astimezone(self.settings.tz).date(),
                            )
                        )
                if lines:
                    uow.notify(user_id, Text("digest", lines=lines))
                    written += 1
        return written

    async def export_rows(self, uow: UnitOfWork) -> list[Nomination]:
        async with uow.transaction() as session:
            return await repo.all_nominations(session)

    # Documents a verifier asks for: the request, the nominator's files, the answer.

    async def _documents_view(
        self, session: AsyncSession, nomination_id: int
    ) -> tuple[int, tuple[RequestLine, ...]]:
        """(files the nominator sent, the requests with theirs) for a case's card."""
        documents = await pipeline.documents_of(session, nomination_id)
        per_request: dict[int, int] = {}
        for document in documents:
            per_request[document.request_id or 0] = per_request.get(document.request_id or 0, 0) + 1
        lines = tuple(
            RequestLine(r.achievement_id, r.answered_at is not None, per_request.get(r.id, 0))
            for r in await pipeline.requests_of(session, nomination_id)
        )
        return len(documents), lines

    async def _ask_for_documents(
        self,
        uow: UnitOfWork,
        session: AsyncSession,
        nomination: Nomination,
        achievement_id: int,
        comment: str | None,
        verifier_id: int,
    ) -> None:
        """A "documents needed" verdict asks the nominator for them, through the outbox in
        the verdict's transaction. A request still unanswered for the same achievement stands:
        the nominator is not asked twice."""
        if await pipeline.open_document_request(session, nomination.id, achievement_id):
            return
        await pipeline.add_document_request(
            session, nomination, achievement_id, verifier_id, comment, uow.now()
        )
        number, text = next(
            (n, a.text)
            for n, a in enumerate(nomination.achievements, start=1)
            if a.id == achievement_id
        )
        uow.notify(
            nomination.nominator_id,
            Text(
                "docs-requested",
                reference=nomination.reference or "",
                name=nomination.full_name,
                number=number,
                achievement=shortened(text, ACHIEVEMENT_EXCERPT),
                comment=comment or Text("docs-no-comment"),
                limit=DOCUMENTS_PER_REQUEST,
            ),
        )
