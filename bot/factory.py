"""The composition root: the one place that builds the bot, wired once. `build_app` is what
`python -m bot run`, the tests and the benchmarks all call.

How an update runs, in the order the middlewares are registered here (`bot.middlewares`):
progress (in flight) → throttle (one person's flood) → buttons with forged numbers refused →
unit of work (with its conversation
state) → conversation lock (one update per person at a time) → the person and their roles →
their language → for buttons, one answer per press → the role gate of a privileged handler →
the per-update services the handler names → the handler. A reply waits for what the update
changed to commit (`CommitFirst`); messages to other people go through the outbox, sent by
the postman after commit.

Stopping runs the shutdown hooks in the order they are registered here: the updates in flight
finish; the staff menus being set stop; the scheduled jobs end and the lease goes; the
postman finishes the message in hand; then the locales and the conversation storage close."""

from __future__ import annotations

import asyncio
import logging
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import timedelta
from functools import partial
from typing import Any

from aiogram import Bot, Dispatcher, Router
from aiogram.client.default import DefaultBotProperties
from aiogram.client.session.aiohttp import AiohttpSession
from aiogram.client.session.base import BaseSession
from aiogram.client.telegram import TelegramAPIServer
from aiogram.fsm.storage.base import BaseEventIsolation, BaseStorage
from aiogram.types import BotCommand
from aiogram_i18n import I18nMiddleware
from aiogram_i18n.cores import BaseCore
from apscheduler.schedulers.asyncio import AsyncIOScheduler
from sqlalchemy.exc import SQLAlchemyError
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from bot.compiled_texts import CachedCompileCore
from bot.fsm import PersonLocks, SqlStorage
from bot.handlers import build_router
from bot.handlers.menu import COMMAND_KEYS, PUBLIC_COMMANDS, show_staff_menu
from bot.middlewares import (
    AnswerCallbacks,
    CommitFirst,
    ConversationMiddleware,
    ForgedNumbers,
    PersonMiddleware,
    Progress,
    Throttle,
    UnitOfWorkMiddleware,
    UseCaseMiddleware,
    UserLocaleManager,
)
from bot.outbox import Postman
from bot.pacer import Pacer, Sleep
from bot.scheduler import Leader, create_scheduler, start_scheduler, stop_scheduler
from bot.sender import FloodControl, Sender, patiently
from bot.use_cases import USE_CASES
from config import LOCALES_PATH, REGIONS_PATH, Settings
from domain.clock import Clock, system_clock
from domain.locales import LOCALES
from domain.regions import load_regions
from services.people import People
from services.rows import Remembered
from services.uow import Work

log = logging.getLogger(__name__)


@dataclass
class App:
    """One bot, built: what `run` starts and stops, and what tests and benchmarks drive."""

    settings: Settings
    bot: Bot
    dispatcher: Dispatcher
    work: Work
    core: BaseCore[Any]
    pacer: Pacer
    sender: Sender
    postman: Postman
    leader: Leader
    scheduler: AsyncIOScheduler
    people: People
    progress: Progress
    storage: BaseStorage
    # The start's own work in the background: the staff menus being set, the catch-up
    # jobs' first run, the settling after them (`bot.settle`); what a stop cancels is here.
    background: set[asyncio.Future[Any]] = field(default_factory=set)
    start_work: list[asyncio.Future[Any]] = field(default_factory=list)

    def in_background(self, work: asyncio.Future[Any]) -> None:
        self.background.add(work)
        work.add_done_callback(self.background.discard)


def create_pacer(settings: Settings, **time_source: Any) -> Pacer:
    return Pacer(
        settings.send_per_second,
        settings.send_per_chat_seconds,
        broadcast_share=settings.outbox_share,
        **time_source,
    )


