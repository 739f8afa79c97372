"""Memory per person is bounded (audit finding 13): what the process keeps for a person it
has seen goes when they go quiet. The lock that serialises one person's updates lives only
while an update of theirs holds it or waits for it; the rows remembered between updates on
SQLite (`services.rows.Remembered`) stop growing at their limit and expire after their time.

Stated bounds, checked after 100,000 distinct people:
- the locks: none kept, and at most 256 KiB more allocated than before (aiogram's
  `SimpleEventIsolation` keeps a lock per person: over 4 MiB for 20,000, checked here too);
- the remembered rows: at most `limit` people, and no more memory than the first `limit`
  people took, plus 10 % and 256 KiB."""

from __future__ import annotations

import asyncio
import re
import tracemalloc
from contextlib import AsyncExitStack
from typing import Any

from aiogram.fsm.storage.base import BaseEventIsolation, StorageKey
from aiogram.fsm.storage.memory import SimpleEventIsolation

from bot.compiled_texts import CachedCompileCore
from bot.fsm import PersonLocks
from bot.middlewares import ConversationMiddleware
from config import LOCALES_PATH
from services.rows import Remembered
from storage.fsm import FsmRow
from storage.repo import PersonRow, UserRow
from tests.flows import asked, start_form, t

PEOPLE = 100_000
KIB = 1024
BOT_ID = 42


def key(user_id: int) -> StorageKey:
    return StorageKey(bot_id=BOT_ID, chat_id=user_id, user_id=user_id)


async def pass_through(isolation: BaseEventIsolation, people: range, at_once: int) -> int:
    """`people` each take their lock, `at_once` of them holding theirs together; returns the
    most locks the isolation kept meanwhile (for ours)."""
    most = 0
    for first in range(people.start, people.stop, at_once):
        async with AsyncExitStack() as held:
            for user_id in range(first, min(first + at_once, people.stop)):
                await held.enter_async_context(isolation.lock(key(user_id)))
            if isinstance(isolation, PersonLocks):
                most = max(most, len(isolation))
    return most


async def allocated_by(isolation: BaseEventIsolation, people: int) -> int:
    tracemalloc.start()
    try:
        before = tracemalloc.get_traced_memory()[0]
        await pass_through(isolation, range(1, people + 1), at_once=1000)
        return tracemalloc.get_traced_memory()[0] - before
    finally:
        tracemalloc.stop()


