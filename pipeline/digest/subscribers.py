"""Subscribers: who gets which council's weekly digest, and which topics they follow.

Addresses are validated (syntax only: no DNS lookups) and stored normalised. A subscriber
follows one or more councils; topics ("housing", "SEND") add matching items from every
council's meetings of the week to their digest.
"""

from __future__ import annotations

import datetime as dt
import sqlite3
from dataclasses import dataclass, field

from email_validator import EmailNotValidError, validate_email

from pipeline.errors import PipelineError
from pipeline.render.catalog import clean_label, slugify


@dataclass(frozen=True)
class Subscriber:
    """One subscriber with the councils (display names) and topics they follow."""

    id: int
    email: str
    councils: list[str] = field(default_factory=list)
    topics: list[str] = field(default_factory=list)

    def follows(self, council: str) -> bool:
        return slugify(council) in {slugify(c) for c in self.councils}

    def to_json(self) -> dict:
        return {
            "id": self.id,
            "email": self.email,
            "councils": self.councils,
            "topics": self.topics,
        }


def normalise_email(address: str) -> str:
    """The normalised address, or :class:`PipelineError` naming what is wrong with it."""
    try:
        result = validate_email(address.strip(), check_deliverability=False)
    except EmailNotValidError as exc:
        raise PipelineError(f"{address!r}: not a valid email address: {exc}") from None
    return result.normalized


def _now() -> str:
    return dt.datetime.now(dt.UTC).replace(microsecond=0).isoformat()


def add_subscriber(
    conn: sqlite3.Connection, email: str, councils: list[str], topics: list[str]
) -> Subscriber:
    """Add (or extend) a subscription; adding the same thing twice changes nothing."""
    address = normalise_email(email)
    councils = [c for c in (clean_label(c) for c in councils) if c]
    topics = [t.lower() for t in (clean_label(t) for t in topics) if t]
    if not councils:
        raise PipelineError("a subscriber needs at least one --council")
    conn.execute("BEGIN IMMEDIATE")
    try:
        conn.execute(
            "INSERT INTO subscribers (email, created_at) VALUES (?, ?) "
            "ON CONFLICT (email) DO NOTHING",
            (address, _now()),
        )
        subscriber_id = conn.execute(
            "SELECT id FROM subscribers WHERE email = ?", (address,)
        ).fetchone()["id"]
        for council in councils:
            conn.execute(
                "INSERT INTO subscriptions (subscriber_id, council, council_slug, created_at) "
                "VALUES (?, ?, ?, ?) ON CONFLICT DO NOTHING",
                (subscriber_id, council, slugify(council), _now()),
            )
        for topic in topics:
            conn.execute(
                "INSERT INTO topics (subscriber_id, topic) VALUES (?, ?) ON CONFLICT DO NOTHING",
                (subscriber_id, topic),
            )
        conn.execute("COMMIT")
    except BaseException:
        conn.execute("ROLLBACK")
        raise
    found = get_subscriber(conn, subscriber_id)
    assert found is not None
    return found


def get_subscriber(conn: sqlite3.Connection, subscriber_id: int) -> Subscriber | None:
    """One subscriber by id."""
    row = conn.execute(
        "SELECT id, email FROM subscribers WHERE id = ?", (subscriber_id,)
    ).fetchone()
    return _hydrate(conn, row) if row else None


def find_subscriber(conn: sqlite3.Connection, email: str) -> Subscriber | None:
    """One subscriber by address (case-insensitive)."""
    row = conn.execute(
        "SELECT id, email FROM subscribers WHERE email = ?", (normalise_email(email),)
    ).fetchone()
    return _hydrate(conn, row) if row else None


def list_subscribers(conn: sqlite3.Connection, council: str | None = None) -> list[Subscriber]:
    """Everyone, or the followers of one council, by address."""
    if council is None:
        rows = conn.execute("SELECT id, email FROM subscribers ORDER BY email").fetchall()
    else:
        rows = conn.execute(
            "SELECT s.id, s.email FROM subscribers s JOIN subscriptions c "
            "ON c.subscriber_id = s.id WHERE c.council_slug = ? ORDER BY s.email",
            (slugify(council),),
        ).fetchall()
    return [_hydrate(conn, row) for row in rows]


def remove_subscriber(conn: sqlite3.Connection, email: str, council: str | None = None) -> bool:
    """Remove a subscriber (or only their subscription to ``council``); False if absent."""
    found = find_subscriber(conn, email)
    if found is None:
        return False
    if council is None:
        conn.execute("DELETE FROM subscribers WHERE id = ?", (found.id,))
        return True
    return unsubscribe(conn, found.id, slugify(council))


def unsubscribe(conn: sqlite3.Connection, subscriber_id: int, council_slug: str) -> bool:
    """Drop one council subscription; a subscriber left following nothing is deleted."""
    conn.execute("BEGIN IMMEDIATE")
    try:
        cur = conn.execute(
            "DELETE FROM subscriptions WHERE subscriber_id = ? AND council_slug = ?",
            (subscriber_id, council_slug),
        )
        left = conn.execute(
            "SELECT COUNT(*) FROM subscriptions WHERE subscriber_id = ?", (subscriber_id,)
        ).fetchone()[0]
        if left == 0:
            conn.execute("DELETE FROM subscribers WHERE id = ?", (subscriber_id,))
        conn.execute("COMMIT")
    except BaseException:
        conn.execute("ROLLBACK")
        raise
    return cur.rowcount > 0


def _hydrate(conn: sqlite3.Connection, row: sqlite3.Row) -> Subscriber:
    councils = [
        r["council"]
        for r in conn.execute(
            "SELECT council FROM subscriptions WHERE subscriber_id = ? ORDER BY council",
            (row["id"],),
        )
    ]
    topics = [
        r["topic"]
        for r in conn.execute(
            "SELECT topic FROM topics WHERE subscriber_id = ? ORDER BY topic", (row["id"],)
        )
    ]
    return Subscriber(id=row["id"], email=row["email"], councils=councils, topics=topics)


def unsubscribe_with_token(conn: sqlite3.Connection, secret: bytes, token: str) -> str | None:
    """Apply an unsubscribe token; the address unsubscribed, or ``None`` if already done.

    The token's MAC is checked before the database is read; a malformed, forged or unknown
    token raises :class:`~pipeline.digest.tokens.InvalidToken`, one message for all.
    """
    from pipeline.digest.tokens import InvalidToken, matches, read_token

    claim = read_token(secret, token)
    found = get_subscriber(conn, claim.subscriber_id)
    if found is None:
        if claim.verified:  # ours, and that subscriber has gone since
            return None
        raise InvalidToken()  # an old-style token naming nobody: cannot be told from a forgery
    if not matches(secret, claim, found.email):
        raise InvalidToken()
    return found.email if unsubscribe(conn, found.id, claim.council_slug) else None
