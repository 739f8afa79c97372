"""The secretariat's export at national scale: nominations with full stories (2,000-3,000
characters), three achievements each and both phones, exported as the bot's button does
(`services.desks.export.Export.pages` read on the event loop, laid out and written by
`bot.exports.exported` in a worker thread, split at 45 MiB), in XLSX and in CSV.

Prints, per format: the time, the peak RSS of the process (the rows are seeded by a child
process, so the peak is the export's), the bytes and parts written, and how long the event
loop was away at most while it ran (a task beats every 5 ms; the garbage collector's full
passes, which stop every thread whatever runs, are given apart). The baseline, measured in the
same run: the same rows read in one query and written by the `csv` module with nothing else
(`export_vs_bare` = bare time / export time for CSV).

    python bench/export.py [--rows 100000] [--formats xlsx csv] [--page 500]
"""

from __future__ import annotations

import argparse
import asyncio
import csv
import gc
import random
import resource
import subprocess
import sys
import tempfile
import time
from datetime import UTC, date, datetime, timedelta
from functools import partial
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from aiogram_i18n.cores import FluentCompileCore
from sqlalchemy import insert, text

from bot.exports import PART_LIMIT, export_headers, exported, nominations_table
from config import LOCALES_PATH, REGIONS_PATH, Settings
from domain.nomination import CONSENT_VERSION, Gender, Source, Sphere, Status, name_key
from domain.pipeline import Staff
from domain.regions import load_regions
from services.context import Context
from services.desks.export import PAGE, Export
from services.uow import Work
from storage.db import create_engine, create_sessionmaker, migrate
from storage.models import Achievement, Nomination, User

NOW = datetime(2026, 12, 5, 6, 0, tzinfo=UTC)
WORDS = [
    "ауыл",
    "мектеп",
    "балалар",
    "робототехника",
    "университет",
    "жоба",
    "қоғам",
    "еріктілер",
    "кітапхана",
    "село",
    "школа",
    "дети",
    "проект",
    "общество",
    "волонтёры",
    "библиотека",
    "спорт",
    "наука",
    "культура",
    "village",
    "school",
    "children",
    "project",
    "society",
    "volunteers",
    "library",
    "science",
    "medicine",
    "2018",
    "2021",
    "олимпиада",
    "грант",
    "фестиваль",
    "конкурс",
    "жеңімпаз",
    "лауреат",
    "победитель",
]


