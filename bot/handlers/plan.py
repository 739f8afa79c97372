"""The campaign plan in the bot: an agency official sees their agency's items and reports for
a due date; a coordinator reviews reports and sees where every agency stands."""

from __future__ import annotations

from typing import Any

from aiogram import Bot, F, Router
from aiogram.filters import Command, StateFilter
from aiogram.fsm.context import FSMContext
from aiogram.fsm.state import State, StatesGroup
from aiogram.types import BufferedInputFile, CallbackQuery, Message
from aiogram.utils.keyboard import InlineKeyboardBuilder
from aiogram_i18n import I18nContext
from sqlalchemy.ext.asyncio import AsyncSession

from bot.callbacks import (
    ExportFormat,
    PlanExportCb,
    PlanItemCb,
    ReportCb,
    ReviewAction,
    ReviewCb,
    ReviewQueueCb,
    SubmitReportCb,
)
from bot.config import Settings
from bot.exports import plan_table, spreadsheet
from bot.notify import tell_user
from bot.render import excerpt, split_message
from bot.state import take
from domain.clock import Clock
from domain.nomination import InvalidInput, text_between
from domain.pipeline import Role, Staff
from domain.reminders import (
    REPORT_FILES_MAX,
    REPORT_MAX,
    REPORT_MIN,
    RETURN_COMMENT_MAX,
    RETURN_COMMENT_MIN,
    Standing,
    standing,
    tally,
)
from storage import plan as plan_store
from storage import staff as staff_store
from storage.models import Agency, PlanItem, Report

PAGE_SIZE = 8
MARK = {
    Standing.DONE: "✅",
    Standing.SUBMITTED: "🕓",
    Standing.RETURNED: "↩️",
    Standing.PENDING: "⏳",
    Standing.OVERDUE: "❗",
}
OFFICIAL = {"role": Role.AGENCY_OFFICIAL}
COORDINATOR = {"role": Role.COORDINATOR}


class ReportForm(StatesGroup):
    text = State()
    files = State()
    comment = State()


def _agencies(staff: Staff) -> list[int]:
    return sorted(int(s) for s in staff.scopes.get(Role.AGENCY_OFFICIAL, ()) if s.isdigit())


def _today(settings: Settings, clock: Clock) -> Any:
    return clock().astimezone(settings.tz).date()


