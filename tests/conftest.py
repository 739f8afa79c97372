"""Fixtures: every test gets its own database (SQLite, or PostgreSQL when TEST_DATABASE says
so) with the real migrations, the dispatcher the production factory builds, and a Bot whose
API session records instead of sending."""

from __future__ import annotations

import asyncio
import itertools
import os
import shutil
from collections.abc import AsyncIterator, Callable, Coroutine, Iterator
from concurrent.futures import ThreadPoolExecutor
from datetime import UTC, datetime
from pathlib import Path
from typing import Any, TypeVar

import asyncpg
import pytest
from aiogram_i18n.cores import FluentCompileCore
from pydantic import SecretStr
from sqlalchemy.engine import make_url
from sqlalchemy.ext.asyncio import AsyncEngine, AsyncSession, async_sessionmaker

from bot.factory import App as BuiltApp
from bot.factory import build_app
from config import LOCALES_PATH, Settings
from domain.plan import parse_plan
from storage import voting as vote_store
from storage.db import create_engine, create_sessionmaker, migrate
from tests.fixtures.charts import Saved, saved_charts
from tests.fixtures.plan import REGIONS, SEED, load_campaign
from tests.fixtures.vote import WG, candidates_on_vote
from tests.flows import t
from tests.harness import (
    ADMIN_ID,
    TEST_TOKEN,
    VOTE_SECRET,
    FixedClock,
    InstantTime,
    Person,
    RecordingSession,
)

T = TypeVar("T")


@pytest.fixture
def clock() -> FixedClock:
    # 22 November 2026, 10:00 in Almaty.
    return FixedClock(datetime(2026, 11, 22, 5, 0, tzinfo=UTC))


@pytest.fixture
def settings(database_url: str) -> Settings:
    return Settings(
        _env_file=None,
        bot_token=SecretStr(TEST_TOKEN),
        database_url=database_url,
        admin_ids=frozenset({ADMIN_ID}),
        expert_conclusions_required=2,
        vote_secret=SecretStr(VOTE_SECRET),
        votes_per_voter=3,
    )


class CompiledOnce(FluentCompileCore):
    """The production Fluent core, compiled once for the whole run instead of per test."""

    async def startup(self) -> None:
        if not self.locales:
            await super().startup()

    async def shutdown(self) -> None:
        pass


def in_thread(work: Callable[[], Coroutine[Any, Any, T]]) -> T:
    """Runs a coroutine to completion on its own loop, away from the test's loop."""
    with ThreadPoolExecutor(1) as pool:
        return pool.submit(asyncio.run, work()).result()


async def _migrate(url: str) -> None:
    engine = create_engine(url)
    await migrate(engine)
    await engine.dispose()


class Databases:
    """One database per test, on the backend TEST_DATABASE names: `sqlite` (the default) or
    `postgresql` (the server TEST_POSTGRES_URL points at, started by tests/services.sh).
    A migrated one is a copy of a template the real migrations built once per run."""

    def __init__(self, workdir: Path) -> None:
        self.backend = os.environ.get("TEST_DATABASE", "sqlite")
        self.workdir = workdir
        self.counter = itertools.count()
        self.created: list[str] = []
        if self.backend == "sqlite":
            self.template = workdir / "template.db"
            in_thread(lambda: _migrate(f"sqlite+aiosqlite:///{self.template}"))
        elif self.backend == "postgresql":
            self.server = make_url(postgres_server_url())
            self._admin(f"CREATE DATABASE {TEMPLATE}")
            in_thread(lambda: _migrate(self.url(TEMPLATE)))
        else:
            raise pytest.UsageError(f"TEST_DATABASE={self.backend}: sqlite or postgresql")

    def url(self, name: str) -> str:
        return self.server.set(database=name).render_as_string(hide_password=False)

    def new(self, *, migrated: bool = True) -> str:
        number = next(self.counter)
        if self.backend == "sqlite":
            path = self.workdir / f"test{number}.db"
            if migrated:
                shutil.copyfile(self.template, path)
            return f"sqlite+aiosqlite:///{path}"
        name = f"test_{os.getpid()}_{number}"
        self._admin(f"CREATE DATABASE {name} TEMPLATE {TEMPLATE if migrated else 'template0'}")
        self.created.append(name)
        return self.url(name)

    def drop(self, url: str) -> None:
        name = make_url(url).database
        if self.backend == "postgresql" and name in self.created:
            self.created.remove(name)
            self._admin(f"DROP DATABASE IF EXISTS {name} WITH (FORCE)")

    def close(self) -> None:
        if self.backend == "postgresql":
            for name in [*self.created, TEMPLATE]:
                self._admin(f"DROP DATABASE IF EXISTS {name} WITH (FORCE)")

    def _admin(self, statement: str) -> None:
        async def run() -> None:
            connection = await asyncpg.connect(
                self.server.set(drivername="postgresql").render_as_string(hide_password=False)
            )
            try:
                await connection.execute(statement)
            finally:
                await connection.close()

        in_thread(run)


