"""The public vote, the voter's side. A voter verifies with their own contact, browses
candidate cards (one message, edited in place, with filters by region and sphere) or the same
candidates as a list of lines, finds one by name (the search button, or `/vote <name>`), and
votes or withdraws on the card while the round is open. The working group's rounds are
`bot.handlers.rounds`."""

from __future__ import annotations

from aiogram import Bot, F, Router
from aiogram.filters import Command, CommandObject, CommandStart, StateFilter
from aiogram.filters.callback_data import CallbackData
from aiogram.fsm.context import FSMContext
from aiogram.fsm.state import State, StatesGroup
from aiogram.types import CallbackQuery, InlineKeyboardMarkup, Message, ReplyKeyboardRemove
from aiogram.utils.callback_answer import CallbackAnswer
from aiogram.utils.deep_linking import create_start_link
from aiogram.utils.keyboard import InlineKeyboardBuilder
from aiogram_i18n import I18nContext

from bot import keyboards
from bot.callbacks import (
    BrowseCb,
    FilterCb,
    FilterKind,
    ListCb,
    ListFilterCb,
    MenuAction,
    MenuCb,
    PhotoCb,
    SearchCb,
    VoteCb,
)
from bot.middlewares import refuse
from bot.render import excerpt, long_moment
from domain.nomination import Sphere
from domain.regions import Region, in_order
from domain.voting import CastResult, voted_after
from services.keys import SPHERE_KEYS
from services.uow import UnitOfWork
from services.voting import (
    LIST_PAGE,
    QUERY_MOST,
    BadQuery,
    Card,
    Closed,
    Found,
    Listed,
    Listing,
    NeedsVerification,
    Pressed,
    Scheduled,
    Verified,
    Voting,
)

CARD_LINK_PREFIX = "v_"
STORY_EXCERPT = 500
RESULT_KEYS: dict[CastResult, str] = {
    CastResult.COUNTED: "vote-result-counted",
    CastResult.ALREADY: "vote-result-already",
    CastResult.LIMIT: "vote-result-limit",
    CastResult.WITHDRAWN: "vote-result-withdrawn",
    CastResult.NOT_CAST: "vote-result-not_cast",
}
VERIFY_KEYS: dict[Verified, str] = {
    Verified.NOT_YOURS: "vote-contact-not-yours",
    Verified.NOT_ALLOWED: "vote-phone-not-allowed",
    Verified.TAKEN: "vote-phone-taken",
    Verified.VERIFIED: "vote-verified",
}
FILTER_KEYS = {FilterKind.REGION: "vote-filter-region", FilterKind.SPHERE: "vote-filter-sphere"}
QUERY_KEYS = {BadQuery.EMPTY: "vote-search-empty", BadQuery.TOO_LONG: "vote-search-too-long"}
NUMBERS_IN_A_ROW = 5


class VoteForm(StatesGroup):
    contact = State()


class SearchForm(StatesGroup):
    name = State()


def _region_names(regions: tuple[Region, ...], locale: str) -> dict[str, str]:
    return {region.code: region.name(locale) for region in regions}


def _lines(i18n: I18nContext, lines: tuple[Listed, ...], regions: tuple[Region, ...]) -> str:
    """Candidates as numbered lines (their cards' places): name, region, sphere; ✅ where the
    voter has voted."""
    names = _region_names(regions, i18n.locale)
    return "\n".join(
        ("✅ " if line.voted else "")
        + i18n.get(
            "vote-list-line",
            number=line.position + 1,
            name=line.full_name,
            region=names.get(line.region_code, line.region_code),
            sphere=i18n.get(SPHERE_KEYS[line.sphere]),
        )
        for line in lines
    )


def _numbers(
    builder: InlineKeyboardBuilder, lines: tuple[Listed, ...], card: BrowseCb
) -> list[int]:
    """A short button per line that opens its card (`card` with the line's place); the row
    sizes they take."""
    for line in lines:
        builder.button(
            text=str(line.position + 1),
            callback_data=card.model_copy(update={"page": line.position}),
        )
    return [min(NUMBERS_IN_A_ROW, len(lines) - i) for i in range(0, len(lines), NUMBERS_IN_A_ROW)]


