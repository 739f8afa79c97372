"""Reading a campaign plan in the text layout of the government's documents (the seed
`data/plan_nation_of_common_future.txt`): the decree that approves it, a preamble with
"(срок реализации: …)", a table whose cells each begin with a tab (continuation lines do not),
sections in capitals with their period in brackets, items numbered "1.", and the list
"Примечание: расшифровка аббревиатур"; and what importing it would change in a loaded plan.

Agencies come from the executor column. Choices (also in the README):
- "(по согласованию)" marks an agency that takes part by agreement, "(свод)" the one that
  consolidates; a missing comma after such a mark ("СЦК (по согласованию) МИР") still
  separates two agencies.
- "акиматы гг. Астаны, Алматы и областей" is the akimat of every region and city of
  republican significance in `data/regions_kz.csv`.
- A role note after a dash ("МИР - размещение") belongs to its agency. When the cell names
  groups (an earlier agency has its own note), a note closing the cell covers the agencies
  since the previous note ("МИР - разработка…, МОН, МКС - наполнение").
- A leading abbreviation is spelled out from the document's own list. One the list lacks is
  the plan's controller when its letters are the first letters of the controller's name
  (ОВП: Отдел внутренней политики Администрации Президента …); any other stays as written.
  Spelling variants (Қоғамдық / Қогамдық) are one agency.

The decree's frame: its title (the first line, "Об утверждении Плана …"), the act with its
date and number ("Распоряжение … от 30 октября 2015 года № 10"), and the controller ("…
контроль за его исполнением возложить на <X>."; an abbreviation from the list is spelled out).
All of it is optional: a plan without a decree is still a plan.

A file is whole or it is refused: items numbered 1, 2, 3… without a gap, every section with
items, the abbreviation list at the end (a file cut at an item boundary has none), and as
many items as a line "Всего мероприятий: N" declares, when there is one.
"""

from __future__ import annotations

import re
import tomllib
import unicodedata
from collections.abc import Collection, Mapping, Sequence
from dataclasses import dataclass, field, replace
from datetime import date
from typing import Any

from domain.deadlines import (
    MONTHS,
    Component,
    DeadlineError,
    PlanPeriod,
    parse_deadline,
    parse_period,
)
from domain.regions import Region

ABBREVIATIONS_MARK = "расшифровка аббревиатур"
AKIMATS = re.compile(r"акиматы\s+гг\.?\s*Астаны,\s*Алматы\s+и\s+областей", re.IGNORECASE)
_AKIMATS_TOKEN = "\x00akimats\x00"
_MONTH = "(" + "|".join(sorted(MONTHS, key=len, reverse=True)) + ")"
# "Распоряжение Государственного секретаря Республики Казахстан от 30 октября 2015 года № 10"
_ACT = re.compile(
    rf"^(?P<act>.*?)\s*\bот\s+(?P<day>\d{{1,2}})\s+(?P<month>{_MONTH})\s+(?P<year>\d{{4}})"
    r"\s*(?:года|г\.)?\s*№\s*(?P<number>[\w/-]+)",
    re.IGNORECASE,
)
# "Координацию работы … и контроль за его исполнением возложить на <X>."
_CONTROLLER = re.compile(
    r"контрол[^.]*?\b(?:возложить|возлагается)\s+на\s+(?P<name>[^.]+)", re.IGNORECASE
)
# "Всего мероприятий: 28", "Итого: 28 мероприятий" (a line outside the table).
_DECLARED = re.compile(r"^\s*(?:всего|итого)\b\D{0,40}?(?P<count>\d+)\D{0,20}$", re.IGNORECASE)


class PlanFormatError(ValueError):
    def __init__(self, line: int, reason: str) -> None:
        super().__init__(f"line {line}: {reason}")
        self.line = line
        self.reason = reason


class PlanConflict(PlanFormatError):
    """The file reads well, but importing it would lose what the loaded plan holds."""


