"""Spreadsheets for the secretariat (CSV and XLSX), with headers in the reader's language.
No export carries anything about who voted for whom."""

from __future__ import annotations

import asyncio
import csv
import io
import shutil
import sys
import tempfile
import zlib
from collections.abc import AsyncIterator, Callable, Sequence
from contextlib import asynccontextmanager
from datetime import date, datetime
from functools import cache
from pathlib import Path
from typing import Any
from xml.sax.saxutils import escape
from zoneinfo import ZoneInfo

from aiogram_i18n.cores import BaseCore

from domain.regions import Region
from services.desks.export import NominationRow
from services.keys import (
    GENDER_KEYS,
    RELATION_KEYS,
    SOURCE_KEYS,
    SPHERE_KEYS,
    STANDING_KEYS,
    STATUS_KEYS,
)
from services.plan import StatusRow

_COLUMNS = (
    "export-reference",
    "export-status",
    "export-submitted",
    "export-full_name",
    "export-birth_date",
    "export-gender",
    "export-region",
    "export-settlement",
    "export-ethnicity",
    "export-occupation",
    "export-sphere",
    "export-source",
    "export-self",
    "export-nominator",
    "export-nominator_phone",
    "export-relation",
    "export-contact_phone",
    "export-achievements",
    "export-story",
    "export-consent",
)


def export_headers(core: BaseCore[Any], locale: str) -> list[str]:
    return [core.get(key, locale) for key in _COLUMNS]


def nominations_table(
    nominations: Sequence[NominationRow],
    core: BaseCore[Any],
    locale: str,
    regions: Sequence[Region],
    tz: ZoneInfo,
) -> list[list[Any]]:
    """Nominations as rows under `export_headers` (run in the export's worker thread)."""
    names = {region.code: region.name(locale) for region in regions}
    label = cache(lambda key: core.get(key, locale))  # a few words, asked for on every row
    rows = []
    for row in nominations:
        n = row.record
        achievements = "\n".join(
            f"{i}. {a.text} ({a.year}){' ' + a.proof_url if a.proof_url else ''}"
            for i, a in enumerate(n.achievements, start=1)
        )
        rows.append(
            [
                row.reference,
                label(STATUS_KEYS[row.status]),
                _local(row.submitted_at, tz),
                n.full_name,
                n.birth_date,
                label(GENDER_KEYS[n.gender]),
                names.get(n.region_code, n.region_code),
                n.settlement,
                n.ethnicity or "",
                n.occupation,
                label(SPHERE_KEYS[n.sphere]),
                label(SOURCE_KEYS[n.source]),
                label("export-yes" if n.is_self else "export-no"),
                n.nominator_name or "",
                n.nominator_phone or "",
                label(RELATION_KEYS[n.relation]) if n.relation else "",
                n.contact_phone,
                achievements,
                n.story,
                f"{n.consent_version} {_local(n.consent_at, tz).strftime(MOMENT)}",
            ]
        )
    return rows


# Dates as the interface writes them; in XLSX they stay dates a spreadsheet can sort.
DAY, MOMENT = "%d.%m.%Y", "%d.%m.%Y %H:%M"
XLSX_DAY, XLSX_MOMENT = "DD.MM.YYYY", "DD.MM.YYYY HH:MM"

# OWASP's rule against formula injection: a cell that begins with one of these is data, never
# something a spreadsheet evaluates. CSV gets a leading apostrophe; XLSX a string cell.
FORMULA_START = ("=", "+", "-", "@", "\t", "\r")
PART_LIMIT = 45 * 1024 * 1024  # EXPORT_PART_BYTES' default


def _cell_text(value: Any) -> Any:
    if isinstance(value, datetime):
        return value.strftime(MOMENT)
    if isinstance(value, date):
        return value.strftime(DAY)
    if isinstance(value, str) and value.startswith(FORMULA_START):
        return "'" + value
    return value


def _local(moment: datetime, tz: ZoneInfo) -> datetime:
    """A moment as the project's clock shows it, to the minute, without a zone (spreadsheets
    keep none)."""
    return moment.astimezone(tz).replace(tzinfo=None, second=0, microsecond=0)


def spreadsheet(headers: list[str], rows: list[list[Any]], fmt: str) -> bytes:
    """A small table (the plan's) as one file in memory, in the format asked for: "xlsx" or
    "csv", guarded as every export is."""
    with tempfile.TemporaryDirectory() as folder:
        parts = Parts(Path(folder), "table", fmt, headers, limit=sys.maxsize)
        parts.add(rows)
        (path,) = parts.close()
        return path.read_bytes()


