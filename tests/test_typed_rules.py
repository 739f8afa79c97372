"""Rules on what staff type and attach, on their own: no Telegram and no database."""

from __future__ import annotations

import pytest

from domain.nomination import InvalidInput
from domain.reminders import REPORT_FILES_MAX, ReportFull, with_report_file
from services.desks.queue import View


def test_a_report_takes_files_up_to_its_limit_and_refuses_one_more():
    files: list[dict[str, str]] = []
    for number in range(REPORT_FILES_MAX):
        files = with_report_file(files, f"file-{number}", "document")
    assert [f["file_id"] for f in files] == [f"file-{n}" for n in range(REPORT_FILES_MAX)]
    with pytest.raises(ReportFull):
        with_report_file(files, "one-too-many", "photo")
    assert len(files) == REPORT_FILES_MAX  # the draft is left as it was


def test_a_typed_page_counts_from_one_and_refuses_what_is_not_a_page():
    view = View(region="abai", page=0)
    assert view.at_page(" 3 ") == View(region="abai", page=2)
    for typed in ("0", "-1", "three", ""):
        with pytest.raises(InvalidInput) as refused:
            view.at_page(typed)
        assert refused.value.code == "page"


def test_a_typed_search_starts_from_the_first_page_with_its_spaces_tidied():
    view = View(sphere="education", page=4)
    assert view.searching("  Сапарова   Айгерім ") == View(
        text="Сапарова Айгерім", sphere="education", page=0
    )


def test_a_typed_period_keeps_its_dates_and_starts_from_the_first_page():
    view = View(page=3).submitted_within("01.11.2026 - 15.11.2026")
    assert (view.since, view.until, view.page) == ("2026-11-01", "2026-11-15", 0)
