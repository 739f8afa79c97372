"""The nomination form: a chat that asks one question at a time, checks each answer, and ends
with a summary where every field can be edited before submitting.

Handlers read what was given, hand it to `services.nominations` (which checks it against
`domain.nomination` and says which question comes next), keep the draft in the FSM and
render the question."""

from __future__ import annotations

from typing import Any

from aiogram import Bot, F, Router
from aiogram.filters import Command, StateFilter
from aiogram.fsm.context import FSMContext
from aiogram.fsm.state import State, StatesGroup
from aiogram.types import CallbackQuery, Message, ReplyKeyboardRemove
from aiogram.utils.callback_answer import CallbackAnswer
from aiogram.utils.deep_linking import create_start_link
from aiogram_i18n import I18nContext

from bot import keyboards
from bot.callbacks import DraftAction, DraftCb, EditCb, FormCb, MenuAction, MenuCb
from bot.middlewares import refuse
from bot.render import card, send_long
from bot.texts import CHOICE_KEYS, FIELD_KEYS, FORM_ASK_KEYS, INPUT_ERROR_KEYS
from domain.nomination import (
    CONSENT_VERSION,
    EDITABLE_STEPS,
    MAX_ACHIEVEMENTS,
    STORY_MAX,
    STORY_MIN,
    InvalidInput,
    Step,
    build_record,
    editable_steps,
    is_self,
    next_step,
    progress,
)
from domain.regions import Region
from services.nominations import (
    Choice,
    File,
    Given,
    Nominations,
    Other,
    Refusal,
    SharedContact,
    Turn,
    Typed,
)
from services.people import Person
from services.uow import UnitOfWork

CONSENT_LINK_PREFIX = "c_"


class NominationForm(StatesGroup):
    who = State()
    nominator_name = State()
    nominator_phone = State()
    relation = State()
    source = State()
    full_name = State()
    birth_date = State()
    gender = State()
    region = State()
    settlement = State()
    ethnicity = State()
    occupation = State()
    sphere = State()
    achievement = State()
    achievement_year = State()
    proof = State()
    more = State()
    story = State()
    photo = State()
    phone = State()
    consent = State()
    summary = State()


STATE: dict[Step, State] = {
    Step.WHO: NominationForm.who,
    Step.NOMINATOR_NAME: NominationForm.nominator_name,
    Step.NOMINATOR_PHONE: NominationForm.nominator_phone,
    Step.RELATION: NominationForm.relation,
    Step.SOURCE: NominationForm.source,
    Step.FULL_NAME: NominationForm.full_name,
    Step.BIRTH_DATE: NominationForm.birth_date,
    Step.GENDER: NominationForm.gender,
    Step.REGION: NominationForm.region,
    Step.SETTLEMENT: NominationForm.settlement,
    Step.ETHNICITY: NominationForm.ethnicity,
    Step.OCCUPATION: NominationForm.occupation,
    Step.SPHERE: NominationForm.sphere,
    Step.ACHIEVEMENT: NominationForm.achievement,
    Step.ACHIEVEMENT_YEAR: NominationForm.achievement_year,
    Step.PROOF: NominationForm.proof,
    Step.MORE: NominationForm.more,
    Step.STORY: NominationForm.story,
    Step.PHOTO: NominationForm.photo,
    Step.PHONE: NominationForm.phone,
    Step.CONSENT: NominationForm.consent,
    Step.SUMMARY: NominationForm.summary,
}
STEP_OF: dict[str, Step] = {state.state: step for step, state in STATE.items() if state.state}
# Short labels share a row; anything longer has a row of its own, so a phone shows it whole.
_COLUMNS = {Step.GENDER: 2, Step.MORE: 2}


async def current_step(state: FSMContext) -> Step | None:
    return STEP_OF.get(await state.get_state() or "")


async def draft(state: FSMContext) -> dict[str, Any]:
    answers: dict[str, Any] = (await state.get_data()).get("answers") or {}
    return answers


def who(answers: dict[str, Any]) -> str:
    """Whom the form speaks of: the person themself ("self") or the candidate ("other")."""
    return "self" if is_self(answers) else "other"


