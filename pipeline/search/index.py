"""Keeping the search index in step with the published summaries.

Each ``summary.json`` is keyed by its path and a hash of what decides its entries and
whether the public sees it (the summary's bytes, its ``evals.json``, the publish policy and
the index settings): an unchanged file costs one hash and is skipped, a changed one has its
entries replaced, one the ``[review] publish`` policy hides (rejected, or a draft the
policy does not show) has its entries removed. The hooks in ``summarise``, ``review`` and
the weekly job call :func:`index_summary` or :func:`sync_index`; ``run.py search
--reindex`` calls :func:`rebuild_index`.
"""

from __future__ import annotations

import hashlib
import os
import sqlite3
import sys
from dataclasses import dataclass, field
from pathlib import Path

from pipeline.config import Settings
from pipeline.errors import PipelineError
from pipeline.models import Document
from pipeline.render.catalog import (
    EVALS_JSON,
    PublishPolicy,
    ReviewSettings,
    StoredSummary,
    find_summaries,
    load_stored,
    slugify,
)
from pipeline.render.site import SOURCE_SUFFIXES
from pipeline.render.views import MeetingView, meeting_view
from pipeline.search.entries import Entry, meeting_entries
from pipeline.search.schema import (
    SCHEMA_VERSION,
    SearchIndexError,
    corrupt,
    open_index,
    remove_index_files,
)
from pipeline.search.settings import SearchSettings


@dataclass(frozen=True)
class IndexTarget:
    """Which index, over which summaries, under which publish policy."""

    index: Path
    summaries: Path
    policy: PublishPolicy
    search: SearchSettings
    copy_sources: bool = True

    @classmethod
    def from_settings(cls, settings: Settings, *, index: str | None = None) -> IndexTarget:
        """The target named by the merged config (``--index`` may override the file)."""
        from pipeline.render import RenderSettings

        search = settings.section("search", SearchSettings)
        summaries = settings.raw("paths").get("summaries", "summaries")
        return cls(
            index=Path(index or search.index),
            summaries=Path(str(summaries)),
            policy=settings.section("review", ReviewSettings).publish,
            search=search,
            copy_sources=settings.section("render", RenderSettings).copy_sources,
        )


@dataclass
class IndexReport:
    """What an update did."""

    index: str
    added: list[str] = field(default_factory=list)  # published, entries (re)written
    removed: list[str] = field(default_factory=list)  # entries dropped (hidden or gone)
    unchanged: int = 0
    not_published: int = 0
    entries: int = 0  # entries written by this update
    warnings: list[str] = field(default_factory=list)

    def to_json(self) -> dict:
        return dict(self.__dict__)


# --- hooks: one call from summarise, review and the weekly job --------------------------


def index_summary(path: str | Path, settings: Settings) -> IndexReport | None:
    """Bring one summary's entries up to date in an existing index (a hook: never raises).

    Does nothing when the summary lies outside ``[paths] summaries`` or no index exists yet
    (``run.py search --reindex`` or the weekly job creates it whole). A failure is one
    ``warning:`` line on stderr: the command that wrote the summary still succeeds.
    """
    return _quietly(lambda target: _index_one(Path(path), target), settings)


def remove_summary(path: str | Path, settings: Settings) -> IndexReport | None:
    """Drop one summary's entries from an existing index (a hook: never raises)."""

    def remove(target: IndexTarget) -> IndexReport:
        report = IndexReport(index=str(target.index))
        conn = open_index(target.index)
        try:
            with conn:
                if _delete(conn, _key(Path(path))):
                    report.removed.append(str(path))
        finally:
            conn.close()
        return report

    return _quietly(remove, settings)


def sync_index(
    root: str | Path, settings: Settings, documents: dict[Path, Document | None] | None = None
) -> IndexReport | None:
    """Update (or create) the index of every summary under ``root`` (a hook: never raises).

    ``documents``: source documents the caller has read already (resolved path -> document).
    """

    def sync(target: IndexTarget) -> IndexReport | None:
        if not _under(Path(root), target.summaries):  # another folder: not this index's
            return None
        return update_index(target, Path(root), create=True, documents=documents)

    return _quietly(sync, settings, require_index=False)


