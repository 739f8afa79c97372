"""/start, the main menu, About, /help and /cancel; and the command menus: everybody's, in
each language, and a staff member's own (`BotCommandScopeChat`), which adds their desks'
commands in their language."""

from __future__ import annotations

import logging
from typing import Any

from aiogram import Bot, F, Router
from aiogram.exceptions import TelegramAPIError
from aiogram.filters import Command, CommandStart
from aiogram.fsm.context import FSMContext
from aiogram.types import (
    BotCommand,
    BotCommandScopeChat,
    CallbackQuery,
    Message,
    ReplyKeyboardRemove,
)
from aiogram_i18n.cores import BaseCore

from bot import keyboards
from bot.callbacks import MenuAction, MenuCb
from bot.i18n import I18n
from bot.pacer import Sleep
from bot.sender import patiently
from domain.pipeline import DESK_COMMANDS, DESKS, Role
from services.people import StaffMenu

log = logging.getLogger(__name__)

# Everybody's menu (`bot.app.set_commands`), in this order.
PUBLIC_COMMANDS = ("start", "nominate", "vote", "my", "language", "privacy", "help", "cancel")
# What each role adds to its holder's own menu, listed before everybody's commands.
ROLE_COMMANDS: dict[Role, tuple[str, ...]] = {
    Role.ADMIN: ("admin", "invites"),
    Role.SECRETARIAT: (DESK_COMMANDS[Role.SECRETARIAT],),
    Role.VERIFIER: (DESK_COMMANDS[Role.VERIFIER],),
    Role.EXPERT: (DESK_COMMANDS[Role.EXPERT],),
    Role.WORKING_GROUP: (DESK_COMMANDS[Role.WORKING_GROUP], "round"),
    Role.AGENCY_OFFICIAL: ("plan",),
    Role.COORDINATOR: ("reports", "overview"),
}
COMMAND_KEYS = {
    "start": "command-start",
    "nominate": "command-nominate",
    "vote": "command-vote",
    "my": "command-my",
    "language": "command-language",
    "help": "command-help",
    "cancel": "command-cancel",
    "admin": "command-admin",
    "invites": "command-invites",
    "queue": "command-queue",
    "verify": "command-verify",
    "review": "command-review",
    "decide": "command-decide",
    "round": "command-round",
    "plan": "command-plan",
    "reports": "command-reports",
    "overview": "command-overview",
    "notify": "command-notify",
    "roles": "command-roles",
    "privacy": "command-privacy",
}


def commands_of(core: BaseCore[Any], locale: str, roles: frozenset[Role]) -> list[BotCommand]:
    """A menu in `locale`: the commands of `roles` (and, with a desk, /notify and /roles;
    with any role, /roles), then everybody's."""
    names = [name for role in Role if role in roles for name in ROLE_COMMANDS[role]]
    if roles & DESKS.keys():
        names.append("notify")
    if roles:
        names.append("roles")
    return [
        BotCommand(command=name, description=core.get(COMMAND_KEYS[name], locale))
        for name in [*names, *PUBLIC_COMMANDS]
    ]


async def show_staff_menu(
    bot: Bot, core: BaseCore[Any], menu: StaffMenu, patient: Sleep | None = None
) -> bool:
    """Give a person the menu of their roles, or, with none left, the default one back. Called
    after the change committed: a failure (a blocked bot, the network) is logged and changes
    nothing else; the next start sets every staff menu again. With `patient` (the start sets
    them all) a network error is tried again after a pause instead. False when it failed."""
    scope = BotCommandScopeChat(chat_id=menu.user_id)

    async def set_menu() -> None:
        if menu.roles:
            await bot.set_my_commands(commands_of(core, menu.locale, menu.roles), scope=scope)
        else:
            await bot.delete_my_commands(scope=scope)

    try:
        if patient is None:
            await set_menu()
        else:
            await patiently(set_menu, "a staff menu", patient)
    except TelegramAPIError as error:
        log.warning(
            "cannot set the command menu of %s: %s %s",
            menu.user_id,
            type(error).__name__,
            error.message,
        )
        return False
    return True


async def start(message: Message, bot: Bot, i18n: I18n, state: FSMContext) -> None:
    # Leaving a form keeps its draft: "Nominate" offers to carry on with it.
    if await state.get_state() is not None:
        await state.set_state(None)
    assert message.from_user is not None
    await bot.send_message(
        message.chat.id,
        i18n.get("start-greeting", name=message.from_user.first_name),
        reply_markup=keyboards.main_menu(i18n),
    )


async def about(query: CallbackQuery, bot: Bot, i18n: I18n) -> None:
    await bot.send_message(
        query.from_user.id, i18n.get("about-text"), reply_markup=keyboards.main_menu(i18n)
    )


async def help_command(message: Message, i18n: I18n) -> None:
    await message.answer(i18n.get("help-text"), reply_markup=keyboards.main_menu(i18n))


async def cancel(message: Message, i18n: I18n, state: FSMContext) -> None:
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
