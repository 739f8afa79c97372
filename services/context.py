"""What a use case runs in: the unit of work of the update (or job) and the person acting,
with the settings and the regions. A service is built per update from it (the bot's
`UseCaseMiddleware` does so for the handler that names it), so its methods take only what the
person asked for: never a unit of work, never a user id beside the person's roles."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from config import Settings
from domain.pipeline import Staff
from domain.regions import Region
from services.uow import UnitOfWork


@dataclass(frozen=True, slots=True)
class Context:
    uow: UnitOfWork
    staff: Staff  # who acts, with the roles they hold (`person` 0: a job, nobody)
    config: Settings
    regions: tuple[Region, ...]


class UseCases:
    """The base of a per-update service."""

    def __init__(self, context: Context) -> None:
        self.uow = context.uow
        self.staff = context.staff
        self.config = context.config
        self.regions = context.regions

    @property
    def person(self) -> int:
        """The acting person's user id."""
        return self.staff.person

    def now(self) -> datetime:
        return self.uow.now()
