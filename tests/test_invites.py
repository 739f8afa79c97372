"""Invitations to a role: taken only with one's own shared contact (its phone becomes the
person's verified phone), the maker told who used one; an admin's /invites lists the open
links page by page and cancels one (asked first); a link dies when its maker may no longer
make it, cancelled at the revocation and refused at use."""

from __future__ import annotations

import json
import re
from datetime import timedelta

import pytest
from sqlalchemy import delete, func, select

from bot.callbacks import InviteCancelCb, InvitesCb
from bot.render import long_moment, zone
from config import REGIONS_PATH
from domain.regions import load_regions
from storage import audit, phones
from storage.models import AuditEntry, Invitation, RoleGrant
from tests.fixtures.staff import accept, join, phone_of
from tests.flows import t
from tests.harness import ADMIN_ID

pytestmark = pytest.mark.sql  # also run on PostgreSQL: see the Makefile's `test`

LOCALES = ["kk", "ru", "en"]
ALMATY = {region.code: region for region in load_regions(REGIONS_PATH)}["almaty_city"]


async def mint(admin, texts, locale: str, role: str, scope: str | None = None) -> str:
    """An admin (reading `locale`) makes a link to `role` from /admin: its /start payload."""
    await admin.send("/admin")
    await admin.press(t(texts, locale, "admin-invite"))
    sent = await admin.press(t(texts, locale, f"role-{role}"))
    if scope:
        sent = await admin.press(scope)
    match = re.search(r"start=(inv_[\w-]+)", sent[-1].text)
    assert match, sent[-1].text
    return match.group(1)


async def grants_of(sessionmaker, user_id: int) -> list[str]:
    async with sessionmaker() as session:
        query = select(RoleGrant.role).where(RoleGrant.user_id == user_id)
        return list(await session.scalars(query))


async def phone_verified(sessionmaker, user_id: int) -> str | None:
    async with sessionmaker() as session:
        return await phones.verified_phone(session, user_id)


@pytest.mark.parametrize("locale", LOCALES)
async def test_a_role_is_taken_only_with_ones_own_contact_and_the_maker_hears_of_it(
    app, texts, sessionmaker, locale
):
    admin = app.person(ADMIN_ID, language_code=locale, name="Admin")
    payload = await mint(admin, texts, locale, "verifier", ALMATY.name(locale))
    person = app.person(21, language_code=locale, name="Dana")
    role = f"{t(texts, locale, 'role-verifier')} ({ALMATY.name(locale)})"

    sent = await person.send(f"/start {payload}")
    assert sent[-1].text == t(texts, locale, "invite-share-contact", role=role)
    assert sent[-1].buttons == [t(texts, locale, "form-share-contact")]
    # A typed phone, someone else's contact: refused, asked again, nothing granted.
    sent = await person.send("+7 701 000 00 21")
    assert sent[-1].text == t(texts, locale, "invite-contact-expected")
    assert sent[-1].buttons == [t(texts, locale, "form-share-contact")]
    sent = await person.send_contact("+77017770000", user_id=9999)
    assert sent[-1].text == t(texts, locale, "invite-contact-not-yours")
    assert sent[-1].buttons == [t(texts, locale, "form-share-contact")]
    assert await grants_of(sessionmaker, 21) == []
    assert await phone_verified(sessionmaker, 21) is None

    # Their own contact: the role, and the phone verified.
    sent = await person.send_contact("77010000021")
    assert sent[0].text.startswith(t(texts, locale, "invitation-accepted"))
    assert role in sent[0].text
    assert await grants_of(sessionmaker, 21) == ["verifier"]
    assert await phone_verified(sessionmaker, 21) == "+77010000021"
    # The maker is told, in their language, by the name Telegram shows (never the phone).
    told = app.session.sent_to(ADMIN_ID)[-1].text
    assert told == t(
        texts,
        locale,
        "invite-used-scoped",
        role=t(texts, locale, "role-verifier"),
        where=ALMATY.name(locale),
        name="Dana",
    )
    assert "0000021" not in told
    # Once used, the link gives nothing, not even the question.
    sent = await app.person(22, language_code=locale).send(f"/start {payload}")
    assert sent[-1].text == t(texts, locale, "invitation-used")


