"""A person's roles, as they or an admin act on them: accepting an invitation link, /roles
(what they may do here), /notify (a message per case reaching their desks), the command
menu in a new language; and the admin's side: invitation links, people by role, revoking a
role. (Who holds which role, cached per process, is `services.people`.)"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime, timedelta

from sqlalchemy.ext.asyncio import AsyncSession

from domain.locales import resolve_locale
from domain.nomination import InvalidInput, normalise_phone
from domain.pipeline import SCOPED_ROLES, Role, Staff, may_invite
from domain.regions import Region, in_order
from services.context import UseCases
from services.keys import ROLE_KEYS
from services.locale_keys import PlainKey
from services.people import StaffMenu, has_desk, staff_menu
from services.refusals import Forged, Gone, Refusal
from services.texts import Text
from storage import phones
from storage import plan as plan_store
from storage import staff as staff_store
from storage.models import Invitation, RoleGrant, User

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
    "cancelled": "invite-cancelled-link",
    "dead": "invite-dead-link",
}
INVITES_PAGE = 5  # open links on one page of /invites
MOST_PAGES = 10_000  # a page number past this is no page of ours
TOKEN_START = 10  # characters of a token that name it on a cancel button


class InvitationRefused(Gone):
    """The link gives nothing (unknown, used, expired, cancelled, dead with its maker's role,
    already held): the person who opened it is told why, with the main menu to go on from."""


class NotOwnContact(Refusal):
    """Not the person's own shared contact (a typed phone, someone else's contact): asked
    again."""


@dataclass(frozen=True, slots=True)
class Granted:
    """A role taken through an invitation, with what the person holds now."""

    role: Role
    scope: str
    scope_names: dict[str, str]
    menu: StaffMenu  # their own command menu now


@dataclass(frozen=True, slots=True)
class Offered:
    """An invitation that may be taken: the role, once the person shares their own contact."""

    role: Role
    where: str  # the scope's name ("": none)


@dataclass(frozen=True, slots=True)
class OpenInvitation:
    """A link not yet used, cancelled or expired, as /invites lists it."""

    token_start: str
    role: Role
    where: str
    maker: str  # first name and @username, or the maker's id when they have no row
    expires_at: datetime


@dataclass(frozen=True, slots=True)
class OpenInvitations:
    items: list[OpenInvitation]
    total: int
    page: int

    @property
    def pages(self) -> int:
        return max(1, -(-self.total // INVITES_PAGE))


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

    async def _usable(self, session: AsyncSession, token: str) -> Invitation:
        """The invitation while its link may be used: open, and its maker may still make it
        (an admin, or a coordinator for an official, now)."""
        invitation = await staff_store.open_invitation(session, token, self.now())
        maker = invitation.created_by
        grants = await staff_store.grants_of(session, maker)
        staff = Staff.of([(g.role, g.scope) for g in grants], maker in self.config.admin_ids)
        if not may_invite(staff, Role(invitation.role)):
            raise staff_store.InvitationRefused("dead")
        return invitation

    async def offer(self, token: str, locale: str) -> Offered:
        """What a link offers, before anything is taken: the person then shares their own
        contact (`accept`)."""
        try:
            async with self.uow.transaction() as session:
                invitation = await self._usable(session, token)
                role, scope = Role(invitation.role), invitation.scope
                if await staff_store.holds(session, self.person, role, scope):
                    raise staff_store.InvitationRefused("held")
                names = await self._scope_names(session, locale) if scope else {}
        except staff_store.InvitationRefused as refused:
            raise InvitationRefused(Text(INVITATION_REFUSAL_KEYS[refused.reason])) from None
        return Offered(role, names.get(scope, scope))

    def _own_phone(self, contact_user_id: int | None, phone: str) -> str:
        """The phone of the person's own shared contact (else NotOwnContact), in E.164."""
        if contact_user_id != self.person:
            raise NotOwnContact(Text("invite-contact-not-yours"))
        try:
            return normalise_phone(phone)
        except InvalidInput:
            raise NotOwnContact(Text("invite-phone-invalid")) from None

    async def accept(
        self, token: str, contact_user_id: int | None, phone: str, locale: str
    ) -> Granted:
        """Take the role an invitation link grants (once), with the person's own shared
        contact: its phone becomes their verified phone (the conflicts of interest key on
        it; the latest own contact wins, `storage.phones`). The link's maker is told who
        used it. Every instance's cache of roles sees the change through its version; this
        update's rows are forgotten at once."""
        phone = self._own_phone(contact_user_id, phone)
        try:
            async with self.uow.transaction() as session:
                invitation = await self._usable(session, token)
                now = self.now()
                await phones.remember_phone(session, self.person, phone, now)
                grant = await staff_store.accept(session, invitation, self.person, now)
                names = await self._scope_names(session, locale)
                await self._tell_maker(session, invitation)
        except staff_store.InvitationRefused as refused:
            raise InvitationRefused(Text(INVITATION_REFUSAL_KEYS[refused.reason])) from None
        self.uow.roles_changed()
        role = Role(grant.role)
        # The roles as the update found them: the new one joins the ones held before.
        menu = StaffMenu(self.person, locale, self.staff.roles | {role})
        return Granted(role, grant.scope, names, menu)

    async def _tell_maker(self, session: AsyncSession, invitation: Invitation) -> None:
        """The maker hears, in their language, which link was used and by whom (the name
        and username Telegram shows, never the phone)."""
        maker = invitation.created_by
        found = await staff_store.staff_languages(session, [maker])
        language, telegram = (found[0].language, found[0].telegram_language) if found else ("", "")
        locale = resolve_locale(language, telegram, self.config.default_locale)
        where = ""
        if invitation.scope:
            names = await self._scope_names(session, locale)
            where = names.get(invitation.scope, invitation.scope)
        user = await session.get(User, self.person)
        name = user.first_name if user else ""
        if user is not None and user.username:
            name = f"{name} @{user.username}".strip()
        role, name = Text(ROLE_KEYS[invitation.role]), name or str(self.person)
        told = (
            Text("invite-used-scoped", role=role, where=where, name=name)
            if where
            else Text("invite-used", role=role, name=name)
        )
        self.uow.notify(maker, told)

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
            if not may_invite(self.staff, role):
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
            await self._cancel_dead_links(session, grant.user_id)
            found = await staff_store.staff_languages(session, [grant.user_id])
        self.uow.roles_changed()
        return staff_menu(
            grant.user_id,
            found[0] if found else None,
            self.config.admin_ids,
            self.config.default_locale,
        )

    async def _cancel_dead_links(self, session: AsyncSession, maker: int) -> None:
        """The links `maker` may no longer make, with the roles they hold now, are cancelled
        (they would be refused when used anyway)."""
        grants = await staff_store.grants_of(session, maker)
        staff = Staff.of([(g.role, g.scope) for g in grants], maker in self.config.admin_ids)
        dead = [role for role in INVITABLE if not may_invite(staff, role)]
        await staff_store.cancel_made_by(session, maker, dead, self.person, self.now())

    async def open_invitations(self, page: int, locale: str) -> OpenInvitations:
        """/invites: one page of the links that may still be used (past the end: the last)."""
        if not self.staff.has(Role.ADMIN):
            raise Forged()
        now, page = self.now(), min(max(page, 0), MOST_PAGES)
        async with self.uow.transaction() as session:
            rows, total = await staff_store.open_invitations(
                session, now, page * INVITES_PAGE, INVITES_PAGE
            )
            if not rows and total:
                page = -(-total // INVITES_PAGE) - 1
                rows, total = await staff_store.open_invitations(
                    session, now, page * INVITES_PAGE, INVITES_PAGE
                )
            names = await self._scope_names(session, locale) if rows else {}
        items = [_listed(invitation, user, names) for invitation, user in rows]
        return OpenInvitations(items, total, page)

    async def open_invitation(self, token_start: str, locale: str) -> OpenInvitation:
        """The open link a cancel button names (gone: used, cancelled or expired since)."""
        if not self.staff.has(Role.ADMIN):
            raise Forged()
        async with self.uow.transaction() as session:
            found = await staff_store.open_invitation_starting(session, token_start, self.now())
            if found is None:
                raise Gone(Text("invite-gone"))
            names = await self._scope_names(session, locale)
        return _listed(*found, names)

    async def cancel_invitation(self, token_start: str) -> None:
        """Cancel an open link (audited); a link used, cancelled or expired meanwhile is
        gone."""
        if not self.staff.has(Role.ADMIN):
            raise Forged()
        async with self.uow.transaction() as session:
            cancelled = await staff_store.cancel_invitation(
                session, token_start, self.person, self.now()
            )
        if cancelled is None:
            raise Gone(Text("invite-gone"))


def _listed(invitation: Invitation, maker: User | None, names: dict[str, str]) -> OpenInvitation:
    return OpenInvitation(
        invitation.token[:TOKEN_START],
        Role(invitation.role),
        names.get(invitation.scope, invitation.scope),
        _named(maker) if maker else str(invitation.created_by),
        invitation.expires_at,
    )


def _named(user: User) -> str:
    return f"{user.first_name} @{user.username}" if user.username else user.first_name
