"""Running the bot: migrations, the command menu in every language, then long polling."""

from __future__ import annotations

import logging

from aiogram import Bot, Dispatcher
from aiogram.types import BotCommand
from aiogram_i18n import I18nMiddleware

from bot.config import Settings
from bot.factory import create_bot, create_dispatcher
from domain.clock import Clock, system_clock
from domain.locales import LOCALES
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


async def migrate_database(settings: Settings) -> None:
    engine = create_engine(settings.database_url)
    try:
        await migrate(engine)
    finally:
        await engine.dispose()


async def run(settings: Settings, clock: Clock = system_clock, handle_signals: bool = True) -> None:
    engine = create_engine(settings.database_url)
    try:
        await migrate(engine)
        bot = create_bot(settings)
        dispatcher: Dispatcher = create_dispatcher(settings, create_sessionmaker(engine), clock)
        dispatcher.startup.register(set_commands)
        log.info("polling %s", settings.telegram_api_url or "the Telegram Bot API")
        await dispatcher.start_polling(
            bot,
            allowed_updates=dispatcher.resolve_used_update_types(),
            polling_timeout=settings.polling_timeout,
            handle_signals=handle_signals,
        )
    finally:
        await engine.dispose()
