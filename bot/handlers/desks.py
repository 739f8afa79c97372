"""The staff desks: the secretariat screens, regional verifiers check facts, experts write
conclusions, the working group decides. Each desk is a paged queue and a case view.

The role gate (`bot.middlewares.RoleGate`) checks the desk's role; `services.desks` checks
every action again against the nomination as it stands in the database."""

from __future__ import annotations

from contextlib import suppress
from dataclasses import replace
from datetime import date
from typing import Any

from aiogram import Bot, F, Router
from aiogram.exceptions import TelegramBadRequest
from aiogram.filters import Command, CommandObject, StateFilter
from aiogram.fsm.context import FSMContext
from aiogram.fsm.state import State, StatesGroup
from aiogram.types import BufferedInputFile, CallbackQuery, InlineKeyboardMarkup, Message
from aiogram.utils.callback_answer import CallbackAnswer
from aiogram.utils.keyboard import InlineKeyboardBuilder
from aiogram_i18n import I18nContext

from bot.callbacks import (
    BulkCb,
    CaseCb,
    ClaimAction,
    ClaimCb,
    CompleteCb,
    ConcludeCb,
    DecideCb,
    DeskFilter,
    DeskFilterCb,
    DeskPickCb,
    DeskTool,
    DeskToolCb,
    ExpertRecommendCb,
    ExpertScoreCb,
    ExpertSubmitCb,
    ExpertWriteCb,
    ExportCb,
    ExportFormat,
    FactCb,
    FilesCb,
    QueueCb,
    SelectCb,
    SkipCommentCb,
)
from bot.exports import nominations_table, spreadsheet
from bot.keyboards import fitted, in_reading_order, region_options
from bot.middlewares import refuse
from bot.render import MESSAGE_LIMIT, card, decimal, excerpt, send_long, short_date, split_message
from bot.state import take
from bot.texts import INPUT_ERROR_KEYS
from config import Settings
from domain.nomination import (
    InvalidInput,
    RejectReason,
    Source,
    Sphere,
    Status,
    parse_period,
    parse_search,
    text_between,
)
from domain.pipeline import (
    DESKS,
    FACT_COMMENT_MAX,
    MOTIVATION_MAX,
    MOTIVATION_MIN,
    SCORES,
    Action,
    Criterion,
    Role,
    Staff,
    Verdict,
    staff_role_of,
)
from domain.regions import Region
from services.desks import (
    BULK_MAX,
    CONFIRM_FIRST,
    DESK_ACTIONS,
    Case,
    Desks,
    QueuePage,
    Refused,
    View,
)
from services.keys import (
    CRITERION_KEYS,
    CRITERION_LONG_KEYS,
    DESK_KEYS,
    SOURCE_KEYS,
    SPHERE_KEYS,
    STATUS_KEYS,
    VERDICT_KEYS,
)
from services.nominations import DESK_COMMANDS as SERVICE_DESK_COMMANDS
from services.uow import UnitOfWork

VERDICT_MARK = {
    Verdict.CONFIRMED: "✅",
    Verdict.NOT_CONFIRMED: "❌",
    Verdict.DOCUMENTS_NEEDED: "📄",
}
# The command of each desk ("queue" opens the secretariat's), as the services name them.
DESK_COMMANDS: dict[str, Role] = {
    command.removeprefix("/"): role for role, command in SERVICE_DESK_COMMANDS.items()
}
DECIDE_KEYS: dict[Action, str] = {
    Action.SEND_TO_VERIFICATION: "decide-verify",
    Action.REJECT_AT_SCREENING: "decide-reject",
    Action.TO_VOTE: "decide-to_vote",
    Action.REJECT_BY_WORKING_GROUP: "decide-wg_reject",
}
VERIFIED_KEYS: dict[Action, str] = {
    Action.FACTS_CONFIRMED: "verify-done-confirmed",
    Action.FACTS_FAILED: "verify-done-failed",
}
REFUSAL_KEYS: dict[Refused, str] = {
    Refused.MOVED: "case-moved",
    Refused.INCOMPLETE: "verify-incomplete",
    Refused.ALREADY: "expert-already",
    Refused.CONFLICT: "case-conflict",
    Refused.CLAIMED: "case-claimed",
    Refused.CHANGED: "bulk-changed",
}
# Why a search, a page number or a period typed for a desk list was not taken.
DESK_INPUT_ERROR_KEYS: dict[str, str] = {
    **INPUT_ERROR_KEYS,
    "search": "desk-error-search",
    "page": "desk-error-page",
    "period": "desk-error-period",
}


class StaffForm(StatesGroup):
    fact_comment = State()
    conclusion = State()  # the expert's card is open: its buttons edit the draft
    motivation = State()


# The role each handler needs, for the role gate: from the command or the button's data.
def _command_desk(data: dict[str, Any]) -> Role:
    return DESK_COMMANDS[data["command"].command]


def _button_desk(data: dict[str, Any]) -> Role:
    return data["callback_data"].role


def _action_desk(data: dict[str, Any]) -> Role | None:
    return staff_role_of(data["callback_data"].action)


class DeskForm(StatesGroup):
    """What a desk list asks to be typed."""

    search = State()
    page = State()
    period = State()


SELECT_MARK = {True: "☑️", False: "▫️"}
# The filters each desk offers (status only where a desk holds more than one).
FILTER_KEYS: dict[DeskFilter, str] = {
    DeskFilter.STATUS: "filter-status",
    DeskFilter.REGION: "filter-region",
    DeskFilter.SPHERE: "filter-sphere",
    DeskFilter.SOURCE: "filter-source",
    DeskFilter.PERIOD: "filter-period",
}
# A stage within a desk, as its list's counts and stage filter name it (short, for buttons).
STAGE_KEYS: dict[Status, str] = {
    Status.SUBMITTED: "stage-new",
    Status.SCREENING: "stage-returned",
    Status.VERIFICATION: "status-verification",
    Status.EXPERT_REVIEW: "status-expert_review",
    Status.WORKING_GROUP: "status-working_group",
}
REJECT_REASON_KEYS: dict[RejectReason, str] = {
    RejectReason.DUPLICATE: "reason-duplicate",
    RejectReason.SPAM: "reason-spam",
}


async def desk_view(state: FSMContext, role: Role) -> View:
    """The person's view of `role`'s desk, as kept in their chat's state."""
    return View.of(((await state.get_data()).get("desks") or {}).get(role))


async def keep_view(state: FSMContext, role: Role, view: View) -> None:
    desks = dict((await state.get_data()).get("desks") or {})
    desks[role] = view.data()
    await state.update_data(desks=desks)


