"""The one way the bot broadcasts: paced to Telegram's limits (about 30 messages a second
overall, one a second per chat), waiting out RetryAfter, retrying network errors with
backoff, and marking a person who blocked the bot instead of failing the whole run.

Time comes in through `monotonic` and `sleep`, so tests run it on a fake clock."""

from __future__ import annotations

import asyncio
import logging
import time
from collections.abc import Awaitable, Callable, Iterable
from dataclasses import dataclass
from enum import StrEnum
from typing import Any

from aiogram import Bot
from aiogram.exceptions import (
    TelegramBadRequest,
    TelegramForbiddenError,
    TelegramNetworkError,
    TelegramRetryAfter,
    TelegramServerError,
)

log = logging.getLogger(__name__)


class Outcome(StrEnum):
    SENT = "sent"
    BLOCKED = "blocked"
    FAILED = "failed"


@dataclass(frozen=True, slots=True)
class Message:
    chat_id: int
    text: str


class Sender:
    def __init__(
        self,
        bot: Bot,
        per_second: float = 30.0,
        per_chat_interval: float = 1.0,
        retries: int = 5,
        concurrency: int = 20,
        monotonic: Callable[[], float] = time.monotonic,
        sleep: Callable[[float], Awaitable[Any]] = asyncio.sleep,
        on_blocked: Callable[[int], Awaitable[Any]] | None = None,
    ) -> None:
        self._bot = bot
        self._interval = 1.0 / per_second
        self._per_chat = per_chat_interval
        self._retries = retries
        self._concurrency = concurrency
        self._monotonic = monotonic
        self._sleep = sleep
        self._on_blocked = on_blocked
        self._next_slot = 0.0
        self._chat_next: dict[int, float] = {}
        self._lock = asyncio.Lock()

    async def _wait_for_slot(self, chat_id: int) -> None:
        """Wait until this chat may get a message, then take the next overall slot.

        A chat that must wait (RetryAfter, or one message a second) takes no slot while it
        waits, so it holds nobody else back."""
        while (pause := self._chat_next.get(chat_id, 0.0) - self._monotonic()) > 0:
            await self._sleep(pause)
        async with self._lock:
            now = self._monotonic()
            slot = max(now, self._next_slot)
            self._next_slot = slot + self._interval
            self._chat_next[chat_id] = slot + self._per_chat
        if slot > now:
            await self._sleep(slot - now)

    async def send(self, chat_id: int, text: str, **kwargs: Any) -> Outcome:
        backoff = 0.5
        for attempt in range(self._retries + 1):
            await self._wait_for_slot(chat_id)
            try:
                await self._bot.send_message(chat_id, text, **kwargs)
                return Outcome.SENT
            except TelegramRetryAfter as error:
                # Telegram names the wait; this chat waits it out, the others go on.
                async with self._lock:
                    later = self._monotonic() + error.retry_after
                    self._chat_next[chat_id] = max(self._chat_next.get(chat_id, 0.0), later)
            except (TelegramNetworkError, TelegramServerError) as error:
                if attempt == self._retries:
                    log.warning("giving up on %s after %d tries: %s", chat_id, attempt + 1, error)
                    return Outcome.FAILED
                await self._sleep(backoff)
                backoff = min(backoff * 2, 30.0)
            except TelegramForbiddenError:
                log.info("%s has blocked the bot", chat_id)
                if self._on_blocked is not None:
                    await self._on_blocked(chat_id)
                return Outcome.BLOCKED
            except TelegramBadRequest as error:
                log.warning("cannot send to %s: %s", chat_id, error)
                return Outcome.FAILED
        return Outcome.FAILED

    async def send_many(self, messages: Iterable[Message]) -> list[Outcome]:
        """Send them all, several at a time within the limits; outcomes in the same order."""
        gate = asyncio.Semaphore(self._concurrency)

        async def one(message: Message) -> Outcome:
            async with gate:
                return await self.send(message.chat_id, message.text)

        return list(await asyncio.gather(*(one(message) for message in messages)))
