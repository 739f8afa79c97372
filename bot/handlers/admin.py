"""Administration: invitation links for roles, people by role, revoking a role."""

from __future__ import annotations

from datetime import timedelta

from aiogram import Bot, Router
from aiogram.filters import Command
from aiogram.types import CallbackQuery, InlineKeyboardMarkup, Message
from aiogram.utils.callback_answer import CallbackAnswer
from aiogram.utils.deep_linking import create_start_link
from aiogram.utils.keyboard import InlineKeyboardBuilder
from aiogram_i18n import I18nContext

from bot import keyboards
from bot.callbacks import AdminAction, AdminCb, InviteCb, PeopleCb, RevokeCb
from bot.handlers.menu import show_staff_menu
from bot.handlers.roles import INVITATION_PREFIX
from bot.middlewares import refuse
from bot.render import excerpt, long_moment, send_long
from config import Settings
from domain.pipeline import SCOPED_ROLES, Role
from domain.regions import Region
from services.keys import ROLE_KEYS
from services.people import People
from services.uow import UnitOfWork

# Roles an admin invites to from the bot.
INVITABLE = (
    Role.ADMIN,
    Role.SECRETARIAT,
    Role.VERIFIER,
    Role.EXPERT,
    Role.WORKING_GROUP,
    Role.COORDINATOR,
    Role.AGENCY_OFFICIAL,
)
ADMIN = {"role": Role.ADMIN}
ACTION_KEYS = {AdminAction.INVITE: "admin-invite", AdminAction.PEOPLE: "admin-people"}
WHICH_KEYS = {AdminAction.INVITE: "admin-invite-which", AdminAction.PEOPLE: "admin-people-which"}
SCOPE_QUESTION_KEYS = {
    Role.VERIFIER: "admin-invite-scope-verifier",
    Role.AGENCY_OFFICIAL: "admin-invite-scope-official",
}


def _admin_menu(i18n: I18nContext) -> InlineKeyboardMarkup:
    builder = InlineKeyboardBuilder()
    for action in AdminAction:
        builder.button(text=i18n.get(ACTION_KEYS[action]), callback_data=AdminCb(action=action))
    builder.adjust(1)
    return builder.as_markup()


def _roles_keyboard(
    i18n: I18nContext, make: type[InviteCb] | type[PeopleCb]
) -> InlineKeyboardMarkup:
    builder = InlineKeyboardBuilder()
    for role in INVITABLE:
        builder.button(text=i18n.get(ROLE_KEYS[role]), callback_data=make(role=role))
    return keyboards.fitted(builder).as_markup()


async def admin_menu(message: Message, i18n: I18nContext) -> None:
    await message.answer(i18n.get("admin-title"), reply_markup=_admin_menu(i18n))


async def admin_action(
    query: CallbackQuery, callback_data: AdminCb, bot: Bot, i18n: I18nContext
) -> None:
    make = InviteCb if callback_data.action is AdminAction.INVITE else PeopleCb
    await bot.send_message(
        query.from_user.id,
        i18n.get(WHICH_KEYS[callback_data.action]),
        reply_markup=_roles_keyboard(i18n, make),
    )


async def invite(
    query: CallbackQuery,
    callback_data: InviteCb,
    bot: Bot,
    i18n: I18nContext,
    uow: UnitOfWork,
    people: People,
    settings: Settings,
    regions: tuple[Region, ...],
) -> None:
    role, scope = callback_data.role, callback_data.scope
    # A scope names a region (verifier) or an agency (official); which ones is the data's.
    choices = await people.scope_choices(uow, role, regions, i18n.locale)
    if role not in INVITABLE or (scope and scope not in choices):
        return  # forged
    if role in SCOPED_ROLES and not scope:
        builder = InlineKeyboardBuilder()
        for value, label in choices.items():
            builder.button(text=excerpt(label, 30), callback_data=InviteCb(role=role, scope=value))
        keyboards.fitted(builder)
        await bot.send_message(
            query.from_user.id,
            i18n.get(SCOPE_QUESTION_KEYS[role]),
            reply_markup=builder.as_markup(),
        )
        return
    where = choices.get(scope, "") if scope else ""
    await send_invitation(query, bot, i18n, uow, people, settings, role, scope, where)


