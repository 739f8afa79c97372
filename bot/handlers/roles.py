"""Invitation links that grant a role (and the command menu that comes with it), /roles: what
a person may do here, and /notify: whether a staff member hears of every case at their desks."""

from __future__ import annotations

from aiogram import Bot, F, Router
from aiogram.filters import Command, CommandObject, CommandStart
from aiogram.types import CallbackQuery, InlineKeyboardMarkup, Message
from aiogram.utils.keyboard import InlineKeyboardBuilder

from bot import keyboards
from bot.callbacks import NotifyCb
from bot.handlers.menu import show_staff_menu
from bot.i18n import I18n
from bot.render import say
from domain.pipeline import Role, Staff
from services.keys import ROLE_CAN_KEYS, ROLE_KEYS
from services.locale_keys import PlainKey
from services.roles import Granted, InvitationRefused, Roles

INVITATION_PREFIX = "inv_"
NOTIFY_KEYS: dict[bool, PlainKey] = {True: "case-notices-on", False: "case-notices-off"}
SWITCH_KEYS: dict[bool, PlainKey] = {True: "case-notices-turn-off", False: "case-notices-turn-on"}


def describe_roles(i18n: I18n, staff: Staff, names: dict[str, str]) -> str:
    lines = []
    for role in Role:
        if not staff.has(role):
            continue
        scopes = ", ".join(sorted(names.get(s, s) for s in staff.scopes[role] if s))
        title = i18n.get(ROLE_KEYS[role]) + (f" ({scopes})" if scopes else "")
        lines.append(f"• {title}\n  {i18n.get(ROLE_CAN_KEYS[role])}")
    return "\n".join(lines)


def granted_text(i18n: I18n, granted: Granted) -> str:
    staff = Staff.of([(granted.role, granted.scope)])
    return (
        i18n.get("invitation-accepted") + "\n\n" + describe_roles(i18n, staff, granted.scope_names)
    )


def notify_setting_text(i18n: I18n, on: bool) -> tuple[str, InlineKeyboardMarkup]:
    builder = InlineKeyboardBuilder()
    builder.button(text=i18n.get(SWITCH_KEYS[on]), callback_data=NotifyCb(on=not on))
    return i18n.get(NOTIFY_KEYS[on]), keyboards.fitted(builder).as_markup()


async def accept_invitation(
    message: Message, command: CommandObject, bot: Bot, i18n: I18n, roles: Roles
) -> None:
    token = (command.args or "")[len(INVITATION_PREFIX) :]
    try:
        granted = await roles.accept(token, i18n.locale)
    except InvitationRefused as refused:  # they came by a link: the menu to go on from
        await message.answer(say(i18n, refused.text), reply_markup=keyboards.main_menu(i18n))
        return
    await message.answer(granted_text(i18n, granted), reply_markup=keyboards.main_menu(i18n))
    await show_staff_menu(bot, i18n.core, granted.menu)


async def my_roles(message: Message, i18n: I18n, roles: Roles) -> None:
    held = await roles.held(i18n.locale)
    if held is None:
        await message.answer(i18n.get("roles-none"))
        return
    described = describe_roles(i18n, held.staff, held.scope_names)
    await message.answer(i18n.get("roles-title") + "\n\n" + described)


async def notify_setting(message: Message, i18n: I18n, roles: Roles) -> None:
    """/notify: the current setting, with the button that changes it."""
    text, markup = notify_setting_text(i18n, await roles.notify_cases())
    await message.answer(text, reply_markup=markup)


async def switch_notify(
    query: CallbackQuery, callback_data: NotifyCb, i18n: I18n, roles: Roles
) -> None:
    text, markup = notify_setting_text(i18n, await roles.set_notify_cases(callback_data.on))
    if isinstance(query.message, Message):
        await query.message.edit_text(text, reply_markup=markup)


def router() -> Router:
    roles = Router(name="roles")
    roles.message.register(
        accept_invitation,
        CommandStart(deep_link=True, magic=F.args.startswith(INVITATION_PREFIX)),
    )
    roles.message.register(my_roles, Command("roles"))
    roles.message.register(notify_setting, Command("notify"))
    roles.callback_query.register(switch_notify, NotifyCb.filter())
    return roles
