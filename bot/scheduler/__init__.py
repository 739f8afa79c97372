"""Scheduled jobs (APScheduler, cron in TIMEZONE). Each job is a plain coroutine that takes
what it needs as arguments, so tests call it directly at any injected time.

Every instance has a scheduler, but only the leader runs the jobs: the one holding the
`scheduler` lease row. It renews the lease a few times per lease period; when it stops, it
releases it, and when it dies, the lease runs out. Another instance then takes it over and
catches up at once: reminders and round closing run as they do at start."""

from __future__ import annotations

import logging
from collections.abc import Awaitable, Callable
from datetime import datetime, timedelta
from typing import Any

from aiogram import Bot
from aiogram_i18n.cores import BaseCore
from apscheduler.schedulers.asyncio import AsyncIOScheduler
from apscheduler.triggers.cron import CronTrigger
from apscheduler.triggers.interval import IntervalTrigger
from sqlalchemy.exc import SQLAlchemyError
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from bot.config import Settings
from bot.scheduler.digest import send_digest
from bot.scheduler.reminders import run_reminders
from bot.scheduler.rounds import close_due_rounds
from bot.sender import Sender
from domain.clock import Clock
from storage import repo

log = logging.getLogger(__name__)
LEASE = "scheduler"
# Run at once by a new leader, at start or on taking over: what came due while nobody led.
CATCH_UP_JOBS = ("plan-reminders", "close-rounds")


class Leader:
    """This instance's hold on the scheduler lease."""

    def __init__(
        self,
        sessionmaker: async_sessionmaker[AsyncSession],
        holder: str,
        clock: Clock,
        lease_for: timedelta,
    ) -> None:
        self.sessionmaker = sessionmaker
        self.holder = holder
        self.clock = clock
        self.lease_for = lease_for
        self.leading = False

    async def renew(self) -> bool:
        """Take or extend the lease; True when this instance has just become the leader."""
        try:
            async with self.sessionmaker() as session:
                leading = await repo.hold_lease(
                    session, LEASE, self.holder, self.clock(), self.lease_for
                )
        except (SQLAlchemyError, OSError) as error:  # the database is away: lead nothing
            log.warning("cannot renew the scheduler lease: %s", error)
            leading = False
        became = leading and not self.leading
        if leading != self.leading:
            state = "leads" if leading else "no longer leads"
            log.info("%s %s the scheduled jobs", self.holder, state)
        self.leading = leading
        return became

    async def release(self) -> None:
        if not self.leading:
            return
        self.leading = False
        try:
            async with self.sessionmaker() as session:
                await repo.release_lease(session, LEASE, self.holder, self.clock())
            log.info("%s released the scheduled jobs", self.holder)
        except (SQLAlchemyError, OSError) as error:
            log.warning("cannot release the scheduler lease, it runs out: %s", error)

    def only(self, job: Callable[..., Awaitable[Any]]) -> Callable[..., Awaitable[Any]]:
        """The job, run only while this instance leads. The lease is renewed three times per
        lease period, so when `leading` is true the lease has most of its time left."""

        async def run(**kwargs: Any) -> Any:
            if self.leading:
                return await job(**kwargs)
            return None

        run.__name__ = run.__qualname__ = job.__name__
        return run


def create_scheduler(
    settings: Settings,
    bot: Bot,
    sender: Sender,
    sessionmaker: async_sessionmaker[AsyncSession],
    core: BaseCore[Any],
    clock: Clock,
    leader: Leader,
) -> AsyncIOScheduler:
    scheduler = AsyncIOScheduler(timezone=settings.tz)

    def daily(at: Any) -> CronTrigger:
        return CronTrigger(hour=at.hour, minute=at.minute, timezone=settings.tz)

    scheduler.add_job(
        leader.only(send_digest),
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
    # What came due while the bot was down is caught up (within CATCH_UP_DAYS) when an
    # instance starts leading, and the outbox keeps anything from going twice.
    scheduler.add_job(
        leader.only(run_reminders),
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
        leader.only(close_due_rounds),
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

    async def keep_lease() -> None:
        if await leader.renew():
            for job_id in CATCH_UP_JOBS:
                scheduler.modify_job(job_id, next_run_time=datetime.now(settings.tz))

    # The first renewal is the caller's, before `start` (see `start_scheduler`).
    scheduler.add_job(
        keep_lease,
        IntervalTrigger(seconds=leader.lease_for.total_seconds() / 3),
        id="scheduler-lease",
        replace_existing=True,
        coalesce=True,
        max_instances=1,
        misfire_grace_time=None,  # late is fine; skipped would let the lease run out
    )
    return scheduler


async def start_scheduler(scheduler: AsyncIOScheduler, leader: Leader) -> None:
    """Ask for the lease first, so the catch-up jobs that run at start know who leads."""
    await leader.renew()
    scheduler.start()


async def stop_scheduler(scheduler: AsyncIOScheduler, leader: Leader) -> None:
    scheduler.shutdown(wait=False)
    await leader.release()
