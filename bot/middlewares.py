"""What every update passes through, in the order `bot.factory` registers them:

0. `Progress`: the newest update taken (polling confirms it when stopping);
1. `Throttle`: one person flooding (a hundred presses a second, or replies piling up) is
   slowed, nobody else; `ForgedNumbers`: a button with a number no column can hold is
   refused quietly;
2. `UnitOfWorkMiddleware`: the update's unit of work;
3. `ConversationMiddleware` (aiogram's FSM middleware): one update per person at a time,
   the conversation state (read, for the database storage, together with the person's
   row), and the unit of work committed before the next update of the person may start;
4. `PersonMiddleware`: who sent it and the roles they hold;
5. the i18n middleware (the person's language);
and, for buttons, `AnswerCallbacks` (every callback is answered, in one place) and `RoleGate`
(a privileged handler's role)."""

from __future__ import annotations

import asyncio
import logging
import time
from collections.abc import Awaitable, Callable, Mapping
from typing import Any

from aiogram import BaseMiddleware, Bot
from aiogram.client.session.middlewares.base import (
    BaseRequestMiddleware,
    NextRequestMiddlewareType,
)
from aiogram.dispatcher.flags import get_flag
from aiogram.fsm.middleware import FSMContextMiddleware
from aiogram.methods import Response, TelegramMethod
from aiogram.methods.base import TelegramType as T
from aiogram.types import CallbackQuery, TelegramObject, Update
from aiogram.types import User as TelegramUser
from aiogram.utils.callback_answer import CallbackAnswer, CallbackAnswerMiddleware
from aiogram_i18n.managers import BaseManager

from bot.callbacks import out_of_range
from bot.fsm import Conversation, PersonTurn, current_conversation
from bot.sender import answer_first, let_go
from config import Settings
from domain.locales import resolve_locale
from domain.pipeline import Staff
from domain.regions import Region
from services.context import Context
from services.people import People, Person
from services.refusals import Refusal
from services.texts import Text
from services.uow import UnitOfWork, Work

log = logging.getLogger(__name__)
Handler = Callable[[TelegramObject, dict[str, Any]], Awaitable[Any]]
# The flag of a press's handler that changes nothing once it has begun to send: while its
# messages wait for their slots, the person's next update is heard (`AnswerCallbacks`).
SENDS_LAST = {"sends_last": True}


class Progress(BaseMiddleware):
    """The updates in flight, so a stopping instance can let them finish, and the newest
    taken, so polling can confirm it to Telegram when it stops."""

    def __init__(self) -> None:
        self.last_update_id = 0
        self.in_flight: set[asyncio.Task[Any]] = set()

    async def __call__(self, handler: Handler, event: TelegramObject, data: dict[str, Any]) -> Any:
        if isinstance(event, Update):
            self.last_update_id = max(self.last_update_id, event.update_id)
        task = asyncio.current_task()
        if task is None:
            return await handler(event, data)
        self.in_flight.add(task)
        try:
            return await handler(event, data)
        finally:
            self.in_flight.discard(task)

    async def finish(self, grace: float) -> None:
        """Let the updates in flight finish, for at most `grace` seconds."""
        running = self.in_flight - {asyncio.current_task()}
        if running:
            log.info("stopping: finishing %d updates in flight", len(running))
            await asyncio.wait(running, timeout=grace)


