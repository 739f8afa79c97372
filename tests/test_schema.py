"""The tables the code declares are the tables the migrations build (as `alembic check`
would say), on SQLite and on PostgreSQL; `storage.db.HEAD`, which lets a current database
start without loading Alembic, is Alembic's head; and the `alembic` command line of
`make migration` works on its own."""

from __future__ import annotations

import contextlib
import os
import sqlite3
import subprocess
import sys

import pytest
from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from alembic.script import ScriptDirectory
from sqlalchemy.schema import CreateIndex

from config import PROJECT_ROOT
from storage import plan_tables, vote_tables  # noqa: F401  (their tables join Base.metadata)
from storage.db import HEAD, alembic_config, current_revision, head_revision
from storage.models import Base

pytestmark = pytest.mark.sql  # also run on PostgreSQL: see the Makefile's `test`


async def test_the_models_and_the_migrations_agree(engine):
    def differences(connection):
        context = MigrationContext.configure(connection, opts={"compare_type": True})
        return compare_metadata(context, Base.metadata)

    async with engine.connect() as connection:
        assert await connection.run_sync(differences) == []


async def test_a_partial_index_is_partial_on_either_database(engine):
    """The `where` of `storage.models.partial_index`, given to PostgreSQL only once one of
    its engines connects, is in the index each database would create."""
    async with engine.connect() as connection:
        dialect = connection.dialect
    partial = {
        index.name: index
        for table in Base.metadata.tables.values()
        for index in table.indexes
        if index.dialect_options["sqlite"]["where"] is not None
    }
    assert {"uq_nominations_person_phone", "uq_vote_rounds_one_open"} <= set(partial)
    for name, index in partial.items():
        where = str(index.dialect_options["sqlite"]["where"])
        assert str(CreateIndex(index).compile(dialect=dialect)).endswith(f"WHERE {where}"), name


async def test_head_is_the_last_migration_and_a_migrated_database_is_at_it(engine):
    assert ScriptDirectory.from_config(alembic_config()).get_current_head() == HEAD
    assert HEAD is not None and head_revision() == HEAD
    assert await current_revision(engine) == HEAD


def test_the_alembic_command_line_migrates_and_finds_the_models_current(tmp_path):
    """What `make migration` runs: `alembic.ini` at the root, env.py connecting by itself
    (to a scratch SQLite database, whatever TEST_DATABASE says), and autogenerate finding
    nothing left to write."""
    if os.environ.get("TEST_DATABASE", "sqlite") != "sqlite":
        return  # the same scratch SQLite run as in the SQLite pass
    scratch = tmp_path / "scratch.db"
    url = f"sqlite+aiosqlite:///{scratch}"
    for command in (["upgrade", "head"], ["check"]):
        done = subprocess.run(
            [sys.executable, "-m", "alembic", "-x", f"url={url}", *command],
            cwd=PROJECT_ROOT,
            capture_output=True,
            text=True,
            timeout=120,
        )
        assert done.returncode == 0, done.stderr
    assert "No new upgrade operations detected" in done.stdout + done.stderr
    with contextlib.closing(sqlite3.connect(scratch)) as database:
        assert database.execute("SELECT version_num FROM alembic_version").fetchall() == [(HEAD,)]


def test_an_idle_bot_loads_nothing_it_does_not_use(database_url, tmp_path):
    """Modules only some commands or settings use are imported when needed: starting on a
    current database loads no Alembic; SQLite loads no PostgreSQL driver nor SQLAlchemy's
    PostgreSQL dialect (`storage.models.partial_index`); no Fluent compiler (the texts load
    compiled); no spreadsheet library, no charting library, no Redis client, no web server
    in polling mode."""
    script = """
import asyncio, sys
from bot import app, commands, factory, handlers, outbox, scheduler  # what `run` imports
from storage.db import create_engine, migrate

async def start():
    engine = create_engine(sys.argv[1])
    await migrate(engine)  # already at head
    await engine.dispose()

asyncio.run(start())
print(",".join(m for m in sys.argv[2:] if m in sys.modules))
"""
    lazy = [
        "alembic",
        "openpyxl",
        "matplotlib",
        "asyncpg",
        "sqlalchemy.dialects.postgresql",
        "fluent_compiler.compiler",  # the texts are loaded compiled; compiling imports it
        "redis",
        "aiohttp.web",
    ]
    if not database_url.startswith("sqlite"):
        return  # on PostgreSQL the driver is what it runs on
    done = subprocess.run(
        [sys.executable, "-c", script, database_url, *lazy],
        env={**os.environ, "PYTHONPATH": str(PROJECT_ROOT)},
        cwd=tmp_path,
        capture_output=True,
        text=True,
        timeout=120,
        check=True,
    )
    assert done.stdout.strip() == ""
