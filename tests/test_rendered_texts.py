"""Every message as the bot renders it: dates and periods in each language's order, no
sentence that ends twice, and counted nouns that agree with their number."""

from __future__ import annotations

import re
from datetime import UTC, date, datetime
from typing import Any

import pytest

from bot.render import long_date, long_moment, period_label
from tests.fixtures.locales import ALL, placeholders

# The placeholders that carry a count (or a number a noun follows).
NUMERIC = {
    "age",
    "agencies",
    "candidates",
    "count",
    "dates",
    "days",
    "done",
    "files",
    "first",
    "last",
    "length",
    "limit",
    "max",
    "min",
    "minutes",
    "most",
    "number",
    "overdue",
    "page",
    "pages",
    "pending",
    "position",
    "recommended",
    "required",
    "round",
    "seats",
    "selected",
    "shown",
    "soon",
    "step",
    "total",
}
# Numbers that name rather than count (“Item 5”, “page 2 of 3”): they stay 7.
ORDINAL = {"first", "last", "number", "page", "position", "round", "step"}
# The placeholders a date, a moment or a reporting period is put in.
DATED = {"date", "due", "end", "ends", "expires", "oldest", "period", "start", "starts", "until"}
CHOICES = {"who": "other", "state": "late", "original": "yes"}


def render(texts: Any, locale: str, key: str, date_text: str, count: int = 7) -> str:
    def value(name: str) -> object:
        if name in CHOICES:
            return CHOICES[name]
        if name in NUMERIC:
            return 7 if name in ORDINAL else count
        return date_text if name in DATED else "X"

    params = {name: value(name) for name in placeholders(ALL[locale][key])}
    return str(texts.get(key, locale, **params))


def test_kazakh_dates_and_periods_read_year_first(texts):
    assert long_date(date(2026, 11, 25), "kk") == "2026 жылғы 25 қараша"
    assert period_label(texts, "kk", "2026-Q2") == "2026 жылғы II тоқсан"
    assert period_label(texts, "kk", "2026-H1") == "2026 жылғы I жартыжылдық"
    assert period_label(texts, "kk", "2026") == "2026 жыл"
    assert long_moment(datetime(2026, 11, 22, 4, tzinfo=UTC), UTC, "kk") == (
        "2026 жылғы 22 қараша, 04:00"
    )
    # Russian and English keep their own order; a Russian period names its year as «г.».
    assert long_date(date(2026, 11, 25), "ru") == "25 ноября 2026 г."
    assert period_label(texts, "ru", "2026-Q2") == "II квартал 2026 г."
    assert long_date(date(2026, 11, 25), "en") == "25 November 2026"
    assert period_label(texts, "en", "2026-Q2") == "Q2 2026"


_DOUBLED = re.compile(r"[гж]\.\.|(?<![.…])\.\.(?![.…])")


@pytest.mark.parametrize("locale", ["kk", "ru", "en"])
def test_no_message_ends_a_sentence_twice_whatever_date_it_shows(texts, locale):
    """A long date ends in «г.» in Russian; a period in «г.» too: a text that closes its
    sentence after one would print «г..». Every date's placeholder is given every kind."""
    values = [
        long_date(date(2026, 12, 5), locale),
        long_moment(datetime(2026, 11, 22, 4, tzinfo=UTC), UTC, locale),
        period_label(texts, locale, "2026-Q4"),
        period_label(texts, locale, "2026-H2"),
        period_label(texts, locale, "2026"),
        period_label(texts, locale, "2026-01-01/2026-06-30"),
    ]
    doubled = {
        key: text
        for key in ALL[locale]
        for value in values
        for count in (1, 21)
        if _DOUBLED.search(text := render(texts, locale, key, value, count))
    }
    assert doubled == {}


