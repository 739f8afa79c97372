"""The campaign plan, a module per use case: an official's items and reports (`items`), a
coordinator's review of reports (`review`), where the whole plan stands (`overview`),
loading a plan (`imports`) and the reminders written to the outbox (`reminders`)."""

from __future__ import annotations

from services.plan.common import PAGE_SIZE
from services.plan.imports import Campaign, load_first_plan
from services.plan.items import Group, ItemLine, ItemsPage, ItemView, PlanItems
from services.plan.overview import Overview, PlanOverview, StatusRow, StatusTable, status_rows
from services.plan.reminders import Digest, Planned
from services.plan.review import ReportReview, ReportView, ReviewPage, Waiting

__all__ = [
    "PAGE_SIZE",
    "Campaign",
    "Digest",
    "Group",
    "ItemLine",
    "ItemView",
    "ItemsPage",
    "Overview",
    "PlanItems",
    "PlanOverview",
    "Planned",
    "ReportReview",
    "ReportView",
    "ReviewPage",
    "StatusRow",
    "StatusTable",
    "Waiting",
    "load_first_plan",
    "status_rows",
]