def render_card(
    i18n: I18nContext, card: Card, regions: tuple[Region, ...]
) -> tuple[str, InlineKeyboardMarkup]:
    builder = InlineKeyboardBuilder()
    round_id, region, sphere = card.round_id, card.region, card.sphere

    def browse(page: int) -> BrowseCb:
        return BrowseCb(round_id=round_id, page=page, region=region, sphere=sphere)

    def choose(kind: FilterKind) -> FilterCb:
        return FilterCb(round_id=round_id, kind=kind, region=region, sphere=sphere)

    if not card.total:
        for kind, key in FILTER_KEYS.items():
            builder.button(text=i18n.get(key), callback_data=choose(kind))
        builder.button(
            text=i18n.get("vote-filter-clear"), callback_data=BrowseCb(round_id=card.round_id)
        )
        keyboards.fitted(builder, 2, 1)
        return i18n.get("vote-none-found"), builder.as_markup()
    names = _region_names(regions, i18n.locale)
    assert card.candidate_sphere is not None
    text = i18n.get(
        "vote-card",
        position=card.page + 1,
        total=card.total,
        name=card.full_name,
        region=names.get(card.region_code, card.region_code),
        sphere=i18n.get(SPHERE_KEYS[card.candidate_sphere]),
        story=excerpt(card.story, STORY_EXCERPT),
    )
    if card.votes is not None:
        text += "\n\n" + i18n.get("vote-card-votes", count=card.votes)
    builder.button(
        text=i18n.get("vote-withdraw" if card.voted else "vote-cast"),
        callback_data=VoteCb(
            round_id=round_id,
            nomination_id=card.nomination_id,
            cast=not card.voted,
            page=card.page,
            region=region,
            sphere=sphere,
        ),
    )
    sizes = [1]
    navigation = []
    if card.page > 0:
        navigation.append(("◀️", browse(card.page - 1)))
    if card.page + 1 < card.total:
        navigation.append(("▶️", browse(card.page + 1)))
    for label, data in navigation:
        builder.button(text=label, callback_data=data)
    if navigation:
        sizes.append(len(navigation))
    for kind, key in FILTER_KEYS.items():
        builder.button(text=i18n.get(key), callback_data=choose(kind))
    sizes.append(2)
    builder.button(
        text=i18n.get("vote-search"),
        callback_data=SearchCb(round_id=round_id, page=card.page, region=region, sphere=sphere),
    )
    builder.button(
        text=i18n.get("vote-view-list"),
        callback_data=ListCb(
            round_id=round_id, page=card.page // LIST_PAGE, region=region, sphere=sphere
        ),
    )
    sizes.append(2)
    if card.has_photo:
        builder.button(
            text=i18n.get("vote-photo"),
            callback_data=PhotoCb(round_id=card.round_id, nomination_id=card.nomination_id),
        )
        sizes.append(1)
    keyboards.fitted(builder, *sizes)
    return text, builder.as_markup()


def render_list(
    i18n: I18nContext, listing: Listing, regions: tuple[Region, ...]
) -> tuple[str, InlineKeyboardMarkup]:
    """A page of candidates as lines, numbered by their cards' places, with the filters."""
    builder = InlineKeyboardBuilder()
    round_id, region, sphere = listing.round_id, listing.region, listing.sphere
    for kind, key in FILTER_KEYS.items():
        builder.button(
            text=i18n.get(key),
            callback_data=ListFilterCb(round_id=round_id, kind=kind, region=region, sphere=sphere),
        )
    if not listing.total:
        builder.button(text=i18n.get("vote-filter-clear"), callback_data=ListCb(round_id=round_id))
        keyboards.fitted(builder, 2, 1)
        return i18n.get("vote-none-found"), builder.as_markup()
    first = listing.lines[0].position
    text = i18n.get(
        "vote-list-title", first=first + 1, last=first + len(listing.lines), total=listing.total
    )
    chosen = []
    if region:
        chosen.append("📍 " + _region_names(regions, i18n.locale).get(region, region))
    if sphere in SPHERE_KEYS:
        chosen.append("🏷 " + i18n.get(SPHERE_KEYS[Sphere(sphere)]))
    if chosen:
        text += "\n" + " · ".join(chosen)
    text += "\n\n" + _lines(i18n, listing.lines, regions)
    sizes = [2]
    card = BrowseCb(round_id=round_id, region=region, sphere=sphere)
    sizes += _numbers(builder, listing.lines, card)
    navigation = []
    if listing.page > 0:
        navigation.append(("◀️", listing.page - 1))
    if listing.page + 1 < listing.pages:
        navigation.append(("▶️", listing.page + 1))
    for label, page in navigation:
        builder.button(
            text=label,
            callback_data=ListCb(round_id=round_id, page=page, region=region, sphere=sphere),
        )
    if navigation:
        sizes.append(len(navigation))
    builder.button(
        text=i18n.get("vote-search"),
        callback_data=SearchCb(round_id=round_id, page=first, region=region, sphere=sphere),
    )
    builder.button(
        text=i18n.get("vote-view-cards"), callback_data=card.model_copy(update={"page": first})
    )
    sizes.append(2)
    keyboards.fitted(builder, *sizes)
    return text, builder.as_markup()


