"""Administration: invitation links for roles (made, listed, cancelled: asked first), people
by role, revoking a role (asked first)."""

from __future__ import annotations

from datetime import tzinfo

from aiogram import Bot, F, Router
from aiogram.filters import Command
from aiogram.types import CallbackQuery, InlineKeyboardMarkup, Message
from aiogram.utils.callback_answer import CallbackAnswer
from aiogram.utils.deep_linking import create_start_link
from aiogram.utils.keyboard import InlineKeyboardBuilder

from bot import keyboards
from bot.callbacks import (
    AdminAction,
    AdminCb,
    InviteCancelCb,
    InviteCb,
    InvitesCb,
    PeopleCb,
    RevokeCb,
)
from bot.handlers.menu import show_staff_menu
from bot.handlers.roles import INVITATION_PREFIX
from bot.i18n import I18n
from bot.render import excerpt, long_moment, send_long, zone
from domain.pipeline import Role
from services.keys import ROLE_KEYS, keys_for
from services.locale_keys import PlainKey
from services.roles import (
    INVITABLE,
    INVITES_PAGE,
    HeldGrant,
    Holders,
    InvitationLink,
    OpenInvitation,
    OpenInvitations,
    Roles,
    ScopesToPick,
)

ADMIN = {"role": Role.ADMIN}
ACTION_KEYS = keys_for(AdminAction, "admin-{}")
WHICH_KEYS: dict[AdminAction, PlainKey] = {
    AdminAction.INVITE: "admin-invite-which",
    AdminAction.PEOPLE: "admin-people-which",
}
SCOPE_QUESTION_KEYS = keys_for((Role.VERIFIER, Role.AGENCY_OFFICIAL), "admin-invite-scope-{}")


def _admin_menu(i18n: I18n) -> InlineKeyboardMarkup:
    builder = InlineKeyboardBuilder()
    for action in AdminAction:
        builder.button(text=i18n.get(ACTION_KEYS[action]), callback_data=AdminCb(action=action))
    builder.adjust(1)
    return builder.as_markup()


def _roles_keyboard(i18n: I18n, make: type[InviteCb] | type[PeopleCb]) -> InlineKeyboardMarkup:
    builder = InlineKeyboardBuilder()
    for role in INVITABLE:
        builder.button(text=i18n.get(ROLE_KEYS[role]), callback_data=make(role=role))
    return keyboards.fitted(builder).as_markup()


def scopes_text(i18n: I18n, pick: ScopesToPick) -> tuple[str, InlineKeyboardMarkup]:
    """Which region (verifier) or agency (official) the invitation is for."""
    builder = InlineKeyboardBuilder()
    for value, label in pick.choices.items():
        builder.button(text=excerpt(label, 30), callback_data=InviteCb(role=pick.role, scope=value))
    keyboards.fitted(builder)
    return i18n.get(SCOPE_QUESTION_KEYS[pick.role]), builder.as_markup()


def invitation_text(i18n: I18n, invitation: InvitationLink, link: str, tz: tzinfo) -> str:
    where = f" ({invitation.where})" if invitation.where else ""
    role = i18n.get(ROLE_KEYS[invitation.role]) + where
    expires = long_moment(invitation.expires_at, tz, i18n.locale)
    return i18n.get(
        "admin-invite-link",
        role=role,
        link=link,
        expires=expires,
        tz=zone(i18n.core, i18n.locale, tz),
    )


def holders_text(i18n: I18n, found: Holders) -> tuple[str, InlineKeyboardMarkup | None]:
    """The holders of a role, numbered, with a "revoke" button each."""
    role = i18n.get(ROLE_KEYS[found.role])
    if not found.holders:
        return i18n.get("admin-people-none", role=role), None
    builder = InlineKeyboardBuilder()
    lines = [i18n.get("admin-people-title", role=role)]
    for number, holder in enumerate(found.holders, start=1):
        handle = f" @{holder.username}" if holder.username else ""
        names = found.scope_names
        scope = f" — {names.get(holder.scope, holder.scope)}" if holder.scope else ""
        lines.append(f"{number}. {holder.first_name}{handle} (id {holder.user_id}){scope}")
        builder.button(
            text=i18n.get("admin-revoke", number=number),
            callback_data=RevokeCb(grant_id=holder.grant_id),
        )
    builder.adjust(3)
    return "\n".join(lines), builder.as_markup()


