"""one outbox: plan reminders become rows of outbox_messages with a unique dedupe key; the
reminders' own ledger (table outbox) is moved over and dropped

A ledger row keeps its key as the dedupe key, so the reminders pass never writes it again;
what the ledger had settled (sent, blocked, skipped, reported) stays settled, with the moment
it was settled as `sent_at`; what was pending is pending in the outbox and goes once.

Revision ID: 0009
Revises: 0008
Create Date: 2026-12-05
"""

import os
from collections.abc import Sequence
from datetime import UTC, datetime
from typing import Any

import sqlalchemy as sa
from alembic import op

revision: str = "0009"
down_revision: str | None = "0008"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

CHUNK = 1000
DIGEST_KEYS = {"escalation": "escalation-digest"}  # any other kind: "reminder-digest"

_ledger = sa.table(
    "outbox",
    sa.column("id", sa.Integer()),
    sa.column("key", sa.String()),
    sa.column("kind", sa.String()),
    sa.column("recipient_id", sa.BigInteger()),
    sa.column("due_date_id", sa.Integer()),
    sa.column("agency_id", sa.Integer()),
    sa.column("offset_days", sa.Integer()),
    sa.column("created_at", sa.DateTime(timezone=True)),
    sa.column("sent_at", sa.DateTime(timezone=True)),
    sa.column("outcome", sa.String()),
    sa.column("claimed_by", sa.String()),
    sa.column("claimed_until", sa.DateTime(timezone=True)),
)
_messages = sa.table(
    "outbox_messages",
    sa.column("id", sa.Integer()),
    sa.column("recipient_id", sa.BigInteger()),
    sa.column("text_key", sa.String()),
    sa.column("params", sa.JSON()),
    sa.column("created_at", sa.DateTime(timezone=True)),
    sa.column("claimed_by", sa.String()),
    sa.column("claimed_until", sa.DateTime(timezone=True)),
    sa.column("sent_at", sa.DateTime(timezone=True)),
    sa.column("outcome", sa.String()),
    sa.column("dedupe_key", sa.String()),
)


def _aware(moment: datetime | None) -> datetime | None:
    """SQLite hands back naive datetimes: they were stored in UTC."""
    if moment is None or moment.tzinfo is not None:
        return moment
    return moment.replace(tzinfo=UTC)


def _message(row: Any, tz: str) -> dict[str, Any]:
    settled = row.outcome is not None
    return {
        "recipient_id": row.recipient_id,
        "text_key": DIGEST_KEYS.get(row.kind, "reminder-digest"),
        "params": {
            "kind": row.kind,
            "due_date_id": row.due_date_id,
            "agency_id": row.agency_id,
            "offset": row.offset_days,
            "tz": tz,
        },
        "created_at": _aware(row.created_at),
        "claimed_by": None if settled else row.claimed_by,
        "claimed_until": None if settled else _aware(row.claimed_until),
        # The ledger left a skipped row unsent (outcome only): settled all the same.
        "sent_at": _aware(row.sent_at or row.created_at) if settled else None,
        "outcome": row.outcome,
        "dedupe_key": row.key,
    }


def upgrade() -> None:
    with op.batch_alter_table("outbox_messages") as batch:
        batch.add_column(sa.Column("dedupe_key", sa.String(length=120), nullable=True))
        batch.create_unique_constraint("uq_outbox_messages_dedupe_key", ["dedupe_key"])
    # The zone the bot counts its days in (the setting TIMEZONE): a reminder's digest says
    # what is true on the day, in that zone, that it goes.
    tz = os.environ.get("TIMEZONE") or "Asia/Almaty"
    bind = op.get_bind()
    last = 0
    while True:
        rows = bind.execute(
            sa.select(_ledger).where(_ledger.c.id > last).order_by(_ledger.c.id).limit(CHUNK)
        ).all()
        if not rows:
            break
        bind.execute(sa.insert(_messages), [_message(row, tz) for row in rows])
        last = rows[-1].id
    with op.batch_alter_table("outbox") as batch:
        batch.drop_index("ix_outbox_recipient_id")
    op.drop_table("outbox")


def downgrade() -> None:
    op.create_table(
        "outbox",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("key", sa.String(length=120), nullable=False),
        sa.Column("kind", sa.String(length=16), nullable=False),
        sa.Column("recipient_id", sa.BigInteger(), nullable=False),
        sa.Column("due_date_id", sa.Integer(), nullable=False),
        sa.Column("agency_id", sa.Integer(), nullable=False),
        sa.Column("offset_days", sa.Integer(), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("sent_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("outcome", sa.String(length=16), nullable=True),
        sa.Column("claimed_by", sa.String(length=120), nullable=True),
        sa.Column("claimed_until", sa.DateTime(timezone=True), nullable=True),
        sa.ForeignKeyConstraint(["agency_id"], ["agencies.id"]),
        sa.ForeignKeyConstraint(["due_date_id"], ["due_dates.id"]),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("key"),
    )
    with op.batch_alter_table("outbox") as batch:
        batch.create_index("ix_outbox_recipient_id", ["recipient_id"], unique=False)
    bind = op.get_bind()
    due_dates = {row[0] for row in bind.execute(sa.text("SELECT id FROM due_dates"))}
    agencies = {row[0] for row in bind.execute(sa.text("SELECT id FROM agencies"))}
    reminders = bind.execute(
        sa.select(_messages).where(_messages.c.dedupe_key.is_not(None)).order_by(_messages.c.id)
    ).all()
    back = [
        {
            "key": row.dedupe_key,
            "kind": row.params["kind"],
            "recipient_id": row.recipient_id,
            "due_date_id": row.params["due_date_id"],
            "agency_id": row.params["agency_id"],
            "offset_days": row.params["offset"],
            "created_at": row.created_at,
            "sent_at": row.sent_at if row.outcome != "skipped" else None,
            "outcome": row.outcome,
            "claimed_by": row.claimed_by,
            "claimed_until": row.claimed_until,
        }
        for row in reminders
        if row.params["due_date_id"] in due_dates and row.params["agency_id"] in agencies
    ]
    for start in range(0, len(back), CHUNK):
        bind.execute(sa.insert(_ledger), back[start : start + CHUNK])
    bind.execute(sa.delete(_messages).where(_messages.c.dedupe_key.is_not(None)))
    with op.batch_alter_table("outbox_messages") as batch:
        batch.drop_constraint("uq_outbox_messages_dedupe_key", type_="unique")
        batch.drop_column("dedupe_key")
