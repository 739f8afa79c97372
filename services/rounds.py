"""The working group's side of the public vote: rounds opened over the candidates put to the
vote and closed (by hand, or by the scheduler at their end time), the results with the
proposed final list (`domain.selection`), and its approval, which settles every candidate
and tells every nominator through the outbox (sent paced, after the commit, never inside the
update that approved it)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, tzinfo
from typing import Literal

from sqlalchemy.ext.asyncio import AsyncSession

from domain.nomination import Gender, Sphere
from domain.pipeline import Role
from domain.selection import Candidate, Rules, Selection
from domain.selection import select as select_list
from domain.voting import RoundState, WindowError, parse_window
from services import board
from services.context import UseCases
from services.locale_keys import PlainKey
from services.refusals import Forged, Gone, Refusal
from services.texts import Text, zone_of
from services.voting import state_of
from storage import staff
from storage import voting as store
from storage.models import Nomination
from storage.vote_tables import VoteRound


class StillOpen(Refusal):
    """Results are not shown, nor approved, before the round is closed."""

    def __init__(self) -> None:
        super().__init__(Text("round-still-open"))


class AlreadyApproved(Refusal):
    """The round's final list was approved before: nothing changes. (Told as a message, not
    an alert: it answers a confirmation.)"""

    def __init__(self) -> None:
        super().__init__(Text("round-already-approved"))


CONFLICT_KEYS: dict[str, PlainKey] = {
    "active": "round-conflict-active",
    "empty": "round-conflict-empty",
}
WindowKey = Literal["round-window-format", "round-window-past"]
# A working-group member who stands in a round may neither end it early nor approve it.
OwnKey = Literal["round-close-own", "round-approve-own"]
WINDOW_KEYS: dict[str, WindowKey] = {
    "format": "round-window-format",
    "past": "round-window-past",
}


@dataclass(frozen=True, slots=True)
class RoundStatus:
    on_vote: int
    round_id: int | None = None
    state: RoundState | None = None  # None: no round waiting for its approval
    starts_at: datetime | None = None
    ends_at: datetime | None = None
    last_round_id: int | None = None  # an approved round's results stay available


@dataclass(frozen=True, slots=True)
class Opened:
    round_id: int
    starts_at: datetime
    ends_at: datetime
    seed: str


@dataclass(frozen=True, slots=True)
class Person:
    nomination_id: int
    reference: str
    full_name: str
    region_code: str
    sphere: Sphere
    gender: Gender
    ethnicity: str | None


@dataclass(frozen=True, slots=True)
class Results:
    round_id: int
    seed: str
    approved: bool
    selection: Selection
    people: dict[int, Person]
    counts: dict[int, int]


@dataclass(frozen=True, slots=True)
class Approved:
    selected: int
    total: int


class Rounds(UseCases):
    async def status(self) -> RoundStatus:
        async with self.uow.transaction() as session:
            vote_round = await store.latest_round(session)
            on_vote = await store.count_on_vote(session)
        if vote_round is None or vote_round.approved_at is not None:
            return RoundStatus(on_vote, last_round_id=vote_round.id if vote_round else None)
        tz = self.config.tz
        return RoundStatus(
            on_vote,
            vote_round.id,
            state_of(vote_round, self.now()),
            vote_round.starts_at.astimezone(tz),
            vote_round.ends_at.astimezone(tz),
        )

    def ask_window(self) -> tzinfo:
        """A new round may be asked for (its window is typed in the returned time zone): the
        vote needs its secret first."""
        if self.config.vote_secret is None:
            raise Refusal(Text("round-no-secret"))
        return self.config.tz

    async def open(self, window: str) -> Opened:
        """A round over every candidate put to the vote, from the window typed as
        'DD.MM.YYYY HH:MM - DD.MM.YYYY HH:MM' in the project's time zone. A window that does
        not read is asked again; any other refusal ends the question."""
        if self.config.vote_secret is None:
            raise Gone(Text("round-no-secret"))
        now = self.now()
        tz = self.config.tz
        try:
            starts, ends = parse_window(window, tz, now)
        except WindowError as error:
            if error.code == "order":  # the one that needs no zone to be understood
                raise Refusal(Text("round-window-order")) from None
            raise Refusal(Text(WINDOW_KEYS[error.code], tz=zone_of(tz))) from None
        try:
            async with self.uow.transaction() as session:
                vote_round = await store.open_round(session, starts, ends, self.person, now)
        except store.RoundConflict as conflict:
            raise Gone(Text(CONFLICT_KEYS[conflict.reason])) from None
        return Opened(vote_round.id, starts, ends, vote_round.seed)

    async def close(self, round_id: int) -> bool:
        """Close it now; False when it was already closed. A member who stands in the round
        may not end it before its time."""
        async with self.uow.transaction() as session:
            vote_round = await session.get(VoteRound, round_id)
            if vote_round is None:
                raise Forged()
            now = self.now()
            if vote_round.closed_at is None and now < vote_round.ends_at:
                await self._not_standing(session, round_id, "round-close-own")
            if not await store.close_round(session, round_id, self.person, now):
                return False
            await board.fix(session, self.config, round_id, now)
            return True

    async def _not_standing(self, session: AsyncSession, round_id: int, key: OwnKey) -> None:
        """Refused when the person acting stands in the round (`staff.candidate_of_round`)."""
        if await staff.candidate_of_round(session, round_id, self.person):
            raise Gone(Text(key))

    async def close_due(self) -> int:
        """Close every round past its end; the working group hears of it. Returns how many."""
        closed = 0
        async with self.uow.transaction() as session:
            now = self.now()
            for vote_round in await store.rounds_past_end(session, now):
                if not await store.close_round(session, vote_round.id, None, now):
                    continue  # another instance, or a person, closed it first
                closed += 1
                await board.fix(session, self.config, vote_round.id, now)
                for user_id in await staff.holders(session, Role.WORKING_GROUP):
                    self.uow.notify(user_id, Text("round-closed-auto", round=vote_round.id))
        return closed

    async def shuffle_open(self) -> int:
        """Each open round's ballots and the voters rewritten in random order (PostgreSQL;
        nothing to do on SQLite), so what was cast since the last time no longer sorts by
        `xmin` or `ctid`. Returns how many rounds were rewritten."""
        async with self.uow.transaction() as session:
            rounds = await store.open_rounds(session, self.now())
            return sum([await store.shuffle(session, round_id) for round_id in rounds])

    async def results(self, round_id: int) -> Results:
        async with self.uow.transaction() as session:
            vote_round, people, counts, selection = await self._closed(session, round_id)
            return Results(
                vote_round.id,
                vote_round.seed,
                vote_round.approved_at is not None,
                selection,
                {n.id: _person(n) for n in people},
                counts,
            )

    async def export(self, round_id: int) -> Results:
        """The results to export: a round that cannot be shown is "still open" here."""
        try:
            return await self.results(round_id)
        except Forged:
            raise StillOpen() from None

    async def _closed(
        self, session: AsyncSession, round_id: int
    ) -> tuple[VoteRound, list[Nomination], dict[int, int], Selection]:
        """A closed round with its candidates, their votes and the proposed final list."""
        vote_round = await session.get(VoteRound, round_id)
        if vote_round is None:
            raise Forged()
        if state_of(vote_round, self.now()) is not RoundState.CLOSED:
            raise StillOpen()
        people = await store.candidates(session, vote_round.id)
        counts = await store.counts(session, vote_round.id)
        return vote_round, people, counts, self._select(people, counts, vote_round.seed)

    def _select(self, people: list[Nomination], counts: dict[int, int], seed: str) -> Selection:
        candidates = [
            Candidate(n.id, counts.get(n.id, 0), n.region_code, n.gender, n.ethnicity)
            for n in people
        ]
        rules = Rules(
            seats=self.config.final_list_size,
            regional=self.config.regional_seats,
            min_gender_share=self.config.min_gender_share,
            seed=seed,
        )
        populations = {r.code: r.population for r in self.regions}
        return select_list(candidates, populations, rules)

    async def approve(self, round_id: int) -> Approved:
        """Settle every candidate of a closed round, selected or not (audited), once; each
        nominator is told in their own language."""
        try:
            async with self.uow.transaction() as session:
                vote_round, _, _, chosen = await self._closed(session, round_id)
                await self._not_standing(session, round_id, "round-approve-own")
                selected = {seat.candidate.id for seat in chosen.seats}
                settled = await store.approve(
                    session, vote_round, selected, self.person, self.now()
                )
                for nomination in settled:
                    self.uow.notify(
                        nomination.nominator_id,
                        Text(
                            "final-selected" if nomination.id in selected else "final-not-selected",
                            reference=nomination.reference or "",
                            name=nomination.full_name,
                        ),
                    )
        except store.RoundConflict:
            raise AlreadyApproved() from None
        return Approved(len(selected), len(settled))


def _person(n: Nomination) -> Person:
    return Person(
        n.id,
        n.reference or "",
        n.full_name,
        n.region_code,
        Sphere(n.sphere),
        Gender(n.gender),
        n.ethnicity,
    )
