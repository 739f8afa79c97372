"""The audit log's hash chain: each entry's hash covers its content and the previous hash, so
an edited, deleted or reordered entry breaks the chain at that point.

Personal data (a verifier's comment, a nominee's file ids) is kept apart from an entry's
details, in its `personal` part: JSON with a random salt, of which the hash covers only the
SHA-256 digest. Erasing the part (retention, a withdrawal of consent) leaves the digest and
so the chain intact; while the part is there, it must match its digest. The salt keeps a
short value (a phone) from being found again by hashing guesses against the digest."""

from __future__ import annotations

import hashlib
import json
import secrets
from dataclasses import dataclass
from datetime import datetime
from typing import Any

GENESIS = "0" * 64


def canonical(details: dict[str, Any]) -> str:
    return json.dumps(
        details, ensure_ascii=False, sort_keys=True, separators=(",", ":"), default=str
    )


def sealed(personal: dict[str, Any]) -> tuple[str, str]:
    """An entry's personal part as stored (salted JSON), and the digest the chain covers."""
    text = canonical({"salt": secrets.token_hex(16), **personal})
    return text, digest_of(text)


def digest_of(personal: str) -> str:
    return hashlib.sha256(personal.encode("utf-8")).hexdigest()


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
    # The personal part, None once erased; its digest, None for an entry without one.
    personal: str | None = None
    personal_digest: str | None = None


def entry_hash(
    seq: int,
    at: datetime,
    actor_id: int | None,
    action: str,
    subject: str,
    details: str,
    prev_hash: str,
    personal_digest: str | None = None,
) -> str:
    fields: dict[str, Any] = {
        "seq": seq,
        "at": at.isoformat(),
        "actor": actor_id,
        "action": action,
        "subject": subject,
        "details": details,
        "prev": prev_hash,
    }
    if personal_digest is not None:  # an entry without a personal part hashes as it always did
        fields["personal"] = personal_digest
    payload = canonical(fields)
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
            entry.personal_digest,
        )
        if entry.seq != expected_seq or entry.prev_hash != previous or entry.hash != recomputed:
            return entry.seq
        if entry.personal is not None and (
            entry.personal_digest is None or digest_of(entry.personal) != entry.personal_digest
        ):
            return entry.seq
        previous, expected_seq = entry.hash, expected_seq + 1
    if expected_seq - 1 != head_seq or previous != head_hash:
        return expected_seq
    return None
