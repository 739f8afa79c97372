""" "My nominations" (/my): the documents a verifier asked the person for (if any), what they
have nominated and the stage each nomination is at, with a button to withdraw each one not
yet on the public vote; and the nominations of them by others waiting for their consent, with
a button to decline each. Both ask first."""

from __future__ import annotations

from aiogram import Bot, F, Router
from aiogram.filters import Command
from aiogram.types import CallbackQuery, InlineKeyboardMarkup, Message
from aiogram.utils.keyboard import InlineKeyboardBuilder

from bot import keyboards
from bot.callbacks import MenuAction, MenuCb, MineAction, MineCb
from bot.handlers.documents import wanted_text
from bot.handlers.form import consent_link
from bot.i18n import I18n
from bot.render import send_long, short_date
from services.keys import STATUS_KEYS
from services.locale_keys import PlainKey
from services.my_nominations import Changed, Mine, MyNominations, MyPage, Named, Pending

# Buttons under /my past the main menu's: enough for anyone's own nominations in practice;
# past it the list still shows every nomination.
MOST_BUTTONS = 40
# The "yes" of each confirmation (its question: `confirmation`).
YES_KEYS: dict[MineAction, PlainKey] = {
    MineAction.WITHDRAW: "my-withdraw-yes",
    MineAction.DECLINE: "my-decline-yes",
}


def _mine_entry(i18n: I18n, nomination: Mine, links: dict[str, str]) -> str:
    entry = i18n.get(
        "my-item",
        reference=nomination.reference,
        name=nomination.full_name,
        status=i18n.get(STATUS_KEYS[nomination.status]),
        date=short_date(nomination.created_on),
    )
    if nomination.nominee_token and nomination.link_until:
        link = links[nomination.nominee_token]
        until = short_date(nomination.link_until)
        entry += "\n" + i18n.get("my-awaiting-link", link=link, until=until)
    return entry


def _named_entry(i18n: I18n, named: Named) -> str:
    return i18n.get(
        "my-named-item",
        reference=named.reference,
        name=named.full_name,
        nominator=named.nominator_name,
        date=short_date(named.created_on),
        until=short_date(named.link_until),
    )


def page_text(i18n: I18n, page: MyPage, links: dict[str, str]) -> str:
    """The person's own nominations (`links`: each consent link still open, by its token),
    then the nominations of them waiting for their consent."""
    sections = []
    if page.mine:
        entries = [i18n.get("my-title", count=len(page.mine))]
        entries += [_mine_entry(i18n, nomination, links) for nomination in page.mine]
        sections.append("\n\n".join(entries))
    if page.named:
        entries = [i18n.get("my-named-title", count=len(page.named))]
        entries += [_named_entry(i18n, named) for named in page.named]
        entries.append(i18n.get("my-named-hint"))
        sections.append("\n\n".join(entries))
    return "\n\n".join(sections)


def page_buttons(i18n: I18n, page: MyPage) -> InlineKeyboardMarkup:
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
            i18n.get("identity-correct-button", reference=nomination.reference),
            MineCb(action=MineAction.PHONE, nomination_id=nomination.nomination_id),
        )
        for nomination in page.mine
        if nomination.phone_correctable
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


def confirmation(i18n: I18n, pressed: MineCb, pending: Pending) -> tuple[str, InlineKeyboardMarkup]:
    """Ask before acting: what the nomination is, "yes" and "no"."""
    yes = YES_KEYS[pressed.action]
    if pressed.action is MineAction.WITHDRAW:
        text = i18n.get("my-withdraw-sure", reference=pending.reference, name=pending.full_name)
    else:
        text = i18n.get(
            "my-decline-sure", reference=pending.reference, nominator=pending.nominator_name
        )
    keep = MineCb(action=MineAction.KEEP, nomination_id=pending.nomination_id)
    markup = keyboards.confirm(i18n, pressed, keep, i18n.get(yes), i18n.get("my-keep"))
    return text, markup


def done_text(i18n: I18n, action: MineAction, done: Changed) -> str:
    """What the person is told once it is done."""
    if action is MineAction.WITHDRAW:
        return i18n.get("my-withdrawn", reference=done.reference)
    return i18n.get("nominee-declined")


async def _close_confirmation(query: CallbackQuery) -> None:
    if isinstance(query.message, Message):
        await query.message.edit_reply_markup(reply_markup=None)


async def show(event: Message | CallbackQuery, bot: Bot, i18n: I18n, mine: MyNominations) -> None:
    """/my and the menu's button: the documents asked for come first, then the list."""
    assert event.from_user is not None
    chat_id = event.from_user.id
    page = await mine.page()
    if page.wanted:
        await send_long(bot, chat_id, *wanted_text(i18n, page.wanted))
    if not page.mine and not page.named:
        await bot.send_message(
            chat_id, i18n.get("my-empty"), reply_markup=keyboards.main_menu(i18n)
        )
        return
    tokens = [nomination.nominee_token for nomination in page.mine if nomination.nominee_token]
    links = {token: await consent_link(bot, token) for token in tokens}
    await send_long(bot, chat_id, page_text(i18n, page, links), page_buttons(i18n, page))


async def _changed(
    query: CallbackQuery, bot: Bot, i18n: I18n, action: MineAction, done: Changed
) -> None:
    await _close_confirmation(query)
    await bot.send_message(
        query.from_user.id, done_text(i18n, action, done), reply_markup=keyboards.main_menu(i18n)
    )


async def withdraw(
    query: CallbackQuery, callback_data: MineCb, bot: Bot, i18n: I18n, mine: MyNominations
) -> None:
    """The nominator's "withdraw": the first press asks; the confirmation acts."""
    if not callback_data.confirmed:
        pending = await mine.withdrawal(callback_data.nomination_id)
        await send_long(bot, query.from_user.id, *confirmation(i18n, callback_data, pending))
        return
    done = await mine.withdraw(callback_data.nomination_id)
    await _changed(query, bot, i18n, callback_data.action, done)


async def decline(
    query: CallbackQuery, callback_data: MineCb, bot: Bot, i18n: I18n, mine: MyNominations
) -> None:
    """The nominee's "decline" of a nomination of them (as the consent link's "decline"
    does): the first press asks; the confirmation acts."""
    if not callback_data.confirmed:
        pending = await mine.declinable(callback_data.nomination_id)
        await send_long(bot, query.from_user.id, *confirmation(i18n, callback_data, pending))
        return
    done = await mine.decline(callback_data.nomination_id)
    await _changed(query, bot, i18n, callback_data.action, done)


async def keep(query: CallbackQuery, bot: Bot, i18n: I18n) -> None:
    """ "No" to a confirmation."""
    await _close_confirmation(query)
    await bot.send_message(
        query.from_user.id, i18n.get("my-kept"), reply_markup=keyboards.main_menu(i18n)
    )


def router() -> Router:
    mine = Router(name="my_nominations")
    mine.message.register(show, Command("my"))
    mine.callback_query.register(show, MenuCb.filter(F.action == MenuAction.MY))
    mine.callback_query.register(withdraw, MineCb.filter(F.action == MineAction.WITHDRAW))
    mine.callback_query.register(decline, MineCb.filter(F.action == MineAction.DECLINE))
    mine.callback_query.register(keep, MineCb.filter(F.action == MineAction.KEEP))
    return mine
