"""Logs that keep no secrets, and small doors that fill no log: the masking filter on every
handler; a whole flow's log (a 429 on a reply carrying a consent link, an invitation made, a
phone shared, a failing statement with its parameters) holding no token, phone, date of birth
or secret; weak secrets refused at start; forged numbers in buttons refused with one WARNING
line; a non-ASCII webhook secret answered 401."""

from __future__ import annotations

import asyncio
import io
import logging
import os
import re
import subprocess
import sys
from collections.abc import Iterator

import aiohttp
import pytest
from pydantic import SecretStr, ValidationError
from sqlalchemy import select, text

from bot.app import run
from bot.callbacks import MineAction, MineCb, RevokeCb, VoteCb
from bot.handlers.form import CONSENT_LINK_PREFIX
from bot.handlers.roles import INVITATION_PREFIX
from bot.handlers.vote.common import CARD_LINK_PREFIX
from bot.logs import START_PAYLOAD_KINDS, Masking, install_masking, mask, secrets_of
from config import MAKE_A_SECRET, PROJECT_ROOT, Settings
from storage.models import Nomination
from tests.fake_bot_api import FakeBotApi
from tests.fixtures.processes import SECRET, free_port
from tests.fixtures.staff import invite
from tests.flows import Nominee, fill_form, t
from tests.harness import ADMIN_ID, TEST_TOKEN, VOTE_SECRET

pytestmark = pytest.mark.sql  # the failing statement is made to fail on either database

REDIS_PASSWORD = "r3dis-Pa55word-kept-out"


@pytest.fixture
def log(settings) -> Iterator[io.StringIO]:
    """Everything logged at DEBUG and above, through the filter as `python -m bot` installs
    it (on the root logger's handlers), written as the bot's own handler writes it."""
    settings.redis_url = SecretStr(f"redis://:{REDIS_PASSWORD}@127.0.0.1:6379/0")
    stream = io.StringIO()
    handler = logging.StreamHandler(stream)
    handler.setFormatter(logging.Formatter("%(levelname)s %(name)s: %(message)s"))
    root, driver = logging.getLogger(), logging.getLogger("aiosqlite")
    level, driver_level = root.level, driver.level
    root.addHandler(handler)
    root.setLevel(logging.DEBUG)
    install_masking(settings)
    try:
        yield stream
    finally:
        root.setLevel(level)
        driver.setLevel(driver_level)
        root.removeHandler(handler)
        for owner in (root, *root.handlers):
            for found in [f for f in owner.filters if isinstance(f, Masking)]:
                owner.removeFilter(found)


async def test_a_whole_flow_logs_no_token_phone_or_secret(app, texts, sessionmaker, settings, log):
    # An invitation made, its reply held back once by Telegram (429).
    admin = app.person(ADMIN_ID, language_code="en", name="Admin")
    app.session.retry_after[ADMIN_ID] = [3]
    invitation = await invite(admin, texts, "secretariat")
    assert invitation.startswith(INVITATION_PREFIX)

    # A nomination of someone else: its consent link is in a reply Telegram holds back once.
    nominator = app.person(501, language_code="ru", name="Ерлан")
    other = Nominee(full_name="Ахметова Дана Серікқызы", birth_date="17.05.1990")
    await fill_form(nominator, texts, "ru", "город Алматы", who="other", nominee=other)
    app.session.retry_after[501] = [2]
    sent = await nominator.press(t(texts, "ru", "summary-submit"))
    async with sessionmaker() as session:
        token = await session.scalar(select(Nomination.nominee_token))
    assert token and any(token in s.text for s in sent)

    # A self-nomination with a shared phone, whose statement fails with its parameters.
    async with sessionmaker() as session:
        for statement in failing_insert(session.get_bind().dialect.name):
            await session.execute(text(statement))
        await session.commit()
    citizen = app.person(502, language_code="kk", name="Айгерім")
    await fill_form(citizen, texts, "kk", "Алматы қаласы")  # shares 77011234567
    await citizen.press(t(texts, "kk", "summary-submit"))
    assert citizen.last_answer.text == t(texts, "kk", "error-unexpected")

    written = log.getvalue()
    assert "Telegram asks to wait 3 s before SendMessage to chat 1" in written
    assert "Telegram asks to wait 2 s before SendMessage to chat 501" in written
    assert "update" in written and "failed" in written and "disk_is_full" in written
    assert "Traceback" in written  # the failure is logged in full, its secrets masked
    assert "SQL parameters hidden due to hide_parameters=True" in written
    for secret in (
        invitation,
        invitation.removeprefix(INVITATION_PREFIX),
        token,
        TEST_TOKEN,
        TEST_TOKEN.split(":")[1],
        VOTE_SECRET,
        REDIS_PASSWORD,
        "77011234567",  # the shared contact
        "7025551234",  # the nominee's phone, typed «8 (702) 555-12-34»
        "7017654321",  # the contact phone of the nomination of someone else
        "05.03.1987",  # the date of birth as typed, and as stored
        "1987-03-05",
        "1987, 3, 5",
        "17.05.1990",
        "1990-05-17",
        "Сапарова",  # the failing statement's parameters are not written at all
    ):
        assert secret not in written, f"{secret!r} is in the log"


