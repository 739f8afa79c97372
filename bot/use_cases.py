"""The services a handler may name as a parameter, each built for its update from the
update's context (`services.context`): `desks: Desks` in a handler's signature gets a `Desks`
bound to the update's unit of work and the person acting."""

from __future__ import annotations

from collections.abc import Callable

from services.context import Context
from services.documents import Documents
from services.rounds import Rounds
from services.voting import Voting

USE_CASES: dict[str, Callable[[Context], object]] = {
    "documents": Documents,
    "voting": Voting,
    "rounds": Rounds,
}
