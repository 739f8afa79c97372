"""/language and the menu's language button: the person's choice is stored and used first (a
staff member's own command menu follows it)."""

from __future__ import annotations

from aiogram import Bot, F, Router
from aiogram.filters import Command
from aiogram.fsm.context import FSMContext
from aiogram.types import CallbackQuery, Message
from aiogram_i18n import I18nContext

from bot import keyboards
from bot.callbacks import LanguageCb, MenuAction, MenuCb
from bot.handlers.form import ask, current_step, draft
from bot.handlers.menu import show_staff_menu
from domain.pipeline import Staff
from services.nominations import Nominations
from services.people import StaffMenu


async def offer_languages(event: Message | CallbackQuery, bot: Bot, i18n: I18nContext) -> None:
    """/language and the menu's button."""
    assert event.from_user is not None
    await bot.send_message(
        event.from_user.id, i18n.get("language-choose"), reply_markup=keyboards.languages()
    )


async def choose(
    query: CallbackQuery,
    callback_data: LanguageCb,
    bot: Bot,
    i18n: I18nContext,
    state: FSMContext,
    nominations: Nominations,
    staff: Staff,
) -> None:
    await i18n.set_locale(callback_data.locale)  # stored by the locale manager's service
    chat_id = query.from_user.id
    if staff.roles:
        await show_staff_menu(bot, i18n.core, StaffMenu(chat_id, i18n.locale, staff.roles))
    step = await current_step(state)
    if step is None:
        await bot.send_message(
            chat_id, i18n.get("language-set"), reply_markup=keyboards.main_menu(i18n)
        )
        return
    # In the middle of the form: ask the same question again, now in the new language.
    await bot.send_message(chat_id, i18n.get("language-set"))
    await ask(bot, chat_id, i18n, step, await draft(state), nominations.regions)


def router() -> Router:
    language = Router(name="language")
    language.message.register(offer_languages, Command("language"))
    language.callback_query.register(
        offer_languages, MenuCb.filter(F.action == MenuAction.LANGUAGE)
    )
    language.callback_query.register(choose, LanguageCb.filter())
    return language
