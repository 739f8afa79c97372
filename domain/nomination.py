"""The nomination form and record: its steps in order, what each step accepts, and the record
it produces. The draft is a plain dict of answers keyed by step, so it can live in any FSM
storage as JSON and a form left half-way resumes at `next_step(answers)`."""

from __future__ import annotations

import hashlib
import re
import unicodedata
from dataclasses import dataclass
from datetime import date, datetime, tzinfo
from enum import StrEnum
from typing import Any
from urllib.parse import urlparse

# The consent wording people agree to, stored with each consent: a new version whenever the
# text changes (2026-11-2: the secretariat named as the body that screens, «халықтық»).
CONSENT_VERSION = "2026-11-2"
INDEPENDENCE_DAY = date(1991, 12, 16)
MIN_NOMINEE_AGE = 14
MAX_ACHIEVEMENTS = 10

NAME_MAX = 150
PLACE_MAX = 100
ETHNICITY_MAX = 50
OCCUPATION_MAX = 200
ACHIEVEMENT_MIN, ACHIEVEMENT_MAX = 10, 400
LINK_MAX = 500
STORY_MIN, STORY_MAX = 150, 3000


class Status(StrEnum):
    DRAFT = "draft"
    AWAITING_NOMINEE_CONSENT = "awaiting_nominee_consent"
    SUBMITTED = "submitted"
    SCREENING = "screening"
    VERIFICATION = "verification"
    EXPERT_REVIEW = "expert_review"
    WORKING_GROUP = "working_group"
    ON_VOTE = "on_vote"
    SELECTED = "selected"
    NOT_SELECTED = "not_selected"
    REJECTED = "rejected"
    WITHDRAWN = "withdrawn"
    LAPSED = "lapsed"  # the nominee did not answer the consent link in time
    SUPERSEDED = "superseded"  # the nominee nominated themselves while it awaited consent
    VOID = "void"  # the secretariat found it an impostor's, spam or a duplicate


# A person already nominated (the same name, date of birth and phone) blocks a second
# nomination unless the first was withdrawn, voided or never came to be (it lapsed or the
# nominee's own nomination superseded it). A rejection blocks only until its campaign year
# ends (`blocks_until_year_end`), which no index can say: the service checks it.
NOT_BLOCKING_DUPLICATES = frozenset(
    {Status.WITHDRAWN, Status.LAPSED, Status.SUPERSEDED, Status.VOID, Status.REJECTED}
)
# A nomination that ended: it holds nobody's place (a live self-nomination is one not here).
ENDED = frozenset(
    {
        Status.WITHDRAWN,
        Status.LAPSED,
        Status.SUPERSEDED,
        Status.VOID,
        Status.REJECTED,
        Status.NOT_SELECTED,
    }
)


class VoidReason(StrEnum):
    """Why the secretariat voids a nomination (it then blocks nobody)."""

    IMPOSTOR = "impostor"
    SPAM = "spam"
    DUPLICATE = "duplicate"


class RejectReason(StrEnum):
    """Why the secretariat rejects cases in bulk."""

    DUPLICATE = "duplicate"
    SPAM = "spam"


class Who(StrEnum):
    SELF = "self"
    OTHER = "other"


class Relation(StrEnum):
    RELATIVE = "relative"
    COLLEAGUE = "colleague"
    FRIEND = "friend"
    OTHER = "other"


class Source(StrEnum):
    """Where a nomination comes from, as section 1.2 of the concept lists them."""

    CITIZEN = "citizen"
    AKIMAT = "akimat"
    WORKING_GROUP = "wg"
    ASSEMBLY = "apk"
    PARTY = "party"
    NGO = "ngo"
    BUREAU_100 = "b100"


class Gender(StrEnum):
    MALE = "m"
    FEMALE = "f"


class Sphere(StrEnum):
    """Spheres of contribution, section 1.2.1 of the concept."""

    POLITICS = "politics"
    ECONOMY = "economy"
    EDUCATION = "education"
    HEALTH = "health"
    CULTURE = "culture"
    SECURITY = "security"
    SOCIAL = "social"


class More(StrEnum):
    ADD = "add"
    DONE = "done"


