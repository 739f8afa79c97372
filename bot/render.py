"""Texts built from records: the candidate card and the pieces long texts are sent in."""

from __future__ import annotations

import re
from collections.abc import Mapping
from datetime import date, datetime, tzinfo
from typing import Any

from aiogram import Bot
from aiogram_i18n.cores import BaseCore
from babel.dates import format_date
from babel.numbers import format_decimal

from bot.i18n import I18n
from bot.texts import FIELD_KEYS
from domain.nomination import NominationRecord, Step
from domain.regions import Region
from services.keys import GENDER_KEYS, RELATION_KEYS, SOURCE_KEYS, SPHERE_KEYS
from services.locale_keys import PlainKey
from services.texts import Text, stored_params, zone_of

PROOF_KEYS: dict[str, PlainKey] = {"photo": "card-proof-photo", "document": "card-proof-document"}

MESSAGE_LIMIT = 4096
STORY_EXCERPT = 600


# A date read in a sentence: «2026 жылғы 25 қараша», «25 ноября 2026 г.», “25 November 2026”.
# Kazakh puts the year first, as its official usage and CLDR's long format do; the Russian
# date ends in «г.», so no text ends a sentence on a date (a test renders them all).
DATE_PATTERNS = {"kk": "y 'жылғы' d MMMM", "ru": "d MMMM y 'г'.", "en": "d MMMM y"}


def say(i18n: I18n, text: Text) -> str:
    """A text in the reader's language, its parameters too."""
    return rendered(i18n.core, i18n.locale, text.key, stored_params(text.params))


def rendered(core: BaseCore[Any], locale: str, key: str, params: Mapping[str, Any]) -> str:
    """A text as stored (`services.texts`: the outbox keeps it so) in `locale`."""
    return core.get(key, locale, **{name: _param(core, locale, v) for name, v in params.items()})


def _param(core: BaseCore[Any], locale: str, value: Any) -> Any:
    if isinstance(value, dict) and "$key" in value:
        return rendered(core, locale, value["$key"], value.get("params", {}))
    if isinstance(value, dict) and "$date" in value:
        return long_date(date.fromisoformat(value["$date"]), locale)
    if isinstance(value, dict) and "$text" in value:
        return value["$text"].get(locale) or value.get("own", "")
    if isinstance(value, dict) and "$lines" in value:
        return "\n".join(_param(core, locale, line) for line in value["$lines"])
    return value


def long_date(value: date, locale: str) -> str:
    """A date as it is read in a sentence, in the reader's language (Babel's month names)."""
    return format_date(value, DATE_PATTERNS.get(locale, DATE_PATTERNS["en"]), locale=locale)


def short_date(value: date) -> str:
    """A date in a compact list or on a button: 25.11.2026, in every language."""
    return value.strftime("%d.%m.%Y")


def long_moment(value: datetime, tz: tzinfo, locale: str) -> str:
    """A day and time read in a sentence: «22 ноября 2026 г., 09:00», «2026 жылғы 22 қараша,
    09:00» (in `tz`)."""
    local = value.astimezone(tz)
    return f"{long_date(local.date(), locale)}, {local:%H:%M}"


def decimal(value: float, locale: str, digits: int = 2) -> str:
    """A number with a fraction as the reader writes it: 4,33 in kk and ru, 4.33 in en."""
    return format_decimal(value, "#,##0." + "0" * digits, locale=locale)


def zone(core: BaseCore[Any], locale: str, tz: tzinfo) -> str:
    """The time zone as the reader says it: «Астана уақыты», «время Астаны», “Astana time”
    (a zone other than UTC+5 by its name)."""
    said = zone_of(tz)
    return said if isinstance(said, str) else rendered(core, locale, said.key, said.params)


_PERIOD = re.compile(r"(\d{4})(?:-([QH])(\d))?")


