"""Every message the bot sends keeps Telegram's limits (about 30 messages a second overall,
one a second per chat for broadcasts), in one place:

- `Pacer` hands out the overall slots, shared by replies and broadcasts;
- `FloodControl`, a middleware of the Bot API session, gives each reply a slot, sends again
  what Telegram answers with 429 after the time it asks, and takes «message is not modified»
  (a double tap redrawing the same card) as the success it is;
- `Sender` broadcasts (the outbox, reminders): one message a second per chat, RetryAfter
  waited out for that chat only, network errors retried with backoff, a person who blocked
  the bot marked instead of failing the whole run.

Time comes in through `monotonic` and `sleep`, so tests run it on a fake clock."""

from __future__ import annotations

import asyncio
import logging
import time
from collections.abc import Awaitable, Callable, Iterable
from contextvars import ContextVar
from dataclasses import dataclass
from enum import StrEnum
from typing import Any

from aiogram import Bot
from aiogram.client.session.middlewares.base import (
    BaseRequestMiddleware,
    NextRequestMiddlewareType,
)
from aiogram.exceptions import (
    TelegramBadRequest,
    TelegramForbiddenError,
    TelegramNetworkError,
    TelegramRetryAfter,
    TelegramServerError,
)
from aiogram.methods import TelegramMethod
from aiogram.methods.base import TelegramType
from aiogram.types import InlineKeyboardMarkup

from bot.render import split_message

log = logging.getLogger(__name__)
Sleep = Callable[[float], Awaitable[Any]]
# Set while the Sender makes a call: it paces and retries on its own, per chat.
_broadcasting: ContextVar[bool] = ContextVar("broadcasting", default=False)
# Methods that put a message in a chat, and so count against the limits.
_MESSAGE_METHODS = ("Send", "Edit", "Copy", "Forward")
REPLY_RETRIES = 5


class Pacer:
    """Slots at `per_second` overall and one per `per_chat` seconds in each chat. A chat that
    must wait takes no overall slot while it waits, so it holds nobody else back."""

    def __init__(
        self,
        per_second: float = 30.0,
        per_chat: float = 1.0,
        monotonic: Callable[[], float] = time.monotonic,
        sleep: Sleep = asyncio.sleep,
    ) -> None:
        self._interval = 1.0 / per_second
        self._per_chat = per_chat
        self.monotonic = monotonic
        self.sleep = sleep
        self._next_slot = 0.0
        self._chat_next: dict[int, float] = {}

    async def overall(self) -> None:
        now = self.monotonic()
        slot = max(now, self._next_slot)
        self._next_slot = slot + self._interval
        if slot > now:
            await self.sleep(slot - now)

    async def for_chat(self, chat_id: int) -> None:
        while (pause := self._chat_next.get(chat_id, 0.0) - self.monotonic()) > 0:
            await self.sleep(pause)
        now = self.monotonic()
        slot = max(now, self._next_slot)
        self._next_slot = slot + self._interval
        self._chat_next[chat_id] = slot + self._per_chat
        if len(self._chat_next) > 100_000:  # forget chats whose pause is long over
            self._chat_next = {c: t for c, t in self._chat_next.items() if t > now}
        if slot > now:
            await self.sleep(slot - now)

    def hold_chat(self, chat_id: int, seconds: float) -> None:
        later = self.monotonic() + seconds
        self._chat_next[chat_id] = max(self._chat_next.get(chat_id, 0.0), later)


def _is_message(method: TelegramMethod[Any]) -> bool:
    return type(method).__name__.startswith(_MESSAGE_METHODS)


