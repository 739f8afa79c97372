"""Alembic environment: runs on the connection `storage.db.migrate` hands over."""

from alembic import context

from storage import plan_tables  # noqa: F401  (its tables join Base.metadata)
from storage.models import Base

connection = context.config.attributes.get("connection")
if connection is None:  # pragma: no cover - migrations always run through storage.db.migrate
    raise RuntimeError("run migrations with `python -m bot migrate`")

context.configure(
    connection=connection,
    target_metadata=Base.metadata,
    render_as_batch=connection.dialect.name == "sqlite",
    compare_type=True,
)
with context.begin_transaction():
    context.run_migrations()
