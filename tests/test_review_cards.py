"""The verifier's and the expert's cards: one message each, edited in place as verdicts,
scores and texts are given; and the documents a verifier asks for, from the request to the
nominator (in their language) to the files on the verifier's card."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest
from sqlalchemy import func, select, update

from bot.callbacks import CaseCb, ConcludeCb, ExpertScoreCb, UploadCb
from domain.pipeline import Role
from storage.models import (
    AuditEntry,
    CaseDocument,
    Conclusion,
    DocumentRequest,
    Nomination,
    RoleGrant,
    User,
)
from tests.fixtures.staff import scored
from tests.flows import store_nomination, t
from tests.harness import Sent

NOMINATOR, STRANGER, VERIFIER, EXPERT = 500, 501, 12, 14
REFERENCE = "100-2026-000001"
NOMINEE = "Сапарова Айгерім Нұрланқызы"
SECOND_ACHIEVEMENT = "Шәкірттері олимпиадада жеңді"


@pytest.fixture
async def case(app, sessionmaker):
    """A nomination of Almaty by a Russian-speaking nominator, at `verification`; a Kazakh
    verifier of Almaty and an English expert."""
    now = datetime(2026, 11, 22, tzinfo=UTC)
    await store_nomination(sessionmaker, NOMINATOR, now)
    async with sessionmaker() as session:
        await session.execute(update(User).where(User.id == NOMINATOR).values(language="ru"))
        await session.execute(update(Nomination).values(status="verification"))
        for user_id, locale in ((VERIFIER, "kk"), (EXPERT, "en"), (STRANGER, "en")):
            session.add(User(id=user_id, first_name="S", created_at=now, telegram_language=locale))
        await session.flush()
        session.add(
            RoleGrant(user_id=VERIFIER, role="verifier", scope="almaty_city", granted_at=now)
        )
        session.add(RoleGrant(user_id=EXPERT, role="expert", scope="", granted_at=now))
        await session.commit()
    people = {
        "nominator": app.person(NOMINATOR, language_code="ru"),
        "stranger": app.person(STRANGER, language_code="en"),
        "verifier": app.person(VERIFIER, language_code="kk"),
        "expert": app.person(EXPERT, language_code="en"),
    }
    for person in people.values():
        await person.send("/help")  # a message in each chat, to press buttons under
    return people


async def open_case(person, role: Role) -> Sent:
    """The case's card, opened from the desk (its last message carries the buttons)."""
    sent = await person.press_data(CaseCb(role=role, nomination_id=1).pack(), on=person.last)
    assert sent, person.last_answer.text
    return sent[-1]


def case_messages(app, person, texts, locale) -> list[Sent]:
    title = t(
        texts,
        locale,
        "case-title",
        reference=REFERENCE,
        status=t(texts, locale, "status-verification"),
    )
    return [s for s in app.session.sent_to(person.id) if s.text.startswith(title)]


async def ask_documents_for_the_first(verifier, texts) -> None:
    """The verifier opens the case and asks documents for achievement 1, without a comment."""
    await open_case(verifier, Role.VERIFIER)
    await verifier.press("1 📄")
    await verifier.press(t(texts, "kk", "verify-no-comment"))


async def count(sessionmaker, model, *where) -> int:
    async with sessionmaker() as session:
        return int(await session.scalar(select(func.count()).select_from(model).where(*where)))


