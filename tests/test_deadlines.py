"""Every deadline phrase of the seed plan, and the due dates it gives."""

from __future__ import annotations

from datetime import date

import pytest

from domain.deadlines import (
    DeadlineError,
    PlanPeriod,
    due_dates,
    parse_deadline,
    parse_period,
    shift_rule,
)

QUARTERLY = "ежеквартально (к 5 числу месяца, следующего за отчетным кварталом)"
HALF_YEARLY = "раз в полугодие (к 5 числу месяца, следующего за отчетным полугодием)"
PLAN = parse_period("(срок реализации: ноябрь 2015 года - декабрь 2016 года)")
QUARTERS_FROM_Q4_2015 = [
    ("2016-01-05", "2015-Q4"),
    ("2016-04-05", "2016-Q1"),
    ("2016-07-05", "2016-Q2"),
    ("2016-10-05", "2016-Q3"),
    ("2017-01-05", "2016-Q4"),
]


def dues(text: str, plan: PlanPeriod = PLAN) -> list[tuple[str, str]]:
    return [(d.due.isoformat(), d.period) for d in due_dates(parse_deadline(text), plan)]


def test_plan_period():
    assert PlanPeriod(date(2015, 11, 1), date(2016, 12, 31)) == PLAN


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("до 16 ноября 2015 года", [("2015-11-16", "2015-11-16")]),
        ("к 16 ноября 2015 года", [("2015-11-16", "2015-11-16")]),
        ("до 20 ноября 2015 года", [("2015-11-20", "2015-11-20")]),
        ("к 23 ноября 2015 года", [("2015-11-23", "2015-11-23")]),
        ("к 10 июля 2016 года", [("2016-07-10", "2016-07-10")]),
        ("до 10 сентября 2016 года", [("2016-09-10", "2016-09-10")]),
        ("к 20 декабря 2015 года", [("2015-12-20", "2015-12-20")]),
        (
            "к 20 декабря 2015-2016 годов",
            [("2015-12-20", "2015-12-20"), ("2016-12-20", "2016-12-20")],
        ),
        (
            "к 20 апреля и 20 декабря 2016 года",
            [("2016-04-20", "2016-04-20"), ("2016-12-20", "2016-12-20")],
        ),
        ("ежеквартально (к 5 числу месяца, следующего за отчетным)", QUARTERS_FROM_Q4_2015),
        (
            f"к 10 декабря 2015 года, далее - {QUARTERLY}",
            [("2015-12-10", "2015-12-10"), *QUARTERS_FROM_Q4_2015],
        ),
        (
            f"к 20 декабря 2015 года, далее - {HALF_YEARLY}",
            [
                ("2015-12-20", "2015-12-20"),
                ("2016-01-05", "2015-H2"),
                ("2016-07-05", "2016-H1"),
                ("2017-01-05", "2016-H2"),
            ],
        ),
        (
            f"в течение 2016 года, далее - {HALF_YEARLY}",
            [("2016-07-05", "2016-H1"), ("2017-01-05", "2016-H2")],
        ),
        ("в течение 2016 года", [("2016-12-31", "2016")]),
        (
            f"с января 2016 года, далее - {QUARTERLY}",
            QUARTERS_FROM_Q4_2015[1:],
        ),
        (
            f"с ноября 2015 года, далее - {QUARTERLY}",
            QUARTERS_FROM_Q4_2015,
        ),
        (
            f"с 16 ноября 2015 года, далее - {QUARTERLY}",
            QUARTERS_FROM_Q4_2015,
        ),
    ],
)
def test_each_phrase_of_the_seed(text, expected):
    assert dues(text) == expected


def test_periods_know_their_bounds():
    first = due_dates(
        parse_deadline("с января 2016 года, далее - ежеквартально (к 5 числу)"), PLAN
    )[0]
    assert (first.period_start, first.period_end, first.due) == (
        date(2016, 1, 1),
        date(2016, 3, 31),
        date(2016, 4, 5),
    )


@pytest.mark.parametrize(
    "text", ["когда-нибудь", "к 31 февраля 2016 года", "с января 2016 года", "далее - ежегодно", ""]
)
def test_unreadable_phrases_are_refused(text):
    with pytest.raises(DeadlineError):
        parse_deadline(text)


def test_rebasing_moves_every_date_and_keeps_the_rhythm_calendar_based():
    days = (date(2027, 3, 1) - PLAN.start).days
    plan = PLAN.shifted(days)
    rule = shift_rule(
        parse_deadline("к 10 декабря 2015 года, далее - ежеквартально (к 5 числу)"), days
    )
    result = [(d.due.isoformat(), d.period) for d in due_dates(rule, plan)]
    # 10 December was 39 days after the start; the plan's 14 months now end on 30 April 2028.
    assert (plan.start, plan.end) == (date(2027, 3, 1), date(2028, 4, 30))
    assert result == [
        ("2027-04-09", "2027-04-09"),
        ("2027-07-05", "2027-Q2"),
        ("2027-10-05", "2027-Q3"),
        ("2028-01-05", "2027-Q4"),
        ("2028-04-05", "2028-Q1"),
        ("2028-07-05", "2028-Q2"),
    ]
