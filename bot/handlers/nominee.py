"""The nominee's consent: the nominator forwards a personal link; the nominee opens it, reads
the card about them and agrees (the nomination goes on) or declines (it is withdrawn). A link
older than CONSENT_LINK_DAYS is refused at once, whether or not the nomination has lapsed
yet."""

from __future__ import annotations

from aiogram import Bot, F, Router
from aiogram.filters import CommandObject, CommandStart
from aiogram.types import CallbackQuery, Message
from aiogram.utils.callback_answer import CallbackAnswer
from aiogram_i18n import I18nContext

from bot import keyboards
from bot.callbacks import NomineeCb
from bot.handlers.form import CONSENT_LINK_PREFIX
from bot.middlewares import refuse
from bot.render import card, send_long
from domain.nomination import CONSENT_VERSION, Consent
from services.nominations import ConsentRefusal, Nominations
from services.people import Person
from services.uow import UnitOfWork

REFUSAL_KEYS = {
    ConsentRefusal.INVALID: "nominee-link-invalid",
    ConsentRefusal.OWN: "nominee-link-own",
    ConsentRefusal.USED: "nominee-link-used",
    ConsentRefusal.EXPIRED: "nominee-link-expired",
}


async def open_link(
    message: Message,
    command: CommandObject,
    bot: Bot,
    i18n: I18nContext,
    uow: UnitOfWork,
    user: Person,
    nominations: Nominations,
) -> None:
    token = (command.args or "")[len(CONSENT_LINK_PREFIX) :]
    request = await nominations.consent_request(uow, token, user.id)
    if isinstance(request, ConsentRefusal):
        days = nominations.settings.consent_link_days
        await message.answer(
            i18n.get(REFUSAL_KEYS[request], days=days), reply_markup=keyboards.main_menu(i18n)
        )
        return
    regions = {region.code: region for region in nominations.regions}
    text = "\n\n".join(
        [
            i18n.get("nominee-intro", nominator=request.nominator_name),
            card(i18n, request.record, regions, with_nominator=False),
            i18n.get("nominee-question", version=CONSENT_VERSION),
        ]
    )
    await send_long(bot, message.chat.id, text, keyboards.nominee_consent(i18n, token))


async def answer(
    query: CallbackQuery,
    callback_data: NomineeCb,
    bot: Bot,
    i18n: I18nContext,
    uow: UnitOfWork,
    user: Person,
    nominations: Nominations,
    callback_answer: CallbackAnswer,
) -> None:
    agree = callback_data.answer is Consent.AGREE
    settled = await nominations.settle_consent(uow, callback_data.token, user.id, agree)
    if isinstance(settled, ConsentRefusal):
        days = nominations.settings.consent_link_days
        refuse(callback_answer, i18n.get(REFUSAL_KEYS[settled], days=days))
        return
    if isinstance(query.message, Message):
        await query.message.edit_reply_markup(reply_markup=None)
    text = (
        i18n.get("nominee-agreed", reference=settled.reference)
        if agree
        else i18n.get("nominee-declined", reference=settled.reference)
    )
    await bot.send_message(query.from_user.id, text, reply_markup=keyboards.main_menu(i18n))


def router() -> Router:
    nominee = Router(name="nominee")
    nominee.message.register(
        open_link, CommandStart(deep_link=True, magic=F.args.startswith(CONSENT_LINK_PREFIX))
    )
    nominee.callback_query.register(answer, NomineeCb.filter())
    return nominee
