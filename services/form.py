"""The nomination form: each answer checked (by `domain.nomination`) and recorded, the next
question chosen, a summary field reopened for editing, and the finished form submitted (a
self-nomination replaces nominations of the person still waiting for consent). The draft
itself lives in the conversation state; the bot keeps it where a `Turn` leaves it."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Any

from domain.nomination import (
    CONSENT_VERSION,
    EDITABLE_STEPS,
    PHONE_STEPS,
    TEXT_STEPS,
    Consent,
    InvalidInput,
    Status,
    Step,
    Who,
    build_record,
    campaign_year_start,
    choice_answer,
    choice_values,
    editable_steps,
    expectation,
    forget_identity,
    is_self,
    next_step,
    normalise_phone,
    parse_text,
    person_key,
    record_answer,
    restart_achievements,
)
from domain.pipeline import Action, Party
from services.context import UseCases
from services.nominations import announce, lapse, links_valid_since
from services.refusals import Forged, Refusal
from services.texts import Text
from storage import identity, phones, pipeline, repo
from storage.models import Nomination

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


@dataclass(frozen=True, slots=True)
class Submitted:
    reference: str
    is_self: bool
    nominee_token: str | None
    superseded: int = 0  # nominations of the person by others that their own replaced


@dataclass(frozen=True, slots=True)
class Turn:
    """The form after one answer: the draft to keep and the step to ask now, with what went
    wrong (the step is asked again) or what to say first; or, once submitted, what was
    stored (the draft is done with)."""

    answers: dict[str, Any]
    step: Step
    error: InvalidInput | None = None
    duplicate: bool = False  # the person was already nominated: name and birth date again
    phone_saved: str | None = None
    submit: bool = False  # "Submit" was pressed on the summary
    submitted: Submitted | None = None
    notes: tuple[Text, ...] = ()  # said before the question (a limit reached, a phone to share)
    closed: bool = False  # nothing the form could take: the notes say why, no question


def _own_contact_only() -> InvalidInput:
    """A self-nominator's phone is the one Telegram vouches for: their own shared contact."""
    return InvalidInput("own-contact-only")


class _NotVerified(Exception):
    """A self-nomination whose phone is not the account's verified one."""


class _OverLimit(Exception):
    def __init__(self, refusal: InvalidInput) -> None:
        super().__init__(refusal.code)
        self.refusal = refusal


def stale() -> Refusal:
    """A button of a step the form is no longer at."""
    return Refusal(Text("button-stale"))


