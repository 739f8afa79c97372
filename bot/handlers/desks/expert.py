"""The expert's desk: scoring a candidate. The conclusion card (`expert_card`) edits a draft
kept in the chat (one card live at a time; drafts on other candidates wait, `Drafts`) until
it is submitted whole: four criteria scored 1–5, a motivation, a recommendation."""

from __future__ import annotations

from aiogram import F, Router
from aiogram.filters import StateFilter
from aiogram.fsm.context import FSMContext
from aiogram.types import CallbackQuery, Message
from aiogram.utils.callback_answer import CallbackAnswer

from bot.callbacks import (
    ConcludeCb,
    ExpertRecommendCb,
    ExpertScoreCb,
    ExpertSubmitCb,
    ExpertWriteCb,
)
from bot.handlers.desks.expert_card import conclusion_keyboard, conclusion_text, missing
from bot.handlers.desks.forms import StaffForm
from bot.handlers.desks.screen import bot_of, card_in_place, desk_view, drop_buttons, show_next
from bot.i18n import I18n
from bot.texts import INPUT_ERROR_KEYS
from domain.nomination import InvalidInput, text_between
from domain.pipeline import MOTIVATION_MAX, MOTIVATION_MIN, Role
from services.desks.expertise import ConclusionIncomplete, Drafts, Expertise
from services.keys import CRITERION_LONG_KEYS
from services.refusals import Gone
from services.texts import Text

EXPERT = {"role": Role.EXPERT}


async def show_card(
    event: CallbackQuery | Message, i18n: I18n, state: FSMContext, drafts: Drafts
) -> None:
    """Keep the drafts and edit the live card in place (sent anew when it cannot be)."""
    draft = drafts.active
    assert draft is not None
    bot, chat_id = bot_of(event)
    text, markup = conclusion_text(i18n, draft), conclusion_keyboard(i18n, draft)
    draft.card = await card_in_place(bot, chat_id, draft.card, text, markup)
    await state.update_data(**drafts.data())


async def forget_draft(event: CallbackQuery, state: FSMContext, nomination_id: int) -> None:
    """A conclusion begun on a case that left the expert's desk goes, its card's buttons too."""
    drafts = Drafts.of(await state.get_data())
    draft = drafts.close(nomination_id)
    if draft is not None:
        await state.set_state(None)
        await state.update_data(**drafts.data())
        bot, chat_id = bot_of(event)
        await drop_buttons(bot, chat_id, draft.card)


async def conclude(
    query: CallbackQuery,
    callback_data: ConcludeCb,
    i18n: I18n,
    state: FSMContext,
    expertise: Expertise,
) -> None:
    """The expert's card for this candidate: a new draft, or the one already begun."""
    started = await expertise.start(callback_data.nomination_id)
    drafts = Drafts.of(await state.get_data())
    bot, chat_id = bot_of(query)
    for card in drafts.open(callback_data.nomination_id, started.reference, started.full_name):
        await drop_buttons(bot, chat_id, card)
    await state.set_state(StaffForm.conclusion)
    await show_card(query, i18n, state, drafts)


async def explain(
    query: CallbackQuery,
    callback_data: ExpertScoreCb,
    i18n: I18n,
    state: FSMContext,
    callback_answer: CallbackAnswer,
) -> None:
    """A criterion's own button: what it weighs."""
    Drafts.of(await state.get_data()).live(callback_data.nomination_id)
    long = i18n.get(CRITERION_LONG_KEYS[callback_data.criterion])
    callback_answer.text = i18n.get("expert-score", criterion=long)
    callback_answer.show_alert = True


async def score(
    query: CallbackQuery, callback_data: ExpertScoreCb, i18n: I18n, state: FSMContext
) -> None:
    drafts = Drafts.of(await state.get_data())
    drafts.score(callback_data.nomination_id, callback_data.criterion, callback_data.score)
    await show_card(query, i18n, state, drafts)


async def recommend(
    query: CallbackQuery, callback_data: ExpertRecommendCb, i18n: I18n, state: FSMContext
) -> None:
    drafts = Drafts.of(await state.get_data())
    drafts.live(callback_data.nomination_id).recommend = callback_data.recommend
    await show_card(query, i18n, state, drafts)


async def write_motivation(
    query: CallbackQuery, callback_data: ExpertWriteCb, i18n: I18n, state: FSMContext
) -> None:
    Drafts.of(await state.get_data()).live(callback_data.nomination_id)
    await state.set_state(StaffForm.motivation)
    bot, chat_id = bot_of(query)
    await bot.send_message(
        chat_id, i18n.get("expert-motivation", min=MOTIVATION_MIN, max=MOTIVATION_MAX)
    )


async def motivation(message: Message, i18n: I18n, state: FSMContext) -> None:
    try:
        text = text_between(message.text or "", MOTIVATION_MIN, MOTIVATION_MAX)
    except InvalidInput as error:
        await message.answer(i18n.get(INPUT_ERROR_KEYS[error.code], **error.params))
        return
    drafts = Drafts.of(await state.get_data())
    if drafts.active is None:
        raise Gone(Text("button-stale"))
    drafts.active.motivation = text
    await state.set_state(StaffForm.conclusion)
    await show_card(message, i18n, state, drafts)


async def submit(
    query: CallbackQuery,
    callback_data: ExpertSubmitCb,
    i18n: I18n,
    state: FSMContext,
    expertise: Expertise,
    callback_answer: CallbackAnswer,
) -> None:
    """Submit: only a whole conclusion; what is missing is named."""
    drafts = Drafts.of(await state.get_data())
    draft = drafts.live(callback_data.nomination_id)
    try:
        saved = await expertise.conclude(draft, await desk_view(state, Role.EXPERT))
    except ConclusionIncomplete as incomplete:  # the card stays as it is: named, not ended
        callback_answer.text = i18n.get(
            "expert-card-incomplete", missing=missing(i18n, incomplete.invalid)
        )
        callback_answer.show_alert = True
        return
    drafts.close(callback_data.nomination_id)
    await state.set_state(None)
    await state.update_data(**drafts.data())
    callback_answer.text = i18n.get("decide-done")
    text = conclusion_text(i18n, draft, hint=False) + "\n\n✓ "
    text += i18n.get("expert-saved", count=saved.count, required=saved.required)
    bot, chat_id = bot_of(query)
    await card_in_place(bot, chat_id, draft.card, text, None)
    await show_next(query, i18n, saved.next)


def router() -> Router:
    expert = Router(name="desk-expert")
    expert.callback_query.register(conclude, ConcludeCb.filter(), flags=EXPERT)
    expert.callback_query.register(explain, ExpertScoreCb.filter(F.score == 0), flags=EXPERT)
    expert.callback_query.register(score, ExpertScoreCb.filter(), flags=EXPERT)
    expert.callback_query.register(recommend, ExpertRecommendCb.filter(), flags=EXPERT)
    expert.callback_query.register(write_motivation, ExpertWriteCb.filter(), flags=EXPERT)
    expert.callback_query.register(submit, ExpertSubmitCb.filter(), flags=EXPERT)
    expert.message.register(motivation, StateFilter(StaffForm.motivation), F.text, flags=EXPERT)
    return expert
