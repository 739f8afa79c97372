"""The public vote. A voter verifies with their own contact, browses candidate cards (one
message, edited in place, with filters by region and sphere), and votes or withdraws while
the round is open. The working group opens and closes rounds, sees the results and the
proposed final list, and approves it."""

from __future__ import annotations

from typing import Any

from aiogram import Bot, F, Router
from aiogram.filters import Command, CommandObject, CommandStart, StateFilter
from aiogram.fsm.context import FSMContext
from aiogram.fsm.state import State, StatesGroup
from aiogram.types import (
    BufferedInputFile,
    CallbackQuery,
    InlineKeyboardMarkup,
    Message,
    ReplyKeyboardRemove,
)
from aiogram.utils.deep_linking import create_start_link
from aiogram.utils.keyboard import InlineKeyboardBuilder
from aiogram_i18n import I18nContext
from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from bot import keyboards
from bot.callbacks import (
    BrowseCb,
    ExportFormat,
    FilterCb,
    FilterKind,
    MenuAction,
    MenuCb,
    PhotoCb,
    ResultsExportCb,
    RoundAction,
    RoundCb,
    VoteCb,
)
from bot.config import Settings
from bot.exports import spreadsheet
from bot.middlewares import UserLocaleManager
from bot.render import excerpt, split_message
from bot.sender import Message as Outgoing
from bot.sender import Sender
from domain.clock import Clock
from domain.nomination import InvalidInput, Sphere, Step, normalise_phone
from domain.pipeline import Role
from domain.regions import Region
from domain.selection import Candidate, Reason, Rules, Selection, makeup
from domain.selection import select as select_list
from domain.voting import (
    CastResult,
    RoundState,
    WindowError,
    parse_window,
    phone_allowed,
    round_state,
    voter_hash,
)
from storage import repo
from storage import voting as store
from storage.models import Nomination, VoteRound

CARD_LINK_PREFIX = "v_"
WG = {"role": Role.WORKING_GROUP}
REASON_MARK = {Reason.REGIONAL: "🏛", Reason.OPEN: "🌐", Reason.GENDER: "⚖️"}


class VoteForm(StatesGroup):
    contact = State()


class RoundForm(StatesGroup):
    window = State()


def _secret(settings: Settings) -> bytes | None:
    return settings.vote_secret.get_secret_value().encode() if settings.vote_secret else None


async def render_card(
    session: AsyncSession,
    i18n: I18nContext,
    vote_round: VoteRound,
    voter: str,
    page: int,
    region: str,
    sphere: str,
    settings: Settings,
    clock: Clock,
    regions: tuple[Region, ...],
) -> tuple[str, InlineKeyboardMarkup]:
    people = await store.candidate_ids(session, vote_round.id, region, sphere)
    builder = InlineKeyboardBuilder()
    filters = [
        (FilterKind.REGION, "vote-filter-region"),
        (FilterKind.SPHERE, "vote-filter-sphere"),
    ]
    if not people:
        for kind, key in filters:
            builder.button(
                text=i18n.get(key), callback_data=FilterCb(round_id=vote_round.id, kind=kind)
            )
        builder.button(
            text=i18n.get("vote-filter-clear"), callback_data=BrowseCb(round_id=vote_round.id)
        )
        builder.adjust(2, 1)
        return i18n.get("vote-none-found"), builder.as_markup()
    page = min(max(page, 0), len(people) - 1)
    person = await session.get(Nomination, people[page])
    assert person is not None
    mine = await store.chosen_by(session, vote_round.id, voter)
    state = round_state(vote_round.starts_at, vote_round.ends_at, vote_round.closed_at, clock())
    names = {r.code: r.name(i18n.locale) for r in regions}
    text = i18n.get(
        "vote-card",
        position=page + 1,
        total=len(people),
        name=person.full_name,
        region=names.get(person.region_code, person.region_code),
        sphere=i18n.get(f"choice-{Step.SPHERE}-{person.sphere}"),
        story=excerpt(person.story, 500),
    )
    if settings.show_results_during_round or state is RoundState.CLOSED:
        votes = (await store.counts(session, vote_round.id)).get(person.id, 0)
        text += "\n\n" + i18n.get("vote-card-votes", count=votes)
    where = {"round_id": vote_round.id, "region": region, "sphere": sphere}
    voted = person.id in mine
    builder.button(
        text=i18n.get("vote-withdraw" if voted else "vote-cast"),
        callback_data=VoteCb(nomination_id=person.id, cast=not voted, page=page, **where),
    )
    sizes = [1]
    navigation = []
    if page > 0:
        navigation.append(("◀️", BrowseCb(page=page - 1, **where)))
    if page + 1 < len(people):
        navigation.append(("▶️", BrowseCb(page=page + 1, **where)))
    for label, data in navigation:
        builder.button(text=label, callback_data=data)
    if navigation:
        sizes.append(len(navigation))
    for kind, key in filters:
        builder.button(text=i18n.get(key), callback_data=FilterCb(kind=kind, **where))
    sizes.append(2)
    if person.photo_file_id:
        builder.button(
            text=i18n.get("vote-photo"),
            callback_data=PhotoCb(round_id=vote_round.id, nomination_id=person.id),
        )
        sizes.append(1)
    builder.adjust(*sizes)
    return text, builder.as_markup()


