"""Nominating: the form's answers step by step (checked by `domain.nomination`), submitting,
the nominee's consent, and a person's own nominations. Every stage change tells the people it
concerns through the outbox (`announce`)."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime
from enum import StrEnum
from typing import Any

from sqlalchemy.ext.asyncio import AsyncSession

from bot.config import Settings
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
from domain.pipeline import QUEUE_OF, Role
from domain.regions import Region
from services.keys import STATUS_KEYS
from services.uow import Key, UnitOfWork
from storage import repo, staff
from storage.models import Nomination

# The command that opens each desk, named in "a case reached your desk".
DESK_COMMANDS: dict[Role, str] = {
    Role.SECRETARIAT: "/queue",
    Role.VERIFIER: "/verify",
    Role.EXPERT: "/review",
    Role.WORKING_GROUP: "/decide",
}


async def announce(
    uow: UnitOfWork,
    session: AsyncSession,
    nomination: Nomination,
    tell_nominator: bool = True,
    came_from: Status | None = None,
) -> None:
    """A nomination reached a new stage: its nominator hears it, and so does the desk it now
    waits at (a verifier only for their own regions), unless it was already waiting there
    (`came_from`: a new nomination taken into screening stays with the secretariat). A
    rejection gives no reasons."""
    status = Status(nomination.status)
    reference = nomination.reference or ""
    if tell_nominator:
        uow.notify(
            nomination.nominator_id,
            "status-changed",
            reference=reference,
            name=nomination.full_name,
            status=Key(STATUS_KEYS[status]),
        )
    desk = QUEUE_OF.get(status)
    if desk is None or (came_from is not None and QUEUE_OF.get(came_from) is desk):
        return
    scope = nomination.region_code if desk is Role.VERIFIER else None
    for user_id in await staff.holders(session, desk, scope):
        uow.notify(
            user_id,
            "queue-arrived",
            reference=reference,
            name=nomination.full_name,
            command=DESK_COMMANDS[desk],
        )


# What a person gave at a step of the form.


@dataclass(frozen=True, slots=True)
class Text:
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


Given = Text | SharedContact | File | Choice | Other


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


@dataclass(frozen=True, slots=True)
class Mine:
    reference: str
    full_name: str
    status: Status
    created_at: datetime
    nominee_token: str | None


class ConsentRefusal(StrEnum):
    INVALID = "invalid"
    OWN = "own"
    USED = "used"


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
                uow, answers[Step.FULL_NAME], date.fromisoformat(answers[Step.BIRTH_DATE])
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
            case Text(text=text) if step in TEXT_STEPS:
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

    async def already_nominated(self, uow: UnitOfWork, full_name: str, born: date) -> bool:
        async with uow.transaction() as session:
            return await repo.is_already_nominated(session, name_key(full_name), born)

    async def submit(
        self, uow: UnitOfWork, answers: dict[str, Any], nominator_id: int
    ) -> Submitted | None:
        """Store a finished form (None: the person is already nominated). A nomination of
        another person waits for the nominee's consent; one's own goes to the secretariat."""
        record = build_record(answers)
        now = uow.now()
        try:
            async with uow.transaction() as session:
                nomination = await repo.create_nomination(
                    session, record, nominator_id, now, now.astimezone(self.settings.tz).year
                )
                if nomination.status == Status.SUBMITTED:
                    await announce(uow, session, nomination, tell_nominator=False)
        except repo.AlreadyNominated:
            return None
        return Submitted(nomination.reference or "", record.is_self, nomination.nominee_token)

    async def mine(self, uow: UnitOfWork, user_id: int) -> list[Mine]:
        async with uow.transaction() as session:
            nominations = await repo.nominations_of(session, user_id)
        return [
            Mine(
                n.reference or "",
                n.full_name,
                Status(n.status),
                n.created_at,
                n.nominee_token if n.status == Status.AWAITING_NOMINEE_CONSENT else None,
            )
            for n in nominations
        ]

    async def consent_request(
        self, uow: UnitOfWork, token: str, user_id: int
    ) -> ConsentRequest | ConsentRefusal:
        """What the nominee sees on opening their link, or why they cannot answer it."""
        async with uow.transaction() as session:
            nomination = await repo.nomination_by_token(session, token) if token else None
            if nomination is None:
                return ConsentRefusal.INVALID
            if nomination.nominator_id == user_id:
                return ConsentRefusal.OWN
            if nomination.status != Status.AWAITING_NOMINEE_CONSENT:
                return ConsentRefusal.USED
            return ConsentRequest(nomination.nominator_name or "", repo.record_of(nomination))

    async def settle_consent(
        self, uow: UnitOfWork, token: str, user_id: int, agree: bool
    ) -> Settled | None:
        """The nominee's answer, once (None: already answered, or not theirs to answer). The
        nominator hears it; on agreement the secretariat's queue hears of the nomination."""
        async with uow.transaction() as session:
            nomination = await repo.settle_nominee_consent(
                session, token, user_id, agree, uow.now()
            )
            if nomination is None:
                return None
            uow.notify(
                nomination.nominator_id,
                "notify-nominee-agreed" if agree else "notify-nominee-declined",
                name=nomination.full_name,
                reference=nomination.reference or "",
            )
            if agree:
                await announce(uow, session, nomination, tell_nominator=False)
        return Settled(nomination.reference or "")