def filter_lines(
    i18n: I18nContext, role: Role, view: View, regions: tuple[Region, ...]
) -> list[str]:
    """The search and filters of a view, one line each."""
    names = {region.code: region.name(i18n.locale) for region in regions}
    shown: list[tuple[str, str]] = []
    if view.text:
        shown.append((i18n.get("filter-search"), view.text))
    if view.status in DESKS[role]:
        value = i18n.get(STAGE_KEYS[Status(view.status)])
        shown.append((i18n.get(FILTER_KEYS[DeskFilter.STATUS]), value))
    if view.region:
        value = names.get(view.region, view.region)
        shown.append((i18n.get(FILTER_KEYS[DeskFilter.REGION]), value))
    if view.sphere in set(Sphere):
        value = i18n.get(SPHERE_KEYS[Sphere(view.sphere)])
        shown.append((i18n.get(FILTER_KEYS[DeskFilter.SPHERE]), value))
    if view.source in set(Source):
        value = i18n.get(SOURCE_KEYS[Source(view.source)])
        shown.append((i18n.get(FILTER_KEYS[DeskFilter.SOURCE]), value))
    if view.since or view.until:
        since = short_date(date.fromisoformat(view.since)) if view.since else "…"
        until = short_date(date.fromisoformat(view.until)) if view.until else "…"
        shown.append((i18n.get(FILTER_KEYS[DeskFilter.PERIOD]), f"{since} – {until}"))
    return [f"{label}: {value}" for label, value in shown]


def render_queue(
    i18n: I18nContext, page: QueuePage, regions: tuple[Region, ...]
) -> tuple[str, InlineKeyboardMarkup]:
    role, view = page.role, page.view
    names = {region.code: region.name(i18n.locale) for region in regions}
    builder = InlineKeyboardBuilder()
    selecting = view.selecting and role is Role.SECRETARIAT
    # The page's cases in full in the text; on the buttons, a number and a short name.
    listed = []
    for item in page.items:
        label = case_label(item.reference, item.full_name)
        line = f"{label} — {item.full_name}, {names.get(item.region_code, '')}"
        if item.held_by is not None:
            line += "\n    🔒 " + i18n.get("desk-held-by", name=item.held_by or "—")
        listed.append(line)
        if selecting:
            builder.button(
                text=f"{SELECT_MARK[item.selected]} {excerpt(label, 27)}",
                callback_data=SelectCb(nomination_id=item.nomination_id),
            )
        else:
            builder.button(
                text=label, callback_data=CaseCb(role=role, nomination_id=item.nomination_id)
            )
    sizes = [1] * len(page.items)
    navigation: list[tuple[str, QueueCb | DeskToolCb]] = []
    if page.page > 1:
        navigation.append(("⏮", QueueCb(role=role, page=0)))
    if page.page > 0:
        navigation.append(("◀️", QueueCb(role=role, page=page.page - 1)))
    if page.pages > 1:
        navigation.append(
            (f"{page.page + 1}/{page.pages}", DeskToolCb(role=role, tool=DeskTool.JUMP))
        )
    if page.page + 1 < page.pages:
        navigation.append(("▶️", QueueCb(role=role, page=page.page + 1)))
    if page.page + 2 < page.pages:
        navigation.append(("⏭", QueueCb(role=role, page=page.pages - 1)))
    for label, data in navigation:
        builder.button(text=label, callback_data=data)
    if navigation:
        sizes.append(len(navigation))
    if page.total and not selecting:
        builder.button(
            text=i18n.get("desk-next"), callback_data=DeskToolCb(role=role, tool=DeskTool.NEXT)
        )
        sizes.append(1)
    builder.button(
        text=i18n.get("desk-search"), callback_data=DeskToolCb(role=role, tool=DeskTool.SEARCH)
    )
    builder.button(
        text=i18n.get("desk-filters"), callback_data=DeskToolCb(role=role, tool=DeskTool.FILTERS)
    )
    sizes.append(2)
    if view.narrowed:
        builder.button(
            text=i18n.get("desk-clear"), callback_data=DeskToolCb(role=role, tool=DeskTool.CLEAR)
        )
        sizes.append(1)
    if role is Role.SECRETARIAT:
        builder.button(
            text=i18n.get("desk-select-done" if selecting else "desk-select"),
            callback_data=DeskToolCb(role=role, tool=DeskTool.SELECT),
        )
        sizes.append(1)
        if selecting and view.selected:
            builder.button(
                text=i18n.get("bulk-reject-selected"),
                callback_data=BulkCb(every=False),
            )
            sizes.append(1)
        if selecting and page.total:
            builder.button(
                text=i18n.get("bulk-reject-all"),
                callback_data=BulkCb(every=True),
            )
            sizes.append(1)
        if not selecting:
            for export in ExportFormat:
                builder.button(
                    text=i18n.get("desk-export", format=export.upper()),
                    callback_data=ExportCb(format=export),
                )
            sizes.append(2)
    fitted(builder, *sizes)
    params = {
        "desk": i18n.get(DESK_KEYS[role]),
        "count": page.total,
        "page": page.page + 1,
        "pages": page.pages,
    }
    if page.total:
        head = [i18n.get("desk-title", **params)]
    elif view.narrowed:
        head = [i18n.get("desk-none-match", **params)]
    else:
        head = [i18n.get("desk-empty", **params)]
    head += filter_lines(i18n, role, view, regions)
    if len(page.by_status) > 1:
        counts = " · ".join(
            f"{i18n.get(STAGE_KEYS[status])} {page.by_status[status]}"
            for status in DESKS[role]
            if status in page.by_status
        )
        head.append(i18n.get("desk-by-status", counts=counts))
    if len(page.by_region) > 1:
        counts = " · ".join(
            f"{name} {page.by_region[code]}"
            for code, name in region_options(regions, i18n.locale)
            if code in page.by_region
        )
        head.append(i18n.get("desk-by-region", counts=counts))
    if selecting:
        head.append(i18n.get("desk-select-hint", count=len(view.selected)))
    text = "\n".join(head)
    return "\n\n".join([text, "\n".join(listed)]) if listed else text, builder.as_markup()


def case_label(reference: str, full_name: str) -> str:
    """A case on a button: the reference's serial and the surname with initials
    («№000001 · Сапарова А. Н.»), short enough for a phone."""
    surname, *given = full_name.split()
    initials = " ".join(f"{name[0]}." for name in given)
    return excerpt(f"№{reference.rsplit('-', 1)[-1]} · {surname} {initials}".strip(), 30)


def case_text(i18n: I18nContext, case: Case, regions: tuple[Region, ...]) -> str:
    parts = [
        i18n.get("case-title", reference=case.reference, status=i18n.get(STATUS_KEYS[case.status])),
        card(i18n, case.record, {r.code: r for r in regions}),
    ]
    if case.claim is not None:
        claim = case.claim
        held = (
            i18n.get("case-yours", minutes=claim.minutes_left)
            if claim.mine
            else i18n.get("case-held", name=claim.name or "—", minutes=claim.minutes_left)
        )
        parts.insert(1, "🔒 " + held)
    if any(f.verdict for f in case.facts) or case.role is Role.VERIFIER:
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
        parts.append("\n".join(lines))
    if case.role is Role.WORKING_GROUP:
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
        parts.append("\n".join(lines))
    return "\n\n".join(parts)


