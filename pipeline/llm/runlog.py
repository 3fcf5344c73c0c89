"""The run log: every run and every LLM call, in SQLite.

Schema changes are append-only, named migrations (the ``migrations`` table records which
ran), so an old log file upgrades in place and nothing is ever rewritten. Rows hold what
is needed to audit cost and provenance (prompt ref and hash, model, tokens, cost, timing,
cache hits, error kind) and never credentials or base URLs.
"""

from __future__ import annotations

import json
import sqlite3
import threading
import uuid
from collections.abc import Callable
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from pydantic import BaseModel

from pipeline.errors import ConfigError
from pipeline.models import Usage

Migration = Callable[[sqlite3.Connection], None]
MIGRATIONS: list[tuple[str, Migration]] = []


def migration(fn: Migration) -> Migration:
    """Register ``fn`` as the next migration; its name is its identity, never reuse one."""
    MIGRATIONS.append((fn.__name__, fn))
    return fn


@migration
def m001_create_runs(conn: sqlite3.Connection) -> None:
    conn.execute(
        """create table runs (
            id text primary key,
            command text not null,
            started_at text not null,
            finished_at text,
            status text,
            model text,
            details_json text
        )"""
    )


@migration
def m002_create_calls(conn: sqlite3.Connection) -> None:
    conn.execute(
        """create table calls (
            id integer primary key,
            run_id text references runs(id),
            at text not null,
            prompt_ref text,
            prompt_hash text,
            model text,
            request_key text,
            prompt_tokens integer not null default 0,
            completion_tokens integer not null default 0,
            cost_usd real not null default 0,
            duration_s real not null default 0,
            cache_hit integer not null default 0,
            attempts integer not null default 0,
            finish_reason text,
            error_kind text,
            error text
        )"""
    )
    conn.execute("create index calls_run on calls(run_id)")


def _now() -> str:
    return datetime.now(UTC).isoformat(timespec="milliseconds")


class CallRecord(BaseModel):
    """One ``complete()`` call as the run log keeps it."""

    prompt_ref: str | None = None
    prompt_hash: str | None = None
    model: str | None = None
    request_key: str | None = None
    prompt_tokens: int = 0
    completion_tokens: int = 0
    cost_usd: float = 0.0
    duration_s: float = 0.0
    cache_hit: bool = False
    attempts: int = 0
    finish_reason: str | None = None
    error_kind: str | None = None
    error: str | None = None


class RunLog:
    """Append-only log of runs and calls in one SQLite file (thread-safe)."""

    def __init__(self, path: str | Path) -> None:
        self.path = Path(path)
        self._lock = threading.Lock()
        try:
            self.path.parent.mkdir(parents=True, exist_ok=True)
            self._conn = sqlite3.connect(self.path, timeout=30, check_same_thread=False)
            self._conn.row_factory = sqlite3.Row
            self._conn.execute("pragma journal_mode=wal")
            self.migrate()
        except (OSError, sqlite3.Error) as exc:
            raise ConfigError(f"{self.path}: cannot open the run log: {exc}") from None

    def migrate(self) -> list[str]:
        """Apply migrations not yet applied; return their names."""
        applied_now = []
        with self._lock, self._conn:
            self._conn.execute(
                "create table if not exists migrations (name text primary key, applied_at text)"
            )
            done = {row[0] for row in self._conn.execute("select name from migrations")}
            for name, fn in MIGRATIONS:
                if name in done:
                    continue
                fn(self._conn)
                self._conn.execute("insert into migrations values (?, ?)", (name, _now()))
                applied_now.append(name)
        return applied_now

    def start_run(
        self, command: str, *, model: str | None = None, details: dict[str, Any] | None = None
    ) -> str:
        """Record a new run and return its id."""
        run_id = datetime.now(UTC).strftime("%Y%m%dT%H%M%S") + "-" + uuid.uuid4().hex[:8]
        with self._lock, self._conn:
            self._conn.execute(
                "insert into runs (id, command, started_at, status, model, details_json) "
                "values (?, ?, ?, 'running', ?, ?)",
                (run_id, command, _now(), model, json.dumps(details or {}, sort_keys=True)),
            )
        return run_id

    def finish_run(self, run_id: str, status: str = "ok") -> None:
        """Mark a run finished with ``status`` (e.g. ok, partial, failed)."""
        with self._lock, self._conn:
            self._conn.execute(
                "update runs set finished_at = ?, status = ? where id = ?",
                (_now(), status, run_id),
            )

    def record_call(self, run_id: str | None, call: CallRecord) -> None:
        """Append one call to run ``run_id``."""
        values = call.model_dump()
        columns = ", ".join(["run_id", "at", *values])
        marks = ", ".join("?" * (len(values) + 2))
        with self._lock, self._conn:
            self._conn.execute(
                f"insert into calls ({columns}) values ({marks})",
                (run_id, _now(), *values.values()),
            )

    def runs(self) -> list[dict[str, Any]]:
        """Every run, newest first."""
        with self._lock:
            rows = self._conn.execute("select * from runs order by started_at desc").fetchall()
        return [dict(row) for row in rows]

    def calls(self, run_id: str | None = None) -> list[dict[str, Any]]:
        """Calls of one run (or of all runs), oldest first."""
        query, args = "select * from calls order by id", ()
        if run_id is not None:
            query, args = "select * from calls where run_id = ? order by id", (run_id,)
        with self._lock:
            rows = self._conn.execute(query, args).fetchall()
        return [dict(row) for row in rows]

    def usage(self, run_id: str) -> Usage:
        """Calls, cache hits, tokens and cost of one run."""
        with self._lock:
            row = self._conn.execute(
                "select coalesce(sum(attempts), 0), coalesce(sum(cache_hit), 0), "
                "coalesce(sum(prompt_tokens), 0), coalesce(sum(completion_tokens), 0), "
                "coalesce(sum(cost_usd), 0) from calls where run_id = ?",
                (run_id,),
            ).fetchone()
        return Usage(
            calls=row[0],
            cache_hits=row[1],
            prompt_tokens=row[2],
            completion_tokens=row[3],
            cost_usd=round(row[4], 8),
        )

    def close(self) -> None:
        """Close the database."""
        with self._lock:
            self._conn.close()
