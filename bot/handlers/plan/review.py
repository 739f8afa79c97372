"""A coordinator's review of reports: /reports lists those waiting, a page at a time; a
report opens with accept, return (with a comment) and its files."""

from __future__ import annotations

from aiogram import Bot, F, Router
from aiogram.filters import Command, StateFilter
from aiogram.fsm.context import FSMContext
from aiogram.types import CallbackQuery, Message

from bot.callbacks import ReviewAction, ReviewCb, ReviewQueueCb
from bot.handlers.plan.reports import ReportForm
from bot.handlers.plan.views import report_card, review_page
from bot.i18n import I18n
from bot.render import send_long
from bot.state import take
from domain.nomination import InvalidInput, text_between
from domain.pipeline import Role
from domain.reminders import RETURN_COMMENT_MAX, RETURN_COMMENT_MIN
from services.plan import ReportReview, ReportView

COORDINATOR = {"role": Role.COORDINATOR}


async def reports_command(message: Message, i18n: I18n, plan_review: ReportReview) -> None:
    text, markup = review_page(i18n, await plan_review.waiting(0, i18n.locale))
    await message.answer(text, reply_markup=markup)


async def reports_page(
    query: CallbackQuery,
    callback_data: ReviewQueueCb,
    i18n: I18n,
    plan_review: ReportReview,
) -> None:
    shown = await plan_review.waiting(callback_data.page, i18n.locale)
    text, markup = review_page(i18n, shown)
    if isinstance(query.message, Message):
        await query.message.edit_text(text, reply_markup=markup)


async def review(
    query: CallbackQuery,
    callback_data: ReviewCb,
    bot: Bot,
    i18n: I18n,
    state: FSMContext,
    plan_review: ReportReview,
) -> None:
    report = await plan_review.report(callback_data.report_id, i18n.locale)
    chat_id = query.from_user.id
    action = callback_data.action
    if action is ReviewAction.OPEN:
        await send_long(bot, chat_id, *report_card(i18n, report))
    elif action is ReviewAction.FILES:
        await _send_files(bot, i18n, chat_id, report)
    elif action is ReviewAction.ACCEPT:
        accepted = await plan_review.decide(report.report_id, True)
        await bot.send_message(chat_id, i18n.get("review-accepted" if accepted else "review-stale"))
    else:
        await state.set_state(ReportForm.comment)
        await state.update_data(review=report.report_id)
        await bot.send_message(chat_id, i18n.get("review-comment"))


async def _send_files(bot: Bot, i18n: I18n, chat_id: int, report: ReportView) -> None:
    for file in report.files:
        send = bot.send_photo if file["kind"] == "photo" else bot.send_document
        await send(chat_id, file["file_id"])
    if not report.files:
        await bot.send_message(chat_id, i18n.get("case-no-files"))


async def return_with_comment(
    message: Message, i18n: I18n, state: FSMContext, plan_review: ReportReview
) -> None:
    try:
        comment = text_between(message.text or "", RETURN_COMMENT_MIN, RETURN_COMMENT_MAX)
    except InvalidInput:
        await message.answer(i18n.get("review-comment"))
        return
    report_id = int(await take(state, "review") or 0)
    returned = await plan_review.decide(report_id, False, comment)
    await message.answer(i18n.get("review-returned" if returned else "review-stale"))


async def comment_other(message: Message, i18n: I18n) -> None:
    await message.answer(i18n.get("review-comment"))


def router() -> Router:
    reviewing = Router(name="plan-review")
    reviewing.message.register(reports_command, Command("reports"), flags=COORDINATOR)
    reviewing.callback_query.register(reports_page, ReviewQueueCb.filter(), flags=COORDINATOR)
    reviewing.callback_query.register(review, ReviewCb.filter(), flags=COORDINATOR)
    reviewing.message.register(
        return_with_comment, StateFilter(ReportForm.comment), F.text, flags=COORDINATOR
    )
    reviewing.message.register(comment_other, StateFilter(ReportForm.comment), flags=COORDINATOR)
    return reviewing
