"""aiogram's FSM storage over our database, through the unit of work: the state of the update's
own conversation is read with the person's row (one round trip), and a change is buffered and
committed with the use case it goes with, so one update holds one pool connection at most.
Outside an update (a test, a job) each call is a short transaction of its own."""

from __future__ import annotations

import copy
from collections.abc import AsyncIterator, Mapping
from contextlib import asynccontextmanager
from typing import Any

from aiogram.fsm.state import State
from aiogram.fsm.storage.base import BaseStorage, DefaultKeyBuilder, KeyBuilder, StorageKey

from services.uow import UnitOfWork, Work, current
from storage.fsm import FsmRow


class SqlStorage(BaseStorage):
    def __init__(self, work: Work, key_builder: KeyBuilder | None = None) -> None:
        self._units = work
        self._key_builder = key_builder or DefaultKeyBuilder(with_destiny=True)

    @asynccontextmanager
    async def _work(self) -> AsyncIterator[UnitOfWork]:
        uow = current()
        if uow is not None:
            yield uow
            return
        uow = self._units.unit()
        try:
            yield uow
            await uow.finish()
        finally:
            await uow.close()

    async def _row(self, uow: UnitOfWork, key: StorageKey) -> FsmRow:
        return await uow.fsm_get(self._key_builder.build(key), key.user_id) or FsmRow()

    async def set_state(self, key: StorageKey, state: str | State | None = None) -> None:
        value = state.state if isinstance(state, State) else state
        async with self._work() as uow:
            row = await self._row(uow, key)
            uow.fsm_put(self._key_builder.build(key), FsmRow(value, row.data))

    async def get_state(self, key: StorageKey) -> str | None:
        async with self._work() as uow:
            return (await self._row(uow, key)).state

    async def set_data(self, key: StorageKey, data: Mapping[str, Any]) -> None:
        async with self._work() as uow:
            row = await self._row(uow, key)
            uow.fsm_put(self._key_builder.build(key), FsmRow(row.state, dict(data)))

    async def get_data(self, key: StorageKey) -> dict[str, Any]:
        async with self._work() as uow:
            # A copy all the way down: a handler changing it changes nothing until set_data.
            return copy.deepcopy((await self._row(uow, key)).data)

    async def close(self) -> None:
        pass
