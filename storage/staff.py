"""Roles and one-time invitations (open, used, cancelled, dead with their maker's role); a
person's verified phone; the languages staff read, and whether they asked to hear of every
case at their desks; whether a working-group member stands in a round."""

from __future__ import annotations

import secrets
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime, timedelta

from sqlalchemy import ColumnElement, ScalarSelect, delete, func, or_, select, update
from sqlalchemy.ext.asyncio import AsyncSession

from domain.pipeline import Role
from storage import audit
from storage.db import insert_for, rowcount
from storage.models import Invitation, Nomination, RoleGrant, User, Version
from storage.vote_tables import RoundCandidate

GRANTS = "grants"


async def bump_grants_version(session: AsyncSession) -> None:
    """Roles changed: every instance's cache of roles is stale from this commit on."""
    statement = insert_for(session)(Version).values(name=GRANTS, value=1)
    await session.execute(
        statement.on_conflict_do_update(
            index_elements=[Version.name], set_={"value": Version.value + 1}
        )
    )


async def grants_of(session: AsyncSession, user_id: int) -> list[RoleGrant]:
    query = select(RoleGrant).where(RoleGrant.user_id == user_id).order_by(RoleGrant.id)
    return list(await session.scalars(query))


async def holders(
    session: AsyncSession, role: Role, scope: str | None = None, notified: bool = False
) -> list[int]:
    """The holders of `role` (of `scope`); `notified`: only those who asked for a message
    per case at their desk."""
    query = select(RoleGrant.user_id).where(RoleGrant.role == role)
    if notified:
        query = query.join(User, User.id == RoleGrant.user_id).where(User.notify_cases.is_(True))
    if scope is not None:
        query = query.where(RoleGrant.scope == scope)
    return sorted(set(await session.scalars(query)))


async def notify_cases(session: AsyncSession, user_id: int) -> bool:
    return bool(await session.scalar(select(User.notify_cases).where(User.id == user_id)))


async def set_notify_cases(session: AsyncSession, user_id: int, on: bool) -> None:
    await session.execute(update(User).where(User.id == user_id).values(notify_cases=on))


@dataclass(frozen=True, slots=True)
class StaffLanguage:
    """A person with roles, and what says which language they read."""

    user_id: int
    language: str | None
    telegram_language: str | None
    roles: frozenset[Role]


async def staff_languages(
    session: AsyncSession, user_ids: Iterable[int] | None = None
) -> list[StaffLanguage]:
    """Everybody who holds a role (or these people, roles or not), with their languages."""
    grants = select(RoleGrant.user_id, RoleGrant.role)
    people = select(User.id, User.language, User.telegram_language)
    if user_ids is not None:
        wanted = sorted(set(user_ids))
        grants = grants.where(RoleGrant.user_id.in_(wanted))
        people = people.where(User.id.in_(wanted))
    else:
        people = people.where(User.id.in_(select(RoleGrant.user_id)))
    roles: dict[int, set[Role]] = {}
    for user_id, role in (await session.execute(grants)).all():
        roles.setdefault(user_id, set()).add(Role(role))
    return [
        StaffLanguage(user_id, language, telegram, frozenset(roles.get(user_id, ())))
        for user_id, language, telegram in (await session.execute(people.order_by(User.id))).all()
    ]


async def people_with(session: AsyncSession, role: Role) -> list[tuple[RoleGrant, User]]:
    query = (
        select(RoleGrant, User)
        .join(User, User.id == RoleGrant.user_id)
        .where(RoleGrant.role == role)
        .order_by(RoleGrant.scope, User.first_name)
    )
    return [(grant, user) for grant, user in (await session.execute(query)).all()]


async def invite(
    session: AsyncSession, role: Role, scope: str, created_by: int, now: datetime, ttl: timedelta
) -> Invitation:
    invitation = Invitation(
        token=secrets.token_urlsafe(16),
        role=role,
        scope=scope,
        created_by=created_by,
        created_at=now,
        expires_at=now + ttl,
    )
    session.add(invitation)
    await audit.append(
        session,
        now,
        created_by,
        "role.invite",
        f"invitation:{invitation.token[:8]}",
        {"role": role, "scope": scope, "expires_at": invitation.expires_at.isoformat()},
    )
    return invitation


class InvitationRefused(Exception):
    """Why a link gives nothing: 'unknown', 'used', 'expired', 'cancelled', 'held' (and, from
    the caller, 'dead': its maker may no longer make it)."""

    def __init__(self, reason: str) -> None:
        super().__init__(reason)
        self.reason = reason


def _open(now: datetime) -> tuple[ColumnElement[bool], ...]:
    return (
        Invitation.used_by.is_(None),
        Invitation.cancelled_at.is_(None),
        Invitation.expires_at > now,
    )


async def open_invitation(session: AsyncSession, token: str, now: datetime) -> Invitation:
    """The invitation behind a link while it may still be used (else InvitationRefused)."""
    invitation = await session.get(Invitation, token) if token else None
    if invitation is None:
        raise InvitationRefused("unknown")
    if invitation.used_by is not None:
        raise InvitationRefused("used")
    if invitation.cancelled_at is not None:
        raise InvitationRefused("cancelled")
    if invitation.expires_at <= now:
        raise InvitationRefused("expired")
    return invitation


async def holds(session: AsyncSession, user_id: int, role: Role, scope: str) -> bool:
    held = await session.scalar(
        select(RoleGrant.id).where(
            RoleGrant.user_id == user_id, RoleGrant.role == role, RoleGrant.scope == scope
        )
    )
    return held is not None


