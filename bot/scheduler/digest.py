"""The daily digest: every staff member hears what waits at their desks."""

from __future__ import annotations

from typing import Any

from aiogram import Bot
from aiogram_i18n.cores import BaseCore
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from bot.notify import DESK_COMMANDS, tell
from domain.locales import resolve_locale
from domain.pipeline import DESKS, Role
from storage import pipeline, repo, staff


async def send_digest(
    bot: Bot,
    sessionmaker: async_sessionmaker[AsyncSession],
    core: BaseCore[Any],
    default_locale: str,
) -> int:
    """Send each staff member one message listing their non-empty queues; returns how many."""
    sent = 0
    async with sessionmaker() as session:
        desks_of: dict[int, dict[Role, frozenset[str]]] = {}
        for role in DESKS:
            for grant, _user in await staff.people_with(session, role):
                scopes = desks_of.setdefault(grant.user_id, {})
                scopes[role] = scopes.get(role, frozenset()) | {grant.scope}
        for user_id, scopes in sorted(desks_of.items()):
            counts = {}
            for role, regions in scopes.items():
                _, total = await pipeline.queue(
                    session,
                    DESKS[role],
                    offset=0,
                    limit=1,
                    regions=regions if role is Role.VERIFIER else None,
                    not_concluded_by=user_id if role is Role.EXPERT else None,
                )
                if total:
                    counts[role] = total
            if not counts:
                continue
            user = await repo.get_user(session, user_id)
            locale = resolve_locale(
                user.language if user else None,
                user.telegram_language if user else None,
                default_locale,
            )
            lines = "\n".join(
                core.get(
                    "digest-line",
                    locale,
                    desk=core.get(f"desk-{role}", locale),
                    count=count,
                    command=f"/{DESK_COMMANDS[role]}",
                )
                for role, count in counts.items()
            )
            if await tell(bot, user_id, core.get("digest", locale, lines=lines)):
                sent += 1
    return sent
