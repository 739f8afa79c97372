"""The one place that builds the bot and its dispatcher: settings, database, services, i18n,
middlewares, routers. `run` and the tests both call it."""

from __future__ import annotations

import asyncio
import logging
import time
from collections.abc import Callable
from typing import Any

from aiogram import Bot, Dispatcher, Router
from aiogram.client.default import DefaultBotProperties
from aiogram.client.session.aiohttp import AiohttpSession
from aiogram.client.session.base import BaseSession
from aiogram.client.telegram import TelegramAPIServer
from aiogram.fsm.storage.base import BaseEventIsolation, BaseStorage
from aiogram.fsm.storage.memory import SimpleEventIsolation
from aiogram_i18n import I18nMiddleware
from aiogram_i18n.cores import BaseCore, FluentCompileCore
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from bot.fsm import SqlStorage
from bot.handlers import build_router
from bot.middlewares import (
    AnswerCallbacks,
    ConversationMiddleware,
    PersonMiddleware,
    Progress,
    Throttle,
    UnitOfWorkMiddleware,
    UseCaseMiddleware,
    UserLocaleManager,
)
from bot.sender import FloodControl, Pacer
from bot.use_cases import USE_CASES
from config import LOCALES_PATH, REGIONS_PATH, Settings
from domain.clock import Clock
from domain.regions import load_regions
from services.desks import Desks
from services.nominations import Nominations
from services.people import People
from services.plan import Campaign
from services.uow import Remembered, Work

log = logging.getLogger(__name__)


def create_pacer(settings: Settings, **time_source: Any) -> Pacer:
    return Pacer(settings.send_per_second, settings.send_per_chat_seconds, **time_source)


def create_bot(
    settings: Settings, session: BaseSession | None = None, pacer: Pacer | None = None
) -> Bot:
    """The Bot API client; TELEGRAM_API_URL points it at a self-hosted Bot API server. Every
    request passes flood control (`bot.sender.FloodControl`)."""
    if settings.bot_token is None:
        raise ValueError("BOT_TOKEN is not set")
    if session is None:
        session = AiohttpSession()
    if settings.telegram_api_url:
        session.api = TelegramAPIServer.from_base(settings.telegram_api_url)
    session.middleware(FloodControl(pacer or create_pacer(settings)))
    return Bot(
        token=settings.bot_token.get_secret_value(),
        session=session,
        default=DefaultBotProperties(link_preview_is_disabled=True),
    )


def create_core(settings: Settings) -> FluentCompileCore:
    return FluentCompileCore(path=LOCALES_PATH, default_locale=settings.default_locale)


def create_storage(settings: Settings, work: Work) -> tuple[BaseStorage, BaseEventIsolation]:
    """Where conversations keep their state: Redis when REDIS_URL is set, else the database;
    and the lock that handles one person's updates one at a time (a double tap on "Submit"
    is handled once), in Redis too, so that it holds across instances."""
    if settings.redis_url is not None:
        from aiogram.fsm.storage.redis import RedisStorage  # only when asked for

        redis = RedisStorage.from_url(settings.redis_url.get_secret_value())
        return redis, redis.create_isolation()
    return SqlStorage(work), SimpleEventIsolation()


def create_work(
    sessionmaker: async_sessionmaker[AsyncSession],
    clock: Clock,
    after_commit: Callable[[], None] | None = None,
) -> Work:
    """Units of work for updates and jobs. On SQLite this process is the database's only
    writer, so the rows each update needs (its state, its sender) are remembered between
    updates; on PostgreSQL other instances write them too, and each update reads them."""
    bind = sessionmaker.kw["bind"]
    remembered = Remembered() if bind.dialect.name == "sqlite" else None
    return Work(sessionmaker, clock, after_commit, remembered)


async def finish_updates_in_flight(dispatcher: Dispatcher, settings: Settings) -> None:
    """Polling has stopped taking updates: let the ones already taken finish (up to
    SHUTDOWN_TIMEOUT) before anything they use is closed."""
    running = set(dispatcher._handle_update_tasks)  # aiogram's own set of them
    if running:
        log.info("stopping: finishing %d updates in flight", len(running))
        await asyncio.wait(running, timeout=settings.shutdown_timeout)


def create_dispatcher(
    settings: Settings,
    sessionmaker: async_sessionmaker[AsyncSession],
    clock: Clock,
    *,
    after_commit: Callable[[], None] | None = None,
    i18n_core: BaseCore[Any] | None = None,
    router: Router | None = None,
    monotonic: Callable[[], float] = time.monotonic,
    before_shutdown: tuple[Callable[..., Any], ...] = (),
) -> Dispatcher:
    """Settings, database, services, i18n, middlewares and routers, wired once.

    `after_commit` is told when a commit put messages in the outbox (the postman's `kick`);
    `before_shutdown` runs, in order, after the updates in flight and before the locales
    close (the scheduler, the postman)."""
    work = create_work(sessionmaker, clock, after_commit)
    storage, isolation = create_storage(settings, work)
    regions = load_regions(REGIONS_PATH)
    people = People(settings.admin_ids)
    dispatcher = Dispatcher(
        storage=storage,
        events_isolation=isolation,
        disable_fsm=True,  # its middleware goes in below, inside the unit of work
        settings=settings,
        sessionmaker=sessionmaker,
        clock=clock,
        work=work,
        regions=regions,
        people=people,
        nominations=Nominations(settings, regions),
        desks=Desks(settings),
        campaign=Campaign(settings),
    )
    # The FSM storage closes last, after everything that may still use it.
    dispatcher.shutdown.handlers = [
        h for h in dispatcher.shutdown.handlers if h.callback != dispatcher.fsm.close
    ]
    dispatcher["progress"] = progress = Progress()
    dispatcher.update.outer_middleware(progress)
    dispatcher.update.outer_middleware(
        Throttle(settings.throttle_per_second, settings.throttle_burst, monotonic)
    )
    dispatcher.update.outer_middleware(UnitOfWorkMiddleware(work))
    dispatcher.fsm = ConversationMiddleware(storage, dispatcher.fsm.events_isolation)
    dispatcher.update.outer_middleware(dispatcher.fsm)
    dispatcher.update.outer_middleware(PersonMiddleware(people))
    dispatcher.shutdown.register(finish_updates_in_flight)
    for hook in before_shutdown:
        dispatcher.shutdown.register(hook)
    I18nMiddleware(
        core=i18n_core or create_core(settings),
        manager=UserLocaleManager(default_locale=settings.default_locale),
        default_locale=settings.default_locale,
    ).setup(dispatcher)
    dispatcher.shutdown.register(dispatcher.fsm.close)
    dispatcher.callback_query.middleware(AnswerCallbacks())
    use_cases = UseCaseMiddleware(USE_CASES, settings, regions)
    dispatcher.message.middleware(use_cases)
    dispatcher.callback_query.middleware(use_cases)
    # `router` replaces the bot's handlers, keeping everything else (the benchmark's baseline).
    dispatcher.include_router(router or build_router())
    return dispatcher
