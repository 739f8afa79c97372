""" "My nominations" (/my): the documents a verifier asked the person for, what they
nominated and the stage each is at, and the nominations of them by others waiting for their
consent; a nominator withdrawing theirs before the public vote, a nominee declining one of
them. The first press asks (and checks); only the confirmation acts, checking again."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime

from sqlalchemy.ext.asyncio import AsyncSession

from domain.nomination import InvalidInput, Status, campaign_year_start, normalise_phone
from domain.pipeline import TRANSITIONS, Action, NotAllowed, Party
from services.context import UseCases
from services.documents import DocumentsWanted, wanted_of
from services.nominations import (
    DESK_NOTICE_KEYS,
    link_expired,
    link_expires_at,
    links_valid_since,
    tell_desk,
    tell_nominator_answered,
)
from services.refusals import Forged, Refusal
from services.texts import Text
from storage import identity, phones, pipeline, repo
from storage.models import Nomination


@dataclass(frozen=True, slots=True)
class Mine:
    """A nomination the person made, dated in the campaign's time zone."""

    reference: str
    full_name: str
    status: Status  # an unanswered link that expired shows as lapsed before the job runs
    created_on: date
    nominee_token: str | None  # while the link can still be answered
    nomination_id: int = 0
    withdrawable: bool = False
    link_until: date | None = None
    phone_correctable: bool = False  # waiting for consent: the nominee's phone may be put right


@dataclass(frozen=True, slots=True)
class Named:
    """A nomination of the person by someone else, waiting for their consent."""

    nomination_id: int
    reference: str
    full_name: str
    nominator_name: str
    created_on: date
    link_until: date


@dataclass(frozen=True, slots=True)
class MyPage:
    """Everything /my shows."""

    wanted: list[DocumentsWanted]
    mine: list[Mine]
    named: list[Named]


@dataclass(frozen=True, slots=True)
class Pending:
    """The nomination a confirmation asks about."""

    nomination_id: int
    reference: str
    full_name: str
    nominator_name: str


@dataclass(frozen=True, slots=True)
class Corrected:
    """The nominee's phone put right: the new link's token (the old link is dead)."""

    reference: str
    nominee_token: str


@dataclass(frozen=True, slots=True)
class Changed:
    """Withdrawn, or declined."""

    reference: str


def too_late() -> Refusal:
    """It moved on (to the vote, answered, lapsed) since the button was shown."""
    return Refusal(Text("my-too-late"))


