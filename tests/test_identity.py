"""Identity is a Telegram-verified phone (issue 19): nobody can squat a person. A typed phone
cannot self-nominate; an impostor's self-nomination under a victim's name does not block the
victim; both reach the secretariat as an identity conflict; a void blocks nobody; a rejection
on merit blocks only until its campaign year ends; the limits per account; look-alike
letters and over-long names."""

from __future__ import annotations

import json
from datetime import UTC, datetime, timedelta

import pytest
from sqlalchemy import select, update

from bot.callbacks import CaseCb, DecideCb, VoidCb
from domain.nomination import Status, VoidReason, name_key, person_key
from domain.pipeline import Action, Role
from storage import repo
from storage.models import AuditEntry, Nomination, User
from tests.fixtures.staff import join
from tests.flows import NOMINEE_PHONE, Nominee, fill_form, open_consent_link, store_nomination, t
from tests.harness import ADMIN_ID

pytestmark = pytest.mark.sql  # also run on PostgreSQL: see the Makefile's `test`

REGION = {"kk": "Алматы қаласы", "ru": "город Алматы", "en": "Almaty"}
VICTIM = Nominee()  # Сапарова Айгерім Нұрланқызы, 05.03.1987
VICTIM_PHONE = "77011234567"
IMPOSTOR_PHONE = "77059998877"


async def _nominations(sessionmaker) -> list[Nomination]:
    async with sessionmaker() as session:
        return list(await session.scalars(select(Nomination).order_by(Nomination.id)))


async def _self_nominate(app, texts, user_id: int, locale: str, phone: str, **nominee):
    person = app.person(user_id, language_code=locale)
    await fill_form(person, texts, locale, REGION[locale], nominee=Nominee(phone=phone, **nominee))
    return person, await person.press(t(texts, locale, "summary-submit"))


async def _nominate_other(app, texts, user_id: int, locale: str, phone: str):
    person = app.person(user_id, language_code=locale)
    await fill_form(
        person, texts, locale, REGION[locale], who="other", nominee=Nominee(phone=phone)
    )
    return person, await person.press(t(texts, locale, "summary-submit"))


@pytest.mark.parametrize("locale", ["kk", "ru", "en"])
async def test_a_typed_phone_cannot_self_nominate(app, texts, sessionmaker, locale):
    # fill_form types a phone at the self-nominator's phone step and sees it refused, then
    # shares the contact: the draft was kept all along.
    person = app.person(401, language_code=locale)
    await fill_form(person, texts, locale, REGION[locale])
    async with sessionmaker() as session:
        assert (await session.get(User, 401)).phone == "+77011234567"

    # A draft whose phone was typed (the nominee's, on the other path) cannot be submitted
    # as one's own: "who" changed on the summary, the phone is asked for as a contact.
    other = app.person(402, language_code=locale)
    await fill_form(other, texts, locale, REGION[locale], who="other")
    await other.press(t(texts, locale, "summary-edit", field=t(texts, locale, "field-who")))
    await other.press(t(texts, locale, "choice-who-self"))
    sent = await other.press(t(texts, locale, "summary-submit"))
    assert sent[0].text == t(texts, locale, "identity-share-own-contact")
    assert sent[-1].buttons == [t(texts, locale, "form-share-contact")]
    sent = await other.send("+7 701 765 43 21")
    assert sent[-1].text.startswith(t(texts, locale, "identity-error-own-contact"))
    assert await _nominations(sessionmaker) == []


