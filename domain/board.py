"""A closed round's public board, and what anyone can check of it without the server.

At close the board is fixed: per candidate the count and the sorted receipt codes (or, with
receipts `inclusion`, one sorted list of every code and no candidate beside it), the numbers
of verified voters and of ballots, the round's seed and the final list's rule. Its SHA-256
over a canonical JSON goes into the audit chain as the entry `round.board`; the published
files carry that entry (`Anchor`), so the board's hash, the entry's hash and the chain head
published at close all check against each other. Plain data: no I/O, no database."""

from __future__ import annotations

import csv
import hashlib
import io
import json
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime
from enum import StrEnum
from html.parser import HTMLParser
from typing import Any

from domain.audit import canonical, entry_hash
from domain.locales import LOCALES

FORMAT = "100-new-faces/board/1"
ACTION = "round.board"
CSV_HEADER = ("reference", "name", "votes", "receipts")


class ReceiptsMode(StrEnum):
    BOARD = "board"  # each candidate's receipt codes beside it
    INCLUSION = "inclusion"  # every code, without candidates
    OFF = "off"  # no codes published


class BoardError(ValueError):
    """A published file that cannot be read as a board."""


@dataclass(frozen=True, slots=True)
class Line:
    """One candidate on the board."""

    id: int
    reference: str
    name: str
    votes: int
    receipts: tuple[str, ...] = ()


@dataclass(frozen=True, slots=True)
class Rule:
    """The final list's rule the round was selected by (`domain.selection.Rules`)."""

    seats: int
    regional: bool
    min_gender_share: float


@dataclass(frozen=True, slots=True)
class Board:
    round_id: int
    closed_at: str  # ISO 8601, UTC
    seed: str
    rule: Rule
    receipts: ReceiptsMode
    voters: int
    ballots: int
    lines: tuple[Line, ...]
    included: tuple[str, ...] = ()  # receipts `inclusion`: every code, sorted


@dataclass(frozen=True, slots=True)
class Anchor:
    """The audit entry that carries the board's hash: enough to recompute the entry's hash,
    which is the chain's head published at close."""

    seq: int
    at: str
    subject: str
    details: str
    prev: str
    hash: str

    def recomputed(self) -> str:
        at = datetime.fromisoformat(self.at)
        return entry_hash(self.seq, at, None, ACTION, self.subject, self.details, self.prev)


def make_board(
    round_id: int,
    closed_at: datetime,
    seed: str,
    rule: Rule,
    mode: ReceiptsMode,
    voters: int,
    candidates: list[tuple[int, str, str]],
    receipts: dict[int, list[str]],
) -> Board:
    """The board from the round's candidates (id, reference, name) and each one's receipts:
    candidates by votes, most first, then by reference; codes sorted."""
    lines = []
    for nomination_id, reference, name in candidates:
        codes = sorted(receipts.get(nomination_id, ()))
        shown = tuple(codes) if mode is ReceiptsMode.BOARD else ()
        lines.append(Line(nomination_id, reference, name, len(codes), shown))
    lines.sort(key=lambda line: (-line.votes, line.reference, line.id))
    included: tuple[str, ...] = ()
    if mode is ReceiptsMode.INCLUSION:
        included = tuple(sorted(code for codes in receipts.values() for code in codes))
    ballots = sum(line.votes for line in lines)
    return Board(
        round_id, closed_at.isoformat(), seed, rule, mode, voters, ballots, tuple(lines), included
    )


def to_dict(board: Board) -> dict[str, Any]:
    body: dict[str, Any] = {
        "format": FORMAT,
        "round": board.round_id,
        "closed_at": board.closed_at,
        "seed": board.seed,
        "rule": {
            "seats": board.rule.seats,
            "regional": board.rule.regional,
            "min_gender_share": board.rule.min_gender_share,
        },
        "receipts": str(board.receipts),
        "voters": board.voters,
        "ballots": board.ballots,
        "candidates": [
            {
                "id": line.id,
                "reference": line.reference,
                "name": line.name,
                "votes": line.votes,
                "receipts": list(line.receipts),
            }
            for line in board.lines
        ],
    }
    if board.receipts is ReceiptsMode.INCLUSION:
        body["included"] = list(board.included)
    return body


