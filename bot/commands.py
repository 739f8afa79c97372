"""The one-shot commands of `python -m bot`: each opens the database, does one thing, and
returns what the command line prints. Only `export` and `reminders` load the Telegram side."""

from __future__ import annotations

import asyncio
import json
import shutil
import sys
from collections.abc import AsyncIterator, Callable
from contextlib import asynccontextmanager
from datetime import date, datetime
from functools import partial
from pathlib import Path

from config import LOCALES_PATH, PROJECT_ROOT, REGIONS_PATH, Settings
from domain.board import verify_files
from domain.clock import Clock, system_clock
from domain.pipeline import Staff
from domain.plan import Plan, PlanDifference, parse_plan, translate
from domain.regions import load_regions
from services import board
from services.context import Context
from services.plan import Campaign, status_rows
from services.uow import UnitOfWork, Work
from storage import audit
from storage import plan as plan_store
from storage.db import backup_sqlite, create_engine, create_sessionmaker, migrate, sqlite_file


@asynccontextmanager
async def database(settings: Settings, clock: Clock = system_clock) -> AsyncIterator[UnitOfWork]:
    """The database, migrated, as one unit of work (a command's transactions commit in it)."""
    engine = create_engine(settings.database_url, pool_size=1)
    try:
        await migrate(engine)
        async with Work(create_sessionmaker(engine), clock)() as uow:
            yield uow
    finally:
        await engine.dispose()


async def migrate_only(settings: Settings) -> None:
    async with database(settings):
        pass


async def backup(settings: Settings, path: Path) -> None:
    """`python -m bot backup FILE`: SQLite's online backup of the running database (the bot
    may keep running). PostgreSQL has its own tool (README, "Backups"): LookupError says so.
    The database is not migrated first: the copy is of what is there."""
    source = sqlite_file(settings.database_url)
    if source is None:
        raise LookupError(
            "DATABASE_URL is not an SQLite file: back up PostgreSQL with pg_dump "
            "(README, «Backups»)"
        )
    await backup_sqlite(source, path)  # never over an existing file (FileExistsError)


async def verify_audit(settings: Settings) -> tuple[int, int | None]:
    async with database(settings) as uow, uow.transaction() as session:
        return await audit.verify(session)


async def privacy_purge(settings: Settings, dry_run: bool, clock: Clock = system_clock) -> str:
    """The retention purge now (as the daily job does); dry: the counts, nothing changed."""
    from services.privacy import purge

    async with database(settings, clock) as uow:
        done = await purge(uow, settings, dry_run=dry_run)
    verb = "would erase" if dry_run else "erased"
    return (
        f"privacy purge {verb}: {done.nominations} nominations, {done.drafts} drafts, "
        f"{done.messages} sent messages, {done.phones} verified phones"
    )


def translations_of(path: Path) -> Path:
    """Where a plan file's translations live: beside it, `<name>.translations.toml`."""
    return path.with_suffix(".translations.toml")


async def with_translations(parsed: Plan, path: Path) -> Plan:
    """The plan with its Kazakh and English names when the file beside it has them (one
    that does not fit the plan is refused: TranslationsError names its line)."""
    companion = translations_of(path)
    if not companion.exists():
        return parsed
    text = await asyncio.to_thread(companion.read_text, encoding="utf-8")
    return translate(parsed, text, str(companion))


