"""When the agencies of a plan are reminded, and when coordinators hear of what is overdue.

Before a due date, each agency that has not reported is reminded at REMINDER_TIME on each of
REMINDER_OFFSETS_DAYS before it (0 is the day itself). After it, the agency is reminded again
every OVERDUE_REPEAT_DAYS and the coordinators get an escalation at the same moments.
A moment that passed while the bot was down is still sent within CATCH_UP_DAYS; an older
one is skipped (and logged). Due dates that had passed when the plan was loaded remind no one.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from enum import StrEnum
from zoneinfo import ZoneInfo


class Kind(StrEnum):
    BEFORE = "before"
    OVERDUE = "overdue"
    ESCALATION = "escalation"


@dataclass(frozen=True, slots=True)
class Obligation:
    due_date_id: int
    item_number: int
    item_title: str
    due: date
    period: str
    agency_id: int
    agency: str
    reported: bool
    loaded_at: datetime


@dataclass(frozen=True, slots=True)
class Rules:
    at: time
    offsets: tuple[int, ...]
    overdue_every: int
    catch_up: timedelta
    tz: ZoneInfo


@dataclass(frozen=True, slots=True)
class Reminder:
    kind: Kind
    obligation: Obligation
    offset: int  # days before the due date; negative after it
    moment: datetime


def _moment(day: date, rules: Rules) -> datetime:
    return datetime.combine(day, rules.at, tzinfo=rules.tz)


def reminders_at(
    obligations: list[Obligation], rules: Rules, now: datetime
) -> tuple[list[Reminder], list[Reminder]]:
    """(to send now, too late to send) for every moment that has come by `now`."""
    to_send: list[Reminder] = []
    too_late: list[Reminder] = []

    def consider(reminder: Reminder) -> None:
        if reminder.moment > now or reminder.moment < reminder.obligation.loaded_at:
            return
        (to_send if now - reminder.moment <= rules.catch_up else too_late).append(reminder)

    for obligation in obligations:
        if obligation.reported or obligation.due < obligation.loaded_at.astimezone(rules.tz).date():
            continue
        for offset in sorted(set(rules.offsets), reverse=True):
            day = obligation.due - timedelta(days=offset)
            consider(Reminder(Kind.BEFORE, obligation, offset, _moment(day, rules)))
        if rules.overdue_every <= 0:
            continue
        late = rules.overdue_every
        while (moment := _moment(obligation.due + timedelta(days=late), rules)) <= now:
            for kind in (Kind.OVERDUE, Kind.ESCALATION):
                consider(Reminder(kind, obligation, -late, moment))
            late += rules.overdue_every
    return to_send, too_late


REPORT_MIN, REPORT_MAX = 10, 3000
REPORT_FILES_MAX = 10
RETURN_COMMENT_MIN, RETURN_COMMENT_MAX = 3, 1000


class ReportStatus(StrEnum):
    SUBMITTED = "submitted"
    ACCEPTED = "accepted"
    RETURNED = "returned"


class Standing(StrEnum):
    """Where an agency stands on one due date. Done means accepted by a coordinator."""

    DONE = "done"
    SUBMITTED = "submitted"
    RETURNED = "returned"
    PENDING = "pending"
    OVERDUE = "overdue"


def standing(due: date, report_status: ReportStatus | None, today: date) -> Standing:
    if report_status is ReportStatus.ACCEPTED:
        return Standing.DONE
    if report_status is ReportStatus.SUBMITTED:
        return Standing.SUBMITTED
    if due < today:
        return Standing.OVERDUE
    return Standing.RETURNED if report_status is ReportStatus.RETURNED else Standing.PENDING


def open_for_report(state: Standing) -> bool:
    """Whether an agency may report for a due date: not when accepted or under review."""
    return state not in (Standing.DONE, Standing.SUBMITTED)


def tally(standings: list[tuple[str, Standing]]) -> dict[str, dict[str, int]]:
    """Per agency: how many due dates are done, pending (submitted or not yet due), overdue."""
    result: dict[str, dict[str, int]] = {}
    for agency, state in standings:
        counts = result.setdefault(agency, {"done": 0, "pending": 0, "overdue": 0})
        key = {Standing.DONE: "done", Standing.OVERDUE: "overdue"}.get(state, "pending")
        counts[key] += 1
    return result
