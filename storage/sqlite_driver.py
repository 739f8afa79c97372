"""SQLAlchemy's aiosqlite adapter with one trip to the database thread per statement.

aiosqlite runs each call on the connection's own thread and hands the result back to the
event loop; SQLAlchemy's adapter makes four such calls for every statement (open a cursor,
execute, fetch the rows, close the cursor), each a wake-up of that thread and of the loop, and
on a busy machine each waits for a core. Here the four happen in one function on the database
thread, so a statement costs one trip: a new person's /start (one read, one upsert, a
rollback and a commit) makes 4 trips instead of 10. The rows, the description, the row count
and the last row id are kept as the cursor had them; server-side cursors (`stream`) are
SQLAlchemy's own, unchanged.

Writers take turns in the process, not in SQLite. SQLite lets one connection write at a time;
another that tries waits in SQLite's busy handler, which sleeps and tries again (1, 2, 5, 10
… 100 ms), so a crowd of writers on the pool's connections spent most of its time asleep
after the lock was free (1,000 new people at once: a first INSERT waited 0.8 s at p99 and
2.2 s at most, 54 s in all). Here a statement that would begin a write (anything but a
SELECT, PRAGMA or EXPLAIN outside a transaction) first takes the engine's own lock, an asyncio
lock, and the commit or rollback lets the next writer in at once. Reads never take it (WAL:
they never wait for a writer). Waiting for it longer than the connection's `timeout` fails as
SQLite would ("database is locked"). Other processes (the CLI) still meet SQLite's lock.

Given to the engine as its DBAPI module (`create_async_engine(..., module=one_trip_dbapi())`),
so nothing of SQLAlchemy's or aiosqlite's is patched."""

from __future__ import annotations

import asyncio
import collections
import sqlite3
from typing import Any

import aiosqlite
from sqlalchemy.dialects.sqlite.aiosqlite import (
    AsyncAdapt_aiosqlite_connection,
    AsyncAdapt_aiosqlite_cursor,
    AsyncAdapt_aiosqlite_dbapi,
)
from sqlalchemy.util import EMPTY_DICT
from sqlalchemy.util.concurrency import await_

Outcome = tuple[Any, list[Any] | None, int, int | None]
READS = ("SELECT", "PRAGMA", "EXPLAIN")


def _run(connection: sqlite3.Connection, operation: str, parameters: Any, many: bool) -> Outcome:
    """On the database thread: the whole statement, and what the cursor knew after it."""
    cursor = connection.cursor()
    try:
        if many:
            cursor.executemany(operation, parameters)
        elif parameters is None:
            cursor.execute(operation)
        else:
            cursor.execute(operation, parameters)
        description = cursor.description
        rows = cursor.fetchall() if description else None
        return description, rows, cursor.rowcount, cursor.lastrowid
    finally:
        cursor.close()


class OneTripCursor(AsyncAdapt_aiosqlite_cursor):
    __slots__ = ("_description", "_lastrowid", "_rowcount")

    def __init__(self, adapt_connection: Any) -> None:
        # No aiosqlite cursor (a trip of its own): each statement opens and closes one.
        self._adapt_connection = adapt_connection
        self._connection = adapt_connection._connection
        self._cursor = None  # type: ignore[assignment]
        self._soft_closed_memoized = EMPTY_DICT
        self._rows = collections.deque()
        self._description: Any = None
        self._rowcount = -1
        self._lastrowid: int | None = None

    @property
    def description(self) -> Any:
        return self._description

    @property
    def rowcount(self) -> int:
        return self._rowcount

    @property
    def lastrowid(self) -> int:
        return self._lastrowid  # type: ignore[return-value]

    @property
    def arraysize(self) -> int:
        return 1

    @arraysize.setter
    def arraysize(self, value: int) -> None:
        pass

    def close(self) -> None:
        self._rows.clear()

    async def _async_soft_close(self) -> None:
        """Nothing is left open: the description is kept already."""

    def setinputsizes(self, *inputsizes: Any) -> None:
        """sqlite3 ignores them."""

    async def _trip(self, operation: str, parameters: Any, many: bool) -> None:
        connection: OneTripConnection = self._adapt_connection  # type: ignore[assignment]
        if not connection.writing and not operation.lstrip()[:7].upper().startswith(READS):
            await connection.take_turn()
        try:
            async with connection._execute_mutex:
                outcome = await self._connection._execute(
                    _run, self._connection._conn, operation, parameters, many
                )
        finally:
            if not self._connection._conn.in_transaction:
                connection.end_turn()  # autocommitted, or failed before it began
        self._description, rows, self._rowcount, self._lastrowid = outcome
        self._rows = collections.deque(rows or ())

    async def _execute_async(self, operation: Any, parameters: Any) -> Any:
        await self._trip(operation, parameters, many=False)

    async def _executemany_async(self, operation: Any, seq_of_parameters: Any) -> Any:
        await self._trip(operation, seq_of_parameters, many=True)


class OneTripConnection(AsyncAdapt_aiosqlite_connection):
    __slots__ = ("_timeout", "_turns", "writing")
    _cursor_cls = OneTripCursor

    def __init__(self, dbapi: OneTripDBAPI, connection: Any, timeout: float) -> None:
        super().__init__(dbapi, connection)
        self.writing = False
        self._turns = dbapi
        self._timeout = timeout

    async def take_turn(self) -> None:
        try:
            async with asyncio.timeout(self._timeout):
                await self._turns.write_lock().acquire()
        except TimeoutError:
            raise sqlite3.OperationalError("database is locked") from None
        self.writing = True

    def end_turn(self) -> None:
        if self.writing:
            self.writing = False
            self._turns.write_lock().release()

    def commit(self) -> None:
        try:
            super().commit()
        finally:
            self.end_turn()

    def rollback(self) -> None:
        try:
            super().rollback()
        finally:
            self.end_turn()

    def close(self) -> None:
        try:
            super().close()
        finally:
            self.end_turn()

    def terminate(self) -> None:
        try:
            super().terminate()
        finally:
            self.end_turn()


class OneTripDBAPI(AsyncAdapt_aiosqlite_dbapi):
    """One per engine: its connections take turns to write."""

    def __init__(self, aiosqlite: Any, sqlite: Any) -> None:
        super().__init__(aiosqlite, sqlite)
        self._write_lock: asyncio.Lock | None = None

    def write_lock(self) -> asyncio.Lock:
        if self._write_lock is None:
            self._write_lock = asyncio.Lock()
        return self._write_lock

    def connect(self, *arg: Any, **kw: Any) -> AsyncAdapt_aiosqlite_connection:
        timeout = float(kw.get("timeout", 5.0))  # sqlite3's own default
        creator = kw.pop("async_creator_fn", None)
        if creator is not None:
            connection = creator(*arg, **kw)
        else:
            connection = self.aiosqlite.connect(*arg, **kw)
            connection._thread.daemon = True  # as SQLAlchemy's own: never holds the exit
        return OneTripConnection(self, await_(connection), timeout)


def one_trip_dbapi() -> OneTripDBAPI:
    return OneTripDBAPI(aiosqlite, sqlite3)
