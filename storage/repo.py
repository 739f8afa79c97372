"""People, nominations and the scheduler lease in SQL. Nothing here commits: the caller's
unit of work does (`services.uow`)."""

from __future__ import annotations

import secrets
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from typing import Any

from sqlalchemy import ColumnElement, bindparam, literal, or_, select, update
from sqlalchemy.exc import IntegrityError
from sqlalchemy.ext.asyncio import AsyncSession

from domain.nomination import (
    CONSENT_VERSION,
    Gender,
    NominationRecord,
    Relation,
    Source,
    Sphere,
    Status,
    reference_for,
)
from domain.nomination import Achievement as AchievementRecord
from domain.pipeline import Action
from storage import audit
from storage.db import insert_for
from storage.fsm import FsmRow
from storage.models import Achievement, FsmRecord, Lease, Nomination, RoleGrant, User, Version
from storage.vote_tables import Voter

GRANTS = "grants"


@dataclass(frozen=True, slots=True)
class PersonRow:
    """What one update needs to know of its sender, read in one round trip with their
    conversation state: their row (None for someone new), whether they hold any role, and
    the version of everybody's roles (so a cache of roles knows when it is stale), and
    whether they are a verified voter (so a vote asks nothing more of the person: the
    ballot's statements then carry no Telegram id at all)."""

    user: UserRow | None
    has_grants: bool
    grants_version: int
    is_voter: bool = False


@dataclass(frozen=True, slots=True)
class UserRow:
    id: int
    first_name: str
    username: str | None
    language: str | None
    telegram_language: str | None
    seen_at: datetime | None
    blocked_at: datetime | None


_USER_COLUMNS = (
    User.id,
    User.first_name,
    User.username,
    User.language,
    User.telegram_language,
    User.seen_at,
    User.blocked_at,
)


def _person_query(with_state: bool) -> Any:
    """Built once: this runs on every update, and building a statement costs more than
    running it."""
    user_id: Any = bindparam("user_id")
    has_grants = select(RoleGrant.id).where(RoleGrant.user_id == user_id).exists()
    version = select(Version.value).where(Version.name == GRANTS).scalar_subquery()
    is_voter = select(Voter.user_id).where(Voter.user_id == user_id).exists()
    one = select(literal(1).label("one")).subquery()
    query = (
        select(
            *_USER_COLUMNS,
            has_grants.label("has_grants"),
            version.label("version"),
            is_voter.label("is_voter"),
        )
        .select_from(one)
        .outerjoin(User, User.id == user_id)
    )
    if with_state:
        query = query.add_columns(FsmRecord.state, FsmRecord.data).outerjoin(
            FsmRecord, FsmRecord.key == bindparam("fsm_key")
        )
    return query


_PERSON = _person_query(with_state=False)
_PERSON_AND_STATE = _person_query(with_state=True)


async def load_person(
    session: AsyncSession, user_id: int, fsm_key: str | None = None
) -> tuple[PersonRow, FsmRow | None]:
    """The sender's row and, when `fsm_key` is given, their conversation state: one query."""
    if fsm_key is None:
        row = (await session.execute(_PERSON, {"user_id": user_id})).one()
    else:
        params = {"user_id": user_id, "fsm_key": fsm_key}
        row = (await session.execute(_PERSON_AND_STATE, params)).one()
    state = None
    if fsm_key is not None and (row.state is not None or row.data is not None):
        state = FsmRow(row.state, dict(row.data or {}))
    user = UserRow(*tuple(row)[:7]) if row.id is not None else None
    person = PersonRow(user, bool(row.has_grants), int(row.version or 0), bool(row.is_voter))
    return person, state


async def save_user(
    session: AsyncSession,
    user_id: int,
    first_name: str,
    username: str | None,
    telegram_language: str | None,
    now: datetime,
) -> None:
    """Insert the person, or bring their row up to date: name, username, Telegram language,
    last seen; someone who writes again has evidently unblocked the bot."""
    values = {
        "first_name": first_name[:256],
        "username": username,
        "telegram_language": telegram_language,
        "seen_at": now,
        "blocked_at": None,
    }
    statement = insert_for(session)(User).values(id=user_id, created_at=now, **values)
    await session.execute(statement.on_conflict_do_update(index_elements=[User.id], set_=values))


class AlreadyNominated(Exception):
    """The same person (name and date of birth) already has a live nomination."""


async def get_or_create_user(
    session: AsyncSession,
    user_id: int,
    first_name: str,
    username: str | None,
    telegram_language: str | None,
    now: datetime,
) -> User:
    """The person's row, created when missing (tests and jobs; updates go through
    `load_person` and `save_user`)."""
    statement = insert_for(session)(User).values(
        id=user_id,
        first_name=first_name[:256],
        username=username,
        telegram_language=telegram_language,
        created_at=now,
        seen_at=now,
    )
    await session.execute(statement.on_conflict_do_nothing())
    user = await session.get(User, user_id)
    assert user is not None
    return user