# The languages a plan is read in besides its own Russian, from its translations file.
TRANSLATED = ("kk", "en")


@dataclass(frozen=True, slots=True)
class AgencyRef:
    key: str
    name: str
    short: str
    region_code: str | None = None
    by_agreement: bool = False
    consolidates: bool = False
    note: str | None = None
    # locale → {"name": …, "short": …}: the agency in the other languages
    translations: dict[str, dict[str, str]] = field(default_factory=dict)


@dataclass(frozen=True, slots=True)
class PlanItem:
    number: int
    section: str
    title: str
    form: str
    executors: str
    deadline: str
    rule: list[Component]
    agencies: list[AgencyRef]
    line: int
    section_period: str | None = None  # "ноябрь 2015 года", as the heading writes it
    # locale → {"title": …, "form": …}: the item in the other languages
    translations: dict[str, dict[str, str]] = field(default_factory=dict)


@dataclass(frozen=True, slots=True)
class Decree:
    """The act that approves the plan; any part the document leaves out is None."""

    title: str | None = None  # "Об утверждении Плана мероприятий …"
    act: str | None = None  # "Распоряжение Государственного секретаря Республики Казахстан"
    signed: date | None = None
    number: str | None = None


@dataclass(frozen=True, slots=True)
class Plan:
    title: str
    period: PlanPeriod
    items: list[PlanItem]
    abbreviations: dict[str, str] = field(default_factory=dict)
    decree: Decree = field(default_factory=Decree)
    controller: str | None = None  # who coordinates the plan and controls its execution
    preamble: str | None = None  # the paragraphs between the period and the table
    abbreviations_line: int = 0  # where "Примечание: расшифровка аббревиатур" stands

    @property
    def sections(self) -> list[str]:
        return list(dict.fromkeys(item.section for item in self.items))


def agency_key(short: str) -> str:
    """One key per agency whatever the spelling: case, quotes, ғ/г and spaces ignored."""
    text = unicodedata.normalize("NFC", short).casefold().replace("ғ", "г").replace("ё", "е")
    text = re.sub(r"[«»\"“”„]", "", text)
    return " ".join(text.split())


def _clean(text: str) -> str:
    return " ".join(text.replace("\xa0", " ").split())


def parse_abbreviations(lines: Sequence[str]) -> dict[str, str]:
    """'КИСИ   - Казахстанский институт …' with indented continuation lines."""
    result: dict[str, str] = {}
    current: str | None = None
    for line in lines:
        match = re.match(r"^([А-ЯЁA-Z][А-ЯЁA-Zа-яё]+)\s+-\s+(.+)$", line)
        if match:
            current = match.group(1)
            result[current] = _clean(match.group(2))
        elif current and line[:1].isspace() and line.strip():
            result[current] = f"{result[current]} {_clean(line)}"
    return result


_PARTICIPLE = re.compile(r"^[а-яё]+(щие|шие|щий|вший)\b")


def _is_initials(abbreviation: str, name: str) -> bool:
    """ОВП and "Отдел внутренней политики …": the letters begin the name's first words."""
    words = name.split()
    return (
        len(abbreviation) >= 2
        and abbreviation.isupper()
        and len(words) >= len(abbreviation)
        and all(
            word[0].casefold() == letter.casefold()
            for word, letter in zip(words, abbreviation, strict=False)
        )
    )


def _spell_out(short: str, abbreviations: dict[str, str], controller: str | None = None) -> str:
    first, _, rest = short.partition(" ")
    full = abbreviations.get(first)
    if full is None and controller is not None and _is_initials(first, controller):
        full = controller
    if full is None:
        return short
    full = full[0].upper() + full[1:]
    return f"{full} {rest}".strip()


