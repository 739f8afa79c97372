"""The working group's side of the public vote: rounds opened over the candidates put to the
vote and closed (by hand, or by the scheduler at their end time), the results with the
proposed final list (`domain.selection`), and its approval, which settles every candidate
and tells every nominator through the outbox (sent paced, after the commit, never inside the
update that approved it)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from enum import StrEnum

from sqlalchemy.ext.asyncio import AsyncSession

from config import Settings
from domain.nomination import Gender, Sphere
from domain.pipeline import Role
from domain.regions import Region
from domain.selection import Candidate, Rules, Selection
from domain.selection import select as select_list
from domain.voting import RoundState, WindowError, parse_window
from services.texts import Text
from services.uow import UnitOfWork
from services.voting import state_of
from storage import staff
from storage import voting as store
from storage.models import Nomination, VoteRound


class RoundRefusal(StrEnum):
    FORGED = "forged"
    STILL_OPEN = "still_open"
    NO_SECRET = "no_secret"
    ACTIVE = "active"  # another round is still scheduled or open
    EMPTY = "empty"  # nobody is put to the vote
    APPROVED = "approved"  # already


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


class Rounds:
    def __init__(self, settings: Settings, regions: tuple[Region, ...]) -> None:
        self.settings = settings
        self.regions = regions
        self.populations = {r.code: r.population for r in regions}

    async def status(self, uow: UnitOfWork) -> RoundStatus:
        async with uow.transaction() as session:
            vote_round = await store.latest_round(session)
            on_vote = await store.count_on_vote(session)
        if vote_round is None or vote_round.approved_at is not None:
            return RoundStatus(on_vote, last_round_id=vote_round.id if vote_round else None)
        state = state_of(vote_round, uow.now())
        return RoundStatus(on_vote, vote_round.id, state, vote_round.starts_at, vote_round.ends_at)

    def can_open(self) -> bool:
        return self.settings.vote_secret is not None

    async def open(
        self, uow: UnitOfWork, window: str, by: int
    ) -> Opened | WindowError | RoundRefusal:
        """A round over every candidate put to the vote, from the window typed as
        'DD.MM.YYYY HH:MM - DD.MM.YYYY HH:MM' in the project's time zone."""
        if not self.can_open():
            return RoundRefusal.NO_SECRET
        now = uow.now()
        try:
            starts, ends = parse_window(window, self.settings.tz, now)
        except WindowError as error:
            return error
        try:
            async with uow.transaction() as session:
                vote_round = await store.open_round(session, starts, ends, by, now)
        except store.RoundConflict as conflict:
            return RoundRefusal(conflict.reason)
        return Opened(vote_round.id, starts, ends, vote_round.seed)

    async def close(self, uow: UnitOfWork, round_id: int, by: int) -> bool | RoundRefusal:
        """Close it now; False when it was already closed."""
        async with uow.transaction() as session:
            if await session.get(VoteRound, round_id) is None:
                return RoundRefusal.FORGED
            return await store.close_round(session, round_id, by, uow.now())

    async def close_due(self, uow: UnitOfWork) -> int:
        """Close every round past its end; the working group hears of it. Returns how many."""
        closed = 0
        async with uow.transaction() as session:
            now = uow.now()
            for vote_round in await store.rounds_past_end(session, now):
                if not await store.close_round(session, vote_round.id, None, now):
                    continue  # another instance, or a person, closed it first
                closed += 1
                for user_id in await staff.holders(session, Role.WORKING_GROUP):
                    uow.notify(user_id, Text("round-closed-auto", round=vote_round.id))
        return closed

    async def results(self, uow: UnitOfWork, round_id: int) -> Results | RoundRefusal:
        async with uow.transaction() as session:
            closed = await self._closed(session, round_id, uow.now())
            if isinstance(closed, RoundRefusal):
                return closed
            vote_round, people, counts, selection = closed
            return Results(
                vote_round.id,
                vote_round.seed,
                vote_round.approved_at is not None,
                selection,
                {n.id: _person(n) for n in people},
                counts,
            )

    async def _closed(
        self, session: AsyncSession, round_id: int, now: datetime
    ) -> tuple[VoteRound, list[Nomination], dict[int, int], Selection] | RoundRefusal:
        """A closed round with its candidates, their votes and the proposed final list."""
        vote_round = await session.get(VoteRound, round_id)
        if vote_round is None:
            return RoundRefusal.FORGED
        state = state_of(vote_round, now)
        if state is not RoundState.CLOSED:
            return RoundRefusal.STILL_OPEN
        people = await store.candidates(session, vote_round.id)
        counts = await store.counts(session, vote_round.id)
        return vote_round, people, counts, self._select(people, counts, vote_round.seed)

    def _select(self, people: list[Nomination], counts: dict[int, int], seed: str) -> Selection:
        candidates = [
            Candidate(n.id, counts.get(n.id, 0), n.region_code, n.gender, n.ethnicity)
            for n in people
        ]
        rules = Rules(
            seats=self.settings.final_list_size,
            regional=self.settings.regional_seats,
            min_gender_share=self.settings.min_gender_share,
            seed=seed,
        )
        return select_list(candidates, self.populations, rules)

    async def approve(self, uow: UnitOfWork, round_id: int, by: int) -> Approved | RoundRefusal:
        """Settle every candidate of a closed round, selected or not (audited), once; each
        nominator is told in their own language."""
        try:
            async with uow.transaction() as session:
                closed = await self._closed(session, round_id, uow.now())
                if isinstance(closed, RoundRefusal):
                    return closed
                vote_round, _, _, chosen = closed
                selected = {seat.candidate.id for seat in chosen.seats}
                settled = await store.approve(session, vote_round, selected, by, uow.now())
                for nomination in settled:
                    uow.notify(
                        nomination.nominator_id,
                        Text(
                            "final-selected" if nomination.id in selected else "final-not-selected",
                            reference=nomination.reference or "",
                            name=nomination.full_name,
                        ),
                    )
        except store.RoundConflict:
            return RoundRefusal.APPROVED
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
