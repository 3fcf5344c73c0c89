"""The sources store: ``<store>/<council>/<body>/<date>/`` with a ``manifest.json`` each.

The manifest lists the meeting page's address and, for every document, where it came
from, its sha256, size, content type, the ``ETag``/``Last-Modified`` validators the next run
asks with, when it was fetched and its kind. It is rewritten atomically after every
document, so an interrupted run loses nothing it had finished and the next one resumes.
"""

from __future__ import annotations

import datetime as dt
import json
import re
import threading
from pathlib import Path

from pydantic import ValidationError

from pipeline.fetch.models import Council, Meeting, MeetingManifest, StoredDocument
from pipeline.fileio import write_atomic
from pipeline.render.catalog import slugify

MANIFEST = "manifest.json"


def now_iso() -> str:
    """The current UTC time, to the second, ISO 8601."""
    return dt.datetime.now(dt.UTC).replace(microsecond=0).isoformat()


def read_manifest(folder: Path) -> MeetingManifest | None:
    """The manifest in ``folder``; ``None`` when absent or unreadable (then rebuilt)."""
    path = folder / MANIFEST
    try:
        return MeetingManifest.model_validate_json(path.read_bytes())
    except (OSError, ValueError, ValidationError):
        return None


class MeetingFolder:
    """One meeting's folder and manifest; safe to update from several download threads."""

    def __init__(self, path: Path, manifest: MeetingManifest) -> None:
        self.path = path
        self.manifest = manifest
        self._lock = threading.Lock()
        self._reserved: dict[str, str] = {}

    @property
    def manifest_path(self) -> Path:
        return self.path / MANIFEST

    def stored(self, url: str) -> tuple[StoredDocument | None, Path | None]:
        """The manifest entry for ``url`` and its file, if the file is still there."""
        with self._lock:
            entry = self.manifest.entry(url)
        if entry is None:
            return None, None
        path = self.path / entry.path
        return entry, (path if path.is_file() else None)

    def file_name(self, url: str, title: str, extension: str) -> str:
        """The file name for a document: the one it had, else one made from its title.

        A new name is reserved at once, so two downloads finishing together never share it.
        """
        with self._lock:
            entry = self.manifest.entry(url)
            if entry is not None and Path(entry.path).suffix == extension:
                return entry.path
            reserved = self._reserved.get(url)
            if reserved is not None and Path(reserved).suffix == extension:
                return reserved
            taken = {d.path for d in self.manifest.documents if d.url != url}
            taken |= {n for u, n in self._reserved.items() if u != url} | {MANIFEST}
            stem = slugify(re.sub(r"\s+pdf\s+\d[\d.,]*\s*[kmg]b\b", "", title, flags=re.I))
            stem = stem[:60].strip("-") or "document"
            name, number = f"{stem}{extension}", 2
            while name in taken or (self.path / name).exists():
                name, number = f"{stem}-{number}{extension}", number + 1
            self._reserved[url] = name
            return name

    def record(self, document: StoredDocument) -> None:
        """Add or replace ``document`` in the manifest and write it out."""
        with self._lock:
            self.manifest.upsert(document)
            self._write()

    def save(self) -> None:
        """Write the manifest out (atomically)."""
        with self._lock:
            self._write()

    def _write(self) -> None:
        data = self.manifest.model_dump(mode="json")
        write_atomic(self.manifest_path, json.dumps(data, indent=2, ensure_ascii=False) + "\n")


class Store:
    """Where one council's meetings are kept."""

    def __init__(self, root: Path, council: Council) -> None:
        self.root = root
        self.council = council

    @property
    def council_dir(self) -> Path:
        return self.root / self.council.slug

    def open(self, meeting: Meeting, platform: str) -> MeetingFolder:
        """The folder for ``meeting`` with its manifest (a new one when first seen).

        Two meetings of one body on one day get ``<date>`` and ``<date>-<id>``.
        """
        day = meeting.date.isoformat() if meeting.date else "undated"
        body_dir = self.council_dir / slugify(meeting.body or "meeting")
        folder = body_dir / day
        previous = read_manifest(folder)
        if previous is not None and previous.url != meeting.url and previous.id != meeting.id:
            folder = body_dir / f"{day}-{slugify(meeting.id)}"
            previous = read_manifest(folder)
        manifest = MeetingManifest(
            council=self.council.slug,
            council_name=self.council.name,
            platform=platform,
            body=meeting.body,
            date=day,
            time=meeting.time,
            url=meeting.url,
            id=meeting.id,
            cancelled=meeting.cancelled,
            page_has_minutes=meeting.page_has_minutes,
            fetched_at=now_iso(),
            # Nothing fetched before is forgotten, even if the page no longer links it.
            documents=previous.documents if previous else [],
        )
        return MeetingFolder(folder, manifest)