def from_dict(body: Any) -> Board:
    try:
        if body["format"] != FORMAT:
            raise BoardError(f"unknown format {body['format']!r}")
        rule = body["rule"]
        lines = tuple(
            Line(
                int(c["id"]),
                str(c["reference"]),
                str(c["name"]),
                int(c["votes"]),
                tuple(str(code) for code in c["receipts"]),
            )
            for c in body["candidates"]
        )
        return Board(
            int(body["round"]),
            str(body["closed_at"]),
            str(body["seed"]),
            Rule(int(rule["seats"]), bool(rule["regional"]), float(rule["min_gender_share"])),
            ReceiptsMode(body["receipts"]),
            int(body["voters"]),
            int(body["ballots"]),
            lines,
            tuple(str(code) for code in body.get("included", ())),
        )
    except (KeyError, TypeError, ValueError) as error:
        if isinstance(error, BoardError):
            raise
        raise BoardError(f"not a board: {error!r}") from None


def encoded(board: Board) -> bytes:
    """The canonical bytes the board's hash is taken over."""
    return canonical(to_dict(board)).encode("utf-8")


def digest(board: Board) -> str:
    return hashlib.sha256(encoded(board)).hexdigest()


def audit_details(board: Board) -> dict[str, Any]:
    """What the `round.board` audit entry records."""
    return {"sha256": digest(board), "ballots": board.ballots, "voters": board.voters}


def published(board: Board, anchor: Anchor) -> dict[str, Any]:
    """board.json: the board, its hash, and the audit entry that carries it."""
    return {
        "board": to_dict(board),
        "sha256": digest(board),
        "audit": {
            "seq": anchor.seq,
            "at": anchor.at,
            "action": ACTION,
            "subject": anchor.subject,
            "details": anchor.details,
            "prev": anchor.prev,
            "hash": anchor.hash,
        },
    }


def read_published(text: str) -> tuple[Board, Anchor]:
    try:
        data = json.loads(text)
        audit = data["audit"]
        anchor = Anchor(
            int(audit["seq"]),
            str(audit["at"]),
            str(audit["subject"]),
            str(audit["details"]),
            str(audit["prev"]),
            str(audit["hash"]),
        )
        return from_dict(data["board"]), anchor
    except (KeyError, TypeError, ValueError) as error:
        if isinstance(error, BoardError):
            raise
        raise BoardError(f"board.json is not a published board: {error!r}") from None


def to_csv(board: Board) -> str:
    """board.csv: a row per candidate, the receipt codes space-separated (with receipts
    `inclusion`, one last row of every code under no candidate)."""
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(CSV_HEADER)
    for line in board.lines:
        writer.writerow((line.reference, line.name, line.votes, " ".join(line.receipts)))
    if board.receipts is ReceiptsMode.INCLUSION:
        writer.writerow(("", "", board.ballots, " ".join(board.included)))
    return out.getvalue()


def _who(line: Line) -> str:
    return f"candidate {line.reference} ({line.name})"


def recount(board: Board) -> list[str]:
    """What does not add up within the board itself, each naming where."""
    problems = []
    seen: Counter[str] = Counter()
    for line in board.lines:
        if board.receipts is ReceiptsMode.BOARD and len(line.receipts) != line.votes:
            problems.append(f"{_who(line)}: {line.votes} votes but {len(line.receipts)} receipts")
        if board.receipts is not ReceiptsMode.BOARD and line.receipts:
            problems.append(f"{_who(line)}: receipts listed with receipts={board.receipts}")
        if list(line.receipts) != sorted(line.receipts):
            problems.append(f"{_who(line)}: receipts not in order")
        seen.update(line.receipts)
    total = sum(line.votes for line in board.lines)
    if total != board.ballots:
        problems.append(f"ballots: {board.ballots} on the board, candidates' votes add to {total}")
    if board.receipts is ReceiptsMode.INCLUSION:
        if len(board.included) != board.ballots:
            problems.append(f"receipts: {len(board.included)} listed for {board.ballots} ballots")
        if list(board.included) != sorted(board.included):
            problems.append("receipts: not in order")
        seen.update(board.included)
    twice = sorted(code for code, n in seen.items() if n > 1)
    if twice:
        problems.append(f"receipts listed twice: {', '.join(twice[:5])}")
    return problems


def check_anchor(board: Board, anchor: Anchor) -> list[str]:
    """The board's hash is the one its audit entry carries, and the entry's hash holds."""
    problems = []
    try:
        recorded = json.loads(anchor.details).get("sha256")
    except (ValueError, AttributeError):
        recorded = None
    if recorded != digest(board):
        problems.append(
            f"board: its SHA-256 is {digest(board)}, audit entry {anchor.seq} records {recorded}"
        )
    if anchor.subject != f"round:{board.round_id}":
        problems.append(f"audit entry {anchor.seq} is about {anchor.subject}, not this round")
    if anchor.recomputed() != anchor.hash:
        problems.append(f"audit entry {anchor.seq}: its hash does not match its content")
    return problems


