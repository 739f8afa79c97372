"""A desk's list: one page of it as the person narrowed it (search, filters, page, the
cases selected for a bulk action), the counts shown as the desk opens, and the next case
nobody else holds, which every decision opens at once."""

from __future__ import annotations

from dataclasses import asdict, dataclass, replace
from datetime import date, datetime, time, timedelta
from typing import Any

from domain.nomination import (
    InvalidInput,
    Search,
    Source,
    Sphere,
    Status,
    parse_period,
    parse_search,
)
from domain.pipeline import DESKS, Role
from domain.regions import Region
from services.desks.cases import Case, DeskCases
from services.refusals import Refusal
from services.texts import Text
from storage import identity, pipeline
from storage.pipeline import Scope

PAGE_SIZE = 8
NEXT_TRIES = 20  # cases looked at for the next one nobody else holds


@dataclass(frozen=True, slots=True)
class View:
    """A desk's list as one person narrowed it, kept between pages (in their chat's state):
    a search, filters, the page, and the cases selected for a bulk action. Parsed once from
    the chat's state (`of`), whatever was kept there."""

    text: str = ""  # the search as typed: a reference, a phone or a name
    status: str = ""
    region: str = ""
    sphere: str = ""
    source: str = ""
    since: str = ""  # ISO dates, submitted between (inclusive)
    until: str = ""
    page: int = 0
    selecting: bool = False
    selected: tuple[int, ...] = ()

    @classmethod
    def of(cls, data: Any) -> View:
        """The view kept in chat state (whatever is missing or malformed is left out)."""
        if not isinstance(data, dict):
            return cls()
        known = {
            name: data[name]
            for name in ("text", "status", "region", "sphere", "source", "since", "until")
            if isinstance(data.get(name), str)
        }
        page = data.get("page")
        selected = data.get("selected")
        return cls(
            **known,
            page=page if isinstance(page, int) and page >= 0 else 0,
            selecting=data.get("selecting") is True,
            selected=tuple(i for i in selected if isinstance(i, int))
            if isinstance(selected, list)
            else (),
        )

    def data(self) -> dict[str, Any]:
        """The view as chat state keeps it (JSON)."""
        return {**asdict(self), "selected": list(self.selected)}

    # What a person types for the list: each raises InvalidInput when it cannot be taken.

    def searching(self, text: str) -> View:
        """A search (a reference, a phone or a name), from the first page."""
        parse_search(text)
        return replace(self, text=" ".join(text.split()), page=0)

    def at_page(self, text: str) -> View:
        """A page number as typed (from 1); past the end the list shows its last page."""
        if not text.strip().isdigit() or int(text) < 1:
            raise InvalidInput("page")
        return replace(self, page=int(text) - 1)

    def submitted_within(self, text: str) -> View:
        """A period the cases were submitted in, from the first page."""
        since, until = parse_period(text)
        return replace(
            self,
            since=since.isoformat() if since else "",
            until=until.isoformat() if until else "",
            page=0,
        )

    @property
    def narrowed(self) -> bool:
        return any(
            (self.text, self.status, self.region, self.sphere, self.source, self.since, self.until)
        )


@dataclass(frozen=True, slots=True)
class QueueItem:
    nomination_id: int
    reference: str
    full_name: str
    region_code: str
    held_by: str | None  # the member working it, when not this person
    selected: bool
    conflicts: tuple[str, ...] = ()  # an identity conflict: the other cases' references


