"""A crowd against the real bot process: `python -m bot run` as a subprocess, talking over
HTTP to a fake Bot API on 127.0.0.1 that enforces an overall message rate (429 with
retry_after beyond it) and answers a share of message requests with 429 at random.

Two phases, each with N people acting at the same moment:

1. "/start": every person sends `/start`; measured from the moment the updates are queued
   (long polling) or posted (webhook) to the moment the fake API received the bot's reply in
   that person's chat.
2. "vote": every person, a verified voter by then, presses the vote button on a card the bot
   showed earlier; measured to the moment the fake API received answerCallbackQuery for that
   press. Afterwards the database must hold exactly one ballot per person.

A person not answered within `--timeout` counts as failed. For each phase it prints
answered, failed, p50 and p99 (seconds) and the ERROR lines the bot logged meanwhile; then
the ballots, the bot's exit code after SIGTERM, and last
`crowd_failed=<failed in both phases> p99=<the larger p99>`.

By default the bot long-polls on an SQLite file. `--webhook` delivers the updates to the
bot's webhook server instead (all at once, over many connections); `--postgres URL` (a
server, e.g. postgresql+asyncpg://postgres@127.0.0.1:5432/postgres) runs it on a database
created on that server for the run and dropped afterwards. Redis is never used.

    python bench/crowd.py [--people 1000] [--limit 30] [--share-429 0.01] [--timeout 180]
                          [--webhook --postgres URL]
"""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import itertools
import json
import math
import os
import random
import re
import sys
import tempfile
import time
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

import aiohttp
import asyncpg
from aiohttp import web
from sqlalchemy import func, select, update
from sqlalchemy.engine import make_url

from bot.callbacks import VoteCb
from domain.nomination import (
    CONSENT_VERSION,
    Achievement,
    Gender,
    NominationRecord,
    Source,
    Sphere,
)
from storage import repo
from storage import voting as store
from storage.db import create_engine, create_sessionmaker, migrate
from storage.models import Nomination
from storage.vote_tables import Ballot
from tests.fixtures.processes import BotProcess as TestsBotProcess
from tests.fixtures.processes import free_port

PROJECT = Path(__file__).resolve().parent.parent
TOKEN = "123456789:AAbenchmarkTokenThatIsNotReal_0123456"
VOTE_SECRET = "1xZX5FaBIyFxKdqdCt745WCvmZ16OryHaiCpzboMFtY"
WEBHOOK_URL = "https://bot.example.kz/telegram/updates"
WEBHOOK_SECRET = "bench-crowd-Secret_1"
BOT_USER = {"id": 7000000001, "is_bot": True, "first_name": "Bot", "username": "crowd_bench_bot"}
FIRST_PERSON = 500_000  # the crowd's user ids: FIRST_PERSON, FIRST_PERSON + 1, …
ORGANISER = 1  # opens the round
CANDIDATES = 20
LANGUAGES = ("kk", "ru", "en")
STARTUP_SECONDS = 120.0
STOP_SECONDS = 90.0
# The bot's log lines begin with a timestamp; lines without one continue the previous line.
LOG_LINE = re.compile(r"\d{4}-\d{2}-\d{2} ")
# Methods that put a message in a chat: the ones Telegram's flood limits count.
LIMITED = ("sendmessage", "editmessagetext", "editmessagereplymarkup")
TOO_MANY = {
    "ok": False,
    "error_code": 429,
    "description": "Too Many Requests: retry after 1",
    "parameters": {"retry_after": 1},
}


class TokenBucket:
    """`limit` requests a second with a small burst, as bench/reminders.py allows; a limit of
    0 allows everything."""

    def __init__(self, limit: float) -> None:
        self.limit = limit
        self.tokens = 1.0
        self.updated = time.monotonic()

    def take(self) -> bool:
        if self.limit <= 0:
            return True
        now = time.monotonic()
        burst = max(1.0, self.limit / 20)
        self.tokens = min(burst, self.tokens + (now - self.updated) * self.limit)
        self.updated = now
        if self.tokens >= 1.0:
            self.tokens -= 1.0
            return True
        return False


