""" "My nominations": what a person has nominated and the stage each nomination is at, with
a button to withdraw each one not yet on the public vote; and the nominations of them by
others waiting for their consent, with a button to decline each. Both ask first."""

from __future__ import annotations

from aiogram import Bot, F, Router
from aiogram.dispatcher.event.bases import SkipHandler
from aiogram.filters import Command
from aiogram.types import CallbackQuery, InlineKeyboardMarkup, Message
from aiogram.utils.callback_answer import CallbackAnswer
from aiogram.utils.deep_linking import create_start_link
from aiogram.utils.keyboard import InlineKeyboardBuilder
from aiogram_i18n import I18nContext

from bot import keyboards
from bot.callbacks import MenuAction, MenuCb, MineAction, MineCb
from bot.handlers.documents import wanted_text
from bot.handlers.form import CONSENT_LINK_PREFIX
from bot.middlewares import refuse
from bot.render import send_long
from services.documents import Documents
from services.keys import STATUS_KEYS
from services.nominations import ChangeRefusal, MyNominations, Nominations, Pending
from services.people import Person
from services.uow import UnitOfWork

# Buttons under /my past the main menu's: enough for anyone's own nominations in practice;
# past it the list still shows every nomination.
MOST_BUTTONS = 40
# The question and the "yes" of each confirmation.
CONFIRM_KEYS = {
    MineAction.WITHDRAW: ("my-withdraw-sure", "my-withdraw-yes"),
    MineAction.DECLINE: ("my-decline-sure", "my-decline-yes"),
}
# What the person is told once it is done.
DONE_KEYS = {MineAction.WITHDRAW: "my-withdrawn", MineAction.DECLINE: "nominee-declined"}


async def show_nominations(
    bot: Bot,
    chat_id: int,
    i18n: I18nContext,
    uow: UnitOfWork,
    user: Person,
    nominations: Nominations,
) -> None:
    page = await nominations.overview(uow, user.id)
    if not page.mine and not page.named:
        await bot.send_message(
            chat_id, i18n.get("my-empty"), reply_markup=keyboards.main_menu(i18n)
        )
        return
    text = await _page_text(bot, i18n, page, nominations)
    await send_long(bot, chat_id, text, _page_buttons(i18n, page))


async def _page_text(
    bot: Bot, i18n: I18nContext, page: MyNominations, nominations: Nominations
) -> str:
    tz = nominations.settings.tz
    sections = []
    if page.mine:
        entries = [i18n.get("my-title", count=len(page.mine))]
        for nomination in page.mine:
            entry = i18n.get(
                "my-item",
                reference=nomination.reference,
                name=nomination.full_name,
                status=i18n.get(STATUS_KEYS[nomination.status]),
                date=nomination.created_at.astimezone(tz).strftime("%d.%m.%Y"),
            )
            if nomination.nominee_token and nomination.link_expires_at:
                link = await create_start_link(bot, CONSENT_LINK_PREFIX + nomination.nominee_token)
                until = nomination.link_expires_at.astimezone(tz).strftime("%d.%m.%Y")
                entry += "\n" + i18n.get("my-awaiting-link", link=link, until=until)
            entries.append(entry)
        sections.append("\n\n".join(entries))
    if page.named:
        entries = [i18n.get("my-named-title", count=len(page.named))]
        for named in page.named:
            entries.append(
                i18n.get(
                    "my-named-item",
                    reference=named.reference,
                    name=named.full_name,
                    nominator=named.nominator_name,
                    date=named.created_at.astimezone(tz).strftime("%d.%m.%Y"),
                    until=named.link_expires_at.astimezone(tz).strftime("%d.%m.%Y"),
                )
            )
        entries.append(i18n.get("my-named-hint"))
        sections.append("\n\n".join(entries))
    return "\n\n".join(sections)


def _page_buttons(i18n: I18nContext, page: MyNominations) -> InlineKeyboardMarkup:
    """A button per nomination the person may withdraw or decline, then the main menu."""
    actions = [
        (
            i18n.get("my-withdraw-button", reference=nomination.reference),
            MineCb(action=MineAction.WITHDRAW, nomination_id=nomination.nomination_id),
        )
        for nomination in page.mine
        if nomination.withdrawable
    ]
    actions += [
        (
            i18n.get("my-decline-button", reference=named.reference),
            MineCb(action=MineAction.DECLINE, nomination_id=named.nomination_id),
        )
        for named in page.named
    ]
    builder = InlineKeyboardBuilder()
    for text, callback_data in actions[:MOST_BUTTONS]:
        builder.button(text=text, callback_data=callback_data)
    keyboards.fitted(builder, 1)
    builder.attach(InlineKeyboardBuilder.from_markup(keyboards.main_menu(i18n)))
    return builder.as_markup()


