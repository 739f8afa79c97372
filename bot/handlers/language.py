"""/language and the menu's language button: the person's choice is stored and used first."""

from __future__ import annotations

from aiogram import Bot, F, Router
from aiogram.filters import Command
from aiogram.fsm.context import FSMContext
from aiogram.types import CallbackQuery, Message
from aiogram_i18n import I18nContext

from bot import keyboards
from bot.callbacks import LanguageCb, MenuAction, MenuCb
from bot.handlers.form import ask, current_step
from domain.regions import Region


def router() -> Router:
    language = Router(name="language")

    @language.message(Command("language"))
    async def language_command(message: Message, i18n: I18nContext) -> None:
        await message.answer(i18n.get("language-choose"), reply_markup=keyboards.languages())

    @language.callback_query(MenuCb.filter(F.action == MenuAction.LANGUAGE))
    async def language_button(query: CallbackQuery, bot: Bot, i18n: I18nContext) -> None:
        await query.answer()
        await bot.send_message(
            query.from_user.id, i18n.get("language-choose"), reply_markup=keyboards.languages()
        )

    @language.callback_query(LanguageCb.filter())
    async def choose(
        query: CallbackQuery,
        callback_data: LanguageCb,
        bot: Bot,
        i18n: I18nContext,
        state: FSMContext,
        regions: tuple[Region, ...],
    ) -> None:
        await i18n.set_locale(callback_data.locale)
        await query.answer()
        chat_id = query.from_user.id
        step = await current_step(state)
        if step is None:
            await bot.send_message(
                chat_id, i18n.get("language-set"), reply_markup=keyboards.main_menu(i18n)
            )
            return
        # In the middle of the form: ask the same question again, now in the new language.
        await bot.send_message(chat_id, i18n.get("language-set"))
        answers = (await state.get_data()).get("answers", {})
        await ask(bot, chat_id, i18n, step, answers, regions)

    return language