def case_keyboard(i18n: I18nContext, case: Case) -> InlineKeyboardMarkup:
    role, nomination_id = case.role, case.nomination_id
    builder = InlineKeyboardBuilder()
    sizes: list[int] = []
    if case.claim is not None and not case.claim.mine:  # to read; acting needs a takeover
        builder.button(
            text=i18n.get("case-take-over"),
            callback_data=ClaimCb(
                role=role, nomination_id=nomination_id, action=ClaimAction.TAKE_OVER
            ),
        )
        builder.button(
            text=i18n.get("case-files"),
            callback_data=FilesCb(role=role, nomination_id=nomination_id),
        )
        builder.button(text=i18n.get("case-back"), callback_data=QueueCb(role=role))
        fitted(builder, 1, 2)
        return builder.as_markup()
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
                    text=_marked(f"{number} {mark}", fact.verdict is verdict),
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
        builder.button(
            text=i18n.get("case-release"),
            callback_data=ClaimCb(
                role=role, nomination_id=nomination_id, action=ClaimAction.RELEASE
            ),
        )
    builder.button(
        text=i18n.get("case-recuse"),
        callback_data=ClaimCb(role=role, nomination_id=nomination_id, action=ClaimAction.RECUSE),
    )
    sizes += [1, 1] if case.claim is not None else [1]
    builder.button(
        text=i18n.get("case-files"), callback_data=FilesCb(role=role, nomination_id=nomination_id)
    )
    builder.button(text=i18n.get("case-back"), callback_data=QueueCb(role=role))
    sizes.append(2)
    fitted(builder, *sizes)
    return builder.as_markup()


async def mark_done(message: Message, line: str) -> None:
    """Add `line` under a decided case's card and take its buttons off; a card already near
    Telegram's limit keeps its text, and the line comes as a message of its own."""
    text = f"{message.text}\n\n{line}" if message.text else ""
    if text and len(text) <= MESSAGE_LIMIT:
        await message.edit_text(text, reply_markup=None)
        return
    await message.edit_reply_markup(reply_markup=None)
    await message.answer(line)


async def show_case(
    bot: Bot, chat_id: int, i18n: I18nContext, case: Case, regions: tuple[Region, ...]
) -> None:
    await send_long(bot, chat_id, case_text(i18n, case, regions), case_keyboard(i18n, case))


async def show_queue(
    target: Message | CallbackQuery,
    role: Role,
    view: View,
    i18n: I18nContext,
    uow: UnitOfWork,
    staff: Staff,
    state: FSMContext,
    desks: Desks,
    regions: tuple[Region, ...],
    counts: bool = False,
) -> None:
    """The person's list of `role`'s desk: a new message, or the pressed one edited."""
    shown = await desks.queue(uow, role, staff, view, counts=counts)
    await keep_view(state, role, shown.view)
    text, markup = render_queue(i18n, shown, regions)
    if isinstance(target, CallbackQuery):
        if isinstance(target.message, Message):
            await target.message.edit_text(text, reply_markup=markup)
        return
    await target.answer(text, reply_markup=markup)


async def open_desk(
    message: Message,
    command: CommandObject,
    i18n: I18nContext,
    uow: UnitOfWork,
    staff: Staff,
    state: FSMContext,
    desks: Desks,
    regions: tuple[Region, ...],
) -> None:
    """`/queue` opens the list with its counts; `/queue <text>` searches it."""
    role = DESK_COMMANDS[command.command]
    if await state.get_state() in {s.state for s in DeskForm.__all_states__}:
        await state.set_state(None)  # a search or page asked for before is not awaited now
    view = replace(await desk_view(state, role), page=0)
    if command.args:
        try:
            parse_search(command.args)
        except InvalidInput as error:
            await message.answer(i18n.get(DESK_INPUT_ERROR_KEYS[error.code], **error.params))
            return
        view = replace(view, text=" ".join(command.args.split()))
    await show_queue(message, role, view, i18n, uow, staff, state, desks, regions, counts=True)


async def page(
    query: CallbackQuery,
    callback_data: QueueCb,
    i18n: I18nContext,
    uow: UnitOfWork,
    staff: Staff,
    state: FSMContext,
    desks: Desks,
    regions: tuple[Region, ...],
) -> None:
    role = callback_data.role
    view = replace(await desk_view(state, role), page=max(0, callback_data.page))
    await show_queue(query, role, view, i18n, uow, staff, state, desks, regions)


async def tool(
    query: CallbackQuery,
    callback_data: DeskToolCb,
    bot: Bot,
    i18n: I18nContext,
    uow: UnitOfWork,
    staff: Staff,
    state: FSMContext,
    desks: Desks,
    regions: tuple[Region, ...],
    callback_answer: CallbackAnswer,
) -> None:
    role, chosen = callback_data.role, callback_data.tool
    view = await desk_view(state, role)
    chat_id = query.from_user.id
    if chosen is DeskTool.SEARCH:
        await state.set_state(DeskForm.search)
        await state.update_data(desk_role=role)
        await bot.send_message(chat_id, i18n.get("desk-ask-search"))
    elif chosen is DeskTool.JUMP:
        await state.set_state(DeskForm.page)
        await state.update_data(desk_role=role)
        await bot.send_message(chat_id, i18n.get("desk-ask-page"))
    elif chosen is DeskTool.FILTERS:
        if isinstance(query.message, Message):
            text, markup = filters_panel(i18n, role, view, staff, regions)
            await query.message.edit_text(text, reply_markup=markup)
    elif chosen is DeskTool.CLEAR:
        await show_queue(query, role, View(), i18n, uow, staff, state, desks, regions)
    elif chosen is DeskTool.SELECT and role is Role.SECRETARIAT:
        view = replace(view, selecting=not view.selecting, selected=())
        await show_queue(query, role, view, i18n, uow, staff, state, desks, regions)
    elif chosen is DeskTool.NEXT:
        case = await desks.next_case(uow, role, staff, view)
        if case is None:
            refuse(callback_answer, i18n.get("desk-next-none"))
            return
        await show_case(bot, chat_id, i18n, case, regions)


def filters_panel(
    i18n: I18nContext, role: Role, view: View, staff: Staff, regions: tuple[Region, ...]
) -> tuple[str, InlineKeyboardMarkup]:
    builder = InlineKeyboardBuilder()
    for kind in offered_filters(role, staff):
        builder.button(
            text=i18n.get(FILTER_KEYS[kind]), callback_data=DeskPickCb(role=role, kind=kind)
        )
    builder.button(text=i18n.get("case-back"), callback_data=QueueCb(role=role, page=view.page))
    fitted(builder)
    lines = [i18n.get("desk-filters-title"), *filter_lines(i18n, role, view, regions)]
    return "\n".join(lines), builder.as_markup()


def offered_filters(role: Role, staff: Staff) -> list[DeskFilter]:
    kinds = list(DeskFilter)
    if len(DESKS[role]) < 2:
        kinds.remove(DeskFilter.STATUS)
    if role is Role.VERIFIER and len(staff.regions()) < 2:
        kinds.remove(DeskFilter.REGION)
    return kinds