def failing_insert(dialect: str) -> list[str]:
    """Every new nomination's INSERT fails, as it would on a full disk."""
    if dialect == "sqlite":  # (RAISE there would be a constraint: a refusal, not a failure)
        return [
            "CREATE TABLE disk_is_full (x INTEGER)",
            "CREATE TRIGGER full_disk BEFORE INSERT ON nominations "
            "BEGIN INSERT INTO disk_is_full VALUES (1); END",
            "DROP TABLE disk_is_full",
        ]
    return [
        "CREATE FUNCTION full_disk() RETURNS trigger AS $$ "
        "BEGIN RAISE EXCEPTION 'disk_is_full'; END $$ LANGUAGE plpgsql",
        "CREATE TRIGGER full_disk BEFORE INSERT ON nominations "
        "FOR EACH ROW EXECUTE FUNCTION full_disk()",
    ]


def test_the_filter_masks_lines_and_exception_text(settings, log):
    logger = logging.getLogger("bot.somewhere")
    logger.info("link https://t.me/bot?start=inv_AbC123xyz-_QQ and /start c_Zx9-8_kkkkkkkk")
    try:
        raise ValueError(
            f"card v_100-2026-000042 for +7 701 123 45 67 born 17.05.1990 {VOTE_SECRET}"
        )
    except ValueError:
        logger.exception("failed with %s", "phone_number='77011234567'")
    logger.warning("next run at 2026-12-06 09:00:00+05:00 for chat -1001234567890, user 7012345678")
    written = log.getvalue()
    for hidden in (
        "AbC123xyz",
        "Zx9-8_kkkkkkkk",
        "100-2026-000042",
        "701 123 45 67",
        "17.05.1990",
        VOTE_SECRET,
        "77011234567",
    ):
        assert hidden not in written, hidden
    assert "start=***" in written and "/start ***" in written and "v_***" in written
    assert "Traceback" in written and "ValueError: card v_*** for *** born *** ***" in written
    # A moment with its time of day, a group's chat id and a user id are kept.
    assert "2026-12-06 09:00:00+05:00" in written
    assert "-1001234567890" in written and "7012345678" in written


def test_the_filter_knows_every_start_payload_and_secret(settings):
    made = {INVITATION_PREFIX, CONSENT_LINK_PREFIX, CARD_LINK_PREFIX}
    assert set(START_PAYLOAD_KINDS) == made
    bot_code = "\n".join(
        p.read_text(encoding="utf-8") for p in (PROJECT_ROOT / "bot").rglob("*.py")
    )
    prefixes = set(re.findall(r'_PREFIX = "(\w+_)"', bot_code))
    assert prefixes == made, "a start payload kind the log filter does not know"
    settings.webhook_secret = SecretStr(SECRET)
    masked = mask(f"{TEST_TOKEN} {VOTE_SECRET} {SECRET}", secrets_of(settings))
    assert masked == "*** *** ***"


