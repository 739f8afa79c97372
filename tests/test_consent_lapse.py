"""The nominee's consent, over time and from their side: a link unanswered for
CONSENT_LINK_DAYS lapses (refused at once, settled by the scheduled job, the nominator told),
a self-nomination supersedes a nomination of the same person still waiting for consent, and
the nominee sees such a nomination in /my and declines it there."""

from __future__ import annotations

import json
from datetime import timedelta

import pytest
from sqlalchemy import select, update

from bot.callbacks import MineAction, MineCb
from bot.scheduler import CATCH_UP_JOBS, lapse_consents
from storage import phones
from storage.models import AuditEntry, Nomination
from tests.flows import (
    NOMINEE_PHONE,
    Nominee,
    fill_form,
    open_consent_link,
    store_nomination,
    t,
)

pytestmark = pytest.mark.sql  # also run on PostgreSQL: see the Makefile's `test`

REGION = {"kk": "Алматы қаласы", "ru": "город Алматы", "en": "Almaty"}
NAME = "Сапарова Айгерім Нұрланқызы"
FIRST, SECOND = "100-2026-000001", "100-2026-000002"


async def _nominate_other(app, texts, user_id=301, locale="ru"):
    nominator = app.person(user_id, language_code=locale, name="Ерлан")
    await fill_form(nominator, texts, locale, REGION[locale], who="other")
    sent = await nominator.press(t(texts, locale, "summary-submit"))
    return nominator, sent


async def _nominations(sessionmaker) -> list[Nomination]:
    async with sessionmaker() as session:
        return list(await session.scalars(select(Nomination).order_by(Nomination.id)))


async def _audit(sessionmaker, action: str) -> list[AuditEntry]:
    async with sessionmaker() as session:
        query = select(AuditEntry).where(AuditEntry.action == action).order_by(AuditEntry.seq)
        return list(await session.scalars(query))


async def test_an_unanswered_link_lapses_and_the_person_can_be_nominated_again(
    app, texts, sessionmaker, settings, clock
):
    assert settings.consent_link_days == 14
    assert "lapse-consents" in CATCH_UP_JOBS  # a new leader catches up at once
    nominator, _ = await _nominate_other(app, texts)
    [waiting] = await _nominations(sessionmaker)
    token = waiting.nominee_token
    nominee = app.person(302, language_code="kk", name="Айгерім")

    # Day 13: the nominee opens the card but does not answer yet; the job lapses nothing.
    clock.now += timedelta(days=13)
    sent = await open_consent_link(nominee, token)
    assert sent[-1].buttons == [t(texts, "kk", "nominee-agree"), t(texts, "kk", "nominee-decline")]
    card = nominee.last
    assert await lapse_consents(app.work, settings.consent_link_days) == 0

    # A day and a minute later the link is older than 14 days: refused at once, before the
    # job has run, whether opened again or answered from the card opened earlier.
    clock.now += timedelta(days=1, minutes=1)
    sent = await nominee.send(f"/start c_{token}")
    assert sent[-1].text == t(texts, "kk", "nominee-link-expired", days=14)
    await nominee.press_data(f"n:{token}:agree", on=card)
    assert nominee.last_answer.text == t(texts, "kk", "nominee-link-expired", days=14)
    assert (await _nominations(sessionmaker))[0].status == "awaiting_nominee_consent"
    # The nominator's /my no longer offers the dead link.
    sent = await nominator.send("/my")
    assert t(texts, "ru", "status-lapsed") in sent[-1].text
    assert token not in sent[-1].text

    # The job lapses it, audited, and the nominator is told in their language.
    assert await lapse_consents(app.work, settings.consent_link_days) == 1
    await app.deliver()
    told = app.session.sent_to(nominator.id)[-1].text
    assert told == t(texts, "ru", "notify-consent-lapsed", name=NAME, reference=FIRST, days=14)
    [lapsed] = await _nominations(sessionmaker)
    assert lapsed.status == "lapsed"
    [entry] = await _audit(sessionmaker, "nomination.lapse")
    assert entry.actor_id is None and entry.subject == f"nomination:{lapsed.id}"
    assert json.loads(entry.details) == {
        "reference": FIRST,
        "from": "awaiting_nominee_consent",
        "to": "lapsed",
        "link_days": 14,
    }
    assert await lapse_consents(app.work, settings.consent_link_days) == 0  # once

    # The link stays refused, and the person can be nominated again, with a new link.
    sent = await nominee.send(f"/start c_{token}")
    assert sent[-1].text == t(texts, "kk", "nominee-link-expired", days=14)
    sent = await nominator.send("/my")
    assert t(texts, "ru", "status-lapsed") in sent[-1].text
    _, sent = await _nominate_other(app, texts, user_id=303, locale="en")
    again = (await _nominations(sessionmaker))[-1]
    assert again.reference == SECOND and again.status == "awaiting_nominee_consent"
    assert again.nominee_token != token and again.nominee_token in sent[-1].text


