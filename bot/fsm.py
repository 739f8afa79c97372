"""aiogram's FSM storage over our database. An update's conversation state is read with the
person's row (one round trip) and buffered by `Conversation`, which its unit of work writes
with the next commit: a form step commits with the change it goes with, and one update holds
one pool connection at most. Outside an update (a test, a job) each call is a short unit of
work of its own."""

from __future__ import annotations

import asyncio
import copy
from collections.abc import AsyncIterator, Hashable, Mapping
from contextlib import AbstractAsyncContextManager, asynccontextmanager
from contextvars import ContextVar
from typing import Any

from aiogram.fsm.state import State
from aiogram.fsm.storage.base import (
    BaseEventIsolation,
    BaseStorage,
    DefaultKeyBuilder,
    KeyBuilder,
    StorageKey,
)
from sqlalchemy.ext.asyncio import AsyncSession

from services.uow import UnitOfWork, Work
from storage import repo
from storage.fsm import FsmRow, load_state, save_state

_UNKNOWN: Any = object()  # not remembered (a remembered state may be None: no row)
_current: ContextVar[Conversation | None] = ContextVar("conversation", default=None)


def current_conversation() -> Conversation | None:
    """The conversation of the update being handled, if any."""
    return _current.get()


class Conversation:
    """The conversation states one unit of work reads and writes: as committed (or loaded),
    and as written since, not yet committed."""

    def __init__(self, uow: UnitOfWork) -> None:
        self.uow = uow
        self._loaded: dict[str, FsmRow | None] = {}
        self._written: dict[str, FsmRow] = {}
        uow.attach(self)

    @asynccontextmanager
    async def bound(self) -> AsyncIterator[Conversation]:
        """This conversation as the one the FSM storage uses, for the update being handled."""
        token = _current.set(self)
        try:
            yield self
        finally:
            _current.reset(token)

    async def get(self, key: str, user_id: int | None = None) -> FsmRow | None:
        if key in self._written:
            return self._written[key]
        if key in self._loaded:
            return self._loaded[key]
        rows = self.uow.rows
        known = rows.remembered
        # One look each (an entry may expire between two): a state remembered as absent is None.
        remembered = known.states.get(key, _UNKNOWN) if known is not None else _UNKNOWN
        if remembered is not _UNKNOWN:
            person = rows.known(user_id) if user_id is not None else None
            if user_id is None or person is not None:
                if person is not None and user_id is not None:
                    rows.keep(user_id, person)
                self._loaded[key] = remembered
                return remembered
        row = await self._read(key, user_id)
        self._loaded[key] = row
        if known is not None:
            known.states[key] = row
        return row

    async def _read(self, key: str, user_id: int | None) -> FsmRow | None:
        async with self.uow.read() as session:
            # The first read of an update brings the person's own row along: one round trip.
            if (
                not self.uow.in_transaction
                and user_id is not None
                and self.uow.rows.known(user_id) is None
            ):
                person, row = await repo.load_person(session, user_id, key)
                self.uow.rows.keep(user_id, person)
                return row
            return await load_state(session, key)

    def put(self, key: str, row: FsmRow) -> None:
        self._written[key] = row

    # What the unit of work asks of a buffer.

    @property
    def pending(self) -> bool:
        return bool(self._written)

    async def write(self, session: AsyncSession) -> None:
        for key, row in self._written.items():
            await save_state(session, key, row, self.uow.now())

    def committed(self) -> None:
        self._loaded.update(self._written)
        known = self.uow.rows.remembered
        if known is not None:
            for key, row in self._written.items():
                known.states[key] = row
        self._written.clear()

    def discarded(self) -> None:
        self._written.clear()


class SqlStorage(BaseStorage):
    def __init__(self, work: Work, key_builder: KeyBuilder | None = None) -> None:
        self._units = work
        self._key_builder = key_builder or DefaultKeyBuilder(with_destiny=True)

    @asynccontextmanager
    async def _conversation(self) -> AsyncIterator[Conversation]:
        conversation = _current.get()
        if conversation is not None:
            yield conversation
            return
        uow = self._units.unit()
        try:
            yield Conversation(uow)
            await uow.finish()
        finally:
            await uow.close()

    async def _row(self, conversation: Conversation, key: StorageKey) -> FsmRow:
        return await conversation.get(self._key_builder.build(key), key.user_id) or FsmRow()

    async def set_state(self, key: StorageKey, state: str | State | None = None) -> None:
        value = state.state if isinstance(state, State) else state
        async with self._conversation() as conversation:
            row = await self._row(conversation, key)
            conversation.put(self._key_builder.build(key), FsmRow(value, row.data))

    async def get_state(self, key: StorageKey) -> str | None:
        async with self._conversation() as conversation:
            return (await self._row(conversation, key)).state

    async def set_data(self, key: StorageKey, data: Mapping[str, Any]) -> None:
        async with self._conversation() as conversation:
            row = await self._row(conversation, key)
            conversation.put(self._key_builder.build(key), FsmRow(row.state, dict(data)))

    async def get_data(self, key: StorageKey) -> dict[str, Any]:
        async with self._conversation() as conversation:
            # A copy all the way down: a handler changing it changes nothing until set_data.
            return copy.deepcopy((await self._row(conversation, key)).data)

    async def close(self) -> None:
        pass


class PersonLocks(BaseEventIsolation):
    """One update per person at a time, in this process (aiogram's `SimpleEventIsolation`
    without its leak: that one keeps a lock for every person ever seen). A person's lock
    exists only while one of their updates holds it or waits for it, and goes with the last
    of them, so what is kept is bounded by the updates in flight, never by the people seen;
    a lock held or waited for is never dropped."""

    def __init__(self) -> None:
        self._locks: dict[Hashable, tuple[asyncio.Lock, int]] = {}  # lock, updates using it

    def __len__(self) -> int:
        return len(self._locks)

    @asynccontextmanager
    async def lock(self, key: StorageKey) -> AsyncIterator[None]:
        lock, users = self._locks.get(key) or (asyncio.Lock(), 0)
        self._locks[key] = (lock, users + 1)
        try:
            async with lock:
                yield
        finally:
            entry = self._locks.get(key)
            if entry is not None and entry[0] is lock:  # (not cleared by `close` meanwhile)
                users = entry[1] - 1
                if users:
                    self._locks[key] = (lock, users)
                else:
                    del self._locks[key]

    async def close(self) -> None:
        self._locks.clear()


class PersonTurn:
    """One person's turn: their lock of the event isolation, held while their update runs,
    which a press's reply waiting for its slot lets go of and takes back (`let_go`). Once
    the update is over, `let_go` does nothing (a task the update started may still send)."""

    def __init__(self, isolation: BaseEventIsolation, key: StorageKey) -> None:
        self._isolation = isolation
        self._key = key
        self._held: AbstractAsyncContextManager[Any] | None = None
        self._over = False

    async def __aenter__(self) -> PersonTurn:
        held = self._isolation.lock(key=self._key)
        await held.__aenter__()
        self._held = held
        return self

    async def __aexit__(self, *error: Any) -> None:
        self._over = True
        await self._give(*error)

    async def _give(self, *error: Any) -> None:
        held, self._held = self._held, None
        if held is not None:
            await held.__aexit__(*(error or (None, None, None)))

    @asynccontextmanager
    async def let_go(self) -> AsyncIterator[None]:
        if self._held is None:  # the update is over, or has let go already
            yield
            return
        await self._give()
        try:
            yield
        finally:
            if not self._over:
                await self.__aenter__()
