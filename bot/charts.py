"""Charts the bot sends as pictures: the campaign plan (due dates by responsible body, and
over time) and a voting round's proposed final list (by region against the population, and by
gender). Each is a PNG drawn from numbers the caller has already worked out, with texts the
caller has already translated.

matplotlib is imported only when a chart is drawn: the bot starts without it, and most
updates never need it. Drawing takes a good part of a second, so handlers run these functions
in a thread (`asyncio.to_thread`), not on the event loop.

The PNG carries the picture and nothing else: the tests read what a chart shows from the
figure's own artists (bars, lines, labels) as it is saved."""

from __future__ import annotations

import io
import threading
from collections.abc import Sequence
from datetime import date
from typing import TYPE_CHECKING, Any

from services.locale_keys import PlainKey

if TYPE_CHECKING:
    from matplotlib.axes import Axes
    from matplotlib.figure import Figure

# What the caller translates for `plan_chart`: the label's name there, and its key.
PLAN_CHART_KEYS: dict[str, PlainKey] = {
    "title": "chart-plan-title",
    "done": "chart-plan-done",
    "pending": "chart-plan-pending",
    "overdue": "chart-plan-overdue",
    "due": "chart-plan-due",
    "met": "chart-plan-met",
    "agencies_title": "chart-plan-by-body",
    "burndown_title": "chart-plan-over-time",
}

WIDTH_INCHES = 12.0
DPI = 100  # 1200 pixels wide: readable in Telegram's viewer, small enough to send quickly
# Telegram refuses a photo whose width and height add up to more than 10,000 pixels.
MAX_HEIGHT_INCHES = 80.0
ROW_INCHES = 0.32  # one bar with its name in 9-point type

DONE, PENDING, OVERDUE, DUE = "#2e7d32", "#90a4ae", "#c62828", "#37474f"
LISTED, POPULATION = "#1565c0", "#ef6c00"

# matplotlib keeps caches (fonts, text layout) that nothing promises are safe to share
# between threads: one chart at a time, and charts are rare.
_drawing = threading.Lock()


def plan_chart(
    title: str,
    agencies: Sequence[tuple[str, int, int, int]],
    burndown: Sequence[tuple[date, int, int]],
    labels: dict[str, str],
) -> bytes:
    """The campaign plan in two panels.

    `agencies`: per responsible body, its short name and its due dates done, pending and
    overdue, drawn top to bottom in the order given as stacked bars. `burndown`: per date, the
    due dates come by then and the due dates met by then (both counted from the start, as
    the caller counts them), drawn as two lines. `labels`: the translated texts named in
    `PLAN_CHART_KEYS` (its "title" is not used here: the title comes as `title`)."""
    from matplotlib.dates import AutoDateLocator, DateFormatter
    from matplotlib.ticker import MaxNLocator

    bars_height = max(2.0, ROW_INCHES * len(agencies) + 1.2)
    height = min(bars_height + 4.5, MAX_HEIGHT_INCHES)
    with _drawing:
        figure = _figure(height)
        figure.suptitle(title, fontsize=14)
        bars, lines = figure.subplots(2, 1, height_ratios=[height - 4.5, 4.5])

        names = [name for name, *_ in agencies]
        rows = list(range(len(agencies)))
        done = [row[1] for row in agencies]
        pending = [row[2] for row in agencies]
        overdue = [row[3] for row in agencies]
        after_pending = [d + p for d, p in zip(done, pending, strict=True)]
        for values, left, colour, label in (
            (done, [0] * len(done), DONE, labels["done"]),
            (pending, done, PENDING, labels["pending"]),
            (overdue, after_pending, OVERDUE, labels["overdue"]),
        ):
            segments = bars.barh(rows, values, left=left, color=colour, label=label, height=0.7)
            _count_inside(bars, segments, values)
        bars.set_yticks(rows, names, fontsize=9)
        if rows:
            bars.set_ylim(len(rows) - 0.5, -0.5)  # the first body on top
        bars.xaxis.set_major_locator(MaxNLocator(integer=True))
        bars.set_title(labels["agencies_title"], loc="left")
        bars.grid(axis="x", alpha=0.3)
        _legend_or_nothing(bars, 3, bool(agencies))

        days = [day for day, _, _ in burndown]
        come = [due for _, due, _ in burndown]
        met = [met for _, _, met in burndown]
        # The gap between the two lines is the due dates come and not met.
        lines.fill_between(days, met, come, step="post", color=OVERDUE, alpha=0.15)
        lines.step(days, come, where="post", color=DUE, marker="o", label=labels["due"])
        lines.step(days, met, where="post", color=DONE, marker="o", label=labels["met"])
        lines.xaxis.set_major_locator(AutoDateLocator(maxticks=10))
        lines.xaxis.set_major_formatter(DateFormatter("%d.%m.%Y"))
        lines.yaxis.set_major_locator(MaxNLocator(integer=True))
        lines.set_ylim(bottom=0)
        lines.set_title(labels["burndown_title"], loc="left")
        lines.grid(alpha=0.3)
        _legend_or_nothing(lines, 2, bool(burndown))
        return _png(figure)


