"""What the plan's use cases share: whose agencies a person answers for, where a due date
stands, an agency's name for a message."""

from __future__ import annotations

from datetime import date

from domain.pipeline import Role, Staff
from domain.reminders import Standing, standing
from services.texts import Translated
from storage.plan_tables import Agency, Report

PAGE_SIZE = 8  # items or reports to a screen


def agencies_of(person: Staff) -> list[int]:
    return sorted(int(s) for s in person.scopes.get(Role.AGENCY_OFFICIAL, ()) if s.isdigit())


def named(agency: Agency) -> Translated:
    """An agency's short name, in each recipient's language when the message goes."""
    names = {locale: t["short"] for locale, t in (agency.translations or {}).items()}
    return Translated(agency.short, names)


def standing_of(due: date, report: Report | None, today: date) -> Standing:
    return standing(due, report.status if report else None, today)
