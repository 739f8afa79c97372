"""A desk's list on screen, as pure functions of what the service returned: its text and
keyboard (cases, the one pager, search, filters, selection), the filters panel and one
filter's choices."""

from __future__ import annotations

from datetime import date

from aiogram.types import InlineKeyboardMarkup
from aiogram.utils.keyboard import InlineKeyboardBuilder

from bot.callbacks import (
    BulkCb,
    CaseCb,
    DeskFilter,
    DeskFilterCb,
    DeskPickCb,
    DeskTool,
    DeskToolCb,
    ExportCb,
    ExportFormat,
    QueueCb,
    SelectCb,
)
from bot.i18n import I18n
from bot.keyboards import fitted, in_reading_order, pager, region_options
from bot.render import excerpt, short_date
from domain.nomination import Source, Sphere, Status
from domain.pipeline import DESKS, Role, Staff
from domain.regions import Region
from services.desks.queue import QueueItem, QueuePage, View
from services.keys import DESK_KEYS, SOURCE_KEYS, SPHERE_KEYS, keys_for
from services.locale_keys import PlainKey

SELECT_MARK = {True: "☑️", False: "▫️"}
# The filters each desk offers (status only where a desk holds more than one).
FILTER_KEYS = keys_for(DeskFilter, "filter-{}")
# A stage within a desk, as its list's counts and stage filter name it (short, for buttons).
STAGE_KEYS: dict[Status, PlainKey] = {
    Status.SUBMITTED: "stage-new",
    Status.SCREENING: "stage-returned",
    Status.VERIFICATION: "status-verification",
    Status.EXPERT_REVIEW: "status-expert_review",
    Status.WORKING_GROUP: "status-working_group",
}


def case_label(reference: str, full_name: str) -> str:
    """A case on a button: the reference's serial and the surname with initials
    («№000001 · Сапарова А. Н.»), short enough for a phone."""
    surname, *given = full_name.split()
    initials = " ".join(f"{name[0]}." for name in given)
    return excerpt(f"№{reference.rsplit('-', 1)[-1]} · {surname} {initials}".strip(), 30)


def filter_lines(i18n: I18n, role: Role, view: View, regions: tuple[Region, ...]) -> list[str]:
    """The search and filters of a view, one line each."""
    names = {region.code: region.name(i18n.locale) for region in regions}
    shown: list[tuple[str, str]] = []
    if view.text:
        shown.append((i18n.get("filter-search"), view.text))
    if view.status in DESKS[role]:
        value = i18n.get(STAGE_KEYS[Status(view.status)])
        shown.append((i18n.get(FILTER_KEYS[DeskFilter.STATUS]), value))
    if view.region:
        value = names.get(view.region, view.region)
        shown.append((i18n.get(FILTER_KEYS[DeskFilter.REGION]), value))
    if view.sphere in set(Sphere):
        value = i18n.get(SPHERE_KEYS[Sphere(view.sphere)])
        shown.append((i18n.get(FILTER_KEYS[DeskFilter.SPHERE]), value))
    if view.source in set(Source):
        value = i18n.get(SOURCE_KEYS[Source(view.source)])
        shown.append((i18n.get(FILTER_KEYS[DeskFilter.SOURCE]), value))
    if view.since or view.until:
        since = short_date(date.fromisoformat(view.since)) if view.since else "…"
        until = short_date(date.fromisoformat(view.until)) if view.until else "…"
        shown.append((i18n.get(FILTER_KEYS[DeskFilter.PERIOD]), f"{since} – {until}"))
    return [f"{label}: {value}" for label, value in shown]


def render_queue(i18n: I18n, page: QueuePage) -> tuple[str, InlineKeyboardMarkup]:
    """The list's text (its head, then the page's cases in full) and its keyboard."""
    selecting = page.view.selecting and page.role is Role.SECRETARIAT
    names = {region.code: region.name(i18n.locale) for region in page.regions}
    listed = [_line(i18n, item, names) for item in page.items]
    text = "\n".join(_head(i18n, page, selecting))
    text = "\n\n".join([text, "\n".join(listed)]) if listed else text
    return text, _queue_keyboard(i18n, page, selecting)


def _line(i18n: I18n, item: QueueItem, names: dict[str, str]) -> str:
    label = case_label(item.reference, item.full_name)
    line = f"{label} — {item.full_name}, {names.get(item.region_code, '')}"
    if item.held_by is not None:
        line += "\n    🔒 " + i18n.get("desk-held-by", name=item.held_by or "—")
    if item.conflicts:
        references = ", ".join(item.conflicts)
        line += "\n    ⚠️ " + i18n.get("identity-conflict", references=references)
    return line


def _head(i18n: I18n, page: QueuePage, selecting: bool) -> list[str]:
    role, view = page.role, page.view
    params = {
        "desk": i18n.get(DESK_KEYS[role]),
        "count": page.total,
        "page": page.page + 1,
        "pages": page.pages,
    }
    if page.total:
        head = [i18n.get("desk-title", **params)]
    elif view.narrowed:
        head = [i18n.get("desk-none-match", **params)]
    else:
        head = [i18n.get("desk-empty", **params)]
    head += filter_lines(i18n, role, view, page.regions)
    if len(page.by_status) > 1:
        counts = " · ".join(
            f"{i18n.get(STAGE_KEYS[status])} {page.by_status[status]}"
            for status in DESKS[role]
            if status in page.by_status
        )
        head.append(i18n.get("desk-by-status", counts=counts))
    if len(page.by_region) > 1:
        counts = " · ".join(
            f"{name} {page.by_region[code]}"
            for code, name in region_options(page.regions, i18n.locale)
            if code in page.by_region
        )
        head.append(i18n.get("desk-by-region", counts=counts))
    if selecting:
        head.append(i18n.get("desk-select-hint", count=len(view.selected)))
    return head


