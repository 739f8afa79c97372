"""Running the bot: migrations, the command menu in every language (and each staff member's
own), then long polling, or a webhook server when WEBHOOK_URL is set; the outbox's postman and
the scheduler beside it.

Stopping (SIGTERM) goes in this order, in both modes: take no more updates; let the ones in
flight finish (up to SHUTDOWN_TIMEOUT); end the scheduled jobs cleanly and release the lease;
let the postman finish the message in hand; only then close the locales, the Bot API session
and the database."""

from __future__ import annotations

import asyncio
import contextlib
import hmac
import logging
import signal
from collections.abc import Awaitable, Callable
from functools import partial
from typing import Any
from urllib.parse import urlsplit

from aiogram import Bot, Dispatcher
from aiogram.exceptions import TelegramAPIError
from sqlalchemy.exc import SQLAlchemyError
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from bot.commands import with_translations
from bot.factory import App, build_app
from bot.sender import patiently
from bot.settle import limit_arenas, settle
from config import PROJECT_ROOT, REGIONS_PATH, Settings
from domain.clock import Clock, system_clock
from domain.plan import Plan, parse_plan
from domain.regions import load_regions
from services.plan import Campaign, load_first_plan
from services.uow import Work
from storage.db import (
    create_control_engine,
    create_engine,
    create_sessionmaker,
    migrate,
    reachable,
    shrink_idle,
)

HEALTH_TIMEOUT = 3.0
sleep = asyncio.sleep  # how the bot waits when Telegram asks it to; tests count instead
log = logging.getLogger(__name__)


SEED_PLAN = PROJECT_ROOT / "data" / "plan_nation_of_common_future.txt"


async def load_seed_plan(
    sessionmaker: async_sessionmaker[AsyncSession], clock: Clock, settings: Settings
) -> None:
    """The plan that ships with the bot is loaded on the first run, when there is none (and
    read only then: every later start parsed it to find a plan already there)."""

    async def read() -> Plan:
        text = await asyncio.to_thread(SEED_PLAN.read_text, encoding="utf-8")
        return await with_translations(parse_plan(text, load_regions(REGIONS_PATH)), SEED_PLAN)

    async with Work(sessionmaker, clock)() as uow:
        result = await load_first_plan(uow, Campaign(settings), read)
    if result is not None:
        log.info("loaded the seed plan: %d items, %d due dates", result.items, result.due_dates)


