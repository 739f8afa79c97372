"""A citizen nominates someone through the whole form, in each language."""

from __future__ import annotations

from datetime import date

import pytest
from sqlalchemy import select

from storage.models import Achievement, Nomination, User
from tests.flows import STORY, fill_form, t

GREETING = {"kk": "Сәлеметсіз бе", "ru": "Здравствуйте", "en": "Hello"}
REGION = {"kk": "Алматы қаласы", "ru": "город Алматы", "en": "Almaty"}


@pytest.mark.parametrize("locale", ["kk", "ru", "en"])
async def test_self_nomination_in_each_language(app, texts, sessionmaker, locale):
    person = app.person(101, language_code=locale)
    sent = await person.send("/start")
    assert GREETING[locale] in sent[-1].text
    assert t(texts, locale, "menu-nominate") in sent[-1].buttons

    await fill_form(person, texts, locale, REGION[locale])
    summary = person.last.text
    for expected in (
        "Сапарова Айгерім Нұрланқызы",
        "05.03.1987",
        REGION[locale],
        "+77011234567",
        t(texts, locale, "choice-sphere-education"),
        "2018",
        "2021",
        "https://example.kz/news/robotics",
        t(texts, locale, "card-proof-document"),
    ):
        assert expected in summary

    sent = await person.press(t(texts, locale, "summary-submit"))
    assert sent[-1].text == t(texts, locale, "submit-done-self", reference="100-2026-000001")

    async with sessionmaker() as session:
        stored = (await session.scalars(select(Nomination))).one()
        achievements = (
            await session.scalars(select(Achievement).order_by(Achievement.position))
        ).all()
        user = await session.get(User, 101)
    assert stored.reference == "100-2026-000001"
    assert stored.status == "submitted"
    assert stored.is_self and stored.source == "citizen"
    assert stored.full_name == "Сапарова Айгерім Нұрланқызы"
    assert stored.birth_date == date(1987, 3, 5)
    assert (stored.gender, stored.region_code, stored.sphere) == ("f", "almaty_city", "education")
    assert stored.ethnicity is None
    assert stored.story == STORY[locale]
    assert stored.photo_file_id == "portrait"
    assert stored.contact_phone == "+77011234567"
    assert stored.consent_version == "2026-11-2"
    assert [(a.year, a.proof_url, a.proof_file_id, a.proof_kind) for a in achievements] == [
        (2018, "https://example.kz/news/robotics", None, None),
        (2021, None, "diploma-file", "document"),
    ]
    assert user.telegram_language == locale

    sent = await person.send("/my")
    assert "100-2026-000001" in sent[-1].text
    assert t(texts, locale, "status-submitted") in sent[-1].text
