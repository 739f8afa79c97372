"""Test helpers: a Bot API session that records what the bot sends, a settable clock, and
people who write to the bot through the real dispatcher."""

from __future__ import annotations

import asyncio
import heapq
import itertools
from collections.abc import Awaitable, Callable
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from aiogram import Bot, Dispatcher
from aiogram.client.session.base import BaseSession
from aiogram.exceptions import (
    TelegramBadRequest,
    TelegramForbiddenError,
    TelegramNetworkError,
    TelegramRetryAfter,
)
from aiogram.methods import (
    AnswerCallbackQuery,
    EditMessageReplyMarkup,
    EditMessageText,
    GetMe,
    SendMessage,
    TelegramMethod,
)
from aiogram.types import (
    BufferedInputFile,
    CallbackQuery,
    Chat,
    Contact,
    Document,
    FSInputFile,
    InlineKeyboardMarkup,
    Message,
    PhotoSize,
    ReplyKeyboardMarkup,
    Sticker,
    Update,
    User,
    Voice,
)

BOT_ID = 7000000001
BOT_USERNAME = "new_faces_test_bot"
ADMIN_ID = 1  # the bootstrap admin of the tests' settings
TEST_TOKEN = "123456789:AAFakeTokenForTestsOnly_abcdefghijkl"
# Made as the settings ask (secrets.token_urlsafe(32)): a weak one is refused at start.
VOTE_SECRET = "A_mqScXFFBvLFXRNxSzGWIzv4KGZumdLDT1Sf0TBDrY"
_ids = itertools.count(1)


class FixedClock:
    """A clock that stands still until a test moves it."""

    def __init__(self, now: datetime) -> None:
        self.now = now

    def __call__(self) -> datetime:
        return self.now


@dataclass
class Sent:
    """One message the bot sent (or edited) in a chat, as the person sees it."""

    message_id: int
    chat_id: int
    text: str
    markup: Any = None
    method: Any = None

    @property
    def buttons(self) -> list[str]:
        if isinstance(self.markup, InlineKeyboardMarkup):
            return [button.text for row in self.markup.inline_keyboard for button in row]
        if isinstance(self.markup, ReplyKeyboardMarkup):
            return [button.text for row in self.markup.keyboard for button in row]
        return []

    def callback_data(self, label: str) -> str:
        assert isinstance(self.markup, InlineKeyboardMarkup), f"no inline keyboard: {self.text!r}"
        for row in self.markup.inline_keyboard:
            for button in row:
                if button.text == label:
                    assert button.callback_data is not None
                    return button.callback_data
        raise AssertionError(f"no button {label!r} among {self.buttons}")


# What a phone shows of a button without cutting it: a label alone on its row, and a label
# sharing its row with others.
ALONE, SHARED = 30, 15


def too_long(markup: Any) -> list[str]:
    """The labels of an inline keyboard that a phone would cut."""
    if not isinstance(markup, InlineKeyboardMarkup):
        return []
    return [
        f"{button.text!r} ({len(button.text)} > {ALONE if len(row) == 1 else SHARED})"
        for row in markup.inline_keyboard
        for button in row
        if len(button.text) > (ALONE if len(row) == 1 else SHARED)
    ]


class InstantSession(BaseSession):
    """Answers every request at once, as if Telegram were infinitely fast, and keeps nothing
    (the benchmarks' Telegram)."""

    async def close(self) -> None:
        pass

    async def stream_content(self, *args: Any, **kwargs: Any) -> Any:  # pragma: no cover
        raise NotImplementedError

    async def make_request(
        self,
        bot: Bot,
        method: TelegramMethod[Any],
        timeout: int | None = None,  # noqa: ASYNC109
    ) -> Any:
        if method.__returning__ is bool:
            return True
        chat_id = int(getattr(method, "chat_id", 0) or 0)
        return Message(
            message_id=int(getattr(method, "message_id", 1) or 1),
            date=datetime.now(UTC),
            chat=Chat(id=chat_id, type="private"),
            text=getattr(method, "text", "") or "",
        )


