"""Settings, read once from the environment and `.env` in `main`, then passed down; and where
the project's own files lie. Both the bot and the services import it: it imports neither."""

from __future__ import annotations

import os
import re
import socket
from datetime import time
from pathlib import Path
from typing import Annotated, Literal
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from pydantic import Field, SecretStr, ValidationInfo, field_validator, model_validator
from pydantic_settings import BaseSettings, NoDecode, SettingsConfigDict

from domain.locales import LOCALES

PROJECT_ROOT = Path(__file__).resolve().parent
LOCALES_PATH = PROJECT_ROOT / "locales" / "{locale}"
REGIONS_PATH = PROJECT_ROOT / "data" / "regions_kz.csv"


# Telegram's rule for a webhook's secret_token.
TELEGRAM_SECRET = re.compile(r"[A-Za-z0-9_-]{1,256}")

# How a secret is made, as every refusal of a weak one says.
MAKE_A_SECRET = 'python -c "import secrets; print(secrets.token_urlsafe(32))"'


def weakness(secret: str, shortest: int, distinct: int) -> str | None:
    """Why a secret is too weak to keep a key or a door, or None. Random-looking means long
    enough, enough distinct characters (a random hex string of that length falls short once in
    a thousand tries or less, a url-safe one never) and not a short block repeated. A
    guessable key falls to an offline search (`VOTE_SECRET` with a user id as known
    plaintext), so length alone is not enough."""
    if len(secret) < shortest:
        return f"shorter than {shortest} characters"
    if len(set(secret)) < distinct:
        return "too few distinct characters to be random"
    blocks = range(1, len(secret) // 2 + 1)
    if any(secret == secret[:size] * (len(secret) // size) for size in blocks):
        return "a short block repeated"
    return None


def _host_and_pid() -> str:
    return f"{socket.gethostname()}:{os.getpid()}"


class Settings(BaseSettings):
    model_config = SettingsConfigDict(
        env_file=".env",
        env_file_encoding="utf-8",
        extra="ignore",
        case_sensitive=False,
        hide_input_in_errors=True,  # a refused value may be a secret
    )

    bot_token: SecretStr | None = None
    database_url: str = f"sqlite+aiosqlite:///{PROJECT_ROOT / 'data' / 'bot.db'}"
    # Connections for the updates (as many again on demand); a unit of work holds one only
    # while its transaction lasts, so this serves a crowd far larger than itself.
    database_pool_size: int = Field(default=10, ge=1, le=200)
    telegram_api_url: str = ""
    admin_ids: Annotated[frozenset[int], NoDecode] = frozenset()
    timezone: str = "Asia/Almaty"
    default_locale: str = "kk"
    polling_timeout: int = Field(default=30, ge=1, le=50)
    invite_ttl_hours: int = Field(default=72, ge=1, le=24 * 30)
    expert_conclusions_required: int = Field(default=3, ge=1, le=50)
    # Days the nominee has to answer the consent link; then the nomination lapses.
    consent_link_days: int = Field(default=14, ge=1, le=365)
    # Nominations of other people one account may file in a campaign year (a calendar year
    # in TIMEZONE); a self-nomination is one live at a time whatever this says.
    nominations_per_account: int = Field(default=5, ge=0, le=10_000)
    # Days personal data of a nomination that ended without going on is kept (then erased),
    # and days an unfinished form draft lives without a change.
    retention_days: int = Field(default=30, ge=1, le=3650)
    draft_days: int = Field(default=30, ge=1, le=3650)
    # Minutes a case stays claimed by the staff member who opened it, unless they decide,
    # let it go, or another member takes it over.
    claim_minutes: int = Field(default=30, ge=1, le=24 * 60)
    digest_time: time = time(9, 0)
    reminder_time: time = time(10, 0)
    reminder_offsets_days: Annotated[tuple[int, ...], NoDecode] = (7, 3, 1, 0)
    overdue_repeat_days: int = Field(default=3, ge=0, le=60)
    catch_up_days: int = Field(default=2, ge=0, le=60)
    send_per_second: float = Field(default=30.0, gt=0, le=1000)
    send_per_chat_seconds: float = Field(default=1.0, ge=0, le=60)
    # One person's updates, and the replies they cause, beyond this rate (after a burst) are
    # dropped: a flood is slowed without slowing anybody else. One token a second is an
    # update and its reply every 2 s, the quickest human pace, kept up for as long as it
    # lasts.
    throttle_per_second: float = Field(default=1.0, gt=0, le=10_000)
    throttle_burst: int = Field(default=20, ge=1, le=10_000)
    # The share of the send rate broadcasts (the outbox, reminders, staff menus) always get
    # while replies wait too; they take whatever replies leave besides.
    outbox_share: float = Field(default=0.2, ge=0, le=1)
    vote_secret: SecretStr | None = None
    voter_phone_prefixes: Annotated[tuple[str, ...], NoDecode] = ("+77",)
    votes_per_voter: int = Field(default=10, ge=0)
    show_results_during_round: bool = False
    final_list_size: int = Field(default=100, ge=1)
    min_gender_share: float = Field(default=0.3, ge=0, le=0.5)
    regional_seats: bool = True
    # Past one machine (README, "Deployment"): webhook mode, Redis, several instances.
    webhook_url: str = ""
    webhook_secret: SecretStr | None = None
    web_host: str = "127.0.0.1"
    web_port: int = Field(default=8080, ge=1, le=65535)
    shutdown_timeout: float = Field(default=30.0, gt=0, le=600)
    redis_url: SecretStr | None = None
    instance_id: str = Field(default_factory=_host_and_pid, max_length=120)
    leader_lease_seconds: float = Field(default=30.0, ge=1, le=3600)
    # Receipts for ballots (README, "Privacy"): `board` lists each receipt under its
    # candidate on the round's board; `inclusion` lists them without candidates; `off` shows
    # voters no receipt.
    receipts: Literal["board", "inclusion", "off"] = "board"
    # On PostgreSQL, minutes between rewrites of an open round's ballots and the voters in
    # random order (and once more at close), so no physical order or xmin follows casting.
    ballot_shuffle_minutes: int = Field(default=60, ge=1, le=24 * 60)
    # The published board (README, "Results anyone can check"): where the results pages
    # are, without the round (empty: no address is sent), and the public channel the audit
    # chain's head is posted to, daily and at every close (empty: not posted).
    results_base_url: str = ""
    audit_channel_id: int | None = None
    # The secretariat's export comes in numbered parts of at most this many bytes (Telegram
    # takes documents of up to 50 MB from a bot).
    export_part_bytes: int = Field(default=45 * 1024 * 1024, ge=50_000, le=50_000_000)

    @field_validator("bot_token", mode="before")
    @classmethod
    def _empty_token_is_missing(cls, value: object) -> object:
        return None if isinstance(value, str) and not value.strip() else value

    @field_validator("admin_ids", mode="before")
    @classmethod
    def _split_ids(cls, value: object) -> object:
        if isinstance(value, str):
            return frozenset(
                int(part) for part in value.replace(";", ",").split(",") if part.strip()
            )
        if isinstance(value, int):
            return frozenset({value})
        return value

    @field_validator("voter_phone_prefixes", mode="before")
    @classmethod
    def _split_prefixes(cls, value: object) -> object:
        if isinstance(value, str):
            return tuple(part.strip() for part in value.split(",") if part.strip())
        return value

    @field_validator("vote_secret", "webhook_secret", "redis_url", mode="before")
    @classmethod
    def _empty_secret_is_missing(cls, value: object) -> object:
        return None if isinstance(value, str) and not value.strip() else value

    @field_validator("audit_channel_id", mode="before")
    @classmethod
    def _empty_channel_is_none(cls, value: object) -> object:
        return None if isinstance(value, str) and not value.strip() else value

    @field_validator("results_base_url")
    @classmethod
    def _base_url(cls, value: str) -> str:
        value = value.strip().rstrip("/")
        if value and not re.match(r"https?://[^/\s]+(/\S*)?$", value):
            raise ValueError("must be an http:// or https:// address")
        return value

    @field_validator("instance_id", mode="before")
    @classmethod
    def _empty_instance_is_host_and_pid(cls, value: object) -> object:
        return _host_and_pid() if isinstance(value, str) and not value.strip() else value

    @field_validator("webhook_secret")
    @classmethod
    def _secret_telegram_accepts(cls, value: SecretStr | None) -> SecretStr | None:
        # Telegram's rule for secret_token: 1-256 of A-Z, a-z, 0-9, _ and -.
        if value is not None and not TELEGRAM_SECRET.fullmatch(value.get_secret_value()):
            raise ValueError("1 to 256 characters, only letters, digits, _ and -")
        return value

    @field_validator("vote_secret", "webhook_secret")
    @classmethod
    def _random_enough(cls, value: SecretStr | None, info: ValidationInfo) -> SecretStr | None:
        shortest, distinct = {"vote_secret": (32, 10), "webhook_secret": (16, 7)}[
            info.field_name or ""
        ]
        problem = value and weakness(value.get_secret_value(), shortest, distinct)
        if problem:
            raise ValueError(f"{problem}: make one with {MAKE_A_SECRET}")
        return value

    @field_validator("webhook_url")
    @classmethod
    def _https_url(cls, value: str) -> str:
        value = value.strip()
        if value and not re.match(r"https://[^/\s]+(/\S*)?$", value):
            raise ValueError("must be an https:// address Telegram can reach")
        return value

    @model_validator(mode="after")
    def _webhook_needs_a_secret(self) -> Settings:
        if self.webhook_url and self.webhook_secret is None:
            raise ValueError("WEBHOOK_SECRET is required with WEBHOOK_URL")
        return self

    @field_validator("reminder_offsets_days", mode="before")
    @classmethod
    def _split_offsets(cls, value: object) -> object:
        if isinstance(value, str):
            offsets = tuple(int(part) for part in value.split(",") if part.strip())
            if any(offset < 0 for offset in offsets):
                raise ValueError("offsets are days before the due date: 0 or more")
            return offsets
        return value

    @field_validator("timezone")
    @classmethod
    def _known_timezone(cls, value: str) -> str:
        try:
            ZoneInfo(value)
        except (ZoneInfoNotFoundError, ValueError) as error:
            raise ValueError(f"unknown time zone {value!r}") from error
        return value

    @field_validator("default_locale")
    @classmethod
    def _supported_locale(cls, value: str) -> str:
        if value not in LOCALES:
            raise ValueError(f"must be one of {', '.join(LOCALES)}")
        return value

    @property
    def tz(self) -> ZoneInfo:
        return ZoneInfo(self.timezone)
