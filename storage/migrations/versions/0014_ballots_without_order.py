"""ballots and voters without order: random ballot ids and a receipt per ballot, no rowid on
SQLite (rewritten in random order on PostgreSQL); one round not closed at most; each round
candidate's card position

Revision ID: 0014
Revises: 0010
Create Date: 2026-12-05

Upgrade between rounds: a round still open keeps its ballots, but its voters' keys are per
round from now on (`domain.voting.voter_key`), so a voter's earlier ballots in that round no
longer count against their limit.
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

from domain.collation import sort_key

revision: str = "0014"
down_revision: str | None = "0013"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

RECEIPT_ALPHABET = "23456789ABCDEFGHJKLMNPQRSTUVWXYZ"  # as domain.voting.RECEIPT_ALPHABET


def _random_receipt(dialect: str) -> str:
    """An 8-character receipt drawn by the database, for the ballots already there."""
    if dialect == "sqlite":
        one = f"substr('{RECEIPT_ALPHABET}', 1 + abs(random() % 32), 1)"
    else:
        one = f"substr('{RECEIPT_ALPHABET}', 1 + floor(random() * 32)::int, 1)"
    return " || ".join([one] * 8)


def _ballot_columns() -> list[sa.schema.SchemaItem]:
    return [
        sa.Column("id", sa.String(length=32), nullable=False),
        sa.Column("round_id", sa.Integer(), nullable=False),
        sa.Column("nomination_id", sa.Integer(), nullable=False),
        sa.Column("voter_hash", sa.String(length=64), nullable=False),
        sa.Column("receipt", sa.String(length=8), nullable=False),
        sa.Column("cast_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(["nomination_id"], ["nominations.id"]),
        sa.ForeignKeyConstraint(["round_id"], ["vote_rounds.id"]),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("round_id", "nomination_id", "voter_hash"),
    ]


def _ballots_sqlite() -> None:
    op.create_table("ballots_new", *_ballot_columns(), sqlite_with_rowid=False)
    op.execute(
        "INSERT INTO ballots_new (id, round_id, nomination_id, voter_hash, receipt, cast_at) "
        f"SELECT lower(hex(randomblob(16))), round_id, nomination_id, voter_hash, "
        f"{_random_receipt('sqlite')}, cast_at FROM ballots ORDER BY random()"
    )
    op.drop_table("ballots")
    op.rename_table("ballots_new", "ballots")


def _voters_sqlite() -> None:
    op.create_table(
        "voters_new",
        sa.Column("user_id", sa.BigInteger(), autoincrement=False, nullable=False),
        sa.Column("phone", sa.String(length=20), nullable=False),
        sa.Column("verified_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(["user_id"], ["users.id"]),
        sa.PrimaryKeyConstraint("user_id"),
        sa.UniqueConstraint("phone"),
        sqlite_with_rowid=False,
    )
    op.execute(
        "INSERT INTO voters_new (user_id, phone, verified_at) "
        "SELECT user_id, phone, verified_at FROM voters ORDER BY random()"
    )
    op.drop_table("voters")
    op.rename_table("voters_new", "voters")


def _ballots_postgresql() -> None:
    op.drop_index("ix_ballots_round_voter", table_name="ballots")
    op.drop_index("ix_ballots_round_id", table_name="ballots")
    op.add_column("ballots", sa.Column("receipt", sa.String(length=8), nullable=True))
    op.execute(f"UPDATE ballots SET receipt = {_random_receipt('postgresql')}")
    op.alter_column("ballots", "receipt", nullable=False)
    op.execute("ALTER TABLE ballots ALTER COLUMN id DROP DEFAULT")
    op.execute(
        "ALTER TABLE ballots ALTER COLUMN id TYPE VARCHAR(32) USING md5(random()::text || id::text)"
    )
    op.execute("DROP SEQUENCE IF EXISTS ballots_id_seq")
    _rewrite_shuffled_postgresql("ballots")


def _rewrite_shuffled_postgresql(table: str) -> None:
    """The rows again, in random order, all in this one transaction (one xmin)."""
    op.execute(f"CREATE TEMPORARY TABLE shuffled_{table} AS SELECT * FROM {table}")
    op.execute(f"DELETE FROM {table}")
    op.execute(f"INSERT INTO {table} SELECT * FROM shuffled_{table} ORDER BY random()")
    op.execute(f"DROP TABLE shuffled_{table}")


def _positions() -> None:
    """Each round's card order, as `storage.voting` fixes it when a round opens."""
    with op.batch_alter_table("round_candidates") as batch:
        batch.add_column(sa.Column("position", sa.Integer(), nullable=True))
    bind = op.get_bind()
    rows = bind.execute(
        sa.text(
            "SELECT rc.round_id, rc.nomination_id, n.full_name FROM round_candidates rc "
            "JOIN nominations n ON n.id = rc.nomination_id"
        )
    ).all()
    rounds: dict[int, list[tuple[int, str]]] = {}
    for round_id, nomination_id, full_name in rows:
        rounds.setdefault(round_id, []).append((nomination_id, full_name))
    update = sa.text(
        "UPDATE round_candidates SET position = :position "
        "WHERE round_id = :round_id AND nomination_id = :nomination_id"
    )
    for round_id, people in rounds.items():
        people.sort(key=lambda person: (sort_key(person[1]), person[0]))
        bind.execute(
            update,
            [
                {"position": position, "round_id": round_id, "nomination_id": nomination_id}
                for position, (nomination_id, _) in enumerate(people)
            ],
        )
    with op.batch_alter_table("round_candidates") as batch:
        batch.alter_column("position", existing_type=sa.Integer(), nullable=False)
        batch.create_index("uq_round_candidates_position", ["round_id", "position"], unique=True)


