"""The expert's desk: the conclusion card. An expert scores the four criteria 1–5, writes a
motivation and recommends or not; the draft lives in their chat until submitted, one card
live at a time (drafts on other candidates are parked until opened again: `Drafts`). The
conclusion that completes the quorum moves the candidate to the working group."""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from typing import Any

from domain.pipeline import (
    SCORES,
    Action,
    Conclusion,
    ConclusionInvalid,
    Criterion,
    NotAllowed,
    Role,
)
from services.desks.cases import CaseMoved
from services.desks.queue import Next, Queue, View
from services.keys import CRITERION_KEYS
from services.nominations import announce
from services.refusals import Gone, Refusal
from services.texts import Text
from storage import pipeline


class AlreadyConcluded(Gone):
    """This expert has concluded on this candidate: the card has nothing left to submit."""

    def __init__(self) -> None:
        super().__init__(Text("expert-already"))


class ConclusionIncomplete(Refusal):
    """The draft lacks something (`invalid` says what): the card names it."""

    def __init__(self, invalid: ConclusionInvalid) -> None:
        missing = [Text(CRITERION_KEYS[criterion]) for criterion in invalid.unscored]
        if invalid.motivation:
            missing.append(Text("expert-card-missing-motivation"))
        if invalid.recommendation:
            missing.append(Text("expert-card-missing-recommendation"))
        super().__init__(Text("expert-card-incomplete", missing=missing))
        self.invalid = invalid


@dataclass(slots=True)
class ConclusionDraft:
    """A conclusion being written on one candidate, as the expert's card shows it."""

    nomination_id: int
    reference: str = ""
    name: str = ""
    scores: dict[Criterion, int] = field(default_factory=dict)
    motivation: str | None = None
    recommend: bool | None = None
    card: int | None = None  # the message carrying the card's buttons

    def conclusion(self) -> Conclusion:
        """The conclusion it makes; ConclusionInvalid naming what is missing otherwise."""
        Conclusion.validate(self.scores, self.motivation, self.recommend)
        assert self.motivation is not None and self.recommend is not None
        return Conclusion(dict(self.scores), self.motivation, self.recommend)

    @classmethod
    def of(cls, data: Any) -> ConclusionDraft | None:
        """A draft kept in chat state; None for anything that is not one."""
        if not isinstance(data, dict) or not isinstance(data.get("nomination_id"), int):
            return None
        scores = data.get("scores")
        recommend, card = data.get("recommend"), data.get("card")
        return cls(
            data["nomination_id"],
            str(data.get("reference") or ""),
            str(data.get("name") or ""),
            {
                Criterion(c): v
                for c, v in (scores.items() if isinstance(scores, dict) else ())
                if c in set(Criterion) and isinstance(v, int)
            },
            data.get("motivation") if isinstance(data.get("motivation"), str) else None,
            recommend if isinstance(recommend, bool) else None,
            card if isinstance(card, int) else None,
        )

    def data(self) -> dict[str, Any]:
        """The draft as chat state keeps it (JSON)."""
        return {
            "nomination_id": self.nomination_id,
            "reference": self.reference,
            "name": self.name,
            "scores": {str(c): v for c, v in self.scores.items()},
            "motivation": self.motivation,
            "recommend": self.recommend,
            "card": self.card,
        }


