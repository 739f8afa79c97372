"""The nominee's consent: the nominator forwards a personal link; the nominee opens it, reads
the card about them and agrees (the nomination goes on) or declines (it is withdrawn)."""

from __future__ import annotations

from aiogram import Bot, F, Router
from aiogram.filters import CommandObject, CommandStart
from aiogram.types import CallbackQuery, Message
from aiogram_i18n import I18nContext
from sqlalchemy.ext.asyncio import AsyncSession

from bot import keyboards
from bot.callbacks import NomineeCb
from bot.notify import announce, tell_user
from bot.render import card, split_message
from domain.clock import Clock
from domain.nomination import CONSENT_VERSION, Consent, Status
from domain.regions import Region
from storage import repo
from storage.models import User

CONSENT_LINK_PREFIX = "c_"


def router() -> Router:
    nominee = Router(name="nominee")

    @nominee.message(CommandStart(deep_link=True, magic=F.args.startswith(CONSENT_LINK_PREFIX)))
    async def open_link(
        message: Message,
        command: CommandObject,
        bot: Bot,
        i18n: I18nContext,
        session: AsyncSession,
        user: User,
        regions: tuple[Region, ...],
    ) -> None:
        token = (command.args or "")[len(CONSENT_LINK_PREFIX) :]
        nomination = await repo.nomination_by_token(session, token) if token else None
        menu = keyboards.main_menu(i18n)
        if nomination is None:
            await message.answer(i18n.get("nominee-link-invalid"), reply_markup=menu)
            return
        if nomination.nominator_id == user.id:
            await message.answer(i18n.get("nominee-link-own"), reply_markup=menu)
            return
        if nomination.status != Status.AWAITING_NOMINEE_CONSENT:
            await message.answer(i18n.get("nominee-link-used"), reply_markup=menu)
            return
        text = "\n\n".join(
            [
                i18n.get("nominee-intro", nominator=nomination.nominator_name or ""),
                card(
                    i18n,
                    repo.record_of(nomination),
                    {region.code: region for region in regions},
                    with_nominator=False,
                ),
                i18n.get("nominee-question", version=CONSENT_VERSION),
            ]
        )
        *head, last = split_message(text)
        for piece in head:
            await message.answer(piece)
        await message.answer(last, reply_markup=keyboards.nominee_consent(i18n, token))

    @nominee.callback_query(NomineeCb.filter())
    async def answer(
        query: CallbackQuery,
        callback_data: NomineeCb,
        bot: Bot,
        i18n: I18nContext,
        session: AsyncSession,
        user: User,
        clock: Clock,
    ) -> None:
        agree = callback_data.answer is Consent.AGREE
        nomination = await repo.settle_nominee_consent(
            session, callback_data.token, user.id, agree, clock()
        )
        if nomination is None:
            await query.answer(i18n.get("nominee-link-used"), show_alert=True)
            return
        await query.answer()
        if isinstance(query.message, Message):
            await query.message.edit_reply_markup(reply_markup=None)
        key = "agreed" if agree else "declined"
        await bot.send_message(
            query.from_user.id,
            i18n.get(f"nominee-{key}", reference=nomination.reference or ""),
            reply_markup=keyboards.main_menu(i18n),
        )
        await tell_user(
            bot,
            session,
            i18n,
            nomination.nominator_id,
            f"notify-nominee-{key}",
            name=nomination.full_name,
            reference=nomination.reference or "",
        )
        if agree:
            await announce(bot, session, i18n, nomination, tell_nominator=False)

    return nominee
