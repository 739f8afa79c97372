"""The unit of work: one per update (and one per scheduled job). It owns one database session
and so at most one pool connection, held only while a transaction is open; a transaction never
spans a call to Telegram, because every use case ends its own.

What a use case causes beyond the database rides in the same transaction, written by the
unit of work's buffers at commit and dropped on a rollback:
- messages to other people (`notify`), the outbox's rows, sent after commit;
- the conversation's state (`bot.fsm.Conversation`, attached by the bot for an update), so a
  form step and the change it makes commit together.
The people's own rows an update reads are kept by `services.rows.PersonRows`."""

from __future__ import annotations

from collections.abc import AsyncIterator, Callable
from contextlib import asynccontextmanager
from datetime import datetime
from typing import Any, Protocol

from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from services.rows import PersonRows, Remembered
from services.texts import Text, stored_params
from storage import outbox, repo


class Buffer(Protocol):
    """Something written in the commit of the next transaction, and dropped on a rollback."""

    @property
    def pending(self) -> bool: ...

    async def write(self, session: AsyncSession) -> None: ...

    def committed(self) -> None: ...

    def discarded(self) -> None: ...


class Notices:
    """The outbox's rows a transaction writes: a message to someone per `notify`."""

    def __init__(self, clock: Callable[[], datetime]) -> None:
        self._clock = clock
        self._rows: list[dict[str, Any]] = []

    @property
    def pending(self) -> bool:
        return bool(self._rows)

    def add(self, recipient_id: int, text: Text) -> None:
        self._rows.append(
            {
                "recipient_id": recipient_id,
                "text_key": text.key,
                "params": stored_params(text.params),
                "created_at": self._clock(),
            }
        )

    async def write(self, session: AsyncSession) -> None:
        await outbox.enqueue(session, self._rows)

    def committed(self) -> None:
        self._rows.clear()

    def discarded(self) -> None:
        self._rows.clear()


class UnitOfWork:
    """Made by a `Work` (`work.unit()`), whose database, clock, commit hook and remembered
    rows it uses."""

    def __init__(self, work: Work) -> None:
        self._sessionmaker = work.sessionmaker
        self._clock = work.clock
        self._after_commit = work.after_commit
        self._session: AsyncSession | None = None
        self._depth = 0
        self._notices = Notices(work.clock)
        self._buffers: list[Buffer] = [self._notices]
        self.rows = PersonRows(self, work.remembered)

    @property
    def session(self) -> AsyncSession:
        if self._session is None:
            self._session = self._sessionmaker()
        return self._session

    @property
    def in_transaction(self) -> bool:
        return self._depth > 0

    def now(self) -> datetime:
        return self._clock()

    @asynccontextmanager
    async def read(self) -> AsyncIterator[AsyncSession]:
        """A read outside any use case: inside the open transaction if there is one, else a
        short one that ends at once (rolled back: it wrote nothing), giving the connection
        back before the update goes on."""
        session = self.session
        if self._depth:
            yield session
            return
        try:
            yield session
        finally:
            await session.rollback()

    def attach(self, buffer: Buffer) -> None:
        """`buffer` is written with every commit of this unit of work from now on."""
        self._buffers.append(buffer)

    @asynccontextmanager
    async def transaction(self) -> AsyncIterator[AsyncSession]:
        """A use case's transaction: committed at the end with what the buffers hold, rolled
        back (with them) on an exception. Nested use cases share the outer one."""
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
            for buffer in self._buffers:
                await buffer.write(session)
            await session.commit()
        except BaseException:
            await session.rollback()
            for buffer in self._buffers:
                buffer.discarded()
            raise
        finally:
            self._depth = 0
        had_notices = self._notices.pending
        for buffer in self._buffers:
            buffer.committed()
        if had_notices and self._after_commit is not None:
            self._after_commit()

    def notify(self, recipient_id: int, text: Text) -> None:
        """A message to someone, sent once this transaction commits, rendered in their
        language then (parameters that are texts too)."""
        if not self._depth:
            raise RuntimeError("notify() belongs inside a transaction")
        self._notices.add(recipient_id, text)

    # The people's own rows, for `services.people` (kept by `self.rows`).

    async def person(self, user_id: int) -> repo.PersonRow:
        return await self.rows.get(user_id)

    def person_changed(self, user_id: int, row: repo.PersonRow | None = None) -> None:
        self.rows.changed(user_id, row)

    def roles_changed(self) -> None:
        self.rows.roles_changed()

    async def finish(self) -> None:
        """What is still buffered (or a transaction a read left open) is committed: at the
        end of an update, and before its replies go out."""
        open_read = self._session is not None and self._session.in_transaction()
        if not self._depth and (open_read or any(b.pending for b in self._buffers)):
            async with self.transaction():
                pass

    async def discard(self) -> None:
        for buffer in self._buffers:
            buffer.discarded()
        if self._session is not None:
            await self._session.rollback()

    async def close(self) -> None:
        if self._session is not None:
            await self._session.close()
            self._session = None

    @asynccontextmanager
    async def bound(self) -> AsyncIterator[UnitOfWork]:
        """Committed leftovers at the end, discarded on an exception, closed either way."""
        try:
            yield self
            await self.finish()
        except BaseException:
            await self.discard()
            raise
        finally:
            await self.close()


class Work:
    """Makes units of work: `work.unit()` for an update (a middleware binds it), and
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
