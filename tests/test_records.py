"""The audit log's chain, the daily digest, role administration and exports."""

from __future__ import annotations

import csv
import io
import os
import subprocess
import sys
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from sqlalchemy import select

from bot.commands import export_nominations
from bot.scheduler import staff_digest
from config import PROJECT_ROOT
from storage import audit
from storage.models import AuditEntry, RoleGrant
from tests.fixtures.staff import NOMINEE, REFERENCE, accept, invite, join
from tests.flows import fill_form, t
from tests.harness import ADMIN_ID

pytestmark = pytest.mark.sql  # also run on PostgreSQL: see the Makefile's `test`

AT = datetime(2026, 11, 22, 5, 0, tzinfo=UTC)


def verify_cli(settings, cwd: Path) -> subprocess.CompletedProcess[str]:
    env = {k: v for k, v in os.environ.items() if k != "BOT_TOKEN"}
    return subprocess.run(
        [sys.executable, "-m", "bot", "audit", "verify"],
        env={**env, "DATABASE_URL": settings.database_url, "PYTHONPATH": str(PROJECT_ROOT)},
        cwd=cwd,  # no .env there
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )


@pytest.fixture
async def chain(sessionmaker, engine):
    async with sessionmaker() as session:
        for number in range(1, 6):
            await audit.append(
                session,
                AT + timedelta(minutes=number),
                7,
                "test.event",
                f"thing:{number}",
                {"n": number, "текст": "мәтін"},
            )
        await session.commit()
    return engine


async def test_intact_chain_verifies(chain, settings, tmp_path):
    result = verify_cli(settings, tmp_path)
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == "audit log intact: 5 entries"


@pytest.mark.parametrize(
    ("tamper", "broken_at"),
    [
        (["UPDATE audit_log SET details = '{\"n\":20}' WHERE seq = 2"], 2),
        (["UPDATE audit_log SET actor_id = 8 WHERE seq = 4"], 4),
        (["DELETE FROM audit_log WHERE seq = 3"], 4),
        (
            [
                "UPDATE audit_log SET seq = 100 WHERE seq = 2",
                "UPDATE audit_log SET seq = 2 WHERE seq = 3",
                "UPDATE audit_log SET seq = 3 WHERE seq = 100",
            ],
            2,
        ),
        (["DELETE FROM audit_log WHERE seq = 5"], 5),
    ],
    ids=["edited-details", "edited-actor", "deleted", "reordered", "deleted-last"],
)
async def test_tampering_is_found(chain, sessionmaker, tamper, broken_at):
    async with chain.begin() as connection:
        for statement in tamper:
            await connection.exec_driver_sql(statement)
    async with sessionmaker() as session:
        assert (await audit.verify(session))[1] == broken_at


async def test_verify_command_names_the_broken_entry(chain, settings, tmp_path):
    async with chain.begin() as connection:
        await connection.exec_driver_sql("UPDATE audit_log SET subject = 'thing:9' WHERE seq = 3")
    result = verify_cli(settings, tmp_path)
    assert result.returncode == 1
    assert result.stderr.strip() == "audit log broken at entry 3 (of 5)"


async def test_daily_digest_tells_each_desk_what_waits(app, texts, sessionmaker):
    admin = app.person(ADMIN_ID, language_code="en")
    secretariat = await join(app, texts, admin, 21, "ru", "secretariat")
    expert = await join(app, texts, admin, 22, "en", "expert")
    citizen = app.person(500, language_code="en")
    await fill_form(citizen, texts, "en", "Almaty")
    await citizen.press(t(texts, "en", "summary-submit"))
    before = len(app.session.sent_to(expert.id))

    sent = await staff_digest(app.work, app.dispatcher["settings"], app.dispatcher["regions"])
    await app.deliver()

    assert sent == 1
    line = t(
        texts,
        "ru",
        "digest-line",
        desk=t(texts, "ru", "desk-secretariat"),
        count=1,
        command="/queue",
        oldest="22 ноября 2026 г.",  # the day it was submitted, in the reader's language
    )
    assert secretariat.last.text == t(texts, "ru", "digest", lines=line)
    assert len(app.session.sent_to(expert.id)) == before  # nothing waits for the expert


async def test_admin_lists_and_revokes_roles_and_invitations_are_single_use(
    app, texts, sessionmaker, clock
):
    admin = app.person(ADMIN_ID, language_code="en", name="Admin")
    expert = await join(app, texts, admin, 23, "en", "expert", name="Dana")
    sent = await expert.send("/roles")
    assert t(texts, "en", "role-expert") in sent[-1].text

    payload = await invite(admin, texts, "secretariat")
    late = app.person(24, language_code="kk")
    clock.now += timedelta(hours=73)
    sent = await accept(late, payload)
    assert sent[0].text == t(texts, "kk", "invitation-expired")
    clock.now -= timedelta(hours=73)
    payload = await invite(admin, texts, "secretariat")
    await accept(late, payload)
    sent = await app.person(25, language_code="ru").send(f"/start {payload}")
    assert sent[0].text == t(texts, "ru", "invitation-used")

    await admin.send("/admin")
    await admin.press(t(texts, "en", "admin-people"))
    sent = await admin.press(t(texts, "en", "role-expert"))
    assert "1. Dana (id 23)" in sent[-1].text
    # One tap asks; nothing is taken away until the admin confirms.
    sent = await admin.press(t(texts, "en", "admin-revoke", number=1))
    assert sent[-1].text == t(
        texts, "en", "admin-revoke-ask", role=t(texts, "en", "role-expert"), name="Dana", id="23"
    )
    async with sessionmaker() as session:
        assert (await session.scalars(select(RoleGrant).where(RoleGrant.user_id == 23))).all()
    await admin.press(t(texts, "en", "admin-revoke-confirm"))
    assert admin.last_answer.text == t(texts, "en", "admin-revoked")
    # Pressing the confirmation again finds nothing to revoke.
    await admin.press(t(texts, "en", "admin-revoke-confirm"))
    assert admin.last_answer.text == t(texts, "en", "button-stale")
    async with sessionmaker() as session:
        assert (await session.scalars(select(RoleGrant).where(RoleGrant.user_id == 23))).all() == []
        actions = [
            e.action for e in await session.scalars(select(AuditEntry).order_by(AuditEntry.seq))
        ]
        assert actions.count("role.grant") == 2 and actions[-1] == "role.revoke"
        assert (await audit.verify(session))[1] is None
    sent = await expert.send("/review")
    assert sent[-1].text == t(texts, "en", "no-access")


async def test_export_command_writes_a_spreadsheet_in_the_chosen_language(
    app, texts, settings, tmp_path
):
    citizen = app.person(500, language_code="en")
    await fill_form(citizen, texts, "en", "Almaty")
    await citizen.press(t(texts, "en", "summary-submit"))
    out = tmp_path / "nominations.csv"
    assert await export_nominations(settings, out, "csv", "kk") == 1
    rows = list(csv.reader(io.StringIO(out.read_bytes().decode("utf-8-sig"))))
    assert rows[0][:4] == ["Нөмірі", "Мәртебесі", "Берілген уақыты", "Аты-жөні"]
    assert rows[1][0] == REFERENCE and rows[1][3] == NOMINEE
    assert rows[1][1] == t(texts, "kk", "status-submitted")
