"""Plan reminders as a person reads them: an official's digest has a button per line that
opens the report for that due date; a coordinator's escalation counts per agency, lists once
the agencies nobody in the bot answers for (each with a button that makes an invitation link
for it) and offers the full table. The postman (`bot.outbox`) sends them."""

from __future__ import annotations

from typing import Any

from aiogram.types import InlineKeyboardMarkup
from aiogram.utils.keyboard import InlineKeyboardBuilder
from aiogram_i18n.cores import BaseCore

from bot.callbacks import ExportFormat, InviteAgencyCb, PlanExportCb, ReportCb
from bot.render import excerpt, long_date, period_label
from domain.reminders import AgencyOverdue, Line
from services.plan.reminders import Digest

# One screen: the lines a digest shows in full and the buttons under it.
REPORT_BUTTONS = 30
ESCALATION_AGENCIES = 40


def _when(days: int) -> str:
    return "today" if days == 0 else "late" if days < 0 else "ahead"


def _line(core: BaseCore[Any], locale: str, line: Line) -> str:
    ob = line.obligation
    rendered = core.get(
        "reminder-line",
        locale,
        number=ob.item_number,
        title=excerpt(ob.title_in(locale), 90),
        agency=ob.agency_in(locale),
        due=ob.due.strftime("%d.%m.%Y"),
        state=_when(line.days),
        days=abs(line.days),
    )
    period = period_label(core, locale, ob.period)
    if period is None:
        return rendered
    return f"{rendered}\n   {core.get('reminder-period', locale, period=period)}"


def _agency(core: BaseCore[Any], locale: str, summary: AgencyOverdue) -> str:
    return core.get(
        "escalation-agency",
        locale,
        agency=summary.oldest.agency_in(locale),
        count=summary.count,
        number=summary.oldest.item_number,
        due=summary.oldest.due.strftime("%d.%m.%Y"),
    )


def digest(core: BaseCore[Any], locale: str, shown: Digest) -> tuple[str, InlineKeyboardMarkup]:
    """One person's digest in their language, with its buttons."""
    builder = InlineKeyboardBuilder()
    late = [core.get("reminder-late-note", locale)] if shown.late else []
    if shown.kind == "reminder":
        lines = [_line(core, locale, line) for line in shown.lines]
        for line in shown.lines[:REPORT_BUTTONS]:
            ob = line.obligation
            builder.button(
                text=core.get(
                    "reminder-report-button",
                    locale,
                    number=ob.item_number,
                    due=ob.due.strftime("%d.%m.%Y"),
                ),
                callback_data=ReportCb(agency_id=ob.agency_id, due_date_id=ob.due_date_id),
            )
        builder.adjust(1)
        body = core.get("reminder-digest", locale, lines="\n".join([*late, *lines]))
        return body, builder.as_markup()

    both = [*shown.agencies, *shown.unstaffed]
    parts = [*late]
    if shown.agencies:
        parts += [_agency(core, locale, a) for a in shown.agencies[:ESCALATION_AGENCIES]]
    if shown.unstaffed:
        room = max(0, ESCALATION_AGENCIES - len(shown.agencies))
        parts += [
            "",
            core.get("escalation-unstaffed", locale, count=len(shown.unstaffed)),
            *(_agency(core, locale, a) for a in shown.unstaffed[:room]),
        ]
        for agency in shown.unstaffed[:room]:
            builder.button(
                text=core.get(
                    "escalation-invite-button",
                    locale,
                    agency=excerpt(agency.oldest.agency_in(locale), 26),
                ),
                callback_data=InviteAgencyCb(agency_id=agency.agency_id),
            )
    if len(both) > ESCALATION_AGENCIES:
        parts.append(core.get("escalation-more", locale, count=len(both) - ESCALATION_AGENCIES))
    builder.button(
        text=core.get("escalation-full-list", locale),
        callback_data=PlanExportCb(format=ExportFormat.XLSX),
    )
    builder.adjust(1)
    body = core.get(
        "escalation-digest",
        locale,
        date=long_date(shown.today, locale),
        agencies=len(both),
        dates=sum(a.count for a in both),
        lines="\n".join(parts),
    )
    return body, builder.as_markup()
