"""The services a handler may name as a parameter, each built for its update from the
update's context (`services.context`): `desks: Desks` in a handler's signature gets a `Desks`
bound to the update's unit of work and the person acting."""

from __future__ import annotations

from collections.abc import Callable

from services.consent import NomineeConsent
from services.context import Context
from services.desks.claims import Claims
from services.desks.decisions import Decisions
from services.desks.expertise import Expertise
from services.desks.export import Export
from services.desks.queue import Queue
from services.desks.verification import Verification
from services.desks.voids import Voids
from services.documents import Documents
from services.form import Form
from services.my_nominations import MyNominations, PhoneCorrection
from services.plan import PlanItems, PlanOverview, ReportReview
from services.privacy import Privacy
from services.roles import Roles
from services.rounds import Rounds
from services.voting import Voting

USE_CASES: dict[str, Callable[[Context], object]] = {
    "documents": Documents,
    "form": Form,
    "consent": NomineeConsent,
    "mine": MyNominations,
    "roles": Roles,
    "plan_items": PlanItems,
    "plan_review": ReportReview,
    "plan_overview": PlanOverview,
    "queue": Queue,
    "claims": Claims,
    "decisions": Decisions,
    "verification": Verification,
    "expertise": Expertise,
    "desk_export": Export,
    "voting": Voting,
    "rounds": Rounds,
    "voids": Voids,
    "phone_fix": PhoneCorrection,
    "privacy": Privacy,
}