async def set_language(session: AsyncSession, user_id: int, locale: str) -> None:
    await session.execute(update(User).where(User.id == user_id).values(language=locale))


async def awaiting_consent_of(
    session: AsyncSession, key: str, birth_date: date
) -> list[Nomination]:
    """The nominations of this person (`person_key` and birth date) waiting for consent."""
    query = (
        select(Nomination)
        .where(
            Nomination.person_key == key,
            Nomination.birth_date == birth_date,
            Nomination.status == Status.AWAITING_NOMINEE_CONSENT,
        )
        .order_by(Nomination.id)
    )
    return list(await session.scalars(query))


async def unanswered_links(
    session: AsyncSession, issued_before: datetime, limit: int
) -> list[Nomination]:
    """Nominations still waiting for consent through a link issued before `issued_before`."""
    query = (
        select(Nomination)
        .where(
            Nomination.status == Status.AWAITING_NOMINEE_CONSENT,
            Nomination.created_at < issued_before,
        )
        .order_by(Nomination.id)
        .limit(limit)
    )
    return list(await session.scalars(query))


async def awaiting_consent_naming(
    session: AsyncSession, user_id: int, phone: str | None, links_issued_after: datetime
) -> list[Nomination]:
    """Nominations by others waiting for this person's consent through a link still valid:
    those giving as the nominee's phone `phone`, the person's verified one (none: nothing)."""
    if phone is None:
        return []
    query = (
        select(Nomination)
        .where(
            Nomination.status == Status.AWAITING_NOMINEE_CONSENT,
            Nomination.created_at >= links_issued_after,
            Nomination.nominator_id != user_id,
            Nomination.contact_phone == phone,
        )
        .order_by(Nomination.id.desc())
    )
    return list(await session.scalars(query))


async def set_nominee(session: AsyncSession, nomination: Nomination, user_id: int) -> None:
    """The person whose verified phone is the nominee's phone opened the link: they are the
    nominee (the conflict-of-interest rule keys on it)."""
    if nomination.nominee_id != user_id:  # no write when nothing changes
        nomination.nominee_id = user_id
        await session.flush()


async def create_nomination(
    session: AsyncSession,
    record: NominationRecord,
    nominator_id: int,
    now: datetime,
    year: int,
    details: dict[str, Any] | None = None,
) -> Nomination:
    """Store a submitted form; a nomination of another person waits for the nominee's consent.
    `details` go into its audit entry."""
    nomination = Nomination(
        status=Status.SUBMITTED if record.is_self else Status.AWAITING_NOMINEE_CONSENT,
        nominator_id=nominator_id,
        is_self=record.is_self,
        nominator_name=record.nominator_name,
        nominator_phone=record.nominator_phone,
        relation=record.relation,
        source=record.source,
        full_name=record.full_name,
        name_key=record.name_key,
        person_key=record.person_key,
        birth_date=record.birth_date,
        gender=record.gender,
        region_code=record.region_code,
        settlement=record.settlement,
        ethnicity=record.ethnicity,
        occupation=record.occupation,
        sphere=record.sphere,
        story=record.story,
        photo_file_id=record.photo_file_id,
        contact_phone=record.contact_phone,
        consent_version=record.consent_version,
        consent_at=record.consent_at,
        nominee_token=None if record.is_self else secrets.token_urlsafe(16),
        created_at=now,
        updated_at=now,
        achievements=[
            Achievement(
                position=position,
                text=item.text,
                year=item.year,
                proof_url=item.proof_url,
                proof_file_id=item.proof_file_id,
                proof_kind=item.proof_kind,
            )
            for position, item in enumerate(record.achievements, start=1)
        ],
    )
    session.add(nomination)
    try:
        await session.flush()
        nomination.reference = reference_for(year, nomination.id)
        await audit.append(
            session,
            now,
            nominator_id,
            "nomination.submit",
            f"nomination:{nomination.id}",
            {
                "reference": nomination.reference,
                "from": Status.DRAFT,
                "to": nomination.status,
                **(details or {}),
            },
        )
    except IntegrityError:  # the caller's transaction rolls back
        raise AlreadyNominated from None
    return nomination


async def nominations_after(
    session: AsyncSession,
    after: int,
    limit: int,
    statuses: frozenset[Status] | None,
    *where: ColumnElement[bool],
) -> list[Nomination]:
    """The next `limit` nominations by id after `after` (of `statuses`, or of any status;
    meeting `where`): a page of an export that reads the table a page at a time."""
    query = (
        select(Nomination).where(Nomination.id > after, *where).order_by(Nomination.id).limit(limit)
    )
    if statuses is not None:
        query = query.where(Nomination.status.in_(statuses))
    return list(await session.scalars(query))


