"""The final list from the public vote (section 1.3 of the concept, PRODUCT.md "The final
list"): ranked by votes; seats apportioned to regions in proportion to population by the
largest-remainder method, each region's seats to its best-voted candidates, seats a region
cannot fill opened to the best remaining nationally; then a minimum share of each gender.
Ties are broken by a published seed, so anyone can reproduce the list.

When a region lacks a population figure the regional seats are not guessed: the list is
made without them, and `missing_population` names the regions."""

from __future__ import annotations

import hashlib
import math
from collections import Counter
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from enum import StrEnum


class Reason(StrEnum):
    REGIONAL = "regional"  # one of its region's apportioned seats
    OPEN = "open"  # best remaining nationally
    GENDER = "gender"  # taken in to reach the minimum share of a gender


@dataclass(frozen=True, slots=True)
class Candidate:
    id: int
    votes: int
    region: str
    gender: str
    ethnicity: str | None = None


@dataclass(frozen=True, slots=True)
class Rules:
    seats: int = 100
    regional: bool = True
    min_gender_share: float = 0.3
    seed: str = ""


@dataclass(frozen=True, slots=True)
class Seat:
    candidate: Candidate
    reason: Reason


@dataclass(frozen=True, slots=True)
class Selection:
    seats: list[Seat]
    quotas: dict[str, int] = field(default_factory=dict)
    missing_population: list[str] = field(default_factory=list)


def tie_key(seed: str, candidate_id: int) -> str:
    """A published seed orders equal votes the same way for everyone."""
    return hashlib.sha256(f"{seed}:{candidate_id}".encode()).hexdigest()


def ranked(candidates: Sequence[Candidate], seed: str) -> list[Candidate]:
    return sorted(candidates, key=lambda c: (-c.votes, tie_key(seed, c.id)))


def apportion(populations: Mapping[str, int], seats: int, seed: str = "") -> dict[str, int]:
    """Largest remainder (Hamilton): whole quotas first, then the largest remainders."""
    total = sum(populations.values())
    if seats <= 0 or total <= 0:
        return {region: 0 for region in populations}
    exact = {region: seats * people / total for region, people in populations.items()}
    quotas = {region: math.floor(share) for region, share in exact.items()}
    left = seats - sum(quotas.values())
    by_remainder = sorted(
        populations, key=lambda r: (-(exact[r] - quotas[r]), tie_key(seed, hash_region(r)))
    )
    for region in by_remainder[:left]:
        quotas[region] += 1
    return quotas


def hash_region(region: str) -> int:
    return int(hashlib.sha256(region.encode()).hexdigest()[:12], 16)


def gender_minimum(share: float, seats: int) -> int:
    """Seats each gender is owed: the share rounded up, but never more than half, so both
    genders' minimums always fit (one seat at 50% owes nobody a seat)."""
    return min(math.ceil(share * seats - 1e-9), seats // 2)


def select(
    candidates: Sequence[Candidate], populations: Mapping[str, int | None], rules: Rules
) -> Selection:
    order = ranked(candidates, rules.seed)
    size = min(rules.seats, len(order))
    missing = sorted(region for region, people in populations.items() if not people)
    seats: dict[int, Seat] = {}
    quotas: dict[str, int] = {}

    if rules.regional and not missing and populations:
        quotas = apportion({r: int(p or 0) for r, p in populations.items()}, size, rules.seed)
        for region, quota in quotas.items():
            for candidate in [c for c in order if c.region == region][:quota]:
                seats[candidate.id] = Seat(candidate, Reason.REGIONAL)
    for candidate in order:
        if len(seats) >= size:
            break
        if candidate.id not in seats:
            seats[candidate.id] = Seat(candidate, Reason.OPEN)

    _reach_gender_minimum(seats, order, size, rules.min_gender_share)
    rank = {c.id: i for i, c in enumerate(order)}
    chosen = sorted(seats.values(), key=lambda seat: rank[seat.candidate.id])
    return Selection(chosen, quotas, missing if rules.regional else [])


def _reach_gender_minimum(
    seats: dict[int, Seat], order: list[Candidate], size: int, share: float
) -> None:
    """Swap the lowest-ranked seats of the other gender for the best candidates of a gender
    below its minimum (open seats first; a regional seat stays in its region when it can)."""
    needed = gender_minimum(share, size)
    available = Counter(c.gender for c in order)
    for gender in sorted(available):
        target = min(needed, available[gender])
        while sum(1 for s in seats.values() if s.candidate.gender == gender) < target:
            counts = Counter(s.candidate.gender for s in seats.values())
            givers = [
                s
                for s in seats.values()
                if s.candidate.gender != gender
                and counts[s.candidate.gender] > min(needed, available[s.candidate.gender])
            ]
            waiting = [c for c in order if c.gender == gender and c.id not in seats]
            if not givers or not waiting:
                return
            rank = {c.id: i for i, c in enumerate(order)}
            givers.sort(key=lambda s: (s.reason is Reason.REGIONAL, -rank[s.candidate.id]))
            victim = givers[0]
            same_region = [c for c in waiting if c.region == victim.candidate.region]
            if victim.reason is Reason.REGIONAL and same_region:
                newcomer = Seat(same_region[0], Reason.REGIONAL)
            else:
                newcomer = Seat(waiting[0], Reason.GENDER)
            del seats[victim.candidate.id]
            seats[newcomer.candidate.id] = newcomer


def makeup(
    selection: Selection, populations: Mapping[str, int | None]
) -> dict[str, dict[str, tuple[int, float | None]]]:
    """The list against the population: per region (seats, population share), per gender and
    per ethnicity (seats, None: no population figure to compare with)."""
    seats = selection.seats
    total_people = sum(p for p in populations.values() if p)
    known = all(populations.values())
    by_region = Counter(s.candidate.region for s in seats)
    return {
        "region": {
            region: (
                by_region.get(region, 0),
                (people / total_people) if known and people and total_people else None,
            )
            for region, people in populations.items()
        },
        "gender": {
            g: (n, None) for g, n in sorted(Counter(s.candidate.gender for s in seats).items())
        },
        "ethnicity": {
            e: (n, None)
            for e, n in sorted(Counter(s.candidate.ethnicity or "" for s in seats).items())
        },
    }