def _genitive_ru(name: str) -> str:
    """«Акмолинская область» → «Акмолинской области», «область Абай» → «области Абай»,
    «город Астана» → «города Астаны», «город Шымкент» → «города Шымкент»."""
    first, _, rest = name.partition(" ")
    if first == "город":
        # The Republic's acts keep a city's name after «города» as it is («акимат города
        # Шымкент», «города Алматы»); only «города Астаны» declines, by established usage.
        if rest.endswith("а"):
            rest = rest[:-1] + "ы"
        return f"города {rest}"
    words = [
        "области" if word == "область" else word[:-2] + "ой" if word.endswith("ая") else word
        for word in name.split()
    ]
    return " ".join(words)


def akimat(region: Region, locale: str, short: bool = False) -> str:
    """The akimat of a region or city as each language names it: «Абай облысының әкімдігі»,
    «Акимат области Абай», “Akimat of Abai Region” (short: «Абай облысы әкімдігі», «Акимат
    обл. Абай», “Abai Region Akimat”)."""
    name = region.names[locale]
    if locale == "kk":
        return f"{name} әкімдігі" if short else f"{name}ның әкімдігі"
    if locale == "ru":
        genitive = _genitive_ru(name)
        return "Акимат " + (genitive.replace("области", "обл.") if short else genitive)
    if region.code.endswith("_city"):
        name = f"{name} City"
    return f"{name} Akimat" if short else f"Akimat of {name}"


class TranslationsError(PlanFormatError):
    """A plan's translations file that does not fit the plan; names its own file."""

    def __init__(self, path: str, line: int, reason: str) -> None:
        super().__init__(line, reason)
        self.path = path


def translate(plan: Plan, text: str, path: str) -> Plan:
    """The plan with its items and agencies in the other languages, from the TOML file
    beside it (`[items.N]` with title.kk/en, form.kk/en and optionally deadline.kk/en;
    `[agencies."МИР"]` with
    name.kk/en and short.kk/en). The file must fit the plan exactly: every item and every
    agency other than the akimats (named from the regions), nothing else."""

    def line_of(needle: str) -> int:
        found = next((i for i, line in enumerate(text.splitlines(), 1) if needle in line), None)
        return found or len(text.splitlines()) or 1

    try:
        data = tomllib.loads(text)
    except tomllib.TOMLDecodeError as error:
        match = re.search(r"line (\d+)", str(error))
        raise TranslationsError(path, int(match.group(1)) if match else 1, str(error)) from None
    items = data.get("items", {})
    agencies = data.get("agencies", {})
    numbers = {item.number for item in plan.items}
    named = {ref.short for item in plan.items for ref in item.agencies if not ref.region_code}
    extra = sorted(set(items) - {str(n) for n in numbers}, key=str)
    if extra:
        raise TranslationsError(
            path, line_of(f"[items.{extra[0]}]"), f"no item {extra[0]} in the plan"
        )
    missing = sorted(n for n in numbers if str(n) not in items)
    if missing:
        raise TranslationsError(
            path,
            line_of("[agencies") if agencies else len(text.splitlines()),
            f"item {missing[0]} is not translated",
        )
    unknown = sorted(set(agencies) - named)
    if unknown:
        raise TranslationsError(path, line_of(unknown[0]), f"no agency «{unknown[0]}» in the plan")
    untranslated = sorted(named - set(agencies))
    if untranslated:
        raise TranslationsError(
            path, len(text.splitlines()), f"agency «{untranslated[0]}» is not translated"
        )

    def fields(
        entry: dict[str, Any], names: tuple[str, ...], where: str, optional: tuple[str, ...] = ()
    ) -> dict[str, dict[str, str]]:
        result: dict[str, dict[str, str]] = {}
        for locale in TRANSLATED:
            values = {}
            for name in names + optional:
                value = (
                    entry.get(name, {}).get(locale) if isinstance(entry.get(name), dict) else None
                )
                if name in optional and value is None:
                    continue
                if not isinstance(value, str) or not value.strip():
                    raise TranslationsError(path, line_of(where), f"{where}: no {name}.{locale}")
                values[name] = _clean(value)
            result[locale] = values
        return result

    # The deadline as the plan words it, in the reader's language (optional: without it the
    # Russian wording is shown, labelled as the original).
    translated_items = {
        n: fields(items[str(n)], ("title", "form"), f"[items.{n}]", ("deadline",)) for n in numbers
    }
    translated_agencies = {
        short: fields(agencies[short], ("name", "short"), short) for short in named
    }
    return replace(
        plan,
        items=[
            replace(
                item,
                translations=translated_items[item.number],
                agencies=[
                    ref
                    if ref.region_code
                    else replace(ref, translations=translated_agencies[ref.short])
                    for ref in item.agencies
                ],
            )
            for item in plan.items
        ],
    )


