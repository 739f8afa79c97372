"""The plan's command line: import (and its errors), deadlines as JSON, reminders preview,
export. Run as the operator would, in a subprocess, against a fresh database."""

from __future__ import annotations

import csv
import io
import json
import os
import subprocess
import sys

import pytest

from bot.config import PROJECT_ROOT
from tests.test_plan_import import SEED


@pytest.fixture
def cli(tmp_path, empty_database_url):
    """The command line against a fresh database of this test's own."""

    env = {k: v for k, v in os.environ.items() if k != "BOT_TOKEN"}
    env |= {"DATABASE_URL": empty_database_url, "PYTHONPATH": str(PROJECT_ROOT)}

    def run(*args: str) -> subprocess.CompletedProcess[str]:
        return subprocess.run(
            [sys.executable, "-m", "bot", *args],
            cwd=tmp_path,
            env=env,
            capture_output=True,
            text=True,
            timeout=120,
            check=False,
        )

    return run


def test_import_deadlines_preview_and_export(cli, tmp_path):
    first = cli("plan", "import", str(SEED), "--start", "2026-12-01")
    assert first.returncode == 0, first.stderr
    assert "loaded: 28 items, 37 agencies" in first.stdout
    again = cli("plan", "import", str(SEED), "--start", "2026-12-01")
    assert "already loaded, brought up to date: 28 items" in again.stdout

    dues = json.loads(cli("plan", "deadlines", "--json").stdout)
    assert dues[0] == {
        "item": 1,
        "due": "2026-12-16",
        "period": "2026-12-16",
        "agencies": ["МКС", "МОН", "МЗСР", "РГУ «Қоғамдық келісім»", "СЦК", "МИР"],
    }
    item11 = [d for d in dues if d["item"] == 11]
    # 10 December moves 39 days past the start; the plan now runs to 31 January 2028.
    assert [d["period"] for d in item11] == [
        "2027-01-09",
        "2027-Q1",
        "2027-Q2",
        "2027-Q3",
        "2027-Q4",
        "2028-Q1",
    ]
    assert all(set(d) == {"item", "due", "period", "agencies"} for d in dues)

    preview = cli("reminders", "preview", "--at", "2026-12-09 10:00")
    assert preview.returncode == 0, preview.stderr
    assert preview.stdout.strip() == "no reminders at that moment"  # nobody holds a role yet

    out = tmp_path / "plan.csv"
    exported = cli("export", "plan", "--format", "csv", "--out", str(out), "--locale", "ru")
    assert exported.returncode == 0, exported.stderr
    rows = list(csv.reader(io.StringIO(out.read_bytes().decode("utf-8-sig"))))
    assert rows[0][:3] == ["Пункт", "Мероприятие", "Ведомство"]
    assert [rows[1][0], rows[1][3], rows[1][5]] == ["1", "2026-12-16", "ждёт отчёта"]


def test_a_file_that_is_not_a_plan_names_the_line(cli, tmp_path):
    letter = tmp_path / "letter.txt"
    letter.write_text(
        "ПЛАН\n(срок реализации: ноябрь 2015 года - декабрь 2016 года)\n\tПЕРИОД ПЕРВЫЙ\n\t1.\n\tT\n\tF\n\tМИР\n\tна днях\n",
        encoding="utf-8",
    )
    result = cli("plan", "import", str(letter))
    assert result.returncode == 2
    assert result.stderr.strip() == f"{letter}: line 8: item 1: cannot read the deadline «на днях»"
    missing = cli("plan", "import", str(tmp_path / "nowhere.txt"))
    assert missing.returncode == 2 and "cannot read" in missing.stderr
    bad_time = cli("reminders", "preview", "--at", "tomorrow")
    assert bad_time.returncode == 2 and '--at takes "YYYY-MM-DD HH:MM"' in bad_time.stderr
