"""Every message the bot sends keeps Telegram's limits (about 30 messages a second overall,
one a second per chat for broadcasts), fairly, in one place:

- `Pacer` hands out the overall slots: replies per chat in turn (`Ring`), each chat's queue
  bounded, broadcasts with a share of their own (its docstring says how);
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
import contextlib
import logging
import time
from asyncio import Future
from collections import deque
from collections.abc import Awaitable, Callable, Hashable, Iterable
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

from bot.render import split_message

log = logging.getLogger(__name__)
Sleep = Callable[[float], Awaitable[Any]]
T = TypeVar("T")
# Set while the Sender makes a call: it paces and retries on its own, per chat.
_broadcasting: ContextVar[bool] = ContextVar("broadcasting", default=False)
# Set while a button press is handled (`bot.middlewares.AnswerCallbacks`): answers the press
# before its first message waits for a slot. Answers are not counted against the limits.
answer_first: ContextVar[Callable[[], Awaitable[None]] | None] = ContextVar(
    "answer_first", default=None
)
# Set while a press flagged SENDS_LAST is handled (`bot.middlewares.AnswerCallbacks`): lets the
# person's turn go while its reply waits for its slot and goes, then takes it back.
let_go: ContextVar[Callable[[], AbstractAsyncContextManager[None]] | None] = ContextVar(
    "let_go", default=None
)
# Methods that put a message in a chat, and so count against the limits.
_MESSAGE_METHODS = ("Send", "Edit", "Copy", "Forward")
REPLY_RETRIES = 5
# Replies one chat may have waiting before redundant ones are collapsed (several replies of
# one chat waiting at once are what a flood looks like).
REPLY_BACKLOG = 3
# The share of the replies' slots that replies to presses (answered already) get while urgent
# replies wait too: a flood of texts cannot keep a voter's card from changing.
PRESSED_SHARE = 1 / 3


@dataclass(frozen=True, slots=True)
class Redundancy:
    """What a reply shows, for telling when a newer one makes it redundant: `target` is the
    message it edits, or what an identical message says; `whole` when it replaces all of it
    (an edit of the text does, an edit of the buttons alone does not)."""

    target: Hashable
    whole: bool


class Turn:
    """One reply waiting for its slot. `granted` resolves when it may go (to None), or to the
    newer reply of the same chat that made it redundant; `outcome` is what sending this reply
    came to, which the replies collapsed into it return."""

    __slots__ = ("chat", "granted", "outcome", "redundancy")

    def __init__(self, chat: Hashable, redundancy: Redundancy | None, outcome: Future[Any]):
        self.chat = chat
        self.redundancy = redundancy
        self.outcome = outcome
        self.granted: Future[Turn | None] = asyncio.get_running_loop().create_future()

    def supersedes(self, older: Turn) -> bool:
        """Whether this newer reply leaves nothing of `older` to see."""
        mine, theirs = self.redundancy, older.redundancy
        if mine is None or theirs is None or mine.target != theirs.target:
            return False
        return mine.whole or not theirs.whole


class Ring:
    """Replies waiting, per chat, served one chat after another: a chat's next reply waits
    for every other chat's turn. A chat's queue past `backlog` loses the oldest replies a
    newer one makes redundant: each returns what the newer one returns."""

    def __init__(self, backlog: int) -> None:
        self._backlog = backlog
        self.collapsed = 0
        self._replies: dict[Hashable, deque[Turn]] = {}
        self._order: deque[Hashable] = deque()  # chats with replies waiting, next first

    def __bool__(self) -> bool:
        return bool(self._order)

    def waiting(self, chat: Hashable) -> int:
        queue = self._replies.get(chat)
        return len(queue) if queue else 0

    def add(self, turn: Turn) -> None:
        queue = self._replies.get(turn.chat)
        if queue is None:
            queue = self._replies[turn.chat] = deque()
            self._order.append(turn.chat)
        queue.append(turn)
        if len(queue) > self._backlog:
            self._collapse(queue)

    def pop(self) -> Turn:
        chat = self._order.popleft()
        queue = self._replies[chat]
        turn = queue.popleft()
        if queue:
            self._order.append(chat)  # its next reply waits for everybody else's turn
        else:
            del self._replies[chat]
        return turn

    def forget(self, turn: Turn) -> None:
        queue = self._replies.get(turn.chat)
        if queue is not None and turn in queue:
            queue.remove(turn)
            if not queue:
                del self._replies[turn.chat]
                self._order.remove(turn.chat)

    def _collapse(self, queue: deque[Turn]) -> None:
        for older in list(queue):
            if len(queue) <= self._backlog:
                return
            newer = next(
                (t for t in reversed(queue) if t is not older and t.supersedes(older)), None
            )
            if newer is None or older is queue[-1]:
                continue
            queue.remove(older)
            older.granted.set_result(newer)
            self.collapsed += 1


class Pacer:
    """Slots at `per_second` overall, handed out by one driver task while anything waits:

    - replies, chat by chat in turn (`Ring`): first the urgent ones (to an update that has
      had no answer yet: a text, a command), then those of a press, answered as its first
      reply began to wait (`answer_first`), with `PRESSED_SHARE` of the slots when both wait;
    - broadcasts in the order they came, with at least `broadcast_share` of the slots when
      replies wait too, and one per `per_chat` seconds in each chat (a chat that must wait
      takes no slot while it waits). `on_reply(chat)` is told of every reply that goes."""

    def __init__(
        self,
        per_second: float = 30.0,
        per_chat: float = 1.0,
        monotonic: Callable[[], float] = time.monotonic,
        sleep: Sleep = asyncio.sleep,
        broadcast_share: float = 0.2,
        backlog: int = REPLY_BACKLOG,
    ) -> None:
        self._interval = 1.0 / per_second
        self._per_chat = per_chat
        self._share = broadcast_share
        self.monotonic = monotonic
        self.sleep = sleep
        self.on_reply: Callable[[Hashable], None] | None = None
        self._next_slot = 0.0
        self._chat_next: dict[int, float] = {}
        self._urgent = Ring(backlog)
        self._pressed = Ring(backlog)
        self._broadcasts: deque[Future[None]] = deque()
        self._credit = 0.0  # the broadcasts' share earned while replies had the slots
        self._pressed_credit = 0.0  # the presses' share earned while urgent replies went
        self._driver: asyncio.Task[None] | None = None

    @property
    def collapsed(self) -> int:
        """Replies made redundant by a newer one, never sent."""
        return self._urgent.collapsed + self._pressed.collapsed

    def replies_waiting(self, chat: Hashable, urgent_only: bool = False) -> int:
        waiting = self._urgent.waiting(chat)
        return waiting if urgent_only else waiting + self._pressed.waiting(chat)

    async def wait_turn(
        self,
        chat: Hashable,
        redundancy: Redundancy | None,
        outcome: Future[Any],
        urgent: bool = True,
    ) -> Turn | None:
        """Wait for a reply's slot; returns None when it may go, or the newer reply it was
        collapsed into."""
        turn = Turn(chat, redundancy, outcome)
        ring = self._urgent if urgent else self._pressed
        ring.add(turn)
        self._drive()
        try:
            return await turn.granted
        except asyncio.CancelledError:
            ring.forget(turn)
            raise

    async def overall(self) -> None:
        """A slot for background work (a broadcast, a staff menu)."""
        waiter: Future[None] = asyncio.get_running_loop().create_future()
        self._broadcasts.append(waiter)
        self._drive()
        try:
            await waiter
        except asyncio.CancelledError:
            with contextlib.suppress(ValueError):
                self._broadcasts.remove(waiter)
            raise

    async def for_chat(self, chat_id: int) -> None:
        while (pause := self._chat_next.get(chat_id, 0.0) - self.monotonic()) > 0:
            await self.sleep(pause)
        self._chat_next[chat_id] = self.monotonic() + self._per_chat  # the chat's next waits
        await self.overall()
        now = self.monotonic()
        self._chat_next[chat_id] = max(self._chat_next[chat_id], now + self._per_chat)
        if len(self._chat_next) > 100_000:  # forget chats whose pause is long over
            self._chat_next = {c: t for c, t in self._chat_next.items() if t > now}

    def hold_chat(self, chat_id: int, seconds: float) -> None:
        later = self.monotonic() + seconds
        self._chat_next[chat_id] = max(self._chat_next.get(chat_id, 0.0), later)

    def _drive(self) -> None:
        if self._driver is None:
            self._driver = asyncio.create_task(self._run(), name="pacer")

    async def _run(self) -> None:
        try:
            while self._urgent or self._pressed or self._broadcasts:
                now = self.monotonic()
                if self._next_slot > now:
                    await self.sleep(self._next_slot - now)
                    continue
                if self._grant():
                    # On the grid while busy (a wake-up a little late costs no slot), from
                    # now after a pause: never two slots closer than 3/4 of the interval.
                    catch_up = now - self._interval / 4
                    self._next_slot = max(self._next_slot, catch_up) + self._interval
        finally:
            self._driver = None

    def _grant(self) -> bool:
        """Give the slot to whoever's turn it is; False if nobody was waiting after all."""
        while self._broadcasts and self._broadcasts[0].done():  # cancelled meanwhile
            self._broadcasts.popleft()
        replies = bool(self._urgent or self._pressed)
        if self._broadcasts and replies:
            self._credit = min(self._credit + self._share, 1.0)
        if self._broadcasts and (self._credit >= 1.0 or not replies):
            if replies:
                self._credit -= 1.0
            self._broadcasts.popleft().set_result(None)
            return True
        if not replies:
            return False
        ring = self._urgent or self._pressed
        if self._urgent and self._pressed:  # both wait: the presses' share, at least
            self._pressed_credit = min(self._pressed_credit + PRESSED_SHARE, 1.0)
            if self._pressed_credit >= 1.0:
                self._pressed_credit -= 1.0
                ring = self._pressed
        turn = ring.pop()
        if turn.granted.done():  # cancelled, and not yet forgotten
            return False
        turn.granted.set_result(None)
        if self.on_reply is not None:
            self.on_reply(turn.chat)
        return True


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
                async with (let_go.get() or contextlib.nullcontext)():
                    result = await self._send(make_request, bot, method, outcome, urgent=False)
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
