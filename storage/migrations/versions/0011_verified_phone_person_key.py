"""identity: each account's verified phone (users.phone, one account per phone); the duplicate
rule keyed on a hashed, look-alike-folded name with the date of birth and the phone, so a
person is locked only by their own phone; rejected and void nominations no longer block in
the index (a rejection blocks until its campaign year ends, which the service checks)

Revision ID: 0011
Revises: 0010
Create Date: 2026-12-05
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

from domain.nomination import person_key

revision: str = "0011"
down_revision: str | None = "0010"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

BLOCKING_BEFORE = "status NOT IN ('lapsed', 'superseded', 'withdrawn')"
BLOCKING_AFTER = "status NOT IN ('lapsed', 'rejected', 'superseded', 'void', 'withdrawn')"


def upgrade() -> None:
    op.add_column("users", sa.Column("phone", sa.String(length=20), nullable=True))
    op.add_column(
        "users", sa.Column("phone_verified_at", sa.DateTime(timezone=True), nullable=True)
    )
    op.create_index("uq_users_phone", "users", ["phone"], unique=True)

    op.add_column("nominations", sa.Column("person_key", sa.String(length=64), nullable=True))
    nominations = sa.table(
        "nominations",
        sa.column("id", sa.Integer()),
        sa.column("full_name", sa.String()),
        sa.column("person_key", sa.String()),
    )
    connection = op.get_bind()
    rows = connection.execute(sa.select(nominations.c.id, nominations.c.full_name)).all()
    for row in rows:
        connection.execute(
            nominations.update()
            .where(nominations.c.id == row.id)
            .values(person_key=person_key(row.full_name))
        )
    op.drop_index("uq_nominations_person", table_name="nominations")
    with op.batch_alter_table("nominations", schema=None) as batch_op:
        batch_op.alter_column("person_key", existing_type=sa.String(length=64), nullable=False)
    op.create_index(
        "uq_nominations_person_phone",
        "nominations",
        ["person_key", "birth_date", "contact_phone"],
        unique=True,
        sqlite_where=sa.text(BLOCKING_AFTER),
        postgresql_where=sa.text(BLOCKING_AFTER),
    )


def downgrade() -> None:
    op.drop_index("uq_nominations_person_phone", table_name="nominations")
    with op.batch_alter_table("nominations", schema=None) as batch_op:
        batch_op.drop_column("person_key")
    op.create_index(
        "uq_nominations_person",
        "nominations",
        ["name_key", "birth_date"],
        unique=True,
        sqlite_where=sa.text(BLOCKING_BEFORE),
        postgresql_where=sa.text(BLOCKING_BEFORE),
    )
    op.drop_index("uq_users_phone", table_name="users")
    with op.batch_alter_table("users", schema=None) as batch_op:
        batch_op.drop_column("phone_verified_at")
        batch_op.drop_column("phone")