async def show_vote(
    bot: Bot,
    chat_id: int,
    session: AsyncSession,
    i18n: I18nContext,
    user_id: int,
    state: FSMContext,
    settings: Settings,
    clock: Clock,
    regions: tuple[Region, ...],
    page: int = 0,
) -> None:
    """The way into the vote: explains when it is not open, verifies, or shows the cards."""
    vote_round = await store.active_round(session)
    secret = _secret(settings)
    now = clock()
    current = (
        round_state(vote_round.starts_at, vote_round.ends_at, vote_round.closed_at, now)
        if vote_round
        else None
    )
    if vote_round is None or current is RoundState.CLOSED or secret is None:
        await bot.send_message(
            chat_id, i18n.get("vote-not-open"), reply_markup=keyboards.main_menu(i18n)
        )
        return
    if current is RoundState.SCHEDULED:
        starts = vote_round.starts_at.astimezone(settings.tz).strftime("%d.%m.%Y %H:%M")
        await bot.send_message(chat_id, i18n.get("vote-scheduled", starts=starts))
        return
    if await store.voter_of(session, user_id) is None:
        await state.set_state(VoteForm.contact)
        await bot.send_message(
            chat_id, i18n.get("vote-verify"), reply_markup=keyboards.share_contact(i18n)
        )
        return
    text, markup = await render_card(
        session,
        i18n,
        vote_round,
        voter_hash(secret, user_id),
        page,
        "",
        "",
        settings,
        clock,
        regions,
    )
    await bot.send_message(chat_id, text, reply_markup=markup)


async def _open_round_or_refuse(
    query: CallbackQuery,
    session: AsyncSession,
    i18n: I18nContext,
    round_id: int,
    settings: Settings,
    clock: Clock,
) -> VoteRound | None:
    """The round of a button, if voting in it is open now by the server's clock."""
    vote_round = await session.get(VoteRound, round_id)
    if (
        vote_round is None
        or _secret(settings) is None
        or round_state(vote_round.starts_at, vote_round.ends_at, vote_round.closed_at, clock())
        is not RoundState.OPEN
    ):
        await query.answer(i18n.get("vote-closed"), show_alert=True)
        return None
    return vote_round


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


def results_selection(
    people: list[Nomination],
    counts: dict[int, int],
    vote_round: VoteRound,
    settings: Settings,
    regions: tuple[Region, ...],
) -> Selection:
    candidates = [
        Candidate(n.id, counts.get(n.id, 0), n.region_code, n.gender, n.ethnicity) for n in people
    ]
    rules = Rules(
        seats=settings.final_list_size,
        regional=settings.regional_seats,
        min_gender_share=settings.min_gender_share,
        seed=vote_round.seed,
    )
    return select_list(candidates, {r.code: r.population for r in regions}, rules)


