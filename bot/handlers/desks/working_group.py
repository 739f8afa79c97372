"""The working group's desk: the experts' conclusions and their averages on the case's card,
from which it sends a candidate to the vote or rejects them (its decisions are
`bot.handlers.desks.decisions`, confirmed first like every rejection)."""

from __future__ import annotations

from bot.i18n import I18n
from bot.render import decimal, excerpt
from domain.pipeline import Criterion
from services.desks.cases import Case
from services.keys import CRITERION_KEYS


def conclusions_block(i18n: I18n, case: Case) -> str:
    """Each expert's conclusion (scores, recommendation, text), then the averages."""
    lines = [i18n.get("case-conclusions", count=len(case.conclusions))]
    for number, conclusion in enumerate(case.conclusions, start=1):
        lines.append(
            i18n.get(
                "case-conclusion",
                number=number,
                scores=" · ".join(
                    f"{i18n.get(CRITERION_KEYS[c])} {conclusion.scores[c]}" for c in Criterion
                ),
                recommend=i18n.get("recommend-yes" if conclusion.recommend else "recommend-no"),
                motivation=excerpt(conclusion.motivation, 600),
            )
        )
    if case.averages:
        lines.append(
            i18n.get(
                "case-averages",
                scores=" · ".join(
                    f"{i18n.get(CRITERION_KEYS[c])} {decimal(v, i18n.locale)}"
                    for c, v in case.averages.items()
                ),
                recommended=sum(1 for c in case.conclusions if c.recommend),
                count=len(case.conclusions),
            )
        )
    return "\n".join(lines)
