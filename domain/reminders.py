"""When the agencies of a plan are reminded, and when coordinators hear of what is overdue.

Before a due date, each agency that has not reported is reminded at REMINDER_TIME on each of
REMINDER_OFFSETS_DAYS before it (0 is the day itself). After it, the agency is reminded again
every OVERDUE_REPEAT_DAYS and the coordinators get an escalation at the same moments (a
repeat supersedes the ones before it: only the newest that has come is sent).
A moment that passed while the bot was down is still sent when its day is at most
CATCH_UP_DAYS before the sending day (whole days, so a preview at 10:00 and the job a moment
later agree); an older one is skipped. Due dates that had passed when the plan was loaded
remind no one.

What a digest says is worked out on the day it is sent: one line per (item, due date,
agency) with the days left or late as of that day, whichever moments are being caught up.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
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
    plan_id: int
    agency_id: int
    agency: str
    reported: bool
    loaded_at: datetime
    # The item's title and the agency's short name in the other languages (locale → text).
    titles: Mapping[str, str] = field(default_factory=dict)
    names: Mapping[str, str] = field(default_factory=dict)

    def title_in(self, locale: str) -> str:
        return self.titles.get(locale) or self.item_title

    def agency_in(self, locale: str) -> str:
        return self.names.get(locale) or self.agency


@dataclass(frozen=True, slots=True)
class Rules:
    at: time
    offsets: tuple[int, ...]
    overdue_every: int
    catch_up_days: int
    tz: ZoneInfo


@dataclass(frozen=True, slots=True)
class Reminder:
    kind: Kind
    obligation: Obligation
    offset: int  # days before the due date; negative after it
    moment: datetime

    @property
    def day(self) -> date:
        """The day it was meant for."""
        return self.obligation.due - timedelta(days=self.offset)


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
        late_by = (now.astimezone(rules.tz).date() - reminder.day).days
        (to_send if late_by <= rules.catch_up_days else too_late).append(reminder)

    for obligation in obligations:
        if obligation.reported or obligation.due < obligation.loaded_at.astimezone(rules.tz).date():
            continue
        for offset in sorted(set(rules.offsets), reverse=True):
            day = obligation.due - timedelta(days=offset)
            consider(Reminder(Kind.BEFORE, obligation, offset, _moment(day, rules)))
        if rules.overdue_every <= 0:
            continue
        # Only the newest repeat that has come counts: it supersedes the ones before it.
        days_late = (now.astimezone(rules.tz).date() - obligation.due).days
        late = days_late - days_late % rules.overdue_every
        if late > 0 and _moment(obligation.due + timedelta(days=late), rules) > now:
            late -= rules.overdue_every  # today's moment has not come yet
        if late > 0:
            moment = _moment(obligation.due + timedelta(days=late), rules)
            for kind in (Kind.OVERDUE, Kind.ESCALATION):
                consider(Reminder(kind, obligation, -late, moment))
    return to_send, too_late


@dataclass(frozen=True, slots=True)
class Line:
    """One line of a digest: an obligation and the days left to its due date on the sending
    day (0: due that day; negative: that many days late)."""

    obligation: Obligation
    days: int


def digest_lines(obligations: Iterable[Obligation], today: date) -> list[Line]:
    """One line per (due date, agency), however many of its moments are being sent: the
    most overdue first, then the soonest due."""
    unique = {(ob.due_date_id, ob.agency_id): ob for ob in obligations}
    lines = [Line(ob, (ob.due - today).days) for ob in unique.values()]
    return sorted(lines, key=lambda line: (line.days, line.obligation.item_number))


@dataclass(frozen=True, slots=True)
class AgencyOverdue:
    """What one agency has overdue: how many due dates, and the oldest of them."""

    agency_id: int
    agency: str
    count: int
    oldest: Obligation


def overdue_by_agency(obligations: Iterable[Obligation], today: date) -> list[AgencyOverdue]:
    """Unreported obligations past their due date, per agency: most overdue dates first."""
    late: dict[int, list[Obligation]] = {}
    for ob in obligations:
        if not ob.reported and ob.due < today:
            late.setdefault(ob.agency_id, []).append(ob)
    summary = [
        AgencyOverdue(
            agency_id,
            obs[0].agency,
            len(obs),
            min(obs, key=lambda ob: (ob.due, ob.item_number)),
        )
        for agency_id, obs in late.items()
    ]
    return sorted(summary, key=lambda a: (-a.count, a.oldest.due, a.agency))


REPORT_MIN, REPORT_MAX = 10, 3000
REPORT_FILES_MAX = 10


class ReportFull(ValueError):
    """A report carries at most REPORT_FILES_MAX files."""


def with_report_file(files: list[dict[str, str]], file_id: str, kind: str) -> list[dict[str, str]]:
    """The files of a report being drafted, with one more (a document or a photo)."""
    if len(files) >= REPORT_FILES_MAX:
        raise ReportFull(REPORT_FILES_MAX)
    return [*files, {"file_id": file_id, "kind": kind}]


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


@dataclass(frozen=True, slots=True)
class Burn:
    """By one due date: how many (due date, agency) obligations had come due in all, and
    how many of them were met on time (an accepted report submitted by the date)."""

    day: date
    due: int
    met: int


def burndown(
    obligations: Iterable[Obligation], met: set[tuple[int, int]], today: date
) -> list[Burn]:
    """The plan's due dates up to `today`, each with the running totals due and met."""
    per_day: dict[date, list[int]] = {}
    for ob in obligations:
        if ob.due <= today:
            counts = per_day.setdefault(ob.due, [0, 0])
            counts[0] += 1
            counts[1] += (ob.due_date_id, ob.agency_id) in met
    burns, due, on_time = [], 0, 0
    for day in sorted(per_day):
        due += per_day[day][0]
        on_time += per_day[day][1]
        burns.append(Burn(day, due, on_time))
    return burns


def tally(standings: list[tuple[str, Standing]]) -> dict[str, dict[str, int]]:
    """Per agency: how many due dates are done, pending (submitted or not yet due), overdue."""
    result: dict[str, dict[str, int]] = {}
    for agency, state in standings:
        counts = result.setdefault(agency, {"done": 0, "pending": 0, "overdue": 0})
        key = {Standing.DONE: "done", Standing.OVERDUE: "overdue"}.get(state, "pending")
        counts[key] += 1
    return result