def filter_choices(
    i18n: I18nContext, role: Role, kind: DeskFilter, staff: Staff, regions: tuple[Region, ...]
) -> list[tuple[str, str]]:
    """(value, label) of one filter's choices, in the reader's order."""
    if kind is DeskFilter.STATUS:
        return [(status, i18n.get(STAGE_KEYS[status])) for status in DESKS[role]]
    if kind is DeskFilter.REGION:
        mine = staff.regions() if role is Role.VERIFIER else None
        return [
            (code, name)
            for code, name in region_options(regions, i18n.locale)
            if mine is None or code in mine
        ]
    if kind is DeskFilter.SPHERE:
        return in_reading_order((s, i18n.get(SPHERE_KEYS[s])) for s in Sphere)
    if kind is DeskFilter.SOURCE:
        return in_reading_order((s, i18n.get(SOURCE_KEYS[s])) for s in Source)
    return []


async def pick(
    query: CallbackQuery,
    callback_data: DeskPickCb,
    bot: Bot,
    i18n: I18nContext,
    staff: Staff,
    state: FSMContext,
    regions: tuple[Region, ...],
) -> None:
    role, kind = callback_data.role, callback_data.kind
    if kind not in offered_filters(role, staff):
        return  # forged
    if kind is DeskFilter.PERIOD:
        await state.set_state(DeskForm.period)
        await state.update_data(desk_role=role)
        await bot.send_message(query.from_user.id, i18n.get("desk-ask-period"))
        return
    builder = InlineKeyboardBuilder()
    builder.button(
        text=i18n.get("filter-any"), callback_data=DeskFilterCb(role=role, kind=kind, value="")
    )
    for value, label in filter_choices(i18n, role, kind, staff, regions):
        builder.button(
            text=excerpt(label, 30), callback_data=DeskFilterCb(role=role, kind=kind, value=value)
        )
    builder.button(
        text=i18n.get("case-back"), callback_data=DeskToolCb(role=role, tool=DeskTool.FILTERS)
    )
    builder.adjust(1)
    if isinstance(query.message, Message):
        await query.message.edit_text(
            i18n.get("desk-pick", filter=i18n.get(FILTER_KEYS[kind])),
            reply_markup=builder.as_markup(),
        )


async def set_filter(
    query: CallbackQuery,
    callback_data: DeskFilterCb,
    i18n: I18nContext,
    uow: UnitOfWork,
    staff: Staff,
    state: FSMContext,
    desks: Desks,
    regions: tuple[Region, ...],
) -> None:
    role, kind, value = callback_data.role, callback_data.kind, callback_data.value
    allowed = {v for v, _ in filter_choices(i18n, role, kind, staff, regions)}
    if kind not in offered_filters(role, staff) or (value and value not in allowed):
        return  # forged
    view = View.of({**(await desk_view(state, role)).data(), kind.value: value, "page": 0})
    view = replace(view, selected=())
    await show_queue(query, role, view, i18n, uow, staff, state, desks, regions)


async def typed(
    message: Message,
    i18n: I18nContext,
    uow: UnitOfWork,
    staff: Staff,
    state: FSMContext,
    desks: Desks,
    regions: tuple[Region, ...],
) -> None:
    """A search, a page number or a period typed for a desk list."""
    data = await state.get_data()
    role = data.get("desk_role")
    if role not in DESKS or not staff.has(Role(role)):  # the role went meanwhile
        await state.set_state(None)
        await message.answer(i18n.get("case-moved"))
        return
    role = Role(role)
    current = await state.get_state()
    view = replace(await desk_view(state, role), selected=())
    text = message.text or ""
    try:
        if current == DeskForm.search.state:
            parse_search(text)
            view = replace(view, text=" ".join(text.split()), page=0)
        elif current == DeskForm.page.state:
            if not text.strip().isdigit() or int(text) < 1:
                raise InvalidInput("page")
            view = replace(view, page=int(text) - 1)  # past the end shows the last page
        else:
            since, until = parse_period(text)
            view = replace(
                view,
                since=since.isoformat() if since else "",
                until=until.isoformat() if until else "",
                page=0,
            )
    except InvalidInput as error:
        await message.answer(i18n.get(DESK_INPUT_ERROR_KEYS[error.code], **error.params))
        return
    await state.set_state(None)
    await show_queue(message, role, view, i18n, uow, staff, state, desks, regions)


async def typed_other(message: Message, i18n: I18nContext) -> None:
    await message.answer(i18n.get("staff-expect-text"))


async def open_case(
    query: CallbackQuery,
    callback_data: CaseCb,
    bot: Bot,
    i18n: I18nContext,
    uow: UnitOfWork,
    staff: Staff,
    desks: Desks,
    regions: tuple[Region, ...],
    callback_answer: CallbackAnswer,
) -> None:
    case = await desks.open_case(uow, callback_data.role, staff, callback_data.nomination_id)
    message = query.message if isinstance(query.message, Message) else None
    if isinstance(case, Refused):
        refuse(callback_answer, i18n.get(REFUSAL_KEYS[case]))
        if callback_data.here and message is not None:  # a confirmation no longer stands
            await message.edit_reply_markup(reply_markup=None)
        return
    if callback_data.here and message is not None:  # "cancel": the card's own buttons again
        await message.edit_reply_markup(reply_markup=case_keyboard(i18n, case))
        return
    await show_case(bot, query.from_user.id, i18n, case, regions)


async def claim(
    query: CallbackQuery,
    callback_data: ClaimCb,
    bot: Bot,
    i18n: I18nContext,
    uow: UnitOfWork,
    staff: Staff,
    state: FSMContext,
    desks: Desks,
    regions: tuple[Region, ...],
    callback_answer: CallbackAnswer,
) -> None:
    role, nomination_id, action = (
        callback_data.role,
        callback_data.nomination_id,
        callback_data.action,
    )
    message = query.message if isinstance(query.message, Message) else None
    if action is ClaimAction.TAKE_OVER:
        case = await desks.take_over(uow, role, staff, nomination_id)
        if isinstance(case, Refused):
            if case is not Refused.FORGED:
                refuse(callback_answer, i18n.get(REFUSAL_KEYS[case]))
            return
        if message is not None:
            await message.edit_reply_markup(reply_markup=None)
        await show_case(bot, query.from_user.id, i18n, case, regions)
    elif action is ClaimAction.RELEASE:
        if not await desks.release(uow, role, staff, nomination_id):
            refuse(callback_answer, i18n.get("case-claimed"))  # taken over, or lapsed
            if message is not None:
                await message.edit_reply_markup(reply_markup=None)
            return
        callback_answer.text = i18n.get("case-released")
        if message is not None:
            await message.edit_reply_markup(reply_markup=None)
        view = await desk_view(state, role)
        shown = await desks.queue(uow, role, staff, view)
        text, markup = render_queue(i18n, shown, regions)
        await bot.send_message(query.from_user.id, text, reply_markup=markup)
    elif action is ClaimAction.RECUSE:
        if message is None:
            return
        builder = InlineKeyboardBuilder()
        builder.button(
            text=i18n.get("case-recuse-confirm"),
            callback_data=callback_data.model_copy(update={"action": ClaimAction.RECUSE_CONFIRMED}),
        )
        builder.button(
            text=i18n.get("decide-cancel"),
            callback_data=CaseCb(role=role, nomination_id=nomination_id, here=True),
        )
        builder.adjust(1)
        await message.edit_reply_markup(reply_markup=builder.as_markup())
        await bot.send_message(query.from_user.id, i18n.get("case-recuse-ask"))
    else:
        reference = await desks.recuse(uow, role, staff, nomination_id)
        if isinstance(reference, Refused):
            refuse(callback_answer, i18n.get(REFUSAL_KEYS[reference]))
            return
        if message is not None:
            await message.edit_reply_markup(reply_markup=None)
        draft = await _draft(state, nomination_id)
        if draft is not None:  # a conclusion begun on it goes too
            await take(state, "conclusion")
            await _drop_buttons(bot, query.from_user.id, draft.get("card"))
        await bot.send_message(query.from_user.id, i18n.get("case-recused", reference=reference))
        await next_case(bot, query.from_user.id, role, i18n, uow, staff, state, desks, regions)


