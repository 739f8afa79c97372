"""The expert's conclusion card on screen, as pure functions of the draft: the four
criteria with their scores, the text, the recommendation; and its buttons (per criterion its
name, which explains it, and 1–5 with the chosen one marked; write; recommend; submit)."""

from __future__ import annotations

from aiogram.types import InlineKeyboardMarkup
from aiogram.utils.keyboard import InlineKeyboardBuilder

from bot.callbacks import ExpertRecommendCb, ExpertScoreCb, ExpertSubmitCb, ExpertWriteCb
from bot.handlers.desks.case_views import marked
from bot.i18n import I18n
from bot.keyboards import fitted
from bot.render import excerpt
from domain.pipeline import SCORES, ConclusionInvalid, Criterion
from services.desks.expertise import ConclusionDraft
from services.keys import CRITERION_KEYS


def conclusion_text(i18n: I18n, draft: ConclusionDraft, hint: bool = True) -> str:
    lines = [
        i18n.get("expert-card-title", reference=draft.reference, name=draft.name),
        "",
        *(f"{i18n.get(CRITERION_KEYS[c])}: {draft.scores.get(c, '—')}" for c in Criterion),
    ]
    lines.append(
        i18n.get("expert-card-motivation", text=excerpt(draft.motivation, 600))
        if draft.motivation
        else i18n.get("expert-card-no-motivation")
    )
    chosen = draft.recommend
    lines.append(
        i18n.get("expert-card-no-recommendation")
        if chosen is None
        else i18n.get(
            "expert-card-recommendation",
            recommend=i18n.get("recommend-yes" if chosen else "recommend-no"),
        )
    )
    if hint:
        lines += ["", i18n.get("expert-card-hint")]
    return "\n".join(lines)


def conclusion_keyboard(i18n: I18n, draft: ConclusionDraft) -> InlineKeyboardMarkup:
    nomination_id = draft.nomination_id
    builder = InlineKeyboardBuilder()
    sizes: list[int] = []
    for criterion in Criterion:
        for value in (0, *SCORES):  # 0: the criterion's own button
            label = i18n.get(CRITERION_KEYS[criterion]) if value == 0 else str(value)
            builder.button(
                text=marked(label, value != 0 and draft.scores.get(criterion) == value),
                callback_data=ExpertScoreCb(
                    nomination_id=nomination_id, criterion=criterion, score=value
                ),
            )
        sizes += [1, len(SCORES)]
    builder.button(
        text=i18n.get("expert-card-rewrite" if draft.motivation else "expert-card-write"),
        callback_data=ExpertWriteCb(nomination_id=nomination_id),
    )
    for recommend in (True, False):
        builder.button(
            text=marked(
                i18n.get("recommend-yes" if recommend else "recommend-no"),
                draft.recommend is recommend,
            ),
            callback_data=ExpertRecommendCb(nomination_id=nomination_id, recommend=recommend),
        )
    builder.button(
        text=i18n.get("expert-card-submit"),
        callback_data=ExpertSubmitCb(nomination_id=nomination_id),
    )
    return fitted(builder, *sizes, 1, 2, 1).as_markup()


def missing(i18n: I18n, invalid: ConclusionInvalid) -> str:
    """What the draft still lacks, as the expert reads it."""
    names = [i18n.get(CRITERION_KEYS[c]) for c in invalid.unscored]
    if invalid.motivation:
        names.append(i18n.get("expert-card-missing-motivation"))
    if invalid.recommendation:
        names.append(i18n.get("expert-card-missing-recommendation"))
    return ", ".join(names)
