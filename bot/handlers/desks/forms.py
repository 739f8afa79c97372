"""What the desks ask to be typed (a list's search, page or period; a verifier's comment; an
expert's motivation), and the catch-all that says what is expected instead."""

from __future__ import annotations

from aiogram import Router
from aiogram.filters import StateFilter
from aiogram.fsm.context import FSMContext
from aiogram.fsm.state import State, StatesGroup
from aiogram.types import Message

from bot.i18n import I18n
from bot.texts import INPUT_ERROR_KEYS
from services.locale_keys import Key


class DeskForm(StatesGroup):
    """What a desk list asks to be typed."""

    search = State()
    page = State()
    period = State()


class StaffForm(StatesGroup):
    fact_comment = State()
    conclusion = State()  # the expert's card is open: its buttons edit the draft
    motivation = State()


# Why a search, a page number or a period typed for a desk list was not taken.
DESK_INPUT_ERROR_KEYS: dict[str, Key] = {
    **INPUT_ERROR_KEYS,
    "search": "desk-error-search",
    "page": "desk-error-page",
    "period": "desk-error-period",
}


async def staff_form_other(message: Message, i18n: I18n, state: FSMContext) -> None:
    current = await state.get_state()
    if current in (StaffForm.fact_comment.state, StaffForm.motivation.state):
        await message.answer(i18n.get("staff-expect-text"))
    elif current == StaffForm.conclusion.state:
        await message.answer(i18n.get("expert-card-use-buttons"))
    else:
        await message.answer(i18n.get("form-error-expect-choice"))


def router() -> Router:
    forms = Router(name="desk-forms")
    forms.message.register(staff_form_other, StateFilter(StaffForm))
    return forms
