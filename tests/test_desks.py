"""The desks at national scale: ten thousand nominations found by search and filters, worked
through one after another without a command, claimed by one member at a time, rejected in bulk
with one confirmation, and never acted on by someone with a conflict of interest."""

from __future__ import annotations

import json
import re
from datetime import datetime, timedelta

import pytest
from sqlalchemy import func, select, update

from bot.callbacks import CaseCb, DecideCb, DeskFilter, DeskFilterCb, DeskToolCb, FactCb, QueueCb
from config import REGIONS_PATH
from domain.nomination import Sphere, Status
from domain.pipeline import Action, Role, Verdict
from domain.regions import load_regions
from services.keys import SPHERE_KEYS
from storage.models import Achievement, AuditEntry, Nomination, OutboxMessage, Recusal
from tests.fixtures.staff import join
from tests.flows import crowd_of_nominations, store_nomination, t
from tests.harness import ADMIN_ID

pytestmark = pytest.mark.sql  # also run on PostgreSQL: see the Makefile's `test`

REGIONS = load_regions(REGIONS_PATH)
CODES = [region.code for region in REGIONS]
ALMATY = "almaty_city"
TZ_OFFSET = timedelta(hours=5)  # Asia/Almaty


async def crowd(sessionmaker, clock, count: int, **options) -> None:
    async with sessionmaker() as session:
        await crowd_of_nominations(session, count, clock(), CODES, **options)
        await session.commit()


async def secretariat(app, texts, user_id=11, locale="en", name="Staff"):
    admin = app.person(ADMIN_ID, language_code="en", name="Admin")
    return await join(app, texts, admin, user_id, locale, "secretariat", name=name)


def listed(sent) -> list[str]:
    """The references of the cases a list message shows, in order."""
    return re.findall(r"^№(\d{6}) · ", sent.text, flags=re.MULTILINE)


def title(texts, count, page, pages, locale="en", desk="desk-secretariat") -> str:
    return t(
        texts,
        locale,
        "desk-title",
        desk=t(texts, locale, desk),
        count=count,
        page=page,
        pages=pages,
    )


async def count_where(sessionmaker, *conditions) -> int:
    async with sessionmaker() as session:
        query = select(func.count()).select_from(Nomination).where(*conditions)
        return int(await session.scalar(query) or 0)


@pytest.fixture
async def target(sessionmaker, clock):
    """One nomination among ten thousand others, submitted last."""
    await crowd(sessionmaker, clock, 10_000)
    clock.now += timedelta(minutes=1)
    return await store_nomination(sessionmaker, 500, clock())


