"""History nobody can rewrite quietly: the audit chain's head goes to the public channel at a
round's close and daily (through the outbox: a stop before sending loses nothing), and
`audit verify --head` exits 0 on a published head and 1, naming the entry, once the history
before it was changed."""

from __future__ import annotations

import json
from datetime import date

import pytest
from sqlalchemy import select, update

from bot.render import long_date
from bot.scheduler import post_audit_head
from domain.audit import entry_hash
from storage.models import AuditEntry, AuditHead, OutboxMessage
from tests.fixtures.processes import command_line
from tests.flows import t

pytestmark = pytest.mark.sql

CHANNEL = -1009876543210


@pytest.fixture
def settings(settings):
    settings.audit_channel_id = CHANNEL
    return settings


async def close_the_round(texts, voting):
    _, wg = voting
    await wg.send("/round")
    await wg.press(t(texts, "en", "round-close"))
    await wg.press(t(texts, "en", "round-close-confirm"))


async def test_the_head_at_close_is_posted_and_checks_until_history_is_edited(
    app, texts, sessionmaker, voting, tmp_path, database_url
):
    await close_the_round(texts, voting)
    (post,) = app.session.sent_to(CHANNEL)
    async with sessionmaker() as session:
        head = await session.get(AuditHead, 1)
        entries = head.seq
    day = long_date(date(2026, 11, 22), "kk")
    assert post.text == t(texts, "kk", "audit-head-post", date=day, entries=entries, head=head.hash)

    result = command_line(["audit", "verify", "--head", head.hash], tmp_path, database_url)
    assert result.returncode == 0, result.stderr
    result = command_line(
        ["audit", "verify", "--head", head.hash, "--entries", str(entries)], tmp_path, database_url
    )
    assert result.returncode == 0, result.stderr

    # An entry before the head is edited: the chain breaks there, and that entry is named.
    async with sessionmaker() as session:
        await session.execute(
            update(AuditEntry).where(AuditEntry.seq == 2).values(details='{"forged":true}')
        )
        await session.commit()
    result = command_line(["audit", "verify", "--head", head.hash], tmp_path, database_url)
    assert result.returncode == 1
    assert result.stderr.strip() == f"audit log broken at entry 2 (of {entries})"


async def test_a_rebuilt_chain_does_not_hold_the_published_head(
    app, texts, sessionmaker, voting, tmp_path, database_url
):
    """Whoever can write the database can recompute every hash after an edit: only the
    published head then tells."""
    await close_the_round(texts, voting)
    async with sessionmaker() as session:
        published = (await session.get(AuditHead, 1)).hash
        rows = list(await session.scalars(select(AuditEntry).order_by(AuditEntry.seq)))
        previous = "0" * 64
        for row in rows:
            details = '{"rewritten":true}' if row.seq == 1 else row.details
            digest = entry_hash(
                row.seq, row.at, row.actor_id, row.action, row.subject, details, previous
            )
            row.details, row.prev_hash, row.hash = details, previous, digest
            previous = digest
        await session.execute(update(AuditHead).values(hash=previous))
        await session.commit()
        count = len(rows)
    assert (
        command_line(["audit", "verify"], tmp_path, database_url).returncode == 0
    )  # the chain alone holds
    result = command_line(
        ["audit", "verify", "--head", published, "--entries", str(count)], tmp_path, database_url
    )
    assert result.returncode == 1
    assert result.stderr.strip() == (
        f"entry {count} differs: the log has {previous}, published {published}"
    )
    result = command_line(["audit", "verify", "--head", published], tmp_path, database_url)
    assert result.returncode == 1 and f"the head {published} is on no entry" in result.stderr


async def test_the_daily_post_goes_through_the_outbox(app, texts, sessionmaker, voting, clock):
    async with sessionmaker() as session:
        head = await session.get(AuditHead, 1)
    work = app.work
    assert await post_audit_head(work, app.dispatcher["settings"]) is True
    # Written, not yet sent: a stop here loses nothing, the next instance sends it.
    async with sessionmaker() as session:
        (row,) = (
            await session.scalars(
                select(OutboxMessage).where(OutboxMessage.recipient_id == CHANNEL)
            )
        ).all()
        assert row.sent_at is None
        assert json.loads(json.dumps(row.params))["head"] == head.hash
    await app.deliver()
    (post,) = app.session.sent_to(CHANNEL)
    day = long_date(date(2026, 11, 22), "kk")
    assert post.text == t(
        texts, "kk", "audit-head-post", date=day, entries=head.seq, head=head.hash
    )


async def test_no_channel_no_post(app, sessionmaker, voting):
    settings = app.dispatcher["settings"].model_copy(update={"audit_channel_id": None})
    assert await post_audit_head(app.work, settings) is False
    async with sessionmaker() as session:
        rows = await session.scalars(select(OutboxMessage).where(OutboxMessage.recipient_id < 0))
        assert rows.all() == []
