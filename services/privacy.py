"""Personal data: the retention purge (the daily job and `python -m bot privacy purge`) and
a person withdrawing their consent (/privacy). The rules are `domain.privacy`'s; the
erasure is `storage.privacy`'s."""

from __future__ import annotations

import logging
from dataclasses import asdict, dataclass

from config import Settings
from domain.privacy import ON_PUBLIC_VOTE_OR_AFTER, cutoffs, withdrawable_by_consent
from services.context import UseCases
from services.my_nominations import too_late
from services.texts import Text
from services.uow import UnitOfWork
from storage import audit
from storage import privacy as store

log = logging.getLogger(__name__)


@dataclass(frozen=True, slots=True)
class Purged:
    """What a purge erased (or, dry, would erase): counts only."""

    nominations: int
    drafts: int
    messages: int
    phones: int  # verified phones that no longer serve a role or a live nomination


async def purge(uow: UnitOfWork, settings: Settings, dry_run: bool = False) -> Purged:
    """Erase what retention says is due at the unit of work's time: nominations that ended
    RETENTION_DAYS ago (a batch per transaction, so the bot's own writes are never held up
    long), drafts untouched for DRAFT_DAYS, sent messages as old as the retention, verified phones
    that have served no role and no live nomination for as long. One audit
    entry with the counts; `dry_run` counts and changes nothing."""
    now = uow.now()
    limits = cutoffs(now, settings.retention_days, settings.draft_days, settings.tz)
    if dry_run:
        async with uow.read() as session:
            return Purged(
                await store.count_due_nominations(session, limits),
                await store.count_expired_drafts(session, limits.drafts_before),
                await store.count_old_messages(session, limits.ended_before),
                await store.count_idle_phones(session, limits.ended_before),
            )
    erased = 0
    for status in store.ERASABLE:
        after = 0
        while True:
            async with uow.transaction() as session:
                due = await store.due_nominations(session, limits, status, after)
                erased += await store.erase_nominations(session, due, now)
            if len(due) < store.BATCH:
                break
            after = due[-1]
    async with uow.transaction() as session:
        dropped = await store.drop_expired_drafts(session, limits.drafts_before)
        messages = await store.drop_old_messages(session, limits.ended_before)
        phones = await store.drop_idle_phones(session, limits.ended_before)
        done = Purged(erased, len(dropped), messages, phones)
        await audit.append(session, now, None, "privacy.purge", "privacy", asdict(done))
    forget_remembered(uow, dropped)
    async with uow.read() as session:
        await store.checkpoint(session)
    log.info("privacy purge: %s", asdict(done))
    return done


def forget_remembered(uow: UnitOfWork, keys: list[str]) -> None:
    """Conversations dropped in the database are dropped from this process's memory too."""
    remembered = uow.rows.remembered
    if remembered is not None:
        for key in keys:
            remembered.states.pop(key, None)


@dataclass(frozen=True, slots=True)
class Overview:
    """What /privacy shows a person: what is held about them and what a withdrawal of
    consent would do."""

    nominations: int  # made by them, or naming them as the verified nominee, not yet erased
    withdrawable: list[str]  # live references a withdrawal withdraws (and erases)
    staying: list[str]  # references on the public vote or after it: they stay
    voter: bool  # their verified phone, as a voter
    retention_days: int
    draft_days: int

    @property
    def anything(self) -> bool:
        return bool(self.nominations or self.voter)


@dataclass(frozen=True, slots=True)
class Withdrawn:
    """What a confirmed withdrawal of consent did."""

    withdrawn: list[str]
    erased: int
    voter: bool
    staying: list[str]


class Privacy(UseCases):
    async def overview(self) -> Overview:
        async with self.uow.transaction() as session:
            about = await store.held_about(session, self.person)
            voter = await store.is_voter(session, self.person)
        kept = [h for h in about if not h.erased]
        return Overview(
            len(kept),
            [h.reference for h in kept if withdrawable_by_consent(h.status)],
            [h.reference for h in kept if not _takeable(h)],
            voter,
            self.config.retention_days,
            self.config.draft_days,
        )

    async def withdraw_consent(self) -> Withdrawn:
        """The person withdraws their consent: their nominations not yet on the public vote
        are withdrawn (their nominators told, when someone else) and erased at once, with
        what names them in sent messages; their voter record goes (their ballots, which
        name nobody, stay). The conversation (a draft) is the bot's to drop."""
        now = self.now()
        withdrawn: list[str] = []
        async with self.uow.transaction() as session:
            about = await store.held_about(session, self.person)
            erase = []
            for held in about:
                if not _takeable(held):
                    continue
                if withdrawable_by_consent(held.status):
                    if not await store.withdraw_for_consent(session, held, self.person, now):
                        raise too_late()  # it moved on meanwhile: nothing is done, ask again
                    withdrawn.append(held.reference)
                    if held.nominator_id != self.person:
                        self.uow.notify(
                            held.nominator_id,
                            Text("privacy-nominator-told", reference=held.reference),
                        )
                if not held.erased:
                    erase.append(held)
            erased = await store.erase_nominations(session, [h.nomination_id for h in erase], now)
            await store.forget_sent_about(session, [h.reference for h in erase])
            voter = await store.forget_person(session, self.person)
            await audit.append(
                session,
                now,
                self.person,
                "privacy.consent_withdrawn",
                f"user:{self.person}",
                {"withdrawn": len(withdrawn), "erased": erased, "voter": voter},
            )
        self.uow.person_changed(self.person)
        async with self.uow.read() as session:
            await store.checkpoint(session)
        staying = [h.reference for h in about if not _takeable(h) and not h.erased]
        return Withdrawn(withdrawn, erased, voter, staying)


def _takeable(held: store.Held) -> bool:
    """Whether a withdrawal of consent reaches it: anything not on the public vote or past
    it (those stay, so that the vote everybody saw holds)."""
    return held.status not in ON_PUBLIC_VOTE_OR_AFTER
