"""People and their roles: who sent an update (written only when something changed, or once a
day for last seen), their language, the roles they hold (cached per process, invalidated by a
version counter in the database when anyone's roles change), invitations and revocation; what
each staff member's command menu holds, and whether they hear of every case at their desk."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, replace
from datetime import timedelta

from domain.locales import resolve_locale
from domain.pipeline import DESKS, SCOPED_ROLES, Role, Staff
from domain.regions import Region, in_order
from services.keys import ROLE_KEYS
from services.texts import Text
from services.uow import UnitOfWork
from storage import plan as plan_store
from storage import repo
from storage import staff as staff_store
from storage.models import Invitation, RoleGrant, User

SEEN_EVERY = timedelta(days=1)
CACHE_LIMIT = 100_000


@dataclass(frozen=True, slots=True)
class Person:
    """The sender of an update, as handlers and the locale manager see them."""

    id: int
    first_name: str
    language: str | None
    telegram_language: str | None


@dataclass(frozen=True, slots=True)
class Holder:
    grant_id: int
    user_id: int
    first_name: str
    username: str | None
    scope: str


@dataclass(frozen=True, slots=True)
class StaffMenu:
    """What one person's own command menu shows: the roles they hold (none: the default menu
    applies), in their language."""

    user_id: int
    locale: str
    roles: frozenset[Role]


def has_desk(staff: Staff) -> bool:
    """Whether cases wait for this person somewhere (and so a message per case could come)."""
    return any(staff.has(role) for role in DESKS)


class People:
    def __init__(self, admin_ids: frozenset[int] = frozenset()) -> None:
        self._admin_ids = admin_ids
        self._version: int | None = None
        self._staff: dict[int, Staff] = {}

    async def identify(
        self,
        uow: UnitOfWork,
        user_id: int,
        first_name: str,
        username: str | None,
        telegram_language: str | None,
    ) -> tuple[Person, Staff]:
        """Who this is and what they may do. Usually no query of its own: the person's row came
        with their conversation state; it is written only when it changed or a day passed."""
        row = await uow.person(user_id)
        now = uow.now()
        user = row.user
        if (
            user is None
            or user.first_name != first_name[:256]
            or user.username != username
            or user.telegram_language != telegram_language
            or user.blocked_at is not None
            or user.seen_at is None
            or now - user.seen_at >= SEEN_EVERY
        ):
            async with uow.transaction() as session:
                await repo.save_user(session, user_id, first_name, username, telegram_language, now)
            saved = repo.UserRow(
                user_id,
                first_name[:256],
                username,
                user.language if user else None,
                telegram_language,
                now,
                None,
            )
            uow.person_changed(user_id, replace(row, user=saved))
        person = Person(user_id, first_name, user.language if user else None, telegram_language)
        return person, await self._staff_of(uow, user_id, row)

    async def _staff_of(self, uow: UnitOfWork, user_id: int, row: repo.PersonRow) -> Staff:
        admin = user_id in self._admin_ids
        if not row.has_grants:
            return Staff.of([], admin, user_id)
        if row.grants_version != self._version or len(self._staff) > CACHE_LIMIT:
            self._staff.clear()
            self._version = row.grants_version
        staff = self._staff.get(user_id)
        if staff is None:
            async with uow.transaction() as session:
                grants = await staff_store.grants_of(session, user_id)
            staff = Staff.of([(grant.role, grant.scope) for grant in grants], admin, user_id)
            self._staff[user_id] = staff
        return staff

    def forget_roles(self) -> None:
        """Roles changed here: this instance's cache goes at once (others see the version)."""
        self._staff.clear()
        self._version = None

    async def set_language(self, uow: UnitOfWork, user_id: int, locale: str) -> None:
        async with uow.transaction() as session:
            await repo.set_language(session, user_id, locale)
        uow.person_changed(user_id)

    async def mark_blocked(self, uow: UnitOfWork, user_id: int) -> None:
        async with uow.transaction() as session:
            await repo.mark_blocked(session, user_id, uow.now())
        uow.person_changed(user_id)

    # Roles and invitations

    async def scope_names(
        self, uow: UnitOfWork, regions: Iterable[Region], locale: str
    ) -> dict[str, str]:
        """What a grant's scope means to a reader: a region's name, or an agency's."""
        names = {region.code: region.name(locale) for region in regions}
        async with uow.transaction() as session:
            agencies = await plan_store.agencies(session)
        return names | {str(agency.id): agency.named(locale) for agency in agencies}

    async def accept_invitation(
        self, uow: UnitOfWork, token: str, user_id: int
    ) -> RoleGrant | staff_store.InvitationRefused:
        try:
            async with uow.transaction() as session:
                grant = await staff_store.accept(session, token, user_id, uow.now())
        except staff_store.InvitationRefused as refused:
            return refused
        self.forget_roles()
        uow.roles_changed()
        return grant

    async def invite(
        self, uow: UnitOfWork, role: Role, scope: str, by: int, ttl: timedelta
    ) -> Invitation:
        async with uow.transaction() as session:
            return await staff_store.invite(session, role, scope, by, uow.now(), ttl)

    async def scope_choices(
        self, uow: UnitOfWork, role: Role, regions: Iterable[Region], locale: str
    ) -> dict[str, str]:
        """The scopes an invitation to `role` may name: regions (verifier), agencies (official)."""
        if role not in SCOPED_ROLES:
            return {}
        if role is Role.AGENCY_OFFICIAL:
            async with uow.transaction() as session:
                return {str(a.id): a.named(locale) for a in await plan_store.agencies(session)}
        return {region.code: region.name(locale) for region in in_order(regions, locale)}

    async def holders(self, uow: UnitOfWork, role: Role) -> list[Holder]:
        async with uow.transaction() as session:
            rows = await staff_store.people_with(session, role)
        return [
            Holder(grant.id, user.id, user.first_name, user.username, grant.scope)
            for grant, user in rows
        ]

    async def holder(self, uow: UnitOfWork, grant_id: int) -> tuple[Role, Holder] | None:
        """Who holds a grant, and of which role (None: it is gone)."""
        async with uow.transaction() as session:
            grant = await session.get(RoleGrant, grant_id)
            user = await session.get(User, grant.user_id) if grant else None
        if grant is None or user is None:
            return None
        return Role(grant.role), Holder(
            grant.id, user.id, user.first_name, user.username, grant.scope
        )

    async def revoke(self, uow: UnitOfWork, grant_id: int, by: int) -> RoleGrant | None:
        """Take a role away; the person is told, in their language."""
        async with uow.transaction() as session:
            grant = await staff_store.revoke(session, grant_id, by, uow.now())
            if grant is not None:
                uow.notify(grant.user_id, Text("role-revoked", role=Text(ROLE_KEYS[grant.role])))
        if grant is not None:
            self.forget_roles()
            uow.roles_changed()
        return grant

    # Command menus and notices of new cases

    async def menu_of(self, uow: UnitOfWork, user_id: int, default_locale: str) -> StaffMenu:
        """The menu one person should have now (after a grant, a revocation)."""
        async with uow.transaction() as session:
            found = await staff_store.staff_languages(session, [user_id])
        return self._menu(user_id, found[0] if found else None, default_locale)

    async def staff_menus(self, uow: UnitOfWork, default_locale: str) -> list[StaffMenu]:
        """Everybody whose menu is their own: the holders of roles, and the bootstrap admins
        who have written to the bot (a chat that was never opened takes no menu)."""
        async with uow.transaction() as session:
            holders = await staff_store.staff_languages(session)
            admins = (
                await staff_store.staff_languages(session, self._admin_ids)
                if self._admin_ids
                else []
            )
        found = {person.user_id: person for person in [*admins, *holders]}
        return [self._menu(user_id, found[user_id], default_locale) for user_id in sorted(found)]

    def _menu(
        self, user_id: int, person: staff_store.StaffLanguage | None, default_locale: str
    ) -> StaffMenu:
        roles = person.roles if person else frozenset()
        if user_id in self._admin_ids:
            roles |= {Role.ADMIN}
        language, telegram = (person.language, person.telegram_language) if person else (None, None)
        return StaffMenu(user_id, resolve_locale(language, telegram, default_locale), roles)

    async def notify_cases(self, uow: UnitOfWork, user_id: int, staff: Staff) -> bool | None:
        """Whether this person hears of every case reaching their desks (None: no desk)."""
        if not has_desk(staff):
            return None
        async with uow.transaction() as session:
            return await staff_store.notify_cases(session, user_id)

    async def set_notify_cases(
        self, uow: UnitOfWork, user_id: int, staff: Staff, on: bool
    ) -> bool | None:
        """Turn the message per case on or off (None: no desk, nothing changes)."""
        if not has_desk(staff):
            return None
        async with uow.transaction() as session:
            if await staff_store.notify_cases(session, user_id) != on:
                await staff_store.set_notify_cases(session, user_id, on)
        return on