def parse_agencies(
    executors: str,
    abbreviations: dict[str, str],
    regions: Sequence[Region],
    controller: str | None = None,
) -> list[AgencyRef]:
    text = AKIMATS.sub(_AKIMATS_TOKEN, _clean(executors))
    pieces: list[str] = []
    # Plain commas: the documents' quotes do not balance («РТРК «Казахстан»).
    for piece in (part.strip() for part in text.split(",") if part.strip()):
        if pieces and _PARTICIPLE.match(piece):
            pieces[-1] = f"{pieces[-1]}, {piece}"
        else:
            pieces.extend(re.split(r"(?<=\))\s+(?=[А-ЯЁA-Z])", piece))

    parsed: list[tuple[list[AgencyRef], str | None]] = []
    for piece in pieces:
        name, note = piece, None
        if re.search(r"\s-\s", piece):
            name, note = (part.strip() for part in re.split(r"\s+-\s+", piece, maxsplit=1))
        by_agreement, consolidates = "(по согласованию)" in name, "(свод)" in name
        short = _clean(name.replace("(по согласованию)", "").replace("(свод)", ""))
        if _AKIMATS_TOKEN.strip("\x00") in short:
            refs = [
                AgencyRef(
                    key=f"akimat:{region.code}",
                    name=akimat(region, "ru"),
                    short=akimat(region, "ru", short=True),
                    region_code=region.code,
                    by_agreement=by_agreement,
                    consolidates=consolidates,
                    translations={
                        locale: {
                            "name": akimat(region, locale),
                            "short": akimat(region, locale, short=True),
                        }
                        for locale in TRANSLATED
                    },
                )
                for region in regions
            ]
        else:
            full = _spell_out(short, abbreviations, controller)
            refs = [
                AgencyRef(
                    key=agency_key(short),
                    name=full,
                    short=short,
                    by_agreement=by_agreement,
                    consolidates=consolidates,
                )
            ]
        parsed.append((refs, note or None))

    grouped = any(note for _, note in parsed[:-1])
    agencies: list[AgencyRef] = []
    pending: list[AgencyRef] = []
    for refs, note in parsed:
        if note is None:
            pending.extend(refs)
            continue
        if grouped:
            agencies.extend(replace(ref, note=note) for ref in [*pending, *refs])
        else:
            agencies.extend([*pending, *(replace(ref, note=note) for ref in refs)])
        pending = []
    agencies.extend(pending)
    unique: dict[str, AgencyRef] = {}
    for ref in agencies:
        unique.setdefault(ref.key, ref)  # named twice, listed once
    return list(unique.values())


def _cells(lines: Sequence[str]) -> tuple[list[str], list[tuple[int, str]]]:
    """The preamble lines, and each table cell with the line it starts on (1-based)."""
    preamble: list[str] = []
    cells: list[tuple[int, list[str]]] = []
    for number, line in enumerate(lines, start=1):
        if line.startswith("\t"):
            cells.append((number, [line.lstrip("\t")]))
        elif cells:
            cells[-1][1].append(line)
        else:
            preamble.append(line)
    return preamble, [(number, _clean(" ".join(parts))) for number, parts in cells]


