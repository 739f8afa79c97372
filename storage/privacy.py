"""Erasing personal data: what retention (`domain.privacy`) says is due, and what a person
withdrawing their consent takes back. Rows stay (the reference, status, region, sphere,
dates, the audit chain); the personal fields in them are blanked. Which table keeps what,
and why, is in the README's "Privacy" section."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlalchemy import (
    ColumnElement,
    String,
    and_,
    cast,
    delete,
    exists,
    func,
    or_,
    select,
    text,
    update,
)
from sqlalchemy.ext.asyncio import AsyncSession

from domain.nomination import ENDED as NOMINATION_OVER
from domain.nomination import Status
from domain.privacy import DRAFTS, ENDED, ENDED_WITH_ITS_YEAR, Cutoffs
from storage import pipeline
from storage.db import rowcount
from storage.models import (
    Achievement,
    AuditEntry,
    CaseDocument,
    Conclusion,
    DocumentRequest,
    FactCheck,
    FsmRecord,
    Nomination,
    OutboxMessage,
    RoleGrant,
    User,
)
from storage.vote_tables import Voter

# The statuses whose personal data retention erases, each with its own rule.
ERASABLE = tuple(sorted(ENDED | ENDED_WITH_ITS_YEAR | DRAFTS))
# Nominations erased per statement: a batch's IN list stays well under SQLite's limit on
# bound parameters, and each batch is a short write.
BATCH = 500


def _due_in(status: Status, limits: Cutoffs) -> ColumnElement[bool]:
    """When a nomination in `status` is due (`domain.privacy.erasable`, as SQL)."""
    if status in ENDED_WITH_ITS_YEAR:
        return Nomination.created_at < limits.rejected_before
    if status in DRAFTS:
        return Nomination.updated_at < limits.drafts_before
    return Nomination.updated_at < limits.ended_before


def _due(limits: Cutoffs) -> ColumnElement[bool]:
    return and_(
        Nomination.erased_at.is_(None),
        or_(*(and_(Nomination.status == s, _due_in(s, limits)) for s in ERASABLE)),
    )


async def due_nominations(
    session: AsyncSession, limits: Cutoffs, status: Status, after: int = 0, limit: int = BATCH
) -> list[int]:
    """Ids above `after` of nominations in `status` whose personal data is due for erasure,
    in order: one status at a time, each batch starting where the last ended, so that the
    index of the not yet erased gives them in order and a purge reads each row once."""
    query = (
        select(Nomination.id)
        .where(
            Nomination.erased_at.is_(None),
            Nomination.status == status,
            Nomination.id > after,
            _due_in(status, limits),
        )
        .order_by(Nomination.id)
        .limit(limit)
    )
    return list(await session.scalars(query))


async def count_due_nominations(session: AsyncSession, limits: Cutoffs) -> int:
    return int(await session.scalar(select(func.count()).where(_due(limits))) or 0)


def _erased_fields(now: datetime) -> dict[str, Any]:
    """A nomination's personal fields as erasure leaves them. Required text columns keep an
    empty string; the gender stays with the region and the sphere (a statistic that names
    no one), as do the account ids (nominator's, for the per-account rules)."""
    return {
        "full_name": "",
        "name_key": "",  # the search key and the person-lock key: erased with the name
        "person_key": "",  # they came from (a hash of a name can be guessed from a list)
        "birth_date": None,
        "settlement": "",
        "ethnicity": None,
        "occupation": "",
        "story": "",
        "photo_file_id": None,
        "contact_phone": "",
        "nominator_name": None,
        "nominator_phone": None,
        "nominee_token": None,
        "nominee_id": None,
        "claimed_by": None,
        "claimed_at": None,
        "erased_at": now,
    }


async def erase_nominations(session: AsyncSession, ids: Sequence[int], now: datetime) -> int:
    """Blank the personal data of these nominations and of everything about them: the
    achievements' text and proofs, documents' file ids, staff's free-text comments on them,
    the personal parts of their audit entries. Returns how many were erased."""
    if not ids:
        return 0
    ids = list(ids)
    result = await session.execute(
        update(Nomination)
        .where(Nomination.id.in_(ids), Nomination.erased_at.is_(None))
        .values(**_erased_fields(now))
        .execution_options(synchronize_session=False)
    )
    erased = rowcount(result)
    about: list[tuple[Any, dict[str, Any]]] = [
        (Achievement, {"text": "", "proof_url": None, "proof_file_id": None}),
        (CaseDocument, {"file_id": ""}),
        (DocumentRequest, {"comment": None}),
        (FactCheck, {"comment": None}),
        (Conclusion, {"motivation": ""}),
    ]
    for model, values in about:
        await session.execute(
            update(model)
            .where(model.nomination_id.in_(ids))
            .values(**values)
            .execution_options(synchronize_session=False)
        )
    await session.execute(
        update(AuditEntry)
        .where(
            AuditEntry.subject.in_([f"nomination:{i}" for i in ids]),
            AuditEntry.personal.is_not(None),
        )
        .values(personal=None)
        .execution_options(synchronize_session=False)
    )
    return erased


def _draft_expired(before: datetime) -> ColumnElement[bool]:
    return FsmRecord.updated_at < before


async def count_expired_drafts(session: AsyncSession, before: datetime) -> int:
    query = select(func.count()).select_from(FsmRecord).where(_draft_expired(before))
    return int(await session.scalar(query) or 0)


async def drop_expired_drafts(session: AsyncSession, before: datetime) -> list[str]:
    """Conversations (form drafts) untouched since `before` are dropped; their keys."""
    result = await session.execute(
        delete(FsmRecord).where(_draft_expired(before)).returning(FsmRecord.key)
    )
    return list(result.scalars())


def _sent_before(before: datetime) -> ColumnElement[bool]:
    # A plan reminder's row stays: its dedupe key keeps it from going twice, and it names
    # no citizen.
    return and_(
        OutboxMessage.sent_at.is_not(None),
        OutboxMessage.sent_at < before,
        OutboxMessage.dedupe_key.is_(None),
    )


async def count_old_messages(session: AsyncSession, before: datetime) -> int:
    query = select(func.count()).select_from(OutboxMessage).where(_sent_before(before))
    return int(await session.scalar(query) or 0)


async def drop_old_messages(session: AsyncSession, before: datetime) -> int:
    """Messages sent before `before` (their parameters may name people) are deleted."""
    return rowcount(await session.execute(delete(OutboxMessage).where(_sent_before(before))))


async def forget_sent_about(session: AsyncSession, references: Sequence[str]) -> int:
    """Sent messages that named one of these nominations lose their parameters (an erasure
    at a person's request does not wait for the outbox's age limit)."""
    if not references:
        return 0
    params = cast(OutboxMessage.params, String)
    result = await session.execute(
        update(OutboxMessage)
        .where(
            OutboxMessage.sent_at.is_not(None),
            or_(*(params.contains(reference) for reference in references)),
        )
        .values(params={})
        .execution_options(synchronize_session=False)
    )
    return rowcount(result)


# Verified phones kept for no reason.


def _idle_phone(before: datetime) -> ColumnElement[bool]:
    """An account's verified phone (its identity, `storage.phones`) serves while the account
    holds a role or stands in a live nomination, as its filer of a self-nomination, its
    nominee or the owner of its nominee's phone; once verified before `before` and serving
    none of these, it is due."""
    nomination_live = Nomination.status.not_in([s.value for s in NOMINATION_OVER])
    serves = or_(
        exists().where(RoleGrant.user_id == User.id),
        exists().where(
            nomination_live,
            or_(
                and_(Nomination.nominator_id == User.id, Nomination.is_self.is_(True)),
                Nomination.nominee_id == User.id,
                Nomination.contact_phone == User.phone,
            ),
        ),
    )
    return and_(User.phone.is_not(None), User.phone_verified_at < before, ~serves)


async def count_idle_phones(session: AsyncSession, before: datetime) -> int:
    query = select(func.count()).select_from(User).where(_idle_phone(before))
    return int(await session.scalar(query) or 0)


async def drop_idle_phones(session: AsyncSession, before: datetime) -> int:
    """Verified phones that no longer serve (`_idle_phone`) are taken off their accounts: a
    person shares their contact again when they next need it."""
    result = await session.execute(
        update(User)
        .where(_idle_phone(before))
        .values(phone=None, phone_verified_at=None)
        .execution_options(synchronize_session=False)
    )
    return rowcount(result)


# A person withdrawing their consent.


@dataclass(frozen=True, slots=True)
class Held:
    """A nomination a person is part of, as /privacy sees it."""

    nomination_id: int
    reference: str
    status: Status
    nominator_id: int
    as_nominator: bool
    erased: bool


async def held_about(session: AsyncSession, user_id: int) -> list[Held]:
    """The nominations the person made, and those naming them as the verified nominee."""
    rows = await session.execute(
        select(
            Nomination.id,
            Nomination.reference,
            Nomination.status,
            Nomination.nominator_id,
            Nomination.erased_at,
        )
        .where(or_(Nomination.nominator_id == user_id, Nomination.nominee_id == user_id))
        .order_by(Nomination.id)
    )
    return [
        Held(
            r.id,
            r.reference or "",
            Status(r.status),
            r.nominator_id,
            r.nominator_id == user_id,
            r.erased_at is not None,
        )
        for r in rows
    ]


async def withdraw_for_consent(
    session: AsyncSession, held: Held, user_id: int, now: datetime
) -> bool:
    """A live nomination is withdrawn because the person withdrew their consent (audited);
    False when it moved on meanwhile."""
    move = (Status(held.status), Status.WITHDRAWN)
    event = "nomination.consent_withdrawn"
    return await pipeline.shift(
        session, held.nomination_id, held.reference, move, event, user_id, now
    )


async def is_voter(session: AsyncSession, user_id: int) -> bool:
    return await session.get(Voter, user_id) is not None


async def forget_person(session: AsyncSession, user_id: int) -> bool:
    """The person's voter record (their verified phone) goes; their ballots stay, as they
    name nobody. Their Telegram name and username are blanked. True if a voter record went."""
    gone = rowcount(await session.execute(delete(Voter).where(Voter.user_id == user_id)))
    await session.execute(
        update(User)
        .where(User.id == user_id)
        .values(first_name="", username=None, phone=None, phone_verified_at=None)
    )
    return gone > 0


async def checkpoint(session: AsyncSession) -> None:
    """On SQLite, move the write-ahead log into the file and empty it, so no page written
    before an erasure stays in `-wal` (the erased bytes are zeros in the file: secure_delete).
    Outside any transaction; PostgreSQL needs nothing here (see the README)."""
    if session.get_bind().dialect.name == "sqlite":
        await session.execute(text("PRAGMA wal_checkpoint(TRUNCATE)"))