async def next_case(
    bot: Bot,
    chat_id: int,
    role: Role,
    i18n: I18nContext,
    uow: UnitOfWork,
    staff: Staff,
    state: FSMContext,
    desks: Desks,
    regions: tuple[Region, ...],
) -> None:
    """After a decision: the next case of the person's list at once, or the list's end."""
    view = await desk_view(state, role)
    case = await desks.next_case(uow, role, staff, view)
    if case is not None:
        await show_case(bot, chat_id, i18n, case, regions)
        return
    shown = await desks.queue(uow, role, staff, replace(view, page=0))
    text, markup = render_queue(i18n, shown, regions)
    await bot.send_message(chat_id, text, reply_markup=markup)


async def toggle_selected(
    query: CallbackQuery,
    callback_data: SelectCb,
    i18n: I18nContext,
    uow: UnitOfWork,
    staff: Staff,
    state: FSMContext,
    desks: Desks,
    regions: tuple[Region, ...],
) -> None:
    role = Role.SECRETARIAT
    view = await desk_view(state, role)
    chosen = set(view.selected) ^ {callback_data.nomination_id}
    view = replace(view, selecting=True, selected=tuple(sorted(chosen))[:BULK_MAX])
    await show_queue(query, role, view, i18n, uow, staff, state, desks, regions)


async def bulk(
    query: CallbackQuery,
    callback_data: BulkCb,
    bot: Bot,
    i18n: I18nContext,
    uow: UnitOfWork,
    staff: Staff,
    state: FSMContext,
    desks: Desks,
    regions: tuple[Region, ...],
    callback_answer: CallbackAnswer,
) -> None:
    role = Role.SECRETARIAT
    view = await desk_view(state, role)
    if callback_data.every:
        view = replace(view, selected=())
    elif not view.selected:
        refuse(callback_answer, i18n.get("bulk-none"))
        return
    chat_id = query.from_user.id
    reason = callback_data.reason
    if reason is None:
        builder = InlineKeyboardBuilder()
        for choice in RejectReason:
            builder.button(
                text=i18n.get(REJECT_REASON_KEYS[choice]),
                callback_data=callback_data.model_copy(update={"reason": choice}),
            )
        builder.button(text=i18n.get("decide-cancel"), callback_data=QueueCb(role=role))
        fitted(builder, 2, 1)
        await bot.send_message(
            chat_id, i18n.get("bulk-reason-ask"), reply_markup=builder.as_markup()
        )
        return
    if not callback_data.confirmed:
        found = await desks.bulk_count(uow, staff, view)
        count = found.count
        if count > BULK_MAX:
            await bot.send_message(chat_id, i18n.get("bulk-too-many", count=count, most=BULK_MAX))
            return
        if not count:
            refuse(callback_answer, i18n.get("bulk-none"))
            return
        builder = InlineKeyboardBuilder()
        builder.button(
            text=i18n.get("bulk-confirm", count=count),
            callback_data=callback_data.model_copy(
                update={"count": count, "cases": found.fingerprint, "confirmed": True}
            ),
        )
        builder.button(text=i18n.get("decide-cancel"), callback_data=QueueCb(role=role))
        builder.adjust(1)
        text = i18n.get(
            "bulk-confirm-ask", count=count, reason=i18n.get(REJECT_REASON_KEYS[reason])
        )
        if callback_data.every:  # what "these cases" are: the list as narrowed
            text = "\n".join([text, "", *filter_lines(i18n, role, view, regions)]).rstrip()
        if isinstance(query.message, Message):
            await query.message.edit_text(text, reply_markup=builder.as_markup())
        return
    done = await desks.bulk_reject(uow, staff, view, reason, callback_data.cases)
    if isinstance(query.message, Message):
        await query.message.edit_reply_markup(reply_markup=None)
    if isinstance(done, Refused):
        await bot.send_message(chat_id, i18n.get("bulk-changed"))
    else:
        await bot.send_message(chat_id, i18n.get("bulk-done", count=done))
    view = replace(view, selecting=False, selected=())
    await keep_view(state, role, view)
    shown = await desks.queue(uow, role, staff, view)
    text, markup = render_queue(i18n, shown, regions)
    await bot.send_message(chat_id, text, reply_markup=markup)


async def files(
    query: CallbackQuery,
    callback_data: FilesCb,
    bot: Bot,
    i18n: I18nContext,
    uow: UnitOfWork,
    staff: Staff,
    desks: Desks,
    callback_answer: CallbackAnswer,
) -> None:
    found = await desks.files(uow, callback_data.role, staff, callback_data.nomination_id)
    if isinstance(found, Refused):
        refuse(callback_answer, i18n.get(REFUSAL_KEYS[found]))
        return
    chat_id = query.from_user.id
    if found.photo_file_id:
        await bot.send_photo(chat_id, found.photo_file_id, caption=found.full_name)
    for number, kind, file_id in found.proofs:
        caption = i18n.get("case-proof-of", number=number)
        if kind == "photo":
            await bot.send_photo(chat_id, file_id, caption=caption)
        else:
            await bot.send_document(chat_id, file_id, caption=caption)
    if not found.photo_file_id and not found.proofs:
        await bot.send_message(chat_id, i18n.get("case-no-files"))


