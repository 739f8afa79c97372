"""Documents a verifier asks the nominator for, and the files the nominator sends on a
request: the requests, the files, the answer. Nothing here commits: the caller's unit of work
does."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import func, select, update
from sqlalchemy.ext.asyncio import AsyncSession

from domain.nomination import Status
from storage import audit
from storage.db import rowcount
from storage.models import CaseDocument, DocumentRequest, Nomination


async def add_document_request(
    session: AsyncSession,
    nomination: Nomination,
    achievement_id: int,
    verifier_id: int,
    comment: str | None,
    now: datetime,
) -> DocumentRequest:
    """A verifier asks for documents proving one achievement. Audited."""
    request = DocumentRequest(
        nomination_id=nomination.id,
        achievement_id=achievement_id,
        verifier_id=verifier_id,
        comment=comment,
        requested_at=now,
    )
    session.add(request)
    await session.flush()
    await audit.append(
        session,
        now,
        verifier_id,
        "nomination.documents_requested",
        f"nomination:{nomination.id}",
        {"request": request.id, "achievement": achievement_id},
        {"comment": comment} if comment else None,
    )
    return request


async def open_document_request(
    session: AsyncSession, nomination_id: int, achievement_id: int
) -> DocumentRequest | None:
    """The request for this achievement the nominator has not answered yet, if any."""
    return await session.scalar(
        select(DocumentRequest)
        .where(
            DocumentRequest.nomination_id == nomination_id,
            DocumentRequest.achievement_id == achievement_id,
            DocumentRequest.answered_at.is_(None),
        )
        .limit(1)
    )


async def document_request(
    session: AsyncSession, request_id: int, lock: bool = False
) -> tuple[DocumentRequest, Nomination] | None:
    """A request with its nomination; `lock` holds the request's row (PostgreSQL) until the
    transaction ends, so two uploads at once count each other."""
    query = (
        select(DocumentRequest, Nomination)
        .join(Nomination, Nomination.id == DocumentRequest.nomination_id)
        .where(DocumentRequest.id == request_id)
    )
    if lock:
        query = query.with_for_update(of=DocumentRequest)
    row = (await session.execute(query)).first()
    return None if row is None else (row[0], row[1])


async def open_requests_of_nominator(
    session: AsyncSession, nominator_id: int, status: Status
) -> list[tuple[DocumentRequest, Nomination]]:
    """The unanswered requests on this person's nominations in `status`, oldest first."""
    rows = await session.execute(
        select(DocumentRequest, Nomination)
        .join(Nomination, Nomination.id == DocumentRequest.nomination_id)
        .where(
            Nomination.nominator_id == nominator_id,
            Nomination.status == status,
            DocumentRequest.answered_at.is_(None),
        )
        .order_by(DocumentRequest.id)
    )
    return [(row[0], row[1]) for row in rows.all()]


async def requests_of(session: AsyncSession, nomination_id: int) -> list[DocumentRequest]:
    rows = await session.scalars(
        select(DocumentRequest)
        .where(DocumentRequest.nomination_id == nomination_id)
        .order_by(DocumentRequest.id)
    )
    return list(rows)


async def add_case_document(
    session: AsyncSession,
    request: DocumentRequest,
    file_id: str,
    kind: str,
    user_id: int,
    now: datetime,
) -> None:
    session.add(
        CaseDocument(
            nomination_id=request.nomination_id,
            request_id=request.id,
            file_id=file_id,
            kind=kind,
            uploaded_by=user_id,
            uploaded_at=now,
        )
    )
    await session.flush()


async def documents_of(session: AsyncSession, nomination_id: int) -> list[CaseDocument]:
    rows = await session.scalars(
        select(CaseDocument)
        .where(CaseDocument.nomination_id == nomination_id)
        .order_by(CaseDocument.id)
    )
    return list(rows)


async def count_documents(session: AsyncSession, request_id: int) -> int:
    count = await session.scalar(
        select(func.count()).select_from(CaseDocument).where(CaseDocument.request_id == request_id)
    )
    return int(count or 0)


async def answer_request(
    session: AsyncSession, request: DocumentRequest, user_id: int, documents: int, now: datetime
) -> bool:
    """The nominator has sent what they had: the request is answered. Audited; False when it
    already was."""
    result = await session.execute(
        update(DocumentRequest)
        .where(DocumentRequest.id == request.id, DocumentRequest.answered_at.is_(None))
        .values(answered_at=now)
    )
    if rowcount(result) != 1:
        return False
    await audit.append(
        session,
        now,
        user_id,
        "nomination.documents_sent",
        f"nomination:{request.nomination_id}",
        {"request": request.id, "documents": documents},
    )
    request.answered_at = now
    return True


async def close_document_request(
    session: AsyncSession, nomination_id: int, achievement_id: int, verifier_id: int, now: datetime
) -> None:
    """The verifier gave another verdict on an achievement they had asked documents for: the
    request no longer waits for the nominator (closed as answered, audited)."""
    request = await open_document_request(session, nomination_id, achievement_id)
    if request is None:
        return
    request.answered_at = now
    await audit.append(
        session,
        now,
        verifier_id,
        "nomination.documents_request_closed",
        f"nomination:{nomination_id}",
        {"request": request.id},
    )