def _is_section(text: str) -> bool:
    """A heading row: capitals only, no list commas, a word of five letters or more."""
    head = text.split("(")[0]
    letters = [char for char in head if char.isalpha()]
    long_word = any(len(word) >= 5 and word.isalpha() for word in head.split())
    return "," not in head and long_word and all(char.isupper() for char in letters)


def _declared_count(lines: Sequence[str]) -> tuple[int, int] | None:
    """The count a line such as "Всего мероприятий: 28" declares, and that line (1-based)."""
    for number, line in enumerate(lines, start=1):
        match = _DECLARED.match(line)
        if match and not line.startswith("\t") and re.search("мероприят|пункт", line, re.I):
            return int(match["count"]), number
    return None


def _decree(lines: Sequence[str]) -> Decree:
    """The act's title, kind, date and number, from the lines before the plan's own title."""
    texts = [_clean(line) for line in lines if line.strip()]
    title = texts[0] if texts and re.match(r"об?\s", texts[0], re.IGNORECASE) else None
    for number, line in enumerate(lines, start=1):
        match = _ACT.search(_clean(line))
        if match is None:
            continue
        try:
            signed = date(int(match["year"]), MONTHS[match["month"].lower()], int(match["day"]))
        except ValueError:
            raise PlanFormatError(
                number,
                f"the decree's date «{match['day']} {match['month']} {match['year']}» "
                "does not exist",
            ) from None
        act = match["act"].strip(" ,:") or None
        return Decree(title=title, act=act, signed=signed, number=match["number"])
    return Decree(title=title)


def _controller(lines: Sequence[str], abbreviations: dict[str, str]) -> str | None:
    """Whom "… контроль за его исполнением возложить на <X>." names, spelt out if listed."""
    match = _CONTROLLER.search(_clean(" ".join(lines)))
    if match is None:
        return None
    return _spell_out(_clean(match["name"]), abbreviations)


def parse_plan(text: str, regions: Sequence[Region]) -> Plan:
    lines = text.splitlines()
    declared = _declared_count(lines)
    if declared is not None:
        lines[declared[1] - 1] = ""  # not part of any cell or paragraph
    mark = next(
        (i for i, line in enumerate(lines) if ABBREVIATIONS_MARK in line.lower()), len(lines)
    )
    preamble, cells = _cells(lines[:mark])
    abbreviations = parse_abbreviations(lines[mark + 1 :])

    period_line = next(
        (i for i, line in enumerate(preamble, start=1) if "срок реализации" in line.lower()), None
    )
    if period_line is None:
        raise PlanFormatError(1, "no '(срок реализации: …)' line: this is not a plan")
    try:
        period = parse_period(preamble[period_line - 1])
    except DeadlineError:
        raise PlanFormatError(period_line, "cannot read the plan's period") from None
    start = next(
        (i for i, line in enumerate(preamble) if line.strip().upper().startswith("ПЛАН")), 0
    )
    title = _clean(" ".join(preamble[start : period_line - 1])) or _clean(preamble[0])
    decree = _decree(preamble[:start])
    controller = _controller(preamble[:start], abbreviations)
    paragraphs = [_clean(line) for line in preamble[period_line:] if line.strip()]

    items: list[PlanItem] = []
    section: str | None = None
    section_period: str | None = None
    heading = (0, 0)  # the current section's line, and the item count before it
    index = 0
    while index < len(cells):
        line, content = cells[index]
        if _is_section(content):
            if section is not None and heading[1] == len(items):
                raise PlanFormatError(heading[0], f"section «{section}» has no items")
            section = _clean(content.split("(")[0])
            bracket = re.search(r"\(([^()]+)\)\s*$", content)
            section_period = _clean(bracket.group(1)) if bracket else None
            heading = (line, len(items))
            index += 1
            continue
        match = re.fullmatch(r"(\d+)\.", content)
        if not match or section is None:
            if section is not None:
                raise PlanFormatError(
                    line, f"expected an item number like '12.', found «{content[:60]}»"
                )
            index += 1  # the table's header row
            continue
        number = int(match.group(1))
        if number != len(items) + 1:
            raise PlanFormatError(line, f"item {number} follows item {len(items)}")
        row = cells[index + 1 : index + 5]
        if len(row) < 4 or any(_is_section(c) or re.fullmatch(r"\d+\.", c) for _, c in row):
            raise PlanFormatError(
                line, f"item {number} needs five cells: number, title, form, executors, deadline"
            )
        (_, title_cell), (_, form), (_, executors), (deadline_line, deadline) = row
        try:
            rule = parse_deadline(deadline)
        except DeadlineError:
            raise PlanFormatError(
                deadline_line, f"item {number}: cannot read the deadline «{deadline}»"
            ) from None
        items.append(
            PlanItem(
                number=number,
                section=section,
                title=title_cell,
                form=form,
                executors=executors,
                deadline=deadline,
                rule=rule,
                agencies=parse_agencies(executors, abbreviations, regions, controller),
                line=line,
                section_period=section_period,
            )
        )
        index += 5
    if not items:
        raise PlanFormatError(period_line, "no numbered items found after the period line")
    if heading[1] == len(items):
        raise PlanFormatError(heading[0], f"section «{section}» has no items")
    _check_whole(items, declared, mark, len(lines), bool(abbreviations))
    return Plan(
        title=title,
        period=period,
        items=_one_spelling(items),
        abbreviations=abbreviations,
        decree=decree,
        controller=controller,
        preamble="\n".join(paragraphs) or None,
        abbreviations_line=mark + 1,
    )