async def test_no_lock_is_kept_for_the_people_who_have_gone():
    locks = PersonLocks()
    assert await pass_through(locks, range(1, 5001), at_once=1000) == 1000
    assert len(locks) == 0

    assert await allocated_by(PersonLocks(), PEOPLE) < 256 * KIB
    # What the bound is about: aiogram's own keeps a lock for every person ever seen.
    assert await allocated_by(SimpleEventIsolation(), PEOPLE // 5) > 4 * 1024 * KIB


async def test_a_lock_held_or_waited_for_is_never_dropped():
    locks = PersonLocks()
    order: list[str] = []
    release = asyncio.Event()

    async def update(name: str, hold: bool) -> None:
        async with locks.lock(key(7)):
            order.append(f"{name} starts")
            if hold:
                await release.wait()
            order.append(f"{name} ends")

    first = asyncio.create_task(update("first", hold=True))
    await asyncio.sleep(0)
    second = asyncio.create_task(update("second", hold=False))
    await asyncio.sleep(0)
    await pass_through(locks, range(1000, 1000 + PEOPLE), at_once=100)  # a crowd passes
    assert len(locks) == 1 and not second.done()
    release.set()
    await asyncio.gather(first, second)
    assert order == ["first starts", "first ends", "second starts", "second ends"]
    assert len(locks) == 0


def person_row(user_id: int) -> PersonRow:
    user = UserRow(user_id, "Aigerim", None, "kk", "kk", None, None)
    return PersonRow(user, False, 0)


def draft(user_id: int) -> FsmRow:
    """A conversation part-way through the form: about a kilobyte."""
    data = {"full_name": f"Сапарова Айгерім {user_id}", "story": "ә" * 400, "step": "occupation"}
    return FsmRow("NominationForm:occupation", data)


def remember(remembered: Remembered, people: range) -> None:
    for user_id in people:
        remembered.states[f"fsm:{user_id}"] = draft(user_id)
        remembered.people[user_id] = person_row(user_id)


def test_remembered_rows_stop_growing_at_their_limit():
    limit = 5_000
    remembered = Remembered(limit=limit)
    tracemalloc.start()
    try:
        before = tracemalloc.get_traced_memory()[0]
        remember(remembered, range(1, limit + 1))
        full = tracemalloc.get_traced_memory()[0] - before
        remember(remembered, range(limit + 1, PEOPLE + 1))
        after = tracemalloc.get_traced_memory()[0] - before
    finally:
        tracemalloc.stop()
    assert len(remembered.states) == limit and len(remembered.people) == limit
    assert f"fsm:{PEOPLE}" in remembered.states and "fsm:1" not in remembered.states
    assert after <= full * 1.1 + 256 * KIB, (full, after)


def test_remembered_rows_expire_when_the_person_is_quiet():
    now = [0.0]
    remembered = Remembered(limit=1_000, ttl=600, timer=lambda: now[0])
    remember(remembered, range(1, 101))
    now[0] = 599
    assert remembered.states.get("fsm:1") is not None
    now[0] = 601
    remember(remembered, range(101, 102))
    assert len(remembered.states) == 1 and len(remembered.people) == 1


async def test_a_crowd_through_the_bot_leaves_no_lock_and_a_forgotten_draft_goes_on(app, texts):
    """Through the real dispatcher: after a crowd, no person's lock is left; a person whose
    remembered rows were pushed out (and expired) by the crowd finds their draft where they
    left it, read again from the database."""
    now = [0.0]
    app.work.remembered = Remembered(limit=20, ttl=600, timer=lambda: now[0])
    conversation = next(
        m
        for m in app.dispatcher.update.outer_middleware[:]
        if isinstance(m, ConversationMiddleware)
    )
    writer = app.person(500, language_code="ru")
    await start_form(writer, texts, "ru")
    sent = await writer.press(t(texts, "ru", "choice-who-self"))
    assert sent[-1].text == asked(texts, "ru", "form-ask-name")

    for user_id in range(1000, 1060):
        await app.person(user_id, language_code="en").send("/start")
    assert len(conversation.events_isolation) == 0
    assert len(app.work.remembered.states) <= 20 and len(app.work.remembered.people) <= 20
    assert 500 not in app.work.remembered.people  # pushed out by the crowd
    now[0] = 601  # and whatever was left of them has expired

    sent = await writer.send("Сапарова Айгерім Нұрланқызы")
    assert sent[-1].text == asked(texts, "ru", "form-ask-dob")
    assert len(conversation.events_isolation) == 0


# The texts, compiled once per version and loaded from disk afterwards (`bot.compiled_texts`),
# format every message exactly as fluent_compiler's own compile does.


def formatted(core: Any, locale: str, args: dict[str, object]) -> dict[str, str]:
    """Every message of the locale: fluent_compiler's own bundle (`FluentCompileCore`) or the
    texts loaded from what was kept (`CachedCompileCore`)."""
    bundle = core.get_translator(locale)
    ids = getattr(bundle, "message_ids", None) or bundle._compiled_messages
    out = {}
    for key in ids:
        text, errors = bundle.format(key, args)
        out[key] = f"{text} {[str(e) for e in errors]}"
    return out


async def test_texts_compiled_once_and_loaded_read_as_compiled_every_time(tmp_path, texts):
    """`texts` is fluent_compiler's own compile (the session's, as other tests use it)."""
    names = set()
    for ftl in LOCALES_PATH.parent.glob("*/*.ftl"):
        names |= set(re.findall(r"\$([A-Za-z][\w-]*)", ftl.read_text("utf-8")))
    first = CachedCompileCore(path=LOCALES_PATH, default_locale="kk", cache=tmp_path)
    await first.startup()  # compiles and keeps the code
    kept = sorted(p.name for p in tmp_path.iterdir())
    assert [name.split("-")[0] for name in kept] == ["en", "kk", "ru"]
    later = CachedCompileCore(path=LOCALES_PATH, default_locale="kk", cache=tmp_path)
    await later.startup()  # loads it
    assert sorted(p.name for p in tmp_path.iterdir()) == kept
    for locale in ("kk", "ru", "en"):
        samples = (1, 21, "Әлия")
        for args in ({}, *(dict.fromkeys(names, value) for value in samples)):
            expected = formatted(texts, locale, args)
            assert len(expected) > 500
            assert formatted(first, locale, args) == expected
            assert formatted(later, locale, args) == expected


async def test_texts_that_cannot_be_kept_are_compiled_at_each_start(tmp_path, texts):
    (tmp_path / "locales" / "en").mkdir(parents=True)
    for ftl in LOCALES_PATH.parent.glob("en/*.ftl"):
        (tmp_path / "locales" / "en" / ftl.name).write_text(ftl.read_text("utf-8"), "utf-8")
    (tmp_path / "file").write_text("not a folder")
    path = tmp_path / "locales" / "{locale}"
    core = CachedCompileCore(path=path, default_locale="en", cache=tmp_path / "file")
    await core.startup()
    assert formatted(core, "en", {"count": 2}) == formatted(texts, "en", {"count": 2})
    assert (tmp_path / "file").read_text() == "not a folder"