def period_label(core: BaseCore[Any], locale: str, period: str) -> str | None:
    """A due date's reporting period as its reader says it: a quarter, a half-year, a year
    or a span of dates («2026 жылғы II тоқсан», «II квартал 2026 г.», “Q2 2026”); None for a
    one-off date, which names no period."""
    if match := _PERIOD.fullmatch(period):
        year, kind, number = match.groups()
        if kind is None:
            return core.get("period-year", locale, year=year)
        if kind == "Q":  # the number as a number: the texts select on it (I, II… in kk, ru)
            return core.get("period-quarter", locale, year=year, number=int(number))
        return core.get("period-half", locale, year=year, number=int(number))
    first, _, last = period.partition("/")
    if last:
        return core.get("period-span", locale, start=_day(first), end=_day(last))
    return None


def _day(iso: str) -> str:
    return short_date(date.fromisoformat(iso))


def excerpt(text: str, limit: int) -> str:
    return text if len(text) <= limit else text[: limit - 1].rstrip() + "…"


def card(
    i18n: I18n,
    record: NominationRecord,
    regions: Mapping[str, Region],
    *,
    with_nominator: bool = True,
) -> str:
    """The candidate card in the reader's language."""

    def line(step: Step, value: str) -> str:
        return f"{i18n.get(FIELD_KEYS[step])}: {value}"

    lines: list[str] = []
    if with_nominator and not record.is_self:
        lines += [
            line(Step.NOMINATOR_NAME, record.nominator_name or ""),
            line(Step.NOMINATOR_PHONE, record.nominator_phone or ""),
            line(
                Step.RELATION, i18n.get(RELATION_KEYS[record.relation]) if record.relation else ""
            ),
            line(Step.SOURCE, i18n.get(SOURCE_KEYS[record.source])),
            "",
        ]
    region = regions.get(record.region_code)
    lines += [
        line(Step.FULL_NAME, record.full_name),
        line(Step.BIRTH_DATE, record.birth_date.strftime("%d.%m.%Y")),
        line(Step.GENDER, i18n.get(GENDER_KEYS[record.gender])),
        line(Step.REGION, region.name(i18n.locale) if region else record.region_code),
        line(Step.SETTLEMENT, record.settlement),
        line(Step.ETHNICITY, record.ethnicity or i18n.get("card-not-stated")),
        line(Step.OCCUPATION, record.occupation),
        line(Step.SPHERE, i18n.get(SPHERE_KEYS[record.sphere])),
        "",
        i18n.get("field-ach") + ":",
    ]
    for number, item in enumerate(record.achievements, start=1):
        proof = (
            item.proof_url
            or (item.proof_kind and i18n.get(PROOF_KEYS[item.proof_kind]))
            or i18n.get("card-no-proof")
        )
        lines.append(f"{number}. {item.text} ({item.year}) — {proof}")
    lines += [
        "",
        i18n.get("field-story") + ":",
        excerpt(record.story, STORY_EXCERPT),
        "",
        line(Step.PHOTO, i18n.get("card-photo-yes" if record.photo_file_id else "card-photo-no")),
        line(Step.PHONE, record.contact_phone),
    ]
    return "\n".join(lines)


async def send_long(
    bot: Bot, chat_id: int, text: str, reply_markup: Any = None, limit: int = MESSAGE_LIMIT
) -> None:
    """A text of any length, in pieces; the buttons go with the last piece."""
    *head, last = split_message(text, limit)
    for piece in head:
        await bot.send_message(chat_id, piece)
    await bot.send_message(chat_id, last, reply_markup=reply_markup)


def split_message(text: str, limit: int = MESSAGE_LIMIT) -> list[str]:
    """Pieces of at most `limit` characters, cut at line ends where possible."""
    pieces: list[str] = []
    current = ""
    for line in text.split("\n"):
        while len(line) > limit:
            if current:
                pieces.append(current)
                current = ""
            pieces.append(line[:limit])
            line = line[limit:]
        candidate = f"{current}\n{line}" if current else line
        if len(candidate) > limit:
            pieces.append(current)
            current = line
        else:
            current = candidate
    if current or not pieces:
        pieces.append(current)
    return pieces
