"""retention and erasure: nominations.erased_at and a birth date that can be erased;
fsm_states.updated_at (drafts expire); audit_log's personal part and its digest

Revision ID: 0013
Revises: 0010
Create Date: 2026-12-05
"""

from collections.abc import Sequence
from datetime import UTC, datetime

import sqlalchemy as sa
from alembic import op

revision: str = "0013"
down_revision: str | None = "0010"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    with op.batch_alter_table("nominations", schema=None) as batch_op:
        batch_op.add_column(sa.Column("erased_at", sa.DateTime(timezone=True), nullable=True))
        batch_op.alter_column("birth_date", existing_type=sa.Date(), nullable=True)
    with op.batch_alter_table("fsm_states", schema=None) as batch_op:
        batch_op.add_column(sa.Column("updated_at", sa.DateTime(timezone=True), nullable=True))
        batch_op.create_index("ix_fsm_states_updated_at", ["updated_at"], unique=False)
    # Drafts already there are dated now: they expire DRAFT_DAYS after the upgrade.
    fsm_states = sa.table("fsm_states", sa.column("updated_at", sa.DateTime(timezone=True)))
    op.execute(fsm_states.update().values(updated_at=datetime.now(UTC)))
    with op.batch_alter_table("audit_log", schema=None) as batch_op:
        batch_op.add_column(sa.Column("personal", sa.Text(), nullable=True))
        batch_op.add_column(sa.Column("personal_digest", sa.String(length=64), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table("audit_log", schema=None) as batch_op:
        batch_op.drop_column("personal_digest")
        batch_op.drop_column("personal")
    with op.batch_alter_table("fsm_states", schema=None) as batch_op:
        batch_op.drop_index("ix_fsm_states_updated_at")
        batch_op.drop_column("updated_at")
    with op.batch_alter_table("nominations", schema=None) as batch_op:
        batch_op.alter_column("birth_date", existing_type=sa.Date(), nullable=False)
        batch_op.drop_column("erased_at")
