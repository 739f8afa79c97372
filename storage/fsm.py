"""The conversations' state (aiogram FSM) in our own database, so a half-filled form survives
a restart. The aiogram side is `bot.fsm.SqlStorage`; it reads and writes through the unit of
work, so a state change commits with the change it goes with."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from sqlalchemy import delete, select
from sqlalchemy.ext.asyncio import AsyncSession

from storage.db import insert_for
from storage.models import FsmRecord


@dataclass(frozen=True, slots=True)
class FsmRow:
    state: str | None = None
    data: dict[str, Any] = field(default_factory=dict)

    @property
    def empty(self) -> bool:
        return self.state is None and not self.data


async def load_state(session: AsyncSession, key: str) -> FsmRow | None:
    row = (
        await session.execute(select(FsmRecord.state, FsmRecord.data).where(FsmRecord.key == key))
    ).first()
    return FsmRow(row.state, dict(row.data or {})) if row else None


async def save_state(session: AsyncSession, key: str, row: FsmRow, now: datetime) -> None:
    """Writes a conversation's state; `now` dates it, for DRAFT_DAYS."""
    if row.empty:  # an empty conversation needs no row: keep the table small
        await session.execute(delete(FsmRecord).where(FsmRecord.key == key))
        return
    values = {"state": row.state, "data": row.data, "updated_at": now}
    statement = insert_for(session)(FsmRecord).values(key=key, **values)
    await session.execute(
        statement.on_conflict_do_update(index_elements=[FsmRecord.key], set_=values)
    )
