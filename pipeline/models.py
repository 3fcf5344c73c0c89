"""Plain data passed between stages.

Offsets (``start``/``end``) always index :attr:`Document.text`, the normalised text, as
half-open ``[start, end)`` ranges of Python ``str`` indices (code points).
"""

from __future__ import annotations

from typing import Literal

from pydantic import BaseModel, ConfigDict, Field


class PlainData(BaseModel):
    """Base of the models passed between stages.

    Validators are built on first use rather than at import, so a command loads only what
    it touches (``segment`` never builds the summary models).
    """

    model_config = ConfigDict(defer_build=True)


DocumentFormat = Literal[
    "pdf",
    "html",
    "text",
    "markdown",
    "vtt",
    "srt",
    "transcript-json",
    "transcript-tsv",
    "transcript-text",
]
DocumentKind = Literal[
    "minutes",
    "agenda",
    "agenda_pack",
    "decision",
    "agenda_item",
    "transcript",
    "report",  # an officer's report for an item, or a report of a meeting's actions
    "unknown",
]
ItemKind = Literal["procedural", "substantive"]


class PageSpan(PlainData):
    """Characters ``[start, end)`` of the normalised text that came from one PDF page.

    ``number`` is the 1-based physical page index; ``label`` the number printed on the page
    (e.g. a "Page 7" footer) when the page shows one.
    """

    model_config = ConfigDict(frozen=True)

    number: int
    start: int
    end: int
    label: str | None = None


class Speaker(PlainData):
    """A turn in a transcript: who spoke, when, and which characters hold it."""

    speaker: str | None
    start: int
    end: int
    time_start: float | None = None
    time_end: float | None = None
    continued: bool = Field(
        default=False,
        description="the same (unnamed) speaker goes on: a paragraph cut at a pause or length",
    )


class TimeAnchor(PlainData):
    """Maps a character offset to a timestamp (seconds) in a timed transcript."""

    offset: int
    seconds: float


class LineStyle(BaseModel):
    """Typography of the line of :attr:`Document.text` that begins at ``start``.

    Read from a PDF's fonts and positions (or an OCR engine's word boxes): what tells a
    heading from body text where the characters alone do not.
    """

    model_config = ConfigDict(frozen=True)

    start: int
    size: float = Field(default=0.0, description="font size in points; 0 when unknown")
    bold: int = Field(default=0, description="characters at the line's start set in bold")
    x: float = Field(default=-1.0, description="left edge in points; -1 when unknown")


class MeetingMetadata(PlainData):
    """What the document states about its meeting; ``None`` where it says nothing."""

    council: str | None = None
    body: str | None = None
    date: str | None = Field(default=None, description="YYYY-MM-DD")
    time: str | None = Field(default=None, description="HH:MM, 24-hour")
    venue: str | None = None
    kind: DocumentKind = "unknown"
    title: str | None = None
    attendees: list[str] = Field(default_factory=list)
    apologies: list[str] = Field(default_factory=list)
    urls: dict[str, str] = Field(default_factory=dict, description="e.g. video, source")
    extra: dict[str, str] = Field(
        default_factory=dict, description="Other stated facts, e.g. decision_date, published"
    )


class SuspiciousSpan(PlainData):
    """Characters ``[start, end)`` that read as instructions to an AI, not council business
    (see :mod:`pipeline.ingest.injection`): never evidence for a summary."""

    start: int
    end: int
    score: float
    reason: str


class Document(PlainData):
    """One ingested document: normalised text, page map and metadata."""

    path: str
    format: DocumentFormat
    text: str
    sha256: str = Field(description="sha256 of the normalised text (hex)")
    pages: list[PageSpan] = Field(default_factory=list, description="empty unless paged (PDF)")
    metadata: MeetingMetadata = Field(default_factory=MeetingMetadata)
    turns: list[Speaker] = Field(default_factory=list, description="transcripts only")
    time_anchors: list[TimeAnchor] = Field(default_factory=list, description="transcripts only")
    warnings: list[str] = Field(default_factory=list)
    unreadable_pages: list[int] = Field(
        default_factory=list, description="PDF pages whose text could not be read (damaged)"
    )
    suspicious: list[SuspiciousSpan] = Field(
        default_factory=list, description="text that reads as instructions to an AI"
    )
    layout: list[LineStyle] = Field(
        default_factory=list,
        exclude=True,
        description="typography per line, in text order (PDF, OCR, HTML headings; else empty)",
    )
    ocr_pages: list[int] = Field(
        default_factory=list, description="1-based pages whose text was recognised by OCR"
    )

    def page_at(self, offset: int) -> int | None:
        """The 1-based page holding character ``offset``, or ``None`` for unpaged text."""
        if not self.pages:
            return None
        lo, hi = 0, len(self.pages) - 1
        while lo < hi:
            mid = (lo + hi + 1) // 2
            if self.pages[mid].start <= offset:
                lo = mid
            else:
                hi = mid - 1
        return self.pages[lo].number

    def page_range(self, start: int, end: int) -> tuple[int, int] | None:
        """First and last page of characters ``[start, end)``, or ``None`` for unpaged text."""
        if not self.pages:
            return None
        first = self.page_at(start)
        last = self.page_at(max(start, end - 1))
        assert first is not None and last is not None
        return first, last


