"""The routers of the bot, and the one place that decides the order they are tried in."""

from __future__ import annotations

from aiogram import F, Router

from bot.handlers import (
    admin,
    desks,
    fallback,
    form,
    language,
    menu,
    my_nominations,
    nominee,
    plan,
    roles,
)
from bot.middlewares import RoleGate


def build_router() -> Router:
    root = Router(name="root")
    # A citizen service talks in private chats only; groups get nothing.
    root.message.filter(F.chat.type == "private")
    privileged = [admin.router(), desks.router(), plan.router()]
    for router in privileged:
        router.message.middleware(RoleGate())
        router.callback_query.middleware(RoleGate())
    root.include_routers(
        nominee.router(),  # /start with a consent link, before the plain /start
        roles.router(),  # /start with an invitation link, /roles
        menu.router(),  # /start, /help, /cancel: they work in every state of every form
        language.router(),
        my_nominations.router(),
        *privileged,
        form.router(),
        fallback.router(),  # last: whatever nothing else took
    )
    return root