class Throttle(BaseMiddleware):
    """A token bucket per person: `rate` a second, bursts of `burst`, paid for by the person's
    updates and by the replies they cause (`charge`, told by the pacer of every reply that
    goes). A person already busy — a reply to a text of theirs still waiting for its slot, or
    two of their updates waiting — pays a fifth of the burst more for the next update: whoever
    floods is slowed at once, while two messages in a row, or an album of five files, still
    get through.
    At most `burst` of one person's updates wait at a time, and an update turned away costs
    a token too (down to a burst's debt), so whoever floods is heard again only once they
    stop. So what waits per person stays small and a flood leaves no backlog behind. An
    update turned away is dropped before any work (a button press is answered, so its
    spinner stops); everybody else goes on as if nothing happened."""

    def __init__(
        self,
        rate: float = 4.0,
        burst: float = 12.0,
        monotonic: Callable[[], float] = time.monotonic,
        replies_waiting: Callable[[int], int] = lambda _person: 0,
    ) -> None:
        self._rate = rate
        self._burst = burst
        self._monotonic = monotonic
        self._replies_waiting = replies_waiting
        self._buckets: dict[int, tuple[float, float]] = {}
        self._waiting: dict[int, int] = {}  # each person's updates taken and not yet done

    def _tokens(self, user_id: int, now: float) -> float:
        tokens, then = self._buckets.get(user_id, (self._burst, now))
        return min(self._burst, tokens + (now - then) * self._rate)

    def allow(self, user_id: int) -> bool:
        now = self._monotonic()
        tokens = self._tokens(user_id, now)
        waiting = self._waiting.get(user_id, 0)
        busy = waiting >= 2 or self._replies_waiting(user_id) > 0
        cost = 1.0 + (self._burst / 5 if busy else 0.0)
        allowed = tokens >= cost and waiting < self._burst
        # An update turned away costs a token too, down to a burst's debt: whoever goes on
        # flooding stays unheard until they stop, and a pause of a few seconds is enough.
        left = tokens - cost if allowed else max(tokens - 1.0, -self._burst)
        self._buckets[user_id] = (left, now)
        if len(self._buckets) > 50_000:  # forget everyone whose bucket is full again
            full = self._burst / self._rate
            self._buckets = {u: b for u, b in self._buckets.items() if now - b[1] < full}
        return allowed

    def charge(self, chat: object) -> None:
        """A reply went to this person's chat: it costs a token (never below none, so a
        person is heard again as soon as the bucket refills)."""
        if isinstance(chat, int) and chat in self._buckets:
            now = self._monotonic()
            self._buckets[chat] = (max(self._tokens(chat, now) - 1.0, 0.0), now)

    async def __call__(self, handler: Handler, event: TelegramObject, data: dict[str, Any]) -> Any:
        sender: TelegramUser | None = data.get("event_from_user")
        if sender is None:
            return await handler(event, data)
        if not self.allow(sender.id):
            if isinstance(event, Update) and event.callback_query is not None:
                await event.callback_query.answer()
            return None
        self._waiting[sender.id] = self._waiting.get(sender.id, 0) + 1
        try:
            return await handler(event, data)
        finally:
            if (left := self._waiting.pop(sender.id) - 1) > 0:
                self._waiting[sender.id] = left


class UnitOfWorkMiddleware(BaseMiddleware):
    """The update's unit of work, with its conversation state (`bot.fsm.Conversation`)."""

    def __init__(self, work: Work) -> None:
        self._work = work

    async def __call__(self, handler: Handler, event: TelegramObject, data: dict[str, Any]) -> Any:
        uow = self._work.unit()
        data["uow"] = uow
        async with uow.bound(), Conversation(uow).bound():
            return await handler(event, data)


class CommitFirst(BaseRequestMiddleware):
    """A reply goes out only after what the update changed is committed, its conversation
    state included: the person never reads «draft deleted» while the draft is still there.
    (A use case commits its own transaction; this commits what the handler buffered.)"""

    async def __call__(
        self, make_request: NextRequestMiddlewareType[T], bot: Bot, method: TelegramMethod[T]
    ) -> Response[T]:
        conversation = current_conversation()
        if conversation is not None:
            await conversation.uow.finish()
        return await make_request(bot, method)


class ConversationMiddleware(FSMContextMiddleware):
    """aiogram's FSM middleware (one update per person at a time, the state read once the
    lock is held), which also commits the update's unit of work before it lets go of the
    lock: the person's next update starts from what this one left, double taps included.
    The turn is in the handler's data (`turn`): a press flagged `SENDS_LAST` lets go of it
    while its reply waits for a slot (`AnswerCallbacks`)."""

    async def __call__(self, handler: Handler, event: TelegramObject, data: dict[str, Any]) -> Any:
        context = self.resolve_event_context(data["bot"], data)
        data["fsm_storage"] = self.storage
        if context is None:
            return await handler(event, data)
        async with PersonTurn(self.events_isolation, context.key) as turn:
            data.update({"state": context, "raw_state": await context.get_state(), "turn": turn})
            result = await handler(event, data)
            await data["uow"].finish()
            return result


class PersonMiddleware(BaseMiddleware):
    def __init__(self, people: People) -> None:
        self._people = people

    async def __call__(self, handler: Handler, event: TelegramObject, data: dict[str, Any]) -> Any:
        sender: TelegramUser | None = data.get("event_from_user")
        if sender is not None and not sender.is_bot:
            data["user"], data["staff"] = await self._people.identify(
                data["uow"], sender.id, sender.first_name, sender.username, sender.language_code
            )
        return await handler(event, data)


