"""Retention of personal data: which nominations have ended without going on, from when
their retention period runs, and what a person's withdrawal of consent may still take back.
Plain rules; the erasure itself is `storage.privacy`."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta, tzinfo

from domain.nomination import Status

# The statuses in which a nomination ended without going on; its personal data is erased
# RETENTION_DAYS after it got there (the one place to change it).
ENDED = frozenset({Status.WITHDRAWN, Status.LAPSED, Status.SUPERSEDED, Status.VOID})
# Rejected on merit: it keeps blocking the person until its campaign year is over, so it
# ends then, not when it was rejected.
ENDED_WITH_ITS_YEAR = frozenset({Status.REJECTED})
# A nomination that never left the form (none is stored so today; kept for the rule).
DRAFTS = frozenset({Status.DRAFT})

# What a person's withdrawal of consent may still take back: everything before the public
# vote. On a vote or after it, the candidate stays, so that the vote everybody saw holds.
ON_PUBLIC_VOTE_OR_AFTER = frozenset({Status.ON_VOTE, Status.SELECTED, Status.NOT_SELECTED})


@dataclass(frozen=True, slots=True)
class Cutoffs:
    """Moments before which a record is due: ended before `ended_before`, a rejection of a
    campaign year that began before `rejected_before`, a draft untouched since before
    `drafts_before`."""

    ended_before: datetime
    rejected_before: datetime
    drafts_before: datetime


def cutoffs(now: datetime, retention_days: int, draft_days: int, zone: tzinfo) -> Cutoffs:
    ended_before = now - timedelta(days=retention_days)
    # A rejection ends with its campaign year (31 December, local time): it is due once
    # RETENTION_DAYS have passed since, i.e. when its year is before the year of `ended_before`.
    local_year = ended_before.astimezone(zone).year
    rejected_before = datetime(local_year, 1, 1, tzinfo=zone)
    return Cutoffs(ended_before, rejected_before, now - timedelta(days=draft_days))


def erasable(status: Status, ended_at: datetime, created_at: datetime, limits: Cutoffs) -> bool:
    """Whether a nomination's personal data is due for erasure (the rule `storage.privacy`
    writes as SQL; this states it for one record)."""
    if status in ENDED:
        return ended_at < limits.ended_before
    if status in ENDED_WITH_ITS_YEAR:
        return created_at < limits.rejected_before
    if status in DRAFTS:
        return ended_at < limits.drafts_before
    return False


def withdrawable_by_consent(status: Status) -> bool:
    """Whether a person's withdrawal of consent withdraws a live nomination of them."""
    return status not in ON_PUBLIC_VOTE_OR_AFTER and status not in ENDED | ENDED_WITH_ITS_YEAR
