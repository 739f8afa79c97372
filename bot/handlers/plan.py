"""The campaign plan in the bot: an official sees their agency's items and reports for a due
date; a coordinator reviews reports and sees where every agency stands."""

from __future__ import annotations

import asyncio
from datetime import date

from aiogram import Bot, F, Router
from aiogram.filters import Command, StateFilter
from aiogram.fsm.context import FSMContext
from aiogram.fsm.state import State, StatesGroup
from aiogram.types import BufferedInputFile, CallbackQuery, InlineKeyboardMarkup, Message
from aiogram.utils.callback_answer import CallbackAnswer
from aiogram.utils.keyboard import InlineKeyboardBuilder
from aiogram_i18n import I18nContext

from bot.callbacks import (
    ExportFormat,
    InviteAgencyCb,
    PlanExportCb,
    PlanGroup,
    PlanItemCb,
    PlanListCb,
    ReportCb,
    ReviewAction,
    ReviewCb,
    ReviewQueueCb,
    SubmitReportCb,
)
from bot.charts import PLAN_CHART_KEYS, plan_chart
from bot.exports import plan_table, spreadsheet
from bot.handlers.admin import send_invitation
from bot.keyboards import fitted
from bot.middlewares import refuse
from bot.render import excerpt, long_date, period_label, send_long
from bot.state import take
from bot.texts import INPUT_ERROR_KEYS
from config import Settings
from domain.nomination import InvalidInput, text_between
from domain.pipeline import Role, Staff
from domain.regions import Region
from domain.reminders import (
    REPORT_FILES_MAX,
    REPORT_MAX,
    REPORT_MIN,
    RETURN_COMMENT_MAX,
    RETURN_COMMENT_MIN,
    Standing,
    open_for_report,
)
from services.keys import STANDING_KEYS
from services.people import People
from services.plan import PAGE_SIZE, AgencyItems, Campaign, ItemLine, ReviewPage
from services.uow import UnitOfWork

MARK = {
    Standing.DONE: "✅",
    Standing.SUBMITTED: "🕓",
    Standing.RETURNED: "↩️",
    Standing.PENDING: "⏳",
    Standing.OVERDUE: "❗",
}
OFFICIAL = {"role": Role.AGENCY_OFFICIAL}
COORDINATOR = {"role": Role.COORDINATOR}
GROUP_MARK = {PlanGroup.OVERDUE: "❗", PlanGroup.SOON: "⏳", PlanGroup.DONE: "✅"}
GROUP_KEYS = {
    PlanGroup.OVERDUE: "plan-group-overdue",
    PlanGroup.SOON: "plan-group-soon",
    PlanGroup.DONE: "plan-group-done",
}
REVIEW_KEYS = {
    ReviewAction.ACCEPT: "review-accept",
    ReviewAction.RETURN: "review-return",
    ReviewAction.FILES: "review-files",
}


class ReportForm(StatesGroup):
    text = State()
    files = State()
    comment = State()


def _day(value: date) -> str:
    return value.strftime("%d.%m.%Y")


def _group(line: ItemLine) -> PlanGroup:
    if line.next_due is None:
        return PlanGroup.DONE
    return PlanGroup.OVERDUE if line.standing is Standing.OVERDUE else PlanGroup.SOON


