"""Engine, sessions and migrations. SQLite gets WAL, foreign keys and secure deletion on every
connection."""

from __future__ import annotations

import asyncio
import contextlib
import os
import re
import sqlite3
from contextlib import closing
from datetime import UTC, datetime
from functools import cache
from pathlib import Path
from typing import Any, cast

from sqlalchemy import CursorResult, Result, event, text
from sqlalchemy.engine import URL, make_url
from sqlalchemy.exc import SQLAlchemyError
from sqlalchemy.ext.asyncio import (
    AsyncConnection,
    AsyncEngine,
    AsyncSession,
    async_sessionmaker,
    create_async_engine,
)

from domain.clock import Clock, system_clock

MIGRATIONS = Path(__file__).resolve().parent / "migrations"

_REVISION = re.compile(r"^revision: str = \"(\w+)\"$", re.MULTILINE)
_REVISES = re.compile(r"^down_revision: str \| None = \"(\w+)\"$", re.MULTILINE)


@cache
def head_revision() -> str | None:
    """The migration the code expects: the one revision of `migrations/versions` that no
    other revises, read from the scripts' own `revision`/`down_revision` lines (a test proves
    it is what Alembic's `ScriptDirectory` calls the head). Read without Alembic, so a process
    that starts on a current database never loads it; None when the scripts do not name one
    head, and then `migrate` leaves the question to Alembic."""
    revisions: set[str] = set()
    revised: set[str] = set()
    for script in (MIGRATIONS / "versions").glob("*.py"):
        source = script.read_text(encoding="utf-8")
        revisions.update(_REVISION.findall(source))
        revised.update(_REVISES.findall(source))
    heads = revisions - revised
    return heads.pop() if len(heads) == 1 else None


HEAD = head_revision()


def create_engine(
    database_url: str,
    pool_size: int = 10,
    pool_timeout: float = 30,
    max_overflow: int | None = None,
) -> AsyncEngine:
    """The engine of the updates. A unit of work holds a connection only inside a transaction,
    so a pool far smaller than the crowd serves it."""
    url = make_url(database_url)
    pool = {
        "pool_size": pool_size,
        "max_overflow": pool_size if max_overflow is None else max_overflow,
        "pool_timeout": pool_timeout,
    }
    if url.get_backend_name() != "sqlite":
        return create_async_engine(url, pool_pre_ping=True, hide_parameters=True, **pool)
    if url.database and url.database != ":memory:":
        Path(url.database).parent.mkdir(parents=True, exist_ok=True)
    from storage.sqlite_driver import one_trip_dbapi

    engine = create_async_engine(
        url,
        module=one_trip_dbapi(),  # a statement costs one trip to the database thread, not four
        connect_args={"timeout": 30},
        pool_reset_on_return=None,
        hide_parameters=True,  # a failing statement's error never carries names, phones, votes
        **pool,
    )

    @event.listens_for(engine.sync_engine, "connect")
    def _sqlite_pragmas(dbapi_connection: Any, _record: Any) -> None:
        cursor = dbapi_connection.cursor()
        cursor.execute("PRAGMA journal_mode=WAL")
        cursor.execute("PRAGMA foreign_keys=ON")
        # FULL: a commit (a ballot above all, but also a nomination or a consent the person was
        # told of) survives a power loss, not only a crash: each commit waits for the disk to
        # sync the write-ahead log, about 0.3 ms on this project's machines against 0.015 ms
        # with NORMAL (README, "Backups"); thousands of commits a second still fit.
        cursor.execute("PRAGMA synchronous=FULL")
        # Erased personal data is overwritten with zeros, not left in free pages of the file.
        cursor.execute("PRAGMA secure_delete=ON")
        cursor.close()

    return engine


def create_control_engine(database_url: str) -> AsyncEngine:
    """A small pool of its own for the scheduler lease and the health check, so neither ever
    waits behind the updates for a connection."""
    return create_engine(database_url, pool_size=2, pool_timeout=5, max_overflow=0)


async def reachable(sessionmaker: async_sessionmaker[AsyncSession]) -> None:
    async with sessionmaker() as session:
        await session.execute(text("SELECT 1"))


def create_sessionmaker(engine: AsyncEngine) -> async_sessionmaker[AsyncSession]:
    return async_sessionmaker(engine, expire_on_commit=False)


def rowcount(result: Result[Any]) -> int:
    """How many rows an INSERT, UPDATE or DELETE touched."""
    return cast(CursorResult[Any], result).rowcount


