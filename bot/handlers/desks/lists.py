"""A desk's list: `/queue`, `/verify`, `/review`, `/decide` open it (with a search after the
command, searched); its pages, its search, page number and period typed on request, its
filters, "clear", and "next" (the oldest case nobody else holds)."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import replace

from aiogram import F, Router
from aiogram.filters import Command, CommandObject, StateFilter
from aiogram.filters.callback_data import CallbackQueryFilter
from aiogram.fsm.context import FSMContext
from aiogram.fsm.state import State
from aiogram.types import CallbackQuery, Message
from magic_filter import MagicFilter

from bot.callbacks import DeskFilter, DeskFilterCb, DeskPickCb, DeskTool, DeskToolCb, QueueCb
from bot.handlers.desks.forms import DESK_INPUT_ERROR_KEYS, DeskForm
from bot.handlers.desks.list_views import (
    filter_choices,
    filter_picker,
    filters_panel,
    offered_filters,
)
from bot.handlers.desks.screen import bot_of, button_desk, desk_view, show_case, show_queue
from bot.i18n import I18n
from domain.nomination import InvalidInput
from domain.pipeline import COMMAND_DESKS, DESKS, Role, Staff
from domain.regions import Region
from services.desks.queue import Queue, View
from services.locale_keys import PlainKey
from services.refusals import Forged, Gone
from services.texts import Text

# What each typed step asks for, and the prompt that asks.
ASK_KEYS: dict[DeskTool, tuple[State, PlainKey]] = {
    DeskTool.SEARCH: (DeskForm.search, "desk-ask-search"),
    DeskTool.JUMP: (DeskForm.page, "desk-ask-page"),
}


def _command_desk(data: dict[str, object]) -> Role:
    command = data["command"]
    assert isinstance(command, CommandObject)
    return COMMAND_DESKS[command.command]


# The view a typed answer makes, by the step that asked for it.
TYPED: dict[str | None, Callable[[View, str], View]] = {
    DeskForm.search.state: View.searching,
    DeskForm.page.state: View.at_page,
    DeskForm.period.state: View.submitted_within,
}


async def open_desk(
    message: Message, command: CommandObject, i18n: I18n, state: FSMContext, queue: Queue
) -> None:
    """`/queue` opens the list with its counts; `/queue <text>` searches it."""
    role = COMMAND_DESKS[command.command]
    if await state.get_state() in {s.state for s in DeskForm.__all_states__}:
        await state.set_state(None)  # a search or page asked for before is not awaited now
    view = replace(await desk_view(state, role), page=0)
    if command.args:
        try:
            view = view.searching(command.args)
        except InvalidInput as error:
            await message.answer(i18n.get(DESK_INPUT_ERROR_KEYS[error.code], **error.params))
            return
    await show_queue(message, i18n, state, await queue.page(role, view, counts=True))


async def page(
    query: CallbackQuery, callback_data: QueueCb, i18n: I18n, state: FSMContext, queue: Queue
) -> None:
    role = callback_data.role
    view = replace(await desk_view(state, role), page=max(0, callback_data.page))
    await show_queue(query, i18n, state, await queue.page(role, view))


async def ask(
    query: CallbackQuery, callback_data: DeskToolCb, i18n: I18n, state: FSMContext
) -> None:
    """A search or a page number to type."""
    step, prompt = ASK_KEYS[callback_data.tool]
    await state.set_state(step)
    await state.update_data(desk_role=callback_data.role)
    bot, chat_id = bot_of(query)
    await bot.send_message(chat_id, i18n.get(prompt))


async def show_filters(
    query: CallbackQuery,
    callback_data: DeskToolCb,
    i18n: I18n,
    staff: Staff,
    state: FSMContext,
    regions: tuple[Region, ...],
) -> None:
    role = callback_data.role
    text, markup = filters_panel(i18n, role, await desk_view(state, role), staff, regions)
    if isinstance(query.message, Message):
        await query.message.edit_text(text, reply_markup=markup)


async def clear(
    query: CallbackQuery,
    callback_data: DeskToolCb,
    i18n: I18n,
    state: FSMContext,
    queue: Queue,
) -> None:
    """Every filter and the search off."""
    await show_queue(query, i18n, state, await queue.page(callback_data.role, View()))


async def toggle_selecting(
    query: CallbackQuery,
    callback_data: DeskToolCb,
    i18n: I18n,
    state: FSMContext,
    queue: Queue,
) -> None:
    """Selecting cases for a bulk rejection, on or off (the secretariat's list only)."""
    role = callback_data.role
    if role is not Role.SECRETARIAT:
        return
    view = await desk_view(state, role)
    view = replace(view, selecting=not view.selecting, selected=())
    await show_queue(query, i18n, state, await queue.page(role, view))


async def next_case(
    query: CallbackQuery,
    callback_data: DeskToolCb,
    i18n: I18n,
    state: FSMContext,
    queue: Queue,
) -> None:
    """The oldest case of the list that nobody else holds, opened."""
    role = callback_data.role
    await show_case(query, i18n, await queue.next_case(role, await desk_view(state, role)))


async def pick(
    query: CallbackQuery,
    callback_data: DeskPickCb,
    i18n: I18n,
    staff: Staff,
    state: FSMContext,
    regions: tuple[Region, ...],
) -> None:
    """One filter's choices; the period is typed."""
    role, kind = callback_data.role, callback_data.kind
    if kind not in offered_filters(role, staff):
        raise Forged
    if kind is DeskFilter.PERIOD:
        await state.set_state(DeskForm.period)
        await state.update_data(desk_role=role)
        bot, chat_id = bot_of(query)
        await bot.send_message(chat_id, i18n.get("desk-ask-period"))
        return
    choices = filter_choices(i18n, role, kind, staff, regions)
    if isinstance(query.message, Message):
        text, markup = filter_picker(i18n, role, kind, choices)
        await query.message.edit_text(text, reply_markup=markup)


async def set_filter(
    query: CallbackQuery,
    callback_data: DeskFilterCb,
    i18n: I18n,
    staff: Staff,
    state: FSMContext,
    queue: Queue,
) -> None:
    role, kind, value = callback_data.role, callback_data.kind, callback_data.value
    allowed = {v for v, _ in filter_choices(i18n, role, kind, staff, queue.regions)}
    if kind not in offered_filters(role, staff) or (value and value not in allowed):
        raise Forged
    view = View.of({**(await desk_view(state, role)).data(), kind.value: value, "page": 0})
    await show_queue(query, i18n, state, await queue.page(role, replace(view, selected=())))


async def typed(
    message: Message, i18n: I18n, staff: Staff, state: FSMContext, queue: Queue
) -> None:
    """A search, a page number or a period typed for a desk list."""
    role = (await state.get_data()).get("desk_role")
    if role not in DESKS or not staff.has(Role(role)):  # the role went meanwhile
        raise Gone(Text("case-moved"))
    role = Role(role)
    view = replace(await desk_view(state, role), selected=())
    try:
        view = TYPED[await state.get_state()](view, message.text or "")
    except InvalidInput as error:
        await message.answer(i18n.get(DESK_INPUT_ERROR_KEYS[error.code], **error.params))
        return
    await state.set_state(None)
    await show_queue(message, i18n, state, await queue.page(role, view))


async def typed_other(message: Message, i18n: I18n) -> None:
    await message.answer(i18n.get("staff-expect-text"))


def router() -> Router:
    lists = Router(name="desk-lists")
    at_desk = {"role": button_desk}
    on_desk = F.role.in_(DESKS)
    lists.message.register(open_desk, Command(*COMMAND_DESKS), flags={"role": _command_desk})
    lists.callback_query.register(page, QueueCb.filter(on_desk), flags=at_desk)

    def tool(chosen: MagicFilter) -> CallbackQueryFilter:
        return DeskToolCb.filter(on_desk & chosen)

    lists.callback_query.register(ask, tool(F.tool.in_(ASK_KEYS)), flags=at_desk)
    lists.callback_query.register(show_filters, tool(F.tool == DeskTool.FILTERS), flags=at_desk)
    lists.callback_query.register(clear, tool(F.tool == DeskTool.CLEAR), flags=at_desk)
    lists.callback_query.register(toggle_selecting, tool(F.tool == DeskTool.SELECT), flags=at_desk)
    lists.callback_query.register(next_case, tool(F.tool == DeskTool.NEXT), flags=at_desk)
    lists.callback_query.register(pick, DeskPickCb.filter(on_desk), flags=at_desk)
    lists.callback_query.register(set_filter, DeskFilterCb.filter(on_desk), flags=at_desk)
    lists.message.register(typed, StateFilter(DeskForm), F.text, ~F.text.startswith("/"))
    lists.message.register(typed_other, StateFilter(DeskForm), ~F.text)
    return lists
