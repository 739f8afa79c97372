"""The unit of work: one per update (and one per scheduled job). It owns one database session
and so at most one pool connection, held only while a transaction is open; a transaction never
spans a call to Telegram, because every use case ends its own.

What a use case causes beyond the database rides in the same transaction:
- messages to other people go to the outbox (`notify`), sent after commit;
- the conversation's state (the aiogram FSM, when kept in the database) is buffered here and
  written with the next commit, so a form step and the change it makes commit together, and
  a change that rolls back leaves the draft as it was.

`current()` is the unit of work of the update being handled (a context variable), which is
how the FSM storage finds it."""

from __future__ import annotations

from collections.abc import AsyncIterator, Callable
from contextlib import asynccontextmanager
from contextvars import ContextVar
from datetime import datetime
from typing import Any

from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from services.texts import Text, stored_params
from storage import outbox, repo
from storage.fsm import FsmRow, load_state, save_state

_current: ContextVar[UnitOfWork | None] = ContextVar("unit_of_work", default=None)


def current() -> UnitOfWork | None:
    return _current.get()


class Remembered:
    """Rows only this process writes, kept between updates: the conversation states and the
    people's own rows. Used when the process owns its database (SQLite, the embedded
    default); with PostgreSQL other instances write them too, and each update reads them (in
    one round trip). Bounded: past `limit` entries it starts afresh."""

    def __init__(self, limit: int = 200_000) -> None:
        self.limit = limit
        self.states: dict[str, FsmRow | None] = {}
        self.people: dict[int, repo.PersonRow] = {}

    def keep_states(self, rows: dict[str, FsmRow | None]) -> None:
        if len(self.states) + len(rows) > self.limit:
            self.states.clear()
        self.states.update(rows)

    def keep_person(self, user_id: int, row: repo.PersonRow) -> None:
        if len(self.people) >= self.limit:
            self.people.clear()
        self.people[user_id] = row


