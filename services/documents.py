"""Documents a regional verifier asked a nominator for, from the nominator's side: the
requests still open, the files sent on one (each kept at once), and "done", which answers the
request and tells the verifier who asked. (The request itself is the verifier's verdict:
`services.desks`.)"""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy.ext.asyncio import AsyncSession

from domain.nomination import Status
from domain.pipeline import Role, desk_command
from services.context import UseCases
from services.refusals import Gone, Refusal
from services.texts import Text
from storage import documents as pipeline
from storage.models import DocumentRequest, Nomination

DOCUMENTS_PER_REQUEST = 10  # files a nominator may send on one request
ACHIEVEMENT_EXCERPT = 200  # an achievement quoted to the nominator


class UploadFull(Refusal):
    """The request holds all the files it may: what came is kept, "done" sends it."""


class UploadClosed(Gone):
    """Nothing more can go to this request: the upload in progress ends."""


@dataclass(frozen=True, slots=True)
class DocumentsWanted:
    """A verifier's request as its nominator sees it."""

    request_id: int
    reference: str
    full_name: str
    number: int  # the achievement's place in the nomination
    achievement: str
    comment: str | None
    documents: int  # files sent so far


@dataclass(frozen=True, slots=True)
class DocumentsSent:
    reference: str
    documents: int


class Documents(UseCases):
    async def upload(self, request_id: int) -> DocumentsWanted:
        """The request the person is about to send documents on, if they still may."""
        async with self.uow.transaction() as session:
            return await _wanted(session, *await self._request(session, request_id))

    async def add(self, request_id: int, file_id: str, kind: str) -> DocumentsWanted:
        """One file sent on the request (at most DOCUMENTS_PER_REQUEST)."""
        async with self.uow.transaction() as session:
            request, nomination = await self._request(session, request_id, lock=True)
            if await pipeline.count_documents(session, request.id) >= DOCUMENTS_PER_REQUEST:
                raise UploadFull(Text("docs-full", limit=DOCUMENTS_PER_REQUEST))
            await pipeline.add_case_document(
                session, request, file_id, kind, self.person, self.now()
            )
            return await _wanted(session, request, nomination)

    async def send(self, request_id: int) -> DocumentsSent:
        """Everything is sent: the request is answered (audited) and the verifier who asked
        hears of it through the outbox."""
        async with self.uow.transaction() as session:
            request, nomination = await self._request(session, request_id, lock=True)
            documents = await pipeline.count_documents(session, request.id)
            if not documents:
                raise Refusal(Text("docs-empty"))
            if not await pipeline.answer_request(
                session, request, self.person, documents, self.now()
            ):
                raise UploadClosed(Text("docs-closed"))
            wanted = await _wanted(session, request, nomination)
            self.uow.notify(
                request.verifier_id,
                Text(
                    "docs-arrived",
                    reference=wanted.reference,
                    name=nomination.full_name,
                    number=wanted.number,
                    count=documents,
                    command=desk_command(Role.VERIFIER),
                ),
            )
            return DocumentsSent(wanted.reference, documents)

    async def _request(
        self, session: AsyncSession, request_id: int, lock: bool = False
    ) -> tuple[DocumentRequest, Nomination]:
        """The request, if this person may still send documents on it."""
        found = await pipeline.document_request(session, request_id, lock)
        if found is None or found[1].nominator_id != self.person:
            raise UploadClosed(Text("docs-not-yours"))
        request, nomination = found
        if nomination.status != Status.VERIFICATION:
            raise UploadClosed(Text("docs-moved"))
        if request.answered_at is not None:
            raise UploadClosed(Text("docs-closed"))
        return request, nomination


async def wanted_of(session: AsyncSession, nominator_id: int) -> list[DocumentsWanted]:
    """The requests a nominator has still to answer (also the head of their /my)."""
    found = await pipeline.open_requests_of_nominator(session, nominator_id, Status.VERIFICATION)
    return [await _wanted(session, request, nomination) for request, nomination in found]


def shortened(text: str, limit: int) -> str:
    return text if len(text) <= limit else text[: limit - 1].rstrip() + "…"


async def _wanted(
    session: AsyncSession, request: DocumentRequest, nomination: Nomination
) -> DocumentsWanted:
    number, text = next(
        (
            (n, a.text)
            for n, a in enumerate(nomination.achievements, start=1)
            if a.id == request.achievement_id
        ),
        (0, ""),
    )
    return DocumentsWanted(
        request.id,
        nomination.reference or "",
        nomination.full_name,
        number,
        shortened(text, ACHIEVEMENT_EXCERPT),
        request.comment,
        await pipeline.count_documents(session, request.id),
    )
