"""The nomination form: a chat that asks one question at a time, checks each answer, and ends
with a summary where every field can be edited before submitting.

Handlers read what was given, hand it to `services.form` (which checks it against
`domain.nomination`, says which question comes next and submits the finished draft), keep the
draft in the FSM and render the question."""

from __future__ import annotations

from typing import Any, cast

from aiogram import Bot, F, Router
from aiogram.filters import Command, StateFilter
from aiogram.fsm.context import FSMContext
from aiogram.fsm.state import State, StatesGroup, StatesGroupMeta
from aiogram.types import CallbackQuery, Message, ReplyKeyboardRemove
from aiogram.utils.deep_linking import create_start_link

from bot import keyboards
from bot.callbacks import DraftAction, DraftCb, EditCb, FormCb, MenuAction, MenuCb
from bot.i18n import I18n
from bot.middlewares import SENDS_LAST
from bot.render import card, say, send_long
from bot.texts import CHOICE_KEYS, FORM_ASK_KEYS, INPUT_ERROR_KEYS
from domain.nomination import (
    CONSENT_VERSION,
    MAX_ACHIEVEMENTS,
    STORY_MAX,
    STORY_MIN,
    InvalidInput,
    Step,
    build_record,
    editable_steps,
    is_self,
    progress,
)
from domain.regions import Region
from services.form import (
    Choice,
    File,
    Form,
    Given,
    Other,
    SharedContact,
    Submitted,
    Turn,
    Typed,
)

CONSENT_LINK_PREFIX = "c_"


# One state per step, named as the step's enum member ("NominationForm:full_name"): drafts
# kept in the conversation storage name their step so, and must survive an upgrade.
STATE: dict[Step, State] = {step: State() for step in Step}
NominationForm = cast(
    type[StatesGroup],
    StatesGroupMeta(
        "NominationForm",
        (StatesGroup,),
        {"__module__": __name__, "__qualname__": "NominationForm"}
        | {step.name.lower(): state for step, state in STATE.items()},
    ),
)
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
    i18n: I18n, step: Step, answers: dict[str, Any], regions: tuple[Region, ...]
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
    text = i18n.get(FORM_ASK_KEYS[step], **_ask_params(step, answers))
    if (where := progress(answers, step)) is not None:
        number, total = where
        text = i18n.get("form-progress", step=number, total=total) + "\n" + text
    return text, _question_markup(i18n, step, answers, regions)


def _ask_params(step: Step, answers: dict[str, Any]) -> dict[str, Any]:
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
    return params


def _question_markup(
    i18n: I18n, step: Step, answers: dict[str, Any], regions: tuple[Region, ...]
) -> Any:
    if step is Step.REGION:
        return keyboards.choices(step, keyboards.region_options(regions, i18n.locale))
    if step is Step.NOMINATOR_PHONE or (step is Step.PHONE and is_self(answers)):
        return keyboards.share_contact(i18n)
    if step in CHOICE_KEYS:
        options = [(value, i18n.get(key)) for value, key in CHOICE_KEYS[step].items()]
        if step is Step.SPHERE:  # a list to look through: in the reader's alphabet
            options = keyboards.in_reading_order(options)
        return keyboards.choices(step, options, columns=_COLUMNS.get(step, 1))
    return None


