"""Where the whole plan stands, for a coordinator: /overview as text and as a chart, the
status table as a spreadsheet, and an invitation link for an agency nobody answers for."""

from __future__ import annotations

import asyncio

from aiogram import Bot, Router
from aiogram.filters import Command
from aiogram.types import BufferedInputFile, CallbackQuery, Message

from bot.callbacks import InviteAgencyCb, PlanExportCb
from bot.charts import PLAN_CHART_KEYS, plan_chart
from bot.exports import plan_table, spreadsheet
from bot.handlers.admin import send_invitation
from bot.handlers.plan.views import overview_text
from bot.i18n import I18n
from bot.render import send_long
from domain.pipeline import Role
from services.plan import Overview, PlanOverview
from services.roles import InvitationLink, Roles

COORDINATOR = {"role": Role.COORDINATOR}


def chart(i18n: I18n, shown: Overview) -> bytes:
    """The overview's figures as a picture (a second or two: run it off the event loop)."""
    labels = {name: i18n.get(key) for name, key in PLAN_CHART_KEYS.items()}
    return plan_chart(
        labels["title"],
        [(a.agency, a.done, a.pending, a.overdue) for a in shown.agencies],
        [(burn.day, burn.due, burn.met) for burn in shown.burndown],
        labels,
    )


async def overview(message: Message, bot: Bot, i18n: I18n, plan_overview: PlanOverview) -> None:
    shown = await plan_overview.overview(i18n.locale)
    await send_long(bot, message.chat.id, *overview_text(i18n, shown))
    if not shown.agencies:
        return
    picture = await asyncio.to_thread(chart, i18n, shown)
    await bot.send_photo(
        message.chat.id,
        BufferedInputFile(picture, filename=f"plan-{shown.today.isoformat()}.png"),
        caption=i18n.get(PLAN_CHART_KEYS["title"]),
    )


async def export(
    query: CallbackQuery,
    callback_data: PlanExportCb,
    bot: Bot,
    i18n: I18n,
    plan_overview: PlanOverview,
) -> None:
    table = await plan_overview.status_table(i18n.locale)
    headers, rows = plan_table(table.rows, i18n.core, i18n.locale)
    content = spreadsheet(headers, rows, callback_data.format)
    name = f"plan-status-{table.made_at:%Y%m%d-%H%M}.{callback_data.format}"
    await bot.send_document(
        query.from_user.id,
        BufferedInputFile(content, filename=name),
        caption=i18n.get("plan-export-caption", count=len(rows)),
    )


async def invite_official(
    query: CallbackQuery, callback_data: InviteAgencyCb, bot: Bot, i18n: I18n, roles: Roles
) -> None:
    """A coordinator's invitation link for an agency nobody in the bot answers for."""
    scope = str(callback_data.agency_id)
    made = await roles.invitation(Role.AGENCY_OFFICIAL, scope, i18n.locale)
    if isinstance(made, InvitationLink):  # the scope is given: none is asked for
        await send_invitation(bot, query.from_user.id, i18n, made, roles.config.tz)


def router() -> Router:
    overseeing = Router(name="plan-overview")
    overseeing.message.register(overview, Command("overview"), flags=COORDINATOR)
    overseeing.callback_query.register(export, PlanExportCb.filter(), flags=COORDINATOR)
    overseeing.callback_query.register(invite_official, InviteAgencyCb.filter(), flags=COORDINATOR)
    return overseeing
