"""The form's rules on their own: no Telegram and no database."""

from __future__ import annotations

from datetime import date

import pytest

from domain.locales import resolve_locale
from domain.nomination import (
    InvalidInput,
    Step,
    name_key,
    next_step,
    normalise_phone,
    parse_birth_date,
    parse_person_name,
    record_answer,
    reference_for,
    restart_achievements,
)

TODAY = date(2026, 11, 22)


def test_locale_resolution_prefers_the_stored_choice():
    assert resolve_locale("ru", "en", "kk") == "ru"
    assert resolve_locale(None, "en-GB", "kk") == "en"
    assert resolve_locale(None, "de", "kk") == "kk"
    assert resolve_locale(None, None, "kk") == "kk"


@pytest.mark.parametrize(
    ("typed", "expected"),
    [
        ("8 701 123 45 67", "+77011234567"),
        ("+7 (701) 123-45-67", "+77011234567"),
        ("77011234567", "+77011234567"),
        ("87172555555", "+77172555555"),
        ("+998 90 123 45 67", "+998901234567"),
    ],
)
def test_phones_are_normalised_to_e164(typed, expected):
    assert normalise_phone(typed) == expected


@pytest.mark.parametrize("typed", ["12345", "phone", "+7 701", "8" * 40, "+7 000 000 00 00"])
def test_not_a_phone(typed):
    with pytest.raises(InvalidInput) as raised:
        normalise_phone(typed)
    assert raised.value.code == "phone"


def test_duplicate_key_ignores_case_order_punctuation_and_yo():
    assert name_key("Сапарова Айгерім Нұрланқызы") == name_key("айгерім  САПАРОВА-нұрланқызы")
    assert name_key("Семёнов Пётр") == name_key("Семенов Петр")
    assert name_key("Сапарова Айгерім") != name_key("Сапарова Айгерім Нұрланқызы")


def test_names_keep_kazakh_letters_and_hyphens():
    assert parse_person_name("  Әбілқайыр-Хан   Ұлжан  ") == "Әбілқайыр-Хан Ұлжан"
    assert parse_person_name("O’Brien Sean") == "O’Brien Sean"


def test_birth_date_edges():
    assert parse_birth_date("22.11.2012", TODAY) == date(2012, 11, 22)
    with pytest.raises(InvalidInput, match="too-young"):
        parse_birth_date("23.11.2012", TODAY)
    assert parse_birth_date("29/02/1988", TODAY) == date(1988, 2, 29)
    with pytest.raises(InvalidInput, match="date-impossible"):
        parse_birth_date("29.02.1989", TODAY)


def test_next_step_walks_the_form_in_order_and_skips_nominator_questions_for_self():
    answers: dict = {}
    seen = []
    values = {
        Step.WHO: "self",
        Step.FULL_NAME: "A B",
        Step.BIRTH_DATE: "1987-03-05",
        Step.GENDER: "f",
        Step.REGION: "abai",
        Step.SETTLEMENT: "Semey",
        Step.ETHNICITY: None,
        Step.OCCUPATION: "x",
        Step.SPHERE: "health",
        Step.ACHIEVEMENT: "did something good",
        Step.ACHIEVEMENT_YEAR: 2000,
        Step.PROOF: {},
        Step.MORE: "done",
        Step.STORY: "s",
        Step.PHOTO: None,
        Step.PHONE: "+7",
        Step.CONSENT: {"version": "v", "at": "2026-11-22T05:00:00+00:00"},
    }
    while (step := next_step(answers)) is not Step.SUMMARY:
        seen.append(step)
        answers = record_answer(answers, step, values[step])
    assert seen == list(values)
    assert answers["achievements"] == [{"text": "did something good", "year": 2000}]
    assert next_step(restart_achievements(answers)) is Step.ACHIEVEMENT


def test_switching_to_another_person_asks_the_nominator_questions():
    answers = {Step.WHO: "self"}
    answers = record_answer(answers, Step.WHO, "other")
    assert next_step(answers) is Step.NOMINATOR_NAME


def test_reference_format():
    assert reference_for(2026, 42) == "100-2026-000042"


def test_kazakh_alphabetical_order():
    from domain.collation import sort_key

    names = ["Қасымов", "Иванова", "Ғалымов", "Әлиев", "Яковлев", "Адамов", "Smith", "Ұлан"]
    assert sorted(names, key=sort_key) == [
        "Адамов",
        "Әлиев",
        "Ғалымов",
        "Иванова",
        "Қасымов",
        "Ұлан",
        "Яковлев",
        "Smith",
    ]


def test_free_texts_keep_paragraphs_and_name_their_bounds():
    from domain.nomination import text_between

    assert text_between("  First line.\n\nSecond.  ", 5, 50) == "First line.\n\nSecond."
    with pytest.raises(InvalidInput) as short:
        text_between(" ab ", 3, 10)
    assert (short.value.code, short.value.params) == ("too-short", {"limit": 3, "length": 2})
    with pytest.raises(InvalidInput) as long:
        text_between("x" * 11, 3, 10)
    assert (long.value.code, long.value.params) == ("too-long", {"limit": 10, "length": 11})
