""" "My nominations": what a person has nominated and the stage each nomination is at."""

from __future__ import annotations

from aiogram import Bot, F, Router
from aiogram.filters import Command
from aiogram.types import CallbackQuery, Message
from aiogram.utils.deep_linking import create_start_link
from aiogram_i18n import I18nContext
from sqlalchemy.ext.asyncio import AsyncSession

from bot import keyboards
from bot.callbacks import MenuAction, MenuCb
from bot.config import Settings
from bot.handlers.nominee import CONSENT_LINK_PREFIX
from bot.render import split_message
from domain.nomination import Status
from storage import repo
from storage.models import User


async def show_nominations(
    bot: Bot, chat_id: int, i18n: I18nContext, session: AsyncSession, user: User, settings: Settings
) -> None:
    nominations = await repo.nominations_of(session, user.id)
    if not nominations:
        await bot.send_message(
            chat_id, i18n.get("my-empty"), reply_markup=keyboards.main_menu(i18n)
        )
        return
    entries = []
    for nomination in nominations:
        entry = i18n.get(
            "my-item",
            reference=nomination.reference or "",
            name=nomination.full_name,
            status=i18n.get(f"status-{nomination.status}"),
            date=nomination.created_at.astimezone(settings.tz).strftime("%d.%m.%Y"),
        )
        if nomination.status == Status.AWAITING_NOMINEE_CONSENT and nomination.nominee_token:
            link = await create_start_link(bot, CONSENT_LINK_PREFIX + nomination.nominee_token)
            entry += "\n" + i18n.get("my-awaiting-link", link=link)
        entries.append(entry)
    text = i18n.get("my-title", count=len(nominations)) + "\n\n" + "\n\n".join(entries)
    *head, last = split_message(text)
    for piece in head:
        await bot.send_message(chat_id, piece)
    await bot.send_message(chat_id, last, reply_markup=keyboards.main_menu(i18n))


def router() -> Router:
    mine = Router(name="my_nominations")

    @mine.message(Command("my"))
    async def my_command(
        message: Message,
        bot: Bot,
        i18n: I18nContext,
        session: AsyncSession,
        user: User,
        settings: Settings,
    ) -> None:
        await show_nominations(bot, message.chat.id, i18n, session, user, settings)

    @mine.callback_query(MenuCb.filter(F.action == MenuAction.MY))
    async def my_button(
        query: CallbackQuery,
        bot: Bot,
        i18n: I18nContext,
        session: AsyncSession,
        user: User,
        settings: Settings,
    ) -> None:
        await query.answer()
        await show_nominations(bot, query.from_user.id, i18n, session, user, settings)

    return mine
