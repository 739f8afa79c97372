"""Deadline texts of a plan ("к 10 декабря 2015 года, далее - ежеквартально (к 5 числу
месяца, следующего за отчетным кварталом)") as rules, and the due dates they give over the
plan's period, each with the reporting period it is for.

Choices where the wording is open (also in the README):
- "до 16 ноября" and "к 16 ноября" are both due on the 16th.
- A periodic report ("ежеквартально", "раз в полугодие") covers calendar quarters or
  half-years and is due on the 5th of the month after the period. The periods are those
  that end after the rhythm starts and begin before the plan ends; the last one may be
  due after the plan's end.
- The rhythm starts at the plan's start, at "с <date>", at the fixed date before "далее",
  or at the start of the year of "в течение <year>".
- "в течение 2016 года" alone is due on 31 December 2016 (period "2016"); followed by
  "далее - <rhythm>", the rhythm's reports are its due dates.
"""

from __future__ import annotations

import calendar
import re
from dataclasses import dataclass, replace
from datetime import date, timedelta

MONTHS = {
    name: number
    for number, names in enumerate(
        [
            ("январь", "января"),
            ("февраль", "февраля"),
            ("март", "марта"),
            ("апрель", "апреля"),
            ("май", "мая"),
            ("июнь", "июня"),
            ("июль", "июля"),
            ("август", "августа"),
            ("сентябрь", "сентября"),
            ("октябрь", "октября"),
            ("ноябрь", "ноября"),
            ("декабрь", "декабря"),
        ],
        start=1,
    )
    for name in names
}
_MONTH = "(" + "|".join(sorted(MONTHS, key=len, reverse=True)) + ")"
REPORT_DAY = 5


class DeadlineError(ValueError):
    """A deadline text this module cannot read."""


@dataclass(frozen=True, slots=True)
class PlanPeriod:
    start: date
    end: date

    def shifted(self, days: int) -> PlanPeriod:
        return PlanPeriod(self.start + timedelta(days), self.end + timedelta(days))


@dataclass(frozen=True, slots=True)
class Fixed:
    day: date


@dataclass(frozen=True, slots=True)
class During:
    start: date
    end: date


@dataclass(frozen=True, slots=True)
class Periodic:
    months: int  # 3: quarterly, 6: half-yearly
    start: date | None  # None: from the plan's start


Component = Fixed | During | Periodic


@dataclass(frozen=True, slots=True)
class Due:
    due: date
    period: str
    period_start: date
    period_end: date


def _normal(text: str) -> str:
    text = text.lower().replace("ё", "е").replace("–", "-").replace("—", "-")
    return " ".join(text.split())


def parse_period(text: str) -> PlanPeriod:
    """'(срок реализации: ноябрь 2015 года - декабрь 2016 года)' as first and last day."""
    match = re.search(
        rf"срок реализации:\s*{_MONTH}\s+(\d{{4}})\s+года\s*-\s*{_MONTH}\s+(\d{{4}})\s+года",
        _normal(text),
    )
    if not match:
        raise DeadlineError(text)
    first_month, first_year, last_month, last_year = match.groups()
    start = date(int(first_year), MONTHS[first_month], 1)
    end_year, end_month = int(last_year), MONTHS[last_month]
    return PlanPeriod(start, date(end_year, end_month, calendar.monthrange(end_year, end_month)[1]))


def _rhythm(text: str) -> int | None:
    if "ежеквартально" in text:
        return 3
    if "раз в полугодие" in text:
        return 6
    return None


def _day(day: str, month: str, year: str) -> date:
    try:
        return date(int(year), MONTHS[month], int(day))
    except ValueError:
        raise DeadlineError(f"{day} {month} {year}") from None


