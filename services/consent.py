"""The nominee's consent through their personal link: what they see on opening it, and their
answer, given once. A link older than CONSENT_LINK_DAYS is refused, whether or not the job
has lapsed its nomination yet."""

from __future__ import annotations

from dataclasses import dataclass

from domain.nomination import NominationRecord, Status
from services.context import UseCases
from services.nominations import (
    announce,
    link_expired,
    links_valid_since,
    tell_nominator_answered,
)
from services.refusals import Refusal
from services.texts import Text
from storage import repo


class LinkRefused(Refusal):
    """The link cannot be answered (unknown, one's own, answered, expired): the person who
    opened it is told why, with the main menu to go on from."""


@dataclass(frozen=True, slots=True)
class ConsentRequest:
    nominator_name: str
    record: NominationRecord


@dataclass(frozen=True, slots=True)
class Settled:
    reference: str


class NomineeConsent(UseCases):
    def _expired(self) -> LinkRefused:
        return LinkRefused(Text("nominee-link-expired", days=self.config.consent_link_days))

    async def request(self, token: str) -> ConsentRequest:
        """What the nominee sees on opening their link. The person who opens it is
        remembered, so /my shows them the nomination too."""
        async with self.uow.transaction() as session:
            nomination = await repo.nomination_by_token(session, token) if token else None
            if nomination is None:
                raise LinkRefused(Text("nominee-link-invalid"))
            if nomination.nominator_id == self.person:
                raise LinkRefused(Text("nominee-link-own"))
            if link_expired(self.config, nomination, self.now()):  # before the job lapsed it
                raise self._expired()
            if nomination.status != Status.AWAITING_NOMINEE_CONSENT:
                raise LinkRefused(Text("nominee-link-used"))
            await repo.note_link_opened(session, nomination, self.person)
            return ConsentRequest(nomination.nominator_name or "", repo.record_of(nomination))

    async def settle(self, token: str, agree: bool) -> Settled:
        """The nominee's answer, once (refused: already answered, not theirs to answer, or
        the link is too old). The nominator hears it; on agreement the secretariat's queue
        hears of the nomination."""
        now = self.now()
        async with self.uow.transaction() as session:
            nomination = await repo.settle_nominee_consent(
                session, token, self.person, agree, now, links_valid_since(self.config, now)
            )
            if nomination is None:
                stored = await repo.nomination_by_token(session, token)
                expired = stored is not None and link_expired(self.config, stored, now)
                raise self._expired() if expired else LinkRefused(Text("nominee-link-used"))
            tell_nominator_answered(self.uow, nomination, agree)
            if agree:
                await announce(self.uow, session, nomination, tell_nominator=False)
        return Settled(nomination.reference or "")
