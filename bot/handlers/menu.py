"""/start, the main menu, About, /help and /cancel."""

from __future__ import annotations

from aiogram import Bot, F, Router
from aiogram.filters import Command, CommandStart
from aiogram.fsm.context import FSMContext
from aiogram.types import CallbackQuery, Message, ReplyKeyboardRemove
from aiogram_i18n import I18nContext

from bot import keyboards
from bot.callbacks import MenuAction, MenuCb


async def start(message: Message, bot: Bot, i18n: I18nContext, state: FSMContext) -> None:
    # Leaving a form keeps its draft: "Nominate" offers to carry on with it.
    if await state.get_state() is not None:
        await state.set_state(None)
    assert message.from_user is not None
    await bot.send_message(
        message.chat.id,
        i18n.get("start-greeting", name=message.from_user.first_name),
        reply_markup=keyboards.main_menu(i18n),
    )


async def about(query: CallbackQuery, bot: Bot, i18n: I18nContext) -> None:
    await bot.send_message(
        query.from_user.id, i18n.get("about-text"), reply_markup=keyboards.main_menu(i18n)
    )


async def help_command(message: Message, i18n: I18nContext) -> None:
    await message.answer(i18n.get("help-text"), reply_markup=keyboards.main_menu(i18n))


async def cancel(message: Message, i18n: I18nContext, state: FSMContext) -> None:
    had_something = await state.get_state() is not None or bool(await state.get_data())
    await state.clear()
    await message.answer(
        i18n.get("cancel-done" if had_something else "cancel-nothing"),
        reply_markup=ReplyKeyboardRemove(),
    )
    await message.answer(i18n.get("menu-title"), reply_markup=keyboards.main_menu(i18n))


def router() -> Router:
    menu = Router(name="menu")
    menu.message.register(start, CommandStart())
    menu.callback_query.register(about, MenuCb.filter(F.action == MenuAction.ABOUT))
    menu.message.register(help_command, Command("help"))
    menu.message.register(cancel, Command("cancel"))
    return menu
