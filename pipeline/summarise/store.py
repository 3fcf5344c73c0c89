"""Where summaries live: ``<out>/<body-slug>/<date>/summary.json``.

A document that states no date goes to ``undated-<source file name>`` instead, so two
undated pages of one body (e.g. two single "Agenda item" pages) never overwrite each other.

Writes are atomic (a half-written summary never replaces a good one). The JSON Schema of
``summary.json`` is published as ``docs/summary.schema.json``; ``python -m
pipeline.summarise.store`` rewrites it after a model change, and a test checks it is current.
"""

from __future__ import annotations

import json
import re
import sys
import unicodedata
from pathlib import Path

from pydantic import ValidationError

from pipeline.errors import InputError
from pipeline.fileio import write_atomic
from pipeline.models import MeetingInfo, MeetingSummary

SCHEMA_PATH = Path(__file__).resolve().parent.parent.parent / "docs" / "summary.schema.json"
SUMMARY_NAME = "summary.json"


def slugify(text: str) -> str:
    """``"Children & Young People's Commission"`` -> ``"children-young-peoples-commission"``."""
    ascii_text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode("ascii")
    ascii_text = re.sub(r"['’]", "", ascii_text.lower())
    return re.sub(r"[^a-z0-9]+", "-", ascii_text).strip("-") or "meeting"


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


def to_json(summary: MeetingSummary) -> str:
    """The ``summary.json`` text: indented, UTF-8, newline-terminated."""
    return json.dumps(summary.model_dump(mode="json"), indent=2, ensure_ascii=False) + "\n"


def save_summary(out_dir: str | Path, summary: MeetingSummary) -> Path:
    """Write ``summary`` atomically to its :func:`summary_path`; returns the path."""
    return write_atomic(summary_path(out_dir, summary), to_json(summary))


def load_summary(path: str | Path) -> MeetingSummary:
    """Read and validate a ``summary.json``; bad files raise :class:`InputError`."""
    path = Path(path)
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        raise InputError(path, "no such file") from None
    except (OSError, UnicodeDecodeError, json.JSONDecodeError) as exc:
        raise InputError(path, f"not a readable summary.json: {exc}") from None
    try:
        return MeetingSummary.model_validate(data)
    except ValidationError as exc:
        first = exc.errors()[0]
        where = ".".join(str(p) for p in first["loc"])
        raise InputError(path, f"not a valid summary.json: {where}: {first['msg']}") from None


def load_existing(path: str | Path) -> MeetingSummary | None:
    """The summary at ``path`` if there is a valid one, else ``None`` (it will be redone)."""
    try:
        return load_summary(path)
    except InputError:
        return None


def schema_json() -> str:
    """The JSON Schema of ``summary.json`` as published in ``docs/summary.schema.json``."""
    schema = MeetingSummary.model_json_schema()
    schema["$schema"] = "https://json-schema.org/draft/2020-12/schema"
    schema["$id"] = "https://council-digest.invalid/summary.schema.json"
    return json.dumps(schema, indent=2, ensure_ascii=False, sort_keys=True) + "\n"


def write_schema(path: str | Path = SCHEMA_PATH) -> Path:
    """Rewrite the published schema (after a change to :mod:`pipeline.models`)."""
    return write_atomic(path, schema_json())


if __name__ == "__main__":  # python -m pipeline.summarise.store
    print(write_schema(sys.argv[1] if len(sys.argv) > 1 else SCHEMA_PATH))
