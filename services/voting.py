"""The public vote, as a voter meets it: the way in (verification with one's own contact),
the candidates' cards and list, a search by name, and the press of a vote button. Rounds are
`services.rounds`."""

from __future__ import annotations

from dataclasses import dataclass, replace
from datetime import datetime

from sqlalchemy.ext.asyncio import AsyncSession

from domain.nomination import InvalidInput, Sphere, name_matches, normalise_phone, query_words
from domain.regions import Region
from domain.voting import CastResult, RoundState, phone_allowed, round_state, voter_key
from services.context import UseCases
from services.refusals import Forged, Refusal
from services.texts import Text
from storage import vote_cards as cards
from storage import voting as store
from storage.models import Nomination
from storage.vote_tables import VoteRound

LIST_PAGE = 10  # lines on a page of the list, and search results shown at once
QUERY_MOST = 100  # characters of a search by name


def state_of(vote_round: VoteRound | store.RoundWindow, now: datetime) -> RoundState:
    """Where a round stands by the server's clock (`domain.voting.round_state`)."""
    return round_state(vote_round.starts_at, vote_round.ends_at, vote_round.closed_at, now)


class VoteClosed(Refusal):
    """A button of a round that is not open (any more, or at all)."""

    def __init__(self) -> None:
        super().__init__(Text("vote-closed"))


class NotVoter(Refusal):
    """A vote pressed by someone who has not verified as a voter."""

    def __init__(self) -> None:
        super().__init__(Text("vote-verify-first"))


@dataclass(frozen=True, slots=True)
class Where:
    """Where a voter is in a round: a place (a card's, or a page of the list) under the
    filters ("" is any). The screens' buttons carry it (`bot.callbacks.RoundView`)."""

    round_id: int
    page: int = 0
    region: str = ""
    sphere: str = ""


# The way into the vote, when it is not the cards.


@dataclass(frozen=True, slots=True)
class NotOpen:
    pass


@dataclass(frozen=True, slots=True)
class Scheduled:
    starts_at: datetime  # in the project's time zone


@dataclass(frozen=True, slots=True)
class NeedsVerification:
    pass


@dataclass(frozen=True, slots=True)
class Card:
    """One candidate's card in a voter's browsing: where they are, who, whether voted."""

    where: Where  # its page: the card's place
    total: int  # 0: nobody matches the filters
    nomination_id: int = 0
    full_name: str = ""
    region: Region | None = None
    sphere: Sphere | None = None
    story: str = ""
    has_photo: bool = False
    voted: bool = False
    votes: int | None = None  # shown after the round, or during it when the settings say so
    receipts: bool = False  # the voter can ask for their receipts (RECEIPTS is not off)


Entry = Card | Scheduled | NeedsVerification | NotOpen


@dataclass(frozen=True, slots=True)
class Listed:
    """One candidate as a line of a list: `position` is the place of their card (the page of
    `Where`) in the view the list was made from."""

    nomination_id: int
    position: int
    full_name: str
    region: Region
    sphere: Sphere
    voted: bool


@dataclass(frozen=True, slots=True)
class Listing:
    """A page of the round's candidates as lines, under the voter's filters."""

    where: Where  # its page: the list's
    pages: int
    total: int  # 0: nobody matches the filters
    lines: tuple[Listed, ...]
    region: Region | None  # the region filtered by


@dataclass(frozen=True, slots=True)
class Found:
    """What a search by name found among the round's candidates (positions in the unfiltered
    card order): the first `LIST_PAGE` lines of `total`, and the card when only one matches."""

    round_id: int
    query: str
    total: int
    lines: tuple[Listed, ...]
    card: Card | None = None


@dataclass(frozen=True, slots=True)
class Verification:
    """A voter's shared contact taken: the vote they now enter, or None when their phone
    verifies another account already."""

    entry: Entry | None


@dataclass(frozen=True, slots=True)
class Pressed:
    result: CastResult
    used: int
    limit: int
    receipt: str = ""  # the ballot's receipt, when receipts are shown (not with RECEIPTS=off)
    receipts: bool = False  # whether receipts are shown (a withdrawal voids one)


@dataclass(frozen=True, slots=True)
class Receipts:
    """A voter's ballots in a round with their receipt codes, in card order (empty: no
    ballot, or receipts are off)."""

    round_id: int
    lines: tuple[store.Receipt, ...]
    closed: bool
    off: bool = False  # RECEIPTS=off: none are shown


@dataclass(frozen=True, slots=True)
class Photo:
    file_id: str
    full_name: str
    reference: str


