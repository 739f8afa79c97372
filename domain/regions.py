"""The 20 top-level regions of Kazakhstan, read from the operator-editable `data/regions_kz.csv`."""

from __future__ import annotations

import csv
from dataclasses import dataclass
from pathlib import Path


@dataclass(frozen=True, slots=True)
class Region:
    code: str
    names: dict[str, str]
    population: int | None

    def name(self, locale: str) -> str:
        return self.names.get(locale) or self.names["en"]


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
