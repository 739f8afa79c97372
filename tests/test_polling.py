"""The real polling loop, over HTTP, against a Bot API server at TELEGRAM_API_URL."""

from __future__ import annotations

import asyncio
import contextlib

from bot.app import COMMANDS, run
from tests.conftest import TEST_TOKEN
from tests.fake_bot_api import FakeBotApi
from tests.flows import t


def _message(user_id: int, locale: str, text: str, message_id: int) -> dict:
    user = {"id": user_id, "is_bot": False, "first_name": "Aru", "language_code": locale}
    chat = {"id": user_id, "type": "private"}
    return {
        "message_id": message_id,
        "date": 1_790_000_000,
        "chat": chat,
        "from": user,
        "text": text,
    }


def _press(user_id: int, locale: str, message: dict, data: str) -> dict:
    user = {"id": user_id, "is_bot": False, "first_name": "Aru", "language_code": locale}
    return {
        "id": f"q{user_id}{data}",
        "from": user,
        "chat_instance": "c",
        "message": message,
        "data": data,
    }


def _button(sent: dict, label: str) -> str:
    for row in sent["reply_markup"]["inline_keyboard"]:
        for button in row:
            if button["text"] == label:
                return button["callback_data"]
    raise AssertionError(label)


async def test_polling_talks_to_the_configured_bot_api_server(settings, clock, texts):
    api = FakeBotApi(TEST_TOKEN)
    await api.start()
    settings.telegram_api_url = api.url
    settings.polling_timeout = 1
    bot_task = asyncio.create_task(run(settings, clock, handle_signals=False))
    try:
        await asyncio.wait_for(api.wait_for(lambda: api.called("getUpdates")), 20)
        # The command menu is registered in every language, and in the default one.
        commands = api.called("setMyCommands")
        assert sorted(str(c.get("language_code")) for c in commands) == ["None", "en", "kk", "ru"]
        en = next(c for c in commands if c.get("language_code") == "en")
        assert [c["command"] for c in en["commands"]] == list(COMMANDS)
        allowed = api.called("getUpdates")[0]["allowed_updates"]
        assert set(allowed) == {"message", "callback_query"}

        for number, locale in enumerate(("kk", "ru", "en"), start=1):
            user_id = 900 + number
            api.push(message=_message(user_id, locale, "/start", 1))
            await asyncio.wait_for(api.wait_for(lambda uid=user_id: len(api.sent_to(uid)) == 1), 10)
            menu = api.sent_to(user_id)[0]
            assert menu["text"] == t(texts, locale, "start-greeting", name="Aru")

            data = _button(menu, t(texts, locale, "menu-nominate"))
            api.push(
                callback_query=_press(
                    user_id,
                    locale,
                    {
                        **menu,
                        "message_id": 1,
                        "date": 1,
                        "chat": {"id": user_id, "type": "private"},
                    },
                    data,
                )
            )
            await asyncio.wait_for(api.wait_for(lambda uid=user_id: len(api.sent_to(uid)) == 3), 10)
            question = api.sent_to(user_id)[2]
            assert question["text"] == t(texts, locale, "form-ask-who")

            api.push(message=_message(user_id, locale, "/my", 2))
            await asyncio.wait_for(api.wait_for(lambda uid=user_id: len(api.sent_to(uid)) == 4), 10)
            assert api.sent_to(user_id)[3]["text"] == t(texts, locale, "my-empty")
    finally:
        bot_task.cancel()
        with contextlib.suppress(asyncio.CancelledError):
            await bot_task
        await api.stop()