def story(rng: random.Random, low: int, high: int) -> str:
    """Words drawn at random (as varied to a compressor as a real text, or more)."""
    target = rng.randint(low, high)
    return " ".join(rng.choices(WORDS, k=target // 6 + 1))[:target]


async def seed(url: str, count: int) -> None:
    rng = random.Random(20261205)
    engine = create_engine(url)
    await migrate(engine)
    codes = [region.code for region in load_regions(REGIONS_PATH)]
    statuses = [Status.SUBMITTED, Status.SCREENING, Status.VERIFICATION, Status.ON_VOTE]
    async with create_sessionmaker(engine)() as session:
        await session.execute(insert(User), [{"id": 900, "first_name": "C", "created_at": NOW}])
        for start in range(0, count, 2_000):
            rows, facts = [], []
            for i in range(start, min(count, start + 2_000)):
                # Unique people (name and birthday): the row's number spelt in words.
                w = len(WORDS)
                full_name = (
                    f"{WORDS[i % w].title()} {WORDS[(i // w) % w].title()}ова "
                    f"{WORDS[i // 25_000].title()}ұлы"
                )
                at = NOW - timedelta(minutes=count - i)
                rows.append(
                    {
                        "id": i + 1,
                        "reference": f"100-2026-{i + 1:06d}",
                        "status": statuses[i % len(statuses)],
                        "nominator_id": 900,
                        "is_self": i % 3 == 0,
                        "nominator_name": None if i % 3 == 0 else "Оспанов Ерлан Серікұлы",
                        "nominator_phone": None if i % 3 == 0 else f"+7702{i:07d}",
                        "relation": None if i % 3 == 0 else "colleague",
                        "source": list(Source)[i % len(Source)],
                        "full_name": full_name,
                        "name_key": name_key(full_name),
                        "birth_date": date(1940, 1, 1) + timedelta(days=i % 25_000),
                        "gender": Gender.FEMALE if i % 2 else Gender.MALE,
                        "region_code": codes[i % len(codes)],
                        "settlement": story(rng, 5, 40),
                        "ethnicity": "қазақ",
                        "occupation": story(rng, 20, 150),
                        "sphere": list(Sphere)[i % len(Sphere)],
                        "story": story(rng, 2_000, 3_000),
                        "contact_phone": f"+7705{i:07d}",
                        "consent_version": CONSENT_VERSION,
                        "consent_at": at,
                        "created_at": at,
                        "updated_at": at,
                    }
                )
                facts += [
                    {
                        "nomination_id": i + 1,
                        "position": n,
                        "text": story(rng, 60, 300),
                        "year": 2015 + n,
                        "proof_url": f"https://example.kz/news/{i}/{n}",
                    }
                    for n in range(1, 4)
                ]
            await session.execute(insert(Nomination), rows)
            await session.execute(insert(Achievement), facts)
        await session.commit()
    await engine.dispose()


class Pulse:
    """How long the event loop was away at most, and the collector's pauses beside it."""

    def __init__(self) -> None:
        self.longest = self.longest_without_collector = 0.0
        self.pauses: list[tuple[float, float]] = []
        self._began = 0.0

    def collector(self, phase: str, _info: dict[str, int]) -> None:
        if phase == "start":
            self._began = time.perf_counter()
        else:
            self.pauses.append((self._began, time.perf_counter()))

    async def beat(self) -> None:
        last = time.perf_counter()
        while True:
            await asyncio.sleep(0.005)
            now = time.perf_counter()
            paused = sum(max(0.0, min(now, e) - max(last, s)) for s, e in self.pauses)
            self.longest = max(self.longest, now - last)
            self.longest_without_collector = max(
                self.longest_without_collector, now - last - paused
            )
            last = now


async def export_once(url: str, fmt: str, page: int = PAGE) -> tuple[float, int, int, Pulse]:
    settings = Settings(_env_file=None, database_url=url)
    core = FluentCompileCore(path=LOCALES_PATH, default_locale="ru")
    await core.startup()
    regions = tuple(load_regions(REGIONS_PATH))
    engine = create_engine(url)
    work = Work(create_sessionmaker(engine), lambda: NOW)
    table = partial(nominations_table, core=core, locale="ru", regions=regions, tz=settings.tz)
    async with work() as uow:  # warm: the first query's compilation, openpyxl's import
        first = Export(Context(uow, Staff.of([]), settings, regions)).pages(size=5)
        async with exported(first, table, export_headers(core, "ru"), fmt, "warm"):
            pass
    pulse = Pulse()
    gc.callbacks.append(pulse.collector)
    beating = asyncio.create_task(pulse.beat())
    started = time.perf_counter()
    async with work() as uow:
        pages = Export(Context(uow, Staff.of([], person=11), settings, regions)).pages(size=page)
        headers = export_headers(core, "ru")
        async with exported(pages, table, headers, fmt, "bench", PART_LIMIT) as (parts, rows):
            size = sum(part.stat().st_size for part in parts)
            count = len(parts)
    elapsed = time.perf_counter() - started
    beating.cancel()
    gc.callbacks.remove(pulse.collector)
    await engine.dispose()
    assert rows > 0
    return elapsed, size, count, pulse


async def bare_csv(url: str, out: Path) -> float:
    """The baseline: one query, the csv module, nothing else (no guard, no parts, no thread)."""
    engine = create_engine(url)
    started = time.perf_counter()
    async with engine.connect() as connection:
        result = await connection.execute(text("SELECT * FROM nominations ORDER BY id"))
        with out.open("w", encoding="utf-8", newline="") as file:
            writer = csv.writer(file)
            for row in result:
                writer.writerow(row)
    elapsed = time.perf_counter() - started
    await engine.dispose()
    return elapsed


def peak_rss_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


async def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rows", type=int, default=100_000)
    parser.add_argument("--formats", nargs="+", default=["xlsx", "csv"])
    parser.add_argument("--page", type=int, default=PAGE, help="rows a read brings")
    parser.add_argument("--seed-into", default=None, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.seed_into:  # the child process
        await seed(args.seed_into, args.rows)
        return
    with tempfile.TemporaryDirectory() as folder:
        url = f"sqlite+aiosqlite:///{folder}/bench.db"
        started = time.perf_counter()
        command = [sys.executable, __file__, "--rows", str(args.rows), "--seed-into", url]
        await asyncio.to_thread(subprocess.run, command, check=True)
        database = Path(folder) / "bench.db"
        print(
            f"seeded {args.rows} nominations in {time.perf_counter() - started:.0f} s "
            f"({database.stat().st_size / 2**20:.0f} MB SQLite); RSS before {peak_rss_mb():.0f} MB"
        )
        times = {}
        for fmt in args.formats:
            elapsed, size, parts, pulse = await export_once(url, fmt, args.page)
            times[fmt] = elapsed
            longest_pause = max((e - s for s, e in pulse.pauses), default=0.0)
            print(
                f"{fmt}: {elapsed:.1f} s, peak RSS {peak_rss_mb():.0f} MB, "
                f"{size / 2**20:.1f} MB in {parts} part(s); loop away at most "
                f"{pulse.longest * 1000:.0f} ms ({pulse.longest_without_collector * 1000:.0f} ms "
                f"without the collector's {len(pulse.pauses)} passes, the longest "
                f"{longest_pause * 1000:.0f} ms)"
            )
        bare = await bare_csv(url, Path(folder) / "bare.csv")
        print(f"bare csv (one query, csv module, on the loop): {bare:.1f} s")
        if "csv" in times:
            print(f"export_vs_bare={bare / times['csv']:.2f}")


if __name__ == "__main__":
    asyncio.run(main())
