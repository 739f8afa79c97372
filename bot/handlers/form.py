"""The nomination form: a chat that asks one question at a time, checks each answer, and ends
with a summary where every field can be edited before submitting.

Which question comes next, and what each accepts, is decided by `domain.nomination`; this
module reads updates, stores the draft in the FSM and renders the questions."""

from __future__ import annotations

from datetime import date
from typing import Any

from aiogram import Bot, F, Router
from aiogram.filters import Command, StateFilter
from aiogram.fsm.context import FSMContext
from aiogram.fsm.state import State, StatesGroup
from aiogram.types import CallbackQuery, Message, ReplyKeyboardRemove
from aiogram.utils.deep_linking import create_start_link
from aiogram_i18n import I18nContext
from sqlalchemy.ext.asyncio import AsyncSession

from bot import keyboards
from bot.callbacks import DraftAction, DraftCb, EditCb, FormCb, MenuAction, MenuCb
from bot.config import Settings
from bot.handlers.nominee import CONSENT_LINK_PREFIX
from bot.notify import announce
from bot.render import card, split_message
from domain.clock import Clock
from domain.nomination import (
    CONSENT_VERSION,
    EDITABLE_STEPS,
    FILE_STEPS,
    MAX_ACHIEVEMENTS,
    PHONE_STEPS,
    STORY_MAX,
    STORY_MIN,
    SUBMIT,
    TEXT_STEPS,
    Consent,
    InvalidInput,
    Status,
    Step,
    build_record,
    choice_answer,
    choice_values,
    editable_steps,
    expectation,
    forget_identity,
    is_self,
    name_key,
    next_step,
    normalise_phone,
    parse_text,
    record_answer,
    restart_achievements,
)
from domain.regions import Region
from storage import repo
from storage.models import User

NominationForm = type(
    "NominationForm", (StatesGroup,), {step.name.lower(): State() for step in Step}
)
STATE: dict[Step, State] = {step: getattr(NominationForm, step.name.lower()) for step in Step}
STEP_OF: dict[str, Step] = {state.state: step for step, state in STATE.items()}

_PHONE_STATES = [STATE[step] for step in PHONE_STEPS]
_FILE_STATES = [STATE[step] for step in FILE_STEPS]
_COLUMNS = {Step.GENDER: 2, Step.REGION: 2, Step.MORE: 2}


async def current_step(state: FSMContext) -> Step | None:
    return STEP_OF.get(await state.get_state() or "")


def _question(
    i18n: I18nContext, step: Step, answers: dict[str, Any], regions: tuple[Region, ...]
) -> tuple[str, Any]:
    """The text and keyboard that ask `step`."""
    who = "self" if is_self(answers) else "other"
    count = len(answers.get("achievements") or [])
    params: dict[str, Any] = {"who": who}
    if step is Step.ACHIEVEMENT:
        params |= {"number": count + 1, "limit": MAX_ACHIEVEMENTS}
    elif step is Step.MORE:
        params |= {"count": count, "limit": MAX_ACHIEVEMENTS}
    elif step is Step.STORY:
        params |= {"min": STORY_MIN, "max": STORY_MAX}
    elif step is Step.CONSENT:
        params |= {"version": CONSENT_VERSION}
    text = i18n.get(f"form-ask-{step}", **params)

    values = choice_values(step, tuple(region.code for region in regions))
    if step is Step.REGION:
        markup: Any = keyboards.choices(
            step, keyboards.region_options(regions, i18n.locale), columns=2
        )
    elif (step is Step.NOMINATOR_PHONE) or (step is Step.PHONE and who == "self"):
        markup = keyboards.share_contact(i18n)
    elif values:
        options = [(value, i18n.get(f"choice-{step}-{value}")) for value in values]
        markup = keyboards.choices(step, options, columns=_COLUMNS.get(step, 1))
    else:
        markup = None
    return text, markup


