"""The nominee's consent through their personal link. Whoever opens it sees only the
candidate's name and the reference, and is asked to share their own contact: only the
person whose phone is the nominee's phone sees the card and may answer, once, and becomes
the nomination's nominee. A link older than CONSENT_LINK_DAYS is refused, whether or not the
job has lapsed its nomination yet."""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy.ext.asyncio import AsyncSession

from domain.nomination import InvalidInput, NominationRecord, Status, normalise_phone
from services.context import UseCases
from services.nominations import (
    announce,
    link_expired,
    links_valid_since,
    tell_nominator_answered,
)
from services.refusals import Refusal
from services.texts import Text
from storage import phones, repo
from storage.models import Nomination


class LinkRefused(Refusal):
    """The link cannot be answered (unknown, one's own, answered, expired, not the opener's
    phone): the person who opened it is told why, with the main menu to go on from."""


@dataclass(frozen=True, slots=True)
class ConsentCard:
    """What anybody who opens the link sees: whom it is about, and the reference."""

    full_name: str
    reference: str


@dataclass(frozen=True, slots=True)
class ConsentRequest:
    """What the nominee sees once their phone matched: who nominated them, and the card."""

    nominator_name: str
    record: NominationRecord


@dataclass(frozen=True, slots=True)
class Settled:
    reference: str


def not_you() -> LinkRefused:
    """The opener's phone is not the nominee's: nothing about the nomination is shown."""
    return LinkRefused(Text("identity-consent-not-you"))


class NomineeConsent(UseCases):
    def _expired(self) -> LinkRefused:
        return LinkRefused(Text("nominee-link-expired", days=self.config.consent_link_days))

    async def _open(self, session: AsyncSession, token: str) -> Nomination:
        nomination = await repo.nomination_by_token(session, token) if token else None
        if nomination is None:
            raise LinkRefused(Text("nominee-link-invalid"))
        if nomination.nominator_id == self.person:
            raise LinkRefused(Text("nominee-link-own"))
        if link_expired(self.config, nomination, self.now()):  # before the job lapsed it
            raise self._expired()
        if nomination.status != Status.AWAITING_NOMINEE_CONSENT:
            raise LinkRefused(Text("nominee-link-used"))
        return nomination

    async def request(self, token: str) -> ConsentCard:
        """What anybody who opens the link sees; nothing is written."""
        async with self.uow.transaction() as session:
            nomination = await self._open(session, token)
            return ConsentCard(nomination.full_name, nomination.reference or "")

    async def identify(self, token: str, contact_user_id: int | None, phone: str) -> ConsentRequest:
        """The opener shared a contact: their own, with the nominee's phone, shows them the
        nomination (their phone is remembered as verified, and they become its nominee);
        anything else is refused and changes nothing."""
        if contact_user_id != self.person:
            raise Refusal(Text("vote-contact-not-yours"))
        try:
            phone = normalise_phone(phone)
        except InvalidInput:
            raise not_you() from None
        async with self.uow.transaction() as session:
            nomination = await self._open(session, token)
            if nomination.contact_phone != phone:
                raise not_you()
            await phones.remember_phone(session, self.person, phone, self.now())
            await repo.set_nominee(session, nomination, self.person)
            return ConsentRequest(nomination.nominator_name or "", repo.record_of(nomination))

    async def settle(self, token: str, agree: bool) -> Settled:
        """The nominee's answer, once (refused: already answered, not theirs to answer, or
        the link is too old). The nominator hears it; on agreement the secretariat's queue
        hears of the nomination."""
        now = self.now()
        async with self.uow.transaction() as session:
            phone = await phones.verified_phone(session, self.person)
            nomination = await repo.settle_nominee_consent(
                session, token, self.person, phone, agree, now, links_valid_since(self.config, now)
            )
            if nomination is None:
                stored = await self._open(session, token)  # raises what is wrong with the link
                raise (
                    not_you()
                    if stored.contact_phone != phone
                    else LinkRefused(Text("nominee-link-used"))
                )
            tell_nominator_answered(self.uow, nomination, agree)
            if agree:
                await announce(self.uow, session, nomination, tell_nominator=False)
        return Settled(nomination.reference or "")