async def test_the_verifiers_verdicts_edit_one_card(app, texts, sessionmaker, case):
    verifier = case["verifier"]
    card = await open_case(verifier, Role.VERIFIER)
    assert {"1 ✅", "1 ❌", "1 📄", "2 ✅", "2 ❌", "2 📄"} <= set(card.buttons)

    # A verdict asks for a comment in a short prompt; the comment edits the card.
    sent = await verifier.press("1 ✅")
    assert [s.text for s in sent] == [
        t(texts, "kk", "verify-comment", number=1, verdict=t(texts, "kk", "verdict-ok"))
    ]
    prompt = sent[0]
    sent = await verifier.send("Аудандық баспасөзден расталды")
    assert sent == []
    assert "1. ✅ расталды — Аудандық баспасөзден расталды" in card.text
    assert "• 1 ✅ •" in card.buttons and "1 ✅" not in card.buttons
    assert prompt.buttons == []  # nothing stale left to press

    # "No comment" too; and a verdict changed is shown changed.
    await verifier.press("2 ❌")
    sent = await verifier.press(t(texts, "kk", "verify-no-comment"))
    assert sent == []
    assert "2. ❌ расталмады" in card.text and "• 2 ❌ •" in card.buttons
    await verifier.press("2 ✅")
    await verifier.press(t(texts, "kk", "verify-no-comment"))
    assert "2. ✅ расталды" in card.text and "• 2 ✅ •" in card.buttons
    assert "2 ❌" in card.buttons
    assert len(case_messages(app, verifier, texts, "kk")) == 1

    # Completing is a button on the same card.
    sent = await verifier.press(t(texts, "kk", "verify-complete"))
    # The card is edited; the only new message is the next case, here the queue's end.
    desk = t(texts, "kk", "desk-verifier")
    empty = t(texts, "kk", "desk-empty", desk=desk, count=0, page=1, pages=1)
    assert [s.text for s in sent] == [empty]
    assert card.text.endswith("✓ " + t(texts, "kk", "verify-done-confirmed"))
    assert card.buttons == []
    async with sessionmaker() as session:
        assert (await session.scalars(select(Nomination))).one().status == "expert_review"


async def test_documents_round_trip(app, texts, sessionmaker, case):
    verifier, nominator = case["verifier"], case["nominator"]
    card = await open_case(verifier, Role.VERIFIER)
    await verifier.press("2 📄")
    comment = "Дипломның көшірмесін жіберіңіз"
    assert await verifier.send(comment) == []

    # The nominator is asked in Russian, naming the candidate, the achievement and the comment.
    asked = t(
        texts,
        "ru",
        "docs-requested",
        reference=REFERENCE,
        name=NOMINEE,
        number=2,
        achievement=SECOND_ACHIEVEMENT,
        comment=comment,
        limit=10,
    )
    assert nominator.last.text == asked
    assert SECOND_ACHIEVEMENT in asked and comment in asked and "/my" in asked
    waiting = t(texts, "kk", "case-docs-waiting")
    assert f"2. 📄 құжат қажет — {comment} · {waiting}" in card.text
    assert await count(sessionmaker, DocumentRequest) == 1
    requested = AuditEntry.action == "nomination.documents_requested"
    assert await count(sessionmaker, AuditEntry, requested) == 1

    # /my lists the request first, with a button that opens the upload.
    sent = await nominator.send("/my")
    assert sent[0].text.startswith(t(texts, "ru", "docs-wanted-title"))
    assert comment in sent[0].text and SECOND_ACHIEVEMENT in sent[0].text
    assert sent[0].buttons == [t(texts, "ru", "docs-upload-button", position=1)]
    assert REFERENCE in sent[-1].text  # /my's own list follows
    sent = await nominator.press(t(texts, "ru", "docs-upload-button", position=1))
    assert sent[-1].text == t(
        texts,
        "ru",
        "docs-upload-ask",
        reference=REFERENCE,
        number=2,
        achievement=SECOND_ACHIEVEMENT,
        limit=10,
        count=0,
    )

    # Text where a file is expected: explained, nothing lost; then a photo and a document.
    sent = await nominator.send("вот")
    assert sent[-1].text == t(texts, "ru", "docs-expect-file")
    sent = await nominator.send_photo("scan-photo")
    assert sent[-1].text == t(texts, "ru", "docs-received", count=1, limit=10)
    sent = await nominator.send_document("scan-doc")
    assert sent[-1].text == t(texts, "ru", "docs-received", count=2, limit=10)
    sent = await nominator.press(t(texts, "ru", "docs-done-button"))
    assert sent[-1].text == t(texts, "ru", "docs-sent", reference=REFERENCE, count=2)

    # Stored, answered, audited; the verifier is told in Kazakh.
    async with sessionmaker() as session:
        request = (await session.scalars(select(DocumentRequest))).one()
        documents = list(await session.scalars(select(CaseDocument).order_by(CaseDocument.id)))
    assert request.answered_at is not None and request.comment == comment
    assert [(d.file_id, d.kind, d.request_id) for d in documents] == [
        ("scan-photo", "photo", request.id),
        ("scan-doc", "document", request.id),
    ]
    answered = AuditEntry.action == "nomination.documents_sent"
    assert await count(sessionmaker, AuditEntry, answered) == 1
    assert verifier.last.text == t(
        texts,
        "kk",
        "docs-arrived",
        reference=REFERENCE,
        name=NOMINEE,
        number=2,
        count=2,
        command="/verify",
    )

    # The verifier's card counts them, and "files" sends them with the proofs.
    card = await open_case(verifier, Role.VERIFIER)
    assert t(texts, "kk", "case-documents", count=2) in card.text
    received = t(texts, "kk", "case-docs-received", count=2)
    assert f"2. 📄 құжат қажет — {comment} · {received}" in card.text
    sent = await verifier.press(t(texts, "kk", "case-files"))
    files = [(s.method.__class__.__name__, s.method.model_dump()) for s in sent]
    assert [name for name, _ in files] == ["SendPhoto", "SendDocument", "SendPhoto", "SendDocument"]
    assert files[2][1]["photo"] == "scan-photo" and files[3][1]["document"] == "scan-doc"
    assert files[3][1]["caption"] == t(texts, "kk", "case-proof-of", number=2)
    # Answered, the request is no longer offered.
    sent = await nominator.send("/my")
    assert not sent[0].text.startswith(t(texts, "ru", "docs-wanted-title"))