class Parts:
    """A spreadsheet written row by row to files in `folder` (in a worker thread: nothing
    here may run on the event loop), with the headers at the top of each part and no part
    over `limit` bytes. CSV parts are measured exactly. An XLSX part is a zip whose size is
    known only once it is saved, so its size is foreseen by compressing what each row adds
    to it as the zip will, and the part is closed at nine tenths of the limit. XLSX is
    written in openpyxl's write-only mode: rows go to disk as they come."""

    def __init__(
        self, folder: Path, stem: str, fmt: str, headers: list[str], limit: int = PART_LIMIT
    ) -> None:
        self.folder, self.stem, self.fmt, self.headers = folder, stem, fmt, headers
        self.limit = limit
        self.paths: list[Path] = []
        self.rows = 0
        self._part: _CsvPart | _XlsxPart | None = None

    def add(self, rows: list[list[Any]]) -> None:
        for row in rows:
            part = self._part or self._open()
            if not part.fits(row):
                part.close()
                part = self._open()
            part.write(row)
            self.rows += 1

    def close(self) -> list[Path]:
        """The parts, named `<stem>.<fmt>`, or `<stem>-<n>-of-<total>.<fmt>` when there are
        several."""
        (self._part or self._open()).close()
        self._part = None
        total = len(self.paths)
        names = [
            f"{self.stem}-{n}-of-{total}" if total > 1 else self.stem for n in range(1, total + 1)
        ]
        self.paths = [
            path.rename(path.with_name(f"{name}.{self.fmt}"))
            for path, name in zip(self.paths, names, strict=True)
        ]
        return self.paths

    def discard(self) -> None:
        """An export that did not finish: the open part's files go (the caller removes the
        folder)."""
        if self._part is not None:
            self._part.discard()
            self._part = None

    def _open(self) -> _CsvPart | _XlsxPart:
        path = self.folder / f"part{len(self.paths) + 1}.{self.fmt}"
        kind = _XlsxPart if self.fmt == "xlsx" else _CsvPart
        self._part = kind(path, self.headers, self.limit)
        self.paths.append(path)
        return self._part


class _CsvPart:
    def __init__(self, path: Path, headers: list[str], limit: int) -> None:
        # A byte-order mark lets spreadsheet programs read UTF-8 Cyrillic correctly.
        self._file = path.open("w", encoding="utf-8-sig", newline="")
        self._buffer = io.StringIO()
        self._writer = csv.writer(self._buffer)
        self.limit, self.empty = limit, True
        self._line: tuple[list[Any], str] | None = None
        self.size = len("\ufeff".encode())
        self.write(headers)
        self.empty = True

    def _text(self, row: list[Any]) -> str:
        if self._line is not None and self._line[0] is row:  # measured by `fits` just now
            return self._line[1]
        self._buffer.seek(0)
        self._buffer.truncate()
        self._writer.writerow([_cell_text(value) for value in row])
        self._line = (row, self._buffer.getvalue())
        return self._line[1]

    def fits(self, row: list[Any]) -> bool:
        return self.empty or self.size + len(self._text(row).encode()) <= self.limit

    def write(self, row: list[Any]) -> None:
        line = self._text(row)
        self._file.write(line)
        self.size += len(line.encode())
        self.empty, self._line = False, None

    def close(self) -> None:
        self._file.close()

    def discard(self) -> None:
        self._file.close()


