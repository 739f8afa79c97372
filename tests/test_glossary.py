"""One term per concept: no message, and no translation of the campaign plan, uses a variant the
project's glossary (`locales/glossary.toml`) forbids in its language."""

from __future__ import annotations

import re
import tomllib

import pytest

from config import PROJECT_ROOT
from tests.fixtures.locales import ALL, LOCALES_DIR, plain_text

GLOSSARY = tomllib.loads((LOCALES_DIR / "glossary.toml").read_text(encoding="utf-8"))
PLAN_TRANSLATIONS = tomllib.loads(
    (PROJECT_ROOT / "data" / "plan_nation_of_common_future.translations.toml").read_text(
        encoding="utf-8"
    )
)


def forbidden(locale: str) -> dict[str, re.Pattern[str]]:
    """`concept: variant` → the pattern that finds it at the start of a word."""
    return {
        f"{concept}: {variant}": re.compile(r"(?<!\w)" + variant, re.IGNORECASE)
        for concept, entry in GLOSSARY.items()
        for variant in entry.get("forbidden", {}).get(locale, [])
    }


def uses(text: str, locale: str) -> list[str]:
    return [name for name, pattern in forbidden(locale).items() if pattern.search(text)]


def plan_texts(locale: str) -> dict[str, str]:
    """The plan's translated titles, forms, deadlines and agency names in `locale`."""
    found: dict[str, str] = {}
    for section in ("items", "agencies"):
        for name, entry in PLAN_TRANSLATIONS[section].items():
            for field, values in entry.items():
                if isinstance(values, dict) and locale in values:
                    found[f"{section}.{name}.{field}"] = values[locale]
    return found


def test_every_concept_has_a_term_in_each_language():
    for concept, entry in GLOSSARY.items():
        assert all(entry.get(locale) for locale in ("kk", "ru", "en")), concept
        for locale, variants in entry.get("forbidden", {}).items():
            assert locale in ("kk", "ru", "en"), concept
            for variant in variants:
                re.compile(variant)


@pytest.mark.parametrize(
    ("locale", "text", "concept"),
    [
        ("kk", "Дауыс берудің -кезеңі белгіленді", "voting-round"),
        ("kk", "Бұл есеп қаралып қойған.", "already"),
        ("en", "In which sphere have you made your contribution?", "field-of-contribution"),
        ("en", "Another member is working on this case.", "nomination"),
        ("ru", "Заявки о вас, ожидающие вашего согласия", "nomination"),
        ("ru", "Что-то пошло не так на нашей стороне.", "official-register"),
        ("kk", "Сауалнама тоқтатылды, қаралама өшірілді.", "cancel-form"),
        ("ru", "/cancel — прервать заполнение анкеты", "cancel-form"),
        ("en", "You have already written a conclusion.", "expert-opinion"),
    ],
)
def test_the_check_finds_a_forbidden_variant(locale, text, concept):
    assert any(name.startswith(f"{concept}:") for name in uses(text, locale)), text


@pytest.mark.parametrize("locale", ["kk", "ru", "en"])
def test_no_message_uses_a_forbidden_variant(locale):
    found = {
        key: hits
        for key, message in ALL[locale].items()
        if (hits := uses(plain_text(message), locale))
    }
    assert found == {}


@pytest.mark.parametrize("locale", ["kk", "en"])
def test_the_plan_translations_use_the_glossary_too(locale):
    found = {key: hits for key, text in plan_texts(locale).items() if (hits := uses(text, locale))}
    assert found == {}


# Russian addresses the reader with a lower-case «вы» inside a sentence, as the state services'
# interfaces do (the README's glossary section); a capital only starts a sentence.
_CAPITAL_VY = re.compile(r"(?<=[\w,;:—)»] )(Вы|Вас|Вам|Вами|Ваш\w*)\b")


def test_russian_writes_a_lower_case_vy_inside_a_sentence():
    found = {
        key: _CAPITAL_VY.findall(plain_text(message))
        for key, message in ALL["ru"].items()
        if _CAPITAL_VY.search(plain_text(message))
    }
    assert found == {}
