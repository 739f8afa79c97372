"""A start that survives the network: the real `run` (polling and webhook mode) against a
Bot API server over HTTP that drops the connection on the first call of a start-up method. The bot tries again after a
pause (the injected sleep counts it), starts, and answers /start; the locales are compiled
off the event loop, before the first call to Telegram."""

from __future__ import annotations

import asyncio
import contextlib
import threading
from typing import Any

import aiohttp
import pytest
from aiohttp import web
from pydantic import SecretStr

import bot.app
from bot.app import run
from bot.factory import Locales, create_core
from tests.fake_bot_api import FakeBotApi
from tests.fixtures.processes import SECRET, free_port
from tests.flows import t
from tests.harness import TEST_TOKEN
from tests.http_person import HttpPerson


class DroppingBotApi(FakeBotApi):
    """Closes the connection, without an answer, on the first call of each method named."""

    def __init__(self, token: str, drop: set[str]) -> None:
        super().__init__(token)
        self.drop = {method.lower() for method in drop}
        self.dropped: list[str] = []

    async def _handle(self, request: web.Request) -> web.Response:
        method = request.match_info["method"].lower()
        if method in self.drop:
            self.drop.discard(method)
            self.dropped.append(method)
            assert request.transport is not None
            request.transport.close()  # the client sees ServerDisconnectedError
            return web.Response()
        return await super()._handle(request)


@pytest.fixture
def slept(monkeypatch: pytest.MonkeyPatch) -> list[float]:
    """The bot's waits, recorded and shortened so the test does not sit through them."""
    waits: list[float] = []

    async def quick(seconds: float) -> None:
        waits.append(seconds)
        await asyncio.sleep(min(seconds, 0.01))

    monkeypatch.setattr(bot.app, "sleep", quick)
    return waits


@pytest.mark.parametrize("method", ["setMyCommands", "deleteWebhook", "getMe"])
async def test_a_connection_dropped_at_start_is_tried_again_and_the_bot_answers(
    settings, clock, texts, slept, method
):
    api = DroppingBotApi(TEST_TOKEN, {method})
    await api.start()
    settings.telegram_api_url = api.url
    settings.polling_timeout = 1
    task = asyncio.create_task(run(settings, clock, handle_signals=False))
    try:
        await asyncio.wait_for(api.wait_for(lambda: api.called("getUpdates")), 30)
        assert api.dropped == [method.lower()]
        assert 0.5 in slept  # the first pause of the backoff
        # Every language's command menu is set all the same.
        commands = api.called("setMyCommands")
        assert sorted(str(c.get("language_code")) for c in commands) == ["None", "en", "kk", "ru"]
        sent = await asyncio.wait_for(HttpPerson(api, 4242, "en").send("/start"), 30)
        assert sent[-1].text == t(texts, "en", "start-greeting", name="Aru")
        assert not task.done()
    finally:
        task.cancel()
        with contextlib.suppress(asyncio.CancelledError):
            await task
        await api.stop()


async def test_webhook_mode_survives_dropped_connections_at_start(settings, clock, texts, slept):
    api = DroppingBotApi(TEST_TOKEN, {"setWebhook", "setMyCommands"})
    await api.start()
    settings.telegram_api_url = api.url
    settings.webhook_url = "https://bot.example.kz/telegram/updates"
    settings.webhook_secret = SecretStr(SECRET)
    settings.web_port = free_port()
    stop = asyncio.Event()
    task = asyncio.create_task(run(settings, clock, handle_signals=False, stop=stop))
    try:
        await asyncio.wait_for(api.wait_for(lambda: api.called("setWebhook")), 30)
        assert sorted(api.dropped) == ["setmycommands", "setwebhook"]
        assert len(api.called("setMyCommands")) == 4 and 0.5 in slept
        update = {"update_id": 1, "message": start_message(4343)}
        url = f"http://127.0.0.1:{settings.web_port}/telegram/updates"
        headers = {"X-Telegram-Bot-Api-Secret-Token": SECRET}
        async with (
            aiohttp.ClientSession() as client,
            client.post(url, json=update, headers=headers) as response,
        ):
            assert response.status == 200
        assert [m["text"] for m in api.sent_to(4343)] == [
            t(texts, "en", "start-greeting", name="Aru")
        ]
    finally:
        stop.set()
        await asyncio.wait_for(task, 30)
        await api.stop()


def start_message(user_id: int) -> dict[str, Any]:
    user = {"id": user_id, "is_bot": False, "first_name": "Aru", "language_code": "en"}
    return {
        "message_id": 1,
        "date": 1_790_000_000,
        "chat": {"id": user_id, "type": "private"},
        "from": user,
        "text": "/start",
        "entities": [{"type": "bot_command", "offset": 0, "length": 6}],
    }


async def test_the_locales_compile_off_the_loop_before_the_first_call_to_telegram(
    settings, clock, slept, monkeypatch
):
    api = DroppingBotApi(TEST_TOKEN, set())
    await api.start()
    settings.telegram_api_url = api.url
    settings.polling_timeout = 1
    compiled: list[tuple[bool, int]] = []  # (on the loop's thread, calls to Telegram before)
    loop_thread = threading.get_ident()
    compile_locales = Locales.find_locales

    def find_locales(self: Locales) -> Any:
        compiled.append((threading.get_ident() == loop_thread, len(api.calls)))
        return compile_locales(self)

    monkeypatch.setattr(Locales, "find_locales", find_locales)
    task = asyncio.create_task(run(settings, clock, handle_signals=False))
    try:
        await asyncio.wait_for(api.wait_for(lambda: api.called("getUpdates")), 30)
        assert compiled == [(False, 0)]  # once, in a thread, before any call
    finally:
        task.cancel()
        with contextlib.suppress(asyncio.CancelledError):
            await task
        await api.stop()


async def test_the_core_compiles_once_however_often_it_is_started(settings):
    core = create_core(settings)
    await core.startup()
    bundles = dict(core.locales)
    assert sorted(bundles) == ["en", "kk", "ru"]
    await core.startup()  # the dispatcher's start-up, after `run` compiled it
    assert core.locales == bundles