def revoke_question(
    i18n: I18n, pressed: RevokeCb, held: HeldGrant
) -> tuple[str, InlineKeyboardMarkup]:
    holder = held.holder
    handle = f" @{holder.username}" if holder.username else ""
    text = i18n.get(
        "admin-revoke-ask",
        role=i18n.get(ROLE_KEYS[held.role]),
        name=f"{holder.first_name}{handle}",
        id=str(holder.user_id),  # an id, not a number to group
    )
    markup = keyboards.confirm(
        i18n,
        pressed,
        AdminCb(action=AdminAction.PEOPLE),
        i18n.get("admin-revoke-confirm"),
        i18n.get("admin-revoke-keep"),
    )
    return text, markup


def invited_role(i18n: I18n, item: OpenInvitation) -> str:
    return i18n.get(ROLE_KEYS[item.role]) + (f" ({item.where})" if item.where else "")


def invites_text(
    i18n: I18n, found: OpenInvitations, tz: tzinfo
) -> tuple[str, InlineKeyboardMarkup | None]:
    """The open links, numbered, with a cancel button each and the pager under them."""
    if not found.items:
        return i18n.get("invites-none"), None
    lines = [i18n.get("invites-title", count=found.total)]
    builder = InlineKeyboardBuilder()
    first = found.page * INVITES_PAGE + 1
    for number, item in enumerate(found.items, start=first):
        expires = long_moment(item.expires_at, tz, i18n.locale)
        where = zone(i18n.core, i18n.locale, tz)
        role = invited_role(i18n, item)
        lines.append(
            i18n.get(
                "invites-line",
                number=number,
                role=role,
                maker=item.maker,
                expires=expires,
                tz=where,
            )
        )
        cancel = InviteCancelCb(token=item.token_start, page=found.page)
        builder.button(text=i18n.get("invites-cancel", number=number), callback_data=cancel)
    moves = keyboards.pager(builder, found.page, found.pages, lambda page: InvitesCb(page=page))
    keyboards.fitted(builder, len(found.items), *([moves] if moves else []))
    return "\n".join(lines), builder.as_markup()


def cancel_question(
    i18n: I18n, pressed: InviteCancelCb, item: OpenInvitation
) -> tuple[str, InlineKeyboardMarkup]:
    text = i18n.get("invites-cancel-ask", role=invited_role(i18n, item), maker=item.maker)
    markup = keyboards.confirm(
        i18n,
        pressed,
        InvitesCb(page=pressed.page),
        i18n.get("invites-cancel-confirm"),
        i18n.get("invites-cancel-keep"),
    )
    return text, markup


async def admin_menu(message: Message, i18n: I18n) -> None:
    await message.answer(i18n.get("admin-title"), reply_markup=_admin_menu(i18n))


async def admin_action(query: CallbackQuery, callback_data: AdminCb, bot: Bot, i18n: I18n) -> None:
    make = InviteCb if callback_data.action is AdminAction.INVITE else PeopleCb
    await bot.send_message(
        query.from_user.id,
        i18n.get(WHICH_KEYS[callback_data.action]),
        reply_markup=_roles_keyboard(i18n, make),
    )


async def invite(
    query: CallbackQuery, callback_data: InviteCb, bot: Bot, i18n: I18n, roles: Roles
) -> None:
    """A role picked: its scope asked for where it needs one; then the link is made."""
    made = await roles.invitation(callback_data.role, callback_data.scope, i18n.locale)
    if isinstance(made, ScopesToPick):
        await send_long(bot, query.from_user.id, *scopes_text(i18n, made))
        return
    await send_invitation(bot, query.from_user.id, i18n, made, roles.config.tz)


