"""Locale keys the bot's screens use for enumerations of their own (the form's steps and
choices, errors, menus), written out literally: a test finds every one and checks all three
locales have it. Keys shared with the services are in `services.keys`."""

from __future__ import annotations

from collections.abc import Mapping
from enum import StrEnum
from typing import TypeVar

from domain.nomination import Consent, More, Relation, Source, Sphere, Step, Who
from services.keys import GENDER_KEYS, RELATION_KEYS, SOURCE_KEYS, SPHERE_KEYS

E = TypeVar("E", bound=StrEnum)

FORM_ASK_KEYS: dict[Step, str] = {
    Step.WHO: "form-ask-who",
    Step.NOMINATOR_NAME: "form-ask-nname",
    Step.NOMINATOR_PHONE: "form-ask-nphone",
    Step.RELATION: "form-ask-rel",
    Step.SOURCE: "form-ask-src",
    Step.FULL_NAME: "form-ask-name",
    Step.BIRTH_DATE: "form-ask-dob",
    Step.GENDER: "form-ask-gender",
    Step.REGION: "form-ask-region",
    Step.SETTLEMENT: "form-ask-place",
    Step.ETHNICITY: "form-ask-ethn",
    Step.OCCUPATION: "form-ask-occ",
    Step.SPHERE: "form-ask-sphere",
    Step.ACHIEVEMENT: "form-ask-ach",
    Step.ACHIEVEMENT_YEAR: "form-ask-achyear",
    Step.PROOF: "form-ask-proof",
    Step.MORE: "form-ask-more",
    Step.STORY: "form-ask-story",
    Step.PHOTO: "form-ask-photo",
    Step.PHONE: "form-ask-phone",
    Step.CONSENT: "form-ask-consent",
}

FIELD_KEYS: dict[Step, str] = {
    Step.WHO: "field-who",
    Step.NOMINATOR_NAME: "field-nname",
    Step.NOMINATOR_PHONE: "field-nphone",
    Step.RELATION: "field-rel",
    Step.SOURCE: "field-src",
    Step.FULL_NAME: "field-name",
    Step.BIRTH_DATE: "field-dob",
    Step.GENDER: "field-gender",
    Step.REGION: "field-region",
    Step.SETTLEMENT: "field-place",
    Step.ETHNICITY: "field-ethn",
    Step.OCCUPATION: "field-occ",
    Step.SPHERE: "field-sphere",
    Step.ACHIEVEMENT: "field-ach",
    Step.STORY: "field-story",
    Step.PHOTO: "field-photo",
    Step.PHONE: "field-phone",
}

WHO_KEYS: dict[Who, str] = {Who.SELF: "choice-who-self", Who.OTHER: "choice-who-other"}
MORE_KEYS: dict[More, str] = {More.ADD: "choice-more-add", More.DONE: "choice-more-done"}
CONSENT_KEYS: dict[Consent, str] = {
    Consent.AGREE: "choice-consent-agree",
    Consent.DECLINE: "choice-consent-decline",
}
SKIP_KEYS: dict[Step, str] = {
    Step.ETHNICITY: "choice-ethn-skip",
    Step.PROOF: "choice-proof-skip",
    Step.PHOTO: "choice-photo-skip",
}


def _by_value(keys: Mapping[E, str]) -> dict[str, str]:
    return {member.value: key for member, key in keys.items()}


# The label of each button of each step (regions are named from the regions' table).
CHOICE_KEYS: dict[Step, dict[str, str]] = {
    Step.WHO: _by_value(WHO_KEYS),
    Step.RELATION: _by_value(RELATION_KEYS),
    Step.SOURCE: _by_value(SOURCE_KEYS),
    Step.GENDER: _by_value(GENDER_KEYS),
    Step.SPHERE: _by_value(SPHERE_KEYS),
    Step.MORE: _by_value(MORE_KEYS),
    Step.CONSENT: _by_value(CONSENT_KEYS),
    **{step: {"skip": key} for step, key in SKIP_KEYS.items()},
}
assert set(CHOICE_KEYS[Step.RELATION]) == set(Relation)
assert set(CHOICE_KEYS[Step.SOURCE]) == set(Source)
assert set(CHOICE_KEYS[Step.SPHERE]) == set(Sphere)

# Why an answer was not taken (`domain.nomination.InvalidInput.code`).
INPUT_ERROR_KEYS: dict[str, str] = {
    "too-long": "form-error-too-long",
    "too-short": "form-error-too-short",
    "name-chars": "form-error-name-chars",
    "name-words": "form-error-name-words",
    "date-format": "form-error-date-format",
    "date-impossible": "form-error-date-impossible",
    "date-future": "form-error-date-future",
    "date-too-old": "form-error-date-too-old",
    "too-young": "form-error-too-young",
    "needs-letters": "form-error-needs-letters",
    "year-format": "form-error-year-format",
    "year-before-independence": "form-error-year-before-independence",
    "year-future": "form-error-year-future",
    "link": "form-error-link",
    "phone": "form-error-phone",
    "contact-not-yours": "vote-contact-not-yours",
    "photo": "form-error-photo",
    "expect-text": "form-error-expect-text",
    "expect-year": "form-error-expect-year",
    "expect-choice": "form-error-expect-choice",
    "expect-phone": "form-error-expect-phone",
    "expect-proof": "form-error-expect-proof",
    "expect-photo": "form-error-expect-photo",
    "consent-required": "form-consent-required",
    "duplicate": "form-duplicate",
}
