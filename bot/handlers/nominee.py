"""The nominee's consent: the nominator forwards a personal link; whoever opens it sees only
the candidate's name and the reference and is asked to share their own contact. The person
whose phone is the nominee's then reads the card about them and agrees (the nomination goes
on) or declines (it is withdrawn); anyone else is refused and shown nothing more. A link
older than CONSENT_LINK_DAYS is refused at once, whether or not the nomination has lapsed
yet."""

from __future__ import annotations

from aiogram import Bot, F, Router
from aiogram.filters import CommandObject, CommandStart, StateFilter
from aiogram.fsm.context import FSMContext
from aiogram.fsm.state import State, StatesGroup
from aiogram.types import CallbackQuery, InlineKeyboardMarkup, Message, ReplyKeyboardRemove

from bot import keyboards
from bot.callbacks import NomineeCb
from bot.handlers.form import CONSENT_LINK_PREFIX
from bot.i18n import I18n
from bot.render import card, say, send_long
from domain.nomination import CONSENT_VERSION, Consent
from domain.regions import Region
from services.consent import ConsentRequest, LinkRefused, NomineeConsent, Settled


class ConsentLink(StatesGroup):
    """The opener of a consent link is asked for their own contact (the token in the data,
    beside any draft of theirs, which stays)."""

    contact = State()


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


async def _let_go(state: FSMContext) -> None:
    """The contact step ends and its token leaves the conversation (a draft of the person's
    own form, if any, stays)."""
    await state.set_state(None)
    data = await state.get_data()
    if data.pop("consent_token", None) is not None:
        await state.set_data(data)


async def _refused(message: Message, i18n: I18n, state: FSMContext, refused: LinkRefused) -> None:
    """They came by a link: told why, with the menu to go on from; the link is let go."""
    await _let_go(state)
    await message.answer(say(i18n, refused.text), reply_markup=keyboards.main_menu(i18n))


async def open_link(
    message: Message,
    command: CommandObject,
    i18n: I18n,
    state: FSMContext,
    consent: NomineeConsent,
) -> None:
    """The name and the reference only, and the button to share one's own contact."""
    token = (command.args or "")[len(CONSENT_LINK_PREFIX) :]
    try:
        shown = await consent.request(token)
    except LinkRefused as refused:
        await _refused(message, i18n, state, refused)
        return
    await state.set_state(ConsentLink.contact)
    await state.update_data(consent_token=token)
    text = i18n.get("identity-consent-card", name=shown.full_name, reference=shown.reference)
    await message.answer(text, reply_markup=keyboards.share_contact(i18n))


async def contact(
    message: Message, bot: Bot, i18n: I18n, state: FSMContext, consent: NomineeConsent
) -> None:
    """The opener's contact: the card and the question when it is the nominee's phone."""
    assert message.contact is not None and message.from_user is not None
    token = str((await state.get_data()).get("consent_token") or "")
    shared = message.contact
    try:
        request = await consent.identify(token, shared.user_id, shared.phone_number)
    except LinkRefused as refused:
        await _refused(message, i18n, state, refused)
        return
    await _let_go(state)
    await message.answer(i18n.get("identity-consent-matched"), reply_markup=ReplyKeyboardRemove())
    await send_long(bot, message.chat.id, *request_text(i18n, request, consent.regions, token))


async def not_contact(message: Message, i18n: I18n) -> None:
    """Anything but a contact while the link waits for one: what to press."""
    await message.answer(
        i18n.get("identity-consent-share"), reply_markup=keyboards.share_contact(i18n)
    )


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


def contact_router() -> Router:
    """The link's contact step: after the menu's router, so /start and /cancel still work."""
    waiting = Router(name="nominee_contact")
    waiting.message.register(contact, StateFilter(ConsentLink.contact), F.contact)
    waiting.message.register(not_contact, StateFilter(ConsentLink.contact))
    return waiting
