"""Past one machine, in one process: webhook mode (the secret on every request, setWebhook,
the health endpoint, graceful shutdown, a failed update answered once), conversations kept
in Redis, the scheduler lease, and outbox claims that keep two instances from sending the
same reminder."""

from __future__ import annotations

import asyncio
import contextlib
import itertools
import logging
import os
import socket
from collections.abc import AsyncIterator
from dataclasses import dataclass
from datetime import timedelta
from typing import Any

import aiohttp
import pytest
from pydantic import SecretStr
from redis.asyncio import Redis
from sqlalchemy import func, select

import bot.app
from bot.app import run
from bot.scheduler import Leader
from bot.scheduler.reminders import run_reminders
from bot.sender import Sender
from config import Settings
from storage.models import FsmRecord, Lease, Nomination, OutboxMessage, User
from tests.fake_bot_api import FakeBotApi
from tests.fixtures.plan import DUE, OFFICIAL, OFFICIAL_KK, at
from tests.fixtures.processes import SECRET, free_port
from tests.flows import asked, fill_form, start_form, t
from tests.harness import TEST_TOKEN, FakeTime

pytestmark = pytest.mark.sql  # also run on PostgreSQL: see the Makefile's `test`

_ids = itertools.count(5000)


def message_update(user_id: int, text: str, language: str = "en") -> dict[str, Any]:
    user = {"id": user_id, "is_bot": False, "first_name": "Aru", "language_code": language}
    return {
        "update_id": next(_ids),
        "message": {
            "message_id": next(_ids),
            "date": 1_790_000_000,
            "chat": {"id": user_id, "type": "private"},
            "from": user,
            "text": text,
        },
    }


@dataclass
class Webhook:
    api: FakeBotApi
    url: str
    stop: asyncio.Event
    task: asyncio.Task[None]

    async def post(self, update: dict[str, Any] | str, secret: str | None = SECRET) -> int:
        headers = {"X-Telegram-Bot-Api-Secret-Token": secret} if secret is not None else {}
        body = {"data": update} if isinstance(update, str) else {"json": update}
        async with (
            aiohttp.ClientSession() as client,
            client.post(self.url, headers=headers, **body) as response,
        ):
            return response.status

    async def health(self) -> tuple[int, dict[str, Any]]:
        url = self.url.replace("/telegram/updates", "/healthz")
        async with aiohttp.ClientSession() as client, client.get(url) as response:
            return response.status, await response.json()


@contextlib.asynccontextmanager
async def serving(settings, clock, api: FakeBotApi | None = None) -> AsyncIterator[Webhook]:
    """`run` in webhook mode, as `python -m bot run` starts it with WEBHOOK_URL set."""
    api = api or FakeBotApi(TEST_TOKEN)
    await api.start()
    settings.telegram_api_url = api.url
    settings.webhook_url = "https://bot.example.kz/telegram/updates"
    settings.webhook_secret = SecretStr(SECRET)
    settings.web_port = free_port()
    settings.instance_id = "web-1"
    stop = asyncio.Event()
    task = asyncio.create_task(run(settings, clock, handle_signals=False, stop=stop))
    # The server listens before it asks Telegram to post to it.
    await asyncio.wait_for(api.wait_for(lambda: api.called("setWebhook")), 30)
    url = f"http://127.0.0.1:{settings.web_port}/telegram/updates"
    try:
        yield Webhook(api, url, stop, task)
    finally:
        stop.set()
        await asyncio.wait_for(task, 30)
        await api.stop()


@pytest.fixture
async def webhook(settings, clock):
    async with serving(settings, clock) as running:
        yield running


async def test_webhook_is_set_with_the_secret_and_the_update_types(webhook):
    (call,) = webhook.api.called("setWebhook")
    assert call["url"] == "https://bot.example.kz/telegram/updates"
    assert call["secret_token"] == SECRET
    assert set(call["allowed_updates"]) == {"message", "callback_query"}
    # The command menu is registered as in polling mode.
    assert len(webhook.api.called("setMyCommands")) == 4


async def test_set_webhook_waits_when_telegram_asks_and_tries_again(settings, clock, monkeypatch):
    waited: list[float] = []

    async def count(seconds: float) -> None:
        waited.append(seconds)

    monkeypatch.setattr(bot.app, "sleep", count)
    api = FakeBotApi(TEST_TOKEN)
    api.retry_after["setwebhook"] = [2, 1]  # other instances set it a moment ago
    async with serving(settings, clock, api) as webhook:
        await asyncio.wait_for(api.wait_for(lambda: len(api.called("setWebhook")) == 3), 30)
        assert await webhook.post(message_update(307, "/start")) == 200
    assert waited == [2, 1]


