"""The selection pipeline end to end: invitations, then each desk carries a nomination from
submission to the public vote, with the nominator told at each step and everything audited."""

from __future__ import annotations

import asyncio
import io

from openpyxl import load_workbook
from sqlalchemy import func, select

from domain.pipeline import Criterion
from storage import audit
from storage.models import AuditEntry, Nomination
from tests.fixtures.staff import (
    CASE_BUTTON,
    NOMINEE,
    REFERENCE,
    join,
    scored,
    staff_team,
    submitted,
)
from tests.flows import t


async def status(sessionmaker) -> str:
    async with sessionmaker() as session:
        return (await session.scalars(select(Nomination))).one().status


def told(app, person, texts, locale, status_name):
    expected = t(
        texts,
        locale,
        "status-changed",
        reference=REFERENCE,
        name=NOMINEE,
        status=t(texts, locale, f"status-{status_name}"),
    )
    return expected in [sent.text for sent in app.session.sent_to(person.id)]


async def test_a_nomination_travels_from_submission_to_the_public_vote(app, texts, sessionmaker):
    team = await staff_team(app, texts)
    citizen = await submitted(app, texts)
    sec, ver, far = team["secretariat"], team["verifier"], team["far_verifier"]

    # The secretariat hears of it, opens it (taking it into screening), sends it on.
    assert sec.last.text == t(
        texts, "en", "queue-arrived", reference=REFERENCE, name=NOMINEE, command="/queue"
    )
    sent = await sec.send("/queue")
    title = t(
        texts, "en", "desk-title", desk=t(texts, "en", "desk-secretariat"), count=1, page=1, pages=1
    )
    # The page's cases in full in the text, short on the buttons.
    assert sent[-1].text == f"{title}\n\n{CASE_BUTTON} — {NOMINEE}, Almaty"
    assert sent[-1].buttons[0] == CASE_BUTTON
    # Opening it to read claims it for this member and tells the nominator nothing.
    sent = await sec.press(CASE_BUTTON)
    assert sent[-1].text.startswith(
        t(texts, "en", "case-title", reference=REFERENCE, status=t(texts, "en", "status-submitted"))
        + "\n\n🔒 "
        + t(texts, "en", "case-yours", minutes=30)
    )
    assert not told(app, citizen, texts, "ru", "screening")
    assert await status(sessionmaker) == "submitted"
    sent = await sec.press(t(texts, "en", "case-files"))
    assert [s.method.__class__.__name__ for s in sent] == ["SendPhoto", "SendDocument"]
    await sec.press(t(texts, "en", "decide-verify"))
    assert sec.last_answer.text == t(texts, "en", "decide-done")
    assert await status(sessionmaker) == "verification"
    assert told(app, citizen, texts, "ru", "verification")

    # Only the verifier of the candidate's region hears of it and sees it.
    assert ver.last.text == t(
        texts, "kk", "queue-arrived", reference=REFERENCE, name=NOMINEE, command="/verify"
    )
    sent = await far.send("/verify")
    assert sent[-1].text == t(
        texts, "ru", "desk-empty", desk=t(texts, "ru", "desk-verifier"), count=0, page=1, pages=1
    )
    await ver.send("/verify")
    card = (await ver.press(CASE_BUTTON))[-1]
    sent = await ver.press("1 ✅")
    assert sent[-1].text == t(
        texts, "kk", "verify-comment", number=1, verdict=t(texts, "kk", "verdict-ok")
    )
    # Verdicts edit the case's card in place (tests/test_review_cards.py for the details).
    assert await ver.send("Аудандық баспасөзден расталды") == []
    assert "1. ✅ расталды — Аудандық баспасөзден расталды" in card.text
    await ver.press("2 📄")  # asks the nominator for documents
    await ver.press(t(texts, "kk", "verify-no-comment"))
    await ver.press(t(texts, "kk", "verify-complete"))
    assert ver.last_answer.text == t(texts, "kk", "verify-incomplete")
    assert await status(sessionmaker) == "verification"
    await ver.press("2 ✅")
    await ver.press(t(texts, "kk", "verify-no-comment"))
    await ver.press(t(texts, "kk", "verify-complete"))
    assert card.text.endswith("✓ " + t(texts, "kk", "verify-done-confirmed"))
    assert await status(sessionmaker) == "expert_review"

    # Two experts score it; the second conclusion completes the quorum.
    for key, locale, recommend in (("expert1", "en", "yes"), ("expert2", "ru", "no")):
        expert = team[key]
        assert expert.last.text == t(
            texts, locale, "queue-arrived", reference=REFERENCE, name=NOMINEE, command="/review"
        )
        await expert.send("/review")
        await expert.press(CASE_BUTTON)
        card = (await expert.press(t(texts, locale, "expert-start")))[-1]
        for criterion, score in zip(Criterion, (5, 4, 5, 3), strict=True):
            label = t(texts, locale, f"criterion-{criterion}")
            await expert.press_data(scored(card, label, score), on=card)
        await expert.press(t(texts, locale, "expert-card-write"))
        sent = await expert.send("Короче тридцати")
        assert sent[-1].text == t(texts, locale, "form-error-too-short", limit=30, length=15)
        await expert.send(
            "A real contribution to rural schools, checked and confirmed in the region."
        )
        await expert.press(t(texts, locale, f"recommend-{recommend}"))
        await expert.press(t(texts, locale, "expert-card-submit"))
        count = 1 if key == "expert1" else 2
        assert card.text.endswith(t(texts, locale, "expert-saved", count=count, required=2))
    assert await status(sessionmaker) == "working_group"

    # The working group sees the conclusions with their averages and puts it to the vote.
    wg = team["wg"]
    await wg.send("/decide")
    sent = await wg.press(CASE_BUTTON)
    case = sent[-1].text
    assert t(texts, "en", "case-conclusions", count=2) in case
    assert (
        "Contribution 5.00 · Story 4.00 · Years of independence 5.00 · Not yet widely known 3.00"
        in case
    )
    assert "Recommended by 1 of 2" in case
    await wg.press(t(texts, "en", "decide-to_vote"))
    assert await status(sessionmaker) == "on_vote"
    assert told(app, citizen, texts, "ru", "on_vote")
    sent = await citizen.send("/my")
    assert t(texts, "ru", "status-on_vote") in sent[-1].text

    # Every step is in the audit log, and the chain holds.
    async with sessionmaker() as session:
        count, broken = await audit.verify(session)
        entries = await audit.entries_about(session, "nomination:1")
    assert broken is None and count > 10
    moves = [e.action for e in entries if e.action != "nomination.fact_check"]
    assert moves == [
        "nomination.submit",
        "nomination.verify",
        "nomination.documents_requested",
        "nomination.documents_request_closed",  # confirmed without them after all
        "nomination.confirmed",
        "nomination.conclusion",
        "nomination.conclusion",
        "nomination.quorum",
        "nomination.to_vote",
    ]

    # The secretariat's export lists it, with headers in their language.
    await sec.send("/queue")
    sent = await sec.press(t(texts, "en", "desk-export", format="XLSX"))
    workbook = load_workbook(io.BytesIO(sent[-1].method.document.data))
    rows = list(workbook.active.values)
    assert rows[0][:3] == ("Reference", "Status", "Submitted")
    assert rows[1][0] == REFERENCE and rows[1][1] == t(texts, "en", "status-on_vote")


