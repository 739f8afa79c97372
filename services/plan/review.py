"""A coordinator's review of reports: the queue of those waiting, a page at a time; one
report; accepting it, or returning it with a comment (the official hears of either)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from domain.reminders import ReportStatus
from services.context import UseCases
from services.plan.common import PAGE_SIZE
from services.refusals import Gone
from services.texts import Text
from storage import plan as plan_store
from storage.plan_tables import Report


@dataclass(frozen=True, slots=True)
class Waiting:
    report_id: int
    number: int
    agency: str
    due: date


@dataclass(frozen=True, slots=True)
class ReviewPage:
    items: list[Waiting]
    total: int
    page: int  # from 0
    pages: int


@dataclass(frozen=True, slots=True)
class ReportView:
    report_id: int
    number: int
    title: str
    agency: str
    due: date
    period: str
    text: str
    files: list[dict[str, str]]


class ReportReview(UseCases):
    async def waiting(self, page: int, locale: str) -> ReviewPage:
        page = max(0, page)
        async with self.uow.transaction() as session:
            reports, total = await plan_store.waiting_reports(session, page * PAGE_SIZE, PAGE_SIZE)
            items = []
            for report in reports:
                item, due, agency = await plan_store.report_context(session, report)
                items.append(Waiting(report.id, item.number, agency.named(locale), due.due))
        return ReviewPage(items, total, page, max(1, -(-total // PAGE_SIZE)))

    async def report(self, report_id: int, locale: str) -> ReportView:
        """A report waiting for review (refused once reviewed, or when there is none)."""
        async with self.uow.transaction() as session:
            report = await session.get(Report, report_id)
            if report is None or report.status is not ReportStatus.SUBMITTED:
                raise Gone(Text("review-stale"))
            item, due, agency = await plan_store.report_context(session, report)
        return ReportView(
            report.id,
            item.number,
            item.text(locale, "title"),
            agency.named(locale, short=False),
            due.due,
            due.period,
            report.text,
            list(report.files),
        )

    async def decide(self, report_id: int, accept: bool, comment: str | None = None) -> bool:
        """Accept a waiting report, or return it with a comment; the official hears of it.
        False when it is no longer waiting."""
        async with self.uow.transaction() as session:
            decided = await plan_store.decide_report(
                session, report_id, accept, self.person, comment, self.now()
            )
            if decided is None:
                return False
            item, due, _ = await plan_store.report_context(session, decided)
            if accept:
                text = Text("report-accepted", number=item.number, due=due.due)
            else:
                text = Text(
                    "report-returned", number=item.number, due=due.due, comment=comment or ""
                )
            self.uow.notify(decided.official_id, text)
        return True
