"""Consent is the candidate's own (issue 19): the link shows only the name and the
reference, and only the owner of the candidate's phone (a shared own contact) sees the card,
answers, and becomes the nominee. Anyone else is refused and shown nothing more; the
nominator may correct the phone from /my, and the old link dies."""

from __future__ import annotations

import pytest
from sqlalchemy import select

from bot.callbacks import MineAction, MineCb, NomineeCb
from domain.nomination import Consent
from storage.models import AuditEntry, Nomination, User
from tests.flows import NOMINEE_PHONE, fill_form, open_consent_link, t
from tests.harness import BOT_USERNAME

pytestmark = pytest.mark.sql  # also run on PostgreSQL: see the Makefile's `test`

NAME = "Сапарова Айгерім Нұрланқызы"
REFERENCE = "100-2026-000001"
NOMINATOR_NAME = "Оспанов Ерлан Серікұлы"
# What nobody but the candidate may see: the date of birth (as the card writes it and as
# typed), the candidate's phone, the nominator.
SECRETS = ("05.03.1987", "1987", "+77017654321", "77017654321", NOMINATOR_NAME, "Оспанов")


async def _nominate(app, texts):
    nominator = app.person(201, language_code="ru", name="Ерлан")
    await fill_form(nominator, texts, "ru", "город Алматы", who="other")
    await nominator.press(t(texts, "ru", "summary-submit"))
    return nominator


async def _stored(sessionmaker) -> Nomination:
    async with sessionmaker() as session:
        return (await session.scalars(select(Nomination))).one()


async def _phone_of(sessionmaker, user_id: int) -> str | None:
    async with sessionmaker() as session:
        user = await session.get(User, user_id)
        return user.phone if user else None


def _shown(app, person) -> str:
    return "\n".join(
        [m.text or "" for m in app.session.sent_to(person.id)]
        + [a.text or "" for a in person.answers]
    )


@pytest.mark.parametrize(
    ("locale", "opener_id", "phone"),
    [
        ("kk", 2201, "77025550000"),  # the nominator's second account, with its own phone
        ("ru", 777, "77057770000"),  # a stranger the link was forwarded to
        ("en", 778, "447700900123"),  # a stranger abroad
    ],
)
async def test_the_link_opened_by_anyone_else_shows_nothing_and_changes_nothing(
    app, texts, sessionmaker, locale, opener_id, phone
):
    await _nominate(app, texts)
    before = await _stored(sessionmaker)
    opener = app.person(opener_id, language_code=locale)

    sent = await opener.send(f"/start c_{before.nominee_token}")
    assert sent[-1].text == t(
        texts, locale, "identity-consent-card", name=NAME, reference=REFERENCE
    )
    assert sent[-1].buttons == [t(texts, locale, "form-share-contact")]
    # Text instead of a contact: what to press.
    sent = await opener.send("+7 701 765 43 21")
    assert sent[-1].text == t(texts, locale, "identity-consent-share")
    # Someone else's contact (the candidate's, forwarded): not theirs.
    sent = await opener.send_contact(NOMINEE_PHONE, user_id=opener_id + 1)
    assert sent[-1].text == t(texts, locale, "vote-contact-not-yours")
    # Their own contact: not the candidate's phone.
    sent = await opener.send_contact(phone)
    assert sent[-1].text == t(texts, locale, "identity-consent-not-you")
    # Pressing the answer buttons anyway (forged): refused.
    for answer in Consent:
        forged = NomineeCb(token=before.nominee_token, answer=answer)
        await opener.press_data(forged.pack())
        assert opener.last_answer.text == t(texts, locale, "identity-consent-not-you")

    shown = _shown(app, opener)
    assert not [secret for secret in SECRETS if secret in shown]
    after = await _stored(sessionmaker)
    assert (after.status, after.nominee_id, after.nominee_consent_at) == (
        "awaiting_nominee_consent",
        None,
        None,
    )
    assert after.nominee_token == before.nominee_token
    assert await _phone_of(sessionmaker, opener_id) is None  # nothing stored of them either


