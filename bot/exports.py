"""Spreadsheets for the secretariat (CSV and XLSX), with headers in the reader's language.
No export carries anything about who voted for whom."""

from __future__ import annotations

import csv
import io
from collections.abc import Sequence
from datetime import date
from typing import Any
from zoneinfo import ZoneInfo

from aiogram_i18n.cores import BaseCore
from openpyxl import Workbook
from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from domain.nomination import Step
from domain.regions import Region
from storage.models import Nomination

_COLUMNS = (
    "reference",
    "status",
    "submitted",
    "full_name",
    "birth_date",
    "gender",
    "region",
    "settlement",
    "ethnicity",
    "occupation",
    "sphere",
    "source",
    "self",
    "nominator",
    "nominator_phone",
    "relation",
    "contact_phone",
    "achievements",
    "story",
    "consent",
)


async def nominations_table(
    session: AsyncSession, core: BaseCore[Any], locale: str, regions: Sequence[Region], tz: ZoneInfo
) -> tuple[list[str], list[list[Any]]]:
    names = {region.code: region.name(locale) for region in regions}

    def label(step: Step, value: str | None) -> str:
        return core.get(f"choice-{step}-{value}", locale) if value else ""

    headers = [core.get(f"export-{column}", locale) for column in _COLUMNS]
    rows = []
    for n in await session.scalars(select(Nomination).order_by(Nomination.id)):
        achievements = "\n".join(
            f"{i}. {a.text} ({a.year}){' ' + a.proof_url if a.proof_url else ''}"
            for i, a in enumerate(n.achievements, start=1)
        )
        rows.append(
            [
                n.reference,
                core.get(f"status-{n.status}", locale),
                n.created_at.astimezone(tz).strftime("%Y-%m-%d %H:%M"),
                n.full_name,
                n.birth_date.isoformat(),
                label(Step.GENDER, n.gender),
                names.get(n.region_code, n.region_code),
                n.settlement,
                n.ethnicity or "",
                n.occupation,
                label(Step.SPHERE, n.sphere),
                label(Step.SOURCE, n.source),
                core.get("export-yes" if n.is_self else "export-no", locale),
                n.nominator_name or "",
                n.nominator_phone or "",
                label(Step.RELATION, n.relation),
                n.contact_phone,
                achievements,
                n.story,
                f"{n.consent_version} {n.consent_at.astimezone(tz).strftime('%Y-%m-%d %H:%M')}",
            ]
        )
    return headers, rows


def to_csv(headers: list[str], rows: list[list[Any]]) -> bytes:
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    writer.writerow(headers)
    writer.writerows(rows)
    # A byte-order mark lets spreadsheet programs read UTF-8 Cyrillic correctly.
    return buffer.getvalue().encode("utf-8-sig")


def spreadsheet(headers: list[str], rows: list[list[Any]], fmt: str) -> bytes:
    """The file in the format asked for: "xlsx" or "csv"."""
    return to_xlsx(headers, rows) if fmt == "xlsx" else to_csv(headers, rows)


def to_xlsx(headers: list[str], rows: list[list[Any]]) -> bytes:
    workbook = Workbook()
    sheet = workbook.active
    sheet.append(headers)
    for row in rows:
        sheet.append(row)
    sheet.freeze_panes = "A2"
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


async def plan_table(
    session: AsyncSession, core: BaseCore[Any], locale: str, tz: ZoneInfo, today: date
) -> tuple[list[str], list[list[Any]]]:
    """Every (due date, agency) of every plan with where it stands."""
    from domain.reminders import standing
    from storage import plan as plan_store

    reports = await plan_store.latest_reports(session)
    headers = [core.get(f"plan-export-{column}", locale) for column in _PLAN_COLUMNS]
    rows = []
    for ob in await plan_store.obligations(session):
        report = reports.get((ob.due_date_id, ob.agency_id))
        state = standing(ob.due, report.status if report else None, today)
        rows.append(
            [
                ob.item_number,
                ob.item_title,
                ob.agency,
                ob.due.isoformat(),
                ob.period,
                core.get(f"standing-{state}", locale),
                report.submitted_at.astimezone(tz).strftime("%Y-%m-%d %H:%M") if report else "",
                report.comment or "" if report else "",
            ]
        )
    return headers, rows


_PLAN_COLUMNS = ("item", "title", "agency", "due", "period", "status", "reported", "comment")
