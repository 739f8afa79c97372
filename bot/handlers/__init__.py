"""The routers of the bot, and the one place that decides the order they are tried in."""

from __future__ import annotations

from aiogram import F, Router

from bot.handlers import fallback, form, language, menu, my_nominations, nominee


def build_router() -> Router:
    root = Router(name="root")
    # A citizen service talks in private chats only; groups get nothing.
    root.message.filter(F.chat.type == "private")
    root.include_routers(
        nominee.router(),  # /start with a consent link, before the plain /start
        menu.router(),  # /start, /help, /cancel: they work in every state of every form
        language.router(),
        my_nominations.router(),
        form.router(),
        fallback.router(),  # last: whatever nothing else took
    )
    return root
