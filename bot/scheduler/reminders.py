"""The reminder job: the pass writes what is due to the outbox (`services.plan.reminders`),
then the postman's one claim/send/mark path sends it, one digest per person and kind, in
their language. A restart picks up what was written and not sent; nothing settled goes
twice, and two instances never send the same row."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from aiogram_i18n.cores import BaseCore
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from bot.outbox import Postman
from bot.sender import Sender
from config import Settings
from domain.clock import Clock
from services.plan import reminders
from services.plan.reminders import Planned
from services.uow import Work


async def run_reminders(
    sender: Sender,
    sessionmaker: async_sessionmaker[AsyncSession],
    core: BaseCore[Any],
    settings: Settings,
    clock: Clock,
) -> dict[str, int]:
    """One pass; returns how many digests went, how many recipients had blocked the bot and
    how many reminders were too late to send (and logs one line saying so)."""
    async with Work(sessionmaker, clock)() as uow:
        skipped = await reminders.record_reminders(uow, settings)
    postman = Postman(
        sessionmaker,
        sender,
        core,
        settings.default_locale,
        settings.instance_id,
        clock,
        claim_for=reminders.CLAIM_FOR,
    )
    await postman.deliver_pending(reminders_only=True)
    sent = postman.digests
    counts = {"sent": sent["sent"], "blocked": sent["blocked"], "skipped": skipped}
    reminders.log_pass(counts)
    return counts


async def plan_reminders(
    session: AsyncSession, settings: Settings, at: datetime
) -> tuple[list[Planned], list[Planned]]:
    """Who would get which reminder at `at` (the `reminders preview` command)."""
    return await reminders.plan_reminders(session, settings, at)
