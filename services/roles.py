"""A person's roles, as they or an admin act on them: accepting an invitation link, /roles
(what they may do here), /notify (a message per case reaching their desks), the command
menu in a new language; and the admin's side: invitation links, people by role, revoking a
role. (Who holds which role, cached per process, is `services.people`.)"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime, timedelta

from sqlalchemy.ext.asyncio import AsyncSession

from domain.pipeline import SCOPED_ROLES, Role, Staff
from domain.regions import Region, in_order
from services.context import UseCases
from services.keys import ROLE_KEYS
from services.locale_keys import PlainKey
from services.people import StaffMenu, has_desk, staff_menu
from services.refusals import Forged, Refusal
from services.texts import Text
from storage import plan as plan_store
from storage import staff as staff_store
from storage.models import RoleGrant, User

# Roles an admin invites to from the bot.
INVITABLE = (
    Role.ADMIN,
    Role.SECRETARIAT,
    Role.VERIFIER,
    Role.EXPERT,
    Role.WORKING_GROUP,
    Role.COORDINATOR,
    Role.AGENCY_OFFICIAL,
)
# Why an invitation link gave nothing (`storage.staff.accept`'s reasons).
INVITATION_REFUSAL_KEYS: dict[str, PlainKey] = {
    "unknown": "invitation-unknown",
    "used": "invitation-used",
    "expired": "invitation-expired",
    "held": "invitation-held",
}


class InvitationRefused(Refusal):
    """The link gives nothing (unknown, used, expired, already held): the person who opened
    it is told why, with the main menu to go on from."""


@dataclass(frozen=True, slots=True)
class Granted:
    """A role taken through an invitation, with what the person holds now."""

    role: Role
    scope: str
    scope_names: dict[str, str]
    menu: StaffMenu  # their own command menu now


@dataclass(frozen=True, slots=True)
class Held:
    """The roles a person holds, and what their scopes mean to a reader."""

    staff: Staff
    scope_names: dict[str, str]


@dataclass(frozen=True, slots=True)
class ScopesToPick:
    """The role needs a scope first: a region (verifier) or an agency (official)."""

    role: Role
    choices: dict[str, str]


@dataclass(frozen=True, slots=True)
class InvitationLink:
    role: Role
    token: str
    expires_at: datetime
    where: str  # the scope's name ("": none)


@dataclass(frozen=True, slots=True)
class Holder:
    grant_id: int
    user_id: int
    first_name: str
    username: str | None
    scope: str


@dataclass(frozen=True, slots=True)
class Holders:
    role: Role
    holders: list[Holder]
    scope_names: dict[str, str]


@dataclass(frozen=True, slots=True)
class HeldGrant:
    """The grant a revocation asks about."""

    role: Role
    holder: Holder


async def scope_choices(
    session: AsyncSession, role: Role, regions: Iterable[Region], locale: str
) -> dict[str, str]:
    """The scopes a grant of `role` may name: regions (verifier), agencies (official)."""
    if role not in SCOPED_ROLES:
        return {}
    if role is Role.AGENCY_OFFICIAL:
        return {str(a.id): a.named(locale) for a in await plan_store.agencies(session)}
    return {region.code: region.name(locale) for region in in_order(regions, locale)}


def gone() -> Refusal:
    """The grant was revoked meanwhile."""
    return Refusal(Text("button-stale"))


class Roles(UseCases):
    async def _scope_names(self, session: AsyncSession, locale: str) -> dict[str, str]:
        """What a grant's scope means to a reader: a region's name, or an agency's."""
        names = {region.code: region.name(locale) for region in self.regions}
        agencies = await plan_store.agencies(session)
        return names | {str(agency.id): agency.named(locale) for agency in agencies}

    async def accept(self, token: str, locale: str) -> Granted:
        """Take the role an invitation link grants (once). Every instance's cache of roles
        sees the change through its version; this update's rows are forgotten at once."""
        try:
            async with self.uow.transaction() as session:
                grant = await staff_store.accept(session, token, self.person, self.now())
                names = await self._scope_names(session, locale)
        except staff_store.InvitationRefused as refused:
            key = INVITATION_REFUSAL_KEYS[refused.reason]
            raise InvitationRefused(Text(key)) from None
        self.uow.roles_changed()
        role = Role(grant.role)
        # The roles as the update found them: the new one joins the ones held before.
        menu = StaffMenu(self.person, locale, self.staff.roles | {role})
        return Granted(role, grant.scope, names, menu)

    async def held(self, locale: str) -> Held | None:
        """/roles: what the person holds (None: nothing)."""
        if not self.staff.roles:
            return None
        async with self.uow.transaction() as session:
            return Held(self.staff, await self._scope_names(session, locale))

    def menu_in(self, locale: str) -> StaffMenu | None:
        """The person's own command menu in `locale` (None: they have none of their own)."""
        return StaffMenu(self.person, locale, self.staff.roles) if self.staff.roles else None

    async def notify_cases(self) -> bool:
        """Whether this person hears of every case reaching their desks."""
        if not has_desk(self.staff):
            raise Refusal(Text("no-access"))
        async with self.uow.transaction() as session:
            return await staff_store.notify_cases(session, self.person)

    async def set_notify_cases(self, on: bool) -> bool:
        """Turn the message per case on or off."""
        if not has_desk(self.staff):
            raise Refusal(Text("no-access"))
        async with self.uow.transaction() as session:
            if await staff_store.notify_cases(session, self.person) != on:
                await staff_store.set_notify_cases(session, self.person, on)
        return on

    # The admin's side

    async def invitation(
        self, role: Role, scope: str, locale: str
    ) -> ScopesToPick | InvitationLink:
        """A link that grants `role` (for `scope`), valid for the configured hours; a role
        that needs a scope asks for one first."""
        async with self.uow.transaction() as session:
            # A scope names a region (verifier) or an agency (official); which ones is the data's.
            choices = await scope_choices(session, role, self.regions, locale)
            if role not in INVITABLE or (scope and scope not in choices):
                raise Forged()
            if role in SCOPED_ROLES and not scope:
                return ScopesToPick(role, choices)
            ttl = timedelta(hours=self.config.invite_ttl_hours)
            made = await staff_store.invite(session, role, scope, self.person, self.now(), ttl)
        where = choices.get(scope, "") if scope else ""
        return InvitationLink(role, made.token, made.expires_at, where)

    async def holders(self, role: Role, locale: str) -> Holders:
        async with self.uow.transaction() as session:
            rows = await staff_store.people_with(session, role)
            names = await self._scope_names(session, locale) if rows else {}
        return Holders(
            role,
            [
                Holder(grant.id, user.id, user.first_name, user.username, grant.scope)
                for grant, user in rows
            ],
            names,
        )

    async def holder(self, grant_id: int) -> HeldGrant:
        """Who holds a grant, and of which role."""
        async with self.uow.transaction() as session:
            grant = await session.get(RoleGrant, grant_id)
            user = await session.get(User, grant.user_id) if grant else None
        if grant is None or user is None:
            raise gone()
        holder = Holder(grant.id, user.id, user.first_name, user.username, grant.scope)
        return HeldGrant(Role(grant.role), holder)

    async def revoke(self, grant_id: int) -> StaffMenu:
        """Take a role away; the person is told, in their language. Returns the command menu
        they should have now."""
        async with self.uow.transaction() as session:
            grant = await staff_store.revoke(session, grant_id, self.person, self.now())
            if grant is None:
                raise gone()
            self.uow.notify(grant.user_id, Text("role-revoked", role=Text(ROLE_KEYS[grant.role])))
            found = await staff_store.staff_languages(session, [grant.user_id])
        self.uow.roles_changed()
        return staff_menu(
            grant.user_id,
            found[0] if found else None,
            self.config.admin_ids,
            self.config.default_locale,
        )
