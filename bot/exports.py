"""Spreadsheets for the secretariat (CSV and XLSX), with headers in the reader's language.
No export carries anything about who voted for whom."""

from __future__ import annotations

import csv
import io
from collections.abc import Sequence
from datetime import date, datetime
from typing import Any
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


def nominations_table(
    nominations: Sequence[NominationRow],
    core: BaseCore[Any],
    locale: str,
    regions: Sequence[Region],
    tz: ZoneInfo,
) -> tuple[list[str], list[list[Any]]]:
    names = {region.code: region.name(locale) for region in regions}
    headers = [core.get(key, locale) for key in _COLUMNS]
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
                core.get(STATUS_KEYS[row.status], locale),
                _local(row.submitted_at, tz),
                n.full_name,
                n.birth_date,
                core.get(GENDER_KEYS[n.gender], locale),
                names.get(n.region_code, n.region_code),
                n.settlement,
                n.ethnicity or "",
                n.occupation,
                core.get(SPHERE_KEYS[n.sphere], locale),
                core.get(SOURCE_KEYS[n.source], locale),
                core.get("export-yes" if n.is_self else "export-no", locale),
                n.nominator_name or "",
                n.nominator_phone or "",
                core.get(RELATION_KEYS[n.relation], locale) if n.relation else "",
                n.contact_phone,
                achievements,
                n.story,
                f"{n.consent_version} {_local(n.consent_at, tz).strftime(MOMENT)}",
            ]
        )
    return headers, rows


# Dates as the interface writes them; in XLSX they stay dates a spreadsheet can sort.
DAY, MOMENT = "%d.%m.%Y", "%d.%m.%Y %H:%M"
XLSX_DAY, XLSX_MOMENT = "DD.MM.YYYY", "DD.MM.YYYY HH:MM"


def _cell_text(value: Any) -> Any:
    if isinstance(value, datetime):
        return value.strftime(MOMENT)
    if isinstance(value, date):
        return value.strftime(DAY)
    return value


def to_csv(headers: list[str], rows: list[list[Any]]) -> bytes:
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    writer.writerow(headers)
    writer.writerows([_cell_text(value) for value in row] for row in rows)
    # A byte-order mark lets spreadsheet programs read UTF-8 Cyrillic correctly.
    return buffer.getvalue().encode("utf-8-sig")


def _local(moment: datetime, tz: ZoneInfo) -> datetime:
    """A moment as the project's clock shows it, to the minute, without a zone (spreadsheets
    keep none)."""
    return moment.astimezone(tz).replace(tzinfo=None, second=0, microsecond=0)


def spreadsheet(headers: list[str], rows: list[list[Any]], fmt: str) -> bytes:
    """The file in the format asked for: "xlsx" or "csv"."""
    return to_xlsx(headers, rows) if fmt == "xlsx" else to_csv(headers, rows)


def to_xlsx(headers: list[str], rows: list[list[Any]]) -> bytes:
    from openpyxl import Workbook  # only when someone asks for a spreadsheet

    workbook = Workbook()
    sheet = workbook.active
    sheet.append(headers)
    for row in rows:
        sheet.append(row)
        for cell, value in zip(sheet[sheet.max_row], row, strict=True):
            if isinstance(value, datetime):
                cell.number_format = XLSX_MOMENT
            elif isinstance(value, date):
                cell.number_format = XLSX_DAY
    sheet.freeze_panes = "A2"
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


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
