"""An official's plan: /plan shows each of their agencies' items, a group (overdue, coming
up, done) and a page at a time; an item opens with every due date and where it stands."""

from __future__ import annotations

from aiogram import Bot, Router
from aiogram.filters import Command
from aiogram.types import CallbackQuery, Message

from bot.callbacks import PlanItemCb, PlanListCb
from bot.handlers.plan.views import item_card, item_list
from bot.i18n import I18n
from bot.render import send_long
from domain.pipeline import Role
from services.plan import Group, PlanItems

OFFICIAL = {"role": Role.AGENCY_OFFICIAL}


async def my_items(message: Message, i18n: I18n, plan_items: PlanItems) -> None:
    for shown in await plan_items.first_pages(i18n.locale):
        text, markup = item_list(i18n, shown)
        await message.answer(text, reply_markup=markup)


async def items_page(
    query: CallbackQuery, callback_data: PlanListCb, i18n: I18n, plan_items: PlanItems
) -> None:
    group = Group(callback_data.group.value)
    shown = await plan_items.page(callback_data.agency_id, group, callback_data.page, i18n.locale)
    text, markup = item_list(i18n, shown)
    if isinstance(query.message, Message):
        await query.message.edit_text(text, reply_markup=markup)


async def item_view(
    query: CallbackQuery,
    callback_data: PlanItemCb,
    bot: Bot,
    i18n: I18n,
    plan_items: PlanItems,
) -> None:
    item = await plan_items.item(callback_data.agency_id, callback_data.item_id, i18n.locale)
    text, markup = item_card(i18n, item)
    await send_long(bot, query.from_user.id, text, markup)


def router() -> Router:
    items = Router(name="plan-items")
    items.message.register(my_items, Command("plan"), flags=OFFICIAL)
    items.callback_query.register(items_page, PlanListCb.filter(), flags=OFFICIAL)
    items.callback_query.register(item_view, PlanItemCb.filter(), flags=OFFICIAL)
    return items
