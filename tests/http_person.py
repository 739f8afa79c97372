"""A person who talks to the bot through the fake Bot API server, over HTTP.

After each update the person sends a "ping" button press: the bot handles one person's
updates one at a time, so once the ping is answered the update before it is done."""

from __future__ import annotations

import itertools
from typing import Any

from aiogram.types import InlineKeyboardMarkup, ReplyKeyboardMarkup

from tests.fake_bot_api import FakeBotApi
from tests.harness import Sent

_ids = itertools.count(1)


class HttpPerson:
    def __init__(
        self, api: FakeBotApi, user_id: int, language_code: str, name: str = "Aru"
    ) -> None:
        self.api = api
        self.id = user_id
        self.user = {
            "id": user_id,
            "is_bot": False,
            "first_name": name,
            "language_code": language_code,
        }
        self.chat = {"id": user_id, "type": "private"}

    def _shown(self) -> dict[int, Sent]:
        shown = {}
        for message_id, message in sorted(self.api.chats.get(self.id, {}).items()):
            markup: Any = message.get("reply_markup")
            if isinstance(markup, dict) and "inline_keyboard" in markup:
                markup = InlineKeyboardMarkup.model_validate(markup)
            elif isinstance(markup, dict) and "keyboard" in markup:
                markup = ReplyKeyboardMarkup.model_validate(markup)
            else:
                markup = None
            shown[message_id] = Sent(message_id, self.id, message["text"], markup)
        return shown

    async def _feed(self, **update: Any) -> list[Sent]:
        known = set(self.api.chats.get(self.id, {}))
        ping_id = f"ping-{next(_ids)}"
        self.api.push(**update)
        self.api.push(
            callback_query={
                "id": ping_id,
                "from": self.user,
                "chat_instance": "c",
                "data": "ping",
                "message": {"message_id": 1, "date": 1, "chat": self.chat, "text": "."},
            }
        )
        await self.api.wait_for(
            lambda: any(
                c.get("callback_query_id") == ping_id
                for c in self.api.called("answerCallbackQuery")
            )
        )
        return [sent for message_id, sent in self._shown().items() if message_id not in known]

    def _message(self, **content: Any) -> dict[str, Any]:
        return {
            "message_id": next(_ids),
            "date": 1_790_000_000,
            "chat": self.chat,
            "from": self.user,
            **content,
        }

    async def send(self, text: str) -> list[Sent]:
        return await self._feed(message=self._message(text=text))

    async def send_contact(self, phone: str, user_id: int | None = None) -> list[Sent]:
        contact = {"phone_number": phone, "first_name": "Aru", "user_id": user_id or self.id}
        return await self._feed(message=self._message(contact=contact))

    async def send_photo(self, file_id: str = "photo") -> list[Sent]:
        photo = [{"file_id": file_id, "file_unique_id": "u", "width": 800, "height": 800}]
        return await self._feed(message=self._message(photo=photo))

    async def send_document(
        self, file_id: str = "doc", mime: str = "application/pdf"
    ) -> list[Sent]:
        document = {"file_id": file_id, "file_unique_id": "d", "mime_type": mime}
        return await self._feed(message=self._message(document=document))

    async def press(self, label: str) -> list[Sent]:
        for sent in reversed(list(self._shown().values())):
            if label in sent.buttons and isinstance(sent.markup, InlineKeyboardMarkup):
                message = {
                    "message_id": sent.message_id,
                    "date": 1,
                    "chat": self.chat,
                    "text": sent.text,
                }
                return await self._feed(
                    callback_query={
                        "id": f"q-{next(_ids)}",
                        "from": self.user,
                        "chat_instance": "c",
                        "message": message,
                        "data": sent.callback_data(label),
                    }
                )
        raise AssertionError(f"no button {label!r}")

    @property
    def last(self) -> Sent:
        return list(self._shown().values())[-1]
