"""The retention purge at national scale, on SQLite: N nominations that ended (withdrawn,
lapsed, superseded) more than RETENTION_DAYS ago, each with two achievements and one audit
entry holding a personal part, erased by the purge the daily job runs (`services.privacy`,
secure_delete on, the WAL truncated after). The baseline, in the same run on the same file:
one plain UPDATE rewriting the story of the same rows.

Prints the times, the rows erased, whether the audit chain still verifies, and, last,
`purge_vs_update=<x>`: the purge's time over the baseline's.

    python bench/privacy_purge.py [--count 100000]
"""

from __future__ import annotations

import argparse
import asyncio
import sys
import tempfile
import time
from datetime import UTC, datetime, timedelta
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from sqlalchemy import insert, select, text, update

from config import REGIONS_PATH, Settings
from domain.audit import GENESIS, canonical, entry_hash, sealed
from domain.nomination import Status
from domain.regions import load_regions
from services.privacy import purge
from services.uow import Work
from storage import audit
from storage.db import create_engine, create_sessionmaker, migrate
from storage.models import Achievement, AuditEntry, AuditHead, Nomination
from tests.flows import STORY, crowd_of_nominations

NOW = datetime(2026, 12, 3, 6, 0, tzinfo=UTC)
ENDED = (Status.WITHDRAWN, Status.LAPSED, Status.SUPERSEDED)


async def _fill(sessionmaker, count: int) -> None:
    regions = [region.code for region in load_regions(REGIONS_PATH)]
    ended_at = NOW - timedelta(days=40)
    async with sessionmaker() as session:
        await crowd_of_nominations(session, count, ended_at, regions, statuses=ENDED)
        ids = list(await session.scalars(select(Nomination.id).order_by(Nomination.id)))
        achievements = [
            {
                "nomination_id": i,
                "position": position,
                "text": f"Ауылда робототехника мектебін ашты, шәкірттері жеңді ({i})",
                "year": 2018 + position,
                "proof_url": f"https://example.kz/news/{i}",
                "proof_file_id": None,
                "proof_kind": None,
            }
            for i in ids
            for position in (1, 2)
        ]
        for start in range(0, len(achievements), 5000):
            await session.execute(insert(Achievement), achievements[start : start + 5000])
        # One audit entry per nomination with a verifier's comment in its personal part,
        # chained as `storage.audit.append` chains them.
        previous, entries = GENESIS, []
        for seq, i in enumerate(ids, start=1):
            details = canonical({"verdict": "unclear"})
            part, digest = sealed({"comment": f"called the candidate on +7705{i:07d}"})
            subject = f"nomination:{i}"
            at = ended_at
            digest_hash = entry_hash(
                seq, at, 7, "nomination.fact_check", subject, details, previous, digest
            )
            entries.append(
                {
                    "seq": seq,
                    "at": at,
                    "actor_id": 7,
                    "action": "nomination.fact_check",
                    "subject": subject,
                    "details": details,
                    "personal": part,
                    "personal_digest": digest,
                    "prev_hash": previous,
                    "hash": digest_hash,
                }
            )
            previous = digest_hash
        for start in range(0, len(entries), 5000):
            await session.execute(insert(AuditEntry), entries[start : start + 5000])
        await session.execute(
            update(AuditHead).where(AuditHead.id == 1).values(seq=len(entries), hash=previous)
        )
        await session.commit()


def _sizes(workdir: str) -> str:
    size = Path(f"{workdir}/bench.db").stat().st_size
    wal = Path(f"{workdir}/bench.db-wal")
    return f"file {size / 1e6:.0f} MB, wal {wal.stat().st_size if wal.exists() else 0} bytes"


async def main(count: int) -> None:
    with tempfile.TemporaryDirectory() as workdir:
        url = f"sqlite+aiosqlite:///{workdir}/bench.db"
        engine = create_engine(url)
        await migrate(engine)
        sessionmaker = create_sessionmaker(engine)
        started = time.perf_counter()
        await _fill(sessionmaker, count)
        print(f"filled {count} ended nominations in {time.perf_counter() - started:.1f} s")

        async with sessionmaker() as session:
            started = time.perf_counter()
            await session.execute(
                text("UPDATE nominations SET story = :story"), {"story": STORY["en"]}
            )
            await session.commit()
            baseline = time.perf_counter() - started
        print(f"baseline: one UPDATE of the story of {count} rows: {baseline:.2f} s")

        settings = Settings(_env_file=None, database_url=url)
        started = time.perf_counter()
        async with Work(sessionmaker, lambda: NOW)() as uow:
            done = await purge(uow, settings)
        took = time.perf_counter() - started
        print(f"purge: {done.nominations} nominations erased in {took:.2f} s")

        async with sessionmaker() as session:
            started = time.perf_counter()
            entries, broken = await audit.verify(session)
            print(
                f"audit chain of {entries} entries verifies: {broken is None} "
                f"({time.perf_counter() - started:.1f} s)"
            )
        print(_sizes(workdir))
        await engine.dispose()
        print(f"purge_vs_update={took / baseline:.2f}")


if __name__ == "__main__":
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--count", type=int, default=100_000)
    asyncio.run(main(parser.parse_args().count))