class FakeTelegram:
    """The Bot API as the bot sees it: getUpdates long polling (batches of up to 100,
    confirmed by offset), the methods the bot calls, and Telegram's flood limit on messages.

    It notes when each chat first got a message (`sent_at`) and when each button press was
    answered (`answered_at`), by this process's monotonic clock, which also timed the crowd."""

    def __init__(self, limit: float, share_429: float, seed: int = 2026) -> None:
        self.bucket = TokenBucket(limit)
        self.share_429 = share_429 if limit > 0 else 0.0
        self.random = random.Random(seed)
        self.url = ""
        self.polls = 0
        self.answered_429 = 0
        self.sent_at: dict[int, float] = {}
        self.answered_at: dict[str, float] = {}
        self._pending: list[dict[str, Any]] = []
        self._arrived = asyncio.Condition()
        self._update_ids = itertools.count(1)
        self._message_ids = itertools.count(1)
        self._chats: dict[int, dict[int, dict[str, Any]]] = {}
        self._runner: web.AppRunner | None = None

    async def start(self) -> None:
        app = web.Application()
        app.router.add_post("/bot{token}/{method}", self._handle)
        self._runner = web.AppRunner(app, access_log=None)
        await self._runner.setup()
        site = web.TCPSite(self._runner, "127.0.0.1", 0)
        await site.start()
        port = site._server.sockets[0].getsockname()[1]  # type: ignore[union-attr]
        self.url = f"http://127.0.0.1:{port}"

    async def stop(self) -> None:
        if self._runner is not None:
            await self._runner.cleanup()

    def new_update(self, **content: Any) -> dict[str, Any]:
        return {"update_id": next(self._update_ids), **content}

    async def queue(self, updates: list[dict[str, Any]]) -> None:
        """All at once, as a crowd arrives between two polls."""
        async with self._arrived:
            self._pending.extend(updates)
            self._arrived.notify_all()

    def show(self, chat_id: int, text: str, reply_markup: dict[str, Any]) -> dict[str, Any]:
        """A message the bot sent earlier (so that edits of it succeed); returned as a
        callback query carries it."""
        message = self._message(chat_id, text, reply_markup)
        self._chats.setdefault(chat_id, {})[message["message_id"]] = message
        return message

    def _message(self, chat_id: int, text: str, reply_markup: Any) -> dict[str, Any]:
        message = {
            "message_id": next(self._message_ids),
            "date": int(time.time()),
            "chat": {"id": chat_id, "type": "private"},
            "from": BOT_USER,
            "text": text,
        }
        # Only inline keyboards travel with a message the Bot API returns.
        if isinstance(reply_markup, dict) and "inline_keyboard" in reply_markup:
            message["reply_markup"] = reply_markup
        return message

    async def _handle(self, request: web.Request) -> web.Response:
        if request.match_info["token"] != TOKEN:
            return _error(401, "Unauthorized")
        method = request.match_info["method"].lower()
        params = dict(await request.post())
        if method == "getupdates":
            return _ok(await self._get_updates(params))
        if method in LIMITED and (not self.bucket.take() or self.random.random() < self.share_429):
            self.answered_429 += 1
            return web.json_response(TOO_MANY, status=429)
        if method == "getme":
            return _ok(BOT_USER)
        if method == "sendmessage":
            return _ok(self._send(params))
        if method in ("editmessagetext", "editmessagereplymarkup"):
            message = self._edit(method, params)
            if message is None:
                return _error(400, "Bad Request: message to edit not found")
            return _ok(message)
        if method == "answercallbackquery":
            self.answered_at.setdefault(str(params["callback_query_id"]), time.monotonic())
        # deleteWebhook, setMyCommands, setWebhook and anything else: done.
        return _ok(True)

    async def _get_updates(self, params: dict[str, Any]) -> list[dict[str, Any]]:
        self.polls += 1
        offset = int(params.get("offset") or 0)
        limit = min(int(params.get("limit") or 100), 100)
        wait = float(params.get("timeout") or 0)
        async with self._arrived:
            # Like Telegram, an update stays until a later offset confirms it.
            self._pending = [u for u in self._pending if u["update_id"] >= offset]
            if not self._pending and wait > 0:
                with contextlib.suppress(TimeoutError):
                    await asyncio.wait_for(self._arrived.wait_for(lambda: self._pending), wait)
            return self._pending[:limit]

    def _send(self, params: dict[str, Any]) -> dict[str, Any]:
        chat_id = int(params["chat_id"])
        message = self._message(chat_id, str(params.get("text", "")), _json(params))
        self._chats.setdefault(chat_id, {})[message["message_id"]] = message
        self.sent_at.setdefault(chat_id, time.monotonic())
        return message

    def _edit(self, method: str, params: dict[str, Any]) -> dict[str, Any] | None:
        chat = self._chats.get(int(params.get("chat_id") or 0), {})
        message = chat.get(int(params.get("message_id") or 0))
        if message is None:
            return None
        if method == "editmessagetext":
            message["text"] = str(params["text"])
        markup = _json(params)
        message.pop("reply_markup", None)
        if isinstance(markup, dict) and "inline_keyboard" in markup:
            message["reply_markup"] = markup
        return message


