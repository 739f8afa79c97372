"""Running the bot: migrations, the command menu in every language, then long polling."""

from __future__ import annotations

import asyncio
import logging
from pathlib import Path

from aiogram import Bot, Dispatcher
from aiogram.types import BotCommand
from aiogram_i18n import I18nMiddleware
from aiogram_i18n.cores import FluentCompileCore

from bot.config import Settings
from bot.exports import nominations_table, to_csv, to_xlsx
from bot.factory import LOCALES_PATH, REGIONS_PATH, create_bot, create_dispatcher
from bot.scheduler import create_scheduler
from domain.clock import Clock, system_clock
from domain.locales import LOCALES
from domain.regions import load_regions
from storage.db import create_engine, create_sessionmaker, migrate

COMMANDS = ("start", "nominate", "my", "language", "help", "cancel")
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


async def run(settings: Settings, clock: Clock = system_clock, handle_signals: bool = True) -> None:
    engine = create_engine(settings.database_url)
    try:
        await migrate(engine)
        bot = create_bot(settings)
        dispatcher: Dispatcher = create_dispatcher(settings, create_sessionmaker(engine), clock)
        dispatcher.startup.register(set_commands)
        scheduler = create_scheduler(
            settings,
            bot=bot,
            sessionmaker=dispatcher["sessionmaker"],
            core=dispatcher["i18n_middleware"].core,
            default_locale=settings.default_locale,
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


async def export_nominations(settings: Settings, path: Path, fmt: str, locale: str) -> int:
    core = FluentCompileCore(path=LOCALES_PATH, default_locale=settings.default_locale)
    await core.startup()
    engine = create_engine(settings.database_url)
    try:
        async with create_sessionmaker(engine)() as session:
            headers, rows = await nominations_table(
                session, core, locale, load_regions(REGIONS_PATH), settings.tz
            )
    finally:
        await engine.dispose()
    content = to_xlsx(headers, rows) if fmt == "xlsx" else to_csv(headers, rows)
    await asyncio.to_thread(path.write_bytes, content)
    return len(rows)
