"""An official's report for a due date: its text, then files if any, then "submit"; the
coordinators hear of it."""

from __future__ import annotations

from aiogram import Bot, F, Router
from aiogram.filters import StateFilter
from aiogram.fsm.context import FSMContext
from aiogram.fsm.state import State, StatesGroup
from aiogram.types import CallbackQuery, InlineKeyboardMarkup, Message
from aiogram.utils.keyboard import InlineKeyboardBuilder

from bot.callbacks import ReportCb, SubmitReportCb
from bot.i18n import I18n
from bot.state import take
from bot.texts import INPUT_ERROR_KEYS
from domain.nomination import InvalidInput, text_between
from domain.pipeline import Role
from domain.reminders import (
    REPORT_FILES_MAX,
    REPORT_MAX,
    REPORT_MIN,
    ReportFull,
    with_report_file,
)
from services.plan import PlanItems

OFFICIAL = {"role": Role.AGENCY_OFFICIAL}


class ReportForm(StatesGroup):
    text = State()
    files = State()
    comment = State()  # a coordinator's comment on a report returned (`review`)


def _submit_button(i18n: I18n) -> InlineKeyboardMarkup:
    builder = InlineKeyboardBuilder()
    builder.button(text=i18n.get("plan-report-submit"), callback_data=SubmitReportCb())
    return builder.as_markup()


async def start_report(
    query: CallbackQuery,
    callback_data: ReportCb,
    bot: Bot,
    i18n: I18n,
    state: FSMContext,
    plan_items: PlanItems,
) -> None:
    agency_id, due_date_id = callback_data.agency_id, callback_data.due_date_id
    await plan_items.start_report(agency_id, due_date_id)
    await state.set_state(ReportForm.text)
    await state.update_data(
        report={"agency_id": agency_id, "due_date_id": due_date_id, "files": []}
    )
    text = i18n.get("plan-report-text", min=REPORT_MIN, max=REPORT_MAX)
    await bot.send_message(query.from_user.id, text)


async def report_text(message: Message, i18n: I18n, state: FSMContext) -> None:
    try:
        text = text_between(message.text or "", REPORT_MIN, REPORT_MAX)
    except InvalidInput as error:
        await message.answer(i18n.get(INPUT_ERROR_KEYS[error.code], **error.params))
        return
    draft = (await state.get_data()).get("report") or {}
    await state.update_data(report={**draft, "text": text})
    await state.set_state(ReportForm.files)
    text = i18n.get("plan-report-files", max=REPORT_FILES_MAX)
    await message.answer(text, reply_markup=_submit_button(i18n))


async def report_file(message: Message, i18n: I18n, state: FSMContext) -> None:
    draft = (await state.get_data()).get("report") or {}
    sent = message.photo[-1] if message.photo else message.document
    assert sent is not None  # the router takes photos and documents only
    try:
        files = with_report_file(list(draft.get("files", [])), sent.file_id, message.content_type)
    except ReportFull:
        await message.answer(i18n.get("plan-report-too-many", max=REPORT_FILES_MAX))
        return
    await state.update_data(report={**draft, "files": files})
    await message.answer(i18n.get("plan-report-file-added", count=len(files)))


async def submit(
    query: CallbackQuery, bot: Bot, i18n: I18n, state: FSMContext, plan_items: PlanItems
) -> None:
    submitted = await plan_items.submit_report(await take(state, "report") or {})
    if isinstance(query.message, Message):
        await query.message.edit_reply_markup(reply_markup=None)
    text = i18n.get("plan-report-sent" if submitted else "plan-report-exists")
    await bot.send_message(query.from_user.id, text)


async def report_other(message: Message, i18n: I18n, state: FSMContext) -> None:
    if await state.get_state() == ReportForm.files.state:
        await message.answer(i18n.get("plan-report-expect-files"))
    else:
        await message.answer(i18n.get("staff-expect-text"))


def router() -> Router:
    reports = Router(name="plan-reports")
    reports.callback_query.register(start_report, ReportCb.filter(), flags=OFFICIAL)
    reports.message.register(report_text, StateFilter(ReportForm.text), F.text, flags=OFFICIAL)
    reports.message.register(
        report_file, StateFilter(ReportForm.files), F.document | F.photo, flags=OFFICIAL
    )
    reports.callback_query.register(
        submit, SubmitReportCb.filter(), StateFilter(ReportForm.files), flags=OFFICIAL
    )
    reports.message.register(
        report_other, StateFilter(ReportForm.text, ReportForm.files), flags=OFFICIAL
    )
    return reports