def _quietly(action, settings: Settings, *, require_index: bool = True) -> IndexReport | None:
    try:
        target = IndexTarget.from_settings(settings)
        if require_index and not target.index.is_file():
            return None
        return action(target)
    except (PipelineError, sqlite3.Error, OSError) as exc:
        print(f"warning: search index not updated: {exc}", file=sys.stderr)
        return None


def _index_one(path: Path, target: IndexTarget) -> IndexReport | None:
    if not _under(path, target.summaries):
        return None
    conn = open_index(target.index)
    try:
        report = IndexReport(index=str(target.index))
        _update(conn, path, target, report)
        return report
    finally:
        conn.close()


# --- whole-folder updates ---------------------------------------------------------------


def update_index(
    target: IndexTarget,
    root: Path | None = None,
    *,
    create: bool = False,
    documents: dict[Path, Document | None] | None = None,
) -> IndexReport:
    """Index every summary under ``root`` (default: ``target.summaries``) and forget those
    no longer there. Raises :class:`SearchIndexError` on a damaged index.

    ``documents``: source documents already read (path -> document), shared by summaries
    of one source and filled as sources are read.
    """
    root = root or target.summaries
    documents = {} if documents is None else documents
    conn = open_index(target.index, create=create)
    report = IndexReport(index=str(target.index))
    try:
        seen = set()
        for path in find_summaries(root):
            seen.add(_key(path))
            _update(conn, path, target, report, documents)
        prefix = _key(root) + os.sep
        with conn:
            for row in conn.execute("SELECT summary_path FROM meetings").fetchall():
                key = row["summary_path"]
                if key.startswith(prefix) and key not in seen and _delete(conn, key):
                    report.removed.append(key)
    except sqlite3.DatabaseError as exc:
        raise corrupt(target.index, exc) from None
    finally:
        conn.close()
    return report


def rebuild_index(target: IndexTarget) -> IndexReport:
    """Build the index afresh from ``target.summaries`` and swap it in atomically.

    Works whatever state the old file is in (missing, damaged, another version).
    """
    building = target.index.with_name(f".{target.index.name}.building")
    remove_index_files(building)
    try:
        report = update_index(
            IndexTarget(
                building, target.summaries, target.policy, target.search, target.copy_sources
            ),
            create=True,
        )
        remove_index_files(target.index)
        os.replace(building, target.index)
    finally:
        remove_index_files(building)
    report.index = str(target.index)
    return report


# --- one summary ------------------------------------------------------------------------


def _update(
    conn: sqlite3.Connection,
    path: Path,
    target: IndexTarget,
    report: IndexReport,
    documents: dict[Path, Document | None] | None = None,
) -> None:
    key = _key(path)
    try:
        content_hash = _content_hash(path, target)
    except FileNotFoundError:
        with conn:
            if _delete(conn, key):
                report.removed.append(str(path))
        return
    row = conn.execute(
        "SELECT content_hash, published FROM meetings WHERE summary_path = ?", (key,)
    ).fetchone()
    if row is not None and row["content_hash"] == content_hash:
        report.unchanged += 1
        report.not_published += not row["published"]
        return
    try:
        stored = load_stored(path)
    except PipelineError as exc:  # an unreadable summary is not shown either
        report.warnings.append(str(exc))
        stored = None
    with conn:
        had_entries = _delete(conn, key)
        if stored is None or not stored.publishable(target.policy):
            _insert_meeting(conn, key, content_hash, None, None)
            report.not_published += 1
            if had_entries:
                report.removed.append(str(path))
            return
        document, warning = _source_document(stored, {} if documents is None else documents)
        if warning:
            report.warnings.append(warning)
        # The page's view of the meeting, built once: its address and its item anchors.
        view = meeting_view(stored)
        meeting_id = _insert_meeting(conn, key, content_hash, stored, target, document, view)
        entries = _entries(stored, document, target.search, view)
        conn.executemany(
            "INSERT INTO entries (meeting_id, kind, item_number, item_title, item_kind, anchor,"
            " text, title, context, speaker, outcome, vote, span_start, span_end, page)"
            " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
            [_row(meeting_id, e) for e in entries],
        )
        report.added.append(str(path))
        report.entries += len(entries)


