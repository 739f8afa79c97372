"""Delivering the outbox: messages written by committed changes are claimed, rendered in each
recipient's language and sent through the one paced sender, then marked. It runs in the
background of every instance: woken at once by a commit here, and every few seconds for what
another instance (or a stopped one) left behind. A claim keeps other instances off a message
while it is being sent; a stopping instance finishes the message in hand and gives the rest
back, so a stop loses nothing and sends nothing twice. Plan reminders are rows of the same
outbox: a person's claimed reminders go as one digest per kind (`bot.digests`), composed as
of the day they go."""

from __future__ import annotations

import asyncio
import contextlib
import logging
from collections import Counter, defaultdict
from dataclasses import dataclass
from datetime import timedelta
from typing import Any

from aiogram.types import InlineKeyboardButton, InlineKeyboardMarkup
from aiogram_i18n.cores import BaseCore
from sqlalchemy.exc import SQLAlchemyError
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from bot.digests import digest
from bot.render import rendered
from bot.sender import Outcome, Sender
from domain.clock import Clock
from domain.locales import resolve_locale
from services import delivery
from services.board import BUTTON
from services.plan.reminders import Digest
from services.uow import Work
from storage import outbox

log = logging.getLogger(__name__)


def render(core: BaseCore[Any], locale: str, message: outbox.Pending) -> str:
    params = {name: value for name, value in message.params.items() if name != BUTTON}
    return rendered(core, locale, message.text_key, params)


def button(
    core: BaseCore[Any], locale: str, message: outbox.Pending
) -> InlineKeyboardMarkup | None:
    """A URL button a row asks for (`services.board.BUTTON`), in the recipient's language."""
    wanted = message.params.get(BUTTON)
    if not isinstance(wanted, dict):
        return None
    label = core.get(wanted["key"], locale)
    url = str(wanted["url"]).replace("{locale}", locale)
    return InlineKeyboardMarkup(inline_keyboard=[[InlineKeyboardButton(text=label, url=url)]])


@dataclass(frozen=True, slots=True)
class _Letter:
    """What goes to one chat as one message: the rows it settles, and how to write it."""

    ids: list[int]
    first: outbox.Pending  # its recipient's languages
    digest: Digest | None  # None: the row's own text


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
        self.digests: Counter[str] = Counter()  # how the reminder digests went, by outcome

    def kick(self) -> None:
        """Something was committed to the outbox: deliver it now."""
        self._wake.set()

    async def deliver_pending(self, reminders_only: bool = False) -> int:
        """Send everything waiting now (claim by claim), or only the plan reminders; returns
        how many rows were handled."""
        handled = 0
        while not self._stopping:
            async with self._work() as uow:
                claimed = await delivery.claim_messages(
                    uow, self._holder, self._claim_for, self._batch, reminders_only
                )
            if not claimed:
                break
            handled += await self._deliver(claimed)
        return handled

    async def _letters(self, claimed: list[outbox.Pending]) -> list[_Letter]:
        """The claimed rows as messages: each plain row alone, a person's reminders as one
        digest per kind (reminders settled by now are marked so and make none)."""
        letters = [_Letter([m.id], m, None) for m in claimed if m.dedupe_key is None]
        reminders = [m for m in claimed if m.dedupe_key is not None]
        if reminders:
            by_id = {m.id: m for m in reminders}
            async with self._work() as uow:
                outgoing = await delivery.digests(uow, reminders)
            letters += [_Letter(d.ids, by_id[d.ids[0]], d.digest) for d in outgoing]
        return letters

    def _write(self, letter: _Letter) -> tuple[str, InlineKeyboardMarkup | None]:
        first = letter.first
        locale = resolve_locale(first.language, first.telegram_language, self._default_locale)
        if letter.digest is not None:
            return digest(self._core, locale, letter.digest)
        return render(self._core, locale, first), button(self._core, locale, first)

    async def _deliver(self, claimed: list[outbox.Pending]) -> int:
        settled = {m.id for m in claimed}
        by_chat: dict[int, list[_Letter]] = defaultdict(list)
        for letter in await self._letters(claimed):
            by_chat[letter.first.recipient_id].append(letter)
            settled -= set(letter.ids)  # what is left was settled in composing
        done: list[int] = list(settled)

        async def chat(letters: list[_Letter]) -> None:
            for letter in letters:  # one chat's messages in the order they were caused
                if self._stopping:
                    return
                text, markup = self._write(letter)
                outcome = await self._sender.send_long(letter.first.recipient_id, text, markup)
                await self._mark(letter.ids, outcome)
                if letter.digest is not None:
                    self.digests[str(outcome)] += 1
                done.extend(letter.ids)

        await asyncio.gather(*(chat(letters) for letters in by_chat.values()))
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
