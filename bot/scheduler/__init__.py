"""Scheduled jobs (APScheduler, cron in TIMEZONE): the staff digest, plan reminders, closing
vote rounds, rewriting an open round's ballots in random order (PostgreSQL), lapsing
nominations whose consent link went unanswered, the privacy purge, posting the audit log's
head. Each job is a plain coroutine that takes what it needs as arguments, so tests call it
directly at any injected time.

Every instance has a scheduler, but only the leader runs the jobs: the one holding the
`scheduler` lease row. It renews the lease a few times per lease period on a connection of
its own (never queued behind updates), and steps down by itself before the lease could run
out when a renewal does not come through, so there are never two leaders: another instance
takes the lease only once it has expired. A stopping instance lets a running job finish (or
ends it quietly at SHUTDOWN_TIMEOUT) and then releases the lease. A new leader catches up at
once: reminders, round closing and lapsing run as they do at start."""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Awaitable, Callable
from datetime import datetime, timedelta
from typing import Any

from aiogram_i18n.cores import BaseCore
from apscheduler.events import (
    EVENT_JOB_ERROR,
    EVENT_JOB_EXECUTED,
    EVENT_JOB_MISSED,
    JobExecutionEvent,
)
from apscheduler.schedulers.asyncio import AsyncIOScheduler
from apscheduler.triggers.cron import CronTrigger
from apscheduler.triggers.interval import IntervalTrigger
from sqlalchemy.exc import SQLAlchemyError
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from bot.scheduler.reminders import run_reminders
from bot.sender import Sender
from config import Settings
from domain.clock import Clock
from domain.pipeline import Staff
from domain.regions import Region
from services import board, delivery
from services.context import Context
from services.desks.digest import Digest
from services.nominations import lapse_unanswered
from services.privacy import Purged, purge
from services.rounds import Rounds
from services.uow import Work

log = logging.getLogger(__name__)
# Run at once by a new leader, at start or on taking over: what came due while nobody led.
CATCH_UP_JOBS = ("plan-reminders", "close-rounds", "lapse-consents")
# A leader stops leading when this share of the lease has passed since its last renewal
# began, before the lease itself can run out and another instance take it.
STEP_DOWN_AT = 0.8
# A job may start this late and still run: start-up (migrations, the first lease) and a busy
# loop delay the jobs that run at start, and a late daily reminder is still worth sending.
START_GRACE = 120
# The privacy purge's hour (local time).
PURGE_AT_HOUR = 3


class Leader:
    """This instance's hold on the scheduler lease."""

    def __init__(
        self,
        sessionmaker: async_sessionmaker[AsyncSession],
        holder: str,
        clock: Clock,
        lease_for: timedelta,
    ) -> None:
        self._work = Work(sessionmaker, clock)
        self.holder = holder
        self.clock = clock
        self.lease_for = lease_for
        self._valid_until: datetime | None = None
        self._stopping = False
        self._running: set[asyncio.Task[Any]] = set()

    @property
    def leading(self) -> bool:
        """Whether this instance may run the jobs now: it holds the lease, renewed recently
        enough that the lease cannot have run out."""
        return (
            not self._stopping
            and self._valid_until is not None
            and self.clock() < self._valid_until
        )

    async def renew(self) -> bool:
        """Take or extend the lease; True when this instance has just become the leader. A
        renewal that does not come through within a third of the lease is given up."""
        was = self.leading
        started = self.clock()
        try:
            async with asyncio.timeout(self.lease_for.total_seconds() / 3):
                async with self._work() as uow:
                    held = await delivery.hold_lease(uow, self.holder, self.lease_for)
        except (TimeoutError, SQLAlchemyError, OSError) as error:
            # The lease may still be ours for a while: `leading` runs out on its own.
            log.warning("cannot renew the scheduler lease: %r", error)
        else:
            self._valid_until = started + self.lease_for * STEP_DOWN_AT if held else None
        now = self.leading
        if now != was:
            log.info("%s %s the scheduled jobs", self.holder, "leads" if now else "no longer leads")
        return now and not was

    async def release(self) -> None:
        if self._valid_until is None:
            return
        self._valid_until = None
        try:
            async with self._work() as uow:
                await delivery.release_lease(uow, self.holder)
            log.info("%s released the scheduled jobs", self.holder)
        except (SQLAlchemyError, OSError) as error:
            log.warning("cannot release the scheduler lease, it runs out: %s", error)

    def only(self, job: Callable[..., Awaitable[Any]]) -> Callable[..., Awaitable[Any]]:
        """The job, run only while this instance leads."""
        return self.tracked(job, leader_only=True)

    def tracked(
        self, job: Callable[..., Awaitable[Any]], leader_only: bool = True
    ) -> Callable[..., Awaitable[Any]]:
        """The job as the scheduler runs it: only while this instance leads (unless
        `leader_only` is off), and known to `finish`, which a stopping instance waits on."""

        async def run(**kwargs: Any) -> Any:
            if self._stopping or (leader_only and not self.leading):
                return None
            task = asyncio.current_task()
            assert task is not None
            self._running.add(task)
            try:
                return await job(**kwargs)
            except asyncio.CancelledError:
                if self._stopping:  # ended by the stop, cleanly: its work is left consistent
                    log.info("%s: stopped with the instance", job.__name__)
                    return None
                raise
            finally:
                self._running.discard(task)

        run.__name__ = run.__qualname__ = job.__name__
        return run

    async def finish(self, grace: float) -> None:
        """No job starts from now on; the running ones finish, or end after `grace` seconds."""
        self._stopping = True
        running = set(self._running)
        if not running:
            return
        _, late = await asyncio.wait(running, timeout=grace)
        for task in late:
            task.cancel()
        if late:
            await asyncio.wait(late)


