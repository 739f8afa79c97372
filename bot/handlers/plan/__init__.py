"""The campaign plan in the bot, a module per screen: an official's items (`items`) and
reports (`reports`); a coordinator's review of reports (`review`) and the overview with its
chart and export (`overview`). What they show is drawn in `views`."""

from __future__ import annotations

from aiogram import Router

from bot.handlers.plan import items, overview, reports, review


def router() -> Router:
    plan = Router(name="plan")
    plan.include_routers(items.router(), reports.router(), review.router(), overview.router())
    return plan