async def import_plan(
    settings: Settings,
    path: Path,
    start: date | None,
    now: datetime,
    *,
    replace: bool = False,
    show: Callable[[str], object],
) -> str:
    """Parse, compare and load in one transaction. What changes in the loaded plan goes to
    `show` before anything is written; a refused import (PlanFormatError, PlanConflict,
    both naming a line of the file) writes nothing."""
    text = await asyncio.to_thread(path.read_text, encoding="utf-8")
    parsed = parse_plan(text, load_regions(REGIONS_PATH))  # PlanFormatError names the line
    parsed = await with_translations(parsed, path)

    def announce(difference: PlanDifference) -> None:
        if not difference.empty:
            show(describe_difference(difference))

    async with database(settings, lambda: now) as uow:
        result = await Campaign(settings).import_plan(
            uow, parsed, start, replace=replace, before_writing=announce
        )
    if result.created:
        verb = "loaded"
    elif replace and not result.difference.empty:
        verb = "replaced"
    else:
        verb = "already loaded, brought up to date"
    lines = [
        f"plan {result.plan.id} «{parsed.title}» {verb}: {result.items} items, "
        f"{result.agencies} agencies, {result.due_dates} due dates, "
        f"{result.plan.period_start.isoformat()}…{result.plan.period_end.isoformat()}"
    ]
    decree = parsed.decree
    signed = decree.signed.isoformat() if decree.signed else None
    number = f"№ {decree.number}" if decree.number else None
    if any((decree.title, decree.act, signed)):
        parts = (f"«{decree.title}»" if decree.title else None, decree.act, signed, number)
        lines.append(f"  decree: {', '.join(part for part in parts if part)}")
    if parsed.controller:
        lines.append(f"  controller: {parsed.controller}")
    return "\n".join(lines)


def _short(text: str, limit: int = 70) -> str:
    return text if len(text) <= limit else text[: limit - 1] + "…"


def describe_difference(difference: PlanDifference) -> str:
    """The difference an import makes, a line per change."""
    lines = [f"  - item {number} «{_short(title)}»" for number, title in difference.removed]
    lines += [f"  + item {number} «{_short(title)}»" for number, title in difference.added]
    lines += [
        f"  ~ item {number} title: «{_short(old)}» → «{_short(new)}»"
        for number, old, new in difference.retitled
    ]
    lines += [
        f"  ~ agency {renamed.short}: «{renamed.old}» → «{renamed.new}»"
        for renamed in difference.renamed
    ]
    where = "the loaded plan" if difference.loaded is not None else "the loaded agencies"
    return "\n".join([f"changes to {where}:", *lines])


async def deadlines_json(settings: Settings, plan_id: int | None) -> str:
    async with database(settings) as uow, uow.transaction() as session:
        plans = await plan_store.plans(session)
        if not plans:
            return "[]"
        chosen = next((p for p in plans if p.id == plan_id), None) if plan_id else plans[-1]
        if chosen is None:
            raise LookupError(f"there is no plan {plan_id}")
        rows = [
            {
                "item": item.number,
                "due": due.due.isoformat(),
                "period": due.period,
                "agencies": [agency.short for agency in agencies],
            }
            for item, due, agencies in await plan_store.schedule(session, chosen.id)
        ]
    return json.dumps(rows, ensure_ascii=False, indent=1)


async def preview_reminders(settings: Settings, at: datetime) -> str:
    from bot.scheduler.reminders import plan_reminders

    async with database(settings) as uow, uow.transaction() as session:
        to_send, too_late = await plan_reminders(session, settings, at)
    lines = []
    for planned, note in [(p, "") for p in to_send] + [
        (p, " (too late: skipped)") for p in too_late
    ]:
        r = planned.reminder
        ob = r.obligation
        lines.append(
            f"{r.moment:%Y-%m-%d %H:%M} {r.kind:<10} item {ob.item_number:>2} due "
            f"{ob.due.isoformat()} ({ob.period}) {ob.agency} -> user {planned.recipient_id}{note}"
        )
    return "\n".join(lines) if lines else "no reminders at that moment"


async def export_nominations(
    settings: Settings, path: Path, fmt: str, locale: str, everything: bool = False
) -> int:
    """The secretariat's export as one file (no upload limit here): the live, consented
    nominations, or with `everything` (`--all`, an admin's) every one, still without what
    retention erased. Built as the bot builds it, off the event loop."""
    from aiogram_i18n.cores import FluentCompileCore

    from bot.exports import export_headers, exported, nominations_table
    from services.desks.export import Export

    core = FluentCompileCore(path=LOCALES_PATH, default_locale=settings.default_locale)
    await core.startup()
    regions = tuple(load_regions(REGIONS_PATH))
    table = partial(nominations_table, core=core, locale=locale, regions=regions, tz=settings.tz)
    headers = export_headers(core, locale)
    async with database(settings) as uow:
        pages = Export(Context(uow, Staff.of([]), settings, regions)).pages(everything)
        async with exported(pages, table, headers, fmt, "nominations", sys.maxsize) as done:
            (part,), count = done
            await asyncio.to_thread(shutil.move, part, path)
    return count


