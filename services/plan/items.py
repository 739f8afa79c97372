"""An official's side of the plan: their agency's items, grouped by where the next due date
stands and a page at a time; an item with every due date; a report for a due date."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from enum import StrEnum
from typing import Any

from domain.pipeline import Role
from domain.reminders import REPORT_FILES_MAX, REPORT_MAX, REPORT_MIN, Standing
from services.context import UseCases
from services.plan.common import PAGE_SIZE, agencies_of, named, standing_of
from services.refusals import Gone, Refusal
from services.texts import Text
from storage import plan as plan_store
from storage import staff
from storage.plan_tables import Agency, CampaignPlan, PlanItem


class Group(StrEnum):
    """An official's items by where their next due date stands (in this order)."""

    OVERDUE = "overdue"
    SOON = "soon"
    DONE = "done"


@dataclass(frozen=True, slots=True)
class ItemLine:
    item_id: int
    number: int
    next_due: date | None  # None: everything reported and accepted
    standing: Standing | None


@dataclass(frozen=True, slots=True)
class ItemsPage:
    """One group of an agency's items, a page of it; with how many items each group has."""

    agency_id: int
    agency_name: str
    group: Group
    counts: dict[Group, int]
    items: list[ItemLine]
    page: int  # from 0
    pages: int


@dataclass(frozen=True, slots=True)
class DueLine:
    due_date_id: int
    due: date
    period: str
    standing: Standing
    comment: str | None


@dataclass(frozen=True, slots=True)
class ItemView:
    agency_id: int
    number: int
    title: str
    form: str
    deadline: str | None  # the plan's own wording; None for a re-based plan
    dues: list[DueLine]
    deadline_untranslated: bool = False  # the Russian wording shown to a kk or en reader


def group_of(line: ItemLine) -> Group:
    if line.next_due is None:
        return Group.DONE
    return Group.OVERDUE if line.standing is Standing.OVERDUE else Group.SOON


def paged(
    agency_id: int, name: str, lines: list[ItemLine], group: Group | None, page: int
) -> ItemsPage:
    """The items in three groups (overdue, coming up, done), the next due date first, one
    group a page at a time; `group` None: the first that has items."""
    groups: dict[Group, list[ItemLine]] = {g: [] for g in Group}
    for line in sorted(lines, key=lambda i: (i.next_due or date.max, i.number)):
        groups[group_of(line)].append(line)
    if group is None:
        group = next((g for g in Group if groups[g]), Group.SOON)
    shown = groups[group]
    pages = max(1, -(-len(shown) // PAGE_SIZE))
    page = min(max(0, page), pages - 1)
    return ItemsPage(
        agency_id,
        name,
        group,
        {g: len(groups[g]) for g in Group},
        shown[page * PAGE_SIZE : (page + 1) * PAGE_SIZE],
        page,
        pages,
    )


class PlanItems(UseCases):
    async def first_pages(self, locale: str) -> list[ItemsPage]:
        """The first page of each of the person's agencies (refused when none of them is in
        the plan any more)."""
        shown = [paged(*agency, None, 0) for agency in await self._agencies(locale)]
        if not shown:
            raise Refusal(Text("no-access"))
        return shown

    async def page(self, agency_id: int, group: Group, page: int, locale: str) -> ItemsPage:
        agencies = await self._agencies(locale, only=agency_id)
        if not agencies:
            raise Refusal(Text("no-access"))
        return paged(*agencies[0], group, page)

    async def _agencies(
        self, locale: str, only: int | None = None
    ) -> list[tuple[int, str, list[ItemLine]]]:
        """Each of the person's agencies with its items and the next open due date of each
        (a grant whose agency is gone from the plan shows nothing)."""
        today = self.today()
        result = []
        async with self.uow.transaction() as session:
            reports = await plan_store.latest_reports(session)
            for agency_id in agencies_of(self.staff):
                agency = await session.get(Agency, agency_id)
                if agency is None or only not in (None, agency_id):
                    continue
                lines = []
                for item, dues in await plan_store.items_of_agency(session, agency_id):
                    standings = [
                        (due.due, standing_of(due.due, reports.get((due.id, agency_id)), today))
                        for due in dues
                    ]
                    next_due = next((s for s in standings if s[1] is not Standing.DONE), None)
                    lines.append(ItemLine(item.id, item.number, *(next_due or (None, None))))
                result.append((agency.id, agency.named(locale, short=False), lines))
        return result

    def today(self) -> date:
        return self.now().astimezone(self.config.tz).date()

    async def item(self, agency_id: int, item_id: int, locale: str) -> ItemView:
        """An item of the person's own agency, with every due date and where it stands."""
        if agency_id not in agencies_of(self.staff):
            raise Refusal(Text("no-access"))
        today = self.today()
        async with self.uow.transaction() as session:
            item = await session.get(PlanItem, item_id)
            dues = dict(
                (i.id, d) for i, d in await plan_store.items_of_agency(session, agency_id)
            ).get(item_id)
            if item is None or dues is None:
                raise Refusal(Text("no-access"))
            reports = await plan_store.latest_reports(session)
            plan = await session.get(CampaignPlan, item.plan_id)
        lines = []
        for due in dues:
            report = reports.get((due.id, agency_id))
            state = standing_of(due.due, report, today)
            comment = report.comment if report and state is Standing.RETURNED else None
            lines.append(DueLine(due.id, due.due, due.period, state, comment))
        # The deadline as the plan words it belongs to the plan as written, not a re-based one.
        as_written = plan is not None and not plan.shifted_days
        return ItemView(
            agency_id,
            item.number,
            item.text(locale, "title"),
            item.text(locale, "form"),
            item.text(locale, "deadline") if as_written else None,
            lines,
            deadline_untranslated=item.text(locale, "deadline") == item.deadline and locale != "ru",
        )

    async def start_report(self, agency_id: int, due_date_id: int) -> None:
        """Only for one's own agency, and only for an item that agency answers for."""
        if agency_id not in agencies_of(self.staff):
            raise Refusal(Text("no-access"))
        async with self.uow.transaction() as session:
            if await plan_store.is_responsible(session, agency_id, due_date_id) is None:
                raise Refusal(Text("no-access"))

    async def submit_report(self, draft: dict[str, Any]) -> bool:
        """The report drafted in the conversation (agency, due date, text, files); False when
        one is already under review or accepted. The coordinators hear of it."""
        agency_id, due_date_id = int(draft.get("agency_id", 0)), int(draft.get("due_date_id", 0))
        text, files = draft.get("text"), list(draft.get("files", []))
        # The draft's bounds hold here too, whoever built it: its text, how many files.
        if (
            not isinstance(text, str)
            or not REPORT_MIN <= len(text) <= REPORT_MAX
            or len(files) > REPORT_FILES_MAX
            or agency_id not in agencies_of(self.staff)
        ):
            raise Gone(Text("button-stale"))
        async with self.uow.transaction() as session:
            due = await plan_store.is_responsible(session, agency_id, due_date_id)
            if due is None:
                raise Gone(Text("button-stale"))
            report = await plan_store.submit_report(
                session, due, agency_id, self.person, text, files, self.now()
            )
            if report is None:
                return False
            item, _, agency = await plan_store.report_context(session, report)
            for coordinator in await staff.holders(session, Role.COORDINATOR):
                self.uow.notify(
                    coordinator,
                    Text("report-arrived", number=item.number, agency=named(agency), due=due.due),
                )
        return True