class Consent(StrEnum):
    AGREE = "agree"
    DECLINE = "decline"


class Step(StrEnum):
    WHO = "who"
    NOMINATOR_NAME = "nname"
    NOMINATOR_PHONE = "nphone"
    RELATION = "rel"
    SOURCE = "src"
    FULL_NAME = "name"
    BIRTH_DATE = "dob"
    GENDER = "gender"
    REGION = "region"
    SETTLEMENT = "place"
    ETHNICITY = "ethn"
    OCCUPATION = "occ"
    SPHERE = "sphere"
    ACHIEVEMENT = "ach"
    ACHIEVEMENT_YEAR = "achyear"
    PROOF = "proof"
    MORE = "more"
    STORY = "story"
    PHOTO = "photo"
    PHONE = "phone"
    CONSENT = "consent"
    SUMMARY = "summary"


NOMINATOR_STEPS = (Step.NOMINATOR_NAME, Step.NOMINATOR_PHONE, Step.RELATION, Step.SOURCE)
NOMINEE_STEPS = (
    Step.FULL_NAME,
    Step.BIRTH_DATE,
    Step.GENDER,
    Step.REGION,
    Step.SETTLEMENT,
    Step.ETHNICITY,
    Step.OCCUPATION,
    Step.SPHERE,
)
CLOSING_STEPS = (Step.STORY, Step.PHOTO, Step.PHONE, Step.CONSENT)

# Steps the summary offers to edit; editing achievements enters the list anew.
EDITABLE_STEPS = (
    Step.WHO,
    *NOMINATOR_STEPS,
    *NOMINEE_STEPS,
    Step.ACHIEVEMENT,
    Step.STORY,
    Step.PHOTO,
    Step.PHONE,
)

_ACHIEVEMENT_KEYS = (
    "achievements",
    "ach_done",
    "ach_adding",
    Step.ACHIEVEMENT,
    Step.ACHIEVEMENT_YEAR,
)


def is_self(answers: dict[str, Any]) -> bool:
    return answers.get(Step.WHO) == Who.SELF


def editable_steps(answers: dict[str, Any]) -> tuple[Step, ...]:
    if is_self(answers):
        return tuple(step for step in EDITABLE_STEPS if step not in NOMINATOR_STEPS)
    return EDITABLE_STEPS


# An achievement is one question of the form, however many answers it takes.
_PART_OF_ACHIEVEMENT = {
    Step.ACHIEVEMENT_YEAR: Step.ACHIEVEMENT,
    Step.PROOF: Step.ACHIEVEMENT,
    Step.MORE: Step.ACHIEVEMENT,
}


def questions(answers: dict[str, Any]) -> tuple[Step, ...]:
    """The questions of the path the draft is on, after "who": a self-nomination skips the
    nominator's own questions."""
    nominator = () if is_self(answers) else NOMINATOR_STEPS
    return (*nominator, *NOMINEE_STEPS, Step.ACHIEVEMENT, *CLOSING_STEPS)


def progress(answers: dict[str, Any], step: Step) -> tuple[int, int] | None:
    """(which question, of how many) `step` is on the draft's path; None where there is no
    path yet ("who" chooses it) and at the summary."""
    if Step.WHO not in answers or step in (Step.WHO, Step.SUMMARY):
        return None
    path = questions(answers)
    question = _PART_OF_ACHIEVEMENT.get(step, step)
    return (path.index(question) + 1, len(path)) if question in path else None


def next_step(answers: dict[str, Any]) -> Step:
    """The first question the draft has no answer to; SUMMARY when every one is answered."""
    if Step.WHO not in answers:
        return Step.WHO
    if not is_self(answers):
        for step in NOMINATOR_STEPS:
            if step not in answers:
                return step
    for step in NOMINEE_STEPS:
        if step not in answers:
            return step
    if Step.ACHIEVEMENT in answers:
        return Step.PROOF if Step.ACHIEVEMENT_YEAR in answers else Step.ACHIEVEMENT_YEAR
    achievements = answers.get("achievements") or []
    if not achievements or answers.get("ach_adding"):
        return Step.ACHIEVEMENT
    if not answers.get("ach_done") and len(achievements) < MAX_ACHIEVEMENTS:
        return Step.MORE
    for step in CLOSING_STEPS:
        if step not in answers:
            return step
    return Step.SUMMARY


