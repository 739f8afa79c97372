"""The real polling loop, over HTTP, against a Bot API server at TELEGRAM_API_URL."""

from __future__ import annotations

import asyncio
import contextlib

from bot.app import run
from bot.handlers.menu import PUBLIC_COMMANDS
from tests.fake_bot_api import FakeBotApi
from tests.flows import Nominee, fill_form, t
from tests.harness import TEST_TOKEN
from tests.http_person import HttpPerson

REGION = {"kk": "Абай облысы", "ru": "область Абай", "en": "Abai Region"}


async def test_nominations_in_each_language_through_a_self_hosted_bot_api(settings, clock, texts):
    api = FakeBotApi(TEST_TOKEN)
    await api.start()
    settings.telegram_api_url = api.url
    settings.polling_timeout = 1
    settings.throttle_per_second = 1000  # a test fills the form faster than any person
    bot_task = asyncio.create_task(run(settings, clock, handle_signals=False))
    try:
        await asyncio.wait_for(api.wait_for(lambda: api.called("getUpdates")), 20)
        # The command menu is registered in every language, and in the default one.
        commands = api.called("setMyCommands")
        assert sorted(str(c.get("language_code")) for c in commands) == ["None", "en", "kk", "ru"]
        en = next(c for c in commands if c.get("language_code") == "en")
        assert [c["command"] for c in en["commands"]] == list(PUBLIC_COMMANDS)
        assert set(api.called("getUpdates")[0]["allowed_updates"]) == {"message", "callback_query"}
        # A webhook left from webhook mode is removed first, keeping the updates waiting.
        assert [c.get("drop_pending_updates") for c in api.called("deleteWebhook")] == [False]
        first_poll = next(i for i, (name, _) in enumerate(api.calls) if name == "getupdates")
        assert api.calls.index(("deletewebhook", api.called("deleteWebhook")[0])) < first_poll

        for number, locale in enumerate(("kk", "ru", "en"), start=1):
            person = HttpPerson(api, 900 + number, locale)
            nominee = Nominee(full_name=f"Нұрланов Ерасыл {'АБВ'[number - 1]}")
            await asyncio.wait_for(
                fill_form(person, texts, locale, REGION[locale], nominee=nominee), 60
            )
            sent = await person.press(t(texts, locale, "summary-submit"))
            reference = f"100-2026-{number:06d}"
            assert sent[-1].text == t(texts, locale, "submit-done-self", reference=reference)
            sent = await person.send("/my")
            assert reference in sent[-1].text
            assert t(texts, locale, "status-submitted") in sent[-1].text
    finally:
        bot_task.cancel()
        with contextlib.suppress(asyncio.CancelledError):
            await bot_task
        await api.stop()