class Form(UseCases):
    async def begin(self, answers: dict[str, Any]) -> Turn:
        """The form opened on a draft (empty: a new one): the question it is at. A new one
        first says which limit the person has reached, and with both reached asks nothing."""
        if answers:
            return Turn(answers, next_step(answers))
        notes = []
        async with self.uow.transaction() as session:
            if await self._limit_refusal(session, Who.SELF) is not None:
                notes.append(Text("identity-limit-self"))
            if await self._limit_refusal(session, Who.OTHER) is not None:
                notes.append(
                    Text("identity-limit-others", limit=self.config.nominations_per_account)
                )
        return Turn(answers, next_step(answers), notes=tuple(notes), closed=len(notes) == 2)

    async def _limit_refusal(self, session: Any, who: str) -> InvalidInput | None:
        """Why this account may file no more nominations on `who`'s path, if so: one live
        self-nomination at a time; NOMINATIONS_PER_ACCOUNT of others a campaign year."""
        if who == Who.SELF:
            if await identity.live_self_nominations(session, self.person):
                return InvalidInput("limit-self")
            return None
        limit = self.config.nominations_per_account
        since = campaign_year_start(self.now(), self.config.tz)
        if await identity.others_nominated_since(session, self.person, since) >= limit:
            return InvalidInput("limit-others", limit=limit)
        return None

    async def answer(self, answers: dict[str, Any], current: Step | None, given: Given) -> Turn:
        """Take what was given at the `current` step: checked, recorded, and the next step.
        "Submit" on the summary submits the draft."""
        if isinstance(given, Choice):
            if given.value not in choice_values(given.step, tuple(r.code for r in self.regions)):
                raise Forged()  # no button ever carries this
            if given.step is not current:
                raise stale()
            if given.step is Step.SUMMARY:
                return await self.submit(answers)
            if given.step is Step.CONSENT and given.value == Consent.DECLINE:
                return Turn(answers, current, error=InvalidInput("consent-required"))
            if given.step is Step.WHO:
                async with self.uow.transaction() as session:
                    if refusal := await self._limit_refusal(session, given.value):
                        return Turn(answers, current, error=refusal)
        if current is None:
            raise stale()
        if current is Step.PHONE and is_self(answers):
            if isinstance(given, Typed):  # refused, the draft kept: only the button will do
                return Turn(answers, current, error=_own_contact_only())
            if isinstance(given, SharedContact) and not given.own:
                return Turn(answers, current, error=InvalidInput("contact-not-yours"))
        try:
            value = self._value(current, given)
        except InvalidInput as error:
            return Turn(answers, current, error=error)
        if isinstance(given, SharedContact) and given.own:  # Telegram vouches for it
            async with self.uow.transaction() as session:
                await phones.remember_phone(session, self.person, value, self.now())
        answers = record_answer(answers, current, value)
        duplicate = False
        if current in (Step.FULL_NAME, Step.BIRTH_DATE, Step.PHONE):
            duplicate = await self._duplicate(answers)
            if duplicate:
                answers = forget_identity(answers)
        return Turn(
            answers,
            next_step(answers),
            duplicate=duplicate,
            phone_saved=value if current in PHONE_STEPS else None,
        )

    def _value(self, step: Step, given: Given) -> Any:
        match given:
            case Choice(value=value) if step is Step.CONSENT:
                return {"version": CONSENT_VERSION, "at": self.now().isoformat()}
            case Choice(value=value):
                return choice_answer(step, value)
            case Typed(text=text) if step in TEXT_STEPS:
                return parse_text(step, text, self.now().astimezone(self.config.tz).date())
            case SharedContact(phone=phone) if step in PHONE_STEPS:
                return normalise_phone(phone)
            case File(file_id=file_id, kind=kind) if step is Step.PROOF:
                return {"proof_file_id": file_id, "proof_kind": kind}
            case File(file_id=file_id, kind=kind, mime_type=mime) if step is Step.PHOTO:
                if kind == "document" and not (mime or "").startswith("image/"):
                    raise InvalidInput("photo")
                return {"file_id": file_id, "kind": kind}
        raise InvalidInput(f"expect-{expectation(step)}")

    def edit(self, answers: dict[str, Any], current: Step | None, step: Step) -> Turn:
        """The summary's "edit" of `step`: the draft as it leaves it (achievements start
        anew), asked at that step."""
        if step not in EDITABLE_STEPS:
            raise Forged()
        if current is not Step.SUMMARY or step not in editable_steps(answers):
            raise stale()
        return Turn(restart_achievements(answers) if step is Step.ACHIEVEMENT else answers, step)

    async def _duplicate(self, answers: dict[str, Any]) -> bool:
        """Whether the draft's person (name, date of birth, phone) is nominated already, as
        soon as all three are known (a self-nominator's phone: the verified one on file)."""
        if Step.FULL_NAME not in answers or Step.BIRTH_DATE not in answers:
            return False
        async with self.uow.transaction() as session:
            phone = answers.get(Step.PHONE)
            if phone is None and is_self(answers):
                phone = await phones.verified_phone(session, self.person)
            if phone is None:
                return False
            return await self._already_nominated(
                session,
                person_key(answers[Step.FULL_NAME]),
                date.fromisoformat(answers[Step.BIRTH_DATE]),
                phone,
                is_self(answers),
            )

    async def _already_nominated(
        self, session: Any, key: str, born: date, phone: str, self_nomination: bool
    ) -> bool:
        """Whether a nomination of this person with this phone blocks a new one (see
        `submit` for what does not: a lapsed link, and for one's own nomination a nomination
        waiting for consent; another phone is an identity conflict, not a duplicate)."""
        now = self.now()
        return await identity.is_already_nominated(
            session,
            key,
            born,
            phone,
            links_valid_since(self.config, now),
            campaign_year_start(now, self.config.tz),
            self_nomination=self_nomination,
        )

    async def submit(self, answers: dict[str, Any]) -> Turn:
        """Store a finished form (an unfinished one: its next question; the person already
        nominated: the summary again, saying so). A nomination of another person waits for
        the nominee's consent; one's own goes to the secretariat.

        Nominations of the same person waiting for consent do not block it when their link
        has expired (they lapse here, as the job would), nor when this is the person's own
        nomination: it supersedes them, and their nominators are told. Any other live
        nomination of the person blocks it."""
        if next_step(answers) is not Step.SUMMARY:
            return Turn(answers, next_step(answers), submit=True)
        try:
            submitted = await self._store(answers)
        except _NotVerified:  # a draft from before the rule, or "who" changed on the summary
            answers = {k: v for k, v in answers.items() if k != Step.PHONE}
            notes = (Text("identity-share-own-contact"),)
            return Turn(answers, Step.PHONE, submit=True, notes=notes)
        except _OverLimit as over:
            return Turn(answers, Step.SUMMARY, error=over.refusal, submit=True)
        except (repo.AlreadyNominated, pipeline.Raced):  # raced: the nominee answered first
            return Turn(answers, Step.SUMMARY, error=InvalidInput("duplicate"), submit=True)
        return Turn(answers, Step.SUMMARY, submit=True, submitted=submitted)

    async def _store(self, answers: dict[str, Any]) -> Submitted:
        record = build_record(answers)
        now = self.now()
        valid_since = links_valid_since(self.config, now)
        async with self.uow.transaction() as session:
            if refusal := await self._limit_refusal(session, answers[Step.WHO]):
                raise _OverLimit(refusal)
            if record.is_self and record.contact_phone != await phones.verified_phone(
                session, self.person
            ):
                raise _NotVerified()
            if await self._already_nominated(
                session, record.person_key, record.birth_date, record.contact_phone, record.is_self
            ):
                raise repo.AlreadyNominated()
            superseded: list[Nomination] = []
            for waiting in await repo.awaiting_consent_of(
                session, record.person_key, record.birth_date
            ):
                if waiting.created_at < valid_since:
                    await lapse(self.uow, session, waiting, self.config.consent_link_days)
                elif record.is_self and waiting.contact_phone == record.contact_phone:
                    await pipeline.move(
                        session,
                        waiting,
                        Action.SUPERSEDE,
                        frozenset({Party.NOMINEE}),
                        self.person,
                        now,
                    )
                    superseded.append(waiting)
            details = {"supersedes": [n.reference for n in superseded]} if superseded else None
            nomination = await repo.create_nomination(
                session, record, self.person, now, now.astimezone(self.config.tz).year, details
            )
            for waiting in superseded:
                if waiting.nominator_id == self.person:
                    continue  # they had put themselves forward as "another person"
                self.uow.notify(
                    waiting.nominator_id,
                    Text(
                        "notify-superseded",
                        name=waiting.full_name,
                        reference=waiting.reference or "",
                    ),
                )
            if nomination.status == Status.SUBMITTED:
                await announce(self.uow, session, nomination, tell_nominator=False)
        return Submitted(
            nomination.reference or "", record.is_self, nomination.nominee_token, len(superseded)
        )
