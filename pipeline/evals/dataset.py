"""The labelled evals dataset: JSONL records of summaries, faithful or with one injected error.

Format (one JSON object per line; ``evals/datasets/README.md`` has the details):

``id``        unique record id
``source``    the source document, relative to the dataset file (or absolute)
``split``     ``dev`` (used while building the checker) or ``test`` (held out)
``summary``   the summary text (Markdown / plain text), or ``summary_path`` to a file
``kind``      ``null`` for a faithful summary, else the injected error's kind
``target``    the injected sentence as it appears in the summary (``null`` when faithful)
``note``      what was changed, for humans
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Literal

from pydantic import BaseModel, ValidationError

from pipeline.errors import InputError

ErrorKind = Literal[
    "figure",
    "name",
    "fabricated_quote",
    "misattributed_quote",
    "decision",
    "invented",
    "negation",
    "date",
    "speaker",
]
ERROR_KINDS: tuple[str, ...] = ErrorKind.__args__  # type: ignore[attr-defined]
DATASETS_DIR = Path(__file__).resolve().parents[2] / "evals" / "datasets"
DEFAULT_DATASET = DATASETS_DIR / "corpus-v1.jsonl"


def default_datasets() -> list[Path]:
    """What ``evals run`` scores with no argument: every labelled set of the project
    (corpus-v1 first), then SummEdits where the shared corpus lies beside the project."""
    from pipeline.evals.summedits import DEFAULT_DIR

    found = sorted(DATASETS_DIR.glob("*.jsonl"), key=lambda p: (p != DEFAULT_DATASET, p.name))
    if DEFAULT_DIR.is_dir():
        found.append(DEFAULT_DIR)
    return found


class Record(BaseModel):
    """One summary of the dataset."""

    id: str
    source: str
    split: Literal["dev", "test"] = "test"
    summary: str | None = None
    summary_path: str | None = None
    format: Literal["text", "markdown", "html", "json"] = "markdown"
    kind: ErrorKind | None = None
    target: str | None = None
    note: str | None = None


def load_dataset(path: str | Path) -> tuple[list[Record], Path]:
    """Records of the JSONL file at ``path`` (a directory means its ``*.jsonl`` files)."""
    path = Path(path)
    if not path.exists():
        raise InputError(path, "no such dataset")
    files = sorted(path.glob("*.jsonl")) if path.is_dir() else [path]
    if not files:
        raise InputError(path, "no .jsonl files in the dataset directory")
    records: list[Record] = []
    for file in files:
        try:
            lines = file.read_text(encoding="utf-8").splitlines()
        except (OSError, UnicodeDecodeError) as exc:
            raise InputError(file, f"cannot read: {exc}") from None
        for n, line in enumerate(lines, start=1):
            if not line.strip():
                continue
            try:
                record = Record.model_validate(json.loads(line))
            except (json.JSONDecodeError, ValidationError) as exc:
                msg = str(exc).splitlines()[0]
                raise InputError(file, f"line {n}: bad record: {msg}") from None
            if record.summary is None and record.summary_path is None:
                raise InputError(file, f"line {n}: record {record.id} has no summary")
            if record.kind is not None and not record.target:
                raise InputError(file, f"line {n}: injected record {record.id} has no target")
            records.append(record)
    if not records:
        raise InputError(path, "empty dataset")
    base = path if path.is_dir() else path.parent
    return records, base
