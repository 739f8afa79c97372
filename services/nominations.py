"""Nominating: the form's answers step by step (checked by `domain.nomination`), submitting,
the nominee's consent (its link expires after CONSENT_LINK_DAYS; a self-nomination replaces
one still waiting for it), and "my nominations": a nominator withdrawing theirs, a nominee
declining one of them. Every stage change tells the people it concerns through the outbox
(`announce`)."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from enum import StrEnum
from typing import Any

from sqlalchemy.ext.asyncio import AsyncSession

from config import Settings
from domain.nomination import (
    CONSENT_VERSION,
    PHONE_STEPS,
    TEXT_STEPS,
    Consent,
    InvalidInput,
    NominationRecord,
    Status,
    Step,
    build_record,
    choice_answer,
    choice_values,
    expectation,
    forget_identity,
    is_self,
    name_key,
    next_step,
    normalise_phone,
    parse_text,
    record_answer,
    restart_achievements,
)
from domain.pipeline import (
    QUEUE_OF,
    TRANSITIONS,
    Action,
    NotAllowed,
    Party,
    Role,
    desk_command,
)
from domain.regions import Region
from services.keys import STATUS_KEYS
from services.texts import Text
from services.uow import UnitOfWork
from storage import pipeline, repo, staff
from storage.models import Nomination

# What a desk's staff are told of a nomination: it arrived, or its nominator withdrew it.
DESK_NOTICE_KEYS = {"arrived": "queue-arrived", "withdrawn": "notify-desk-withdrawn"}


async def announce(
    uow: UnitOfWork,
    session: AsyncSession,
    nomination: Nomination,
    tell_nominator: bool = True,
) -> None:
    """A nomination reached a new stage: its nominator hears it, and so do the staff of the
    desk it now waits at who asked for a message per case (`/notify`). Everybody else hears
    of it in the daily digest. A rejection gives no reasons."""
    status = Status(nomination.status)
    if tell_nominator:
        uow.notify(
            nomination.nominator_id,
            Text(
                "status-changed",
                reference=nomination.reference or "",
                name=nomination.full_name,
                status=Text(STATUS_KEYS[status]),
            ),
        )
    arrived = DESK_NOTICE_KEYS["arrived"]
    await tell_desk(uow, session, nomination, status, arrived, notified=True)


async def tell_desk(
    uow: UnitOfWork,
    session: AsyncSession,
    nomination: Nomination,
    status: Status,
    key: str,
    notified: bool = False,
) -> None:
    """Tell the staff of the desk where a nomination in `status` waits (a verifier only for
    its region; `notified`: only those who asked for a message per case)."""
    desk = QUEUE_OF.get(status)
    if desk is None:
        return
    scope = nomination.region_code if desk is Role.VERIFIER else None
    for user_id in await staff.holders(session, desk, scope, notified):
        uow.notify(
            user_id,
            Text(
                key,
                reference=nomination.reference or "",
                name=nomination.full_name,
                command=desk_command(desk),
            ),
        )


# What a person gave at a step of the form.


@dataclass(frozen=True, slots=True)
class Typed:
    text: str


@dataclass(frozen=True, slots=True)
class SharedContact:
    phone: str
    own: bool = True  # the sender's own contact, not someone else's forwarded


@dataclass(frozen=True, slots=True)
class File:
    file_id: str
    kind: str  # "photo" or "document"
    mime_type: str | None = None


@dataclass(frozen=True, slots=True)
class Choice:
    step: Step
    value: str


@dataclass(frozen=True, slots=True)
class Other:
    """A sticker, a voice message, anything the step does not take."""


Given = Typed | SharedContact | File | Choice | Other


class Refusal(StrEnum):
    FORGED = "forged"  # no button ever carries this: refused quietly
    STALE = "stale"  # a button of another step


@dataclass(frozen=True, slots=True)
class Turn:
    """The form after one answer: the draft to keep and the step to ask now, with what went
    wrong (the step is asked again) or what to say first."""

    answers: dict[str, Any]
    step: Step
    error: InvalidInput | None = None
    refused: Refusal | None = None
    duplicate: bool = False  # the person was already nominated: name and birth date again
    phone_saved: str | None = None
    choice: Choice | None = None  # the button just pressed, to show under its question
    submit: bool = False  # "Submit" pressed on the summary


@dataclass(frozen=True, slots=True)
class Submitted:
    reference: str
    is_self: bool
    nominee_token: str | None
    superseded: int = 0  # nominations of the person by others that their own replaced


@dataclass(frozen=True, slots=True)
class Mine:
    reference: str
    full_name: str
    status: Status  # an unanswered link that expired shows as lapsed before the job runs
    created_at: datetime
    nominee_token: str | None  # while the link can still be answered
    nomination_id: int = 0
    withdrawable: bool = False
    link_expires_at: datetime | None = None


@dataclass(frozen=True, slots=True)
class Named:
    """A nomination of the person by someone else, waiting for their consent."""

    nomination_id: int
    reference: str
    full_name: str
    nominator_name: str
    created_at: datetime
    link_expires_at: datetime


@dataclass(frozen=True, slots=True)
class MyNominations:
    mine: list[Mine]
    named: list[Named]


class ChangeRefusal(StrEnum):
    """Why a withdrawal or a decline from /my did nothing."""

    FORGED = "forged"  # not theirs: no button of theirs carries it, refused quietly
    TOO_LATE = "too_late"  # it moved on (to the vote, answered, lapsed) meanwhile


@dataclass(frozen=True, slots=True)
class Pending:
    """The nomination a confirmation asks about."""

    nomination_id: int
    reference: str
    full_name: str
    nominator_name: str


@dataclass(frozen=True, slots=True)
class Withdrawn:
    reference: str


class ConsentRefusal(StrEnum):
    INVALID = "invalid"
    OWN = "own"
    USED = "used"
    EXPIRED = "expired"


@dataclass(frozen=True, slots=True)
class ConsentRequest:
    nominator_name: str
    record: NominationRecord


@dataclass(frozen=True, slots=True)
class Settled:
    reference: str


@dataclass(frozen=True)
class Nominations:
    settings: Settings
    regions: tuple[Region, ...]
    region_codes: tuple[str, ...] = field(init=False)

    def __post_init__(self) -> None:
        object.__setattr__(self, "region_codes", tuple(r.code for r in self.regions))

    def today(self, uow: UnitOfWork) -> date:
        return uow.now().astimezone(self.settings.tz).date()

    def links_valid_since(self, now: datetime) -> datetime:
        """Consent links issued before this moment have expired."""
        return now - timedelta(days=self.settings.consent_link_days)

    def link_expires_at(self, nomination: Nomination) -> datetime:
        return nomination.created_at + timedelta(days=self.settings.consent_link_days)

    async def answer(
        self, uow: UnitOfWork, answers: dict[str, Any], current: Step | None, given: Given
    ) -> Turn:
        """Take what was given at the `current` step: checked, recorded, and the next step."""
        if isinstance(given, Choice):
            if given.value not in choice_values(given.step, self.region_codes):
                return Turn(answers, current or Step.WHO, refused=Refusal.FORGED)
            if given.step is not current:
                return Turn(answers, current or Step.WHO, refused=Refusal.STALE)
            if given.step is Step.SUMMARY:
                return Turn(answers, current, submit=True)
            if given.step is Step.CONSENT and given.value == Consent.DECLINE:
                return Turn(answers, current, error=InvalidInput("consent-required"), choice=given)
        if current is None:
            return Turn(answers, Step.WHO, refused=Refusal.STALE)
        if (
            isinstance(given, SharedContact)
            and not given.own
            and current is Step.PHONE
            and is_self(answers)
        ):  # a self-nominator's phone is their own; a typed one is still taken
            return Turn(answers, current, error=InvalidInput("contact-not-yours"))
        try:
            value = self._value(uow, current, given)
        except InvalidInput as error:
            return Turn(answers, current, error=error)
        answers = record_answer(answers, current, value)
        duplicate = False
        if current is Step.BIRTH_DATE and Step.FULL_NAME in answers:
            duplicate = await self.already_nominated(
                uow,
                answers[Step.FULL_NAME],
                date.fromisoformat(answers[Step.BIRTH_DATE]),
                self_nomination=is_self(answers),
            )
            if duplicate:
                answers = forget_identity(answers)
        return Turn(
            answers,
            next_step(answers),
            duplicate=duplicate,
            phone_saved=value if current in PHONE_STEPS else None,
            choice=given if isinstance(given, Choice) else None,
        )

    def _value(self, uow: UnitOfWork, step: Step, given: Given) -> Any:
        match given:
            case Choice(value=value) if step is Step.CONSENT:
                return {"version": CONSENT_VERSION, "at": uow.now().isoformat()}
            case Choice(value=value):
                return choice_answer(step, value)
            case Typed(text=text) if step in TEXT_STEPS:
                return parse_text(step, text, self.today(uow))
            case SharedContact(phone=phone) if step in PHONE_STEPS:
                return normalise_phone(phone)
            case File(file_id=file_id, kind=kind) if step is Step.PROOF:
                return {"proof_file_id": file_id, "proof_kind": kind}
            case File(file_id=file_id, kind=kind, mime_type=mime) if step is Step.PHOTO:
                if kind == "document" and not (mime or "").startswith("image/"):
                    raise InvalidInput("photo")
                return {"file_id": file_id, "kind": kind}
        raise InvalidInput(f"expect-{expectation(step)}")

    def edit(self, answers: dict[str, Any], step: Step) -> dict[str, Any]:
        """The draft as the summary's "edit" of `step` leaves it (achievements start anew)."""
        return restart_achievements(answers) if step is Step.ACHIEVEMENT else answers

    async def already_nominated(
        self, uow: UnitOfWork, full_name: str, born: date, self_nomination: bool = False
    ) -> bool:
        """Whether a nomination of this person blocks a new one (see `submit` for what does
        not: a lapsed link, and for one's own nomination a nomination waiting for consent)."""
        async with uow.transaction() as session:
            return await repo.is_already_nominated(
                session,
                name_key(full_name),
                born,
                self.links_valid_since(uow.now()),
                self_nomination=self_nomination,
            )

    async def submit(
        self, uow: UnitOfWork, answers: dict[str, Any], nominator_id: int
    ) -> Submitted | None:
        """Store a finished form (None: the person is already nominated). A nomination of
        another person waits for the nominee's consent; one's own goes to the secretariat.

        Nominations of the same person waiting for consent do not block it when their link
        has expired (they lapse here, as the job would), nor when this is the person's own
        nomination: it supersedes them, and their nominators are told. Any other live
        nomination of the person blocks it."""
        record = build_record(answers)
        now = uow.now()
        valid_since = self.links_valid_since(now)
        try:
            async with uow.transaction() as session:
                superseded: list[Nomination] = []
                for waiting in await repo.awaiting_consent_of(
                    session, record.name_key, record.birth_date
                ):
                    if waiting.created_at < valid_since:
                        await lapse(uow, session, waiting, self.settings.consent_link_days)
                    elif record.is_self:
                        await pipeline.move(
                            session,
                            waiting,
                            Action.SUPERSEDE,
                            frozenset({Party.NOMINEE}),
                            nominator_id,
                            now,
                        )
                        superseded.append(waiting)
                details = {"supersedes": [n.reference for n in superseded]} if superseded else None
                nomination = await repo.create_nomination(
                    session,
                    record,
                    nominator_id,
                    now,
                    now.astimezone(self.settings.tz).year,
                    details,
                )
                for waiting in superseded:
                    if waiting.nominator_id == nominator_id:
                        continue  # they had put themselves forward as "another person"
                    uow.notify(
                        waiting.nominator_id,
                        Text(
                            "notify-superseded",
                            name=waiting.full_name,
                            reference=waiting.reference or "",
                        ),
                    )
                if nomination.status == Status.SUBMITTED:
                    await announce(uow, session, nomination, tell_nominator=False)
        except (repo.AlreadyNominated, pipeline.Raced):  # raced: the nominee answered first
            return None
        return Submitted(
            nomination.reference or "", record.is_self, nomination.nominee_token, len(superseded)
        )

    async def mine(self, uow: UnitOfWork, user_id: int) -> list[Mine]:
        valid_since = self.links_valid_since(uow.now())
        async with uow.transaction() as session:
            own = await repo.nominations_of(session, user_id)
        return [self._mine(n, valid_since) for n in own]

    async def overview(self, uow: UnitOfWork, user_id: int) -> MyNominations:
        """What /my shows: the person's own nominations, and nominations of them by others
        waiting for their consent."""
        now = uow.now()
        valid_since = self.links_valid_since(now)
        async with uow.transaction() as session:
            own = await repo.nominations_of(session, user_id)
            naming = await repo.awaiting_consent_naming(session, user_id, valid_since)
        return MyNominations(
            [self._mine(n, valid_since) for n in own],
            [
                Named(
                    n.id,
                    n.reference or "",
                    n.full_name,
                    n.nominator_name or "",
                    n.created_at,
                    self.link_expires_at(n),
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
            nomination.created_at,
            nomination.nominee_token if awaiting else None,
            nomination.id,
            status in TRANSITIONS[Action.WITHDRAW].sources,
            self.link_expires_at(nomination) if awaiting else None,
        )

    async def consent_request(
        self, uow: UnitOfWork, token: str, user_id: int
    ) -> ConsentRequest | ConsentRefusal:
        """What the nominee sees on opening their link, or why they cannot answer it. The
        person who opens it is remembered, so /my shows them the nomination too."""
        async with uow.transaction() as session:
            nomination = await repo.nomination_by_token(session, token) if token else None
            if nomination is None:
                return ConsentRefusal.INVALID
            if nomination.nominator_id == user_id:
                return ConsentRefusal.OWN
            if self._expired(nomination, uow.now()):
                return ConsentRefusal.EXPIRED  # before the job has lapsed it, too
            if nomination.status != Status.AWAITING_NOMINEE_CONSENT:
                return ConsentRefusal.USED
            await repo.note_link_opened(session, nomination, user_id)
            return ConsentRequest(nomination.nominator_name or "", repo.record_of(nomination))

    async def settle_consent(
        self, uow: UnitOfWork, token: str, user_id: int, agree: bool
    ) -> Settled | ConsentRefusal:
        """The nominee's answer, once (USED: already answered, or not theirs to answer;
        EXPIRED: the link is too old). The nominator hears it; on agreement the
        secretariat's queue hears of the nomination."""
        now = uow.now()
        valid_since = self.links_valid_since(now)
        async with uow.transaction() as session:
            nomination = await repo.settle_nominee_consent(
                session, token, user_id, agree, now, valid_since
            )
            if nomination is None:
                stored = await repo.nomination_by_token(session, token)
                expired = stored is not None and self._expired(stored, now)
                return ConsentRefusal.EXPIRED if expired else ConsentRefusal.USED
            self._tell_nominator_answered(uow, nomination, agree)
            if agree:
                await announce(uow, session, nomination, tell_nominator=False)
        return Settled(nomination.reference or "")

    def _expired(self, nomination: Nomination, now: datetime) -> bool:
        """Its consent link went unanswered too long: lapsed, or about to be."""
        status = Status(nomination.status)
        return status is Status.LAPSED or (
            status is Status.AWAITING_NOMINEE_CONSENT
            and nomination.created_at < self.links_valid_since(now)
        )

    @staticmethod
    def _tell_nominator_answered(uow: UnitOfWork, nomination: Nomination, agree: bool) -> None:
        uow.notify(
            nomination.nominator_id,
            Text(
                "notify-nominee-agreed" if agree else "notify-nominee-declined",
                name=nomination.full_name,
                reference=nomination.reference or "",
            ),
        )

    # From /my: the nominator withdraws, the nominee declines. The first press asks (and
    # checks); only the confirmation acts, checking everything again.

    async def withdrawal(
        self, uow: UnitOfWork, user_id: int, nomination_id: int
    ) -> Pending | ChangeRefusal:
        """The nomination a nominator asks to withdraw, if they still may."""
        async with uow.transaction() as session:
            nomination = await session.get(Nomination, nomination_id)
            refusal = self._withdrawal_refusal(nomination, user_id, uow.now())
            if refusal is not None or nomination is None:
                return refusal or ChangeRefusal.FORGED
            return _pending(nomination)

    def _withdrawal_refusal(
        self, nomination: Nomination | None, user_id: int, now: datetime
    ) -> ChangeRefusal | None:
        if nomination is None or nomination.nominator_id != user_id:
            return ChangeRefusal.FORGED
        status = Status(nomination.status)
        if status not in TRANSITIONS[Action.WITHDRAW].sources or self._expired(nomination, now):
            return ChangeRefusal.TOO_LATE
        return None

    async def withdraw(
        self, uow: UnitOfWork, user_id: int, nomination_id: int
    ) -> Withdrawn | ChangeRefusal:
        """A nominator takes their nomination back before the public vote (audited). The
        desk it waited at hears of it (a verifier only for the region), and so does the
        nominee when they had opened its link."""
        now = uow.now()
        try:
            async with uow.transaction() as session:
                nomination = await session.get(Nomination, nomination_id)
                refusal = self._withdrawal_refusal(nomination, user_id, now)
                if refusal is not None or nomination is None:
                    return refusal or ChangeRefusal.FORGED
                was = Status(nomination.status)
                await pipeline.move(
                    session,
                    nomination,
                    Action.WITHDRAW,
                    frozenset({Party.NOMINATOR}),
                    user_id,
                    now,
                )
                # Everybody at the desk it waited at: it takes work off their list.
                gone = DESK_NOTICE_KEYS["withdrawn"]
                await tell_desk(uow, session, nomination, was, gone)
                nominee_id = nomination.nominee_id
                if nominee_id is not None and nominee_id != user_id:
                    uow.notify(
                        nominee_id,
                        Text("notify-withdrawn-nominee", reference=nomination.reference or ""),
                    )
        except (NotAllowed, pipeline.Raced):  # it moved on between the check and the change
            return ChangeRefusal.TOO_LATE
        return Withdrawn(nomination.reference or "")

    async def declinable(
        self, uow: UnitOfWork, user_id: int, nomination_id: int
    ) -> Pending | ChangeRefusal:
        """A nomination of this person they ask to decline from /my, if they still may."""
        async with uow.transaction() as session:
            nomination = await session.get(Nomination, nomination_id)
            refusal = await self._decline_refusal(session, nomination, user_id, uow.now())
            if refusal is not None or nomination is None:
                return refusal or ChangeRefusal.FORGED
            return _pending(nomination)

    async def _decline_refusal(
        self, session: AsyncSession, nomination: Nomination | None, user_id: int, now: datetime
    ) -> ChangeRefusal | None:
        if (
            nomination is None
            or nomination.nominator_id == user_id
            or not await repo.names(session, nomination, user_id)
        ):
            return ChangeRefusal.FORGED
        if (
            nomination.status != Status.AWAITING_NOMINEE_CONSENT
            or self._expired(nomination, now)
            or nomination.nominee_token is None
        ):
            return ChangeRefusal.TOO_LATE
        return None

    async def decline(
        self, uow: UnitOfWork, user_id: int, nomination_id: int
    ) -> Settled | ChangeRefusal:
        """The nominee declines from /my: the same answer as "decline" on the consent link
        (withdrawn, audited, the nominator told)."""
        now = uow.now()
        async with uow.transaction() as session:
            nomination = await session.get(Nomination, nomination_id)
            refusal = await self._decline_refusal(session, nomination, user_id, now)
            if refusal is not None or nomination is None or nomination.nominee_token is None:
                return refusal or ChangeRefusal.FORGED
            settled = await repo.settle_nominee_consent(
                session, nomination.nominee_token, user_id, False, now, self.links_valid_since(now)
            )
            if settled is None:  # answered through the link meanwhile
                return ChangeRefusal.TOO_LATE
            self._tell_nominator_answered(uow, settled, agree=False)
        return Settled(settled.reference or "")

    async def lapse_unanswered(self, uow: UnitOfWork) -> int:
        return await lapse_unanswered(uow, self.settings.consent_link_days)


def _pending(nomination: Nomination) -> Pending:
    return Pending(
        nomination.id,
        nomination.reference or "",
        nomination.full_name,
        nomination.nominator_name or "",
    )


# Consent links that nobody answered in time.

LAPSE_BATCH = 200


async def lapse(
    uow: UnitOfWork, session: AsyncSession, nomination: Nomination, link_days: int
) -> None:
    """A nomination whose consent link expired unanswered lapses (audited); its nominator is
    told, and the person may be nominated again. Raises `pipeline.Raced` when it was
    answered meanwhile."""
    await pipeline.move(
        session,
        nomination,
        Action.LAPSE,
        frozenset({Party.SYSTEM}),
        None,
        uow.now(),
        {"link_days": link_days},
    )
    uow.notify(
        nomination.nominator_id,
        Text(
            "notify-consent-lapsed",
            name=nomination.full_name,
            reference=nomination.reference or "",
            days=link_days,
        ),
    )


async def lapse_unanswered(uow: UnitOfWork, link_days: int) -> int:
    """Lapse every nomination whose consent link is older than `link_days` (the scheduled
    job), a batch per transaction. Returns how many lapsed."""
    lapsed = 0
    while True:
        async with uow.transaction() as session:
            issued_before = uow.now() - timedelta(days=link_days)
            due = await repo.unanswered_links(session, issued_before, LAPSE_BATCH)
            for nomination in due:
                try:
                    await lapse(uow, session, nomination, link_days)
                except pipeline.Raced:  # the nominee answered just now
                    continue
                lapsed += 1
        if len(due) < LAPSE_BATCH:
            return lapsed