async def test_search_finds_one_case_among_ten_thousand_by_name_reference_and_phone(
    app, texts, sessionmaker, target
):
    sec = await secretariat(app, texts)
    waiting = Nomination.status.in_([Status.SUBMITTED, Status.SCREENING])
    total = await count_where(sessionmaker, waiting)
    assert total == 10_001
    sent = await sec.send("/queue")
    pages = -(-total // 8)
    assert sent[-1].text.startswith(title(texts, total, 1, pages))
    # The desk opens with its counts per stage and region, as the database has them.
    submitted = await count_where(sessionmaker, Nomination.status == Status.SUBMITTED)
    stages = " · ".join(
        (
            f"{t(texts, 'en', 'stage-new')} {submitted}",
            f"{t(texts, 'en', 'stage-returned')} {total - submitted}",
        )
    )
    assert t(texts, "en", "desk-by-status", counts=stages) in sent[-1].text
    abai = await count_where(sessionmaker, waiting, Nomination.region_code == "abai")
    assert f"Abai Region {abai} · " in sent[-1].text
    # The oldest submission first: the crowd's first, not the target submitted last.
    assert listed(sent[-1])[0] == "100000"

    serial = target.reference.rsplit("-", 1)[-1]
    line = f"№{serial} · Сапарова А. Н. — Сапарова Айгерім Нұрланқызы, Almaty"
    for typed in ("нұрланқызы САПАРОВА", target.reference, f"№{int(serial)}", "8 701 123 45 67"):
        sent = await sec.send(f"/queue {typed}")
        assert sent[-1].text.startswith(title(texts, 1, 1, 1)), typed
        assert line in sent[-1].text
        assert f"{t(texts, 'en', 'filter-search')}: {typed}" in sent[-1].text
        assert sent[-1].buttons[0] == f"№{serial} · Сапарова А. Н."

    # The search button asks; what is typed narrows the list, a nonsense answer is explained.
    await sec.press(t(texts, "en", "desk-search"))
    assert sec.last.text == t(texts, "en", "desk-ask-search")
    sent = await sec.send("???")
    assert sent[-1].text == t(texts, "en", "desk-error-search")
    sent = await sec.send("Сапарова")
    assert line in sent[-1].text
    sent = await sec.send("Ахметова Ерлан")  # no longer searching: the state is over
    assert [s.text for s in sent] == [t(texts, "en", "unknown-message")]
    sent = await sec.send("/queue Несуществующая Фамилия")
    assert sent[-1].text.startswith(
        t(
            texts,
            "en",
            "desk-none-match",
            desk=t(texts, "en", "desk-secretariat"),
            count=0,
            page=1,
            pages=1,
        )
    )
    await sec.press(t(texts, "en", "desk-clear"))
    assert sec.last.text.startswith(title(texts, total, 1, pages))


async def test_filters_combine_and_stay_while_paging_and_jumping(app, texts, sessionmaker, clock):
    await crowd(sessionmaker, clock, 10_000)
    sec = await secretariat(app, texts, locale="ru")
    await sec.send("/queue")
    await sec.press(t(texts, "ru", "desk-filters"))
    await sec.press(t(texts, "ru", "filter-region"))
    await sec.press("область Абай")  # the list is edited in place
    abai = (Nomination.region_code == "abai", Nomination.status.in_(["submitted", "screening"]))
    count = await count_where(sessionmaker, *abai)
    assert sec.last.text.startswith(title(texts, count, 1, -(-count // 8), "ru"))
    await sec.press(t(texts, "ru", "desk-filters"))
    await sec.press(t(texts, "ru", "filter-sphere"))
    sphere = t(texts, "ru", SPHERE_KEYS[Sphere.CULTURE])
    await sec.press(sphere)
    both = (*abai, Nomination.sphere == Sphere.CULTURE)
    count = await count_where(sessionmaker, *both)
    assert 8 < count < 500
    assert sec.last.text.startswith(title(texts, count, 1, -(-count // 8), "ru"))
    # Submitted between two days (Almaty time), on top of region and sphere.
    await sec.press(t(texts, "ru", "desk-filters"))
    await sec.press(t(texts, "ru", "filter-period"))
    assert sec.last.text == t(texts, "ru", "desk-ask-period")
    sent = await sec.send("32.11.2026")
    assert sent[-1].text == t(texts, "ru", "form-error-date-impossible")
    sent = await sec.send("18.11.2026 – 16.11.2026")  # either order
    start = datetime(2026, 11, 16) - TZ_OFFSET
    end = datetime(2026, 11, 19) - TZ_OFFSET
    start, end = (moment.replace(tzinfo=clock().tzinfo) for moment in (start, end))
    all_three = (*both, Nomination.created_at >= start, Nomination.created_at < end)
    count = await count_where(sessionmaker, *all_three)
    pages = -(-count // 8)
    assert count > 16
    assert sent[-1].text.startswith(title(texts, count, 1, pages, "ru"))
    lines = [
        f"{t(texts, 'ru', 'filter-region')}: область Абай",
        f"{t(texts, 'ru', 'filter-sphere')}: {sphere}",
        f"{t(texts, 'ru', 'filter-period')}: 16.11.2026 – 18.11.2026",
    ]
    assert all(line in sent[-1].text for line in lines)
    async with sessionmaker() as session:
        expected = list(
            await session.scalars(
                select(Nomination.reference)
                .where(*all_three)
                .order_by(Nomination.created_at, Nomination.id)
            )
        )
    serials = [reference.rsplit("-", 1)[-1] for reference in expected]
    assert listed(sent[-1]) == serials[:8]
    # Paging keeps every filter; the page button jumps to a typed page.
    await sec.press("▶️")
    assert sec.last.text.startswith(title(texts, count, 2, pages, "ru"))
    assert listed(sec.last) == serials[8:16]
    assert all(line in sec.last.text for line in lines)
    await sec.press(f"2/{pages}")
    assert sec.last.text == t(texts, "ru", "desk-ask-page")
    sent = await sec.send("ноль")
    assert sent[-1].text == t(texts, "ru", "desk-error-page")
    sent = await sec.send(str(pages))
    assert sent[-1].text.startswith(title(texts, count, pages, pages, "ru"))
    assert listed(sent[-1]) == serials[(pages - 1) * 8 :]
    sent = await sec.send("/queue")  # the desk opens again as it was left, from page one
    assert sent[-1].text.startswith(title(texts, count, 1, pages, "ru"))


async def test_a_desk_works_through_twenty_cases_without_a_command(app, texts, sessionmaker, clock):
    await crowd(sessionmaker, clock, 20, statuses=(Status.SUBMITTED,))
    sec = await secretariat(app, texts)
    await sec.send("/queue")
    sent = await sec.press(t(texts, "en", "desk-next"))
    seen = []
    for number in range(20):
        assert sent[-1].text.startswith(f"100-2026-{100_000 + number:06d} · submitted"), number
        seen.append(sent[-1].text.split(" ", 1)[0])
        sent = await sec.press(t(texts, "en", "decide-verify"))
    assert sent[-1].text == t(
        texts,
        "en",
        "desk-empty",
        desk=t(texts, "en", "desk-secretariat"),
        count=0,
        page=1,
        pages=1,
    )
    assert len(set(seen)) == 20
    assert await count_where(sessionmaker, Nomination.status == Status.VERIFICATION) == 20
    assert await count_where(sessionmaker, Nomination.claimed_by.is_not(None)) == 0


async def test_two_members_cannot_both_work_one_case(app, texts, sessionmaker, clock):
    await crowd(sessionmaker, clock, 3, statuses=(Status.SUBMITTED,))
    first = await secretariat(app, texts, 11, "en", name="Dana")
    second = await secretariat(app, texts, 12, "kk", name="Arman")
    await first.send("/queue")
    sent = await first.press("№100000 · Ахметова А. С.")
    assert t(texts, "en", "case-yours", minutes=30) in sent[-1].text
    # The other member sees who holds it, in the list and on the case, and may only read it.
    sent = await second.send("/queue")
    assert t(texts, "kk", "desk-held-by", name="Dana") in sent[-1].text
    sent = await second.press("№100000 · Ахметова А. С.")
    assert t(texts, "kk", "case-held", name="Dana", minutes=30) in sent[-1].text
    assert t(texts, "kk", "decide-verify") not in sent[-1].buttons
    assert sent[-1].buttons[0] == t(texts, "kk", "case-take-over")
    forged = DecideCb(nomination_id=1, action=Action.SEND_TO_VERIFICATION).pack()
    await second.press_data(forged, on=sent[-1])
    assert second.last_answer.text == t(texts, "kk", "case-claimed")
    # "Next case" passes over it.
    sent = await second.press_data(
        DeskToolCb(role=Role.SECRETARIAT, tool="next").pack(), on=sent[-1]
    )
    assert sent[-1].text.startswith("100-2026-100001")
    # Taking it over is explicit, audited, and the first member is told.
    await second.press_data(CaseCb(role=Role.SECRETARIAT, nomination_id=1).pack())
    sent = await second.press(t(texts, "kk", "case-take-over"))
    assert t(texts, "kk", "case-yours", minutes=30) in sent[-1].text
    assert first.last.text == t(
        texts,
        "en",
        "case-taken-over",
        reference="100-2026-100000",
        name="Ахметова Айгерім Серікқызы",
        by="Arman",
    )
    await first.press(t(texts, "en", "decide-verify"))
    assert first.last_answer.text == t(texts, "en", "case-claimed")
    async with sessionmaker() as session:
        taken = await session.scalar(
            select(func.count())
            .select_from(AuditEntry)
            .where(AuditEntry.action == "nomination.take_over")
        )
    assert taken == 1
    # Let go, it is anybody's again; a claim left alone lapses after the timeout.
    await second.press(t(texts, "kk", "case-release"))
    assert second.answers[-1].text == t(texts, "kk", "case-released")
    sent = await first.press_data(CaseCb(role=Role.SECRETARIAT, nomination_id=1).pack())
    assert t(texts, "en", "case-yours", minutes=30) in sent[-1].text
    clock.now += timedelta(minutes=31)
    sent = await second.press_data(CaseCb(role=Role.SECRETARIAT, nomination_id=1).pack())
    assert t(texts, "kk", "case-yours", minutes=30) in sent[-1].text
    await second.press(t(texts, "kk", "decide-verify"))
    assert await count_where(sessionmaker, Nomination.status == Status.VERIFICATION) == 1


async def test_a_bulk_rejection_of_fifty_is_one_confirmation_and_fifty_audited_moves(
    app, texts, sessionmaker, clock
):
    await crowd(sessionmaker, clock, 50, statuses=(Status.SUBMITTED,))
    sec = await secretariat(app, texts, locale="ru")
    await sec.send("/queue")
    await sec.press(t(texts, "ru", "desk-select"))
    # Three picked by hand first: the selection is rejected as spam.
    for label in ("▫️ №100000 · Ахметова А. С.", "▫️ №100002 · Иванова А. С."):
        await sec.press(label)
    assert t(texts, "ru", "desk-select-hint", count=2) in sec.last.text
    await sec.press(t(texts, "ru", "bulk-reject-selected"))
    await sec.press(t(texts, "ru", "reason-spam"))
    confirm = t(texts, "ru", "bulk-confirm-ask", count=2, reason=t(texts, "ru", "reason-spam"))
    assert sec.last.text == confirm
    sent = await sec.press(t(texts, "ru", "bulk-confirm", count=2))
    assert sent[0].text == t(texts, "ru", "bulk-done", count=2)
    # Then every case the list still holds, as duplicates.
    await sec.press(t(texts, "ru", "desk-select"))
    await sec.press(t(texts, "ru", "bulk-reject-all"))
    await sec.press(t(texts, "ru", "reason-duplicate"))
    reason = t(texts, "ru", "reason-duplicate")
    assert sec.last.text == t(texts, "ru", "bulk-confirm-ask", count=48, reason=reason)
    # A member acting meanwhile makes the confirmation stale: nothing is rejected.
    async with sessionmaker() as session:
        await session.execute(
            update(Nomination).where(Nomination.id == 50).values(status=Status.VERIFICATION)
        )
        await session.commit()
    sent = await sec.press(t(texts, "ru", "bulk-confirm", count=48))
    assert sent[0].text == t(texts, "ru", "bulk-changed")
    assert await count_where(sessionmaker, Nomination.status == Status.REJECTED) == 2
    async with sessionmaker() as session:
        await session.execute(
            update(Nomination).where(Nomination.id == 50).values(status=Status.SUBMITTED)
        )
        await session.commit()
    await sec.press(t(texts, "ru", "desk-select"))
    await sec.press(t(texts, "ru", "bulk-reject-all"))
    await sec.press(t(texts, "ru", "reason-duplicate"))
    sent = await sec.press(t(texts, "ru", "bulk-confirm", count=48))
    assert sent[0].text == t(texts, "ru", "bulk-done", count=48)
    assert await count_where(sessionmaker, Nomination.status == Status.REJECTED) == 50
    async with sessionmaker() as session:
        entries = list(
            await session.scalars(
                select(AuditEntry).where(AuditEntry.action == "nomination.reject")
            )
        )
        told = await session.scalar(
            select(func.count())
            .select_from(OutboxMessage)
            .where(OutboxMessage.recipient_id == 900, OutboxMessage.text_key == "status-changed")
        )
    assert len(entries) == 50
    assert len({entry.subject for entry in entries}) == 50
    reasons = [json.loads(entry.details)["reason"] for entry in entries]
    assert reasons.count("duplicate") == 48 and reasons.count("spam") == 2
    assert told == 50
    assert sec.last.text.startswith(
        t(
            texts,
            "ru",
            "desk-empty",
            desk=t(texts, "ru", "desk-secretariat"),
            count=0,
            page=1,
            pages=1,
        )
    )


DESK_CASES = (
    # (role, invitation role, region button, status waiting there, command, desk key)
    (Role.SECRETARIAT, "secretariat", None, Status.SUBMITTED, "/queue", "desk-secretariat"),
    (Role.VERIFIER, "verifier", "Almaty", Status.VERIFICATION, "/verify", "desk-verifier"),
    (Role.EXPERT, "expert", None, Status.EXPERT_REVIEW, "/review", "desk-expert"),
    (Role.WORKING_GROUP, "wg", None, Status.WORKING_GROUP, "/decide", "desk-wg"),
)


@pytest.mark.parametrize("how", ["submitted", "named"])
@pytest.mark.parametrize(("role", "invited", "region", "status", "command", "desk"), DESK_CASES)
async def test_no_desk_lets_a_member_act_on_a_nomination_they_submitted_or_are_named_in(
    app, texts, sessionmaker, clock, role, invited, region, status, command, desk, how
):
    admin = app.person(ADMIN_ID, language_code="en", name="Admin")
    member = await join(app, texts, admin, 21, "en", invited, region)
    async with sessionmaker() as session:
        await crowd_of_nominations(
            session,
            1,
            clock(),
            [ALMATY],
            nominator_id=21 if how == "submitted" else 900,
            statuses=(status,),
        )
        if how == "named":
            await session.execute(update(Nomination).values(nominee_id=21))
        await session.commit()
    sent = await member.send(command)
    assert sent[-1].text == t(
        texts, "en", "desk-empty", desk=t(texts, "en", desk), count=0, page=1, pages=1
    )
    await member.press_data(CaseCb(role=role, nomination_id=1).pack(), on=sent[-1])
    assert member.last_answer.text == t(texts, "en", "case-conflict")
    action = {
        Role.SECRETARIAT: Action.SEND_TO_VERIFICATION,
        Role.WORKING_GROUP: Action.TO_VOTE,
    }.get(role)
    if action is not None:
        await member.press_data(DecideCb(nomination_id=1, action=action).pack(), on=sent[-1])
        assert member.last_answer.text == t(texts, "en", "case-conflict")
    assert await count_where(sessionmaker, Nomination.status == status) == 1


async def test_a_member_recuses_and_the_case_leaves_their_desk(app, texts, sessionmaker, clock):
    await crowd(sessionmaker, clock, 2, statuses=(Status.SUBMITTED,))
    sec = await secretariat(app, texts, locale="kk")
    await sec.send("/queue")
    await sec.press("№100000 · Ахметова А. С.")
    await sec.press(t(texts, "kk", "case-recuse"))
    assert sec.last.text == t(texts, "kk", "case-recuse-ask")
    sent = await sec.press(t(texts, "kk", "case-recuse-confirm"))
    assert sent[0].text == t(texts, "kk", "case-recused", reference="100-2026-100000")
    assert sent[-1].text.startswith("100-2026-100001")  # the next case at once
    sent = await sec.send("/queue")
    assert listed(sent[-1]) == ["100001"]
    await sec.press_data(CaseCb(role=Role.SECRETARIAT, nomination_id=1).pack(), on=sent[-1])
    assert sec.last_answer.text == t(texts, "kk", "case-conflict")
    async with sessionmaker() as session:
        assert await session.scalar(select(func.count()).select_from(Recusal)) == 1
        entry = await session.scalar(
            select(AuditEntry).where(AuditEntry.action == "nomination.recusal")
        )
    assert entry is not None and entry.subject == "nomination:1" and entry.actor_id == 11
    # Another member still sees it.
    other = await secretariat(app, texts, 12, "en")
    sent = await other.send("/queue")
    assert listed(sent[-1]) == ["100000", "100001"]


async def test_stale_desk_buttons_and_typing_are_answered(app, texts, sessionmaker, clock):
    await crowd(
        sessionmaker,
        clock,
        1,
        statuses=(Status.SUBMITTED,),
    )
    sec = await secretariat(app, texts)
    sent = await sec.send("/queue")
    await sec.press(t(texts, "en", "desk-search"))
    sent = await sec.send_sticker()
    assert sent[-1].text == t(texts, "en", "staff-expect-text")
    sent = await sec.send("x" * 101)
    assert sent[-1].text == t(texts, "en", "form-error-too-long", limit=100, length=101)
    # A page past the end shows the last page.
    await sec.press_data(QueueCb(role=Role.SECRETARIAT, page=99).pack())
    assert sec.last.text.startswith(title(texts, 1, 1, 1))
    # Filters with values no button offers are forged: nothing changes.
    before = sec.last.text
    await sec.press_data("df:secretariat:region:nowhere")
    assert sec.last.text == before
    assert sec.last_answer.text is None  # refused quietly


async def test_a_verifier_cannot_give_verdicts_on_a_case_another_verifier_holds(
    app, texts, sessionmaker, clock
):
    await crowd(sessionmaker, clock, 1, statuses=(Status.VERIFICATION,))
    async with sessionmaker() as session:
        await session.execute(update(Nomination).values(region_code=ALMATY))
        session.add(Achievement(nomination_id=1, position=1, text="Мектеп ашты", year=2020))
        await session.commit()
    admin = app.person(ADMIN_ID, language_code="en", name="Admin")
    first = await join(app, texts, admin, 31, "ru", "verifier", "Almaty", name="Dana")
    second = await join(app, texts, admin, 32, "en", "verifier", "Almaty", name="Arman")
    await first.send("/verify")
    await first.press("№100000 · Ахметова А. С.")
    sent = await second.send("/verify")
    verdict = FactCb(nomination_id=1, achievement_id=1, verdict=Verdict.CONFIRMED).pack()
    await second.press_data(verdict, on=sent[-1])
    assert second.last_answer.text == t(texts, "en", "case-claimed")
    await first.press_data(verdict, on=first.last)
    assert first.last.text == t(
        texts, "ru", "verify-comment", number=1, verdict=t(texts, "ru", "verdict-ok")
    )


async def test_a_bulk_confirmation_rejects_the_cases_it_named_or_none(
    app, texts, sessionmaker, clock
):
    await crowd(sessionmaker, clock, 40, statuses=(Status.SUBMITTED,))
    sec = await secretariat(app, texts)
    await sec.send("/queue")
    region = DeskFilterCb(role=Role.SECRETARIAT, kind=DeskFilter.REGION, value="abai").pack()
    await sec.press_data(region)
    await sec.press(t(texts, "en", "desk-select"))
    await sec.press(t(texts, "en", "bulk-reject-all"))
    await sec.press(t(texts, "en", "reason-spam"))
    abai = await count_where(sessionmaker, Nomination.region_code == "abai")
    # The question names the list it is about.
    assert sec.last.text.startswith(
        t(texts, "en", "bulk-confirm-ask", count=abai, reason=t(texts, "en", "reason-spam"))
    )
    assert f"{t(texts, 'en', 'filter-region')}: Abai Region" in sec.last.text
    confirm = sec.last
    # Another list of the same size is chosen before the old confirmation is pressed.
    other = DeskFilterCb(role=Role.SECRETARIAT, kind=DeskFilter.REGION, value="akmola").pack()
    await sec.press_data(other, on=await_list(sec))
    assert await count_where(sessionmaker, Nomination.region_code == "akmola") == abai
    sent = await sec.press_data(
        confirm.callback_data(t(texts, "en", "bulk-confirm", count=abai)), on=confirm
    )
    assert sent[0].text == t(texts, "en", "bulk-changed")
    assert await count_where(sessionmaker, Nomination.status == Status.REJECTED) == 0


def await_list(person):
    """The person's latest desk list message (the one with the filter buttons)."""
    for sent in reversed(person.session.sent_to(person.id)):
        if any(label.startswith("⚙️") for label in sent.buttons):
            return sent
    raise AssertionError("no desk list in the chat")


async def test_reading_cases_holds_one_at_a_time_and_cancel_restores_the_card(
    app, texts, sessionmaker, clock
):
    await crowd(sessionmaker, clock, 3, statuses=(Status.SUBMITTED,))
    first = await secretariat(app, texts, 11, "en", name="Dana")
    second = await secretariat(app, texts, 12, "ru", name="Arman")
    await first.send("/queue")
    await first.press("№100000 · Ахметова А. С.")
    await first.send("/queue")
    card = (await first.press("№100001 · Серікбаев А. С."))[-1]
    async with sessionmaker() as session:
        held = dict((await session.execute(select(Nomination.id, Nomination.claimed_by))).all())
    assert held == {1: None, 2: 11, 3: None}
    # Reject, then cancel: the same message shows the case's own buttons again.
    await first.press(t(texts, "en", "decide-reject"))
    assert card.buttons[0] == t(texts, "en", "decide-confirm")
    await first.press(t(texts, "en", "decide-cancel"))
    assert t(texts, "en", "decide-confirm") not in card.buttons
    assert t(texts, "en", "decide-reject") in card.buttons
    # Taken over, the first member's old "let go" is refused and releases nothing.
    await second.send("/queue")
    await second.press("№100001 · Серікбаев А. С.")
    await second.press(t(texts, "ru", "case-take-over"))
    reject = card.callback_data(t(texts, "en", "decide-reject"))
    await first.press_data(reject, on=card)  # refused at once, not at the confirmation
    assert first.last_answer.text == t(texts, "en", "case-claimed")
    await first.press_data(card.callback_data(t(texts, "en", "case-release")), on=card)
    assert first.last_answer.text == t(texts, "en", "case-claimed")
    assert card.buttons == []  # nothing on it is the first member's to press any more
    async with sessionmaker() as session:
        assert await session.scalar(select(Nomination.claimed_by).where(Nomination.id == 2)) == 12


async def test_the_stage_filter_and_a_long_card_marked_decided(app, texts, sessionmaker, clock):
    await crowd(sessionmaker, clock, 30)  # four new to one sent back by verification
    sec = await secretariat(app, texts, locale="kk")
    await sec.send("/queue")
    await sec.press(t(texts, "kk", "desk-filters"))
    await sec.press(t(texts, "kk", "filter-status"))
    await sec.press(t(texts, "kk", "stage-returned"))
    returned = await count_where(sessionmaker, Nomination.status == Status.SCREENING)
    assert returned == 6
    assert sec.last.text.startswith(
        title(texts, returned, 1, 1, "kk")
        + "\n"
        + f"{t(texts, 'kk', 'filter-status')}: {t(texts, 'kk', 'stage-returned')}"
    )
    # A card already at Telegram's limit keeps its text; the decision comes as a message.
    card = (await sec.press("№100004 · Ким А. С."))[-1]
    assert len(card.text) < 4096
    padding = "Ә" * (4096 - len(card.text))
    card.text += padding  # as if the card had reached the limit
    sent = await sec.press(t(texts, "kk", "decide-verify"))
    assert card.text.endswith(padding) and card.buttons == []
    assert sent[0].text == "✓ " + t(texts, "kk", "decide-verify")
    assert sent[-1].text.startswith("100-2026-100009")  # then the next case of the list
