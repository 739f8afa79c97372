"""Running the bot: migrations, the command menu in every language, then long polling, or a
webhook server when WEBHOOK_URL is set."""

from __future__ import annotations

import asyncio
import logging
import signal
from datetime import timedelta
from functools import partial
from urllib.parse import urlsplit

from aiogram import Bot, Dispatcher
from aiogram.exceptions import TelegramRetryAfter
from aiogram.fsm.storage.redis import RedisStorage
from aiogram.types import BotCommand
from aiogram.webhook.aiohttp_server import SimpleRequestHandler
from aiogram_i18n import I18nMiddleware
from aiohttp import web
from redis.exceptions import RedisError
from sqlalchemy import select
from sqlalchemy.exc import SQLAlchemyError
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from bot.config import PROJECT_ROOT, Settings
from bot.factory import REGIONS_PATH, create_bot, create_dispatcher
from bot.scheduler import Leader, create_scheduler, start_scheduler, stop_scheduler
from bot.sender import Sender
from domain.clock import Clock, system_clock
from domain.locales import LOCALES
from domain.plan import parse_plan
from domain.regions import load_regions
from storage import plan as plan_store
from storage import repo
from storage.db import create_engine, create_sessionmaker, migrate, take_startup_lock

COMMANDS = ("start", "nominate", "vote", "my", "language", "help", "cancel")
SET_WEBHOOK_ATTEMPTS = 5
sleep = asyncio.sleep  # how start-up waits when Telegram asks it to; tests count instead
log = logging.getLogger(__name__)


async def set_commands(bot: Bot, i18n_middleware: I18nMiddleware) -> None:
    """The command menu in each language, and in the default one for everybody else."""
    core = i18n_middleware.core
    for language_code in (None, *LOCALES):
        locale = language_code or core.default_locale
        commands = [
            BotCommand(command=name, description=core.get(f"command-{name}", locale))
            for name in COMMANDS
        ]
        await bot.set_my_commands(commands, language_code=language_code)


SEED_PLAN = PROJECT_ROOT / "data" / "plan_nation_of_common_future.txt"


async def load_seed_plan(sessionmaker: async_sessionmaker[AsyncSession], clock: Clock) -> None:
    """The plan that ships with the bot is loaded on the first run, when there is none."""
    async with sessionmaker() as session:
        await take_startup_lock(session)  # two instances starting together load it once
        if await plan_store.plans(session):
            return
        text = await asyncio.to_thread(SEED_PLAN.read_text, encoding="utf-8")
        parsed = parse_plan(text, load_regions(REGIONS_PATH))
        result = await plan_store.import_plan(session, parsed, clock())
        log.info("loaded the seed plan: %d items, %d due dates", result.items, result.due_dates)


def create_web_app(
    settings: Settings,
    dispatcher: Dispatcher,
    bot: Bot,
    sessionmaker: async_sessionmaker[AsyncSession],
    leader: Leader,
) -> web.Application:
    """Webhook mode: Telegram posts updates to WEBHOOK_URL's path, each carrying the secret
    (a request without it gets 401 and is not handled); GET /healthz answers a load balancer.

    Each update is handled before its request is answered, so the requests in flight are the
    updates in flight: on shutdown the server stops listening, waits for them (up to
    SHUTDOWN_TIMEOUT), and only then stops the dispatcher and closes the Bot API session."""
    assert settings.webhook_secret is not None  # Settings insist on it with WEBHOOK_URL
    app = web.Application()
    handler = SimpleRequestHandler(
        dispatcher,
        bot,
        handle_in_background=False,
        secret_token=settings.webhook_secret.get_secret_value(),
    )

    async def updates(request: web.Request) -> web.Response:
        try:
            return await handler.handle(request)
        except ValueError:  # not JSON, or not an update (pydantic's errors are ValueErrors)
            return web.Response(status=400, text="Bad Request")

    # Added by hand rather than `handler.register`, which closes the session at on_shutdown,
    # before the requests in flight have finished.
    app.router.add_post(urlsplit(settings.webhook_url).path or "/", updates)
    storage = dispatcher.storage

    async def health(_request: web.Request) -> web.Response:
        try:
            async with sessionmaker() as session:
                await session.execute(select(1))
        except (SQLAlchemyError, OSError):
            return web.json_response({"status": "database unreachable"}, status=503)
        if isinstance(storage, RedisStorage):
            try:
                await storage.redis.ping()
            except (RedisError, OSError):
                return web.json_response({"status": "redis unreachable"}, status=503)
        return web.json_response(
            {"status": "ok", "instance": settings.instance_id, "leader": leader.leading}
        )

    app.router.add_get("/healthz", health)
    workflow = {"bot": bot, "dispatcher": dispatcher, **dispatcher.workflow_data}

    async def on_startup(_app: web.Application) -> None:
        await dispatcher.emit_startup(**workflow)

    async def on_cleanup(_app: web.Application) -> None:
        await dispatcher.emit_shutdown(**workflow)
        await bot.session.close()

    app.on_startup.append(on_startup)
    app.on_cleanup.append(on_cleanup)
    return app


