"""Rules of the public vote that need neither Telegram nor SQL."""

from __future__ import annotations

import hashlib
import hmac
import re
import secrets
from datetime import UTC, datetime
from enum import StrEnum
from zoneinfo import ZoneInfo


class RoundState(StrEnum):
    SCHEDULED = "scheduled"
    OPEN = "open"
    CLOSED = "closed"


def round_state(
    starts: datetime, ends: datetime, closed_at: datetime | None, now: datetime
) -> RoundState:
    """By the server's clock: a round is open from its start until its end or closing."""
    if closed_at is not None or now >= ends:
        return RoundState.CLOSED
    return RoundState.OPEN if now >= starts else RoundState.SCHEDULED


def the_day(moment: datetime) -> datetime:
    """A moment kept only by its day (midnight UTC): what is stored of when a ballot was cast
    or a voter verified, so neither can be matched to the other by time."""
    return moment.astimezone(UTC).replace(hour=0, minute=0, second=0, microsecond=0)


def voter_key(secret: bytes, round_id: int, user_id: int) -> str:
    """Who cast a ballot in a round, as only the holder of the key can recompute it
    (HMAC-SHA256 of the round and the person): one voter's ballots in two rounds share
    nothing, and without the key no ballot leads to a Telegram id."""
    message = f"round:{round_id}:user:{user_id}".encode()
    return hmac.new(secret, message, hashlib.sha256).hexdigest()


# Receipt codes: 8 characters of 32 that cannot be mistaken for one another (no 0/O, 1/I),
# 40 random bits, read out or typed without doubt.
RECEIPT_ALPHABET = "23456789ABCDEFGHJKLMNPQRSTUVWXYZ"
RECEIPT_LENGTH = 8


def new_receipt() -> str:
    """A ballot's receipt: random, so it says nothing of the voter, the candidate or when."""
    return "".join(secrets.choice(RECEIPT_ALPHABET) for _ in range(RECEIPT_LENGTH))


def new_ballot_id() -> str:
    """A ballot's key: 16 random bytes, so no key follows the order of casting."""
    return secrets.token_hex(16)


def phone_allowed(phone: str, prefixes: tuple[str, ...]) -> bool:
    return any(phone.startswith(prefix) for prefix in prefixes)


class CastResult(StrEnum):
    COUNTED = "counted"
    ALREADY = "already"
    LIMIT = "limit"
    WITHDRAWN = "withdrawn"
    NOT_CAST = "not_cast"


def voted_after(result: CastResult) -> bool | None:
    """Whether the voter has voted for the candidate after a press (None: it changed nothing
    a card shows)."""
    return {CastResult.COUNTED: True, CastResult.ALREADY: True, CastResult.WITHDRAWN: False}.get(
        result
    )


class WindowError(ValueError):
    def __init__(self, code: str) -> None:
        super().__init__(code)
        self.code = code


def parse_window(text: str, tz: ZoneInfo, now: datetime) -> tuple[datetime, datetime]:
    """'01.12.2026 09:00 - 10.12.2026 18:00' in the project's time zone."""
    parts = [part.strip() for part in re.split(r"\s+[-–—]\s+", text.strip())]
    if len(parts) != 2:
        raise WindowError("format")
    try:
        starts, ends = (
            datetime.strptime(part, "%d.%m.%Y %H:%M").replace(tzinfo=tz) for part in parts
        )
    except ValueError:
        raise WindowError("format") from None
    if ends <= starts:
        raise WindowError("order")
    if ends <= now:
        raise WindowError("past")
    return starts, ends
