"""Loading a plan (the command line's `plan import`, and the plan that ships with the bot at
first start): whole or not at all, and in the same transaction the coordinators' summary of
what in it is overdue already."""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from datetime import date, datetime

from sqlalchemy.ext.asyncio import AsyncSession

from config import Settings
from domain.pipeline import Role
from domain.plan import Plan, PlanDifference
from domain.reminders import Rules, overdue_by_agency
from services.plan.reminders import Planned, plan_reminders, rules_of
from services.texts import Text, Translated
from services.uow import UnitOfWork
from storage import plan as plan_store
from storage import staff
from storage.db import take_startup_lock

# A summary for coordinators fits one message: the agencies most behind, and how many more.
LOAD_SUMMARY_AGENCIES = 40


async def load_first_plan(
    uow: UnitOfWork, campaign: Campaign, read: Callable[[], Awaitable[Plan]]
) -> plan_store.ImportResult | None:
    """The plan that ships with the bot, loaded when there is none (None: there was one).
    Instances starting together take turns, so it is loaded once. `read` reads and parses
    it, asked only when it is needed: every later start finds a plan and reads nothing."""
    async with uow.transaction() as session:
        await take_startup_lock(session)
        if await plan_store.plans(session):
            return None
        return await campaign.import_plan(uow, await read())


class Campaign:
    """The plan's use cases that nobody in the bot acts in: importing, and the reminders'
    preview."""

    def __init__(self, settings: Settings) -> None:
        self.settings = settings

    def today(self, uow: UnitOfWork) -> date:
        return uow.now().astimezone(self.settings.tz).date()

    @property
    def rules(self) -> Rules:
        return rules_of(self.settings)

    async def plan_reminders(
        self, session: AsyncSession, now: datetime
    ) -> tuple[list[Planned], list[Planned]]:
        """Who should get which reminder at `now`: (to send, too late to send)."""
        return await plan_reminders(session, self.settings, now)

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