class UseCaseMiddleware(BaseMiddleware):
    """A handler gets the services it names as parameters, each built for this update: bound
    to its unit of work and the person acting (`services.context`). Only the ones named are
    built, and only once the handler is chosen."""

    def __init__(
        self,
        services: Mapping[str, Callable[[Context], object]],
        config: Settings,
        regions: tuple[Region, ...],
    ) -> None:
        self._services = services
        self._names = frozenset(services)
        self._config = config
        self._regions = regions

    async def __call__(self, handler: Handler, event: TelegramObject, data: dict[str, Any]) -> Any:
        wanted = data["handler"].params & self._names
        if wanted:
            staff = data.get("staff") or Staff.of([])
            context = Context(data["uow"], staff, self._config, self._regions)
            for name in wanted:
                data[name] = self._services[name](context)
        return await handler(event, data)


class Answer(CallbackAnswer):
    """aiogram's answer to a press, which can also be sent before its handler ends."""

    def sent(self) -> None:
        self._answered = True  # what the handler sets after this raises, as after `pre`


class AnswerCallbacks(CallbackAnswerMiddleware):
    """aiogram's: every button press is answered once, with whatever text the handler put in
    `callback_answer`: after its handler, or as soon as the first message it sends waits for
    its slot (`bot.sender.answer_first`), so the spinner stops at once however busy the
    slots are. A handler sets its answer's text before it sends. A handler that failed is not
    answered here: the error handler answers it with the apology.

    A handler flagged `SENDS_LAST` (it changes nothing once it has begun to send, as the
    vote's cards and the form's buttons) also lets go of the person's turn while its messages
    wait (`bot.sender.let_go`): what it changed is committed by then, so their next update is
    heard at once (and a newer press may make the waiting card redundant). Any other handler
    keeps the turn: it may still change the conversation after it sends."""

    def construct_callback_answer(self, properties: dict[str, Any] | bool | None) -> Answer:
        made = super().construct_callback_answer(properties)
        return Answer(
            answered=made.answered,
            disabled=made.disabled,
            text=made.text,
            show_alert=made.show_alert,
            url=made.url,
            cache_time=made.cache_time,
        )

    async def __call__(self, handler: Handler, event: TelegramObject, data: dict[str, Any]) -> Any:
        if not isinstance(event, CallbackQuery):
            return await handler(event, data)
        answer = data["callback_answer"] = self.construct_callback_answer(
            properties=get_flag(data, "callback_answer")
        )

        async def now() -> None:
            if not answer.disabled and not answer.answered:
                answer.sent()
                await self.answer(event, answer)

        turn: PersonTurn | None = data.get("turn")
        free = turn.let_go if turn is not None and get_flag(data, "sends_last") else None
        tokens = answer_first.set(now), let_go.set(free)
        try:
            result = await handler(event, data)
        finally:
            answer_first.reset(tokens[0])
            let_go.reset(tokens[1])
        await now()
        return result


class RoleGate(BaseMiddleware):
    """The one place that checks a privileged handler's role, named by its `role` flag.

    The flag is a Role, or a function of the handler's data that returns one (for buttons
    whose callback data names the desk). A person without it is refused (answered by the
    error handler, in their language); the service then checks scope and state again
    against the record itself."""

    async def __call__(self, handler: Handler, event: TelegramObject, data: dict[str, Any]) -> Any:
        required = get_flag(data, "role")
        if callable(required):
            required = required(data)
        person: Staff | None = data.get("staff")
        if required is None or (person is not None and person.has(required)):
            return await handler(event, data)
        raise Refusal(Text("no-access"))


class UserLocaleManager(BaseManager):
    """The stored choice first, then Telegram's `language_code`, then the default locale."""

    async def get_locale(
        self, user: Person | None = None, event_from_user: TelegramUser | None = None
    ) -> str:
        assert self.default_locale is not None
        stored = user.language if user else None
        telegram = event_from_user.language_code if event_from_user else None
        return resolve_locale(stored, telegram, self.default_locale)

    async def set_locale(self, locale: str, uow: UnitOfWork, user: Person, people: People) -> None:
        await people.set_language(uow, user.id, locale)


class ForgedNumbers(BaseMiddleware):
    """A button whose data carries a number no database column can hold is forged: answered
    quietly (its spinner stops), logged as one WARNING line without a traceback, and handled
    no further, before the update takes a connection. Checked here once for every
    CallbackData (`bot.callbacks.out_of_range`), not by each handler."""

    async def __call__(self, handler: Handler, event: TelegramObject, data: dict[str, Any]) -> Any:
        query = event.callback_query if isinstance(event, Update) else None
        field = out_of_range(query.data) if query is not None and query.data else None
        if query is None or field is None:
            return await handler(event, data)
        log.warning("refused a button whose %s is out of range", field)
        await query.answer()
        return None