def compare_csv(board: Board, text: str) -> list[str]:
    """board.csv against the board, naming the candidate whose row differs."""
    # A candidate's receipts are one field, far above the csv module's default 128 KiB limit
    # with a million ballots: the limit is raised to the file's own size.
    csv.field_size_limit(max(csv.field_size_limit(), len(text) + 1))
    rows = list(csv.reader(io.StringIO(text)))
    if not rows or tuple(rows[0]) != CSV_HEADER:
        return ["board.csv: not the board's header"]
    body = rows[1:]
    by_reference = {row[0]: row for row in body if len(row) == 4 and row[0]}
    problems = []
    for line in board.lines:
        row = by_reference.pop(line.reference, None)
        if row is None:
            problems.append(f"board.csv: {_who(line)} missing")
            continue
        if row[2] != str(line.votes):
            problems.append(f"board.csv: {_who(line)}: {row[2]} votes, board.json {line.votes}")
        if tuple(row[3].split()) != line.receipts:
            problems.append(f"board.csv: {_who(line)}: receipts differ from board.json")
    for reference in by_reference:
        problems.append(f"board.csv: candidate {reference} is not on the board")
    if board.receipts is ReceiptsMode.INCLUSION:
        rest = [row for row in body if len(row) == 4 and not row[0]]
        if not rest or tuple(rest[0][3].split()) != board.included:
            problems.append("board.csv: the list of receipts differs from board.json")
    return problems


class _PageRows(HTMLParser):
    """The table rows of a results page: (reference, votes) from `data-*`, and the embedded
    receipts."""

    def __init__(self) -> None:
        super().__init__()
        self.rows: list[tuple[str, int]] = []
        self.receipts_json = ""
        self._in_receipts = False

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        values = dict(attrs)
        if tag == "tr" and values.get("data-ref") is not None:
            self.rows.append((values["data-ref"] or "", int(values.get("data-votes") or -1)))
        self._in_receipts = tag == "script" and values.get("id") == "receipts"

    def handle_endtag(self, tag: str) -> None:
        if tag == "script":
            self._in_receipts = False

    def handle_data(self, data: str) -> None:
        if self._in_receipts:
            self.receipts_json += data


def receipts_on_page(board: Board) -> dict[str, Any]:
    """What a page embeds for its search: per row (in table order) the codes, or every code."""
    if board.receipts is ReceiptsMode.BOARD:
        return {"mode": "board", "lists": [" ".join(line.receipts) for line in board.lines]}
    if board.receipts is ReceiptsMode.INCLUSION:
        return {"mode": "inclusion", "all": " ".join(board.included)}
    return {"mode": "off"}


def compare_page(board: Board, name: str, html: str) -> list[str]:
    """A results page against the board: its table's counts and its searchable receipts."""
    parser = _PageRows()
    try:
        parser.feed(html)
        parser.close()
    except ValueError:
        return [f"{name}: cannot read its table"]
    problems = []
    shown = dict(parser.rows)
    for line in board.lines:
        votes = shown.pop(line.reference, None)
        if votes is None:
            problems.append(f"{name}: {_who(line)} missing")
        elif votes != line.votes:
            problems.append(f"{name}: {_who(line)}: {votes} votes, board.json {line.votes}")
    problems += [f"{name}: candidate {ref} is not on the board" for ref in shown]
    try:
        embedded = json.loads(parser.receipts_json) if parser.receipts_json else None
    except ValueError:
        embedded = None
    if embedded != receipts_on_page(board):
        problems.append(f"{name}: its searchable receipts differ from board.json")
        if embedded and board.receipts is ReceiptsMode.BOARD:
            for line, codes in zip(board.lines, embedded.get("lists", []), strict=False):
                if tuple(str(codes).split()) != line.receipts:
                    problems.append(f"{name}: {_who(line)}: receipts differ from board.json")
    return problems


Reader = Callable[[str], str | None]


def verify_files(read: Reader) -> tuple[Board | None, Anchor | None, list[str]]:
    """Recount a published round from its files (`read(name)` gives a file's text, None when
    it is missing): the board adds up, its hash is the one its audit entry records and that
    entry's hash holds, and the CSV and every page agree with board.json."""
    text = read("board.json")
    if text is None:
        return None, None, ["board.json: missing"]
    try:
        board, anchor = read_published(text)
    except BoardError as error:
        return None, None, [f"board.json: {error}"]
    problems = recount(board) + check_anchor(board, anchor)
    csv_text = read("board.csv")
    problems += ["board.csv: missing"] if csv_text is None else compare_csv(board, csv_text)
    for locale in LOCALES:
        name = f"{locale}.html"
        html = read(name)
        problems += [f"{name}: missing"] if html is None else compare_page(board, name, html)
    return board, anchor, problems
