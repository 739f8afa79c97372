"""The regional verifier's desk: a verdict per achievement (confirmed, not confirmed, or
documents needed, which asks the nominator for them through the outbox), and completing the
verification, which the verdicts decide, followed at once by the verifier's next case."""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy.ext.asyncio import AsyncSession

from domain.pipeline import Action, NotAllowed, Role, Verdict, verification_outcome
from services.desks.cases import Case, CaseMoved
from services.desks.queue import Next, Queue, View
from services.documents import ACHIEVEMENT_EXCERPT, DOCUMENTS_PER_REQUEST, shortened
from services.nominations import announce
from services.refusals import Forged, Gone, Refusal
from services.texts import Text
from storage import documents, pipeline
from storage.models import Nomination


class VerdictLost(Gone):
    """The verdict typed can no longer be given (the case moved on, or another verifier
    holds it): the comment step ends."""

    def __init__(self) -> None:
        super().__init__(Text("case-moved"))


@dataclass(frozen=True, slots=True)
class Verified:
    action: Action  # facts confirmed, or failed
    next: Next  # the verifier's next case, or their list


class Verification(Queue):
    async def fact_number(self, nomination_id: int, achievement_id: int) -> int:
        """Which achievement (1, 2, …) a verdict button is about, if the verifier may give it
        (the case becomes theirs unless another verifier holds it)."""
        async with self.uow.transaction() as session:
            nomination = await self.find(session, Role.VERIFIER, nomination_id, self.now())
            numbers = {a.id: n for n, a in enumerate(nomination.achievements, start=1)}
        if achievement_id not in numbers:  # not this candidate's achievement
            raise Forged
        return numbers[achievement_id]

    async def record(
        self, nomination_id: int, achievement_id: int, verdict: Verdict, comment: str | None
    ) -> Case:
        """A verifier's verdict on one achievement; the case as it now stands."""
        async with self.uow.transaction() as session:
            now = self.now()
            try:
                nomination = await self.find(session, Role.VERIFIER, nomination_id, now)
            except Refusal:
                raise VerdictLost from None
            if achievement_id not in {a.id for a in nomination.achievements}:
                raise VerdictLost
            await pipeline.set_fact_check(
                session, nomination, achievement_id, verdict, comment, self.person, now
            )
            if verdict is Verdict.DOCUMENTS_NEEDED:
                await self._ask_for_documents(session, nomination, achievement_id, comment)
            else:  # decided without them: the nominator is no longer asked
                await documents.close_document_request(
                    session, nomination.id, achievement_id, self.person, now
                )
            return await self.case(session, Role.VERIFIER, nomination, claimed=now)

    async def complete(self, nomination_id: int, view: View) -> Verified:
        """Every fact has a final verdict: all confirmed go to the experts, otherwise back to
        the secretariat. Then the verifier's next case."""
        try:
            async with self.uow.transaction() as session:
                now = self.now()
                nomination = await self.find(session, Role.VERIFIER, nomination_id, now)
                checks = await pipeline.fact_checks(session, nomination.id)
                verdicts = [
                    checks[a.id].verdict if a.id in checks else None
                    for a in nomination.achievements
                ]
                action = verification_outcome(verdicts)
                if action is None:
                    raise Refusal(Text("verify-incomplete"))
                await pipeline.move(
                    session,
                    nomination,
                    action,
                    self.staff.actors_for(nomination.region_code),
                    self.person,
                    now,
                    {"verdicts": [str(v) for v in verdicts]},
                )
                await announce(self.uow, session, nomination)
        except (NotAllowed, pipeline.Raced):
            raise CaseMoved from None
        return Verified(action, await self.after(Role.VERIFIER, view))

    async def _ask_for_documents(
        self,
        session: AsyncSession,
        nomination: Nomination,
        achievement_id: int,
        comment: str | None,
    ) -> None:
        """A "documents needed" verdict asks the nominator for them, through the outbox in
        the verdict's transaction. A request still unanswered for the same achievement stands:
        the nominator is not asked twice."""
        if await documents.open_document_request(session, nomination.id, achievement_id):
            return
        await documents.add_document_request(
            session, nomination, achievement_id, self.person, comment, self.now()
        )
        number, text = next(
            (n, a.text)
            for n, a in enumerate(nomination.achievements, start=1)
            if a.id == achievement_id
        )
        self.uow.notify(
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
