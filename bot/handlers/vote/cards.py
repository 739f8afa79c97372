"""Browsing the round: a candidate's card or the candidates as a list of lines (one message,
edited in place), the filters by region and sphere, the vote button on the card, and the
candidate's photo with a link to their card to share."""

from __future__ import annotations

from aiogram import Bot, Router
from aiogram.fsm.context import FSMContext
from aiogram.types import CallbackQuery, Message
from aiogram.utils.callback_answer import CallbackAnswer
from aiogram.utils.deep_linking import create_start_link

from bot.callbacks import BrowseCb, FilterCb, ListCb, ListFilterCb, PhotoCb, ReceiptsCb, VoteCb
from bot.handlers.vote import views
from bot.handlers.vote.common import CARD_LINK_PREFIX, edit, leave_search
from bot.i18n import I18n
from bot.middlewares import SENDS_LAST
from domain.voting import CastResult, voted_after
from services.voting import Voting


async def browse(
    query: CallbackQuery,
    callback_data: BrowseCb | ListCb,
    i18n: I18n,
    state: FSMContext,
    voting: Voting,
    raw_state: str | None = None,
) -> None:
    """The cards, or the list: the same place and filters, seen either way."""
    await leave_search(state, raw_state)
    where = views.where(callback_data)
    shown = await voting.view(where, as_list=isinstance(callback_data, ListCb))
    await edit(query, *views.view(i18n, shown))


async def choose_filter(
    query: CallbackQuery,
    callback_data: FilterCb | ListFilterCb,
    i18n: I18n,
    voting: Voting,
) -> None:
    regions = await voting.filters(callback_data.round_id)
    if isinstance(query.message, Message):
        markup = views.filter_choices(i18n, callback_data, regions)
        await query.message.edit_reply_markup(reply_markup=markup)


async def cast_vote(
    query: CallbackQuery,
    callback_data: VoteCb,
    i18n: I18n,
    voting: Voting,
    callback_answer: CallbackAnswer,
) -> None:
    """The hot path: one statement counts the vote; the card changes only its vote button,
    and only when what it shows changed (a double tap changes nothing)."""
    pressed = await voting.press(
        callback_data.round_id, callback_data.nomination_id, callback_data.cast
    )
    callback_answer.text = views.vote_answer(i18n, pressed)
    callback_answer.show_alert = pressed.result is CastResult.LIMIT
    voted = voted_after(pressed.result)
    if voted is None or voted is not callback_data.cast:
        return
    if isinstance(query.message, Message) and query.message.reply_markup:
        markup = views.with_vote_button(query.message.reply_markup, callback_data, voted, i18n)
        await query.message.edit_reply_markup(reply_markup=markup)


async def photo(query: CallbackQuery, callback_data: PhotoCb, bot: Bot, voting: Voting) -> None:
    found = await voting.photo(callback_data.round_id, callback_data.nomination_id)
    link = await create_start_link(bot, CARD_LINK_PREFIX + found.reference)
    await bot.send_photo(query.from_user.id, found.file_id, caption=f"{found.full_name}\n{link}")


async def my_receipts(
    query: CallbackQuery, callback_data: ReceiptsCb, bot: Bot, i18n: I18n, voting: Voting
) -> None:
    """The voter's receipts in the round, as a message of its own to keep and copy from."""
    shown = await voting.receipts(callback_data.round_id)
    await bot.send_message(query.from_user.id, **views.receipts(i18n, shown).as_kwargs())


def router() -> Router:
    cards = Router(name="vote-cards")
    cards.callback_query.register(browse, BrowseCb.filter(), flags=SENDS_LAST)
    cards.callback_query.register(browse, ListCb.filter(), flags=SENDS_LAST)
    cards.callback_query.register(choose_filter, FilterCb.filter(), flags=SENDS_LAST)
    cards.callback_query.register(choose_filter, ListFilterCb.filter(), flags=SENDS_LAST)
    cards.callback_query.register(cast_vote, VoteCb.filter(), flags=SENDS_LAST)
    cards.callback_query.register(photo, PhotoCb.filter(), flags=SENDS_LAST)
    cards.callback_query.register(my_receipts, ReceiptsCb.filter(), flags=SENDS_LAST)
    return cards