async def accept(
    session: AsyncSession, invitation: Invitation, user_id: int, now: datetime
) -> RoleGrant:
    """Use an open invitation once (`open_invitation`'s): the role is granted, audited.
    Raises InvitationRefused('used'|'held')."""
    claimed = await session.execute(
        update(Invitation)
        .where(Invitation.token == invitation.token, *_open(now))
        .values(used_by=user_id, used_at=now)
    )
    if rowcount(claimed) != 1:
        raise InvitationRefused("used")
    if await holds(session, user_id, invitation.role, invitation.scope):
        raise InvitationRefused("held")  # nothing changes (the caller rolls back the claim)
    grant = RoleGrant(
        user_id=user_id,
        role=invitation.role,
        scope=invitation.scope,
        granted_by=invitation.created_by,
        granted_at=now,
    )
    session.add(grant)
    await session.flush()
    await bump_grants_version(session)
    await audit.append(
        session,
        now,
        user_id,
        "role.grant",
        f"user:{user_id}",
        {"role": invitation.role, "scope": invitation.scope, "by": invitation.created_by},
    )
    return grant


async def open_invitations(
    session: AsyncSession, now: datetime, offset: int, limit: int
) -> tuple[list[tuple[Invitation, User | None]], int]:
    """One page of the links that may still be used, soonest to expire first, each with its
    maker; and how many there are in all."""
    total = await session.scalar(select(func.count()).select_from(Invitation).where(*_open(now)))
    query = (
        select(Invitation, User)
        .outerjoin(User, User.id == Invitation.created_by)
        .where(*_open(now))
        .order_by(Invitation.expires_at, Invitation.token)
        .offset(offset)
        .limit(limit)
    )
    rows: list[tuple[Invitation, User | None]] = [
        (invitation, user) for invitation, user in (await session.execute(query)).all()
    ]
    return rows, int(total or 0)


async def open_invitation_starting(
    session: AsyncSession, token_start: str, now: datetime
) -> tuple[Invitation, User | None] | None:
    """The one open link whose token starts with `token_start`, with its maker (None: it was
    used, cancelled or expired, or the start names no single link)."""
    if len(token_start) < 8:
        return None
    query = (
        select(Invitation, User)
        .outerjoin(User, User.id == Invitation.created_by)
        .where(Invitation.token.startswith(token_start, autoescape=True), *_open(now))
        .limit(2)
    )
    found = (await session.execute(query)).all()
    if len(found) != 1:
        return None
    invitation, user = found[0]
    return invitation, user


async def cancel_invitation(
    session: AsyncSession, token_start: str, by: int, now: datetime
) -> Invitation | None:
    """Cancel the one open link whose token starts with `token_start` (None: there is no
    such link now). Audited."""
    found = await open_invitation_starting(session, token_start, now)
    if found is None:
        return None
    invitation = found[0]
    cancelled = await session.execute(
        update(Invitation)
        .where(Invitation.token == invitation.token, *_open(now))
        .values(cancelled_at=now, cancelled_by=by)
    )
    if rowcount(cancelled) != 1:
        return None
    await audit.append(
        session,
        now,
        by,
        "role.invite.cancel",
        f"invitation:{invitation.token[:8]}",
        {"role": invitation.role, "scope": invitation.scope, "by": invitation.created_by},
    )
    return invitation


async def cancel_made_by(
    session: AsyncSession, maker: int, roles: Iterable[Role], by: int | None, now: datetime
) -> int:
    """Cancel `maker`'s open links to `roles` (they may no longer make them); audited as one
    entry with the count. Returns how many."""
    wanted = sorted(set(roles))
    if not wanted:
        return 0
    cancelled = await session.execute(
        update(Invitation)
        .where(Invitation.created_by == maker, Invitation.role.in_(wanted), *_open(now))
        .values(cancelled_at=now, cancelled_by=None)
    )
    count = rowcount(cancelled)
    if count:
        await audit.append(
            session,
            now,
            by,
            "role.invite.cancel",
            f"user:{maker}",
            {"roles": wanted, "count": count, "reason": "maker-revoked"},
        )
    return count


def verified_phone_of(user_id: int) -> ScalarSelect[str]:
    """The person's verified phone (`storage.phones`) as a subquery (NULL: none), for
    conditions in SQL."""
    return select(User.phone).where(User.id == user_id).scalar_subquery()


async def candidate_of_round(session: AsyncSession, round_id: int, user_id: int) -> bool:
    """Whether the person stands in the round: a candidate's phone is their verified phone,
    or they nominated a candidate (by account or by that phone) or are one's nominee."""
    phone = verified_phone_of(user_id)
    query = (
        select(RoundCandidate.nomination_id)
        .join(Nomination, Nomination.id == RoundCandidate.nomination_id)
        .where(
            RoundCandidate.round_id == round_id,
            or_(
                Nomination.nominator_id == user_id,
                Nomination.nominee_id == user_id,
                Nomination.contact_phone == phone,
                Nomination.nominator_phone == phone,
            ),
        )
        .limit(1)
    )
    return await session.scalar(query) is not None


async def revoke(session: AsyncSession, grant_id: int, by: int, now: datetime) -> RoleGrant | None:
    grant = await session.get(RoleGrant, grant_id)
    if grant is None:
        return None
    await session.execute(delete(RoleGrant).where(RoleGrant.id == grant_id))
    await bump_grants_version(session)
    await audit.append(
        session,
        now,
        by,
        "role.revoke",
        f"user:{grant.user_id}",
        {"role": grant.role, "scope": grant.scope},
    )
    return grant
