"""Locale keys of the domain's enumerations, derived from the members' values by each map's
pattern (`status-{}`: `status-draft`, ...). A key the locales lack, or one with placeholders,
stops the import (and tests/test_locales.py names it), not a person's screen. Shared by the
bot's rendering and the messages services put in the outbox."""

from __future__ import annotations

from collections.abc import Iterable
from enum import StrEnum
from typing import TypeVar, cast, get_args

from domain.nomination import Gender, Relation, Source, Sphere, Status
from domain.pipeline import DESKS, Criterion, Role, Verdict
from domain.reminders import Standing
from services.locale_keys import PlainKey

E = TypeVar("E", bound=StrEnum)

PLAIN_KEYS = frozenset(get_args(PlainKey))


def keys_for(members: Iterable[E], pattern: str) -> dict[E, PlainKey]:
    """The key of each member: `pattern` with the member's value for `{}`
    (`keys_for(Status, "status-{}")`). Every key must be one of the locales' keys without
    placeholders, so a map of them is what `i18n.get(KEYS[member])` takes."""
    keys = {member: pattern.format(member.value) for member in members}
    missing = sorted(key for key in keys.values() if key not in PLAIN_KEYS)
    if missing:
        raise LookupError(f"no locale text without placeholders for {missing}")
    return cast(dict[E, PlainKey], keys)


STATUS_KEYS = keys_for(Status, "status-{}")
ROLE_KEYS = keys_for(Role, "role-{}")
ROLE_CAN_KEYS = keys_for(Role, "role-{}-can")
DESK_KEYS = keys_for(DESKS, "desk-{}")
GENDER_KEYS = keys_for(Gender, "choice-gender-{}")
SPHERE_KEYS = keys_for(Sphere, "choice-sphere-{}")
SOURCE_KEYS = keys_for(Source, "choice-src-{}")
RELATION_KEYS = keys_for(Relation, "choice-rel-{}")
VERDICT_KEYS = keys_for(Verdict, "verdict-{}")
CRITERION_KEYS = keys_for(Criterion, "criterion-{}")
CRITERION_LONG_KEYS = keys_for(Criterion, "criterion-{}-long")
STANDING_KEYS = keys_for(Standing, "standing-{}")
