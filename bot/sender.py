"""Every message the bot sends keeps Telegram's limits (about 30 messages a second overall,
one a second per chat for broadcasts), fairly, in one place:

- `bot.pacer.Pacer` hands out the overall slots: replies per chat in turn, each chat's
  queue bounded, broadcasts with a share of their own (its docstring says how);
- `FloodControl`, a middleware of the Bot API session, gives each reply its turn, sends again
  what Telegram answers with 429 after the time it asks, and takes «message is not modified»
  (a double tap redrawing the same card) as the success it is;
- `Sender` broadcasts (the outbox, reminders): one message a second per chat, RetryAfter
  waited out for that chat only, network errors retried with backoff, a person who blocked
  the bot marked instead of failing the whole run;
- `patiently` makes a call at start-up (`setMyCommands`, `deleteWebhook`, ...) until the
  network lets it through, so a dropped connection never ends the process.

Time comes in through `monotonic` and `sleep`, so tests run it on a fake clock."""

from __future__ import annotations

import asyncio
import logging
import time
from asyncio import Future
from collections.abc import Awaitable, Callable, Iterable
from contextlib import AbstractAsyncContextManager
from contextvars import ContextVar
from dataclasses import dataclass
from enum import StrEnum
from typing import Any, TypeVar

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
from aiogram.methods import EditMessageReplyMarkup, EditMessageText, SendMessage, TelegramMethod
from aiogram.methods.base import TelegramType
from aiogram.types import InlineKeyboardMarkup

from bot.pacer import Pacer, Redundancy, Sleep
from bot.render import split_message

log = logging.getLogger(__name__)
T = TypeVar("T")
# Set while the Sender makes a call: it paces and retries on its own, per chat.
_broadcasting: ContextVar[bool] = ContextVar("broadcasting", default=False)
# Set while a button press is handled (`bot.middlewares.AnswerCallbacks`): answers the press
# before its first message waits for a slot. Answers are not counted against the limits.
answer_first: ContextVar[Callable[[], Awaitable[None]] | None] = ContextVar(
    "answer_first", default=None
)
# Set while a press flagged SENDS_LAST is handled (`bot.middlewares.AnswerCallbacks`): lets the
# person's turn go while its reply waits behind other people's and goes, then takes it back.
let_go: ContextVar[Callable[[], AbstractAsyncContextManager[None]] | None] = ContextVar(
    "let_go", default=None
)
# Methods that put a message in a chat, and so count against the limits.
_MESSAGE_METHODS = ("Send", "Edit", "Copy", "Forward")
REPLY_RETRIES = 5


def _is_message(method: TelegramMethod[Any]) -> bool:
    return type(method).__name__.startswith(_MESSAGE_METHODS)


def redundancy(method: TelegramMethod[Any]) -> Redundancy | None:
    """When a newer reply makes this one redundant: an edit of the same message, or the same
    text with the same buttons sent again (a menu asked for twice)."""
    if isinstance(method, EditMessageText):
        return Redundancy(("edit", method.message_id), whole=True)
    if isinstance(method, EditMessageReplyMarkup):
        return Redundancy(("edit", method.message_id), whole=False)
    if isinstance(method, SendMessage):
        markup = method.reply_markup
        shown = markup.model_dump_json() if markup is not None else None
        return Redundancy(("send", method.text, shown), whole=True)
    return None


class FloodControl(BaseRequestMiddleware):
    """The one place every reply passes: given its turn, sent again after a 429, and
    «message is not modified» answered as done."""

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
        if not _is_message(method):  # answers to buttons, menus: not counted, not paced
            return await self._send(make_request, bot, method, None)
        outcome: Future[Any] = asyncio.get_running_loop().create_future()
        try:
            if (answer := answer_first.get()) is None:  # not a press: urgent, in the turn
                result = await self._send(make_request, bot, method, outcome)
            else:
                await answer()
                free = let_go.get()
                chat = getattr(method, "chat_id", None)
                if free is None or not self._pacer.crowded(chat):  # its slot is near: keep
                    result = await self._send(make_request, bot, method, outcome, urgent=False)
                else:
                    async with free():
                        result = await self._send(make_request, bot, method, outcome, False)
        except BaseException as error:
            if not isinstance(error, Exception):
                outcome.cancel()
            elif not outcome.done():
                outcome.set_exception(error)
                outcome.exception()  # retrieved: only replies collapsed into it need it
            raise
        if not outcome.done():
            outcome.set_result(result)
        return result

    async def _send(
        self,
        make_request: NextRequestMiddlewareType[TelegramType],
        bot: Bot,
        method: TelegramMethod[TelegramType],
        outcome: Future[Any] | None,
        urgent: bool = True,
    ) -> Any:
        """`outcome` is given for a message, which waits for its turn; None sends at once."""
        chat = getattr(method, "chat_id", None)
        for attempt in range(self._retries + 1):
            if outcome is not None:
                newer = await self._pacer.wait_turn(chat, redundancy(method), outcome, urgent)
                if newer is not None:  # a newer reply shows what this one would have
                    return await asyncio.shield(newer.outcome)
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


async def patiently(
    call: Callable[[], Awaitable[T]], what: str, sleep: Sleep, most: float = 30.0
) -> T:
    """Make a start-up call until it goes through: a network error or Telegram's own
    (5xx) is tried again after a pause that doubles up to `most` seconds, a 429 after the
    time it asks. Other errors (a wrong token) still end the start."""
    pause = 0.5
    while True:
        try:
            return await call()
        except TelegramRetryAfter as error:
            log.warning("%s: Telegram asks to wait %d s", what, error.retry_after)
            await sleep(error.retry_after)
        except (TelegramNetworkError, TelegramServerError) as error:
            log.warning("%s failed (%s); trying again in %.1f s", what, type(error).__name__, pause)
            await sleep(pause)
            pause = min(pause * 2, most)


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