def _queue_keyboard(i18n: I18n, page: QueuePage, selecting: bool) -> InlineKeyboardMarkup:
    role, view = page.role, page.view
    builder = InlineKeyboardBuilder()
    # On the buttons, a number and a short name.
    for item in page.items:
        label = case_label(item.reference, item.full_name)
        if selecting:
            builder.button(
                text=f"{SELECT_MARK[item.selected]} {excerpt(label, 27)}",
                callback_data=SelectCb(nomination_id=item.nomination_id),
            )
        else:
            builder.button(
                text=label, callback_data=CaseCb(role=role, nomination_id=item.nomination_id)
            )
    sizes = [1] * len(page.items)
    jump = DeskToolCb(role=role, tool=DeskTool.JUMP)
    navigation = pager(builder, page.page, page.pages, lambda n: QueueCb(role=role, page=n), jump)
    if navigation:
        sizes.append(navigation)

    def tool(label: str, chosen: DeskTool) -> None:
        builder.button(text=label, callback_data=DeskToolCb(role=role, tool=chosen))

    if page.total and not selecting:
        tool(i18n.get("desk-next"), DeskTool.NEXT)
        sizes.append(1)
    tool(i18n.get("desk-search"), DeskTool.SEARCH)
    tool(i18n.get("desk-filters"), DeskTool.FILTERS)
    sizes.append(2)
    if view.narrowed:
        tool(i18n.get("desk-clear"), DeskTool.CLEAR)
        sizes.append(1)
    if role is Role.SECRETARIAT:
        tool(i18n.get("desk-select-done" if selecting else "desk-select"), DeskTool.SELECT)
        sizes.append(1)
        if selecting and view.selected:
            builder.button(text=i18n.get("bulk-reject-selected"), callback_data=BulkCb(every=False))
            sizes.append(1)
        if selecting and page.total:
            builder.button(text=i18n.get("bulk-reject-all"), callback_data=BulkCb(every=True))
            sizes.append(1)
        if not selecting:
            for export in ExportFormat:
                builder.button(
                    text=i18n.get("desk-export", format=export.upper()),
                    callback_data=ExportCb(format=export),
                )
            sizes.append(2)
    return fitted(builder, *sizes).as_markup()


def offered_filters(role: Role, staff: Staff) -> list[DeskFilter]:
    kinds = list(DeskFilter)
    if len(DESKS[role]) < 2:
        kinds.remove(DeskFilter.STATUS)
    if role is Role.VERIFIER and len(staff.regions()) < 2:
        kinds.remove(DeskFilter.REGION)
    return kinds


def filter_choices(
    i18n: I18n, role: Role, kind: DeskFilter, staff: Staff, regions: tuple[Region, ...]
) -> list[tuple[str, str]]:
    """(value, label) of one filter's choices, in the reader's order."""
    if kind is DeskFilter.STATUS:
        return [(status, i18n.get(STAGE_KEYS[status])) for status in DESKS[role]]
    if kind is DeskFilter.REGION:
        mine = staff.regions() if role is Role.VERIFIER else None
        return [
            (code, name)
            for code, name in region_options(regions, i18n.locale)
            if mine is None or code in mine
        ]
    if kind is DeskFilter.SPHERE:
        return in_reading_order((s, i18n.get(SPHERE_KEYS[s])) for s in Sphere)
    if kind is DeskFilter.SOURCE:
        return in_reading_order((s, i18n.get(SOURCE_KEYS[s])) for s in Source)
    return []


def filters_panel(
    i18n: I18n, role: Role, view: View, staff: Staff, regions: tuple[Region, ...]
) -> tuple[str, InlineKeyboardMarkup]:
    builder = InlineKeyboardBuilder()
    for kind in offered_filters(role, staff):
        builder.button(
            text=i18n.get(FILTER_KEYS[kind]), callback_data=DeskPickCb(role=role, kind=kind)
        )
    builder.button(text=i18n.get("case-back"), callback_data=QueueCb(role=role, page=view.page))
    fitted(builder)
    lines = [i18n.get("desk-filters-title"), *filter_lines(i18n, role, view, regions)]
    return "\n".join(lines), builder.as_markup()


def filter_picker(
    i18n: I18n, role: Role, kind: DeskFilter, choices: list[tuple[str, str]]
) -> tuple[str, InlineKeyboardMarkup]:
    """One filter's choices: any, each value, and back to the panel."""
    builder = InlineKeyboardBuilder()
    builder.button(
        text=i18n.get("filter-any"), callback_data=DeskFilterCb(role=role, kind=kind, value="")
    )
    for value, label in choices:
        builder.button(
            text=excerpt(label, 30), callback_data=DeskFilterCb(role=role, kind=kind, value=value)
        )
    builder.button(
        text=i18n.get("case-back"), callback_data=DeskToolCb(role=role, tool=DeskTool.FILTERS)
    )
    builder.adjust(1)
    return i18n.get("desk-pick", filter=i18n.get(FILTER_KEYS[kind])), builder.as_markup()
