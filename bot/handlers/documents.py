"""Documents a regional verifier asked a nominator for: listed at the top of /my, each with a
button that opens the upload; every file is kept at once, "done" sends them to the verifier."""

from __future__ import annotations

from contextlib import suppress

from aiogram import F, Router
from aiogram.exceptions import TelegramBadRequest
from aiogram.filters import StateFilter
from aiogram.fsm.context import FSMContext
from aiogram.fsm.state import State, StatesGroup
from aiogram.types import CallbackQuery, InlineKeyboardMarkup, Message
from aiogram.utils.keyboard import InlineKeyboardBuilder

from bot import keyboards
from bot.callbacks import UploadCb, UploadDoneCb
from bot.i18n import I18n
from bot.render import say
from services.documents import DOCUMENTS_PER_REQUEST, Documents, DocumentsWanted, UploadFull


class UploadForm(StatesGroup):
    files = State()  # the nominator is sending files on one request (its id in the data)


def wanted_text(i18n: I18n, wanted: list[DocumentsWanted]) -> tuple[str, InlineKeyboardMarkup]:
    """The open requests, numbered, with a button each that opens its upload."""
    entries = [i18n.get("docs-wanted-title")]
    builder = InlineKeyboardBuilder()
    for position, request in enumerate(wanted, start=1):
        entries.append(
            i18n.get(
                "docs-wanted-item",
                position=position,
                reference=request.reference,
                name=request.full_name,
                number=request.number,
                achievement=request.achievement,
                comment=request.comment or i18n.get("docs-no-comment"),
                count=request.documents,
            )
        )
        builder.button(
            text=i18n.get("docs-upload-button", position=position),
            callback_data=UploadCb(request_id=request.request_id),
        )
    return "\n\n".join(entries), keyboards.fitted(builder, 1).as_markup()


def _done_button(i18n: I18n, request_id: int) -> InlineKeyboardMarkup:
    builder = InlineKeyboardBuilder()
    builder.button(
        text=i18n.get("docs-done-button"), callback_data=UploadDoneCb(request_id=request_id)
    )
    return builder.as_markup()


async def _request_id(state: FSMContext) -> int:
    return int((await state.get_data()).get("upload") or 0)


async def upload_start(
    query: CallbackQuery,
    callback_data: UploadCb,
    i18n: I18n,
    state: FSMContext,
    documents: Documents,
) -> None:
    wanted = await documents.upload(callback_data.request_id)
    await state.set_state(UploadForm.files)
    await state.update_data(upload=wanted.request_id)
    text = i18n.get(
        "docs-upload-ask",
        reference=wanted.reference,
        number=wanted.number,
        achievement=wanted.achievement,
        limit=DOCUMENTS_PER_REQUEST,
        count=wanted.documents,
    )
    if isinstance(query.message, Message):
        await query.message.answer(text, reply_markup=_done_button(i18n, wanted.request_id))


async def upload_file(
    message: Message, i18n: I18n, state: FSMContext, documents: Documents
) -> None:
    """A photo or a document sent on the open request: kept at once."""
    request_id = await _request_id(state)
    if message.photo:
        file_id, kind = message.photo[-1].file_id, "photo"
    else:
        assert message.document is not None
        file_id, kind = message.document.file_id, "document"
    try:
        added = await documents.add(request_id, file_id, kind)
    except UploadFull as full:  # what came is kept: "done" is still to be pressed
        await message.answer(say(i18n, full.text), reply_markup=_done_button(i18n, request_id))
        return
    text = i18n.get("docs-received", count=added.documents, limit=DOCUMENTS_PER_REQUEST)
    await message.answer(text, reply_markup=_done_button(i18n, request_id))


async def upload_other(
    message: Message, i18n: I18n, state: FSMContext, documents: Documents
) -> None:
    """Anything but a file while files are expected: what to send, and how to finish; or,
    once the request can no longer be answered (withdrawn, moved on), the upload ends."""
    request_id = await _request_id(state)
    await documents.upload(request_id)
    await message.answer(i18n.get("docs-expect-file"), reply_markup=_done_button(i18n, request_id))


async def upload_done(
    query: CallbackQuery,
    callback_data: UploadDoneCb,
    i18n: I18n,
    state: FSMContext,
    documents: Documents,
) -> None:
    """ "Done": the files go to the verifier who asked; the upload is over."""
    sent = await documents.send(callback_data.request_id)
    if await _request_id(state) == callback_data.request_id:
        await state.set_state(None)
    if isinstance(query.message, Message):
        with suppress(TelegramBadRequest):
            await query.message.edit_reply_markup(reply_markup=None)
        text = i18n.get("docs-sent", reference=sent.reference, count=sent.documents)
        await query.message.answer(text, reply_markup=keyboards.main_menu(i18n))


def router() -> Router:
    documents = Router(name="documents")
    documents.callback_query.register(upload_start, UploadCb.filter())
    documents.callback_query.register(upload_done, UploadDoneCb.filter())
    uploading = StateFilter(UploadForm.files)
    documents.message.register(upload_file, uploading, F.photo | F.document)
    documents.message.register(upload_other, uploading, ~F.text)
    documents.message.register(upload_other, uploading, ~F.text.startswith("/"))
    return documents
