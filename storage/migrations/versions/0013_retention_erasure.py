"""retention and erasure: nominations.erased_at and a birth date that can be erased;
fsm_states.updated_at (drafts expire); audit_log's personal part and its digest, and the
verifiers' comments of earlier entries moved into it (the chain re-hashed from there, and the
old head recorded in an `audit.rechain` entry)

Revision ID: 0013
Revises: 0010
Create Date: 2026-12-05
"""

import json
import logging
from collections.abc import Sequence
from datetime import UTC, datetime
from typing import Any

import sqlalchemy as sa
from alembic import op

from domain.audit import Entry, canonical, entry_hash, first_broken, sealed
from storage.models import UtcDateTime

revision: str = "0013"
down_revision: str | None = "0012"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    with op.batch_alter_table("nominations", schema=None) as batch_op:
        batch_op.add_column(sa.Column("erased_at", sa.DateTime(timezone=True), nullable=True))
        batch_op.alter_column("birth_date", existing_type=sa.Date(), nullable=True)
        batch_op.create_index(
            "ix_nominations_unerased",
            ["status", "id"],
            unique=False,
            sqlite_where=sa.text("erased_at IS NULL"),
            postgresql_where=sa.text("erased_at IS NULL"),
        )
    with op.batch_alter_table("fsm_states", schema=None) as batch_op:
        batch_op.add_column(sa.Column("updated_at", sa.DateTime(timezone=True), nullable=True))
        batch_op.create_index("ix_fsm_states_updated_at", ["updated_at"], unique=False)
    # Drafts already there are dated now: they expire DRAFT_DAYS after the upgrade.
    fsm_states = sa.table("fsm_states", sa.column("updated_at", sa.DateTime(timezone=True)))
    op.execute(fsm_states.update().values(updated_at=datetime.now(UTC)))
    with op.batch_alter_table("audit_log", schema=None) as batch_op:
        batch_op.add_column(sa.Column("personal", sa.Text(), nullable=True))
        batch_op.add_column(sa.Column("personal_digest", sa.String(length=64), nullable=True))
    _move_comments_out_of_details()


# Entries that kept a verifier's free-text comment in their details before 0013.
WITH_COMMENTS = ("nomination.fact_check", "nomination.documents_requested")

audit_log = sa.table(
    "audit_log",
    sa.column("seq", sa.Integer),
    sa.column("at", UtcDateTime()),
    sa.column("actor_id", sa.BigInteger),
    sa.column("action", sa.String),
    sa.column("subject", sa.String),
    sa.column("details", sa.Text),
    sa.column("personal", sa.Text),
    sa.column("personal_digest", sa.String),
    sa.column("prev_hash", sa.String),
    sa.column("hash", sa.String),
)
audit_head = sa.table(
    "audit_head",
    sa.column("id", sa.Integer),
    sa.column("seq", sa.Integer),
    sa.column("hash", sa.String),
)


def _move_comments_out_of_details() -> None:
    """A comment in an entry's details could never be erased without breaking the chain:
    it moves into the entry's personal part, and the chain is hashed again from the first
    such entry on. Only an intact chain is rewritten (a broken one keeps its evidence), and
    the old head is recorded in a new last entry, so whoever noted it can still match it."""
    bind = op.get_bind()
    head = bind.execute(sa.select(audit_head.c.seq, audit_head.c.hash)).first()
    if head is None:
        return
    rows = list(bind.execute(sa.select(audit_log).order_by(audit_log.c.seq)).mappings())
    entries = [_entry(row) for row in rows]
    if first_broken(entries, head.seq, head.hash) is not None:
        logging.getLogger("alembic").warning(
            "the audit chain is broken: its comments stay in the details (run audit verify)"
        )
        return
    first = next((i for i, e in enumerate(entries) if _comment(e) is not None), None)
    if first is None:
        return
    previous = entries[first - 1].hash if first else entries[0].prev_hash
    for entry in entries[first:]:
        details, personal, digest = entry.details, None, None
        comment = _comment(entry)
        if comment is not None:
            rest = {k: v for k, v in json.loads(entry.details).items() if k != "comment"}
            details = canonical(rest)
            if comment:
                personal, digest = sealed({"comment": comment})
        digest_hash = entry_hash(
            entry.seq,
            entry.at,
            entry.actor_id,
            entry.action,
            entry.subject,
            details,
            previous,
            digest,
        )
        bind.execute(
            audit_log.update()
            .where(audit_log.c.seq == entry.seq)
            .values(
                details=details,
                personal=personal,
                personal_digest=digest,
                prev_hash=previous,
                hash=digest_hash,
            )
        )
        previous = digest_hash
    seq, at = head.seq + 1, datetime.now(UTC)
    details = canonical({"from_seq": entries[first].seq, "old_head": head.hash})
    digest_hash = entry_hash(seq, at, None, "audit.rechain", "audit", details, previous)
    bind.execute(
        audit_log.insert().values(
            seq=seq,
            at=at,
            actor_id=None,
            action="audit.rechain",
            subject="audit",
            details=details,
            prev_hash=previous,
            hash=digest_hash,
        )
    )
    bind.execute(audit_head.update().where(audit_head.c.id == 1).values(seq=seq, hash=digest_hash))


def _entry(row: Any) -> Entry:
    return Entry(
        row["seq"],
        row["at"],
        row["actor_id"],
        row["action"],
        row["subject"],
        row["details"],
        row["prev_hash"],
        row["hash"],
    )


def _comment(entry: Entry) -> str | None:
    if entry.action not in WITH_COMMENTS:
        return None
    details = json.loads(entry.details)
    if "comment" not in details:
        return None
    return details["comment"] or ""


def downgrade() -> None:
    with op.batch_alter_table("audit_log", schema=None) as batch_op:
        batch_op.drop_column("personal_digest")
        batch_op.drop_column("personal")
    with op.batch_alter_table("fsm_states", schema=None) as batch_op:
        batch_op.drop_index("ix_fsm_states_updated_at")
        batch_op.drop_column("updated_at")
    with op.batch_alter_table("nominations", schema=None) as batch_op:
        batch_op.drop_index("ix_nominations_unerased")
        batch_op.alter_column("birth_date", existing_type=sa.Date(), nullable=False)
        batch_op.drop_column("erased_at")
