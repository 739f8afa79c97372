"""Two bot processes in webhook mode on one PostgreSQL, as a deployment runs them behind a load
balancer: the same vote presses reach both, a reminder comes due, and when the leader stops
the other takes the scheduled jobs over. Each ballot is stored once, each reminder sent once.

Runs in the suite's PostgreSQL pass (several instances need a database server)."""

from __future__ import annotations

import asyncio
import itertools
import os
from collections import Counter
from datetime import UTC, datetime, timedelta
from typing import Any
from zoneinfo import ZoneInfo

import aiohttp
import pytest
from sqlalchemy import func, select

from bot.callbacks import VoteCb
from config import PROJECT_ROOT, REGIONS_PATH
from domain.plan import parse_plan
from domain.regions import load_regions
from storage import plan as plan_store
from storage import repo
from storage import voting as store
from storage.models import OutboxMessage, RoleGrant
from storage.plan_tables import Agency
from storage.vote_tables import Ballot
from tests.fake_bot_api import FakeBotApi
from tests.fixtures.plan import MIR_ITEMS_DUE, SEED
from tests.fixtures.processes import SECRET, BotProcess, free_port
from tests.fixtures.vote import WG, candidates_on_vote
from tests.harness import TEST_TOKEN, VOTE_SECRET

pytestmark = [
    pytest.mark.sql,
    pytest.mark.skipif(
        os.environ.get("TEST_DATABASE") != "postgresql",
        reason="several instances share one PostgreSQL: runs in the suite's PostgreSQL pass",
    ),
]

OFFICIAL, SECOND_OFFICIAL = 31, 33
VOTERS = range(2001, 2021)
ALMATY = ZoneInfo("Asia/Almaty")
# Re-based to start on 1 December, the seed's first due date is 16 December.
FIRST_DUE_AFTER_START = timedelta(days=15)
_ids = itertools.count(1)


class Instance(BotProcess):
    """One `python -m bot run` process in webhook mode, on a port of its own."""

    def __init__(self, name: str, env: dict[str, str], cwd: str) -> None:
        self.name = name
        self.port = free_port()
        super().__init__({**env, "INSTANCE_ID": name, "WEB_PORT": str(self.port)}, cwd)

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    async def wait_for(self, needle: str, count: int = 1) -> None:
        try:
            await asyncio.wait_for(self.logs(needle, count), 60)
        except TimeoutError:
            raise AssertionError(f"{self.name} never logged {needle!r}:\n" + self.log) from None

    async def health(self) -> dict[str, Any]:
        async with aiohttp.ClientSession() as client, client.get(f"{self.url}/healthz") as answer:
            assert answer.status == 200
            return await answer.json()


async def prepare(sessionmaker) -> tuple[int, int]:
    """A running round with six candidates and twenty verified voters; the campaign plan with
    an item due in seven days (its first reminder due today) and one official for МИР."""
    now = datetime.now(UTC)
    await candidates_on_vote(sessionmaker, now)
    async with sessionmaker() as session:
        vote_round = await store.open_round(
            session, now - timedelta(hours=1), now + timedelta(days=7), WG, now
        )
        for voter in VOTERS:
            await repo.get_or_create_user(session, voter, "V", None, "en", now)
            await store.register_voter(session, voter, f"+7701{voter:07d}", now)
        # The seed plan re-based so its first due date is seven days from now (Almaty).
        today = now.astimezone(ALMATY).date()
        parsed = parse_plan(SEED.read_text(encoding="utf-8"), load_regions(REGIONS_PATH))
        start = today + timedelta(days=7) - FIRST_DUE_AFTER_START
        await plan_store.import_plan(session, parsed, now - timedelta(days=2), start=start)
        mir = await session.scalar(select(Agency.id).where(Agency.short == "МИР"))
        for official in (OFFICIAL, SECOND_OFFICIAL):
            await repo.get_or_create_user(session, official, "O", None, "ru", now)
        session.add(RoleGrant(user_id=OFFICIAL, role="official", scope=str(mir), granted_at=now))
        await session.commit()
        return vote_round.id, mir


def vote_press(voter: int, round_id: int, nomination_id: int, message_id: int) -> dict[str, Any]:
    user = {"id": voter, "is_bot": False, "first_name": "V", "language_code": "en"}
    return {
        "update_id": next(_ids),
        "callback_query": {
            "id": f"press-{voter}-{nomination_id}",
            "from": user,
            "chat_instance": "c",
            "message": {
                "message_id": message_id,
                "date": 1_790_000_000,
                "chat": {"id": voter, "type": "private"},
                "text": "card",
            },
            "data": VoteCb(round_id=round_id, nomination_id=nomination_id, cast=True).pack(),
        },
    }


