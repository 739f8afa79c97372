"""Administration: invitation links for roles, people by role, revoking a role."""

from __future__ import annotations

from datetime import timedelta

from aiogram import Bot, Router
from aiogram.filters import Command
from aiogram.types import CallbackQuery, Message
from aiogram.utils.deep_linking import create_start_link
from aiogram.utils.keyboard import InlineKeyboardBuilder
from aiogram_i18n import I18nContext
from sqlalchemy.ext.asyncio import AsyncSession

from bot import keyboards
from bot.callbacks import AdminAction, AdminCb, InviteCb, PeopleCb, RevokeCb
from bot.config import Settings
from bot.handlers.roles import INVITATION_PREFIX, scope_names
from bot.render import split_message
from domain.clock import Clock
from domain.pipeline import SCOPED_ROLES, Role
from domain.regions import Region
from storage import plan as plan_store
from storage import staff as staff_store

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


def _admin_menu(i18n: I18nContext) -> object:
    builder = InlineKeyboardBuilder()
    for action in AdminAction:
        builder.button(text=i18n.get(f"admin-{action}"), callback_data=AdminCb(action=action))
    builder.adjust(1)
    return builder.as_markup()


def _roles_keyboard(i18n: I18nContext, make: type[InviteCb] | type[PeopleCb]) -> object:
    builder = InlineKeyboardBuilder()
    for role in INVITABLE:
        builder.button(text=i18n.get(f"role-{role}"), callback_data=make(role=role))
    builder.adjust(2)
    return builder.as_markup()


def router() -> Router:
    admin = Router(name="admin")

    @admin.message(Command("admin"), flags=ADMIN)
    async def admin_menu(message: Message, i18n: I18nContext) -> None:
        await message.answer(i18n.get("admin-title"), reply_markup=_admin_menu(i18n))

    @admin.callback_query(AdminCb.filter(), flags=ADMIN)
    async def admin_action(
        query: CallbackQuery, callback_data: AdminCb, bot: Bot, i18n: I18nContext
    ) -> None:
        await query.answer()
        make = InviteCb if callback_data.action is AdminAction.INVITE else PeopleCb
        await bot.send_message(
            query.from_user.id,
            i18n.get(f"admin-{callback_data.action}-which"),
            reply_markup=_roles_keyboard(i18n, make),
        )

    @admin.callback_query(InviteCb.filter(), flags=ADMIN)
    async def invite(
        query: CallbackQuery,
        callback_data: InviteCb,
        bot: Bot,
        i18n: I18nContext,
        session: AsyncSession,
        settings: Settings,
        clock: Clock,
        regions: tuple[Region, ...],
    ) -> None:
        role, scope = callback_data.role, callback_data.scope
        # A scope names a region (verifier) or an agency (official); which ones is the data's.
        choices = {region.code: region.name(i18n.locale) for region in regions}
        if role is Role.AGENCY_OFFICIAL:
            choices = {str(a.id): a.short for a in await plan_store.agencies(session)}
        scoped = role in SCOPED_ROLES
        if role not in INVITABLE or (scope and (not scoped or scope not in choices)):
            await query.answer()  # forged
            return
        await query.answer()
        if scoped and not scope:
            builder = InlineKeyboardBuilder()
            for value, label in choices.items():
                builder.button(text=label, callback_data=InviteCb(role=role, scope=value))
            builder.adjust(2)
            await bot.send_message(
                query.from_user.id,
                i18n.get(f"admin-invite-scope-{role}"),
                reply_markup=builder.as_markup(),
            )
            return
        ttl = timedelta(hours=settings.invite_ttl_hours)
        invitation = await staff_store.invite(
            session, role, scope, query.from_user.id, clock(), ttl
        )
        link = await create_start_link(bot, INVITATION_PREFIX + invitation.token)
        where = choices.get(scope, "") if scope else ""
        await bot.send_message(
            query.from_user.id,
            i18n.get(
                "admin-invite-link",
                role=i18n.get(f"role-{role}") + (f" ({where})" if where else ""),
                link=link,
                expires=invitation.expires_at.astimezone(settings.tz).strftime("%d.%m.%Y %H:%M"),
            ),
        )

    @admin.callback_query(PeopleCb.filter(), flags=ADMIN)
    async def people(
        query: CallbackQuery,
        callback_data: PeopleCb,
        bot: Bot,
        i18n: I18nContext,
        session: AsyncSession,
        regions: tuple[Region, ...],
    ) -> None:
        await query.answer()
        role = callback_data.role
        holders = await staff_store.people_with(session, role)
        if not holders:
            await bot.send_message(
                query.from_user.id, i18n.get("admin-people-none", role=i18n.get(f"role-{role}"))
            )
            return
        names = await scope_names(session, regions, i18n.locale)
        builder = InlineKeyboardBuilder()
        lines = [i18n.get("admin-people-title", role=i18n.get(f"role-{role}"))]
        for number, (grant, person) in enumerate(holders, start=1):
            handle = f" @{person.username}" if person.username else ""
            scope = f" — {names.get(grant.scope, grant.scope)}" if grant.scope else ""
            lines.append(f"{number}. {person.first_name}{handle} (id {person.id}){scope}")
            builder.button(
                text=i18n.get("admin-revoke", number=number),
                callback_data=RevokeCb(grant_id=grant.id),
            )
        builder.adjust(3)
        *head, last = split_message("\n".join(lines))
        for piece in head:
            await bot.send_message(query.from_user.id, piece)
        await bot.send_message(query.from_user.id, last, reply_markup=builder.as_markup())

    @admin.callback_query(RevokeCb.filter(), flags=ADMIN)
    async def revoke(
        query: CallbackQuery,
        callback_data: RevokeCb,
        bot: Bot,
        i18n: I18nContext,
        session: AsyncSession,
        clock: Clock,
    ) -> None:
        grant = await staff_store.revoke(
            session, callback_data.grant_id, query.from_user.id, clock()
        )
        if grant is None:
            await query.answer(i18n.get("button-stale"), show_alert=True)
            return
        await query.answer(i18n.get("admin-revoked"))
        await bot.send_message(
            query.from_user.id,
            i18n.get("admin-revoked"),
            reply_markup=keyboards.main_menu(i18n),
        )

    return admin
