"""The selection pipeline: roles, the actions that move a nomination, from which statuses,
to which status, and who may take each. Sections 1.1–1.3 of the concept."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from enum import StrEnum

from domain.nomination import Status


class Role(StrEnum):
    ADMIN = "admin"
    SECRETARIAT = "secretariat"
    VERIFIER = "verifier"
    EXPERT = "expert"
    WORKING_GROUP = "wg"
    AGENCY_OFFICIAL = "official"
    COORDINATOR = "coordinator"


# Roles whose grant names a scope: a verifier checks the regions they hold, an official
# reports for their agency.
SCOPED_ROLES = frozenset({Role.VERIFIER, Role.AGENCY_OFFICIAL})


class Party(StrEnum):
    """Who acts when it is not a staff role: the people the nomination is about, or the
    bot itself when a deadline passes."""

    NOMINATOR = "nominator"
    NOMINEE = "nominee"
    SYSTEM = "system"


Actor = Role | Party


class Action(StrEnum):
    NOMINEE_AGREES = "nominee_agrees"
    NOMINEE_DECLINES = "nominee_declines"
    TAKE_FOR_SCREENING = "screen"
    SEND_TO_VERIFICATION = "verify"
    REJECT_AT_SCREENING = "reject"
    FACTS_CONFIRMED = "confirmed"
    FACTS_FAILED = "failed"
    EXPERT_QUORUM = "quorum"
    TO_VOTE = "to_vote"
    REJECT_BY_WORKING_GROUP = "wg_reject"
    WITHDRAW = "withdraw"
    SELECT = "select"
    NOT_SELECT = "not_select"
    LAPSE = "lapse"
    SUPERSEDE = "supersede"
    VOID = "void"


@dataclass(frozen=True, slots=True)
class Transition:
    sources: frozenset[Status]
    target: Status
    actors: frozenset[Actor]


def _t(sources: set[Status], target: Status, *actors: Actor) -> Transition:
    return Transition(frozenset(sources), target, frozenset(actors))


_BEFORE_VOTE = {
    Status.AWAITING_NOMINEE_CONSENT,
    Status.SUBMITTED,
    Status.SCREENING,
    Status.VERIFICATION,
    Status.EXPERT_REVIEW,
    Status.WORKING_GROUP,
}

TRANSITIONS: dict[Action, Transition] = {
    Action.NOMINEE_AGREES: _t({Status.AWAITING_NOMINEE_CONSENT}, Status.SUBMITTED, Party.NOMINEE),
    Action.NOMINEE_DECLINES: _t({Status.AWAITING_NOMINEE_CONSENT}, Status.WITHDRAWN, Party.NOMINEE),
    Action.TAKE_FOR_SCREENING: _t({Status.SUBMITTED}, Status.SCREENING, Role.SECRETARIAT),
    Action.SEND_TO_VERIFICATION: _t(
        {Status.SUBMITTED, Status.SCREENING}, Status.VERIFICATION, Role.SECRETARIAT
    ),
    # The concept lets the working group and its secretariat decline without reasons.
    Action.REJECT_AT_SCREENING: _t(
        {Status.SUBMITTED, Status.SCREENING}, Status.REJECTED, Role.SECRETARIAT
    ),
    Action.FACTS_CONFIRMED: _t({Status.VERIFICATION}, Status.EXPERT_REVIEW, Role.VERIFIER),
    # Facts that fail go back to the secretariat, who rejects or sends them again.
    Action.FACTS_FAILED: _t({Status.VERIFICATION}, Status.SCREENING, Role.VERIFIER),
    Action.EXPERT_QUORUM: _t({Status.EXPERT_REVIEW}, Status.WORKING_GROUP, Role.EXPERT),
    Action.TO_VOTE: _t({Status.WORKING_GROUP}, Status.ON_VOTE, Role.WORKING_GROUP),
    Action.REJECT_BY_WORKING_GROUP: _t({Status.WORKING_GROUP}, Status.REJECTED, Role.WORKING_GROUP),
    # Approving the final list settles every candidate of the vote.
    Action.SELECT: _t({Status.ON_VOTE}, Status.SELECTED, Role.WORKING_GROUP),
    Action.NOT_SELECT: _t({Status.ON_VOTE}, Status.NOT_SELECTED, Role.WORKING_GROUP),
    # A nominator may take a nomination back until it goes to the public vote.
    Action.WITHDRAW: _t(_BEFORE_VOTE, Status.WITHDRAWN, Party.NOMINATOR),
    # A consent link unanswered for CONSENT_LINK_DAYS lapses, by the scheduler's hand.
    Action.LAPSE: _t({Status.AWAITING_NOMINEE_CONSENT}, Status.LAPSED, Party.SYSTEM),
    # The nominee's own self-nomination replaces one of them still waiting for their consent.
    Action.SUPERSEDE: _t({Status.AWAITING_NOMINEE_CONSENT}, Status.SUPERSEDED, Party.NOMINEE),
    # The secretariat voids an impostor's, a spammer's or a duplicate nomination: unlike a
    # rejection on merit it blocks nobody.
    Action.VOID: _t({Status.SUBMITTED, Status.SCREENING}, Status.VOID, Role.SECRETARIAT),
}


class NotAllowed(Exception):
    """The action does not apply to this status, or the actor may not take it."""


def target_of(status: Status, action: Action, actors: frozenset[Actor]) -> Status:
    """Where `action` takes a nomination in `status` when taken by someone holding `actors`."""
    transition = TRANSITIONS[action]
    if status not in transition.sources:
        raise NotAllowed(f"{action} does not apply to {status}")
    if not actors & transition.actors:
        raise NotAllowed(f"{action} needs one of {sorted(transition.actors)}")
    return transition.target


def staff_role_of(action: Action) -> Role | None:
    """The staff role that takes `action`, if staff take it at all."""
    return next((actor for actor in TRANSITIONS[action].actors if isinstance(actor, Role)), None)


# Each desk is the role that works it and the statuses waiting there.
DESKS: dict[Role, tuple[Status, ...]] = {
    Role.SECRETARIAT: (Status.SUBMITTED, Status.SCREENING),
    Role.VERIFIER: (Status.VERIFICATION,),
    Role.EXPERT: (Status.EXPERT_REVIEW,),
    Role.WORKING_GROUP: (Status.WORKING_GROUP,),
}
# The command that opens each desk (`/queue` opens the secretariat's): the bot's commands,
# its menus and every message that names a desk read it here.
DESK_COMMANDS: dict[Role, str] = {
    Role.SECRETARIAT: "queue",
    Role.VERIFIER: "verify",
    Role.EXPERT: "review",
    Role.WORKING_GROUP: "decide",
}
# The desk each command opens.
COMMAND_DESKS: dict[str, Role] = {command: role for role, command in DESK_COMMANDS.items()}


def desk_command(role: Role) -> str:
    """The desk's command as a message names it: «/queue»."""
    return f"/{DESK_COMMANDS[role]}"


