"""The public vote, as a voter meets it: the way in (verification with one's own contact),
the candidates' cards and list, a search by name, and the press of a vote button. Rounds are
`services.rounds`."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from enum import StrEnum

from sqlalchemy.ext.asyncio import AsyncSession

from config import Settings
from domain.nomination import InvalidInput, Sphere, name_matches, normalise_phone, query_words
from domain.voting import CastResult, RoundState, phone_allowed, round_state, voter_hash
from services.uow import UnitOfWork
from storage import voting as store
from storage.models import Nomination, VoteRound


def state_of(vote_round: VoteRound | store.RoundWindow, now: datetime) -> RoundState:
    """Where a round stands by the server's clock (`domain.voting.round_state`)."""
    return round_state(vote_round.starts_at, vote_round.ends_at, vote_round.closed_at, now)


class Closed(StrEnum):
    """Why the vote cannot be entered, or a button of it pressed."""

    NOT_OPEN = "not_open"
    NOT_VOTER = "not_voter"
    FORGED = "forged"


@dataclass(frozen=True, slots=True)
class Scheduled:
    starts_at: datetime


@dataclass(frozen=True, slots=True)
class NeedsVerification:
    pass


@dataclass(frozen=True, slots=True)
class Card:
    """One candidate's card in a voter's browsing: where they are, who, whether voted."""

    round_id: int
    page: int
    total: int  # 0: nobody matches the filters
    region: str
    sphere: str
    nomination_id: int = 0
    full_name: str = ""
    region_code: str = ""
    candidate_sphere: Sphere | None = None
    story: str = ""
    has_photo: bool = False
    voted: bool = False
    votes: int | None = None  # shown after the round, or during it when the settings say so


@dataclass(frozen=True, slots=True)
class Listed:
    """One candidate as a line of a list: `position` is the place of their card (the page of
    `BrowseCb`) in the view the list was made from."""

    nomination_id: int
    position: int
    full_name: str
    region_code: str
    sphere: Sphere
    voted: bool


@dataclass(frozen=True, slots=True)
class Listing:
    """A page of the round's candidates as lines, under the voter's filters."""

    round_id: int
    page: int
    pages: int
    total: int  # 0: nobody matches the filters
    region: str
    sphere: str
    lines: tuple[Listed, ...]


@dataclass(frozen=True, slots=True)
class Found:
    """What a search by name found among the round's candidates (positions in the unfiltered
    card order): the first `LIST_PAGE` lines of `total`, and the card when only one matches."""

    round_id: int
    query: str
    total: int
    lines: tuple[Listed, ...]
    card: Card | None = None


class BadQuery(StrEnum):
    EMPTY = "empty"  # no letter to look for
    TOO_LONG = "too_long"


LIST_PAGE = 10  # lines on a page of the list, and search results shown at once
QUERY_MOST = 100  # characters of a search by name


# The Kazakh letters a Russian keyboard lacks, as a voter types them there: a search for
# «Асел» finds «Әсел». Both the query and the names are folded alike.
class Verified(StrEnum):
    VERIFIED = "verified"
    NOT_YOURS = "not_yours"
    NOT_ALLOWED = "not_allowed"
    TAKEN = "taken"


@dataclass(frozen=True, slots=True)
class Pressed:
    result: CastResult
    used: int
    limit: int


@dataclass(frozen=True, slots=True)
class Photo:
    file_id: str
    full_name: str
    reference: str