def _check_whole(
    items: Sequence[PlanItem],
    declared: tuple[int, int] | None,
    mark: int,
    last_line: int,
    listed: bool,
) -> None:
    """A file cut at an item boundary reads like a smaller plan: what it declares, and the
    abbreviation list that ends every plan, tell the two apart."""
    if declared is not None:
        count, line = declared
        if len(items) < count:
            raise PlanFormatError(
                items[-1].line,
                f"the file ends at item {len(items)} but declares {count} items (line {line}): "
                "it may be cut short",
            )
        if len(items) > count:
            raise PlanFormatError(
                items[count].line,
                f"item {count + 1} is beyond the {count} items the file declares (line {line})",
            )
    if mark == last_line:
        raise PlanFormatError(
            last_line,
            f"the file ends at item {len(items)} without the abbreviation list "
            "(«Примечание: расшифровка аббревиатур»): it may be cut short",
        )
    if not listed:
        raise PlanFormatError(
            last_line, "the abbreviation list is empty: the file may be cut short"
        )


def _one_spelling(items: list[PlanItem]) -> list[PlanItem]:
    """An agency written two ways gets the spelling with Kazakh letters everywhere."""
    best: dict[str, AgencyRef] = {}
    for ref in (ref for item in items for ref in item.agencies):
        kept = best.get(ref.key)
        if kept is None or ref.short.count("ғ") > kept.short.count("ғ"):
            best[ref.key] = ref
    return [
        replace(
            item,
            agencies=[
                replace(ref, short=best[ref.key].short, name=best[ref.key].name)
                for ref in item.agencies
            ],
        )
        for item in items
    ]


@dataclass(frozen=True, slots=True)
class Renamed:
    key: str
    short: str
    old: str
    new: str
    loses_name: bool  # a full name would become a bare abbreviation


@dataclass(frozen=True, slots=True)
class PlanDifference:
    """What importing a plan changes in what is loaded: the plan of the same title and start
    (`loaded` is None when there is none) and the agencies the file names."""

    loaded: int | None  # the loaded plan's item count
    added: list[tuple[int, str]] = field(default_factory=list)  # number, title
    removed: list[tuple[int, str]] = field(default_factory=list)
    retitled: list[tuple[int, str, str]] = field(default_factory=list)  # number, old, new
    renamed: list[Renamed] = field(default_factory=list)
    reported_removed: list[int] = field(default_factory=list)  # removed items with reports

    @property
    def empty(self) -> bool:
        return not (self.added or self.removed or self.retitled or self.renamed)


