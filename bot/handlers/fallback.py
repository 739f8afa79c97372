"""What nothing else handled: unknown text gets the menu, unknown buttons a quiet answer."""

from __future__ import annotations

from aiogram import Router
from aiogram.types import CallbackQuery, Message

from bot import keyboards
from bot.i18n import I18n


def router() -> Router:
    fallback = Router(name="fallback")

    fallback.message.register(unknown_message)
    fallback.callback_query.register(unknown_button)
    return fallback


async def unknown_message(message: Message, i18n: I18n) -> None:
    await message.answer(i18n.get("unknown-message"), reply_markup=keyboards.main_menu(i18n))


async def unknown_button(query: CallbackQuery) -> None:
    """Forged or foreign callback data: refused quietly (the press is answered, nothing else)."""