async def render_results(
    session: AsyncSession,
    i18n: I18nContext,
    vote_round: VoteRound,
    settings: Settings,
    regions: tuple[Region, ...],
) -> tuple[str, Selection, list[Nomination], dict[int, int]]:
    people = await store.candidates(session, vote_round.id)
    counts = await store.counts(session, vote_round.id)
    chosen = results_selection(people, counts, vote_round, settings, regions)
    by_id = {n.id: n for n in people}
    names = {r.code: r.name(i18n.locale) for r in regions}
    lines = [
        i18n.get(
            "results-title",
            round=vote_round.id,
            seed=vote_round.seed,
            seats=len(chosen.seats),
            candidates=len(people),
        )
    ]
    if chosen.missing_population:
        lines.append(
            i18n.get(
                "results-no-population",
                regions=", ".join(names.get(r, r) for r in chosen.missing_population),
            )
        )
    lines.append(i18n.get("results-legend"))
    for number, seat in enumerate(chosen.seats, start=1):
        person = by_id[seat.candidate.id]
        region = names.get(person.region_code, "")
        mark = REASON_MARK[seat.reason]
        lines.append(f"{number}. {mark} {person.full_name} — {region} — {seat.candidate.votes}")
    table = makeup(chosen, {r.code: r.population for r in regions})
    lines.append("")
    lines.append(i18n.get("results-makeup-region"))
    for code, (seats, share) in sorted(table["region"].items(), key=lambda kv: -kv[1][0]):
        expected = f"{share * len(chosen.seats):.1f}" if share is not None else "—"
        lines.append(f"• {names.get(code, code)}: {seats} ({expected})")
    lines.append(i18n.get("results-makeup-gender"))
    lines += [
        f"• {i18n.get(f'choice-{Step.GENDER}-{g}')}: {n}" for g, (n, _) in table["gender"].items()
    ]
    lines.append(i18n.get("results-makeup-ethnicity"))
    lines += [
        f"• {e or i18n.get('card-not-stated')}: {n}" for e, (n, _) in table["ethnicity"].items()
    ]
    return "\n".join(lines), chosen, people, counts


