"""users, fsm states, nominations

Revision ID: 0001
Revises:
Create Date: 2026-11-22
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0001"
down_revision: str | None = None
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:

    op.create_table(
        "fsm_states",
        sa.Column("key", sa.String(length=200), nullable=False),
        sa.Column("state", sa.String(length=100), nullable=True),
        sa.Column("data", sa.JSON(), nullable=False),
        sa.PrimaryKeyConstraint("key"),
    )
    op.create_table(
        "users",
        sa.Column("id", sa.BigInteger(), autoincrement=False, nullable=False),
        sa.Column("first_name", sa.String(length=256), nullable=False),
        sa.Column("username", sa.String(length=64), nullable=True),
        sa.Column("language", sa.String(length=8), nullable=True),
        sa.Column("telegram_language", sa.String(length=16), nullable=True),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("id"),
    )
    op.create_table(
        "nominations",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("reference", sa.String(length=20), nullable=True),
        sa.Column("status", sa.String(length=32), nullable=False),
        sa.Column("nominator_id", sa.BigInteger(), nullable=False),
        sa.Column("is_self", sa.Boolean(), nullable=False),
        sa.Column("nominator_name", sa.String(length=150), nullable=True),
        sa.Column("nominator_phone", sa.String(length=20), nullable=True),
        sa.Column("relation", sa.String(length=16), nullable=True),
        sa.Column("source", sa.String(length=16), nullable=False),
        sa.Column("full_name", sa.String(length=150), nullable=False),
        sa.Column("name_key", sa.String(length=150), nullable=False),
        sa.Column("birth_date", sa.Date(), nullable=False),
        sa.Column("gender", sa.String(length=1), nullable=False),
        sa.Column("region_code", sa.String(length=32), nullable=False),
        sa.Column("settlement", sa.String(length=100), nullable=False),
        sa.Column("ethnicity", sa.String(length=50), nullable=True),
        sa.Column("occupation", sa.String(length=200), nullable=False),
        sa.Column("sphere", sa.String(length=16), nullable=False),
        sa.Column("story", sa.Text(), nullable=False),
        sa.Column("photo_file_id", sa.String(length=255), nullable=True),
        sa.Column("contact_phone", sa.String(length=20), nullable=False),
        sa.Column("consent_version", sa.String(length=16), nullable=False),
        sa.Column("consent_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("nominee_token", sa.String(length=43), nullable=True),
        sa.Column("nominee_id", sa.BigInteger(), nullable=True),
        sa.Column("nominee_consent_version", sa.String(length=16), nullable=True),
        sa.Column("nominee_consent_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["nominator_id"],
            ["users.id"],
        ),
        sa.ForeignKeyConstraint(
            ["nominee_id"],
            ["users.id"],
        ),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("nominee_token"),
        sa.UniqueConstraint("reference"),
    )
    with op.batch_alter_table("nominations", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_nominations_nominator_id"), ["nominator_id"], unique=False
        )
        batch_op.create_index(
            batch_op.f("ix_nominations_region_code"), ["region_code"], unique=False
        )
        batch_op.create_index(batch_op.f("ix_nominations_status"), ["status"], unique=False)
        batch_op.create_index(
            "uq_nominations_person",
            ["name_key", "birth_date"],
            unique=True,
            sqlite_where=sa.text("status NOT IN ('withdrawn')"),
            postgresql_where=sa.text("status NOT IN ('withdrawn')"),
        )

    op.create_table(
        "achievements",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("nomination_id", sa.Integer(), nullable=False),
        sa.Column("position", sa.Integer(), nullable=False),
        sa.Column("text", sa.String(length=400), nullable=False),
        sa.Column("year", sa.Integer(), nullable=False),
        sa.Column("proof_url", sa.String(length=500), nullable=True),
        sa.Column("proof_file_id", sa.String(length=255), nullable=True),
        sa.Column("proof_kind", sa.String(length=16), nullable=True),
        sa.ForeignKeyConstraint(["nomination_id"], ["nominations.id"], ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("id"),
    )
    with op.batch_alter_table("achievements", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_achievements_nomination_id"), ["nomination_id"], unique=False
        )


def downgrade() -> None:

    with op.batch_alter_table("achievements", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_achievements_nomination_id"))

    op.drop_table("achievements")
    with op.batch_alter_table("nominations", schema=None) as batch_op:
        batch_op.drop_index(
            "uq_nominations_person",
            sqlite_where=sa.text("status NOT IN ('withdrawn')"),
            postgresql_where=sa.text("status NOT IN ('withdrawn')"),
        )
        batch_op.drop_index(batch_op.f("ix_nominations_status"))
        batch_op.drop_index(batch_op.f("ix_nominations_region_code"))
        batch_op.drop_index(batch_op.f("ix_nominations_nominator_id"))

    op.drop_table("nominations")
    op.drop_table("users")
    op.drop_table("fsm_states")
