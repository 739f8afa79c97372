"""Invitation links that grant a role, and /roles: what a person may do here."""

from __future__ import annotations

from aiogram import F, Router
from aiogram.filters import Command, CommandObject, CommandStart
from aiogram.types import Message
from aiogram_i18n import I18nContext
from sqlalchemy.ext.asyncio import AsyncSession

from bot import keyboards
from domain.clock import Clock
from domain.pipeline import Role, Staff
from domain.regions import Region
from storage import plan as plan_store
from storage import staff as staff_store
from storage.models import User

INVITATION_PREFIX = "inv_"


async def scope_names(
    session: AsyncSession, regions: tuple[Region, ...], locale: str
) -> dict[str, str]:
    """What a grant's scope means to a reader: a region's name, or an agency's."""
    names = {region.code: region.name(locale) for region in regions}
    names |= {str(agency.id): agency.short for agency in await plan_store.agencies(session)}
    return names


def describe_roles(i18n: I18nContext, staff: Staff, names: dict[str, str]) -> str:
    lines = []
    for role in Role:
        if not staff.has(role):
            continue
        scopes = ", ".join(sorted(names.get(s, s) for s in staff.scopes[role] if s))
        title = i18n.get(f"role-{role}") + (f" ({scopes})" if scopes else "")
        lines.append(f"• {title}\n  {i18n.get(f'role-{role}-can')}")
    return "\n".join(lines)


def router() -> Router:
    roles = Router(name="roles")

    @roles.message(CommandStart(deep_link=True, magic=F.args.startswith(INVITATION_PREFIX)))
    async def accept_invitation(
        message: Message,
        command: CommandObject,
        i18n: I18nContext,
        session: AsyncSession,
        user: User,
        clock: Clock,
        regions: tuple[Region, ...],
    ) -> None:
        token = (command.args or "")[len(INVITATION_PREFIX) :]
        try:
            grant = await staff_store.accept(session, token, user.id, clock())
        except staff_store.InvitationRefused as refused:
            await message.answer(
                i18n.get(f"invitation-{refused.reason}"), reply_markup=keyboards.main_menu(i18n)
            )
            return
        granted = Staff.of([(grant.role, grant.scope)])
        names = await scope_names(session, regions, i18n.locale)
        await message.answer(
            i18n.get("invitation-accepted") + "\n\n" + describe_roles(i18n, granted, names),
            reply_markup=keyboards.main_menu(i18n),
        )

    @roles.message(Command("roles"))
    async def my_roles(
        message: Message,
        i18n: I18nContext,
        session: AsyncSession,
        staff: Staff,
        regions: tuple[Region, ...],
    ) -> None:
        if not staff.roles:
            await message.answer(i18n.get("roles-none"))
            return
        names = await scope_names(session, regions, i18n.locale)
        await message.answer(i18n.get("roles-title") + "\n\n" + describe_roles(i18n, staff, names))

    return roles