# Who hears that something reached their queue.
QUEUE_OF: dict[Status, Role] = {
    status: role for role, statuses in DESKS.items() for status in statuses
}


class Verdict(StrEnum):
    CONFIRMED = "ok"
    NOT_CONFIRMED = "no"
    DOCUMENTS_NEEDED = "docs"


def verification_outcome(verdicts: list[Verdict | None]) -> Action | None:
    """What completing a verification does: every fact needs a final verdict first."""
    if not verdicts or any(v in (None, Verdict.DOCUMENTS_NEEDED) for v in verdicts):
        return None
    if all(v is Verdict.CONFIRMED for v in verdicts):
        return Action.FACTS_CONFIRMED
    return Action.FACTS_FAILED


class Criterion(StrEnum):
    """What the expert group weighs (section 1.2.1 of the concept), each scored 1 to 5."""

    CONTRIBUTION = "contribution"
    STORY = "story"
    INDEPENDENCE = "independence"
    NOT_FAMOUS = "not_famous"


SCORES = range(1, 6)
MOTIVATION_MIN, MOTIVATION_MAX = 30, 2000
FACT_COMMENT_MAX = 500


class ConclusionInvalid(ValueError):
    """A conclusion that cannot be submitted: what it lacks (the criteria not scored, the
    text, the recommendation) or what is out of bounds (a score outside 1–5, a text too short
    or too long). The expert's card names what is missing; anything else is no button's."""

    def __init__(
        self,
        unscored: tuple[Criterion, ...] = (),
        motivation: bool = False,
        recommendation: bool = False,
        out_of_range: bool = False,
    ) -> None:
        super().__init__("conclusion-invalid")
        self.unscored = unscored
        self.motivation = motivation  # the text is missing, or not between the bounds
        self.recommendation = recommendation
        self.out_of_range = out_of_range  # some score is not in SCORES


