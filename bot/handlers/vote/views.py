"""What the voter sees, as pure functions of what `services.voting` returned: the way in, a
candidate's card, the list of lines, what a search found, the filters' choices and the answer
to a vote button."""

from __future__ import annotations

from typing import Any, TypeVar

from aiogram.types import InlineKeyboardMarkup, ReplyKeyboardMarkup
from aiogram.utils.formatting import Code, Text, as_line, as_list
from aiogram.utils.keyboard import InlineKeyboardBuilder

from bot import keyboards
from bot.callbacks import (
    BrowseCb,
    FilterCb,
    FilterKind,
    ListCb,
    ListFilterCb,
    PhotoCb,
    ReceiptsCb,
    RoundView,
    SearchCb,
    VoteCb,
)
from bot.i18n import I18n
from bot.render import excerpt, long_moment, zone
from domain.nomination import Sphere
from domain.regions import Region, in_order
from domain.voting import CastResult
from services.keys import SPHERE_KEYS, keys_for
from services.voting import (
    LIST_PAGE,
    Card,
    Entry,
    Found,
    Listed,
    Listing,
    NeedsVerification,
    NotOpen,
    Pressed,
    Receipts,
    Scheduled,
    Where,
)

STORY_EXCERPT = 500
# What a press did; the limit's text names the limit (`vote_answer`).
RESULT_KEYS = keys_for(
    tuple(result for result in CastResult if result is not CastResult.LIMIT), "vote-result-{}"
)
FILTER_KEYS = keys_for(FilterKind, "vote-filter-{}")
NUMBERS_IN_A_ROW = 5

Markup = InlineKeyboardMarkup | ReplyKeyboardMarkup | None
View = TypeVar("View", bound=RoundView)


def where(data: RoundView) -> Where:
    """The place and filters a button of the vote carries."""
    return Where(data.round_id, data.page, data.region, data.sphere)


def at(view: type[View], place: Where, page: int | None = None, **fields: Any) -> View:
    """A button of `view` that keeps the voter's round and filters (at `page`, if given),
    with the fields of its own."""
    return view(
        round_id=place.round_id,
        page=place.page if page is None else page,
        region=place.region,
        sphere=place.sphere,
        **fields,
    )


def entry(i18n: I18n, shown: Entry) -> tuple[str, Markup]:
    """The way into the vote: why it is not open, verification, or the first card."""
    if isinstance(shown, NotOpen):
        return i18n.get("vote-not-open"), keyboards.main_menu(i18n)
    if isinstance(shown, Scheduled):
        tz = shown.starts_at.tzinfo
        assert tz is not None  # the project's zone, as the service gives it
        starts = long_moment(shown.starts_at, tz, i18n.locale)
        return i18n.get("vote-scheduled", starts=starts, tz=zone(i18n.core, i18n.locale, tz)), None
    if isinstance(shown, NeedsVerification):
        return i18n.get("vote-verify"), keyboards.share_contact(i18n)
    return card(i18n, shown)


def view(i18n: I18n, shown: Card | Listing) -> tuple[str, InlineKeyboardMarkup]:
    return card(i18n, shown) if isinstance(shown, Card) else listing(i18n, shown)


def _lines(i18n: I18n, lines: tuple[Listed, ...]) -> str:
    """Candidates as numbered lines (their cards' places): name, region, sphere; ✅ where the
    voter has voted."""
    return "\n".join(
        ("✅ " if line.voted else "")
        + i18n.get(
            "vote-list-line",
            number=line.position + 1,
            name=line.full_name,
            region=line.region.name(i18n.locale),
            sphere=i18n.get(SPHERE_KEYS[line.sphere]),
        )
        for line in lines
    )


def _numbers(builder: InlineKeyboardBuilder, lines: tuple[Listed, ...], place: Where) -> list[int]:
    """A short button per line that opens its card (at the line's place under `place`'s
    filters); the row sizes they take."""
    for line in lines:
        builder.button(
            text=str(line.position + 1), callback_data=at(BrowseCb, place, line.position)
        )
    return [min(NUMBERS_IN_A_ROW, len(lines) - i) for i in range(0, len(lines), NUMBERS_IN_A_ROW)]


def _filter_buttons(
    builder: InlineKeyboardBuilder, i18n: I18n, place: Where, choose: type[RoundView]
) -> None:
    for kind, key in FILTER_KEYS.items():
        builder.button(text=i18n.get(key), callback_data=at(choose, place, 0, kind=kind))


