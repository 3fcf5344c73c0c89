"""The sources folder and its manifest: which meeting each file records, without reading
it again.

A weekly run must know every file's meeting (body, date, council) to pick the week's, but
reading and normalising a PDF is the slowest thing the job does. The manifest
(``<[paths] cache>/sources.json``) records what each file's content says, keyed by the
sha256 of its bytes; a file whose size and modification time are those recorded is
taken at its word (as ``git status`` does), so a run reads only new or changed files.
Facts recorded by other reader code are dropped: the manifest holds the fingerprint of
the ingest package it was made with.

The manifest also remembers each meeting a run finished (:class:`Done`): the summary and
evals files it left and the settings and code it used. A meeting whose files and inputs
are all as recorded is finished already, and a re-run costs a few ``stat`` calls.
"""

from __future__ import annotations

import contextlib
import hashlib
import json
from pathlib import Path

from pydantic import BaseModel, Field, ValidationError

from pipeline.fileio import write_atomic
from pipeline.models import Document

MANIFEST_NAME = "sources.json"
MANIFEST_VERSION = 1
#: Characters of a document kept to find a council it names without stating it.
HEAD_CHARS = 4000


class SourceFacts(BaseModel):
    """What a file's content says about its meeting (or why it cannot be read)."""

    kind: str = "unknown"
    body: str | None = None
    date: str | None = None
    council: str | None = None
    #: The first characters of the text, kept only when the document states no council.
    head: str | None = None
    error: str | None = None


class Done(BaseModel):
    """A meeting a run finished: the files it left, and what they were made with."""

    key: str = Field(description="hash of the settings and code the task ran with")
    summary: str
    files: dict[str, tuple[int, int]] = Field(description="path -> (size, mtime_ns)")
    evals: dict | None = None


def facts_of(document: Document) -> SourceFacts:
    """The :class:`SourceFacts` of an ingested document."""
    meta = document.metadata
    return SourceFacts(
        kind=meta.kind,
        body=meta.body,
        date=meta.date,
        council=meta.council,
        head=None if meta.council else document.text[:HEAD_CHARS],
    )


def read_source(path: str) -> tuple[str, SourceFacts, Document | None]:
    """Read one file: the sha256 of its bytes, its facts, and the document (``None`` when
    unreadable; the facts then say why)."""
    from pipeline.ingest import load_document
    from pipeline.limits import describe_failure

    try:
        digest = hashlib.sha256(Path(path).read_bytes()).hexdigest()
    except OSError as exc:
        return "", SourceFacts(error=f"cannot read: {exc.strerror}"), None
    try:
        document = load_document(path)
    except Exception as exc:  # one bad file never stops the week: skipped, reported
        return digest, SourceFacts(error=describe_failure(exc)), None
    return digest, facts_of(document), document


def code_fingerprint(*folders: str) -> str:
    """A hash of the files under ``folders`` of the project (e.g. ``"pipeline/ingest"``):
    code, templates and prompts, so that work made by other code is not taken as done."""
    root = Path(__file__).resolve().parent.parent
    digest = hashlib.sha256()
    for folder in folders:
        for path in sorted((root / folder).rglob("*")):
            if path.is_file() and "__pycache__" not in path.parts and path.suffix != ".pyc":
                digest.update(str(path.relative_to(root)).encode())
                digest.update(path.read_bytes())
    return digest.hexdigest()


class _Stored(BaseModel):
    version: int = MANIFEST_VERSION
    readers: str = ""
    files: dict[str, tuple[int, int, str]] = Field(default_factory=dict)
    facts: dict[str, SourceFacts] = Field(default_factory=dict)
    done: dict[str, Done] = Field(default_factory=dict)


class Manifest:
    """The manifest of source files (see the module docstring); ``path=None`` keeps it in
    memory only."""

    def __init__(self, path: Path | None) -> None:
        self.path = path
        self.readers = code_fingerprint("pipeline/ingest")
        self._data = _Stored(readers=self.readers)
        self._changed = False
        if path is not None and path.is_file():
            try:
                stored = _Stored.model_validate_json(path.read_bytes())
            except (OSError, ValidationError):
                stored = None  # a cache: start again
            if stored and stored.version == MANIFEST_VERSION and stored.readers == self.readers:
                self._data = stored

    def known(self, path: Path) -> tuple[str, SourceFacts] | None:
        """The sha256 and facts recorded for ``path`` if it is unchanged since, else ``None``."""
        entry = self._data.files.get(str(path.resolve()))
        if entry is None:
            return None
        try:
            stat = path.stat()
        except OSError:
            return None
        size, mtime, digest = entry
        facts = self._data.facts.get(digest)
        if (stat.st_size, stat.st_mtime_ns) != (size, mtime) or facts is None:
            return None
        return digest, facts

    def record(self, path: Path, digest: str, facts: SourceFacts) -> None:
        """Remember what ``path`` (as it is now, content ``digest``) says."""
        if not digest:
            return
        try:
            stat = path.stat()
        except OSError:
            return
        self._data.files[str(path.resolve())] = (stat.st_size, stat.st_mtime_ns, digest)
        self._data.facts[digest] = facts
        self._changed = True

    def finished(self, digest: str, key: str) -> Done | None:
        """The record of the meeting of content ``digest`` if a run finished it with ``key``
        and every file it left is as that run left it."""
        done = self._data.done.get(digest)
        if done is None or done.key != key:
            return None
        for name, stamp in done.files.items():
            try:
                stat = Path(name).stat()
            except OSError:
                return None
            if (stat.st_size, stat.st_mtime_ns) != tuple(stamp):
                return None
        return done

    def finish(
        self, digest: str, key: str, summary: str, files: list[Path], evals: dict | None
    ) -> None:
        """Remember that the meeting of content ``digest`` is finished (see :meth:`finished`)."""
        stamps = {}
        for path in files:
            try:
                stat = path.stat()
            except OSError:
                return  # not finished after all: the next run does the work
            stamps[str(path.resolve())] = (stat.st_size, stat.st_mtime_ns)
        self._data.done[digest] = Done(key=key, summary=summary, files=stamps, evals=evals)
        self._changed = True

    def forget(self, digest: str) -> None:
        """The meeting of content ``digest`` is not finished (a task failed or was redone)."""
        if self._data.done.pop(digest, None) is not None:
            self._changed = True

    def all_facts(self) -> list[SourceFacts]:
        """What every recorded file says about its meeting."""
        return list(self._data.facts.values())

    def save(self) -> None:
        """Write the manifest (atomically) if anything changed."""
        if self.path is None or not self._changed:
            return
        with contextlib.suppress(OSError):  # a cache: the next run reads the files again
            write_atomic(self.path, self._data.model_dump_json())
        self._changed = False


def task_key(payload: object) -> str:
    """A stable hash of the settings a task runs with (JSON-able ``payload``)."""
    text = json.dumps(payload, sort_keys=True, default=str)
    return hashlib.sha256(text.encode("utf-8")).hexdigest()
