"""/language and the menu's language button: the person's choice is stored and used first (a
staff member's own command menu follows it)."""

from __future__ import annotations

from aiogram import Bot, F, Router
from aiogram.filters import Command
from aiogram.fsm.context import FSMContext
from aiogram.types import CallbackQuery, Message

from bot import keyboards
from bot.callbacks import LanguageCb, MenuAction, MenuCb
from bot.handlers.form import reask
from bot.handlers.menu import show_staff_menu
from bot.i18n import I18n
from services.roles import Roles


async def offer_languages(event: Message | CallbackQuery, bot: Bot, i18n: I18n) -> None:
    """/language and the menu's button."""
    assert event.from_user is not None
    await bot.send_message(
        event.from_user.id, i18n.get("language-choose"), reply_markup=keyboards.languages()
    )


async def choose(
    query: CallbackQuery,
    callback_data: LanguageCb,
    bot: Bot,
    i18n: I18n,
    state: FSMContext,
    roles: Roles,
) -> None:
    """A language picked: stored (by the locale manager), the person's own command menu
    given in it, and a question of the form they are in the middle of asked again in it."""
    await i18n.set_locale(callback_data.locale)
    if (menu := roles.menu_in(i18n.locale)) is not None:
        await show_staff_menu(bot, i18n.core, menu)
    await reask(bot, query.from_user.id, i18n, state, roles.regions)


def router() -> Router:
    language = Router(name="language")
    language.message.register(offer_languages, Command("language"))
    language.callback_query.register(
        offer_languages, MenuCb.filter(F.action == MenuAction.LANGUAGE)
    )
    language.callback_query.register(choose, LanguageCb.filter())
    return language
