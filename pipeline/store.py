"""The summary store: where a meeting's files live, how they are written and read, and which
document's summary a meeting keeps.

A meeting's folder is ``<summaries>/<body-slug>/<date>/`` (``undated-<source file name>``
for a document that states no date, so two undated pages of one body never overwrite each
other). It holds ``summary.json`` (a :class:`~pipeline.models.MeetingSummary`),
``document.json`` (the source as the summary's offsets index it: normalised text and page
map, so pages can cite the page or passage of each sentence), and, once checked,
``evals.json``, ``evals.html`` and ``evals.stamp``. Writes are atomic: a
half-written summary never replaces a good one.

The JSON Schema of ``summary.json`` is published as ``docs/summary.schema.json``;
``python -m pipeline.store`` rewrites it after a model change (a test checks it is current).
"""

from __future__ import annotations

import json
import sys
from datetime import UTC, datetime
from pathlib import Path

from pydantic import BaseModel, ValidationError

from pipeline.errors import InputError
from pipeline.fileio import write_atomic
from pipeline.models import Document, MeetingInfo, MeetingSummary
from pipeline.text import slugify

SCHEMA_PATH = Path(__file__).resolve().parent.parent / "docs" / "summary.schema.json"
SUMMARY_NAME = "summary.json"
EVALS_JSON = "evals.json"
EVALS_HTML = "evals.html"
EVALS_STAMP = "evals.stamp"
DOCUMENT_JSON = "document.json"


class PathsSettings(BaseModel):
    """The ``[paths]`` config section: where the pipeline keeps its files."""

    summaries: str = "summaries"
    #: Caches that save work between runs (the sources manifest).
    cache: str = ".cache/council-digest"


# --- which document best records a meeting ----------------------------------------------

# Best first. Minutes are the meeting's record; a transcript records what was said but no
# formal resolutions; a decision notice records decisions only; an agenda item page one
# item; an agenda (pack) what was planned before the meeting happened.
RECORD_ORDER = ("minutes", "transcript", "decision", "agenda_item", "agenda_pack", "agenda")


def record_rank(kind: str) -> int:
    """How well a document of ``kind`` records its meeting: 0 is best, unknown kinds last."""
    return RECORD_ORDER.index(kind) if kind in RECORD_ORDER else len(RECORD_ORDER)


def run_started() -> str:
    """Now, as a summary's ``created_at`` records it (UTC, to the second): taken once when a
    run starts, so that every summary of the run records the same time."""
    return datetime.now(UTC).isoformat(timespec="seconds")


# --- locations --------------------------------------------------------------------------


def meeting_dir(out_dir: str | Path, meeting: MeetingInfo, source_path: str) -> Path:
    """``out_dir/<body-slug>/<date>`` for a meeting (body, else council, else the source
    file's name); ``undated-<source-slug>`` when the document states no date."""
    name = meeting.body or meeting.council or Path(source_path).stem
    when = meeting.date or f"undated-{slugify(Path(source_path).stem)}"
    return Path(out_dir) / slugify(name) / when


def summary_dir(out_dir: str | Path, summary: MeetingSummary) -> Path:
    """The folder of a meeting's summary (and, later, its page)."""
    return meeting_dir(out_dir, summary.meeting, summary.provenance.source_path)


def summary_path(out_dir: str | Path, summary: MeetingSummary) -> Path:
    """``out_dir/<body-slug>/<date or undated-<source>>/summary.json``."""
    return summary_dir(out_dir, summary) / SUMMARY_NAME


def find_summaries(root: Path) -> list[Path]:
    """Every ``summary.json`` under ``root`` (sorted, so output order is stable)."""
    if root.is_file():
        return [root]
    if not root.is_dir():
        return []
    return sorted(root.rglob(SUMMARY_NAME))


def resolve_summary(root: Path, ref: str) -> Path:
    """A summary named by path, folder, or ``body-slug/date`` under ``root``."""
    for candidate in (Path(ref), root / ref):
        if candidate.is_file():
            return candidate
        if (candidate / SUMMARY_NAME).is_file():
            return candidate / SUMMARY_NAME
    raise InputError(ref, f"no summary.json there or under {root}")


# --- reading and writing ----------------------------------------------------------------


def to_json(summary: MeetingSummary) -> str:
    """The ``summary.json`` text: indented, UTF-8, newline-terminated."""
    return json.dumps(summary.model_dump(mode="json"), indent=2, ensure_ascii=False) + "\n"


def save(path: str | Path, summary: MeetingSummary) -> Path:
    """Write ``summary`` to ``path`` atomically."""
    return write_atomic(path, to_json(summary))


def save_summary(out_dir: str | Path, summary: MeetingSummary) -> Path:
    """Write ``summary`` atomically to its :func:`summary_path`; returns the path."""
    return save(summary_path(out_dir, summary), summary)


def load_summary(path: str | Path) -> MeetingSummary:
    """Read and validate a ``summary.json``; a missing or bad file raises :class:`InputError`."""
    from pipeline.limits import read_regular_file

    path = Path(path)
    data = read_regular_file(path, what="summary.json")  # only a regular file, size-limited
    return validate_summary(data, path)


def validate_summary(data: bytes | str | object, path: str | Path) -> MeetingSummary:
    """A :class:`MeetingSummary` from JSON text or parsed JSON read from ``path``.

    A summary that does not fit the schema raises :class:`InputError` naming the first
    field at fault.
    """
    try:
        if isinstance(data, bytes | str):
            return MeetingSummary.model_validate_json(data)
        return MeetingSummary.model_validate(data)
    except ValidationError as exc:
        first = exc.errors()[0]
        where = ".".join(str(p) for p in first["loc"]) or "document"
        raise InputError(path, f"not a valid summary.json ({where}: {first['msg']})") from None


def load_existing(path: str | Path) -> MeetingSummary | None:
    """The summary at ``path`` if there is a valid one, else ``None`` (it will be redone)."""
    try:
        return load_summary(path)
    except InputError:
        return None


def save_document(folder: str | Path, document: Document) -> Path | None:
    """Write ``document.json`` beside a summary unless it already holds this document's text
    (same sha256); returns the path when written."""
    path = Path(folder) / DOCUMENT_JSON
    existing = load_document_json(folder)
    if existing is not None and existing.sha256 == document.sha256:
        return None
    return write_atomic(path, document.model_dump_json() + "\n")


def load_document_json(folder: str | Path) -> Document | None:
    """The ``document.json`` beside a summary, or ``None`` when absent or unreadable."""
    path = Path(folder) / DOCUMENT_JSON
    try:
        return Document.model_validate_json(path.read_bytes())
    except (OSError, ValidationError, ValueError):
        return None


# --- the published schema ---------------------------------------------------------------


def schema_json() -> str:
    """The JSON Schema of ``summary.json`` as published in ``docs/summary.schema.json``."""
    schema = MeetingSummary.model_json_schema()
    schema["$schema"] = "https://json-schema.org/draft/2020-12/schema"
    schema["$id"] = "https://council-digest.invalid/summary.schema.json"
    return json.dumps(schema, indent=2, ensure_ascii=False, sort_keys=True) + "\n"


def write_schema(path: str | Path = SCHEMA_PATH) -> Path:
    """Rewrite the published schema (after a change to :mod:`pipeline.models`)."""
    return write_atomic(path, schema_json())


if __name__ == "__main__":  # python -m pipeline.store
    print(write_schema(sys.argv[1] if len(sys.argv) > 1 else SCHEMA_PATH))