def router() -> Router:
    plan = Router(name="plan")

    @plan.message(Command("plan"), flags=OFFICIAL)
    async def my_items(
        message: Message,
        session: AsyncSession,
        i18n: I18nContext,
        staff: Staff,
        settings: Settings,
        clock: Clock,
    ) -> None:
        today = _today(settings, clock)
        reports = await plan_store.latest_reports(session)
        agencies = [a for a in [await session.get(Agency, i) for i in _agencies(staff)] if a]
        if not agencies:  # a grant whose agency is gone from the plan
            await message.answer(i18n.get("no-access"))
            return
        for agency in agencies:
            agency_id = agency.id
            builder = InlineKeyboardBuilder()
            for item, dues in await plan_store.items_of_agency(session, agency_id):
                states = [
                    (
                        due,
                        standing(
                            due.due,
                            getattr(reports.get((due.id, agency_id)), "status", None),
                            today,
                        ),
                    )
                    for due in dues
                ]
                open_dues = [(d, s) for d, s in states if s is not Standing.DONE]
                if open_dues:
                    due, state = open_dues[0]
                    label = i18n.get(
                        "plan-item-next",
                        number=item.number,
                        due=due.due.strftime("%d.%m.%Y"),
                        mark=MARK[state],
                    )
                else:
                    label = i18n.get("plan-item-done", number=item.number)
                builder.button(
                    text=label, callback_data=PlanItemCb(agency_id=agency_id, item_id=item.id)
                )
            builder.adjust(1)
            await message.answer(
                i18n.get("plan-title", agency=agency.name), reply_markup=builder.as_markup()
            )

    @plan.callback_query(PlanItemCb.filter(), flags=OFFICIAL)
    async def item_view(
        query: CallbackQuery,
        callback_data: PlanItemCb,
        bot: Bot,
        session: AsyncSession,
        i18n: I18nContext,
        staff: Staff,
        settings: Settings,
        clock: Clock,
    ) -> None:
        agency_id = callback_data.agency_id
        item = await session.get(PlanItem, callback_data.item_id)
        if agency_id not in _agencies(staff) or item is None:
            await query.answer(i18n.get("no-access"), show_alert=True)
            return
        dues = dict((i.id, d) for i, d in await plan_store.items_of_agency(session, agency_id)).get(
            item.id
        )
        if dues is None:
            await query.answer(i18n.get("no-access"), show_alert=True)
            return
        await query.answer()
        today = _today(settings, clock)
        reports = await plan_store.latest_reports(session)
        lines = [
            i18n.get(
                "plan-item",
                number=item.number,
                title=item.title,
                form=item.form,
                deadline=item.deadline,
            )
        ]
        builder = InlineKeyboardBuilder()
        for due in dues:
            report = reports.get((due.id, agency_id))
            state = standing(due.due, report.status if report else None, today)
            comment = (
                f" — {report.comment}"
                if report and report.comment and state is Standing.RETURNED
                else ""
            )
            day = due.due.strftime("%d.%m.%Y")
            lines.append(
                f"{MARK[state]} {day} ({due.period}): {i18n.get(f'standing-{state}')}{comment}"
            )
            if state not in (Standing.DONE, Standing.SUBMITTED):
                builder.button(
                    text=i18n.get("plan-report-for", due=due.due.strftime("%d.%m.%Y")),
                    callback_data=ReportCb(agency_id=agency_id, due_date_id=due.id),
                )
        builder.adjust(2)
        *head, last = split_message("\n".join(lines))
        for piece in head:
            await bot.send_message(query.from_user.id, piece)
        await bot.send_message(query.from_user.id, last, reply_markup=builder.as_markup())

    @plan.callback_query(ReportCb.filter(), flags=OFFICIAL)
    async def start_report(
        query: CallbackQuery,
        callback_data: ReportCb,
        bot: Bot,
        session: AsyncSession,
        i18n: I18nContext,
        staff: Staff,
        state: FSMContext,
    ) -> None:
        # Only for one's own agency, and only for an item that agency answers for.
        due = None
        if callback_data.agency_id in _agencies(staff):
            due = await plan_store.is_responsible(
                session, callback_data.agency_id, callback_data.due_date_id
            )
        if due is None:
            await query.answer(i18n.get("no-access"), show_alert=True)
            return
        await query.answer()
        await state.set_state(ReportForm.text)
        await state.update_data(
            report={"agency_id": callback_data.agency_id, "due_date_id": due.id, "files": []}
        )
        await bot.send_message(
            query.from_user.id, i18n.get("plan-report-text", min=REPORT_MIN, max=REPORT_MAX)
        )

    @plan.message(StateFilter(ReportForm.text), F.text, flags=OFFICIAL)
    async def report_text(message: Message, i18n: I18nContext, state: FSMContext) -> None:
        text = (message.text or "").strip()
        try:
            text = text_between(text, REPORT_MIN, REPORT_MAX)
        except InvalidInput as error:
            await message.answer(i18n.get(f"form-error-{error.code}", **error.params))
            return
        draft = (await state.get_data()).get("report") or {}
        await state.update_data(report={**draft, "text": text})
        await state.set_state(ReportForm.files)
        builder = InlineKeyboardBuilder()
        builder.button(text=i18n.get("plan-report-submit"), callback_data=SubmitReportCb())
        await message.answer(
            i18n.get("plan-report-files", max=REPORT_FILES_MAX), reply_markup=builder.as_markup()
        )

    @plan.message(StateFilter(ReportForm.files), F.document | F.photo, flags=OFFICIAL)
    async def report_file(message: Message, i18n: I18nContext, state: FSMContext) -> None:
        draft = (await state.get_data()).get("report") or {}
        files = list(draft.get("files", []))
        if len(files) >= REPORT_FILES_MAX:
            await message.answer(i18n.get("plan-report-too-many", max=REPORT_FILES_MAX))
            return
        if message.photo:
            files.append({"file_id": message.photo[-1].file_id, "kind": "photo"})
        elif message.document:
            files.append({"file_id": message.document.file_id, "kind": "document"})
        await state.update_data(report={**draft, "files": files})
        await message.answer(i18n.get("plan-report-file-added", count=len(files)))

    @plan.callback_query(SubmitReportCb.filter(), StateFilter(ReportForm.files), flags=OFFICIAL)
    async def submit(
        query: CallbackQuery,
        bot: Bot,
        session: AsyncSession,
        i18n: I18nContext,
        staff: Staff,
        state: FSMContext,
        clock: Clock,
    ) -> None:
        draft = await take(state, "report") or {}
        agency_id = int(draft.get("agency_id", 0))
        due = None
        if agency_id in _agencies(staff):
            due = await plan_store.is_responsible(
                session, agency_id, int(draft.get("due_date_id", 0))
            )
        if due is None or "text" not in draft:
            await query.answer(i18n.get("button-stale"), show_alert=True)
            return
        report = await plan_store.submit_report(
            session, due, agency_id, query.from_user.id, draft["text"], draft["files"], clock()
        )
        await query.answer()
        if isinstance(query.message, Message):
            await query.message.edit_reply_markup(reply_markup=None)
        if report is None:
            await bot.send_message(query.from_user.id, i18n.get("plan-report-exists"))
            return
        await bot.send_message(query.from_user.id, i18n.get("plan-report-sent"))
        item, _, agency = await plan_store.report_context(session, report)
        for coordinator in await staff_store.holders(session, Role.COORDINATOR):
            await tell_user(
                bot,
                session,
                i18n,
                coordinator,
                "report-arrived",
                number=item.number,
                agency=agency.short,
                due=due.due.strftime("%d.%m.%Y"),
            )

    @plan.message(StateFilter(ReportForm.text, ReportForm.files), flags=OFFICIAL)
    async def report_other(message: Message, i18n: I18nContext, state: FSMContext) -> None:
        current = await state.get_state()
        key = (
            "plan-report-expect-files" if current == ReportForm.files.state else "staff-expect-text"
        )
        await message.answer(i18n.get(key))

    async def review_page(session: AsyncSession, i18n: I18nContext, page: int) -> tuple[str, Any]:
        reports, total = await plan_store.waiting_reports(session, page * PAGE_SIZE, PAGE_SIZE)
        builder = InlineKeyboardBuilder()
        for report in reports:
            item, due, agency = await plan_store.report_context(session, report)
            builder.button(
                text=f"№{item.number} · {excerpt(agency.short, 30)} · {due.due:%d.%m.%Y}",
                callback_data=ReviewCb(report_id=report.id, action=ReviewAction.OPEN),
            )
        if page > 0:
            builder.button(text="◀️", callback_data=ReviewQueueCb(page=page - 1))
        if (page + 1) * PAGE_SIZE < total:
            builder.button(text="▶️", callback_data=ReviewQueueCb(page=page + 1))
        builder.adjust(1)
        return i18n.get("review-title", count=total), builder.as_markup()

    @plan.message(Command("reports"), flags=COORDINATOR)
    async def reports_command(message: Message, session: AsyncSession, i18n: I18nContext) -> None:
        text, markup = await review_page(session, i18n, 0)
        await message.answer(text, reply_markup=markup)

    @plan.callback_query(ReviewQueueCb.filter(), flags=COORDINATOR)
    async def reports_page(
        query: CallbackQuery, callback_data: ReviewQueueCb, session: AsyncSession, i18n: I18nContext
    ) -> None:
        text, markup = await review_page(session, i18n, max(0, callback_data.page))
        await query.answer()
        if isinstance(query.message, Message):
            await query.message.edit_text(text, reply_markup=markup)

    @plan.callback_query(ReviewCb.filter(), flags=COORDINATOR)
    async def review(
        query: CallbackQuery,
        callback_data: ReviewCb,
        bot: Bot,
        session: AsyncSession,
        i18n: I18nContext,
        state: FSMContext,
        clock: Clock,
    ) -> None:
        report = await session.get(Report, callback_data.report_id)
        if report is None or report.status != plan_store.SUBMITTED:
            await query.answer(i18n.get("review-stale"), show_alert=True)
            return
        await query.answer()
        chat_id = query.from_user.id
        item, due, agency = await plan_store.report_context(session, report)
        action = callback_data.action
        if action is ReviewAction.OPEN:
            builder = InlineKeyboardBuilder()
            for choice in (ReviewAction.ACCEPT, ReviewAction.RETURN, ReviewAction.FILES):
                builder.button(
                    text=i18n.get(f"review-{choice}"),
                    callback_data=ReviewCb(report_id=report.id, action=choice),
                )
            builder.adjust(2, 1)
            text = i18n.get(
                "review-report",
                number=item.number,
                title=excerpt(item.title, 200),
                agency=agency.name,
                due=due.due.strftime("%d.%m.%Y"),
                period=due.period,
                text=report.text,
                files=len(report.files),
            )
            *head, last = split_message(text)
            for piece in head:
                await bot.send_message(chat_id, piece)
            await bot.send_message(chat_id, last, reply_markup=builder.as_markup())
        elif action is ReviewAction.FILES:
            for file in report.files:
                send = bot.send_photo if file["kind"] == "photo" else bot.send_document
                await send(chat_id, file["file_id"])
            if not report.files:
                await bot.send_message(chat_id, i18n.get("case-no-files"))
        elif action is ReviewAction.ACCEPT:
            decided = await plan_store.decide_report(
                session, report.id, True, chat_id, None, clock()
            )
            if decided is None:
                await bot.send_message(chat_id, i18n.get("review-stale"))
                return
            await bot.send_message(chat_id, i18n.get("review-accepted"))
            await tell_user(
                bot,
                session,
                i18n,
                report.official_id,
                "report-accepted",
                number=item.number,
                due=due.due.strftime("%d.%m.%Y"),
            )
        else:
            await state.set_state(ReportForm.comment)
            await state.update_data(review=report.id)
            await bot.send_message(chat_id, i18n.get("review-comment"))

    @plan.message(StateFilter(ReportForm.comment), F.text, flags=COORDINATOR)
    async def return_with_comment(
        message: Message,
        bot: Bot,
        session: AsyncSession,
        i18n: I18nContext,
        state: FSMContext,
        clock: Clock,
    ) -> None:
        comment = (message.text or "").strip()
        try:
            comment = text_between(comment, RETURN_COMMENT_MIN, RETURN_COMMENT_MAX)
        except InvalidInput:
            await message.answer(i18n.get("review-comment"))
            return
        report_id = int(await take(state, "review") or 0)
        decided = await plan_store.decide_report(
            session, report_id, False, message.chat.id, comment, clock()
        )
        if decided is None:
            await message.answer(i18n.get("review-stale"))
            return
        item, due, _ = await plan_store.report_context(session, decided)
        await message.answer(i18n.get("review-returned"))
        await tell_user(
            bot,
            session,
            i18n,
            decided.official_id,
            "report-returned",
            number=item.number,
            due=due.due.strftime("%d.%m.%Y"),
            comment=comment,
        )

    @plan.message(StateFilter(ReportForm.comment), flags=COORDINATOR)
    async def comment_other(message: Message, i18n: I18nContext) -> None:
        await message.answer(i18n.get("review-comment"))

    @plan.message(Command("overview"), flags=COORDINATOR)
    async def overview(
        message: Message,
        session: AsyncSession,
        i18n: I18nContext,
        settings: Settings,
        clock: Clock,
    ) -> None:
        today = _today(settings, clock)
        reports = await plan_store.latest_reports(session)
        obligations = await plan_store.obligations(session)
        states = [
            (
                ob,
                standing(
                    ob.due,
                    getattr(reports.get((ob.due_date_id, ob.agency_id)), "status", None),
                    today,
                ),
            )
            for ob in obligations
        ]
        counts = tally([(ob.agency, s) for ob, s in states])
        lines = [i18n.get("overview-title", date=today.strftime("%d.%m.%Y"))]
        for agency, c in sorted(counts.items(), key=lambda kv: (-kv[1]["overdue"], kv[0])):
            lines.append(
                i18n.get(
                    "overview-agency",
                    agency=agency,
                    done=c["done"],
                    pending=c["pending"],
                    overdue=c["overdue"],
                )
            )
        overdue = [ob for ob, s in states if s is Standing.OVERDUE]
        if overdue:
            lines.append("")
            lines.append(i18n.get("overview-overdue", count=len(overdue)))
            lines += [
                f"№{ob.item_number} · {ob.agency} · {ob.due.strftime('%d.%m.%Y')} ({ob.period})"
                for ob in overdue[:30]
            ]
        builder = InlineKeyboardBuilder()
        for export in ExportFormat:
            builder.button(
                text=i18n.get("desk-export", format=export.upper()),
                callback_data=PlanExportCb(format=export),
            )
        *head, last = split_message("\n".join(lines))
        for piece in head:
            await message.answer(piece)
        await message.answer(last, reply_markup=builder.as_markup())

    @plan.callback_query(PlanExportCb.filter(), flags=COORDINATOR)
    async def export(
        query: CallbackQuery,
        callback_data: PlanExportCb,
        bot: Bot,
        session: AsyncSession,
        i18n: I18nContext,
        settings: Settings,
        clock: Clock,
    ) -> None:
        await query.answer()
        headers, rows = await plan_table(
            session, i18n.core, i18n.locale, settings.tz, _today(settings, clock)
        )
        content = spreadsheet(headers, rows, callback_data.format)
        stamp = clock().astimezone(settings.tz).strftime("%Y%m%d-%H%M")
        await bot.send_document(
            query.from_user.id,
            BufferedInputFile(content, filename=f"plan-status-{stamp}.{callback_data.format}"),
            caption=i18n.get("plan-export-caption", count=len(rows)),
        )

    return plan
