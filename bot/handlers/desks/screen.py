"""How the desks put things on the screen: the person's view of a list kept in their chat,
a case's card sent or edited in place, a decided card marked, stale buttons taken off, and
whatever follows a decision (the next case, or the list)."""

from __future__ import annotations

from contextlib import suppress
from typing import Any

from aiogram import Bot
from aiogram.exceptions import TelegramBadRequest
from aiogram.fsm.context import FSMContext
from aiogram.types import CallbackQuery, InlineKeyboardMarkup, Message

from bot.handlers.desks.case_views import case_keyboard, case_text
from bot.handlers.desks.list_views import render_queue
from bot.i18n import I18n
from bot.render import MESSAGE_LIMIT, send_long, split_message
from domain.pipeline import Role, staff_role_of
from services.desks.cases import Case
from services.desks.queue import Next, QueuePage, View


# The role each handler needs, for the role gate: from the command or the button's data.
def button_desk(data: dict[str, Any]) -> Role:
    return data["callback_data"].role


def action_desk(data: dict[str, Any]) -> Role | None:
    return staff_role_of(data["callback_data"].action)


async def desk_view(state: FSMContext, role: Role) -> View:
    """The person's view of `role`'s desk, as kept in their chat's state."""
    return View.of(((await state.get_data()).get("desks") or {}).get(role))


async def keep_view(state: FSMContext, role: Role, view: View) -> None:
    desks = dict((await state.get_data()).get("desks") or {})
    desks[role] = view.data()
    await state.update_data(desks=desks)


def bot_of(event: CallbackQuery | Message) -> tuple[Bot, int]:
    """The bot and the person's chat (private: their user id) an update came through."""
    assert event.bot is not None and event.from_user is not None
    return event.bot, event.from_user.id


async def show_queue(
    event: CallbackQuery | Message, i18n: I18n, state: FSMContext, shown: QueuePage
) -> None:
    """The list as shown, kept as the person's view: the pressed message edited, or a new
    one for a typed command."""
    await keep_view(state, shown.role, shown.view)
    text, markup = render_queue(i18n, shown)
    if isinstance(event, CallbackQuery):
        if isinstance(event.message, Message):
            await event.message.edit_text(text, reply_markup=markup)
        return
    await event.answer(text, reply_markup=markup)


async def send_queue(
    event: CallbackQuery | Message,
    i18n: I18n,
    shown: QueuePage,
    keep: FSMContext | None = None,
) -> None:
    """The list as a new message (`keep`: kept as the person's view too)."""
    if keep is not None:
        await keep_view(keep, shown.role, shown.view)
    bot, chat_id = bot_of(event)
    text, markup = render_queue(i18n, shown)
    await bot.send_message(chat_id, text, reply_markup=markup)


async def show_case(event: CallbackQuery | Message, i18n: I18n, case: Case) -> None:
    bot, chat_id = bot_of(event)
    await send_long(bot, chat_id, case_text(i18n, case), case_keyboard(i18n, case))


async def show_next(event: CallbackQuery | Message, i18n: I18n, following: Next) -> None:
    """After a decision: the next case of the person's list, or the list's end."""
    if isinstance(following, Case):
        await show_case(event, i18n, following)
    else:
        await send_queue(event, i18n, following)


async def edit_card(
    bot: Bot, chat_id: int, message_id: int | None, text: str, markup: InlineKeyboardMarkup | None
) -> bool:
    """Edit a card in place; False when there is none or Telegram no longer has it (the
    one edit-or-resend rule: the caller sends it anew). «Not modified» never gets here: the
    session's flood control takes it as done."""
    if message_id is None:
        return False
    try:
        await bot.edit_message_text(
            text=text, chat_id=chat_id, message_id=message_id, reply_markup=markup
        )
    except TelegramBadRequest:
        return False
    return True


async def card_in_place(
    bot: Bot, chat_id: int, message_id: int | None, text: str, markup: InlineKeyboardMarkup | None
) -> int | None:
    """The card edited in place, or sent anew; the message now carrying it."""
    if await edit_card(bot, chat_id, message_id, text, markup):
        return message_id
    return (await bot.send_message(chat_id, text, reply_markup=markup)).message_id


async def redraw_case(
    event: CallbackQuery | Message, message_id: int | None, i18n: I18n, case: Case
) -> None:
    """The case's card edited in place: its last piece, the one carrying the buttons (the
    candidate's card before it does not change). Sent anew when it cannot be edited."""
    bot, chat_id = bot_of(event)
    text = split_message(case_text(i18n, case))[-1]
    if not await edit_card(bot, chat_id, message_id, text, case_keyboard(i18n, case)):
        await show_case(event, i18n, case)


async def mark_done(message: Message, line: str) -> None:
    """Add `line` under a decided case's card and take its buttons off; a card already near
    Telegram's limit keeps its text, and the line comes as a message of its own."""
    text = f"{message.text}\n\n{line}" if message.text else ""
    if text and len(text) <= MESSAGE_LIMIT:
        await message.edit_text(text, reply_markup=None)
        return
    await message.edit_reply_markup(reply_markup=None)
    await message.answer(line)


async def drop_buttons(bot: Bot, chat_id: int, message_id: int | None) -> None:
    """A prompt or an old card loses its buttons, so nothing stale is left to press."""
    if message_id is None:
        return
    with suppress(TelegramBadRequest):
        await bot.edit_message_reply_markup(chat_id=chat_id, message_id=message_id)


async def drop_pressed(query: CallbackQuery) -> None:
    """The pressed message loses its buttons."""
    if isinstance(query.message, Message):
        await query.message.edit_reply_markup(reply_markup=None)
