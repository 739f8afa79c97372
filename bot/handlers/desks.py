"""The staff desks: the secretariat screens, regional verifiers check facts, experts write
conclusions, the working group decides. Each desk is a paged queue and a case view.

The role gate (`bot.middlewares.RoleGate`) checks the desk's role; every action is then
checked again by `domain.pipeline` against the nomination as it stands in the database."""

from __future__ import annotations

from typing import Any

from aiogram import Bot, F, Router
from aiogram.filters import Command, StateFilter
from aiogram.fsm.context import FSMContext
from aiogram.fsm.state import State, StatesGroup
from aiogram.types import BufferedInputFile, CallbackQuery, InlineKeyboardMarkup, Message
from aiogram.utils.keyboard import InlineKeyboardBuilder
from aiogram_i18n import I18nContext
from sqlalchemy.ext.asyncio import AsyncSession

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
from bot.notify import DESK_COMMANDS, announce
from bot.render import card, excerpt, split_message
from bot.state import take
from domain.clock import Clock
from domain.nomination import InvalidInput, Status, text_between
from domain.pipeline import (
    DESKS,
    FACT_COMMENT_MAX,
    MOTIVATION_MAX,
    MOTIVATION_MIN,
    SCORES,
    Action,
    Criterion,
    NotAllowed,
    Role,
    Staff,
    Verdict,
    average_scores,
    staff_role_of,
    verification_outcome,
)
from domain.regions import Region
from storage import pipeline, repo
from storage.models import Nomination

PAGE_SIZE = 8
VERDICT_MARK = {
    Verdict.CONFIRMED: "✅",
    Verdict.NOT_CONFIRMED: "❌",
    Verdict.DOCUMENTS_NEEDED: "📄",
}
DESK_ACTIONS: dict[Role, tuple[Action, ...]] = {
    Role.SECRETARIAT: (Action.SEND_TO_VERIFICATION, Action.REJECT_AT_SCREENING),
    Role.WORKING_GROUP: (Action.TO_VOTE, Action.REJECT_BY_WORKING_GROUP),
}
CONFIRM_FIRST = frozenset({Action.REJECT_AT_SCREENING, Action.REJECT_BY_WORKING_GROUP})


class StaffForm(StatesGroup):
    fact_comment = State()
    scores = State()
    motivation = State()
    recommend = State()


def _desk_of(data: dict[str, Any]) -> Role:
    return data["callback_data"].role


def _action_role(data: dict[str, Any]) -> Role | None:
    return staff_role_of(data["callback_data"].action)


def _regions_filter(role: Role, staff: Staff) -> frozenset[str] | None:
    return staff.regions() if role is Role.VERIFIER else None


