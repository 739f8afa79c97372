"""aiogram FSM storage in our own database, so a half-filled form survives a restart."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from aiogram.fsm.state import State
from aiogram.fsm.storage.base import BaseStorage, DefaultKeyBuilder, KeyBuilder, StorageKey
from sqlalchemy import delete
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from storage.db import insert_for
from storage.models import FsmRecord


class SqlStorage(BaseStorage):
    def __init__(
        self, sessionmaker: async_sessionmaker[AsyncSession], key_builder: KeyBuilder | None = None
    ) -> None:
        self._sessionmaker = sessionmaker
        self._key_builder = key_builder or DefaultKeyBuilder(with_destiny=True)

    async def _load(self, key: StorageKey) -> FsmRecord | None:
        async with self._sessionmaker() as session:
            return await session.get(FsmRecord, self._key_builder.build(key))

    async def _save(self, key: StorageKey, state: str | None, data: dict[str, Any]) -> None:
        record_key = self._key_builder.build(key)
        async with self._sessionmaker() as session:
            if state is None and not data:
                # An empty conversation needs no row: keep the table small.
                await session.execute(delete(FsmRecord).where(FsmRecord.key == record_key))
            else:
                values = {"state": state, "data": data}
                statement = insert_for(session)(FsmRecord).values(key=record_key, **values)
                await session.execute(
                    statement.on_conflict_do_update(index_elements=[FsmRecord.key], set_=values)
                )
            await session.commit()

    async def set_state(self, key: StorageKey, state: str | State | None = None) -> None:
        value = state.state if isinstance(state, State) else state
        record = await self._load(key)
        await self._save(key, value, record.data if record else {})

    async def get_state(self, key: StorageKey) -> str | None:
        record = await self._load(key)
        return record.state if record else None

    async def set_data(self, key: StorageKey, data: Mapping[str, Any]) -> None:
        record = await self._load(key)
        await self._save(key, record.state if record else None, dict(data))

    async def get_data(self, key: StorageKey) -> dict[str, Any]:
        record = await self._load(key)
        return dict(record.data) if record else {}

    async def close(self) -> None:
        pass
