"""The nominee's consent: the nominator forwards a personal link; the nominee opens it, reads
the card about them and agrees (the nomination goes on) or declines (it is withdrawn). A link
older than CONSENT_LINK_DAYS is refused at once, whether or not the nomination has lapsed
yet."""

from __future__ import annotations

from aiogram import Bot, F, Router
from aiogram.filters import CommandObject, CommandStart
from aiogram.types import CallbackQuery, InlineKeyboardMarkup, Message

from bot import keyboards
from bot.callbacks import NomineeCb
from bot.handlers.form import CONSENT_LINK_PREFIX
from bot.i18n import I18n
from bot.render import card, say, send_long
from domain.nomination import CONSENT_VERSION, Consent
from domain.regions import Region
from services.consent import ConsentRequest, LinkRefused, NomineeConsent, Settled


def request_text(
    i18n: I18n, request: ConsentRequest, regions: tuple[Region, ...], token: str
) -> tuple[str, InlineKeyboardMarkup]:
    """Who nominated them, the card about them, and the question with its two answers."""
    text = "\n\n".join(
        [
            i18n.get("nominee-intro", nominator=request.nominator_name),
            card(i18n, request.record, {r.code: r for r in regions}, with_nominator=False),
            i18n.get("nominee-question", version=CONSENT_VERSION),
        ]
    )
    return text, keyboards.nominee_consent(i18n, token)


def settled_text(i18n: I18n, settled: Settled, agree: bool) -> str:
    if agree:
        return i18n.get("nominee-agreed", reference=settled.reference)
    return i18n.get("nominee-declined")


async def open_link(
    message: Message, command: CommandObject, bot: Bot, i18n: I18n, consent: NomineeConsent
) -> None:
    token = (command.args or "")[len(CONSENT_LINK_PREFIX) :]
    try:
        request = await consent.request(token)
    except LinkRefused as refused:  # they came by a link: the menu to go on from
        await message.answer(say(i18n, refused.text), reply_markup=keyboards.main_menu(i18n))
        return
    await send_long(bot, message.chat.id, *request_text(i18n, request, consent.regions, token))


async def answer(
    query: CallbackQuery,
    callback_data: NomineeCb,
    bot: Bot,
    i18n: I18n,
    consent: NomineeConsent,
) -> None:
    agree = callback_data.answer is Consent.AGREE
    settled = await consent.settle(callback_data.token, agree)
    if isinstance(query.message, Message):
        await query.message.edit_reply_markup(reply_markup=None)
    text = settled_text(i18n, settled, agree)
    await bot.send_message(query.from_user.id, text, reply_markup=keyboards.main_menu(i18n))


def router() -> Router:
    nominee = Router(name="nominee")
    nominee.message.register(
        open_link, CommandStart(deep_link=True, magic=F.args.startswith(CONSENT_LINK_PREFIX))
    )
    nominee.callback_query.register(answer, NomineeCb.filter())
    return nominee
