"""The SQLite database of subscribers and the send log, with append-only migrations.

``PRAGMA user_version`` records how many entries of :data:`MIGRATIONS` have been applied.
Released migrations never change: a schema change is a new entry at the end.
"""

from __future__ import annotations

import sqlite3
from pathlib import Path

from pipeline.errors import PipelineError

MIGRATIONS: tuple[str, ...] = (
    # 1: subscribers, the councils they follow, and their topics.
    """
    CREATE TABLE subscribers (
        id INTEGER PRIMARY KEY AUTOINCREMENT,
        email TEXT NOT NULL UNIQUE COLLATE NOCASE,
        created_at TEXT NOT NULL
    );
    CREATE TABLE subscriptions (
        subscriber_id INTEGER NOT NULL REFERENCES subscribers(id) ON DELETE CASCADE,
        council TEXT NOT NULL,
        council_slug TEXT NOT NULL,
        created_at TEXT NOT NULL,
        PRIMARY KEY (subscriber_id, council_slug)
    );
    CREATE TABLE topics (
        subscriber_id INTEGER NOT NULL REFERENCES subscribers(id) ON DELETE CASCADE,
        topic TEXT NOT NULL COLLATE NOCASE,
        PRIMARY KEY (subscriber_id, topic)
    );
    """,
    # 2: the send log: one row per (subscriber, digest), written before the send is tried.
    """
    CREATE TABLE sends (
        subscriber_id INTEGER NOT NULL,
        digest_id TEXT NOT NULL,
        email TEXT NOT NULL,
        message_id TEXT NOT NULL,
        status TEXT NOT NULL CHECK (status IN ('sending', 'sent', 'failed')),
        attempts INTEGER NOT NULL DEFAULT 0,
        transport TEXT NOT NULL,
        location TEXT,
        error TEXT,
        created_at TEXT NOT NULL,
        updated_at TEXT NOT NULL,
        PRIMARY KEY (subscriber_id, digest_id)
    );
    CREATE INDEX sends_by_digest ON sends (digest_id, status);
    """,
    # 3: which meetings each email carried (JSON list of meeting keys; NULL for rows written
    # before this migration) and which run claimed the row; and the weeks whose digest each
    # subscriber has had (sent, or nothing to send), so a meeting published after its
    # week's digest reaches a subscriber exactly once.
    """
    ALTER TABLE sends ADD COLUMN meetings TEXT;
    ALTER TABLE sends ADD COLUMN claimed_by TEXT;
    CREATE TABLE digest_weeks (
        subscriber_id INTEGER NOT NULL REFERENCES subscribers(id) ON DELETE CASCADE,
        council_slug TEXT NOT NULL,
        week TEXT NOT NULL,
        done_at TEXT NOT NULL,
        PRIMARY KEY (subscriber_id, council_slug, week)
    );
    """,
)


def connect(path: str | Path) -> sqlite3.Connection:
    """Open (creating if needed) and migrate the database at ``path``."""
    path = Path(path)
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        conn = sqlite3.connect(path, timeout=30, isolation_level=None)
    except (OSError, sqlite3.Error) as exc:
        raise PipelineError(f"{path}: cannot open the subscribers database: {exc}") from None
    conn.row_factory = sqlite3.Row
    try:
        conn.execute("PRAGMA foreign_keys = ON")
        conn.execute("PRAGMA journal_mode = WAL")  # the first read: a garbage file fails here
        migrate(conn)
    except sqlite3.DatabaseError as exc:
        conn.close()
        raise PipelineError(f"{path}: not a usable subscribers database: {exc}") from None
    return conn


def migrate(conn: sqlite3.Connection) -> int:
    """Apply the migrations this database has not seen yet; returns the schema version."""
    version = conn.execute("PRAGMA user_version").fetchone()[0]
    if version > len(MIGRATIONS):
        raise sqlite3.DatabaseError(
            f"schema version {version} is newer than this program ({len(MIGRATIONS)})"
        )
    for number, script in enumerate(MIGRATIONS[version:], start=version + 1):
        # One transaction per migration, version bump included, so a crash leaves either
        # the old schema or the new one.
        conn.execute("BEGIN IMMEDIATE")
        try:
            if conn.execute("PRAGMA user_version").fetchone()[0] >= number:
                conn.execute("COMMIT")  # a concurrent first run applied it meanwhile
                continue
            for statement in (s.strip() for s in script.split(";")):
                if statement:
                    conn.execute(statement)
            conn.execute(f"PRAGMA user_version = {number}")
            conn.execute("COMMIT")
        except BaseException:
            conn.execute("ROLLBACK")
            raise
    return len(MIGRATIONS)
