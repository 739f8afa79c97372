"""Tables. Enumerations from `domain` are stored as their string values."""

from __future__ import annotations

import sys
from datetime import UTC, date, datetime
from enum import StrEnum
from typing import Any, TypeVar

from sqlalchemy import (
    JSON,
    BigInteger,
    Boolean,
    CheckConstraint,
    Date,
    DateTime,
    ForeignKey,
    Index,
    Integer,
    String,
    Text,
    UniqueConstraint,
    event,
    false,
    text,
)
from sqlalchemy.engine import Connection, Engine
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column, relationship
from sqlalchemy.types import TypeDecorator

from domain.nomination import (
    NAME_KEY_MAX,
    NOT_BLOCKING_DUPLICATES,
    Gender,
    Relation,
    Source,
    Sphere,
    Status,
    person_key,
)
from domain.pipeline import Role, Verdict


class UtcDateTime(TypeDecorator[datetime]):
    """Aware UTC datetimes in and out, on SQLite (which keeps no zone) as on PostgreSQL."""

    impl = DateTime(timezone=True)
    cache_ok = True

    def process_bind_param(self, value: datetime | None, dialect: object) -> datetime | None:
        if value is None:
            return None
        if value.tzinfo is None:
            raise ValueError("naive datetime given to a UTC column")
        return value.astimezone(UTC)

    def process_result_value(self, value: datetime | None, dialect: object) -> datetime | None:
        if value is None:
            return None
        return value.replace(tzinfo=UTC) if value.tzinfo is None else value.astimezone(UTC)


_awaiting_postgresql: list[tuple[Index, str]] = []


def partial_index(name: str, *expressions: Any, where: str, unique: bool = False) -> Index:
    """An index of the rows for which `where` holds, on SQLite and on PostgreSQL alike.

    SQLite's clause is given at once, PostgreSQL's when a PostgreSQL engine first connects:
    naming `postgresql_where` here would make SQLAlchemy import its whole PostgreSQL dialect
    package to check the argument, 2.3 MiB of a process on SQLite, which never uses it.
    Whatever reads the clause (tables created, migrations compared) does so through a
    connection, so it is there by then."""
    index = Index(name, *expressions, unique=unique, sqlite_where=text(where))
    if "sqlalchemy.dialects.postgresql" in sys.modules:
        index.dialect_kwargs["postgresql_where"] = text(where)
    else:
        _awaiting_postgresql.append((index, where))
    return index


@event.listens_for(Engine, "engine_connect")
def _postgresql_where(connection: Connection) -> None:
    while _awaiting_postgresql and connection.dialect.name == "postgresql":
        index, where = _awaiting_postgresql.pop()
        index.dialect_kwargs["postgresql_where"] = text(where)


E = TypeVar("E", bound=StrEnum)


class EnumText(TypeDecorator[E]):
    """A StrEnum stored as its string value: the column stays a plain VARCHAR (so the
    migrations need not change), the model reads and writes enum members."""

    impl = String
    cache_ok = True

    def __init__(self, enum: type[E], length: int) -> None:
        super().__init__(length)
        self.enum = enum

    def process_bind_param(self, value: Any, dialect: object) -> str | None:
        return None if value is None else self.enum(value).value

    def process_result_value(self, value: str | None, dialect: object) -> E | None:
        return None if value is None else self.enum(value)


class Base(DeclarativeBase):
    pass


class User(Base):
    __tablename__ = "users"
    __table_args__ = (Index("uq_users_phone", "phone", unique=True),)

    id: Mapped[int] = mapped_column(BigInteger, primary_key=True, autoincrement=False)
    first_name: Mapped[str] = mapped_column(String(256), default="")
    username: Mapped[str | None] = mapped_column(String(64))
    language: Mapped[str | None] = mapped_column(String(8))
    telegram_language: Mapped[str | None] = mapped_column(String(16))
    created_at: Mapped[datetime] = mapped_column(UtcDateTime)
    blocked_at: Mapped[datetime | None] = mapped_column(UtcDateTime)
    # Last seen, to the day: the row is written when something changed or a day went by.
    seen_at: Mapped[datetime | None] = mapped_column(UtcDateTime)
    # Staff who asked for one message per new case at their desks (the digest comes anyway).
    notify_cases: Mapped[bool] = mapped_column(Boolean, default=False, server_default=false())
    # The one verified phone of the whole bot (`storage.phones`): the person's own, from a
    # contact they shared themselves; one account per phone.
    phone: Mapped[str | None] = mapped_column(String(20))
    phone_verified_at: Mapped[datetime | None] = mapped_column(UtcDateTime)