def create_bot(
    settings: Settings, session: BaseSession | None = None, pacer: Pacer | None = None
) -> Bot:
    """The Bot API client; TELEGRAM_API_URL points it at a self-hosted Bot API server. Every
    request waits for the update's changes to commit, then passes flood control."""
    if settings.bot_token is None:
        raise ValueError("BOT_TOKEN is not set")
    if session is None:
        session = AiohttpSession()
    if settings.telegram_api_url:
        session.api = TelegramAPIServer.from_base(settings.telegram_api_url)
    session.middleware(CommitFirst())
    session.middleware(FloodControl(pacer or create_pacer(settings)))
    return Bot(
        token=settings.bot_token.get_secret_value(),
        session=session,
        default=DefaultBotProperties(link_preview_is_disabled=True),
    )


class Locales(CachedCompileCore):
    """The texts, compiled once per version of them (`bot.compiled_texts`), and loaded or
    compiled in a thread: compiling every locale takes seconds of CPU, and on the event loop
    it would stall the connection to Telegram (a kept-alive connection closed by the server
    meanwhile). `run` loads it before the first call to Telegram; the dispatcher's start-up
    then finds it ready."""

    async def startup(self) -> None:
        if not self.locales:
            self.locales.update(await asyncio.to_thread(self.find_locales))


def create_core(settings: Settings) -> CachedCompileCore:
    return Locales(path=LOCALES_PATH, default_locale=settings.default_locale)


def create_storage(settings: Settings, work: Work) -> tuple[BaseStorage, BaseEventIsolation]:
    """Where conversations keep their state: Redis when REDIS_URL is set, else the database;
    and the lock that handles one person's updates one at a time (a double tap on "Submit"
    is handled once), in Redis too, so that it holds across instances."""
    if settings.redis_url is not None:
        from aiogram.fsm.storage.redis import RedisStorage  # only when asked for

        # A conversation (a form draft) untouched for DRAFT_DAYS expires in Redis by itself.
        untouched = timedelta(days=settings.draft_days)
        redis = RedisStorage.from_url(
            settings.redis_url.get_secret_value(), state_ttl=untouched, data_ttl=untouched
        )
        return redis, redis.create_isolation()
    return SqlStorage(work), PersonLocks()


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


def build_app(
    settings: Settings,
    sessionmaker: async_sessionmaker[AsyncSession],
    clock: Clock = system_clock,
    *,
    control: async_sessionmaker[AsyncSession] | None = None,
    session: BaseSession | None = None,
    core: BaseCore[Any] | None = None,
    router: Router | None = None,
    monotonic: Callable[[], float] = time.monotonic,
    sleep: Callable[[float], Any] = asyncio.sleep,
    throttle_clock: Callable[[], float] | None = None,
    background: bool = True,
) -> App:
    """Everything, wired once. `control` is the scheduler lease's own connection pool (the
    updates' one when not given); `session` replaces the Bot API session (tests, benchmarks);
    `router` replaces the bot's handlers, keeping everything else (a benchmark's baseline);
    `monotonic`/`sleep` pace replies, `throttle_clock` the flood throttle; `background` off
    leaves the command menus, the postman and the scheduler unstarted (tests deliver the
    outbox themselves)."""
    core = core or create_core(settings)
    pacer = create_pacer(settings, monotonic=monotonic, sleep=sleep)
    bot = create_bot(settings, session=session, pacer=pacer)
    work = create_work(sessionmaker, clock)
    people = People(settings.admin_ids)

    async def mark_blocked(user_id: int) -> None:
        try:
            async with work() as uow:
                await people.mark_blocked(uow, user_id)
        except SQLAlchemyError as error:
            log.warning("cannot mark %s as blocked: %s", user_id, type(error).__name__)

    sender = Sender(bot, pacer=pacer, on_blocked=mark_blocked)
    postman = Postman(
        sessionmaker, sender, core, settings.default_locale, settings.instance_id, clock
    )
    work.after_commit = postman.kick
    leader = Leader(
        control or sessionmaker,
        settings.instance_id,
        clock,
        timedelta(seconds=settings.leader_lease_seconds),
    )
    regions = load_regions(REGIONS_PATH)
    scheduler = create_scheduler(settings, sender, work, core, leader, regions)
    storage, isolation = create_storage(settings, work)
    dispatcher = Dispatcher(
        disable_fsm=True,  # ours is below, inside the unit of work, and closes last
        settings=settings,
        clock=clock,
        work=work,
        regions=regions,
        people=people,
    )
    progress = Progress()
    app = App(
        settings, bot, dispatcher, work, core, pacer, sender, postman, leader, scheduler,
        people, progress, storage,
    )  # fmt: skip
    dispatcher.update.outer_middleware(progress)
    throttle = Throttle(
        settings.throttle_per_second,
        settings.throttle_burst,
        throttle_clock or monotonic,
        replies_waiting=pacer.urgent_waiting,
    )
    pacer.on_reply = throttle.charge  # the replies a person causes count against them too
    dispatcher.update.outer_middleware(throttle)
    dispatcher.update.outer_middleware(ForgedNumbers())
    dispatcher.update.outer_middleware(UnitOfWorkMiddleware(work))
    dispatcher.update.outer_middleware(ConversationMiddleware(storage, isolation))
    dispatcher.update.outer_middleware(PersonMiddleware(people))
    dispatcher.shutdown.register(app_stopping(app))
    I18nMiddleware(
        core=core,
        manager=UserLocaleManager(default_locale=settings.default_locale),
        default_locale=settings.default_locale,
    ).setup(dispatcher)
    dispatcher.shutdown.register(storage.close)
    dispatcher.callback_query.middleware(AnswerCallbacks())
    use_cases = UseCaseMiddleware(USE_CASES, settings, regions)
    dispatcher.message.middleware(use_cases)
    dispatcher.callback_query.middleware(use_cases)
    dispatcher.include_router(router or build_router())
    if background:
        dispatcher.startup.register(app_starting(app))
    return app


