"""Locale keys of the domain's enumerations, written out one by one: every key the code uses
is a literal a test can find (tests/test_locales.py), and a missing one fails there, not in
front of a person. Shared by the bot's rendering and the messages services put in the outbox."""

from __future__ import annotations

from domain.nomination import Gender, Relation, Source, Sphere, Status
from domain.pipeline import Criterion, Role, Verdict
from domain.reminders import Standing

STATUS_KEYS: dict[Status, str] = {
    Status.DRAFT: "status-draft",
    Status.AWAITING_NOMINEE_CONSENT: "status-awaiting_nominee_consent",
    Status.SUBMITTED: "status-submitted",
    Status.SCREENING: "status-screening",
    Status.VERIFICATION: "status-verification",
    Status.EXPERT_REVIEW: "status-expert_review",
    Status.WORKING_GROUP: "status-working_group",
    Status.ON_VOTE: "status-on_vote",
    Status.SELECTED: "status-selected",
    Status.NOT_SELECTED: "status-not_selected",
    Status.REJECTED: "status-rejected",
    Status.WITHDRAWN: "status-withdrawn",
    Status.LAPSED: "status-lapsed",
    Status.SUPERSEDED: "status-superseded",
}

ROLE_KEYS: dict[Role, str] = {
    Role.ADMIN: "role-admin",
    Role.SECRETARIAT: "role-secretariat",
    Role.VERIFIER: "role-verifier",
    Role.EXPERT: "role-expert",
    Role.WORKING_GROUP: "role-wg",
    Role.AGENCY_OFFICIAL: "role-official",
    Role.COORDINATOR: "role-coordinator",
}

ROLE_CAN_KEYS: dict[Role, str] = {
    Role.ADMIN: "role-admin-can",
    Role.SECRETARIAT: "role-secretariat-can",
    Role.VERIFIER: "role-verifier-can",
    Role.EXPERT: "role-expert-can",
    Role.WORKING_GROUP: "role-wg-can",
    Role.AGENCY_OFFICIAL: "role-official-can",
    Role.COORDINATOR: "role-coordinator-can",
}

DESK_KEYS: dict[Role, str] = {
    Role.SECRETARIAT: "desk-secretariat",
    Role.VERIFIER: "desk-verifier",
    Role.EXPERT: "desk-expert",
    Role.WORKING_GROUP: "desk-wg",
}

GENDER_KEYS: dict[Gender, str] = {
    Gender.MALE: "choice-gender-m",
    Gender.FEMALE: "choice-gender-f",
}

SPHERE_KEYS: dict[Sphere, str] = {
    Sphere.POLITICS: "choice-sphere-politics",
    Sphere.ECONOMY: "choice-sphere-economy",
    Sphere.EDUCATION: "choice-sphere-education",
    Sphere.HEALTH: "choice-sphere-health",
    Sphere.CULTURE: "choice-sphere-culture",
    Sphere.SECURITY: "choice-sphere-security",
    Sphere.SOCIAL: "choice-sphere-social",
}

SOURCE_KEYS: dict[Source, str] = {
    Source.CITIZEN: "choice-src-citizen",
    Source.AKIMAT: "choice-src-akimat",
    Source.WORKING_GROUP: "choice-src-wg",
    Source.ASSEMBLY: "choice-src-apk",
    Source.PARTY: "choice-src-party",
    Source.NGO: "choice-src-ngo",
    Source.BUREAU_100: "choice-src-b100",
}

RELATION_KEYS: dict[Relation, str] = {
    Relation.RELATIVE: "choice-rel-relative",
    Relation.COLLEAGUE: "choice-rel-colleague",
    Relation.FRIEND: "choice-rel-friend",
    Relation.OTHER: "choice-rel-other",
}

VERDICT_KEYS: dict[Verdict, str] = {
    Verdict.CONFIRMED: "verdict-ok",
    Verdict.NOT_CONFIRMED: "verdict-no",
    Verdict.DOCUMENTS_NEEDED: "verdict-docs",
}

CRITERION_KEYS: dict[Criterion, str] = {
    Criterion.CONTRIBUTION: "criterion-contribution",
    Criterion.STORY: "criterion-story",
    Criterion.INDEPENDENCE: "criterion-independence",
    Criterion.NOT_FAMOUS: "criterion-not_famous",
}

CRITERION_LONG_KEYS: dict[Criterion, str] = {
    Criterion.CONTRIBUTION: "criterion-contribution-long",
    Criterion.STORY: "criterion-story-long",
    Criterion.INDEPENDENCE: "criterion-independence-long",
    Criterion.NOT_FAMOUS: "criterion-not_famous-long",
}

STANDING_KEYS: dict[Standing, str] = {
    Standing.DONE: "standing-done",
    Standing.SUBMITTED: "standing-submitted",
    Standing.RETURNED: "standing-returned",
    Standing.PENDING: "standing-pending",
    Standing.OVERDUE: "standing-overdue",
}
