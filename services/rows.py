"""Rows an update reads of its sender, kept so that a crowd costs one query per update or none:

- `PersonRows`: per unit of work, the people's own rows as the update read them (with the
  conversation state, in one round trip: `bot.fsm.Conversation`), or read now;
- `Remembered`: per process, the conversation states and people's rows that only this process
  writes, kept between updates. Used when the process owns its database (SQLite, the
  embedded default); with PostgreSQL other instances write them too, and each update reads
  them. Bounded in size and in time: past `limit` people the least recently used go first,
  and whoever has been quiet for `ttl` seconds is forgotten (their next update reads their
  rows again, one query, as on PostgreSQL), so a crowd that came once is not kept."""

from __future__ import annotations

import time
from collections.abc import Callable
from typing import TYPE_CHECKING

from cachetools import TTLCache

from storage import repo
from storage.fsm import FsmRow

if TYPE_CHECKING:
    from services.uow import UnitOfWork


class Remembered:
    def __init__(
        self,
        limit: int = 10_000,
        ttl: float = 600.0,
        timer: Callable[[], float] = time.monotonic,
    ) -> None:
        self.states: TTLCache[str, FsmRow | None] = TTLCache(limit, ttl, timer)
        self.people: TTLCache[int, repo.PersonRow] = TTLCache(limit, ttl, timer)


class PersonRows:
    def __init__(self, uow: UnitOfWork, remembered: Remembered | None) -> None:
        self._uow = uow
        self.remembered = remembered
        self._rows: dict[int, repo.PersonRow] = {}

    def keep(self, user_id: int, row: repo.PersonRow) -> None:
        """The sender's row as read (with their state) by this update."""
        self._rows[user_id] = row
        if self.remembered is not None:
            self.remembered.people[user_id] = row

    def known(self, user_id: int) -> repo.PersonRow | None:
        row = self._rows.get(user_id)
        if row is None and self.remembered is not None:
            row = self.remembered.people.get(user_id)
        return row

    async def get(self, user_id: int) -> repo.PersonRow:
        """The sender's row as the update found it (read with their state, remembered, or
        read now)."""
        row = self.known(user_id)
        if row is None:
            async with self._uow.transaction() as session:
                row, _ = await repo.load_person(session, user_id)
            self.keep(user_id, row)
        self._rows[user_id] = row
        return row

    def changed(self, user_id: int, row: repo.PersonRow | None = None) -> None:
        """A committed change to someone's row: remember the new one, or forget the old."""
        self._rows.pop(user_id, None)
        if self.remembered is not None:
            self.remembered.people.pop(user_id, None)
        if row is not None:
            self.keep(user_id, row)

    def roles_changed(self) -> None:
        """Someone's roles changed: every remembered row's roles are stale."""
        self._rows.clear()
        if self.remembered is not None:
            self.remembered.people.clear()