def question(
    i18n: I18nContext, step: Step, answers: dict[str, Any], regions: tuple[Region, ...]
) -> tuple[str, Any]:
    """The text and keyboard that ask `step`, headed by how far along the form it is (the
    summary: its card and edit buttons)."""
    if step is Step.SUMMARY:
        record = build_record(answers)
        text = "\n\n".join(
            [
                i18n.get("summary-title"),
                card(i18n, record, {region.code: region for region in regions}),
                i18n.get("summary-hint"),
            ]
        )
        return text, keyboards.summary(i18n, editable_steps(answers))
    count = len(answers.get("achievements") or [])
    params: dict[str, Any] = {"who": who(answers)}
    if step is Step.ACHIEVEMENT:
        params |= {"number": count + 1, "limit": MAX_ACHIEVEMENTS}
    elif step is Step.MORE:
        params |= {"count": count, "limit": MAX_ACHIEVEMENTS}
    elif step is Step.STORY:
        params |= {"min": STORY_MIN, "max": STORY_MAX}
    elif step is Step.CONSENT:
        params |= {"version": CONSENT_VERSION}
    text = i18n.get(FORM_ASK_KEYS[step], **params)
    if (where := progress(answers, step)) is not None:
        number, total = where
        text = i18n.get("form-progress", step=number, total=total) + "\n" + text
    if step is Step.REGION:
        markup: Any = keyboards.choices(step, keyboards.region_options(regions, i18n.locale))
    elif step is Step.NOMINATOR_PHONE or (step is Step.PHONE and is_self(answers)):
        markup = keyboards.share_contact(i18n)
    elif step in CHOICE_KEYS:
        options = [(value, i18n.get(key)) for value, key in CHOICE_KEYS[step].items()]
        if step is Step.SPHERE:  # a list to look through: in the reader's alphabet
            options = keyboards.in_reading_order(options)
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
    """Send the question of `step`, after the explanation of what was wrong, if anything.
    The consent text was shown just before: after a refusal only the short line comes again,
    with the buttons."""
    text, markup = question(i18n, step, answers, regions)
    if error is not None:
        text = error if step is Step.CONSENT else f"{error}\n\n{text}"
    await send_long(bot, chat_id, text, markup)


def explain(i18n: I18nContext, error: InvalidInput, answers: dict[str, Any]) -> str:
    return i18n.get(INPUT_ERROR_KEYS[error.code], **error.params, who=who(answers))


async def go_on(
    bot: Bot,
    chat_id: int,
    i18n: I18nContext,
    state: FSMContext,
    turn: Turn,
    nominations: Nominations,
) -> None:
    """Keep the draft where the turn left it and ask its question."""
    if turn.error is not None:  # the same question again, the draft as it was
        error = explain(i18n, turn.error, turn.answers)
        await ask(bot, chat_id, i18n, turn.step, turn.answers, nominations.regions, error)
        return
    await state.set_state(STATE[turn.step])
    await state.set_data({"answers": turn.answers})
    if turn.duplicate:
        await bot.send_message(chat_id, i18n.get("form-duplicate-early", who=who(turn.answers)))
    if turn.phone_saved:
        await bot.send_message(
            chat_id,
            i18n.get("form-phone-saved", phone=turn.phone_saved),
            reply_markup=ReplyKeyboardRemove(),
        )
    await ask(bot, chat_id, i18n, turn.step, turn.answers, nominations.regions)


async def open_form(
    bot: Bot, chat_id: int, i18n: I18nContext, state: FSMContext, nominations: Nominations
) -> None:
    """Begin a nomination, or offer to carry on with the draft left earlier."""
    if await draft(state):
        await bot.send_message(
            chat_id, i18n.get("draft-found"), reply_markup=keyboards.draft_choice(i18n)
        )
        return
    await bot.send_message(chat_id, i18n.get("form-intro"))
    await go_on(bot, chat_id, i18n, state, Turn({}, next_step({})), nominations)


async def nominate(
    event: Message | CallbackQuery,
    bot: Bot,
    i18n: I18nContext,
    state: FSMContext,
    nominations: Nominations,
) -> None:
    """/nominate and the menu's button."""
    assert event.from_user is not None
    await open_form(bot, event.from_user.id, i18n, state, nominations)


async def draft_choice(
    query: CallbackQuery,
    callback_data: DraftCb,
    bot: Bot,
    i18n: I18nContext,
    state: FSMContext,
    nominations: Nominations,
) -> None:
    answers = await draft(state)
    if callback_data.action is DraftAction.RESTART:
        answers = {}
        await bot.send_message(query.from_user.id, i18n.get("form-intro"))
    turn = Turn(answers, next_step(answers))
    await go_on(bot, query.from_user.id, i18n, state, turn, nominations)


def given_in(message: Message) -> Given:
    """What a message gives the form: a text, a shared contact, a photo or document, or
    something no step takes."""
    if message.contact is not None:
        sender = message.from_user.id if message.from_user else None
        return SharedContact(message.contact.phone_number, own=message.contact.user_id == sender)
    if message.photo:
        return File(message.photo[-1].file_id, "photo")
    if message.document is not None:
        return File(message.document.file_id, "document", message.document.mime_type)
    if message.text is not None:
        return Typed(message.text)
    return Other()


