"""Staff hear of their work: each has a command menu of their own (their desks' commands, in
their language), set when a role is granted or revoked and when they change language, and set
again at start; a new case reaches only the staff who asked for it (/notify), and the daily
digest tells everybody what waits, with the day the longest-waiting case was submitted."""

from __future__ import annotations

import logging
from datetime import UTC, datetime, timedelta

from aiogram.exceptions import TelegramForbiddenError
from aiogram.methods import DeleteMyCommands, SetMyCommands
from aiogram.types import BotCommandScopeChat
from sqlalchemy import select, update

from bot.factory import set_staff_menus
from bot.handlers.menu import PUBLIC_COMMANDS
from bot.render import long_date
from bot.scheduler import staff_digest
from storage.models import Nomination, RoleGrant, User
from tests.fixtures.staff import REFERENCE, accept, invite, join, opt_in
from tests.flows import Nominee, fill_form, store_nomination, t
from tests.harness import ADMIN_ID, TEST_TOKEN

NOMINEE = Nominee().full_name


def menus_of(app, chat_id: int) -> list[SetMyCommands | DeleteMyCommands]:
    """The command menus the bot gave this chat, oldest first."""
    return [
        request
        for request in app.session.requests
        if isinstance(request, SetMyCommands | DeleteMyCommands)
        and isinstance(request.scope, BotCommandScopeChat)
        and request.scope.chat_id == chat_id
    ]


def menu(texts, locale: str, *staff_commands: str) -> list[tuple[str, str]]:
    """A staff menu as the person sees it: their commands first, then everybody's."""
    return [
        (name, t(texts, locale, f"command-{name}")) for name in (*staff_commands, *PUBLIC_COMMANDS)
    ]


def shown(request: SetMyCommands) -> list[tuple[str, str]]:
    assert request.language_code is None  # the chat's own menu, whatever Telegram's language
    return [(command.command, command.description) for command in request.commands]


async def test_a_granted_role_gives_the_person_their_desk_commands_in_their_language(
    app, texts, sessionmaker
):
    admin = app.person(ADMIN_ID, language_code="en", name="Admin")
    secretary = await join(app, texts, admin, 31, "kk", "secretariat")
    (first,) = menus_of(app, secretary.id)
    assert shown(first) == menu(texts, "kk", "queue", "notify", "roles")
    assert all(3 <= len(description) <= 256 for _, description in shown(first))

    verifier = await join(app, texts, admin, 32, "ru", "verifier", "Almaty")
    assert shown(menus_of(app, verifier.id)[-1]) == menu(texts, "ru", "verify", "notify", "roles")

    # A second role adds its commands to the ones held; an official's desk has no /notify.
    official = await join(app, texts, admin, 33, "en", "coordinator")
    assert shown(menus_of(app, official.id)[-1]) == menu(
        texts, "en", "reports", "overview", "roles"
    )
    await join(app, texts, admin, 33, "en", "wg")
    assert shown(menus_of(app, official.id)[-1]) == menu(
        texts, "en", "decide", "round", "reports", "overview", "notify", "roles"
    )

    # The menu follows the person's language.
    await secretary.send("/language")
    await secretary.press("Русский")
    assert shown(menus_of(app, secretary.id)[-1]) == menu(texts, "ru", "queue", "notify", "roles")
    # Somebody without a role keeps everybody's menu: no menu of their own is set.
    citizen = app.person(34, language_code="en")
    await citizen.send("/language")
    await citizen.press("Қазақша")
    assert menus_of(app, citizen.id) == []


