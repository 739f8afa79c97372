"""Backups: `python -m bot backup FILE` copies a live SQLite database consistently; a file
behind the code is copied beside itself before a migration; PostgreSQL is sent to pg_dump;
SQLite commits with synchronous=FULL. Always on SQLite files of their own (what is backed up
here is an SQLite file, whichever backend the rest of the suite runs on)."""

from __future__ import annotations

import sqlite3
from contextlib import closing
from datetime import UTC, datetime
from pathlib import Path

import pytest
from sqlalchemy import text

from storage.db import HEAD, create_engine, migrate
from tests.fixtures.processes import command_line

BEHIND = "0009"  # a revision before this code's head


def _rows(path: Path, sql: str) -> list[tuple[object, ...]]:
    with closing(sqlite3.connect(path)) as connection:
        return connection.execute(sql).fetchall()


async def _database(path: Path, revision: str = "head") -> str:
    url = f"sqlite+aiosqlite:///{path}"
    engine = create_engine(url)
    await migrate(engine, revision)
    async with engine.begin() as connection:
        await connection.execute(
            text(
                "INSERT INTO users (id, first_name, created_at) VALUES (42, 'Aigerim', '2026-12-05')"
            )
        )
    await engine.dispose()
    return url


async def test_backup_copies_a_live_database_with_what_is_committed_only(tmp_path):
    source = tmp_path / "bot.db"
    url = await _database(source)
    # The bot is running: a connection holds a write it has not committed yet.
    with closing(sqlite3.connect(source)) as busy:
        busy.execute("BEGIN IMMEDIATE")
        busy.execute(
            "INSERT INTO users (id, first_name, created_at) VALUES (43, 'Dana', '2026-12-05')"
        )
        result = command_line(["backup", "copy.db"], tmp_path, url)
        busy.execute("ROLLBACK")
    assert result.returncode == 0, result.stderr
    assert "copy.db" in result.stdout
    copy = tmp_path / "copy.db"
    assert _rows(copy, "PRAGMA integrity_check") == [("ok",)]
    assert _rows(copy, "SELECT id, first_name FROM users") == [(42, "Aigerim")]
    assert _rows(copy, "SELECT version_num FROM alembic_version") == [(HEAD,)]
    assert copy.stat().st_mode & 0o777 == 0o600  # personal data: its owner's eyes only


async def test_backup_never_overwrites_and_sends_postgresql_to_pg_dump(tmp_path):
    url = await _database(tmp_path / "bot.db")
    (tmp_path / "taken.db").write_bytes(b"precious")
    result = command_line(["backup", "taken.db"], tmp_path, url)
    assert result.returncode == 2 and "taken.db" in result.stderr
    assert "Traceback" not in result.stderr
    assert (tmp_path / "taken.db").read_bytes() == b"precious"

    result = command_line(
        ["backup", "x.dump"], tmp_path, "postgresql+asyncpg://bot:pw@db.invalid/bot"
    )
    assert result.returncode == 2
    assert "pg_dump" in result.stderr and "Traceback" not in result.stderr
    assert not (tmp_path / "x.dump").exists()


async def test_a_database_behind_the_code_is_copied_before_migrating(tmp_path):
    source = tmp_path / "bot.db"
    url = await _database(source, BEHIND)
    moment = datetime(2026, 12, 5, 11, 24, 41, tzinfo=UTC)
    engine = create_engine(url)
    try:
        await migrate(engine, clock=lambda: moment)
        copies = sorted(tmp_path.glob("bot.db.*.bak"))
        assert [c.name for c in copies] == [f"bot.db.{BEHIND}-20261205T112441Z.bak"]
        assert _rows(copies[0], "SELECT version_num FROM alembic_version") == [(BEHIND,)]
        assert _rows(copies[0], "SELECT first_name FROM users") == [("Aigerim",)]
        assert _rows(source, "SELECT version_num FROM alembic_version") == [(HEAD,)]
        await migrate(engine, clock=lambda: moment.replace(hour=12))  # at head: no copy
        assert sorted(tmp_path.glob("bot.db.*.bak")) == copies
    finally:
        await engine.dispose()


@pytest.mark.parametrize("fresh", [True, False])
async def test_migrate_command_copies_only_a_database_that_is_behind(tmp_path, fresh):
    source = tmp_path / "bot.db"
    url = f"sqlite+aiosqlite:///{source}" if fresh else await _database(source, BEHIND)
    result = command_line(["migrate"], tmp_path, url)
    assert result.returncode == 0, result.stderr
    copies = list(tmp_path.glob("bot.db.*.bak"))
    assert len(copies) == (0 if fresh else 1)  # a new database has nothing to lose
    assert _rows(source, "SELECT version_num FROM alembic_version") == [(HEAD,)]


async def test_sqlite_commits_with_synchronous_full(tmp_path):
    engine = create_engine(f"sqlite+aiosqlite:///{tmp_path / 'bot.db'}")
    try:
        async with engine.connect() as connection:
            assert (await connection.execute(text("PRAGMA synchronous"))).scalar() == 2  # FULL
            assert (await connection.execute(text("PRAGMA journal_mode"))).scalar() == "wal"
    finally:
        await engine.dispose()