def render_found(
    i18n: I18nContext, found: Found, regions: tuple[Region, ...]
) -> tuple[str, InlineKeyboardMarkup]:
    """What a search by name found: the card when one matched, else the matches as lines."""
    if found.card is not None:
        return render_card(i18n, found.card, regions)
    builder = InlineKeyboardBuilder()
    everyone = BrowseCb(round_id=found.round_id)
    if not found.total:
        text = i18n.get("vote-search-none", query=found.query)
        sizes = []
    else:
        text = i18n.get("vote-search-found", query=found.query, count=found.total)
        text += "\n\n" + _lines(i18n, found.lines, regions)
        if found.total > len(found.lines):
            text += "\n\n" + i18n.get("vote-search-more", shown=len(found.lines))
        sizes = _numbers(builder, found.lines, everyone)
    builder.button(
        text=i18n.get("vote-search-again"), callback_data=SearchCb(round_id=found.round_id)
    )
    builder.button(text=i18n.get("vote-view-cards"), callback_data=everyone)
    keyboards.fitted(builder, *sizes, 2)
    return text, builder.as_markup()


async def show_vote(
    bot: Bot,
    chat_id: int,
    entry: Card | Scheduled | NeedsVerification | Closed,
    i18n: I18nContext,
    state: FSMContext,
    voting: Voting,
    regions: tuple[Region, ...],
) -> None:
    """The way into the vote: why it is not open, verification, or the cards."""
    if isinstance(entry, Closed):
        await bot.send_message(
            chat_id, i18n.get("vote-not-open"), reply_markup=keyboards.main_menu(i18n)
        )
    elif isinstance(entry, Scheduled):
        starts = long_moment(entry.starts_at, voting.settings.tz, i18n.locale)
        await bot.send_message(chat_id, i18n.get("vote-scheduled", starts=starts))
    elif isinstance(entry, NeedsVerification):
        await state.set_state(VoteForm.contact)
        await bot.send_message(
            chat_id, i18n.get("vote-verify"), reply_markup=keyboards.share_contact(i18n)
        )
    else:
        text, markup = render_card(i18n, entry, regions)
        await bot.send_message(chat_id, text, reply_markup=markup)


async def shared_card(
    message: Message,
    command: CommandObject,
    bot: Bot,
    i18n: I18nContext,
    uow: UnitOfWork,
    state: FSMContext,
    voting: Voting,
    regions: tuple[Region, ...],
) -> None:
    assert message.from_user is not None
    reference = (command.args or "")[len(CARD_LINK_PREFIX) :]
    entry = await voting.enter(uow, message.from_user.id, reference)
    await show_vote(bot, message.chat.id, entry, i18n, state, voting, regions)


async def open_vote(
    event: Message | CallbackQuery,
    bot: Bot,
    i18n: I18nContext,
    uow: UnitOfWork,
    state: FSMContext,
    voting: Voting,
    regions: tuple[Region, ...],
) -> None:
    """/vote and the menu's button."""
    assert event.from_user is not None
    entry = await voting.enter(uow, event.from_user.id)
    await show_vote(bot, event.from_user.id, entry, i18n, state, voting, regions)


async def verify(
    message: Message,
    bot: Bot,
    i18n: I18nContext,
    uow: UnitOfWork,
    state: FSMContext,
    voting: Voting,
    regions: tuple[Region, ...],
) -> None:
    assert message.contact is not None and message.from_user is not None
    user_id = message.from_user.id
    verified = await voting.verify(
        uow, user_id, message.contact.user_id, message.contact.phone_number
    )
    prefixes = ", ".join(voting.settings.voter_phone_prefixes)
    text = i18n.get(VERIFY_KEYS[verified], prefixes=prefixes)
    if verified in (Verified.NOT_YOURS, Verified.NOT_ALLOWED):
        await message.answer(text)
        return
    await state.set_state(None)
    await message.answer(text, reply_markup=ReplyKeyboardRemove())
    if verified is Verified.VERIFIED:
        entry = await voting.enter(uow, user_id)
        await show_vote(bot, message.chat.id, entry, i18n, state, voting, regions)


async def verify_other(message: Message, i18n: I18nContext) -> None:
    await message.answer(i18n.get("vote-verify"), reply_markup=keyboards.share_contact(i18n))


async def _leave_search(state: FSMContext, raw_state: str | None) -> None:
    """Back to browsing from the question "which name?": what is typed next is no search."""
    if raw_state == SearchForm.name.state:
        await state.set_state(None)


