"""Charts: the working group's results come with a picture of the proposed final list whose
numbers are the numbers of the text beside it; the campaign plan's chart draws what it is
given, in the reader's language."""

from __future__ import annotations

import csv
import re
import struct
from datetime import date

import pytest
from aiogram.methods import SendPhoto

from bot.charts import PLAN_CHART_KEYS, plan_chart
from tests.fixtures.charts import png_chunks, readable, shown_in
from tests.fixtures.vote import WG, candidates_on_vote, verified
from tests.flows import t

RESULTS_LABELS = {
    "listed": "chart-results-listed",
    "population": "chart-results-population",
    "by_region": "chart-results-by-region",
    "by_gender": "chart-results-by-gender",
}


def png_size(png: bytes) -> tuple[int, int]:
    assert png[:8] == b"\x89PNG\r\n\x1a\n" and png[12:16] == b"IHDR"
    width, height = struct.unpack(">II", png[16:24])
    return width, height


def section(text: str, start: str, end: str) -> list[str]:
    """The lines of the results text between two headings."""
    lines = text.splitlines()
    first = lines.index(start) + 1
    return lines[first : lines.index(end, first)]


async def results_of_a_closed_round(app, texts, sessionmaker, clock, locale):
    """The working group opens a round, three voters vote (3, 2 and 1 candidates), the round
    is closed, and the working group opens its results: what their chat then shows."""
    await candidates_on_vote(sessionmaker, clock())
    wg = app.person(WG, language_code=locale)
    await wg.send("/round")
    await wg.press(t(texts, locale, "round-new"))
    await wg.send("22.11.2026 09:00 - 29.11.2026 18:00")
    for user_id, phone, picks in ((95, "+77010000001", 3), (96, "+77010000002", 2)):
        voter, _ = await verified(app, texts, user_id, "en", phone=phone)
        for _ in range(picks):
            await voter.press(t(texts, "en", "vote-cast"))
            await voter.press("▶️")
    voter, _ = await verified(app, texts, 97, "en", phone="+77010000003")
    await voter.press(t(texts, "en", "vote-cast"))
    await wg.send("/round")
    await wg.press(t(texts, locale, "round-close"))
    await wg.press(t(texts, locale, "round-close-confirm"))
    await wg.send("/round")
    return await wg.press(t(texts, locale, "round-results"))


def text_and_chart(sent, texts, locale, charts):
    """The results text (in however many messages) and what the chart shows, checking on the
    way that the chart is a photo after the text, with its caption, and the buttons stay on
    the text."""
    *messages, photo = sent
    assert messages and all(m.method is None for m in messages)  # text messages
    assert t(texts, locale, "round-approve") in messages[-1].buttons
    assert isinstance(photo.method, SendPhoto)
    assert photo.text == t(texts, locale, "chart-results-caption", round=1)
    png = photo.method.photo.data
    width, height = png_size(png)
    assert width == 1200 and 400 <= height <= 2400
    assert readable(png) == (width, height)
    return "\n".join(m.text for m in messages), shown_in(charts, png)


def makeup_in_text(text, texts, locale):
    region_lines = section(
        text,
        t(texts, locale, "results-makeup-region"),
        t(texts, locale, "results-makeup-gender"),
    )
    gender_lines = section(
        text,
        t(texts, locale, "results-makeup-gender"),
        t(texts, locale, "results-makeup-ethnicity"),
    )
    regions = [re.fullmatch(r"• (.+): (\d+) \((.+)\)", line).groups() for line in region_lines]
    genders = [re.fullmatch(r"• (.+): (\d+)", line).groups() for line in gender_lines]
    return regions, genders


def as_text(chart: dict, locale: str = "en"):
    """The chart's numbers written the way the results text writes them (a decimal comma in
    Kazakh and Russian)."""
    point = "." if locale == "en" else ","
    regions = [
        (name, str(listed), "—" if expected is None else f"{expected:.1f}".replace(".", point))
        for name, listed, expected in chart["regions"]
    ]
    genders = [(name, str(listed)) for name, listed in chart["genders"]]
    return regions, genders


async def test_results_come_with_a_chart_of_the_same_numbers(
    make_app, texts, sessionmaker, clock, charts
):
    app = await make_app()
    sent = await results_of_a_closed_round(app, texts, sessionmaker, clock, "en")
    text, chart = text_and_chart(sent, texts, "en", charts)

    assert chart["chart"] == "results"
    assert chart["title"] == t(texts, "en", "chart-results-title", round=1)
    # Every label on the chart; with no population figure there are no markers, and so no
    # "population" in the legend.
    assert chart["labels"] == {
        name: t(texts, "en", key) for name, key in RESULTS_LABELS.items() if name != "population"
    }
    regions, genders = makeup_in_text(text, texts, "en")
    assert as_text(chart) == (regions, genders)
    # What the list is: six candidates, all listed; the shipped figures lack ten regions, so
    # no region has seats in proportion to population, in the text or in the chart.
    assert len(regions) == 20
    assert ("Almaty", "2", "—") in regions and ("Aktobe Region", "0", "—") in regions
    assert sum(int(listed) for _, listed, _ in regions) == 6
    assert sorted(genders) == [("Man", "3"), ("Woman", "3")]
    assert all(expected is None for _, _, expected in chart["regions"])