def _entries(
    stored: StoredSummary, document: Document | None, search: SearchSettings, view: MeetingView
) -> list[Entry]:
    anchors = {item.number: item.anchor for item in view.items}
    return meeting_entries(
        stored.summary,
        document,
        anchors,
        passage_tokens=search.passage_tokens,
        encoding=search.encoding,
    )


def _insert_meeting(conn, key, content_hash, stored, target, document=None, view=None) -> int:
    if stored is None:
        cursor = conn.execute(
            "INSERT INTO meetings (summary_path, content_hash, published) VALUES (?, ?, 0)",
            (key, content_hash),
        )
        return int(cursor.lastrowid)
    from pipeline.render.env import safe_url

    meeting = stored.summary.meeting
    source_href = safe_url(meeting.source_url)
    suffix = Path(stored.summary.provenance.source_path).suffix.lower()
    copied = target.copy_sources and document is not None and suffix in SOURCE_SUFFIXES
    if source_href is None and copied:  # render copies the source beside the page
        source_href = f"{view.path}/source{suffix}"
    cursor = conn.execute(
        "INSERT INTO meetings (summary_path, content_hash, published, council, council_slug,"
        " body, body_slug, date, page_path, source_href, source_indexed)"
        " VALUES (?, ?, 1, ?, ?, ?, ?, ?, ?, ?, ?)",
        (
            key,
            content_hash,
            stored.council,
            slugify(stored.council),
            stored.body,
            slugify(stored.body),
            stored.date.isoformat() if stored.date else None,
            view.href,
            source_href,
            int(document is not None),
        ),
    )
    return int(cursor.lastrowid)


def _row(meeting_id: int, e: Entry) -> tuple:
    return (
        meeting_id,
        e.kind,
        e.item_number,
        e.item_title,
        e.item_kind,
        e.anchor,
        e.text,
        e.title,
        e.context,
        e.speaker,
        e.outcome,
        e.vote,
        e.start,
        e.end,
        e.page,
    )


def _delete(conn: sqlite3.Connection, key: str) -> bool:
    """Forget one summary; True when it had entries (it was published)."""
    row = conn.execute(
        "SELECT id, published FROM meetings WHERE summary_path = ?", (key,)
    ).fetchone()
    if row is None:
        return False
    conn.execute("DELETE FROM entries WHERE meeting_id = ?", (row["id"],))
    conn.execute("DELETE FROM meetings WHERE id = ?", (row["id"],))
    return bool(row["published"])


def _source_document(
    stored: StoredSummary, documents: dict[Path, Document | None]
) -> tuple[Document | None, str | None]:
    """The source the summary was made from, if it is still there and unchanged."""
    from pipeline.ingest import load_document

    source = Path(stored.summary.provenance.source_path)
    if not source.is_absolute():
        candidates = [Path.cwd() / source, stored.folder / source]
        source = next((c for c in candidates if c.is_file()), source)
    if not source.is_file():
        return None, f"{stored.path}: source {source} not found; its text is not searchable"
    key = source.resolve()
    if key not in documents:
        try:
            documents[key] = load_document(source)
        except PipelineError as exc:
            documents[key] = None
            return None, f"{stored.path}: source not readable ({exc}); its text is not searchable"
    document = documents[key]
    if document is None:
        return None, f"{stored.path}: source {source} not readable; its text is not searchable"
    if document.sha256 != stored.summary.provenance.source_sha256:
        # The spans of the summary index the text it was made from, not this one.
        return None, f"{stored.path}: source {source} changed since it was summarised"
    return document, None


def _content_hash(path: Path, target: IndexTarget) -> str:
    digest = hashlib.sha256()
    digest.update(f"v{SCHEMA_VERSION} {target.policy} {target.search.passage_tokens}\n".encode())
    digest.update(path.read_bytes())
    evals = path.parent / EVALS_JSON
    if evals.is_file():  # a draft's evals report decides whether it is published
        digest.update(evals.read_bytes())
    return digest.hexdigest()


def _key(path: Path) -> str:
    return str(path.resolve())


def _under(path: Path, root: Path) -> bool:
    resolved, top = path.resolve(), root.resolve()
    return resolved == top or top in resolved.parents


__all__ = [
    "IndexReport",
    "IndexTarget",
    "SearchIndexError",
    "index_summary",
    "rebuild_index",
    "remove_summary",
    "sync_index",
    "update_index",
]
