"""What an update that did not end well is answered with, in one place.

A refusal (`services.refusals`) is a use case saying no: the person is told why in their
language, as an alert on a button and as a message otherwise; a forged button gets nothing but
the answer that stops its spinner. Anything else is a failure: logged in full and answered with
an apology, so that in webhook mode Telegram does not send the same update again and again.
Either way the update's unit of work has already rolled back: nothing it began is kept."""

from __future__ import annotations

import contextlib
import logging

from aiogram import Router
from aiogram.exceptions import TelegramAPIError
from aiogram.filters import ExceptionTypeFilter
from aiogram.fsm.context import FSMContext
from aiogram.types import CallbackQuery, ErrorEvent, Message
from aiogram_i18n import I18nMiddleware

from bot.i18n import I18n
from bot.render import say
from config import Settings
from domain.locales import resolve_locale
from services.refusals import Refusal

log = logging.getLogger(__name__)


def router() -> Router:
    errors = Router(name="errors")
    errors.errors.register(refused, ExceptionTypeFilter(Refusal))
    errors.errors.register(failed)
    return errors


async def refused(event: ErrorEvent, i18n: I18n, state: FSMContext | None = None) -> None:
    refusal = event.exception
    assert isinstance(refusal, Refusal)
    query, message = event.update.callback_query, event.update.message
    if refusal.final and state is not None:  # the step that waited for it ends
        await state.set_state(None)
    with contextlib.suppress(TelegramAPIError):
        if query is not None:
            text = None if refusal.quiet else say(i18n, refusal.text)
            await query.answer(text, show_alert=text is not None)
            if refusal.final and isinstance(query.message, Message):
                await query.message.edit_reply_markup(reply_markup=None)
        elif message is not None and not refusal.quiet:
            await message.answer(say(i18n, refusal.text))


async def failed(
    event: ErrorEvent,
    i18n_middleware: I18nMiddleware,
    settings: Settings,
    i18n: I18n | None = None,
) -> None:
    update = event.update
    log.error("update %d failed", update.update_id, exc_info=event.exception)
    source = update.callback_query or update.message
    if source is None:
        return
    if i18n is not None:
        text = i18n.get("error-unexpected")
    else:  # it failed before the person's language was known (say, Redis is down)
        language = source.from_user.language_code if source.from_user else None
        locale = resolve_locale(None, language, settings.default_locale)
        text = i18n_middleware.core.get("error-unexpected", locale)
    with contextlib.suppress(TelegramAPIError):  # Telegram itself may be what failed
        if isinstance(source, CallbackQuery):
            await source.answer(text, show_alert=True)
        else:
            await source.answer(text)