def record_answer(answers: dict[str, Any], step: Step, value: Any) -> dict[str, Any]:
    """A new answers dict with `value` recorded for `step`; the input dict is left alone."""
    result = dict(answers)
    if step is Step.PROOF:
        achievement = {
            "text": result.pop(Step.ACHIEVEMENT),
            "year": result.pop(Step.ACHIEVEMENT_YEAR),
        }
        achievement.update(value or {})
        result["achievements"] = [*result.get("achievements", []), achievement]
    elif step is Step.MORE:
        result["ach_done" if value == More.DONE else "ach_adding"] = True
    elif step is Step.ACHIEVEMENT:
        result.pop("ach_adding", None)
        result[step] = value
    else:
        result[step] = value
    return result


def restart_achievements(answers: dict[str, Any]) -> dict[str, Any]:
    return {key: value for key, value in answers.items() if key not in _ACHIEVEMENT_KEYS}


def forget_identity(answers: dict[str, Any]) -> dict[str, Any]:
    """Drop name and date of birth, so the form asks for them again (after a duplicate)."""
    return {k: v for k, v in answers.items() if k not in (Step.FULL_NAME, Step.BIRTH_DATE)}


class InvalidInput(ValueError):
    """Input a step cannot accept; `code` names the explanation, `params` fill it in."""

    def __init__(self, code: str, **params: Any) -> None:
        super().__init__(code)
        self.code = code
        self.params = params


def _clean(text: str) -> str:
    return " ".join(unicodedata.normalize("NFC", text).split())


def _bounded(text: str, maximum: int, minimum: int = 1) -> str:
    cleaned = _clean(text)
    if len(cleaned) > maximum:
        raise InvalidInput("too-long", limit=maximum, length=len(cleaned))
    if len(cleaned) < minimum:
        raise InvalidInput("too-short", limit=minimum, length=len(cleaned))
    return cleaned


_NAME_PART = re.compile(r"^[^\W\d_]+(?:['’\-.][^\W\d_]*)*$")


def parse_person_name(text: str) -> str:
    name = _bounded(text, NAME_MAX)
    words = name.split(" ")
    if not all(_NAME_PART.match(word) for word in words):
        raise InvalidInput("name-chars")
    if len(words) < 2:
        raise InvalidInput("name-words")
    return name


_DATE = re.compile(r"^(\d{1,2})[./\-](\d{1,2})[./\-](\d{4})$")


def parse_birth_date(text: str, today: date) -> date:
    match = _DATE.match(_clean(text))
    if not match:
        raise InvalidInput("date-format")
    day, month, year = (int(part) for part in match.groups())
    try:
        born = date(year, month, day)
    except ValueError:
        raise InvalidInput("date-impossible") from None
    if born > today:
        raise InvalidInput("date-future")
    if year < 1900:
        raise InvalidInput("date-too-old")
    if age_on(born, today) < MIN_NOMINEE_AGE:
        raise InvalidInput("too-young", age=MIN_NOMINEE_AGE)
    return born


def age_on(born: date, day: date) -> int:
    return day.year - born.year - ((day.month, day.day) < (born.month, born.day))


def parse_short_text(text: str, maximum: int) -> str:
    cleaned = _bounded(text, maximum)
    if not any(char.isalpha() for char in cleaned):
        raise InvalidInput("needs-letters")
    return cleaned


def parse_achievement(text: str) -> str:
    return _bounded(text, ACHIEVEMENT_MAX, ACHIEVEMENT_MIN)


def parse_achievement_year(text: str, today: date) -> int:
    cleaned = _clean(text)
    if not re.fullmatch(r"\d{4}", cleaned):
        raise InvalidInput("year-format")
    year = int(cleaned)
    if year < INDEPENDENCE_DAY.year:
        raise InvalidInput("year-before-independence")
    if year > today.year:
        raise InvalidInput("year-future")
    return year