async def test_revoking_takes_the_commands_away_and_the_last_role_gives_the_default_back(
    app, texts, sessionmaker
):
    admin = app.person(ADMIN_ID, language_code="en", name="Admin")
    dana = await join(app, texts, admin, 41, "kk", "expert", name="Dana")
    await join(app, texts, admin, 41, "kk", "coordinator", name="Dana")
    assert shown(menus_of(app, dana.id)[-1]) == menu(
        texts, "kk", "review", "reports", "overview", "notify", "roles"
    )

    async def revoke(role: str) -> None:
        await admin.send("/admin")
        await admin.press(t(texts, "en", "admin-people"))
        await admin.press(t(texts, "en", f"role-{role}"))
        await admin.press(t(texts, "en", "admin-revoke", number=1))
        await admin.press(t(texts, "en", "admin-revoke-confirm"))
        assert admin.last.text == t(texts, "en", "admin-revoked")

    await revoke("expert")
    # In Dana's language, not the admin's.
    assert shown(menus_of(app, dana.id)[-1]) == menu(texts, "kk", "reports", "overview", "roles")
    await revoke("coordinator")
    last = menus_of(app, dana.id)[-1]
    assert isinstance(last, DeleteMyCommands)  # everybody's menu again
    assert last.language_code is None
    async with sessionmaker() as session:
        assert (await session.scalars(select(RoleGrant))).all() == []


async def test_a_menu_telegram_refuses_changes_nothing_else_and_is_set_again_at_start(
    app, texts, sessionmaker, settings, caplog
):
    admin = app.person(ADMIN_ID, language_code="en", name="Admin")
    payload = await invite(admin, texts, "expert")
    person = app.person(51, language_code="ru")
    answer = app.session.make_request

    async def refusing(bot, method, timeout=None):  # noqa: ASYNC109
        if isinstance(method, SetMyCommands | DeleteMyCommands):
            app.session.requests.append(method)
            raise TelegramForbiddenError(method, "Forbidden: bot was blocked by the user")
        return await answer(bot, method, timeout)

    app.session.make_request = refusing
    with caplog.at_level(logging.WARNING, logger="bot.handlers.menu"):
        sent = await accept(person, payload)
    app.session.make_request = answer
    # The role is granted and the person told, though their menu could not be set.
    assert sent[0].text.startswith(t(texts, "ru", "invitation-accepted"))
    async with sessionmaker() as session:
        assert (await session.scalars(select(RoleGrant.role))).all() == ["expert"]
    assert "cannot set the command menu of 51" in caplog.text
    assert TEST_TOKEN not in caplog.text and TEST_TOKEN.split(":")[1] not in caplog.text

    # At start every staff member's menu is set again, the bootstrap admin's too (they have
    # written to the bot); a citizen gets none.
    await app.person(52, language_code="en").send("/start")
    before = len(app.session.requests)
    done = await set_staff_menus(app.built)
    assert done == 2
    again = app.session.requests[before:]
    assert [request.scope.chat_id for request in again] == [ADMIN_ID, 51]
    assert shown(again[0]) == menu(texts, "en", "admin", "invites", "roles")
    assert shown(again[1]) == menu(texts, "ru", "review", "notify", "roles")