async def test_a_person_may_leave_the_question_and_come_back_by_the_link(app, texts, sessionmaker):
    admin = app.person(ADMIN_ID, language_code="en", name="Admin")
    payload = await mint(admin, texts, "en", "secretariat")
    other = app.person(22, language_code="ru", name="Arman")
    await other.send(f"/start {payload}")
    sent = await other.send("/cancel")  # a command is the menu's, in this state too
    assert t(texts, "ru", "invite-contact-expected") not in [s.text for s in sent]
    # The question is over: a contact now takes nothing.
    await other.send_contact(phone_of(22))
    assert await grants_of(sessionmaker, 22) == []
    assert not [m for m in app.session.sent_to(ADMIN_ID) if "Arman" in m.text]
    # Back by the link (still open), with their own contact: the role.
    sent = await accept(other, payload)
    assert sent[0].text.startswith(t(texts, "ru", "invitation-accepted"))
    assert await phone_verified(sessionmaker, 22) == phone_of(22)
    assert app.session.sent_to(ADMIN_ID)[-1].text == t(
        texts, "en", "invite-used", role=t(texts, "en", "role-secretariat"), name="Arman"
    )


def line(texts, locale, number: int, role: str, expires, tz_core) -> str:
    return t(
        texts,
        locale,
        "invites-line",
        number=number,
        role=role,
        maker="Admin",
        expires=long_moment(expires, tz_core[1], locale),
        tz=zone(tz_core[0], locale, tz_core[1]),
    )


@pytest.mark.parametrize("locale", LOCALES)
async def test_an_admin_lists_pages_and_cancels_open_links(
    app, texts, sessionmaker, settings, clock, locale
):
    admin = app.person(ADMIN_ID, language_code=locale, name="Admin")
    first = await mint(admin, texts, locale, "verifier", ALMATY.name(locale))
    first_expires = clock() + timedelta(hours=settings.invite_ttl_hours)
    for _ in range(5):  # a minute apart: the list runs from the soonest to expire
        clock.now += timedelta(minutes=1)
        await mint(admin, texts, locale, "expert")
    clock.now += timedelta(minutes=1)
    used = await mint(admin, texts, locale, "secretariat")
    await accept(app.person(30, language_code="en"), used)
    clock.now += timedelta(minutes=1)
    stale = await mint(admin, texts, locale, "wg")
    async with sessionmaker() as session:  # one made long ago: expired now
        await session.execute(
            Invitation.__table__.update()
            .where(Invitation.token == stale.removeprefix("inv_"))
            .values(expires_at=clock() - timedelta(minutes=1))
        )
        await session.commit()

    tz_core = (texts, settings.tz)
    verifier = f"{t(texts, locale, 'role-verifier')} ({ALMATY.name(locale)})"
    sent = await admin.send("/invites")
    assert sent[-1].text.splitlines() == [
        t(texts, locale, "invites-title", count=6),
        line(texts, locale, 1, verifier, first_expires, tz_core),
        *(
            line(
                texts,
                locale,
                n,
                t(texts, locale, "role-expert"),
                first_expires + timedelta(minutes=n - 1),
                tz_core,
            )
            for n in range(2, 6)
        ),
    ]
    assert sent[-1].buttons == [*(f"✖️ {n}" for n in range(1, 6)), "▶️"]
    await admin.press("▶️")
    assert admin.last.text.splitlines()[1:] == [
        line(
            texts,
            locale,
            6,
            t(texts, locale, "role-expert"),
            first_expires + timedelta(minutes=5),
            tz_core,
        )
    ]
    assert admin.last.buttons == ["✖️ 6", "◀️"]
    await admin.press("◀️")

    # One tap asks; «keep» goes back to the list; the confirmation cancels.
    await admin.press("✖️ 1")
    assert admin.last.text == t(texts, locale, "invites-cancel-ask", role=verifier, maker="Admin")
    await admin.press(t(texts, locale, "invites-cancel-keep"))
    assert admin.last.text.startswith(t(texts, locale, "invites-title", count=6))
    await admin.press("✖️ 1")
    await admin.press(t(texts, locale, "invites-cancel-confirm"))
    assert admin.last_answer.text == t(texts, locale, "invites-cancelled")
    assert admin.last.text.splitlines()[:3] == [
        t(texts, locale, "invites-cancelled"),
        "",
        t(texts, locale, "invites-title", count=5),
    ]
    assert verifier not in admin.last.text
    # The cancelled link gives nothing; the same confirmation again finds nothing.
    sent = await app.person(31, language_code=locale).send(f"/start {first}")
    assert sent[-1].text == t(texts, locale, "invite-cancelled-link")
    await admin.press_data(
        InviteCancelCb(token=first.removeprefix("inv_")[:10], confirmed=True).pack()
    )
    assert admin.last_answer.text == t(texts, locale, "invite-gone")
    async with sessionmaker() as session:
        cancels = await session.scalar(
            select(func.count())
            .select_from(AuditEntry)
            .where(AuditEntry.action == "role.invite.cancel", AuditEntry.actor_id == ADMIN_ID)
        )
        assert cancels == 1
        assert (await audit.verify(session))[1] is None