async def decide(
    query: CallbackQuery,
    callback_data: DecideCb,
    bot: Bot,
    i18n: I18nContext,
    uow: UnitOfWork,
    staff: Staff,
    state: FSMContext,
    desks: Desks,
    regions: tuple[Region, ...],
    callback_answer: CallbackAnswer,
) -> None:
    action = callback_data.action
    role = desks.desk_of(action)
    if role is None:
        return  # not a button any desk shows: forged
    message = query.message if isinstance(query.message, Message) else None
    if action in CONFIRM_FIRST and not callback_data.confirmed:
        held = await desks.hold(uow, role, staff, callback_data.nomination_id)
        if isinstance(held, Refused):
            refuse(callback_answer, i18n.get(REFUSAL_KEYS[held]))
        elif message is not None:
            builder = InlineKeyboardBuilder()
            builder.button(
                text=i18n.get("decide-confirm"),
                callback_data=callback_data.model_copy(update={"confirmed": True}),
            )
            builder.button(
                text=i18n.get("decide-cancel"),
                callback_data=CaseCb(
                    role=role, nomination_id=callback_data.nomination_id, here=True
                ),
            )
            builder.adjust(1)
            await message.edit_reply_markup(reply_markup=builder.as_markup())
        return
    decided = await desks.decide(
        uow, staff, callback_data.nomination_id, action, query.from_user.id
    )
    if isinstance(decided, Refused):
        if decided is not Refused.FORGED:
            refuse(callback_answer, i18n.get(REFUSAL_KEYS[decided]))
        return
    callback_answer.text = i18n.get("decide-done")
    if message is not None:
        await mark_done(message, f"✓ {i18n.get(DECIDE_KEYS[action])}")
    await next_case(bot, query.from_user.id, role, i18n, uow, staff, state, desks, regions)


async def edit_card(
    bot: Bot, chat_id: int, message_id: int, text: str, markup: InlineKeyboardMarkup | None
) -> bool:
    """Edit a card in place; False when Telegram no longer has the message to edit."""
    try:
        await bot.edit_message_text(
            text=text, chat_id=chat_id, message_id=message_id, reply_markup=markup
        )
    except TelegramBadRequest as error:
        return "not modified" in error.message
    return True


async def redraw_case(
    bot: Bot,
    chat_id: int,
    message_id: int | None,
    i18n: I18nContext,
    case: Case,
    regions: tuple[Region, ...],
) -> None:
    """The case's card edited in place: its last piece, the one carrying the buttons (the
    candidate's card before it does not change). Sent anew when it cannot be edited."""
    text = split_message(case_text(i18n, case, regions))[-1]
    markup = case_keyboard(i18n, case)
    if message_id is None or not await edit_card(bot, chat_id, message_id, text, markup):
        await show_case(bot, chat_id, i18n, case, regions)


async def _drop_buttons(bot: Bot, chat_id: int, message_id: int | None) -> None:
    """A prompt or an old card loses its buttons, so nothing stale is left to press."""
    if message_id is None:
        return
    with suppress(TelegramBadRequest):
        await bot.edit_message_reply_markup(chat_id=chat_id, message_id=message_id)


async def fact(
    query: CallbackQuery,
    callback_data: FactCb,
    bot: Bot,
    i18n: I18nContext,
    uow: UnitOfWork,
    staff: Staff,
    state: FSMContext,
    desks: Desks,
    callback_answer: CallbackAnswer,
) -> None:
    """A verdict pressed on the case's card: a short prompt asks for a comment; the card is
    edited once the verdict is saved."""
    number = await desks.fact_number(
        uow, staff, callback_data.nomination_id, callback_data.achievement_id
    )
    if isinstance(number, Refused):
        if number is not Refused.FORGED:  # forged: not this candidate's achievement
            refuse(callback_answer, i18n.get(REFUSAL_KEYS[number]))
        return
    pending = (await state.get_data()).get("fact") or {}
    await _drop_buttons(bot, query.from_user.id, pending.get("prompt"))
    builder = InlineKeyboardBuilder()
    builder.button(text=i18n.get("verify-no-comment"), callback_data=SkipCommentCb())
    prompt = await bot.send_message(
        query.from_user.id,
        i18n.get(
            "verify-comment", number=number, verdict=i18n.get(VERDICT_KEYS[callback_data.verdict])
        ),
        reply_markup=builder.as_markup(),
    )
    card_id = query.message.message_id if isinstance(query.message, Message) else None
    await state.set_state(StaffForm.fact_comment)
    await state.update_data(
        fact={"verdict": callback_data.pack(), "card": card_id, "prompt": prompt.message_id}
    )


async def save_fact(
    bot: Bot,
    chat_id: int,
    comment: str | None,
    i18n: I18nContext,
    uow: UnitOfWork,
    staff: Staff,
    state: FSMContext,
    desks: Desks,
    regions: tuple[Region, ...],
) -> None:
    pending = await take(state, "fact") or {}
    await _drop_buttons(bot, chat_id, pending.get("prompt"))
    try:
        verdict = FactCb.unpack(pending.get("verdict", ""))
    except (TypeError, ValueError):
        await bot.send_message(chat_id, i18n.get("button-stale"))
        return
    case = await desks.record_fact(
        uow,
        staff,
        chat_id,
        verdict.nomination_id,
        verdict.achievement_id,
        verdict.verdict,
        comment,
    )
    if case is None:
        await bot.send_message(chat_id, i18n.get("case-moved"))
        return
    await redraw_case(bot, chat_id, pending.get("card"), i18n, case, regions)


async def fact_comment(
    message: Message,
    bot: Bot,
    i18n: I18nContext,
    uow: UnitOfWork,
    staff: Staff,
    state: FSMContext,
    desks: Desks,
    regions: tuple[Region, ...],
) -> None:
    try:
        text = text_between(message.text or "", 1, FACT_COMMENT_MAX)
    except InvalidInput as error:
        await message.answer(i18n.get(INPUT_ERROR_KEYS[error.code], **error.params))
        return
    await save_fact(bot, message.chat.id, text, i18n, uow, staff, state, desks, regions)


async def fact_no_comment(
    query: CallbackQuery,
    bot: Bot,
    i18n: I18nContext,
    uow: UnitOfWork,
    staff: Staff,
    state: FSMContext,
    desks: Desks,
    regions: tuple[Region, ...],
) -> None:
    await save_fact(bot, query.from_user.id, None, i18n, uow, staff, state, desks, regions)


async def complete(
    query: CallbackQuery,
    callback_data: CompleteCb,
    bot: Bot,
    i18n: I18nContext,
    uow: UnitOfWork,
    staff: Staff,
    state: FSMContext,
    desks: Desks,
    regions: tuple[Region, ...],
    callback_answer: CallbackAnswer,
) -> None:
    done = await desks.complete_verification(
        uow, staff, callback_data.nomination_id, query.from_user.id
    )
    if isinstance(done, Refused):
        refuse(callback_answer, i18n.get(REFUSAL_KEYS[done]))
        return
    callback_answer.text = i18n.get("decide-done")
    outcome = i18n.get(VERIFIED_KEYS[done.action])
    if isinstance(query.message, Message):
        await mark_done(query.message, f"✓ {outcome}")
    else:
        await bot.send_message(query.from_user.id, outcome)
    chat_id = query.from_user.id
    await next_case(bot, chat_id, Role.VERIFIER, i18n, uow, staff, state, desks, regions)