class _XlsxPart:
    # What a part weighs before its first row (styles, the zip's directory), and the share of
    # the limit it is filled to (the foreseen size is close to, not exactly, the saved one).
    BASE, FILL, FLUSH = 8_000, 0.9, 128 * 1024

    def __init__(self, path: Path, headers: list[str], limit: int) -> None:
        from openpyxl import Workbook  # only when someone asks for a spreadsheet
        from openpyxl.utils import get_column_letter

        self.path = path
        self._workbook = Workbook(write_only=True)
        self._sheet = self._workbook.create_sheet()
        self._sheet.freeze_panes = "A2"
        self._zip = zlib.compressobj()
        self._columns = [get_column_letter(n) for n in range(1, len(headers) + 1)]
        self.number = 0
        self.budget = limit * self.FILL
        self._compressed = self._raw = self._pending = 0
        self.write(headers)
        self.empty = True

    @property
    def foreseen(self) -> float:
        """The part's size if saved now: what the compressor gave out, the rows it has not
        yet given out at the rate it compresses so far (a half until it has shown one)."""
        rate = self._compressed / self._raw if self._raw else 0.5
        return self.BASE + self._compressed + self._pending * rate

    def fits(self, row: list[Any]) -> bool:
        return self.empty or self.foreseen < self.budget

    def write(self, row: list[Any]) -> None:
        from openpyxl.cell import WriteOnlyCell
        from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE

        self.number += 1
        cells: list[Any] = []
        xml = [f'<row r="{self.number}">']
        for column, value in zip(self._columns, row, strict=False):
            at = f"{column}{self.number}"
            if isinstance(value, str):
                value = ILLEGAL_CHARACTERS_RE.sub("", value)
                xml.append(f'<c r="{at}" t="inlineStr"><is><t>{escape(value)}</t></is></c>')
                if value.startswith(FORMULA_START):
                    value = WriteOnlyCell(self._sheet, value=value)
                    value.data_type = "s"  # text, never a formula
            elif isinstance(value, date):
                xml.append(f'<c r="{at}" s="1"><v>{value.toordinal() - 693594}</v></c>')
                moment = isinstance(value, datetime)
                value = WriteOnlyCell(self._sheet, value=value)
                value.number_format = XLSX_MOMENT if moment else XLSX_DAY
            else:
                xml.append(f'<c r="{at}"><v>{value}</v></c>')
            cells.append(value)
        self._sheet.append(cells)
        self.empty = False
        # The row as the sheet's XML holds it, compressed as the zip will: the part's size.
        data = ("".join(xml) + "</row>").encode()
        self._compressed += len(self._zip.compress(data))
        self._pending += len(data)
        if self._pending >= self.FLUSH:  # a flush costs compression: only now and then
            self._compressed += len(self._zip.flush(zlib.Z_SYNC_FLUSH))
            self._raw += self._pending
            self._pending = 0

    def close(self) -> None:
        self._workbook.save(self.path)

    def discard(self) -> None:
        # openpyxl keeps the rows written so far in a temporary file of its own, outside the
        # export's folder, until the workbook is saved: personal data must not stay there.
        writer = getattr(self._sheet, "_writer", None)
        if writer is not None:
            self._sheet.close()  # ends openpyxl's writing, which closes that file
            Path(writer.out).unlink(missing_ok=True)


@asynccontextmanager
async def exported(
    pages: AsyncIterator[list[Any]],
    table: Callable[[list[Any]], list[list[Any]]],
    headers: list[str],
    fmt: str,
    stem: str,
    limit: int = PART_LIMIT,
) -> AsyncIterator[tuple[list[Path], int]]:
    """Writes every page (laid out by `table`) into a temporary folder, in a worker thread
    while the next page is read, and yields the parts and the row count; the folder is
    removed afterwards, sent or not. The event loop only reads pages and waits."""
    folder = Path(await asyncio.to_thread(tempfile.mkdtemp, prefix="export-"))
    parts = Parts(folder, stem, fmt, headers, limit)
    writing: asyncio.Future[None] | None = None
    closed = False
    try:
        async for page in pages:
            if writing is not None:
                await writing
            writing = asyncio.ensure_future(asyncio.to_thread(_add, parts, table, page))
        if writing is not None:
            await writing
        paths = await asyncio.to_thread(parts.close)
        closed = True
        yield paths, parts.rows
    finally:
        if writing is not None and not writing.done():  # never remove under a writer
            await asyncio.wait([writing])
        if not closed:
            await asyncio.to_thread(parts.discard)
        await asyncio.to_thread(shutil.rmtree, folder, True)


def _add(parts: Parts, table: Callable[[list[Any]], list[list[Any]]], page: list[Any]) -> None:
    parts.add(table(page))


def plan_table(
    status: Sequence[StatusRow], core: BaseCore[Any], locale: str
) -> tuple[list[str], list[list[Any]]]:
    """Every (due date, agency) of every plan with where it stands, as the plan's use case
    gives it (`services.plan.overview`)."""
    headers = [core.get(key, locale) for key in _PLAN_COLUMNS]
    rows = [
        [
            row.number,
            row.title,
            row.agency,
            row.due,
            row.period,
            core.get(STANDING_KEYS[row.standing], locale),
            row.reported_at or "",
            row.comment,
        ]
        for row in status
    ]
    return headers, rows


_PLAN_COLUMNS = (
    "plan-export-item",
    "plan-export-title",
    "plan-export-agency",
    "plan-export-due",
    "plan-export-period",
    "plan-export-status",
    "plan-export-reported",
    "plan-export-comment",
)