async def set_webhook(bot: Bot, settings: Settings, allowed_updates: list[str]) -> None:
    """`setWebhook` with the secret; when Telegram asks to wait (instances starting together),
    wait as long as it asks and try again."""
    assert settings.webhook_secret is not None  # Settings insist on it with WEBHOOK_URL
    for attempt in range(1, SET_WEBHOOK_ATTEMPTS + 1):
        try:
            await bot.set_webhook(
                settings.webhook_url,
                secret_token=settings.webhook_secret.get_secret_value(),
                allowed_updates=allowed_updates,
            )
            return
        except TelegramRetryAfter as error:
            if attempt == SET_WEBHOOK_ATTEMPTS:
                raise
            log.warning("setWebhook: Telegram asks to wait %d s", error.retry_after)
            await sleep(error.retry_after)


async def serve(
    app: web.Application,
    settings: Settings,
    bot: Bot,
    allowed_updates: list[str],
    stop: asyncio.Event,
) -> None:
    """Listen, then tell Telegram where to post; serve until `stop` is set, then shut down
    gracefully."""
    runner = web.AppRunner(app, shutdown_timeout=settings.shutdown_timeout, access_log=None)
    await runner.setup()
    try:
        await web.TCPSite(runner, settings.web_host, settings.web_port).start()
        await set_webhook(bot, settings, allowed_updates)
        log.info("webhook set; listening on %s:%d", settings.web_host, settings.web_port)
        await stop.wait()
        log.info("stopping: finishing the updates in flight")
    finally:
        await runner.cleanup()


def stop_on_signals(stop: asyncio.Event) -> None:
    loop = asyncio.get_running_loop()
    for signal_number in (signal.SIGTERM, signal.SIGINT):
        loop.add_signal_handler(signal_number, stop.set)


async def run(
    settings: Settings,
    clock: Clock = system_clock,
    handle_signals: bool = True,
    stop: asyncio.Event | None = None,
) -> None:
    """Long polling, or webhook mode when WEBHOOK_URL is set. `stop` ends webhook mode as
    SIGTERM does (for tests)."""
    engine = create_engine(settings.database_url)
    try:
        await migrate(engine)
        sessionmaker = create_sessionmaker(engine)
        await load_seed_plan(sessionmaker, clock)
        bot = create_bot(settings)
        dispatcher: Dispatcher = create_dispatcher(settings, sessionmaker, clock)
        dispatcher.startup.register(set_commands)

        async def mark_blocked(user_id: int) -> None:
            async with sessionmaker() as session:
                await repo.mark_blocked(session, user_id, clock())

        sender = Sender(
            bot, settings.send_per_second, settings.send_per_chat_seconds, on_blocked=mark_blocked
        )
        leader = Leader(
            sessionmaker,
            settings.instance_id,
            clock,
            timedelta(seconds=settings.leader_lease_seconds),
        )
        scheduler = create_scheduler(
            settings, bot, sender, sessionmaker, dispatcher["i18n_middleware"].core, clock, leader
        )

        dispatcher.startup.register(partial(start_scheduler, scheduler, leader))
        dispatcher.shutdown.register(partial(stop_scheduler, scheduler, leader))
        if settings.webhook_url:
            stop = stop or asyncio.Event()
            if handle_signals:
                stop_on_signals(stop)
            app = create_web_app(settings, dispatcher, bot, sessionmaker, leader)
            await serve(app, settings, bot, dispatcher.resolve_used_update_types(), stop)
            return
        log.info("polling %s", settings.telegram_api_url or "the Telegram Bot API")
        # A webhook left from webhook mode would make Telegram refuse getUpdates.
        await bot.delete_webhook(drop_pending_updates=False)
        await dispatcher.start_polling(
            bot,
            allowed_updates=dispatcher.resolve_used_update_types(),
            polling_timeout=settings.polling_timeout,
            handle_signals=handle_signals,
        )
    finally:
        await engine.dispose()