async def test_two_instances_store_each_ballot_once_send_each_reminder_once_and_take_over(
    database_url, sessionmaker, tmp_path
):
    round_id, mir = await prepare(sessionmaker)
    api = FakeBotApi(TEST_TOKEN)
    await api.start()
    env = {
        key: value
        for key, value in os.environ.items()
        if key not in ("BOT_TOKEN", "DATABASE_URL", "REDIS_URL", "WEBHOOK_URL")
    }
    env |= {
        "PYTHONPATH": str(PROJECT_ROOT),
        "BOT_TOKEN": TEST_TOKEN,
        "DATABASE_URL": database_url,
        "TELEGRAM_API_URL": api.url,
        "WEBHOOK_URL": "https://bot.example.kz/telegram/updates",
        "WEBHOOK_SECRET": SECRET,
        "LEADER_LEASE_SECONDS": "3",
        "REMINDER_TIME": "00:00",
        "TIMEZONE": "Asia/Almaty",
        "VOTE_SECRET": VOTE_SECRET,
        "VOTES_PER_VOTER": "3",
    }
    instances = [Instance(name, env, str(tmp_path)) for name in ("instance-a", "instance-b")]
    try:
        # Both start at once and race for the lease: one leads, and only it sends reminders.
        await asyncio.gather(*(instance.start() for instance in instances))
        for instance in instances:
            await instance.wait_for("webhook set; listening")
        leaders = [i for i in instances if (await i.health())["leader"]]
        assert len(leaders) == 1, [i.log for i in instances]
        leader, follower = leaders[0], next(i for i in instances if i is not leaders[0])
        await leader.wait_for("reminders pass: 1 digests sent")
        assert len(api.sent_to(OFFICIAL)) == 1
        assert follower.logged("reminders pass") == 0 and follower.logged("leads") == 0

        # Every vote press reaches both instances, all at once. Each voter presses four
        # candidates; the limit is three.
        cards = {voter: api.show(voter, "card") for voter in VOTERS}
        presses = [
            vote_press(voter, round_id, nomination_id, cards[voter])
            for voter in VOTERS
            for nomination_id in (1, 2, 3, 4)
        ]
        headers = {"X-Telegram-Bot-Api-Secret-Token": SECRET}
        async with aiohttp.ClientSession() as client:

            async def deliver(instance: Instance, update: dict[str, Any]) -> int:
                path = f"{instance.url}/telegram/updates"
                async with client.post(path, json=update, headers=headers) as answer:
                    return answer.status

            statuses = await asyncio.gather(
                *(deliver(instance, update) for update in presses for instance in instances)
            )
        assert set(statuses) == {200}
        async with sessionmaker() as session:
            ballots = list(await session.execute(select(Ballot.voter_hash, Ballot.nomination_id)))
        assert len(ballots) == len(set(ballots)) == 3 * len(VOTERS)
        assert set(Counter(voter for voter, _ in ballots).values()) == {3}
        # Both instances answered every press; neither failed one.
        assert len(api.called("answerCallbackQuery")) == 2 * len(presses)
        assert not any("failed" in line for i in instances for line in i.lines)

        # A second official joins while both run; the leader stops and the other takes over,
        # catching up at once: the new official is reminded, the first one not again.
        async with sessionmaker() as session:
            session.add(
                RoleGrant(
                    user_id=SECOND_OFFICIAL,
                    role="official",
                    scope=str(mir),
                    granted_at=datetime.now(UTC),
                )
            )
            await session.commit()
        assert await leader.stop() == 0
        await follower.wait_for(f"{follower.name} leads")
        await follower.wait_for("reminders pass: 1 digests sent")
        assert (await follower.health())["leader"] is True
        assert len(api.sent_to(OFFICIAL)) == 1
        assert len(api.sent_to(SECOND_OFFICIAL)) == 1
        # Every item due that day went to each official once, in their one digest.
        async with sessionmaker() as session:
            reminders = OutboxMessage.dedupe_key.is_not(None)
            rows = list(
                await session.execute(
                    select(OutboxMessage.dedupe_key, OutboxMessage.recipient_id).where(reminders)
                )
            )
            unsent = await session.scalar(
                select(func.count())
                .select_from(OutboxMessage)
                .where(reminders, OutboxMessage.outcome.is_(None))
            )
        per_official = Counter(recipient for _, recipient in rows)
        assert set(per_official) == {OFFICIAL, SECOND_OFFICIAL}
        assert per_official[OFFICIAL] == per_official[SECOND_OFFICIAL] == len(MIR_ITEMS_DUE)
        assert len({key for key, _ in rows}) == len(rows) and unsent == 0
        # The logs of a whole working day in webhook mode hold no secret.
        for instance in instances:
            assert instance.log and SECRET not in instance.log
            assert TEST_TOKEN.split(":")[1] not in instance.log
            assert VOTE_SECRET not in instance.log
    finally:
        for instance in instances:
            if instance.process is not None:
                await instance.stop()
        await api.stop()
