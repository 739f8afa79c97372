"""The retention rules on their own: which nominations are due when (a rejection with its
campaign year), what a withdrawal of consent reaches, and an audit entry's personal part:
erased, the chain holds; changed, it breaks."""

from __future__ import annotations

from dataclasses import replace
from datetime import UTC, datetime, timedelta
from hashlib import sha256
from zoneinfo import ZoneInfo

from pydantic import SecretStr

from bot.factory import create_storage
from config import Settings
from domain.audit import GENESIS, Entry, canonical, entry_hash, first_broken, sealed
from domain.nomination import Status
from domain.privacy import ENDED, cutoffs, erasable, withdrawable_by_consent

ALMATY = ZoneInfo("Asia/Almaty")


def _limits(now: datetime):
    return cutoffs(now, retention_days=30, draft_days=30, zone=ALMATY)


def test_ended_statuses_are_due_thirty_days_after_they_ended():
    assert {s.value for s in ENDED} >= {"withdrawn", "lapsed", "superseded"}
    ended = datetime(2026, 11, 1, 12, 0, tzinfo=UTC)
    created = ended - timedelta(days=5)
    for status in ENDED:
        assert not erasable(status, ended, created, _limits(ended + timedelta(days=29)))
        assert erasable(status, ended, created, _limits(ended + timedelta(days=31)))
    for status in (Status.SUBMITTED, Status.ON_VOTE, Status.SELECTED, Status.NOT_SELECTED):
        assert not erasable(status, ended, created, _limits(ended + timedelta(days=400)))


def test_a_rejection_is_due_thirty_days_after_its_campaign_year_ends():
    created = datetime(2026, 3, 1, tzinfo=UTC)
    rejected = datetime(2026, 4, 1, tzinfo=UTC)
    new_year = datetime(2027, 1, 1, tzinfo=ALMATY)
    for moment, due in [
        (rejected + timedelta(days=31), False),  # the year is not over
        (new_year + timedelta(days=29), False),
        (new_year + timedelta(days=30, minutes=1), True),
    ]:
        assert erasable(Status.REJECTED, rejected, created, _limits(moment)) is due, moment


def test_a_withdrawal_of_consent_reaches_everything_before_the_public_vote():
    assert withdrawable_by_consent(Status.AWAITING_NOMINEE_CONSENT)
    assert withdrawable_by_consent(Status.WORKING_GROUP)
    for status in (Status.ON_VOTE, Status.SELECTED, Status.NOT_SELECTED, Status.WITHDRAWN):
        assert not withdrawable_by_consent(status)


def _chain(personal: dict | None) -> tuple[list[Entry], str]:
    at = datetime(2026, 11, 22, tzinfo=UTC)
    entries, previous = [], GENESIS
    for seq, part in enumerate([None, personal, None], start=1):
        text, digest = sealed(part) if part else (None, None)
        details = canonical({"verdict": "unclear"})
        digest_hash = entry_hash(
            seq, at, 7, "nomination.fact_check", "nomination:1", details, previous, digest
        )
        entries.append(
            Entry(
                seq,
                at,
                7,
                "nomination.fact_check",
                "nomination:1",
                details,
                previous,
                digest_hash,
                text,
                digest,
            )
        )
        previous = digest_hash
    return entries, previous


def test_an_erased_personal_part_leaves_the_chain_whole_and_a_changed_one_breaks_it():
    entries, head = _chain({"comment": "she called from +77017654321"})
    assert first_broken(entries, 3, head) is None
    assert "+77017654321" in (entries[1].personal or "")
    erased = [entries[0], replace(entries[1], personal=None), entries[2]]
    assert first_broken(erased, 3, head) is None
    changed = (entries[1].personal or "").replace("+77017654321", "+77000000000")
    forged = [entries[0], replace(entries[1], personal=changed), entries[2]]
    assert first_broken(forged, 3, head) == 2
    # A salt apiece: the same comment twice gives two digests nobody can guess from a phone.
    assert sealed({"comment": "x"})[1] != sealed({"comment": "x"})[1]


def test_an_entry_without_a_personal_part_hashes_as_before():
    """Entries written before personal parts existed verify unchanged."""
    at = datetime(2026, 11, 22, tzinfo=UTC)
    before = {"seq": 1, "at": at.isoformat(), "actor": None, "action": "a", "subject": "s"}
    payload = canonical({**before, "details": "{}", "prev": GENESIS})
    assert entry_hash(1, at, None, "a", "s", "{}", GENESIS) == sha256(payload.encode()).hexdigest()


def test_drafts_expire_in_redis_after_draft_days():
    settings = Settings(
        _env_file=None, redis_url=SecretStr("redis://127.0.0.1:6379/0"), draft_days=12
    )
    storage, _ = create_storage(settings, work=None)  # type: ignore[arg-type]
    assert storage.state_ttl == storage.data_ttl == timedelta(days=12)