def router() -> Router:
    vote = Router(name="vote")

    @vote.message(CommandStart(deep_link=True, magic=F.args.startswith(CARD_LINK_PREFIX)))
    async def shared_card(
        message: Message,
        command: CommandObject,
        bot: Bot,
        session: AsyncSession,
        i18n: I18nContext,
        state: FSMContext,
        settings: Settings,
        clock: Clock,
        regions: tuple[Region, ...],
    ) -> None:
        assert message.from_user is not None
        reference = (command.args or "")[len(CARD_LINK_PREFIX) :]
        vote_round = await store.active_round(session)
        page = 0
        if vote_round is not None:
            order = await store.candidate_ids(session, vote_round.id)
            wanted = await session.scalar(
                select(Nomination.id).where(Nomination.reference == reference)
            )
            page = order.index(wanted) if wanted in order else 0
        await show_vote(
            bot,
            message.chat.id,
            session,
            i18n,
            message.from_user.id,
            state,
            settings,
            clock,
            regions,
            page,
        )

    @vote.message(Command("vote"))
    async def vote_command(
        message: Message,
        bot: Bot,
        session: AsyncSession,
        i18n: I18nContext,
        state: FSMContext,
        settings: Settings,
        clock: Clock,
        regions: tuple[Region, ...],
    ) -> None:
        assert message.from_user is not None
        await show_vote(
            bot,
            message.chat.id,
            session,
            i18n,
            message.from_user.id,
            state,
            settings,
            clock,
            regions,
        )

    @vote.callback_query(MenuCb.filter(F.action == MenuAction.VOTE))
    async def vote_button(
        query: CallbackQuery,
        bot: Bot,
        session: AsyncSession,
        i18n: I18nContext,
        state: FSMContext,
        settings: Settings,
        clock: Clock,
        regions: tuple[Region, ...],
    ) -> None:
        await query.answer()
        await show_vote(
            bot,
            query.from_user.id,
            session,
            i18n,
            query.from_user.id,
            state,
            settings,
            clock,
            regions,
        )

    @vote.message(StateFilter(VoteForm.contact), F.contact)
    async def verify(
        message: Message,
        bot: Bot,
        session: AsyncSession,
        i18n: I18nContext,
        state: FSMContext,
        settings: Settings,
        clock: Clock,
        regions: tuple[Region, ...],
    ) -> None:
        assert message.contact is not None and message.from_user is not None
        if message.contact.user_id != message.from_user.id:
            await message.answer(i18n.get("vote-contact-not-yours"))
            return
        try:
            phone = normalise_phone(message.contact.phone_number)
        except InvalidInput:
            phone = ""
        if not phone_allowed(phone, settings.voter_phone_prefixes):
            await message.answer(
                i18n.get(
                    "vote-phone-not-allowed", prefixes=", ".join(settings.voter_phone_prefixes)
                )
            )
            return
        try:
            await store.register_voter(session, message.from_user.id, phone, clock())
        except store.PhoneTaken:
            await message.answer(i18n.get("vote-phone-taken"), reply_markup=ReplyKeyboardRemove())
            await state.set_state(None)
            return
        await state.set_state(None)
        await message.answer(i18n.get("vote-verified"), reply_markup=ReplyKeyboardRemove())
        await show_vote(
            bot,
            message.chat.id,
            session,
            i18n,
            message.from_user.id,
            state,
            settings,
            clock,
            regions,
        )

    @vote.message(StateFilter(VoteForm.contact))
    async def verify_other(message: Message, i18n: I18nContext) -> None:
        await message.answer(i18n.get("vote-verify"), reply_markup=keyboards.share_contact(i18n))

    @vote.callback_query(BrowseCb.filter())
    async def browse(
        query: CallbackQuery,
        callback_data: BrowseCb,
        session: AsyncSession,
        i18n: I18nContext,
        settings: Settings,
        clock: Clock,
        regions: tuple[Region, ...],
    ) -> None:
        vote_round = await _open_round_or_refuse(
            query, session, i18n, callback_data.round_id, settings, clock
        )
        secret = _secret(settings)
        if vote_round is None or secret is None:
            return
        text, markup = await render_card(
            session,
            i18n,
            vote_round,
            voter_hash(secret, query.from_user.id),
            callback_data.page,
            callback_data.region,
            callback_data.sphere,
            settings,
            clock,
            regions,
        )
        await query.answer()
        if isinstance(query.message, Message):
            await query.message.edit_text(text, reply_markup=markup)

    @vote.callback_query(FilterCb.filter())
    async def choose_filter(
        query: CallbackQuery,
        callback_data: FilterCb,
        i18n: I18nContext,
        session: AsyncSession,
        settings: Settings,
        clock: Clock,
        regions: tuple[Region, ...],
    ) -> None:
        if (
            await _open_round_or_refuse(
                query, session, i18n, callback_data.round_id, settings, clock
            )
            is None
        ):
            return
        await query.answer()
        builder = InlineKeyboardBuilder()
        keep = {"round_id": callback_data.round_id}
        if callback_data.kind is FilterKind.REGION:
            options = [(r.code, r.name(i18n.locale)) for r in regions]
            for code, label in options:
                builder.button(
                    text=label,
                    callback_data=BrowseCb(region=code, sphere=callback_data.sphere, **keep),
                )
            builder.button(
                text=i18n.get("vote-filter-any-region"),
                callback_data=BrowseCb(sphere=callback_data.sphere, **keep),
            )
        else:
            for sphere in Sphere:
                builder.button(
                    text=i18n.get(f"choice-{Step.SPHERE}-{sphere}"),
                    callback_data=BrowseCb(region=callback_data.region, sphere=sphere, **keep),
                )
            builder.button(
                text=i18n.get("vote-filter-any-sphere"),
                callback_data=BrowseCb(region=callback_data.region, **keep),
            )
        builder.adjust(2 if callback_data.kind is FilterKind.REGION else 1)
        if isinstance(query.message, Message):
            await query.message.edit_reply_markup(reply_markup=builder.as_markup())

    @vote.callback_query(VoteCb.filter())
    async def cast_vote(
        query: CallbackQuery,
        callback_data: VoteCb,
        session: AsyncSession,
        i18n: I18nContext,
        settings: Settings,
        clock: Clock,
    ) -> None:
        vote_round, candidate, is_voter = await store.vote_context(
            session, callback_data.round_id, callback_data.nomination_id, query.from_user.id
        )
        secret = _secret(settings)
        if (
            vote_round is None
            or secret is None
            or round_state(vote_round.starts_at, vote_round.ends_at, vote_round.closed_at, clock())
            is not RoundState.OPEN
        ):
            await query.answer(i18n.get("vote-closed"), show_alert=True)
            return
        if not is_voter:
            await query.answer(i18n.get("vote-verify-first"), show_alert=True)
            return
        if not candidate:
            await query.answer()  # forged: not a candidate of this round
            return
        voter = voter_hash(secret, query.from_user.id)
        limit = settings.votes_per_voter
        if callback_data.cast:
            result, used = await store.cast(
                session, vote_round.id, callback_data.nomination_id, voter, limit, clock()
            )
        else:
            result, used = await store.withdraw(
                session, vote_round.id, callback_data.nomination_id, voter
            )
        mine = (
            i18n.get("vote-mine-limited", count=used, limit=limit)
            if limit
            else i18n.get("vote-mine", count=used)
        )
        await query.answer(
            i18n.get(f"vote-result-{result}", limit=limit) + " " + mine,
            show_alert=result is CastResult.LIMIT,
        )
        voted = {CastResult.COUNTED: True, CastResult.ALREADY: True}.get(result)
        if voted is None and result is not CastResult.WITHDRAWN:
            return  # nothing changed on the card
        if isinstance(query.message, Message) and query.message.reply_markup:
            await query.message.edit_reply_markup(
                reply_markup=_with_vote_button(
                    query.message.reply_markup, callback_data, bool(voted), i18n
                )
            )

    @vote.callback_query(PhotoCb.filter())
    async def photo(
        query: CallbackQuery,
        callback_data: PhotoCb,
        bot: Bot,
        session: AsyncSession,
        i18n: I18nContext,
    ) -> None:
        nomination = await session.get(Nomination, callback_data.nomination_id)
        if (
            nomination is None
            or not nomination.photo_file_id
            or not await store.in_round(session, callback_data.round_id, nomination.id)
        ):
            await query.answer()
            return
        await query.answer()
        link = await create_start_link(bot, CARD_LINK_PREFIX + (nomination.reference or ""))
        await bot.send_photo(
            query.from_user.id, nomination.photo_file_id, caption=f"{nomination.full_name}\n{link}"
        )

    async def round_status(
        session: AsyncSession, i18n: I18nContext, settings: Settings, clock: Clock
    ) -> tuple[str, InlineKeyboardMarkup]:
        builder = InlineKeyboardBuilder()
        vote_round = await store.latest_round(session)
        on_vote = len(
            list(await session.scalars(select(Nomination.id).where(Nomination.status == "on_vote")))
        )
        if vote_round is None or vote_round.approved_at is not None:
            builder.button(
                text=i18n.get("round-new"), callback_data=RoundCb(action=RoundAction.OPEN)
            )
            text = i18n.get("round-none", candidates=on_vote)
            if vote_round is not None:
                builder.button(
                    text=i18n.get("round-results"),
                    callback_data=RoundCb(action=RoundAction.RESULTS, round_id=vote_round.id),
                )
            return text, builder.adjust(1).as_markup()
        state = round_state(vote_round.starts_at, vote_round.ends_at, vote_round.closed_at, clock())
        fmt = "%d.%m.%Y %H:%M"
        text = i18n.get(
            f"round-state-{state}",
            round=vote_round.id,
            starts=vote_round.starts_at.astimezone(settings.tz).strftime(fmt),
            ends=vote_round.ends_at.astimezone(settings.tz).strftime(fmt),
        )
        if state is RoundState.CLOSED:
            builder.button(
                text=i18n.get("round-results"),
                callback_data=RoundCb(action=RoundAction.RESULTS, round_id=vote_round.id),
            )
        else:
            builder.button(
                text=i18n.get("round-close"),
                callback_data=RoundCb(action=RoundAction.CLOSE, round_id=vote_round.id),
            )
        return text, builder.adjust(1).as_markup()

    @vote.message(Command("round"), flags=WG)
    async def round_command(
        message: Message, session: AsyncSession, i18n: I18nContext, settings: Settings, clock: Clock
    ) -> None:
        text, markup = await round_status(session, i18n, settings, clock)
        await message.answer(text, reply_markup=markup)

    @vote.callback_query(RoundCb.filter(), flags=WG)
    async def round_action(
        query: CallbackQuery,
        callback_data: RoundCb,
        bot: Bot,
        session: AsyncSession,
        i18n: I18nContext,
        state: FSMContext,
        settings: Settings,
        clock: Clock,
        regions: tuple[Region, ...],
    ) -> None:
        chat_id = query.from_user.id
        action = callback_data.action
        vote_round = (
            await session.get(VoteRound, callback_data.round_id) if callback_data.round_id else None
        )
        if action is RoundAction.OPEN:
            if _secret(settings) is None:
                await query.answer(i18n.get("round-no-secret"), show_alert=True)
                return
            await query.answer()
            await state.set_state(RoundForm.window)
            await bot.send_message(chat_id, i18n.get("round-ask-window", tz=settings.timezone))
            return
        if vote_round is None:
            await query.answer()  # forged
            return
        if action is RoundAction.CLOSE:
            await query.answer()
            builder = InlineKeyboardBuilder()
            builder.button(
                text=i18n.get("round-close-confirm"),
                callback_data=RoundCb(action=RoundAction.CLOSE_CONFIRMED, round_id=vote_round.id),
            )
            await bot.send_message(
                chat_id, i18n.get("round-close-sure"), reply_markup=builder.as_markup()
            )
            return
        if action is RoundAction.CLOSE_CONFIRMED:
            closed = await store.close_round(session, vote_round.id, chat_id, clock())
            await query.answer(i18n.get("round-closed-now" if closed else "round-already-closed"))
            return
        state_now = round_state(
            vote_round.starts_at, vote_round.ends_at, vote_round.closed_at, clock()
        )
        if state_now is not RoundState.CLOSED:
            await query.answer(i18n.get("round-still-open"), show_alert=True)
            return
        await query.answer()
        if action is RoundAction.RESULTS:
            text, _, _, _ = await render_results(session, i18n, vote_round, settings, regions)
            builder = InlineKeyboardBuilder()
            if vote_round.approved_at is None:
                builder.button(
                    text=i18n.get("round-approve"),
                    callback_data=RoundCb(action=RoundAction.APPROVE, round_id=vote_round.id),
                )
            for export in ExportFormat:
                builder.button(
                    text=i18n.get("desk-export", format=export.upper()),
                    callback_data=ResultsExportCb(round_id=vote_round.id, format=export),
                )
            builder.adjust(1, 2)
            *head, last = split_message(text)
            for piece in head:
                await bot.send_message(chat_id, piece)
            await bot.send_message(chat_id, last, reply_markup=builder.as_markup())
        elif action is RoundAction.APPROVE:
            builder = InlineKeyboardBuilder()
            builder.button(
                text=i18n.get("round-approve-confirm"),
                callback_data=RoundCb(action=RoundAction.APPROVE_CONFIRMED, round_id=vote_round.id),
            )
            await bot.send_message(
                chat_id, i18n.get("round-approve-sure"), reply_markup=builder.as_markup()
            )
        else:
            _, chosen, _, _ = await render_results(session, i18n, vote_round, settings, regions)
            selected = {seat.candidate.id for seat in chosen.seats}
            try:
                settled = await store.approve(session, vote_round, selected, chat_id, clock())
            except store.RoundConflict:
                await bot.send_message(chat_id, i18n.get("round-already-approved"))
                return
            await bot.send_message(
                chat_id, i18n.get("round-approved", selected=len(selected), total=len(settled))
            )
            await tell_nominators(bot, session, i18n, settings, settled, selected)

    @vote.message(StateFilter(RoundForm.window), F.text, flags=WG)
    async def round_window(
        message: Message,
        session: AsyncSession,
        i18n: I18nContext,
        state: FSMContext,
        settings: Settings,
        clock: Clock,
    ) -> None:
        now = clock()
        try:
            starts, ends = parse_window(message.text or "", settings.tz, now)
        except WindowError as error:
            await message.answer(i18n.get(f"round-window-{error.code}", tz=settings.timezone))
            return
        await state.set_state(None)
        try:
            vote_round = await store.open_round(session, starts, ends, message.chat.id, now)
        except store.RoundConflict as conflict:
            await message.answer(i18n.get(f"round-conflict-{conflict.reason}"))
            return
        fmt = "%d.%m.%Y %H:%M"
        await message.answer(
            i18n.get(
                "round-opened",
                round=vote_round.id,
                starts=starts.strftime(fmt),
                ends=ends.strftime(fmt),
                seed=vote_round.seed,
            )
        )

    @vote.message(StateFilter(RoundForm.window), flags=WG)
    async def round_window_other(message: Message, i18n: I18nContext, settings: Settings) -> None:
        await message.answer(i18n.get("round-window-format", tz=settings.timezone))

    @vote.callback_query(ResultsExportCb.filter(), flags=WG)
    async def export_results(
        query: CallbackQuery,
        callback_data: ResultsExportCb,
        bot: Bot,
        session: AsyncSession,
        i18n: I18nContext,
        settings: Settings,
        clock: Clock,
        regions: tuple[Region, ...],
    ) -> None:
        vote_round = await session.get(VoteRound, callback_data.round_id)
        if (
            vote_round is None
            or round_state(vote_round.starts_at, vote_round.ends_at, vote_round.closed_at, clock())
            is not RoundState.CLOSED
        ):
            await query.answer(i18n.get("round-still-open"), show_alert=True)
            return
        await query.answer()
        headers, rows = await results_table(session, i18n, vote_round, settings, regions)
        content = spreadsheet(headers, rows, callback_data.format)
        await bot.send_document(
            query.from_user.id,
            BufferedInputFile(
                content, filename=f"results-round-{vote_round.id}.{callback_data.format}"
            ),
            caption=i18n.get("results-export-caption", round=vote_round.id),
        )

    return vote


