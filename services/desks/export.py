"""The secretariat's export: nominations as plain rows (reference, stage, when submitted, the
record), for `bot.exports` to lay out as a spreadsheet. By default only those the nominee
consented to that are still live (`domain.nomination.EXPORTED`); everything (still without
what retention erased) only from the command line. Read a page at a time, each page in a short
read of its own: the table is never in memory at once and no connection is held between
pages."""

from __future__ import annotations

from collections.abc import AsyncIterator
from dataclasses import dataclass
from datetime import datetime

from domain.nomination import EXPORTED, NominationRecord, Status
from services.context import UseCases
from storage import pipeline, repo
from storage.models import Nomination

PAGE = 500  # rows a read brings: short enough that the loop never waits long for one


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
    async def pages(
        self, everything: bool = False, size: int = PAGE
    ) -> AsyncIterator[list[NominationRow]]:
        """The nominations to export, in pages of `size`, oldest first. `everything` is the
        admin's command line's, never a button's. Only those the person acting has no
        conflict with (`pipeline.clear_of`)."""
        after = 0
        statuses = None if everything else EXPORTED
        clear = pipeline.clear_of(self.person)
        while True:
            async with self.uow.read() as session:
                found = await repo.nominations_after(session, after, size, statuses, *clear)
                page = [row_of(n) for n in found]
                after = found[-1].id if found else after
            if not page:
                return
            yield page