async def staff_digest(work: Work, settings: Settings, regions: tuple[Region, ...]) -> int:
    """Each staff member's digest of the work waiting at their desks (the job acts for no
    one)."""
    async with work() as uow:
        return await Digest(Context(uow, Staff.of([]), settings, regions)).send()


async def close_due_rounds(work: Work, settings: Settings, regions: tuple[Region, ...]) -> int:
    """Rounds past their end close (nobody closes them: the job acts for no one)."""
    async with work() as uow:
        return await Rounds(Context(uow, Staff.of([]), settings, regions)).close_due()


async def shuffle_ballots(work: Work, settings: Settings, regions: tuple[Region, ...]) -> int:
    """An open round's ballots and the voters rewritten in random order (PostgreSQL), every
    BALLOT_SHUFFLE_MINUTES: what was cast since sorts by nothing once this has run."""
    async with work() as uow:
        return await Rounds(Context(uow, Staff.of([]), settings, regions)).shuffle_open()


async def post_audit_head(work: Work, settings: Settings) -> bool:
    """The audit chain's head to the public channel (AUDIT_CHANNEL_ID), through the outbox:
    whoever keeps the posts can tell a rewritten history from the one they saw."""
    async with work() as uow, uow.transaction() as session:
        return await board.post_head(session, settings, uow.now())


async def lapse_consents(work: Work, link_days: int) -> int:
    """Nominations whose consent link is older than `link_days` lapse; their nominators are
    told. (The link itself is refused from the moment it expires: this only settles them.)"""
    async with work() as uow:
        lapsed = await lapse_unanswered(uow, link_days)
    if lapsed:
        log.info("%d nominations lapsed: their consent links went unanswered", lapsed)
    return lapsed


async def privacy_purge(work: Work, settings: Settings) -> Purged:
    """Personal data past its retention is erased, expired drafts dropped (at the work's
    clock: tests stand at any date)."""
    async with work() as uow:
        return await purge(uow, settings)


