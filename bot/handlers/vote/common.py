"""What the vote's screens share: its two questions (the contact, a name), the way into the
vote as a message, and a screen edited in place."""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from typing import Any

from aiogram.fsm.context import FSMContext
from aiogram.fsm.state import State, StatesGroup
from aiogram.types import CallbackQuery, InlineKeyboardMarkup, Message

from bot.handlers.vote import views
from bot.i18n import I18n
from services.voting import Entry, NeedsVerification

CARD_LINK_PREFIX = "v_"  # a shared card's link: /start v_<reference>


class VoteForm(StatesGroup):
    contact = State()


class SearchForm(StatesGroup):
    name = State()


async def show_entry(
    send: Callable[..., Awaitable[Any]], shown: Entry, i18n: I18n, state: FSMContext
) -> None:
    """The way into the vote, sent: verification asks for the contact and waits for it."""
    if isinstance(shown, NeedsVerification):
        await state.set_state(VoteForm.contact)
    text, markup = views.entry(i18n, shown)
    await send(text, reply_markup=markup)


async def leave_search(state: FSMContext, raw_state: str | None) -> None:
    """Back to browsing from the question "which name?": what is typed next is no search."""
    if raw_state == SearchForm.name.state:
        await state.set_state(None)


async def edit(query: CallbackQuery, text: str, markup: InlineKeyboardMarkup) -> None:
    """The vote screen the button was on, now showing `text`."""
    if isinstance(query.message, Message):
        await query.message.edit_text(text, reply_markup=markup)
