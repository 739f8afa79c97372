"""What nothing else handled: unknown text gets the menu, unknown buttons a quiet answer, and
an update that failed an apology (logged in full, and answered, so that in webhook mode
Telegram does not send the same update again and again)."""

from __future__ import annotations

import contextlib
import logging

from aiogram import Router
from aiogram.exceptions import TelegramAPIError
from aiogram.types import CallbackQuery, ErrorEvent, Message
from aiogram_i18n import I18nContext, I18nMiddleware

from bot import keyboards
from bot.config import Settings
from domain.locales import resolve_locale

log = logging.getLogger(__name__)


def router() -> Router:
    fallback = Router(name="fallback")

    fallback.message.register(unknown_message)
    fallback.callback_query.register(unknown_button)
    fallback.errors.register(failed)
    return fallback


async def unknown_message(message: Message, i18n: I18nContext) -> None:
    await message.answer(i18n.get("unknown-message"), reply_markup=keyboards.main_menu(i18n))


async def unknown_button(query: CallbackQuery) -> None:
    """Forged or foreign callback data: refused quietly (the press is answered, nothing else)."""


async def failed(
    event: ErrorEvent,
    i18n_middleware: I18nMiddleware,
    settings: Settings,
    i18n: I18nContext | None = None,
) -> None:
    update = event.update
    log.error("update %d failed", update.update_id, exc_info=event.exception)
    source = update.callback_query or update.message
    if source is None:
        return
    if i18n is not None:
        text = i18n.get("error-unexpected")
    else:  # it failed before the person's language was known (say, Redis is down)
        language = source.from_user.language_code if source.from_user else None
        locale = resolve_locale(None, language, settings.default_locale)
        text = i18n_middleware.core.get("error-unexpected", locale)
    with contextlib.suppress(TelegramAPIError):  # Telegram itself may be what failed
        if isinstance(source, CallbackQuery):
            await source.answer(text, show_alert=True)
        else:
            await source.answer(text)