async def test_uploads_are_refused_when_they_cannot_be_taken(app, texts, sessionmaker, case):
    verifier, nominator, stranger = case["verifier"], case["nominator"], case["stranger"]
    await ask_documents_for_the_first(verifier, texts)
    assert t(texts, "ru", "docs-no-comment") in nominator.last.text

    # Someone else's nomination.
    await stranger.press_data(UploadCb(request_id=1).pack(), on=stranger.last)
    assert stranger.last_answer.text == t(texts, "en", "docs-not-yours")
    assert stranger.last_answer.show_alert

    # "Done" with nothing sent, then ten files and an eleventh: refused, the ten are kept.
    await nominator.send("/my")
    await nominator.press(t(texts, "ru", "docs-upload-button", position=1))
    await nominator.press(t(texts, "ru", "docs-done-button"))
    assert nominator.last_answer.text == t(texts, "ru", "docs-empty")
    for number in range(10):
        await nominator.send_photo(f"scan-{number}")
    sent = await nominator.send_document("one-too-many")
    assert sent[-1].text == t(texts, "ru", "docs-full", limit=10)
    assert sent[-1].buttons == [t(texts, "ru", "docs-done-button")]
    assert await count(sessionmaker, CaseDocument) == 10

    # The case moves on before "done": the upload is closed, nothing sent is lost.
    async with sessionmaker() as session:
        await session.execute(update(Nomination).values(status="screening"))
        await session.commit()
    sent = await nominator.send_photo("late")
    assert sent[-1].text == t(texts, "ru", "docs-moved")
    await nominator.press(t(texts, "ru", "docs-done-button"))
    assert nominator.last_answer.text == t(texts, "ru", "docs-moved")
    assert await count(sessionmaker, CaseDocument) == 10
    assert await count(sessionmaker, DocumentRequest, DocumentRequest.answered_at.is_(None)) == 1


async def start_conclusion(app, sessionmaker, expert, texts) -> Sent:
    async with sessionmaker() as session:
        await session.execute(update(Nomination).values(status="expert_review"))
        await session.commit()
    await open_case(expert, Role.EXPERT)
    sent = await expert.press(t(texts, "en", "expert-start"))
    assert len(sent) == 1
    card = sent[0]
    assert card.text.startswith(
        t(texts, "en", "expert-card-title", reference=REFERENCE, name=NOMINEE)
    )
    return card


