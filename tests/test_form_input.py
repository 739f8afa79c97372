"""Bad input gets a clear answer in the person's language and loses nothing."""

from __future__ import annotations

import pytest
from sqlalchemy import func, select

from storage.models import FsmRecord, Nomination
from tests.flows import STORY, Nominee, asked, fill_form, start_form, t

EN_REGION = "Almaty"


def error(texts, key, **params):
    return t(texts, "en", f"form-error-{key}", **params)


async def test_every_bad_input_is_explained_and_the_draft_kept(app, texts):
    p = app.person(301, language_code="en")
    await start_form(p, texts, "en")
    await p.press(t(texts, "en", "choice-who-self"))

    # Name: files, stickers and voice where text is expected; bad characters; too long.
    for send in (p.send_sticker, p.send_voice, p.send_photo):
        sent = await send()
        assert sent[-1].text.startswith(error(texts, "expect-text"))
        assert sent[-1].text.endswith(asked(texts, "en", "form-ask-name"))
    sent = await p.send("Aigerim")
    assert sent[-1].text.startswith(error(texts, "name-words"))
    sent = await p.send("R2-D2 Droid")
    assert sent[-1].text.startswith(error(texts, "name-chars"))
    sent = await p.send("Saparova " + "A" * 150)
    assert sent[-1].text.startswith(error(texts, "too-long", limit=150, length=159))
    await p.send("Saparova Aigerim")

    # Date of birth: format, impossible, future, too old, too young.
    cases = {
        "1987-03-05": error(texts, "date-format"),
        "31.02.1990": error(texts, "date-impossible"),
        "01.01.2030": error(texts, "date-future"),
        "01.01.1850": error(texts, "date-too-old"),
        "23.11.2012": error(texts, "too-young", age=14, who="self"),
    }
    for typed, expected in cases.items():
        sent = await p.send(typed)
        assert sent[-1].text.startswith(expected), typed
        assert sent[-1].text.endswith(asked(texts, "en", "form-ask-dob"))
    # A self-nominator is spoken to, not of.
    assert error(texts, "too-young", age=14, who="self") == "You must be at least 14 years old."
    sent = await p.send("22.11.2012")  # fourteen today
    assert sent[-1].text == asked(texts, "en", "form-ask-gender")

    # Text where a button is expected.
    sent = await p.send("female")
    assert sent[-1].text.startswith(error(texts, "expect-choice"))
    assert sent[-1].buttons == [
        t(texts, "en", "choice-gender-m"),
        t(texts, "en", "choice-gender-f"),
    ]
    await p.press(t(texts, "en", "choice-gender-f"))
    await p.press(EN_REGION)
    sent = await p.send("12345")
    assert sent[-1].text.startswith(error(texts, "needs-letters"))
    await p.send("Almaty")
    await p.send("Kazakh")
    await p.send("Engineer")
    await p.press(t(texts, "en", "choice-sphere-health"))

    # Achievement: too short, then the year: format, before independence, future.
    sent = await p.send("Won")
    assert sent[-1].text.startswith(error(texts, "too-short", limit=10, length=3))
    await p.send("Opened the first rural telemedicine point in the district")
    for typed, key in (
        ("nineteen", "year-format"),
        ("1990", "year-before-independence"),
        ("2027", "year-future"),
    ):
        sent = await p.send(typed)
        assert sent[-1].text.startswith(error(texts, key)), typed
    sent = await p.send_sticker()
    assert sent[-1].text.startswith(error(texts, "expect-year"))
    await p.send("1991")

    # Proof: not a link, a sticker.
    sent = await p.send("see my website")
    assert sent[-1].text.startswith(error(texts, "link"))
    sent = await p.send_sticker()
    assert sent[-1].text.startswith(error(texts, "expect-proof"))
    await p.press(t(texts, "en", "choice-proof-skip"))
    await p.press(t(texts, "en", "choice-more-done"))

    # Story: too short, too long.
    sent = await p.send("A short story.")
    assert sent[-1].text.startswith(error(texts, "too-short", limit=150, length=14))
    sent = await p.send("x" * 3001)
    assert sent[-1].text.startswith(error(texts, "too-long", limit=3000, length=3001))
    await p.send(STORY["en"])

    # Photo: text, or a file that is not an image.
    sent = await p.send("no photo, sorry")
    assert sent[-1].text.startswith(error(texts, "expect-photo"))
    sent = await p.send_document(mime="application/pdf")
    assert sent[-1].text.startswith(error(texts, "photo"))
    await p.send_document("portrait-file", mime="image/jpeg")

    # Phone: a self-nominator's is their own shared contact; anything typed is refused (a
    # number or not), the draft kept.
    for typed in ("12345", "call me", "+7 (701) 234-56-78"):
        sent = await p.send(typed)
        assert sent[-1].text.startswith(t(texts, "en", "identity-error-own-contact")), typed
        assert sent[-1].buttons == [t(texts, "en", "form-share-contact")]
    sent = await p.send_sticker()
    assert sent[-1].text.startswith(error(texts, "expect-phone"))
    await p.send_contact("77012345678")

    # Declining consent keeps the draft and asks again in one short line, not the whole text.
    sent = await p.press(t(texts, "en", "choice-consent-decline"))
    assert sent[-1].text == t(texts, "en", "form-consent-required")
    assert sent[-1].buttons == [
        t(texts, "en", "choice-consent-agree"),
        t(texts, "en", "choice-consent-decline"),
    ]
    assert t(texts, "en", "consent-text") not in sent[-1].text
    sent = await p.press(t(texts, "en", "choice-consent-agree"))
    summary = sent[-1].text
    for kept in (
        "Saparova Aigerim",
        "22.11.2012",
        "Kazakh",
        "Engineer",
        "1991",
        "+77012345678",
        t(texts, "en", "choice-sphere-health"),
        t(texts, "en", "card-no-proof"),
    ):
        assert kept in summary


