"""A flood against the real bot process: `python -m bot run` long-polling a fake Bot API
(bench/crowd.py's) that keeps Telegram's limit (30 messages a second, 429 with retry_after
past it).

`--flooders` accounts each send a text `--rate` times a second for `--flood-seconds`, while
`--bystanders` ordinary people each send /start, wait for the answer, and think 2-5 s before
the next, and a stage notification is written to the outbox every `--every` seconds (as a
decision on another instance would write it). Measured by this process's clock:

- bystander_p95 / bystander_max: from a bystander's /start to the first message in their chat
  after it (during the flood);
- backlog_seconds: how long after the flood ends the bot still sends to the flooders;
- outbox_p95: from a notification's commit to its message (the postman finds rows written
  by another process within its poll of 5 s);
- rss_growth_mib: the bot's RSS after the backlog, less before the flood.

Last line: `bystander_p95=<s> bystander_max=<s> backlog_seconds=<s> outbox_p95=<s>
rss_growth_mib=<n>`. Targets (issue 21): ≤ 3, ≤ 10, ≤ 5, ≤ 10, ≤ 10.

    python bench/flood.py [--flooders 20] [--rate 5] [--flood-seconds 60] [--bystanders 200]
"""

from __future__ import annotations

import argparse
import asyncio
import itertools
import math
import random
import sys
import tempfile
import time
from collections.abc import Callable
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from crowd import (
    BotProcess,
    Database,
    FakeTelegram,
    bot_env,
    wait_ready,
)

from services.texts import Text
from services.uow import Work
from storage.db import create_engine, create_sessionmaker, migrate

FLOODER = 600_000  # the flooders' ids: FLOODER, FLOODER + 1, …
BYSTANDER = 700_000
NOTIFIED = 800_000
_message_ids = itertools.count(1)


class CountingTelegram(FakeTelegram):
    """The fake API, noting when each message reached each chat."""

    def __init__(self, limit: float) -> None:
        super().__init__(limit, share_429=0.0)
        self.messages: dict[int, list[float]] = {}

    def _send(self, params: dict[str, Any]) -> dict[str, Any]:
        self.messages.setdefault(int(params["chat_id"]), []).append(time.monotonic())
        return super()._send(params)

    def _edit(self, method: str, params: dict[str, Any]) -> dict[str, Any] | None:
        self.messages.setdefault(int(params.get("chat_id") or 0), []).append(time.monotonic())
        return super()._edit(method, params)

    def first_after(self, chat_id: int, moment: float) -> float | None:
        return next((t for t in self.messages.get(chat_id, []) if t >= moment), None)


def text_update(api: FakeTelegram, person: int, text: str) -> dict[str, Any]:
    user = {"id": person, "is_bot": False, "first_name": "P", "language_code": "en"}
    message: dict[str, Any] = {
        "message_id": next(_message_ids),
        "date": int(time.time()),
        "chat": {"id": person, "type": "private"},
        "from": user,
        "text": text,
    }
    if text.startswith("/"):
        message["entities"] = [{"type": "bot_command", "offset": 0, "length": len(text)}]
    return api.new_update(message=message)


async def until(done: Callable[[], bool], seconds: float) -> None:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if done():
            return
        await asyncio.sleep(0.1)


def rss_mib(pid: int) -> float:
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1]) / 1024
    return math.nan


def p95(values: list[float]) -> float:
    if not values:
        return math.nan
    ordered = sorted(values)
    return ordered[max(0, math.ceil(0.95 * len(ordered)) - 1)]


async def flood(api: FakeTelegram, args: argparse.Namespace) -> float:
    """The flood; returns when its last texts were sent, after the pause a tick lasts."""
    flooders = [FLOODER + n for n in range(args.flooders)]
    ticks = int(args.flood_seconds * args.rate)
    started = time.monotonic()
    for tick in range(ticks):
        await api.queue([text_update(api, person, f"spam {tick}") for person in flooders])
        await asyncio.sleep(max(0.0, started + (tick + 1) / args.rate - time.monotonic()))
    return time.monotonic()


