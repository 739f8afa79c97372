"""Idle memory: the resident set of the real `python -m bot run` process once it has started
(migrated, loaded the plan, set its commands and is long-polling a fake Bot API on
127.0.0.1), against a baseline measured in the same run: a Python process that has only
imported aiogram (which alone takes most of it, aiogram issue #1513). Both run as `make run`
runs the bot, `python -OO` (`tests.fixtures.processes.PYTHON`).

Prints both, and last what the bot adds: `above_aiogram_mib=<x>` (target: at most 40).

With `--people N`, first what the process keeps per person it has seen: N distinct people
pass the per-person lock (`bot.fsm.PersonLocks`, 1,000 at a time) and leave a conversation
state with a kilobyte's draft and a person row in the rows remembered on SQLite
(`services.rows.Remembered`); prints what each keeps and the memory still allocated
(tracemalloc) as `people=<N> locks_kept=<n> remembered=<n> kept_mib=<x>`.

    python bench/memory.py [--settle 3] [--people 100000]
"""

from __future__ import annotations

import argparse
import asyncio
import os
import sys
import tempfile
import tracemalloc
from pathlib import Path

from aiohttp import web

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from tests.fixtures.processes import PYTHON  # noqa: E402  (the bot's interpreter and flags)

TOKEN = "123456789:AAbenchmarkTokenThatIsNotReal_0123456"


def rss_mib(pid: int) -> float:
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1]) / 1024
    raise RuntimeError("no VmRSS")


async def aiogram_alone() -> float:
    process = await asyncio.create_subprocess_exec(
        *PYTHON,
        "-c",
        "import aiogram, sys; sys.stdout.write('ready\\n'); sys.stdout.flush(); sys.stdin.read()",
        stdin=asyncio.subprocess.PIPE,
        stdout=asyncio.subprocess.PIPE,
    )
    assert process.stdout is not None and process.stdin is not None
    await process.stdout.readline()
    measured = rss_mib(process.pid)
    process.stdin.close()
    await process.wait()
    return measured


class FakeApi:
    """Just enough Bot API for a bot to start and long-poll an empty queue."""

    def __init__(self) -> None:
        self.polled = asyncio.Event()

    async def handle(self, request: web.Request) -> web.Response:
        method = request.match_info["method"].lower()
        if method == "getme":
            user = {"id": 1, "is_bot": True, "first_name": "Bot", "username": "bench_bot"}
            return web.json_response({"ok": True, "result": user})
        if method == "getupdates":
            self.polled.set()
            await asyncio.sleep(1)  # a long poll with nothing to hand out
            return web.json_response({"ok": True, "result": []})
        return web.json_response({"ok": True, "result": True})


async def bot_idle(settle: float) -> float:
    api = FakeApi()
    app = web.Application()
    app.router.add_post("/bot{token}/{method}", api.handle)
    runner = web.AppRunner(app)
    await runner.setup()
    site = web.TCPSite(runner, "127.0.0.1", 0)
    await site.start()
    port = site._server.sockets[0].getsockname()[1]  # type: ignore[union-attr]
    with tempfile.TemporaryDirectory() as folder:
        env = {k: v for k, v in os.environ.items() if k not in ("REDIS_URL", "WEBHOOK_URL")}
        env |= {
            "PYTHONPATH": str(ROOT),
            "BOT_TOKEN": TOKEN,
            "DATABASE_URL": f"sqlite+aiosqlite:///{folder}/bot.db",
            "TELEGRAM_API_URL": f"http://127.0.0.1:{port}",
            "POLLING_TIMEOUT": "1",
        }
        # Start once to migrate a new database, as `make run` does the first time; the idle
        # process measured is the next start, on a database already current.
        for _ in range(2):
            api.polled.clear()
            process = await asyncio.create_subprocess_exec(
                *PYTHON,
                "-m",
                "bot",
                "run",
                env=env,
                cwd=folder,
                stdout=asyncio.subprocess.DEVNULL,
                stderr=asyncio.subprocess.PIPE,
            )
            await asyncio.wait_for(api.polled.wait(), 60)
            await asyncio.sleep(settle)  # idle: the start-up work is over
            measured = rss_mib(process.pid)
            process.terminate()
            await process.wait()
    await runner.cleanup()
    return measured


async def per_person(people: int) -> None:
    from contextlib import AsyncExitStack

    from aiogram.fsm.storage.base import StorageKey

    from bot.fsm import PersonLocks
    from services.rows import Remembered
    from storage.fsm import FsmRow
    from storage.repo import PersonRow, UserRow

    locks, remembered = PersonLocks(), Remembered()
    tracemalloc.start()
    before = tracemalloc.get_traced_memory()[0]
    for first in range(1, people + 1, 1000):
        async with AsyncExitStack() as held:
            for user_id in range(first, min(first + 1000, people + 1)):
                key = StorageKey(bot_id=1, chat_id=user_id, user_id=user_id)
                await held.enter_async_context(locks.lock(key))
                draft = {"full_name": f"Сапарова Айгерім {user_id}", "story": "ә" * 400}
                remembered.states[f"fsm:{user_id}"] = FsmRow("NominationForm:story", draft)
                user = UserRow(user_id, "Aigerim", None, "kk", "kk", None, None)
                remembered.people[user_id] = PersonRow(user, False, 0)
    kept = tracemalloc.get_traced_memory()[0] - before
    tracemalloc.stop()
    print(
        f"people={people} locks_kept={len(locks)} remembered={len(remembered.states)}"
        f" kept_mib={kept / 2**20:.1f}"
    )


async def main(settle: float, people: int) -> None:
    if people:
        await per_person(people)
    baseline = await aiogram_alone()
    idle = await bot_idle(settle)
    print(f"aiogram_alone_rss_mib={baseline:.1f}")
    print(f"bot_idle_rss_mib={idle:.1f}")
    print(f"above_aiogram_mib={idle - baseline:.1f}")


if __name__ == "__main__":
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--settle", type=float, default=3.0, help="seconds idle before measuring")
    parser.add_argument("--people", type=int, default=0, help="distinct people (0: skip)")
    args = parser.parse_args()
    asyncio.run(main(args.settle, args.people))
