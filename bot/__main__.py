"""Command line: `python -m bot [run|migrate]`."""

from __future__ import annotations

import argparse
import asyncio
import logging
import sys
from pathlib import Path

from aiogram.utils.token import TokenValidationError, validate_token
from pydantic import ValidationError

from bot.app import export_nominations, migrate_database, run, verify_audit
from bot.config import Settings
from domain.locales import LOCALES


def _settings_error(error: ValidationError) -> str:
    problems = "; ".join(
        f"{'.'.join(str(part) for part in item['loc']).upper()}: {item['msg']}"
        for item in error.errors()
    )
    return f"Invalid settings in .env or the environment: {problems}"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m bot", description=__doc__)
    commands = parser.add_subparsers(dest="command")
    commands.add_parser("run", help="apply migrations and start the bot (the default)")
    commands.add_parser("migrate", help="apply database migrations and exit")
    audit_parser = commands.add_parser("audit", help="the audit log")
    audit_parser.add_argument("action", choices=["verify"])
    export_parser = commands.add_parser("export", help="write a spreadsheet")
    export_parser.add_argument("what", choices=["nominations"])
    export_parser.add_argument("--format", choices=["xlsx", "csv"], default="xlsx")
    export_parser.add_argument("--out", type=Path, required=True)
    export_parser.add_argument("--locale", choices=list(LOCALES), default=None)
    args = parser.parse_args(argv)

    try:
        settings = Settings()
    except ValidationError as error:
        print(_settings_error(error), file=sys.stderr)
        return 2
    logging.basicConfig(
        level=logging.INFO, format="%(asctime)s %(levelname)s %(name)s: %(message)s"
    )

    if args.command == "migrate":
        asyncio.run(migrate_database(settings))
        return 0
    if args.command == "audit":
        count, broken = asyncio.run(verify_audit(settings))
        if broken is not None:
            print(f"audit log broken at entry {broken} (of {count})", file=sys.stderr)
            return 1
        print(f"audit log intact: {count} entries")
        return 0
    if args.command == "export":
        locale = args.locale or settings.default_locale
        rows = asyncio.run(export_nominations(settings, args.out, args.format, locale))
        print(f"{rows} nominations written to {args.out}")
        return 0

    if settings.bot_token is None:
        print("BOT_TOKEN is not set: put the token from @BotFather into .env", file=sys.stderr)
        return 2
    try:
        validate_token(settings.bot_token.get_secret_value())
    except TokenValidationError:
        print("BOT_TOKEN does not look like a bot token (digits:letters)", file=sys.stderr)
        return 2
    asyncio.run(run(settings))
    return 0


if __name__ == "__main__":
    sys.exit(main())
