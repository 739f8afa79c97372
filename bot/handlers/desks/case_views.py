"""A case's card on screen, as pure functions of the service's `Case`: the candidate's card
with who holds the case, the verifier's verdicts, the working group's conclusions; and its
buttons, which depend on the desk and on whether the case is the person's to work."""

from __future__ import annotations

from aiogram.types import InlineKeyboardMarkup
from aiogram.utils.keyboard import InlineKeyboardBuilder

from bot.callbacks import (
    ClaimAction,
    ClaimCb,
    CompleteCb,
    ConcludeCb,
    DecideCb,
    FactCb,
    FilesCb,
    QueueCb,
)
from bot.handlers.desks.working_group import conclusions_block
from bot.i18n import I18n
from bot.keyboards import fitted
from bot.render import card
from domain.pipeline import Action, Role, Verdict
from services.desks.cases import Case
from services.desks.decisions import DESK_ACTIONS
from services.keys import STATUS_KEYS, VERDICT_KEYS, keys_for

VERDICT_MARK = {
    Verdict.CONFIRMED: "✅",
    Verdict.NOT_CONFIRMED: "❌",
    Verdict.DOCUMENTS_NEEDED: "📄",
}
DECIDE_KEYS = keys_for(
    (
        Action.SEND_TO_VERIFICATION,
        Action.REJECT_AT_SCREENING,
        Action.TO_VOTE,
        Action.REJECT_BY_WORKING_GROUP,
        Action.VOID,
    ),
    "decide-{}",
)


def marked(label: str, chosen: bool) -> str:
    """A choice among several on one row: the chosen one between dots."""
    return f"• {label} •" if chosen else label


def case_text(i18n: I18n, case: Case) -> str:
    regions = {case.region.code: case.region} if case.region is not None else {}
    parts = [
        i18n.get("case-title", reference=case.reference, status=i18n.get(STATUS_KEYS[case.status])),
        card(i18n, case.record, regions),
    ]
    if case.conflicts:  # two people claim to be this person: the secretariat sees both
        parts.insert(1, "⚠️ " + i18n.get("identity-conflict", references=", ".join(case.conflicts)))
    if case.claim is not None:
        claim = case.claim
        held = (
            i18n.get("case-yours", minutes=claim.minutes_left)
            if claim.mine
            else i18n.get("case-held", name=claim.name or "—", minutes=claim.minutes_left)
        )
        parts.insert(1, "🔒 " + held)
    if any(f.verdict for f in case.facts) or case.role is Role.VERIFIER:
        parts.append(_facts_block(i18n, case))
    if case.role is Role.WORKING_GROUP:
        parts.append(conclusions_block(i18n, case))
    return "\n\n".join(parts)


def _facts_block(i18n: I18n, case: Case) -> str:
    lines = [i18n.get("case-facts")]
    asked = {r.achievement_id: r for r in case.requests}  # the latest per achievement
    for number, fact in enumerate(case.facts, start=1):
        if fact.verdict is None:
            lines.append(f"{number}. ⏳ {i18n.get('verdict-none')}")
            continue
        comment = f" — {fact.comment}" if fact.comment else ""
        mark = VERDICT_MARK[fact.verdict]
        line = f"{number}. {mark} {i18n.get(VERDICT_KEYS[fact.verdict])}{comment}"
        request = asked.get(fact.achievement_id)
        if fact.verdict is Verdict.DOCUMENTS_NEEDED and request is not None:
            line += " · " + (
                i18n.get("case-docs-received", count=request.documents)
                if request.answered
                else i18n.get("case-docs-waiting")
            )
        lines.append(line)
    if case.documents:
        lines.append(i18n.get("case-documents", count=case.documents))
    return "\n".join(lines)


def case_keyboard(i18n: I18n, case: Case) -> InlineKeyboardMarkup:
    role, nomination_id = case.role, case.nomination_id
    builder = InlineKeyboardBuilder()

    def claim_button(label: str, action: ClaimAction) -> None:
        data = ClaimCb(role=role, nomination_id=nomination_id, action=action)
        builder.button(text=label, callback_data=data)

    def files_and_back() -> None:
        files = FilesCb(role=role, nomination_id=nomination_id)
        builder.button(text=i18n.get("case-files"), callback_data=files)
        builder.button(text=i18n.get("case-back"), callback_data=QueueCb(role=role))

    if case.claim is not None and not case.claim.mine:  # to read; acting needs a takeover
        claim_button(i18n.get("case-take-over"), ClaimAction.TAKE_OVER)
        files_and_back()
        return fitted(builder, 1, 2).as_markup()
    sizes: list[int] = []
    for action in DESK_ACTIONS.get(role, ()):
        builder.button(
            text=i18n.get(DECIDE_KEYS[action]),
            callback_data=DecideCb(nomination_id=nomination_id, action=action),
        )
        sizes.append(1)
    if role is Role.VERIFIER:
        for number, fact in enumerate(case.facts, start=1):
            for verdict, mark in VERDICT_MARK.items():
                builder.button(
                    text=marked(f"{number} {mark}", fact.verdict is verdict),
                    callback_data=FactCb(
                        nomination_id=nomination_id,
                        achievement_id=fact.achievement_id,
                        verdict=verdict,
                    ),
                )
            sizes.append(3)
        builder.button(
            text=i18n.get("verify-complete"), callback_data=CompleteCb(nomination_id=nomination_id)
        )
        sizes.append(1)
    if role is Role.EXPERT:
        builder.button(
            text=i18n.get("expert-start"), callback_data=ConcludeCb(nomination_id=nomination_id)
        )
        sizes.append(1)
    if case.claim is not None:
        claim_button(i18n.get("case-release"), ClaimAction.RELEASE)
    claim_button(i18n.get("case-recuse"), ClaimAction.RECUSE)
    sizes += [1, 1] if case.claim is not None else [1]
    files_and_back()
    sizes.append(2)
    return fitted(builder, *sizes).as_markup()