async def answer(
    message: Message,
    bot: Bot,
    i18n: I18nContext,
    state: FSMContext,
    uow: UnitOfWork,
    nominations: Nominations,
) -> None:
    """Any message while the form is open: the answer to its current question."""
    step = await current_step(state)
    assert step is not None  # the router's state filter holds a form step
    turn = await nominations.answer(uow, await draft(state), step, given_in(message))
    await go_on(bot, message.chat.id, i18n, state, turn, nominations)


async def choice(
    query: CallbackQuery,
    callback_data: FormCb,
    bot: Bot,
    i18n: I18nContext,
    state: FSMContext,
    uow: UnitOfWork,
    user: Person,
    nominations: Nominations,
    callback_answer: CallbackAnswer,
) -> None:
    given = Choice(callback_data.step, callback_data.value)
    turn = await nominations.answer(uow, await draft(state), await current_step(state), given)
    if turn.refused is Refusal.STALE:
        refuse(callback_answer, i18n.get("button-stale"))
        return
    if turn.refused is Refusal.FORGED:
        return  # no button ever carries this: refused quietly
    if turn.submit:
        await _close_prompt(query, None)
        await submit(bot, query.from_user.id, i18n, state, uow, user, nominations)
        return
    await _close_prompt(query, _label(i18n, given, nominations.regions))
    await go_on(bot, query.from_user.id, i18n, state, turn, nominations)


def _label(i18n: I18nContext, given: Choice, regions: tuple[Region, ...]) -> str:
    if given.step is Step.REGION:
        return next(region.name(i18n.locale) for region in regions if region.code == given.value)
    return i18n.get(CHOICE_KEYS[given.step][given.value])


async def submit(
    bot: Bot,
    chat_id: int,
    i18n: I18nContext,
    state: FSMContext,
    uow: UnitOfWork,
    user: Person,
    nominations: Nominations,
) -> None:
    answers = await draft(state)
    if next_step(answers) is not Step.SUMMARY:
        await go_on(bot, chat_id, i18n, state, Turn(answers, next_step(answers)), nominations)
        return
    submitted = await nominations.submit(uow, answers, user.id)
    if submitted is None:
        error = i18n.get("form-duplicate", who=who(answers))
        await ask(bot, chat_id, i18n, Step.SUMMARY, answers, nominations.regions, error)
        return
    await state.clear()
    if submitted.is_self:
        text = i18n.get("submit-done-self", reference=submitted.reference)
        if submitted.superseded:
            text += "\n\n" + i18n.get("submit-superseded")
    else:
        link = await create_start_link(bot, CONSENT_LINK_PREFIX + (submitted.nominee_token or ""))
        text = i18n.get("submit-done-other", reference=submitted.reference, link=link)
    await bot.send_message(chat_id, text, reply_markup=keyboards.main_menu(i18n))


async def edit(
    query: CallbackQuery,
    callback_data: EditCb,
    bot: Bot,
    i18n: I18nContext,
    state: FSMContext,
    nominations: Nominations,
    callback_answer: CallbackAnswer,
) -> None:
    step = callback_data.step
    if step not in EDITABLE_STEPS or step not in FIELD_KEYS:
        return  # forged
    answers = await draft(state)
    if await current_step(state) is not Step.SUMMARY or step not in editable_steps(answers):
        refuse(callback_answer, i18n.get("button-stale"))
        return
    await _close_prompt(query, None)
    answers = nominations.edit(answers, step)
    await state.set_data({"answers": answers})
    await state.set_state(STATE[step])
    await ask(bot, query.from_user.id, i18n, step, answers, nominations.regions)


async def _close_prompt(query: CallbackQuery, label: str | None) -> None:
    """Take the buttons off the question just answered, and show the answer under it."""
    message = query.message
    if not isinstance(message, Message):
        return
    if label is not None and message.text:
        await message.edit_text(f"{message.text}\n\n✓ {label}", reply_markup=None)
    else:
        await message.edit_reply_markup(reply_markup=None)


def router() -> Router:
    form = Router(name="form")
    form.message.register(nominate, Command("nominate"))
    form.callback_query.register(nominate, MenuCb.filter(F.action == MenuAction.NOMINATE))
    form.callback_query.register(draft_choice, DraftCb.filter())
    form.message.register(answer, StateFilter(NominationForm))
    form.callback_query.register(choice, FormCb.filter())
    form.callback_query.register(edit, EditCb.filter())
    return form
