"""desks at scale: queue and phone indexes, claims on cases, recusals, document requests
and documents added after submission, staff's opt-in to per-case messages; nominations that
lapsed or were superseded no longer block the person

Revision ID: 0008
Revises: 0007
Create Date: 2026-12-03
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0008"
down_revision: str | None = "0007"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

BLOCKING_BEFORE = "status NOT IN ('withdrawn')"
BLOCKING_AFTER = "status NOT IN ('lapsed', 'superseded', 'withdrawn')"


def _person_index(where: str) -> None:
    op.create_index(
        "uq_nominations_person",
        "nominations",
        ["name_key", "birth_date"],
        unique=True,
        sqlite_where=sa.text(where),
        postgresql_where=sa.text(where),
    )


def upgrade() -> None:
    op.add_column("nominations", sa.Column("claimed_by", sa.BigInteger(), nullable=True))
    op.add_column("nominations", sa.Column("claimed_at", sa.DateTime(timezone=True), nullable=True))
    op.create_index("ix_nominations_queue", "nominations", ["status", "created_at", "id"])
    op.create_index(
        "ix_nominations_region_queue",
        "nominations",
        ["status", "region_code", "created_at", "id"],
    )
    op.create_index("ix_nominations_contact_phone", "nominations", ["contact_phone"])
    op.create_index("ix_nominations_nominator_phone", "nominations", ["nominator_phone"])
    op.drop_index("uq_nominations_person", table_name="nominations")
    _person_index(BLOCKING_AFTER)
    op.add_column(
        "users",
        sa.Column("notify_cases", sa.Boolean(), server_default=sa.false(), nullable=False),
    )
    op.create_table(
        "recusals",
        sa.Column("nomination_id", sa.Integer(), nullable=False),
        sa.Column("user_id", sa.BigInteger(), nullable=False),
        sa.Column("at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(["nomination_id"], ["nominations.id"]),
        sa.PrimaryKeyConstraint("nomination_id", "user_id"),
    )
    op.create_index("ix_recusals_user_id", "recusals", ["user_id"])
    op.create_table(
        "document_requests",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("nomination_id", sa.Integer(), nullable=False),
        sa.Column("achievement_id", sa.Integer(), nullable=True),
        sa.Column("verifier_id", sa.BigInteger(), nullable=False),
        sa.Column("comment", sa.String(length=500), nullable=True),
        sa.Column("requested_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("answered_at", sa.DateTime(timezone=True), nullable=True),
        sa.ForeignKeyConstraint(["achievement_id"], ["achievements.id"], ondelete="CASCADE"),
        sa.ForeignKeyConstraint(["nomination_id"], ["nominations.id"]),
        sa.PrimaryKeyConstraint("id"),
    )
    op.create_index("ix_document_requests_nomination_id", "document_requests", ["nomination_id"])
    op.create_table(
        "case_documents",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("nomination_id", sa.Integer(), nullable=False),
        sa.Column("request_id", sa.Integer(), nullable=True),
        sa.Column("file_id", sa.String(length=255), nullable=False),
        sa.Column("kind", sa.String(length=16), nullable=False),
        sa.Column("uploaded_by", sa.BigInteger(), nullable=False),
        sa.Column("uploaded_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(["nomination_id"], ["nominations.id"]),
        sa.ForeignKeyConstraint(["request_id"], ["document_requests.id"]),
        sa.PrimaryKeyConstraint("id"),
    )
    op.create_index("ix_case_documents_nomination_id", "case_documents", ["nomination_id"])


def downgrade() -> None:
    op.drop_index("ix_case_documents_nomination_id", table_name="case_documents")
    op.drop_table("case_documents")
    op.drop_index("ix_document_requests_nomination_id", table_name="document_requests")
    op.drop_table("document_requests")
    op.drop_index("ix_recusals_user_id", table_name="recusals")
    op.drop_table("recusals")
    with op.batch_alter_table("users", recreate="never") as batch:
        batch.drop_column("notify_cases")
    op.execute(
        "UPDATE nominations SET status = 'withdrawn' WHERE status IN ('lapsed', 'superseded')"
    )
    op.drop_index("uq_nominations_person", table_name="nominations")
    _person_index(BLOCKING_BEFORE)
    op.drop_index("ix_nominations_nominator_phone", table_name="nominations")
    op.drop_index("ix_nominations_contact_phone", table_name="nominations")
    op.drop_index("ix_nominations_region_queue", table_name="nominations")
    op.drop_index("ix_nominations_queue", table_name="nominations")
    with op.batch_alter_table("nominations", recreate="never") as batch:
        batch.drop_column("claimed_at")
        batch.drop_column("claimed_by")
