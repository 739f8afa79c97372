"""The languages the bot speaks and how a person's language is chosen."""

from __future__ import annotations

LOCALES: tuple[str, ...] = ("kk", "ru", "en")


def resolve_locale(stored: str | None, telegram_code: str | None, default: str) -> str:
    """The stored choice first, then Telegram's language when we speak it, else the default."""
    if stored in LOCALES:
        return stored
    if telegram_code:
        primary = telegram_code.split("-")[0].lower()
        if primary in LOCALES:
            return primary
    return default
