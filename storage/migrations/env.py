"""Alembic environment. The bot migrates through `storage.db.migrate`, which hands over its
own connection; the `alembic` command line (`alembic.ini` at the root, `make migration`)
comes without one and connects itself: to `-x url=…`, else `DATABASE_URL`, else the bot's
default database."""

import asyncio
import os
from logging.config import fileConfig
from typing import Any

from alembic import context

from config import Settings
from storage import plan_tables, vote_tables  # noqa: F401  (their tables join Base.metadata)
from storage.models import Base


def run_on(connection: Any) -> None:
    context.configure(
        connection=connection,
        target_metadata=Base.metadata,
        render_as_batch=connection.dialect.name == "sqlite",
        compare_type=True,
    )
    with context.begin_transaction():
        context.run_migrations()


async def run_on_own_engine(url: str) -> None:
    from storage.db import create_engine, take_startup_lock

    engine = create_engine(url, pool_size=1)
    try:
        async with engine.begin() as connection:
            await take_startup_lock(connection)
            await connection.run_sync(run_on)
    finally:
        await engine.dispose()


def database_url() -> str:
    # Not `Settings()`: authoring a migration needs no bot token.
    given = context.get_x_argument(as_dictionary=True).get("url")  # alembic -x url=...
    return given or os.environ.get("DATABASE_URL") or Settings.model_fields["database_url"].default


connection = context.config.attributes.get("connection")
if connection is not None:
    run_on(connection)
elif context.is_offline_mode():  # alembic upgrade --sql: the SQL, printed
    context.configure(url=database_url(), target_metadata=Base.metadata, literal_binds=True)
    with context.begin_transaction():
        context.run_migrations()
else:
    if context.config.config_file_name:
        fileConfig(context.config.config_file_name, disable_existing_loggers=False)
    asyncio.run(run_on_own_engine(database_url()))
