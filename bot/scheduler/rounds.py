"""Closing vote rounds at their end time. It runs every minute and at start, so a round whose
end passed while the bot was down is closed as soon as it is back."""

from __future__ import annotations

from typing import Any

from aiogram import Bot
from aiogram_i18n.cores import BaseCore
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from bot.notify import tell
from domain.clock import Clock
from domain.locales import resolve_locale
from domain.pipeline import Role
from storage import repo, staff
from storage import voting as store


async def close_due_rounds(
    bot: Bot,
    sessionmaker: async_sessionmaker[AsyncSession],
    core: BaseCore[Any],
    default_locale: str,
    clock: Clock,
) -> int:
    """Close every round past its end; the working group hears of it. Returns how many."""
    now = clock()
    closed = 0
    async with sessionmaker() as session:
        for vote_round in await store.rounds_past_end(session, now):
            if not await store.close_round(session, vote_round.id, None, now):
                continue  # another instance, or a person, closed it first
            closed += 1
            for user_id in await staff.holders(session, Role.WORKING_GROUP):
                user = await repo.get_user(session, user_id)
                locale = resolve_locale(
                    user.language if user else None,
                    user.telegram_language if user else None,
                    default_locale,
                )
                await tell(bot, user_id, core.get("round-closed-auto", locale, round=vote_round.id))
    return closed
