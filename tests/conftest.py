"""Fixtures: every test gets its own SQLite file with the real migrations, the dispatcher the
production factory builds, and a Bot whose API session records instead of sending."""

from __future__ import annotations

import asyncio
import shutil
from collections.abc import AsyncIterator, Callable
from datetime import UTC, datetime
from pathlib import Path

import pytest
from aiogram import Bot, Dispatcher
from aiogram_i18n.cores import FluentCompileCore
from pydantic import SecretStr
from sqlalchemy.ext.asyncio import AsyncEngine, AsyncSession, async_sessionmaker

from bot.config import Settings
from bot.factory import LOCALES_PATH, create_bot, create_dispatcher
from storage.db import create_engine, create_sessionmaker, migrate
from tests.harness import FixedClock, Person, RecordingSession

ADMIN_ID = 1
TEST_TOKEN = "123456789:AAFakeTokenForTestsOnly_abcdefghijkl"


@pytest.fixture
def clock() -> FixedClock:
    # 22 November 2026, 10:00 in Almaty.
    return FixedClock(datetime(2026, 11, 22, 5, 0, tzinfo=UTC))


@pytest.fixture
def settings(tmp_path: Path) -> Settings:
    return Settings(
        _env_file=None,
        bot_token=SecretStr(TEST_TOKEN),
        database_url=f"sqlite+aiosqlite:///{tmp_path / 'bot.db'}",
        admin_ids=frozenset({ADMIN_ID}),
        expert_conclusions_required=2,
        vote_secret=SecretStr("test-vote-secret"),
        votes_per_voter=3,
    )


class CompiledOnce(FluentCompileCore):
    """The production Fluent core, compiled once for the whole run instead of per test."""

    async def startup(self) -> None:
        if not self.locales:
            await super().startup()

    async def shutdown(self) -> None:
        pass


@pytest.fixture(scope="session")
def migrated_template(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A database file the real migrations built; each test starts from a copy of it."""
    path = tmp_path_factory.mktemp("template") / "bot.db"

    async def build() -> None:
        engine = create_engine(f"sqlite+aiosqlite:///{path}")
        await migrate(engine)
        await engine.dispose()

    asyncio.run(build())
    return path


@pytest.fixture
async def engine(settings: Settings, migrated_template: Path) -> AsyncIterator[AsyncEngine]:
    database = Path(settings.database_url.split("///", 1)[1])
    shutil.copyfile(migrated_template, database)
    engine = create_engine(settings.database_url)
    await migrate(engine)  # already at head: proves the copy is current, changes nothing
    yield engine
    await engine.dispose()


@pytest.fixture
def sessionmaker(engine: AsyncEngine) -> async_sessionmaker[AsyncSession]:
    return create_sessionmaker(engine)


class App:
    """One running bot: dispatcher, Bot and the recording API session."""

    def __init__(self, dispatcher: Dispatcher, bot: Bot, session: RecordingSession) -> None:
        self.dispatcher = dispatcher
        self.bot = bot
        self.session = session

    def person(
        self, user_id: int, language_code: str | None = "kk", name: str = "Aigerim"
    ) -> Person:
        return Person(self.dispatcher, self.bot, self.session, user_id, name, language_code)


@pytest.fixture
async def make_app(
    settings: Settings,
    sessionmaker: async_sessionmaker[AsyncSession],
    clock: FixedClock,
    texts: FluentCompileCore,
) -> AsyncIterator[Callable[[], object]]:
    """Builds an app the way `run` does; calling it again is a restart on the same database."""
    started: list[App] = []
    session = RecordingSession()  # Telegram itself: its chats outlive a restart of the bot

    async def build() -> App:
        bot = create_bot(settings, session=session)
        dispatcher = create_dispatcher(settings, sessionmaker, clock, i18n_core=texts)
        await dispatcher.emit_startup(bot=bot, dispatcher=dispatcher, **dispatcher.workflow_data)
        app = App(dispatcher, bot, session)
        started.append(app)
        return app

    yield build
    for app in started:
        await app.dispatcher.emit_shutdown(
            bot=app.bot, dispatcher=app.dispatcher, **app.dispatcher.workflow_data
        )


@pytest.fixture
async def app(make_app: Callable[[], object]) -> App:
    return await make_app()  # type: ignore[misc]


@pytest.fixture(scope="session")
def texts() -> FluentCompileCore:
    """The locales as the bot renders them: the bot's own core, and what tests compare with."""
    core = CompiledOnce(path=LOCALES_PATH, default_locale="kk")
    asyncio.run(core.startup())
    return core