async def test_an_impostor_does_not_lock_the_victim_out(app, texts, sessionmaker):
    admin = app.person(ADMIN_ID, language_code="en", name="Admin")
    secretary = await join(app, texts, admin, 11, "en", "secretariat")

    # A citizen nominates the victim with the victim's phone: waiting for consent.
    await _nominate_other(app, texts, 601, "ru", "+" + VICTIM_PHONE)
    # The impostor files a self-nomination under the victim's name and date of birth, with
    # their own verified phone: accepted, and the citizen's nomination is left alone.
    impostor, sent = await _self_nominate(app, texts, 666, "en", IMPOSTOR_PHONE)
    assert sent[-1].text == t(texts, "en", "submit-done-self", reference="100-2026-000002")
    pending, fake = await _nominations(sessionmaker)
    assert pending.status == Status.AWAITING_NOMINEE_CONSENT

    # The victim nominates themselves: no "already nominated" on the way (fill_form checks
    # every question); their own phone supersedes the citizen's nomination of them.
    victim, sent = await _self_nominate(app, texts, 700, "kk", VICTIM_PHONE)
    assert sent[-1].text == "\n\n".join(
        [
            t(texts, "kk", "submit-done-self", reference="100-2026-000003"),
            t(texts, "kk", "submit-superseded"),
        ]
    )
    pending, fake, own = await _nominations(sessionmaker)
    assert (pending.status, fake.status, own.status) == ("superseded", "submitted", "submitted")

    # The secretariat sees both, each marked with the other's reference.
    sent = await secretary.send("/queue")
    listing = sent[-1].text
    mark_fake = t(texts, "en", "identity-conflict", references="100-2026-000003")
    mark_own = t(texts, "en", "identity-conflict", references="100-2026-000002")
    assert mark_fake in listing and mark_own in listing
    case = CaseCb(role=Role.SECRETARIAT, nomination_id=fake.id).pack()
    sent = await secretary.press_data(case)
    assert mark_fake in sent[0].text

    # Voided as an impostor: audited with the reason, the filer told in their language.
    decide = DecideCb(nomination_id=fake.id, action=Action.VOID)
    sent = await secretary.press_data(decide.pack(), on=sent[-1])
    assert sent[-1].text == t(texts, "en", "identity-void-ask")
    impostor_label = t(texts, "en", "reason-impostor")
    assert impostor_label in sent[-1].buttons
    await secretary.press(impostor_label)  # the question edited in place
    assert secretary.last.text == t(
        texts, "en", "identity-void-sure", reference="100-2026-000002", reason=impostor_label
    )
    await secretary.press(t(texts, "en", "identity-void-yes"))
    await app.deliver()
    told = app.session.sent_to(impostor.id)[-1].text
    assert told == t(
        texts,
        "en",
        "identity-notify-void",
        reference="100-2026-000002",
        name=VICTIM.full_name,
        reason=impostor_label,
    )
    _, fake, own = await _nominations(sessionmaker)
    assert (fake.status, own.status) == ("void", "submitted")
    async with sessionmaker() as session:
        [entry] = await session.scalars(
            select(AuditEntry).where(AuditEntry.action == "nomination.void")
        )
    assert entry.actor_id == secretary.id
    assert json.loads(entry.details)["reason"] == "impostor"
    # The victim's case stays, no longer in conflict.
    sent = await secretary.send("/queue")
    assert "№000003" in sent[-1].text and mark_own not in sent[-1].text

    # The victim withdraws; anyone may nominate them again (the void blocks nobody).
    await victim.send("/my")
    await victim.press(t(texts, "kk", "my-withdraw-button", reference="100-2026-000003"))
    await victim.press(t(texts, "kk", "my-withdraw-yes"))
    _, sent = await _nominate_other(app, texts, 602, "en", "+" + VICTIM_PHONE)
    assert "100-2026-000004" in sent[-1].text
    assert (await _nominations(sessionmaker))[-1].status == "awaiting_nominee_consent"


async def test_a_forged_void_is_refused_to_anyone_but_the_secretariat(app, texts, sessionmaker):
    citizen, _ = await _self_nominate(app, texts, 666, "en", IMPOSTOR_PHONE)
    [fake] = await _nominations(sessionmaker)
    forged = VoidCb(nomination_id=fake.id, reason=VoidReason.SPAM, confirmed=True)
    await citizen.press_data(forged.pack())
    assert citizen.last_answer.text == t(texts, "en", "no-access")
    assert (await _nominations(sessionmaker))[0].status == "submitted"


async def test_a_rejection_blocks_the_person_until_the_year_ends(app, texts, sessionmaker, clock):
    admin = app.person(ADMIN_ID, language_code="en", name="Admin")
    secretary = await join(app, texts, admin, 11, "en", "secretariat")
    person, _ = await _self_nominate(app, texts, 700, "ru", VICTIM_PHONE)
    [first] = await _nominations(sessionmaker)
    reject = DecideCb(nomination_id=first.id, action=Action.REJECT_AT_SCREENING)
    await secretary.press_data(CaseCb(role=Role.SECRETARIAT, nomination_id=first.id).pack())
    await secretary.press_data(reject.pack(), on=secretary.last)
    confirmed = reject.model_copy(update={"confirmed": True})
    await secretary.press_data(confirmed.pack(), on=secretary.last)
    assert (await _nominations(sessionmaker))[0].status == "rejected"

    async def again(locale: str):
        await person.send("/start")
        await person.press(t(texts, locale, "menu-nominate"))
        await person.press(t(texts, locale, "choice-who-self"))
        await person.send(VICTIM.full_name)
        return await person.send(VICTIM.birth_date)

    # The last minute of the campaign year (Almaty time): still the same person, refused.
    clock.now = datetime(2026, 12, 31, 23, 59, tzinfo=UTC) - timedelta(hours=5)
    sent = await again("ru")
    assert sent[0].text == t(texts, "ru", "form-duplicate-early", who="self")
    # The next year: accepted.
    clock.now = datetime(2027, 1, 1, 0, 0, tzinfo=UTC) - timedelta(hours=5)
    await person.send("/cancel")
    sent = await again("ru")
    assert sent[-1].text.endswith(t(texts, "ru", "form-ask-gender", who="self"))


