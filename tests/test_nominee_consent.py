"""Nominating another person: the nominee's consent link, opened by the person whose phone
the nominator gave (they share their own contact), agreeing and declining."""

from __future__ import annotations

import pytest
from sqlalchemy import select

from storage.models import Nomination
from tests.flows import fill_form, open_consent_link, t
from tests.harness import BOT_USERNAME

pytestmark = pytest.mark.sql  # also run on PostgreSQL: see the Makefile's `test`

REGION_RU = "город Алматы"


async def _nominate_other(app, texts):
    nominator = app.person(201, language_code="ru", name="Ерлан")
    await fill_form(nominator, texts, "ru", REGION_RU, who="other")
    sent = await nominator.press(t(texts, "ru", "summary-submit"))
    return nominator, sent[-1].text


async def _stored(sessionmaker):
    async with sessionmaker() as session:
        return (await session.scalars(select(Nomination))).one()


async def test_nominee_consents_and_nominator_is_told(app, texts, sessionmaker):
    nominator, done = await _nominate_other(app, texts)
    stored = await _stored(sessionmaker)
    link = f"https://t.me/{BOT_USERNAME}?start=c_{stored.nominee_token}"
    assert done == t(texts, "ru", "submit-done-other", reference="100-2026-000001", link=link)
    assert stored.status == "awaiting_nominee_consent"
    assert (stored.nominator_name, stored.nominator_phone) == (
        "Оспанов Ерлан Серікұлы",
        "+77025551234",
    )
    assert (stored.relation, stored.source, stored.is_self) == ("colleague", "ngo", False)

    sent = await nominator.send("/my")
    assert t(texts, "ru", "status-awaiting_nominee_consent") in sent[-1].text
    assert link in sent[-1].text

    # The nominator cannot consent in the nominee's place.
    sent = await nominator.send(f"/start c_{stored.nominee_token}")
    assert sent[-1].text == t(texts, "ru", "nominee-link-own")

    nominee = app.person(202, language_code="kk", name="Айгерім")
    sent = await nominee.send(f"/start c_{stored.nominee_token}")
    assert sent[-1].text == t(
        texts,
        "kk",
        "identity-consent-card",
        name="Сапарова Айгерім Нұрланқызы",
        reference="100-2026-000001",
    )
    assert sent[-1].buttons == [t(texts, "kk", "form-share-contact")]
    sent = await nominee.send_contact("77017654321")  # the phone the nominator gave
    assert sent[0].text == t(texts, "kk", "identity-consent-matched")
    card = sent[-1].text
    assert card.startswith(t(texts, "kk", "nominee-intro", nominator="Оспанов Ерлан Серікұлы"))
    assert "Сапарова Айгерім Нұрланқызы" in card
    assert "+77025551234" not in card  # the nominator's phone is not shown to the nominee
    assert sent[-1].buttons == [t(texts, "kk", "nominee-agree"), t(texts, "kk", "nominee-decline")]

    sent = await nominee.press(t(texts, "kk", "nominee-agree"))
    assert sent[-1].text == t(texts, "kk", "nominee-agreed", reference="100-2026-000001")
    told = app.session.sent_to(nominator.id)[-1].text
    assert told == t(
        texts,
        "ru",
        "notify-nominee-agreed",
        name="Сапарова Айгерім Нұрланқызы",
        reference="100-2026-000001",
    )
    stored = await _stored(sessionmaker)
    assert stored.status == "submitted"
    assert stored.nominee_id == 202 and stored.nominee_consent_version == "2026-11-2"

    # The link works once: a second tap, or opening it again, changes nothing.
    await nominee.press_data(f"n:{stored.nominee_token}:decline")
    assert nominee.last_answer.text == t(texts, "kk", "nominee-link-used")
    sent = await nominee.send(f"/start c_{stored.nominee_token}")
    assert sent[-1].text == t(texts, "kk", "nominee-link-used")
    assert (await _stored(sessionmaker)).status == "submitted"


async def test_nominee_declines_and_nomination_is_withdrawn(app, texts, sessionmaker):
    nominator, _ = await _nominate_other(app, texts)
    stored = await _stored(sessionmaker)
    nominee = app.person(203, language_code="en", name="Aigerim")
    await open_consent_link(nominee, stored.nominee_token)
    sent = await nominee.press(t(texts, "en", "nominee-decline"))
    assert sent[-1].text == t(texts, "en", "nominee-declined", reference="100-2026-000001")
    told = app.session.sent_to(nominator.id)[-1].text
    assert told == t(
        texts,
        "ru",
        "notify-nominee-declined",
        name="Сапарова Айгерім Нұрланқызы",
        reference="100-2026-000001",
    )
    stored = await _stored(sessionmaker)
    assert stored.status == "withdrawn" and stored.nominee_consent_at is None

    sent = await nominator.send("/my")
    assert t(texts, "ru", "status-withdrawn") in sent[-1].text


async def test_unknown_consent_link_is_refused(app, texts):
    stranger = app.person(204, language_code="en")
    sent = await stranger.send("/start c_not-a-real-token")
    assert sent[-1].text == t(texts, "en", "nominee-link-invalid")
