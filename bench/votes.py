"""Vote throughput: N vote-button presses (distinct voters over many candidates, with a share
of repeated taps) through the full production dispatcher (every middleware, a real SQLite
file, a Bot API session that answers at once), against two baselines measured in the same run:

- bare: aiogram's own dispatcher, nothing of ours, whose handler does one insert and commit
  on the same database and answers the callback;
- stack: our dispatcher with every middleware, whose only handler answers the callback.

Prints votes, stack and bare per second, peak memory, and last
`stack_vs_bare=<x> votes_vs_bare=<y>` (targets: at least 0.6 and 0.5). With `--postgres URL`
(a server, e.g. postgresql+asyncpg://postgres@127.0.0.1:5432/postgres) the same runs on
PostgreSQL: each pass gets a database of its own, copied from a prepared template and dropped
afterwards.

    python bench/votes.py [--presses 2000] [--candidates 100] [--repeat-share 0.2]
                          [--rounds 3] [--postgres URL]
"""

from __future__ import annotations

import argparse
import asyncio
import itertools
import random
import shutil
import sys
import tempfile
import time
import tracemalloc
from datetime import UTC, date, datetime, timedelta
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

import asyncpg
from aiogram import Dispatcher, Router
from aiogram.types import CallbackQuery, Chat, Message, Update, User
from pydantic import SecretStr
from sqlalchemy import func, select, text, update
from sqlalchemy.engine import make_url
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from bot.callbacks import VoteCb
from bot.factory import build_app, create_bot
from config import Settings
from domain.nomination import (
    CONSENT_VERSION,
    Achievement,
    Gender,
    NominationRecord,
    Source,
    Sphere,
)
from storage import repo
from storage.db import create_engine, create_sessionmaker, migrate
from storage.models import Nomination
from storage.vote_tables import Ballot, RoundCandidate, Voter, VoteRound
from tests.harness import InstantSession

TOKEN = "123456789:AAbenchmarkTokenThatIsNotReal_0123456"
NOW = datetime(2026, 11, 22, 5, 0, tzinfo=UTC)


async def prepare(database_url: str, candidates: int, voters: int) -> tuple[Settings, Any, int]:
    settings = Settings(
        _env_file=None,
        bot_token=SecretStr(TOKEN),
        database_url=database_url,
        vote_secret=SecretStr("N5WWlbd0WtG0b_3r5FUxUdnnmUbKE_l0-RbFpz7OGvs"),
        send_per_second=1000,  # Telegram answers at once here: measure the bot, not the limit
    )
    engine = create_engine(settings.database_url)
    await migrate(engine)
    sessionmaker = create_sessionmaker(engine)
    async with sessionmaker() as session:
        await repo.get_or_create_user(session, 1, "N", None, "kk", NOW)
        for n in range(candidates):
            record = NominationRecord(
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
                consent_at=NOW,
            )
            await repo.create_nomination(session, record, 1, NOW, 2026)
        await session.execute(update(Nomination).values(status="on_vote"))
        vote_round = VoteRound(
            starts_at=NOW - timedelta(hours=1),
            ends_at=NOW + timedelta(days=7),
            opened_by=1,
            seed="bench",
        )
        session.add(vote_round)
        await session.flush()
        ids = list(await session.scalars(select(Nomination.id)))
        session.add_all(
            RoundCandidate(round_id=vote_round.id, nomination_id=i, position=k)
            for k, i in enumerate(ids)
        )
        for voter in range(voters):
            await repo.get_or_create_user(session, 10_000 + voter, "V", None, "ru", NOW)
            session.add(Voter(user_id=10_000 + voter, phone=f"+7701{voter:07d}", verified_at=NOW))
        await session.execute(
            text("CREATE TABLE bench_presses (id INTEGER PRIMARY KEY, user_id BIGINT, data TEXT)")
        )
        await session.commit()
        round_id = vote_round.id
    await engine.dispose()
    return settings, ids, round_id


