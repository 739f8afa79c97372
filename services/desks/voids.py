"""The secretariat voids a nomination found to be an impostor's, spam or a duplicate: unlike
a rejection on merit it blocks nobody (the person may be nominated again at once), it is
audited with its reason, and its nominator gets a notification in their language."""

from __future__ import annotations

from domain.nomination import VoidReason
from domain.pipeline import Action, NotAllowed, Role
from services.desks.cases import Case, CaseMoved
from services.desks.decisions import Decided
from services.desks.queue import Queue, View
from services.locale_keys import PlainKey
from services.texts import Text
from storage import pipeline

REASON_KEYS: dict[VoidReason, PlainKey] = {
    VoidReason.IMPOSTOR: "reason-impostor",
    VoidReason.SPAM: "reason-spam",
    VoidReason.DUPLICATE: "reason-duplicate",
}


class Voids(Queue):
    async def hold(self, nomination_id: int) -> Case:
        """The case about to be voided (the reason and a confirmation come first): the
        person's now, unless another member holds it."""
        async with self.uow.transaction() as session:
            now = self.now()
            found = await self.find(session, Role.SECRETARIAT, nomination_id, now)
            return await self.case(session, Role.SECRETARIAT, found, claimed=now)

    async def void(self, nomination_id: int, reason: VoidReason, view: View) -> Decided:
        """Void it (audited with the reason), tell its nominator; then the next case."""
        try:
            async with self.uow.transaction() as session:
                now = self.now()
                nomination = await self.find(session, Role.SECRETARIAT, nomination_id, now)
                status = await pipeline.move(
                    session,
                    nomination,
                    Action.VOID,
                    self.staff.actors_for(nomination.region_code),
                    self.person,
                    now,
                    {"reason": reason},
                )
                self.uow.notify(
                    nomination.nominator_id,
                    Text(
                        "identity-notify-void",
                        reference=nomination.reference or "",
                        name=nomination.full_name,
                        reason=Text(REASON_KEYS[reason]),
                    ),
                )
        except (NotAllowed, pipeline.Raced):
            raise CaseMoved from None
        return Decided(Action.VOID, status, await self.after(Role.SECRETARIAT, view))
