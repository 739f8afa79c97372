"""Per-update context: a database session, the person's stored record, and their language."""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from typing import Any

from aiogram import BaseMiddleware
from aiogram.dispatcher.flags import get_flag
from aiogram.types import CallbackQuery, Message, TelegramObject
from aiogram.types import User as TelegramUser
from aiogram_i18n import I18nContext
from aiogram_i18n.managers import BaseManager
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from domain.clock import Clock
from domain.locales import resolve_locale
from domain.pipeline import Staff
from storage import repo, staff
from storage.models import User


class DatabaseMiddleware(BaseMiddleware):
    """Opens one session per update and loads (or creates) the person who sent it."""

    def __init__(
        self,
        sessionmaker: async_sessionmaker[AsyncSession],
        clock: Clock,
        admin_ids: frozenset[int] = frozenset(),
    ) -> None:
        self._sessionmaker = sessionmaker
        self._clock = clock
        self._admin_ids = admin_ids

    async def __call__(
        self,
        handler: Callable[[TelegramObject, dict[str, Any]], Awaitable[Any]],
        event: TelegramObject,
        data: dict[str, Any],
    ) -> Any:
        async with self._sessionmaker() as session:
            data["session"] = session
            sender: TelegramUser | None = data.get("event_from_user")
            if sender is not None and not sender.is_bot:
                data["user"] = await repo.get_or_create_user(
                    session,
                    user_id=sender.id,
                    first_name=sender.first_name,
                    username=sender.username,
                    telegram_language=sender.language_code,
                    now=self._clock(),
                )
                grants = await staff.grants_of(session, sender.id)
                data["staff"] = Staff.of(
                    [(grant.role, grant.scope) for grant in grants], sender.id in self._admin_ids
                )
            return await handler(event, data)


class RoleGate(BaseMiddleware):
    """The one place that checks a privileged handler's role, named by its `role` flag.

    The flag is a Role, or a function of the handler's data that returns one (for buttons
    whose callback data names the desk). A person without it gets a clear refusal; the
    handler then re-checks scope and state against the nomination itself."""

    async def __call__(
        self,
        handler: Callable[[TelegramObject, dict[str, Any]], Awaitable[Any]],
        event: TelegramObject,
        data: dict[str, Any],
    ) -> Any:
        required = get_flag(data, "role")
        if callable(required):
            required = required(data)
        person: Staff | None = data.get("staff")
        if required is None or (person is not None and person.has(required)):
            return await handler(event, data)
        i18n: I18nContext = data["i18n"]
        if isinstance(event, CallbackQuery):
            await event.answer(i18n.get("no-access"), show_alert=True)
        elif isinstance(event, Message):
            await event.answer(i18n.get("no-access"))
        return None


class UserLocaleManager(BaseManager):
    """The stored choice first, then Telegram's `language_code`, then the default locale."""

    async def get_locale(
        self, user: User | None = None, event_from_user: TelegramUser | None = None
    ) -> str:
        assert self.default_locale is not None
        stored = user.language if user else None
        telegram = event_from_user.language_code if event_from_user else None
        return resolve_locale(stored, telegram, self.default_locale)

    async def set_locale(self, locale: str, session: AsyncSession, user: User) -> None:
        await repo.set_language(session, user.id, locale)
        user.language = locale

    def locale_of(self, user: User) -> str:
        """The language to write to someone outside their own update (notifications)."""
        assert self.default_locale is not None
        return resolve_locale(user.language, user.telegram_language, self.default_locale)
