"""The secretariat's export: every nomination as a plain row (its reference, stage, when it
was submitted and its record), for `bot.exports` to lay out as a spreadsheet."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from domain.nomination import NominationRecord, Status
from services.context import UseCases
from storage import pipeline, repo
from storage.models import Nomination


@dataclass(frozen=True, slots=True)
class NominationRow:
    reference: str
    status: Status
    submitted_at: datetime
    record: NominationRecord


def row_of(nomination: Nomination) -> NominationRow:
    return NominationRow(
        nomination.reference or "",
        Status(nomination.status),
        nomination.created_at,
        repo.record_of(nomination),
    )


class Export(UseCases):
    async def rows(self) -> list[NominationRow]:
        """The nominations the person acting has no conflict with (`pipeline.clear_of`)."""
        async with self.uow.transaction() as session:
            clear = pipeline.clear_of(self.person)
            return [row_of(n) for n in await repo.all_nominations(session, *clear)]