async def ask(
    bot: Bot,
    chat_id: int,
    i18n: I18n,
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


def explain(i18n: I18n, error: InvalidInput, answers: dict[str, Any]) -> str:
    params = {**error.params, "who": who(answers)}  # some texts name who is meant
    return i18n.get(INPUT_ERROR_KEYS[error.code], **params)


async def consent_link(bot: Bot, token: str) -> str:
    """The nominee's personal link (a deep link into this bot)."""
    return await create_start_link(bot, CONSENT_LINK_PREFIX + token)


def submitted_text(i18n: I18n, submitted: Submitted, link: str) -> str:
    if not submitted.is_self:
        return i18n.get("submit-done-other", reference=submitted.reference, link=link)
    text = i18n.get("submit-done-self", reference=submitted.reference)
    if submitted.superseded:
        text += "\n\n" + i18n.get("submit-superseded")
    return text


async def go_on(
    bot: Bot,
    chat_id: int,
    i18n: I18n,
    state: FSMContext,
    turn: Turn,
    regions: tuple[Region, ...],
) -> None:
    """Keep the draft where the turn left it, then say so (`keep`, `tell`)."""
    await keep(state, turn)
    await tell(bot, chat_id, i18n, turn, regions)


async def keep(state: FSMContext, turn: Turn) -> None:
    """The draft where the turn left it: done with once submitted, as it was after an error
    or a closing note, else at the turn's step. Kept before anything is sent, so a press
    changes nothing once it sends (`SENDS_LAST`)."""
    if turn.submitted is not None:
        await state.clear()
    elif turn.error is None and not turn.closed:
        await state.set_state(STATE[turn.step])
        await state.set_data({"answers": turn.answers})


async def tell(bot: Bot, chat_id: int, i18n: I18n, turn: Turn, regions: tuple[Region, ...]) -> None:
    """The turn's question (submitted: the nominator gets the reference and, for another
    person, the link; an error: the same question again)."""
    if turn.submitted is not None:
        token = turn.submitted.nominee_token
        link = await consent_link(bot, token) if token and not turn.submitted.is_self else ""
        text = submitted_text(i18n, turn.submitted, link)
        await bot.send_message(chat_id, text, reply_markup=keyboards.main_menu(i18n))
        return
    if turn.error is not None:  # the same question again, the draft as it was
        error = explain(i18n, turn.error, turn.answers)
        await ask(bot, chat_id, i18n, turn.step, turn.answers, regions, error)
        return
    if turn.notes:  # a limit reached, a phone to share: said before the question
        notes = "\n\n".join(say(i18n, note) for note in turn.notes)
        markup = keyboards.main_menu(i18n) if turn.closed else None
        await bot.send_message(chat_id, notes, reply_markup=markup)
    if turn.closed:
        return
    if turn.duplicate:
        await bot.send_message(chat_id, i18n.get("form-duplicate-early", who=who(turn.answers)))
    if turn.phone_saved:
        await bot.send_message(
            chat_id,
            i18n.get("form-phone-saved", phone=turn.phone_saved),
            reply_markup=ReplyKeyboardRemove(),
        )
    await ask(bot, chat_id, i18n, turn.step, turn.answers, regions)


async def reask(
    bot: Bot, chat_id: int, i18n: I18n, state: FSMContext, regions: tuple[Region, ...]
) -> None:
    """The language changed: said in the new one, and in the middle of the form its question
    is asked again, now in that language."""
    step = await current_step(state)
    if step is None:
        await bot.send_message(
            chat_id, i18n.get("language-set"), reply_markup=keyboards.main_menu(i18n)
        )
        return
    await bot.send_message(chat_id, i18n.get("language-set"))
    await ask(bot, chat_id, i18n, step, await draft(state), regions)


async def nominate(
    event: Message | CallbackQuery, bot: Bot, i18n: I18n, state: FSMContext, form: Form
) -> None:
    """/nominate and the menu's button: begin a nomination, or offer to carry on with the
    draft left earlier."""
    assert event.from_user is not None
    chat_id = event.from_user.id
    if await draft(state):
        markup = keyboards.draft_choice(i18n)
        await bot.send_message(chat_id, i18n.get("draft-found"), reply_markup=markup)
        return
    turn = await form.begin({})
    if not turn.closed:
        await bot.send_message(chat_id, i18n.get("form-intro"))
    await go_on(bot, chat_id, i18n, state, turn, form.regions)


async def draft_choice(
    query: CallbackQuery,
    callback_data: DraftCb,
    bot: Bot,
    i18n: I18n,
    state: FSMContext,
    form: Form,
) -> None:
    """Carry on with the draft left earlier, or start anew."""
    answers = await draft(state)
    if callback_data.action is DraftAction.RESTART:
        answers = {}
    turn = await form.begin(answers)
    if not answers and not turn.closed:
        await bot.send_message(query.from_user.id, i18n.get("form-intro"))
    await go_on(bot, query.from_user.id, i18n, state, turn, form.regions)


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


async def answer(message: Message, bot: Bot, i18n: I18n, state: FSMContext, form: Form) -> None:
    """Any message while the form is open: the answer to its current question."""
    step = await current_step(state)
    assert step is not None  # the router's state filter holds a form step
    turn = await form.answer(await draft(state), step, given_in(message))
    await go_on(bot, message.chat.id, i18n, state, turn, form.regions)


async def choice(
    query: CallbackQuery,
    callback_data: FormCb,
    bot: Bot,
    i18n: I18n,
    state: FSMContext,
    form: Form,
) -> None:
    """A button of the form's question, "Submit" on the summary among them."""
    given = Choice(callback_data.step, callback_data.value)
    turn = await form.answer(await draft(state), await current_step(state), given)
    await keep(state, turn)
    await _close_prompt(query, None if turn.submit else _label(i18n, given, form.regions))
    await tell(bot, query.from_user.id, i18n, turn, form.regions)


def _label(i18n: I18n, given: Choice, regions: tuple[Region, ...]) -> str:
    if given.step is Step.REGION:
        return next(region.name(i18n.locale) for region in regions if region.code == given.value)
    return i18n.get(CHOICE_KEYS[given.step][given.value])


async def edit(
    query: CallbackQuery,
    callback_data: EditCb,
    bot: Bot,
    i18n: I18n,
    state: FSMContext,
    form: Form,
) -> None:
    """ "Edit" of a field on the summary: its question again."""
    turn = form.edit(await draft(state), await current_step(state), callback_data.step)
    await keep(state, turn)
    await _close_prompt(query, None)
    await tell(bot, query.from_user.id, i18n, turn, form.regions)


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
    form.callback_query.register(choice, FormCb.filter(), flags=SENDS_LAST)
    form.callback_query.register(edit, EditCb.filter(), flags=SENDS_LAST)
    return form