def presses(
    count: int, voters: int, candidate_ids: list[int], round_id: int, repeat_share: float
) -> list[Update]:
    rng = random.Random(2026)
    updates: list[Update] = []
    ids = itertools.count(1)
    previous: list[tuple[int, int]] = []
    for _ in range(count):
        if previous and rng.random() < repeat_share:
            voter, candidate = rng.choice(previous)  # a repeated tap
        else:
            voter, candidate = 10_000 + rng.randrange(voters), rng.choice(candidate_ids)
            previous.append((voter, candidate))
        user = User(id=voter, is_bot=False, first_name="V", language_code="ru")
        message = Message(message_id=5, date=NOW, chat=Chat(id=voter, type="private"), text="card")
        data = VoteCb(round_id=round_id, nomination_id=candidate, cast=True).pack()
        query = CallbackQuery(
            id=str(next(ids)), from_user=user, chat_instance="c", message=message, data=data
        )
        updates.append(Update(update_id=next(ids), callback_query=query))
    return updates


async def run(
    settings: Settings,
    updates: list[Update],
    router: Router | None,
    measure_memory: bool,
    bare: bool = False,
) -> float:
    engine = create_engine(settings.database_url)
    sessionmaker = create_sessionmaker(engine)
    if bare:
        bot = create_bot(settings, session=InstantSession())
        dispatcher = Dispatcher(sessionmaker=sessionmaker)
        dispatcher.include_router(bare_router())
    else:
        app = build_app(
            settings,
            sessionmaker,
            lambda: NOW,
            session=InstantSession(),
            router=router,
            background=False,
        )
        bot, dispatcher = app.bot, app.dispatcher
    await dispatcher.emit_startup(bot=bot, dispatcher=dispatcher, **dispatcher.workflow_data)
    if measure_memory:
        tracemalloc.start()
    started = time.perf_counter()
    for update_ in updates:
        await dispatcher.feed_update(bot, update_)
    elapsed = time.perf_counter() - started
    await dispatcher.emit_shutdown(bot=bot, dispatcher=dispatcher, **dispatcher.workflow_data)
    await engine.dispose()
    return len(updates) / elapsed


def bare_router() -> Router:
    """What a plain aiogram bot does per press at the least: one insert, one commit."""
    router = Router(name="bare")

    @router.callback_query()
    async def insert_and_answer(
        query: CallbackQuery, sessionmaker: async_sessionmaker[AsyncSession]
    ) -> None:
        async with sessionmaker() as session:
            await session.execute(
                text("INSERT INTO bench_presses (user_id, data) VALUES (:user, :data)"),
                {"user": query.from_user.id, "data": query.data},
            )
            await session.commit()
        await query.answer()

    return router


def noop_router() -> Router:
    router = Router(name="noop")

    @router.callback_query()
    async def answer_only(query: CallbackQuery) -> None:
        await query.answer()

    return router


class Databases:
    """Databases for the passes: SQLite files in a temporary folder, or PostgreSQL databases
    on the server `postgres` names. `copy` makes one from the template."""

    def __init__(self, folder: Path, postgres: str | None) -> None:
        self.folder = folder
        self.server = make_url(postgres) if postgres else None
        self.made: list[str] = []

    def url(self, name: str) -> str:
        if self.server is None:
            return f"sqlite+aiosqlite:///{self.folder / name}.db"
        return self.server.set(database=f"bench_{name}").render_as_string(hide_password=False)

    async def _admin(self, statement: str) -> None:
        assert self.server is not None
        dsn = self.server.set(drivername="postgresql").render_as_string(hide_password=False)
        connection = await asyncpg.connect(dsn)
        try:
            await connection.execute(statement)
        finally:
            await connection.close()

    async def create(self, name: str, template: str | None = None) -> str:
        if self.server is None:
            if template is not None:
                shutil.copyfile(self.folder / f"{template}.db", self.folder / f"{name}.db")
            return self.url(name)
        await self._admin(f"DROP DATABASE IF EXISTS bench_{name} WITH (FORCE)")
        source = f" TEMPLATE bench_{template}" if template else ""
        await self._admin(f"CREATE DATABASE bench_{name}{source}")
        self.made.append(name)
        return self.url(name)

    async def drop_all(self) -> None:
        for name in reversed(self.made) if self.server is not None else ():
            await self._admin(f"DROP DATABASE IF EXISTS bench_{name} WITH (FORCE)")


