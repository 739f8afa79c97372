"""Refusals are exceptions a use case raises; one error handler answers each once, in the
person's language: an alert on a button, a message otherwise; and nothing the update began is
kept."""

from __future__ import annotations

import pytest
from aiogram.fsm.storage.base import DefaultKeyBuilder, StorageKey
from aiogram.methods import AnswerCallbackQuery, SendMessage

from bot.callbacks import UploadCb
from bot.handlers.documents import UploadForm
from storage.models import FsmRecord
from tests.flows import start_form, t
from tests.harness import BOT_ID


@pytest.mark.parametrize("locale", ["kk", "ru", "en"])
async def test_a_refusal_a_service_raises_is_answered_once_in_the_persons_language(
    app, texts, locale
):
    person = app.person(700, language_code=locale)
    await person.send("/start")
    # A request nobody made of this person: the documents use case refuses it.
    sent = await person.press_data(UploadCb(request_id=424242).pack())
    answers = [a for a in person.answers if isinstance(a, AnswerCallbackQuery)]
    assert len(answers) == 1
    assert answers[0].text == t(texts, locale, "docs-not-yours")
    assert answers[0].show_alert is True
    assert sent == []  # nothing else was said or sent


@pytest.mark.parametrize("locale", ["kk", "ru", "en"])
async def test_a_final_refusal_of_a_message_is_said_and_ends_the_step_that_waited(
    app, texts, locale
):
    person = app.person(701, language_code=locale)
    await person.send("/start")
    # The person was sending files on a request that can no longer be answered.
    key = StorageKey(bot_id=BOT_ID, chat_id=701, user_id=701, destiny="default")
    await app.built.storage.set_state(key, UploadForm.files)
    await app.built.storage.set_data(key, {"upload": 424242})
    sent = await person.send("here it is")
    assert [s.text for s in sent] == [t(texts, locale, "docs-not-yours")]
    assert await app.built.storage.get_state(key) is None
    sent = await person.send("here it is")  # the upload is over: plain text again
    assert sent[-1].text == t(texts, locale, "unknown-message")


async def test_a_reply_that_reports_a_change_goes_out_after_the_change_is_committed(
    app, texts, sessionmaker
):
    """«The draft is deleted» is read only once the draft's row is gone, as seen from another
    connection: the update's buffered conversation state commits before any reply."""
    person = app.person(702, language_code="en")
    await start_form(person, texts, "en")
    key = DefaultKeyBuilder(with_destiny=True).build(StorageKey(BOT_ID, 702, 702))
    seen: list[FsmRecord | None] = []
    recording = app.session.make_request

    async def looking(bot, method, timeout=None):  # noqa: ASYNC109
        if isinstance(method, SendMessage) and method.text == t(texts, "en", "cancel-done"):
            async with sessionmaker() as session:
                seen.append(await session.get(FsmRecord, key))
        return await recording(bot, method, timeout)

    app.session.make_request = looking
    async with sessionmaker() as session:
        assert await session.get(FsmRecord, key) is not None  # the draft is there
    await person.send("/cancel")
    assert seen == [None]