class MyNominations(UseCases):
    def _day(self, moment: datetime) -> date:
        return moment.astimezone(self.config.tz).date()

    async def page(self) -> MyPage:
        """What /my shows: the documents asked for, the person's own nominations, and the
        nominations of them by others waiting for their consent."""
        valid_since = links_valid_since(self.config, self.now())
        async with self.uow.transaction() as session:
            wanted = await wanted_of(session, self.person)
            own = await repo.nominations_of(session, self.person)
            phone = await phones.verified_phone(session, self.person)
            naming = await repo.awaiting_consent_naming(session, self.person, phone, valid_since)
        return MyPage(
            wanted,
            [self._mine(n, valid_since) for n in own],
            [
                Named(
                    n.id,
                    n.reference or "",
                    n.full_name,
                    n.nominator_name or "",
                    self._day(n.created_at),
                    self._day(link_expires_at(self.config, n)),
                )
                for n in naming
            ],
        )

    def _mine(self, nomination: Nomination, valid_since: datetime) -> Mine:
        status = Status(nomination.status)
        awaiting = status is Status.AWAITING_NOMINEE_CONSENT
        if awaiting and nomination.created_at < valid_since:
            status, awaiting = Status.LAPSED, False  # the job has not come round to it yet
        return Mine(
            nomination.reference or "",
            nomination.full_name,
            status,
            self._day(nomination.created_at),
            nomination.nominee_token if awaiting else None,
            nomination.id,
            status in TRANSITIONS[Action.WITHDRAW].sources,
            self._day(link_expires_at(self.config, nomination)) if awaiting else None,
            awaiting,
        )

    # The nominator withdraws.

    async def withdrawal(self, nomination_id: int) -> Pending:
        """The nomination a nominator asks to withdraw, if they still may."""
        async with self.uow.transaction() as session:
            return _pending(self._withdrawable(await session.get(Nomination, nomination_id)))

    def _withdrawable(self, nomination: Nomination | None) -> Nomination:
        if nomination is None or nomination.nominator_id != self.person:
            raise Forged()  # no button of theirs carries it
        status = Status(nomination.status)
        if status not in TRANSITIONS[Action.WITHDRAW].sources or link_expired(
            self.config, nomination, self.now()
        ):
            raise too_late()
        return nomination

    async def withdraw(self, nomination_id: int) -> Changed:
        """A nominator takes their nomination back before the public vote (audited). The
        desk it waited at hears of it (a verifier only for the region), and so does the
        nominee when they had opened its link."""
        try:
            async with self.uow.transaction() as session:
                nomination = self._withdrawable(await session.get(Nomination, nomination_id))
                was = Status(nomination.status)
                await pipeline.move(
                    session,
                    nomination,
                    Action.WITHDRAW,
                    frozenset({Party.NOMINATOR}),
                    self.person,
                    self.now(),
                )
                # Everybody at the desk it waited at: it takes work off their list.
                gone = DESK_NOTICE_KEYS["withdrawn"]
                await tell_desk(self.uow, session, nomination, was, gone)
                nominee_id = nomination.nominee_id
                if nominee_id is not None and nominee_id != self.person:
                    self.uow.notify(
                        nominee_id,
                        Text("notify-withdrawn-nominee", reference=nomination.reference or ""),
                    )
        except (NotAllowed, pipeline.Raced):  # it moved on between the check and the change
            raise too_late() from None
        return Changed(nomination.reference or "")

    # The nominee declines.

    async def declinable(self, nomination_id: int) -> Pending:
        """A nomination of this person they ask to decline from /my, if they still may."""
        async with self.uow.transaction() as session:
            nomination = await session.get(Nomination, nomination_id)
            return _pending(await self._declinable(session, nomination))

    async def _declinable(self, session: AsyncSession, nomination: Nomination | None) -> Nomination:
        # Only the owner of the nominee's phone may: no button of anybody else's carries it.
        phone = await phones.verified_phone(session, self.person)
        if (
            nomination is None
            or nomination.nominator_id == self.person
            or phone is None
            or nomination.contact_phone != phone
        ):
            raise Forged()
        if (
            nomination.status != Status.AWAITING_NOMINEE_CONSENT
            or link_expired(self.config, nomination, self.now())
            or nomination.nominee_token is None
        ):
            raise too_late()
        return nomination

    async def decline(self, nomination_id: int) -> Changed:
        """The nominee declines from /my: the same answer as "decline" on the consent link
        (withdrawn, audited, the nominator told)."""
        now = self.now()
        async with self.uow.transaction() as session:
            nomination = await session.get(Nomination, nomination_id)
            declinable = await self._declinable(session, nomination)
            settled = await repo.settle_nominee_consent(
                session,
                declinable.nominee_token or "",
                self.person,
                declinable.contact_phone,
                False,
                now,
                links_valid_since(self.config, now),
            )
            if settled is None:  # answered through the link meanwhile
                raise too_late()
            tell_nominator_answered(self.uow, settled, agree=False)
        return Changed(settled.reference or "")


class PhoneCorrection(UseCases):
    """The nominator puts the nominee's phone right while the nomination waits for consent:
    a new link, the old one dead, nobody its nominee until the new phone's owner opens it."""

    def _correctable(self, nomination: Nomination | None) -> Nomination:
        if nomination is None or nomination.nominator_id != self.person or nomination.is_self:
            raise Forged()
        if nomination.status != Status.AWAITING_NOMINEE_CONSENT or link_expired(
            self.config, nomination, self.now()
        ):
            raise too_late()
        return nomination

    async def asked(self, nomination_id: int) -> Pending:
        """The nomination whose phone the nominator asks to correct, if they still may."""
        async with self.uow.transaction() as session:
            return _pending(self._correctable(await session.get(Nomination, nomination_id)))

    async def correct(self, nomination_id: int, typed: str) -> Corrected:
        """The new phone (typed or shared): checked, stored, a new link (audited)."""
        try:
            phone = normalise_phone(typed)
        except InvalidInput:
            raise Refusal(Text("form-error-phone")) from None
        now = self.now()
        async with self.uow.transaction() as session:
            nomination = self._correctable(await session.get(Nomination, nomination_id))
            if phone == nomination.contact_phone:
                raise Refusal(Text("identity-phone-same"))
            # Waiting for consent, so not erased: retention takes only ended nominations.
            assert nomination.birth_date is not None
            duplicate = await identity.is_already_nominated(
                session,
                nomination.person_key,
                nomination.birth_date,
                phone,
                links_valid_since(self.config, now),
                campaign_year_start(now, self.config.tz),
            )
            try:
                if duplicate:
                    raise repo.AlreadyNominated()
                await identity.correct_phone(session, nomination, phone, self.person, now)
            except repo.AlreadyNominated:
                raise Refusal(Text("identity-phone-duplicate")) from None
            return Corrected(nomination.reference or "", nomination.nominee_token or "")


def _pending(nomination: Nomination) -> Pending:
    return Pending(
        nomination.id,
        nomination.reference or "",
        nomination.full_name,
        nomination.nominator_name or "",
    )
