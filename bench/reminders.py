"""Reminder delivery: digests to N recipients through the real sender and aiogram's HTTP
session, against a fake Bot API on 127.0.0.1 that enforces an overall rate (answering 429
with retry_after beyond it) and also answers a share of requests with 429 at random.

Prints the achieved rate, the limit, how many were lost or duplicated, and last
`delivery_efficiency=<achieved/limit>`. The limit is a parameter so the run stays short.

    python bench/reminders.py [--limit 200] [--recipients 2000] [--share-429 0.01]
"""

from __future__ import annotations

import argparse
import asyncio
import random
import sys
import time
from collections import Counter
from pathlib import Path

from aiohttp import web

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from aiogram import Bot
from aiogram.client.session.aiohttp import AiohttpSession
from aiogram.client.telegram import TelegramAPIServer

from bot.sender import Message, Outcome, Sender

TOKEN = "123456789:AAbenchmarkTokenThatIsNotReal_0123456"
DIGEST = "План кампании: отчёты, которые ещё ждут от вашего ведомства\n" + "• Пункт 10 …\n" * 8


class RateLimitedApi:
    """Bot API sendMessage with a token bucket of `limit` per second (small burst)."""

    def __init__(self, limit: float, share_429: float, seed: int = 7) -> None:
        self.limit = limit
        self.share_429 = share_429
        self.random = random.Random(seed)
        self.tokens = 1.0
        self.updated = time.monotonic()
        self.delivered: Counter[int] = Counter()
        self.answered_429 = 0
        self.message_ids = 0

    def _take(self) -> bool:
        now = time.monotonic()
        self.tokens = min(
            max(1.0, self.limit / 20), self.tokens + (now - self.updated) * self.limit
        )
        self.updated = now
        if self.tokens >= 1.0:
            self.tokens -= 1.0
            return True
        return False

    async def handle(self, request: web.Request) -> web.Response:
        form = await request.post()
        if request.match_info["method"].lower() != "sendmessage":
            return web.json_response({"ok": True, "result": True})
        if self.random.random() < self.share_429 or not self._take():
            self.answered_429 += 1
            return web.json_response(
                {
                    "ok": False,
                    "error_code": 429,
                    "description": "Too Many Requests: retry after 1",
                    "parameters": {"retry_after": 1},
                },
                status=429,
            )
        chat_id = int(str(form["chat_id"]))
        self.delivered[chat_id] += 1
        self.message_ids += 1
        return web.json_response(
            {
                "ok": True,
                "result": {
                    "message_id": self.message_ids,
                    "date": 0,
                    "chat": {"id": chat_id, "type": "private"},
                    "text": str(form.get("text", "")),
                },
            }
        )


async def main(limit: float, recipients: int, share_429: float) -> float:
    api = RateLimitedApi(limit, share_429)
    app = web.Application()
    app.router.add_post("/bot{token}/{method}", api.handle)
    runner = web.AppRunner(app)
    await runner.setup()
    site = web.TCPSite(runner, "127.0.0.1", 0)
    await site.start()
    port = site._server.sockets[0].getsockname()[1]  # type: ignore[union-attr]
    session = AiohttpSession(api=TelegramAPIServer.from_base(f"http://127.0.0.1:{port}"))
    bot = Bot(TOKEN, session=session)
    sender = Sender(bot, per_second=limit, per_chat_interval=1.0, concurrency=50)
    try:
        started = time.perf_counter()
        outcomes = await sender.send_many(Message(1_000_000 + n, DIGEST) for n in range(recipients))
        elapsed = time.perf_counter() - started
    finally:
        await session.close()
        await runner.cleanup()
    delivered = len(api.delivered)
    duplicated = sum(count - 1 for count in api.delivered.values() if count > 1)
    lost = recipients - delivered
    achieved = delivered / elapsed
    print(f"recipients={recipients} limit_per_second={limit:.0f} elapsed_seconds={elapsed:.2f}")
    print(f"achieved_per_second={achieved:.1f} answered_429={api.answered_429}")
    print(f"sent={outcomes.count(Outcome.SENT)} failed={outcomes.count(Outcome.FAILED)}")
    print(f"lost={lost} duplicated={duplicated}")
    efficiency = achieved / limit
    print(f"delivery_efficiency={efficiency:.3f}")
    return efficiency


if __name__ == "__main__":
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument(
        "--limit", type=float, default=200.0, help="messages a second the API allows"
    )
    parser.add_argument("--recipients", type=int, default=2000)
    parser.add_argument("--share-429", type=float, default=0.01)
    args = parser.parse_args()
    asyncio.run(main(args.limit, args.recipients, args.share_429))
