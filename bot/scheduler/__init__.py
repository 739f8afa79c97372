"""Scheduled jobs (APScheduler, cron in TIMEZONE). Each job is a plain coroutine that takes
what it needs as arguments, so tests call it directly at any injected time."""

from __future__ import annotations

from typing import Any

from apscheduler.schedulers.asyncio import AsyncIOScheduler
from apscheduler.triggers.cron import CronTrigger

from bot.config import Settings
from bot.scheduler.digest import send_digest


def create_scheduler(settings: Settings, **job_kwargs: Any) -> AsyncIOScheduler:
    scheduler = AsyncIOScheduler(timezone=settings.tz)
    scheduler.add_job(
        send_digest,
        CronTrigger(
            hour=settings.digest_time.hour, minute=settings.digest_time.minute, timezone=settings.tz
        ),
        kwargs=job_kwargs,
        id="staff-digest",
        replace_existing=True,
        coalesce=True,
        misfire_grace_time=3600,
    )
    return scheduler