def _json(params: dict[str, Any]) -> Any:
    """The reply_markup parameter, which aiogram sends as JSON text."""
    raw = params.get("reply_markup")
    return json.loads(str(raw)) if raw else None


def _ok(result: Any) -> web.Response:
    return web.json_response({"ok": True, "result": result})


def _error(code: int, description: str) -> web.Response:
    return web.json_response(
        {"ok": False, "error_code": code, "description": description}, status=code
    )


class BotProcess(TestsBotProcess):
    """`python -m bot run` (the tests' own, `tests/fixtures/processes.py`), with what went
    wrong in its log."""

    stop_seconds = STOP_SECONDS

    def errors(self) -> list[str]:
        """The ERROR lines, each with the last line of the traceback under it (the exception
        itself), if one follows."""
        found = []
        for n, line in enumerate(self.lines):
            if " ERROR " not in line:
                continue
            after = self.lines[n + 1 :]
            traceback = list(itertools.takewhile(lambda text: not LOG_LINE.match(text), after))
            found.append(f"{line} | {traceback[-1].strip()}" if traceback else line)
        return found


class Database:
    """An SQLite file in the run's folder, or a database created on a PostgreSQL server for
    the run and dropped at the end."""

    def __init__(self, folder: Path, postgres: str | None) -> None:
        self.server = make_url(postgres) if postgres else None
        self.name = f"bench_crowd_{os.getpid()}"
        if self.server is None:
            self.url = f"sqlite+aiosqlite:///{folder / 'bot.db'}"
        else:
            database = self.server.set(drivername="postgresql+asyncpg", database=self.name)
            self.url = database.render_as_string(hide_password=False)

    async def _admin(self, statement: str) -> None:
        assert self.server is not None
        dsn = self.server.set(drivername="postgresql").render_as_string(hide_password=False)
        connection = await asyncpg.connect(dsn)
        try:
            await connection.execute(statement)
        finally:
            await connection.close()

    async def create(self) -> None:
        if self.server is not None:
            await self._admin(f"DROP DATABASE IF EXISTS {self.name} WITH (FORCE)")
            await self._admin(f"CREATE DATABASE {self.name}")

    async def drop(self) -> None:
        if self.server is not None:
            await self._admin(f"DROP DATABASE IF EXISTS {self.name} WITH (FORCE)")


def candidate(n: int, now: datetime) -> NominationRecord:
    return NominationRecord(
        is_self=True,
        nominator_name=None,
        nominator_phone=None,
        relation=None,
        source=Source.CITIZEN,
        full_name=f"Кандидат Нөмір{n}",
        birth_date=date(1980, 1, 1) + timedelta(days=n),
        gender=Gender.FEMALE if n % 2 else Gender.MALE,
        region_code="abai",
        settlement="Семей",
        ethnicity=None,
        occupation="—",
        sphere=Sphere.EDUCATION,
        achievements=(Achievement("Ауылда мектеп ашты, оқушылар олимпиада жеңді", 2015),),
        story="Табыс жолы. " * 40,
        photo_file_id=None,
        contact_phone="+77011234567",
        consent_version=CONSENT_VERSION,
        consent_at=now,
    )