def parse_link(text: str) -> str:
    link = _bounded(text, LINK_MAX)
    parsed = urlparse(link)
    if parsed.scheme not in ("http", "https") or "." not in parsed.netloc or " " in link:
        raise InvalidInput("link")
    return link


def text_between(text: str, minimum: int, maximum: int) -> str:
    """A free text (a story, a report, a conclusion) within bounds. Paragraphs are the
    writer's own: line breaks stay, only the ends are trimmed."""
    cleaned = unicodedata.normalize("NFC", text).strip()
    if len(cleaned) > maximum:
        raise InvalidInput("too-long", limit=maximum, length=len(cleaned))
    if len(cleaned) < minimum:
        raise InvalidInput("too-short", limit=minimum, length=len(cleaned))
    return cleaned


def parse_story(text: str) -> str:
    return text_between(text, STORY_MIN, STORY_MAX)


def normalise_phone(text: str, default_region: str = "KZ") -> str:
    """A phone as typed or shared, in E.164 (`+77011234567`). phonenumbers is imported by the
    first phone checked (16 ms once), not at start: an idle bot keeps about 1 MiB less."""
    import phonenumbers

    raw = text.strip()
    if len(raw) > 32:
        raise InvalidInput("phone")
    # A shared contact may come without the plus sign.
    if raw.isdigit() and len(raw) == 11 and raw[0] == "7":
        raw = "+" + raw
    try:
        number = phonenumbers.parse(raw, default_region)
    except phonenumbers.NumberParseException:
        raise InvalidInput("phone") from None
    if not phonenumbers.is_valid_number(number):
        raise InvalidInput("phone")
    return phonenumbers.format_number(number, phonenumbers.PhoneNumberFormat.E164)


NAME_KEY_MAX = 150  # the column's width: NFKC may lengthen a name (U+FDFA is 18 letters)


def _name_words(full_name: str) -> list[str]:
    folded = unicodedata.normalize("NFKC", full_name).casefold().replace("ё", "е")
    return sorted(re.findall(r"[^\W\d_]+", folded))


def name_key(full_name: str) -> str:
    """The name as searched: case, ё/е, punctuation and word order ignored; cut to the
    column's width (the duplicate rule compares `person_key`, which is never cut)."""
    return " ".join(_name_words(full_name))[:NAME_KEY_MAX]


# Latin letters that look like Cyrillic ones, in either case once case-folded (a Latin «B»
# passes for «В», an «H» for «Н», an «h» for «һ»), and the Kazakh «һ» and «і» with them, so
# that «Сапарова» typed with a Latin «a» or «o» is the same person. Folding a little too much
# costs nothing: a duplicate also needs the same date of birth and phone.
_LOOK_ALIKES = str.maketrans(
    {
        "a": "а", "b": "в", "c": "с", "e": "е", "h": "н", "һ": "н", "i": "і", "j": "ј",
        "k": "к", "m": "м", "o": "о", "p": "р", "s": "ѕ", "t": "т", "x": "х", "y": "у",
    }
)  # fmt: skip


def person_key(full_name: str) -> str:
    """The name as the duplicate rule compares it: `name_key`'s folding, Latin look-alike
    letters read as Cyrillic, and hashed, so any length fits its column (64 characters)."""
    folded = " ".join(sorted(word.translate(_LOOK_ALIKES) for word in _name_words(full_name)))
    return hashlib.sha256(folded.encode()).hexdigest()


def campaign_year_start(moment: datetime, tz: tzinfo) -> datetime:
    """When the campaign year of `moment` began. The code knows no campaign but the
    calendar year in the configured time zone (references count by it too)."""
    return datetime(moment.astimezone(tz).year, 1, 1, tzinfo=tz)


def reference_for(year: int, number: int) -> str:
    return f"100-{year}-{number:06d}"


# A voter may type a Kazakh name on a Russian keyboard: their search folds these letters.
_TYPED_WITHOUT_KAZAKH_KEYS = str.maketrans("әғқңөұүһі", "агкноуухи")


