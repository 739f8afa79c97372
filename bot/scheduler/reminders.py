"""The reminder job: `services.plan.Campaign.run_reminders` with the digests rendered in each
person's language and sent through the paced sender. A restart picks up what was recorded and
not sent; nothing recorded as sent goes twice, and two instances never send the same row."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from aiogram_i18n.cores import BaseCore
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from bot.config import Settings
from bot.render import excerpt
from bot.sender import Sender
from domain.clock import Clock
from domain.reminders import Kind, Obligation
from services.plan import Campaign, Planned
from services.uow import Work

LINE_KEYS = {
    Kind.BEFORE: "reminder-line-before",
    Kind.OVERDUE: "reminder-line-overdue",
    Kind.ESCALATION: "reminder-line-escalation",
}
DIGEST_KEYS = {"reminder": "reminder-digest", "escalation": "escalation-digest"}


def digest(
    core: BaseCore[Any], kind: str, locale: str, lines: list[tuple[Kind, int, Obligation]]
) -> str:
    """One person's digest in their language."""
    rendered = []
    for line_kind, offset, ob in lines:
        rendered.append(
            core.get(
                LINE_KEYS[line_kind],
                locale,
                days=offset if line_kind is Kind.BEFORE else -offset,
                number=ob.item_number,
                title=excerpt(ob.item_title, 90),
                agency=ob.agency,
                due=ob.due.strftime("%d.%m.%Y"),
                period=ob.period,
            )
        )
    return core.get(DIGEST_KEYS[kind], locale, lines="\n".join(rendered))


async def run_reminders(
    sender: Sender,
    sessionmaker: async_sessionmaker[AsyncSession],
    core: BaseCore[Any],
    settings: Settings,
    clock: Clock,
) -> dict[str, int]:
    """One pass; returns how many digests went and how many reminders were skipped."""

    async def send(chat_id: int, text: str) -> str:
        return str(await sender.send_long(chat_id, text))

    async with Work(sessionmaker, clock)() as uow:
        return await Campaign(settings).run_reminders(
            uow, lambda kind, locale, lines: digest(core, kind, locale, lines), send
        )


async def plan_reminders(
    session: AsyncSession, settings: Settings, at: datetime
) -> tuple[list[Planned], list[Planned]]:
    """Who would get which reminder at `at` (the `reminders preview` command)."""
    return await Campaign(settings).plan_reminders(session, at)
