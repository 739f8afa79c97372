"""Invitation links that grant a role, and /roles: what a person may do here."""

from __future__ import annotations

from aiogram import F, Router
from aiogram.filters import Command, CommandObject, CommandStart
from aiogram.types import Message
from aiogram_i18n import I18nContext

from bot import keyboards
from domain.pipeline import Role, Staff
from domain.regions import Region
from services.keys import ROLE_CAN_KEYS, ROLE_KEYS
from services.people import People, Person
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
    i18n: I18nContext,
    uow: UnitOfWork,
    user: Person,
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


def router() -> Router:
    roles = Router(name="roles")
    roles.message.register(
        accept_invitation,
        CommandStart(deep_link=True, magic=F.args.startswith(INVITATION_PREFIX)),
    )
    roles.message.register(my_roles, Command("roles"))
    return roles
