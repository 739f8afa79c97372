"""The plan's command line: import (and its errors, and what a re-import may change),
deadlines as JSON, reminders preview, export. Run as the operator would, in a subprocess,
against a fresh database."""

from __future__ import annotations

import csv
import io
import json
import os
import subprocess
import sys
from datetime import date

import pytest
from sqlalchemy import func, select

from config import PROJECT_ROOT
from storage.db import create_engine
from storage.models import AuditEntry, OutboxMessage
from storage.plan_tables import Agency, CampaignPlan, DueDate, ItemAgency, PlanItem
from tests.fixtures.plan import (
    END_OF_ITEM_26,
    LIST_LINE,
    OVP,
    SEED,
    head,
    translations_for,
    without_abbreviation,
    without_items_27_28,
)

MIR = "Министерство по инвестициям и развитию Республики Казахстан"


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
    assert rows[0][:3] == ["Пункт", "Мероприятие", "Ответственный исполнитель"]
    assert [rows[1][0], rows[1][3], rows[1][5]] == ["1", "16.12.2026", "отчёт ожидается"]


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


async def stored(url: str) -> dict[str, object]:
    """What the database holds of plans: row counts, agencies' names, items' titles."""
    engine = create_engine(url)
    try:
        async with engine.connect() as connection:
            counts = {
                model.__tablename__: await connection.scalar(
                    select(func.count()).select_from(model)
                )
                for model in (
                    CampaignPlan,
                    PlanItem,
                    Agency,
                    ItemAgency,
                    DueDate,
                    OutboxMessage,
                    AuditEntry,
                )
            }
            names = dict((await connection.execute(select(Agency.short, Agency.name))).all())
            items = (
                await connection.execute(
                    select(PlanItem.number, PlanItem.title).order_by(PlanItem.number)
                )
            ).all()
    finally:
        await engine.dispose()
    return {"counts": counts, "names": names, "items": items}


def write(tmp_path, name: str, text: str):
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


CUT_SHORT = (
    "line 245: the file ends at item 26 without the abbreviation list "
    "(«Примечание: расшифровка аббревиатур»): it may be cut short"
)


async def test_a_file_cut_after_an_item_is_refused_on_a_fresh_database(
    cli, tmp_path, empty_database_url
):
    cut = write(tmp_path, "cut.txt", head(END_OF_ITEM_26))  # `head -n 245`
    assert cli("migrate").returncode == 0
    before = await stored(empty_database_url)
    result = cli("plan", "import", str(cut))
    assert (result.returncode, result.stdout) == (2, "")
    assert result.stderr.strip() == f"{cut}: {CUT_SHORT}"
    assert await stored(empty_database_url) == before
    assert before["counts"]["plans"] == before["counts"]["plan_items"] == 0


async def test_a_reimport_that_would_lose_items_or_names_is_refused_and_writes_nothing(
    cli, tmp_path, empty_database_url
):
    assert cli("plan", "import", str(SEED)).returncode == 0
    loaded = await stored(empty_database_url)
    assert loaded["counts"]["plan_items"] == 28
    assert loaded["names"]["МИР"] == MIR

    cut = write(tmp_path, "cut.txt", head(END_OF_ITEM_26))
    refused = cli("plan", "import", str(cut))
    assert (refused.returncode, refused.stdout) == (2, "")
    assert refused.stderr.strip() == f"{cut}: {CUT_SHORT}"

    # Items 27-28 gone, the list kept: a plan on its own, but not the loaded one.
    shorter = write(tmp_path, "shorter.txt", without_items_27_28())
    refused = cli("plan", "import", str(shorter))
    assert (refused.returncode, refused.stdout) == (2, "")
    assert refused.stderr.strip() == (
        f"{shorter}: line 239: the file ends at item 26 but the loaded plan has 28 items: "
        "importing it would drop items 27–28 (--replace drops them)"
    )

    # МИР left out of the list: its full name would become "МИР".
    unlisted = write(tmp_path, "unlisted.txt", without_abbreviation("МИР"))
    refused = cli("plan", "import", str(unlisted))
    assert (refused.returncode, refused.stdout) == (2, "")
    assert refused.stderr.strip() == (
        f"{unlisted}: line {LIST_LINE}: the abbreviation list does not spell out МИР: "
        "importing it would replace its full name by abbreviations (--replace does)"
    )
    assert await stored(empty_database_url) == loaded