class RecordingSession(InstantSession):
    """Answers every Bot API request at once, as Telegram would, and records it. Every
    keyboard sent is measured: `cut` lists the labels a phone would cut."""

    def __init__(self) -> None:
        super().__init__()
        self.requests: list[TelegramMethod[Any]] = []
        self.messages: dict[tuple[int, int], Sent] = {}
        self._message_ids = itertools.count(1000)
        # Failures Telegram would answer with: chats that blocked the bot, chats to answer
        # 429 with retry_after (once per entry), and network errors (once per entry).
        self.blocked: set[int] = set()
        self.retry_after: dict[int, list[int]] = {}
        self.network_errors: dict[int, int] = {}
        self.cut: list[str] = []

    async def make_request(
        self,
        bot: Bot,
        method: TelegramMethod[Any],
        timeout: int | None = None,  # noqa: ASYNC109
    ) -> Any:
        document = getattr(method, "document", None)
        if isinstance(document, FSInputFile):  # read as Telegram would, before it is removed
            data = await asyncio.to_thread(Path(document.path).read_bytes)
            kept = BufferedInputFile(data, filename=document.filename or "document")
            method = method.model_copy(update={"document": kept})
        self.requests.append(method)
        self.cut += too_long(getattr(method, "reply_markup", None))
        now = datetime.now(UTC)
        if isinstance(method, GetMe):
            return User(id=BOT_ID, is_bot=True, first_name="Bot", username=BOT_USERNAME)
        if isinstance(method, SendMessage):
            chat_id = int(method.chat_id)
            if chat_id in self.blocked:
                raise TelegramForbiddenError(method, "Forbidden: bot was blocked by the user")
            if self.retry_after.get(chat_id):
                wait = self.retry_after[chat_id].pop(0)
                raise TelegramRetryAfter(method, f"Too Many Requests: retry after {wait}", wait)
            if self.network_errors.get(chat_id):
                self.network_errors[chat_id] -= 1
                raise TelegramNetworkError(method, "ClientConnectorError")
            sent = Sent(next(self._message_ids), chat_id, method.text, method.reply_markup)
            self.messages[(chat_id, sent.message_id)] = sent
            return self._message(sent, now)
        if isinstance(method, EditMessageText | EditMessageReplyMarkup):
            sent = self.messages[(int(method.chat_id or 0), int(method.message_id or 0))]
            text = method.text if isinstance(method, EditMessageText) else sent.text
            if text == sent.text and method.reply_markup == sent.markup:
                raise TelegramBadRequest(
                    method,
                    "Bad Request: message is not modified: specified new message content and "
                    "reply markup are exactly the same as a current content and reply markup "
                    "of the message",
                )
            sent.text, sent.markup = text, method.reply_markup
            return self._message(sent, now)
        if method.__returning__ is bool:
            return True
        if method.__returning__ is Message:  # photos and documents: kept as sent
            chat_id = int(getattr(method, "chat_id", 0))
            sent = Sent(next(self._message_ids), chat_id, getattr(method, "caption", None) or "")
            sent.method = method
            self.messages[(chat_id, sent.message_id)] = sent
            return self._message(sent, now)
        raise AssertionError(f"the test session does not answer {type(method).__name__}")

    @staticmethod
    def _message(sent: Sent, now: datetime) -> Message:
        markup = sent.markup if isinstance(sent.markup, InlineKeyboardMarkup) else None
        return Message(
            message_id=sent.message_id,
            date=now,
            chat=Chat(id=sent.chat_id, type="private"),
            from_user=User(id=BOT_ID, is_bot=True, first_name="Bot"),
            text=sent.text,
            reply_markup=markup,
        )

    def sent_to(self, chat_id: int) -> list[Sent]:
        return [sent for (chat, _), sent in sorted(self.messages.items()) if chat == chat_id]


class InstantTime:
    """Time for the pacer of replies in tests: pacing is worked out, waiting takes no time.
    `slept` records what a real clock would have waited."""

    def __init__(self) -> None:
        self.now = 0.0
        self.slept: list[float] = []

    def monotonic(self) -> float:
        return self.now

    async def sleep(self, seconds: float) -> None:
        self.slept.append(seconds)
        self.now += max(seconds, 0.0)