async def test_with_every_population_figure_the_chart_marks_the_seats_each_region_is_due(
    make_app, texts, sessionmaker, clock, tmp_path, monkeypatch, charts
):
    # The operator fills in the figures missing from data/regions_kz.csv.
    from bot import factory

    with factory.REGIONS_PATH.open(encoding="utf-8", newline="") as handle:
        rows = list(csv.DictReader(handle))
    for row in rows:
        row["population"] = row["population"] or "700000"
    filled = tmp_path / "regions_kz.csv"
    with filled.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.DictWriter(handle, fieldnames=list(rows[0]))
        writer.writeheader()
        writer.writerows(rows)
    monkeypatch.setattr(factory, "REGIONS_PATH", filled)
    total = sum(int(row["population"]) for row in rows)

    app = await make_app()
    sent = await results_of_a_closed_round(app, texts, sessionmaker, clock, "kk")
    text, chart = text_and_chart(sent, texts, "kk", charts)

    assert chart["title"] == t(texts, "kk", "chart-results-title", round=1)
    assert chart["labels"]["population"] == t(texts, "kk", "chart-results-population")
    regions, genders = makeup_in_text(text, texts, "kk")
    assert as_text(chart, "kk") == (regions, genders)
    # Seats due to a region: its share of the population times the six in the list.
    due = {name: expected for name, _, expected in chart["regions"]}
    assert due["Алматы қаласы"] == pytest.approx(2347924 / total * 6)
    assert due["Ақмола облысы"] == pytest.approx(700000 / total * 6)
    assert ("Алматы қаласы", "2", f"{2347924 / total * 6:.1f}".replace(".", ",")) in regions
    assert sum(due.values()) == pytest.approx(6)
    assert sorted(genders) == sorted(
        [(t(texts, "kk", "choice-gender-f"), "3"), (t(texts, "kk", "choice-gender-m"), "3")]
    )


AGENCIES = [
    ("Ақпарат министрлігі", 4, 2, 1),
    ("Абай облысының әкімдігі", 0, 3, 2),
    ("«Qazaqstan» РТРК", 5, 0, 0),
]
BURNDOWN = [(date(2026, 1, 10), 3, 2), (date(2026, 3, 31), 7, 5), (date(2026, 6, 30), 12, 8)]


def plan_labels(texts, locale: str) -> dict[str, str]:
    return {name: t(texts, locale, key) for name, key in PLAN_CHART_KEYS.items()}


@pytest.mark.parametrize("locale", ["kk", "ru", "en"])
def test_the_plan_chart_draws_the_numbers_it_is_given_in_the_readers_language(
    texts, locale, charts
):
    labels = plan_labels(texts, locale)
    png = plan_chart(labels["title"], AGENCIES, BURNDOWN, labels)

    data = shown_in(charts, png)
    assert data["chart"] == "plan"
    assert data["title"] == t(texts, locale, "chart-plan-title")
    assert data["agencies"] == [list(row) for row in AGENCIES]
    assert data["burndown"] == [["2026-01-10", 3, 2], ["2026-03-31", 7, 5], ["2026-06-30", 12, 8]]
    assert data["labels"]["overdue"] == t(texts, locale, "chart-plan-overdue")
    assert data["labels"]["met"] == t(texts, locale, "chart-plan-met")
    assert png_size(png)[0] == 1200 and readable(png) == png_size(png)


def test_the_plan_chart_grows_with_the_bodies_so_37_stay_readable(texts, charts):
    labels = plan_labels(texts, "ru")
    many = [(f"Акимат {n}", n % 4, n % 3, n % 2) for n in range(37)]
    few_height = png_size(plan_chart(labels["title"], AGENCIES, BURNDOWN, labels))[1]
    many_png = plan_chart(labels["title"], many, BURNDOWN, labels)
    width, many_height = png_size(many_png)
    # About 32 pixels a row: each of the 37 names gets a line of its own.
    assert width == 1200 and many_height - few_height >= 34 * 30
    assert many_height + width <= 10000  # Telegram's limit for a photo
    assert len(shown_in(charts, many_png)["agencies"]) == 37


def test_a_chart_carries_the_picture_and_no_data(charts):
    """Nothing but the picture goes to Telegram: no text chunk beyond the drawing library's
    name, whatever the chart shows."""
    png = plan_chart("", [], [], {name: name for name in PLAN_CHART_KEYS})
    assert shown_in(charts, png)["agencies"] == []
    texts = [body for kind, body in png_chunks(png) if kind in (b"tEXt", b"zTXt", b"iTXt")]
    assert [body.partition(b"\0")[0] for body in texts] == [b"Software"]
    assert readable(png) == png_size(png)
    with pytest.raises(AssertionError):
        shown_in(charts, b"GIF89a")