# The expert's card: the draft conclusion lives in the chat's state until it is submitted.


def conclusion_text(i18n: I18nContext, draft: dict[str, Any], hint: bool = True) -> str:
    scores = draft.get("scores") or {}
    lines = [
        i18n.get(
            "expert-card-title", reference=draft.get("reference", ""), name=draft.get("name", "")
        ),
        "",
        *(f"{i18n.get(CRITERION_KEYS[c])}: {scores.get(c, '—')}" for c in Criterion),
    ]
    text = draft.get("motivation")
    lines.append(
        i18n.get("expert-card-motivation", text=excerpt(text, 600))
        if text
        else i18n.get("expert-card-no-motivation")
    )
    chosen = draft.get("recommend")
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


def _marked(label: str, chosen: bool) -> str:
    return f"• {label} •" if chosen else label


def conclusion_keyboard(i18n: I18nContext, draft: dict[str, Any]) -> InlineKeyboardMarkup:
    """Per criterion its name (pressed: what it means) and 1–5, the chosen one marked; the
    text; the recommendation; submit."""
    nomination_id = int(draft["nomination_id"])
    scores = draft.get("scores") or {}
    builder = InlineKeyboardBuilder()
    sizes: list[int] = []
    for criterion in Criterion:
        builder.button(
            text=i18n.get(CRITERION_KEYS[criterion]),
            callback_data=ExpertScoreCb(nomination_id=nomination_id, criterion=criterion, score=0),
        )
        for value in SCORES:
            builder.button(
                text=_marked(str(value), scores.get(criterion) == value),
                callback_data=ExpertScoreCb(
                    nomination_id=nomination_id, criterion=criterion, score=value
                ),
            )
        sizes += [1, len(SCORES)]
    builder.button(
        text=i18n.get("expert-card-rewrite")
        if draft.get("motivation")
        else i18n.get("expert-card-write"),
        callback_data=ExpertWriteCb(nomination_id=nomination_id),
    )
    for recommend in (True, False):
        builder.button(
            text=_marked(
                i18n.get("recommend-yes" if recommend else "recommend-no"),
                draft.get("recommend") is recommend,
            ),
            callback_data=ExpertRecommendCb(nomination_id=nomination_id, recommend=recommend),
        )
    builder.button(
        text=i18n.get("expert-card-submit"),
        callback_data=ExpertSubmitCb(nomination_id=nomination_id),
    )
    fitted(builder, *sizes, 1, 2, 1)
    return builder.as_markup()


def _missing(i18n: I18nContext, draft: dict[str, Any]) -> list[str]:
    """What the draft still lacks, as the expert reads it."""
    scores = draft.get("scores") or {}
    missing = [i18n.get(CRITERION_KEYS[c]) for c in Criterion if c not in scores]
    if not draft.get("motivation"):
        missing.append(i18n.get("expert-card-missing-motivation"))
    if draft.get("recommend") is None:
        missing.append(i18n.get("expert-card-missing-recommendation"))
    return missing


async def _draft(state: FSMContext, nomination_id: int) -> dict[str, Any] | None:
    """The draft conclusion on this candidate; None for a button of another candidate's card
    or of one already submitted."""
    draft = (await state.get_data()).get("conclusion")
    if not isinstance(draft, dict) or draft.get("nomination_id") != nomination_id:
        return None
    return draft


async def _show_conclusion(
    bot: Bot, chat_id: int, i18n: I18nContext, state: FSMContext, draft: dict[str, Any]
) -> None:
    """Keep the draft and edit its card in place (sent anew when it cannot be edited)."""
    text, markup = conclusion_text(i18n, draft), conclusion_keyboard(i18n, draft)
    card_id = draft.get("card")
    if card_id is None or not await edit_card(bot, chat_id, card_id, text, markup):
        draft["card"] = (await bot.send_message(chat_id, text, reply_markup=markup)).message_id
    await state.update_data(conclusion=draft)


async def conclude(
    query: CallbackQuery,
    callback_data: ConcludeCb,
    bot: Bot,
    i18n: I18nContext,
    uow: UnitOfWork,
    staff: Staff,
    state: FSMContext,
    desks: Desks,
    callback_answer: CallbackAnswer,
) -> None:
    """The expert's card for this candidate: a new draft, or the one already begun."""
    nomination_id, chat_id = callback_data.nomination_id, query.from_user.id
    started = await desks.start_conclusion(uow, staff, nomination_id, chat_id)
    if isinstance(started, Refused):
        refuse(callback_answer, i18n.get(REFUSAL_KEYS[started]))
        return
    # One card is live at a time; a draft on another candidate waits until it is opened again.
    data = await state.get_data()
    active, parked = data.get("conclusion"), dict(data.get("drafts") or {})
    if isinstance(active, dict) and active.get("nomination_id") != nomination_id:
        await _drop_buttons(bot, chat_id, active.pop("card", None))
        parked[str(active.get("nomination_id"))] = active
    draft = await _draft(state, nomination_id) or parked.pop(str(nomination_id), None)
    if not isinstance(draft, dict):
        draft = {"nomination_id": nomination_id, "scores": {}}
    await state.update_data(drafts=parked)
    await _drop_buttons(bot, chat_id, draft.pop("card", None))  # one live card
    draft.update(reference=started.reference, name=started.full_name)
    await state.set_state(StaffForm.conclusion)
    await _show_conclusion(bot, chat_id, i18n, state, draft)


async def score(
    query: CallbackQuery,
    callback_data: ExpertScoreCb,
    bot: Bot,
    i18n: I18nContext,
    state: FSMContext,
    callback_answer: CallbackAnswer,
) -> None:
    draft = await _draft(state, callback_data.nomination_id)
    if draft is None:
        refuse(callback_answer, i18n.get("button-stale"))
        return
    if callback_data.score == 0:  # the criterion's name: what it weighs
        long = i18n.get(CRITERION_LONG_KEYS[callback_data.criterion])
        callback_answer.text = i18n.get("expert-score", criterion=long)
        callback_answer.show_alert = True
        return
    if callback_data.score not in SCORES:
        refuse(callback_answer, i18n.get("button-stale"))
        return
    draft["scores"] = {**(draft.get("scores") or {}), callback_data.criterion: callback_data.score}
    await _show_conclusion(bot, query.from_user.id, i18n, state, draft)


async def recommend(
    query: CallbackQuery,
    callback_data: ExpertRecommendCb,
    bot: Bot,
    i18n: I18nContext,
    state: FSMContext,
    callback_answer: CallbackAnswer,
) -> None:
    draft = await _draft(state, callback_data.nomination_id)
    if draft is None:
        refuse(callback_answer, i18n.get("button-stale"))
        return
    draft["recommend"] = callback_data.recommend
    await _show_conclusion(bot, query.from_user.id, i18n, state, draft)


