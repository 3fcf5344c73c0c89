"""A response cache in SQLite, keyed by the content of the request.

The key is the sha256 of the canonical JSON of ``{model, params, messages, schema, prompt
hash}``: everything that changes the answer and nothing that identifies who asked. The
base URL and credentials never enter it, so a cache filled against one server serves the
same model behind another, and the file holds no secret.

Threads share one :class:`ResponseCache`; each thread gets its own connection (sqlite3
connections must not cross threads) and WAL lets readers run beside the one writer.
"""

from __future__ import annotations

import json
import sqlite3
import threading
from collections.abc import Mapping, Sequence
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from pydantic import BaseModel

from pipeline.errors import ConfigError
from pipeline.prompts import sha256_tagged

SCHEMA = """
create table if not exists responses (
    key text primary key,
    model text not null,
    prompt_ref text,
    created_at text not null,
    response_json text not null
)
"""


def request_key(
    *,
    model: str,
    params: Mapping[str, Any],
    messages: Sequence[Mapping[str, Any]],
    schema: Mapping[str, Any] | None,
    prompt_hash: str | None,
) -> str:
    """The cache key of one request (see the module docstring for what goes in)."""
    return sha256_tagged(
        {
            "model": model,
            "params": dict(params),
            "messages": [dict(m) for m in messages],
            "schema": dict(schema) if schema is not None else None,
            "prompt": prompt_hash,
        }
    )


class CachedResponse(BaseModel):
    """What the cache keeps of a successful completion."""

    text: str
    finish_reason: str | None
    model: str
    prompt_tokens: int = 0
    completion_tokens: int = 0
    duration_s: float = 0.0


class ResponseCache:
    """Completed answers by request key, in one SQLite file."""

    def __init__(self, path: str | Path) -> None:
        self.path = Path(path)
        self._local = threading.local()
        self._connections: list[sqlite3.Connection] = []
        self._lock = threading.Lock()
        try:
            self.path.parent.mkdir(parents=True, exist_ok=True)
            with self._connection() as conn:
                conn.execute(SCHEMA)
        except (OSError, sqlite3.Error) as exc:
            raise ConfigError(f"{self.path}: cannot open the LLM cache: {exc}") from None

    def _connection(self) -> sqlite3.Connection:
        conn = getattr(self._local, "conn", None)
        if conn is None:
            conn = sqlite3.connect(self.path, timeout=30, check_same_thread=False)
            conn.execute("pragma journal_mode=wal")
            conn.execute("pragma synchronous=normal")
            self._local.conn = conn
            with self._lock:
                self._connections.append(conn)
        return conn

    def get(self, key: str) -> CachedResponse | None:
        """The stored answer for ``key``, or ``None``."""
        row = (
            self._connection()
            .execute("select response_json from responses where key = ?", (key,))
            .fetchone()
        )
        return CachedResponse.model_validate_json(row[0]) if row else None

    def put(self, key: str, response: CachedResponse, prompt_ref: str | None = None) -> None:
        """Store (or replace) the answer for ``key``."""
        with self._connection() as conn:
            conn.execute(
                "insert or replace into responses (key, model, prompt_ref, created_at, "
                "response_json) values (?, ?, ?, ?, ?)",
                (
                    key,
                    response.model,
                    prompt_ref,
                    datetime.now(UTC).isoformat(timespec="seconds"),
                    json.dumps(response.model_dump(), ensure_ascii=False),
                ),
            )

    def __len__(self) -> int:
        return self._connection().execute("select count(*) from responses").fetchone()[0]

    def close(self) -> None:
        """Close every thread's connection."""
        with self._lock:
            for conn in self._connections:
                conn.close()
            self._connections.clear()
        self._local = threading.local()
