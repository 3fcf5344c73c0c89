"""Plain data of the fetch stage: councils, meetings, their documents and the manifest."""

from __future__ import annotations

import datetime as dt
import re
from typing import Literal
from urllib.parse import urlsplit
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from pydantic import BaseModel, Field, field_validator

from pipeline.fetch.kinds import DocumentKind

SLUG = re.compile(r"^[a-z0-9][a-z0-9-]{0,79}$")
DocumentStatus = Literal["new", "unchanged", "failed"]


def http_url(value: str) -> str:
    """``value`` if it is an absolute http(s) URL with a host; raises ValueError otherwise."""
    parts = urlsplit(value.strip())
    if parts.scheme not in ("http", "https") or not parts.hostname:
        raise ValueError(f"{value!r} is not an http(s) address")
    return value.strip()


class Council(BaseModel):
    """One council of the registry (``[[council]]`` in ``config/councils.toml``)."""

    slug: str
    name: str
    platform: str
    base_url: str
    time_zone: str = "Europe/London"
    # Bodies (committees) to follow; empty follows all. Shell-style patterns, any case.
    bodies: list[str] = Field(default_factory=list)
    # Bodies never fetched (checked after ``bodies``).
    skip_bodies: list[str] = Field(default_factory=list)
    # Legistar only: the Web API root (default https://webapi.legistar.com/v1/<client>).
    api_url: str | None = None

    @field_validator("slug")
    @classmethod
    def _slug(cls, value: str) -> str:
        if not SLUG.match(value):
            raise ValueError(f"{value!r}: lower-case letters, digits and hyphens only")
        return value

    @field_validator("name")
    @classmethod
    def _name(cls, value: str) -> str:
        if not value.strip():
            raise ValueError("must not be empty")
        return value.strip()

    @field_validator("base_url", "api_url")
    @classmethod
    def _url(cls, value: str | None) -> str | None:
        return None if value is None else http_url(value).rstrip("/")

    @field_validator("time_zone")
    @classmethod
    def _zone(cls, value: str) -> str:
        try:
            ZoneInfo(value)
        except (ZoneInfoNotFoundError, ValueError):
            raise ValueError(f"{value!r} is not an IANA time zone") from None
        return value

    def today(self) -> dt.date:
        """Today's date where the council sits."""
        return dt.datetime.now(ZoneInfo(self.time_zone)).date()


class DocumentLink(BaseModel):
    """A document a meeting page (or API answer) links to."""

    url: str
    title: str
    kind: DocumentKind
    # What the link promised: a PDF, an HTML page, or nothing in particular.
    expect: Literal["pdf", "html"] | None = None


class Meeting(BaseModel):
    """One meeting found on a council's site, with the documents it links to."""

    council: str
    body: str
    date: dt.date | None
    time: str | None = None
    url: str
    id: str
    cancelled: bool = False
    # The meeting page itself carries the minutes (ModernGov "Agenda and minutes").
    page_has_minutes: bool = False
    documents: list[DocumentLink] = Field(default_factory=list)


class StoredDocument(BaseModel):
    """A manifest entry: one document as stored, with what we need to ask for it again."""

    url: str
    title: str = ""
    kind: DocumentKind = "other"
    path: str
    sha256: str
    size: int
    content_type: str | None = None
    etag: str | None = None
    last_modified: str | None = None
    fetched_at: str


class MeetingManifest(BaseModel):
    """``manifest.json`` beside a meeting's documents."""

    council: str
    council_name: str
    platform: str
    body: str
    date: str
    time: str | None = None
    url: str
    id: str
    cancelled: bool = False
    page_has_minutes: bool = False
    fetched_at: str
    documents: list[StoredDocument] = Field(default_factory=list)

    def entry(self, url: str) -> StoredDocument | None:
        """The stored document fetched from ``url``, if any."""
        return next((d for d in self.documents if d.url == url), None)

    def upsert(self, document: StoredDocument) -> None:
        """Add ``document`` or replace the entry with the same URL."""
        self.documents = [d for d in self.documents if d.url != document.url] + [document]


class DocumentResult(BaseModel):
    """What happened to one document in this run (the ``--json`` contract)."""

    url: str
    path: str | None = None
    sha256: str | None = None
    kind: DocumentKind
    status: DocumentStatus
    error: str | None = None
    title: str = ""
    size: int | None = None
    content_type: str | None = None


class MeetingResult(BaseModel):
    """One meeting of the run (the ``--json`` contract)."""

    council: str
    body: str
    date: str | None
    url: str
    documents: list[DocumentResult] = Field(default_factory=list)
    cancelled: bool = False
    time: str | None = None
    manifest: str | None = None
    error: str | None = None
    page_has_minutes: bool = False

    @property
    def ok(self) -> bool:
        return self.error is None and all(d.status != "failed" for d in self.documents)


class FetchReport(BaseModel):
    """Everything a fetch run did: ``{"meetings": [...], "ok": bool}`` and more."""

    council: str
    platform: str
    since: dt.date
    until: dt.date
    meetings: list[MeetingResult] = Field(default_factory=list)
    errors: list[str] = Field(default_factory=list)
    downloaded: int = 0

    @property
    def ok(self) -> bool:
        return not self.errors and all(m.ok for m in self.meetings)

    def to_json(self) -> dict:
        """The ``--json`` contract (README "Fetch")."""
        return {
            "meetings": [m.model_dump(mode="json") for m in self.meetings],
            "ok": self.ok,
            "council": self.council,
            "platform": self.platform,
            "since": self.since.isoformat(),
            "until": self.until.isoformat(),
            "errors": self.errors,
            "downloaded": self.downloaded,
        }
