"""Locale keys the bot's screens use for enumerations of their own (the form's steps and
choices, errors, menus), derived by pattern where the keys follow one (`services.keys`).
Keys shared with the services are in `services.keys`."""

from __future__ import annotations

from collections.abc import Mapping
from enum import StrEnum
from typing import TypeVar

from domain.nomination import Consent, More, Step, Who
from services.keys import GENDER_KEYS, RELATION_KEYS, SOURCE_KEYS, SPHERE_KEYS, keys_for
from services.locale_keys import Key, PlainKey

E = TypeVar("E", bound=StrEnum)

# The question of each step. Not derived: most take placeholders, and not the same ones, so
# the map can only promise that each is a key; the code asking a step passes its own.
FORM_ASK_KEYS: dict[Step, Key] = {
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

# The name of each answer on the summary card; the year and the proof belong to their
# achievement, and the last steps are no answers.
_NO_FIELD = {Step.ACHIEVEMENT_YEAR, Step.PROOF, Step.MORE, Step.CONSENT, Step.SUMMARY}
FIELD_KEYS = keys_for([step for step in Step if step not in _NO_FIELD], "field-{}")

WHO_KEYS = keys_for(Who, "choice-who-{}")
MORE_KEYS = keys_for(More, "choice-more-{}")
CONSENT_KEYS = keys_for(Consent, "choice-consent-{}")
SKIP_KEYS = keys_for([Step.ETHNICITY, Step.PROOF, Step.PHOTO], "choice-{}-skip")


def _by_value(keys: Mapping[E, PlainKey]) -> dict[str, PlainKey]:
    return {member.value: key for member, key in keys.items()}


# The label of each button of each step (regions are named from the regions' table).
CHOICE_KEYS: dict[Step, dict[str, PlainKey]] = {
    Step.WHO: _by_value(WHO_KEYS),
    Step.RELATION: _by_value(RELATION_KEYS),
    Step.SOURCE: _by_value(SOURCE_KEYS),
    Step.GENDER: _by_value(GENDER_KEYS),
    Step.SPHERE: _by_value(SPHERE_KEYS),
    Step.MORE: _by_value(MORE_KEYS),
    Step.CONSENT: _by_value(CONSENT_KEYS),
    **{step: {"skip": key} for step, key in SKIP_KEYS.items()},
}

# Why an answer was not taken (`domain.nomination.InvalidInput.code`). Not derived: the codes
# are the domain's strings, not an enumeration, two of them answer with a text of another
# family, and some texts take the error's own placeholders.
INPUT_ERROR_KEYS: dict[str, Key] = {
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
    "own-contact-only": "identity-error-own-contact",
    "limit-self": "identity-limit-self",
    "limit-others": "identity-limit-others",
}