async def send_invitation(
    query: CallbackQuery,
    bot: Bot,
    i18n: I18nContext,
    uow: UnitOfWork,
    people: People,
    settings: Settings,
    role: Role,
    scope: str,
    where: str,
) -> None:
    """Make an invitation link to `role` (for `scope`, which reads `where`) and send it to
    the person who asked for it."""
    ttl = timedelta(hours=settings.invite_ttl_hours)
    invitation = await people.invite(uow, role, scope, query.from_user.id, ttl)
    link = await create_start_link(bot, INVITATION_PREFIX + invitation.token)
    await bot.send_message(
        query.from_user.id,
        i18n.get(
            "admin-invite-link",
            role=i18n.get(ROLE_KEYS[role]) + (f" ({where})" if where else ""),
            link=link,
            expires=long_moment(invitation.expires_at, settings.tz, i18n.locale),
        ),
    )


async def people_with(
    query: CallbackQuery,
    callback_data: PeopleCb,
    bot: Bot,
    i18n: I18nContext,
    uow: UnitOfWork,
    people: People,
    regions: tuple[Region, ...],
) -> None:
    role = callback_data.role
    holders = await people.holders(uow, role)
    if not holders:
        await bot.send_message(
            query.from_user.id, i18n.get("admin-people-none", role=i18n.get(ROLE_KEYS[role]))
        )
        return
    names = await people.scope_names(uow, regions, i18n.locale)
    builder = InlineKeyboardBuilder()
    lines = [i18n.get("admin-people-title", role=i18n.get(ROLE_KEYS[role]))]
    for number, holder in enumerate(holders, start=1):
        handle = f" @{holder.username}" if holder.username else ""
        scope = f" — {names.get(holder.scope, holder.scope)}" if holder.scope else ""
        lines.append(f"{number}. {holder.first_name}{handle} (id {holder.user_id}){scope}")
        builder.button(
            text=i18n.get("admin-revoke", number=number),
            callback_data=RevokeCb(grant_id=holder.grant_id),
        )
    builder.adjust(3)
    await send_long(bot, query.from_user.id, "\n".join(lines), builder.as_markup())


async def revoke(
    query: CallbackQuery,
    callback_data: RevokeCb,
    bot: Bot,
    i18n: I18nContext,
    uow: UnitOfWork,
    people: People,
    settings: Settings,
    callback_answer: CallbackAnswer,
) -> None:
    if not callback_data.confirmed:  # one tap asks; taking a role away is confirmed
        held = await people.holder(uow, callback_data.grant_id)
        if held is None:
            refuse(callback_answer, i18n.get("button-stale"))
            return
        role, holder = held
        handle = f" @{holder.username}" if holder.username else ""
        builder = InlineKeyboardBuilder()
        builder.button(
            text=i18n.get("admin-revoke-confirm"),
            callback_data=RevokeCb(grant_id=holder.grant_id, confirmed=True),
        )
        builder.button(
            text=i18n.get("admin-revoke-keep"), callback_data=AdminCb(action=AdminAction.PEOPLE)
        )
        await bot.send_message(
            query.from_user.id,
            i18n.get(
                "admin-revoke-ask",
                role=i18n.get(ROLE_KEYS[role]),
                name=f"{holder.first_name}{handle}",
                id=str(holder.user_id),  # an id, not a number to group
            ),
            reply_markup=keyboards.fitted(builder).as_markup(),
        )
        return
    grant = await people.revoke(uow, callback_data.grant_id, query.from_user.id)
    if grant is None:
        refuse(callback_answer, i18n.get("button-stale"))
        return
    callback_answer.text = i18n.get("admin-revoked")
    await bot.send_message(
        query.from_user.id, i18n.get("admin-revoked"), reply_markup=keyboards.main_menu(i18n)
    )
    # Their menu loses the role's commands (or, with no role left, is everybody's again).
    menu = await people.menu_of(uow, grant.user_id, settings.default_locale)
    await show_staff_menu(bot, i18n.core, menu)


def router() -> Router:
    admin = Router(name="admin")
    admin.message.register(admin_menu, Command("admin"), flags=ADMIN)
    admin.callback_query.register(admin_action, AdminCb.filter(), flags=ADMIN)
    admin.callback_query.register(invite, InviteCb.filter(), flags=ADMIN)
    admin.callback_query.register(people_with, PeopleCb.filter(), flags=ADMIN)
    admin.callback_query.register(revoke, RevokeCb.filter(), flags=ADMIN)
    return admin
