"""The published board of a closed round and the audit chain's public head.

At close (in the closing transaction) the board is fixed: built from the ballots' receipts
(`domain.board`), stored, and its SHA-256 appended to the audit chain as `round.board`, the
last entry of that transaction, so the head posted to AUDIT_CHANNEL_ID at close is that
entry's hash. The same transaction writes the outbox's messages: the head to the channel, the
results page's address to the working group, and to every verified voter with a «check my
vote» button (only when RESULTS_BASE_URL is set): a stop between the commit and the sending
loses none of them."""

from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlalchemy.ext.asyncio import AsyncSession

from config import Settings
from domain.audit import canonical
from domain.board import (
    ACTION,
    Anchor,
    Board,
    BoardError,
    ReceiptsMode,
    Rule,
    audit_details,
    digest,
    encoded,
    from_dict,
    make_board,
)
from domain.pipeline import Role
from storage import audit, outbox, staff
from storage import board as store
from storage.models import AuditEntry

# An outbox row's parameter that becomes a URL button under the message (`bot.outbox`);
# `{locale}` in the URL is the recipient's language.
BUTTON = "@button"


class BoardTampered(Exception):
    """The stored board no longer has the hash its audit entry records."""


@dataclass(frozen=True, slots=True)
class Publication:
    board: Board
    anchor: Anchor


def anchor_of(entry: AuditEntry) -> Anchor:
    return Anchor(
        entry.seq, entry.at.isoformat(), entry.subject, entry.details, entry.prev_hash, entry.hash
    )


def receipts_mode(config: Settings) -> ReceiptsMode:
    return ReceiptsMode(config.receipts)


def page_address(config: Settings, round_id: int) -> str:
    return f"{config.results_base_url}/{round_id}/"


def head_message(config: Settings, seq: int, hash_: str, now: datetime) -> dict[str, Any]:
    """The head as an outbox row to the channel (rendered in DEFAULT_LOCALE: a channel has no
    language of its own)."""
    assert config.audit_channel_id is not None
    day = now.astimezone(config.tz).date().isoformat()
    return _row(
        config.audit_channel_id,
        "audit-head-post",
        {"date": {"$date": day}, "entries": seq, "head": hash_},
        now,
    )


def _row(recipient: int, key: str, params: dict[str, Any], now: datetime) -> dict[str, Any]:
    return {"recipient_id": recipient, "text_key": key, "params": params, "created_at": now}


async def fix(session: AsyncSession, config: Settings, round_id: int, now: datetime) -> Anchor:
    """Fix a just-closed round's board, tie it to the audit chain, and write the messages
    that announce it. Inside the caller's transaction."""
    vote_round = await store.closed_round(session, round_id)
    if vote_round is None or vote_round.closed_at is None:
        raise LookupError(f"round {round_id} is not closed")
    board = make_board(
        round_id,
        vote_round.closed_at,
        vote_round.seed,
        Rule(config.final_list_size, config.regional_seats, config.min_gender_share),
        receipts_mode(config),
        await store.verified_voters(session),
        await store.candidates(session, round_id),
        await store.receipts(session, round_id),
    )
    entry = await audit.append(
        session, now, None, ACTION, f"round:{round_id}", audit_details(board)
    )
    await store.save(session, round_id, digest(board), encoded(board).decode(), entry.seq)
    rows = []
    if config.audit_channel_id is not None:
        rows.append(head_message(config, entry.seq, entry.hash, now))
    if config.results_base_url:
        url = page_address(config, round_id)
        params = {"round": round_id, "url": url}
        for user_id in await staff.holders(session, Role.WORKING_GROUP):
            rows.append(_row(user_id, "board-published-staff", params, now))
        button = {"key": "board-check-button", "url": url + "{locale}.html"}
        voter_params = {"round": round_id, BUTTON: button}
        await store.tell_every_voter(session, "board-published-voter", voter_params, now)
    await outbox.enqueue(session, rows)
    return anchor_of(entry)


async def publication(session: AsyncSession, round_id: int) -> Publication | None:
    """The board as fixed at close, checked against its audit entry; None before it is
    fixed (the round is open, or closed before boards were fixed)."""
    fixed = await store.fixed(session, round_id)
    if fixed is None:
        return None
    try:
        board = from_dict(json.loads(fixed.body))
    except (ValueError, BoardError) as error:
        raise BoardTampered(f"round {round_id}: the stored board does not read: {error}") from None
    recorded = json.loads(fixed.entry.details).get("sha256")
    if canonical(json.loads(fixed.body)) != fixed.body or digest(board) != recorded:
        raise BoardTampered(
            f"round {round_id}: the stored board's SHA-256 is not the one audit entry "
            f"{fixed.entry.seq} records"
        )
    return Publication(board, anchor_of(fixed.entry))


async def publish(
    session: AsyncSession, config: Settings, round_id: int, now: datetime
) -> Publication:
    """The round's board to publish, fixed now if it closed before boards were (LookupError:
    no such round, or it is not closed)."""
    found = await publication(session, round_id)
    if found is not None:
        return found
    await fix(session, config, round_id, now)
    found = await publication(session, round_id)
    assert found is not None
    return found


async def post_head(session: AsyncSession, config: Settings, now: datetime) -> bool:
    """The chain's head to the public channel (the daily post); False when none is set."""
    if config.audit_channel_id is None:
        return False
    seq, hash_ = await store.head(session)
    await outbox.enqueue(session, [head_message(config, seq, hash_, now)])
    return True