def _none_found(
    builder: InlineKeyboardBuilder, i18n: I18n, cleared: RoundView
) -> tuple[str, InlineKeyboardMarkup]:
    builder.button(text=i18n.get("vote-filter-clear"), callback_data=cleared)
    keyboards.fitted(builder, 2, 1)
    return i18n.get("vote-none-found"), builder.as_markup()


def card(i18n: I18n, shown: Card) -> tuple[str, InlineKeyboardMarkup]:
    builder = InlineKeyboardBuilder()
    place = shown.where
    if not shown.total:
        _filter_buttons(builder, i18n, place, FilterCb)
        return _none_found(builder, i18n, BrowseCb(round_id=place.round_id))
    assert shown.sphere is not None and shown.region is not None
    text = i18n.get(
        "vote-card",
        position=place.page + 1,
        total=shown.total,
        name=shown.full_name,
        region=shown.region.name(i18n.locale),
        sphere=i18n.get(SPHERE_KEYS[shown.sphere]),
        story=excerpt(shown.story, STORY_EXCERPT),
    )
    if shown.votes is not None:
        text += "\n\n" + i18n.get("vote-card-votes", count=shown.votes)
    vote = at(VoteCb, place, nomination_id=shown.nomination_id, cast=not shown.voted)
    builder.button(
        text=i18n.get("vote-withdraw" if shown.voted else "vote-cast"), callback_data=vote
    )
    sizes = [1]
    moves = keyboards.pager(
        builder, place.page, shown.total, lambda page: at(BrowseCb, place, page), ends=False
    )
    sizes += [moves] if moves else []
    _filter_buttons(builder, i18n, place, FilterCb)
    builder.button(text=i18n.get("vote-search"), callback_data=at(SearchCb, place))
    builder.button(
        text=i18n.get("vote-view-list"), callback_data=at(ListCb, place, place.page // LIST_PAGE)
    )
    sizes += [2, 2]
    if shown.has_photo:
        builder.button(
            text=i18n.get("vote-photo"),
            callback_data=PhotoCb(round_id=place.round_id, nomination_id=shown.nomination_id),
        )
        sizes.append(1)
    if shown.receipts:
        builder.button(
            text=i18n.get("receipts-button"), callback_data=ReceiptsCb(round_id=place.round_id)
        )
        sizes.append(1)
    keyboards.fitted(builder, *sizes)
    return text, builder.as_markup()


def listing(i18n: I18n, shown: Listing) -> tuple[str, InlineKeyboardMarkup]:
    """A page of candidates as lines, numbered by their cards' places, with the filters."""
    builder = InlineKeyboardBuilder()
    place = shown.where
    _filter_buttons(builder, i18n, place, ListFilterCb)
    if not shown.total:
        return _none_found(builder, i18n, ListCb(round_id=place.round_id))
    first = shown.lines[0].position
    text = i18n.get(
        "vote-list-title", first=first + 1, last=first + len(shown.lines), total=shown.total
    )
    chosen = []
    if shown.region is not None:
        chosen.append("📍 " + shown.region.name(i18n.locale))
    if place.sphere in SPHERE_KEYS:
        chosen.append("🏷 " + i18n.get(SPHERE_KEYS[Sphere(place.sphere)]))
    if chosen:
        text += "\n" + " · ".join(chosen)
    text += "\n\n" + _lines(i18n, shown.lines)
    sizes = [2, *_numbers(builder, shown.lines, place)]
    moves = keyboards.pager(
        builder, place.page, shown.pages, lambda page: at(ListCb, place, page), ends=False
    )
    sizes += [moves] if moves else []
    builder.button(text=i18n.get("vote-search"), callback_data=at(SearchCb, place, first))
    builder.button(text=i18n.get("vote-view-cards"), callback_data=at(BrowseCb, place, first))
    sizes.append(2)
    keyboards.fitted(builder, *sizes)
    return text, builder.as_markup()


def found(i18n: I18n, shown: Found) -> tuple[str, InlineKeyboardMarkup]:
    """What a search by name found: the card when one matched, else the matches as lines."""
    if shown.card is not None:
        return card(i18n, shown.card)
    builder = InlineKeyboardBuilder()
    everyone = Where(shown.round_id)
    if not shown.total:
        text = i18n.get("vote-search-none", query=shown.query)
        sizes = []
    else:
        text = i18n.get("vote-search-found", query=shown.query, count=shown.total)
        text += "\n\n" + _lines(i18n, shown.lines)
        if shown.total > len(shown.lines):
            text += "\n\n" + i18n.get("vote-search-more", shown=len(shown.lines))
        sizes = _numbers(builder, shown.lines, everyone)
    builder.button(
        text=i18n.get("vote-search-again"), callback_data=SearchCb(round_id=shown.round_id)
    )
    builder.button(text=i18n.get("vote-view-cards"), callback_data=at(BrowseCb, everyone))
    keyboards.fitted(builder, *sizes, 2)
    return text, builder.as_markup()


def filter_choices(
    i18n: I18n, pressed: FilterCb | ListFilterCb, regions: tuple[Region, ...]
) -> InlineKeyboardMarkup:
    """The regions or the spheres to filter by; a choice leads back to the view it came from
    (the cards, or the list), from its first candidate."""
    builder = InlineKeyboardBuilder()
    back = ListCb if isinstance(pressed, ListFilterCb) else BrowseCb

    def to(region: str, sphere: str) -> RoundView:
        return back(round_id=pressed.round_id, region=region, sphere=sphere)

    if pressed.kind is FilterKind.REGION:
        for region in in_order(regions, i18n.locale):
            builder.button(
                text=region.name(i18n.locale), callback_data=to(region.code, pressed.sphere)
            )
        builder.button(
            text=i18n.get("vote-filter-any-region"), callback_data=to("", pressed.sphere)
        )
    else:
        spheres = keyboards.in_reading_order(
            (sphere, i18n.get(SPHERE_KEYS[sphere])) for sphere in Sphere
        )
        for sphere, label in spheres:
            builder.button(text=label, callback_data=to(pressed.region, sphere))
        builder.button(
            text=i18n.get("vote-filter-any-sphere"), callback_data=to(pressed.region, "")
        )
    keyboards.fitted(builder, 2 if pressed.kind is FilterKind.REGION else 1)
    return builder.as_markup()


def search_question(i18n: I18n, pressed: SearchCb) -> tuple[str, InlineKeyboardMarkup]:
    """The vote screen asks for a name; its button leads back to where the voter was."""
    builder = InlineKeyboardBuilder()
    builder.button(text=i18n.get("vote-view-cards"), callback_data=at(BrowseCb, where(pressed)))
    return i18n.get("vote-search-ask"), builder.as_markup()


def vote_answer(i18n: I18n, pressed: Pressed) -> str:
    """What a vote button's press is answered with: what happened, and how many are the
    voter's now."""
    limit = pressed.limit
    mine = (
        i18n.get("vote-mine-limited", count=pressed.used, limit=limit)
        if limit
        else i18n.get("vote-mine", count=pressed.used)
    )
    said = (
        i18n.get("vote-result-limit", limit=limit)
        if pressed.result is CastResult.LIMIT
        else i18n.get(RESULT_KEYS[pressed.result])
    )
    if pressed.receipt:  # of the ballot counted, or already there
        said += " " + i18n.get("receipts-code", code=pressed.receipt)
    elif pressed.result is CastResult.WITHDRAWN and pressed.receipts:
        said += " " + i18n.get("receipts-void")
    return said + " " + mine


def receipts(i18n: I18n, shown: Receipts) -> Text:
    """The voter's receipts in a round as a message of its own: each code as code (a tap
    copies it), after the candidate's name."""
    if shown.off:
        return Text(i18n.get("receipts-off"))
    if not shown.lines:
        return Text(i18n.get("receipts-none", round=shown.round_id))
    lines = [as_line(line.full_name, " — ", Code(line.receipt), end="") for line in shown.lines]
    return as_list(i18n.get("receipts-title", round=shown.round_id), "", *lines)


def with_vote_button(
    markup: InlineKeyboardMarkup, data: VoteCb, voted: bool, i18n: I18n
) -> InlineKeyboardMarkup:
    """The card's keyboard with only its vote button changed: no need to render it again."""
    button = markup.inline_keyboard[0][0].model_copy(
        update={
            "text": i18n.get("vote-withdraw" if voted else "vote-cast"),
            "callback_data": data.model_copy(update={"cast": not voted}).pack(),
        }
    )
    return InlineKeyboardMarkup(inline_keyboard=[[button], *markup.inline_keyboard[1:]])
