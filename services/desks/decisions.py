"""The decisions taken on a case's card: the secretariat's screening (to verification, or
rejected) and the working group's (to the vote, or rejected), each followed at once by the
person's next case; and the secretariat's bulk rejection of a narrowed list or a selection,
which acts on exactly the cases it named or on none."""

from __future__ import annotations

import hashlib
from contextlib import suppress
from dataclasses import dataclass, replace

from domain.nomination import RejectReason, Status
from domain.pipeline import Action, NotAllowed, Role, staff_role_of
from services.desks.cases import Case, CaseMoved
from services.desks.queue import Next, Queue, QueuePage, View
from services.nominations import announce
from services.refusals import Forged, Refusal
from storage import pipeline
from storage.pipeline import Scope

# The decisions each desk's case offers as buttons; anything else pressed is forged.
DESK_ACTIONS: dict[Role, tuple[Action, ...]] = {
    Role.SECRETARIAT: (Action.SEND_TO_VERIFICATION, Action.REJECT_AT_SCREENING, Action.VOID),
    Role.WORKING_GROUP: (Action.TO_VOTE, Action.REJECT_BY_WORKING_GROUP),
}
CONFIRM_FIRST = frozenset({Action.REJECT_AT_SCREENING, Action.REJECT_BY_WORKING_GROUP})
BULK_MAX = 500  # cases one bulk rejection may take


def desk_of(action: Action) -> Role | None:
    """The desk whose case offers `action` as a button, if any does."""
    role = staff_role_of(action)
    return role if role in DESK_ACTIONS and action in DESK_ACTIONS[role] else None


@dataclass(frozen=True, slots=True)
class Decided:
    action: Action
    status: Status
    next: Next  # the person's next case, or their list


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
class BulkRejected:
    rejected: int | None  # None: the cases were no longer the ones confirmed, none rejected
    page: QueuePage  # the list again, the selection over


class _Changed(Exception):
    """The cases are not the ones confirmed: the bulk rejection's transaction rolls back."""


class Decisions(Queue):
    async def hold(self, action: Action, nomination_id: int) -> Case:
        """The case about to be decided (asked to confirm first): theirs now, unless another
        member holds it."""
        role = _desk(action)
        async with self.uow.transaction() as session:
            now = self.now()
            found = await self.find(session, role, nomination_id, now)
            return await self.case(session, role, found, claimed=now)

    async def decide(self, action: Action, nomination_id: int, view: View) -> Decided:
        """The decision, audited and announced; then the person's next case."""
        role = _desk(action)
        try:
            async with self.uow.transaction() as session:
                now = self.now()
                nomination = await self.find(session, role, nomination_id, now)
                status = await pipeline.move(
                    session,
                    nomination,
                    action,
                    self.staff.actors_for(nomination.region_code),
                    self.person,
                    now,
                )
                await announce(self.uow, session, nomination)
        except (NotAllowed, pipeline.Raced):
            raise CaseMoved from None
        return Decided(action, status, await self.after(role, view))

    async def bulk_count(self, view: View) -> Bulk:
        """The cases a bulk rejection over `view` would reject: the selection, or else
        everything the list holds, less what another member is working."""
        scope = self._bulk_scope(view)
        async with self.uow.transaction() as session:
            return Bulk.of(await pipeline.matching_ids(session, scope, BULK_MAX + 1))

    async def bulk_reject(self, view: View, reason: RejectReason, confirmed: str) -> BulkRejected:
        """Reject every case `bulk_count` found, each as its own audited transition, if they
        are still exactly the cases the person confirmed (`confirmed`: their fingerprint),
        else none; then the list again, the selection over."""
        rejected: int | None = None
        with suppress(_Changed, NotAllowed, pipeline.Raced):  # none rejected: rolled back
            rejected = await self._reject_all(view, reason, confirmed)
        view = replace(view, selecting=False, selected=())
        return BulkRejected(rejected, await self.page(Role.SECRETARIAT, view))

    async def _reject_all(self, view: View, reason: RejectReason, confirmed: str) -> int:
        now = self.now()
        scope = self._bulk_scope(view)
        async with self.uow.transaction() as session:
            ids = await pipeline.matching_ids(session, scope, BULK_MAX + 1)
            if Bulk.of(ids).fingerprint != confirmed or len(ids) > BULK_MAX:
                raise _Changed
            for nomination_id in ids:
                try:
                    found = await self.find(session, Role.SECRETARIAT, nomination_id, now)
                except Refusal:  # moved, or taken by another member meanwhile
                    raise _Changed from None
                await pipeline.move(
                    session,
                    found,
                    Action.REJECT_AT_SCREENING,
                    self.staff.actors_for(found.region_code),
                    self.person,
                    now,
                    {"reason": reason, "bulk": len(ids)},
                )
                await announce(self.uow, session, found)
        return len(ids)

    def _bulk_scope(self, view: View) -> Scope:
        scope = self.scope(Role.SECRETARIAT, view, self.free_since(self.now()))
        return replace(scope, ids=view.selected) if view.selected else scope


def _desk(action: Action) -> Role:
    role = desk_of(action)
    if role is None:  # not a button any desk shows
        raise Forged
    return role
