"""Where the whole plan stands, for a coordinator: per agency done, pending and overdue, what
is overdue, the burndown the chart draws, the plans' controllers; and the status table the
export writes (a row per due date and agency)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, tzinfo

from domain.reminders import Burn, Obligation, ReportStatus, Standing, burndown, tally
from services.context import UseCases
from services.plan.common import standing_of
from services.uow import UnitOfWork
from storage import plan as plan_store
from storage.plan_tables import Report


@dataclass(frozen=True, slots=True)
class AgencyCounts:
    agency: str
    done: int
    pending: int
    overdue: int


@dataclass(frozen=True, slots=True)
class Overview:
    today: date
    agencies: list[AgencyCounts]  # the most overdue first
    overdue: list[Obligation]
    burndown: list[Burn]
    controllers: list[str]  # who controls the plans' execution, as their decrees say


@dataclass(frozen=True, slots=True)
class StatusRow:
    """One (due date, agency) of the export, in the reader's language."""

    number: int
    title: str
    agency: str
    due: date
    period: str
    standing: Standing
    reported_at: datetime | None  # local time, no zone (spreadsheets keep none)
    comment: str


@dataclass(frozen=True, slots=True)
class StatusTable:
    rows: list[StatusRow]
    made_at: datetime  # local time


async def _status(uow: UnitOfWork) -> tuple[list[Obligation], dict[tuple[int, int], Report]]:
    """What every agency owes and its newest report on each."""
    async with uow.transaction() as session:
        return await plan_store.obligations(session), await plan_store.latest_reports(session)


class PlanOverview(UseCases):
    def today(self) -> date:
        return self.now().astimezone(self.config.tz).date()

    async def overview(self, locale: str) -> Overview:
        today = self.today()
        obligations, reports = await _status(self.uow)
        states = [
            (ob, standing_of(ob.due, reports.get((ob.due_date_id, ob.agency_id)), today))
            for ob in obligations
        ]
        counts = tally([(ob.agency_in(locale), state) for ob, state in states])
        by_agency = sorted(counts.items(), key=lambda kv: (-kv[1]["overdue"], kv[0]))
        overdue = [ob for ob, state in states if state is Standing.OVERDUE]
        tz = self.config.tz
        due_of = {(o.due_date_id, o.agency_id): o.due for o in obligations}
        met = {
            key
            for key, report in reports.items()
            if key in due_of
            and report.status is ReportStatus.ACCEPTED
            and report.submitted_at.astimezone(tz).date() <= due_of[key]
        }
        async with self.uow.transaction() as session:
            plans = await plan_store.plans(session)
            # The controller is an agency of the plan too (ОВП): named in the reader's language.
            by_name = {a.name: a for a in await plan_store.agencies(session)}
        controllers = list(
            dict.fromkeys(
                by_name[p.controller].named(locale, short=False)
                if p.controller in by_name
                else p.controller
                for p in plans
                if p.controller
            )
        )
        return Overview(
            today,
            [
                AgencyCounts(agency, c["done"], c["pending"], c["overdue"])
                for agency, c in by_agency
            ],
            overdue,
            burndown(obligations, met, today),
            controllers,
        )

    async def status_table(self, locale: str) -> StatusTable:
        """The export: every (due date, agency) with where it stands, and when it was made."""
        made_at = _local(self.now(), self.config.tz)
        return StatusTable(await status_rows(self.uow, self.config.tz, locale), made_at)


async def status_rows(uow: UnitOfWork, tz: tzinfo, locale: str) -> list[StatusRow]:
    """Every (due date, agency) of every plan with where it stands (the export; the command
    line's export too, which has nobody acting)."""
    today = uow.now().astimezone(tz).date()
    obligations, reports = await _status(uow)
    rows = []
    for ob in obligations:
        report = reports.get((ob.due_date_id, ob.agency_id))
        rows.append(
            StatusRow(
                ob.item_number,
                ob.title_in(locale),
                ob.agency_in(locale),
                ob.due,
                ob.period,
                standing_of(ob.due, report, today),
                _local(report.submitted_at, tz) if report else None,
                report.comment or "" if report else "",
            )
        )
    return rows


def _local(moment: datetime, tz: tzinfo) -> datetime:
    """A moment as the project's clock shows it, to the minute, without a zone."""
    return moment.astimezone(tz).replace(tzinfo=None, second=0, microsecond=0)