async def prepare(url: str) -> tuple[int, list[int]]:
    """Migrations, candidates put to the vote and a round running now by the real clock (the
    bot counts votes by it). Returns the round's id and its candidates."""
    now = datetime.now(UTC)
    engine = create_engine(url)
    try:
        await migrate(engine)
        async with create_sessionmaker(engine)() as session:
            await repo.get_or_create_user(session, ORGANISER, "Organiser", None, "ru", now)
            for n in range(CANDIDATES):
                await repo.create_nomination(session, candidate(n, now), ORGANISER, now, 2026)
            await session.execute(update(Nomination).values(status="on_vote"))
            vote_round = await store.open_round(
                session, now - timedelta(hours=1), now + timedelta(days=7), ORGANISER, now
            )
            ids = list(await session.scalars(select(Nomination.id).order_by(Nomination.id)))
            await session.commit()
            return vote_round.id, ids
    finally:
        await engine.dispose()


async def register_voters(url: str, people: list[int]) -> None:
    """Everybody in the crowd becomes a verified voter. Done between the phases, so that
    /start meets people the bot has never seen, as a real crowd's first visit does."""
    now = datetime.now(UTC)
    engine = create_engine(url)
    try:
        async with create_sessionmaker(engine)() as session:
            for person in people:
                await repo.get_or_create_user(session, person, "P", None, _language(person), now)
                await store.register_voter(session, person, f"+7701{person:07d}", now)
            await session.commit()
    finally:
        await engine.dispose()


async def count_ballots(url: str) -> tuple[int, int]:
    """Ballots stored, and how many different voters cast them."""
    engine = create_engine(url)
    try:
        async with create_sessionmaker(engine)() as session:
            # One statement, so both figures see the same moment even while the bot writes.
            query = select(func.count(), func.count(func.distinct(Ballot.voter_hash)))
            ballots, voters = (await session.execute(query.select_from(Ballot))).one()
            return int(ballots), int(voters)
    finally:
        await engine.dispose()


def _language(person: int) -> str:
    return LANGUAGES[person % len(LANGUAGES)]


def _user(person: int) -> dict[str, Any]:
    return {"id": person, "is_bot": False, "first_name": "P", "language_code": _language(person)}


def start_messages(api: FakeTelegram, people: list[int]) -> list[dict[str, Any]]:
    return [
        api.new_update(
            message={
                "message_id": 1,
                "date": int(time.time()),
                "chat": {"id": person, "type": "private"},
                "from": _user(person),
                "text": "/start",
                "entities": [{"type": "bot_command", "offset": 0, "length": 6}],
            }
        )
        for person in people
    ]


def vote_presses(
    api: FakeTelegram, people: list[int], round_id: int, candidates: list[int]
) -> list[dict[str, Any]]:
    """One press per person, on a card in their chat with its vote button, so the bot's edit
    of the button (voted) finds the message."""
    updates = []
    for n, person in enumerate(people):
        data = VoteCb(round_id=round_id, nomination_id=candidates[n % len(candidates)], cast=True)
        markup = {"inline_keyboard": [[{"text": "Vote", "callback_data": data.pack()}]]}
        card = api.show(person, "card", markup)
        query = {
            "id": f"press-{person}",
            "from": _user(person),
            "chat_instance": str(person),
            "message": card,
            "data": data.pack(),
        }
        updates.append(api.new_update(callback_query=query))
    return updates


@dataclass
class Outcome:
    name: str
    people: int
    latencies: list[float]
    errors: list[str]
    # Webhook requests not answered 200 (refused, or cut off at the timeout); -1: the
    # timeout passed with requests still in flight.
    rejected: int = 0

    @property
    def failed(self) -> int:
        return self.people - len(self.latencies)

    def p(self, share: float) -> float:
        """Nearest-rank percentile of the answered; NaN when nobody was."""
        if not self.latencies:
            return math.nan
        ordered = sorted(self.latencies)
        return ordered[max(0, math.ceil(share * len(ordered)) - 1)]

    def line(self) -> str:
        return (
            f"phase={self.name} people={self.people} answered={len(self.latencies)}"
            f" failed={self.failed} p50={self.p(0.5):.3f} p99={self.p(0.99):.3f}"
            f" errors_in_log={len(self.errors)}"
        )