@pytest.mark.parametrize("locale", ["kk", "ru", "en"])
async def test_one_live_self_nomination_and_five_others_a_year(
    app, texts, sessionmaker, clock, locale
):
    person = app.person(800, language_code=locale)
    await person.send("/start")
    for number in range(5):  # five nominations of others filed this year
        await store_nomination(
            sessionmaker,
            800,
            clock(),
            is_self=False,
            full_name=f"Ахметова Дина {'ABCDE'[number]}",
            contact_phone=f"+7701555000{number}",
        )
    sent = await person.press(t(texts, locale, "menu-nominate"))
    assert [s.text for s in sent] == [
        t(texts, locale, "form-intro"),
        t(texts, locale, "identity-limit-others", limit=5),
        t(texts, locale, "form-ask-who"),
    ]
    sent = await person.press(t(texts, locale, "choice-who-other"))
    assert sent[-1].text.startswith(t(texts, locale, "identity-limit-others", limit=5))
    assert (await _nominations(sessionmaker))[-1].full_name == "Ахметова Дина E"

    # Themselves: once; then both limits are reached, and the form asks nothing.
    await person.press(t(texts, locale, "choice-who-self"))
    await person.send("/cancel")
    await store_nomination(sessionmaker, 800, clock())
    sent = await person.press(t(texts, locale, "menu-nominate"))
    both = "\n\n".join(
        [
            t(texts, locale, "identity-limit-self"),
            t(texts, locale, "identity-limit-others", limit=5),
        ]
    )
    assert [s.text for s in sent] == [both]
    assert t(texts, locale, "menu-nominate") in sent[-1].buttons

    # Next year the five others no longer count; the live self-nomination still does.
    clock.now = datetime(2027, 1, 10, 5, 0, tzinfo=UTC)
    sent = await person.press(t(texts, locale, "menu-nominate"))
    assert sent[1].text == t(texts, locale, "identity-limit-self")
    sent = await person.press(t(texts, locale, "choice-who-self"))
    assert sent[-1].text.startswith(t(texts, locale, "identity-limit-self"))
    sent = await person.press(t(texts, locale, "choice-who-other"))
    assert sent[-1].text.endswith(t(texts, locale, "form-ask-nname"))


async def test_look_alike_letters_do_not_make_another_person(app, texts, sessionmaker):
    await _self_nominate(app, texts, 700, "en", VICTIM_PHONE)
    # Latin «a», «o» and «C» in a Cyrillic name, with the same birth date and phone.
    disguised = "Сaпaрoва Айгерім Нұрланқызы".replace("С", "C", 1)
    assert disguised != VICTIM.full_name and person_key(disguised) == person_key(VICTIM.full_name)
    nominator = app.person(601, language_code="en")
    await fill_form(
        nominator, texts, "en", REGION["en"], who="other", nominee=Nominee(full_name=disguised)
    )
    # The phone corrected on the summary to the person's: the same person, at once.
    await nominator.press(t(texts, "en", "summary-edit", field=t(texts, "en", "field-phone")))
    sent = await nominator.send("+" + VICTIM_PHONE)
    assert sent[0].text == t(texts, "en", "form-duplicate-early", who="other")
    assert len(await _nominations(sessionmaker)) == 1


async def test_a_long_name_fits_its_key_and_still_finds_its_duplicate(sessionmaker, clock):
    # U+FDFA is one letter that NFKC writes as eighteen: the key could pass its column.
    long_name = " ".join(["\ufdfa" * 8] * 3)
    assert len(" ".join(name_key(long_name).split())) <= 150 and len(person_key(long_name)) == 64
    stored = await store_nomination(sessionmaker, 900, clock(), full_name=long_name)
    assert len(stored.name_key) <= 150
    with pytest.raises(repo.AlreadyNominated):
        await store_nomination(sessionmaker, 901, clock(), full_name=long_name)
    async with sessionmaker() as session:  # voided, it blocks nothing
        await session.execute(update(Nomination).values(status="void"))
        await session.commit()
    await store_nomination(sessionmaker, 901, clock(), full_name=long_name)


async def test_a_consent_matching_phone_marks_a_conflict_too(app, texts, sessionmaker):
    """A nomination consented by another phone's owner under the same name is a conflict."""
    await _self_nominate(app, texts, 700, "en", VICTIM_PHONE)
    await _nominate_other(app, texts, 601, "ru", "+" + NOMINEE_PHONE)
    _, other = await _nominations(sessionmaker)
    accomplice = app.person(602, language_code="en")
    await open_consent_link(accomplice, other.nominee_token)
    await accomplice.press(t(texts, "en", "nominee-agree"))
    admin = app.person(ADMIN_ID, language_code="en", name="Admin")
    secretary = await join(app, texts, admin, 11, "en", "secretariat")
    sent = await secretary.send("/queue")
    assert t(texts, "en", "identity-conflict", references="100-2026-000002") in sent[-1].text
    assert t(texts, "en", "identity-conflict", references="100-2026-000001") in sent[-1].text