def create_web_app(app: App, control: async_sessionmaker[AsyncSession]) -> Any:
    """Webhook mode: Telegram posts updates to WEBHOOK_URL's path, each carrying the secret
    (a request without it gets 401 and is not handled); GET /healthz answers a load balancer
    from a connection of its own, so it never waits behind the updates.

    Each update is handled before its request is answered, so the requests in flight are the
    updates in flight: on shutdown the server stops listening, waits for them (up to
    SHUTDOWN_TIMEOUT), and only then stops the dispatcher and closes the Bot API session."""
    from aiohttp import web

    settings, dispatcher, bot = app.settings, app.dispatcher, app.bot
    assert settings.webhook_secret is not None  # Settings insist on it with WEBHOOK_URL
    web_app = web.Application()
    handler = secret_checking_handler()(
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
    web_app.router.add_post(urlsplit(settings.webhook_url).path or "/", updates)
    redis = getattr(app.storage, "redis", None)  # REDIS_URL: a Redis FSM storage

    async def healthz(_request: web.Request) -> web.Response:
        problem = await health_problem(control, redis)
        if problem is not None:
            return web.json_response({"status": problem}, status=503)
        return web.json_response(
            {"status": "ok", "instance": settings.instance_id, "leader": app.leader.leading}
        )

    web_app.router.add_get("/healthz", healthz)
    results = ResultsPages(app)
    web_app.router.add_get("/results/{round:[0-9]{1,9}}", results.redirect)
    web_app.router.add_get("/results/{round:[0-9]{1,9}}/", results.file)
    web_app.router.add_get(
        "/results/{round:[0-9]{1,9}}/{name:[a-z]{2,5}\\.[a-z]{3,4}}", results.file
    )
    workflow = {"bot": bot, "dispatcher": dispatcher, **dispatcher.workflow_data}

    async def on_startup(_app: web.Application) -> None:
        await dispatcher.emit_startup(**workflow)

    async def on_cleanup(_app: web.Application) -> None:
        await dispatcher.emit_shutdown(**workflow)
        await bot.session.close()

    web_app.on_startup.append(on_startup)
    web_app.on_cleanup.append(on_cleanup)
    return web_app


class ResultsPages:
    """GET /results/<round>/: a closed round's published board, as `python -m bot results
    publish` writes it (a page per language, board.json, board.csv). A fixed board never
    changes, so the files are rendered once (in a thread: a big round takes seconds) and kept
    for the last few rounds asked for."""

    KEEP = 2

    def __init__(self, app: App) -> None:
        self._app = app
        self._rendered: dict[int, dict[str, bytes]] = {}
        self._lock = asyncio.Lock()

    async def redirect(self, request: Any) -> Any:
        from aiohttp import web

        raise web.HTTPMovedPermanently(f"/results/{request.match_info['round']}/")

    async def file(self, request: Any) -> Any:
        from aiohttp import web

        from bot.results_page import content_type
        from services.board import BoardTampered

        try:
            content = await self._files(int(request.match_info["round"]))
        except BoardTampered as error:  # `results verify` names it; the page is not shown
            log.error("results: %s", error)
            raise web.HTTPServiceUnavailable(
                text="the stored board fails its audit check"
            ) from None
        name = request.match_info.get("name", "index.html")
        if content is None or name not in content:
            raise web.HTTPNotFound()
        return web.Response(
            body=content[name],
            headers={
                "Content-Type": content_type(name),
                "Cache-Control": "public, max-age=300",
                "X-Content-Type-Options": "nosniff",
                # The page runs only its own inline script and loads nothing from anywhere.
                "Content-Security-Policy": "default-src 'none'; style-src 'unsafe-inline'; "
                "script-src 'unsafe-inline'; form-action 'none'; base-uri 'none'",
            },
        )

    async def _files(self, round_id: int) -> dict[str, bytes] | None:
        from bot.results_page import files
        from services.board import publication

        async with self._lock:
            if round_id in self._rendered:
                return self._rendered[round_id]
            async with self._app.work() as uow, uow.read() as session:
                found = await publication(session, round_id)
            if found is None:
                return None
            settings = self._app.settings
            content = await asyncio.to_thread(
                files, found.board, found.anchor, self._app.core, settings.default_locale
            )
            while len(self._rendered) >= self.KEEP:
                self._rendered.pop(next(iter(self._rendered)))
            self._rendered[round_id] = content
            return content


def secret_checking_handler() -> type[Any]:
    """aiogram's webhook handler, comparing the secret header as bytes: its own comparison of
    strings raises on a non-ASCII header, which would answer an unauthenticated request with
    a 500 and a traceback instead of 401. Made when webhook mode starts: aiohttp's server is
    loaded only then."""
    from aiogram.webhook.aiohttp_server import SimpleRequestHandler

    class SecretCheckingHandler(SimpleRequestHandler):
        def verify_secret(self, telegram_secret_token: str, bot: Bot) -> bool:
            if not self.secret_token:
                return True
            given = telegram_secret_token.encode("utf-8", "surrogateescape")
            return hmac.compare_digest(given, self.secret_token.encode())

    return SecretCheckingHandler


async def health_problem(control: async_sessionmaker[AsyncSession], redis: Any) -> str | None:
    """What keeps this instance from working, if anything: each check answers within
    HEALTH_TIMEOUT, so a load balancer always gets an answer."""
    try:
        async with asyncio.timeout(HEALTH_TIMEOUT):
            await reachable(control)
    except (TimeoutError, SQLAlchemyError, OSError):
        return "database unreachable"
    if redis is not None:
        from redis.exceptions import RedisError

        try:
            async with asyncio.timeout(HEALTH_TIMEOUT):
                await redis.ping()
        except (TimeoutError, RedisError, OSError):
            return "redis unreachable"
    return None


async def set_webhook(bot: Bot, settings: Settings, allowed_updates: list[str]) -> None:
    """`setWebhook` with the secret. When Telegram asks to wait (instances starting together),
    flood control waits as long as it asks and tries again; a network error is tried again
    after a pause."""
    assert settings.webhook_secret is not None  # Settings insist on it with WEBHOOK_URL
    secret = settings.webhook_secret.get_secret_value()
    await patiently(
        lambda: bot.set_webhook(
            settings.webhook_url, secret_token=secret, allowed_updates=allowed_updates
        ),
        "setWebhook",
        lambda seconds: sleep(seconds),
    )


async def serve(
    app: Any,
    settings: Settings,
    bot: Bot,
    allowed_updates: list[str],
    stop: asyncio.Event,
) -> None:
    """Listen, then tell Telegram where to post; serve until `stop` is set, then shut down
    gracefully."""
    from aiohttp import web

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


async def poll(app: App, stop: asyncio.Event | None) -> None:
    """Long polling until SIGTERM (or `stop`). The updates already taken are finished before
    anything closes (`finish_updates_in_flight`), and then confirmed to Telegram, so the next
    start is not handed them again."""
    dispatcher, bot, settings = app.dispatcher, app.bot, app.settings
    log.info("polling %s", settings.telegram_api_url or "the Telegram Bot API")
    # A webhook left from webhook mode would make Telegram refuse getUpdates. Both calls are
    # tried until the network lets them through: a dropped connection never ends the start
    # (getMe is asked here so that the polling loop finds it answered).
    await patiently(
        lambda: bot.delete_webhook(drop_pending_updates=False), "deleteWebhook", app.pacer.sleep
    )
    await patiently(bot.me, "getMe", app.pacer.sleep)
    watcher = None
    if stop is not None:
        watcher = asyncio.create_task(_stop_polling_when(stop, dispatcher))
    try:
        await dispatcher.start_polling(
            bot,
            allowed_updates=dispatcher.resolve_used_update_types(),
            polling_timeout=settings.polling_timeout,
            handle_signals=stop is None,
            close_bot_session=False,
        )
        last = app.progress.last_update_id
        if last:
            with contextlib.suppress(TelegramAPIError):
                await bot.get_updates(offset=last + 1, limit=1, timeout=0)
    finally:
        if watcher is not None:
            watcher.cancel()
        await bot.session.close()


async def _stop_polling_when(stop: asyncio.Event, dispatcher: Dispatcher) -> None:
    await stop.wait()
    await dispatcher.stop_polling()


def settle_after_start(app: App) -> Callable[[], Awaitable[None]]:
    """The last start-up hook: once the start's work in the background is done, what it left
    behind is given back and what stays is frozen (`bot.settle`)."""

    engine = app.work.sessionmaker.kw["bind"]

    async def settling() -> None:
        tidy = partial(shrink_idle, engine)
        app.in_background(asyncio.create_task(settle(app.start_work, tidy)))

    return settling


async def run(
    settings: Settings,
    clock: Clock = system_clock,
    handle_signals: bool = True,
    stop: asyncio.Event | None = None,
) -> None:
    """Long polling, or webhook mode when WEBHOOK_URL is set. `stop` ends either as SIGTERM
    does (for tests)."""
    limit_arenas()  # before the database's threads start
    engine = create_engine(settings.database_url, settings.database_pool_size)
    control_engine = create_control_engine(settings.database_url)
    try:
        await migrate(engine)
        sessionmaker = create_sessionmaker(engine)
        control = create_sessionmaker(control_engine)
        await load_seed_plan(sessionmaker, clock, settings)
        app = build_app(
            settings, sessionmaker, clock, control=control, sleep=lambda seconds: sleep(seconds)
        )
        await app.core.startup()  # compiled off the loop, before the first call to Telegram
        app.dispatcher.startup.register(settle_after_start(app))  # the last start-up hook
        if settings.webhook_url:
            stop = stop or asyncio.Event()
            if handle_signals:
                stop_on_signals(stop)
            web_app = create_web_app(app, control)
            allowed = app.dispatcher.resolve_used_update_types()
            await serve(web_app, settings, app.bot, allowed, stop)
            return
        if stop is None and not handle_signals:
            stop = asyncio.Event()  # never set: the caller cancels
        await poll(app, stop)
    finally:
        await engine.dispose()
        await control_engine.dispose()
