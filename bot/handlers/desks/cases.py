"""A case at a desk: opening it from the list (it becomes the person's to work unless
another member holds it), taking it over, letting it go, recusing oneself (confirmed first;
a conclusion begun on it goes too), and its files."""

from __future__ import annotations

from aiogram import F, Router
from aiogram.filters.callback_data import CallbackQueryFilter
from aiogram.fsm.context import FSMContext
from aiogram.types import CallbackQuery, Message
from aiogram.utils.callback_answer import CallbackAnswer
from magic_filter import MagicFilter

from bot.callbacks import CaseCb, ClaimAction, ClaimCb, FilesCb
from bot.handlers.desks.case_views import case_keyboard
from bot.handlers.desks.expert import forget_draft
from bot.handlers.desks.screen import (
    bot_of,
    button_desk,
    desk_view,
    drop_pressed,
    send_queue,
    show_case,
    show_next,
)
from bot.i18n import I18n
from bot.keyboards import confirm
from domain.pipeline import DESKS
from services.desks.claims import CaseFiles, Claims
from services.refusals import Gone, Refusal


async def open_case(
    query: CallbackQuery, callback_data: CaseCb, i18n: I18n, claims: Claims
) -> None:
    """The case's card; `here`: "cancel" on a question, the card's own buttons again."""
    try:
        case = await claims.open(callback_data.role, callback_data.nomination_id)
    except Refusal as refusal:
        if callback_data.here:  # the question asked on the card no longer stands
            raise Gone(refusal.text) from refusal
        raise
    if callback_data.here and isinstance(query.message, Message):
        await query.message.edit_reply_markup(reply_markup=case_keyboard(i18n, case))
        return
    await show_case(query, i18n, case)


async def take_over(
    query: CallbackQuery, callback_data: ClaimCb, i18n: I18n, claims: Claims
) -> None:
    case = await claims.take_over(callback_data.role, callback_data.nomination_id)
    await drop_pressed(query)
    await show_case(query, i18n, case)


async def release(
    query: CallbackQuery,
    callback_data: ClaimCb,
    i18n: I18n,
    state: FSMContext,
    claims: Claims,
    callback_answer: CallbackAnswer,
) -> None:
    """The person lets the case go and is back at their list."""
    role = callback_data.role
    shown = await claims.release(role, callback_data.nomination_id, await desk_view(state, role))
    callback_answer.text = i18n.get("case-released")
    await drop_pressed(query)
    await send_queue(query, i18n, shown)


async def ask_recuse(query: CallbackQuery, callback_data: ClaimCb, i18n: I18n) -> None:
    """The first press asks (on the card, with "cancel" restoring its buttons)."""
    if not isinstance(query.message, Message):
        return
    role, nomination_id = callback_data.role, callback_data.nomination_id
    cancel = CaseCb(role=role, nomination_id=nomination_id, here=True)
    markup = confirm(i18n, callback_data, cancel, label=i18n.get("case-recuse-confirm"))
    await query.message.edit_reply_markup(reply_markup=markup)
    await query.message.answer(i18n.get("case-recuse-ask"))


async def recuse(
    query: CallbackQuery,
    callback_data: ClaimCb,
    i18n: I18n,
    state: FSMContext,
    claims: Claims,
) -> None:
    """The case leaves the person's desks; their next case opens."""
    role, nomination_id = callback_data.role, callback_data.nomination_id
    recused = await claims.recuse(role, nomination_id, await desk_view(state, role))
    await drop_pressed(query)
    await forget_draft(query, state, nomination_id)
    bot, chat_id = bot_of(query)
    await bot.send_message(chat_id, i18n.get("case-recused", reference=recused.reference))
    await show_next(query, i18n, recused.next)


async def files(query: CallbackQuery, callback_data: FilesCb, i18n: I18n, claims: Claims) -> None:
    """The candidate's photo, the proofs, and what the nominator sent on request."""
    await send_files(
        query, i18n, await claims.files(callback_data.role, callback_data.nomination_id)
    )


async def send_files(query: CallbackQuery, i18n: I18n, found: CaseFiles) -> None:
    bot, chat_id = bot_of(query)
    if found.photo_file_id:
        await bot.send_photo(chat_id, found.photo_file_id, caption=found.full_name)
    for number, kind, file_id in found.proofs:
        caption = i18n.get("case-proof-of", number=number)
        if kind == "photo":
            await bot.send_photo(chat_id, file_id, caption=caption)
        else:
            await bot.send_document(chat_id, file_id, caption=caption)
    if not found.photo_file_id and not found.proofs:
        await bot.send_message(chat_id, i18n.get("case-no-files"))


def router() -> Router:
    cases = Router(name="desk-cases")
    at_desk, on_desk = {"role": button_desk}, F.role.in_(DESKS)
    cases.callback_query.register(open_case, CaseCb.filter(on_desk), flags=at_desk)
    cases.callback_query.register(files, FilesCb.filter(on_desk), flags=at_desk)

    def claim(action: MagicFilter) -> CallbackQueryFilter:
        return ClaimCb.filter(on_desk & action)

    asks = claim((F.action == ClaimAction.RECUSE) & ~F.confirmed)
    confirmed = claim((F.action == ClaimAction.RECUSE) & F.confirmed)
    cases.callback_query.register(
        take_over, claim(F.action == ClaimAction.TAKE_OVER), flags=at_desk
    )
    cases.callback_query.register(release, claim(F.action == ClaimAction.RELEASE), flags=at_desk)
    cases.callback_query.register(ask_recuse, asks, flags=at_desk)
    cases.callback_query.register(recuse, confirmed, flags=at_desk)
    return cases
