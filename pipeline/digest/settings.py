"""The ``[digest]`` config section (subscribers, emails, sending)."""

from __future__ import annotations

from typing import Literal

from pydantic import BaseModel, Field, field_validator


class SmtpSettings(BaseModel):
    """``[digest.smtp]``: the relay. Credentials come from the environment only."""

    host: str = "localhost"
    port: int = Field(default=587, ge=1, le=65535)
    # STARTTLS after EHLO (port 587). ``ssl`` is implicit TLS from the first byte (port 465).
    starttls: bool = True
    ssl: bool = False
    # CA bundle for a relay with a private certificate; the system store otherwise.
    ca_file: str | None = None
    timeout_s: float = Field(default=30.0, gt=0)
    # Names of the environment variables holding the login (unset: no AUTH).
    user_env: str = "COUNCIL_DIGEST_SMTP_USER"
    password_env: str = "COUNCIL_DIGEST_SMTP_PASSWORD"


class DigestSettings(BaseModel):
    """``[digest]``: where subscribers live and how digests are sent."""

    # SQLite file with subscribers and the send log.
    database: str = "data/subscribers.sqlite3"
    # "outbox" writes one .eml file per email (the default: nothing leaves the machine);
    # "smtp" sends through [digest.smtp].
    transport: Literal["outbox", "smtp"] = "outbox"
    # Whether `weekly` and `digest` send when neither --send nor --no-send is given.
    send: bool = True
    outbox: str = "outbox"
    from_address: str = "Council Digest <digest@council-digest.localhost>"
    reply_to: str | None = None
    # Right-hand side of Message-IDs.
    message_id_domain: str = "council-digest.localhost"
    # The unsubscribe page; the signed token is appended as ?token=...
    unsubscribe_url: str = "https://council-digest.localhost/unsubscribe"
    # Optional mailto: for List-Unsubscribe (e.g. "unsubscribe@example.org").
    unsubscribe_mailto: str | None = None
    # The HMAC key for unsubscribe tokens: from this environment variable, else from
    # secret_file (created with a random key on first use, mode 0600).
    secret_env: str = "COUNCIL_DIGEST_SECRET"
    secret_file: str = "data/digest-secret"
    # Transient SMTP failures (4xx, dropped connections before DATA) are retried.
    retry_attempts: int = Field(default=4, ge=1, le=20)
    retry_wait_s: float = Field(default=2.0, ge=0)
    retry_wait_max_s: float = Field(default=30.0, ge=0)
    # One run per (council, week): a second run waits this long for the first, then stops
    # (exit 2) naming the run that holds the lock.
    lock_wait_s: float = Field(default=120.0, ge=0)
    # A meeting published after its week's digest went out: "next_digest" carries it into
    # the subscriber's next digest ("Also published since your last digest"), "follow_up"
    # sends a short update for its week when that week is run again, "off" does neither.
    # Either way no subscriber gets one meeting twice.
    late_meetings: Literal["next_digest", "follow_up", "off"] = "next_digest"
    # How many weeks back a late meeting is still worth telling subscribers about.
    late_lookback_weeks: int = Field(default=4, ge=1, le=52)
    # Delivery channels, by name (pipeline/digest/channels.py registers them).
    channels: list[str] = Field(default_factory=lambda: ["email"], min_length=1)
    smtp: SmtpSettings = Field(default_factory=SmtpSettings)

    @field_validator("from_address", "reply_to", "message_id_domain", "unsubscribe_mailto")
    @classmethod
    def _one_header_line(cls, value: str | None) -> str | None:
        # These go into email headers: a line break would forge headers of our own.
        if value is not None and any(ord(c) < 32 or ord(c) == 127 for c in value):
            raise ValueError("must be one line without control characters")
        return value