async def ask(
    bot: Bot,
    chat_id: int,
    i18n: I18nContext,
    step: Step,
    answers: dict[str, Any],
    regions: tuple[Region, ...],
    error: str | None = None,
) -> None:
    """Send the question of `step`, after the explanation of what was wrong, if anything."""
    if step is Step.SUMMARY:
        record = build_record(answers)
        text = "\n\n".join(
            [
                i18n.get("summary-title"),
                card(i18n, record, {region.code: region for region in regions}),
                i18n.get("summary-hint"),
            ]
        )
        if error:
            text = f"{error}\n\n{text}"
        *head, last = split_message(text)
        for piece in head:
            await bot.send_message(chat_id, piece)
        markup = keyboards.summary(i18n, editable_steps(answers))
        await bot.send_message(chat_id, last, reply_markup=markup)
        return
    text, markup = _question(i18n, step, answers, regions)
    if error:
        text = f"{error}\n\n{text}"
    await bot.send_message(chat_id, text, reply_markup=markup)


async def advance(
    bot: Bot,
    chat_id: int,
    i18n: I18nContext,
    state: FSMContext,
    answers: dict[str, Any],
    regions: tuple[Region, ...],
) -> None:
    """Save the draft and ask whatever it still lacks (or show the summary)."""
    step = next_step(answers)
    await state.set_state(STATE[step])
    await state.set_data({"answers": answers})
    await ask(bot, chat_id, i18n, step, answers, regions)


async def open_form(
    bot: Bot,
    chat_id: int,
    i18n: I18nContext,
    state: FSMContext,
    regions: tuple[Region, ...],
) -> None:
    """Begin a nomination, or offer to carry on with the draft left earlier."""
    answers = (await state.get_data()).get("answers")
    if answers:
        await bot.send_message(
            chat_id, i18n.get("draft-found"), reply_markup=keyboards.draft_choice(i18n)
        )
        return
    await bot.send_message(chat_id, i18n.get("form-intro"))
    await advance(bot, chat_id, i18n, state, {}, regions)


async def _accept(
    bot: Bot,
    chat_id: int,
    i18n: I18nContext,
    state: FSMContext,
    session: AsyncSession,
    step: Step,
    value: Any,
    regions: tuple[Region, ...],
) -> None:
    answers: dict[str, Any] = (await state.get_data()).get("answers", {})
    answers = record_answer(answers, step, value)
    if step is Step.BIRTH_DATE and Step.FULL_NAME in answers:
        already = await repo.is_already_nominated(
            session, name_key(answers[Step.FULL_NAME]), date.fromisoformat(answers[Step.BIRTH_DATE])
        )
        if already:
            await bot.send_message(chat_id, i18n.get("form-duplicate-early"))
            answers = forget_identity(answers)
    if step in (Step.NOMINATOR_PHONE, Step.PHONE):
        await bot.send_message(
            chat_id, i18n.get("form-phone-saved", phone=value), reply_markup=ReplyKeyboardRemove()
        )
    await advance(bot, chat_id, i18n, state, answers, regions)


async def _reject(
    bot: Bot,
    chat_id: int,
    i18n: I18nContext,
    state: FSMContext,
    step: Step,
    error: InvalidInput,
    regions: tuple[Region, ...],
) -> None:
    answers = (await state.get_data()).get("answers", {})
    message = i18n.get(f"form-error-{error.code}", **error.params)
    await ask(bot, chat_id, i18n, step, answers, regions, error=message)