@dataclass
class Person:
    """Someone writing to the bot in a private chat."""

    dispatcher: Dispatcher
    bot: Bot
    session: RecordingSession
    id: int
    first_name: str = "Aigerim"
    language_code: str | None = "kk"
    deliver: Callable[[], Awaitable[Any]] | None = None
    answers: list[Any] = field(default_factory=list)

    @property
    def user(self) -> User:
        return User(
            id=self.id, is_bot=False, first_name=self.first_name, language_code=self.language_code
        )

    @property
    def chat(self) -> Chat:
        return Chat(id=self.id, type="private", first_name=self.first_name)

    async def _feed(self, **event: Any) -> list[Sent]:
        """Feed one update; return the messages it made appear in this person's chat."""
        known = set(self.session.messages)
        before = len(self.session.requests)
        await self.dispatcher.feed_update(self.bot, Update(update_id=next(_ids), **event))
        if self.deliver is not None:  # what the update caused, sent from the outbox
            await self.deliver()
        query = event.get("callback_query")
        self.answers += [
            r
            for r in self.session.requests[before:]
            if isinstance(r, AnswerCallbackQuery) and query and r.callback_query_id == query.id
        ]
        return [
            sent
            for key, sent in sorted(self.session.messages.items())
            if key not in known and key[0] == self.id
        ]

    def _message(self, **content: Any) -> Message:
        return Message(
            message_id=next(_ids),
            date=datetime.now(UTC),
            chat=self.chat,
            from_user=self.user,
            **content,
        )

    async def send(self, text: str) -> list[Sent]:
        return await self._feed(message=self._message(text=text))

    async def send_contact(self, phone: str, user_id: int | None = None) -> list[Sent]:
        contact = Contact(
            phone_number=phone, first_name=self.first_name, user_id=user_id or self.id
        )
        return await self._feed(message=self._message(contact=contact))

    async def send_photo(self, file_id: str = "photo-file-id") -> list[Sent]:
        photo = [
            PhotoSize(file_id=f"{file_id}-small", file_unique_id="s", width=90, height=90),
            PhotoSize(file_id=file_id, file_unique_id="b", width=800, height=800),
        ]
        return await self._feed(message=self._message(photo=photo))

    async def send_document(
        self, file_id: str = "doc-file-id", mime: str = "application/pdf"
    ) -> list[Sent]:
        document = Document(
            file_id=file_id, file_unique_id="d", mime_type=mime, file_name="proof.pdf"
        )
        return await self._feed(message=self._message(document=document))

    async def send_sticker(self) -> list[Sent]:
        sticker = Sticker(
            file_id="sticker",
            file_unique_id="st",
            type="regular",
            width=512,
            height=512,
            is_animated=False,
            is_video=False,
        )
        return await self._feed(message=self._message(sticker=sticker))

    async def send_voice(self) -> list[Sent]:
        voice = Voice(file_id="voice", file_unique_id="v", duration=3)
        return await self._feed(message=self._message(voice=voice))

    async def press_data(self, data: str, on: Sent | None = None) -> list[Sent]:
        target = on or self.last
        message = RecordingSession._message(target, datetime.now(UTC))
        query = CallbackQuery(
            id=str(next(_ids)), from_user=self.user, chat_instance="ci", message=message, data=data
        )
        return await self._feed(callback_query=query)

    async def press(self, label: str) -> list[Sent]:
        """Press the newest button with this label in the chat."""
        for sent in reversed(self.session.sent_to(self.id)):
            if label in sent.buttons and isinstance(sent.markup, InlineKeyboardMarkup):
                return await self.press_data(sent.callback_data(label), on=sent)
        raise AssertionError(f"no button {label!r} in the chat; last: {self.last.buttons}")

    @property
    def last(self) -> Sent:
        return self.session.sent_to(self.id)[-1]

    @property
    def last_answer(self) -> AnswerCallbackQuery:
        return self.answers[-1]


class FakeTime:
    """A virtual clock for the sender: `sleep` parks the task, and `run` moves time to the
    next wake-up only once every task is parked. Nothing really waits."""

    def __init__(self) -> None:
        self.now = 0.0
        self.slept: list[float] = []
        self._sleepers: list[tuple[float, int, asyncio.Future[None]]] = []
        self._order = itertools.count()

    def monotonic(self) -> float:
        return self.now

    async def sleep(self, seconds: float) -> None:
        self.slept.append(seconds)
        future = asyncio.get_running_loop().create_future()
        heapq.heappush(self._sleepers, (self.now + max(seconds, 0.0), next(self._order), future))
        await future

    async def run(self, awaitable: Any) -> Any:
        task = asyncio.ensure_future(awaitable)
        while not task.done():
            for _ in range(50):  # let every runnable task reach its next sleep
                await asyncio.sleep(0)
            if not task.done() and self._sleepers:
                when, _, future = heapq.heappop(self._sleepers)
                self.now = max(self.now, when)
                future.set_result(None)
        return task.result()
