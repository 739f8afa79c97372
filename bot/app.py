"""Running the bot: migrations, the command menu in every language, then long polling."""

from __future__ import annotations

import asyncio
import logging

from aiogram import Bot, Dispatcher
from aiogram.types import BotCommand
from aiogram_i18n import I18nMiddleware
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from bot.config import PROJECT_ROOT, Settings
from bot.factory import REGIONS_PATH, create_bot, create_dispatcher
from bot.scheduler import create_scheduler
from bot.sender import Sender
from domain.clock import Clock, system_clock
from domain.locales import LOCALES
from domain.plan import parse_plan
from domain.regions import load_regions
from storage import plan as plan_store
from storage import repo
from storage.db import create_engine, create_sessionmaker, migrate

COMMANDS = ("start", "nominate", "vote", "my", "language", "help", "cancel")
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
        if await plan_store.plans(session):
            return
        text = await asyncio.to_thread(SEED_PLAN.read_text, encoding="utf-8")
        parsed = parse_plan(text, load_regions(REGIONS_PATH))
        result = await plan_store.import_plan(session, parsed, clock())
        log.info("loaded the seed plan: %d items, %d due dates", result.items, result.due_dates)


async def run(settings: Settings, clock: Clock = system_clock, handle_signals: bool = True) -> None:
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
        scheduler = create_scheduler(
            settings, bot, sender, sessionmaker, dispatcher["i18n_middleware"].core, clock
        )

        # Coroutines, so aiogram runs them in the event loop (plain functions go to a thread).
        async def start_scheduler() -> None:
            scheduler.start()

        async def stop_scheduler() -> None:
            scheduler.shutdown(wait=False)

        dispatcher.startup.register(start_scheduler)
        dispatcher.shutdown.register(stop_scheduler)
        log.info("polling %s", settings.telegram_api_url or "the Telegram Bot API")
        await dispatcher.start_polling(
            bot,
            allowed_updates=dispatcher.resolve_used_update_types(),
            polling_timeout=settings.polling_timeout,
            handle_signals=handle_signals,
        )
    finally:
        await engine.dispose()