class Voting:
    def __init__(self, settings: Settings) -> None:
        self.settings = settings
        self._secret = (
            settings.vote_secret.get_secret_value().encode() if settings.vote_secret else None
        )

    def _open(self, vote_round: VoteRound | None, now: datetime) -> bool:
        return (
            vote_round is not None
            and self._secret is not None
            and state_of(vote_round, now) is RoundState.OPEN
        )

    async def _barrier(
        self, session: AsyncSession, vote_round: VoteRound | None, user_id: int, now: datetime
    ) -> Scheduled | NeedsVerification | Closed | None:
        """Why this person cannot browse the round now, if anything stops them."""
        if vote_round is None or self._secret is None:
            return Closed.NOT_OPEN
        state = state_of(vote_round, now)
        if state is RoundState.CLOSED:
            return Closed.NOT_OPEN
        if state is RoundState.SCHEDULED:
            return Scheduled(vote_round.starts_at)
        if await store.voter_of(session, user_id) is None:
            return NeedsVerification()
        return None

    async def enter(
        self, uow: UnitOfWork, user_id: int, reference: str | None = None
    ) -> Card | Scheduled | NeedsVerification | Closed:
        """The way into the vote: why it is not open, verification first, or the first card
        (the card of `reference`, for a shared link)."""
        async with uow.transaction() as session:
            vote_round = await store.active_round(session)
            now = uow.now()
            if (barrier := await self._barrier(session, vote_round, user_id, now)) is not None:
                return barrier
            assert vote_round is not None
            page = 0
            if reference:
                order = await store.candidate_ids(session, vote_round.id)
                wanted = await store.nomination_id_of(session, reference)
                page = order.index(wanted) if wanted in order else 0
            return await self._card(session, vote_round, user_id, page, "", "", now)

    async def find(
        self, uow: UnitOfWork, user_id: int, query: str
    ) -> Found | BadQuery | Scheduled | NeedsVerification | Closed:
        """The candidates of the running round whose names hold every word typed: the card
        when one matches, lines when several do."""
        query = " ".join(query.split())
        if len(query) > QUERY_MOST:
            return BadQuery.TOO_LONG
        words = query_words(query)
        if not words:
            return BadQuery.EMPTY
        async with uow.transaction() as session:
            vote_round = await store.active_round(session)
            now = uow.now()
            if (barrier := await self._barrier(session, vote_round, user_id, now)) is not None:
                return barrier
            assert vote_round is not None
            everyone = await store.candidate_lines(session, vote_round.id)
            matching = [
                (position, line)
                for position, line in enumerate(everyone)
                if name_matches(words, line.full_name)
            ]
            if len(matching) == 1:
                position, _ = matching[0]
                card = await self._card(session, vote_round, user_id, position, "", "", now)
                return Found(vote_round.id, query, 1, (), card)
            mine = await self._mine(session, vote_round.id, user_id)
        lines = tuple(_listed(position, line, mine) for position, line in matching[:LIST_PAGE])
        return Found(vote_round.id, query, len(matching), lines)

    async def listing(
        self, uow: UnitOfWork, user_id: int, round_id: int, page: int, region: str, sphere: str
    ) -> Listing | Closed:
        """A page of the round's candidates as lines (name, region, sphere), in card order."""
        async with uow.transaction() as session:
            vote_round = await session.get(VoteRound, round_id)
            if vote_round is None or not self._open(vote_round, uow.now()):
                return Closed.NOT_OPEN
            people = await store.candidate_lines(session, round_id, region, sphere)
            mine = await self._mine(session, round_id, user_id) if people else set()
        pages = max(1, -(-len(people) // LIST_PAGE))
        page = min(max(page, 0), pages - 1)
        first = page * LIST_PAGE
        lines = tuple(
            _listed(position, people[position], mine)
            for position in range(first, min(first + LIST_PAGE, len(people)))
        )
        return Listing(round_id, page, pages, len(people), region, sphere, lines)

    async def _mine(self, session: AsyncSession, round_id: int, user_id: int) -> set[int]:
        assert self._secret is not None
        return await store.chosen_by(session, round_id, voter_hash(self._secret, user_id))

    async def verify(
        self, uow: UnitOfWork, user_id: int, contact_user_id: int | None, phone: str
    ) -> Verified:
        """A voter is someone who shared their own contact with an allowed phone; one phone
        verifies one account."""
        if contact_user_id != user_id:
            return Verified.NOT_YOURS
        try:
            phone = normalise_phone(phone)
        except InvalidInput:
            phone = ""
        if not phone_allowed(phone, self.settings.voter_phone_prefixes):
            return Verified.NOT_ALLOWED
        try:
            async with uow.transaction() as session:
                await store.register_voter(session, user_id, phone, uow.now())
        except store.PhoneTaken:
            return Verified.TAKEN
        return Verified.VERIFIED

    async def card(
        self, uow: UnitOfWork, user_id: int, round_id: int, page: int, region: str, sphere: str
    ) -> Card | Closed:
        async with uow.transaction() as session:
            vote_round = await session.get(VoteRound, round_id)
            now = uow.now()
            if vote_round is None or not self._open(vote_round, now):
                return Closed.NOT_OPEN
            return await self._card(session, vote_round, user_id, page, region, sphere, now)

    async def is_open(self, uow: UnitOfWork, round_id: int) -> bool:
        async with uow.transaction() as session:
            return self._open(await session.get(VoteRound, round_id), uow.now())

    async def _card(
        self,
        session: AsyncSession,
        vote_round: VoteRound,
        user_id: int,
        page: int,
        region: str,
        sphere: str,
        now: datetime,
    ) -> Card:
        assert self._secret is not None
        people = await store.candidate_ids(session, vote_round.id, region, sphere)
        if not people:
            return Card(vote_round.id, 0, 0, region, sphere)
        page = min(max(page, 0), len(people) - 1)
        person = await session.get(Nomination, people[page])
        assert person is not None
        mine = await self._mine(session, vote_round.id, user_id)
        state = state_of(vote_round, now)
        votes = None
        if self.settings.show_results_during_round or state is RoundState.CLOSED:
            votes = (await store.counts(session, vote_round.id)).get(person.id, 0)
        return Card(
            vote_round.id,
            page,
            len(people),
            region,
            sphere,
            person.id,
            person.full_name,
            person.region_code,
            Sphere(person.sphere),
            person.story,
            bool(person.photo_file_id),
            person.id in mine,
            votes,
        )

    async def press(
        self, uow: UnitOfWork, user_id: int, round_id: int, nomination_id: int, cast: bool
    ) -> Pressed | Closed:
        """A vote, or its withdrawal, by the server's clock in an open round. Pressing twice
        counts once; the limit per voter holds however many press at once."""
        if self._secret is None:
            return Closed.NOT_OPEN
        limit = self.settings.votes_per_voter
        voter = voter_hash(self._secret, user_id)
        async with uow.transaction() as session:
            now = uow.now()
            if cast:  # the busy path: one statement checks and counts
                counted = await store.cast(
                    session, round_id, nomination_id, user_id, voter, limit, now
                )
                if counted is not None:
                    return Pressed(*counted, limit)
            window, candidate, is_voter = await store.vote_context(
                session, round_id, nomination_id, user_id
            )
            if window is None or (state_of(window, now) is not RoundState.OPEN):
                return Closed.NOT_OPEN
            if not is_voter:
                return Closed.NOT_VOTER
            if not candidate:
                return Closed.FORGED
            result, used = await store.withdraw(session, round_id, nomination_id, voter)
        return Pressed(result, used, limit)

    async def photo(self, uow: UnitOfWork, round_id: int, nomination_id: int) -> Photo | None:
        async with uow.transaction() as session:
            nomination = await session.get(Nomination, nomination_id)
            if (
                nomination is None
                or not nomination.photo_file_id
                or not await store.in_round(session, round_id, nomination.id)
            ):
                return None
            return Photo(nomination.photo_file_id, nomination.full_name, nomination.reference or "")


def _listed(position: int, line: store.CandidateLine, mine: set[int]) -> Listed:
    return Listed(
        line.id, position, line.full_name, line.region_code, Sphere(line.sphere), line.id in mine
    )