def compare(
    plan: Plan,
    loaded: Mapping[int, str] | None,
    agencies: Mapping[str, tuple[str, str]],
    reported: Collection[int] = (),
) -> PlanDifference:
    """`loaded`: the loaded plan's item titles by number (None: not loaded); `agencies`: the
    stored short and full name of each agency, by key; `reported`: the loaded items that
    have reports."""
    renamed = []
    for ref in {ref.key: ref for item in plan.items for ref in item.agencies}.values():
        if ref.key not in agencies or agencies[ref.key][1] == ref.name:
            continue
        short, old = agencies[ref.key]
        renamed.append(
            Renamed(ref.key, short, old, ref.name, old != short and ref.name == ref.short)
        )
    if loaded is None:
        return PlanDifference(None, renamed=renamed)
    titles = {item.number: item.title for item in plan.items}
    removed = [(number, title) for number, title in sorted(loaded.items()) if number not in titles]
    return PlanDifference(
        loaded=len(loaded),
        added=[(number, title) for number, title in titles.items() if number not in loaded],
        removed=removed,
        retitled=[
            (number, loaded[number], title)
            for number, title in titles.items()
            if number in loaded and loaded[number] != title
        ],
        renamed=renamed,
        reported_removed=[number for number, _ in removed if number in reported],
    )


def _items(numbers: Sequence[int]) -> str:
    """'item 27', 'items 27–28', 'items 3, 7'."""
    if len(numbers) == 1:
        return f"item {numbers[0]}"
    if list(numbers) == list(range(numbers[0], numbers[-1] + 1)):
        return f"items {numbers[0]}–{numbers[-1]}"
    return f"items {', '.join(map(str, numbers))}"


def refusal(plan: Plan, difference: PlanDifference, *, replace: bool) -> PlanConflict | None:
    """Why the import must not go ahead, naming a line of the file; None when it may. An
    import that changes the item count or loses full names needs `replace`; removing an
    item someone reported on is never done."""
    last = plan.items[-1]
    if difference.reported_removed:
        reported = difference.reported_removed
        return PlanConflict(
            last.line,
            f"the file ends at item {last.number}, but the loaded plan's {_items(reported)} "
            f"(not in the file) {'has' if len(reported) == 1 else 'have'} reports: "
            "an item reported on is never removed",
        )
    if replace:
        return None
    reasons: list[tuple[int, str]] = []
    if difference.removed:
        numbers = [number for number, _ in difference.removed]
        reasons.append(
            (
                last.line,
                f"the file ends at item {last.number} but the loaded plan has "
                f"{difference.loaded} items: importing it would drop {_items(numbers)} "
                "(--replace drops them)",
            )
        )
    if difference.added and difference.loaded is not None:
        numbers = [number for number, _ in difference.added]
        first = next(item for item in plan.items if item.number == numbers[0])
        reasons.append(
            (
                first.line,
                f"the loaded plan has {difference.loaded} items, the file {len(plan.items)}: "
                f"importing it would add {_items(numbers)} (--replace adds them)",
            )
        )
    lost = [renamed.short for renamed in difference.renamed if renamed.loses_name]
    if lost:
        reasons.append(
            (
                plan.abbreviations_line,
                f"the abbreviation list does not spell out {', '.join(lost)}: importing it "
                f"would replace {'its full name' if len(lost) == 1 else 'their full names'} "
                "by abbreviations (--replace does)",
            )
        )
    if not reasons:
        return None
    return PlanConflict(reasons[0][0], "; ".join(reason for _, reason in reasons))
