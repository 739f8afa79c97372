"""Reading a campaign plan in the text layout of the government's documents (the seed
`000_…txt`): a preamble with "(срок реализации: …)", a table whose cells each begin with a tab
(continuation lines do not), sections in capitals, items numbered "1.", and the list
"Примечание: расшифровка аббревиатур".

Agencies come from the executor column. Choices (also in the README):
- "(по согласованию)" marks an agency that takes part by agreement, "(свод)" the one that
  consolidates; a missing comma after such a mark ("СЦК (по согласованию) МИР") still
  separates two agencies.
- "акиматы гг. Астаны, Алматы и областей" is the akimat of every region and city of
  republican significance in `data/regions_kz.csv`.
- A role note after a dash ("МИР - размещение") belongs to its agency. When the cell names
  groups (an earlier agency has its own note), a note closing the cell covers the agencies
  since the previous note ("МИР - разработка…, МОН, МКС - наполнение").
- A leading abbreviation is spelled out from the document's own list; an unknown one (ОВП)
  stays as written. Spelling variants (Қоғамдық / Қогамдық) are one agency.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Sequence
from dataclasses import dataclass, field, replace

from domain.deadlines import Component, DeadlineError, PlanPeriod, parse_deadline, parse_period
from domain.regions import Region

ABBREVIATIONS_MARK = "расшифровка аббревиатур"
AKIMATS = re.compile(r"акиматы\s+гг\.?\s*Астаны,\s*Алматы\s+и\s+областей", re.IGNORECASE)
_AKIMATS_TOKEN = "\x00akimats\x00"


class PlanFormatError(ValueError):
    def __init__(self, line: int, reason: str) -> None:
        super().__init__(f"line {line}: {reason}")
        self.line = line
        self.reason = reason


@dataclass(frozen=True, slots=True)
class AgencyRef:
    key: str
    name: str
    short: str
    region_code: str | None = None
    by_agreement: bool = False
    consolidates: bool = False
    note: str | None = None


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


@dataclass(frozen=True, slots=True)
class Plan:
    title: str
    period: PlanPeriod
    items: list[PlanItem]
    abbreviations: dict[str, str] = field(default_factory=dict)

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


def _spell_out(short: str, abbreviations: dict[str, str]) -> str:
    first, _, rest = short.partition(" ")
    full = abbreviations.get(first)
    if full is None:
        return short
    full = full[0].upper() + full[1:]
    return f"{full} {rest}".strip()


def parse_agencies(
    executors: str, abbreviations: dict[str, str], regions: Sequence[Region]
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
                    name=f"Акимат: {region.names['ru']}",
                    short=f"акимат: {region.names['ru']}",
                    region_code=region.code,
                    by_agreement=by_agreement,
                    consolidates=consolidates,
                )
                for region in regions
            ]
        else:
            full = _spell_out(short, abbreviations)
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


def parse_plan(text: str, regions: Sequence[Region]) -> Plan:
    lines = text.splitlines()
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

    items: list[PlanItem] = []
    section: str | None = None
    index = 0
    while index < len(cells):
        line, content = cells[index]
        if _is_section(content):
            section = _clean(content.split("(")[0])
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
                agencies=parse_agencies(executors, abbreviations, regions),
                line=line,
            )
        )
        index += 5
    if not items:
        raise PlanFormatError(period_line, "no numbered items found after the period line")
    return Plan(title=title, period=period, items=_one_spelling(items), abbreviations=abbreviations)


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