class UnitOfWork:
    """Made by a `Work` (`work.unit()`), whose database, clock, commit hook and remembered
    rows it uses."""

    def __init__(self, work: Work) -> None:
        self._remembered = work.remembered
        self._sessionmaker = work.sessionmaker
        self._clock = work.clock
        self._after_commit = work.after_commit
        self._session: AsyncSession | None = None
        self._depth = 0
        self._notices: list[dict[str, Any]] = []
        self._fsm: dict[str, FsmRow | None] = {}  # as committed (or loaded)
        self._fsm_pending: dict[str, FsmRow] = {}  # written since, not yet committed
        self.people: dict[int, repo.PersonRow] = {}  # loaded with the conversation state

    @property
    def session(self) -> AsyncSession:
        if self._session is None:
            self._session = self._sessionmaker()
        return self._session

    def now(self) -> datetime:
        return self._clock()

    @asynccontextmanager
    async def transaction(self) -> AsyncIterator[AsyncSession]:
        """A use case's transaction: committed at the end with its messages and the buffered
        conversation state, rolled back (with both) on an exception. Nested use cases share
        the outer one."""
        session = self.session
        if self._depth:
            self._depth += 1
            try:
                yield session
            finally:
                self._depth -= 1
            return
        self._depth = 1
        try:
            yield session
            await self._write_buffers(session)
            await session.commit()
        except BaseException:
            await session.rollback()
            self._notices.clear()
            self._fsm_pending.clear()
            raise
        finally:
            self._depth = 0
        self._committed()

    async def _write_buffers(self, session: AsyncSession) -> None:
        for key, row in self._fsm_pending.items():
            await save_state(session, key, row)
        await outbox.enqueue(session, self._notices)

    def _committed(self) -> None:
        self._fsm.update(self._fsm_pending)
        if self._remembered is not None and self._fsm_pending:
            self._remembered.keep_states(dict(self._fsm_pending))
        self._fsm_pending.clear()
        had_notices = bool(self._notices)
        self._notices.clear()
        if had_notices and self._after_commit is not None:
            self._after_commit()

    def notify(self, recipient_id: int, text: Text) -> None:
        """A message to someone, sent once this transaction commits, rendered in their
        language then (parameters that are texts too)."""
        if not self._depth:
            raise RuntimeError("notify() belongs inside a transaction")
        self._notices.append(
            {
                "recipient_id": recipient_id,
                "text_key": text.key,
                "params": stored_params(text.params),
                "created_at": self._clock(),
            }
        )

    # The conversation state, for the FSM storage.

    async def fsm_get(self, key: str, user_id: int | None = None) -> FsmRow | None:
        if key in self._fsm_pending:
            return self._fsm_pending[key]
        if key in self._fsm:
            return self._fsm[key]
        known = self._remembered
        if (
            known is not None
            and key in known.states
            and (user_id is None or user_id in known.people)
        ):
            if user_id is not None:
                self.people.setdefault(user_id, known.people[user_id])
            self._fsm[key] = known.states[key]
            return self._fsm[key]
        if self._depth:
            row = await load_state(self.session, key)
        else:
            # The first read of an update brings the person's own row along: one round trip.
            session = self.session
            try:
                if user_id is not None and user_id not in self.people:
                    self.people[user_id], row = await repo.load_person(session, user_id, key)
                else:
                    row = await load_state(session, key)
            finally:
                await session.rollback()  # a read: end it, give the connection back
        self._fsm[key] = row
        if known is not None:
            known.keep_states({key: row})
            if user_id is not None:
                known.keep_person(user_id, self.people[user_id])
        return row

    # The people's own rows, for `services.people`.

    async def person(self, user_id: int) -> repo.PersonRow:
        """The sender's row as the update found it (read with their state, remembered, or
        read now)."""
        row = self.people.get(user_id)
        if row is None and self._remembered is not None:
            row = self._remembered.people.get(user_id)
        if row is None:
            async with self.transaction() as session:
                row, _ = await repo.load_person(session, user_id)
            if self._remembered is not None:
                self._remembered.keep_person(user_id, row)
        self.people[user_id] = row
        return row

    def person_changed(self, user_id: int, row: repo.PersonRow | None = None) -> None:
        """A committed change to someone's row: remember the new one, or forget the old."""
        self.people.pop(user_id, None)
        if self._remembered is not None:
            self._remembered.people.pop(user_id, None)
            if row is not None:
                self._remembered.keep_person(user_id, row)
        if row is not None:
            self.people[user_id] = row

    def roles_changed(self) -> None:
        """Someone's roles changed: every remembered row's roles are stale."""
        self.people.clear()
        if self._remembered is not None:
            self._remembered.people.clear()

    def fsm_put(self, key: str, row: FsmRow) -> None:
        self._fsm_pending[key] = row

    async def finish(self) -> None:
        """The end of the update: what the handler left buffered is committed."""
        if self._fsm_pending or (self._session is not None and self._session.in_transaction()):
            async with self.transaction():
                pass

    async def discard(self) -> None:
        self._fsm_pending.clear()
        self._notices.clear()
        if self._session is not None:
            await self._session.rollback()

    async def close(self) -> None:
        if self._session is not None:
            await self._session.close()
            self._session = None

    @asynccontextmanager
    async def bound(self) -> AsyncIterator[UnitOfWork]:
        """This unit of work as the current one; committed leftovers at the end, discarded on
        an exception, closed either way."""
        token = _current.set(self)
        try:
            yield self
            await self.finish()
        except BaseException:
            await self.discard()
            raise
        finally:
            _current.reset(token)
            await self.close()


class Work:
    """Makes units of work: `work.unit()` for an update (the middleware binds it), and
    `async with work() as uow: ...` for what runs outside one (scheduled jobs, the CLI)."""

    def __init__(
        self,
        sessionmaker: async_sessionmaker[AsyncSession],
        clock: Callable[[], datetime],
        after_commit: Callable[[], None] | None = None,
        remembered: Remembered | None = None,
    ) -> None:
        self.sessionmaker = sessionmaker
        self.clock = clock
        self.after_commit = after_commit
        self.remembered = remembered

    def __call__(self) -> Any:
        return self.unit().bound()

    def unit(self) -> UnitOfWork:
        return UnitOfWork(self)
