"""Invitation links that grant a role (and the command menu that comes with it), /roles: what
a person may do here, and /notify: whether a staff member hears of every case at their desks."""

from __future__ import annotations

from aiogram import Bot, F, Router
from aiogram.filters import Command, CommandObject, CommandStart
from aiogram.types import CallbackQuery, InlineKeyboardMarkup, Message
from aiogram.utils.callback_answer import CallbackAnswer
from aiogram.utils.keyboard import InlineKeyboardBuilder
from aiogram_i18n import I18nContext

from bot import keyboards
from bot.callbacks import NotifyCb
from bot.handlers.menu import show_staff_menu
from bot.middlewares import refuse
from domain.pipeline import Role, Staff
from domain.regions import Region
from services.keys import ROLE_CAN_KEYS, ROLE_KEYS
from services.people import People, Person, StaffMenu
from services.uow import UnitOfWork
from storage.staff import InvitationRefused

INVITATION_PREFIX = "inv_"
REFUSAL_KEYS = {
    "unknown": "invitation-unknown",
    "used": "invitation-used",
    "expired": "invitation-expired",
    "held": "invitation-held",
}


def describe_roles(i18n: I18nContext, staff: Staff, names: dict[str, str]) -> str:
    lines = []
    for role in Role:
        if not staff.has(role):
            continue
        scopes = ", ".join(sorted(names.get(s, s) for s in staff.scopes[role] if s))
        title = i18n.get(ROLE_KEYS[role]) + (f" ({scopes})" if scopes else "")
        lines.append(f"• {title}\n  {i18n.get(ROLE_CAN_KEYS[role])}")
    return "\n".join(lines)


async def accept_invitation(
    message: Message,
    command: CommandObject,
    bot: Bot,
    i18n: I18nContext,
    uow: UnitOfWork,
    user: Person,
    staff: Staff,
    people: People,
    regions: tuple[Region, ...],
) -> None:
    token = (command.args or "")[len(INVITATION_PREFIX) :]
    grant = await people.accept_invitation(uow, token, user.id)
    if isinstance(grant, InvitationRefused):
        await message.answer(
            i18n.get(REFUSAL_KEYS[grant.reason]), reply_markup=keyboards.main_menu(i18n)
        )
        return
    names = await people.scope_names(uow, regions, i18n.locale)
    granted = Staff.of([(grant.role, grant.scope)])
    await message.answer(
        i18n.get("invitation-accepted") + "\n\n" + describe_roles(i18n, granted, names),
        reply_markup=keyboards.main_menu(i18n),
    )
    # `staff` is as the update found it: the new role joins the ones held before.
    menu = StaffMenu(user.id, i18n.locale, staff.roles | {Role(grant.role)})
    await show_staff_menu(bot, i18n.core, menu)


async def my_roles(
    message: Message,
    i18n: I18nContext,
    uow: UnitOfWork,
    staff: Staff,
    people: People,
    regions: tuple[Region, ...],
) -> None:
    if not staff.roles:
        await message.answer(i18n.get("roles-none"))
        return
    names = await people.scope_names(uow, regions, i18n.locale)
    await message.answer(i18n.get("roles-title") + "\n\n" + describe_roles(i18n, staff, names))


NOTIFY_KEYS = {True: "case-notices-on", False: "case-notices-off"}
SWITCH_KEYS = {True: "case-notices-turn-off", False: "case-notices-turn-on"}


def _notify_setting(i18n: I18nContext, on: bool) -> tuple[str, InlineKeyboardMarkup]:
    builder = InlineKeyboardBuilder()
    builder.button(text=i18n.get(SWITCH_KEYS[on]), callback_data=NotifyCb(on=not on))
    return i18n.get(NOTIFY_KEYS[on]), keyboards.fitted(builder).as_markup()


async def notify_setting(
    message: Message, i18n: I18nContext, uow: UnitOfWork, user: Person, staff: Staff, people: People
) -> None:
    """/notify: the current setting, with the button that changes it."""
    on = await people.notify_cases(uow, user.id, staff)
    if on is None:
        await message.answer(i18n.get("no-access"))
        return
    text, markup = _notify_setting(i18n, on)
    await message.answer(text, reply_markup=markup)


async def switch_notify(
    query: CallbackQuery,
    callback_data: NotifyCb,
    i18n: I18nContext,
    uow: UnitOfWork,
    user: Person,
    staff: Staff,
    people: People,
    callback_answer: CallbackAnswer,
) -> None:
    on = await people.set_notify_cases(uow, user.id, staff, callback_data.on)
    if on is None:
        refuse(callback_answer, i18n.get("no-access"))
        return
    text, markup = _notify_setting(i18n, on)
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
