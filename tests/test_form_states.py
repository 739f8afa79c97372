"""The nomination form's conversation states are derived from the domain's steps; the names
they are stored under must stay as they were, or drafts kept in people's conversations would
be lost on an upgrade."""

from __future__ import annotations

from aiogram.filters import StateFilter

from bot.handlers.form import STATE, STEP_OF, NominationForm
from domain.nomination import Step

# As stored before the states were derived (a hand-written StatesGroup).
STORED = [
    "who",
    "nominator_name",
    "nominator_phone",
    "relation",
    "source",
    "full_name",
    "birth_date",
    "gender",
    "region",
    "settlement",
    "ethnicity",
    "occupation",
    "sphere",
    "achievement",
    "achievement_year",
    "proof",
    "more",
    "story",
    "photo",
    "phone",
    "consent",
    "summary",
]


def test_every_step_keeps_the_state_name_drafts_are_stored_under():
    assert [STATE[step].state for step in Step] == [f"NominationForm:{n}" for n in STORED]
    assert NominationForm.__all_states_names__ == tuple(f"NominationForm:{n}" for n in STORED)
    assert all(STEP_OF[STATE[step].state] is step for step in Step)


async def test_the_form_filter_takes_a_stored_draft_and_nothing_else():
    in_form = StateFilter(NominationForm)
    assert await in_form(None, raw_state="NominationForm:gender")
    assert not await in_form(None, raw_state="UploadForm:files")
