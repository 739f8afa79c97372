"""The final list as a plain module, with properties checked by hypothesis."""

from __future__ import annotations

from collections import Counter

from hypothesis import given, settings
from hypothesis import strategies as st

from domain.selection import (
    Candidate,
    Reason,
    Rules,
    apportion,
    gender_minimum,
    select,
)

REGIONS = ["a", "b", "c", "d"]


def test_largest_remainder_on_a_known_case():
    # 10 seats over 1000 people: exact shares 4.5, 3.1, 2.4 → 4, 3, 2 then the largest remainder (a).
    assert apportion({"a": 450, "b": 310, "c": 240}, 10) == {"a": 5, "b": 3, "c": 2}
    assert sum(apportion({"a": 1, "b": 1, "c": 1}, 100, seed="s").values()) == 100


def test_regional_seats_unfilled_go_open_and_missing_population_is_named():
    people = {"a": 500, "b": 500}
    candidates = [Candidate(i, 100 - i, "a", "f" if i % 2 else "m") for i in range(1, 9)] + [
        Candidate(20, 1, "b", "m")
    ]
    chosen = select(candidates, people, Rules(seats=6, min_gender_share=0.0, seed="x"))
    reasons = Counter(s.reason for s in chosen.seats)
    assert chosen.quotas == {"a": 3, "b": 3}
    assert reasons[Reason.REGIONAL] == 4 and reasons[Reason.OPEN] == 2  # b had one candidate
    unknown = select(candidates, {"a": 500, "b": None}, Rules(seats=6, seed="x"))
    assert unknown.missing_population == ["b"] and unknown.quotas == {}
    assert all(s.reason is not Reason.REGIONAL for s in unknown.seats)


def test_ties_follow_the_published_seed():
    tied = [Candidate(i, 5, "a", "f") for i in range(1, 30)]
    first = [s.candidate.id for s in select(tied, {"a": 1}, Rules(seats=5, seed="2026")).seats]
    again = [s.candidate.id for s in select(tied, {"a": 1}, Rules(seats=5, seed="2026")).seats]
    other = [s.candidate.id for s in select(tied, {"a": 1}, Rules(seats=5, seed="2027")).seats]
    assert first == again and first != other


candidate_lists = st.lists(
    st.builds(
        Candidate,
        id=st.integers(1, 10_000),
        votes=st.integers(0, 50),
        region=st.sampled_from(REGIONS),
        gender=st.sampled_from(["m", "f"]),
        ethnicity=st.sampled_from([None, "kazakh", "russian", "uzbek"]),
    ),
    max_size=60,
    unique_by=lambda c: c.id,
)
populations = st.fixed_dictionaries({r: st.integers(1, 1_000_000) for r in REGIONS})


@settings(max_examples=300, deadline=None)
@given(
    candidates=candidate_lists,
    people=populations,
    seats=st.integers(1, 30),
    share=st.floats(0.0, 0.5),
    seed=st.text(max_size=8),
)
def test_properties_of_the_final_list(candidates, people, seats, share, seed):
    rules = Rules(seats=seats, min_gender_share=share, seed=seed)
    chosen = select(candidates, people, rules)
    ids = [s.candidate.id for s in chosen.seats]
    # min(N, candidates) distinct people.
    assert len(ids) == len(set(ids)) == min(seats, len(candidates))
    # The gender minimum holds whenever there are enough candidates of that gender.
    size = len(ids)
    for gender in ("m", "f"):
        available = sum(1 for c in candidates if c.gender == gender)
        have = sum(1 for s in chosen.seats if s.candidate.gender == gender)
        assert have >= min(gender_minimum(share, size), available)
    # No region holds more regional seats than apportioned; extras come only through open seats.
    regional = Counter(s.candidate.region for s in chosen.seats if s.reason is Reason.REGIONAL)
    assert all(regional[r] <= chosen.quotas.get(r, 0) for r in regional)
    # The same input and seed give the same list.
    assert [(s.candidate.id, s.reason) for s in select(candidates, people, rules).seats] == [
        (s.candidate.id, s.reason) for s in chosen.seats
    ]