async def my_nominations(
    event: Message | CallbackQuery,
    bot: Bot,
    i18n: I18nContext,
    uow: UnitOfWork,
    user: Person,
    nominations: Nominations,
) -> None:
    """/my and the menu's button."""
    await show_nominations(bot, user.id, i18n, uow, user, nominations)


async def _confirmation(
    query: CallbackQuery,
    bot: Bot,
    i18n: I18nContext,
    callback_answer: CallbackAnswer,
    action: MineAction,
    pending: Pending | ChangeRefusal,
) -> None:
    """Ask before acting: what the nomination is, "yes" and "no"."""
    if pending is ChangeRefusal.FORGED:
        return  # no button of theirs carries it: refused quietly
    if isinstance(pending, ChangeRefusal):
        refuse(callback_answer, i18n.get("my-too-late"))
        return
    sure, yes = CONFIRM_KEYS[action]
    text = i18n.get(
        sure, reference=pending.reference, name=pending.full_name, nominator=pending.nominator_name
    )
    builder = InlineKeyboardBuilder()
    builder.button(
        text=i18n.get(yes),
        callback_data=MineCb(action=action, nomination_id=pending.nomination_id, confirmed=True),
    )
    builder.button(
        text=i18n.get("my-keep"),
        callback_data=MineCb(action=MineAction.KEEP, nomination_id=pending.nomination_id),
    )
    await bot.send_message(
        query.from_user.id, text, reply_markup=keyboards.fitted(builder).as_markup()
    )


async def _close_confirmation(query: CallbackQuery) -> None:
    if isinstance(query.message, Message):
        await query.message.edit_reply_markup(reply_markup=None)


async def change(
    query: CallbackQuery,
    callback_data: MineCb,
    bot: Bot,
    i18n: I18nContext,
    uow: UnitOfWork,
    nominations: Nominations,
    callback_answer: CallbackAnswer,
) -> None:
    """The nominator's "withdraw", or the nominee's "decline" of a nomination of them (as the
    consent link's "decline" does): the first press asks; the confirmation acts."""
    user_id, nomination_id, action = (
        query.from_user.id,
        callback_data.nomination_id,
        callback_data.action,
    )
    withdrawing = action is MineAction.WITHDRAW
    if not callback_data.confirmed:
        ask = nominations.withdrawal if withdrawing else nominations.declinable
        pending = await ask(uow, user_id, nomination_id)
        await _confirmation(query, bot, i18n, callback_answer, action, pending)
        return
    act = nominations.withdraw if withdrawing else nominations.decline
    done = await act(uow, user_id, nomination_id)
    if done is ChangeRefusal.FORGED:
        return
    if isinstance(done, ChangeRefusal):
        refuse(callback_answer, i18n.get("my-too-late"))
        return
    await _close_confirmation(query)
    text = i18n.get(DONE_KEYS[action], reference=done.reference)
    await bot.send_message(user_id, text, reply_markup=keyboards.main_menu(i18n))


async def keep(query: CallbackQuery, bot: Bot, i18n: I18nContext) -> None:
    """ "No" to a confirmation."""
    await _close_confirmation(query)
    await bot.send_message(
        query.from_user.id, i18n.get("my-kept"), reply_markup=keyboards.main_menu(i18n)
    )


async def documents_wanted(
    event: Message | CallbackQuery, bot: Bot, i18n: I18nContext, user: Person, documents: Documents
) -> None:
    """/my and its menu button begin with the documents a verifier asked this person for,
    if any; then /my's own list follows (the next handler)."""
    wanted = await documents.wanted()
    if wanted:
        await send_long(bot, user.id, *wanted_text(i18n, wanted))
    raise SkipHandler


def router() -> Router:
    mine = Router(name="my_nominations")
    # The documents asked for come first; `documents_wanted` passes /my on to the list.
    mine.message.register(documents_wanted, Command("my"))
    mine.callback_query.register(documents_wanted, MenuCb.filter(F.action == MenuAction.MY))
    mine.message.register(my_nominations, Command("my"))
    mine.callback_query.register(my_nominations, MenuCb.filter(F.action == MenuAction.MY))
    changes = (MineAction.WITHDRAW, MineAction.DECLINE)
    mine.callback_query.register(change, MineCb.filter(F.action.in_(changes)))
    mine.callback_query.register(keep, MineCb.filter(F.action == MineAction.KEEP))
    return mine
