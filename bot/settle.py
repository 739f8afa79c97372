"""How the running process keeps its memory: few malloc arenas, and what start-up left behind
given back once it is over, what stays set aside from the collector.

glibc gives each thread that meets another in malloc an arena of its own, up to eight per
core, and an arena keeps the memory freed into it. The bot's threads (a thread per SQLite
connection, the loop's executor) seldom allocate at once, so `limit_arenas` caps them at two
before any thread starts (1.3 MiB of the idle process).

Start-up makes and drops many objects (migrations checked, texts loaded, the first Bot API
calls, the catch-up jobs' pass over reminders, rounds and consents): `gc.collect` frees the
cycles among them and glibc's `malloc_trim` returns the freed heap pages to the system.
`gc.freeze` then moves every object alive at that point (modules, classes, routers, mapped
tables: about 300,000) to a generation the collector never walks, so a full collection
under load walks only what updates made since, not the whole program each time (the safety
engineer saw 0.4-2 s pauses under load). `settle` does this once the start's own work in
the background is done."""

from __future__ import annotations

import asyncio
import ctypes
import ctypes.util
import gc
import logging
import time
from collections.abc import Awaitable, Callable, Iterable
from typing import Any

log = logging.getLogger(__name__)

M_ARENA_MAX = -8  # mallopt's parameter, from glibc's malloc.h
ARENAS = 2
START_WORK_TIMEOUT = 60.0  # a start's work that takes longer is not waited for


def _libc() -> Any:
    name = ctypes.util.find_library("c")
    return None if name is None else ctypes.CDLL(name)


def limit_arenas() -> bool:
    """Cap glibc's malloc arenas (as MALLOC_ARENA_MAX=2 would); before threads start."""
    libc = _libc()
    try:
        return libc is not None and bool(libc.mallopt(M_ARENA_MAX, ARENAS))
    except AttributeError:  # not glibc
        return False


def _malloc_trim() -> bool:
    libc = _libc()
    try:
        trim = libc.malloc_trim
    except AttributeError:  # not glibc, or no C library found
        return False
    trim(0)
    return True


async def settle(
    after: Iterable[Awaitable[Any]] = (), tidy: Callable[[], Awaitable[Any]] | None = None
) -> None:
    """Once the start's work (`after`) is done or has run for START_WORK_TIMEOUT: `tidy`
    (the idle database connections' caches), then collect, freeze, give the freed heap
    back."""
    work = [asyncio.ensure_future(each) for each in after]
    if work:
        await asyncio.wait(work, timeout=START_WORK_TIMEOUT)
    if tidy is not None:
        await tidy()
    started = time.perf_counter()
    gc.collect()
    gc.freeze()
    trimmed = _malloc_trim()
    log.debug(
        "start-up settled in %.0f ms: %d objects frozen, heap %s",
        (time.perf_counter() - started) * 1000,
        gc.get_freeze_count(),
        "trimmed" if trimmed else "not trimmed",
    )
