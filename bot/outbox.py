"""Delivering the outbox: messages written by committed changes are claimed, rendered in each
recipient's language and sent through the one paced sender, then marked. It runs in the
background of every instance: woken at once by a commit here, and every few seconds for what
another instance (or a stopped one) left behind. A claim keeps other instances off a message
while it is being sent; a stopping instance finishes the message in hand and gives the rest
back, so a stop loses nothing and sends nothing twice."""

from __future__ import annotations

import asyncio
import contextlib
import logging
from collections import defaultdict
from datetime import timedelta
from typing import Any

from aiogram_i18n.cores import BaseCore
from sqlalchemy.exc import SQLAlchemyError
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from bot.render import rendered
from bot.sender import Outcome, Sender
from domain.clock import Clock
from domain.locales import resolve_locale
from services import delivery
from services.uow import Work
from storage import outbox

log = logging.getLogger(__name__)


def render(core: BaseCore[Any], locale: str, message: outbox.Pending) -> str:
    return rendered(core, locale, message.text_key, message.params)


class Postman:
    def __init__(
        self,
        sessionmaker: async_sessionmaker[AsyncSession],
        sender: Sender,
        core: BaseCore[Any],
        default_locale: str,
        holder: str,
        clock: Clock,
        batch: int = 50,
        claim_for: timedelta = timedelta(minutes=2),
        poll_every: float = 5.0,
    ) -> None:
        self._work = Work(sessionmaker, clock)
        self._sender = sender
        self._core = core
        self._default_locale = default_locale
        self._holder = holder
        self._clock = clock
        self._batch = batch
        self._claim_for = claim_for
        self._poll_every = poll_every
        self._wake = asyncio.Event()
        self._stopping = False
        self._task: asyncio.Task[None] | None = None

    def kick(self) -> None:
        """Something was committed to the outbox: deliver it now."""
        self._wake.set()

    async def deliver_pending(self) -> int:
        """Send everything waiting now (claim by claim); returns how many were handled."""
        handled = 0
        while not self._stopping:
            async with self._work() as uow:
                claimed = await delivery.claim_messages(
                    uow, self._holder, self._claim_for, self._batch
                )
            if not claimed:
                break
            handled += await self._deliver(claimed)
        return handled

    async def _deliver(self, claimed: list[outbox.Pending]) -> int:
        by_chat: dict[int, list[outbox.Pending]] = defaultdict(list)
        for message in claimed:
            by_chat[message.recipient_id].append(message)
        done: list[int] = []

        async def chat(messages: list[outbox.Pending]) -> None:
            for message in messages:  # one chat's messages in the order they were caused
                if self._stopping:
                    return
                locale = resolve_locale(
                    message.language, message.telegram_language, self._default_locale
                )
                text = render(self._core, locale, message)
                outcome = await self._sender.send_long(message.recipient_id, text)
                await self._mark([message.id], outcome)
                done.append(message.id)

        await asyncio.gather(*(chat(messages) for messages in by_chat.values()))
        left = [m.id for m in claimed if m.id not in set(done)]
        if left:
            async with self._work() as uow:
                await delivery.give_back(uow, left, self._holder)
        return len(done)

    async def _mark(self, ids: list[int], outcome: Outcome) -> None:
        async with self._work() as uow:
            await delivery.mark_sent(uow, ids, outcome)

    async def run(self) -> None:
        while not self._stopping:
            self._wake.clear()
            try:
                await self.deliver_pending()
            except (SQLAlchemyError, OSError) as error:  # the database is away: try later
                log.warning("outbox: cannot deliver now: %s", error)
            with contextlib.suppress(TimeoutError):
                await asyncio.wait_for(self._wake.wait(), self._poll_every)

    def start(self) -> None:
        self._stopping = False
        self._task = asyncio.create_task(self.run(), name="outbox")

    async def stop(self, grace: float = 30.0) -> None:
        """Finish the message in hand, give back the rest of the claim, stop."""
        self._stopping = True
        self._wake.set()
        if self._task is None:
            return
        try:
            await asyncio.wait_for(asyncio.shield(self._task), grace)
        except TimeoutError:
            log.warning("outbox: still sending after %.0f s, stopping anyway", grace)
            self._task.cancel()
            with contextlib.suppress(asyncio.CancelledError):
                await self._task
        self._task = None
