"""The secretariat's bulk rejection: cases selected on its list (or every case the list
holds as narrowed), a reason, a confirmation naming how many; only the confirmation rejects,
and only exactly the cases it named. (Its decision on one case is
`bot.handlers.desks.decisions`.)"""

from __future__ import annotations

from dataclasses import replace

from aiogram import F, Router
from aiogram.fsm.context import FSMContext
from aiogram.types import CallbackQuery, InlineKeyboardMarkup, Message
from aiogram.utils.keyboard import InlineKeyboardBuilder

from bot.callbacks import BulkCb, QueueCb, SelectCb
from bot.handlers.desks.list_views import filter_lines
from bot.handlers.desks.screen import bot_of, desk_view, drop_pressed, send_queue, show_queue
from bot.i18n import I18n
from bot.keyboards import confirm, fitted
from domain.nomination import RejectReason
from domain.pipeline import Role
from services.desks.decisions import BULK_MAX, Decisions
from services.desks.queue import Queue, View
from services.keys import keys_for
from services.refusals import Refusal
from services.texts import Text

SECRETARIAT = Role.SECRETARIAT
REJECT_REASON_KEYS = keys_for(RejectReason, "reason-{}")


def reasons_keyboard(i18n: I18n, pressed: BulkCb) -> InlineKeyboardMarkup:
    builder = InlineKeyboardBuilder()
    for choice in RejectReason:
        builder.button(
            text=i18n.get(REJECT_REASON_KEYS[choice]),
            callback_data=pressed.model_copy(update={"reason": choice}),
        )
    builder.button(text=i18n.get("decide-cancel"), callback_data=QueueCb(role=SECRETARIAT))
    return fitted(builder, 2, 1).as_markup()


async def bulk_view(state: FSMContext, pressed: BulkCb) -> View:
    """The cases a bulk button is about: every case of the list, or the selection."""
    view = await desk_view(state, SECRETARIAT)
    if pressed.every:
        return replace(view, selected=())
    if not view.selected:
        raise Refusal(Text("bulk-none"))
    return view


async def toggle_selected(
    query: CallbackQuery,
    callback_data: SelectCb,
    i18n: I18n,
    state: FSMContext,
    queue: Queue,
) -> None:
    view = await desk_view(state, SECRETARIAT)
    chosen = set(view.selected) ^ {callback_data.nomination_id}
    view = replace(view, selecting=True, selected=tuple(sorted(chosen))[:BULK_MAX])
    await show_queue(query, i18n, state, await queue.page(SECRETARIAT, view))


async def ask_reason(
    query: CallbackQuery, callback_data: BulkCb, i18n: I18n, state: FSMContext
) -> None:
    await bulk_view(state, callback_data)
    bot, chat_id = bot_of(query)
    markup = reasons_keyboard(i18n, callback_data)
    await bot.send_message(chat_id, i18n.get("bulk-reason-ask"), reply_markup=markup)


async def ask_confirmation(
    query: CallbackQuery,
    callback_data: BulkCb,
    i18n: I18n,
    state: FSMContext,
    decisions: Decisions,
) -> None:
    """How many cases it would reject, and which (the list as narrowed), to confirm."""
    view = await bulk_view(state, callback_data)
    found = await decisions.bulk_count(view)
    if found.count > BULK_MAX:
        bot, chat_id = bot_of(query)
        text = i18n.get("bulk-too-many", count=found.count, most=BULK_MAX)
        await bot.send_message(chat_id, text)
        return
    if not found.count:
        raise Refusal(Text("bulk-none"))
    assert callback_data.reason is not None
    reason = i18n.get(REJECT_REASON_KEYS[callback_data.reason])
    text = i18n.get("bulk-confirm-ask", count=found.count, reason=reason)
    if callback_data.every:  # what "these cases" are: the list as narrowed
        text = "\n".join([text, "", *filter_lines(i18n, SECRETARIAT, view, decisions.regions)])
    pressed = callback_data.model_copy(update={"count": found.count, "cases": found.fingerprint})
    label = i18n.get("bulk-confirm", count=found.count)
    if isinstance(query.message, Message):
        markup = confirm(i18n, pressed, QueueCb(role=SECRETARIAT), label=label)
        await query.message.edit_text(text.rstrip(), reply_markup=markup)


async def reject(
    query: CallbackQuery,
    callback_data: BulkCb,
    i18n: I18n,
    state: FSMContext,
    decisions: Decisions,
) -> None:
    """The confirmed rejection, then the list again with the selection over."""
    view = await bulk_view(state, callback_data)
    assert callback_data.reason is not None
    done = await decisions.bulk_reject(view, callback_data.reason, callback_data.cases)
    await drop_pressed(query)
    bot, chat_id = bot_of(query)
    if done.rejected is None:
        await bot.send_message(chat_id, i18n.get("bulk-changed"))
    else:
        await bot.send_message(chat_id, i18n.get("bulk-done", count=done.rejected))
    await send_queue(query, i18n, done.page, keep=state)


def router() -> Router:
    secretariat = Router(name="desk-secretariat")
    flags = {"role": SECRETARIAT}
    secretariat.callback_query.register(toggle_selected, SelectCb.filter(), flags=flags)
    secretariat.callback_query.register(ask_reason, BulkCb.filter(F.reason.is_(None)), flags=flags)
    asking = BulkCb.filter(~F.confirmed)
    secretariat.callback_query.register(ask_confirmation, asking, flags=flags)
    secretariat.callback_query.register(reject, BulkCb.filter(), flags=flags)
    return secretariat