async def nominations_of(session: AsyncSession, nominator_id: int) -> list[Nomination]:
    query = (
        select(Nomination)
        .where(Nomination.nominator_id == nominator_id)
        .order_by(Nomination.id.desc())
    )
    return list(await session.scalars(query))


async def nomination_by_token(session: AsyncSession, token: str) -> Nomination | None:
    return await session.scalar(select(Nomination).where(Nomination.nominee_token == token))


async def settle_nominee_consent(
    session: AsyncSession,
    token: str,
    nominee_id: int,
    phone: str | None,
    agree: bool,
    now: datetime,
    links_issued_after: datetime,
) -> Nomination | None:
    """Record the nominee's answer once; None when the link was already used, has expired
    (issued before `links_issued_after`), is unknown, or `phone` (the answerer's verified
    phone) is not the nominee's.

    The status and age checks are part of the UPDATE, so two taps at once settle it once,
    and no answer slips in after the link expired."""
    values: dict[str, object] = {
        "status": Status.SUBMITTED if agree else Status.WITHDRAWN,
        "nominee_id": nominee_id,
        "updated_at": now,
    }
    if agree:
        values |= {"nominee_consent_version": CONSENT_VERSION, "nominee_consent_at": now}
    result = await session.execute(
        update(Nomination)
        .where(
            Nomination.nominee_token == token,
            Nomination.status == Status.AWAITING_NOMINEE_CONSENT,
            Nomination.created_at >= links_issued_after,
            Nomination.nominator_id != nominee_id,
            Nomination.contact_phone == (phone or ""),
        )
        .values(**values)
        .returning(Nomination.id)
    )
    nomination_id = result.scalar_one_or_none()
    if nomination_id is None:
        return None
    action = Action.NOMINEE_AGREES if agree else Action.NOMINEE_DECLINES
    await audit.append(
        session,
        now,
        nominee_id,
        f"nomination.{action}",
        f"nomination:{nomination_id}",
        {"from": Status.AWAITING_NOMINEE_CONSENT, "to": values["status"]},
    )
    return await session.get(Nomination, nomination_id, populate_existing=True)


async def get_user(session: AsyncSession, user_id: int) -> User | None:
    return await session.get(User, user_id)


def record_of(nomination: Nomination) -> NominationRecord:
    """The domain view of a stored nomination, for rendering its card."""
    return NominationRecord(
        is_self=nomination.is_self,
        nominator_name=nomination.nominator_name,
        nominator_phone=nomination.nominator_phone,
        relation=Relation(nomination.relation) if nomination.relation else None,
        source=Source(nomination.source),
        full_name=nomination.full_name,
        # Erased (`storage.privacy`): no date is left to show.
        birth_date=nomination.birth_date or date.min,
        gender=Gender(nomination.gender),
        region_code=nomination.region_code,
        settlement=nomination.settlement,
        ethnicity=nomination.ethnicity,
        occupation=nomination.occupation,
        sphere=Sphere(nomination.sphere),
        achievements=tuple(
            AchievementRecord(
                text=item.text,
                year=item.year,
                proof_url=item.proof_url,
                proof_file_id=item.proof_file_id,
                proof_kind=item.proof_kind,
            )
            for item in nomination.achievements
        ),
        story=nomination.story,
        photo_file_id=nomination.photo_file_id,
        contact_phone=nomination.contact_phone,
        consent_version=nomination.consent_version,
        consent_at=nomination.consent_at,
    )


async def mark_blocked(session: AsyncSession, user_id: int, now: datetime) -> None:
    await session.execute(update(User).where(User.id == user_id).values(blocked_at=now))


async def hold_lease(
    session: AsyncSession, name: str, holder: str, now: datetime, ttl: timedelta
) -> bool:
    """Take the lease, or extend it, unless another holder's has not expired yet. One
    statement, so two instances asking at once cannot both get it."""
    statement = (
        insert_for(session)(Lease)
        .values(name=name, holder=holder, expires_at=now + ttl)
        .on_conflict_do_update(
            index_elements=[Lease.name],
            set_={"holder": holder, "expires_at": now + ttl},
            where=or_(Lease.holder == holder, Lease.expires_at <= now),
        )
        .returning(Lease.holder)
    )
    return (await session.execute(statement)).scalar_one_or_none() == holder


async def release_lease(session: AsyncSession, name: str, holder: str, now: datetime) -> None:
    """Let another instance take the lease at once (a stopping instance calls it)."""
    await session.execute(
        update(Lease).where(Lease.name == name, Lease.holder == holder).values(expires_at=now)
    )
