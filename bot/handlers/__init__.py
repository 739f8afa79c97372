"""The routers of the bot, and the one place that decides the order they are tried in."""

from __future__ import annotations

from aiogram import F, Router

from bot.handlers import (
    admin,
    desks,
    documents,
    errors,
    fallback,
    form,
    language,
    menu,
    my_nominations,
    nominee,
    phone_fix,
    plan,
    privacy,
    roles,
    rounds,
    vote,
)
from bot.middlewares import RoleGate


def gated(router: Router) -> Router:
    """A router whose handlers name the role they need (their `role` flag)."""
    router.message.middleware(RoleGate())
    router.callback_query.middleware(RoleGate())
    return router


def build_router() -> Router:
    root = Router(name="root")
    # A citizen service talks in private chats only; groups get nothing.
    root.message.filter(F.chat.type == "private")
    root.include_routers(
        nominee.router(),  # /start with a consent link, before the plain /start
        roles.router(),  # /start with an invitation link, /roles
        vote.router(),  # /start with a candidate's card link; voting
        gated(rounds.router()),
        menu.router(),  # /start, /help, /cancel: they work in every state of every form
        language.router(),
        my_nominations.router(),
        privacy.router(),  # /privacy: what is held, withdrawing consent
        documents.router(),  # the files a verifier asked a nominator for
        gated(admin.router()),
        gated(desks.router()),
        gated(plan.router()),
        nominee.contact_router(),  # the consent link's "share your contact", after the commands
        phone_fix.router(),  # the nominator corrects the candidate's phone, after the commands
        form.router(),
        fallback.router(),  # last: whatever nothing else took
        errors.router(),  # what did not end well: refusals and failures
    )
    return root