async def test_the_expert_amends_the_card_before_submitting(app, texts, sessionmaker, case):
    expert = case["expert"]
    card = await start_conclusion(app, sessionmaker, expert, texts)
    names = {key: t(texts, "en", f"criterion-{key}") for key in ("contribution", "story")}
    names |= {key: t(texts, "en", f"criterion-{key}") for key in ("independence", "not_famous")}
    for key, value in (("contribution", 5), ("story", 4), ("independence", 5), ("not_famous", 3)):
        assert await expert.press_data(scored(card, names[key], value), on=card) == []
    assert "Contribution: 5" in card.text and "Not yet widely known: 3" in card.text
    await expert.press(t(texts, "en", "recommend-yes"))
    sent = await expert.press(t(texts, "en", "expert-card-write"))
    assert sent[-1].text == t(texts, "en", "expert-motivation", min=30, max=2000)
    sent = await expert.send("Too short")
    assert sent[-1].text == t(texts, "en", "form-error-too-short", limit=30, length=9)
    motivation = "A real contribution to rural schools, checked and confirmed in the region."
    assert await expert.send(motivation) == []
    assert t(texts, "en", "expert-card-motivation", text=motivation) in card.text

    # A criterion's name explains it.
    await expert.press(names["story"])
    assert expert.last_answer.text == t(
        texts, "en", "expert-score", criterion=t(texts, "en", "criterion-story-long")
    )

    # Amended: a score and the recommendation change, marked on the card.
    await expert.press_data(scored(card, names["contribution"], 3), on=card)
    await expert.press(t(texts, "en", "recommend-no"))
    assert "Contribution: 3" in card.text
    assert "• 3 •" in card.buttons and "• ❌ Do not recommend •" in card.buttons
    assert t(texts, "en", "recommend-yes") in card.buttons
    assert t(texts, "en", "expert-card-rewrite") in card.buttons

    stale = scored(card, names["story"], 1)
    sent = await expert.press(t(texts, "en", "expert-card-submit"))
    # The card is edited; the only new message is the next case, here the queue's end.
    desk = t(texts, "en", "desk-expert")
    empty = t(texts, "en", "desk-empty", desk=desk, count=0, page=1, pages=1)
    assert [s.text for s in sent] == [empty]
    assert card.text.endswith(t(texts, "en", "expert-saved", count=1, required=2))
    assert card.buttons == []
    async with sessionmaker() as session:
        conclusion = (await session.scalars(select(Conclusion))).one()
    assert (conclusion.contribution, conclusion.story, conclusion.independence) == (3, 4, 5)
    assert conclusion.not_famous == 3 and conclusion.recommend is False
    assert conclusion.motivation == motivation
    titles = [s for s in app.session.sent_to(EXPERT) if s.text.startswith(card.text[:30])]
    assert titles == [card]  # one card all along

    # After submission its buttons are stale, and the expert cannot start again.
    await expert.press_data(stale, on=card)
    assert expert.last_answer.text == t(texts, "en", "button-stale")
    await expert.press(t(texts, "en", "expert-start"))
    assert expert.last_answer.text == t(texts, "en", "expert-already")
    assert await count(sessionmaker, Conclusion) == 1


async def test_a_premature_submit_is_refused(app, texts, sessionmaker, case):
    expert = case["expert"]
    card = await start_conclusion(app, sessionmaker, expert, texts)
    name = t(texts, "en", "criterion-contribution")
    await expert.press_data(scored(card, name, 4), on=card)
    sent = await expert.press(t(texts, "en", "expert-card-submit"))
    assert sent == []
    missing = ", ".join(
        [
            t(texts, "en", "criterion-story"),
            t(texts, "en", "criterion-independence"),
            t(texts, "en", "criterion-not_famous"),
            t(texts, "en", "expert-card-missing-motivation"),
            t(texts, "en", "expert-card-missing-recommendation"),
        ]
    )
    assert expert.last_answer.text == t(texts, "en", "expert-card-incomplete", missing=missing)
    assert expert.last_answer.show_alert
    assert await count(sessionmaker, Conclusion) == 0
    assert "Contribution: 4" in card.text  # the draft is kept

    # A button of another candidate's card (forged) changes nothing.
    forged = ExpertScoreCb(nomination_id=99, criterion="story", score=5).pack()
    await expert.press_data(forged, on=card)
    assert expert.last_answer.text == t(texts, "en", "button-stale")
    assert "Story: —" in card.text