async def test_requests_without_the_secret_get_401_and_are_not_handled(
    webhook, texts, sessionmaker
):
    assert await webhook.post(message_update(301, "/start"), secret=None) == 401
    assert await webhook.post(message_update(301, "/start"), secret="guess") == 401
    assert await webhook.post(message_update(301, "/start"), secret=SECRET + "x") == 401
    assert webhook.api.sent_to(301) == []
    async with sessionmaker() as session:
        assert await session.get(User, 301) is None  # nothing was handled, nothing stored

    assert await webhook.post(message_update(301, "/start")) == 200
    # The update is handled before the request is answered: the greeting is already there.
    (greeting,) = webhook.api.sent_to(301)
    assert greeting["text"] == t(texts, "en", "start-greeting", name="Aru")


async def test_health_names_the_instance_and_whether_it_leads(webhook, sessionmaker):
    assert await webhook.health() == (
        200,
        {"status": "ok", "instance": "web-1", "leader": True},
    )
    async with sessionmaker() as session:
        assert (await session.get(Lease, "scheduler")).holder == "web-1"


async def test_a_body_that_is_not_an_update_gets_400(webhook, sessionmaker):
    assert await webhook.post("{not json") == 400
    assert await webhook.post({"update_id": "first"}) == 400
    assert await webhook.post({"update_id": 7, "message": {"text": "no chat"}}) == 400
    edited = message_update(306, "/start")
    edited["edited_message"] = edited.pop("message")
    assert await webhook.post(edited) == 200  # an update of a kind the bot does not use
    assert webhook.api.called("sendMessage") == []


async def test_health_says_when_redis_is_unreachable(settings, clock, texts):
    settings.redis_url = SecretStr(f"redis://127.0.0.1:{free_port()}/0")  # nobody listens
    async with serving(settings, clock) as webhook:
        assert await webhook.health() == (503, {"status": "redis unreachable"})
        # A person still hears that something went wrong, and Telegram does not retry.
        assert await webhook.post(message_update(305, "/start")) == 200
        shown = [message["text"] for message in webhook.api.chats[305].values()]
        assert shown == [t(texts, "en", "error-unexpected")]


async def test_a_failed_update_is_answered_once_with_an_apology(webhook, texts, caplog):
    webhook.api.fail_next[302] = 1  # Telegram fails the greeting once
    update = message_update(302, "/start", "ru")
    with caplog.at_level(logging.ERROR):
        status = await webhook.post(update)
    # 200, so Telegram does not send the update again; the person hears what happened.
    assert status == 200
    shown = [message["text"] for message in webhook.api.chats[302].values()]
    assert shown == [t(texts, "ru", "error-unexpected")]
    (logged,) = [
        r for r in caplog.records if r.getMessage() == f"update {update['update_id']} failed"
    ]
    assert logged.exc_info is not None  # with the traceback
    assert "Internal Server Error" in str(logged.exc_info[1])


async def test_shutdown_finishes_the_updates_in_flight(webhook, texts, sessionmaker, clock):
    webhook.api.hold = asyncio.Event()  # Telegram is slow to take the greeting
    in_flight = asyncio.create_task(webhook.post(message_update(303, "/start", "kk")))
    await asyncio.wait_for(webhook.api.wait_for(lambda: webhook.api.called("sendMessage")), 30)

    webhook.stop.set()  # SIGTERM
    # The server stops taking requests while the update in flight goes on.
    with pytest.raises(aiohttp.ClientConnectionError):
        for _ in range(1000):
            await webhook.post(message_update(304, "/start"))
            await asyncio.sleep(0)
    assert not in_flight.done() and not webhook.task.done()

    webhook.api.hold.set()
    assert await in_flight == 200
    await asyncio.wait_for(webhook.task, 30)
    (greeting,) = webhook.api.sent_to(303)
    assert greeting["text"] == t(texts, "kk", "start-greeting", name="Aru")
    async with sessionmaker() as session:
        assert await session.get(User, 304) is None
        lease = await session.get(Lease, "scheduler")
    assert lease.expires_at <= clock()  # released: another instance may lead at once


# Conversations in Redis


@pytest.fixture
async def redis_url(settings):
    url = os.environ.get("TEST_REDIS_URL")
    if not url:
        raise pytest.UsageError("TEST_REDIS_URL is not set: run through tests/services.sh")
    # A database of its own for each pytest-xdist worker (gw0, gw1, ...): flushdb here must
    # not empty another worker's conversations.
    worker = int(os.environ.get("PYTEST_XDIST_WORKER", "gw0").removeprefix("gw"))
    url = f"{url.rsplit('/', 1)[0]}/{worker % 16}"
    client = Redis.from_url(url)
    await client.flushdb()
    settings.redis_url = SecretStr(url)
    yield client
    await client.flushdb()
    await client.aclose()


