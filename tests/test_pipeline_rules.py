"""The pipeline as a plain module: every (status, action, actor) allowed as the concept says,
everything else refused."""

from __future__ import annotations

import itertools

import pytest

from domain.nomination import Status
from domain.pipeline import (
    Action,
    NotAllowed,
    Party,
    Role,
    Staff,
    Verdict,
    target_of,
    verification_outcome,
)

S = Status
BEFORE_VOTE = [
    S.AWAITING_NOMINEE_CONSENT,
    S.SUBMITTED,
    S.SCREENING,
    S.VERIFICATION,
    S.EXPERT_REVIEW,
    S.WORKING_GROUP,
]
# The specification, written out by hand: (action, from, actor) -> to.
ALLOWED = {
    (Action.NOMINEE_AGREES, S.AWAITING_NOMINEE_CONSENT, Party.NOMINEE): S.SUBMITTED,
    (Action.NOMINEE_DECLINES, S.AWAITING_NOMINEE_CONSENT, Party.NOMINEE): S.WITHDRAWN,
    # An unanswered link lapses; the nominee's own self-nomination replaces a pending one.
    (Action.LAPSE, S.AWAITING_NOMINEE_CONSENT, Party.SYSTEM): S.LAPSED,
    (Action.SUPERSEDE, S.AWAITING_NOMINEE_CONSENT, Party.NOMINEE): S.SUPERSEDED,
    (Action.TAKE_FOR_SCREENING, S.SUBMITTED, Role.SECRETARIAT): S.SCREENING,
    (Action.SEND_TO_VERIFICATION, S.SUBMITTED, Role.SECRETARIAT): S.VERIFICATION,
    (Action.SEND_TO_VERIFICATION, S.SCREENING, Role.SECRETARIAT): S.VERIFICATION,
    (Action.REJECT_AT_SCREENING, S.SUBMITTED, Role.SECRETARIAT): S.REJECTED,
    (Action.REJECT_AT_SCREENING, S.SCREENING, Role.SECRETARIAT): S.REJECTED,
    (Action.FACTS_CONFIRMED, S.VERIFICATION, Role.VERIFIER): S.EXPERT_REVIEW,
    (Action.FACTS_FAILED, S.VERIFICATION, Role.VERIFIER): S.SCREENING,
    (Action.EXPERT_QUORUM, S.EXPERT_REVIEW, Role.EXPERT): S.WORKING_GROUP,
    (Action.TO_VOTE, S.WORKING_GROUP, Role.WORKING_GROUP): S.ON_VOTE,
    (Action.REJECT_BY_WORKING_GROUP, S.WORKING_GROUP, Role.WORKING_GROUP): S.REJECTED,
    (Action.SELECT, S.ON_VOTE, Role.WORKING_GROUP): S.SELECTED,
    (Action.NOT_SELECT, S.ON_VOTE, Role.WORKING_GROUP): S.NOT_SELECTED,
    **{(Action.WITHDRAW, status, Party.NOMINATOR): S.WITHDRAWN for status in BEFORE_VOTE},
    # The secretariat voids an impostor's, spam or a duplicate: it then blocks nobody.
    (Action.VOID, S.SUBMITTED, Role.SECRETARIAT): S.VOID,
    (Action.VOID, S.SCREENING, Role.SECRETARIAT): S.VOID,
}
ACTORS = [*Role, *Party]


@pytest.mark.parametrize(
    ("action", "status", "actor"), list(itertools.product(Action, Status, ACTORS))
)
def test_every_status_action_actor(action, status, actor):
    expected = ALLOWED.get((action, status, actor))
    if expected is None:
        with pytest.raises(NotAllowed):
            target_of(status, action, frozenset({actor}))
    else:
        assert target_of(status, action, frozenset({actor})) is expected


def test_admin_alone_decides_nothing():
    admin = frozenset({Role.ADMIN})
    for action, status in itertools.product(Action, Status):
        with pytest.raises(NotAllowed):
            target_of(status, action, admin)


def test_a_verifier_counts_only_in_their_regions():
    verifier = Staff.of([("verifier", "abai"), ("verifier", "astana_city"), ("expert", "")])
    assert verifier.actors_for("abai") == {Role.VERIFIER, Role.EXPERT}
    assert verifier.actors_for("almaty_city") == {Role.EXPERT}
    assert Staff.of([], is_bootstrap_admin=True).roles == {Role.ADMIN}


def test_verification_needs_a_final_verdict_on_every_fact():
    ok, no, docs = Verdict.CONFIRMED, Verdict.NOT_CONFIRMED, Verdict.DOCUMENTS_NEEDED
    assert verification_outcome([ok, ok]) is Action.FACTS_CONFIRMED
    assert verification_outcome([ok, no]) is Action.FACTS_FAILED
    assert verification_outcome([ok, docs]) is None
    assert verification_outcome([ok, None]) is None
    assert verification_outcome([]) is None


def test_what_waits_at_whose_desk():
    person = Staff.of([("verifier", "abai"), ("secretariat", "")])
    assert person.works_at(Role.VERIFIER, S.VERIFICATION, "abai")
    assert not person.works_at(Role.VERIFIER, S.VERIFICATION, "almaty_city")  # not their region
    assert not person.works_at(Role.VERIFIER, S.SCREENING, "abai")  # not at that desk yet
    assert person.works_at(Role.SECRETARIAT, S.SUBMITTED, "almaty_city")
    assert not person.works_at(Role.EXPERT, S.EXPERT_REVIEW, "abai")  # a role they do not hold