class FloodControl(BaseRequestMiddleware):
    """The one place every reply passes: paced, sent again after a 429, and «message is not
    modified» answered as done."""

    def __init__(self, pacer: Pacer, retries: int = REPLY_RETRIES) -> None:
        self._pacer = pacer
        self._retries = retries

    async def __call__(
        self,
        make_request: NextRequestMiddlewareType[TelegramType],
        bot: Bot,
        method: TelegramMethod[TelegramType],
    ) -> Any:
        if _broadcasting.get():
            return await make_request(bot, method)
        paced = _is_message(method)
        for attempt in range(self._retries + 1):
            if paced:
                await self._pacer.overall()
            try:
                return await make_request(bot, method)
            except TelegramRetryAfter as error:
                if attempt == self._retries:
                    raise
                # The method's name and chat only: its fields carry texts with links and cards.
                log.info(
                    "Telegram asks to wait %d s before %s to chat %s",
                    error.retry_after,
                    type(method).__name__,
                    getattr(method, "chat_id", None),
                )
                await self._pacer.sleep(error.retry_after)
            except TelegramBadRequest as error:
                if "message is not modified" in error.message:
                    return True  # the message already shows what was asked
                raise
        raise AssertionError("unreachable")  # pragma: no cover


class Outcome(StrEnum):
    SENT = "sent"
    BLOCKED = "blocked"
    FAILED = "failed"


@dataclass(frozen=True, slots=True)
class Message:
    chat_id: int
    text: str
    reply_markup: InlineKeyboardMarkup | None = None


class Sender:
    def __init__(
        self,
        bot: Bot,
        per_second: float = 30.0,
        per_chat_interval: float = 1.0,
        retries: int = 5,
        concurrency: int = 20,
        monotonic: Callable[[], float] = time.monotonic,
        sleep: Sleep = asyncio.sleep,
        on_blocked: Callable[[int], Awaitable[Any]] | None = None,
        pacer: Pacer | None = None,
    ) -> None:
        self._bot = bot
        self._pacer = pacer or Pacer(per_second, per_chat_interval, monotonic, sleep)
        self._retries = retries
        self._concurrency = concurrency
        self._on_blocked = on_blocked

    async def send(self, chat_id: int, text: str, **kwargs: Any) -> Outcome:
        token = _broadcasting.set(True)
        try:
            return await self._send(chat_id, text, **kwargs)
        finally:
            _broadcasting.reset(token)

    async def _send(self, chat_id: int, text: str, **kwargs: Any) -> Outcome:
        backoff = 0.5
        for attempt in range(self._retries + 1):
            await self._pacer.for_chat(chat_id)
            try:
                await self._bot.send_message(chat_id, text, **kwargs)
                return Outcome.SENT
            except TelegramRetryAfter as error:
                # Telegram names the wait; this chat waits it out, the others go on.
                self._pacer.hold_chat(chat_id, error.retry_after)
            except (TelegramNetworkError, TelegramServerError) as error:
                if attempt == self._retries:
                    log.warning("giving up on %s after %d tries: %s", chat_id, attempt + 1, error)
                    return Outcome.FAILED
                await self._pacer.sleep(backoff)
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

    async def send_long(
        self, chat_id: int, text: str, reply_markup: InlineKeyboardMarkup | None = None
    ) -> Outcome:
        """A text of any length, in pieces Telegram takes (a digest over many agencies is
        long), the buttons under the last; stops at the first piece that does not go."""
        outcome = Outcome.SENT
        pieces = split_message(text)
        for number, piece in enumerate(pieces, start=1):
            markup = reply_markup if number == len(pieces) else None
            outcome = await self.send(chat_id, piece, reply_markup=markup)
            if outcome is not Outcome.SENT:
                break
        return outcome

    async def send_many(self, messages: Iterable[Message]) -> list[Outcome]:
        """Send them all, several at a time within the limits; outcomes in the same order."""
        gate = asyncio.Semaphore(self._concurrency)

        async def one(message: Message) -> Outcome:
            async with gate:
                return await self.send(
                    message.chat_id, message.text, reply_markup=message.reply_markup
                )

        return list(await asyncio.gather(*(one(message) for message in messages)))