class Delivery:
    """How updates reach the bot: queued for getUpdates, or posted to its webhook."""

    def __init__(self, api: FakeTelegram, web_port: int | None, connections: int) -> None:
        self.api = api
        self.web_port = web_port
        self.connections = connections

    async def send(self, updates: list[dict[str, Any]], seconds: float) -> int:
        """Deliver them all at once; returns how many the bot refused (webhook only)."""
        if self.web_port is None:
            await self.api.queue(updates)
            return 0
        url = f"http://127.0.0.1:{self.web_port}/telegram/updates"
        headers = {"X-Telegram-Bot-Api-Secret-Token": WEBHOOK_SECRET}
        connector = aiohttp.TCPConnector(limit=self.connections)
        limits = aiohttp.ClientTimeout(total=seconds)
        async with aiohttp.ClientSession(connector=connector, timeout=limits) as client:

            async def post(update: dict[str, Any]) -> bool:
                try:
                    async with client.post(url, json=update, headers=headers) as answer:
                        return answer.status == 200
                except (aiohttp.ClientError, TimeoutError):
                    return False

            accepted = await asyncio.gather(*(post(update) for update in updates))
        return accepted.count(False)


async def run_phase(
    name: str,
    updates: list[dict[str, Any]],
    keys: list[Any],
    answered: dict[Any, float],
    delivery: Delivery,
    bot: BotProcess,
    seconds: float,
) -> Outcome:
    """Deliver the updates at one moment and wait until each key shows up in `answered` (the
    fake API's record of replies) or `seconds` pass."""
    errors_before = len(bot.errors())
    started = time.monotonic()
    deadline = started + seconds
    sending = asyncio.create_task(delivery.send(updates, seconds))
    waiting = set(keys)
    while waiting and time.monotonic() < deadline and not bot.exited:
        await asyncio.sleep(0.05)
        waiting = {key for key in waiting if key not in answered}
    # Webhook requests end when their update is handled; give them what is left of the time.
    # After a timeout the bot may still be working on this phase when the next begins: the
    # figures then say so (failed people), they do not wait it out.
    try:
        rejected = await asyncio.wait_for(sending, max(0.1, deadline - time.monotonic()))
    except TimeoutError:
        rejected = -1
    latencies = [answered[key] - started for key in keys if key in answered]
    latencies = [t for t in latencies if t <= seconds]
    return Outcome(name, len(keys), latencies, bot.errors()[errors_before:], rejected)


def bot_env(
    api: FakeTelegram, database: Database, limit: float, web_port: int | None
) -> dict[str, str]:
    inherited = ("REDIS_URL", "WEBHOOK_URL", "WEBHOOK_SECRET", "DATABASE_URL", "WEB_PORT")
    env = {key: value for key, value in os.environ.items() if key not in inherited}
    env |= {
        "PYTHONPATH": str(PROJECT),
        "BOT_TOKEN": TOKEN,
        "DATABASE_URL": database.url,
        "TELEGRAM_API_URL": api.url,
        "POLLING_TIMEOUT": "1",
        # The bot paces itself at the limit it is told; 1000 is the most it accepts.
        "SEND_PER_SECOND": f"{limit if limit > 0 else 1000:g}",
        "VOTE_SECRET": VOTE_SECRET,
        "VOTES_PER_VOTER": "0",
    }
    if web_port is not None:
        env |= {
            "WEBHOOK_URL": WEBHOOK_URL,
            "WEBHOOK_SECRET": WEBHOOK_SECRET,
            "WEB_PORT": str(web_port),
        }
    return env