async def browse(
    query: CallbackQuery,
    callback_data: BrowseCb,
    i18n: I18nContext,
    uow: UnitOfWork,
    state: FSMContext,
    voting: Voting,
    regions: tuple[Region, ...],
    callback_answer: CallbackAnswer,
    raw_state: str | None = None,
) -> None:
    await _leave_search(state, raw_state)
    card = await voting.card(
        uow,
        query.from_user.id,
        callback_data.round_id,
        callback_data.page,
        callback_data.region,
        callback_data.sphere,
    )
    if isinstance(card, Closed):
        refuse(callback_answer, i18n.get("vote-closed"))
        return
    text, markup = render_card(i18n, card, regions)
    if isinstance(query.message, Message):
        await query.message.edit_text(text, reply_markup=markup)


async def choose_filter(
    query: CallbackQuery,
    callback_data: FilterCb | ListFilterCb,
    i18n: I18nContext,
    uow: UnitOfWork,
    voting: Voting,
    regions: tuple[Region, ...],
    callback_answer: CallbackAnswer,
) -> None:
    """The regions or the spheres to filter by; a choice leads back to the view it came from
    (the cards, or the list), from its first candidate."""
    if not await voting.is_open(uow, callback_data.round_id):
        refuse(callback_answer, i18n.get("vote-closed"))
        return
    builder = InlineKeyboardBuilder()
    round_id = callback_data.round_id
    view = ListCb if isinstance(callback_data, ListFilterCb) else BrowseCb

    def to(region: str, sphere: str) -> CallbackData:
        return view(round_id=round_id, region=region, sphere=sphere)

    if callback_data.kind is FilterKind.REGION:
        for region in in_order(regions, i18n.locale):
            builder.button(
                text=region.name(i18n.locale), callback_data=to(region.code, callback_data.sphere)
            )
        builder.button(
            text=i18n.get("vote-filter-any-region"), callback_data=to("", callback_data.sphere)
        )
    else:
        spheres = keyboards.in_reading_order(
            (sphere, i18n.get(SPHERE_KEYS[sphere])) for sphere in Sphere
        )
        for sphere, label in spheres:
            builder.button(text=label, callback_data=to(callback_data.region, sphere))
        builder.button(
            text=i18n.get("vote-filter-any-sphere"), callback_data=to(callback_data.region, "")
        )
    keyboards.fitted(builder, 2 if callback_data.kind is FilterKind.REGION else 1)
    if isinstance(query.message, Message):
        await query.message.edit_reply_markup(reply_markup=builder.as_markup())


def _with_vote_button(
    markup: InlineKeyboardMarkup, data: VoteCb, voted: bool, i18n: I18nContext
) -> InlineKeyboardMarkup:
    """The card's keyboard with only its vote button changed: no need to render it again."""
    button = markup.inline_keyboard[0][0].model_copy(
        update={
            "text": i18n.get("vote-withdraw" if voted else "vote-cast"),
            "callback_data": data.model_copy(update={"cast": not voted}).pack(),
        }
    )
    return InlineKeyboardMarkup(inline_keyboard=[[button], *markup.inline_keyboard[1:]])


async def cast_vote(
    query: CallbackQuery,
    callback_data: VoteCb,
    i18n: I18nContext,
    uow: UnitOfWork,
    voting: Voting,
    callback_answer: CallbackAnswer,
) -> None:
    pressed = await voting.press(
        uow,
        query.from_user.id,
        callback_data.round_id,
        callback_data.nomination_id,
        callback_data.cast,
    )
    if pressed is Closed.NOT_OPEN:
        refuse(callback_answer, i18n.get("vote-closed"))
        return
    if pressed is Closed.NOT_VOTER:
        refuse(callback_answer, i18n.get("vote-verify-first"))
        return
    if not isinstance(pressed, Pressed):
        return  # forged: not a candidate of this round
    limit = pressed.limit
    mine = (
        i18n.get("vote-mine-limited", count=pressed.used, limit=limit)
        if limit
        else i18n.get("vote-mine", count=pressed.used)
    )
    callback_answer.text = i18n.get(RESULT_KEYS[pressed.result], limit=limit) + " " + mine
    callback_answer.show_alert = pressed.result is CastResult.LIMIT
    voted = voted_after(pressed.result)
    if voted is None or voted is not callback_data.cast:
        return  # nothing changed, or a double tap: the card already shows it
    if isinstance(query.message, Message) and query.message.reply_markup:
        await query.message.edit_reply_markup(
            reply_markup=_with_vote_button(query.message.reply_markup, callback_data, voted, i18n)
        )