class Chunk(PlainData):
    """A token-bounded piece of an item, cut at paragraph boundaries."""

    index: int
    start: int
    end: int
    tokens: int


class AgendaItem(PlainData):
    """One agenda item and the exact characters of the source it covers."""

    number: str
    title: str
    kind: ItemKind
    start: int
    end: int
    pages: tuple[int, int] | None = None
    decisions: list[str] = Field(default_factory=list)
    scheduled_time: str | None = Field(default=None, description='as printed, e.g. "19.05"')
    presenter: str | None = None
    duration: str | None = Field(default=None, description='e.g. "15 Minutes"')
    printed_pages: tuple[int, int] | None = Field(
        default=None, description="page range printed in an order-of-business table"
    )
    parent: str | None = Field(default=None, description="number of the parent item, sub-items")
    chunks: list[Chunk] = Field(default_factory=list)
    truncated: bool = Field(
        default=False, description='the source cuts the text short ("... view the full minutes")'
    )
    time: tuple[float, float] | None = Field(default=None, description="transcripts: seconds")


class Segmentation(PlainData):
    """A document split into agenda items."""

    document: Document
    items: list[AgendaItem]
    warnings: list[str] = Field(default_factory=list)

    def to_contract(self) -> dict:
        """The ``segment --json`` shape other tools rely on (extra keys allowed)."""
        meta = self.document.metadata
        items = []
        for item in self.items:
            entry: dict = {
                "number": item.number,
                "title": item.title,
                "kind": item.kind,
                "start": item.start,
                "end": item.end,
                "pages": list(item.pages) if item.pages else None,
                "decisions": item.decisions,
                "scheduled_time": item.scheduled_time,
                "presenter": item.presenter,
                "duration": item.duration,
                "printed_pages": list(item.printed_pages) if item.printed_pages else None,
                "parent": item.parent,
                "chunks": [c.model_dump() for c in item.chunks],
                "truncated": item.truncated,
            }
            if item.time is not None:
                entry["time"] = list(item.time)
            items.append(entry)
        return {
            "meeting": {
                "body": meta.body,
                "date": meta.date,
                "kind": meta.kind,
                "title": meta.title,
                "council": meta.council,
                "time": meta.time,
                "venue": meta.venue,
                "attendees": meta.attendees,
                "apologies": meta.apologies,
            },
            "source": self.document.path,
            "format": self.document.format,
            "text_sha256": self.document.sha256,
            "ocr": bool(self.document.ocr_pages),
            "items": items,
            "warnings": self.warnings,
        }


# --- Summaries (written by summarise, read by evals, render and digest) -----------------

SUMMARY_SCHEMA_VERSION = 1

Outcome = Literal["agreed", "approved", "rejected", "deferred", "noted", "other"]
ReviewStatus = Literal["draft", "approved", "rejected"]
ItemStatus = Literal["ok", "failed", "skipped"]


class SourceSpan(PlainData):
    """Characters ``[start, end)`` of the source document's normalised text."""

    start: int
    end: int


class SummarySentence(PlainData):
    """One sentence of a summary and the source span(s) it rests on."""

    text: str
    spans: list[SourceSpan] = Field(default_factory=list)


class Quote(PlainData):
    """A verbatim quote, with the speaker where the source names one."""

    text: str
    speaker: str | None = None
    span: SourceSpan | None = None
    time: float | None = Field(default=None, description="seconds into a timed transcript")
    kind: Literal["direct", "reported"] = Field(
        default="direct",
        description=(
            "direct: the speaker's own words (inside quotation marks in the source, or from a "
            "transcript speaker turn); reported: the source's account of what the speaker said "
            "(minutes' reported speech, e.g. 'X replied that ...'), verbatim from the source "
            "but not the speaker's words"
        ),
    )


