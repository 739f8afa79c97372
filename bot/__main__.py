"""Command line: `python -m bot [run|migrate|backup|audit verify|results publish|results verify|
export nominations|privacy purge]`.

Commands that do not talk to Telegram import no aiogram, so they start in a moment."""

from __future__ import annotations

import argparse
import asyncio
import logging
import sys
from datetime import date, datetime
from pathlib import Path

from pydantic import ValidationError

from bot import commands
from bot.logs import install_masking
from config import Settings
from domain.clock import system_clock
from domain.locales import LOCALES
from domain.plan import PlanFormatError


def _settings_error(error: ValidationError) -> str:
    problems = "; ".join(
        ": ".join(
            part for part in ("_".join(str(p) for p in item["loc"]).upper(), item["msg"]) if part
        )
        for item in error.errors()
    )
    return f"Invalid settings in .env or the environment: {problems}"


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="python -m bot", description=__doc__)
    commands = parser.add_subparsers(dest="command")
    commands.add_parser("run", help="apply migrations and start the bot (the default)")
    commands.add_parser("migrate", help="apply database migrations and exit")
    backup = commands.add_parser("backup", help="a consistent copy of the SQLite database")
    backup.add_argument("file", type=Path)
    audit_parser = commands.add_parser("audit", help="the audit log")
    audit_parser.add_argument("action", choices=["verify"])
    audit_parser.add_argument(
        "--head", help="a head hash as published to the channel: is it on the chain?"
    )
    audit_parser.add_argument(
        "--entries", type=int, default=None, help="the entry count published with that head"
    )
    results = commands.add_parser("results", help="a closed round's published board")
    results_commands = results.add_subparsers(dest="results_command", required=True)
    publisher = results_commands.add_parser("publish", help="write the results pages and files")
    publisher.add_argument("round", type=int)
    publisher.add_argument("--out", type=Path, required=True)
    verifier = results_commands.add_parser("verify", help="recount a published round")
    verifier.add_argument("directory", type=Path)
    verifier.add_argument(
        "--head", help="the head posted to the channel at close (else: this bot's audit log)"
    )
    export_parser = commands.add_parser("export", help="write a spreadsheet")
    export_parser.add_argument("what", choices=["nominations", "plan"])
    plan_parser = commands.add_parser("plan", help="the campaign plan")
    plan_commands = plan_parser.add_subparsers(dest="plan_command", required=True)
    importer = plan_commands.add_parser("import", help="load a plan in the document's layout")
    importer.add_argument("file", type=Path)
    importer.add_argument("--start", type=date.fromisoformat, help="re-base it: YYYY-MM-DD")
    importer.add_argument(
        "--replace",
        action="store_true",
        help="let it drop or add items, or agencies' full names (the difference printed first)",
    )
    deadlines = plan_commands.add_parser("deadlines", help="every due date as JSON")
    deadlines.add_argument("--json", action="store_true", required=True)
    deadlines.add_argument("--plan", type=int, default=None)
    reminders = commands.add_parser("reminders", help="the plan's reminders")
    reminders.add_argument("action", choices=["preview"])
    reminders.add_argument("--at", required=True, help='"YYYY-MM-DD HH:MM" in TIMEZONE')
    privacy = commands.add_parser("privacy", help="personal data past its retention")
    privacy.add_argument("action", choices=["purge"])
    privacy.add_argument("--dry-run", action="store_true", help="print the counts, change nothing")
    export_parser.add_argument("--format", choices=["xlsx", "csv"], default="xlsx")
    export_parser.add_argument("--out", type=Path, default=None, help="default: <what>.<format>")
    export_parser.add_argument(
        "--all",
        action="store_true",
        dest="everything",
        help="nominations: every status, not only the live consented ones (still nothing erased)",
    )
    export_parser.add_argument("--locale", choices=list(LOCALES), default=None)
    return parser