async def test_an_expired_link_does_not_block_a_new_nomination_before_the_job(
    app, texts, sessionmaker, clock
):
    first, _ = await _nominate_other(app, texts)
    clock.now += timedelta(days=15)
    # Nobody has run the job: the new nomination lapses the old one in its own transaction.
    await _nominate_other(app, texts, user_id=303, locale="en")
    old, new = await _nominations(sessionmaker)
    assert (old.status, new.status) == ("lapsed", "awaiting_nominee_consent")
    told = app.session.sent_to(first.id)[-1].text
    assert told == t(texts, "ru", "notify-consent-lapsed", name=NAME, reference=FIRST, days=14)
    assert len(await _audit(sessionmaker, "nomination.lapse")) == 1


async def test_a_self_nomination_supersedes_one_waiting_for_consent(app, texts, sessionmaker):
    nominator, _ = await _nominate_other(app, texts)  # A, in Russian, nominates B

    # B nominates themselves, sharing the phone A gave: no "already nominated" on the way
    # (fill_form checks every question), and the self-nomination is accepted.
    nominee = app.person(302, language_code="kk", name="Айгерім")
    await fill_form(nominee, texts, "kk", REGION["kk"], nominee=Nominee(phone=NOMINEE_PHONE))
    sent = await nominee.press(t(texts, "kk", "summary-submit"))
    assert sent[-1].text == "\n\n".join(
        [t(texts, "kk", "submit-done-self", reference=SECOND), t(texts, "kk", "submit-superseded")]
    )

    # A is told, in A's language.
    told = app.session.sent_to(nominator.id)[-1].text
    assert told == t(texts, "ru", "notify-superseded", name=NAME, reference=FIRST)
    pending, own = await _nominations(sessionmaker)
    assert (pending.status, own.status, own.is_self) == ("superseded", "submitted", True)
    [entry] = await _audit(sessionmaker, "nomination.supersede")
    assert entry.actor_id == nominee.id and entry.subject == f"nomination:{pending.id}"
    assert json.loads(entry.details) == {
        "reference": FIRST,
        "from": "awaiting_nominee_consent",
        "to": "superseded",
    }
    submitted = [e for e in await _audit(sessionmaker, "nomination.submit") if e.actor_id == 302]
    assert json.loads(submitted[0].details)["supersedes"] == [FIRST]

    # A's link is answered for good; A sees why in /my.
    sent = await nominee.send(f"/start c_{pending.nominee_token}")
    assert sent[-1].text == t(texts, "kk", "nominee-link-used")
    sent = await nominator.send("/my")
    assert t(texts, "ru", "status-superseded") in sent[-1].text


async def test_only_a_nomination_waiting_for_consent_gives_way(app, texts, sessionmaker, clock):
    await _nominate_other(app, texts)
    nominee = app.person(302, language_code="en")
    await nominee.send("/start")
    async with sessionmaker() as session:  # the nominee agreed: now it is live
        await session.execute(update(Nomination).values(status="submitted", nominee_id=302))
        await phones.remember_phone(session, 302, "+" + NOMINEE_PHONE, clock())
        await session.commit()
    await nominee.press(t(texts, "en", "menu-nominate"))
    await nominee.press(t(texts, "en", "choice-who-self"))
    await nominee.send(NAME)
    sent = await nominee.send("05.03.1987")
    assert sent[0].text == t(texts, "en", "form-duplicate-early", who="self")
    assert [n.status for n in await _nominations(sessionmaker)] == ["submitted"]


