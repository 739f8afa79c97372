"""The regional verifier's desk: a verdict per achievement pressed on the case's card (a
short prompt asks for a comment, which may be skipped; the card is edited once the verdict is
saved), and completing the verification, which the verdicts decide."""

from __future__ import annotations

from aiogram import F, Router
from aiogram.filters import StateFilter
from aiogram.fsm.context import FSMContext
from aiogram.types import CallbackQuery, InlineKeyboardMarkup, Message
from aiogram.utils.callback_answer import CallbackAnswer
from aiogram.utils.keyboard import InlineKeyboardBuilder

from bot.callbacks import CompleteCb, FactCb, SkipCommentCb
from bot.handlers.desks.forms import StaffForm
from bot.handlers.desks.screen import (
    bot_of,
    desk_view,
    drop_buttons,
    mark_done,
    redraw_case,
    show_next,
)
from bot.i18n import I18n
from bot.state import take
from bot.texts import INPUT_ERROR_KEYS
from domain.nomination import InvalidInput, text_between
from domain.pipeline import FACT_COMMENT_MAX, Action, Role
from services.desks.verification import Verification
from services.keys import VERDICT_KEYS, keys_for

VERIFIED_KEYS = keys_for((Action.FACTS_CONFIRMED, Action.FACTS_FAILED), "verify-done-{}")
VERIFIER = {"role": Role.VERIFIER}


def skip_comment(i18n: I18n) -> InlineKeyboardMarkup:
    builder = InlineKeyboardBuilder()
    builder.button(text=i18n.get("verify-no-comment"), callback_data=SkipCommentCb())
    return builder.as_markup()


async def fact(
    query: CallbackQuery,
    callback_data: FactCb,
    i18n: I18n,
    state: FSMContext,
    verification: Verification,
) -> None:
    """A verdict pressed: the comment is asked for (one prompt at a time)."""
    number = await verification.fact_number(
        callback_data.nomination_id, callback_data.achievement_id
    )
    bot, chat_id = bot_of(query)
    await drop_buttons(bot, chat_id, ((await state.get_data()).get("fact") or {}).get("prompt"))
    verdict = i18n.get(VERDICT_KEYS[callback_data.verdict])
    text = i18n.get("verify-comment", number=number, verdict=verdict)
    prompt = await bot.send_message(chat_id, text, reply_markup=skip_comment(i18n))
    card_id = query.message.message_id if isinstance(query.message, Message) else None
    await state.set_state(StaffForm.fact_comment)
    await state.update_data(
        fact={"verdict": callback_data.pack(), "card": card_id, "prompt": prompt.message_id}
    )


async def save_fact(
    event: CallbackQuery | Message,
    comment: str | None,
    i18n: I18n,
    state: FSMContext,
    verification: Verification,
) -> None:
    """The verdict waiting for its comment is saved; its card is edited in place."""
    pending = await take(state, "fact") or {}
    bot, chat_id = bot_of(event)
    await drop_buttons(bot, chat_id, pending.get("prompt"))
    try:
        verdict = FactCb.unpack(pending.get("verdict", ""))
    except (TypeError, ValueError):
        await bot.send_message(chat_id, i18n.get("button-stale"))
        return
    case = await verification.record(
        verdict.nomination_id, verdict.achievement_id, verdict.verdict, comment
    )
    await redraw_case(event, pending.get("card"), i18n, case)


async def fact_comment(
    message: Message, i18n: I18n, state: FSMContext, verification: Verification
) -> None:
    try:
        text = text_between(message.text or "", 1, FACT_COMMENT_MAX)
    except InvalidInput as error:
        await message.answer(i18n.get(INPUT_ERROR_KEYS[error.code], **error.params))
        return
    await save_fact(message, text, i18n, state, verification)


async def fact_no_comment(
    query: CallbackQuery, i18n: I18n, state: FSMContext, verification: Verification
) -> None:
    await save_fact(query, None, i18n, state, verification)


async def complete(
    query: CallbackQuery,
    callback_data: CompleteCb,
    i18n: I18n,
    state: FSMContext,
    verification: Verification,
    callback_answer: CallbackAnswer,
) -> None:
    """The verdicts decide where the candidate goes; the verifier's next case opens."""
    view = await desk_view(state, Role.VERIFIER)
    done = await verification.complete(callback_data.nomination_id, view)
    callback_answer.text = i18n.get("decide-done")
    outcome = i18n.get(VERIFIED_KEYS[done.action])
    if isinstance(query.message, Message):
        await mark_done(query.message, f"✓ {outcome}")
    else:
        bot, chat_id = bot_of(query)
        await bot.send_message(chat_id, outcome)
    await show_next(query, i18n, done.next)


def router() -> Router:
    verifier = Router(name="desk-verifier")
    commenting = StateFilter(StaffForm.fact_comment)
    verifier.callback_query.register(fact, FactCb.filter(), flags=VERIFIER)
    verifier.message.register(fact_comment, commenting, F.text, flags=VERIFIER)
    skip = SkipCommentCb.filter()
    verifier.callback_query.register(fact_no_comment, skip, commenting, flags=VERIFIER)
    verifier.callback_query.register(complete, CompleteCb.filter(), flags=VERIFIER)
    return verifier