async def wait_ready(bot: BotProcess, api: FakeTelegram, webhook: bool) -> bool:
    """Ready when it first polls, or, in webhook mode, when it says it listens."""
    deadline = time.monotonic() + STARTUP_SECONDS
    while time.monotonic() < deadline and not bot.exited:
        ready = bot.logged("webhook set; listening") if webhook else api.polls > 0
        if ready:
            return True
        await asyncio.sleep(0.05)
    return False


def print_errors(outcome: Outcome, shown: int = 5) -> None:
    """The first ERROR lines, so a failing run says what failed."""
    for line in outcome.errors[:shown]:
        print(f"  {line}")
    if len(outcome.errors) > shown:
        print(f"  … and {len(outcome.errors) - shown} more")


async def crowd(
    api: FakeTelegram,
    bot: BotProcess,
    delivery: Delivery,
    database: Database,
    vote_round: tuple[int, list[int]],
    args: argparse.Namespace,
) -> list[Outcome]:
    people = [FIRST_PERSON + n for n in range(args.people)]
    round_id, candidates = vote_round
    starts = start_messages(api, people)
    first = await run_phase("start", starts, people, api.sent_at, delivery, bot, args.timeout)
    print(first.line() + _rejected(first, delivery))
    print_errors(first)

    await register_voters(database.url, people)
    presses = vote_presses(api, people, round_id, candidates)
    ids = [update["callback_query"]["id"] for update in presses]
    second = await run_phase("vote", presses, ids, api.answered_at, delivery, bot, args.timeout)
    print(second.line() + _rejected(second, delivery))
    print_errors(second)
    ballots, voters = await count_ballots(database.url)
    print(f"ballots={ballots} expected={args.people} distinct_voters={voters}")
    return [first, second]


def _rejected(outcome: Outcome, delivery: Delivery) -> str:
    if delivery.web_port is None:
        return ""
    return f" webhook_not_200={'in flight' if outcome.rejected < 0 else outcome.rejected}"


async def main(args: argparse.Namespace) -> int:
    api = FakeTelegram(args.limit, args.share_429)
    await api.start()
    web_port = free_port() if args.webhook else None
    mode = "webhook" if args.webhook else "polling"
    print(
        f"mode={mode} database={'postgresql' if args.postgres else 'sqlite'}"
        f" people={args.people} limit={args.limit:g} share_429={api.share_429:g}"
    )
    with tempfile.TemporaryDirectory(prefix="crowd-") as folder:
        database = Database(Path(folder), args.postgres)
        await database.create()
        bot = BotProcess(bot_env(api, database, args.limit, web_port), folder)
        try:
            vote_round = await prepare(database.url)
            await bot.start()
            if not await wait_ready(bot, api, args.webhook):
                code = await bot.stop()
                print(f"the bot did not start (exit code {code}); its log:", file=sys.stderr)
                print("\n".join(bot.lines), file=sys.stderr)
                return 1
            delivery = Delivery(api, web_port, connections=max(100, args.people))
            outcomes = await crowd(api, bot, delivery, database, vote_round, args)
            errors_before_stop = len(bot.errors())
            code = await bot.stop()
            print(
                f"bot_exit_code={code} errors_while_stopping="
                f"{len(bot.errors()) - errors_before_stop} answered_429={api.answered_429}"
            )
        finally:
            await bot.stop()
            await api.stop()
            await database.drop()
    failed = sum(outcome.failed for outcome in outcomes)
    # A phase nobody was answered in has no p99 (NaN), which max() would not propagate.
    p99s = [outcome.p(0.99) for outcome in outcomes]
    worst = math.nan if any(math.isnan(p) for p in p99s) else max(p99s)
    print(f"crowd_failed={failed} p99={worst:.3f}")
    return 0


if __name__ == "__main__":
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--people", type=int, default=1000)
    parser.add_argument(
        "--limit", type=float, default=30.0, help="messages a second the API allows (0: no limit)"
    )
    parser.add_argument("--share-429", type=float, default=0.01)
    parser.add_argument("--timeout", type=float, default=180.0, help="seconds per phase")
    parser.add_argument("--webhook", action="store_true", help="post updates to a webhook")
    parser.add_argument("--postgres", default=None, help="a PostgreSQL server's URL")
    sys.exit(asyncio.run(main(parser.parse_args())))
