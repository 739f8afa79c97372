"""A flood against the real bot process: `python -m bot run` long-polling a fake Bot API
(bench/crowd.py's) that keeps Telegram's limit (30 messages a second, 429 with retry_after
past it).

`--flooders` accounts each send a text `--rate` times a second for `--flood-seconds`, while
`--bystanders` ordinary people press through the bot at a human pace: each acts, waits for
the answer, and thinks 2-5 s before the next. Half of them are verified voters in a round
of 20 candidates: they open the vote from /start's menu and press the buttons of the card
they see (next, previous, vote, withdraw, filters). The other half fill in the nomination
form: they press its buttons and type answers (a name, a date, a story; some wrong, as
people's are) where it asks for text. A stage notification is written to the outbox every
`--every` seconds (as a decision on another instance would write it). Measured by this
process's clock:

- bystander_p95 / bystander_max: from a bystander's update to the bot's answer: the callback
  answer of a press, the first message after a text (during the flood);
- backlog_seconds: how long after the flood ends the bot still sends to the flooders;
- outbox_p95: from a notification's commit to its message (the postman finds rows written
  by another process within its poll of 5 s);
- rss_growth_mib: the bot's RSS after the backlog, less before the flood. The bystanders
  start `--warmup` seconds before the flood, so that what the bot keeps once every path
  they take has run once (compiled statements, a language's dates) is not counted as the
  flood's.

Last line: `bystander_p95=<s> bystander_max=<s> backlog_seconds=<s> outbox_p95=<s>
rss_growth_mib=<n>`. Targets (issue 21): ≤ 3, ≤ 10, ≤ 5, ≤ 10, ≤ 10.

    python bench/flood.py [--flooders 20] [--rate 5] [--flood-seconds 60] [--bystanders 200]
                          [--warmup 20]
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
    prepare,
    register_voters,
    wait_ready,
)

from services.texts import Text
from services.uow import Work
from storage.db import create_engine, create_sessionmaker

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

    def newest_buttons(
        self, chat_id: int, wanted: tuple[str, ...]
    ) -> tuple[dict[str, Any] | None, list[str]]:
        """The newest message in the chat, and the data of those of its buttons whose data
        starts as `wanted` does."""
        chat = self._chats.get(chat_id)
        if not chat:
            return None, []
        message = chat[max(chat)]
        rows = message.get("reply_markup", {}).get("inline_keyboard", [])
        data = [b["callback_data"] for row in rows for b in row if "callback_data" in b]
        return message, [d for d in data if d.startswith(wanted)]


def user(person: int) -> dict[str, Any]:
    return {"id": person, "is_bot": False, "first_name": "P", "language_code": "en"}


def text_update(api: FakeTelegram, person: int, text: str) -> dict[str, Any]:
    message: dict[str, Any] = {
        "message_id": next(_message_ids),
        "date": int(time.time()),
        "chat": {"id": person, "type": "private"},
        "from": user(person),
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


# What a form-filler types where the form asks for text: right and wrong, in turn.
ANSWERS = (
    "Сапарова Айгерім Бекқызы",
    "12.03.1985",
    "Семей",
    "Мұғалім",
    "Ауылда мектеп ашып, оқушыларын республикалық олимпиадаға дайындады. " * 3,
    "2019",
    "не знаю",
    "31.02.1985",
)
# The buttons each kind of bystander presses, by their callback data's prefix.
VOTER_BUTTONS = ("m:vote", "b:", "vt:", "bf:")
FORM_BUTTONS = ("m:nominate", "f:", "d:", "e:")


async def answer_of(api: CountingTelegram, person: int, asked: float, press: str | None) -> float:
    """Seconds until the bot answered: the callback answer of a press, the first message to
    the chat after a text; inf past a minute."""
    while True:
        if press is not None:
            answered = api.answered_at.get(press)
        else:
            answered = api.first_after(person, asked)
        if answered is not None:
            return answered - asked
        if time.monotonic() > asked + 60:
            return math.inf
        await asyncio.sleep(0.02)


async def bystander(
    api: CountingTelegram,
    person: int,
    voter: bool,
    times: tuple[float, float],
    rng: random.Random,
    actions: dict[str, list[float]],
    shown: list[float],
) -> None:
    """Acts until the flood ends; what it asked from the flood's start on is noted in
    `actions` (seconds to the answer, by what it did) and `shown` (seconds until what it
    changed was on screen)."""
    flood_starts, until = times
    await asyncio.sleep(rng.uniform(0, 3))
    wanted = VOTER_BUTTONS if voter else FORM_BUTTONS
    typed = itertools.cycle(ANSWERS)
    presses = itertools.count()
    while time.monotonic() < until:
        message, data = api.newest_buttons(person, wanted)
        asked = time.monotonic()
        press = None
        if message is not None and data:
            press = f"press-{person}-{next(presses)}"
            pressed = rng.choice(data)
            query = {
                "id": press,
                "from": user(person),
                "chat_instance": str(person),
                "message": message,
                "data": pressed,
            }
            await api.queue([api.new_update(callback_query=query)])
            kind = pressed.split(":")[0]
        elif message is None or voter:
            await api.queue([text_update(api, person, "/start")])
            kind = "/start"
        else:
            await api.queue([text_update(api, person, next(typed))])
            kind = "text"
        took = await answer_of(api, person, asked, press)
        # A person reads what the press changed (a card, the next question) before the next.
        seen = took if press is None else await answer_of(api, person, asked, None)
        if asked >= flood_starts:
            actions.setdefault(kind, []).append(took)
            shown.append(seen)
        if seen == math.inf:
            return
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
        await prepare(database.url)  # migrated, with a round of 20 candidates open
        people = [BYSTANDER + n for n in range(args.bystanders)]
        voters = set(people[::2])
        await register_voters(database.url, sorted(voters))
        bot = BotProcess(bot_env(api, database, args.limit, None), folder)
        try:
            await bot.start()
            if not await wait_ready(bot, api, webhook=False):
                print("the bot did not start; its log:", file=sys.stderr)
                print(bot.log, file=sys.stderr)
                return 1
            assert bot.process is not None
            await asyncio.sleep(2)
            # The bystanders start first, for `--warmup` seconds: what the bot keeps once
            # every path they take has run once is not what the flood added.
            started = time.monotonic() + args.warmup
            flood_ends = started + args.flood_seconds
            rng = random.Random(2026)
            written: dict[int, float] = {}
            actions: dict[str, list[float]] = {}
            shown: list[float] = []
            acting = asyncio.gather(
                *(
                    bystander(
                        api, person, person in voters, (started, flood_ends), rng, actions, shown
                    )
                    for person in people
                )
            )
            await asyncio.sleep(args.warmup)
            rss_before = rss_mib(bot.process.pid)
            flooding = asyncio.create_task(flood(api, args))
            await notifications(database.url, flood_ends, args.every, written)
            await acting
            flood_ended = await flooding
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
            latencies = [took for kind in actions.values() for took in kind]
            sent = args.flooders * int(args.flood_seconds * args.rate)
            print(
                f"flooder_texts={sent} flooder_messages={answered}"
                f" bystander_requests={len(latencies)} notifications={len(written)}"
                f" answered_429={api.answered_429} errors_in_log={len(bot.errors())}"
            )
            print(
                "bystander_actions (count p95):",
                *(f"{k}={len(v)},{p95(v):.2f}" for k, v in sorted(actions.items())),
            )
            print(f"shown_p95={p95(shown):.2f} shown_max={max(shown, default=math.nan):.2f}")
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
    parser.add_argument("--warmup", type=float, default=20.0, help="seconds of bystanders first")
    parser.add_argument("--bystanders", type=int, default=200)
    parser.add_argument("--every", type=float, default=2.0, help="seconds between notifications")
    parser.add_argument("--limit", type=float, default=30.0, help="messages a second")
    sys.exit(asyncio.run(main(parser.parse_args())))