@dataclass(frozen=True, slots=True)
class Conclusion:
    """One expert's conclusion as it may be stored: every criterion scored 1–5, a text of
    MOTIVATION_MIN–MOTIVATION_MAX characters, a recommendation. Built only valid."""

    scores: dict[Criterion, int]
    motivation: str
    recommend: bool

    def __post_init__(self) -> None:
        self.validate(self.scores, self.motivation, self.recommend)

    @staticmethod
    def validate(
        scores: Mapping[Criterion, int], motivation: str | None, recommend: bool | None
    ) -> None:
        """Raise ConclusionInvalid naming everything wrong with these parts at once."""
        unscored = tuple(c for c in Criterion if c not in scores)
        out_of_range = any(score not in SCORES for score in scores.values()) or any(
            c not in set(Criterion) for c in scores
        )
        text_ok = motivation is not None and MOTIVATION_MIN <= len(motivation) <= MOTIVATION_MAX
        if unscored or out_of_range or not text_ok or recommend is None:
            raise ConclusionInvalid(unscored, not text_ok, recommend is None, out_of_range)


def average_scores(conclusions: list[dict[Criterion, int]]) -> dict[Criterion, float]:
    if not conclusions:
        return {}
    return {
        criterion: round(sum(c[criterion] for c in conclusions) / len(conclusions), 2)
        for criterion in Criterion
    }


@dataclass(frozen=True, slots=True)
class Staff:
    """The roles one person holds, with their scopes (regions for a verifier)."""

    scopes: dict[Role, frozenset[str]]
    person: int = 0  # their user id: nobody acts on a nomination they submitted or are named in

    @classmethod
    def of(
        cls, grants: list[tuple[str, str]], is_bootstrap_admin: bool = False, person: int = 0
    ) -> Staff:
        scopes: dict[Role, set[str]] = {}
        for role, scope in grants:
            scopes.setdefault(Role(role), set()).add(scope)
        if is_bootstrap_admin:
            scopes.setdefault(Role.ADMIN, set()).add("")
        return cls({role: frozenset(values) for role, values in scopes.items()}, person)

    @property
    def roles(self) -> frozenset[Role]:
        return frozenset(self.scopes)

    def has(self, role: Role) -> bool:
        return role in self.scopes

    def regions(self) -> frozenset[str]:
        return self.scopes.get(Role.VERIFIER, frozenset())

    def works_at(self, desk: Role, status: Status, region_code: str) -> bool:
        """Whether a nomination in `status` of `region_code` waits at this person's `desk`
        (a verifier's desk holds only the candidates of their own regions)."""
        if not self.has(desk) or status not in DESKS.get(desk, ()):
            return False
        return desk is not Role.VERIFIER or region_code in self.regions()

    def actors_for(self, region_code: str, is_nominator: bool = False) -> frozenset[Actor]:
        """The roles that count for a nomination of this region: a verifier's only at home."""
        actors: set[Actor] = {
            role
            for role in self.roles
            if role is not Role.VERIFIER or region_code in self.regions()
        }
        if is_nominator:
            actors.add(Party.NOMINATOR)
        return frozenset(actors)


def may_invite(staff: Staff, role: Role) -> bool:
    """Whether this person may make an invitation to `role`: an admin to any role, a
    coordinator to an agency's official. An invitation lives only while its maker may still
    make it (checked when it is used, and open ones are cancelled when a role is revoked)."""
    if staff.has(Role.ADMIN):
        return True
    return role is Role.AGENCY_OFFICIAL and staff.has(Role.COORDINATOR)
