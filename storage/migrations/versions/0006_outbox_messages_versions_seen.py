"""the outbox of messages, version counters for caches, users' last seen; a voter's ballots
counted at each vote instead of a quota row

Revision ID: 0006
Revises: 0005
Create Date: 2026-11-22
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0006"
down_revision: str | None = "0005"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "outbox_messages",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("recipient_id", sa.BigInteger(), nullable=False),
        sa.Column("text_key", sa.String(length=64), nullable=False),
        sa.Column("params", sa.JSON(), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("claimed_by", sa.String(length=120), nullable=True),
        sa.Column("claimed_until", sa.DateTime(timezone=True), nullable=True),
        sa.Column("sent_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("outcome", sa.String(length=16), nullable=True),
        sa.PrimaryKeyConstraint("id"),
    )
    with op.batch_alter_table("outbox_messages") as batch:
        batch.create_index(
            "ix_outbox_messages_pending",
            ["id"],
            unique=False,
            sqlite_where=sa.text("sent_at IS NULL"),
            postgresql_where=sa.text("sent_at IS NULL"),
        )
    versions = op.create_table(
        "versions",
        sa.Column("name", sa.String(length=40), nullable=False),
        sa.Column("value", sa.Integer(), nullable=False),
        sa.PrimaryKeyConstraint("name"),
    )
    op.bulk_insert(versions, [{"name": "grants", "value": 0}])
    with op.batch_alter_table("users") as batch:
        batch.add_column(sa.Column("seen_at", sa.DateTime(timezone=True), nullable=True))
    with op.batch_alter_table("ballots") as batch:
        batch.create_index("ix_ballots_round_voter", ["round_id", "voter_hash"], unique=False)
    op.drop_table("voter_quotas")


def downgrade() -> None:
    op.create_table(
        "voter_quotas",
        sa.Column("round_id", sa.Integer(), nullable=False),
        sa.Column("voter_hash", sa.String(length=64), nullable=False),
        sa.Column("used", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(["round_id"], ["vote_rounds.id"]),
        sa.PrimaryKeyConstraint("round_id", "voter_hash"),
    )
    op.execute(
        "INSERT INTO voter_quotas (round_id, voter_hash, used) "
        "SELECT round_id, voter_hash, count(*) FROM ballots GROUP BY round_id, voter_hash"
    )
    with op.batch_alter_table("ballots") as batch:
        batch.drop_index("ix_ballots_round_voter")
    with op.batch_alter_table("users") as batch:
        batch.drop_column("seen_at")
    op.drop_table("versions")
    with op.batch_alter_table("outbox_messages") as batch:
        batch.drop_index("ix_outbox_messages_pending")
    op.drop_table("outbox_messages")