async def test_links_die_with_their_makers_right_to_invite(app, texts, sessionmaker):
    admin = app.person(ADMIN_ID, language_code="en", name="Admin")
    deputy = await join(app, texts, admin, 40, "ru", "admin", name="Deputy")
    to_secretariat = await mint(deputy, texts, "ru", "secretariat")
    to_expert = await mint(deputy, texts, "ru", "expert")
    sent = await admin.send("/invites")
    assert sent[-1].text.startswith(t(texts, "en", "invites-title", count=2))

    # The deputy's role revoked: their open links are cancelled with it.
    await admin.send("/admin")
    await admin.press(t(texts, "en", "admin-people"))
    await admin.press(t(texts, "en", "role-admin"))
    await admin.press(t(texts, "en", "admin-revoke", number=1))
    await admin.press(t(texts, "en", "admin-revoke-confirm"))
    for payload in (to_secretariat, to_expert):
        sent = await app.person(41, language_code="kk").send(f"/start {payload}")
        assert sent[-1].text == t(texts, "kk", "invite-cancelled-link")
    sent = await admin.send("/invites")
    assert sent[-1].text == t(texts, "en", "invites-none")
    async with sessionmaker() as session:
        entry = await session.scalar(
            select(AuditEntry).where(AuditEntry.action == "role.invite.cancel")
        )
        assert entry is not None and entry.subject == "user:40"
        assert json.loads(entry.details)["count"] == 2

    # A role taken away outside the bot: the link is refused when used.
    other = await join(app, texts, admin, 42, "en", "admin", name="Other")
    payload = await mint(other, texts, "en", "expert")
    async with sessionmaker() as session:
        await session.execute(delete(RoleGrant).where(RoleGrant.user_id == 42))
        await session.commit()
    newcomer = app.person(43, language_code="ru")
    sent = await newcomer.send(f"/start {payload}")
    assert sent[-1].text == t(texts, "ru", "invite-dead-link")
    assert await grants_of(sessionmaker, 43) == []


async def test_only_an_admin_lists_or_cancels_links(app, texts, sessionmaker):
    admin = app.person(ADMIN_ID, language_code="en", name="Admin")
    payload = await mint(admin, texts, "en", "expert")
    expert = await join(app, texts, admin, 50, "en", "expert")
    sent = await expert.send("/invites")
    assert sent[-1].text == t(texts, "en", "no-access")
    await expert.press_data(InvitesCb(page=0).pack())
    assert expert.last_answer.text == t(texts, "en", "no-access")
    token = payload.removeprefix("inv_")[:10]
    await expert.press_data(InviteCancelCb(token=token, confirmed=True).pack())
    assert expert.last_answer.text == t(texts, "en", "no-access")
    async with sessionmaker() as session:
        invitation = await session.get(Invitation, payload.removeprefix("inv_"))
        assert invitation is not None and invitation.cancelled_at is None
    # The admin menu's button lists them too.
    await admin.send("/admin")
    sent = await admin.press(t(texts, "en", "admin-invites"))
    assert sent[-1].text.startswith(t(texts, "en", "invites-title", count=1))