async def test_replace_shows_the_difference_then_writes_it(cli, tmp_path, empty_database_url):
    assert cli("plan", "import", str(SEED)).returncode == 0
    loaded = await stored(empty_database_url)

    shorter = write(tmp_path, "shorter.txt", without_items_27_28())
    replaced = cli("plan", "import", str(shorter), "--replace")
    assert replaced.returncode == 0, replaced.stderr
    lines = replaced.stdout.splitlines()
    assert lines[:3] == [
        "changes to the loaded plan:",
        "  - item 27 «Организовать создание и продвижение Интернет-сообществ по продвижению…»",
        "  - item 28 «Организовать выход специальных видео- и фоторепортажей о ходе Кампани…»",
    ]
    assert "» replaced: 26 items, 37 agencies, 61 due dates, 2015-11-01…2016-12-31" in lines[3]
    after = await stored(empty_database_url)
    assert [number for number, _ in after["items"]] == list(range(1, 27))
    assert after["items"] == loaded["items"][:26]
    assert after["counts"]["due_dates"] == loaded["counts"]["due_dates"] - 10
    assert after["counts"]["audit_log"] == loaded["counts"]["audit_log"] + 1

    # The whole plan back: two items more than loaded, so --replace again.
    refused = cli("plan", "import", str(SEED))
    assert refused.returncode == 2
    assert refused.stderr.strip() == (
        f"{SEED}: line 247: the loaded plan has 26 items, the file 28: "
        "importing it would add items 27–28 (--replace adds them)"
    )
    restored = cli("plan", "import", str(SEED), "--replace")
    assert restored.returncode == 0, restored.stderr
    assert restored.stdout.splitlines()[1].startswith("  + item 27 «Организовать создание")
    assert (await stored(empty_database_url))["items"] == loaded["items"]

    unlisted = write(tmp_path, "unlisted.txt", without_abbreviation("МИР"))
    renamed = cli("plan", "import", str(unlisted), "--replace")
    assert renamed.returncode == 0, renamed.stderr
    assert renamed.stdout.splitlines()[:2] == [
        "changes to the loaded plan:",
        f"  ~ agency МИР: «{MIR}» → «МИР»",
    ]
    assert (await stored(empty_database_url))["names"]["МИР"] == "МИР"


async def test_the_decree_around_the_plan_is_stored(cli, empty_database_url):
    loaded = cli("plan", "import", str(SEED))
    assert loaded.returncode == 0, loaded.stderr
    assert loaded.stdout.splitlines()[1:] == [
        "  decree: «Об утверждении Плана мероприятий общенациональной информационной кампании "
        '"Нация Единого Будущего"», Распоряжение Государственного секретаря Республики '
        "Казахстан, 2015-10-30, № 10",
        f"  controller: {OVP}",
    ]
    engine = create_engine(empty_database_url)
    try:
        async with engine.connect() as connection:
            plan = (await connection.execute(select(CampaignPlan))).one()
            periods = dict(
                (
                    await connection.execute(
                        select(PlanItem.number, PlanItem.section_period).where(
                            PlanItem.number.in_([1, 10, 11, 28])
                        )
                    )
                ).all()
            )
            ovp = await connection.scalar(select(Agency.name).where(Agency.short == "ОВП"))
    finally:
        await engine.dispose()
    assert plan.decree == (
        'Об утверждении Плана мероприятий общенациональной информационной кампании "Нация '
        'Единого Будущего"'
    )
    assert plan.decree_act == "Распоряжение Государственного секретаря Республики Казахстан"
    assert (plan.decree_date, plan.decree_number) == (date(2015, 10, 30), "10")
    assert plan.controller == OVP
    assert plan.preamble.startswith("Целью общенациональной информационной кампании")
    assert periods == {
        1: "ноябрь 2015 года",
        10: "ноябрь 2015 года",
        11: "ноябрь 2015 года - декабрь 2016 года",
        28: "ноябрь 2015 года - декабрь 2016 года",
    }
    assert ovp == OVP


async def test_a_translations_file_that_does_not_fit_is_refused_and_writes_nothing(
    cli,
    tmp_path,
    empty_database_url,
    plan,
):
    plan_file = write(tmp_path, "plan.txt", SEED.read_text(encoding="utf-8"))
    companion = write(tmp_path, "plan.translations.toml", translations_for(plan, skip_item=28))
    assert cli("migrate").returncode == 0
    before = await stored(empty_database_url)
    result = cli("plan", "import", str(plan_file))
    assert result.returncode == 2
    assert result.stderr.startswith(f"{companion}: line ")
    assert result.stderr.strip().endswith(": item 28 is not translated")
    assert await stored(empty_database_url) == before

    # Whole, it is read with the plan: the items and agencies keep their translations.
    companion.write_text(translations_for(plan), encoding="utf-8")
    assert cli("plan", "import", str(plan_file)).returncode == 0
    engine = create_engine(empty_database_url)
    try:
        async with engine.connect() as connection:
            item = (
                await connection.execute(select(PlanItem.translations).where(PlanItem.number == 2))
            ).scalar_one()
            mir = (
                await connection.execute(select(Agency.translations).where(Agency.short == "МИР"))
            ).scalar_one()
    finally:
        await engine.dispose()
    assert item["en"]["title"] == "Title of item 2"
    assert mir["en"]["short"] == "МИР en"
