"""The schedule of Telegram's overall limit (about 30 messages a second): `Pacer` hands out
the slots, replies per chat in turn (`Ring`), each chat's queue bounded, broadcasts with a
share of their own. `bot.sender` sends through it. Time comes in through `monotonic` and
`sleep`, so tests run it on a fake clock."""

from __future__ import annotations

import asyncio
import contextlib
import time
from asyncio import Future
from collections import deque
from collections.abc import Awaitable, Callable, Hashable
from dataclasses import dataclass
from typing import Any

Sleep = Callable[[float], Awaitable[Any]]
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

    @property
    def chats(self) -> int:
        return len(self._order)

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


class Share:
    """A kind's guaranteed share of the slots another kind wants too, earned a slot at a time
    (up to one slot ahead)."""

    def __init__(self, share: float) -> None:
        self._share = share
        self._credit = 0.0

    def due(self) -> bool:
        """Told of each slot both kinds want: whether this one is the share's."""
        self._credit = min(self._credit + self._share, 1.0)
        if self._credit < 1.0:
            return False
        self._credit -= 1.0
        return True


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
        self.monotonic = monotonic
        self.sleep = sleep
        self.on_reply: Callable[[Hashable], None] | None = None
        self._next_slot = 0.0
        self._chat_next: dict[int, float] = {}
        self._urgent = Ring(backlog)
        self._pressed = Ring(backlog)
        self._broadcasts: deque[Future[None]] = deque()
        self._broadcast_share = Share(broadcast_share)  # of the slots replies want too
        self._pressed_share = Share(PRESSED_SHARE)  # of the slots urgent replies want too
        self._driver: asyncio.Task[None] | None = None

    @property
    def collapsed(self) -> int:
        """Replies made redundant by a newer one, never sent."""
        return self._urgent.collapsed + self._pressed.collapsed

    def crowded(self, chat: Hashable) -> bool:
        """Whether anybody else's messages wait for slots (this chat's would wait behind)."""
        rings = (self._urgent, self._pressed)
        others = sum(ring.chats - (ring.waiting(chat) > 0) for ring in rings)
        return bool(self._broadcasts) or others > 0

    def urgent_waiting(self, chat: Hashable) -> int:
        """The chat's replies to texts and commands waiting (those to presses are answered)."""
        return self._urgent.waiting(chat)

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
        if self._broadcasts and (not replies or self._broadcast_share.due()):
            self._broadcasts.popleft().set_result(None)
            return True
        if not replies:
            return False
        ring = self._urgent or self._pressed
        if self._urgent and self._pressed and self._pressed_share.due():
            ring = self._pressed
        turn = ring.pop()
        if turn.granted.done():  # cancelled, and not yet forgotten
            return False
        turn.granted.set_result(None)
        if self.on_reply is not None:
            self.on_reply(turn.chat)
        return True
