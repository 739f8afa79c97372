"""The staff desks: the secretariat screens, regional verifiers check facts, experts write
conclusions, the working group decides. Each desk is a paged queue and a case view.

The role gate (`bot.middlewares.RoleGate`) checks the desk's role; `services.desks` checks
every action again against the nomination as it stands in the database."""

from __future__ import annotations

from typing import Any

from aiogram import Bot, F, Router
from aiogram.filters import Command, CommandObject, StateFilter
from aiogram.fsm.context import FSMContext
from aiogram.fsm.state import State, StatesGroup
from aiogram.types import BufferedInputFile, CallbackQuery, InlineKeyboardMarkup, Message
from aiogram.utils.callback_answer import CallbackAnswer
from aiogram.utils.keyboard import InlineKeyboardBuilder
from aiogram_i18n import I18nContext

from bot.callbacks import (
    CaseCb,
    CompleteCb,
    ConcludeCb,
    DecideCb,
    ExportCb,
    ExportFormat,
    FactCb,
    FilesCb,
    QueueCb,
    RecommendCb,
    ScoreCb,
    SkipCommentCb,
)
from bot.config import Settings
from bot.exports import nominations_table, spreadsheet
from bot.keyboards import fitted
from bot.middlewares import refuse
from bot.render import card, decimal, excerpt, send_long
from bot.state import take
from bot.texts import INPUT_ERROR_KEYS
from domain.nomination import InvalidInput, text_between
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
from services.desks import CONFIRM_FIRST, DESK_ACTIONS, Case, Desks, QueuePage, Refused
from services.keys import CRITERION_KEYS, CRITERION_LONG_KEYS, DESK_KEYS, STATUS_KEYS, VERDICT_KEYS
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
}


class StaffForm(StatesGroup):
    fact_comment = State()
    scores = State()
    motivation = State()
    recommend = State()


# The role each handler needs, for the role gate: from the command or the button's data.
def _command_desk(data: dict[str, Any]) -> Role:
    return DESK_COMMANDS[data["command"].command]


def _button_desk(data: dict[str, Any]) -> Role:
    return data["callback_data"].role


def _action_desk(data: dict[str, Any]) -> Role | None:
    return staff_role_of(data["callback_data"].action)


def render_queue(
    i18n: I18nContext, page: QueuePage, regions: tuple[Region, ...]
) -> tuple[str, InlineKeyboardMarkup]:
    role = page.role
    names = {region.code: region.name(i18n.locale) for region in regions}
    builder = InlineKeyboardBuilder()
    # The page's cases in full in the text; on the buttons, a number and a short name.
    listed = []
    for item in page.items:
        label = case_label(item.reference, item.full_name)
        listed.append(f"{label} — {item.full_name}, {names.get(item.region_code, '')}")
        builder.button(
            text=label, callback_data=CaseCb(role=role, nomination_id=item.nomination_id)
        )
    sizes = [1] * len(page.items)
    navigation = []
    if page.page > 0:
        navigation.append(("◀️", QueueCb(role=role, page=page.page - 1)))
    if page.page + 1 < page.pages:
        navigation.append(("▶️", QueueCb(role=role, page=page.page + 1)))
    for label, data in navigation:
        builder.button(text=label, callback_data=data)
    if navigation:
        sizes.append(len(navigation))
    if role is Role.SECRETARIAT:
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
    text = i18n.get("desk-title", **params) if page.total else i18n.get("desk-empty", **params)
    return "\n".join([text, "", *listed]) if listed else text, builder.as_markup()


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
    if any(f.verdict for f in case.facts) or case.role is Role.VERIFIER:
        lines = [i18n.get("case-facts")]
        for number, fact in enumerate(case.facts, start=1):
            if fact.verdict is None:
                lines.append(f"{number}. ⏳ {i18n.get('verdict-none')}")
                continue
            comment = f" — {fact.comment}" if fact.comment else ""
            mark = VERDICT_MARK[fact.verdict]
            lines.append(f"{number}. {mark} {i18n.get(VERDICT_KEYS[fact.verdict])}{comment}")
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
                    text=f"{number} {mark}",
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
    builder.button(
        text=i18n.get("case-files"), callback_data=FilesCb(role=role, nomination_id=nomination_id)
    )
    builder.button(text=i18n.get("case-back"), callback_data=QueueCb(role=role))
    sizes.append(2)
    fitted(builder, *sizes)
    return builder.as_markup()


async def show_case(
    bot: Bot, chat_id: int, i18n: I18nContext, case: Case, regions: tuple[Region, ...]
) -> None:
    await send_long(bot, chat_id, case_text(i18n, case, regions), case_keyboard(i18n, case))


