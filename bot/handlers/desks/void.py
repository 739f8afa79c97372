"""The secretariat's «Void» on a case's card: the reason (impostor, spam, duplicate), a
confirmation, then the card marked and the person's next case. A void blocks nobody."""

from __future__ import annotations

from aiogram import F, Router
from aiogram.fsm.context import FSMContext
from aiogram.types import CallbackQuery, InlineKeyboardMarkup, Message
from aiogram.utils.keyboard import InlineKeyboardBuilder

from bot.callbacks import CaseCb, DecideCb, VoidCb
from bot.handlers.desks.screen import desk_view, mark_done, show_next
from bot.i18n import I18n
from bot.keyboards import confirm
from domain.nomination import VoidReason
from domain.pipeline import Action, Role
from services.desks.voids import REASON_KEYS, Voids

AT_SECRETARIAT = {"role": Role.SECRETARIAT}


def reasons(i18n: I18n, nomination_id: int) -> InlineKeyboardMarkup:
    """A button per reason, and one back to the card."""
    builder = InlineKeyboardBuilder()
    for reason in VoidReason:
        data = VoidCb(nomination_id=nomination_id, reason=reason)
        builder.button(text=i18n.get(REASON_KEYS[reason]), callback_data=data)
    back = CaseCb(role=Role.SECRETARIAT, nomination_id=nomination_id, here=True)
    builder.button(text=i18n.get("decide-cancel"), callback_data=back)
    builder.adjust(1)
    return builder.as_markup()


async def ask_reason(
    query: CallbackQuery, callback_data: DecideCb, i18n: I18n, voids: Voids
) -> None:
    """«Void» pressed: the case is held for the person, and the reasons asked."""
    case = await voids.hold(callback_data.nomination_id)
    assert query.message is not None
    await query.message.answer(
        i18n.get("identity-void-ask"), reply_markup=reasons(i18n, case.nomination_id)
    )


async def ask_sure(query: CallbackQuery, callback_data: VoidCb, i18n: I18n, voids: Voids) -> None:
    """A reason chosen: asked once more, on the same message."""
    case = await voids.hold(callback_data.nomination_id)
    reason = i18n.get(REASON_KEYS[callback_data.reason])
    cancel = CaseCb(role=Role.SECRETARIAT, nomination_id=case.nomination_id, here=True)
    markup = confirm(i18n, callback_data, cancel, i18n.get("identity-void-yes"))
    if isinstance(query.message, Message):
        text = i18n.get("identity-void-sure", reference=case.reference, reason=reason)
        await query.message.edit_text(text, reply_markup=markup)


async def void(
    query: CallbackQuery, callback_data: VoidCb, i18n: I18n, state: FSMContext, voids: Voids
) -> None:
    """Confirmed: voided, the question marked done, the next case."""
    view = await desk_view(state, Role.SECRETARIAT)
    decided = await voids.void(callback_data.nomination_id, callback_data.reason, view)
    if isinstance(query.message, Message):
        await mark_done(query.message, "✓ " + i18n.get("identity-void-done"))
    await show_next(query, i18n, decided.next)


def router() -> Router:
    voids = Router(name="desk-void")
    voids.callback_query.register(
        ask_reason, DecideCb.filter(F.action == Action.VOID), flags=AT_SECRETARIAT
    )
    voids.callback_query.register(ask_sure, VoidCb.filter(~F.confirmed), flags=AT_SECRETARIAT)
    voids.callback_query.register(void, VoidCb.filter(F.confirmed), flags=AT_SECRETARIAT)
    return voids