TEMPLATE = f"bot_template_{os.getpid()}"


def postgres_server_url() -> str:
    url = os.environ.get("TEST_POSTGRES_URL")
    if not url:
        raise pytest.UsageError("TEST_POSTGRES_URL is not set: run through tests/services.sh")
    return url


@pytest.fixture(scope="session")
def databases(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Databases]:
    databases = Databases(tmp_path_factory.mktemp("databases"))
    yield databases
    databases.close()


@pytest.fixture
def database_url(databases: Databases) -> Iterator[str]:
    """A database of this test's own, with the real migrations applied."""
    url = databases.new()
    yield url
    databases.drop(url)


@pytest.fixture
def empty_database_url(databases: Databases) -> Iterator[str]:
    """A database of this test's own with nothing in it, for `migrate` to build."""
    url = databases.new(migrated=False)
    yield url
    databases.drop(url)


@pytest.fixture
async def engine(settings: Settings) -> AsyncIterator[AsyncEngine]:
    engine = create_engine(settings.database_url)
    await migrate(engine)  # already at head: proves the copy is current, changes nothing
    yield engine
    await engine.dispose()


@pytest.fixture
def sessionmaker(engine: AsyncEngine) -> async_sessionmaker[AsyncSession]:
    return create_sessionmaker(engine)


class App:
    """One running bot (`bot.factory.App`, built as `run` builds it) with the recording API
    session and the test's pacing time.

    The postman does not run in the background here: each update a person sends is followed
    by `deliver`, which sends what the update put in the outbox, through the real claim,
    render and paced sender, so a test sees the messages it caused right after it."""

    def __init__(self, built: BuiltApp, session: RecordingSession, time: InstantTime) -> None:
        self.built = built
        self.dispatcher = built.dispatcher
        self.bot = built.bot
        self.postman = built.postman
        self.work = built.work
        self.session = session
        self.time = time

    async def deliver(self) -> int:
        return await self.postman.deliver_pending()

    def person(
        self, user_id: int, language_code: str | None = "kk", name: str = "Aigerim"
    ) -> Person:
        return Person(
            self.dispatcher, self.bot, self.session, user_id, name, language_code, self.deliver
        )


def never_throttled() -> Callable[[], float]:
    """A clock for the flood throttle on which a second passes between any two updates: tests
    feed a whole form in a moment, no person could."""
    ticks = itertools.count(step=1000)
    return lambda: float(next(ticks))


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

    async def build(monotonic: Callable[[], float] | None = None) -> App:
        time = InstantTime()
        built = build_app(
            settings,
            sessionmaker,
            clock,
            session=session,
            core=texts,
            monotonic=time.monotonic,
            sleep=time.sleep,
            throttle_clock=monotonic or never_throttled(),
            background=False,
        )
        dispatcher = built.dispatcher
        await dispatcher.emit_startup(
            bot=built.bot, dispatcher=dispatcher, **dispatcher.workflow_data
        )
        app = App(built, session, time)
        started.append(app)
        return app

    yield build
    for app in started:
        await app.dispatcher.emit_shutdown(
            bot=app.bot, dispatcher=app.dispatcher, **app.dispatcher.workflow_data
        )
    # Every keyboard any test made the bot send fits a phone (see `harness.too_long`).
    assert session.cut == [], f"labels a phone would cut: {sorted(set(session.cut))}"


@pytest.fixture
async def app(make_app: Callable[[], object]) -> App:
    return await make_app()  # type: ignore[misc]


@pytest.fixture(scope="session")
def texts() -> FluentCompileCore:
    """The locales as the bot renders them: the bot's own core, and what tests compare with."""
    core = CompiledOnce(path=LOCALES_PATH, default_locale="kk")
    asyncio.run(core.startup())
    return core


# Situations several test modules start from.


@pytest.fixture
async def voting(app, sessionmaker, clock, texts):
    """A round opened by the working group from the bot, running now."""
    await candidates_on_vote(sessionmaker, clock())
    wg = app.person(WG, language_code="en")
    await wg.send("/round")
    await wg.press(t(texts, "en", "round-new"))
    sent = await wg.send("22.11.2026 09:00 - 29.11.2026 18:00")
    assert sent[-1].text.startswith(
        "Voting round 1 is scheduled (22.11.2026 09:00 to 29.11.2026 18:00)."
    )
    async with sessionmaker() as session:
        return await vote_store.active_round(session), wg


@pytest.fixture
async def campaign(app, sessionmaker, clock):
    """The seed plan re-based to start on 1 December 2026, with two officials of МИР and a
    coordinator (`tests.fixtures.plan`): the plan and МИР's id."""
    return await load_campaign(sessionmaker, clock)


@pytest.fixture(scope="module")
def plan():
    """The seed plan as parsed."""
    return parse_plan(SEED.read_text(encoding="utf-8"), REGIONS)


@pytest.fixture
def charts(monkeypatch: pytest.MonkeyPatch) -> list[Saved]:
    """Every chart saved during the test (in any thread), as what it shows and its PNG."""
    return saved_charts(monkeypatch)