async def test_a_new_nomination_reaches_only_the_staff_who_asked_for_it(app, texts, sessionmaker):
    admin = app.person(ADMIN_ID, language_code="en", name="Admin")
    asked = await join(app, texts, admin, 61, "kk", "secretariat")
    quiet = await join(app, texts, admin, 62, "en", "secretariat")
    coordinator = await join(app, texts, admin, 63, "en", "coordinator")

    # Nobody asked yet: a new nomination pings nobody.
    first = app.person(500, language_code="en")
    await fill_form(first, texts, "en", "Almaty")
    await first.press(t(texts, "en", "summary-submit"))
    arrived = {
        t(texts, locale, "queue-arrived", reference=REFERENCE, name=NOMINEE, command="/queue")
        for locale in ("kk", "en")
    }
    for person in (asked, quiet, coordinator):
        assert arrived.isdisjoint(s.text for s in app.session.sent_to(person.id))

    await opt_in(asked, texts, "kk")
    sent = await asked.send("/notify")  # the setting as it is now, with the way back
    assert sent[-1].text == t(texts, "kk", "case-notices-on")
    assert sent[-1].buttons == [t(texts, "kk", "case-notices-turn-off")]
    setting = sent[-1]
    async with sessionmaker() as session:
        opted = await session.scalars(select(User.id).where(User.notify_cases.is_(True)))
        assert opted.all() == [asked.id]
    # Only desk staff have the setting.
    sent = await coordinator.send("/notify")
    assert sent[-1].text == t(texts, "en", "no-access")

    second = app.person(501, language_code="en")
    await fill_form(second, texts, "en", "Almaty", nominee=Nominee(full_name="Оспанова Дана"))
    await second.press(t(texts, "en", "summary-submit"))
    reference = "100-2026-000002"
    expected = t(
        texts, "kk", "queue-arrived", reference=reference, name="Оспанова Дана", command="/queue"
    )
    assert [s.text for s in app.session.sent_to(asked.id) if s.text == expected] == [expected]
    for person in (quiet, coordinator):
        assert all(reference not in s.text for s in app.session.sent_to(person.id))

    # Turned off again: the next one reaches nobody either.
    await asked.press(t(texts, "kk", "case-notices-turn-off"))
    assert setting.text == t(texts, "kk", "case-notices-off")  # the same message, redrawn
    assert setting.buttons == [t(texts, "kk", "case-notices-turn-on")]
    third = app.person(502, language_code="en")
    await fill_form(third, texts, "en", "Almaty", nominee=Nominee(full_name="Ахметов Бекзат"))
    await third.press(t(texts, "en", "summary-submit"))
    assert all("100-2026-000003" not in s.text for s in app.session.sent_to(asked.id))


async def test_the_digest_gives_each_queue_its_count_and_oldest_submission(
    app, texts, sessionmaker, clock
):
    admin = app.person(ADMIN_ID, language_code="en", name="Admin")
    secretary = await join(app, texts, admin, 71, "en", "secretariat")
    verifier = await join(app, texts, admin, 72, "kk", "verifier", "Almaty")
    far = await join(app, texts, admin, 73, "ru", "verifier", "Abai Region")
    # Three nominations of Almaty, submitted on 10, 15 and 20 November (Almaty time); the
    # one of the 15th waits for regional verification.
    submitted = {}
    for number, day in enumerate((10, 15, 20)):
        at = datetime(2026, 11, day, 4, 0, tzinfo=UTC)
        nomination = await store_nomination(sessionmaker, 700 + number, at)
        submitted[day] = nomination.id
        async with sessionmaker() as session:  # the next one is somebody else
            await session.execute(
                update(Nomination)
                .where(Nomination.id == nomination.id)
                .values(
                    name_key=f"{nomination.name_key} {number}",
                    person_key=f"{nomination.person_key[:60]}-{number}",
                )
            )
            await session.commit()
    async with sessionmaker() as session:
        await session.execute(
            update(Nomination)
            .where(Nomination.id == submitted[15])
            .values(status="verification", updated_at=clock() - timedelta(hours=1))
        )
        await session.commit()

    far_before = len(app.session.sent_to(far.id))
    assert await staff_digest(app.work, app.dispatcher["settings"], app.dispatcher["regions"]) == 2
    await app.deliver()

    line = t(
        texts,
        "en",
        "digest-line",
        desk=t(texts, "en", "desk-secretariat"),
        count=2,
        command="/queue",
        oldest="10 November 2026",
    )
    assert secretary.last.text == t(texts, "en", "digest", lines=line)
    line = t(
        texts,
        "kk",
        "digest-line",
        desk=t(texts, "kk", "desk-verifier"),
        count=1,
        command="/verify",
        oldest=long_date(datetime(2026, 11, 15).date(), "kk"),
    )
    assert verifier.last.text == t(texts, "kk", "digest", lines=line)
    assert "қараша" in verifier.last.text  # the month in the reader's language
    # Nothing waits in Abai: its verifier gets no digest.
    assert len(app.session.sent_to(far.id)) == far_before
