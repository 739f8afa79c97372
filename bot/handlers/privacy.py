"""/privacy: what the bot holds about the person, and the withdrawal of their consent to the
processing of their personal data (asked first; only the confirmation acts)."""

from __future__ import annotations

from aiogram import Bot, F, Router
from aiogram.filters import Command
from aiogram.fsm.context import FSMContext
from aiogram.types import CallbackQuery, InlineKeyboardMarkup, Message
from aiogram.utils.keyboard import InlineKeyboardBuilder

from bot import keyboards
from bot.callbacks import PrivacyAction, PrivacyCb
from bot.i18n import I18n
from services.privacy import Overview, Privacy, Withdrawn


def held_text(i18n: I18n, held: Overview, draft: bool) -> str:
    lines = [i18n.get("privacy-title"), i18n.get("privacy-held-account")]
    if held.nominations:
        lines.append(i18n.get("privacy-held-nominations", count=held.nominations))
    if held.voter:
        lines.append(i18n.get("privacy-held-voter"))
    if draft:
        lines.append(i18n.get("privacy-held-draft"))
    if held.withdrawable:
        lines.append(i18n.get("privacy-held-withdrawable", references=", ".join(held.withdrawable)))
    if held.staying:
        lines.append(i18n.get("privacy-staying", references=", ".join(held.staying)))
    days, draft_days = held.retention_days, held.draft_days
    lines.append(i18n.get("privacy-retention", days=days, draft_days=draft_days))
    return "\n\n".join(lines)


def done_text(i18n: I18n, done: Withdrawn) -> str:
    lines = [i18n.get("privacy-done")]
    if done.withdrawn:
        lines.append(i18n.get("privacy-done-withdrawn", references=", ".join(done.withdrawn)))
    if done.erased:
        lines.append(i18n.get("privacy-done-erased", count=done.erased))
    if done.voter:
        lines.append(i18n.get("privacy-done-voter"))
    if not (done.erased or done.voter):
        lines.append(i18n.get("privacy-done-nothing"))
    if done.staying:
        lines.append(i18n.get("privacy-staying", references=", ".join(done.staying)))
    return "\n\n".join(lines)


def withdraw_button(i18n: I18n) -> InlineKeyboardMarkup:
    builder = InlineKeyboardBuilder()
    builder.button(
        text=i18n.get("privacy-withdraw-button"),
        callback_data=PrivacyCb(action=PrivacyAction.WITHDRAW),
    )
    builder.attach(InlineKeyboardBuilder.from_markup(keyboards.main_menu(i18n)))
    return builder.as_markup()


async def show(message: Message, state: FSMContext, i18n: I18n, privacy: Privacy) -> None:
    """/privacy: what is held about the person, with the button to withdraw consent."""
    held = await privacy.overview()
    draft = await state.get_state() is not None
    text = held_text(i18n, held, draft)
    await message.answer(text, reply_markup=withdraw_button(i18n))


async def withdraw(
    query: CallbackQuery,
    callback_data: PrivacyCb,
    state: FSMContext,
    bot: Bot,
    i18n: I18n,
    privacy: Privacy,
) -> None:
    """The first press asks; the confirmation withdraws consent and drops the draft."""
    chat_id = query.from_user.id
    if not callback_data.confirmed:
        keep = PrivacyCb(action=PrivacyAction.KEEP)
        yes, no = i18n.get("privacy-sure-yes"), i18n.get("privacy-keep")
        markup = keyboards.confirm(i18n, callback_data, keep, yes, no)
        await bot.send_message(chat_id, i18n.get("privacy-sure"), reply_markup=markup)
        return
    done = await privacy.withdraw_consent()
    await state.clear()
    await _close_confirmation(query)
    await bot.send_message(chat_id, done_text(i18n, done), reply_markup=keyboards.main_menu(i18n))


async def keep(query: CallbackQuery, bot: Bot, i18n: I18n) -> None:
    """ "No" to the confirmation."""
    await _close_confirmation(query)
    await bot.send_message(
        query.from_user.id, i18n.get("privacy-kept"), reply_markup=keyboards.main_menu(i18n)
    )


async def _close_confirmation(query: CallbackQuery) -> None:
    if isinstance(query.message, Message):
        await query.message.edit_reply_markup(reply_markup=None)


def router() -> Router:
    privacy = Router(name="privacy")
    privacy.message.register(show, Command("privacy"))
    privacy.callback_query.register(withdraw, PrivacyCb.filter(F.action == PrivacyAction.WITHDRAW))
    privacy.callback_query.register(keep, PrivacyCb.filter(F.action == PrivacyAction.KEEP))
    return privacy