class Voting(UseCases):
    @property
    def _secret(self) -> bytes | None:
        secret = self.config.vote_secret
        return secret.get_secret_value().encode() if secret else None

    def _region(self, code: str) -> Region:
        """A region by its code; an unknown code stands for itself in every language."""
        return next(
            (region for region in self.regions if region.code == code),
            Region(code, {"en": code}, None),
        )

    def _open(self, vote_round: VoteRound | None) -> bool:
        return (
            vote_round is not None
            and self._secret is not None
            and state_of(vote_round, self.now()) is RoundState.OPEN
        )

    async def _barrier(
        self, session: AsyncSession, vote_round: VoteRound | None
    ) -> Scheduled | NeedsVerification | NotOpen | None:
        """Why this person cannot browse the round now, if anything stops them."""
        if vote_round is None or self._secret is None:
            return NotOpen()
        state = state_of(vote_round, self.now())
        if state is RoundState.CLOSED:
            return NotOpen()
        if state is RoundState.SCHEDULED:
            return Scheduled(vote_round.starts_at.astimezone(self.config.tz))
        if await store.voter_of(session, self.person) is None:
            return NeedsVerification()
        return None

    async def enter(self, reference: str | None = None) -> Entry:
        """The way into the vote: why it is not open, verification first, or the first card
        (the card of `reference`, for a shared link)."""
        async with self.uow.transaction() as session:
            vote_round = await store.active_round(session)
            if (barrier := await self._barrier(session, vote_round)) is not None:
                return barrier
            assert vote_round is not None
            page = 0
            if reference:
                page = await cards.place_of(session, vote_round.id, reference) or 0
            return await self._card(session, vote_round, Where(vote_round.id, page))

    async def verify(self, contact_user_id: int | None, phone: str) -> Verification:
        """A voter is someone who shared their own contact with an allowed phone; one phone
        verifies one account. Verified, they enter the vote."""
        if contact_user_id != self.person:
            raise Refusal(Text("vote-contact-not-yours"))
        try:
            phone = normalise_phone(phone)
        except InvalidInput:
            phone = ""
        prefixes = self.config.voter_phone_prefixes
        if not phone_allowed(phone, prefixes):
            raise Refusal(Text("vote-phone-not-allowed", prefixes=", ".join(prefixes)))
        try:
            async with self.uow.transaction() as session:
                await store.register_voter(session, self.person, phone, self.now())
        except store.PhoneTaken:
            return Verification(None)
        self.uow.person_changed(self.person)  # a voter now: the row as read says otherwise
        return Verification(await self.enter())

    async def find(self, query: str) -> Found | Scheduled | NeedsVerification | NotOpen:
        """The candidates of the running round whose names hold every word typed: the card
        when one matches, lines when several do."""
        query = " ".join(query.split())
        if len(query) > QUERY_MOST:
            raise Refusal(Text("vote-search-too-long", limit=QUERY_MOST))
        words = query_words(query)
        if not words:
            raise Refusal(Text("vote-search-empty"))
        async with self.uow.transaction() as session:
            vote_round = await store.active_round(session)
            if (barrier := await self._barrier(session, vote_round)) is not None:
                return barrier
            assert vote_round is not None
            everyone = await cards.candidate_lines(session, vote_round.id)
            matching = [
                (position, line)
                for position, line in enumerate(everyone)
                if name_matches(words, line.full_name)
            ]
            if len(matching) == 1:
                position, _ = matching[0]
                card = await self._card(session, vote_round, Where(vote_round.id, position))
                return Found(vote_round.id, query, 1, (), card)
            mine = await self._mine(session, vote_round.id)
        lines = tuple(self._listed(position, line, mine) for position, line in matching[:LIST_PAGE])
        return Found(vote_round.id, query, len(matching), lines)

    async def view(self, where: Where, as_list: bool) -> Card | Listing:
        """The round's candidates under the filters: the card at `where`, or the page of the
        list there (in card order)."""
        async with self.uow.transaction() as session:
            vote_round = await session.get(VoteRound, where.round_id)
            if vote_round is None or not self._open(vote_round):
                raise VoteClosed()
            if not as_list:
                return await self._card(session, vote_round, where)
            total = await cards.how_many(session, where.round_id, where.region, where.sphere)
            pages = max(1, -(-total // LIST_PAGE))
            page = min(max(where.page, 0), pages - 1)
            first = page * LIST_PAGE
            people = await cards.candidate_lines(
                session, where.round_id, where.region, where.sphere, first, LIST_PAGE
            )
            mine = await self._mine(session, where.round_id) if people else set()
        lines = tuple(
            self._listed(first + offset, line, mine) for offset, line in enumerate(people)
        )
        region = self._region(where.region) if where.region else None
        return Listing(replace(where, page=page), pages, total, lines, region)

    async def filters(self, round_id: int) -> tuple[Region, ...]:
        """The regions to filter the round by (the spheres are `Sphere`), while it is open."""
        await self.require_open(round_id)
        return self.regions

    async def require_open(self, round_id: int) -> None:
        async with self.uow.transaction() as session:
            if not self._open(await session.get(VoteRound, round_id)):
                raise VoteClosed()

    async def _mine(self, session: AsyncSession, round_id: int) -> set[int]:
        assert self._secret is not None
        voter = voter_key(self._secret, round_id, self.person)
        return await store.chosen_by(session, round_id, voter)

    def _listed(self, position: int, line: cards.CandidateLine, mine: set[int]) -> Listed:
        return Listed(
            line.id,
            position,
            line.full_name,
            self._region(line.region_code),
            Sphere(line.sphere),
            line.id in mine,
        )

    async def _card(self, session: AsyncSession, vote_round: VoteRound, where: Where) -> Card:
        """The card at `where`: indexed queries for the place, the count and the candidate,
        whatever the size of the round."""
        total = await cards.how_many(session, vote_round.id, where.region, where.sphere)
        if not total:
            return Card(replace(where, page=0), 0)
        page = min(max(where.page, 0), total - 1)
        person = await cards.card_at(session, vote_round.id, page, where.region, where.sphere)
        assert person is not None
        mine = await self._mine(session, vote_round.id)
        votes = None
        if (
            self.config.show_results_during_round
            or state_of(vote_round, self.now()) is RoundState.CLOSED
        ):
            votes = await store.count_for(session, vote_round.id, person.id)
        return Card(
            replace(where, page=page),
            total,
            person.id,
            person.full_name,
            self._region(person.region_code),
            Sphere(person.sphere),
            person.story,
            bool(person.photo_file_id),
            person.id in mine,
            votes,
            self._receipts_on,
        )

    async def press(self, round_id: int, nomination_id: int, cast: bool) -> Pressed:
        """A vote, or its withdrawal, by the server's clock in an open round. Pressing twice
        counts once; the limit per voter holds however many press at once. A press on a
        round that is not open answers that, whatever else would be said.

        "Is this a voter" is asked by the person's id alone; the ballot's statements carry
        only the round, the candidate and the voter's per-round key, so no statement (nor a
        failing one logged) puts a Telegram id beside a candidate."""
        secret = self._secret
        if secret is None:
            raise VoteClosed()
        limit = self.config.votes_per_voter
        # Read with the update's person row (remembered per process on SQLite): no statement
        # of its own on the busiest path. A "no" is asked again of the database, in case the
        # remembered row predates a verification made elsewhere.
        known_voter = (await self.uow.person(self.person)).is_voter
        async with self.uow.transaction() as session:
            now = self.now()
            if not known_voter and not await store.is_voter(session, self.person):
                window, _ = await store.vote_context(session, round_id, nomination_id)
                if window is None or state_of(window, now) is not RoundState.OPEN:
                    raise VoteClosed()
                raise NotVoter()
            voter = voter_key(secret, round_id, self.person)
            if cast:  # the busy path: one statement checks and counts
                done = await store.cast(session, round_id, nomination_id, voter, limit, now)
                if done is not None:
                    receipt = done.receipt if self._receipts_on else ""
                    return Pressed(done.result, done.used, limit, receipt, self._receipts_on)
            window, candidate = await store.vote_context(session, round_id, nomination_id)
            if window is None or state_of(window, now) is not RoundState.OPEN:
                raise VoteClosed()
            if not candidate or cast:
                raise Forged()
            result, used = await store.withdraw(session, round_id, nomination_id, voter)
        return Pressed(result, used, limit, "", self._receipts_on)

    @property
    def _receipts_on(self) -> bool:
        return self.config.receipts != "off"

    async def receipts(self, round_id: int) -> Receipts:
        """The person's receipts in a round, open or closed: their ballots found by their
        per-round key, recomputed here from VOTE_SECRET (the database ties a receipt only to
        its ballot, never to a person)."""
        secret = self._secret
        async with self.uow.transaction() as session:
            vote_round = await session.get(VoteRound, round_id)
            if vote_round is None or secret is None:
                raise Forged()
            closed = state_of(vote_round, self.now()) is RoundState.CLOSED
            if not self._receipts_on:
                return Receipts(round_id, (), closed, off=True)
            voter = voter_key(secret, round_id, self.person)
            lines = tuple(await store.receipts(session, round_id, voter))
        return Receipts(round_id, lines, closed)

    async def photo(self, round_id: int, nomination_id: int) -> Photo:
        async with self.uow.transaction() as session:
            nomination = await session.get(Nomination, nomination_id)
            if (
                nomination is None
                or not nomination.photo_file_id
                or not await store.in_round(session, round_id, nomination.id)
            ):
                raise Forged()
            return Photo(nomination.photo_file_id, nomination.full_name, nomination.reference or "")