@dataclass(frozen=True, slots=True)
class QueuePage:
    role: Role
    items: list[QueueItem]
    total: int
    page: int
    view: View
    by_status: dict[Status, int]  # when the desk opens
    by_region: dict[str, int]
    regions: tuple[Region, ...] = ()  # every region, for their names and the counts' order

    @property
    def pages(self) -> int:
        return max(1, -(-self.total // PAGE_SIZE))


# After a decision: the next case of the person's list, or the list itself when none is left.
Next = Case | QueuePage


class NoNextCase(Refusal):
    """Nothing in the list is free to work."""


class Queue(DeskCases):
    def scope(self, role: Role, view: View, free_since: datetime | None = None) -> Scope:
        """What `view` of `role`'s desk holds for this person."""
        search = None
        if view.text:
            try:
                search = parse_search(view.text)
            except InvalidInput:  # kept from an older rule: shows nothing rather than all
                search = Search(words=("\x00",))
        tz = self.config.tz
        since = until = None
        if view.since:
            since = datetime.combine(date.fromisoformat(view.since), time(), tz)
        if view.until:
            until = datetime.combine(date.fromisoformat(view.until) + timedelta(days=1), time(), tz)
        return Scope(
            DESKS[role],
            self.person,
            regions=self.staff.regions() if role is Role.VERIFIER else None,
            not_concluded=role is Role.EXPERT,
            status=Status(view.status) if view.status in DESKS[role] else None,
            region=view.region or None,
            sphere=Sphere(view.sphere) if view.sphere in set(Sphere) else None,
            source=Source(view.source) if view.source in set(Source) else None,
            since=since,
            until=until,
            search=search,
            free_since=free_since,
        )

    async def page(self, role: Role, view: View, counts: bool = False) -> QueuePage:
        """One page of the desk's list as the person narrowed it (`counts`: with how many
        wait per status and region, as the desk opens)."""
        scope = self.scope(role, view)
        async with self.uow.transaction() as session:
            nominations, total = await pipeline.queue(
                session, scope, offset=view.page * PAGE_SIZE, limit=PAGE_SIZE
            )
            if not nominations and total:  # past the end: the last page
                view = replace(view, page=max(0, -(-total // PAGE_SIZE) - 1))
                nominations, total = await pipeline.queue(
                    session, scope, offset=view.page * PAGE_SIZE, limit=PAGE_SIZE
                )
            free_since = self.free_since(self.now())
            holders = {
                n.id: n.claimed_by
                for n in nominations
                if n.claimed_by not in (None, self.person)
                and n.claimed_at is not None
                and n.claimed_at >= free_since
            }
            names = await pipeline.first_names(session, holders.values())
            rows = await pipeline.breakdown(session, scope) if counts else []
            conflicts = await identity.identity_conflicts(session, [n.id for n in nominations])
        items = [
            QueueItem(
                n.id,
                n.reference or "",
                n.full_name,
                n.region_code,
                names.get(holders[n.id], "") if n.id in holders else None,
                n.id in view.selected,
                tuple(conflicts.get(n.id, ())),
            )
            for n in nominations
        ]
        by_status: dict[Status, int] = {}
        by_region: dict[str, int] = {}
        for status, region, count in rows:
            by_status[status] = by_status.get(status, 0) + count
            by_region[region] = by_region.get(region, 0) + count
        return QueuePage(role, items, total, view.page, view, by_status, by_region, self.regions)

    async def next_case(self, role: Role, view: View) -> Case:
        """The oldest case of the person's list that nobody else holds, opened for them."""
        found = await self._next_case(role, view)
        if found is None:
            raise NoNextCase(Text("desk-next-none"))
        return found

    async def after(self, role: Role, view: View) -> Next:
        """What follows a decision: the next case at once, or the list's first page."""
        found = await self._next_case(role, view)
        return found if found is not None else await self.page(role, replace(view, page=0))

    async def _next_case(self, role: Role, view: View) -> Case | None:
        now = self.now()
        scope = self.scope(role, view, self.free_since(now))
        async with self.uow.transaction() as session:
            for nomination_id in await pipeline.matching_ids(session, scope, NEXT_TRIES):
                try:
                    found = await self.find(session, role, nomination_id, now)
                except Refusal:  # taken meanwhile, or not this person's to work: the next
                    continue
                return await self.case(session, role, found, claimed=now)
        return None