def results_chart(
    title: str,
    regions: Sequence[tuple[str, int, float | None]],
    genders: Sequence[tuple[str, int]],
    labels: dict[str, str],
) -> bytes:
    """The proposed final list: per region, in the order given, the people listed as a bar
    and the seats its share of the population would give (share × list size) as a marker,
    absent where there is no population figure; beside it, the people listed per gender.
    `labels`: translated texts for "listed", "population", "by_region" and "by_gender"."""
    from matplotlib.ticker import MaxNLocator

    height = min(max(4.0, ROW_INCHES * len(regions) + 1.8), MAX_HEIGHT_INCHES)
    with _drawing:
        figure = _figure(height)
        figure.suptitle(title, fontsize=14)
        by_region, by_gender = figure.subplots(1, 2, width_ratios=[3, 1])

        rows = list(range(len(regions)))
        listed = [count for _, count, _ in regions]
        segments = by_region.barh(rows, listed, color=LISTED, label=labels["listed"], height=0.7)
        _count_inside(by_region, segments, listed)
        expected = [(row, share) for row, (_, _, share) in zip(rows, regions, strict=True)]
        known = [(row, share) for row, share in expected if share is not None]
        if known:
            by_region.scatter(
                [share for _, share in known],
                [row for row, _ in known],
                marker="D",
                color=POPULATION,
                zorder=3,
                label=labels["population"],
            )
        by_region.set_yticks(rows, [name for name, _, _ in regions], fontsize=9)
        if rows:
            by_region.set_ylim(len(rows) - 0.5, -0.5)
        by_region.xaxis.set_major_locator(MaxNLocator(integer=True))
        by_region.set_title(labels["by_region"], loc="left")
        by_region.grid(axis="x", alpha=0.3)
        _legend_or_nothing(by_region, 2, bool(regions))

        columns = list(range(len(genders)))
        counts = by_gender.bar(columns, [n for _, n in genders], color=LISTED, width=0.6)
        by_gender.bar_label(counts, fontsize=9, padding=2)
        by_gender.margins(y=0.1)  # room for the count above the tallest bar
        by_gender.set_xticks(columns, [name for name, _ in genders], fontsize=9)
        by_gender.yaxis.set_major_locator(MaxNLocator(integer=True))
        by_gender.set_title(labels["by_gender"], loc="left")
        by_gender.grid(axis="y", alpha=0.3)
        _legend_or_nothing(by_gender, 0, bool(genders))
        return _png(figure)


def _figure(height: float) -> Figure:
    from matplotlib.backends.backend_agg import FigureCanvasAgg
    from matplotlib.figure import Figure

    figure = Figure(figsize=(WIDTH_INCHES, height), dpi=DPI, layout="constrained")
    FigureCanvasAgg(figure)
    return figure


def _count_inside(axes: Axes, segments: Any, values: list[int]) -> None:
    """Each segment's count in its middle; an empty segment says nothing."""
    axes.bar_label(
        segments,
        labels=[str(value) if value else "" for value in values],
        label_type="center",
        fontsize=8,
        color="white",
    )


def _legend_or_nothing(axes: Axes, columns: int, drawn: bool) -> None:
    """The legend (of `columns` entries) above the panel's top right corner, where it hides
    no bar; a panel with nothing drawn shows its title alone, without empty axes."""
    if not drawn:
        axes.set_axis_off()
    elif columns:
        axes.legend(
            loc="lower right", bbox_to_anchor=(1, 1), ncols=columns, fontsize=9, frameon=False
        )


def _png(figure: Figure) -> bytes:
    """The figure as PNG bytes."""
    buffer = io.BytesIO()
    figure.savefig(buffer, format="png")
    figure.clear()  # a figure made without pyplot is freed with its last reference
    return buffer.getvalue()
