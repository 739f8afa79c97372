"""SIGTERM to the real `python -m bot run` process while updates are in flight, in polling and
in webhook mode: every update already taken is answered, nothing is logged as an error, the
process exits cleanly, and (polling) Telegram is told the updates were handled."""

from __future__ import annotations

import asyncio
import itertools
import os
import signal

import aiohttp
import pytest
from aiogram.fsm.storage.base import DefaultKeyBuilder, StorageKey
from sqlalchemy import select

from config import PROJECT_ROOT
from storage.models import FsmRecord
from tests.fake_bot_api import FakeBotApi
from tests.fixtures.processes import PYTHON, SECRET, free_port
from tests.harness import TEST_TOKEN

PEOPLE = range(7001, 7011)
_ids = itertools.count(1)


def start_update(user_id: int) -> dict[str, object]:
    user = {"id": user_id, "is_bot": False, "first_name": "Aru", "language_code": "en"}
    return {
        "message_id": next(_ids),
        "date": 1_790_000_000,
        "chat": {"id": user_id, "type": "private"},
        "from": user,
        "text": "/start",
    }


async def started(env: dict[str, str], cwd: str) -> asyncio.subprocess.Process:
    return await asyncio.create_subprocess_exec(
        *PYTHON,
        "-m",
        "bot",
        "run",
        env=env,
        cwd=cwd,
        stdout=asyncio.subprocess.DEVNULL,
        stderr=asyncio.subprocess.PIPE,
    )


class Lines:
    """The process's log, read as it comes."""

    def __init__(self, process: asyncio.subprocess.Process) -> None:
        self.lines: list[str] = []
        self._changed = asyncio.Condition()
        self.done = asyncio.create_task(self._read(process))

    async def _read(self, process: asyncio.subprocess.Process) -> None:
        assert process.stderr is not None
        async for raw in process.stderr:
            async with self._changed:
                self.lines.append(raw.decode(errors="replace").rstrip())
                self._changed.notify_all()

    async def seen(self, needle: str) -> None:
        async with self._changed:
            await self._changed.wait_for(lambda: any(needle in line for line in self.lines))

    @property
    def text(self) -> str:
        return "\n".join(self.lines)


@pytest.mark.parametrize("mode", ["polling", "webhook"])
async def test_sigterm_with_updates_in_flight_answers_every_one(
    database_url, sessionmaker, tmp_path, mode
):
    # Each person is half-way through the form: their /start leaves it (after the greeting,
    # the state change commits), so the database shows whether each update ran to its end.
    keys = DefaultKeyBuilder(with_destiny=True)
    bot_id = int(TEST_TOKEN.split(":")[0])
    async with sessionmaker() as session:
        for user in PEOPLE:
            key = keys.build(StorageKey(bot_id, user, user))
            session.add(FsmRecord(key=key, state="NominationForm:gender", data={"answers": {}}))
        await session.commit()
    api = FakeBotApi(TEST_TOKEN)
    await api.start()
    env = {
        key: value
        for key, value in os.environ.items()
        if key not in ("BOT_TOKEN", "DATABASE_URL", "REDIS_URL", "WEBHOOK_URL")
    }
    port = free_port()
    env |= {
        "PYTHONPATH": str(PROJECT_ROOT),
        "BOT_TOKEN": TEST_TOKEN,
        "DATABASE_URL": database_url,
        "TELEGRAM_API_URL": api.url,
        "POLLING_TIMEOUT": "1",
        "INSTANCE_ID": "stopping-1",
    }
    if mode == "webhook":
        env |= {
            "WEBHOOK_URL": "https://bot.example.kz/telegram/updates",
            "WEBHOOK_SECRET": SECRET,
            "WEB_PORT": str(port),
        }
    process = await started(env, str(tmp_path))
    lines = Lines(process)
    posts: list[asyncio.Task[int]] = []
    try:
        ready = "setWebhook" if mode == "webhook" else "getUpdates"
        await asyncio.wait_for(api.wait_for(lambda: api.called(ready)), 60)
        api.hold = asyncio.Event()  # Telegram is slow to take the replies: they are in flight
        if mode == "polling":
            ids = [api.push(message=start_update(user)) for user in PEOPLE]
        else:
            client = aiohttp.ClientSession()
            url = f"http://127.0.0.1:{port}/telegram/updates"
            headers = {"X-Telegram-Bot-Api-Secret-Token": SECRET}

            async def post(user: int) -> int:
                update = {"update_id": next(_ids), "message": start_update(user)}
                async with client.post(url, json=update, headers=headers) as answer:
                    return answer.status

            posts = [asyncio.create_task(post(user)) for user in PEOPLE]
        await asyncio.wait_for(
            api.wait_for(lambda: len(api.called("sendMessage")) == len(PEOPLE)), 60
        )

        process.send_signal(signal.SIGTERM)
        # The process takes the signal while every reply hangs, and waits for them: only
        # then does Telegram answer.
        waiting = asyncio.create_task(lines.seen("updates in flight"))
        exited = asyncio.create_task(process.wait())
        await asyncio.wait({waiting, exited}, timeout=60, return_when=asyncio.FIRST_COMPLETED)
        assert waiting.done() and process.returncode is None, lines.text
        api.hold.set()
        code = await asyncio.wait_for(process.wait(), 60)
        await lines.done
        log = lines.text
        if posts:
            assert await asyncio.gather(*posts) == [200] * len(PEOPLE)
            await client.close()
    finally:
        if process.returncode is None:
            process.kill()
            await process.wait()
        await api.stop()
    assert code == 0, log
    assert [len(api.sent_to(user)) for user in PEOPLE] == [1] * len(PEOPLE)
    assert " ERROR " not in log, log
    assert "KeyError" not in log
    async with sessionmaker() as session:
        rows = (await session.execute(select(FsmRecord.state, FsmRecord.data))).all()
    assert rows == [(None, {"answers": {}})] * len(PEOPLE)  # each left the form, draft kept
    if mode == "polling":
        assert api.confirmed == max(ids) + 1  # the next start is not handed them again