async def photo(
    query: CallbackQuery,
    callback_data: PhotoCb,
    bot: Bot,
    uow: UnitOfWork,
    voting: Voting,
) -> None:
    found = await voting.photo(uow, callback_data.round_id, callback_data.nomination_id)
    if found is None:
        return
    link = await create_start_link(bot, CARD_LINK_PREFIX + found.reference)
    await bot.send_photo(query.from_user.id, found.file_id, caption=f"{found.full_name}\n{link}")


async def show_list(
    query: CallbackQuery,
    callback_data: ListCb,
    i18n: I18nContext,
    uow: UnitOfWork,
    state: FSMContext,
    voting: Voting,
    regions: tuple[Region, ...],
    callback_answer: CallbackAnswer,
    raw_state: str | None = None,
) -> None:
    await _leave_search(state, raw_state)
    listing = await voting.listing(
        uow,
        query.from_user.id,
        callback_data.round_id,
        callback_data.page,
        callback_data.region,
        callback_data.sphere,
    )
    if isinstance(listing, Closed):
        refuse(callback_answer, i18n.get("vote-closed"))
        return
    text, markup = render_list(i18n, listing, regions)
    if isinstance(query.message, Message):
        await query.message.edit_text(text, reply_markup=markup)


async def ask_name(
    query: CallbackQuery,
    callback_data: SearchCb,
    i18n: I18nContext,
    uow: UnitOfWork,
    state: FSMContext,
    voting: Voting,
    callback_answer: CallbackAnswer,
) -> None:
    """The search button: the vote screen asks for a name; its button leads back."""
    if not await voting.is_open(uow, callback_data.round_id):
        refuse(callback_answer, i18n.get("vote-closed"))
        return
    await state.set_state(SearchForm.name)
    builder = InlineKeyboardBuilder()
    back = BrowseCb(
        round_id=callback_data.round_id,
        page=callback_data.page,
        region=callback_data.region,
        sphere=callback_data.sphere,
    )
    builder.button(text=i18n.get("vote-view-cards"), callback_data=back)
    if isinstance(query.message, Message):
        await query.message.edit_text(i18n.get("vote-search-ask"), reply_markup=builder.as_markup())


async def search(
    message: Message,
    bot: Bot,
    i18n: I18nContext,
    uow: UnitOfWork,
    state: FSMContext,
    voting: Voting,
    regions: tuple[Region, ...],
    command: CommandObject | None = None,
    raw_state: str | None = None,
) -> None:
    """A name typed after the search button, or `/vote <name>`."""
    assert message.from_user is not None
    typed = command.args if command is not None else message.text
    found = await voting.find(uow, message.from_user.id, typed or "")
    if isinstance(found, BadQuery):
        await message.answer(i18n.get(QUERY_KEYS[found], limit=QUERY_MOST))
        return
    await _leave_search(state, raw_state)
    if not isinstance(found, Found):
        await show_vote(bot, message.chat.id, found, i18n, state, voting, regions)
        return
    text, markup = render_found(i18n, found, regions)
    await message.answer(text, reply_markup=markup)


async def search_not_text(message: Message, i18n: I18nContext) -> None:
    await message.answer(i18n.get("vote-search-not-text"))


def router() -> Router:
    vote = Router(name="vote")
    vote.message.register(
        shared_card, CommandStart(deep_link=True, magic=F.args.startswith(CARD_LINK_PREFIX))
    )
    vote.message.register(search, Command("vote", magic=F.args))
    vote.message.register(open_vote, Command("vote"))
    vote.callback_query.register(open_vote, MenuCb.filter(F.action == MenuAction.VOTE))
    vote.message.register(verify, StateFilter(VoteForm.contact), F.contact)
    vote.message.register(verify_other, StateFilter(VoteForm.contact))
    # A command typed instead of a name is a command (/cancel, /start): it passes on.
    vote.message.register(search, StateFilter(SearchForm.name), F.text, ~F.text.startswith("/"))
    vote.message.register(search_not_text, StateFilter(SearchForm.name), ~F.text)
    vote.callback_query.register(browse, BrowseCb.filter())
    vote.callback_query.register(choose_filter, FilterCb.filter())
    vote.callback_query.register(choose_filter, ListFilterCb.filter())
    vote.callback_query.register(show_list, ListCb.filter())
    vote.callback_query.register(ask_name, SearchCb.filter())
    vote.callback_query.register(cast_vote, VoteCb.filter())
    vote.callback_query.register(photo, PhotoCb.filter())
    return vote