async def export_plan(settings: Settings, path: Path, fmt: str, locale: str) -> int:
    from aiogram_i18n.cores import FluentCompileCore

    from bot.exports import plan_table, spreadsheet

    core = FluentCompileCore(path=LOCALES_PATH, default_locale=settings.default_locale)
    await core.startup()
    async with database(settings) as uow:
        status = await status_rows(uow, settings.tz, locale)
    headers, rows = plan_table(status, core, locale)
    content = spreadsheet(headers, rows, fmt)
    await asyncio.to_thread(path.write_bytes, content)
    return len(rows)


async def publish_results(settings: Settings, round_id: int, out: Path, now: datetime) -> int:
    """Write a closed round's published board into `out` (fixed now if it closed before
    boards were): a page per language, index.html, board.json, board.csv. Returns the bytes
    written. LookupError: no such closed round; BoardTampered: the stored board was edited."""
    from bot.results_page import PageTexts, files

    core = PageTexts(PROJECT_ROOT / "locales")
    async with database(settings, lambda: now) as uow, uow.transaction() as session:
        found = await board.publish(session, settings, round_id, now)
    content = await asyncio.to_thread(
        files, found.board, found.anchor, core, settings.default_locale
    )
    return await asyncio.to_thread(_write_all, out, content)


def _write_all(out: Path, content: dict[str, bytes]) -> int:
    out.mkdir(parents=True, exist_ok=True)
    for name, data in content.items():
        (out / name).write_bytes(data)
    return sum(len(data) for data in content.values())


def _reader(directory: Path) -> Callable[[str], str | None]:
    def read(name: str) -> str | None:
        try:
            return (directory / name).read_text(encoding="utf-8")
        except (OSError, UnicodeDecodeError):
            return None

    return read


async def verify_results(settings: Settings, directory: Path, head: str | None) -> list[str]:
    """What differs in a published round: its files recounted and checked against each other,
    and its audit entry against the chain: against `head` (the hash posted to the channel at
    close) when given, else against this bot's audit log. Empty: all holds."""
    _, anchor, problems = await asyncio.to_thread(verify_files, _reader(directory))
    if anchor is None:
        return problems
    if head is not None:
        if head.strip().lower() != anchor.hash:
            problems.append(
                f"chain head: published {head.strip()}, the board's audit entry "
                f"{anchor.seq} is {anchor.hash}"
            )
        return problems
    async with database(settings) as uow, uow.transaction() as session:
        _, broken = await audit.verify(session)
        logged = await audit.hash_at(session, anchor.seq)
    if broken is not None:
        problems.append(f"audit log: broken at entry {broken}")
    if logged != anchor.hash:
        problems.append(
            f"chain head: audit entry {anchor.seq} is "
            f"{logged or 'missing'} in the log, {anchor.hash} on the board"
        )
    return problems


async def verify_head(settings: Settings, head: str, entries: int | None) -> str | None:
    """Whether a published head is on the audit chain and the chain holds up to it: None
    when it is, else what differs, naming the first entry."""
    head = head.strip().lower()
    async with database(settings) as uow, uow.transaction() as session:
        count, broken = await audit.verify(session)
        at = await audit.seq_of(session, head)
        expected = await audit.hash_at(session, entries) if entries else None
    if broken is not None:
        return f"audit log broken at entry {broken} (of {count})"
    if at is not None and (entries is None or entries == at):
        return None
    if entries is not None:
        if expected is None:
            return f"entry {entries} differs: the log has only {count} entries"
        return f"entry {entries} differs: the log has {expected}, published {head}"
    return (
        f"the head {head} is on no entry of the audit log ({count} entries): the log was "
        "rewritten; --entries N (the count posted with the head) names the entry"
    )
