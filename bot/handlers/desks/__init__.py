"""The staff desks: the secretariat screens, regional verifiers check facts, experts write
conclusions, the working group decides. Each desk is a paged list and a case's card.

One file per desk or screen: `lists` (a desk's list: paging, search, filters), `cases` (a
case opened, taken over, let go, recused from; its files), `decisions` (the decisions on a
card), `secretariat` (bulk rejection), `verifier` (verdicts, completion), `expert` (scoring:
the conclusion card), `working_group` (its view of the conclusions), `export`; `forms` holds
what the desks ask to be typed. Renders are pure functions beside them (`list_views`,
`case_views`, `expert_card`); `screen` sends and edits them.

The role gate (`bot.middlewares.RoleGate`) checks the desk's role; `services.desks` checks
every action again against the nomination as it stands in the database."""

from __future__ import annotations

from aiogram import Router

from bot.handlers.desks import (
    cases,
    decisions,
    expert,
    export,
    forms,
    lists,
    secretariat,
    verifier,
    void,
)


def router() -> Router:
    desks = Router(name="desks")
    desks.include_routers(
        lists.router(),  # the desk commands first: they work in every step the desks ask for
        cases.router(),
        void.router(),  # before the other decisions: «Void» asks for a reason first
        decisions.router(),
        secretariat.router(),
        verifier.router(),
        expert.router(),
        export.router(),
        forms.router(),  # last: the catch-all of the steps the desks ask for
    )
    return desks