@pytest.mark.parametrize("locale", ["kk", "ru", "en"])
async def test_the_candidates_own_phone_consents_and_becomes_the_nominee(
    app, texts, sessionmaker, locale
):
    nominator = await _nominate(app, texts)
    token = (await _stored(sessionmaker)).nominee_token
    candidate = app.person(202, language_code=locale)
    sent = await open_consent_link(candidate, token)
    assert sent[0].text == t(texts, locale, "identity-consent-matched")
    card = sent[-1].text
    assert card.startswith(t(texts, locale, "nominee-intro", nominator=NOMINATOR_NAME))
    assert "05.03.1987" in card  # their own data, now that the phone says it is them
    sent = await candidate.press(t(texts, locale, "nominee-agree"))
    assert sent[-1].text == t(texts, locale, "nominee-agreed", reference=REFERENCE)
    stored = await _stored(sessionmaker)
    assert (stored.status, stored.nominee_id) == ("submitted", 202)
    assert stored.nominee_consent_version is not None
    assert await _phone_of(sessionmaker, 202) == "+" + NOMINEE_PHONE
    told = app.session.sent_to(nominator.id)[-1].text
    assert told == t(texts, "ru", "notify-nominee-agreed", name=NAME, reference=REFERENCE)


async def test_the_nominator_corrects_the_phone_and_the_old_link_dies(app, texts, sessionmaker):
    nominator = await _nominate(app, texts)
    old = (await _stored(sessionmaker)).nominee_token
    # The nominator typed a wrong number: the real candidate is refused by the link.
    candidate = app.person(203, language_code="en")
    sent = await open_consent_link(candidate, old, phone="77012223344")
    assert sent[-1].text == t(texts, "en", "identity-consent-not-you")

    # Corrected from /my (a number that is not a phone is asked again).
    sent = await nominator.send("/my")
    fix = t(texts, "ru", "identity-correct-button", reference=REFERENCE)
    assert fix in sent[-1].buttons
    sent = await nominator.press(fix)
    assert sent[-1].text == t(texts, "ru", "identity-correct-ask", reference=REFERENCE, name=NAME)
    sent = await nominator.send("+7 701 765 43 21")  # the same number again
    assert sent[-1].text == t(texts, "ru", "identity-phone-same")
    sent = await nominator.send("позвоните мне")
    assert sent[-1].text == t(texts, "ru", "form-error-phone")
    sent = await nominator.send("+7 701 222 33 44")
    stored = await _stored(sessionmaker)
    assert stored.contact_phone == "+77012223344" and stored.nominee_token != old
    link = f"https://t.me/{BOT_USERNAME}?start=c_{stored.nominee_token}"
    assert sent[-1].text == t(
        texts, "ru", "identity-phone-corrected", reference=REFERENCE, link=link
    )
    async with sessionmaker() as session:
        [entry] = await session.scalars(
            select(AuditEntry).where(AuditEntry.action == "nomination.phone_corrected")
        )
    assert entry.actor_id == nominator.id and "+7701" not in entry.details  # no phones

    # The old link is dead; the new one takes the candidate's own phone.
    sent = await candidate.send(f"/start c_{old}")
    assert sent[-1].text == t(texts, "en", "nominee-link-invalid")
    sent = await open_consent_link(candidate, stored.nominee_token, phone="77012223344")
    assert sent[0].text == t(texts, "en", "identity-consent-matched")
    await candidate.press(t(texts, "en", "nominee-agree"))
    stored = await _stored(sessionmaker)
    assert (stored.status, stored.nominee_id) == ("submitted", 203)

    # Too late to correct now: the button is gone, a forged press refused.
    sent = await nominator.send("/my")
    assert fix not in sent[-1].buttons
    forged = MineCb(action=MineAction.PHONE, nomination_id=stored.id)
    await nominator.press_data(forged.pack())
    assert nominator.last_answer.text == t(texts, "ru", "my-too-late")