async def test_the_nominee_sees_the_nomination_in_my_and_declines_it(app, texts, sessionmaker):
    nominator, _ = await _nominate_other(app, texts)
    [waiting] = await _nominations(sessionmaker)
    nominee = app.person(302, language_code="kk", name="Айгерім")

    # Before opening the link, nothing names them.
    sent = await nominee.send("/my")
    assert sent[-1].text == t(texts, "kk", "my-empty")

    await open_consent_link(nominee, waiting.nominee_token)
    sent = await nominee.send("/my")
    text = sent[-1].text
    assert text.startswith(t(texts, "kk", "my-named-title", count=1))
    item = t(
        texts,
        "kk",
        "my-named-item",
        reference=FIRST,
        name=NAME,
        nominator="Оспанов Ерлан Серікұлы",
        date="22.11.2026",
        until="06.12.2026",
    )
    assert item in text and t(texts, "kk", "my-named-hint") in text
    decline = t(texts, "kk", "my-decline-button", reference=FIRST)
    assert sent[-1].buttons[0] == decline
    assert t(texts, "kk", "menu-nominate") in sent[-1].buttons

    # Someone else pressing the same button is refused quietly.
    stranger = app.person(399, language_code="en")
    await stranger.send("/start")
    forged = MineCb(action=MineAction.DECLINE, nomination_id=waiting.id, confirmed=True)
    assert await stranger.press_data(forged.pack()) == []
    assert stranger.last_answer.text is None

    # "No" changes nothing; "yes" declines.
    sent = await nominee.press(decline)
    assert sent[-1].text == t(
        texts, "kk", "my-decline-sure", reference=FIRST, nominator="Оспанов Ерлан Серікұлы"
    )
    assert sent[-1].buttons == [t(texts, "kk", "my-decline-yes"), t(texts, "kk", "my-keep")]
    sent = await nominee.press(t(texts, "kk", "my-keep"))
    assert sent[-1].text == t(texts, "kk", "my-kept")
    assert (await _nominations(sessionmaker))[0].status == "awaiting_nominee_consent"
    await nominee.press(decline)
    sent = await nominee.press(t(texts, "kk", "my-decline-yes"))
    assert sent[-1].text == t(texts, "kk", "nominee-declined", reference=FIRST)

    told = app.session.sent_to(nominator.id)[-1].text
    assert told == t(texts, "ru", "notify-nominee-declined", name=NAME, reference=FIRST)
    [declined] = await _nominations(sessionmaker)
    assert (declined.status, declined.nominee_id) == ("withdrawn", nominee.id)
    [entry] = await _audit(sessionmaker, "nomination.nominee_declines")
    assert entry.actor_id == nominee.id

    # Pressed again (a stale button): no longer possible, and it is gone from /my.
    await nominee.press_data(forged.pack())
    assert nominee.last_answer.text == t(texts, "kk", "my-too-late")
    sent = await nominee.send("/my")
    assert sent[-1].text == t(texts, "kk", "my-empty")


async def test_a_withdrawn_self_nomination_under_the_name_gives_no_view_of_later_ones(
    app, texts, sessionmaker, clock
):
    """Finding 2: a nomination of a person is theirs to see and decline only by their
    verified phone, never by a self-nomination filed (and withdrawn) under their name."""
    own = await store_nomination(sessionmaker, 304, clock())  # the name, another phone
    async with sessionmaker() as session:
        await session.execute(
            update(Nomination).where(Nomination.id == own.id).values(status="withdrawn")
        )
        await phones.remember_phone(session, 304, own.contact_phone, clock())
        await session.commit()
    nominator, _ = await _nominate_other(app, texts)
    [_, second] = await _nominations(sessionmaker)
    faker = app.person(304, language_code="en")
    sent = await faker.send("/my")
    assert t(texts, "en", "my-named-title", count=1) not in sent[-1].text
    assert SECOND not in sent[-1].text and "Оспанов" not in sent[-1].text
    assert t(texts, "en", "my-decline-button", reference=SECOND) not in sent[-1].buttons
    # Their own withdrawn one is listed, with nothing to press for it.
    assert t(texts, "en", "my-withdraw-button", reference=FIRST) not in sent[-1].buttons
    # Pressing a forged decline is refused quietly and changes nothing.
    forged = MineCb(action=MineAction.DECLINE, nomination_id=second.id, confirmed=True)
    assert await faker.press_data(forged.pack()) == []
    assert (await _nominations(sessionmaker))[1].status == "awaiting_nominee_consent"
    declined = t(texts, "ru", "notify-nominee-declined", name=NAME, reference=SECOND)
    assert declined not in [m.text for m in app.session.sent_to(nominator.id)]