@dataclass(slots=True)
class Drafts:
    """An expert's drafts: the one whose card is live, and the others parked per candidate."""

    active: ConclusionDraft | None = None
    parked: dict[int, ConclusionDraft] = field(default_factory=dict)

    @classmethod
    def of(cls, data: dict[str, Any]) -> Drafts:
        """The drafts kept in chat state (its `conclusion` and `drafts`)."""
        kept = data.get("drafts")
        parked: dict[str, Any] = kept if isinstance(kept, dict) else {}
        return cls(
            ConclusionDraft.of(data.get("conclusion")),
            {d.nomination_id: d for d in map(ConclusionDraft.of, parked.values()) if d},
        )

    def data(self) -> dict[str, Any]:
        return {
            "conclusion": self.active.data() if self.active else None,
            "drafts": {str(i): d.data() for i, d in self.parked.items()},
        }

    def of_candidate(self, nomination_id: int) -> ConclusionDraft | None:
        """The live draft on this candidate; None for a button of another candidate's card
        or of one already submitted."""
        active = self.active
        return active if active is not None and active.nomination_id == nomination_id else None

    def open(self, nomination_id: int, reference: str, name: str) -> list[int]:
        """Make the draft on this candidate the live one (the one begun, or a new one),
        parking the other; returns the cards whose buttons must go (one card is live)."""
        stale: list[int] = []
        active = self.active
        if active is not None and active.nomination_id != nomination_id:
            if active.card is not None:
                stale.append(active.card)
            self.parked[active.nomination_id] = replace(active, card=None)
            active = None
        draft = active or self.parked.pop(nomination_id, None) or ConclusionDraft(nomination_id)
        if draft.card is not None:
            stale.append(draft.card)
        self.active = replace(draft, reference=reference, name=name, card=None)
        return stale

    def live(self, nomination_id: int) -> ConclusionDraft:
        """The live draft a card's button edits; a button of another card is stale."""
        draft = self.of_candidate(nomination_id)
        if draft is None:
            raise Refusal(Text("button-stale"))
        return draft

    def score(self, nomination_id: int, criterion: Criterion, score: int) -> ConclusionDraft:
        draft = self.live(nomination_id)
        if score not in SCORES:  # no button carries it
            raise Refusal(Text("button-stale"))
        draft.scores = {**draft.scores, criterion: score}
        return draft

    def close(self, nomination_id: int) -> ConclusionDraft | None:
        """The live draft on this candidate is over (submitted, or the case left the
        expert's desk); returns it."""
        draft = self.of_candidate(nomination_id)
        if draft is not None:
            self.active = None
        return draft


@dataclass(frozen=True, slots=True)
class ConclusionStart:
    reference: str
    full_name: str


@dataclass(frozen=True, slots=True)
class Concluded:
    count: int
    required: int
    next: Next  # the expert's next candidate, or their list


class Expertise(Queue):
    async def start(self, nomination_id: int) -> ConclusionStart:
        """Whom the conclusion is on, if this expert may write one on them."""
        async with self.uow.transaction() as session:
            nomination = await self.find(session, Role.EXPERT, nomination_id)
            concluded = await pipeline.conclusions_of(session, nomination.id)
            if any(c.expert_id == self.person for c in concluded):
                raise Refusal(Text("expert-already"))
            return ConclusionStart(nomination.reference or "", nomination.full_name)

    async def conclude(self, draft: ConclusionDraft, view: View) -> Concluded:
        """One expert's conclusion, if the draft makes a whole one. The one that completes
        the quorum moves the candidate to the working group in the same transaction: the move
        and its messages commit together. Then the expert's next candidate."""
        try:
            conclusion = draft.conclusion()
        except ConclusionInvalid as invalid:
            raise ConclusionIncomplete(invalid) from None
        required = self.config.expert_conclusions_required
        try:
            async with self.uow.transaction() as session:
                nomination = await self.find(session, Role.EXPERT, draft.nomination_id)
                now = self.now()
                count = await pipeline.add_conclusion(
                    session, nomination, self.person, conclusion, now
                )
                if count >= required:
                    await pipeline.move(
                        session,
                        nomination,
                        Action.EXPERT_QUORUM,
                        self.staff.actors_for(nomination.region_code),
                        self.person,
                        now,
                        {"conclusions": count},
                    )
                    await announce(self.uow, session, nomination)
        except pipeline.AlreadyConcluded:
            raise AlreadyConcluded from None
        except (CaseMoved, NotAllowed, pipeline.Raced):
            raise Gone(Text("case-moved")) from None
        return Concluded(count, required, await self.after(Role.EXPERT, view))