async def main(
    count: int, candidates: int, repeat_share: float, postgres: str | None, rounds: int
) -> None:
    voters = max(1, count // 4)
    with tempfile.TemporaryDirectory() as folder:
        databases = Databases(Path(folder), postgres)
        try:
            template = await databases.create("template")
            settings, ids, round_id = await prepare(template, candidates, voters)
            updates = presses(count, voters, ids, round_id, repeat_share)

            async def fresh(name: str) -> Settings:
                """Each pass starts from the same prepared database, so none sees another's
                ballots."""
                url = await databases.create(name, template="template")
                return settings.model_copy(update={"database_url": url})

            # The three, in turn, `rounds` times, each its best: a noisy machine slows some
            # passes, and taking turns spreads that over all three.
            bare = baseline = votes = 0.0
            for turn in range(rounds):
                bare = max(
                    bare,
                    await run(
                        await fresh(f"bare{turn}"), updates, None, measure_memory=False, bare=True
                    ),
                )
                baseline = max(
                    baseline,
                    await run(
                        await fresh(f"stack{turn}"), updates, noop_router(), measure_memory=False
                    ),
                )
                timed = await fresh(f"votes{turn}")
                votes = max(votes, await run(timed, updates, None, measure_memory=False))
            await run(await fresh("memory"), updates, None, measure_memory=True)
            _, peak = tracemalloc.get_traced_memory()
            tracemalloc.stop()
            engine = create_engine(timed.database_url)
            async with create_sessionmaker(engine)() as session:
                ballots = await session.scalar(select(func.count()).select_from(Ballot))
            await engine.dispose()
        finally:
            await databases.drop_all()
    print(f"database={'postgresql' if postgres else 'sqlite'}")
    print(f"presses={count} voters={voters} candidates={candidates} repeat_share={repeat_share}")
    chosen: dict[int, set[str | None]] = {}
    for update_ in updates:
        assert update_.callback_query is not None
        chosen.setdefault(update_.callback_query.from_user.id, set()).add(
            update_.callback_query.data
        )
    limit = settings.votes_per_voter or count
    expected = sum(min(len(mine), limit) for mine in chosen.values())
    print(f"ballots_stored={ballots} expected={expected}")
    print(f"votes_per_second={votes:.1f}")
    print(f"stack_per_second={baseline:.1f} (every middleware, a handler that only answers)")
    print(f"bare_per_second={bare:.1f} (aiogram alone, a handler that inserts and commits)")
    print(f"peak_memory_mib={peak / 2**20:.1f} (traced in a separate pass)")
    print(f"votes_vs_stack={votes / baseline:.3f}")
    print(f"stack_vs_bare={baseline / bare:.3f} votes_vs_bare={votes / bare:.3f}")
    if ballots != expected:
        sys.exit("the votes did not count: the figures above measure failures")


if __name__ == "__main__":
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--presses", type=int, default=2000)
    parser.add_argument("--candidates", type=int, default=100)
    parser.add_argument("--repeat-share", type=float, default=0.2)
    parser.add_argument("--postgres", default=None, help="a PostgreSQL server's URL")
    parser.add_argument("--rounds", type=int, default=3, help="passes of each, the best kept")
    args = parser.parse_args()
    asyncio.run(main(args.presses, args.candidates, args.repeat_share, args.postgres, args.rounds))