async def render_queue(
    session: AsyncSession,
    i18n: I18nContext,
    role: Role,
    staff: Staff,
    user_id: int,
    page: int,
    regions: tuple[Region, ...],
) -> tuple[str, InlineKeyboardMarkup]:
    nominations, total = await pipeline.queue(
        session,
        DESKS[role],
        offset=page * PAGE_SIZE,
        limit=PAGE_SIZE,
        regions=_regions_filter(role, staff),
        not_concluded_by=user_id if role is Role.EXPERT else None,
    )
    names = {region.code: region.name(i18n.locale) for region in regions}
    builder = InlineKeyboardBuilder()
    for nomination in nominations:
        region = names.get(nomination.region_code, "")
        builder.button(
            text=f"{nomination.reference} — {nomination.full_name} ({region})",
            callback_data=CaseCb(role=role, nomination_id=nomination.id),
        )
    sizes = [1] * len(nominations)
    pages = max(1, -(-total // PAGE_SIZE))
    navigation = []
    if page > 0:
        navigation.append(("◀️", QueueCb(role=role, page=page - 1)))
    if page + 1 < pages:
        navigation.append(("▶️", QueueCb(role=role, page=page + 1)))
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
    builder.adjust(*sizes)
    key = "desk-empty" if total == 0 else "desk-title"
    text = i18n.get(key, desk=i18n.get(f"desk-{role}"), count=total, page=page + 1, pages=pages)
    return text, builder.as_markup()


async def _case_text(
    session: AsyncSession,
    i18n: I18nContext,
    role: Role,
    nomination: Nomination,
    regions: tuple[Region, ...],
) -> str:
    parts = [
        i18n.get(
            "case-title",
            reference=nomination.reference or "",
            status=i18n.get(f"status-{nomination.status}"),
        ),
        card(i18n, repo.record_of(nomination), {r.code: r for r in regions}),
    ]
    checks = await pipeline.fact_checks(session, nomination.id)
    if checks or role is Role.VERIFIER:
        lines = [i18n.get("case-facts")]
        for number, achievement in enumerate(nomination.achievements, start=1):
            check = checks.get(achievement.id)
            if check is None:
                lines.append(f"{number}. ⏳ {i18n.get('verdict-none')}")
                continue
            mark = VERDICT_MARK[Verdict(check.verdict)]
            comment = f" — {check.comment}" if check.comment else ""
            lines.append(f"{number}. {mark} {i18n.get(f'verdict-{check.verdict}')}{comment}")
        parts.append("\n".join(lines))
    if role is Role.WORKING_GROUP:
        conclusions = await pipeline.conclusions_of(session, nomination.id)
        lines = [i18n.get("case-conclusions", count=len(conclusions))]
        for number, conclusion in enumerate(conclusions, start=1):
            scores = pipeline.scores_of(conclusion)
            lines.append(
                i18n.get(
                    "case-conclusion",
                    number=number,
                    scores=" · ".join(
                        f"{i18n.get(f'criterion-{c}')} {scores[c]}" for c in Criterion
                    ),
                    recommend=i18n.get("recommend-yes" if conclusion.recommend else "recommend-no"),
                    motivation=excerpt(conclusion.motivation, 600),
                )
            )
        averages = average_scores([pipeline.scores_of(c) for c in conclusions])
        if averages:
            lines.append(
                i18n.get(
                    "case-averages",
                    scores=" · ".join(
                        f"{i18n.get(f'criterion-{c}')} {v:.2f}" for c, v in averages.items()
                    ),
                    recommended=sum(1 for c in conclusions if c.recommend),
                    count=len(conclusions),
                )
            )
        parts.append("\n".join(lines))
    return "\n\n".join(parts)


def _case_keyboard(i18n: I18nContext, role: Role, nomination: Nomination) -> InlineKeyboardMarkup:
    builder = InlineKeyboardBuilder()
    sizes: list[int] = []
    for action in DESK_ACTIONS.get(role, ()):
        builder.button(
            text=i18n.get(f"decide-{action}"),
            callback_data=DecideCb(nomination_id=nomination.id, action=action),
        )
        sizes.append(1)
    if role is Role.VERIFIER:
        for number, achievement in enumerate(nomination.achievements, start=1):
            for verdict, mark in VERDICT_MARK.items():
                builder.button(
                    text=f"{number} {mark}",
                    callback_data=FactCb(
                        nomination_id=nomination.id, achievement_id=achievement.id, verdict=verdict
                    ),
                )
            sizes.append(3)
        builder.button(
            text=i18n.get("verify-complete"), callback_data=CompleteCb(nomination_id=nomination.id)
        )
        sizes.append(1)
    if role is Role.EXPERT:
        builder.button(
            text=i18n.get("expert-start"), callback_data=ConcludeCb(nomination_id=nomination.id)
        )
        sizes.append(1)
    builder.button(
        text=i18n.get("case-files"), callback_data=FilesCb(role=role, nomination_id=nomination.id)
    )
    builder.button(text=i18n.get("case-back"), callback_data=QueueCb(role=role))
    sizes.append(2)
    builder.adjust(*sizes)
    return builder.as_markup()


async def _load_case(
    session: AsyncSession, role: Role, staff: Staff, nomination_id: int, user_id: int
) -> Nomination | None:
    """The nomination if it waits at this desk for this person, else None."""
    nomination = await session.get(Nomination, nomination_id, populate_existing=True)
    if nomination is None:
        return None
    waits = staff.works_at(role, Status(nomination.status), nomination.region_code)
    return nomination if waits else None


async def show_case(
    bot: Bot,
    chat_id: int,
    session: AsyncSession,
    i18n: I18nContext,
    role: Role,
    nomination: Nomination,
    regions: tuple[Region, ...],
) -> None:
    text = await _case_text(session, i18n, role, nomination, regions)
    *head, last = split_message(text)
    for piece in head:
        await bot.send_message(chat_id, piece)
    await bot.send_message(chat_id, last, reply_markup=_case_keyboard(i18n, role, nomination))


async def _refuse(query: CallbackQuery, i18n: I18nContext) -> None:
    await query.answer(i18n.get("case-moved"), show_alert=True)


async def _case_or_refuse(
    query: CallbackQuery,
    i18n: I18nContext,
    session: AsyncSession,
    role: Role,
    staff: Staff,
    nomination_id: int,
) -> Nomination | None:
    """The case if it waits at this desk for this person; otherwise the person is told."""
    nomination = await _load_case(session, role, staff, nomination_id, query.from_user.id)
    if nomination is None:
        await _refuse(query, i18n)
    return nomination


async def _move_or_refuse(
    query: CallbackQuery,
    i18n: I18nContext,
    session: AsyncSession,
    staff: Staff,
    nomination: Nomination,
    action: Action,
    now: Any,
    details: dict[str, Any] | None = None,
) -> bool:
    """Take the action (the domain checks role, scope and status); refuse if it fails."""
    try:
        await pipeline.move(
            session,
            nomination,
            action,
            staff.actors_for(nomination.region_code),
            query.from_user.id,
            now,
            details,
        )
    except (NotAllowed, pipeline.Raced):
        await _refuse(query, i18n)
        return False
    await query.answer(i18n.get("decide-done"))
    return True


def router() -> Router:
    desks = Router(name="desks")

    for desk_role, command in DESK_COMMANDS.items():

        async def open_desk(
            message: Message,
            session: AsyncSession,
            i18n: I18nContext,
            staff: Staff,
            regions: tuple[Region, ...],
            _desk: Role = desk_role,
        ) -> None:
            assert message.from_user is not None
            text, markup = await render_queue(
                session, i18n, _desk, staff, message.from_user.id, 0, regions
            )
            await message.answer(text, reply_markup=markup)

        desks.message.register(open_desk, Command(command), flags={"role": desk_role})

    @desks.callback_query(QueueCb.filter(F.role.in_(DESKS)), flags={"role": _desk_of})
    async def page(
        query: CallbackQuery,
        callback_data: QueueCb,
        session: AsyncSession,
        i18n: I18nContext,
        staff: Staff,
        regions: tuple[Region, ...],
    ) -> None:
        text, markup = await render_queue(
            session,
            i18n,
            callback_data.role,
            staff,
            query.from_user.id,
            max(0, callback_data.page),
            regions,
        )
        await query.answer()
        if isinstance(query.message, Message):
            await query.message.edit_text(text, reply_markup=markup)

    @desks.callback_query(CaseCb.filter(F.role.in_(DESKS)), flags={"role": _desk_of})
    async def open_case(
        query: CallbackQuery,
        callback_data: CaseCb,
        bot: Bot,
        session: AsyncSession,
        i18n: I18nContext,
        staff: Staff,
        clock: Clock,
        regions: tuple[Region, ...],
    ) -> None:
        role = callback_data.role
        nomination = await _case_or_refuse(
            query, i18n, session, role, staff, callback_data.nomination_id
        )
        if nomination is None:
            return
        await query.answer()
        if role is Role.SECRETARIAT and nomination.status == Status.SUBMITTED:
            # Opening a new nomination takes it into screening: the nominator hears of it.
            try:
                await pipeline.move(
                    session,
                    nomination,
                    Action.TAKE_FOR_SCREENING,
                    staff.actors_for(nomination.region_code),
                    query.from_user.id,
                    clock(),
                )
                await announce(bot, session, i18n, nomination)
            except pipeline.Raced:
                await session.refresh(nomination)
        await show_case(bot, query.from_user.id, session, i18n, role, nomination, regions)

    @desks.callback_query(FilesCb.filter(F.role.in_(DESKS)), flags={"role": _desk_of})
    async def files(
        query: CallbackQuery,
        callback_data: FilesCb,
        bot: Bot,
        session: AsyncSession,
        i18n: I18nContext,
        staff: Staff,
    ) -> None:
        nomination = await _case_or_refuse(
            query, i18n, session, callback_data.role, staff, callback_data.nomination_id
        )
        if nomination is None:
            return
        await query.answer()
        chat_id = query.from_user.id
        sent = 0
        if nomination.photo_file_id:
            await bot.send_photo(chat_id, nomination.photo_file_id, caption=nomination.full_name)
            sent += 1
        for number, achievement in enumerate(nomination.achievements, start=1):
            caption = i18n.get("case-proof-of", number=number)
            if achievement.proof_kind == "photo" and achievement.proof_file_id:
                await bot.send_photo(chat_id, achievement.proof_file_id, caption=caption)
                sent += 1
            elif achievement.proof_file_id:
                await bot.send_document(chat_id, achievement.proof_file_id, caption=caption)
                sent += 1
        if not sent:
            await bot.send_message(chat_id, i18n.get("case-no-files"))

    @desks.callback_query(DecideCb.filter(), flags={"role": _action_role})
    async def decide(
        query: CallbackQuery,
        callback_data: DecideCb,
        bot: Bot,
        session: AsyncSession,
        i18n: I18nContext,
        staff: Staff,
        clock: Clock,
    ) -> None:
        action = callback_data.action
        role = staff_role_of(action)
        if role not in DESK_ACTIONS or action not in DESK_ACTIONS[role]:
            await query.answer()  # not a button any desk shows: forged
            return
        nomination = await _case_or_refuse(
            query, i18n, session, role, staff, callback_data.nomination_id
        )
        if nomination is None:
            return
        message = query.message if isinstance(query.message, Message) else None
        if action in CONFIRM_FIRST and not callback_data.confirmed:
            await query.answer()
            if message is not None:
                builder = InlineKeyboardBuilder()
                builder.button(
                    text=i18n.get("decide-confirm"),
                    callback_data=DecideCb(
                        nomination_id=nomination.id, action=action, confirmed=True
                    ),
                )
                builder.button(
                    text=i18n.get("decide-cancel"),
                    callback_data=CaseCb(role=role, nomination_id=nomination.id),
                )
                builder.adjust(1)
                await message.edit_reply_markup(reply_markup=builder.as_markup())
            return
        if not await _move_or_refuse(query, i18n, session, staff, nomination, action, clock()):
            return
        if message is not None and message.text:
            await message.edit_text(
                f"{message.text}\n\n✓ {i18n.get(f'decide-{action}')}", reply_markup=None
            )
        await announce(bot, session, i18n, nomination)

    @desks.callback_query(FactCb.filter(), flags={"role": Role.VERIFIER})
    async def fact(
        query: CallbackQuery,
        callback_data: FactCb,
        bot: Bot,
        session: AsyncSession,
        i18n: I18nContext,
        staff: Staff,
        state: FSMContext,
    ) -> None:
        nomination = await _case_or_refuse(
            query, i18n, session, Role.VERIFIER, staff, callback_data.nomination_id
        )
        if nomination is None:
            return
        numbers = {a.id: n for n, a in enumerate(nomination.achievements, start=1)}
        if callback_data.achievement_id not in numbers:
            await query.answer()  # forged: not this candidate's achievement
            return
        await query.answer()
        await state.set_state(StaffForm.fact_comment)
        await state.update_data(fact=callback_data.model_dump(mode="json"))
        builder = InlineKeyboardBuilder()
        builder.button(text=i18n.get("verify-no-comment"), callback_data=SkipCommentCb())
        await bot.send_message(
            query.from_user.id,
            i18n.get(
                "verify-comment",
                number=numbers[callback_data.achievement_id],
                verdict=i18n.get(f"verdict-{callback_data.verdict}"),
            ),
            reply_markup=builder.as_markup(),
        )

    async def save_fact(
        chat_id: int,
        comment: str | None,
        bot: Bot,
        session: AsyncSession,
        i18n: I18nContext,
        staff: Staff,
        state: FSMContext,
        clock: Clock,
        regions: tuple[Region, ...],
    ) -> None:
        fact = FactCb.model_validate(await take(state, "fact") or {})
        nomination = await _load_case(session, Role.VERIFIER, staff, fact.nomination_id, chat_id)
        if nomination is None:
            await bot.send_message(chat_id, i18n.get("case-moved"))
            return
        await pipeline.set_fact_check(
            session, nomination, fact.achievement_id, fact.verdict, comment, chat_id, clock()
        )
        await show_case(bot, chat_id, session, i18n, Role.VERIFIER, nomination, regions)

    @desks.message(StateFilter(StaffForm.fact_comment), F.text, flags={"role": Role.VERIFIER})
    async def fact_comment(
        message: Message,
        bot: Bot,
        session: AsyncSession,
        i18n: I18nContext,
        staff: Staff,
        state: FSMContext,
        clock: Clock,
        regions: tuple[Region, ...],
    ) -> None:
        text = (message.text or "").strip()
        try:
            text = text_between(text, 1, FACT_COMMENT_MAX)
        except InvalidInput as error:
            await message.answer(i18n.get(f"form-error-{error.code}", **error.params))
            return
        await save_fact(message.chat.id, text, bot, session, i18n, staff, state, clock, regions)

    @desks.callback_query(
        SkipCommentCb.filter(), StateFilter(StaffForm.fact_comment), flags={"role": Role.VERIFIER}
    )
    async def fact_no_comment(
        query: CallbackQuery,
        bot: Bot,
        session: AsyncSession,
        i18n: I18nContext,
        staff: Staff,
        state: FSMContext,
        clock: Clock,
        regions: tuple[Region, ...],
    ) -> None:
        await query.answer()
        await save_fact(query.from_user.id, None, bot, session, i18n, staff, state, clock, regions)

    @desks.callback_query(CompleteCb.filter(), flags={"role": Role.VERIFIER})
    async def complete(
        query: CallbackQuery,
        callback_data: CompleteCb,
        bot: Bot,
        session: AsyncSession,
        i18n: I18nContext,
        staff: Staff,
        clock: Clock,
    ) -> None:
        nomination = await _case_or_refuse(
            query, i18n, session, Role.VERIFIER, staff, callback_data.nomination_id
        )
        if nomination is None:
            return
        checks = await pipeline.fact_checks(session, nomination.id)
        verdicts = [
            Verdict(checks[a.id].verdict) if a.id in checks else None
            for a in nomination.achievements
        ]
        outcome = verification_outcome(verdicts)
        if outcome is None:
            await query.answer(i18n.get("verify-incomplete"), show_alert=True)
            return
        details = {"verdicts": [str(v) for v in verdicts]}
        if not await _move_or_refuse(
            query, i18n, session, staff, nomination, outcome, clock(), details
        ):
            return
        await bot.send_message(query.from_user.id, i18n.get(f"verify-done-{outcome}"))
        await announce(bot, session, i18n, nomination)

    @desks.callback_query(ConcludeCb.filter(), flags={"role": Role.EXPERT})
    async def conclude(
        query: CallbackQuery,
        callback_data: ConcludeCb,
        bot: Bot,
        session: AsyncSession,
        i18n: I18nContext,
        staff: Staff,
        state: FSMContext,
    ) -> None:
        nomination = await _case_or_refuse(
            query, i18n, session, Role.EXPERT, staff, callback_data.nomination_id
        )
        if nomination is None:
            return
        if any(
            c.expert_id == query.from_user.id
            for c in await pipeline.conclusions_of(session, nomination.id)
        ):
            await query.answer(i18n.get("expert-already"), show_alert=True)
            return
        await query.answer()
        await state.set_state(StaffForm.scores)
        await state.update_data(conclusion={"nomination_id": nomination.id, "scores": {}})
        await _ask_score(
            bot, query.from_user.id, i18n, Criterion.CONTRIBUTION, nomination.reference or ""
        )

    @desks.callback_query(
        ScoreCb.filter(), StateFilter(StaffForm.scores), flags={"role": Role.EXPERT}
    )
    async def score(
        query: CallbackQuery,
        callback_data: ScoreCb,
        bot: Bot,
        i18n: I18nContext,
        state: FSMContext,
    ) -> None:
        draft = (await state.get_data()).get("conclusion") or {}
        scores: dict[str, int] = draft.get("scores", {})
        expected = next((c for c in Criterion if c not in scores), None)
        if callback_data.score not in SCORES or callback_data.criterion is not expected:
            await query.answer(i18n.get("button-stale"), show_alert=True)
            return
        await query.answer()
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
            query.from_user.id,
            i18n.get("expert-motivation", min=MOTIVATION_MIN, max=MOTIVATION_MAX),
        )

    @desks.message(StateFilter(StaffForm.motivation), F.text, flags={"role": Role.EXPERT})
    async def motivation(message: Message, i18n: I18nContext, state: FSMContext) -> None:
        text = (message.text or "").strip()
        try:
            text = text_between(text, MOTIVATION_MIN, MOTIVATION_MAX)
        except InvalidInput as error:
            await message.answer(i18n.get(f"form-error-{error.code}", **error.params))
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
        await message.answer(i18n.get("expert-recommend"), reply_markup=builder.as_markup())

    @desks.callback_query(
        RecommendCb.filter(), StateFilter(StaffForm.recommend), flags={"role": Role.EXPERT}
    )
    async def recommend(
        query: CallbackQuery,
        callback_data: RecommendCb,
        bot: Bot,
        session: AsyncSession,
        i18n: I18nContext,
        staff: Staff,
        state: FSMContext,
        settings: Settings,
        clock: Clock,
    ) -> None:
        draft = await take(state, "conclusion") or {}
        await query.answer()
        nomination = await _load_case(
            session, Role.EXPERT, staff, int(draft.get("nomination_id", 0)), query.from_user.id
        )
        if nomination is None:
            await bot.send_message(query.from_user.id, i18n.get("case-moved"))
            return
        scores = {Criterion(k): int(v) for k, v in draft["scores"].items()}
        now = clock()
        try:
            count = await pipeline.add_conclusion(
                session,
                nomination,
                query.from_user.id,
                scores,
                draft["motivation"],
                callback_data.recommend,
                now,
            )
        except pipeline.AlreadyConcluded:
            await bot.send_message(query.from_user.id, i18n.get("expert-already"))
            return
        await session.commit()
        await bot.send_message(
            query.from_user.id,
            i18n.get("expert-saved", count=count, required=settings.expert_conclusions_required),
        )
        if count >= settings.expert_conclusions_required:
            try:
                await pipeline.move(
                    session,
                    nomination,
                    Action.EXPERT_QUORUM,
                    staff.actors_for(nomination.region_code),
                    query.from_user.id,
                    now,
                    {"conclusions": count},
                )
            except (NotAllowed, pipeline.Raced):
                return  # another expert's conclusion completed it at the same moment
            await announce(bot, session, i18n, nomination)

    @desks.message(StateFilter(StaffForm))
    async def staff_form_other(message: Message, i18n: I18nContext, state: FSMContext) -> None:
        current = await state.get_state()
        key = (
            "staff-expect-text"
            if current in (StaffForm.fact_comment.state, StaffForm.motivation.state)
            else "form-error-expect-choice"
        )
        await message.answer(i18n.get(key))

    @desks.callback_query(ExportCb.filter(), flags={"role": Role.SECRETARIAT})
    async def export(
        query: CallbackQuery,
        callback_data: ExportCb,
        bot: Bot,
        session: AsyncSession,
        i18n: I18nContext,
        settings: Settings,
        clock: Clock,
        regions: tuple[Region, ...],
    ) -> None:
        await query.answer()
        headers, rows = await nominations_table(
            session, i18n.core, i18n.locale, regions, settings.tz
        )
        stamp = clock().astimezone(settings.tz).strftime("%Y%m%d-%H%M")
        content = spreadsheet(headers, rows, callback_data.format)
        await bot.send_document(
            query.from_user.id,
            BufferedInputFile(content, filename=f"nominations-{stamp}.{callback_data.format}"),
            caption=i18n.get("export-caption", count=len(rows)),
        )

    return desks


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
        intro + i18n.get("expert-score", criterion=i18n.get(f"criterion-{criterion}-long")),
        reply_markup=builder.as_markup(),
    )