# Counted nouns: English singular after 1 and plural after anything else; Russian selects one,
# few or many, so the noun after 1 is the noun after 21, and differs from the one after 5.
EN_NOUNS = {
    "achievement": "achievements",
    "body": "bodies",
    "candidate": "candidates",
    "character": "characters",
    "conclusion": "conclusions",
    "opinion": "opinions",
    "day": "days",
    "document": "documents",
    "file": "files",
    "item": "items",
    "minute": "minutes",
    "nomination": "nominations",
    "report": "reports",
    "seat": "seats",
    "vote": "votes",
    "year": "years",
}
EN_BEFORE_NOUN = {"overdue", "possible", "more", "responsible"}
RU_STEMS = (
    "достижени",
    "кандидат",
    "символ",
    "файл",
    "дн",
    "ден",
    "год",
    "лет",
    "мест",
    "отчёт",
    "заяв",
    "минут",
    "голос",
    "исполнител",
)
RU_BEFORE_NOUN = re.compile(r"возможн|просроченн|ответственн")


def counted(text: str, number: int, locale: str) -> list[str]:
    """The noun after each `number` in `text` (skipping the adjectives before it)."""
    nouns = []
    for match in re.finditer(rf"(?<![\d.,]){number}((?: [^\W\d_]+){{1,3}})", text):
        words = match.group(1).split()
        while words and (words[0] in EN_BEFORE_NOUN or RU_BEFORE_NOUN.match(words[0])):
            words = words[1:]
        if not words:
            continue
        word = words[0].lower()
        english = word in EN_NOUNS or word in EN_NOUNS.values()
        if english if locale == "en" else word.startswith(RU_STEMS):
            nouns.append(word)
    return nouns


def numeric_messages(locale: str) -> list[str]:
    counts = NUMERIC - ORDINAL
    return sorted(key for key, message in ALL[locale].items() if placeholders(message) & counts)


def test_english_nouns_agree_with_every_count(texts):
    wrong: dict[str, list[str]] = {}
    for key in numeric_messages("en"):
        for number in (1, 2, 5, 21):
            for noun in counted(render(texts, "en", key, "X", number), number, "en"):
                expected = noun in EN_NOUNS if number == 1 else noun in EN_NOUNS.values()
                if not expected:
                    wrong.setdefault(key, []).append(f"{number} {noun}")
    assert wrong == {}


def test_russian_nouns_take_the_form_their_count_selects(texts):
    wrong: dict[str, list[str]] = {}
    for key in numeric_messages("ru"):
        forms = {n: counted(render(texts, "ru", key, "X", n), n, "ru") for n in (1, 2, 5, 21)}
        if not forms[5]:
            continue
        if forms[1] != forms[21] or any(a == b for a, b in zip(forms[1], forms[5], strict=False)):
            wrong[key] = [f"{n}: {' '.join(words)}" for n, words in forms.items()]
    assert wrong == {}


def test_the_noun_checks_find_a_count_outside_a_selector(texts):
    assert counted("1 overdue reports from 1 responsible bodies", 1, "en") == ["reports", "bodies"]
    assert counted("не более 5 файлов", 5, "ru") == ["файлов"]
    assert counted("за 1 кандидатов", 1, "ru") == counted("за 5 кандидатов", 5, "ru")


def test_the_plans_deadline_wording_reads_in_kazakh_and_english(texts):
    """Every item's deadline as the plan words it, translated: a Kazakh reader never gets the
    Russian sentence; where a translation is missing, the Russian is labelled as the original."""
    from config import PROJECT_ROOT
    from domain.plan import parse_plan, translate
    from domain.regions import load_regions

    data = PROJECT_ROOT / "data"
    plan = parse_plan(
        (data / "plan_nation_of_common_future.txt").read_text(encoding="utf-8"),
        list(load_regions(data / "regions_kz.csv")),
    )
    path = data / "plan_nation_of_common_future.translations.toml"
    plan = translate(plan, path.read_text(encoding="utf-8"), str(path))
    for item in plan.items:
        kk, en = item.translations["kk"]["deadline"], item.translations["en"]["deadline"]
        assert set("әғқңөұүһі") & set(kk), (item.number, kk)
        assert not re.search("[а-яё]", en, re.IGNORECASE), (item.number, en)
    item_11 = next(item for item in plan.items if item.number == 11)
    assert item_11.translations["kk"]["deadline"].startswith("2015 жылғы 10 желтоқсанға дейін")
    assert item_11.translations["en"]["deadline"].startswith("by 10 December 2015, then")
    label = texts.get("plan-item-deadline", "kk", deadline="к 5 числу", original="yes")
    assert "(орыс тіліндегі түпнұсқа)" in label
