"""A voter finds a candidate by name: the search button asks for one (in place of the card),
or `/vote <name>` searches at once. One match opens its card; several are listed."""

from __future__ import annotations

from aiogram import F, Router
from aiogram.filters import Command, CommandObject, StateFilter
from aiogram.fsm.context import FSMContext
from aiogram.types import CallbackQuery, Message

from bot.callbacks import SearchCb
from bot.handlers.vote import views
from bot.handlers.vote.common import SearchForm, edit, leave_search, show_entry
from bot.i18n import I18n
from services.voting import Found, Voting


async def ask_name(
    query: CallbackQuery,
    callback_data: SearchCb,
    i18n: I18n,
    state: FSMContext,
    voting: Voting,
) -> None:
    """The search button: the vote screen asks for a name; its button leads back."""
    await voting.require_open(callback_data.round_id)
    await state.set_state(SearchForm.name)
    await edit(query, *views.search_question(i18n, callback_data))


async def search(
    message: Message,
    i18n: I18n,
    state: FSMContext,
    voting: Voting,
    command: CommandObject | None = None,
    raw_state: str | None = None,
) -> None:
    """A name typed after the search button, or `/vote <name>`."""
    typed = command.args if command is not None else message.text
    found = await voting.find(typed or "")
    await leave_search(state, raw_state)
    if not isinstance(found, Found):  # the vote is not open to this voter now: why
        await show_entry(message.answer, found, i18n, state)
        return
    text, markup = views.found(i18n, found)
    await message.answer(text, reply_markup=markup)


async def search_not_text(message: Message, i18n: I18n) -> None:
    await message.answer(i18n.get("vote-search-not-text"))


def router() -> Router:
    searching = Router(name="vote-search")
    searching.callback_query.register(ask_name, SearchCb.filter())
    searching.message.register(search, Command("vote", magic=F.args))
    # A command typed instead of a name is a command (/cancel, /start): it passes on.
    asked = StateFilter(SearchForm.name)
    searching.message.register(search, asked, F.text, ~F.text.startswith("/"))
    searching.message.register(search_not_text, asked, ~F.text)
    return searching