class FsmRecord(Base):
    """FSM state and data of one chat member, so a half-filled form survives a restart."""

    __tablename__ = "fsm_states"

    key: Mapped[str] = mapped_column(String(200), primary_key=True)
    state: Mapped[str | None] = mapped_column(String(100))
    data: Mapped[dict] = mapped_column(JSON, default=dict)
    # Last written: a draft untouched for DRAFT_DAYS is dropped (`storage.privacy`).
    updated_at: Mapped[datetime | None] = mapped_column(UtcDateTime, index=True)


def _person_key_of_row(context: Any) -> str:
    return person_key(context.get_current_parameters()["full_name"])


_blocking = "status NOT IN ({})".format(
    ", ".join(f"'{s}'" for s in sorted(NOT_BLOCKING_DUPLICATES))
)


class Nomination(Base):
    __tablename__ = "nominations"
    __table_args__ = (
        # One live nomination per person and phone: the database holds the rule, races
        # included. The person-lock is the phone's: another phone under the same name and
        # date of birth is an identity conflict for the secretariat, not a refusal.
        partial_index(
            "uq_nominations_person_phone",
            "person_key",
            "birth_date",
            "contact_phone",
            unique=True,
            where=_blocking,
        ),
        # Desk queues: by status (and region), oldest submission first.
        Index("ix_nominations_queue", "status", "created_at", "id"),
        Index("ix_nominations_region_queue", "status", "region_code", "created_at", "id"),
        # The retention purge: the not yet erased, by status, in id order.
        partial_index("ix_nominations_unerased", "status", "id", where="erased_at IS NULL"),
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    reference: Mapped[str | None] = mapped_column(String(20), unique=True)
    status: Mapped[Status] = mapped_column(EnumText(Status, 32), index=True)
    nominator_id: Mapped[int] = mapped_column(ForeignKey("users.id"), index=True)
    is_self: Mapped[bool] = mapped_column(Boolean)
    nominator_name: Mapped[str | None] = mapped_column(String(150))
    nominator_phone: Mapped[str | None] = mapped_column(String(20), index=True)
    relation: Mapped[Relation | None] = mapped_column(EnumText(Relation, 16))
    source: Mapped[Source] = mapped_column(EnumText(Source, 16))
    full_name: Mapped[str] = mapped_column(String(150))
    name_key: Mapped[str] = mapped_column(String(NAME_KEY_MAX))
    # The duplicate rule's key (`domain.nomination.person_key`): filled from the name when an
    # insert does not give it.
    person_key: Mapped[str] = mapped_column(String(64), default=_person_key_of_row)
    # None once erased (`storage.privacy`), like the other personal fields' blanks.
    birth_date: Mapped[date | None] = mapped_column(Date, nullable=True)
    gender: Mapped[Gender] = mapped_column(EnumText(Gender, 1))
    region_code: Mapped[str] = mapped_column(String(32), index=True)
    settlement: Mapped[str] = mapped_column(String(100))
    ethnicity: Mapped[str | None] = mapped_column(String(50))
    occupation: Mapped[str] = mapped_column(String(200))
    sphere: Mapped[Sphere] = mapped_column(EnumText(Sphere, 16))
    story: Mapped[str] = mapped_column(Text)
    photo_file_id: Mapped[str | None] = mapped_column(String(255))
    contact_phone: Mapped[str] = mapped_column(String(20), index=True)
    consent_version: Mapped[str] = mapped_column(String(16))
    consent_at: Mapped[datetime] = mapped_column(UtcDateTime)
    nominee_token: Mapped[str | None] = mapped_column(String(43), unique=True)
    nominee_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    nominee_consent_version: Mapped[str | None] = mapped_column(String(16))
    nominee_consent_at: Mapped[datetime | None] = mapped_column(UtcDateTime)
    created_at: Mapped[datetime] = mapped_column(UtcDateTime)
    updated_at: Mapped[datetime] = mapped_column(UtcDateTime)
    # The staff member working the case, since when (others see it; a decision, the person
    # or the timeout releases it, and another member may take it over explicitly).
    claimed_by: Mapped[int | None] = mapped_column(BigInteger)
    claimed_at: Mapped[datetime | None] = mapped_column(UtcDateTime)
    # When its personal data was erased (retention, or the person withdrew consent).
    erased_at: Mapped[datetime | None] = mapped_column(UtcDateTime)

    achievements: Mapped[list[Achievement]] = relationship(
        back_populates="nomination",
        order_by="Achievement.position",
        cascade="all, delete-orphan",
        lazy="selectin",
    )


class Achievement(Base):
    __tablename__ = "achievements"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    nomination_id: Mapped[int] = mapped_column(
        ForeignKey("nominations.id", ondelete="CASCADE"), index=True
    )
    position: Mapped[int] = mapped_column(Integer)
    text: Mapped[str] = mapped_column(String(400))
    year: Mapped[int] = mapped_column(Integer)
    proof_url: Mapped[str | None] = mapped_column(String(500))
    proof_file_id: Mapped[str | None] = mapped_column(String(255))
    proof_kind: Mapped[str | None] = mapped_column(String(16))

    nomination: Mapped[Nomination] = relationship(back_populates="achievements")


class Recusal(Base):
    """A staff member's declared conflict of interest with a case: it leaves their desks."""

    __tablename__ = "recusals"

    nomination_id: Mapped[int] = mapped_column(ForeignKey("nominations.id"), primary_key=True)
    user_id: Mapped[int] = mapped_column(
        BigInteger, primary_key=True, autoincrement=False, index=True
    )
    at: Mapped[datetime] = mapped_column(UtcDateTime)


class DocumentRequest(Base):
    """A verifier asking the nominator for documents proving one achievement."""

    __tablename__ = "document_requests"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    nomination_id: Mapped[int] = mapped_column(ForeignKey("nominations.id"), index=True)
    achievement_id: Mapped[int | None] = mapped_column(
        ForeignKey("achievements.id", ondelete="CASCADE")
    )
    verifier_id: Mapped[int] = mapped_column(BigInteger)
    comment: Mapped[str | None] = mapped_column(String(500))
    requested_at: Mapped[datetime] = mapped_column(UtcDateTime)
    answered_at: Mapped[datetime | None] = mapped_column(UtcDateTime)


class CaseDocument(Base):
    """A document or photo the nominator added to a case after submitting it."""

    __tablename__ = "case_documents"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    nomination_id: Mapped[int] = mapped_column(ForeignKey("nominations.id"), index=True)
    request_id: Mapped[int | None] = mapped_column(ForeignKey("document_requests.id"))
    file_id: Mapped[str] = mapped_column(String(255))
    kind: Mapped[str] = mapped_column(String(16))  # "photo" or "document"
    uploaded_by: Mapped[int] = mapped_column(BigInteger)
    uploaded_at: Mapped[datetime] = mapped_column(UtcDateTime)


class RoleGrant(Base):
    """A role a person holds; `scope` is the region (verifier) or agency (official), else ''."""

    __tablename__ = "role_grants"
    __table_args__ = (UniqueConstraint("user_id", "role", "scope"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id"), index=True)
    role: Mapped[Role] = mapped_column(EnumText(Role, 16), index=True)
    scope: Mapped[str] = mapped_column(String(64), default="")
    granted_by: Mapped[int | None] = mapped_column(BigInteger)
    granted_at: Mapped[datetime] = mapped_column(UtcDateTime)


class Invitation(Base):
    """A one-time deep link that grants a role, to the person who shares their own contact."""

    __tablename__ = "invitations"

    token: Mapped[str] = mapped_column(String(43), primary_key=True)
    role: Mapped[Role] = mapped_column(EnumText(Role, 16))
    scope: Mapped[str] = mapped_column(String(64), default="")
    created_by: Mapped[int] = mapped_column(BigInteger)
    created_at: Mapped[datetime] = mapped_column(UtcDateTime)
    expires_at: Mapped[datetime] = mapped_column(UtcDateTime)
    used_by: Mapped[int | None] = mapped_column(BigInteger)
    used_at: Mapped[datetime | None] = mapped_column(UtcDateTime)
    # Cancelled by an admin (`cancelled_by`), or with no one named when its maker lost the
    # role that let them make it: either way the link gives nothing any more.
    cancelled_at: Mapped[datetime | None] = mapped_column(UtcDateTime)
    cancelled_by: Mapped[int | None] = mapped_column(BigInteger)


class AuditEntry(Base):
    """Append-only and hash-chained: see `domain.audit`."""

    __tablename__ = "audit_log"

    seq: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=False)
    at: Mapped[datetime] = mapped_column(UtcDateTime)
    actor_id: Mapped[int | None] = mapped_column(BigInteger)
    action: Mapped[str] = mapped_column(String(48))
    subject: Mapped[str] = mapped_column(String(64), index=True)
    details: Mapped[str] = mapped_column(Text)
    # The entry's personal part (a comment, file ids) with a random salt, as JSON; the chain
    # covers only its digest, so erasing it (NULL) leaves the chain whole (`domain.audit`).
    personal: Mapped[str | None] = mapped_column(Text)
    personal_digest: Mapped[str | None] = mapped_column(String(64))
    prev_hash: Mapped[str] = mapped_column(String(64), unique=True)
    hash: Mapped[str] = mapped_column(String(64))


class AuditHead(Base):
    """One row: the last sequence number and hash. Updating it first serialises appends."""

    __tablename__ = "audit_head"

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=False)
    seq: Mapped[int] = mapped_column(Integer)
    hash: Mapped[str] = mapped_column(String(64))


class FactCheck(Base):
    """A regional verifier's verdict on one achievement."""

    __tablename__ = "fact_checks"

    achievement_id: Mapped[int] = mapped_column(
        ForeignKey("achievements.id", ondelete="CASCADE"), primary_key=True, autoincrement=False
    )
    nomination_id: Mapped[int] = mapped_column(ForeignKey("nominations.id"), index=True)
    verdict: Mapped[Verdict] = mapped_column(EnumText(Verdict, 8))
    comment: Mapped[str | None] = mapped_column(String(500))
    verifier_id: Mapped[int] = mapped_column(BigInteger)
    at: Mapped[datetime] = mapped_column(UtcDateTime)


class Conclusion(Base):
    """One expert's motivated conclusion on one candidate."""

    __tablename__ = "conclusions"
    # Every score is 1–5 (domain.pipeline.SCORES), whoever writes the row.
    __table_args__ = (
        UniqueConstraint("nomination_id", "expert_id"),
        *(
            CheckConstraint(f"{column} BETWEEN 1 AND 5", name=f"ck_conclusions_{column}")
            for column in ("contribution", "story", "independence", "not_famous")
        ),
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    nomination_id: Mapped[int] = mapped_column(ForeignKey("nominations.id"), index=True)
    expert_id: Mapped[int] = mapped_column(BigInteger)
    contribution: Mapped[int] = mapped_column(Integer)
    story: Mapped[int] = mapped_column(Integer)
    independence: Mapped[int] = mapped_column(Integer)
    not_famous: Mapped[int] = mapped_column(Integer)
    motivation: Mapped[str] = mapped_column(Text)
    recommend: Mapped[bool] = mapped_column(Boolean)
    at: Mapped[datetime] = mapped_column(UtcDateTime)


class OutboxMessage(Base):
    """A message some change causes, written in the change's own transaction and sent by the
    paced sender after it commits: a stop between the two loses nothing, and a change that
    rolls back sends nothing. The text is a locale key rendered in the recipient's language
    when it is sent; `params` may name keys too ({"$key": "status-screening"}). A plan
    reminder is a row with a `dedupe_key`: the postman gathers one person's reminders into
    one digest, composed when it goes."""

    __tablename__ = "outbox_messages"
    __table_args__ = (partial_index("ix_outbox_messages_pending", "id", where="sent_at IS NULL"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    recipient_id: Mapped[int] = mapped_column(BigInteger)
    text_key: Mapped[str] = mapped_column(String(64))
    params: Mapped[dict] = mapped_column(JSON, default=dict)
    created_at: Mapped[datetime] = mapped_column(UtcDateTime)
    # The instance sending it, until when: another instance leaves it alone until then.
    claimed_by: Mapped[str | None] = mapped_column(String(120))
    claimed_until: Mapped[datetime | None] = mapped_column(UtcDateTime)
    sent_at: Mapped[datetime | None] = mapped_column(UtcDateTime)
    outcome: Mapped[str | None] = mapped_column(String(16))
    # A message that must go once however often it is written (a plan reminder: its kind,
    # due date, agency, offset and recipient): a second row with the key is never written.
    dedupe_key: Mapped[str | None] = mapped_column(String(120), unique=True)


class Version(Base):
    """Counters that tell every instance its cache is stale (`grants`: roles changed)."""

    __tablename__ = "versions"

    name: Mapped[str] = mapped_column(String(40), primary_key=True)
    value: Mapped[int] = mapped_column(Integer, default=0)


class Lease(Base):
    """Who runs the scheduled jobs: the instance holding the lease, until it expires."""

    __tablename__ = "leases"

    name: Mapped[str] = mapped_column(String(40), primary_key=True)
    holder: Mapped[str] = mapped_column(String(120))
    expires_at: Mapped[datetime] = mapped_column(UtcDateTime)
