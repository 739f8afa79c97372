"""The 20 top-level regions of Kazakhstan, read from the operator-editable `data/regions_kz.csv`."""

from __future__ import annotations

import csv
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

from domain.collation import sort_key


@dataclass(frozen=True, slots=True)
class Region:
    code: str
    names: dict[str, str]
    population: int | None

    def name(self, locale: str) -> str:
        return self.names.get(locale) or self.names["en"]


def in_order(regions: Iterable[Region], locale: str) -> list[Region]:
    """Regions in the reader's alphabetical order, by the part of the name a reader looks
    for («Абай», not «область» of «область Абай»)."""

    def distinctive(region: Region) -> str:
        name = region.name(locale)
        for word in ("область ", "город "):
            name = name.removeprefix(word)
        return name

    return sorted(regions, key=lambda region: sort_key(distinctive(region)))


def load_regions(path: Path) -> tuple[Region, ...]:
    with path.open(encoding="utf-8", newline="") as handle:
        rows = list(csv.DictReader(handle))
    return tuple(
        Region(
            code=row["code"],
            names={"kk": row["name_kk"], "ru": row["name_ru"], "en": row["name_en"]},
            population=int(row["population"]) if row.get("population", "").strip() else None,
        )
        for row in rows
    )