def create_scheduler(
    settings: Settings,
    sender: Sender,
    work: Work,
    core: BaseCore[Any],
    leader: Leader,
    regions: tuple[Region, ...],
) -> AsyncIOScheduler:
    scheduler = AsyncIOScheduler(timezone=settings.tz)

    def daily(at: Any) -> CronTrigger:
        return CronTrigger(hour=at.hour, minute=at.minute, timezone=settings.tz)

    scheduler.add_job(
        leader.only(staff_digest),
        daily(settings.digest_time),
        id="staff-digest",
        replace_existing=True,
        coalesce=True,
        misfire_grace_time=3600,
        kwargs={"work": work, "settings": settings, "regions": regions},
    )
    # What came due while the bot was down is caught up (within CATCH_UP_DAYS) when an
    # instance starts leading, and the outbox's dedupe keys keep anything from going twice.
    scheduler.add_job(
        leader.only(run_reminders),
        daily(settings.reminder_time),
        id="plan-reminders",
        replace_existing=True,
        coalesce=True,
        misfire_grace_time=START_GRACE * 30,
        kwargs={
            "sender": sender,
            "sessionmaker": work.sessionmaker,
            "core": core,
            "settings": settings,
            "clock": work.clock,
        },
    )
    scheduler.add_job(
        leader.only(close_due_rounds),
        IntervalTrigger(minutes=1),
        id="close-rounds",
        replace_existing=True,
        coalesce=True,
        misfire_grace_time=START_GRACE,
        kwargs={"work": work, "settings": settings, "regions": regions},
    )

    scheduler.add_job(
        leader.only(shuffle_ballots),
        IntervalTrigger(minutes=settings.ballot_shuffle_minutes),
        id="shuffle-ballots",
        replace_existing=True,
        coalesce=True,
        misfire_grace_time=START_GRACE,
        kwargs={"work": work, "settings": settings, "regions": regions},
    )

    scheduler.add_job(
        leader.only(lapse_consents),
        IntervalTrigger(hours=1),
        id="lapse-consents",
        replace_existing=True,
        coalesce=True,
        misfire_grace_time=START_GRACE,
        kwargs={"work": work, "link_days": settings.consent_link_days},
    )

    # Daily, at night in TIMEZONE, when the bot is quiet; a missed day is caught up by the
    # next run (it erases whatever is due by then).
    scheduler.add_job(
        leader.only(privacy_purge),
        CronTrigger(hour=PURGE_AT_HOUR, minute=30, timezone=settings.tz),
        id="privacy-purge",
        replace_existing=True,
        coalesce=True,
        misfire_grace_time=3600,
        kwargs={"work": work, "settings": settings},
    )
    if settings.audit_channel_id is not None:
        scheduler.add_job(
            leader.only(post_audit_head),
            CronTrigger(hour=0, minute=5, timezone=settings.tz),
            id="audit-head",
            replace_existing=True,
            coalesce=True,
            misfire_grace_time=3600,
            kwargs={"work": work, "settings": settings},
        )

    async def keep_lease() -> None:
        if await leader.renew():
            catch_up(scheduler)

    # The first renewal is the caller's, before `start` (see `start_scheduler`).
    scheduler.add_job(
        leader.tracked(keep_lease, leader_only=False),
        IntervalTrigger(seconds=leader.lease_for.total_seconds() / 3),
        id="scheduler-lease",
        replace_existing=True,
        coalesce=True,
        max_instances=1,
        misfire_grace_time=None,  # late is fine; skipped would let the lease run out
    )
    return scheduler


def catch_up(scheduler: AsyncIOScheduler) -> None:
    """Run the catch-up jobs now: their run time is taken here, when they can run, so
    start-up time never counts against their grace."""
    for job_id in CATCH_UP_JOBS:
        scheduler.modify_job(job_id, next_run_time=datetime.now(scheduler.timezone))


async def start_scheduler(scheduler: AsyncIOScheduler, leader: Leader) -> asyncio.Future[None]:
    """Ask for the lease first, so the catch-up jobs that run at start know who leads; then
    start, and run them at once. Returns what is done once each of them has run (or failed,
    or was missed)."""
    await leader.renew()
    caught_up = ran_once(scheduler, CATCH_UP_JOBS)
    scheduler.start()
    catch_up(scheduler)
    return caught_up


def ran_once(scheduler: AsyncIOScheduler, job_ids: tuple[str, ...]) -> asyncio.Future[None]:
    """Done when each of the jobs has run once from now (its outcome aside)."""
    done: asyncio.Future[None] = asyncio.get_running_loop().create_future()
    waiting = set(job_ids)

    def ran(event: JobExecutionEvent) -> None:
        waiting.discard(event.job_id)
        if not waiting:
            scheduler.remove_listener(ran)
            if not done.done():
                done.set_result(None)

    scheduler.add_listener(ran, EVENT_JOB_EXECUTED | EVENT_JOB_ERROR | EVENT_JOB_MISSED)
    return done


async def stop_scheduler(scheduler: AsyncIOScheduler, leader: Leader, grace: float) -> None:
    """Running jobs finish (or end quietly after `grace` seconds), then the lease goes."""
    await leader.finish(grace)
    scheduler.shutdown(wait=False)
    await leader.release()
