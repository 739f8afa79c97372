"""Scheduled jobs (APScheduler, cron in TIMEZONE). Each job is a plain coroutine that takes
what it needs as arguments, so tests call it directly at any injected time."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from aiogram import Bot
from aiogram_i18n.cores import BaseCore
from apscheduler.schedulers.asyncio import AsyncIOScheduler
from apscheduler.triggers.cron import CronTrigger
from apscheduler.triggers.interval import IntervalTrigger
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from bot.config import Settings
from bot.scheduler.digest import send_digest
from bot.scheduler.reminders import run_reminders
from bot.scheduler.rounds import close_due_rounds
from bot.sender import Sender
from domain.clock import Clock


def create_scheduler(
    settings: Settings,
    bot: Bot,
    sender: Sender,
    sessionmaker: async_sessionmaker[AsyncSession],
    core: BaseCore[Any],
    clock: Clock,
) -> AsyncIOScheduler:
    scheduler = AsyncIOScheduler(timezone=settings.tz)

    def daily(at: Any) -> CronTrigger:
        return CronTrigger(hour=at.hour, minute=at.minute, timezone=settings.tz)

    scheduler.add_job(
        send_digest,
        daily(settings.digest_time),
        id="staff-digest",
        replace_existing=True,
        coalesce=True,
        misfire_grace_time=3600,
        kwargs={
            "bot": bot,
            "sessionmaker": sessionmaker,
            "core": core,
            "default_locale": settings.default_locale,
        },
    )
    # Reminders also run once at start: what came due while the bot was down is caught up
    # (within CATCH_UP_DAYS) and the outbox keeps anything from going twice.
    scheduler.add_job(
        run_reminders,
        daily(settings.reminder_time),
        id="plan-reminders",
        replace_existing=True,
        coalesce=True,
        misfire_grace_time=3600,
        next_run_time=datetime.now(settings.tz),
        kwargs={
            "sender": sender,
            "sessionmaker": sessionmaker,
            "core": core,
            "settings": settings,
            "clock": clock,
        },
    )
    scheduler.add_job(
        close_due_rounds,
        IntervalTrigger(minutes=1),
        id="close-rounds",
        replace_existing=True,
        coalesce=True,
        next_run_time=datetime.now(settings.tz),
        kwargs={
            "bot": bot,
            "sessionmaker": sessionmaker,
            "core": core,
            "default_locale": settings.default_locale,
            "clock": clock,
        },
    )
    return scheduler
