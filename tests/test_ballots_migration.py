"""Migration 0014 on a database that already holds a closed round: every ballot is kept (its
round, candidate, voter and day), each gets a random id and a receipt, the voters are kept,
and each round's candidates get their card positions in the Kazakh order."""

from __future__ import annotations

import os
import subprocess
import sys
from datetime import UTC, datetime

import pytest
from alembic.script import ScriptDirectory
from sqlalchemy import DateTime, bindparam
from sqlalchemy import text as plain_text
from sqlalchemy.sql.elements import TextClause

from config import PROJECT_ROOT
from domain.nomination import person_key
from domain.voting import RECEIPT_ALPHABET
from storage.db import alembic_config, create_engine

pytestmark = pytest.mark.sql  # also run on PostgreSQL: see the Makefile's `test`

NAMES = ["Қасымов Тимур", "Ахметова Әсел", "Кенжебаев Арман", "Әлиев Бауыржан"]


def text(statement: str) -> TextClause:
    """A statement whose `:day`, if any, is a moment, bound as each database stores one."""
    clause = plain_text(statement)
    if ":day" in statement:
        clause = clause.bindparams(bindparam("day", type_=DateTime(timezone=True)))
    return clause


def alembic(url: str, *command: str) -> None:
    done = subprocess.run(
        [sys.executable, "-m", "alembic", "-x", f"url={url}", *command],
        cwd=PROJECT_ROOT,
        capture_output=True,
        text=True,
        timeout=180,
        env={**os.environ},
    )
    assert done.returncode == 0, done.stderr


async def test_migration_0014_keeps_every_ballot_and_orders_the_cards(empty_database_url):
    before = ScriptDirectory.from_config(alembic_config()).get_revision("0014").down_revision
    assert isinstance(before, str)
    alembic(empty_database_url, "upgrade", before)
    engine = create_engine(empty_database_url)
    day = datetime(2026, 11, 22, tzinfo=UTC)
    async with engine.begin() as connection:
        for user_id in (1, 2, 3):
            await connection.execute(
                text("INSERT INTO users (id, first_name, created_at) VALUES (:id, 'U', :day)"),
                {"id": user_id, "day": day},
            )
        for number, name in enumerate(NAMES, start=1):
            await connection.execute(
                text(
                    "INSERT INTO nominations (id, status, nominator_id, is_self, source,"
                    " full_name, name_key, person_key, birth_date, gender, region_code, settlement,"
                    " occupation, sphere, story, contact_phone, consent_version, consent_at,"
                    " created_at, updated_at) VALUES (:id, 'on_vote', 1, true, 'citizen',"
                    " :name, :name, :key, '1980-01-01', 'f', 'abai', 'X', 'Y', 'education', 'S',"
                    " '+77010000000', 'v1', :day, :day, :day)"
                ),
                {"id": number, "name": name, "key": person_key(name), "day": day},
            )
        await connection.execute(
            text(
                "INSERT INTO vote_rounds (id, starts_at, ends_at, opened_by, closed_at, seed)"
                " VALUES (1, :day, :day, 1, :day, 'seed')"
            ),
            {"day": day},
        )
        for number in range(1, 5):
            await connection.execute(
                text("INSERT INTO round_candidates (round_id, nomination_id) VALUES (1, :n)"),
                {"n": number},
            )
        for user_id in (1, 2, 3):
            await connection.execute(
                text("INSERT INTO voters (user_id, phone, verified_at) VALUES (:u, :p, :day)"),
                {"u": user_id, "p": f"+7701000000{user_id}", "day": day},
            )
        ballots = [(1, "a"), (2, "a"), (2, "b"), (3, "c"), (4, "c")]
        for nomination_id, voter in ballots:
            await connection.execute(
                text(
                    "INSERT INTO ballots (round_id, nomination_id, voter_hash, cast_at)"
                    " VALUES (1, :n, :v, :day)"
                ),
                {"n": nomination_id, "v": voter, "day": day},
            )
    await engine.dispose()

    alembic(empty_database_url, "upgrade", "head")
    engine = create_engine(empty_database_url)
    async with engine.connect() as connection:
        kept = await connection.execute(
            text("SELECT nomination_id, voter_hash, id, receipt FROM ballots")
        )
        rows = kept.all()
        voters = await connection.execute(text("SELECT user_id, phone FROM voters"))
        phones = sorted(voters.all())
        order = await connection.execute(
            text(
                "SELECT n.full_name FROM round_candidates rc JOIN nominations n"
                " ON n.id = rc.nomination_id WHERE rc.round_id = 1 ORDER BY rc.position"
            )
        )
        names = [row[0] for row in order]
    await engine.dispose()
    assert sorted((n, v) for n, v, _, _ in rows) == sorted(ballots)
    assert len({ballot_id for _, _, ballot_id, _ in rows}) == len(ballots)
    assert all(len(ballot_id) == 32 for _, _, ballot_id, _ in rows)
    assert all(len(r) == 8 and set(r) <= set(RECEIPT_ALPHABET) for _, _, _, r in rows)
    assert phones == [(1, "+77010000001"), (2, "+77010000002"), (3, "+77010000003")]
    # А, Ә, К, Қ: the Kazakh alphabet's order, not the code points'.
    assert names == ["Ахметова Әсел", "Әлиев Бауыржан", "Кенжебаев Арман", "Қасымов Тимур"]