class Vote(PlainData):
    """How a decision was voted, in the source's own words ("Motion Carried 6-0")."""

    text: str = Field(description='verbatim: "Motion Carried 6-0", "lost by 15 votes to 43"')
    result: Literal["carried", "lost"] | None = None
    votes_for: int | None = None
    votes_against: int | None = None
    abstentions: int | None = None
    unanimous: bool = False
    span: SourceSpan | None = None


class Decision(PlainData):
    """A recorded decision and its outcome."""

    text: str
    outcome: Outcome | None = None
    span: SourceSpan | None = None
    vote: Vote | None = Field(default=None, description="the vote the source records, if any")
    moved_by: str | None = Field(default=None, description="the mover, as the source names them")
    seconded_by: str | None = Field(default=None, description="the seconder, as named")


class Action(PlainData):
    """An action or next step, with its owner when the source names one."""

    text: str
    owner: str | None = None
    span: SourceSpan | None = None
    due: str | None = Field(default=None, description='deadline as stated, e.g. "by March 2025"')


class Figure(PlainData):
    """A figure the source states (money, a percentage, a count) and what it counts."""

    text: str = Field(description='verbatim, e.g. "£1.7m", "12%", "40"')
    counts: str | None = Field(default=None, description='e.g. "forecast overspend", "new homes"')
    span: SourceSpan | None = None


class Usage(PlainData):
    """Token, call and cost accounting (per item and per run)."""

    calls: int = 0
    cache_hits: int = 0
    prompt_tokens: int = 0
    completion_tokens: int = 0
    cost_usd: float = 0.0

    def add(self, other: Usage) -> Usage:
        """The sum of two usages."""
        return Usage(
            calls=self.calls + other.calls,
            cache_hits=self.cache_hits + other.cache_hits,
            prompt_tokens=self.prompt_tokens + other.prompt_tokens,
            completion_tokens=self.completion_tokens + other.completion_tokens,
            cost_usd=round(self.cost_usd + other.cost_usd, 8),
        )


class ItemSummary(PlainData):
    """The summary of one agenda item."""

    number: str
    title: str
    kind: ItemKind
    start: int
    end: int
    pages: tuple[int, int] | None = None
    status: ItemStatus = "ok"
    error: str | None = None
    sentences: list[SummarySentence] = Field(default_factory=list)
    quotes: list[Quote] = Field(default_factory=list)
    decisions: list[Decision] = Field(default_factory=list)
    actions: list[Action] = Field(default_factory=list)
    figures: list[Figure] = Field(
        default_factory=list, description="figures in the item's sentences and decisions"
    )
    usage: Usage = Field(default_factory=Usage)
    duration_s: float = 0.0
    source_truncated: bool = Field(
        default=False, description='the source cuts this item short ("view the full minutes")'
    )
    warnings: list[str] = Field(
        default_factory=list, description="e.g. sentences dropped because no evidence was found"
    )
    unreadable_pages: list[int] = Field(
        default_factory=list,
        description="source pages this item covers or may continue on that could not be read: "
        "its summary may be incomplete",
    )


class Provenance(PlainData):
    """How a summary was made: enough to reproduce or audit it."""

    engine: Literal["extractive", "openai"]
    model: str | None = None
    prompt_id: str | None = None
    prompt_version: int | None = None
    prompt_hash: str | None = None
    params: dict = Field(default_factory=dict)
    source_path: str
    source_sha256: str
    created_at: str
    duration_s: float = 0.0
    usage: Usage = Field(default_factory=Usage)
    run_id: str | None = None
    prompts: dict[str, str] = Field(
        default_factory=dict, description="every prompt used: 'id@vN' -> content hash"
    )


class Review(PlainData):
    """Editorial state of a summary."""

    status: ReviewStatus = "draft"
    by: str | None = None
    at: str | None = None
    note: str | None = None
    edited_by: str | None = Field(default=None, description="last editor of the text")
    edited_at: str | None = Field(default=None, description="when the text was last edited")


class MeetingInfo(PlainData):
    """Meeting facts shown on pages and in digests."""

    council: str | None = None
    body: str | None = None
    date: str | None = None
    time: str | None = None
    venue: str | None = None
    title: str | None = None
    kind: DocumentKind = "unknown"
    source_url: str | None = None
    video_url: str | None = None
    page_url: str | None = None


class MeetingSummary(PlainData):
    """``summary.json``: a meeting's summary with provenance (published as JSON Schema)."""

    schema_version: int = SUMMARY_SCHEMA_VERSION
    meeting: MeetingInfo
    overview: list[SummarySentence] = Field(default_factory=list)
    overview_status: ItemStatus = "ok"
    overview_error: str | None = None
    items: list[ItemSummary] = Field(default_factory=list)
    provenance: Provenance
    review: Review = Field(default_factory=Review)
