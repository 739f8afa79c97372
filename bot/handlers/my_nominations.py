""" "My nominations": what a person has nominated and the stage each nomination is at."""

from __future__ import annotations

from aiogram import Bot, F, Router
from aiogram.filters import Command
from aiogram.types import CallbackQuery, Message
from aiogram.utils.deep_linking import create_start_link
from aiogram_i18n import I18nContext

from bot import keyboards
from bot.callbacks import MenuAction, MenuCb
from bot.handlers.form import CONSENT_LINK_PREFIX
from bot.render import send_long
from services.keys import STATUS_KEYS
from services.nominations import Nominations
from services.people import Person
from services.uow import UnitOfWork


async def show_nominations(
    bot: Bot,
    chat_id: int,
    i18n: I18nContext,
    uow: UnitOfWork,
    user: Person,
    nominations: Nominations,
) -> None:
    mine = await nominations.mine(uow, user.id)
    if not mine:
        await bot.send_message(
            chat_id, i18n.get("my-empty"), reply_markup=keyboards.main_menu(i18n)
        )
        return
    tz = nominations.settings.tz
    entries = []
    for nomination in mine:
        entry = i18n.get(
            "my-item",
            reference=nomination.reference,
            name=nomination.full_name,
            status=i18n.get(STATUS_KEYS[nomination.status]),
            date=nomination.created_at.astimezone(tz).strftime("%d.%m.%Y"),
        )
        if nomination.nominee_token:
            link = await create_start_link(bot, CONSENT_LINK_PREFIX + nomination.nominee_token)
            entry += "\n" + i18n.get("my-awaiting-link", link=link)
        entries.append(entry)
    text = i18n.get("my-title", count=len(mine)) + "\n\n" + "\n\n".join(entries)
    await send_long(bot, chat_id, text, keyboards.main_menu(i18n))


async def my_nominations(
    event: Message | CallbackQuery,
    bot: Bot,
    i18n: I18nContext,
    uow: UnitOfWork,
    user: Person,
    nominations: Nominations,
) -> None:
    """/my and the menu's button."""
    await show_nominations(bot, user.id, i18n, uow, user, nominations)


def router() -> Router:
    mine = Router(name="my_nominations")
    mine.message.register(my_nominations, Command("my"))
    mine.callback_query.register(my_nominations, MenuCb.filter(F.action == MenuAction.MY))
    return mine
