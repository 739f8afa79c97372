"""Desk lists at national scale: the time to open a filtered page of the secretariat's list
(region and sphere, page 3) and a search by name, through the service the bot uses (the
person's exclusions, claims, the total for "page x of y"), against a plain indexed SELECT of
the same page and its count written by hand, in the same run on the same SQLite file.

The nominations are those the desk tests use (`tests.flows.crowd_of_nominations`): names,
regions, spheres and sources spread evenly, submitted a minute apart.

Prints the medians per size and, last, `queue_vs_select=<x>`: the plain SELECT's time over
the service's, the worst of the cases measured (target: at least 0.5).

    python bench/desks.py [--sizes 10000 100000] [--repeat 30]
"""

from __future__ import annotations

import argparse
import asyncio
import statistics
import sys
import tempfile
import time
from collections.abc import Awaitable, Callable
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from sqlalchemy import text

from config import REGIONS_PATH, Settings
from domain.nomination import Sphere, name_key
from domain.pipeline import Role, Staff
from domain.regions import load_regions
from services.context import Context
from services.desks.queue import PAGE_SIZE, Queue, View
from services.uow import Work
from storage.db import create_engine, create_sessionmaker, migrate
from tests.flows import crowd_of_nominations

NOW = datetime(2026, 12, 3, 6, 0, tzinfo=UTC)
PAGE = 2  # the third page
PLAIN_PAGE = text(
    "SELECT id, reference, full_name, region_code, claimed_by, claimed_at FROM nominations "
    "WHERE status IN ('submitted', 'screening') AND region_code = :region AND sphere = :sphere "
    "ORDER BY created_at, id LIMIT :limit OFFSET :offset"
)
PLAIN_COUNT = text(
    "SELECT count(*) FROM nominations "
    "WHERE status IN ('submitted', 'screening') AND region_code = :region AND sphere = :sphere"
)
PLAIN_SEARCH = text(
    "SELECT id, reference, full_name, region_code, claimed_by, claimed_at FROM nominations "
    "WHERE status IN ('submitted', 'screening') AND name_key LIKE :first AND name_key LIKE :second "
    "ORDER BY created_at, id LIMIT :limit OFFSET 0"
)
PLAIN_SEARCH_COUNT = text(
    "SELECT count(*) FROM nominations "
    "WHERE status IN ('submitted', 'screening') AND name_key LIKE :first AND name_key LIKE :second"
)


async def median(work: Callable[[], Awaitable[Any]], repeat: int) -> float:
    await work()  # warm: statement caches, pages in memory
    times = []
    for _ in range(repeat):
        start = time.perf_counter()
        await work()
        times.append(time.perf_counter() - start)
    return statistics.median(times)


async def measure(size: int, repeat: int) -> list[tuple[str, float, float]]:
    with tempfile.TemporaryDirectory() as folder:
        url = f"sqlite+aiosqlite:///{folder}/bench.db"
        engine = create_engine(url)
        await migrate(engine)
        sessionmaker = create_sessionmaker(engine)
        codes = [region.code for region in load_regions(REGIONS_PATH)]
        async with sessionmaker() as session:
            await crowd_of_nominations(session, size, NOW, codes)
            await session.commit()
        async with engine.connect() as connection:
            await connection.execute(text("ANALYZE"))
        settings = Settings(_env_file=None, database_url=url)
        work = Work(sessionmaker, lambda: NOW)
        regions = tuple(load_regions(REGIONS_PATH))
        staff = Staff.of([("secretariat", "")], person=11)
        filtered = View(region="abai", sphere=Sphere.CULTURE, page=PAGE)
        searched = View(text="Нұрланқызы Ахметова")
        words = name_key(searched.text).split()

        async def service(view: View) -> None:
            async with work() as uow:
                queue = Queue(Context(uow, staff, settings, regions))
                shown = await queue.page(Role.SECRETARIAT, view)
                assert shown.items, "an empty page measures nothing"

        async def plain_page() -> None:
            async with sessionmaker() as session:
                params = {"region": "abai", "sphere": Sphere.CULTURE.value}
                await session.scalar(PLAIN_COUNT, params)
                page = {"limit": PAGE_SIZE, "offset": PAGE * PAGE_SIZE}
                rows = (await session.execute(PLAIN_PAGE, {**params, **page})).all()
                assert rows

        async def plain_search() -> None:
            async with sessionmaker() as session:
                params = {"first": f"%{words[0]}%", "second": f"%{words[1]}%"}
                await session.scalar(PLAIN_SEARCH_COUNT, params)
                rows = (await session.execute(PLAIN_SEARCH, {**params, "limit": PAGE_SIZE})).all()
                assert rows

        results = []
        for name, ours, plain in (
            ("filtered page", lambda: service(filtered), plain_page),
            ("search by name", lambda: service(searched), plain_search),
        ):
            service_time = await median(ours, repeat)
            plain_time = await median(plain, repeat)
            results.append((name, service_time, plain_time))
        await engine.dispose()
        return results


async def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[10_000, 100_000])
    parser.add_argument("--repeat", type=int, default=30)
    args = parser.parse_args()
    ratios = []
    for size in args.sizes:
        for name, service_time, plain_time in await measure(size, args.repeat):
            ratio = plain_time / service_time
            ratios.append(ratio)
            print(
                f"{size:>7} nominations, {name:<15}: service {service_time * 1000:7.2f} ms, "
                f"plain SELECT {plain_time * 1000:7.2f} ms, ratio {ratio:.2f}"
            )
    print(f"queue_vs_select={min(ratios):.2f}")


if __name__ == "__main__":
    asyncio.run(main())
