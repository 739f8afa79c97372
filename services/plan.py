"""The campaign plan: an official sees their agency's items and reports for a due date; a
coordinator reviews reports and sees where every agency stands; the reminders pass tells
every official what is due and escalates what is overdue. Every message a change causes goes
through the outbox; reminders keep their own ledger (`storage.plan`'s outbox) and are sent,
digest by digest, through the paced sender the caller hands in."""

from __future__ import annotations

import logging
from collections import defaultdict
from collections.abc import Awaitable, Callable
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from typing import Any

from sqlalchemy.ext.asyncio import AsyncSession

from config import Settings
from domain.locales import resolve_locale
from domain.pipeline import Role, Staff
from domain.plan import Plan, PlanDifference
from domain.reminders import (
    AgencyOverdue,
    Burn,
    Kind,
    Line,
    Obligation,
    Reminder,
    ReportStatus,
    Rules,
    Standing,
    burndown,
    digest_lines,
    overdue_by_agency,
    reminders_at,
    standing,
    tally,
)
from services.texts import Text, Translated
from services.uow import UnitOfWork
from storage import plan as plan_store
from storage import repo, staff
from storage.db import take_startup_lock
from storage.models import Agency, CampaignPlan, OutboxEntry, PlanItem, Report

log = logging.getLogger(__name__)
PAGE_SIZE = 8
# How long a claim on reminder rows keeps other instances off them: longer than one person's
# digest can take to send, short enough that a crash mid-send delays a reminder, no more.
CLAIM_FOR = timedelta(minutes=10)
# A summary for coordinators fits one message: the agencies most behind, and how many more.
LOAD_SUMMARY_AGENCIES = 40


@dataclass(frozen=True, slots=True)
class ItemLine:
    item_id: int
    number: int
    next_due: date | None  # None: everything reported and accepted
    standing: Standing | None


@dataclass(frozen=True, slots=True)
class AgencyItems:
    agency_id: int
    agency_name: str
    items: list[ItemLine]


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
    page: int


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


@dataclass(frozen=True, slots=True)
class Overview:
    today: date
    counts: dict[str, dict[str, int]]
    overdue: list[Obligation]
    burndown: list[Burn]
    controllers: list[str]  # who controls the plans' execution, as their decrees say


@dataclass(frozen=True, slots=True)
class Digest:
    """What one person is sent in one pass, as of the sending day. A reminder digest has
    lines; an escalation has the agencies behind, those with an official in the bot apart
    from those without (`unstaffed`). `late`: some of it was meant for an earlier day."""

    kind: str  # "reminder" or "escalation"
    today: date
    late: bool
    lines: list[Line]
    agencies: list[AgencyOverdue] = field(default_factory=list)
    unstaffed: list[AgencyOverdue] = field(default_factory=list)


@dataclass(frozen=True, slots=True)
class Planned:
    """One reminder for one person."""

    reminder: Reminder
    recipient_id: int

    @property
    def key(self) -> str:
        r = self.reminder
        parts = (
            r.kind,
            r.obligation.due_date_id,
            r.obligation.agency_id,
            r.offset,
            self.recipient_id,
        )
        return ":".join(str(part) for part in parts)

    def row(self, now: datetime, outcome: str | None = None) -> dict[str, Any]:
        r = self.reminder
        return {
            "key": self.key,
            "kind": r.kind,
            "recipient_id": self.recipient_id,
            "due_date_id": r.obligation.due_date_id,
            "agency_id": r.obligation.agency_id,
            "offset_days": r.offset,
            "created_at": now,
            "outcome": outcome,
        }


async def load_first_plan(
    uow: UnitOfWork, campaign: Campaign, plan: Plan
) -> plan_store.ImportResult | None:
    """The plan that ships with the bot, loaded when there is none (None: there was one).
    Instances starting together take turns, so it is loaded once."""
    async with uow.transaction() as session:
        await take_startup_lock(session)
        if await plan_store.plans(session):
            return None
        return await campaign.import_plan(uow, plan)


def agencies_of(person: Staff) -> list[int]:
    return sorted(int(s) for s in person.scopes.get(Role.AGENCY_OFFICIAL, ()) if s.isdigit())


