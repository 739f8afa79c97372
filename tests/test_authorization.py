"""Every privileged command and button, tried by people who may not use it: refused, and
nothing changes (neither the nomination nor the audit log)."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest
from sqlalchemy import func, select, update

from bot.callbacks import (
    AdminAction,
    AdminCb,
    BulkCb,
    CaseCb,
    ClaimAction,
    ClaimCb,
    CompleteCb,
    ConcludeCb,
    DecideCb,
    DeskFilter,
    DeskFilterCb,
    DeskTool,
    DeskToolCb,
    ExpertScoreCb,
    ExpertSubmitCb,
    ExportCb,
    ExportFormat,
    FactCb,
    FilesCb,
    InviteCb,
    PeopleCb,
    QueueCb,
    RevokeCb,
    RoundAction,
    RoundCb,
    SelectCb,
)
from domain.nomination import RejectReason
from domain.pipeline import Action, Criterion, Role, Verdict
from storage.models import Achievement, AuditEntry, Nomination, RoleGrant, User
from tests.flows import store_nomination, t

CITIZEN, OFFICIAL, FAR_VERIFIER, VERIFIER, EXPERT, SECRETARIAT, WG = (
    600,
    601,
    602,
    603,
    604,
    605,
    606,
)
GRANTS = {
    OFFICIAL: [(Role.AGENCY_OFFICIAL, "mir")],
    FAR_VERIFIER: [(Role.VERIFIER, "abai")],
    VERIFIER: [(Role.VERIFIER, "almaty_city")],
    EXPERT: [(Role.EXPERT, "")],
    SECRETARIAT: [(Role.SECRETARIAT, "")],
    WG: [(Role.WORKING_GROUP, "")],
}


@pytest.fixture
async def world(app, texts, sessionmaker):
    """One nomination of Almaty, and people holding every role but admin."""
    now = datetime(2026, 11, 22, tzinfo=UTC)
    await store_nomination(sessionmaker, CITIZEN, now)
    await app.person(CITIZEN, language_code="en").send("/start")  # a message to press under
    async with sessionmaker() as session:
        for user_id in GRANTS:
            session.add(User(id=user_id, first_name="S", created_at=now, telegram_language="en"))
        await session.flush()
        for user_id, grants in GRANTS.items():
            for role, scope in grants:
                session.add(RoleGrant(user_id=user_id, role=role, scope=scope, granted_at=now))
        await session.commit()
        achievement = (await session.scalars(select(Achievement))).first()
    return achievement.id


async def put(sessionmaker, status: str) -> None:
    async with sessionmaker() as session:
        await session.execute(update(Nomination).values(status=status))
        await session.commit()


async def snapshot(sessionmaker) -> tuple[str, int, int]:
    async with sessionmaker() as session:
        nomination = (await session.scalars(select(Nomination))).one()
        entries = await session.scalar(select(func.count()).select_from(AuditEntry))
        grants = await session.scalar(select(func.count()).select_from(RoleGrant))
    return nomination.status, int(entries or 0), int(grants or 0)


@pytest.mark.parametrize(
    "command",
    [
        "/queue",
        "/verify",
        "/review",
        "/decide",
        "/admin",
        "/plan",
        "/reports",
        "/overview",
        "/round",
    ],
)
@pytest.mark.parametrize("who", [CITIZEN, OFFICIAL])
async def test_privileged_commands_are_refused(app, texts, world, who, command):
    sent = await app.person(who, language_code="en").send(command)
    assert sent[-1].text == t(texts, "en", "no-access")


def buttons(achievement_id: int) -> dict[str, tuple[str, object]]:
    """Each privileged button, with the status the nomination must have for it to matter."""
    n = 1
    return {
        "queue-secretariat": ("submitted", QueueCb(role=Role.SECRETARIAT)),
        "case-secretariat": ("submitted", CaseCb(role=Role.SECRETARIAT, nomination_id=n)),
        "files-secretariat": ("submitted", FilesCb(role=Role.SECRETARIAT, nomination_id=n)),
        "send-to-verification": (
            "screening",
            DecideCb(nomination_id=n, action=Action.SEND_TO_VERIFICATION),
        ),
        "reject": (
            "screening",
            DecideCb(nomination_id=n, action=Action.REJECT_AT_SCREENING, confirmed=True),
        ),
        "export": ("screening", ExportCb(format=ExportFormat.CSV)),
        "case-verifier": ("verification", CaseCb(role=Role.VERIFIER, nomination_id=n)),
        "fact": (
            "verification",
            FactCb(nomination_id=n, achievement_id=achievement_id, verdict=Verdict.CONFIRMED),
        ),
        "complete": ("verification", CompleteCb(nomination_id=n)),
        "conclude": ("expert_review", ConcludeCb(nomination_id=n)),
        "to-vote": ("working_group", DecideCb(nomination_id=n, action=Action.TO_VOTE)),
        "wg-reject": (
            "working_group",
            DecideCb(nomination_id=n, action=Action.REJECT_BY_WORKING_GROUP, confirmed=True),
        ),
        "round-open": ("on_vote", RoundCb(action=RoundAction.OPEN)),
        "round-close": ("on_vote", RoundCb(action=RoundAction.CLOSE, round_id=1, confirmed=True)),
        "round-approve": (
            "on_vote",
            RoundCb(action=RoundAction.APPROVE, round_id=1, confirmed=True),
        ),
        "admin-menu": ("submitted", AdminCb(action=AdminAction.INVITE)),
        "invite": ("submitted", InviteCb(role=Role.ADMIN)),
        "people": ("submitted", PeopleCb(role=Role.EXPERT)),
        "revoke": ("submitted", RevokeCb(grant_id=1)),
        "desk-next": ("submitted", DeskToolCb(role=Role.SECRETARIAT, tool=DeskTool.NEXT)),
        "desk-filter": (
            "verification",
            DeskFilterCb(role=Role.VERIFIER, kind=DeskFilter.SPHERE, value="culture"),
        ),
        "take-over": (
            "working_group",
            ClaimCb(role=Role.WORKING_GROUP, nomination_id=n, action=ClaimAction.TAKE_OVER),
        ),
        "recuse": (
            "submitted",
            ClaimCb(
                role=Role.SECRETARIAT, nomination_id=n, action=ClaimAction.RECUSE, confirmed=True
            ),
        ),
        "select": ("submitted", SelectCb(nomination_id=n)),
        "bulk-reject": (
            "submitted",
            BulkCb(every=True, reason=RejectReason.SPAM, count=1, confirmed=True),
        ),
        "expert-score": (
            "expert_review",
            ExpertScoreCb(nomination_id=n, criterion=Criterion.STORY, score=5),
        ),
        "expert-submit": ("expert_review", ExpertSubmitCb(nomination_id=n)),
    }


# Who holds the right for each button (everybody else is refused).
ENTITLED = {
    "queue-secretariat": {SECRETARIAT},
    "case-secretariat": {SECRETARIAT},
    "files-secretariat": {SECRETARIAT},
    "send-to-verification": {SECRETARIAT},
    "reject": {SECRETARIAT},
    "export": {SECRETARIAT},
    "case-verifier": {VERIFIER},
    "fact": {VERIFIER},
    "complete": {VERIFIER},
    "conclude": {EXPERT},
    "to-vote": {WG},
    "wg-reject": {WG},
    "round-open": {WG},
    "round-close": {WG},
    "round-approve": {WG},
    "admin-menu": set(),
    "invite": set(),
    "people": set(),
    "revoke": set(),
    "desk-next": {SECRETARIAT},
    "desk-filter": {VERIFIER, FAR_VERIFIER},  # narrows their own list
    "take-over": {WG},
    "recuse": {SECRETARIAT},
    "select": {SECRETARIAT},
    "bulk-reject": {SECRETARIAT},
    "expert-score": {EXPERT},
    "expert-submit": {EXPERT},
}
REFUSALS = {"no-access", "case-moved"}


@pytest.mark.parametrize("button", list(ENTITLED))
async def test_every_privileged_button_refuses_everyone_else(
    app, texts, sessionmaker, world, button
):
    needed_status, data = buttons(world)[button]
    await put(sessionmaker, needed_status)
    before = await snapshot(sessionmaker)
    for who in (CITIZEN, OFFICIAL, FAR_VERIFIER, VERIFIER, EXPERT, SECRETARIAT, WG):
        if who in ENTITLED[button]:
            continue
        person = app.person(who, language_code="en")
        sent = await person.press_data(data.pack(), on=app.session.sent_to(CITIZEN)[-1])
        assert sent == [], (button, who)
        refusal = {t(texts, "en", key) for key in REFUSALS}
        assert person.last_answer.text in refusal and person.last_answer.show_alert, (button, who)
        assert await snapshot(sessionmaker) == before, (button, who)


async def test_forged_and_stale_desk_buttons_change_nothing(app, texts, sessionmaker, world):
    secretariat = app.person(SECRETARIAT, language_code="en")
    verifier = app.person(VERIFIER, language_code="en")
    anchor = app.session.sent_to(CITIZEN)[-1]
    await put(sessionmaker, "verification")
    before = await snapshot(sessionmaker)
    # Another candidate's id, and an achievement that is not this candidate's: refused.
    await verifier.press_data(CaseCb(role=Role.VERIFIER, nomination_id=99).pack(), on=anchor)
    assert verifier.last_answer.text == t(texts, "en", "case-moved")
    await verifier.press_data(
        FactCb(nomination_id=1, achievement_id=999, verdict=Verdict.CONFIRMED).pack(), on=anchor
    )
    assert verifier.last_answer.text is None
    # A secretariat button of a candidate already moved on to verification: stale.
    await secretariat.press_data(
        DecideCb(nomination_id=1, action=Action.SEND_TO_VERIFICATION).pack(), on=anchor
    )
    assert secretariat.last_answer.text == t(texts, "en", "case-moved")
    # Not a button any desk shows, and garbage.
    await secretariat.press_data(
        DecideCb(nomination_id=1, action=Action.WITHDRAW).pack(), on=anchor
    )
    assert secretariat.last_answer.text is None
    await secretariat.press_data("g:1:nonsense:0", on=anchor)
    assert secretariat.last_answer.text is None
    assert await snapshot(sessionmaker) == before


# Each desk's buttons on the nomination, with the status it must have to wait there.
OWN_CASE = {
    SECRETARIAT: (
        "submitted",
        lambda a: [
            CaseCb(role=Role.SECRETARIAT, nomination_id=1),
            DecideCb(nomination_id=1, action=Action.SEND_TO_VERIFICATION),
            DecideCb(nomination_id=1, action=Action.REJECT_AT_SCREENING, confirmed=True),
            ClaimCb(role=Role.SECRETARIAT, nomination_id=1, action=ClaimAction.TAKE_OVER),
        ],
    ),
    VERIFIER: (
        "verification",
        lambda a: [
            CaseCb(role=Role.VERIFIER, nomination_id=1),
            FactCb(nomination_id=1, achievement_id=a, verdict=Verdict.CONFIRMED),
            CompleteCb(nomination_id=1),
        ],
    ),
    EXPERT: (
        "expert_review",
        lambda a: [
            CaseCb(role=Role.EXPERT, nomination_id=1),
            ConcludeCb(nomination_id=1),
            ExpertSubmitCb(nomination_id=1),
        ],
    ),
    WG: (
        "working_group",
        lambda a: [
            CaseCb(role=Role.WORKING_GROUP, nomination_id=1),
            DecideCb(nomination_id=1, action=Action.TO_VOTE),
            DecideCb(nomination_id=1, action=Action.REJECT_BY_WORKING_GROUP, confirmed=True),
        ],
    ),
}


DESK_OF = {
    SECRETARIAT: ("/queue", "desk-secretariat"),
    VERIFIER: ("/verify", "desk-verifier"),
    EXPERT: ("/review", "desk-expert"),
    WG: ("/decide", "desk-wg"),
}


@pytest.mark.parametrize("named_as", ["nominator_id", "nominee_id"])
@pytest.mark.parametrize("member", list(OWN_CASE))
async def test_no_desk_lets_its_member_act_on_their_own_nomination(
    app, texts, sessionmaker, world, member, named_as
):
    """A member who submitted the nomination, or is named in it, is refused at every button
    of their desk, and their list does not show it."""
    status, pressed = OWN_CASE[member]
    await put(sessionmaker, status)
    async with sessionmaker() as session:
        await session.execute(update(Nomination).values({named_as: member}))
        await session.commit()
    before = await snapshot(sessionmaker)
    person = app.person(member, language_code="en")
    for data in pressed(world):
        sent = await person.press_data(data.pack(), on=app.session.sent_to(CITIZEN)[-1])
        assert not sent, data
        if isinstance(data, ExpertSubmitCb):  # no card of theirs was ever opened
            assert person.last_answer.text == t(texts, "en", "button-stale")
        else:
            assert person.last_answer.text == t(texts, "en", "case-conflict"), data
    assert await snapshot(sessionmaker) == before
    command, desk = DESK_OF[member]
    sent = await person.send(command)
    assert sent[-1].text == t(
        texts, "en", "desk-empty", desk=t(texts, "en", desk), count=0, page=1, pages=1
    )
