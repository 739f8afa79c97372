"""The public vote, the working group's side: /round opens a round (its window typed in the
project's time zone), closes it early, shows the results and the proposed final list, exports
them, and approves the list."""

from __future__ import annotations

import asyncio
from typing import Any, Literal, NamedTuple

from aiogram import Bot, F, Router
from aiogram.filters import Command, StateFilter
from aiogram.fsm.context import FSMContext
from aiogram.fsm.state import State, StatesGroup
from aiogram.types import BufferedInputFile, CallbackQuery, InlineKeyboardMarkup, Message
from aiogram.utils.callback_answer import CallbackAnswer
from aiogram.utils.keyboard import InlineKeyboardBuilder

from bot.callbacks import ExportFormat, ResultsExportCb, RoundAction, RoundCb
from bot.charts import results_chart
from bot.exports import spreadsheet
from bot.i18n import I18n
from bot.keyboards import confirm, fitted
from bot.render import decimal, say, send_long, zone
from config import Settings
from domain.pipeline import Role
from domain.regions import Region
from domain.selection import Reason, makeup
from domain.voting import RoundState
from services.keys import GENDER_KEYS, SPHERE_KEYS, keys_for
from services.locale_keys import PlainKey
from services.rounds import AlreadyApproved, Opened, Results, Rounds, RoundStatus

WG = {"role": Role.WORKING_GROUP}
FORMAT = "%d.%m.%Y %H:%M"
REASON_MARK = {Reason.REGIONAL: "🏛", Reason.OPEN: "🌐", Reason.GENDER: "⚖️"}
REASON_KEYS = keys_for(Reason, "results-reason-{}")
# A round's line in each state; all three take its number and window.
StateKey = Literal["round-state-scheduled", "round-state-open", "round-state-closed"]
STATE_KEYS: dict[RoundState, StateKey] = {
    RoundState.SCHEDULED: "round-state-scheduled",
    RoundState.OPEN: "round-state-open",
    RoundState.CLOSED: "round-state-closed",
}
RESULTS_CHART_KEYS: dict[str, PlainKey] = {
    "listed": "chart-results-listed",
    "population": "chart-results-population",
    "by_region": "chart-results-by-region",
    "by_gender": "chart-results-by-gender",
}
EXPORT_COLUMNS: tuple[PlainKey, ...] = (
    "results-export-reference",
    "results-export-name",
    "results-export-region",
    "results-export-sphere",
    "results-export-gender",
    "results-export-votes",
    "results-export-listed",
    "results-export-reason",
)


class RoundForm(StatesGroup):
    window = State()


def _button(
    builder: InlineKeyboardBuilder, text: str, action: RoundAction, round_id: int = 0
) -> None:
    builder.button(text=text, callback_data=RoundCb(action=action, round_id=round_id))


def status_view(i18n: I18n, status: RoundStatus) -> tuple[str, InlineKeyboardMarkup]:
    """Where the rounds stand, with what may be done next: a new round, its closing, the
    results."""
    builder = InlineKeyboardBuilder()
    if status.round_id is None or status.state is None:
        _button(builder, i18n.get("round-new"), RoundAction.OPEN)
        if status.last_round_id is not None:
            _button(builder, i18n.get("round-results"), RoundAction.RESULTS, status.last_round_id)
        text = i18n.get("round-none", candidates=status.on_vote)
    else:
        assert status.starts_at is not None and status.ends_at is not None
        text = i18n.get(
            STATE_KEYS[status.state],
            round=status.round_id,
            starts=status.starts_at.strftime(FORMAT),
            ends=status.ends_at.strftime(FORMAT),
        )
        if status.state is RoundState.CLOSED:
            _button(builder, i18n.get("round-results"), RoundAction.RESULTS, status.round_id)
        else:
            _button(builder, i18n.get("round-close"), RoundAction.CLOSE, status.round_id)
    builder.adjust(1)
    return text, builder.as_markup()


def question(
    i18n: I18n, pressed: RoundCb, text: str, label: str
) -> tuple[str, InlineKeyboardMarkup]:
    """Close or approve asks first; «Cancel» leads back to where the rounds stand."""
    return text, confirm(i18n, pressed, RoundCb(action=RoundAction.STATUS), label)


async def round_status(
    event: Message | CallbackQuery, bot: Bot, i18n: I18n, rounds: Rounds
) -> None:
    """/round, and «Cancel» on a round's question."""
    assert event.from_user is not None
    text, markup = status_view(i18n, await rounds.status())
    await bot.send_message(event.from_user.id, text, reply_markup=markup)


class ListMakeup(NamedTuple):
    """The proposed list's makeup as the reader sees it, in the text and in the chart alike."""

    # Region name, people listed, seats its population share gives (None: no figures).
    regions: list[tuple[str, int, float | None]]
    genders: list[tuple[str, int]]
    ethnicities: list[tuple[str, int]]


