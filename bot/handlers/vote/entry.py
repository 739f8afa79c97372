"""The way into the vote: /vote, the menu's button and a shared card's link; a voter first
verifies with their own contact."""

from __future__ import annotations

from functools import partial

from aiogram import Bot, F, Router
from aiogram.filters import Command, CommandObject, CommandStart, StateFilter
from aiogram.fsm.context import FSMContext
from aiogram.types import CallbackQuery, Message, ReplyKeyboardRemove

from bot import keyboards
from bot.callbacks import MenuAction, MenuCb
from bot.handlers.vote.common import CARD_LINK_PREFIX, VoteForm, show_entry
from bot.i18n import I18n
from services.voting import Voting


async def shared_card(
    message: Message, command: CommandObject, i18n: I18n, state: FSMContext, voting: Voting
) -> None:
    reference = (command.args or "")[len(CARD_LINK_PREFIX) :]
    await show_entry(message.answer, await voting.enter(reference), i18n, state)


async def open_vote(
    event: Message | CallbackQuery, bot: Bot, i18n: I18n, state: FSMContext, voting: Voting
) -> None:
    """/vote and the menu's button."""
    assert event.from_user is not None
    send = partial(bot.send_message, event.from_user.id)
    await show_entry(send, await voting.enter(), i18n, state)


async def verify(message: Message, i18n: I18n, state: FSMContext, voting: Voting) -> None:
    """A shared contact: refused (asked again), the phone taken, or verified and in."""
    assert message.contact is not None
    verification = await voting.verify(message.contact.user_id, message.contact.phone_number)
    await state.set_state(None)
    taken = verification.entry is None
    text = i18n.get("vote-phone-taken") if taken else i18n.get("vote-verified")
    await message.answer(text, reply_markup=ReplyKeyboardRemove())
    if verification.entry is not None:
        await show_entry(message.answer, verification.entry, i18n, state)


async def verify_other(message: Message, i18n: I18n) -> None:
    await message.answer(i18n.get("vote-verify"), reply_markup=keyboards.share_contact(i18n))


def router() -> Router:
    entry = Router(name="vote-entry")
    entry.message.register(
        shared_card, CommandStart(deep_link=True, magic=F.args.startswith(CARD_LINK_PREFIX))
    )
    entry.message.register(open_vote, Command("vote"))
    entry.callback_query.register(open_vote, MenuCb.filter(F.action == MenuAction.VOTE))
    entry.message.register(verify, StateFilter(VoteForm.contact), F.contact)
    entry.message.register(verify_other, StateFilter(VoteForm.contact))
    return entry
