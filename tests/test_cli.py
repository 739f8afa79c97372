"""The command line: clear one-line errors for missing or bad settings, and `migrate`."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

from sqlalchemy import inspect

from config import PROJECT_ROOT
from storage.db import create_engine


def _run(args: list[str], tmp_path: Path, **env: str) -> subprocess.CompletedProcess[str]:
    clean = {k: v for k, v in os.environ.items() if k not in ("BOT_TOKEN", "DATABASE_URL")}
    return subprocess.run(
        [sys.executable, "-m", "bot", *args],
        cwd=tmp_path,  # no .env there
        env={**clean, "PYTHONPATH": str(PROJECT_ROOT), **env},
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )


def test_missing_token_is_one_clear_line(tmp_path):
    result = _run(["run"], tmp_path, DATABASE_URL=f"sqlite+aiosqlite:///{tmp_path}/x.db")
    assert result.returncode == 2
    assert result.stderr.strip().splitlines() == [
        "BOT_TOKEN is not set: put the token from @BotFather into .env"
    ]


def test_malformed_token_and_bad_setting_do_not_leak_the_token(tmp_path):
    result = _run(["run"], tmp_path, BOT_TOKEN="not-a-token-secret")
    assert result.returncode == 2
    assert "BOT_TOKEN does not look like a bot token" in result.stderr
    assert "not-a-token-secret" not in result.stderr + result.stdout
    result = _run(["run"], tmp_path, BOT_TOKEN="123:secret-value", TIMEZONE="Mars/Olympus")
    assert result.returncode == 2 and "TIMEZONE" in result.stderr
    assert "Traceback" not in result.stderr and "secret-value" not in result.stderr


async def test_migrate_creates_the_schema(tmp_path, empty_database_url):
    result = _run(["migrate"], tmp_path, DATABASE_URL=empty_database_url)
    assert result.returncode == 0, result.stderr
    engine = create_engine(empty_database_url)
    async with engine.connect() as connection:
        tables = set(await connection.run_sync(lambda sync: inspect(sync).get_table_names()))
    await engine.dispose()
    assert {"users", "nominations", "achievements", "fsm_states", "alembic_version"} <= tables


def test_webhook_mode_needs_its_secret_and_an_https_address(tmp_path):
    token = "123:secret-value"
    result = _run(["run"], tmp_path, BOT_TOKEN=token, WEBHOOK_URL="https://bot.example.kz/hook")
    assert result.returncode == 2
    assert result.stderr.strip().splitlines() == [
        "Invalid settings in .env or the environment: "
        "Value error, WEBHOOK_SECRET is required with WEBHOOK_URL"
    ]
    result = _run(
        ["run"],
        tmp_path,
        BOT_TOKEN=token,
        WEBHOOK_URL="http://bot.example.kz/hook",
        WEBHOOK_SECRET="hook-secret-value",
    )
    assert result.returncode == 2 and "WEBHOOK_URL" in result.stderr
    result = _run(
        ["run"],
        tmp_path,
        BOT_TOKEN=token,
        WEBHOOK_URL="https://bot.example.kz/hook",
        WEBHOOK_SECRET="has spaces and a secret-value",
    )
    assert result.returncode == 2 and "WEBHOOK_SECRET" in result.stderr
    assert "secret-value" not in result.stderr + result.stdout