def list_makeup(i18n: I18n, results: Results, regions: tuple[Region, ...]) -> ListMakeup:
    """Regions with the most people listed first; expected seats are the share of the
    population times the size of the proposed list."""
    chosen = results.selection
    names = {r.code: r.name(i18n.locale) for r in regions}
    table = makeup(chosen, {r.code: r.population for r in regions})
    size = len(chosen.seats)
    return ListMakeup(
        regions=[
            (names.get(code, code), seats, share * size if share is not None else None)
            for code, (seats, share) in sorted(table["region"].items(), key=lambda kv: -kv[1][0])
        ],
        genders=[
            (i18n.get(GENDER_KEYS[gender]), n)  # type: ignore[index]
            for gender, (n, _) in table["gender"].items()
        ],
        ethnicities=[
            (e or i18n.get("card-not-stated"), n) for e, (n, _) in table["ethnicity"].items()
        ],
    )


def render_results(
    i18n: I18n, results: Results, regions: tuple[Region, ...], composition: ListMakeup
) -> str:
    chosen = results.selection
    names = {r.code: r.name(i18n.locale) for r in regions}
    lines = [
        i18n.get(
            "results-title",
            round=results.round_id,
            seed=results.seed,
            seats=len(chosen.seats),
            candidates=len(results.people),
        )
    ]
    if chosen.missing_population:
        missing = ", ".join(names.get(r, r) for r in chosen.missing_population)
        lines.append(i18n.get("results-no-population", regions=missing))
    lines.append(i18n.get("results-legend"))
    for number, seat in enumerate(chosen.seats, start=1):
        person = results.people[seat.candidate.id]
        region = names.get(person.region_code, "")
        mark = REASON_MARK[seat.reason]
        lines.append(f"{number}. {mark} {person.full_name} — {region} — {seat.candidate.votes}")
    lines += ["", i18n.get("results-makeup-region")]
    for name, seats, expected in composition.regions:
        lines.append(
            f"• {name}: {seats} ({'—' if expected is None else decimal(expected, i18n.locale, 1)})"
        )
    lines.append(i18n.get("results-makeup-gender"))
    lines += [f"• {gender}: {n}" for gender, n in composition.genders]
    lines.append(i18n.get("results-makeup-ethnicity"))
    lines += [f"• {ethnicity}: {n}" for ethnicity, n in composition.ethnicities]
    return "\n".join(lines)


async def send_results_chart(
    bot: Bot, chat_id: int, i18n: I18n, round_id: int, composition: ListMakeup
) -> None:
    """The makeup of the text beside it as a picture. Drawn in a thread: it takes a good
    part of a second, which the event loop owes to everyone else's updates."""
    png = await asyncio.to_thread(
        results_chart,
        i18n.get("chart-results-title", round=round_id),
        composition.regions,
        composition.genders,
        {name: i18n.get(key) for name, key in RESULTS_CHART_KEYS.items()},
    )
    await bot.send_photo(
        chat_id,
        BufferedInputFile(png, filename=f"results-round-{round_id}.png"),
        caption=i18n.get("chart-results-caption", round=round_id),
    )


def _results_keyboard(i18n: I18n, results: Results) -> InlineKeyboardMarkup:
    builder = InlineKeyboardBuilder()
    if not results.approved:
        _button(builder, i18n.get("round-approve"), RoundAction.APPROVE, results.round_id)
    for export in ExportFormat:
        builder.button(
            text=i18n.get("desk-export", format=export.upper()),
            callback_data=ResultsExportCb(round_id=results.round_id, format=export),
        )
    fitted(builder, 1, 2)
    return builder.as_markup()


async def new_round(
    query: CallbackQuery, bot: Bot, i18n: I18n, state: FSMContext, rounds: Rounds
) -> None:
    """«New round»: its window is asked for, in the project's time zone."""
    tz = rounds.ask_window()
    await state.set_state(RoundForm.window)
    text = i18n.get("round-ask-window", tz=zone(i18n.core, i18n.locale, tz))
    await bot.send_message(query.from_user.id, text)


async def ask_close(query: CallbackQuery, callback_data: RoundCb, bot: Bot, i18n: I18n) -> None:
    text, markup = question(
        i18n, callback_data, i18n.get("round-close-sure"), i18n.get("round-close-confirm")
    )
    await bot.send_message(query.from_user.id, text, reply_markup=markup)


async def close_round(
    query: CallbackQuery,
    callback_data: RoundCb,
    i18n: I18n,
    rounds: Rounds,
    callback_answer: CallbackAnswer,
) -> None:
    closed = await rounds.close(callback_data.round_id)
    callback_answer.text = i18n.get("round-closed-now" if closed else "round-already-closed")


