"""Roles and one-time invitations; the languages staff read, and whether they asked to hear of
every case at their desks."""

from __future__ import annotations

import secrets
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime, timedelta

from sqlalchemy import delete, select, update
from sqlalchemy.ext.asyncio import AsyncSession

from domain.pipeline import Role
from storage import audit
from storage.db import insert_for, rowcount
from storage.models import Invitation, RoleGrant, User, Version

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
    def __init__(self, reason: str) -> None:
        super().__init__(reason)
        self.reason = reason


async def accept(session: AsyncSession, token: str, user_id: int, now: datetime) -> RoleGrant:
    """Use an invitation once; raises InvitationRefused('unknown'|'used'|'expired')."""
    invitation = await session.get(Invitation, token)
    if invitation is None:
        raise InvitationRefused("unknown")
    if invitation.used_by is not None:
        raise InvitationRefused("used")
    if invitation.expires_at <= now:
        raise InvitationRefused("expired")
    claimed = await session.execute(
        update(Invitation)
        .where(Invitation.token == token, Invitation.used_by.is_(None))
        .values(used_by=user_id, used_at=now)
    )
    if rowcount(claimed) != 1:
        raise InvitationRefused("used")
    grant = RoleGrant(
        user_id=user_id,
        role=invitation.role,
        scope=invitation.scope,
        granted_by=invitation.created_by,
        granted_at=now,
    )
    held = await session.scalar(
        select(RoleGrant.id).where(
            RoleGrant.user_id == user_id,
            RoleGrant.role == invitation.role,
            RoleGrant.scope == invitation.scope,
        )
    )
    if held is not None:  # already held: nothing changes (the caller rolls back the claim)
        raise InvitationRefused("held")
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
