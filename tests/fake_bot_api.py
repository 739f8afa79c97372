"""A small Bot API server on 127.0.0.1 for tests: it queues updates for getUpdates, answers
the methods the bot calls, and records them, like a self-hosted telegram-bot-api would."""

from __future__ import annotations

import asyncio
import itertools
import json
from typing import Any

from aiohttp import web

BOT_USER = {"id": 7000000001, "is_bot": True, "first_name": "Bot", "username": "fake_api_bot"}


class FakeBotApi:
    def __init__(self, token: str) -> None:
        self.token = token
        self.calls: list[tuple[str, dict[str, Any]]] = []
        # Updates not yet confirmed: getUpdates hands them out until called with an offset
        # beyond them, as Telegram does.
        self._updates: list[dict[str, Any]] = []
        self.confirmed = 0  # the highest offset getUpdates was called with
        self._update_ids = itertools.count(1)
        self._message_ids = itertools.count(1)
        self._changed = asyncio.Condition()
        self._runner: web.AppRunner | None = None
        self.url = ""
        # What each chat shows: message id -> the message, edits applied.
        self.chats: dict[int, dict[int, dict[str, Any]]] = {}
        # While set and not yet released, sendMessage waits on it before answering.
        self.hold: asyncio.Event | None = None
        # Chats whose next sendMessage(s) Telegram answers with a 500, once per count.
        self.fail_next: dict[int, int] = {}
        # Methods Telegram answers with 429 first, with these retry_after values, once each.
        self.retry_after: dict[str, list[int]] = {}

    async def start(self) -> None:
        app = web.Application()
        app.router.add_post("/bot{token}/{method}", self._handle)
        self._runner = web.AppRunner(app)
        await self._runner.setup()
        site = web.TCPSite(self._runner, "127.0.0.1", 0)
        await site.start()
        port = site._server.sockets[0].getsockname()[1]  # type: ignore[union-attr]
        self.url = f"http://127.0.0.1:{port}"

    async def stop(self) -> None:
        if self._runner is not None:
            await self._runner.cleanup()

    def show(self, chat_id: int, text: str, reply_markup: Any = None) -> int:
        """A message the bot sent earlier, before the test began; returns its id."""
        message_id = next(self._message_ids)
        self.chats.setdefault(chat_id, {})[message_id] = {
            "message_id": message_id,
            "date": 1_790_000_000,
            "chat": {"id": chat_id, "type": "private"},
            "from": BOT_USER,
            "text": text,
            "reply_markup": reply_markup,
        }
        return message_id

    def push(self, **update: Any) -> int:
        update_id = next(self._update_ids)
        self._updates.append({"update_id": update_id, **update})
        return update_id

    def sent_to(self, chat_id: int) -> list[dict[str, Any]]:
        return [
            params
            for method, params in self.calls
            if method == "sendmessage" and int(params["chat_id"]) == chat_id
        ]

    def called(self, method: str) -> list[dict[str, Any]]:
        return [params for name, params in self.calls if name == method.lower()]

    async def wait_for(self, predicate: Any) -> None:
        async with self._changed:
            await self._changed.wait_for(predicate)

    async def _handle(self, request: web.Request) -> web.Response:
        if request.match_info["token"] != self.token:
            return web.json_response(
                {"ok": False, "error_code": 401, "description": "Unauthorized"}, status=401
            )
        method = request.match_info["method"].lower()
        form = await request.post()
        params = {key: _decode(value) for key, value in form.items()}
        if method == "getupdates":
            return web.json_response({"ok": True, "result": await self._next_updates(params)})
        async with self._changed:
            self.calls.append((method, params))
            self._changed.notify_all()
        if self.retry_after.get(method):
            wait = self.retry_after[method].pop(0)
            return web.json_response(
                {
                    "ok": False,
                    "error_code": 429,
                    "description": f"Too Many Requests: retry after {wait}",
                    "parameters": {"retry_after": wait},
                },
                status=429,
            )
        if method == "sendmessage" and self.hold is not None:
            await self.hold.wait()
        if method == "sendmessage" and self.fail_next.get(int(params["chat_id"])):
            self.fail_next[int(params["chat_id"])] -= 1
            return web.json_response(
                {"ok": False, "error_code": 500, "description": "Internal Server Error"},
                status=500,
            )
        async with self._changed:
            try:
                result = self._result(method, params)
            except LookupError:
                return web.json_response(
                    {"ok": False, "error_code": 400, "description": "Bad Request: not found"},
                    status=400,
                )
            self._changed.notify_all()
        return web.json_response({"ok": True, "result": result})

    async def _next_updates(self, params: dict[str, Any]) -> list[dict[str, Any]]:
        offset = int(params.get("offset") or 0)
        async with self._changed:
            self.calls.append(("getupdates", params))
            self.confirmed = max(self.confirmed, offset)
            self._updates = [u for u in self._updates if u["update_id"] >= offset]
            self._changed.notify_all()
        waited = 0.0
        timeout = min(float(params.get("timeout") or 0), 1.0)
        while not self._updates and waited < timeout:
            await asyncio.sleep(0.01)
            waited += 0.01
        return self._updates[: int(params.get("limit") or 100)]

    def _result(self, method: str, params: dict[str, Any]) -> Any:
        if method == "getme":
            return BOT_USER
        if method == "sendmessage":
            message = {
                "message_id": next(self._message_ids),
                "date": 1_790_000_000,
                "chat": {"id": int(params["chat_id"]), "type": "private"},
                "from": BOT_USER,
                "text": params.get("text", ""),
                "reply_markup": params.get("reply_markup"),
            }
            self.chats.setdefault(int(params["chat_id"]), {})[message["message_id"]] = message
            return _as_received(message)
        if method in ("editmessagetext", "editmessagereplymarkup"):
            message = self.chats[int(params["chat_id"])][int(params["message_id"])]
            if method == "editmessagetext":
                message["text"] = params["text"]
            message["reply_markup"] = params.get("reply_markup")
            return _as_received(message)
        return True


def _as_received(message: dict[str, Any]) -> dict[str, Any]:
    """A message as the Bot API returns it: only inline keyboards travel with it."""
    markup = message.get("reply_markup")
    shown = {k: v for k, v in message.items() if k != "reply_markup"}
    if isinstance(markup, dict) and "inline_keyboard" in markup:
        shown["reply_markup"] = markup
    return shown


def _decode(value: Any) -> Any:
    if not isinstance(value, str):
        return value
    try:
        return json.loads(value)
    except ValueError:
        return value
