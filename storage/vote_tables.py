"""The public vote's tables: rounds and their candidates, verified voters, ballots with their
receipts, and each closed round's fixed board. (The rest of the schema is `storage.models`.)"""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import (
    BigInteger,
    ForeignKey,
    Index,
    Integer,
    String,
    Text,
    UniqueConstraint,
    text,
)
from sqlalchemy.orm import Mapped, mapped_column

from storage.models import Base, UtcDateTime, partial_index


class VoteRound(Base):
    __tablename__ = "vote_rounds"
    __table_args__ = (
        # At most one round not closed (scheduled or running), held by the database: two
        # members opening a round at the same moment cannot both succeed.
        partial_index(
            "uq_vote_rounds_one_open",
            text("(closed_at IS NULL)"),
            unique=True,
            where="closed_at IS NULL",
        ),
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    starts_at: Mapped[datetime] = mapped_column(UtcDateTime)
    ends_at: Mapped[datetime] = mapped_column(UtcDateTime)
    opened_by: Mapped[int] = mapped_column(BigInteger)
    closed_at: Mapped[datetime | None] = mapped_column(UtcDateTime)
    closed_by: Mapped[int | None] = mapped_column(BigInteger)
    seed: Mapped[str] = mapped_column(String(64))
    approved_at: Mapped[datetime | None] = mapped_column(UtcDateTime)
    approved_by: Mapped[int | None] = mapped_column(BigInteger)


class RoundCandidate(Base):
    """A candidate of a round, with the place of their card: the round's card order (by name,
    the Kazakh way, then id) fixed when the round opens, so a card is found by an index."""

    __tablename__ = "round_candidates"
    __table_args__ = (Index("uq_round_candidates_position", "round_id", "position", unique=True),)

    round_id: Mapped[int] = mapped_column(ForeignKey("vote_rounds.id"), primary_key=True)
    nomination_id: Mapped[int] = mapped_column(ForeignKey("nominations.id"), primary_key=True)
    position: Mapped[int] = mapped_column(Integer)


class Voter(Base):
    """A person who shared their own contact. One phone verifies one account. Kept without
    order (no rowid on SQLite; rewritten in random order on PostgreSQL), and verified by the
    day only, so nothing here says who verified when or before whom."""

    __tablename__ = "voters"
    __table_args__ = ({"sqlite_with_rowid": False},)

    user_id: Mapped[int] = mapped_column(
        ForeignKey("users.id"), primary_key=True, autoincrement=False
    )
    phone: Mapped[str] = mapped_column(String(20), unique=True)
    verified_at: Mapped[datetime] = mapped_column(UtcDateTime)  # midnight UTC of the day


class Ballot(Base):
    """A vote: the voter only as a per-round keyed hash (`domain.voting.voter_key`), so no
    table says who voted for whom. Its id is random and the table has no rowid (SQLite) or is
    rewritten in random order (PostgreSQL), so nothing follows the order of casting. The
    receipt is the ballot's: the code shown to the voter and listed on the round's board;
    nothing about the voter holds it."""

    __tablename__ = "ballots"
    __table_args__ = (
        # One ballot per (round, candidate, voter); also the index a candidate is counted by.
        UniqueConstraint("round_id", "nomination_id", "voter_hash"),
        # A voter's ballots in a round, counted at every vote against the limit.
        Index("ix_ballots_round_voter", "round_id", "voter_hash"),
        {"sqlite_with_rowid": False},
    )

    id: Mapped[str] = mapped_column(String(32), primary_key=True)  # 16 random bytes, hex
    round_id: Mapped[int] = mapped_column(ForeignKey("vote_rounds.id"), index=True)
    nomination_id: Mapped[int] = mapped_column(ForeignKey("nominations.id"))
    voter_hash: Mapped[str] = mapped_column(String(64))
    receipt: Mapped[str] = mapped_column(String(8))
    cast_at: Mapped[datetime] = mapped_column(UtcDateTime)  # midnight UTC of the day


class RoundBoard(Base):
    """A closed round's board as fixed at close (`domain.board`): the canonical JSON, its
    SHA-256, and the audit entry that records that hash."""

    __tablename__ = "round_boards"

    round_id: Mapped[int] = mapped_column(
        ForeignKey("vote_rounds.id"), primary_key=True, autoincrement=False
    )
    sha256: Mapped[str] = mapped_column(String(64))
    body: Mapped[str] = mapped_column(Text)
    audit_seq: Mapped[int] = mapped_column(Integer)