def _results(settings: Settings, args: argparse.Namespace) -> int:
    from services.board import BoardTampered

    if args.results_command == "publish":
        try:
            size = asyncio.run(
                commands.publish_results(settings, args.round, args.out, system_clock())
            )
        except (LookupError, BoardTampered) as error:
            print(error, file=sys.stderr)
            return 1
        print(f"round {args.round} published to {args.out} ({size} bytes)")
        return 0
    problems = asyncio.run(commands.verify_results(settings, args.directory, args.head))
    for problem in problems:
        print(problem, file=sys.stderr)
    if problems:
        return 1
    print(f"{args.directory}: the board adds up and is on the audit chain")
    return 0


def main(argv: list[str] | None = None) -> int:
    args = _parser().parse_args(argv)
    try:
        settings = Settings()
    except ValidationError as error:
        print(_settings_error(error), file=sys.stderr)
        return 2
    # The bot logs its work; one-shot commands only what goes wrong.
    level = logging.INFO if args.command in (None, "run") else logging.WARNING
    logging.basicConfig(level=level, format="%(asctime)s %(levelname)s %(name)s: %(message)s")
    logging.getLogger("alembic").setLevel(max(level, logging.WARNING))
    install_masking(settings)  # before anything can log: no token, phone or secret in a line

    if args.command == "migrate":
        asyncio.run(commands.migrate_only(settings))
        return 0
    if args.command == "backup":
        try:
            asyncio.run(commands.backup(settings, args.file))
        except (OSError, LookupError) as error:
            print(error, file=sys.stderr)
            return 2
        print(f"database copied to {args.file}")
        return 0
    if args.command == "plan" and args.plan_command == "import":
        try:
            summary = asyncio.run(
                commands.import_plan(
                    settings,
                    args.file,
                    args.start,
                    system_clock(),
                    replace=args.replace,
                    show=lambda text: print(text, flush=True),
                )
            )
            print(summary)
        except (OSError, UnicodeDecodeError) as error:
            print(f"{args.file}: cannot read: {error}", file=sys.stderr)
            return 2
        except PlanFormatError as error:
            print(f"{getattr(error, 'path', args.file)}: {error}", file=sys.stderr)
            return 2
        return 0
    if args.command == "plan":
        try:
            print(asyncio.run(commands.deadlines_json(settings, args.plan)))
        except LookupError as error:
            print(error, file=sys.stderr)
            return 2
        return 0
    if args.command == "reminders":
        try:
            at = datetime.strptime(args.at, "%Y-%m-%d %H:%M").replace(tzinfo=settings.tz)
        except ValueError:
            print('--at takes "YYYY-MM-DD HH:MM"', file=sys.stderr)
            return 2
        print(asyncio.run(commands.preview_reminders(settings, at)))
        return 0
    if args.command == "audit" and args.head:
        differs = asyncio.run(commands.verify_head(settings, args.head, args.entries))
        if differs is not None:
            print(differs, file=sys.stderr)
            return 1
        print(f"the head {args.head.strip()} is on the audit log, which holds up to it")
        return 0
    if args.command == "results":
        return _results(settings, args)
    if args.command == "audit":
        count, broken = asyncio.run(commands.verify_audit(settings))
        if broken is not None:
            print(f"audit log broken at entry {broken} (of {count})", file=sys.stderr)
            return 1
        print(f"audit log intact: {count} entries")
        return 0
    if args.command == "privacy":
        print(asyncio.run(commands.privacy_purge(settings, args.dry_run)))
        return 0
    if args.command == "export":
        locale = args.locale or settings.default_locale
        out = args.out or Path(f"{args.what}.{args.format}")
        if args.what == "nominations":
            made = commands.export_nominations(settings, out, args.format, locale, args.everything)
        else:
            made = commands.export_plan(settings, out, args.format, locale)
        rows = asyncio.run(made)
        print(f"{rows} rows of {args.what} written to {out}")
        return 0

    if settings.bot_token is None:
        print("BOT_TOKEN is not set: put the token from @BotFather into .env", file=sys.stderr)
        return 2
    from aiogram.utils.token import TokenValidationError, validate_token

    from bot.app import run

    try:
        validate_token(settings.bot_token.get_secret_value())
    except TokenValidationError:
        print("BOT_TOKEN does not look like a bot token (digits:letters)", file=sys.stderr)
        return 2
    asyncio.run(run(settings))
    return 0


if __name__ == "__main__":
    sys.exit(main())