def test_weak_secrets_are_refused_with_how_to_make_one():
    for name, value, why in (
        ("vote_secret", "test-vote-secret", "shorter than 32 characters"),
        ("vote_secret", "a" * 40, "too few distinct characters"),
        ("vote_secret", "abcdefghijkl" * 4, "a short block repeated"),
        ("vote_secret", "Ab3_Zq9-" * 5, "too few distinct characters"),
        ("webhook_secret", "hook-Secret_42", "shorter than 16 characters"),
        ("webhook_secret", "x7" * 10, "too few distinct characters"),
    ):
        with pytest.raises(ValidationError) as refused:
            Settings(_env_file=None, **{name: value})
        message = str(refused.value)
        assert why in message and MAKE_A_SECRET in message, (value, message)
        assert value not in message
    made = Settings(_env_file=None, vote_secret=VOTE_SECRET, webhook_secret=SECRET)
    assert made.vote_secret is not None and made.webhook_secret is not None


def test_the_command_line_refuses_a_weak_secret_without_showing_it(tmp_path):
    clean = {k: v for k, v in os.environ.items() if not k.endswith(("_SECRET", "DATABASE_URL"))}
    result = subprocess.run(
        [sys.executable, "-m", "bot", "migrate"],
        cwd=tmp_path,
        env={**clean, "PYTHONPATH": str(PROJECT_ROOT), "VOTE_SECRET": "password-password-1234"},
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )
    assert result.returncode == 2
    assert result.stderr.strip().splitlines() == [
        "Invalid settings in .env or the environment: VOTE_SECRET: Value error, shorter than "
        f"32 characters: make one with {MAKE_A_SECRET}"
    ]
    assert "password-password" not in result.stdout + result.stderr


async def test_forged_numbers_in_buttons_are_refused_with_one_warning(app, caplog):
    person = app.person(600, language_code="ru")
    await person.send("/start")
    huge = 99_999_999_999_999_999_999
    forged = [
        VoteCb(round_id=huge, nomination_id=1, cast=True).pack(),
        VoteCb(round_id=1, nomination_id=2**31, cast=True).pack(),
        MineCb(action=MineAction.WITHDRAW, nomination_id=-(2**63) - 1).pack(),
        RevokeCb(grant_id=2**63).pack(),
    ]
    for data in forged:
        caplog.clear()
        with caplog.at_level(logging.DEBUG):
            assert await person.press_data(data) == []
        warnings = [r for r in caplog.records if r.levelno >= logging.WARNING]
        assert len(warnings) == 1 and warnings[0].levelno == logging.WARNING, data
        assert "out of range" in warnings[0].getMessage()
        assert warnings[0].exc_info is None
        answer = person.last_answer
        assert answer.text is None and not answer.show_alert  # quiet: the spinner stops
    caplog.clear()
    with caplog.at_level(logging.WARNING):
        await person.press_data(VoteCb(round_id=2**31 - 1, nomination_id=1, cast=True).pack())
    assert not [r for r in caplog.records if "out of range" in r.getMessage()]
    assert not [r for r in caplog.records if r.levelno >= logging.ERROR]


async def test_a_non_ascii_webhook_secret_gets_401(settings, clock, sessionmaker):
    api = FakeBotApi(TEST_TOKEN)
    await api.start()
    settings.telegram_api_url = api.url
    settings.webhook_url = "https://bot.example.kz/telegram/updates"
    settings.webhook_secret = SecretStr(SECRET)
    settings.web_port = free_port()
    stop = asyncio.Event()
    task = asyncio.create_task(run(settings, clock, handle_signals=False, stop=stop))
    try:
        await asyncio.wait_for(api.wait_for(lambda: api.called("setWebhook")), 30)
        url = f"http://127.0.0.1:{settings.web_port}/telegram/updates"
        update = {
            "update_id": 1,
            "message": {
                "message_id": 1,
                "date": 0,
                "chat": {"id": 1, "type": "private"},
                "text": "/start",
            },
        }
        statuses = []
        async with aiohttp.ClientSession() as client:
            for secret in ("é" * 22, SECRET[:-1] + "ә", "ключ", SECRET + "x"):
                headers = {"X-Telegram-Bot-Api-Secret-Token": secret}
                async with client.post(url, json=update, headers=headers) as response:
                    statuses.append(response.status)
        assert statuses == [401, 401, 401, 401]
        assert api.sent_to(1) == []
    finally:
        stop.set()
        await asyncio.wait_for(task, 30)
        await api.stop()