def router() -> Router:
    form = Router(name="form")

    @form.message(Command("nominate"))
    async def nominate_command(
        message: Message,
        bot: Bot,
        i18n: I18nContext,
        state: FSMContext,
        regions: tuple[Region, ...],
    ) -> None:
        await open_form(bot, message.chat.id, i18n, state, regions)

    @form.callback_query(MenuCb.filter(F.action == MenuAction.NOMINATE))
    async def nominate_button(
        query: CallbackQuery,
        bot: Bot,
        i18n: I18nContext,
        state: FSMContext,
        regions: tuple[Region, ...],
    ) -> None:
        await query.answer()
        await open_form(bot, query.from_user.id, i18n, state, regions)

    @form.callback_query(DraftCb.filter())
    async def draft_choice(
        query: CallbackQuery,
        callback_data: DraftCb,
        bot: Bot,
        i18n: I18nContext,
        state: FSMContext,
        regions: tuple[Region, ...],
    ) -> None:
        await query.answer()
        answers = (await state.get_data()).get("answers") or {}
        if callback_data.action is DraftAction.RESTART:
            answers = {}
            await bot.send_message(query.from_user.id, i18n.get("form-intro"))
        await advance(bot, query.from_user.id, i18n, state, answers, regions)

    @form.message(StateFilter(*_PHONE_STATES), F.contact)
    async def contact_answer(
        message: Message,
        bot: Bot,
        i18n: I18nContext,
        state: FSMContext,
        session: AsyncSession,
        regions: tuple[Region, ...],
    ) -> None:
        step = await current_step(state)
        assert step is not None and message.contact is not None
        try:
            value = normalise_phone(message.contact.phone_number)
        except InvalidInput as error:
            await _reject(bot, message.chat.id, i18n, state, step, error, regions)
            return
        await _accept(bot, message.chat.id, i18n, state, session, step, value, regions)

    @form.message(StateFilter(*_FILE_STATES), F.photo | F.document)
    async def file_answer(
        message: Message,
        bot: Bot,
        i18n: I18nContext,
        state: FSMContext,
        session: AsyncSession,
        regions: tuple[Region, ...],
    ) -> None:
        step = await current_step(state)
        assert step is not None
        if message.photo:
            file_id, kind = message.photo[-1].file_id, "photo"
        else:
            assert message.document is not None
            file_id, kind = message.document.file_id, "document"
            if step is Step.PHOTO and not (message.document.mime_type or "").startswith("image/"):
                await _reject(
                    bot, message.chat.id, i18n, state, step, InvalidInput("photo"), regions
                )
                return
        value = (
            {"proof_file_id": file_id, "proof_kind": kind}
            if step is Step.PROOF
            else {"file_id": file_id, "kind": kind}
        )
        await _accept(bot, message.chat.id, i18n, state, session, step, value, regions)

    @form.message(StateFilter(*(STATE[step] for step in TEXT_STEPS)), F.text)
    async def text_answer(
        message: Message,
        bot: Bot,
        i18n: I18nContext,
        state: FSMContext,
        session: AsyncSession,
        settings: Settings,
        clock: Clock,
        regions: tuple[Region, ...],
    ) -> None:
        step = await current_step(state)
        assert step is not None and message.text is not None
        today = clock().astimezone(settings.tz).date()
        try:
            value = parse_text(step, message.text, today)
        except InvalidInput as error:
            await _reject(bot, message.chat.id, i18n, state, step, error, regions)
            return
        await _accept(bot, message.chat.id, i18n, state, session, step, value, regions)

    @form.callback_query(FormCb.filter())
    async def choice(
        query: CallbackQuery,
        callback_data: FormCb,
        bot: Bot,
        i18n: I18nContext,
        state: FSMContext,
        session: AsyncSession,
        user: User,
        settings: Settings,
        clock: Clock,
        regions: tuple[Region, ...],
    ) -> None:
        step, value = callback_data.step, callback_data.value
        if value not in choice_values(step, tuple(region.code for region in regions)):
            await query.answer()  # no button ever carries this: forged, refused quietly
            return
        if await current_step(state) is not step:
            await query.answer(i18n.get("button-stale"), show_alert=True)
            return
        await query.answer()
        chat_id = query.from_user.id
        if step is Step.SUMMARY and value == SUBMIT:
            await _close_prompt(query, None)
            await _submit(bot, chat_id, i18n, state, session, user, settings, clock, regions)
            return
        label = (
            next(region.name(i18n.locale) for region in regions if region.code == value)
            if step is Step.REGION
            else i18n.get(f"choice-{step}-{value}")
        )
        await _close_prompt(query, label)
        if step is Step.CONSENT:
            if value == Consent.DECLINE:
                answers = (await state.get_data()).get("answers", {})
                error = i18n.get("form-consent-required")
                await ask(bot, chat_id, i18n, step, answers, regions, error=error)
                return
            now = clock()
            await _accept(
                bot,
                chat_id,
                i18n,
                state,
                session,
                step,
                {"version": CONSENT_VERSION, "at": now.isoformat()},
                regions,
            )
            return
        await _accept(bot, chat_id, i18n, state, session, step, choice_answer(step, value), regions)

    @form.callback_query(EditCb.filter())
    async def edit(
        query: CallbackQuery,
        callback_data: EditCb,
        bot: Bot,
        i18n: I18nContext,
        state: FSMContext,
        regions: tuple[Region, ...],
    ) -> None:
        step = callback_data.step
        if step not in EDITABLE_STEPS:
            await query.answer()  # forged
            return
        answers = (await state.get_data()).get("answers", {})
        if await current_step(state) is not Step.SUMMARY or step not in editable_steps(answers):
            await query.answer(i18n.get("button-stale"), show_alert=True)
            return
        await query.answer()
        await _close_prompt(query, None)
        if step is Step.ACHIEVEMENT:
            answers = restart_achievements(answers)
            await state.set_data({"answers": answers})
        await state.set_state(STATE[step])
        await ask(bot, query.from_user.id, i18n, step, answers, regions)

    @form.message(StateFilter(NominationForm))
    async def anything_else(
        message: Message,
        bot: Bot,
        i18n: I18nContext,
        state: FSMContext,
        regions: tuple[Region, ...],
    ) -> None:
        step = await current_step(state)
        assert step is not None
        await _reject(
            bot,
            message.chat.id,
            i18n,
            state,
            step,
            InvalidInput(f"expect-{expectation(step)}"),
            regions,
        )

    return form


