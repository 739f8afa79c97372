"""Retention and erasure: a nomination that ended without going on loses its personal data
RETENTION_DAYS after it ended (nowhere left in the SQLite file, the audit chain whole); a
draft untouched for DRAFT_DAYS goes; the daily job runs on the injected clock; the command
line's --dry-run changes nothing."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta
from pathlib import Path

import pytest
from sqlalchemy import func, select, update
from sqlalchemy.engine import make_url

from bot import commands
from bot.scheduler import privacy_purge
from domain.nomination import name_key
from storage import audit
from storage.models import (
    Achievement,
    AuditEntry,
    FsmRecord,
    Nomination,
    OutboxMessage,
)
from tests.flows import STORY, fill_form, open_consent_link, store_nomination, t

pytestmark = pytest.mark.sql  # also run on PostgreSQL: see the Makefile's `test`

NAME = "Сапарова Айгерім Нұрланқызы"
PERSONAL = [
    NAME,
    name_key(NAME),
    "1987-03-05",  # the date of birth as SQLite stores it
    "+77017654321",  # the nominee's phone
    "+77025551234",  # the nominator's phone
    "Оспанов Ерлан Серікұлы",  # the nominator's name
    "Ауылдық балаларға арналған робототехника",  # an achievement
    STORY["ru"][:60],
    "example.kz/news/robotics",
    "diploma-file",
    "portrait",
    "verifier's note",  # a staff comment kept in an audit entry's personal part
]


async def _declined(app, texts, sessionmaker):
    """A nomination of another person, declined by the nominee through the link."""
    nominator = app.person(301, language_code="ru", name="Ерлан")
    await fill_form(nominator, texts, "ru", "город Алматы", who="other")
    await nominator.press(t(texts, "ru", "summary-submit"))
    async with sessionmaker() as session:
        nomination = await session.scalar(select(Nomination))
    nominee = app.person(302, language_code="kk", name="Айгерім")
    await open_consent_link(nominee, nomination.nominee_token)
    await nominee.press(t(texts, "kk", "nominee-decline"))
    await app.deliver()
    return nomination.id


async def _note_in_the_audit(sessionmaker, clock, nomination_id):
    async with sessionmaker() as session:
        await audit.append(
            session,
            clock(),
            7,
            "nomination.fact_check",
            f"nomination:{nomination_id}",
            {"verdict": "unclear"},
            {"comment": "verifier's note: she called from +77017654321"},
        )
        await session.commit()


def _file_bytes(database_url: str) -> bytes:
    path = Path(make_url(database_url).database or "")
    return b"".join(
        p.read_bytes() for p in (path, Path(f"{path}-wal"), Path(f"{path}-journal")) if p.exists()
    )


def _found(database_url: str) -> list[str]:
    content = _file_bytes(database_url)
    return [value for value in PERSONAL if value.encode("utf-8") in content]


async def _chain_verifies(sessionmaker) -> int:
    async with sessionmaker() as session:
        count, broken = await audit.verify(session)
    assert broken is None
    return count


async def test_a_declined_nomination_is_erased_after_retention_and_nowhere_in_the_file(
    app, texts, sessionmaker, settings, clock
):
    assert settings.retention_days == 30
    nomination_id = await _declined(app, texts, sessionmaker)
    await _note_in_the_audit(sessionmaker, clock, nomination_id)
    sqlite = settings.database_url.startswith("sqlite")

    # 29 days on: kept, all of it.
    clock.now += timedelta(days=29)
    done = await privacy_purge(app.work, settings)
    assert done.nominations == 0
    async with sessionmaker() as session:
        kept = await session.get(Nomination, nomination_id)
        assert (kept.full_name, kept.erased_at) == (NAME, None)
    if sqlite:  # every value the erasure must remove is there now
        assert _found(settings.database_url) == PERSONAL

    # 31 days on: erased; what stays is the reference, status, region, sphere and dates.
    clock.now += timedelta(days=2)
    done = await privacy_purge(app.work, settings)
    assert done.nominations == 1
    assert done.messages == 1  # the decline, as the nominator was told it
    async with sessionmaker() as session:
        erased = await session.get(Nomination, nomination_id, populate_existing=True)
        assert erased.reference == "100-2026-000001"
        assert (erased.status, erased.region_code, erased.sphere) == (
            "withdrawn",
            "almaty_city",
            "education",
        )
        assert erased.erased_at == clock()
        assert (erased.full_name, erased.name_key, erased.birth_date) == ("", "", None)
        assert (erased.contact_phone, erased.nominator_phone, erased.nominator_name) == (
            "",
            None,
            None,
        )
        assert (erased.story, erased.photo_file_id, erased.nominee_id) == ("", None, None)
        achievements = list(
            await session.scalars(
                select(Achievement).where(Achievement.nomination_id == nomination_id)
            )
        )
        assert [(a.text, a.proof_url, a.proof_file_id) for a in achievements] == [
            ("", None, None),
            ("", None, None),
        ]
        entries = await audit.entries_about(session, f"nomination:{nomination_id}")
        assert entries[0].action == "nomination.submit"
        assert all(e.personal is None for e in entries)
        assert sum(e.personal_digest is not None for e in entries) == 1
        purges = list(
            await session.scalars(
                select(AuditEntry.details).where(AuditEntry.action == "privacy.purge")
            )
        )
        assert purges == ['{"drafts":0,"messages":0,"nominations":0,"phones":0}', purges[1]]
        assert '"nominations":1' in purges[1]
        assert '"phones":1' in purges[1]  # the nominee's, verified for the consent only
    await _chain_verifies(sessionmaker)
    if sqlite:  # the bytes of the file and of its write-ahead log
        assert _found(settings.database_url) == []


async def test_a_draft_untouched_for_31_days_is_gone_and_a_29_day_old_one_stays(
    app, texts, sessionmaker, settings, clock
):
    old = app.person(401, language_code="en")
    await old.send("/nominate")
    await old.press(t(texts, "en", "choice-who-self"))
    await old.send("Ахметова Дина Серікқызы")
    clock.now += timedelta(days=2)
    recent = app.person(402, language_code="kk")
    await recent.send("/nominate")
    await recent.press(t(texts, "kk", "choice-who-self"))
    async with sessionmaker() as session:
        assert await session.scalar(select(func.count()).select_from(FsmRecord)) == 2

    clock.now += timedelta(days=29, minutes=1)  # the first is 31 days old, the second 29
    done = await privacy_purge(app.work, settings)
    assert done.drafts == 1
    async with sessionmaker() as session:
        keys = list(await session.scalars(select(FsmRecord.key)))
    assert len(keys) == 1 and ":402:" in keys[0]
    # The person starts afresh: no draft is offered to continue.
    sent = await old.send("/nominate")
    assert t(texts, "en", "draft-found") not in [s.text for s in sent]
    assert sent[-1].buttons[:2] == [
        t(texts, "en", "choice-who-self"),
        t(texts, "en", "choice-who-other"),
    ]


async def test_dry_run_counts_and_changes_nothing(app, texts, sessionmaker, settings, clock):
    nomination_id = await _declined(app, texts, sessionmaker)
    clock.now += timedelta(days=31)

    async def snapshot():
        async with sessionmaker() as session:
            nomination = await session.get(Nomination, nomination_id, populate_existing=True)
            entries = await session.scalar(select(func.count()).select_from(AuditEntry))
            messages = await session.scalar(select(func.count()).select_from(OutboxMessage))
            return (nomination.full_name, nomination.birth_date, nomination.erased_at), (
                entries,
                messages,
            )

    before = await snapshot()
    printed = await commands.privacy_purge(settings, dry_run=True, clock=clock)
    assert printed.startswith("privacy purge would erase: 1 nominations, 0 drafts, ")
    assert await snapshot() == before

    printed = await commands.privacy_purge(settings, dry_run=False, clock=clock)
    assert printed.startswith("privacy purge erased: 1 nominations, 0 drafts, ")
    after = await snapshot()
    assert after[0] == ("", None, clock())
    assert after[1][0] == before[1][0] + 1  # one audited line
    await _chain_verifies(sessionmaker)


async def test_the_daily_job_is_the_leaders_and_runs_on_the_injected_clock(
    app, texts, sessionmaker, settings, clock
):
    job = app.built.scheduler.get_job("privacy-purge")
    assert job is not None and job.kwargs["work"] is app.work
    assert "hour='3'" in str(job.trigger)
    # Not leading: the job does nothing.
    nomination_id = await _declined(app, texts, sessionmaker)
    clock.now += timedelta(days=31)
    assert await job.func(**job.kwargs) is None
    async with sessionmaker() as session:
        assert (await session.get(Nomination, nomination_id)).erased_at is None
    # The job itself, at the injected time.
    done = await privacy_purge(**job.kwargs)
    assert done.nominations == 1


async def test_a_rejection_is_erased_thirty_days_after_its_campaign_year(
    app, sessionmaker, settings, clock
):
    nomination = await store_nomination(sessionmaker, 700, clock())
    async with sessionmaker() as session:
        await session.execute(
            update(Nomination)
            .where(Nomination.id == nomination.id)
            .values(status="rejected", updated_at=clock())
        )
        await session.commit()
    clock.now = datetime(2027, 1, 30, 12, 0, tzinfo=UTC)  # 30 January, Almaty: 29 days on
    assert (await privacy_purge(app.work, settings)).nominations == 0
    clock.now = datetime(2027, 1, 31, 12, 0, tzinfo=UTC)
    assert (await privacy_purge(app.work, settings)).nominations == 1
    async with sessionmaker() as session:
        erased = await session.get(Nomination, nomination.id, populate_existing=True)
    assert (erased.status, erased.full_name, erased.birth_date) == ("rejected", "", None)


async def test_a_purge_goes_through_every_batch(app, sessionmaker, settings, clock, monkeypatch):
    from storage import privacy as store

    monkeypatch.setattr(store, "BATCH", 2)
    born = [date(1980, 1, day) for day in (1, 2, 3, 4, 5)]
    ids = [(await store_nomination(sessionmaker, 800, clock(), birth_date=day)).id for day in born]
    async with sessionmaker() as session:  # all but the fourth ended; the fourth is live
        await session.execute(
            update(Nomination)
            .where(Nomination.id.in_([i for i in ids if i != ids[3]]))
            .values(status="lapsed")
        )
        await session.commit()
    clock.now += timedelta(days=31)
    assert (await privacy_purge(app.work, settings)).nominations == 4
    async with sessionmaker() as session:
        rows = list(await session.scalars(select(Nomination).order_by(Nomination.id)))
    assert [n.erased_at is None for n in rows] == [False, False, False, True, False]


def test_the_command_line_purges_and_dry_runs(tmp_path, capsys, monkeypatch):
    from bot.__main__ import main

    monkeypatch.chdir(tmp_path)  # no .env of the developer's
    monkeypatch.setenv("DATABASE_URL", f"sqlite+aiosqlite:///{tmp_path}/cli.db")
    assert main(["privacy", "purge", "--dry-run"]) == 0
    assert capsys.readouterr().out == (
        "privacy purge would erase: 0 nominations, 0 drafts, 0 sent messages, 0 verified phones\n"
    )
    assert main(["privacy", "purge"]) == 0
    assert (
        capsys.readouterr().out
        == "privacy purge erased: 0 nominations, 0 drafts, 0 sent messages, 0 verified phones\n"
    )
    assert main(["audit", "verify"]) == 0
    assert capsys.readouterr().out == "audit log intact: 1 entries\n"  # the purge's own line
