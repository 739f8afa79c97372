"""The campaign plan in the database: importing it (whole, again idempotently), what each agency
owes and when, reports and their review, and the reminders' dedupe keys in the outbox.
Nothing here commits: the caller's unit of work does."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, datetime
from typing import Any

from sqlalchemy import delete, func, select, update
from sqlalchemy.ext.asyncio import AsyncSession

from domain.deadlines import due_dates, shift_rule
from domain.plan import Plan, PlanDifference, compare, refusal
from domain.reminders import Kind, Obligation, ReportStatus
from storage import audit, outbox
from storage.db import insert_for, rowcount
from storage.models import RoleGrant
from storage.plan_tables import Agency, CampaignPlan, DueDate, ItemAgency, PlanItem, Report


@dataclass(frozen=True, slots=True)
class ImportResult:
    plan: CampaignPlan
    created: bool
    items: int
    agencies: int
    due_dates: int
    difference: PlanDifference  # what the import changed in what was loaded


async def import_plan(
    session: AsyncSession,
    plan: Plan,
    now: datetime,
    start: date | None = None,
    *,
    replace: bool = False,
    before_writing: Callable[[PlanDifference], None] | None = None,
) -> ImportResult:
    """Load a parsed plan, whole or not at all; importing the same one again adds nothing.

    An import that would change the loaded plan's item count or turn agencies' full names
    into bare abbreviations raises PlanConflict, unless `replace`; then items the file lacks
    go, with their due dates and reminders (never one that has reports). `before_writing`
    sees the difference after every check and before the first write."""
    days = (start - plan.period.start).days if start else 0
    period = plan.period.shifted(days)
    stored = await session.scalar(
        select(CampaignPlan).where(
            CampaignPlan.title == plan.title, CampaignPlan.period_start == period.start
        )
    )
    difference = await _difference(session, plan, stored)
    conflict = refusal(plan, difference, replace=replace)
    if conflict is not None:
        raise conflict
    if before_writing is not None:
        before_writing(difference)

    created = stored is None
    if stored is None:
        stored = CampaignPlan(
            title=plan.title,
            period_start=period.start,
            period_end=period.end,
            shifted_days=days,
            loaded_at=now,
        )
        session.add(stored)
    stored.decree = plan.decree.title
    stored.decree_act = plan.decree.act
    stored.decree_date = plan.decree.signed
    stored.decree_number = plan.decree.number
    stored.controller = plan.controller
    stored.preamble = plan.preamble
    await session.flush()
    if difference.removed:
        await _remove_items(session, stored.id, [number for number, _ in difference.removed])

    agency_ids: dict[str, int] = {}
    for ref in {ref.key: ref for item in plan.items for ref in item.agencies}.values():
        values = {
            "name": ref.name,
            "short": ref.short,
            "region_code": ref.region_code,
            "translations": ref.translations or None,
        }
        statement = insert_for(session)(Agency).values(key=ref.key, **values)
        await session.execute(
            statement.on_conflict_do_update(index_elements=[Agency.key], set_=values)
        )
        agency_ids[ref.key] = (
            await session.execute(select(Agency.id).where(Agency.key == ref.key))
        ).scalar_one()

    due_count = 0
    for item in plan.items:
        values = {
            "section": item.section,
            "section_period": item.section_period,
            "translations": item.translations or None,
            "title": item.title,
            "form": item.form,
            "executors": item.executors,
            "deadline": item.deadline,
        }
        statement = insert_for(session)(PlanItem).values(
            plan_id=stored.id, number=item.number, **values
        )
        await session.execute(
            statement.on_conflict_do_update(
                index_elements=[PlanItem.plan_id, PlanItem.number], set_=values
            )
        )
        item_id = await session.scalar(
            select(PlanItem.id).where(PlanItem.plan_id == stored.id, PlanItem.number == item.number)
        )
        await session.execute(delete(ItemAgency).where(ItemAgency.item_id == item_id))
        session.add_all(
            ItemAgency(
                item_id=item_id,
                agency_id=agency_ids[ref.key],
                by_agreement=ref.by_agreement,
                consolidates=ref.consolidates,
                note=ref.note,
            )
            for ref in item.agencies
        )
        for due in due_dates(shift_rule(item.rule, days), period):
            statement = insert_for(session)(DueDate).values(
                item_id=item_id,
                due=due.due,
                period=due.period,
                period_start=due.period_start,
                period_end=due.period_end,
            )
            await session.execute(statement.on_conflict_do_nothing())
            due_count += 1
    details: dict[str, Any] = {
        "title": plan.title,
        "start": period.start,
        "created": created,
        "items": len(plan.items),
    }
    if not difference.empty:
        details["replace"] = replace
        details["added"] = [number for number, _ in difference.added]
        details["removed"] = [number for number, _ in difference.removed]
        details["retitled"] = [number for number, _, _ in difference.retitled]
        details["renamed"] = [renamed.key for renamed in difference.renamed]
    await audit.append(session, now, None, "plan.import", f"plan:{stored.id}", details)
    return ImportResult(stored, created, len(plan.items), len(agency_ids), due_count, difference)


async def _difference(
    session: AsyncSession, plan: Plan, stored: CampaignPlan | None
) -> PlanDifference:
    """Read what the import would touch, and compare (nothing is written)."""
    keys = list({ref.key for item in plan.items for ref in item.agencies})
    known = {
        key: (short, name)
        for key, short, name in (
            await session.execute(
                select(Agency.key, Agency.short, Agency.name).where(Agency.key.in_(keys))
            )
        ).all()
    }
    if stored is None:
        return compare(plan, None, known)
    loaded = dict(
        (
            await session.execute(
                select(PlanItem.number, PlanItem.title).where(PlanItem.plan_id == stored.id)
            )
        ).all()
    )
    reported = set(
        await session.scalars(
            select(PlanItem.number)
            .join(DueDate, DueDate.item_id == PlanItem.id)
            .join(Report, Report.due_date_id == DueDate.id)
            .where(PlanItem.plan_id == stored.id)
        )
    )
    return compare(plan, loaded, known, reported)


def reminder_key(kind: Kind, due_date_id: int, agency_id: int, offset: int, recipient: int) -> str:
    """A plan reminder's dedupe key in the outbox: one row per kind, due date, agency, offset
    (the moment) and person, ever."""
    return f"{reminder_key_prefix(kind, due_date_id)}{agency_id}:{offset}:{recipient}"


def reminder_key_prefix(kind: Kind, due_date_id: int) -> str:
    return f"{kind}:{due_date_id}:"


async def _remove_items(session: AsyncSession, plan_id: int, numbers: list[int]) -> None:
    """Items a replacing file lacks, with their agencies, due dates and their reminders in
    the outbox (sent or not: a new due date may get a removed one's id)."""
    items = select(PlanItem.id).where(PlanItem.plan_id == plan_id, PlanItem.number.in_(numbers))
    dues = list(await session.scalars(select(DueDate.id).where(DueDate.item_id.in_(items))))
    await outbox.forget(session, [reminder_key_prefix(kind, due) for kind in Kind for due in dues])
    await session.execute(delete(DueDate).where(DueDate.item_id.in_(items)))
    await session.execute(delete(ItemAgency).where(ItemAgency.item_id.in_(items)))
    await session.execute(delete(PlanItem).where(PlanItem.id.in_(items)))


async def agencies(session: AsyncSession) -> list[Agency]:
    return list(
        await session.scalars(select(Agency).order_by(Agency.region_code.is_not(None), Agency.id))
    )


async def plans(session: AsyncSession) -> list[CampaignPlan]:
    return list(await session.scalars(select(CampaignPlan).order_by(CampaignPlan.id)))


async def schedule(
    session: AsyncSession, plan_id: int
) -> list[tuple[PlanItem, DueDate, list[Agency]]]:
    """Every due date of a plan with its item and responsible agencies, in date order."""
    rows = (
        await session.execute(
            select(PlanItem, DueDate)
            .join(DueDate, DueDate.item_id == PlanItem.id)
            .where(PlanItem.plan_id == plan_id)
            .order_by(DueDate.due, PlanItem.number)
        )
    ).all()
    agencies = await _agencies_by_item(session, plan_id)
    return [(item, due, agencies.get(item.id, [])) for item, due in rows]


async def _agencies_by_item(session: AsyncSession, plan_id: int) -> dict[int, list[Agency]]:
    rows = (
        await session.execute(
            select(ItemAgency.item_id, Agency)
            .join(Agency, Agency.id == ItemAgency.agency_id)
            .join(PlanItem, PlanItem.id == ItemAgency.item_id)
            .where(PlanItem.plan_id == plan_id)
            .order_by(Agency.id)
        )
    ).all()
    result: dict[int, list[Agency]] = {}
    for item_id, agency in rows:
        result.setdefault(item_id, []).append(agency)
    return result


async def obligations(session: AsyncSession) -> list[Obligation]:
    """What every agency owes on every due date of every plan, and whether it has reported
    (a report waiting for review counts; a returned one does not)."""
    reported = select(Report.due_date_id, Report.agency_id).where(
        Report.status.in_([ReportStatus.SUBMITTED, ReportStatus.ACCEPTED])
    )
    done = {(row.due_date_id, row.agency_id) for row in (await session.execute(reported)).all()}
    rows = (
        await session.execute(
            select(CampaignPlan.loaded_at, PlanItem, DueDate, Agency)
            .join(PlanItem, PlanItem.plan_id == CampaignPlan.id)
            .join(DueDate, DueDate.item_id == PlanItem.id)
            .join(ItemAgency, ItemAgency.item_id == PlanItem.id)
            .join(Agency, Agency.id == ItemAgency.agency_id)
            .order_by(DueDate.due, PlanItem.number, Agency.id)
        )
    ).all()
    return [
        Obligation(
            due_date_id=due.id,
            item_number=item.number,
            item_title=item.title,
            due=due.due,
            period=due.period,
            plan_id=item.plan_id,
            agency_id=agency.id,
            agency=agency.short,
            reported=(due.id, agency.id) in done,
            loaded_at=loaded_at,
            titles={locale: t["title"] for locale, t in (item.translations or {}).items()},
            names={locale: t["short"] for locale, t in (agency.translations or {}).items()},
        )
        for loaded_at, item, due, agency in rows
    ]


async def officials_of(session: AsyncSession) -> dict[int, list[int]]:
    """Agency id → the officials who hold it."""
    rows = await session.execute(
        select(RoleGrant.scope, RoleGrant.user_id).where(RoleGrant.role == "official")
    )
    result: dict[int, list[int]] = {}
    for scope, user_id in rows.all():
        if scope.isdigit():
            result.setdefault(int(scope), []).append(user_id)
    return result


async def latest_reports(session: AsyncSession) -> dict[tuple[int, int], Report]:
    """The newest report of each (due date, agency)."""
    rows = await session.scalars(select(Report).order_by(Report.id))
    return {(report.due_date_id, report.agency_id): report for report in rows}


async def items_of_agency(
    session: AsyncSession, agency_id: int
) -> list[tuple[PlanItem, list[DueDate]]]:
    items = await session.scalars(
        select(PlanItem)
        .join(ItemAgency, ItemAgency.item_id == PlanItem.id)
        .where(ItemAgency.agency_id == agency_id)
        .order_by(PlanItem.plan_id, PlanItem.number)
    )
    result = []
    for item in items:
        dues = await session.scalars(
            select(DueDate).where(DueDate.item_id == item.id).order_by(DueDate.due)
        )
        result.append((item, list(dues)))
    return result


async def is_responsible(session: AsyncSession, agency_id: int, due_date_id: int) -> DueDate | None:
    """The due date, if `agency_id` is among its item's responsible agencies."""
    return await session.scalar(
        select(DueDate)
        .join(ItemAgency, ItemAgency.item_id == DueDate.item_id)
        .where(DueDate.id == due_date_id, ItemAgency.agency_id == agency_id)
    )


async def submit_report(
    session: AsyncSession,
    due: DueDate,
    agency_id: int,
    official_id: int,
    text: str,
    files: list[dict[str, str]],
    now: datetime,
) -> Report | None:
    """A new report, unless one is already waiting for review or accepted."""
    latest = (await latest_reports(session)).get((due.id, agency_id))
    if latest is not None and latest.status in (ReportStatus.SUBMITTED, ReportStatus.ACCEPTED):
        return None
    report = Report(
        due_date_id=due.id,
        agency_id=agency_id,
        official_id=official_id,
        text=text,
        files=files,
        status=ReportStatus.SUBMITTED,
        submitted_at=now,
    )
    session.add(report)
    await session.flush()
    await audit.append(
        session,
        now,
        official_id,
        "report.submit",
        f"report:{report.id}",
        {"due_date": due.id, "agency": agency_id},
    )
    return report


async def decide_report(
    session: AsyncSession,
    report_id: int,
    accept: bool,
    coordinator_id: int,
    comment: str | None,
    now: datetime,
) -> Report | None:
    """Accept or return a submitted report once; None when it is no longer waiting."""
    result = await session.execute(
        update(Report)
        .where(Report.id == report_id, Report.status == ReportStatus.SUBMITTED)
        .values(
            status=ReportStatus.ACCEPTED if accept else ReportStatus.RETURNED,
            comment=comment,
            decided_by=coordinator_id,
            decided_at=now,
        )
    )
    if rowcount(result) != 1:
        return None
    await audit.append(
        session,
        now,
        coordinator_id,
        "report.accept" if accept else "report.return",
        f"report:{report_id}",
        {"comment": comment},
    )
    return await session.get(Report, report_id, populate_existing=True)


async def waiting_reports(
    session: AsyncSession, offset: int, limit: int
) -> tuple[list[Report], int]:
    condition = Report.status == ReportStatus.SUBMITTED
    total = await session.scalar(select(func.count()).select_from(Report).where(condition))
    page = await session.scalars(
        select(Report)
        .where(condition)
        .order_by(Report.submitted_at, Report.id)
        .offset(offset)
        .limit(limit)
    )
    return list(page), int(total or 0)


async def report_context(session: AsyncSession, report: Report) -> tuple[PlanItem, DueDate, Agency]:
    due = await session.get(DueDate, report.due_date_id)
    assert due is not None
    item = await session.get(PlanItem, due.item_id)
    agency = await session.get(Agency, report.agency_id)
    assert item is not None and agency is not None
    return item, due, agency