async def test_rejection_needs_confirmation_and_gives_no_reasons(app, texts, sessionmaker):
    team = await staff_team(app, texts)
    citizen = await submitted(app, texts)
    sec = team["secretariat"]
    await sec.send("/queue")
    await sec.press(CASE_BUTTON)
    await sec.press(t(texts, "en", "decide-reject"))
    assert await status(sessionmaker) == "submitted"
    assert sec.last.buttons == [t(texts, "en", "decide-confirm"), t(texts, "en", "decide-cancel")]
    await sec.press(t(texts, "en", "decide-confirm"))
    assert await status(sessionmaker) == "rejected"
    last = app.session.sent_to(citizen.id)[-1].text
    assert last == t(
        texts,
        "ru",
        "status-changed",
        reference=REFERENCE,
        name=NOMINEE,
        status=t(texts, "ru", "status-rejected"),
    )


async def test_two_decisions_at_the_same_moment_make_one_transition(app, texts, sessionmaker):
    team = await staff_team(app, texts)
    admin = team["admin"]
    second = await join(app, texts, admin, 17, "en", "secretariat")
    await submitted(app, texts)
    sec = team["secretariat"]
    for person in (sec, second):
        await person.send("/queue")
    # Both open the case at once: one of them holds it, the other may only read it.
    await asyncio.gather(sec.press(CASE_BUTTON), second.press(CASE_BUTTON))
    verify = t(texts, "en", "decide-verify")
    holders = [p for p in (sec, second) if verify in p.last.buttons]
    assert len(holders) == 1
    holder = holders[0]
    other = second if holder is sec else sec
    assert other.last.buttons[0] == t(texts, "en", "case-take-over")
    # The holder taps twice and the other forges the decision, all at the same moment.
    data = holder.last.callback_data(verify)
    card = holder.last
    await asyncio.gather(
        holder.press_data(data, on=card),
        holder.press_data(data, on=card),
        other.press_data(data, on=other.last),
    )
    answers = sorted(a.text for a in holder.answers[-2:])
    assert answers == sorted([t(texts, "en", "decide-done"), t(texts, "en", "case-moved")])
    assert other.last_answer.text in (t(texts, "en", "case-claimed"), t(texts, "en", "case-moved"))
    async with sessionmaker() as session:
        moves = await session.scalar(
            select(func.count())
            .select_from(AuditEntry)
            .where(AuditEntry.action == "nomination.verify")
        )
        assert moves == 1
        assert (await audit.verify(session))[1] is None
    assert await status(sessionmaker) == "verification"