async def show_results(
    query: CallbackQuery,
    callback_data: RoundCb,
    bot: Bot,
    i18n: I18n,
    rounds: Rounds,
    regions: tuple[Region, ...],
) -> None:
    """The results and the proposed final list as text, then as a chart."""
    results = await rounds.results(callback_data.round_id)
    composition = list_makeup(i18n, results, regions)
    text = render_results(i18n, results, regions, composition)
    chat_id = query.from_user.id
    await send_long(bot, chat_id, text, _results_keyboard(i18n, results))
    await send_results_chart(bot, chat_id, i18n, results.round_id, composition)


async def ask_approve(query: CallbackQuery, callback_data: RoundCb, bot: Bot, i18n: I18n) -> None:
    text, markup = question(
        i18n, callback_data, i18n.get("round-approve-sure"), i18n.get("round-approve-confirm")
    )
    await bot.send_message(query.from_user.id, text, reply_markup=markup)


async def approve(
    query: CallbackQuery, callback_data: RoundCb, bot: Bot, i18n: I18n, rounds: Rounds
) -> None:
    """The final list approved; approved before, it is told so as a message (it answers a
    confirmation, which may have waited a while)."""
    try:
        approved = await rounds.approve(callback_data.round_id)
    except AlreadyApproved as already:
        await bot.send_message(query.from_user.id, say(i18n, already.text))
        return
    text = i18n.get("round-approved", selected=approved.selected, total=approved.total)
    await bot.send_message(query.from_user.id, text)


async def round_window(message: Message, i18n: I18n, state: FSMContext, rounds: Rounds) -> None:
    opened = await rounds.open(message.text or "")
    await state.set_state(None)
    await message.answer(opened_text(i18n, opened))


def opened_text(i18n: I18n, opened: Opened) -> str:
    return i18n.get(
        "round-opened",
        round=opened.round_id,
        starts=opened.starts_at.strftime(FORMAT),
        ends=opened.ends_at.strftime(FORMAT),
        seed=opened.seed,
    )


async def round_window_other(message: Message, i18n: I18n, settings: Settings) -> None:
    await message.answer(
        i18n.get("round-window-format", tz=zone(i18n.core, i18n.locale, settings.tz))
    )


def results_table(
    i18n: I18n, results: Results, regions: tuple[Region, ...]
) -> tuple[list[str], list[list[Any]]]:
    """Per candidate: votes and place in the proposed list. Nothing about any voter."""
    seat_of = {seat.candidate.id: seat for seat in results.selection.seats}
    names = {r.code: r.name(i18n.locale) for r in regions}
    rows = []
    order = sorted(results.people.values(), key=lambda p: -results.counts.get(p.nomination_id, 0))
    for person in order:
        seat = seat_of.get(person.nomination_id)
        rows.append(
            [
                person.reference,
                person.full_name,
                names.get(person.region_code, ""),
                i18n.get(SPHERE_KEYS[person.sphere]),
                i18n.get(GENDER_KEYS[person.gender]),
                results.counts.get(person.nomination_id, 0),
                i18n.get("export-yes" if seat else "export-no"),
                i18n.get(REASON_KEYS[seat.reason]) if seat else "",
            ]
        )
    return [i18n.get(key) for key in EXPORT_COLUMNS], rows


async def export_results(
    query: CallbackQuery,
    callback_data: ResultsExportCb,
    bot: Bot,
    i18n: I18n,
    rounds: Rounds,
    regions: tuple[Region, ...],
) -> None:
    results = await rounds.export(callback_data.round_id)
    headers, rows = results_table(i18n, results, regions)
    content = spreadsheet(headers, rows, callback_data.format)
    await bot.send_document(
        query.from_user.id,
        BufferedInputFile(
            content, filename=f"results-round-{results.round_id}.{callback_data.format}"
        ),
        caption=i18n.get("results-export-caption", round=results.round_id),
    )


def router() -> Router:
    rounds = Router(name="rounds")
    rounds.message.register(round_status, Command("round"), flags=WG)

    callbacks = rounds.callback_query
    callbacks.register(round_status, RoundCb.filter(F.action == RoundAction.STATUS), flags=WG)
    callbacks.register(new_round, RoundCb.filter(F.action == RoundAction.OPEN), flags=WG)
    closing, approving = F.action == RoundAction.CLOSE, F.action == RoundAction.APPROVE
    callbacks.register(ask_close, RoundCb.filter(closing & ~F.confirmed), flags=WG)
    callbacks.register(close_round, RoundCb.filter(closing & F.confirmed), flags=WG)
    callbacks.register(show_results, RoundCb.filter(F.action == RoundAction.RESULTS), flags=WG)
    callbacks.register(ask_approve, RoundCb.filter(approving & ~F.confirmed), flags=WG)
    callbacks.register(approve, RoundCb.filter(approving & F.confirmed), flags=WG)
    rounds.message.register(round_window, StateFilter(RoundForm.window), F.text, flags=WG)
    rounds.message.register(round_window_other, StateFilter(RoundForm.window), flags=WG)
    rounds.callback_query.register(export_results, ResultsExportCb.filter(), flags=WG)
    return rounds
