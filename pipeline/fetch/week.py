"""``weekly --fetch``: fetch a council's week, and say which document stands for each meeting.

The weekly job summarises one document per meeting. For a fetched meeting that is its
minutes when published (a downloaded minutes document, else a meeting page that carries
the minutes), else its decisions, agenda pack or agenda, else the meeting page. Each comes
with the meeting's page address (our "View on council website" link) and the document's
own address (the source link), which :func:`record_links` writes into its summary.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from pipeline.config import Settings
from pipeline.errors import PipelineError
from pipeline.fetch.models import DocumentResult, FetchReport, MeetingResult
from pipeline.fetch.registry import find_council, load_registry
from pipeline.fetch.run import fetch_council, report_lines
from pipeline.fetch.settings import FetchSettings
from pipeline.store import RECORD_ORDER, record_rank

# What the ingest stage reads (a stored .docx or .bin is kept, but not summarised).
READABLE = {".pdf", ".html", ".htm", ".txt", ".md"}


@dataclass
class FetchedWeek:
    """A fetched week: the documents to summarise and where each was published."""

    report: FetchReport
    # (document, council name): one per meeting, as the weekly job's own picker returns.
    chosen: list[tuple[Path, str]] = field(default_factory=list)
    # str(document) -> {"page": meeting page URL, "source": document URL}
    links: dict[str, dict[str, str]] = field(default_factory=dict)

    @property
    def problems(self) -> list[str]:
        return [
            line.removeprefix("failed: ")
            for line in report_lines(self.report)
            if line.startswith("failed: ")
        ]


def _rank(meeting: MeetingResult, document: DocumentResult) -> float | None:
    """The store's rank of how well ``document`` records its meeting (best first)."""
    if document.status == "failed" or not document.path:
        return None
    if Path(document.path).suffix.lower() not in READABLE:
        return None
    if document.kind == "page":
        # A meeting page holding the minutes comes right after a minutes document; one
        # without them after every kind of document.
        return record_rank("minutes") + 0.5 if meeting.page_has_minutes else len(RECORD_ORDER)
    return record_rank(document.kind) if document.kind in RECORD_ORDER else None


def best_document(meeting: MeetingResult) -> DocumentResult | None:
    """The document that stands for ``meeting`` in the weekly job, if any."""
    if meeting.cancelled:
        return None
    ranked = [
        (r, n, d) for n, d in enumerate(meeting.documents) if (r := _rank(meeting, d)) is not None
    ]
    return min(ranked, key=lambda t: (t[0], t[1]))[2] if ranked else None


def fetch_week(
    settings: Settings, council: str, week: str, *, echo: Callable[[str], None] = print
) -> FetchedWeek:
    """Fetch ``council``'s meetings of ISO ``week`` into the sources store."""
    from pipeline.render.catalog import week_bounds

    config = settings.section("fetch", FetchSettings)
    entry = find_council(load_registry(config.registry), council)
    if entry is None:
        raise PipelineError(
            f"--fetch: {council!r} is not in {config.registry} (run.py councils add)"
        )
    monday, sunday = week_bounds(week)
    report = fetch_council(entry, settings=config, since=monday, until=sunday)
    fetched = FetchedWeek(report=report)
    echo(
        f"fetched: {len(report.meetings)} meetings of {entry.name} in {week} "
        f"({report.downloaded} documents downloaded)"
    )
    for line in report_lines(report):
        echo(f"  {line}")
    for meeting in report.meetings:
        document = best_document(meeting)
        if document is None or document.path is None:
            continue
        fetched.chosen.append((Path(document.path), entry.name))
        fetched.links[document.path] = {"page": meeting.url, "source": document.url}
    return fetched


def record_links(summary_path: Path, links: dict[str, str] | None) -> None:
    """Write the meeting page and source document addresses into a summary."""
    from pipeline.render.catalog import load_summary
    from pipeline.review import save

    if not links:
        return
    summary = load_summary(summary_path)
    meeting = summary.meeting
    if meeting.page_url == links.get("page") and meeting.source_url == links.get("source"):
        return
    meeting.page_url = links.get("page") or meeting.page_url
    meeting.source_url = links.get("source") or meeting.source_url
    save(summary_path, summary)