def insert_for(session: AsyncSession) -> Any:
    """The dialect's INSERT, which knows ON CONFLICT on both SQLite and PostgreSQL."""
    return dialect_insert(session.get_bind().dialect.name)


def dialect_insert(name: str) -> Any:
    if name == "postgresql":
        from sqlalchemy.dialects.postgresql import insert as postgresql_insert

        return postgresql_insert
    from sqlalchemy.dialects.sqlite import insert as sqlite_insert

    return sqlite_insert


def alembic_config() -> Any:
    from alembic.config import Config

    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS))
    return config


# Instances starting together take turns at what each does once at start: migrating, loading
# the seed plan. Any fixed number names the lock.
STARTUP_LOCK = 1_000_100


async def take_startup_lock(connection: AsyncConnection | AsyncSession) -> None:
    """On PostgreSQL, wait for any other instance's start-up work; the lock goes with the
    transaction. SQLite lets one writer at a time in anyway."""
    bind = connection if isinstance(connection, AsyncConnection) else connection.get_bind()
    if bind.dialect.name == "postgresql":
        await connection.execute(text("SELECT pg_advisory_xact_lock(:key)"), {"key": STARTUP_LOCK})


async def current_revision(engine: AsyncEngine) -> str | None:
    try:
        async with engine.connect() as connection:
            result = await connection.execute(text("SELECT version_num FROM alembic_version"))
            return result.scalar_one_or_none()
    except SQLAlchemyError:  # no table yet: a new database
        return None


async def migrate(engine: AsyncEngine, revision: str = "head", clock: Clock = system_clock) -> None:
    """Apply the Alembic migrations on the engine's own connection (Alembic is loaded only
    when there is something to apply). An SQLite file behind the code is first copied beside
    itself (`backup_before_migrating`), so a migration that goes wrong loses nothing."""
    current = await current_revision(engine)
    if revision == "head" and HEAD is not None and current == HEAD:
        return
    path = sqlite_file(engine.url)
    if path is not None and current is not None and current != HEAD:
        await backup_sqlite(path, backup_before_migrating(path, current, clock()))

    def upgrade(connection: Any) -> None:
        from alembic import command

        config = alembic_config()
        config.attributes["connection"] = connection
        command.upgrade(config, revision)

    async with engine.begin() as connection:
        await take_startup_lock(connection)
        await connection.run_sync(upgrade)


async def shrink_idle(engine: AsyncEngine) -> int:
    """The idle pooled SQLite connections the start opened are closed (each keeps a thread,
    its page cache and its prepared statements); the pool opens what updates need again.
    Returns how many were closed."""
    if engine.dialect.name != "sqlite":
        return 0
    async with contextlib.AsyncExitStack() as held:  # all at once: each idle one, once
        idle = [await held.enter_async_context(engine.connect()) for _ in range(idle_count(engine))]
        for connection in idle:
            await connection.invalidate()  # closed, and its place in the pool freed
    return len(idle)


def idle_count(engine: AsyncEngine) -> int:
    checked_in = getattr(engine.sync_engine.pool, "checkedin", None)
    return int(checked_in()) if callable(checked_in) else 0


def sqlite_file(url: str | URL) -> Path | None:
    """The file of an SQLite database; None for PostgreSQL or an in-memory one."""
    url = make_url(url)
    if url.get_backend_name() != "sqlite" or url.database in (None, "", ":memory:"):
        return None
    return Path(url.database)


def backup_before_migrating(path: Path, revision: str, moment: datetime) -> Path:
    """Where the copy made before a migration goes: beside the file, named by the revision it
    holds and when (UTC), e.g. `bot.db.0010-20261205T112441Z.bak`."""
    return path.with_name(f"{path.name}.{revision}-{moment.astimezone(UTC):%Y%m%dT%H%M%SZ}.bak")


async def backup_sqlite(source: Path, target: Path) -> None:
    """A consistent copy of a live SQLite file (its online backup API, which also takes what
    the write-ahead log holds), made in a worker thread. The copy is readable by its owner
    only, like what it copies should be, and never replaces an existing file."""
    await asyncio.to_thread(_backup, source, target)


def _backup(source: Path, target: Path) -> None:
    if not source.exists():
        raise FileNotFoundError(f"{source}: no such database")
    descriptor = os.open(target, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    os.close(descriptor)
    try:
        with closing(sqlite3.connect(source)) as origin, closing(sqlite3.connect(target)) as copy:
            origin.backup(copy)
    except BaseException:
        target.unlink(missing_ok=True)
        raise
