"""Time is injected: everything that depends on "now" takes a `Clock`."""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, datetime

Clock = Callable[[], datetime]


def system_clock() -> datetime:
    """The real clock: an aware datetime in UTC."""
    return datetime.now(UTC)