async def open_desk(
    message: Message,
    command: CommandObject,
    i18n: I18nContext,
    uow: UnitOfWork,
    staff: Staff,
    desks: Desks,
    regions: tuple[Region, ...],
) -> None:
    assert message.from_user is not None
    role = DESK_COMMANDS[command.command]
    page = await desks.queue(uow, role, staff, message.from_user.id, 0)
    text, markup = render_queue(i18n, page, regions)
    await message.answer(text, reply_markup=markup)


async def page(
    query: CallbackQuery,
    callback_data: QueueCb,
    i18n: I18nContext,
    uow: UnitOfWork,
    staff: Staff,
    desks: Desks,
    regions: tuple[Region, ...],
) -> None:
    shown = await desks.queue(
        uow, callback_data.role, staff, query.from_user.id, callback_data.page
    )
    text, markup = render_queue(i18n, shown, regions)
    if isinstance(query.message, Message):
        await query.message.edit_text(text, reply_markup=markup)


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
    case = await desks.open_case(
        uow, callback_data.role, staff, callback_data.nomination_id, query.from_user.id
    )
    if case is None:
        refuse(callback_answer, i18n.get("case-moved"))
        return
    await show_case(bot, query.from_user.id, i18n, case, regions)


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
    if found is None:
        refuse(callback_answer, i18n.get("case-moved"))
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
    i18n: I18nContext,
    uow: UnitOfWork,
    staff: Staff,
    desks: Desks,
    callback_answer: CallbackAnswer,
) -> None:
    action = callback_data.action
    role = desks.desk_of(action)
    if role is None:
        return  # not a button any desk shows: forged
    message = query.message if isinstance(query.message, Message) else None
    if action in CONFIRM_FIRST and not callback_data.confirmed:
        if await desks.case(uow, role, staff, callback_data.nomination_id) is None:
            refuse(callback_answer, i18n.get("case-moved"))
        elif message is not None:
            builder = InlineKeyboardBuilder()
            builder.button(
                text=i18n.get("decide-confirm"),
                callback_data=callback_data.model_copy(update={"confirmed": True}),
            )
            builder.button(
                text=i18n.get("decide-cancel"),
                callback_data=CaseCb(role=role, nomination_id=callback_data.nomination_id),
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
    if message is not None and message.text:
        await message.edit_text(
            f"{message.text}\n\n✓ {i18n.get(DECIDE_KEYS[action])}", reply_markup=None
        )


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
    number = await desks.fact_number(
        uow, staff, callback_data.nomination_id, callback_data.achievement_id
    )
    if number is Refused.MOVED:
        refuse(callback_answer, i18n.get("case-moved"))
        return
    if isinstance(number, Refused):
        return  # forged: not this candidate's achievement
    await state.set_state(StaffForm.fact_comment)
    await state.update_data(fact=callback_data.model_dump(mode="json"))
    builder = InlineKeyboardBuilder()
    builder.button(text=i18n.get("verify-no-comment"), callback_data=SkipCommentCb())
    await bot.send_message(
        query.from_user.id,
        i18n.get(
            "verify-comment", number=number, verdict=i18n.get(VERDICT_KEYS[callback_data.verdict])
        ),
        reply_markup=builder.as_markup(),
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
    verdict = FactCb.model_validate(await take(state, "fact") or {})
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
    await show_case(bot, chat_id, i18n, case, regions)


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
    desks: Desks,
    callback_answer: CallbackAnswer,
) -> None:
    done = await desks.complete_verification(
        uow, staff, callback_data.nomination_id, query.from_user.id
    )
    if isinstance(done, Refused):
        refuse(callback_answer, i18n.get(REFUSAL_KEYS[done]))
        return
    callback_answer.text = i18n.get("decide-done")
    await bot.send_message(query.from_user.id, i18n.get(VERIFIED_KEYS[done.action]))


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
    nomination_id = callback_data.nomination_id
    reference = await desks.start_conclusion(uow, staff, nomination_id, query.from_user.id)
    if isinstance(reference, Refused):
        refuse(callback_answer, i18n.get(REFUSAL_KEYS[reference]))
        return
    await state.set_state(StaffForm.scores)
    await state.update_data(conclusion={"nomination_id": nomination_id, "scores": {}})
    await _ask_score(bot, query.from_user.id, i18n, Criterion.CONTRIBUTION, reference)


async def score(
    query: CallbackQuery,
    callback_data: ScoreCb,
    bot: Bot,
    i18n: I18nContext,
    state: FSMContext,
    callback_answer: CallbackAnswer,
) -> None:
    draft = (await state.get_data()).get("conclusion") or {}
    scores: dict[str, int] = draft.get("scores", {})
    expected = next((c for c in Criterion if c not in scores), None)
    if callback_data.score not in SCORES or callback_data.criterion is not expected:
        refuse(callback_answer, i18n.get("button-stale"))
        return
    if isinstance(query.message, Message) and query.message.text:
        await query.message.edit_text(
            f"{query.message.text}\n\n✓ {callback_data.score}", reply_markup=None
        )
    scores[callback_data.criterion] = callback_data.score
    await state.update_data(conclusion={**draft, "scores": scores})
    following = next((c for c in Criterion if c not in scores), None)
    if following is not None:
        await _ask_score(bot, query.from_user.id, i18n, following, "")
        return
    await state.set_state(StaffForm.motivation)
    await bot.send_message(
        query.from_user.id, i18n.get("expert-motivation", min=MOTIVATION_MIN, max=MOTIVATION_MAX)
    )


async def motivation(message: Message, i18n: I18nContext, state: FSMContext) -> None:
    try:
        text = text_between(message.text or "", MOTIVATION_MIN, MOTIVATION_MAX)
    except InvalidInput as error:
        await message.answer(i18n.get(INPUT_ERROR_KEYS[error.code], **error.params))
        return
    draft = (await state.get_data()).get("conclusion") or {}
    await state.update_data(conclusion={**draft, "motivation": text})
    await state.set_state(StaffForm.recommend)
    builder = InlineKeyboardBuilder()
    for recommend in (True, False):
        builder.button(
            text=i18n.get("recommend-yes" if recommend else "recommend-no"),
            callback_data=RecommendCb(recommend=recommend),
        )
    fitted(builder)
    await message.answer(i18n.get("expert-recommend"), reply_markup=builder.as_markup())


async def recommend(
    query: CallbackQuery,
    callback_data: RecommendCb,
    bot: Bot,
    i18n: I18nContext,
    uow: UnitOfWork,
    staff: Staff,
    state: FSMContext,
    desks: Desks,
) -> None:
    draft = await take(state, "conclusion") or {}
    scores = {Criterion(k): int(v) for k, v in draft.get("scores", {}).items()}
    if len(scores) != len(Criterion) or "motivation" not in draft:
        await bot.send_message(query.from_user.id, i18n.get("button-stale"))
        return
    saved = await desks.conclude(
        uow,
        staff,
        query.from_user.id,
        int(draft.get("nomination_id", 0)),
        scores,
        draft["motivation"],
        callback_data.recommend,
    )
    if isinstance(saved, Refused):
        await bot.send_message(query.from_user.id, i18n.get(REFUSAL_KEYS[saved]))
        return
    await bot.send_message(
        query.from_user.id, i18n.get("expert-saved", count=saved.count, required=saved.required)
    )


async def staff_form_other(message: Message, i18n: I18nContext, state: FSMContext) -> None:
    current = await state.get_state()
    if current in (StaffForm.fact_comment.state, StaffForm.motivation.state):
        await message.answer(i18n.get("staff-expect-text"))
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


async def _ask_score(
    bot: Bot, chat_id: int, i18n: I18nContext, criterion: Criterion, reference: str
) -> None:
    builder = InlineKeyboardBuilder()
    for value in SCORES:
        builder.button(text=str(value), callback_data=ScoreCb(criterion=criterion, score=value))
    builder.adjust(5)
    intro = i18n.get("expert-intro", reference=reference) + "\n\n" if reference else ""
    await bot.send_message(
        chat_id,
        intro + i18n.get("expert-score", criterion=i18n.get(CRITERION_LONG_KEYS[criterion])),
        reply_markup=builder.as_markup(),
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
    desks.callback_query.register(fact, FactCb.filter(), flags=verifier)
    desks.message.register(
        fact_comment, StateFilter(StaffForm.fact_comment), F.text, flags=verifier
    )
    desks.callback_query.register(
        fact_no_comment, SkipCommentCb.filter(), StateFilter(StaffForm.fact_comment), flags=verifier
    )
    desks.callback_query.register(complete, CompleteCb.filter(), flags=verifier)
    desks.callback_query.register(conclude, ConcludeCb.filter(), flags=expert)
    desks.callback_query.register(
        score, ScoreCb.filter(), StateFilter(StaffForm.scores), flags=expert
    )
    desks.message.register(motivation, StateFilter(StaffForm.motivation), F.text, flags=expert)
    desks.callback_query.register(
        recommend, RecommendCb.filter(), StateFilter(StaffForm.recommend), flags=expert
    )
    desks.message.register(staff_form_other, StateFilter(StaffForm))
    desks.callback_query.register(export, ExportCb.filter(), flags={"role": Role.SECRETARIAT})
    return desks
