"""A case at a desk and who works it: opening it (it becomes the person's unless another
member holds it), taking it over, letting it go, recusing oneself from it, and its files.
Every refusal is raised (`services.refusals`); every answer is plain data."""

from __future__ import annotations

from dataclasses import dataclass

from domain.pipeline import Role
from services.desks.cases import CLAIMED_DESKS, Case
from services.desks.queue import Next, Queue, QueuePage, View
from services.refusals import Forged, Gone
from services.texts import Text
from storage import documents, pipeline


@dataclass(frozen=True, slots=True)
class CaseFiles:
    full_name: str
    photo_file_id: str | None
    proofs: list[tuple[int, str, str]]  # (achievement number, kind, file id)


@dataclass(frozen=True, slots=True)
class Recused:
    reference: str
    next: Next  # the person's next case, or their list


class Claims(Queue):
    async def open(self, role: Role, nomination_id: int) -> Case:
        """The case, if it waits at this desk for this person: theirs to work unless another
        member holds it (then shown with who does). Opening tells the nominator nothing."""
        async with self.uow.transaction() as session:
            found = await self.find(session, role, nomination_id)
            now = self.now()
            mine = role in CLAIMED_DESKS and await self.claim(session, role, found.id, now)
            if role in CLAIMED_DESKS and not mine:  # someone holds it, perhaps since a moment
                await session.refresh(found, ["claimed_by", "claimed_at"])
            return await self.case(session, role, found, claimed=now if mine else None)

    async def take_over(self, role: Role, nomination_id: int) -> Case:
        """The person takes the case from whoever holds it; audited, and that member told."""
        if role not in CLAIMED_DESKS:
            raise Forged
        async with self.uow.transaction() as session:
            found = await self.find(session, role, nomination_id)
            now = self.now()
            previous = await pipeline.take_over(session, found, self.person, now)
            if previous not in (None, self.person):
                names = await pipeline.first_names(session, [self.person])
                self.uow.notify(
                    previous,
                    Text(
                        "case-taken-over",
                        reference=found.reference or "",
                        name=found.full_name,
                        by=names.get(self.person, ""),
                    ),
                )
            return await self.case(session, role, found, claimed=now)

    async def release(self, role: Role, nomination_id: int, view: View) -> QueuePage:
        """The person lets the case go, and is back at their list. Refused (for good) when it
        was no longer theirs: taken over, or lapsed."""
        async with self.uow.transaction() as session:
            if not await pipeline.release(session, nomination_id, self.person):
                raise Gone(Text("case-claimed"))
        return await self.page(role, view)

    async def recuse(self, role: Role, nomination_id: int, view: View) -> Recused:
        """The person declares a conflict of interest with the case: it leaves their desks
        (audited), and their next case opens."""
        async with self.uow.transaction() as session:
            found = await self.find(session, role, nomination_id)
            await pipeline.recuse(session, found, self.person, self.now())
            reference = found.reference or ""
        return Recused(reference, await self.after(role, view))

    async def files(self, role: Role, nomination_id: int) -> CaseFiles:
        """The candidate's photo and proofs, then what the nominator sent on request."""
        async with self.uow.transaction() as session:
            nomination = await self.find(session, role, nomination_id)
            proofs = [
                (number, a.proof_kind or "document", a.proof_file_id)
                for number, a in enumerate(nomination.achievements, start=1)
                if a.proof_file_id
            ]
            numbers = {a.id: n for n, a in enumerate(nomination.achievements, start=1)}
            asked = {
                r.id: r.achievement_id for r in await documents.requests_of(session, nomination.id)
            }
            proofs += [
                (numbers.get(asked.get(d.request_id or 0) or 0, 0), d.kind, d.file_id)
                for d in await documents.documents_of(session, nomination.id)
            ]
            return CaseFiles(nomination.full_name, nomination.photo_file_id, proofs)
