"""The tables the code declares are the tables the migrations build (as `alembic check`
would say), on SQLite and on PostgreSQL; and `storage.db.HEAD`, which lets a current
database start without loading Alembic, is Alembic's head."""

from __future__ import annotations

from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from alembic.script import ScriptDirectory

from storage.db import HEAD, alembic_config, current_revision
from storage.models import Base


async def test_the_models_and_the_migrations_agree(engine):
    def differences(connection):
        context = MigrationContext.configure(connection, opts={"compare_type": True})
        return compare_metadata(context, Base.metadata)

    async with engine.connect() as connection:
        assert await connection.run_sync(differences) == []


async def test_head_is_the_last_migration_and_a_migrated_database_is_at_it(engine):
    assert ScriptDirectory.from_config(alembic_config()).get_current_head() == HEAD
    assert await current_revision(engine) == HEAD