async def _close_prompt(query: CallbackQuery, label: str | None) -> None:
    """Take the buttons off the question just answered, and show the answer under it."""
    message = query.message
    if not isinstance(message, Message):
        return
    if label is not None and message.text:
        await message.edit_text(f"{message.text}\n\n✓ {label}", reply_markup=None)
    else:
        await message.edit_reply_markup(reply_markup=None)


async def _submit(
    bot: Bot,
    chat_id: int,
    i18n: I18nContext,
    state: FSMContext,
    session: AsyncSession,
    user: User,
    settings: Settings,
    clock: Clock,
    regions: tuple[Region, ...],
) -> None:
    answers = (await state.get_data()).get("answers", {})
    if next_step(answers) is not Step.SUMMARY:
        await advance(bot, chat_id, i18n, state, answers, regions)
        return
    record = build_record(answers)
    now = clock()
    try:
        nomination = await repo.create_nomination(
            session, record, user.id, now, now.astimezone(settings.tz).year
        )
    except repo.AlreadyNominated:
        await ask(
            bot, chat_id, i18n, Step.SUMMARY, answers, regions, error=i18n.get("form-duplicate")
        )
        return
    await state.clear()
    if nomination.status == Status.SUBMITTED:
        await announce(bot, session, i18n, nomination, tell_nominator=False)
    if nomination.is_self:
        text = i18n.get("submit-done-self", reference=nomination.reference)
    else:
        link = await create_start_link(bot, CONSENT_LINK_PREFIX + (nomination.nominee_token or ""))
        text = i18n.get("submit-done-other", reference=nomination.reference, link=link)
    await bot.send_message(chat_id, text, reply_markup=keyboards.main_menu(i18n))