def query_words(text: str) -> list[str]:
    """A name as the words a voter's search compares: normalised as duplicates are compared
    (`name_key`: case, ё/е, punctuation and word order do not matter), and the Kazakh
    letters folded to the nearest Russian ones."""
    return name_key(text).translate(_TYPED_WITHOUT_KAZAKH_KEYS).split()


def name_matches(words: list[str], full_name: str) -> bool:
    """Every word typed is part (the start or any other part) of one of the name's words."""
    name = query_words(full_name)
    return all(any(word in part for part in name) for word in words)


SEARCH_MAX = 100
_REFERENCE = re.compile(r"^(?:100-(\d{4})-)?(\d{1,6})$")


@dataclass(frozen=True, slots=True)
class Search:
    """What a desk member typed to find a case: a reference (whole, or its serial number for
    any year), a phone, or words of a name (compared as `name_key` compares names)."""

    reference: str | None = None
    serial: str | None = None
    phone: str | None = None
    words: tuple[str, ...] = ()


def parse_search(text: str) -> Search:
    raw = _bounded(text, SEARCH_MAX)
    compact = re.sub(r"[\s№#]", "", raw)
    if found := _REFERENCE.match(compact):
        year, number = found.groups()
        serial = f"{int(number):06d}"
        return Search(reference=f"100-{year}-{serial}") if year else Search(serial=serial)
    if sum(c.isdigit() for c in raw) >= 10:
        return Search(phone=normalise_phone(raw))
    words = tuple(sorted(set(name_key(raw).split())))
    if not words:
        raise InvalidInput("search")
    return Search(words=words)


def parse_period(text: str) -> tuple[date | None, date | None]:
    """Submitted between: «01.11.2026 – 30.11.2026», or one date for that day onwards."""
    found = re.findall(r"\d{1,2}[./\-]\d{1,2}[./\-]\d{4}", text)
    if not 1 <= len(found) <= 2 or len(_clean(text)) > 40:
        raise InvalidInput("period")
    days = []
    for value in found:
        day, month, year = (int(part) for part in re.split(r"[./\-]", value))
        try:
            days.append(date(year, month, day))
        except ValueError:
            raise InvalidInput("date-impossible") from None
    since, until = days[0], days[1] if len(days) == 2 else None
    if until is not None and until < since:
        since, until = until, since
    return since, until


@dataclass(frozen=True, slots=True)
class Achievement:
    text: str
    year: int
    proof_url: str | None = None
    proof_file_id: str | None = None
    proof_kind: str | None = None


@dataclass(frozen=True, slots=True)
class NominationRecord:
    """What a finished form stores."""

    is_self: bool
    nominator_name: str | None
    nominator_phone: str | None
    relation: Relation | None
    source: Source
    full_name: str
    birth_date: date
    gender: Gender
    region_code: str
    settlement: str
    ethnicity: str | None
    occupation: str
    sphere: Sphere
    achievements: tuple[Achievement, ...]
    story: str
    photo_file_id: str | None
    contact_phone: str
    consent_version: str
    consent_at: datetime

    @property
    def name_key(self) -> str:
        return name_key(self.full_name)

    @property
    def person_key(self) -> str:
        return person_key(self.full_name)


def build_record(answers: dict[str, Any]) -> NominationRecord:
    """The record of a complete draft; raises InvalidInput('incomplete') otherwise."""
    if next_step(answers) is not Step.SUMMARY:
        raise InvalidInput("incomplete")
    own = is_self(answers)
    consent = answers[Step.CONSENT]
    photo = answers.get(Step.PHOTO)
    return NominationRecord(
        is_self=own,
        nominator_name=None if own else answers[Step.NOMINATOR_NAME],
        nominator_phone=None if own else answers[Step.NOMINATOR_PHONE],
        relation=None if own else Relation(answers[Step.RELATION]),
        source=Source.CITIZEN if own else Source(answers[Step.SOURCE]),
        full_name=answers[Step.FULL_NAME],
        birth_date=date.fromisoformat(answers[Step.BIRTH_DATE]),
        gender=Gender(answers[Step.GENDER]),
        region_code=answers[Step.REGION],
        settlement=answers[Step.SETTLEMENT],
        ethnicity=answers.get(Step.ETHNICITY),
        occupation=answers[Step.OCCUPATION],
        sphere=Sphere(answers[Step.SPHERE]),
        achievements=tuple(Achievement(**item) for item in answers["achievements"]),
        story=answers[Step.STORY],
        photo_file_id=photo["file_id"] if photo else None,
        contact_phone=answers[Step.PHONE],
        consent_version=consent["version"],
        consent_at=datetime.fromisoformat(consent["at"]),
    )


