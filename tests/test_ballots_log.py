"""A whole round as a log would keep it, with statement logging on (SQLAlchemy's engine log at
INFO with its parameters, as PostgreSQL's `log_statement` would write them) and a vote that
fails while the database is locked (logged with its traceback): no statement and no log line
carries a voter's Telegram id beside a candidate, a voter key or a receipt."""

from __future__ import annotations

import asyncio
import logging
import sqlite3
from collections.abc import AsyncIterator
from typing import Any

import asyncpg
import pytest
from sqlalchemy import event, select
from sqlalchemy.engine import make_url
from sqlalchemy.ext.asyncio import AsyncEngine, create_async_engine

from bot.callbacks import VoteCb
from config import Settings
from domain.voting import voter_key
from storage.db import create_engine, migrate
from storage.vote_tables import Ballot
from tests.fixtures.vote import PEOPLE, verified
from tests.flows import t
from tests.harness import VOTE_SECRET

pytestmark = pytest.mark.sql  # also run on PostgreSQL: see the Makefile's `test`

SECRET = VOTE_SECRET.encode()
VOTERS = (7_100_000_001, 7_100_000_002, 7_100_000_003)  # ids no other number in a log matches
LOCK_WAIT_MS = 200


@pytest.fixture
async def engine(settings: Settings) -> AsyncIterator[AsyncEngine]:
    """The production engine, but giving up on a lock after a moment instead of 30 s."""
    url = make_url(settings.database_url)
    if url.get_backend_name() == "sqlite":
        made = create_engine(settings.database_url)

        @event.listens_for(made.sync_engine, "connect")
        def _wait_briefly(dbapi_connection: Any, _record: Any) -> None:
            dbapi_connection.execute(f"PRAGMA busy_timeout={LOCK_WAIT_MS}")

    else:
        made = create_async_engine(
            url, connect_args={"server_settings": {"lock_timeout": str(LOCK_WAIT_MS)}}
        )
    await migrate(made)
    yield made
    await made.dispose()


class Statements:
    """Every statement the database is sent, with its parameters."""

    def __init__(self, engine: AsyncEngine) -> None:
        self.seen: list[tuple[str, str]] = []
        event.listen(engine.sync_engine, "before_cursor_execute", self.record)

    def record(self, _conn: Any, _cursor: Any, statement: str, params: Any, *_: Any) -> None:
        self.seen.append((statement, repr(params)))


async def hold_write_lock(settings: Settings, held: asyncio.Event, release: asyncio.Event):
    """Another process holding the database's write lock (SQLite) or the ballots table's
    lock (PostgreSQL) until `release`."""
    url = make_url(settings.database_url)
    if url.get_backend_name() == "sqlite":
        database = sqlite3.connect(url.database, isolation_level=None)
        database.execute("BEGIN IMMEDIATE")
        held.set()
        await release.wait()
        database.execute("ROLLBACK")
        database.close()
        return
    dsn = url.set(drivername="postgresql").render_as_string(hide_password=False)
    connection = await asyncpg.connect(dsn)
    transaction = connection.transaction()
    await transaction.start()
    await connection.execute("LOCK TABLE ballots IN ACCESS EXCLUSIVE MODE")
    held.set()
    await release.wait()
    await transaction.rollback()
    await connection.close()


async def test_a_rounds_log_holds_no_telegram_id_beside_a_candidate(
    app, texts, sessionmaker, engine, settings, voting, caplog
):
    vote_round, wg = voting
    caplog.set_level(logging.DEBUG)
    caplog.set_level(logging.INFO, logger="sqlalchemy.engine")  # statements and parameters
    statements = Statements(engine)

    for number, user_id in enumerate(VOTERS):
        voter, card = await verified(app, texts, user_id, "ru", phone=f"+7701888000{number}")
        for nomination_id in (1, 2 + number):
            data = VoteCb(round_id=vote_round.id, nomination_id=nomination_id, cast=True).pack()
            await voter.press_data(data, on=card)
        await voter.press(t(texts, "ru", "receipts-button"))
        withdraw = VoteCb(round_id=vote_round.id, nomination_id=1, cast=False).pack()
        await voter.press_data(withdraw, on=card)

    # A vote while the database is locked fails, and is logged with its traceback.
    held, release = asyncio.Event(), asyncio.Event()
    holder = asyncio.create_task(hold_write_lock(settings, held, release))
    await held.wait()
    voter = app.person(VOTERS[0], language_code="ru")
    voter.deliver = None  # the outbox waits for the lock to go, as the postman would
    data = VoteCb(round_id=vote_round.id, nomination_id=6, cast=True).pack()
    try:
        await voter.press_data(data, on=card)
    finally:
        release.set()
        await holder
    assert voter.last_answer.text == t(texts, "ru", "error-unexpected")
    failures = [r for r in caplog.records if r.getMessage().endswith("failed") and r.exc_info]
    assert failures, "the locked vote was not logged"

    await wg.send("/round")
    await wg.press(t(texts, "en", "round-close"))
    await wg.press(t(texts, "en", "round-close-confirm"))

    async with sessionmaker() as session:
        ballots = (await session.scalars(select(Ballot))).all()
    assert len(ballots) == len(VOTERS)  # one each left after the withdrawals; none locked
    keys = {voter_key(SECRET, vote_round.id, user_id) for user_id in VOTERS}
    receipts = {ballot.receipt for ballot in ballots}
    names = [name for name, *_ in PEOPLE]
    ids = [str(user_id) for user_id in VOTERS]

    # No statement binds a Telegram id beside a ballot, a voter key or a receipt.
    assert any(str(VOTERS[0]) in params for _, params in statements.seen)
    assert any("ballots" in sql for sql, _ in statements.seen)
    for sql, params in statements.seen:
        if any(user_id in params for user_id in ids):
            assert "ballots" not in sql and "round_candidates" not in sql, (sql, params)
            assert not any(key in params for key in keys | receipts), (sql, params)

    # No log line (with its traceback) holds a Telegram id beside any of those, a candidate's
    # name or a vote button's data.
    logged = [caplog.handler.format(record) for record in caplog.records]
    assert any("INSERT INTO ballots" in line for line in logged)  # statements were logged
    markers = [*keys, *receipts, *names, "INTO ballots", "FROM ballots", "vt:"]
    for line in logged:
        if any(user_id in line for user_id in ids):
            assert not [marker for marker in markers if marker in line], line