def parse_deadline(text: str) -> list[Component]:
    """The rule a deadline text states; raises DeadlineError for a text it cannot read."""
    normal = _normal(text)
    head, _, tail = normal.partition("далее -")
    head = head.strip(" ,")
    components: list[Component] = []
    start: date | None = None

    if match := re.fullmatch(rf"(?:до|к) (\d{{1,2}}) {_MONTH} (\d{{4}})-(\d{{4}}) годов", head):
        day, month, first, last = match.groups()
        components += [Fixed(_day(day, month, str(y))) for y in range(int(first), int(last) + 1)]
    elif match := re.fullmatch(
        rf"(?:до|к) (\d{{1,2}}) {_MONTH} и (\d{{1,2}}) {_MONTH} (\d{{4}}) года", head
    ):
        day1, month1, day2, month2, year = match.groups()
        components += [Fixed(_day(day1, month1, year)), Fixed(_day(day2, month2, year))]
    elif match := re.fullmatch(rf"(?:до|к) (\d{{1,2}}) {_MONTH} (\d{{4}}) года", head):
        components.append(Fixed(_day(*match.groups())))
    elif match := re.fullmatch(r"в течение (\d{4}) года", head):
        year = int(match.group(1))
        during = During(date(year, 1, 1), date(year, 12, 31))
        if not tail:
            components.append(during)
        start = during.start
    elif match := re.fullmatch(rf"с (?:(\d{{1,2}}) )?{_MONTH} (\d{{4}}) года", head):
        day, month, year = match.groups()
        start = _day(day or "1", month, year)
        if not tail:
            raise DeadlineError(text)
    elif (months := _rhythm(head)) is not None and not tail:
        return [Periodic(months, None)]
    else:
        raise DeadlineError(text)

    if tail:
        months = _rhythm(tail)
        if months is None:
            raise DeadlineError(text)
        if start is None:
            start = max(c.day for c in components if isinstance(c, Fixed))
        components.append(Periodic(months, start))
    return components


def _period_label(start: date, months: int) -> str:
    if months == 3:
        return f"{start.year}-Q{(start.month - 1) // 3 + 1}"
    return f"{start.year}-H{(start.month - 1) // 6 + 1}"


def _periods(months: int, first: date, last: date) -> list[tuple[date, date]]:
    """Calendar quarters or half-years that end on or after `first` and begin by `last`."""
    month = ((first.month - 1) // months) * months + 1
    start = date(first.year, month, 1)
    periods = []
    while start <= last:
        end_month = start.month + months - 1
        end = date(start.year, end_month, calendar.monthrange(start.year, end_month)[1])
        if end >= first:
            periods.append((start, end))
        start = end + timedelta(days=1)
    return periods


def due_dates(rule: list[Component], plan: PlanPeriod) -> list[Due]:
    """Every due date of a rule over the plan's period, in order."""
    dues: list[Due] = []
    for component in rule:
        if isinstance(component, Fixed):
            dues.append(Due(component.day, component.day.isoformat(), plan.start, component.day))
        elif isinstance(component, During):
            calendar_year = (
                component.start.month,
                component.start.day,
                component.end.month,
                component.end.day,
            ) == (1, 1, 12, 31)
            label = (
                str(component.start.year)
                if calendar_year
                else f"{component.start.isoformat()}/{component.end.isoformat()}"
            )
            dues.append(Due(component.end, label, component.start, component.end))
        else:
            first = component.start or plan.start
            for start, end in _periods(component.months, first, plan.end):
                following = end + timedelta(days=1)
                due = date(following.year, following.month, REPORT_DAY)
                dues.append(Due(due, _period_label(start, component.months), start, end))
    unique = {(d.due, d.period): d for d in dues}
    return sorted(unique.values(), key=lambda d: (d.due, d.period))


def shift_rule(rule: list[Component], days: int) -> list[Component]:
    """The same rule moved by `days`, to run the plan again from another start."""
    delta = timedelta(days)
    shifted: list[Component] = []
    for component in rule:
        if isinstance(component, Fixed):
            shifted.append(Fixed(component.day + delta))
        elif isinstance(component, During):
            shifted.append(During(component.start + delta, component.end + delta))
        else:
            start = component.start + delta if component.start else None
            shifted.append(replace(component, start=start))
    return shifted
