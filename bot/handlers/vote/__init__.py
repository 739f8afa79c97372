"""The public vote, the voter's side. A voter verifies with their own contact
(`entry`), browses candidate cards or the same candidates as a list, with filters by region
and sphere, and votes or withdraws on the card while the round is open (`cards`), and finds
one by name (`search`). What they see is `views`. The working group's rounds are
`bot.handlers.rounds`."""

from __future__ import annotations

from aiogram import Router

from bot.handlers.vote import cards, entry, search


def router() -> Router:
    vote = Router(name="vote")
    # The search first: `/vote <name>` searches, a bare `/vote` enters.
    vote.include_routers(search.router(), entry.router(), cards.router())
    return vote
