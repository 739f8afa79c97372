"""The one place that builds the bot and its dispatcher; `run` and the tests both call it."""

from __future__ import annotations

from typing import Any

from aiogram import Bot, Dispatcher, Router
from aiogram.client.default import DefaultBotProperties
from aiogram.client.session.aiohttp import AiohttpSession
from aiogram.client.session.base import BaseSession
from aiogram.client.telegram import TelegramAPIServer
from aiogram.fsm.storage.base import BaseStorage
from aiogram.fsm.storage.memory import SimpleEventIsolation
from aiogram.fsm.storage.redis import RedisStorage
from aiogram_i18n import I18nMiddleware
from aiogram_i18n.cores import BaseCore, FluentCompileCore
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from bot.config import PROJECT_ROOT, Settings
from bot.handlers import build_router
from bot.middlewares import DatabaseMiddleware, UserLocaleManager
from domain.clock import Clock
from domain.regions import load_regions
from storage.fsm import SqlStorage

LOCALES_PATH = PROJECT_ROOT / "locales" / "{locale}"
REGIONS_PATH = PROJECT_ROOT / "data" / "regions_kz.csv"


def create_bot(settings: Settings, session: BaseSession | None = None) -> Bot:
    """The Bot API client; TELEGRAM_API_URL points it at a self-hosted Bot API server."""
    if settings.bot_token is None:
        raise ValueError("BOT_TOKEN is not set")
    if session is None:
        session = AiohttpSession()
        if settings.telegram_api_url:
            session.api = TelegramAPIServer.from_base(settings.telegram_api_url)
    elif settings.telegram_api_url:
        session.api = TelegramAPIServer.from_base(settings.telegram_api_url)
    return Bot(
        token=settings.bot_token.get_secret_value(),
        session=session,
        default=DefaultBotProperties(link_preview_is_disabled=True),
    )


def create_storage(
    settings: Settings, sessionmaker: async_sessionmaker[AsyncSession]
) -> BaseStorage:
    """Where conversations keep their state: Redis when REDIS_URL is set, else the database."""
    if settings.redis_url is not None:
        return RedisStorage.from_url(settings.redis_url.get_secret_value())
    return SqlStorage(sessionmaker)


def create_dispatcher(
    settings: Settings,
    sessionmaker: async_sessionmaker[AsyncSession],
    clock: Clock,
    storage: BaseStorage | None = None,
    i18n_core: BaseCore[Any] | None = None,
    router: Router | None = None,
) -> Dispatcher:
    """Settings, database, i18n, middlewares and routers, wired once."""
    if storage is None:
        storage = create_storage(settings, sessionmaker)
    dispatcher = Dispatcher(
        storage=storage,
        # One update at a time per person: a double tap on "Submit" is handled once. With
        # Redis the lock lives there, so it holds across instances too.
        events_isolation=(
            storage.create_isolation()
            if isinstance(storage, RedisStorage)
            else SimpleEventIsolation()
        ),
        settings=settings,
        sessionmaker=sessionmaker,
        clock=clock,
        regions=load_regions(REGIONS_PATH),
    )
    dispatcher.update.outer_middleware(DatabaseMiddleware(sessionmaker, clock, settings.admin_ids))
    I18nMiddleware(
        core=i18n_core
        or FluentCompileCore(path=LOCALES_PATH, default_locale=settings.default_locale),
        manager=UserLocaleManager(default_locale=settings.default_locale),
        default_locale=settings.default_locale,
    ).setup(dispatcher)
    # `router` replaces the bot's handlers, keeping everything else (the benchmark's baseline).
    dispatcher.include_router(router or build_router())
    return dispatcher
