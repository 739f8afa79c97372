"""conclusions: every score 1 to 5, checked by the database

Revision ID: 0010
Revises: 0008
Create Date: 2026-12-05
"""

from collections.abc import Sequence

from alembic import op

revision: str = "0010"
down_revision: str | None = "0009"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

SCORED = ("contribution", "story", "independence", "not_famous")


def upgrade() -> None:
    # Batch mode: SQLite adds a CHECK only by rebuilding the table; PostgreSQL alters it.
    with op.batch_alter_table("conclusions", schema=None) as batch_op:
        for column in SCORED:
            batch_op.create_check_constraint(
                f"ck_conclusions_{column}", f"{column} BETWEEN 1 AND 5"
            )


def downgrade() -> None:
    with op.batch_alter_table("conclusions", schema=None) as batch_op:
        for column in SCORED:
            batch_op.drop_constraint(f"ck_conclusions_{column}", type_="check")
