"""The SQLite driver (`storage.sqlite_driver`): one trip to the database thread per statement,
with what the cursor reports unchanged, and writers taking turns in the process instead of
sleeping in SQLite's busy handler."""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator
from pathlib import Path

import pytest
from sqlalchemy import text
from sqlalchemy.exc import IntegrityError, OperationalError
from sqlalchemy.ext.asyncio import AsyncEngine, create_async_engine

from storage.db import create_engine
from storage.sqlite_driver import OneTripConnection, one_trip_dbapi


@pytest.fixture
async def turns(tmp_path: Path) -> AsyncIterator[AsyncEngine]:
    made = create_engine(f"sqlite+aiosqlite:///{tmp_path / 'turns.db'}", pool_size=5)
    async with made.begin() as connection:
        await connection.execute(text("CREATE TABLE t (id INTEGER PRIMARY KEY, v TEXT UNIQUE)"))
    yield made
    await made.dispose()


async def test_rows_counts_and_ids_are_what_the_cursor_reports(turns: AsyncEngine) -> None:
    async with turns.begin() as connection:
        inserted = await connection.execute(text("INSERT INTO t (v) VALUES ('a')"))
        assert inserted.lastrowid == 1 and inserted.rowcount == 1
        many = await connection.execute(
            text("INSERT INTO t (v) VALUES (:v)"), [{"v": "b"}, {"v": "c"}, {"v": "d"}]
        )
        assert many.rowcount == 3
        changed = await connection.execute(text("UPDATE t SET v = v || '!' WHERE id > 2"))
        assert changed.rowcount == 2
    async with turns.connect() as connection:
        result = await connection.execute(text("SELECT id, v FROM t ORDER BY id"))
        assert list(result.keys()) == ["id", "v"]
        assert [tuple(row) for row in result] == [(1, "a"), (2, "b"), (3, "c!"), (4, "d!")]
        assert (await connection.execute(text("SELECT v FROM t WHERE id = 9"))).first() is None
        streamed = await connection.stream(text("SELECT v FROM t ORDER BY id"))
        assert [row[0] async for row in streamed] == ["a", "b", "c!", "d!"]


async def test_a_crowd_of_writers_on_every_connection_all_commit(turns: AsyncEngine) -> None:
    """Twenty writers on a pool of ten (and ten more), each holding its transaction across
    awaits: all commit, none meets "database is locked", and reads go on meanwhile."""

    async def write(n: int) -> None:
        async with turns.begin() as connection:
            await connection.execute(text("INSERT INTO t (v) VALUES (:v)"), {"v": f"w{n}"})
            await asyncio.sleep(0)
            await connection.execute(text("UPDATE t SET v = v || '.' WHERE v = :v"), {"v": f"w{n}"})

    async def read() -> int:
        async with turns.connect() as connection:
            return int((await connection.execute(text("SELECT count(*) FROM t"))).scalar_one())

    results = await asyncio.gather(*(write(n) for n in range(20)), *(read() for _ in range(5)))
    assert all(0 <= count <= 20 for count in results[20:])
    assert await read() == 20


async def test_a_failed_or_rolled_back_write_lets_the_next_writer_in(turns: AsyncEngine) -> None:
    async with turns.begin() as connection:
        await connection.execute(text("INSERT INTO t (v) VALUES ('same')"))
    with pytest.raises(IntegrityError):
        async with turns.begin() as connection:
            await connection.execute(text("INSERT INTO t (v) VALUES ('same')"))
    async with turns.connect() as connection:
        await connection.execute(text("INSERT INTO t (v) VALUES ('undone')"))
        await connection.rollback()
    async with turns.begin() as connection:  # would wait for ever if a turn were kept
        await connection.execute(text("INSERT INTO t (v) VALUES ('next')"))
    async with turns.connect() as connection:
        values = (await connection.execute(text("SELECT v FROM t ORDER BY id"))).scalars()
        assert list(values) == ["same", "next"]


async def test_waiting_past_the_timeout_fails_as_sqlite_would(tmp_path: Path) -> None:
    """A writer that keeps its turn: the next one, with a timeout of 0, is told the database
    is locked rather than waiting."""
    url = f"sqlite+aiosqlite:///{tmp_path / 'locked.db'}"
    engine = create_async_engine(url, module=one_trip_dbapi(), connect_args={"timeout": 0})
    try:
        async with engine.begin() as connection:
            await connection.execute(text("CREATE TABLE t (v TEXT)"))
        async with engine.connect() as holder, engine.connect() as other:
            await holder.execute(text("INSERT INTO t VALUES ('held')"))
            raw = await holder.get_raw_connection()
            assert isinstance(raw.dbapi_connection, OneTripConnection)
            assert raw.dbapi_connection.writing
            with pytest.raises(OperationalError, match="database is locked"):
                await other.execute(text("INSERT INTO t VALUES ('blocked')"))
            await holder.commit()
            assert not raw.dbapi_connection.writing
    finally:
        await engine.dispose()