async def write_motivation(
    query: CallbackQuery,
    callback_data: ExpertWriteCb,
    bot: Bot,
    i18n: I18nContext,
    state: FSMContext,
    callback_answer: CallbackAnswer,
) -> None:
    if await _draft(state, callback_data.nomination_id) is None:
        refuse(callback_answer, i18n.get("button-stale"))
        return
    await state.set_state(StaffForm.motivation)
    await bot.send_message(
        query.from_user.id, i18n.get("expert-motivation", min=MOTIVATION_MIN, max=MOTIVATION_MAX)
    )


async def motivation(message: Message, bot: Bot, i18n: I18nContext, state: FSMContext) -> None:
    try:
        text = text_between(message.text or "", MOTIVATION_MIN, MOTIVATION_MAX)
    except InvalidInput as error:
        await message.answer(i18n.get(INPUT_ERROR_KEYS[error.code], **error.params))
        return
    draft = (await state.get_data()).get("conclusion")
    if not isinstance(draft, dict):
        await state.set_state(None)
        await message.answer(i18n.get("button-stale"))
        return
    draft["motivation"] = text
    await state.set_state(StaffForm.conclusion)
    await _show_conclusion(bot, message.chat.id, i18n, state, draft)


async def submit_conclusion(
    query: CallbackQuery,
    callback_data: ExpertSubmitCb,
    bot: Bot,
    i18n: I18nContext,
    uow: UnitOfWork,
    staff: Staff,
    state: FSMContext,
    desks: Desks,
    regions: tuple[Region, ...],
    callback_answer: CallbackAnswer,
) -> None:
    """Submit: only a complete draft; what is missing is named."""
    draft = await _draft(state, callback_data.nomination_id)
    if draft is None:
        refuse(callback_answer, i18n.get("button-stale"))
        return
    if missing := _missing(i18n, draft):
        refuse(callback_answer, i18n.get("expert-card-incomplete", missing=", ".join(missing)))
        return
    saved = await desks.conclude(
        uow,
        staff,
        query.from_user.id,
        callback_data.nomination_id,
        {Criterion(k): int(v) for k, v in draft["scores"].items()},
        draft["motivation"],
        bool(draft["recommend"]),
    )
    chat_id = query.from_user.id
    if isinstance(saved, Refused):
        refuse(callback_answer, i18n.get(REFUSAL_KEYS[saved]))
        if saved in (Refused.MOVED, Refused.ALREADY):  # nothing left to submit it to
            await take(state, "conclusion")
            await _drop_buttons(bot, chat_id, draft.get("card"))
        return
    await take(state, "conclusion")
    callback_answer.text = i18n.get("decide-done")
    text = conclusion_text(i18n, draft, hint=False) + "\n\n✓ "
    text += i18n.get("expert-saved", count=saved.count, required=saved.required)
    card_id = draft.get("card")
    if card_id is None or not await edit_card(bot, chat_id, card_id, text, None):
        await bot.send_message(chat_id, text)
    await next_case(bot, chat_id, Role.EXPERT, i18n, uow, staff, state, desks, regions)


async def staff_form_other(message: Message, i18n: I18nContext, state: FSMContext) -> None:
    current = await state.get_state()
    if current in (StaffForm.fact_comment.state, StaffForm.motivation.state):
        await message.answer(i18n.get("staff-expect-text"))
    elif current == StaffForm.conclusion.state:
        await message.answer(i18n.get("expert-card-use-buttons"))
    else:
        await message.answer(i18n.get("form-error-expect-choice"))


async def export(
    query: CallbackQuery,
    callback_data: ExportCb,
    bot: Bot,
    i18n: I18nContext,
    uow: UnitOfWork,
    desks: Desks,
    settings: Settings,
    regions: tuple[Region, ...],
) -> None:
    rows = await desks.export_rows(uow)
    headers, table = nominations_table(rows, i18n.core, i18n.locale, regions, settings.tz)
    stamp = uow.now().astimezone(settings.tz).strftime("%Y%m%d-%H%M")
    content = spreadsheet(headers, table, callback_data.format)
    await bot.send_document(
        query.from_user.id,
        BufferedInputFile(content, filename=f"nominations-{stamp}.{callback_data.format}"),
        caption=i18n.get("export-caption", count=len(table)),
    )


def router() -> Router:
    desks = Router(name="desks")
    verifier, expert = {"role": Role.VERIFIER}, {"role": Role.EXPERT}
    desks.message.register(open_desk, Command(*DESK_COMMANDS), flags={"role": _command_desk})
    desks.callback_query.register(
        page, QueueCb.filter(F.role.in_(DESKS)), flags={"role": _button_desk}
    )
    desks.callback_query.register(
        open_case, CaseCb.filter(F.role.in_(DESKS)), flags={"role": _button_desk}
    )
    desks.callback_query.register(
        files, FilesCb.filter(F.role.in_(DESKS)), flags={"role": _button_desk}
    )
    desks.callback_query.register(decide, DecideCb.filter(), flags={"role": _action_desk})
    at_desk = {"role": _button_desk}
    desks.callback_query.register(tool, DeskToolCb.filter(F.role.in_(DESKS)), flags=at_desk)
    desks.callback_query.register(pick, DeskPickCb.filter(F.role.in_(DESKS)), flags=at_desk)
    desks.callback_query.register(set_filter, DeskFilterCb.filter(F.role.in_(DESKS)), flags=at_desk)
    desks.callback_query.register(claim, ClaimCb.filter(F.role.in_(DESKS)), flags=at_desk)
    secretariat = {"role": Role.SECRETARIAT}
    desks.callback_query.register(toggle_selected, SelectCb.filter(), flags=secretariat)
    desks.callback_query.register(bulk, BulkCb.filter(), flags=secretariat)
    desks.message.register(typed, StateFilter(DeskForm), F.text, ~F.text.startswith("/"))
    desks.message.register(typed_other, StateFilter(DeskForm), ~F.text)
    desks.callback_query.register(fact, FactCb.filter(), flags=verifier)
    desks.message.register(
        fact_comment, StateFilter(StaffForm.fact_comment), F.text, flags=verifier
    )
    desks.callback_query.register(
        fact_no_comment, SkipCommentCb.filter(), StateFilter(StaffForm.fact_comment), flags=verifier
    )
    desks.callback_query.register(complete, CompleteCb.filter(), flags=verifier)
    desks.callback_query.register(conclude, ConcludeCb.filter(), flags=expert)
    desks.callback_query.register(score, ExpertScoreCb.filter(), flags=expert)
    desks.callback_query.register(recommend, ExpertRecommendCb.filter(), flags=expert)
    desks.callback_query.register(write_motivation, ExpertWriteCb.filter(), flags=expert)
    desks.callback_query.register(submit_conclusion, ExpertSubmitCb.filter(), flags=expert)
    desks.message.register(motivation, StateFilter(StaffForm.motivation), F.text, flags=expert)
    desks.message.register(staff_form_other, StateFilter(StaffForm))
    desks.callback_query.register(export, ExportCb.filter(), flags={"role": Role.SECRETARIAT})
    return desks