async def test_forged_and_stale_buttons_change_nothing(app, texts, sessionmaker):
    p = app.person(302, language_code="ru")
    await start_form(p, texts, "ru")
    await p.press(t(texts, "ru", "choice-who-self"))
    await p.send("Сапарова Айгерім")
    await p.send("05.03.1987")
    gender_question = p.last

    async def state():
        async with sessionmaker() as session:
            return (await session.scalars(select(FsmRecord))).one().data

    before = await state()
    for forged in ("f:gender:x", "f:region:atlantis", "garbage", "e:summary", "n:tok:maybe"):
        await p.press_data(forged, on=gender_question)
        assert p.last_answer.text is None and not p.last_answer.show_alert, forged
    # Real buttons of another question are out of date, and say so.
    for stale in ("f:who:other", "f:summary:submit", "e:nname"):
        await p.press_data(stale, on=gender_question)
        assert p.last_answer.text == t(texts, "ru", "button-stale") and p.last_answer.show_alert
    assert await state() == before
    assert p.last is gender_question

    sent = await p.press(t(texts, "ru", "choice-gender-f"))
    assert sent[-1].text == asked(texts, "ru", "form-ask-region")


async def test_restart_in_the_middle_of_the_form(make_app, texts, sessionmaker):
    first = await make_app()
    p = first.person(303, language_code="kk")
    await start_form(p, texts, "kk")
    await p.press(t(texts, "kk", "choice-who-self"))
    await p.send("Сапарова Айгерім")
    await p.send("05.03.1987")

    second = await make_app()  # the bot restarts: a new dispatcher on the same database
    p = second.person(303, language_code="kk")
    sent = await p.press_data("f:gender:f", on=p.last)
    assert sent[-1].text == asked(texts, "kk", "form-ask-region")

    # Leaving with /start and coming back offers the draft.
    await p.send("/start")
    sent = await p.press(t(texts, "kk", "menu-nominate"))
    assert sent[-1].text == t(texts, "kk", "draft-found")
    sent = await p.press(t(texts, "kk", "draft-resume"))
    assert sent[-1].text == asked(texts, "kk", "form-ask-region")

    third = await make_app()
    p = third.person(303, language_code="kk")
    sent = await p.press_data("f:region:abai", on=p.last)
    assert sent[-1].text == asked(texts, "kk", "form-ask-place")
    await p.send("Семей")
    async with sessionmaker() as session:
        data = (await session.scalars(select(FsmRecord))).one().data
    assert data["answers"]["name"] == "Сапарова Айгерім"
    assert data["answers"]["dob"] == "1987-03-05"
    assert data["answers"]["place"] == "Семей"


