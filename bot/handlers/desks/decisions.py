"""The decisions on a case's card: the secretariat's screening (to verification, or
rejected) and the working group's (to the vote, or rejected). A rejection is confirmed
first; the decision marks the card and the person's next case opens at once."""

from __future__ import annotations

from aiogram import F, Router
from aiogram.fsm.context import FSMContext
from aiogram.types import CallbackQuery, Message
from aiogram.utils.callback_answer import CallbackAnswer

from bot.callbacks import CaseCb, DecideCb
from bot.handlers.desks.case_views import DECIDE_KEYS
from bot.handlers.desks.screen import action_desk, desk_view, mark_done, show_next
from bot.i18n import I18n
from bot.keyboards import confirm
from services.desks.decisions import CONFIRM_FIRST, Decisions, desk_of
from services.refusals import Forged


async def ask_decision(
    query: CallbackQuery, callback_data: DecideCb, i18n: I18n, decisions: Decisions
) -> None:
    """A rejection asks first, on the card (the case is held for the person meanwhile)."""
    case = await decisions.hold(callback_data.action, callback_data.nomination_id)
    if isinstance(query.message, Message):
        cancel = CaseCb(role=case.role, nomination_id=case.nomination_id, here=True)
        await query.message.edit_reply_markup(reply_markup=confirm(i18n, callback_data, cancel))


async def decide(
    query: CallbackQuery,
    callback_data: DecideCb,
    i18n: I18n,
    state: FSMContext,
    decisions: Decisions,
    callback_answer: CallbackAnswer,
) -> None:
    """The decision; the card marked; the next case."""
    action = callback_data.action
    role = desk_of(action)
    if role is None:  # not a button any desk shows
        raise Forged
    decided = await decisions.decide(
        action, callback_data.nomination_id, await desk_view(state, role)
    )
    callback_answer.text = i18n.get("decide-done")
    if isinstance(query.message, Message):
        await mark_done(query.message, f"✓ {i18n.get(DECIDE_KEYS[action])}")
    await show_next(query, i18n, decided.next)


def router() -> Router:
    decisions = Router(name="desk-decisions")
    at_desk = {"role": action_desk}
    asks = DecideCb.filter(F.action.in_(CONFIRM_FIRST) & ~F.confirmed)
    decisions.callback_query.register(ask_decision, asks, flags=at_desk)
    decisions.callback_query.register(decide, DecideCb.filter(), flags=at_desk)
    return decisions
