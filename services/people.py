"""People and their roles: who sent an update (written only when something changed, or once a
day for last seen), their language, the roles they hold (cached per process, invalidated by a
version counter in the database when anyone's roles change), and what each staff member's
command menu holds. What a person or an admin does with roles (invitations, revocation,
/roles, /notify) is `services.roles`."""

from __future__ import annotations

from dataclasses import dataclass, replace
from datetime import timedelta

from domain.locales import resolve_locale
from domain.pipeline import DESKS, Role, Staff
from services.uow import UnitOfWork
from storage import repo
from storage import staff as staff_store

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

    async def set_language(self, uow: UnitOfWork, user_id: int, locale: str) -> None:
        async with uow.transaction() as session:
            await repo.set_language(session, user_id, locale)
        uow.person_changed(user_id)

    async def mark_blocked(self, uow: UnitOfWork, user_id: int) -> None:
        async with uow.transaction() as session:
            await repo.mark_blocked(session, user_id, uow.now())
        uow.person_changed(user_id)

    # Command menus

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
        return [
            staff_menu(user_id, found[user_id], self._admin_ids, default_locale)
            for user_id in sorted(found)
        ]


def staff_menu(
    user_id: int,
    person: staff_store.StaffLanguage | None,
    admin_ids: frozenset[int],
    default_locale: str,
) -> StaffMenu:
    """The menu one person should have: their roles (a bootstrap admin's too), in the language
    they read."""
    roles = person.roles if person else frozenset()
    if user_id in admin_ids:
        roles |= {Role.ADMIN}
    language, telegram = (person.language, person.telegram_language) if person else (None, None)
    return StaffMenu(user_id, resolve_locale(language, telegram, default_locale), roles)
