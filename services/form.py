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
    build_record,
    choice_answer,
    choice_values,
    editable_steps,
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
from domain.pipeline import Action, Party
from services.context import UseCases
from services.nominations import announce, lapse, links_valid_since
from services.refusals import Forged, Refusal
from services.texts import Text
from storage import pipeline, repo
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


def stale() -> Refusal:
    """A button of a step the form is no longer at."""
    return Refusal(Text("button-stale"))


class Form(UseCases):
    def begin(self, answers: dict[str, Any]) -> Turn:
        """The form opened on a draft (empty: a new one): the question it is at."""
        return Turn(answers, next_step(answers))

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
        if current is None:
            raise stale()
        if (
            isinstance(given, SharedContact)
            and not given.own
            and current is Step.PHONE
            and is_self(answers)
        ):  # a self-nominator's phone is their own; a typed one is still taken
            return Turn(answers, current, error=InvalidInput("contact-not-yours"))
        try:
            value = self._value(current, given)
        except InvalidInput as error:
            return Turn(answers, current, error=error)
        answers = record_answer(answers, current, value)
        duplicate = False
        if current is Step.BIRTH_DATE and Step.FULL_NAME in answers:
            duplicate = await self.already_nominated(
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

    async def already_nominated(
        self, full_name: str, born: date, self_nomination: bool = False
    ) -> bool:
        """Whether a nomination of this person blocks a new one (see `submit` for what does
        not: a lapsed link, and for one's own nomination a nomination waiting for consent)."""
        async with self.uow.transaction() as session:
            return await repo.is_already_nominated(
                session,
                name_key(full_name),
                born,
                links_valid_since(self.config, self.now()),
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
        except (repo.AlreadyNominated, pipeline.Raced):  # raced: the nominee answered first
            return Turn(answers, Step.SUMMARY, error=InvalidInput("duplicate"), submit=True)
        return Turn(answers, Step.SUMMARY, submit=True, submitted=submitted)

    async def _store(self, answers: dict[str, Any]) -> Submitted:
        record = build_record(answers)
        now = self.now()
        valid_since = links_valid_since(self.config, now)
        async with self.uow.transaction() as session:
            superseded: list[Nomination] = []
            for waiting in await repo.awaiting_consent_of(
                session, record.name_key, record.birth_date
            ):
                if waiting.created_at < valid_since:
                    await lapse(self.uow, session, waiting, self.config.consent_link_days)
                elif record.is_self:
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