async def send_invitation(
    bot: Bot, chat_id: int, i18n: I18n, made: InvitationLink, tz: tzinfo
) -> None:
    """The invitation's link, to the person who asked for it (an admin; a coordinator, for
    an agency's official)."""
    link = await create_start_link(bot, INVITATION_PREFIX + made.token)
    await bot.send_message(chat_id, invitation_text(i18n, made, link, tz))


async def people_with(
    query: CallbackQuery, callback_data: PeopleCb, bot: Bot, i18n: I18n, roles: Roles
) -> None:
    found = await roles.holders(callback_data.role, i18n.locale)
    await send_long(bot, query.from_user.id, *holders_text(i18n, found))


async def revoke(
    query: CallbackQuery,
    callback_data: RevokeCb,
    bot: Bot,
    i18n: I18n,
    roles: Roles,
    callback_answer: CallbackAnswer,
) -> None:
    """One tap asks; taking a role away is confirmed. Their menu then loses the role's
    commands (or, with no role left, is everybody's again)."""
    if not callback_data.confirmed:
        held = await roles.holder(callback_data.grant_id)
        await send_long(bot, query.from_user.id, *revoke_question(i18n, callback_data, held))
        return
    menu = await roles.revoke(callback_data.grant_id)
    callback_answer.text = i18n.get("admin-revoked")
    await bot.send_message(
        query.from_user.id, i18n.get("admin-revoked"), reply_markup=keyboards.main_menu(i18n)
    )
    await show_staff_menu(bot, i18n.core, menu)


async def open_invitations(
    event: Message | CallbackQuery, bot: Bot, i18n: I18n, roles: Roles
) -> None:
    """/invites and the admin menu's button: the first page of the open links."""
    assert event.from_user is not None
    found = await roles.open_invitations(0, i18n.locale)
    await send_long(bot, event.from_user.id, *invites_text(i18n, found, roles.config.tz))


async def invitations_page(
    query: CallbackQuery, callback_data: InvitesCb, i18n: I18n, roles: Roles
) -> None:
    """Another page of the list (or the list again, after a question kept the link)."""
    found = await roles.open_invitations(callback_data.page, i18n.locale)
    text, markup = invites_text(i18n, found, roles.config.tz)
    if isinstance(query.message, Message):
        await query.message.edit_text(text, reply_markup=markup)


async def cancel_invitation(
    query: CallbackQuery,
    callback_data: InviteCancelCb,
    i18n: I18n,
    roles: Roles,
    callback_answer: CallbackAnswer,
) -> None:
    """One tap asks; the link is cancelled once confirmed, and the list shown again."""
    if not isinstance(query.message, Message):
        return
    if not callback_data.confirmed:
        item = await roles.open_invitation(callback_data.token, i18n.locale)
        question, buttons = cancel_question(i18n, callback_data, item)
        await query.message.edit_text(question, reply_markup=buttons)
        return
    await roles.cancel_invitation(callback_data.token)
    callback_answer.text = i18n.get("invites-cancelled")
    found = await roles.open_invitations(callback_data.page, i18n.locale)
    text, markup = invites_text(i18n, found, roles.config.tz)
    cancelled = i18n.get("invites-cancelled")
    await query.message.edit_text(f"{cancelled}\n\n{text}", reply_markup=markup)


def router() -> Router:
    admin = Router(name="admin")
    admin.message.register(admin_menu, Command("admin"), flags=ADMIN)
    admin.message.register(open_invitations, Command("invites"), flags=ADMIN)
    admin.callback_query.register(
        open_invitations, AdminCb.filter(F.action == AdminAction.INVITES), flags=ADMIN
    )
    admin.callback_query.register(invitations_page, InvitesCb.filter(), flags=ADMIN)
    admin.callback_query.register(cancel_invitation, InviteCancelCb.filter(), flags=ADMIN)
    admin.callback_query.register(admin_action, AdminCb.filter(), flags=ADMIN)
    admin.callback_query.register(invite, InviteCb.filter(), flags=ADMIN)
    admin.callback_query.register(people_with, PeopleCb.filter(), flags=ADMIN)
    admin.callback_query.register(revoke, RevokeCb.filter(), flags=ADMIN)
    return admin