async def test_duplicate_person_is_not_nominated_twice(app, texts, sessionmaker):
    """The same person is the same name and date of birth with the same phone: the
    self-nominator's verified one, or the candidate's phone a nominator gives."""
    first = app.person(304, language_code="en")
    await fill_form(first, texts, "en", EN_REGION)  # shares +77011234567, their own

    # Another citizen nominates the same person meanwhile, written differently, with the
    # person's phone.
    second = app.person(305, language_code="en")
    written_so = Nominee(full_name="айгерім сапарова нұрланқызы", phone="+7 701 123 45 67")
    await fill_form(second, texts, "en", EN_REGION, who="other", nominee=written_so)

    await first.press(t(texts, "en", "summary-submit"))
    sent = await second.press(t(texts, "en", "summary-submit"))
    assert sent[-1].text.startswith(t(texts, "en", "form-duplicate", who="other"))
    assert sent[-1].buttons[0] == t(texts, "en", "summary-submit")  # the draft is still there

    # A third one is told as soon as name, date of birth and phone are all given (here the
    # phone, corrected on the summary), and asked for the name again.
    third = app.person(306, language_code="en")
    spaced = Nominee(full_name="Сапарова   Айгерім-Нұрланқызы", birth_date="5.3.1987")
    await fill_form(third, texts, "en", EN_REGION, who="other", nominee=spaced)
    field = t(texts, "en", "field-phone")
    await third.press(t(texts, "en", "summary-edit", field=field))
    sent = await third.send("+77011234567")
    assert sent[0].text == t(texts, "en", "form-duplicate-early", who="other")
    assert sent[-1].text == asked(texts, "en", "form-ask-name", who="other")

    async with sessionmaker() as session:
        assert await session.scalar(select(func.count()).select_from(Nomination)) == 1


@pytest.mark.parametrize("steps", [0, 3, 99])
async def test_cancel_at_several_steps(app, texts, sessionmaker, steps):
    p = app.person(307, language_code="ru")
    if steps == 99:
        await fill_form(p, texts, "ru", "город Алматы")
    else:
        await start_form(p, texts, "ru")
        if steps:
            await p.press(t(texts, "ru", "choice-who-self"))
            await p.send("Сапарова Айгерім")
            await p.send("05.03.1987")
    sent = await p.send("/cancel")
    assert sent[0].text == t(texts, "ru", "cancel-done")
    async with sessionmaker() as session:
        assert await session.scalar(select(func.count()).select_from(FsmRecord)) == 0
        assert await session.scalar(select(func.count()).select_from(Nomination)) == 0
    sent = await p.press(t(texts, "ru", "menu-nominate"))
    assert sent[-1].text == t(texts, "ru", "form-ask-who")  # a fresh form, no draft offered
    await p.send("/cancel")
    sent = await p.send("/cancel")
    assert sent[0].text == t(texts, "ru", "cancel-nothing")


async def test_language_changes_in_the_middle_of_the_form(app, texts, sessionmaker):
    p = app.person(308, language_code="ru")
    await start_form(p, texts, "ru")
    await p.press(t(texts, "ru", "choice-who-self"))
    sent = await p.send("/language")
    assert sent[-1].buttons == ["Қазақша", "Русский", "English"]
    sent = await p.press("English")
    assert sent[0].text == t(texts, "en", "language-set")
    assert sent[-1].text == asked(texts, "en", "form-ask-name")
    sent = await p.send("/help")
    assert sent[-1].text == t(texts, "en", "help-text")


async def test_unknown_language_falls_back_to_kazakh_and_edit_from_summary(app, texts):
    p = app.person(309, language_code="de")
    await fill_form(p, texts, "kk", "Алматы қаласы")
    sent = await p.press(t(texts, "kk", "summary-edit", field=t(texts, "kk", "field-dob")))
    assert sent[-1].text == asked(texts, "kk", "form-ask-dob")
    sent = await p.send("06.03.1987")
    assert sent[-1].text.startswith(t(texts, "kk", "summary-title"))
    assert "06.03.1987" in sent[-1].text
    sent = await p.press(t(texts, "kk", "summary-edit", field=t(texts, "kk", "field-ach")))
    assert sent[-1].text == asked(texts, "kk", "form-ask-ach", number=1, limit=10)


async def test_two_taps_on_submit_at_once_make_one_nomination(app, texts, sessionmaker):
    import asyncio

    p = app.person(310, language_code="en")
    await fill_form(p, texts, "en", EN_REGION)
    summary = p.last
    data = summary.callback_data(t(texts, "en", "summary-submit"))
    await asyncio.gather(p.press_data(data, on=summary), p.press_data(data, on=summary))
    async with sessionmaker() as session:
        assert await session.scalar(select(func.count()).select_from(Nomination)) == 1
    done = t(texts, "en", "submit-done-self", reference="100-2026-000001")
    assert [s.text for s in app.session.sent_to(310)].count(done) == 1
    # The other tap is told its button is out of date (answered in whichever order).
    assert [a.text for a in p.answers[-2:]].count(t(texts, "en", "button-stale")) == 1
