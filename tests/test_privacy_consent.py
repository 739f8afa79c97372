"""/privacy: a person sees what the bot holds about them and withdraws their consent: their
nominations not yet on the public vote are withdrawn and erased (their nominators told), their
voter record goes, their draft is dropped; what is on the vote stays, and the answer says why."""

from __future__ import annotations

from datetime import date

import pytest
from sqlalchemy import select, update

from domain.nomination import Relation, Status
from storage import audit
from storage.models import AuditEntry, FsmRecord, Nomination
from storage.vote_tables import Voter
from tests.flows import fill_form, open_consent_link, store_nomination, t

pytestmark = pytest.mark.sql  # also run on PostgreSQL: see the Makefile's `test`

REGION = {"kk": "Алматы қаласы", "ru": "город Алматы", "en": "Almaty"}
PERSON = 501


def _held(texts, locale, *, nominations, withdrawable, staying, voter, draft):
    lines = [t(texts, locale, "privacy-title"), t(texts, locale, "privacy-held-account")]
    lines.append(t(texts, locale, "privacy-held-nominations", count=nominations))
    if voter:
        lines.append(t(texts, locale, "privacy-held-voter"))
    if draft:
        lines.append(t(texts, locale, "privacy-held-draft"))
    lines.append(t(texts, locale, "privacy-held-withdrawable", references=withdrawable))
    lines.append(t(texts, locale, "privacy-staying", references=staying))
    lines.append(t(texts, locale, "privacy-retention", days=30, draft_days=30))
    return "\n\n".join(lines)


async def _nomination(sessionmaker, reference):
    async with sessionmaker() as session:
        return await session.scalar(select(Nomination).where(Nomination.reference == reference))


@pytest.mark.parametrize("locale", ["kk", "ru", "en"])
async def test_withdrawing_consent_withdraws_and_erases_what_is_not_on_the_vote(
    app, texts, sessionmaker, clock, locale
):
    person = app.person(PERSON, language_code=locale)
    # On the public vote already: a nomination the person made earlier.
    on_vote = await store_nomination(
        sessionmaker,
        PERSON,
        clock(),
        full_name="Ким Ольга Сергеевна",
        birth_date=date(1990, 1, 2),
        is_self=False,
        nominator_name="Ерлан",
        relation=Relation.FRIEND,
    )
    async with sessionmaker() as session:
        await session.execute(
            update(Nomination).where(Nomination.id == on_vote.id).values(status=Status.ON_VOTE)
        )
        session.add(Voter(user_id=PERSON, phone="+77011234567", verified_at=clock()))
        await session.commit()
    # Their own self-nomination, being screened, and a form started again (a draft).
    await fill_form(person, texts, locale, REGION[locale])
    await person.press(t(texts, locale, "summary-submit"))
    await person.send("/nominate")
    await person.press(t(texts, locale, "choice-who-other"))

    sent = await person.send("/privacy")
    assert sent[-1].text == _held(
        texts,
        locale,
        nominations=2,
        withdrawable="100-2026-000002",
        staying="100-2026-000001",
        voter=True,
        draft=True,
    )
    assert sent[-1].buttons[0] == t(texts, locale, "privacy-withdraw-button")

    sent = await person.press(t(texts, locale, "privacy-withdraw-button"))
    assert sent[-1].text == t(texts, locale, "privacy-sure")
    assert sent[-1].buttons == [
        t(texts, locale, "privacy-sure-yes"),
        t(texts, locale, "privacy-keep"),
    ]
    # Nothing has changed before the confirmation.
    assert (await _nomination(sessionmaker, "100-2026-000002")).status == "submitted"

    sent = await person.press(t(texts, locale, "privacy-sure-yes"))
    assert sent[-1].text == "\n\n".join(
        [
            t(texts, locale, "privacy-done"),
            t(texts, locale, "privacy-done-withdrawn", references="100-2026-000002"),
            t(texts, locale, "privacy-done-erased", count=1),
            t(texts, locale, "privacy-done-voter"),
            t(texts, locale, "privacy-staying", references="100-2026-000001"),
        ]
    )
    withdrawn = await _nomination(sessionmaker, "100-2026-000002")
    assert (withdrawn.status, withdrawn.full_name, withdrawn.birth_date) == ("withdrawn", "", None)
    assert withdrawn.contact_phone == "" and withdrawn.erased_at == clock()
    stays = await _nomination(sessionmaker, "100-2026-000001")
    assert (stays.status, stays.full_name, stays.erased_at) == (
        "on_vote",
        "Ким Ольга Сергеевна",
        None,
    )
    async with sessionmaker() as session:
        assert await session.get(Voter, PERSON) is None
        assert list(await session.scalars(select(FsmRecord.key))) == []
        [line] = await session.scalars(
            select(AuditEntry.details).where(AuditEntry.action == "privacy.consent_withdrawn")
        )
        assert line == '{"erased":1,"voter":true,"withdrawn":1}'
        assert (await audit.verify(session))[1] is None  # the chain is whole

    # Asked again: nothing left to withdraw but what is on the vote.
    sent = await person.send("/privacy")
    assert t(texts, locale, "privacy-held-withdrawable", references="") not in sent[-1].text
    assert t(texts, locale, "privacy-staying", references="100-2026-000001") in sent[-1].text


async def test_a_verified_nominee_withdrawing_consent_withdraws_it_and_the_nominator_is_told(
    app, texts, sessionmaker
):
    nominator = app.person(601, language_code="ru", name="Ерлан")
    await fill_form(nominator, texts, "ru", REGION["ru"], who="other")
    await nominator.press(t(texts, "ru", "summary-submit"))
    [nomination] = await _all(sessionmaker)
    nominee = app.person(602, language_code="en", name="Aigerim")
    await open_consent_link(nominee, nomination.nominee_token)
    await nominee.press(t(texts, "en", "nominee-agree"))
    assert (await _all(sessionmaker))[0].nominee_id == 602

    await nominee.send("/privacy")
    await nominee.press(t(texts, "en", "privacy-withdraw-button"))
    sent = await nominee.press(t(texts, "en", "privacy-sure-yes"))
    assert t(texts, "en", "privacy-done-withdrawn", references="100-2026-000001") in sent[-1].text
    [withdrawn] = await _all(sessionmaker)
    assert (withdrawn.status, withdrawn.full_name, withdrawn.nominee_id) == ("withdrawn", "", None)
    told = app.session.sent_to(nominator.id)[-1].text
    assert told == t(texts, "ru", "privacy-nominator-told", reference="100-2026-000001")


async def test_no_to_the_confirmation_changes_nothing(app, texts, sessionmaker, clock):
    await store_nomination(sessionmaker, PERSON, clock())
    person = app.person(PERSON, language_code="kk")
    await person.send("/privacy")
    await person.press(t(texts, "kk", "privacy-withdraw-button"))
    sent = await person.press(t(texts, "kk", "privacy-keep"))
    assert sent[-1].text == t(texts, "kk", "privacy-kept")
    [kept] = await _all(sessionmaker)
    assert (kept.status, kept.erased_at) == ("submitted", None)


async def _all(sessionmaker):
    async with sessionmaker() as session:
        return list(await session.scalars(select(Nomination).order_by(Nomination.id)))