def item_list(
    i18n: I18nContext, agency: AgencyItems, group: PlanGroup | None, page: int
) -> tuple[str, InlineKeyboardMarkup]:
    """An agency's items in three groups (overdue, coming up, done), one group at a time,
    the next due date first, a page at a time; `group` None: the first that has items."""
    groups: dict[PlanGroup, list[ItemLine]] = {g: [] for g in PlanGroup}
    for line in sorted(agency.items, key=lambda i: (i.next_due or date.max, i.number)):
        groups[_group(line)].append(line)
    if group is None:
        group = next((g for g in PlanGroup if groups[g]), PlanGroup.SOON)
    shown = groups[group]
    pages = max(1, -(-len(shown) // PAGE_SIZE))
    page = min(max(0, page), pages - 1)
    on_page = shown[page * PAGE_SIZE : (page + 1) * PAGE_SIZE]
    builder = InlineKeyboardBuilder()
    for line in on_page:
        if line.next_due is not None and line.standing is not None:
            label = i18n.get(
                "plan-item-next",
                number=line.number,
                due=_day(line.next_due),
                mark=MARK[line.standing],
            )
        else:
            label = i18n.get("plan-item-done", number=line.number)
        builder.button(
            text=label, callback_data=PlanItemCb(agency_id=agency.agency_id, item_id=line.item_id)
        )
    paging = []
    if page > 0:
        paging.append(("◀️", PlanListCb(agency_id=agency.agency_id, group=group, page=page - 1)))
    if page + 1 < pages:
        paging.append(("▶️", PlanListCb(agency_id=agency.agency_id, group=group, page=page + 1)))
    for label, data in paging:
        builder.button(text=label, callback_data=data)
    for tab in PlanGroup:
        count = f"{GROUP_MARK[tab]} {len(groups[tab])}"
        builder.button(
            text=f"· {count} ·" if tab is group else count,
            callback_data=PlanListCb(agency_id=agency.agency_id, group=tab),
        )
    builder.adjust(*[1] * len(on_page), *([len(paging)] if paging else []), len(PlanGroup))
    lines = [
        i18n.get("plan-title", agency=agency.agency_name),
        i18n.get(
            "plan-groups",
            overdue=len(groups[PlanGroup.OVERDUE]),
            soon=len(groups[PlanGroup.SOON]),
            done=len(groups[PlanGroup.DONE]),
        ),
        "",
        i18n.get(GROUP_KEYS[group]) if shown else i18n.get("plan-group-empty"),
    ]
    if pages > 1:
        lines.append(i18n.get("plan-page", page=page + 1, pages=pages))
    return "\n".join(lines), builder.as_markup()


async def my_items(
    message: Message, i18n: I18nContext, uow: UnitOfWork, staff: Staff, campaign: Campaign
) -> None:
    agencies = await campaign.my_items(uow, staff, i18n.locale)
    if not agencies:  # a grant whose agency is gone from the plan
        await message.answer(i18n.get("no-access"))
        return
    for agency in agencies:
        text, markup = item_list(i18n, agency, None, 0)
        await message.answer(text, reply_markup=markup)


async def items_page(
    query: CallbackQuery,
    callback_data: PlanListCb,
    i18n: I18nContext,
    uow: UnitOfWork,
    staff: Staff,
    campaign: Campaign,
    callback_answer: CallbackAnswer,
) -> None:
    agencies = await campaign.my_items(uow, staff, i18n.locale)
    agency = next((a for a in agencies if a.agency_id == callback_data.agency_id), None)
    if agency is None:
        refuse(callback_answer, i18n.get("no-access"))
        return
    text, markup = item_list(i18n, agency, callback_data.group, callback_data.page)
    if isinstance(query.message, Message):
        await query.message.edit_text(text, reply_markup=markup)


async def invite_official(
    query: CallbackQuery,
    callback_data: InviteAgencyCb,
    bot: Bot,
    i18n: I18nContext,
    uow: UnitOfWork,
    people: People,
    settings: Settings,
    regions: tuple[Region, ...],
) -> None:
    """A coordinator's invitation link for an agency nobody in the bot answers for."""
    scope = str(callback_data.agency_id)
    choices = await people.scope_choices(uow, Role.AGENCY_OFFICIAL, regions, i18n.locale)
    if scope not in choices:
        return  # forged
    await send_invitation(
        query, bot, i18n, uow, people, settings, Role.AGENCY_OFFICIAL, scope, choices[scope]
    )


async def item_view(
    query: CallbackQuery,
    callback_data: PlanItemCb,
    bot: Bot,
    i18n: I18nContext,
    uow: UnitOfWork,
    staff: Staff,
    campaign: Campaign,
    callback_answer: CallbackAnswer,
) -> None:
    item = await campaign.item(
        uow, staff, callback_data.agency_id, callback_data.item_id, i18n.locale
    )
    if item is None:
        refuse(callback_answer, i18n.get("no-access"))
        return
    lines = [i18n.get("plan-item", number=item.number, title=item.title, form=item.form)]
    if item.deadline is not None:
        original = "yes" if item.deadline_untranslated else "no"
        lines.append(i18n.get("plan-item-deadline", deadline=item.deadline, original=original))
    builder = InlineKeyboardBuilder()
    for due in item.dues:
        comment = f" — {due.comment}" if due.comment else ""
        period = period_label(i18n.core, i18n.locale, due.period)
        lines.append(
            f"{MARK[due.standing]} {_day(due.due)}"
            + (f" ({period})" if period else "")
            + f": {i18n.get(STANDING_KEYS[due.standing])}{comment}"
        )
        if open_for_report(due.standing):
            builder.button(
                text=i18n.get("plan-report-for", due=_day(due.due)),
                callback_data=ReportCb(agency_id=item.agency_id, due_date_id=due.due_date_id),
            )
    fitted(builder)
    await send_long(bot, query.from_user.id, "\n".join(lines), builder.as_markup())


async def start_report(
    query: CallbackQuery,
    callback_data: ReportCb,
    bot: Bot,
    i18n: I18nContext,
    uow: UnitOfWork,
    staff: Staff,
    state: FSMContext,
    campaign: Campaign,
    callback_answer: CallbackAnswer,
) -> None:
    agency_id, due_date_id = callback_data.agency_id, callback_data.due_date_id
    if not await campaign.may_report(uow, staff, agency_id, due_date_id):
        refuse(callback_answer, i18n.get("no-access"))
        return
    await state.set_state(ReportForm.text)
    await state.update_data(
        report={"agency_id": agency_id, "due_date_id": due_date_id, "files": []}
    )
    await bot.send_message(
        query.from_user.id, i18n.get("plan-report-text", min=REPORT_MIN, max=REPORT_MAX)
    )


async def report_text(message: Message, i18n: I18nContext, state: FSMContext) -> None:
    try:
        text = text_between(message.text or "", REPORT_MIN, REPORT_MAX)
    except InvalidInput as error:
        await message.answer(i18n.get(INPUT_ERROR_KEYS[error.code], **error.params))
        return
    draft = (await state.get_data()).get("report") or {}
    await state.update_data(report={**draft, "text": text})
    await state.set_state(ReportForm.files)
    builder = InlineKeyboardBuilder()
    builder.button(text=i18n.get("plan-report-submit"), callback_data=SubmitReportCb())
    await message.answer(
        i18n.get("plan-report-files", max=REPORT_FILES_MAX), reply_markup=builder.as_markup()
    )


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


async def submit(
    query: CallbackQuery,
    bot: Bot,
    i18n: I18nContext,
    uow: UnitOfWork,
    staff: Staff,
    state: FSMContext,
    campaign: Campaign,
    callback_answer: CallbackAnswer,
) -> None:
    draft = await take(state, "report") or {}
    if "text" not in draft:
        refuse(callback_answer, i18n.get("button-stale"))
        return
    submitted = await campaign.submit_report(
        uow,
        staff,
        query.from_user.id,
        int(draft.get("agency_id", 0)),
        int(draft.get("due_date_id", 0)),
        draft["text"],
        draft.get("files", []),
    )
    if submitted is None:
        refuse(callback_answer, i18n.get("button-stale"))
        return
    if isinstance(query.message, Message):
        await query.message.edit_reply_markup(reply_markup=None)
    await bot.send_message(
        query.from_user.id, i18n.get("plan-report-sent" if submitted else "plan-report-exists")
    )


async def report_other(message: Message, i18n: I18nContext, state: FSMContext) -> None:
    if await state.get_state() == ReportForm.files.state:
        await message.answer(i18n.get("plan-report-expect-files"))
    else:
        await message.answer(i18n.get("staff-expect-text"))


def review_page(i18n: I18nContext, shown: ReviewPage) -> tuple[str, InlineKeyboardMarkup]:
    builder = InlineKeyboardBuilder()
    for waiting in shown.items:
        builder.button(
            text=f"№{waiting.number} · {excerpt(waiting.agency, 30)} · {_day(waiting.due)}",
            callback_data=ReviewCb(report_id=waiting.report_id, action=ReviewAction.OPEN),
        )
    if shown.page > 0:
        builder.button(text="◀️", callback_data=ReviewQueueCb(page=shown.page - 1))
    if (shown.page + 1) * PAGE_SIZE < shown.total:
        builder.button(text="▶️", callback_data=ReviewQueueCb(page=shown.page + 1))
    builder.adjust(1)
    return i18n.get("review-title", count=shown.total), builder.as_markup()


async def reports_command(
    message: Message, i18n: I18nContext, uow: UnitOfWork, campaign: Campaign
) -> None:
    text, markup = review_page(i18n, await campaign.waiting(uow, 0, i18n.locale))
    await message.answer(text, reply_markup=markup)


async def reports_page(
    query: CallbackQuery,
    callback_data: ReviewQueueCb,
    i18n: I18nContext,
    uow: UnitOfWork,
    campaign: Campaign,
) -> None:
    text, markup = review_page(i18n, await campaign.waiting(uow, callback_data.page, i18n.locale))
    if isinstance(query.message, Message):
        await query.message.edit_text(text, reply_markup=markup)


async def review(
    query: CallbackQuery,
    callback_data: ReviewCb,
    bot: Bot,
    i18n: I18nContext,
    uow: UnitOfWork,
    state: FSMContext,
    campaign: Campaign,
    callback_answer: CallbackAnswer,
) -> None:
    report = await campaign.report(uow, callback_data.report_id, i18n.locale)
    if report is None:
        refuse(callback_answer, i18n.get("review-stale"))
        return
    chat_id = query.from_user.id
    action = callback_data.action
    if action is ReviewAction.OPEN:
        builder = InlineKeyboardBuilder()
        for choice in (ReviewAction.ACCEPT, ReviewAction.RETURN, ReviewAction.FILES):
            builder.button(
                text=i18n.get(REVIEW_KEYS[choice]),
                callback_data=ReviewCb(report_id=report.report_id, action=choice),
            )
        fitted(builder, 2, 1)
        text = i18n.get(
            "review-report",
            number=report.number,
            title=excerpt(report.title, 200),
            agency=report.agency,
            due=_day(report.due),
            period=report.period,
            text=report.text,
            files=len(report.files),
        )
        await send_long(bot, chat_id, text, builder.as_markup())
    elif action is ReviewAction.FILES:
        for file in report.files:
            send = bot.send_photo if file["kind"] == "photo" else bot.send_document
            await send(chat_id, file["file_id"])
        if not report.files:
            await bot.send_message(chat_id, i18n.get("case-no-files"))
    elif action is ReviewAction.ACCEPT:
        accepted = await campaign.decide(uow, report.report_id, True, chat_id)
        await bot.send_message(chat_id, i18n.get("review-accepted" if accepted else "review-stale"))
    else:
        await state.set_state(ReportForm.comment)
        await state.update_data(review=report.report_id)
        await bot.send_message(chat_id, i18n.get("review-comment"))


async def return_with_comment(
    message: Message, i18n: I18nContext, uow: UnitOfWork, state: FSMContext, campaign: Campaign
) -> None:
    try:
        comment = text_between(message.text or "", RETURN_COMMENT_MIN, RETURN_COMMENT_MAX)
    except InvalidInput:
        await message.answer(i18n.get("review-comment"))
        return
    report_id = int(await take(state, "review") or 0)
    returned = await campaign.decide(uow, report_id, False, message.chat.id, comment)
    await message.answer(i18n.get("review-returned" if returned else "review-stale"))


async def comment_other(message: Message, i18n: I18nContext) -> None:
    await message.answer(i18n.get("review-comment"))


async def overview(
    message: Message, bot: Bot, i18n: I18nContext, uow: UnitOfWork, campaign: Campaign
) -> None:
    shown = await campaign.overview(uow, i18n.locale)
    lines = [i18n.get("overview-title", date=long_date(shown.today, i18n.locale))]
    lines += [i18n.get("overview-controller", controller=name) for name in shown.controllers]
    by_agency = sorted(shown.counts.items(), key=lambda kv: (-kv[1]["overdue"], kv[0]))
    for agency, c in by_agency:
        lines.append(
            i18n.get(
                "overview-agency",
                agency=agency,
                done=c["done"],
                pending=c["pending"],
                overdue=c["overdue"],
            )
        )
    if shown.overdue:
        lines += ["", i18n.get("overview-overdue", count=len(shown.overdue))]
        for ob in shown.overdue[:30]:
            period = period_label(i18n.core, i18n.locale, ob.period)
            lines.append(
                f"№{ob.item_number} · {ob.agency_in(i18n.locale)} · {_day(ob.due)}"
                + (f" ({period})" if period else "")
            )
    builder = InlineKeyboardBuilder()
    for export in ExportFormat:
        builder.button(
            text=i18n.get("desk-export", format=export.upper()),
            callback_data=PlanExportCb(format=export),
        )
    await send_long(bot, message.chat.id, "\n".join(lines), builder.as_markup())
    if not by_agency:
        return
    # The same figures as a picture, drawn off the event loop (a second or two).
    labels = {name: i18n.get(key) for name, key in PLAN_CHART_KEYS.items()}
    picture = await asyncio.to_thread(
        plan_chart,
        labels["title"],
        [(agency, c["done"], c["pending"], c["overdue"]) for agency, c in by_agency],
        [(burn.day, burn.due, burn.met) for burn in shown.burndown],
        labels,
    )
    await bot.send_photo(
        message.chat.id,
        BufferedInputFile(picture, filename=f"plan-{shown.today.isoformat()}.png"),
        caption=labels["title"],
    )


async def export(
    query: CallbackQuery,
    callback_data: PlanExportCb,
    bot: Bot,
    i18n: I18nContext,
    uow: UnitOfWork,
    campaign: Campaign,
    settings: Settings,
) -> None:
    obligations, reports = await campaign.status(uow)
    headers, rows = plan_table(
        obligations, reports, i18n.core, i18n.locale, settings.tz, campaign.today(uow)
    )
    content = spreadsheet(headers, rows, callback_data.format)
    stamp = uow.now().astimezone(settings.tz).strftime("%Y%m%d-%H%M")
    await bot.send_document(
        query.from_user.id,
        BufferedInputFile(content, filename=f"plan-status-{stamp}.{callback_data.format}"),
        caption=i18n.get("plan-export-caption", count=len(rows)),
    )


def router() -> Router:
    plan = Router(name="plan")
    plan.message.register(my_items, Command("plan"), flags=OFFICIAL)
    plan.callback_query.register(items_page, PlanListCb.filter(), flags=OFFICIAL)
    plan.callback_query.register(item_view, PlanItemCb.filter(), flags=OFFICIAL)
    plan.callback_query.register(start_report, ReportCb.filter(), flags=OFFICIAL)
    plan.message.register(report_text, StateFilter(ReportForm.text), F.text, flags=OFFICIAL)
    plan.message.register(
        report_file, StateFilter(ReportForm.files), F.document | F.photo, flags=OFFICIAL
    )
    plan.callback_query.register(
        submit, SubmitReportCb.filter(), StateFilter(ReportForm.files), flags=OFFICIAL
    )
    plan.message.register(
        report_other, StateFilter(ReportForm.text, ReportForm.files), flags=OFFICIAL
    )
    plan.message.register(reports_command, Command("reports"), flags=COORDINATOR)
    plan.callback_query.register(reports_page, ReviewQueueCb.filter(), flags=COORDINATOR)
    plan.callback_query.register(review, ReviewCb.filter(), flags=COORDINATOR)
    plan.message.register(
        return_with_comment, StateFilter(ReportForm.comment), F.text, flags=COORDINATOR
    )
    plan.message.register(comment_other, StateFilter(ReportForm.comment), flags=COORDINATOR)
    plan.message.register(overview, Command("overview"), flags=COORDINATOR)
    plan.callback_query.register(export, PlanExportCb.filter(), flags=COORDINATOR)
    plan.callback_query.register(invite_official, InviteAgencyCb.filter(), flags=COORDINATOR)
    return plan
