"""How the plan's screens look: texts and keyboards made from what the plan's use cases
return, in the reader's language. Pure functions; the handlers beside them send what these
make."""

from __future__ import annotations

from datetime import date

from aiogram.types import InlineKeyboardMarkup
from aiogram.utils.keyboard import InlineKeyboardBuilder

from bot.callbacks import (
    ExportFormat,
    PlanExportCb,
    PlanGroup,
    PlanItemCb,
    PlanListCb,
    ReportCb,
    ReviewAction,
    ReviewCb,
    ReviewQueueCb,
)
from bot.i18n import I18n
from bot.keyboards import fitted, pager
from bot.render import excerpt, long_date, period_label
from domain.reminders import Standing, open_for_report
from services.keys import STANDING_KEYS, keys_for
from services.plan import Group, ItemsPage, ItemView, Overview, ReportView, ReviewPage

MARK = {
    Standing.DONE: "✅",
    Standing.SUBMITTED: "🕓",
    Standing.RETURNED: "↩️",
    Standing.PENDING: "⏳",
    Standing.OVERDUE: "❗",
}
GROUP_MARK = {PlanGroup.OVERDUE: "❗", PlanGroup.SOON: "⏳", PlanGroup.DONE: "✅"}
GROUP_KEYS = keys_for(PlanGroup, "plan-group-{}")
REVIEW_KEYS = keys_for((ReviewAction.ACCEPT, ReviewAction.RETURN, ReviewAction.FILES), "review-{}")
OVERDUE_SHOWN = 30  # overdue lines the overview lists


def day(value: date) -> str:
    return value.strftime("%d.%m.%Y")


def item_list(i18n: I18n, shown: ItemsPage) -> tuple[str, InlineKeyboardMarkup]:
    """One group of an agency's items, a page of it, with a tab per group under it."""
    group = PlanGroup(shown.group.value)
    builder = InlineKeyboardBuilder()
    for line in shown.items:
        if line.next_due is not None and line.standing is not None:
            label = i18n.get(
                "plan-item-next",
                number=line.number,
                due=day(line.next_due),
                mark=MARK[line.standing],
            )
        else:
            label = i18n.get("plan-item-done", number=line.number)
        builder.button(
            text=label, callback_data=PlanItemCb(agency_id=shown.agency_id, item_id=line.item_id)
        )

    def goto(page: int) -> PlanListCb:
        return PlanListCb(agency_id=shown.agency_id, group=group, page=page)

    paging = pager(builder, shown.page, shown.pages, goto, ends=False)
    for tab in PlanGroup:
        count = f"{GROUP_MARK[tab]} {shown.counts[Group(tab.value)]}"
        builder.button(
            text=f"· {count} ·" if tab is group else count,
            callback_data=PlanListCb(agency_id=shown.agency_id, group=tab),
        )
    builder.adjust(*[1] * len(shown.items), *([paging] if paging else []), len(PlanGroup))
    lines = [
        i18n.get("plan-title", agency=shown.agency_name),
        i18n.get(
            "plan-groups",
            overdue=shown.counts[Group.OVERDUE],
            soon=shown.counts[Group.SOON],
            done=shown.counts[Group.DONE],
        ),
        "",
        i18n.get(GROUP_KEYS[group]) if shown.items else i18n.get("plan-group-empty"),
    ]
    if shown.pages > 1:
        lines.append(i18n.get("plan-page", page=shown.page + 1, pages=shown.pages))
    return "\n".join(lines), builder.as_markup()


def item_card(i18n: I18n, item: ItemView) -> tuple[str, InlineKeyboardMarkup]:
    """An item with each due date and where it stands; a button per date still open."""
    lines = [i18n.get("plan-item", number=item.number, title=item.title, form=item.form)]
    if item.deadline is not None:
        original = "yes" if item.deadline_untranslated else "no"
        lines.append(i18n.get("plan-item-deadline", deadline=item.deadline, original=original))
    builder = InlineKeyboardBuilder()
    for due in item.dues:
        comment = f" — {due.comment}" if due.comment else ""
        period = period_label(i18n.core, i18n.locale, due.period)
        lines.append(
            f"{MARK[due.standing]} {day(due.due)}"
            + (f" ({period})" if period else "")
            + f": {i18n.get(STANDING_KEYS[due.standing])}{comment}"
        )
        if open_for_report(due.standing):
            builder.button(
                text=i18n.get("plan-report-for", due=day(due.due)),
                callback_data=ReportCb(agency_id=item.agency_id, due_date_id=due.due_date_id),
            )
    fitted(builder)
    return "\n".join(lines), builder.as_markup()


def review_page(i18n: I18n, shown: ReviewPage) -> tuple[str, InlineKeyboardMarkup]:
    builder = InlineKeyboardBuilder()
    for waiting in shown.items:
        builder.button(
            text=f"№{waiting.number} · {excerpt(waiting.agency, 30)} · {day(waiting.due)}",
            callback_data=ReviewCb(report_id=waiting.report_id, action=ReviewAction.OPEN),
        )
    paging = pager(builder, shown.page, shown.pages, lambda page: ReviewQueueCb(page=page))
    builder.adjust(*[1] * len(shown.items), *([paging] if paging else []))
    return i18n.get("review-title", count=shown.total), builder.as_markup()


def report_card(i18n: I18n, report: ReportView) -> tuple[str, InlineKeyboardMarkup]:
    """A report waiting for review, with accept, return and its files."""
    builder = InlineKeyboardBuilder()
    for choice in (ReviewAction.ACCEPT, ReviewAction.RETURN, ReviewAction.FILES):
        builder.button(
            text=i18n.get(REVIEW_KEYS[choice]),
            callback_data=ReviewCb(report_id=report.report_id, action=choice),
        )
    fitted(builder, 2, 1)
    text = i18n.get(
        "review-report",
        number=report.number,
        title=excerpt(report.title, 200),
        agency=report.agency,
        due=day(report.due),
        period=report.period,
        text=report.text,
        files=len(report.files),
    )
    return text, builder.as_markup()


def overview_text(i18n: I18n, shown: Overview) -> tuple[str, InlineKeyboardMarkup]:
    """Where every agency stands, what is overdue, and the export's buttons."""
    lines = [i18n.get("overview-title", date=long_date(shown.today, i18n.locale))]
    lines += [i18n.get("overview-controller", controller=name) for name in shown.controllers]
    for counts in shown.agencies:
        lines.append(
            i18n.get(
                "overview-agency",
                agency=counts.agency,
                done=counts.done,
                pending=counts.pending,
                overdue=counts.overdue,
            )
        )
    if shown.overdue:
        lines += ["", i18n.get("overview-overdue", count=len(shown.overdue))]
        for ob in shown.overdue[:OVERDUE_SHOWN]:
            period = period_label(i18n.core, i18n.locale, ob.period)
            lines.append(
                f"№{ob.item_number} · {ob.agency_in(i18n.locale)} · {day(ob.due)}"
                + (f" ({period})" if period else "")
            )
    builder = InlineKeyboardBuilder()
    for export in ExportFormat:
        builder.button(
            text=i18n.get("desk-export", format=export.upper()),
            callback_data=PlanExportCb(format=export),
        )
    return "\n".join(lines), builder.as_markup()
