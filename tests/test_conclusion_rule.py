"""An expert's conclusion is whole or not stored at all: every criterion scored 1 to 5, a
text within its bounds, a recommendation. The domain says so (`domain.pipeline.Conclusion`),
and the database refuses a score out of range whoever writes it."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest
from sqlalchemy import insert, select
from sqlalchemy.exc import IntegrityError

from domain.pipeline import (
    MOTIVATION_MAX,
    MOTIVATION_MIN,
    Conclusion,
    ConclusionInvalid,
    Criterion,
)
from storage.models import Conclusion as ConclusionRow
from storage.models import Nomination
from tests.flows import crowd_of_nominations

NOW = datetime(2026, 12, 5, 9, 0, tzinfo=UTC)
TEXT = "Двадцать лет учит детей в ауле и открыла там библиотеку."
ALL_FOUR = {c: 4 for c in Criterion}


def test_a_complete_conclusion_is_built() -> None:
    conclusion = Conclusion(dict(ALL_FOUR), TEXT, recommend=True)
    assert conclusion.scores == ALL_FOUR
    assert conclusion.recommend is True


def test_an_incomplete_conclusion_names_everything_it_lacks() -> None:
    with pytest.raises(ConclusionInvalid) as raised:
        Conclusion({Criterion.STORY: 3}, "", recommend=None)  # type: ignore[arg-type]
    error = raised.value
    assert set(error.unscored) == set(Criterion) - {Criterion.STORY}
    assert error.motivation and error.recommendation
    assert not error.out_of_range


@pytest.mark.parametrize("score", [0, 6, -1, 100])
def test_a_score_out_of_range_is_refused(score: int) -> None:
    with pytest.raises(ConclusionInvalid) as raised:
        Conclusion({**ALL_FOUR, Criterion.CONTRIBUTION: score}, TEXT, recommend=False)
    assert raised.value.out_of_range
    assert not raised.value.unscored


@pytest.mark.parametrize("length", [MOTIVATION_MIN - 1, MOTIVATION_MAX + 1])
def test_a_text_out_of_bounds_is_refused(length: int) -> None:
    with pytest.raises(ConclusionInvalid) as raised:
        Conclusion(dict(ALL_FOUR), "я" * length, recommend=True)
    assert raised.value.motivation


@pytest.mark.parametrize("length", [MOTIVATION_MIN, MOTIVATION_MAX])
def test_a_text_at_its_bounds_is_taken(length: int) -> None:
    assert Conclusion(dict(ALL_FOUR), "я" * length, recommend=True).motivation


@pytest.mark.parametrize("column", [c.value for c in Criterion])
@pytest.mark.parametrize("score", [0, 6])
@pytest.mark.sql  # a CHECK: also on PostgreSQL
async def test_the_database_refuses_a_score_out_of_range(sessionmaker, column, score) -> None:
    async with sessionmaker() as session:
        await crowd_of_nominations(session, 1, NOW, ["abai"])
        nomination_id = await session.scalar(select(Nomination.id))
        row = {
            "nomination_id": nomination_id,
            "expert_id": 7,
            **{c.value: 3 for c in Criterion},
            column: score,
            "motivation": TEXT,
            "recommend": True,
            "at": NOW,
        }
        with pytest.raises(IntegrityError):
            await session.execute(insert(ConclusionRow), [row])
        await session.rollback()


async def test_the_database_takes_scores_in_range(sessionmaker) -> None:
    async with sessionmaker() as session:
        await crowd_of_nominations(session, 1, NOW, ["abai"])
        nomination_id = await session.scalar(select(Nomination.id))
        for expert_id, score in ((7, 1), (8, 5)):
            row = {
                "nomination_id": nomination_id,
                "expert_id": expert_id,
                **{c.value: score for c in Criterion},
                "motivation": TEXT,
                "recommend": True,
                "at": NOW,
            }
            await session.execute(insert(ConclusionRow), [row])
        await session.commit()
        assert len((await session.scalars(select(ConclusionRow))).all()) == 2


def test_one_draft_is_live_and_the_others_wait_for_their_candidate() -> None:
    from services.desks.expertise import Drafts

    drafts = Drafts()
    assert drafts.open(1, "KZ-1", "Первая") == []
    drafts.score(1, Criterion.STORY, 4)
    assert drafts.active is not None
    drafts.active.card = 10
    assert drafts.open(2, "KZ-2", "Вторая") == [10]  # the first card loses its buttons
    kept = Drafts.of(drafts.data())  # as the chat keeps them, between updates
    assert kept.of_candidate(1) is None and kept.parked[1].scores == {Criterion.STORY: 4}
    assert kept.open(1, "KZ-1", "Первая") == []
    assert kept.active is not None and kept.active.scores == {Criterion.STORY: 4}
    assert set(kept.parked) == {2}


def test_a_draft_makes_a_conclusion_only_when_whole() -> None:
    from services.desks.expertise import ConclusionDraft

    draft = ConclusionDraft(1, scores={Criterion.STORY: 5})
    with pytest.raises(ConclusionInvalid):
        draft.conclusion()
    draft.scores, draft.motivation, draft.recommend = dict(ALL_FOUR), TEXT, False
    assert draft.conclusion() == Conclusion(dict(ALL_FOUR), TEXT, recommend=False)