async def test_an_upload_that_can_no_longer_be_answered_lets_the_nominator_go(
    app, texts, sessionmaker, case
):
    verifier, nominator = case["verifier"], case["nominator"]
    await ask_documents_for_the_first(verifier, texts)
    await nominator.send("/my")
    await nominator.press(t(texts, "ru", "docs-upload-button", position=1))
    await nominator.send_photo("scan")
    async with sessionmaker() as session:  # withdrawn meanwhile
        await session.execute(update(Nomination).values(status="withdrawn"))
        await session.commit()
    sent = await nominator.send("Здравствуйте, а что дальше?")
    assert sent[-1].text == t(texts, "ru", "docs-moved")
    # The upload is over: the next text is the bot's usual answer, not the upload prompt.
    sent = await nominator.send("Здравствуйте")
    assert all(s.text != t(texts, "ru", "docs-expect-file") for s in sent)
    assert all(s.text != t(texts, "ru", "docs-moved") for s in sent)


async def test_a_verdict_given_without_documents_closes_their_request(
    app, texts, sessionmaker, case
):
    verifier, nominator = case["verifier"], case["nominator"]
    await ask_documents_for_the_first(verifier, texts)
    sent = await nominator.send("/my")
    assert sent[0].text.startswith(t(texts, "ru", "docs-wanted-title"))
    await verifier.press("1 ✅")
    await verifier.press(t(texts, "kk", "verify-no-comment"))
    sent = await nominator.send("/my")
    assert not sent[0].text.startswith(t(texts, "ru", "docs-wanted-title"))
    closed = AuditEntry.action == "nomination.documents_request_closed"
    assert await count(sessionmaker, AuditEntry, closed) == 1


async def test_a_draft_waits_while_the_expert_opens_another_candidate(
    app, texts, sessionmaker, case
):
    expert = case["expert"]
    card = await start_conclusion(app, sessionmaker, expert, texts)
    contribution = t(texts, "en", "criterion-contribution")
    await expert.press_data(scored(card, contribution, 4), on=card)
    await store_nomination_of_another(sessionmaker)
    other = await expert.press_data(ConcludeCb(nomination_id=2).pack(), on=expert.last)
    assert other[-1].text.startswith(
        t(
            texts,
            "en",
            "expert-card-title",
            reference="100-2026-000002",
            name="Әлиева Дана Маратқызы",
        )
    )
    assert "Contribution: —" in other[-1].text
    assert card.buttons == []  # one live card at a time
    back = await expert.press_data(ConcludeCb(nomination_id=1).pack(), on=expert.last)
    assert "Contribution: 4" in back[-1].text


async def store_nomination_of_another(sessionmaker) -> None:
    """A second candidate, at the experts' desk."""
    async with sessionmaker() as session:
        first = (await session.scalars(select(Nomination))).one()
        columns = {
            c.key: getattr(first, c.key)
            for c in Nomination.__table__.columns
            # person_key: from the new name (the duplicate rule's key)
            if c.key not in ("id", "reference", "nominee_token", "person_key")
        }
        session.add(
            Nomination(
                **columns
                | {
                    "reference": "100-2026-000002",
                    "full_name": "Әлиева Дана Маратқызы",
                    "name_key": "дана маратқызы әлиева",
                }
            )
        )
        await session.commit()


async def test_recusing_drops_the_conclusion_begun_on_that_case(app, texts, sessionmaker, case):
    expert = case["expert"]
    card = await start_conclusion(app, sessionmaker, expert, texts)
    contribution = t(texts, "en", "criterion-contribution")
    stale = scored(card, contribution, 4)
    case_card = await open_case(expert, Role.EXPERT)
    await expert.press_data(case_card.callback_data(t(texts, "en", "case-recuse")), on=case_card)
    await expert.press(t(texts, "en", "case-recuse-confirm"))
    assert card.buttons == []
    await expert.press_data(stale, on=card)
    assert expert.last_answer.text == t(texts, "en", "button-stale")
    sent = await expert.send("Some words typed afterwards")  # not taken as the conclusion
    assert all(s.text != t(texts, "en", "expert-card-use-buttons") for s in sent)
