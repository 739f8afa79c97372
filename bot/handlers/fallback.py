"""What nothing else handled: unknown text gets the menu, unknown buttons a quiet answer, and
an update that failed an apology (logged in full, and answered, so that in webhook mode
Telegram does not send the same update again and again)."""

from __future__ import annotations

import contextlib
import logging

from aiogram import Router
from aiogram.exceptions import TelegramAPIError
from aiogram.types import CallbackQuery, ErrorEvent, Message
from aiogram_i18n import I18nContext

from bot import keyboards

log = logging.getLogger(__name__)


def router() -> Router:
    fallback = Router(name="fallback")

    @fallback.message()
    async def unknown_message(message: Message, i18n: I18nContext) -> None:
        await message.answer(i18n.get("unknown-message"), reply_markup=keyboards.main_menu(i18n))

    @fallback.callback_query()
    async def unknown_button(query: CallbackQuery) -> None:
        # Forged or foreign callback data: refuse quietly, change nothing.
        await query.answer()

    @fallback.errors()
    async def failed(event: ErrorEvent, i18n: I18nContext) -> None:
        update = event.update
        log.error("update %d failed", update.update_id, exc_info=event.exception)
        with contextlib.suppress(TelegramAPIError):  # Telegram itself may be what failed
            if update.callback_query is not None:
                await update.callback_query.answer(i18n.get("error-unexpected"), show_alert=True)
            elif update.message is not None:
                await update.message.answer(i18n.get("error-unexpected"))

    return fallback
