"""Publishing and verifying a big round: N candidates and M ballots (default 1,000 and
1,000,000) in a real SQLite file, each phase in a process of its own so its peak memory is
its own:

- fix: the board fixed at close (read every receipt, build, hash, store, audit entry);
- publish: `python -m bot results publish` (the pages in three languages, JSON, CSV);
- verify: `python -m bot results verify` (recount from the files, check the chain);
- baseline, in the same run: a process that only reads every receipt from the database.

Prints time and peak RSS of each, the files' sizes, and the ratios to the baseline.

    python bench/results.py [--candidates 1000] [--ballots 1000000]
"""

from __future__ import annotations

import argparse
import asyncio
import os
import random
import resource
import subprocess
import sys
import tempfile
import time
from datetime import UTC, date, datetime, timedelta
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

NOW = datetime(2026, 11, 22, 5, 0, tzinfo=UTC)
STORY = "Бұл адам өз ауылында мектеп ашып, жүздеген баланы оқытты. " * 4


async def seed(url: str, candidates: int, ballots: int) -> None:
    # Imported here: the parent process stays small (see `main`).
    from sqlalchemy import insert, select, update

    from domain.nomination import Achievement
    from domain.voting import RECEIPT_ALPHABET, RECEIPT_LENGTH
    from storage import repo
    from storage import voting as vote_store
    from storage.db import create_engine, create_sessionmaker, migrate
    from storage.models import Nomination
    from storage.vote_tables import Ballot
    from tests.flows import self_nomination

    engine = create_engine(url)
    await migrate(engine)
    sessionmaker = create_sessionmaker(engine)
    rng = random.Random(7)
    async with sessionmaker() as session:
        await repo.get_or_create_user(session, 1, "N", None, "kk", NOW)
        for index in range(candidates):
            record = self_nomination(
                NOW,
                full_name=f"Кандидат Әсел Нұрланқызы {index:04d}",
                birth_date=date(1970, 1, 1) + timedelta(days=index),
                gender="f" if index % 2 else "m",
                settlement="X",
                occupation="Y",
                achievements=(Achievement("Маңызды жетістікке қол жеткізді", 2010),),
                story=STORY,
                photo_file_id=None,
            )
            await repo.create_nomination(session, record, 1, NOW, NOW.year)
        await session.execute(update(Nomination).values(status="on_vote"))
        vote_round = await vote_store.open_round(
            session, NOW - timedelta(days=1), NOW + timedelta(days=1), 1, NOW
        )
        ids = list(await session.scalars(select(Nomination.id)))
        # Votes skewed as real ones are: a few candidates take most.
        weights = [1 / (rank + 1) for rank in range(len(ids))]
        seen: set[str] = set()
        chunk = 20_000
        for start in range(0, ballots, chunk):
            rows = []
            for nomination_id in rng.choices(ids, weights, k=min(chunk, ballots - start)):
                while True:
                    code = "".join(rng.choices(RECEIPT_ALPHABET, k=RECEIPT_LENGTH))
                    if code not in seen:
                        seen.add(code)
                        break
                rows.append(
                    {
                        "id": rng.randbytes(16).hex(),
                        "round_id": vote_round.id,
                        "nomination_id": nomination_id,
                        "voter_hash": rng.randbytes(32).hex(),
                        "receipt": code,
                        "cast_at": NOW,
                    }
                )
            await session.execute(insert(Ballot), rows)
        await session.commit()
    await engine.dispose()


PHASES = {
    "baseline": """
import asyncio, sys
from sqlalchemy import select
from storage.db import create_engine, create_sessionmaker
from storage.vote_tables import Ballot
async def main():
    engine = create_engine(sys.argv[1]); n = 0
    async with create_sessionmaker(engine)() as session:
        result = await session.stream(select(Ballot.nomination_id, Ballot.receipt)
                                      .execution_options(yield_per=10_000))
        async for part in result.partitions():
            n += len(part)
    await engine.dispose(); print(n)
asyncio.run(main())
""",
    "fix": """
import asyncio, sys
from datetime import UTC, datetime
from config import Settings
from services import board
from storage import voting
from storage.db import create_engine, create_sessionmaker
async def main():
    engine = create_engine(sys.argv[1]); now = datetime(2026, 11, 23, tzinfo=UTC)
    settings = Settings(_env_file=None, database_url=sys.argv[1])
    async with create_sessionmaker(engine)() as session:
        assert await voting.close_round(session, 1, None, now)
        await board.fix(session, settings, 1, now)
        await session.commit()
    await engine.dispose()
asyncio.run(main())
""",
}


def run(args: list[str], env: dict[str, str]) -> tuple[float, int, str]:
    """Wall time, peak RSS (bytes) and output of a child process."""
    started = time.perf_counter()
    process = subprocess.Popen(args, env=env, cwd=ROOT, stdout=subprocess.PIPE, text=True)
    assert process.stdout is not None
    out = process.stdout.read()
    _, status, usage = os.wait4(process.pid, 0)
    elapsed = time.perf_counter() - started
    if status != 0:
        raise SystemExit(f"{args[1:]} failed ({status}): {out}")
    return elapsed, usage.ru_maxrss * 1024, out.strip()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--candidates", type=int, default=1000)
    parser.add_argument("--ballots", type=int, default=1_000_000)
    parser.add_argument("--seed-into", help=argparse.SUPPRESS)  # the seeding child's database
    options = parser.parse_args()
    if options.seed_into:
        asyncio.run(seed(options.seed_into, options.candidates, options.ballots))
        return
    # Each phase, the seeding too, runs in a child of this small process: Linux counts a
    # child's peak RSS from its parent's size at fork, so the parent must stay small.
    with tempfile.TemporaryDirectory(prefix="bench-results-") as work:
        url = f"sqlite+aiosqlite:///{work}/bench.db"
        env = {**os.environ, "PYTHONPATH": str(ROOT), "DATABASE_URL": url}
        python = sys.executable
        sizes = ["--candidates", str(options.candidates), "--ballots", str(options.ballots)]
        seeding, _, _ = run([python, __file__, *sizes, "--seed-into", url], env)
        print(
            f"seeded {options.candidates} candidates, {options.ballots} ballots in {seeding:.1f} s"
        )
        out = Path(work) / "round-1"
        measured = {
            "baseline": run([python, "-c", PHASES["baseline"], url], env),
            "fix": run([python, "-c", PHASES["fix"], url], env),
            "publish": run(
                [python, "-m", "bot", "results", "publish", "1", "--out", str(out)], env
            ),
            "verify": run([python, "-m", "bot", "results", "verify", str(out)], env),
        }
        for name, (elapsed, rss, _) in measured.items():
            print(f"{name:>8}: {elapsed:7.1f} s  peak RSS {rss / 2**20:7.0f} MB")
        for path in sorted(out.iterdir()):
            print(f"{path.name:>12}: {path.stat().st_size / 2**20:7.1f} MB")
        base_time, base_rss, _ = measured["baseline"]
        print(
            " ".join(
                f"{name}_vs_baseline={measured[name][0] / base_time:.2f}x/"
                f"{measured[name][1] / base_rss:.2f}xRSS"
                for name in ("fix", "publish", "verify")
            )
        )
        own = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss * 1024
        print(f"(this process: peak RSS {own / 2**20:.0f} MB; the machine was shared)")


if __name__ == "__main__":
    main()