def app_starting(app: App) -> Callable[[], Any]:
    """The start-up hook of a running bot: the command menus, the postman, the scheduler
    (the lease first), and every staff member's own menu set again in the background."""

    async def starting() -> None:
        await set_commands(app.bot, app.core, app.settings, app.pacer.sleep)
        app.postman.start()
        caught_up = await start_scheduler(app.scheduler, app.leader)
        menus = asyncio.create_task(set_staff_menus(app))
        app.in_background(menus)
        app.start_work += [caught_up, menus]

    return starting


def app_stopping(app: App) -> Callable[[], Any]:
    """The first shutdown hook: what runs must end before anything it uses closes."""

    async def stopping() -> None:
        timeout = app.settings.shutdown_timeout
        await app.progress.finish(timeout)
        for task in list(app.background):
            task.cancel()
        await asyncio.gather(*app.background, return_exceptions=True)
        if app.scheduler.running:
            await stop_scheduler(app.scheduler, app.leader, timeout)
        await app.postman.stop(timeout)

    return stopping


async def set_commands(
    bot: Bot, i18n_core: BaseCore[Any], settings: Settings, sleep: Sleep = asyncio.sleep
) -> None:
    """The command menu in each language, and in the default one for everybody else; a
    network error is tried again after a pause (`patiently`), so it never stops the start."""
    for language_code in (None, *LOCALES):
        locale = language_code or settings.default_locale
        commands = [
            BotCommand(command=name, description=i18n_core.get(COMMAND_KEYS[name], locale))
            for name in PUBLIC_COMMANDS
        ]
        call = partial(bot.set_my_commands, commands, language_code=language_code)
        await patiently(call, "setMyCommands", sleep)


async def set_staff_menus(app: App) -> int:
    """Every staff member's own menu, set again: a grant or a revocation commits before its
    menu is sent, so a stop between the two (or Telegram failing then) is mended here. One
    call per staff member, each taking a slot of the pacer that replies share; the updates
    do not wait for it. Returns how many menus were set."""
    try:
        async with app.work() as uow:
            menus = await app.people.staff_menus(uow, app.settings.default_locale)
    except SQLAlchemyError as error:
        log.warning("cannot read the staff menus: %s", type(error).__name__)
        return 0
    done = 0
    for menu in menus:
        await app.pacer.overall()
        done += await show_staff_menu(app.bot, app.core, menu, patient=app.pacer.sleep)
    log.info("staff menus set: %d of %d", done, len(menus))
    return done
