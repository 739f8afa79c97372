"""Telling people things outside their own conversation, each in their own language."""

from __future__ import annotations

import logging

from aiogram import Bot
from aiogram.exceptions import TelegramAPIError
from aiogram_i18n import I18nContext
from sqlalchemy.ext.asyncio import AsyncSession

from bot.middlewares import UserLocaleManager
from domain.nomination import Status
from domain.pipeline import QUEUE_OF, Role
from storage import repo, staff
from storage.models import Nomination

log = logging.getLogger(__name__)

DESK_COMMANDS: dict[Role, str] = {
    Role.SECRETARIAT: "queue",
    Role.VERIFIER: "verify",
    Role.EXPERT: "review",
    Role.WORKING_GROUP: "decide",
}


class Key(str):
    """A parameter that is itself a locale key, rendered in the recipient's language."""


async def tell(bot: Bot, chat_id: int, text: str) -> bool:
    """Send one message; a person who blocked the bot is logged, not an error."""
    try:
        await bot.send_message(chat_id, text)
    except TelegramAPIError as error:
        log.warning("could not notify %s: %s", chat_id, error)
        return False
    return True


async def tell_user(
    bot: Bot, session: AsyncSession, i18n: I18nContext, user_id: int, key: str, **params: object
) -> bool:
    user = await repo.get_user(session, user_id)
    if user is None:
        return False
    manager = i18n.manager
    assert isinstance(manager, UserLocaleManager)
    locale = manager.locale_of(user)
    resolved = {
        name: i18n.get(str(value), locale) if isinstance(value, Key) else value
        for name, value in params.items()
    }
    return await tell(bot, user_id, i18n.get(key, locale, **resolved))


async def announce(
    bot: Bot,
    session: AsyncSession,
    i18n: I18nContext,
    nomination: Nomination,
    tell_nominator: bool = True,
) -> None:
    """A nomination reached a new stage: its nominator hears it, and so does the desk it
    now waits at (a verifier only for their own regions). A rejection gives no reasons."""
    status = Status(nomination.status)
    reference = nomination.reference or ""
    if tell_nominator:
        await tell_user(
            bot,
            session,
            i18n,
            nomination.nominator_id,
            "status-changed",
            reference=reference,
            name=nomination.full_name,
            status=Key(f"status-{status}"),
        )
    desk = QUEUE_OF.get(status)
    if desk is None:
        return
    scope = nomination.region_code if desk is Role.VERIFIER else None
    for user_id in await staff.holders(session, desk, scope):
        await tell_user(
            bot,
            session,
            i18n,
            user_id,
            "queue-arrived",
            reference=reference,
            name=nomination.full_name,
            command=f"/{DESK_COMMANDS[desk]}",
        )