async def results_table(
    session: AsyncSession,
    i18n: I18nContext,
    vote_round: VoteRound,
    settings: Settings,
    regions: tuple[Region, ...],
) -> tuple[list[str], list[list[Any]]]:
    """Per candidate: votes and place in the proposed list. Nothing about any voter."""
    _, chosen, people, counts = await render_results(session, i18n, vote_round, settings, regions)
    seat_of = {seat.candidate.id: seat for seat in chosen.seats}
    names = {r.code: r.name(i18n.locale) for r in regions}
    headers = [
        i18n.get(f"results-export-{c}")
        for c in ("reference", "name", "region", "sphere", "gender", "votes", "listed", "reason")
    ]
    rows = []
    for person in sorted(people, key=lambda n: -counts.get(n.id, 0)):
        seat = seat_of.get(person.id)
        rows.append(
            [
                person.reference,
                person.full_name,
                names.get(person.region_code, ""),
                i18n.get(f"choice-{Step.SPHERE}-{person.sphere}"),
                i18n.get(f"choice-{Step.GENDER}-{person.gender}"),
                counts.get(person.id, 0),
                i18n.get("export-yes" if seat else "export-no"),
                i18n.get(f"results-reason-{seat.reason}") if seat else "",
            ]
        )
    return headers, rows


async def tell_nominators(
    bot: Bot,
    session: AsyncSession,
    i18n: I18nContext,
    settings: Settings,
    settled: list[Nomination],
    selected: set[int],
) -> None:
    """Every nominator hears the outcome in their own language, through the paced sender."""
    manager = i18n.manager
    assert isinstance(manager, UserLocaleManager)
    messages = []
    for nomination in settled:
        user = await repo.get_user(session, nomination.nominator_id)
        if user is None:
            continue
        key = "final-selected" if nomination.id in selected else "final-not-selected"
        messages.append(
            Outgoing(
                user.id,
                i18n.get(
                    key,
                    manager.locale_of(user),
                    reference=nomination.reference or "",
                    name=nomination.full_name,
                ),
            )
        )
    sender = Sender(bot, settings.send_per_second, settings.send_per_chat_seconds)
    await sender.send_many(messages)
