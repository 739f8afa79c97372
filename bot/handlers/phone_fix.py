"""The nominator corrects the candidate's phone from /my while the nomination waits for
consent: the button asks for the number (typed or a shared contact); the old link dies and
the new one is sent."""

from __future__ import annotations

from aiogram import Bot, F, Router
from aiogram.filters import StateFilter
from aiogram.fsm.context import FSMContext
from aiogram.fsm.state import State, StatesGroup
from aiogram.types import CallbackQuery, Message

from bot import keyboards
from bot.callbacks import MineAction, MineCb
from bot.handlers.form import consent_link
from bot.i18n import I18n
from services.my_nominations import PhoneCorrection


class PhoneFix(StatesGroup):
    """Waiting for the candidate's correct phone (the nomination's id in the data)."""

    phone = State()


async def ask(
    query: CallbackQuery,
    callback_data: MineCb,
    i18n: I18n,
    state: FSMContext,
    phone_fix: PhoneCorrection,
) -> None:
    """The button under /my: which nomination, and the question."""
    pending = await phone_fix.asked(callback_data.nomination_id)
    await state.set_state(PhoneFix.phone)
    await state.update_data(phone_fix=pending.nomination_id)
    text = i18n.get("identity-correct-ask", reference=pending.reference, name=pending.full_name)
    assert query.message is not None
    await query.message.answer(text)


async def correct(
    message: Message, bot: Bot, i18n: I18n, state: FSMContext, phone_fix: PhoneCorrection
) -> None:
    """The number (a refusal asks again, the state kept); done: the new link."""
    typed = message.contact.phone_number if message.contact else message.text or ""
    nomination_id = int((await state.get_data()).get("phone_fix") or 0)
    corrected = await phone_fix.correct(nomination_id, typed)
    await state.set_state(None)
    link = await consent_link(bot, corrected.nominee_token)
    text = i18n.get("identity-phone-corrected", reference=corrected.reference, link=link)
    await message.answer(text, reply_markup=keyboards.main_menu(i18n))


def router() -> Router:
    fix = Router(name="phone_fix")
    fix.callback_query.register(ask, MineCb.filter(F.action == MineAction.PHONE))
    fix.message.register(correct, StateFilter(PhoneFix.phone))
    return fix
