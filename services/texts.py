"""Texts as data: a locale key with its parameters, rendered in the reader's language when it
is shown. A handler renders one at once (`bot.render.say`); the outbox stores one and renders
it in the recipient's language when it is sent; a refusal carries one to the error handler.

The constructor is generated from the locales (`make texts`, services/locale_keys.py): a key
no locale has, a placeholder left out or one too many is a type error."""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date, datetime, timedelta, tzinfo
from typing import Any

from services.locale_keys import KeyAndParams


class Text(KeyAndParams):
    """A locale key and its parameters: `Text("desk-export", format="xlsx")`. A
    parameter may itself be a `Text` (rendered in the same language), a `Translated`, a date
    (written out in the reader's language), or a list of `Text`s (one line each)."""

    __slots__ = ()

    def __repr__(self) -> str:
        return f"Text({self.key!r}, {self.params!r})"

    def __eq__(self, other: object) -> bool:
        return isinstance(other, Text) and (self.key, self.params) == (other.key, other.params)

    __hash__ = None  # type: ignore[assignment]

    def stored(self) -> dict[str, Any]:
        """As the outbox keeps it (JSON)."""
        return {"$key": self.key, "params": stored_params(self.params)}


class Translated:
    """A parameter that is data with a text per language (an agency's name, an item's
    title): the reader's language is picked when it is shown."""

    __slots__ = ("own", "texts")

    def __init__(self, own: str, texts: Mapping[str, str]) -> None:
        self.own = own  # the text as the data has it, for any language without its own
        self.texts = texts

    def stored(self) -> dict[str, Any]:
        return {"$text": dict(self.texts), "own": self.own}


def stored_params(params: Mapping[str, Any]) -> dict[str, Any]:
    return {name: _stored(value) for name, value in params.items()}


def _stored(value: Any) -> Any:
    if isinstance(value, Text | Translated):
        return value.stored()
    if isinstance(value, date) and not isinstance(value, datetime):
        return {"$date": value.isoformat()}
    if isinstance(value, list) and value and all(isinstance(v, Text) for v in value):
        return {"$lines": [v.stored() for v in value]}
    return value


ASTANA = timedelta(hours=5)  # Kazakhstan's one time zone since 2024


def zone_of(tz: tzinfo) -> Text | str:
    """The time zone as a reader says it: «Астана уақыты», «время Астаны», “Astana time”;
    a zone other than UTC+5 by its name."""
    return Text("astana-time") if datetime.now(tz).utcoffset() == ASTANA else str(tz)
