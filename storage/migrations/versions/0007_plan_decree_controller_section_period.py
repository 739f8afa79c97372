"""the plan's decree (title, act, date, number), its controller and preamble; each item's
section period; items and agencies in the other languages (translations)

Revision ID: 0007
Revises: 0006
Create Date: 2026-11-24
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0007"
down_revision: str | None = "0006"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    with op.batch_alter_table("plans") as batch:
        batch.add_column(sa.Column("decree", sa.Text(), nullable=True))
        batch.add_column(sa.Column("decree_act", sa.String(length=300), nullable=True))
        batch.add_column(sa.Column("decree_date", sa.Date(), nullable=True))
        batch.add_column(sa.Column("decree_number", sa.String(length=40), nullable=True))
        batch.add_column(sa.Column("controller", sa.Text(), nullable=True))
        batch.add_column(sa.Column("preamble", sa.Text(), nullable=True))
    with op.batch_alter_table("plan_items") as batch:
        batch.add_column(sa.Column("section_period", sa.String(length=200), nullable=True))
        batch.add_column(sa.Column("translations", sa.JSON(), nullable=True))
    with op.batch_alter_table("agencies") as batch:
        batch.add_column(sa.Column("translations", sa.JSON(), nullable=True))


def downgrade() -> None:
    # ALTER TABLE … DROP COLUMN (SQLite 3.35+): recreating these tables, as batch mode would,
    # fails on SQLite while other tables' foreign keys point at their rows.
    with op.batch_alter_table("agencies", recreate="never") as batch:
        batch.drop_column("translations")
    with op.batch_alter_table("plan_items", recreate="never") as batch:
        batch.drop_column("translations")
        batch.drop_column("section_period")
    with op.batch_alter_table("plans", recreate="never") as batch:
        batch.drop_column("preamble")
        batch.drop_column("controller")
        batch.drop_column("decree_number")
        batch.drop_column("decree_date")
        batch.drop_column("decree_act")
        batch.drop_column("decree")
