"""The search index file: an SQLite database with an FTS5 table, and its migrations.

``meetings`` has one row per ``summary.json`` seen (published or not, so an unchanged file
costs one hash to skip); ``entries`` one row per searchable piece of a published meeting;
``entries_fts`` is the FTS5 index over ``entries`` (external content, kept in step by
triggers), with the Porter stemmer over ``unicode61`` tokens and prefix indexes for 2 and
3 characters. ``PRAGMA user_version`` records the schema version; :data:`MIGRATIONS` step
an older file forward, and a file from a newer version is refused.
"""

from __future__ import annotations

import sqlite3
from contextlib import suppress
from pathlib import Path

from pipeline.errors import PipelineError

REINDEX_HINT = "run `run.py search --reindex`"

# Each script moves the schema from version i to i + 1.
MIGRATIONS: list[str] = [
    """
    CREATE TABLE meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);
    CREATE TABLE meetings (
        id INTEGER PRIMARY KEY,
        summary_path TEXT NOT NULL UNIQUE,
        content_hash TEXT NOT NULL,
        published INTEGER NOT NULL,
        council TEXT, council_slug TEXT, body TEXT, body_slug TEXT, date TEXT,
        page_path TEXT, source_href TEXT, source_indexed INTEGER NOT NULL DEFAULT 0
    );
    CREATE INDEX meetings_council ON meetings (council_slug);
    CREATE INDEX meetings_date ON meetings (date);
    CREATE TABLE entries (
        id INTEGER PRIMARY KEY,
        meeting_id INTEGER NOT NULL REFERENCES meetings (id) ON DELETE CASCADE,
        kind TEXT NOT NULL,
        item_number TEXT, item_title TEXT, item_kind TEXT, anchor TEXT,
        text TEXT NOT NULL,
        title TEXT NOT NULL DEFAULT '',
        context TEXT NOT NULL DEFAULT '',
        speaker TEXT, outcome TEXT, vote TEXT,
        span_start INTEGER, span_end INTEGER, page INTEGER
    );
    CREATE INDEX entries_meeting ON entries (meeting_id);
    CREATE VIRTUAL TABLE entries_fts USING fts5 (
        text, title, context,
        content = 'entries', content_rowid = 'id',
        tokenize = 'porter unicode61 remove_diacritics 2',
        prefix = '2 3'
    );
    CREATE TRIGGER entries_added AFTER INSERT ON entries BEGIN
        INSERT INTO entries_fts (rowid, text, title, context)
        VALUES (new.id, new.text, new.title, new.context);
    END;
    CREATE TRIGGER entries_removed AFTER DELETE ON entries BEGIN
        INSERT INTO entries_fts (entries_fts, rowid, text, title, context)
        VALUES ('delete', old.id, old.text, old.title, old.context);
    END;
    """,
]
SCHEMA_VERSION = len(MIGRATIONS)


class SearchIndexError(PipelineError):
    """The index is missing, corrupt or from another version: one line, with the fix."""


def fts5_available() -> bool:
    """Does this Python's SQLite have FTS5 (the index needs it)?"""
    conn = sqlite3.connect(":memory:")
    try:
        conn.execute("CREATE VIRTUAL TABLE t USING fts5 (x, tokenize = 'porter unicode61')")
    except sqlite3.OperationalError:
        return False
    finally:
        conn.close()
    return True


def open_index(path: Path, *, create: bool = False) -> sqlite3.Connection:
    """Open (and, with ``create``, make or migrate) the index at ``path``.

    Raises :class:`SearchIndexError` when it is missing (without ``create``), not an SQLite
    file, damaged, or newer than this code.
    """
    if not create and not path.is_file():
        raise SearchIndexError(f"{path}: no search index yet; {REINDEX_HINT}")
    if not fts5_available():
        raise SearchIndexError("this Python's SQLite has no FTS5: search needs SQLite with FTS5")
    if create:
        path.parent.mkdir(parents=True, exist_ok=True)
    try:
        conn = sqlite3.connect(path)
    except sqlite3.Error as exc:
        raise SearchIndexError(f"{path}: cannot open the search index ({exc})") from None
    conn.row_factory = sqlite3.Row
    try:
        conn.execute("PRAGMA foreign_keys = ON")
        conn.execute("PRAGMA busy_timeout = 5000")  # another process may be updating it
        if create:
            # WAL: readers never wait for a writer, and a commit is one append, not a full
            # sync of the file (the index can always be rebuilt from the summaries).
            conn.execute("PRAGMA journal_mode = WAL")
            conn.execute("PRAGMA synchronous = NORMAL")
        version = conn.execute("PRAGMA user_version").fetchone()[0]
        if version > SCHEMA_VERSION:
            raise SearchIndexError(
                f"{path}: search index version {version} is newer than this code "
                f"({SCHEMA_VERSION}); {REINDEX_HINT}"
            )
        if version < SCHEMA_VERSION:
            if not create:
                raise SearchIndexError(f"{path}: search index is out of date; {REINDEX_HINT}")
            _migrate(conn, version)
        # Touch every table: a damaged file fails here rather than halfway through a query.
        conn.execute("SELECT count(*) FROM meetings").fetchone()
        conn.execute("SELECT rowid FROM entries_fts WHERE entries_fts MATCH 'x' LIMIT 1")
    except sqlite3.DatabaseError as exc:
        conn.close()
        raise corrupt(path, exc) from None
    except SearchIndexError:
        conn.close()
        raise
    return conn


def corrupt(path: Path, exc: Exception) -> SearchIndexError:
    """The one-line error for a damaged index file."""
    return SearchIndexError(f"{path}: search index is damaged ({exc}); {REINDEX_HINT}")


def _migrate(conn: sqlite3.Connection, version: int) -> None:
    for number in range(version, SCHEMA_VERSION):
        # One transaction per step: a failed step leaves the file at the previous version.
        script = MIGRATIONS[number]
        conn.executescript(f"BEGIN;{script}PRAGMA user_version = {number + 1};COMMIT;")


def remove_index_files(path: Path) -> None:
    """Delete an index file and its SQLite side files (journal, WAL)."""
    for suffix in ("", "-journal", "-wal", "-shm"):
        with suppress(FileNotFoundError):
            Path(f"{path}{suffix}").unlink()