async def bystander(
    api: CountingTelegram, person: int, until: float, latencies: list[float], rng: random.Random
) -> None:
    await asyncio.sleep(rng.uniform(0, 3))
    while time.monotonic() < until:
        asked = time.monotonic()
        await api.queue([text_update(api, person, "/start")])
        while (answered := api.first_after(person, asked)) is None:
            if time.monotonic() > asked + 60:
                latencies.append(math.inf)
                return
            await asyncio.sleep(0.02)
        latencies.append(answered - asked)
        await asyncio.sleep(rng.uniform(2, 5))


async def notifications(url: str, until: float, every: float, written: dict[int, float]) -> None:
    engine = create_engine(url)
    work = Work(create_sessionmaker(engine), lambda: datetime.now(UTC))
    try:
        for n in itertools.count():
            if time.monotonic() >= until:
                break
            async with work() as uow, uow.transaction():
                uow.notify(NOTIFIED + n, Text("round-closed-auto", round=n + 1))
            written[NOTIFIED + n] = time.monotonic()
            await asyncio.sleep(every)
    finally:
        await engine.dispose()


async def main(args: argparse.Namespace) -> int:
    api = CountingTelegram(args.limit)
    await api.start()
    print(
        f"flooders={args.flooders} rate={args.rate:g}/s flood_seconds={args.flood_seconds:g}"
        f" bystanders={args.bystanders} limit={args.limit:g}"
    )
    with tempfile.TemporaryDirectory(prefix="flood-") as folder:
        database = Database(Path(folder), None)
        engine = create_engine(database.url)
        await migrate(engine)
        await engine.dispose()
        bot = BotProcess(bot_env(api, database, args.limit, None), folder)
        try:
            await bot.start()
            if not await wait_ready(bot, api, webhook=False):
                print("the bot did not start; its log:", file=sys.stderr)
                print(bot.log, file=sys.stderr)
                return 1
            assert bot.process is not None
            await asyncio.sleep(2)
            rss_before = rss_mib(bot.process.pid)
            started = time.monotonic()
            flood_ends = started + args.flood_seconds
            rng = random.Random(2026)
            latencies: list[float] = []
            written: dict[int, float] = {}
            flood_ended, *_ = await asyncio.gather(
                flood(api, args),
                notifications(database.url, flood_ends, args.every, written),
                *(
                    bystander(api, BYSTANDER + n, flood_ends, latencies, rng)
                    for n in range(args.bystanders)
                ),
            )
            flooders = range(FLOODER, FLOODER + args.flooders)

            def last_to_flooders() -> float:
                return max((api.messages.get(p, [0.0])[-1] for p in flooders), default=0.0)

            # The backlog is over once nothing has gone to a flooder for 3 s.
            await until(lambda: time.monotonic() - max(last_to_flooders(), flood_ended) >= 3.0, 600)
            backlog = max(0.0, last_to_flooders() - flood_ended)
            await until(
                lambda: all(api.first_after(c, at) is not None for c, at in written.items()), 30
            )
            rss_after = rss_mib(bot.process.pid)
            delays = [
                (api.first_after(chat, moment) or math.inf) - moment
                for chat, moment in written.items()
            ]
            answered = sum(len(api.messages.get(p, [])) for p in flooders)
            sent = args.flooders * int(args.flood_seconds * args.rate)
            print(
                f"flooder_texts={sent} flooder_messages={answered}"
                f" bystander_requests={len(latencies)} notifications={len(written)}"
                f" answered_429={api.answered_429} errors_in_log={len(bot.errors())}"
            )
            code = await bot.stop()
            print(f"bot_exit_code={code}")
        finally:
            await bot.stop()
            await api.stop()
    print(
        f"bystander_p95={p95(latencies):.2f} bystander_max={max(latencies, default=math.nan):.2f}"
        f" backlog_seconds={backlog:.2f} outbox_p95={p95(delays):.2f}"
        f" rss_growth_mib={rss_after - rss_before:.1f}"
    )
    return 0


if __name__ == "__main__":
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--flooders", type=int, default=20)
    parser.add_argument("--rate", type=float, default=5.0, help="texts a second per flooder")
    parser.add_argument("--flood-seconds", type=float, default=60.0)
    parser.add_argument("--bystanders", type=int, default=200)
    parser.add_argument("--every", type=float, default=2.0, help="seconds between notifications")
    parser.add_argument("--limit", type=float, default=30.0, help="messages a second")
    sys.exit(asyncio.run(main(parser.parse_args())))