SKIP = "skip"
SUBMIT = "submit"

PHONE_STEPS = frozenset({Step.NOMINATOR_PHONE, Step.PHONE})
FILE_STEPS = frozenset({Step.PROOF, Step.PHOTO})
TEXT_STEPS = frozenset(
    {
        Step.NOMINATOR_NAME,
        Step.NOMINATOR_PHONE,
        Step.FULL_NAME,
        Step.BIRTH_DATE,
        Step.SETTLEMENT,
        Step.ETHNICITY,
        Step.OCCUPATION,
        Step.ACHIEVEMENT,
        Step.ACHIEVEMENT_YEAR,
        Step.PROOF,
        Step.STORY,
        Step.PHONE,
    }
)


def choice_values(step: Step, region_codes: tuple[str, ...]) -> tuple[str, ...]:
    """The values a button of `step` may carry; anything else is forged."""
    enums: dict[Step, tuple[str, ...]] = {
        Step.WHO: tuple(Who),
        Step.RELATION: tuple(Relation),
        Step.SOURCE: tuple(Source),
        Step.GENDER: tuple(Gender),
        Step.REGION: region_codes,
        Step.SPHERE: tuple(Sphere),
        Step.MORE: tuple(More),
        Step.CONSENT: tuple(Consent),
        Step.ETHNICITY: (SKIP,),
        Step.PROOF: (SKIP,),
        Step.PHOTO: (SKIP,),
        Step.SUMMARY: (SUBMIT,),
    }
    return enums.get(step, ())


def expectation(step: Step) -> str:
    """What kind of input a step waits for, to explain it when something else arrives."""
    if step in PHONE_STEPS:
        return "phone"
    if step in FILE_STEPS:
        return str(step)
    if step is Step.ACHIEVEMENT_YEAR:
        return "year"
    return "text" if step in TEXT_STEPS else "choice"


def parse_text(step: Step, text: str, today: date) -> Any:
    """The answer a text message gives to `step`, or InvalidInput."""
    match step:
        case Step.NOMINATOR_NAME | Step.FULL_NAME:
            return parse_person_name(text)
        case Step.NOMINATOR_PHONE | Step.PHONE:
            return normalise_phone(text)
        case Step.BIRTH_DATE:
            return parse_birth_date(text, today).isoformat()
        case Step.SETTLEMENT:
            return parse_short_text(text, PLACE_MAX)
        case Step.ETHNICITY:
            return parse_short_text(text, ETHNICITY_MAX)
        case Step.OCCUPATION:
            return parse_short_text(text, OCCUPATION_MAX)
        case Step.ACHIEVEMENT:
            return parse_achievement(text)
        case Step.ACHIEVEMENT_YEAR:
            return parse_achievement_year(text, today)
        case Step.PROOF:
            return {"proof_url": parse_link(text)}
        case Step.STORY:
            return parse_story(text)
    raise InvalidInput(expectation(step))


def choice_answer(step: Step, value: str) -> Any:
    """What pressing `value` at `step` records (a skip records "nothing given")."""
    if value == SKIP:
        return {} if step is Step.PROOF else None
    return value


# What the secretariat's export holds unless an admin asks for everything (`python -m bot
# export nominations --all`): nominations their nominee consented to that are still in the
# selection, or chosen by it. A list of what goes in, so a status added later stays out until
# it is named here.
EXPORTED = frozenset(
    {
        Status.SUBMITTED,
        Status.SCREENING,
        Status.VERIFICATION,
        Status.EXPERT_REVIEW,
        Status.WORKING_GROUP,
        Status.ON_VOTE,
        Status.SELECTED,
    }
)
