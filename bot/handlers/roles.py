"""Invitation links that grant a role to the person who shares their own contact (and the
command menu that comes with it), /roles: what a person may do here, and /notify: whether a
staff member hears of every case at their desks."""

from __future__ import annotations

from aiogram import Bot, F, Router
from aiogram.filters import Command, CommandObject, CommandStart, StateFilter
from aiogram.fsm.context import FSMContext
from aiogram.fsm.state import State, StatesGroup
from aiogram.types import CallbackQuery, InlineKeyboardMarkup, Message, ReplyKeyboardRemove
from aiogram.utils.keyboard import InlineKeyboardBuilder

from bot import keyboards
from bot.callbacks import NotifyCb
from bot.handlers.menu import show_staff_menu
from bot.i18n import I18n
from bot.render import say
from bot.state import take
from domain.pipeline import Role, Staff
from services.keys import ROLE_CAN_KEYS, ROLE_KEYS
from services.locale_keys import PlainKey
from services.refusals import Gone
from services.roles import Granted, InvitationRefused, NotOwnContact, Offered, Roles

INVITATION_PREFIX = "inv_"
INVITATION_KEY = "invitation"  # the link's token, kept while its contact is awaited
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


class InviteForm(StatesGroup):
    contact = State()  # the person's own contact, which takes the role a link offers


def offer_text(i18n: I18n, offered: Offered) -> str:
    role = i18n.get(ROLE_KEYS[offered.role]) + (f" ({offered.where})" if offered.where else "")
    return i18n.get("invite-share-contact", role=role)


async def accept_invitation(
    message: Message, command: CommandObject, i18n: I18n, state: FSMContext, roles: Roles
) -> None:
    """A link opened: what it offers, and the request for the person's own contact."""
    token = (command.args or "")[len(INVITATION_PREFIX) :]
    try:
        offered = await roles.offer(token, i18n.locale)
    except InvitationRefused as refused:  # they came by a link: the menu to go on from
        await message.answer(say(i18n, refused.text), reply_markup=keyboards.main_menu(i18n))
        return
    await state.set_state(InviteForm.contact)
    await state.update_data({INVITATION_KEY: token})
    await message.answer(offer_text(i18n, offered), reply_markup=keyboards.share_contact(i18n))


async def accept_with_contact(
    message: Message, bot: Bot, i18n: I18n, state: FSMContext, roles: Roles
) -> None:
    """A shared contact: someone else's is refused (asked again); the person's own takes the
    role, unless the link died meanwhile."""
    assert message.contact is not None
    contact = message.contact
    token = (await state.get_data()).get(INVITATION_KEY) or ""
    try:
        granted = await roles.accept(token, contact.user_id, contact.phone_number, i18n.locale)
    except NotOwnContact as refused:
        await message.answer(say(i18n, refused.text), reply_markup=keyboards.share_contact(i18n))
        return
    except Gone as refused:  # the link is used, cancelled or dead now; or the phone taken
        await take(state, INVITATION_KEY)
        await message.answer(say(i18n, refused.text), reply_markup=ReplyKeyboardRemove())
        return
    await take(state, INVITATION_KEY)
    await message.answer(granted_text(i18n, granted), reply_markup=ReplyKeyboardRemove())
    await show_staff_menu(bot, i18n.core, granted.menu)


async def contact_expected(message: Message, i18n: I18n) -> None:
    """Anything but a contact (a typed phone, too) while the link waits for one."""
    await message.answer(
        i18n.get("invite-contact-expected"), reply_markup=keyboards.share_contact(i18n)
    )


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
    roles.message.register(accept_with_contact, StateFilter(InviteForm.contact), F.contact)
    # Commands (/cancel, /start…) are the menu's, in this state as in every other.
    roles.message.register(
        contact_expected, StateFilter(InviteForm.contact), ~F.text.startswith("/")
    )
    roles.message.register(my_roles, Command("roles"))
    roles.message.register(notify_setting, Command("notify"))
    roles.callback_query.register(switch_notify, NotifyCb.filter())
    return roles
