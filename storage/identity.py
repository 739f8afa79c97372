"""Who a nomination is about, in SQL: the duplicate rule (the same name, date of birth and
phone), the limits per account, identity conflicts (the same person under another phone),
and the nominator's correction of the candidate's phone. Nothing here commits."""

from __future__ import annotations

import secrets
from collections.abc import Sequence
from datetime import date, datetime

from sqlalchemy import exists, func, or_, select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.ext.asyncio import AsyncSession
from sqlalchemy.orm import aliased

from domain.nomination import ENDED, NOT_BLOCKING_DUPLICATES, Status
from storage import audit
from storage.models import Nomination
from storage.repo import AlreadyNominated


async def is_already_nominated(
    session: AsyncSession,
    key: str,
    birth_date: date,
    phone: str,
    links_issued_after: datetime,
    year_began: datetime,
    self_nomination: bool = False,
) -> bool:
    """Whether a nomination of the person (`key`: `person_key`, the date of birth) with this
    phone blocks a new one: a live one, or one rejected this campaign year (since
    `year_began`). One waiting for consent whose link has expired does not (it lapses), nor,
    for the person's own nomination, one still waiting for their consent (their own
    replaces it). The same name and date of birth with another phone blocks nothing: it is
    an identity conflict for the secretariat."""
    awaiting = Nomination.status == Status.AWAITING_NOMINEE_CONSENT
    passing = (
        awaiting if self_nomination else awaiting & (Nomination.created_at < links_issued_after)
    )
    live = Nomination.status.not_in(NOT_BLOCKING_DUPLICATES) & ~passing
    rejected_this_year = (Nomination.status == Status.REJECTED) & (
        Nomination.created_at >= year_began
    )
    query = select(
        exists().where(
            Nomination.person_key == key,
            Nomination.birth_date == birth_date,
            Nomination.contact_phone == phone,
            or_(live, rejected_this_year),
        )
    )
    return bool(await session.scalar(query))


async def live_self_nominations(session: AsyncSession, user_id: int) -> int:
    """How many self-nominations of this account have not ended."""
    query = select(func.count()).where(
        Nomination.nominator_id == user_id,
        Nomination.is_self.is_(True),
        Nomination.status.not_in(ENDED),
    )
    return int(await session.scalar(query) or 0)


async def others_nominated_since(session: AsyncSession, user_id: int, since: datetime) -> int:
    """How many nominations of other people this account filed since `since`, whatever
    became of them (a withdrawn or voided one was filed all the same)."""
    query = select(func.count()).where(
        Nomination.nominator_id == user_id,
        Nomination.is_self.is_(False),
        Nomination.created_at >= since,
    )
    return int(await session.scalar(query) or 0)


# What went past the nominee's consent and has not ended: a claim on a person that someone
# verified, by their own contact or by consenting through the link.
_VERIFIED_LIVE = tuple(
    s for s in Status if s not in ENDED and s not in (Status.DRAFT, Status.AWAITING_NOMINEE_CONSENT)
)


async def identity_conflicts(session: AsyncSession, ids: Sequence[int]) -> dict[int, list[str]]:
    """For each nomination of `ids`, the references of the other live nominations of the same
    name and date of birth under another phone: two people claim to be this person, and the
    secretariat must see both side by side. One query for a whole page of a list."""
    if not ids:
        return {}
    other = aliased(Nomination)
    query = (
        select(Nomination.id, other.reference)
        .join(
            other,
            (other.person_key == Nomination.person_key)
            & (other.birth_date == Nomination.birth_date)
            & (other.contact_phone != Nomination.contact_phone)
            & (other.id != Nomination.id),
        )
        .where(
            Nomination.id.in_(list(ids)),
            other.status.in_(_VERIFIED_LIVE),
        )
        .order_by(other.id)
    )
    found: dict[int, list[str]] = {}
    for nomination_id, reference in await session.execute(query):
        if reference:
            found.setdefault(nomination_id, []).append(reference)
    return found


async def correct_phone(
    session: AsyncSession, nomination: Nomination, phone: str, actor_id: int, now: datetime
) -> None:
    """The nominator corrects the nominee's phone while the nomination waits for consent: a
    new link (the old one dead), nobody the nominee yet. Audited without the phones."""
    nomination.contact_phone = phone
    nomination.nominee_token = secrets.token_urlsafe(16)
    nomination.nominee_id = None
    nomination.updated_at = now
    try:
        await session.flush()
    except IntegrityError:  # the person with this phone is nominated already
        raise AlreadyNominated from None
    await audit.append(
        session,
        now,
        actor_id,
        "nomination.phone_corrected",
        f"nomination:{nomination.id}",
        {"reference": nomination.reference},
    )
