"""The audit log's hash chain: each entry's hash covers its content and the previous hash, so
an edited, deleted or reordered entry breaks the chain at that point."""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass
from datetime import datetime
from typing import Any

GENESIS = "0" * 64


def canonical(details: dict[str, Any]) -> str:
    return json.dumps(
        details, ensure_ascii=False, sort_keys=True, separators=(",", ":"), default=str
    )


@dataclass(frozen=True, slots=True)
class Entry:
    seq: int
    at: datetime
    actor_id: int | None
    action: str
    subject: str
    details: str
    prev_hash: str
    hash: str


def entry_hash(
    seq: int,
    at: datetime,
    actor_id: int | None,
    action: str,
    subject: str,
    details: str,
    prev_hash: str,
) -> str:
    payload = canonical(
        {
            "seq": seq,
            "at": at.isoformat(),
            "actor": actor_id,
            "action": action,
            "subject": subject,
            "details": details,
            "prev": prev_hash,
        }
    )
    return hashlib.sha256(payload.encode("utf-8")).hexdigest()


def first_broken(entries: list[Entry], head_seq: int, head_hash: str) -> int | None:
    """The sequence number where the chain breaks (in stored order), or None when intact.

    `head_*` is what the log says its last entry is: a deleted tail shows there."""
    previous, expected_seq = GENESIS, 1
    for entry in entries:
        recomputed = entry_hash(
            entry.seq,
            entry.at,
            entry.actor_id,
            entry.action,
            entry.subject,
            entry.details,
            entry.prev_hash,
        )
        if entry.seq != expected_seq or entry.prev_hash != previous or entry.hash != recomputed:
            return entry.seq
        previous, expected_seq = entry.hash, expected_seq + 1
    if expected_seq - 1 != head_seq or previous != head_hash:
        return expected_seq
    return None
