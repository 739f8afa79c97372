"""Logs that keep no secrets: one filter, on every handler of the root logger from the start,
masks in each line (its message and its exception text) what must never be written down:
deep-link tokens (`inv_…` invitations, `c_…` consents, `v_…` cards, any `?start=` or
`/start` payload), the bot's token and every secret of the settings, phone numbers and
calendar dates (a date of birth cannot be told from another date; a moment with its time of
day is kept, so the scheduler's lines still say when).

Imports nothing but the standard library and the settings: one-shot commands install it too."""

from __future__ import annotations

import logging
import re
from collections.abc import Iterable

from pydantic import SecretStr

from config import Settings

MASK = "***"
PARAMETER_LOGGERS = ("aiosqlite",)  # SQLAlchemy's engines hide theirs (`hide_parameters`)

# Every start payload the bot makes: bot/handlers/roles.py INVITATION_PREFIX,
# bot/handlers/form.py CONSENT_LINK_PREFIX, bot/handlers/vote/common.py CARD_LINK_PREFIX
# (tests/test_logs.py checks that this list names them all).
START_PAYLOAD_KINDS = ("inv_", "c_", "v_")

_PATTERNS: tuple[tuple[re.Pattern[str], str], ...] = (
    # A bot token anywhere (the settings' own, or another one in a URL).
    (re.compile(r"(?<!\d)\d{5,}:[A-Za-z0-9_-]{30,}"), MASK),
    # Deep links and their payloads.
    (re.compile(r"([?&]start(?:group)?=)[^\s&'\"]+"), rf"\1{MASK}"),
    (re.compile(r"(/start\s+)\S+"), rf"\1{MASK}"),
    (
        re.compile(
            r"(?<![A-Za-z0-9])("
            + "|".join(re.escape(kind) for kind in START_PAYLOAD_KINDS)
            + r")[A-Za-z0-9_-]{4,}"
        ),
        rf"\1{MASK}",
    ),
    # A consent token in the nominee's button data (`n:<token>:agree`).
    (re.compile(r"(?<![\w:])n:[A-Za-z0-9_-]{12,}"), f"n:{MASK}"),
    # Phones: in their key (a Contact's repr), in E.164 or as typed in Kazakhstan and Russia.
    (re.compile(r"(phone(?:_number)?['\"]?\s*[:=]\s*['\"]?)[^'\",\s)]+"), rf"\1{MASK}"),
    (re.compile(r"(?<![\w+])\+\d(?:[\s().-]?\d){6,14}(?!\d)"), MASK),
    (re.compile(r"(?<![\w+-])[78](?:[\s()-]?\d){10}(?!\d)"), MASK),
    # Dates: a repr, ISO, dotted or slashed, unless a time of day follows (a moment).
    (re.compile(r"(datetime\.)?date\(\d{4},\s*\d{1,2},\s*\d{1,2}\)"), f"date({MASK})"),
    (
        re.compile(
            r"(?<!\d)(?:\d{4}-\d{1,2}-\d{1,2}|\d{1,2}[./]\d{1,2}[./]\d{4})"
            r"(?![\d:]|[ T]\d{1,2}:\d{2})"
        ),
        MASK,
    ),
)


def secrets_of(settings: Settings) -> list[str]:
    """Every secret the settings hold, as written: BOT_TOKEN, WEBHOOK_SECRET, VOTE_SECRET,
    REDIS_URL (which may carry a password), and any added later as SecretStr."""
    values = (getattr(settings, name) for name in type(settings).model_fields)
    return [v.get_secret_value() for v in values if isinstance(v, SecretStr) and v]


def mask(text: str, secrets: Iterable[str] = ()) -> str:
    for secret in secrets:
        if secret:
            text = text.replace(secret, MASK)
    for pattern, replacement in _PATTERNS:
        text = pattern.sub(replacement, text)
    return text


class Masking(logging.Filter):
    """Rewrites a record in place before any handler formats it: the message with its
    arguments, the exception's text and the stack, each masked. A record passes through it
    once however many handlers carry it (the masked text has nothing left to mask)."""

    def __init__(self, secrets: Iterable[str] = ()) -> None:
        super().__init__()
        # Longest first, so a secret that contains another is masked whole.
        self.secrets = sorted({s for s in secrets if s}, key=len, reverse=True)

    def filter(self, record: logging.LogRecord) -> bool:
        if getattr(record, "masked", False):
            return True
        try:
            message = record.getMessage()
        except (TypeError, ValueError):  # arguments that do not fit the format
            message = f"{record.msg!r} {record.args!r}"
        record.msg, record.args = mask(message, self.secrets), None
        if record.exc_info and not record.exc_text:
            record.exc_text = logging.Formatter().formatException(record.exc_info)
        if record.exc_text:
            record.exc_text = mask(record.exc_text, self.secrets)
        if record.stack_info:
            record.stack_info = mask(record.stack_info, self.secrets)
        record.masked = True
        return True


def install_masking(settings: Settings, logger: logging.Logger | None = None) -> Masking:
    """Puts the one filter on the root logger and on each of its handlers (records of child
    loggers reach the handlers without passing the root logger's own filters). Called once
    at start, after the handlers are set up."""
    target = logger or logging.getLogger()
    masking = Masking(secrets_of(settings))
    for existing in [*target.filters, *(f for h in target.handlers for f in h.filters)]:
        if isinstance(existing, Masking):  # a second start in one process: the newest wins
            target.removeFilter(existing)
            for handler in target.handlers:
                handler.removeFilter(existing)
    target.addFilter(masking)
    for handler in target.handlers:
        handler.addFilter(masking)
    # Their DEBUG lines carry every statement with its parameters (tokens, names, phones),
    # which no pattern can tell apart: never below INFO, whatever the root's level.
    for name in PARAMETER_LOGGERS:
        logger = logging.getLogger(name)
        logger.setLevel(max(logger.getEffectiveLevel(), logging.INFO))
    return masking