async def test_a_draft_lives_in_redis_and_survives_a_restart(
    redis_url, make_app, texts, sessionmaker
):
    app = await make_app()
    person = app.person(310, language_code="ru")
    await start_form(person, texts, "ru")
    await person.press(t(texts, "ru", "choice-who-self"))
    sent = await person.send("Сейтқазиева Айгерим Болатқызы")
    assert sent[-1].text == asked(texts, "ru", "form-ask-dob")
    assert [key async for key in redis_url.scan_iter("fsm:*")]  # the state is in Redis
    async with sessionmaker() as session:
        assert await session.scalar(select(func.count()).select_from(FsmRecord)) == 0

    restarted = await make_app()
    again = restarted.person(310, language_code="ru")
    sent = await again.send("12.05.1990")  # the next question after the name: date of birth
    assert sent[-1].text == asked(texts, "ru", "form-ask-gender")


async def test_two_submits_at_once_through_redis_make_one_nomination(
    redis_url, make_app, texts, sessionmaker
):
    app = await make_app()
    person = app.person(311, language_code="en")
    await fill_form(person, texts, "en", "Almaty")
    summary = person.last
    data = summary.callback_data(t(texts, "en", "summary-submit"))
    await asyncio.gather(*(person.press_data(data, on=summary) for _ in range(5)))
    async with sessionmaker() as session:
        assert await session.scalar(select(func.count()).select_from(Nomination)) == 1


# The scheduler lease


async def test_one_leader_at_a_time_and_a_takeover(sessionmaker, clock):
    lease = timedelta(seconds=30)
    first = Leader(sessionmaker, "host-a:1", clock, lease)
    second = Leader(sessionmaker, "host-b:1", clock, lease)
    assert await first.renew() is True  # just became the leader
    assert await second.renew() is False and not second.leading
    assert await first.renew() is False and first.leading  # renewed, still the leader

    # Both at once, from nobody: exactly one gets it.
    await first.release()
    third = Leader(sessionmaker, "host-c:1", clock, lease)
    await asyncio.gather(second.renew(), third.renew())
    assert [second.leading, third.leading].count(True) == 1
    leader, follower = (second, third) if second.leading else (third, second)

    # The leader stops cleanly: the other takes over at its next renewal.
    await leader.release()
    assert await follower.renew() is True

    # The new leader dies without a word: the lease runs out, then another takes it.
    clock.now += timedelta(seconds=29)
    assert await first.renew() is False
    clock.now += timedelta(seconds=2)
    assert await first.renew() is True
    assert await follower.renew() is False and not follower.leading


async def test_only_the_leader_runs_the_jobs(sessionmaker, clock):
    ran: list[str] = []

    async def job(name: str) -> None:
        ran.append(name)

    lease = timedelta(seconds=30)
    first = Leader(sessionmaker, "host-a:1", clock, lease)
    second = Leader(sessionmaker, "host-b:1", clock, lease)
    await first.renew()
    await second.renew()
    await first.only(job)(name="a")
    await second.only(job)(name="b")
    assert ran == ["a"]


# Reminders with two instances


async def test_two_instances_sending_at_once_send_each_reminder_once(
    app,
    texts,
    settings,
    sessionmaker,
    clock,
    campaign,
):
    clock.now = at(DUE - timedelta(days=7))
    time = FakeTime()

    async def instance(name: str) -> dict[str, int]:
        sender = Sender(app.bot, monotonic=time.monotonic, sleep=time.sleep)
        return await run_reminders(
            sender, sessionmaker, texts, settings.model_copy(update={"instance_id": name}), clock
        )

    results = await time.run(asyncio.gather(instance("host-a:1"), instance("host-b:1")))
    assert sum(result["sent"] for result in results) == 2  # two officials, one digest each
    assert len(app.session.sent_to(OFFICIAL)) == 1
    assert len(app.session.sent_to(OFFICIAL_KK)) == 1
    async with sessionmaker() as session:
        unsent = (
            select(func.count())
            .select_from(OutboxMessage)
            .where(OutboxMessage.dedupe_key.is_not(None), OutboxMessage.outcome.is_(None))
        )
        assert await session.scalar(unsent) == 0


def test_an_empty_instance_id_names_the_host_and_process():
    # .env.example leaves INSTANCE_ID empty: each process then has a name of its own.
    settings = Settings(_env_file=None, instance_id=" ")
    assert settings.instance_id == f"{socket.gethostname()}:{os.getpid()}"
    assert Settings(_env_file=None, instance_id="web-7").instance_id == "web-7"