def upgrade() -> None:
    dialect = op.get_bind().dialect.name
    if dialect == "sqlite":
        _ballots_sqlite()
        _voters_sqlite()
    else:
        _ballots_postgresql()
        _rewrite_shuffled_postgresql("voters")
    with op.batch_alter_table("ballots") as batch:
        batch.create_index("ix_ballots_round_id", ["round_id"], unique=False)
        batch.create_index("ix_ballots_round_voter", ["round_id", "voter_hash"], unique=False)
    _positions()
    with op.batch_alter_table("vote_rounds") as batch:
        batch.create_index(
            "uq_vote_rounds_one_open",
            [sa.text("(closed_at IS NULL)")],
            unique=True,
            sqlite_where=sa.text("closed_at IS NULL"),
            postgresql_where=sa.text("closed_at IS NULL"),
        )


def downgrade() -> None:
    with op.batch_alter_table("vote_rounds") as batch:
        batch.drop_index("uq_vote_rounds_one_open")
    with op.batch_alter_table("round_candidates") as batch:
        batch.drop_index("uq_round_candidates_position")
        batch.drop_column("position")
    with op.batch_alter_table("ballots") as batch:
        batch.drop_index("ix_ballots_round_voter")
        batch.drop_index("ix_ballots_round_id")
    op.create_table(
        "ballots_old",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("round_id", sa.Integer(), nullable=False),
        sa.Column("nomination_id", sa.Integer(), nullable=False),
        sa.Column("voter_hash", sa.String(length=64), nullable=False),
        sa.Column("cast_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(["nomination_id"], ["nominations.id"]),
        sa.ForeignKeyConstraint(["round_id"], ["vote_rounds.id"]),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("round_id", "nomination_id", "voter_hash"),
    )
    op.execute(
        "INSERT INTO ballots_old (round_id, nomination_id, voter_hash, cast_at) "
        "SELECT round_id, nomination_id, voter_hash, cast_at FROM ballots ORDER BY id"
    )
    op.drop_table("ballots")
    op.rename_table("ballots_old", "ballots")
    with op.batch_alter_table("ballots") as batch:
        batch.create_index("ix_ballots_round_id", ["round_id"], unique=False)
        batch.create_index("ix_ballots_round_voter", ["round_id", "voter_hash"], unique=False)