class Campaign:
    def __init__(self, settings: Settings) -> None:
        self.settings = settings

    def today(self, uow: UnitOfWork) -> date:
        return uow.now().astimezone(self.settings.tz).date()

    @property
    def rules(self) -> Rules:
        s = self.settings
        return Rules(
            at=s.reminder_time,
            offsets=s.reminder_offsets_days,
            overdue_every=s.overdue_repeat_days,
            catch_up_days=s.catch_up_days,
            tz=s.tz,
        )

    async def import_plan(
        self,
        uow: UnitOfWork,
        plan: Plan,
        start: date | None = None,
        *,
        replace: bool = False,
        before_writing: Callable[[PlanDifference], None] | None = None,
    ) -> plan_store.ImportResult:
        """Load a plan whole or not at all (see `storage.plan.import_plan`), in one
        transaction with the coordinators' summary of what is overdue in it already."""
        async with uow.transaction() as session:
            result = await plan_store.import_plan(
                session, plan, uow.now(), start, replace=replace, before_writing=before_writing
            )
            if result.created:
                await self.overdue_at_load(uow, result.plan.id)
        return result

    # An official's side

    async def my_items(self, uow: UnitOfWork, person: Staff, locale: str) -> list[AgencyItems]:
        """Each of the person's agencies with its items and the next open due date of each
        (empty: the grant's agency is gone from the plan)."""
        today = self.today(uow)
        result = []
        async with uow.transaction() as session:
            reports = await plan_store.latest_reports(session)
            for agency_id in agencies_of(person):
                agency = await session.get(Agency, agency_id)
                if agency is None:
                    continue
                lines = []
                for item, dues in await plan_store.items_of_agency(session, agency_id):
                    open_dues = [
                        (due, state)
                        for due in dues
                        if (state := _standing(due.due, reports.get((due.id, agency_id)), today))
                        is not Standing.DONE
                    ]
                    if open_dues:
                        due, state = open_dues[0]
                        lines.append(ItemLine(item.id, item.number, due.due, state))
                    else:
                        lines.append(ItemLine(item.id, item.number, None, None))
                result.append(AgencyItems(agency.id, agency.named(locale, short=False), lines))
        return result

    async def item(
        self, uow: UnitOfWork, person: Staff, agency_id: int, item_id: int, locale: str
    ) -> ItemView | None:
        """An item of the person's own agency, with every due date and where it stands."""
        if agency_id not in agencies_of(person):
            return None
        today = self.today(uow)
        async with uow.transaction() as session:
            item = await session.get(PlanItem, item_id)
            dues = dict(
                (i.id, d) for i, d in await plan_store.items_of_agency(session, agency_id)
            ).get(item_id)
            if item is None or dues is None:
                return None
            reports = await plan_store.latest_reports(session)
            plan = await session.get(CampaignPlan, item.plan_id)
        lines = []
        for due in dues:
            report = reports.get((due.id, agency_id))
            state = _standing(due.due, report, today)
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

    async def may_report(
        self, uow: UnitOfWork, person: Staff, agency_id: int, due_date_id: int
    ) -> bool:
        """Only for one's own agency, and only for an item that agency answers for."""
        if agency_id not in agencies_of(person):
            return False
        async with uow.transaction() as session:
            return await plan_store.is_responsible(session, agency_id, due_date_id) is not None

    async def submit_report(
        self,
        uow: UnitOfWork,
        person: Staff,
        official_id: int,
        agency_id: int,
        due_date_id: int,
        text: str,
        files: list[dict[str, str]],
    ) -> bool | None:
        """A report for a due date; False when one is already under review or accepted, None
        when the person may not report for it. The coordinators hear of it."""
        if agency_id not in agencies_of(person):
            return None
        async with uow.transaction() as session:
            due = await plan_store.is_responsible(session, agency_id, due_date_id)
            if due is None:
                return None
            report = await plan_store.submit_report(
                session, due, agency_id, official_id, text, files, uow.now()
            )
            if report is None:
                return False
            item, _, agency = await plan_store.report_context(session, report)
            for coordinator in await staff.holders(session, Role.COORDINATOR):
                uow.notify(
                    coordinator,
                    Text("report-arrived", number=item.number, agency=_named(agency), due=due.due),
                )
        return True

    # A coordinator's side

    async def waiting(self, uow: UnitOfWork, page: int, locale: str) -> ReviewPage:
        page = max(0, page)
        async with uow.transaction() as session:
            reports, total = await plan_store.waiting_reports(session, page * PAGE_SIZE, PAGE_SIZE)
            items = []
            for report in reports:
                item, due, agency = await plan_store.report_context(session, report)
                items.append(Waiting(report.id, item.number, agency.named(locale), due.due))
        return ReviewPage(items, total, page)

    async def report(self, uow: UnitOfWork, report_id: int, locale: str) -> ReportView | None:
        """A report waiting for review (None: reviewed already, or no such report)."""
        async with uow.transaction() as session:
            report = await session.get(Report, report_id)
            if report is None or report.status is not ReportStatus.SUBMITTED:
                return None
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

    async def decide(
        self, uow: UnitOfWork, report_id: int, accept: bool, by: int, comment: str | None = None
    ) -> bool:
        """Accept a waiting report, or return it with a comment; the official hears of it.
        False when it is no longer waiting."""
        async with uow.transaction() as session:
            decided = await plan_store.decide_report(
                session, report_id, accept, by, comment, uow.now()
            )
            if decided is None:
                return False
            item, due, _ = await plan_store.report_context(session, decided)
            when = due.due
            if accept:
                uow.notify(
                    decided.official_id, Text("report-accepted", number=item.number, due=when)
                )
            else:
                uow.notify(
                    decided.official_id,
                    Text("report-returned", number=item.number, due=when, comment=comment or ""),
                )
        return True

    async def overview(self, uow: UnitOfWork, locale: str) -> Overview:
        today = self.today(uow)
        obligations, reports = await self.status(uow)
        states = [
            (ob, _standing(ob.due, reports.get((ob.due_date_id, ob.agency_id)), today))
            for ob in obligations
        ]
        counts = tally([(ob.agency_in(locale), state) for ob, state in states])
        overdue = [ob for ob, state in states if state is Standing.OVERDUE]
        tz = self.settings.tz
        due_of = {(o.due_date_id, o.agency_id): o.due for o in obligations}
        met = {
            key
            for key, report in reports.items()
            if key in due_of
            and report.status is ReportStatus.ACCEPTED
            and report.submitted_at.astimezone(tz).date() <= due_of[key]
        }
        async with uow.transaction() as session:
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
        return Overview(today, counts, overdue, burndown(obligations, met, today), controllers)

    async def status(
        self, uow: UnitOfWork
    ) -> tuple[list[Obligation], dict[tuple[int, int], Report]]:
        """What every agency owes and its newest report on each (for the export)."""
        async with uow.transaction() as session:
            return await plan_store.obligations(session), await plan_store.latest_reports(session)

    # Reminders

    async def plan_reminders(
        self, session: AsyncSession, now: datetime
    ) -> tuple[list[Planned], list[Planned]]:
        """Who should get which reminder at `now`: (to send, too late to send)."""
        to_send, too_late = reminders_at(await plan_store.obligations(session), self.rules, now)
        officials = await plan_store.officials_of(session)
        coordinators = await staff.holders(session, Role.COORDINATOR)

        def addressed(reminders: list[Reminder]) -> list[Planned]:
            return [
                Planned(reminder, recipient)
                for reminder in reminders
                for recipient in (
                    coordinators
                    if reminder.kind is Kind.ESCALATION
                    else officials.get(reminder.obligation.agency_id, [])
                )
            ]

        return addressed(to_send), addressed(too_late)

    async def run_reminders(
        self,
        uow: UnitOfWork,
        deliver: Callable[[int, str, Digest], Awaitable[str]],
    ) -> dict[str, int]:
        """One pass: record what is due in the ledger, claim it, send each person one digest
        per kind (`deliver(recipient, locale, digest)` renders and sends it and says how it
        went), mark what went. Returns how many digests went, how many people had blocked the
        bot, and how many reminders were too late to send; logs one line saying so."""
        settings = self.settings
        now = uow.now()
        today = now.astimezone(settings.tz).date()
        async with uow.transaction() as session:
            to_send, too_late = await self.plan_reminders(session, now)
            # Moments already in the ledger (sent, or skipped on an earlier pass) are old news.
            known = await plan_store.known_keys(session, [p.key for p in too_late])
            too_late = [p for p in too_late if p.key not in known]
            await plan_store.record_outbox(
                session,
                [p.row(now) for p in to_send] + [p.row(now, outcome="skipped") for p in too_late],
            )
        async with uow.transaction() as session:
            obligations = await plan_store.obligations(session)
            officials = await plan_store.officials_of(session)
            by_recipient: dict[tuple[int, str], list[OutboxEntry]] = defaultdict(list)
            for entry in await plan_store.pending_outbox(session):
                kind = "escalation" if entry.kind is Kind.ESCALATION else "reminder"
                by_recipient[(entry.recipient_id, kind)].append(entry)
        owed = {(o.due_date_id, o.agency_id): o for o in obligations}
        outcomes: dict[str, int] = defaultdict(int)
        for (recipient_id, kind), entries in by_recipient.items():
            live = [e for e in entries if not owed[(e.due_date_id, e.agency_id)].reported]
            async with uow.transaction() as session:
                if len(live) < len(entries):
                    done = [e.id for e in entries if e not in live]
                    await plan_store.mark_outbox(session, done, "reported", now)
                # Another instance may be on the same rows: only what this one claims goes.
                claimed = set(
                    await plan_store.claim_outbox(
                        session, [e.id for e in live], settings.instance_id, now, CLAIM_FOR
                    )
                )
                live = [e for e in live if e.id in claimed]
                if not live:
                    continue
                person, _ = await repo.load_person(session, recipient_id)
            user = person.user
            locale = resolve_locale(
                user.language if user else None,
                user.telegram_language if user else None,
                settings.default_locale,
            )
            shown = [owed[(e.due_date_id, e.agency_id)] for e in live]
            late = any(_meant_for(e, owed) < today for e in live)
            if kind == "reminder":
                digest = Digest(kind, today, late, digest_lines(shown, today))
            else:
                # The escalation is its trigger; what it says is where everyone stands.
                summary = overdue_by_agency(obligations, today)
                digest = Digest(
                    kind,
                    today,
                    late,
                    [],
                    [a for a in summary if a.agency_id in officials],
                    [a for a in summary if a.agency_id not in officials],
                )
            outcome = await deliver(recipient_id, locale, digest)
            async with uow.transaction() as session:
                await plan_store.mark_outbox(session, [e.id for e in live], outcome, now)
            outcomes[outcome] += 1
        counts = {
            "sent": outcomes["sent"],
            "blocked": outcomes["blocked"],
            "skipped": len(too_late),
        }
        log.info(
            "reminders pass: %(sent)d digests sent, %(blocked)d recipients blocked the bot, "
            "%(skipped)d reminders too late to send",
            counts,
        )
        return counts

    async def overdue_at_load(self, uow: UnitOfWork, plan_id: int) -> int:
        """Inside the transaction that loads a plan: tell each coordinator, once, what of it
        is overdue already (its due dates passed before it came; nobody is reminded of
        those). Returns how many agencies are behind."""
        today = self.today(uow)
        async with uow.transaction() as session:
            obligations = await plan_store.obligations(session)
            coordinators = await staff.holders(session, Role.COORDINATOR)
        summary = overdue_by_agency((o for o in obligations if o.plan_id == plan_id), today)
        if not summary:
            return 0
        shown = summary[:LOAD_SUMMARY_AGENCIES]
        lines = [
            Text(
                "escalation-agency",
                agency=Translated(a.agency, a.oldest.names),
                count=a.count,
                number=a.oldest.item_number,
                due=a.oldest.due.strftime("%d.%m.%Y"),  # a list: dates in short
            )
            for a in shown
        ]
        if len(summary) > len(shown):
            lines.append(Text("escalation-more", count=len(summary) - len(shown)))
        for coordinator in coordinators:
            uow.notify(
                coordinator,
                Text(
                    "plan-overdue-at-load",
                    dates=sum(a.count for a in summary),
                    agencies=len(summary),
                    lines=lines,
                ),
            )
        return len(summary)


def _meant_for(entry: OutboxEntry, owed: dict[tuple[int, int], Obligation]) -> date:
    """The day a ledger entry was meant to be sent on."""
    return owed[(entry.due_date_id, entry.agency_id)].due - timedelta(days=entry.offset_days)


def _named(agency: Agency) -> Translated:
    """An agency's short name, in each recipient's language when the message goes."""
    names = {locale: t["short"] for locale, t in (agency.translations or {}).items()}
    return Translated(agency.short, names)


def _standing(due: date, report: Report | None, today: date) -> Standing:
    return standing(due, report.status if report else None, today)
