"""A fetch run: one council, one window of dates.

The platform lists the window's meetings; each meeting gets its folder and manifest; a
platform that publishes meeting pages has each page fetched (conditionally, like every
document), stored and read for its documents; then every document is fetched, most
valuable first across all meetings (minutes, decisions, agenda packs, ...), a few at a
time within the per-host limits. A failure is one line on its meeting or document and the
rest of the run goes on; nothing stored before is ever deleted.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

from pipeline.fetch.errors import FetchError
from pipeline.fetch.http import PoliteClient
from pipeline.fetch.kinds import priority
from pipeline.fetch.models import (
    Council,
    DocumentLink,
    DocumentResult,
    FetchReport,
    Meeting,
    MeetingResult,
    StoredDocument,
)
from pipeline.fetch.platforms import PLATFORMS
from pipeline.fetch.registry import follows
from pipeline.fetch.settings import FetchSettings
from pipeline.fetch.store import MeetingFolder, Store, now_iso

Progress = Callable[[int, int], None]  # (documents done, documents in all)


def fetch_document(
    client: PoliteClient, folder: MeetingFolder, link: DocumentLink
) -> DocumentResult:
    """Fetch one document into its meeting's folder, conditionally when we hold a copy."""
    entry, existing = folder.stored(link.url)
    held = entry if existing is not None else None
    try:
        got = client.download(
            link.url,
            folder.path,
            lambda extension: folder.file_name(link.url, link.title, extension),
            etag=held.etag if held else None,
            last_modified=held.last_modified if held else None,
            expect=link.expect,
            known_sha256=held.sha256 if held else None,
        )
    except FetchError as exc:
        return DocumentResult(
            url=link.url,
            path=str(existing) if existing else None,
            sha256=held.sha256 if held else None,
            kind=link.kind,
            status="failed",
            error=exc.message,
            title=link.title,
        )
    if got.status == "unchanged":
        if held is None or existing is None:
            return DocumentResult(
                url=link.url,
                kind=link.kind,
                status="failed",
                error="answered 304 Not Modified for a document we do not hold",
                title=link.title,
            )
        record = held.model_copy(
            update={
                "title": link.title or held.title,
                "kind": link.kind,
                "etag": got.etag or held.etag,
                "last_modified": got.last_modified or held.last_modified,
                "fetched_at": now_iso(),
            }
        )
        path = existing
    else:
        assert got.path is not None and got.sha256 is not None and got.size is not None
        record = StoredDocument(
            url=link.url,
            title=link.title,
            kind=link.kind,
            path=got.path.name,
            sha256=got.sha256,
            size=got.size,
            content_type=got.content_type,
            etag=got.etag,
            last_modified=got.last_modified,
            fetched_at=now_iso(),
        )
        path = got.path
    folder.record(record)
    return DocumentResult(
        url=link.url,
        path=str(path),
        sha256=record.sha256,
        kind=link.kind,
        status=got.status,
        title=record.title,
        size=record.size,
        content_type=record.content_type,
    )


def fetch_council(
    council: Council,
    *,
    settings: FetchSettings,
    since: dt.date,
    until: dt.date,
    body: str | None = None,
    out: str | Path | None = None,
    client: PoliteClient | None = None,
    progress: Progress | None = None,
) -> FetchReport:
    """Fetch ``council``'s meetings dated ``since``..``until`` into the store."""
    report = FetchReport(council=council.slug, platform=council.platform, since=since, until=until)
    own_client = client is None
    client = client or PoliteClient(settings)
    try:
        platform = PLATFORMS[council.platform](council, client)
        try:
            meetings = platform.find_meetings(
                since, until, lambda name: follows(council, name, body)
            )
        except FetchError as exc:
            report.errors.append(f"{council.slug}: meetings not listed: {exc}")
            return report
        store = Store(Path(out or settings.store), council)
        jobs: list[tuple[int, int, MeetingFolder, DocumentLink, MeetingResult]] = []
        for number, meeting in enumerate(sorted(meetings, key=lambda m: (m.date, m.body, m.id))):
            folder, result, links = _open_meeting(client, platform, store, meeting)
            report.meetings.append(result)
            for link in links:
                if link.kind in settings.kinds:
                    jobs.append((priority(link.kind), number, folder, link, result))
        jobs.sort(key=lambda job: (job[0], job[1]))
        _run_jobs(client, settings, jobs, progress)
        for result in report.meetings:
            result.documents.sort(key=lambda d: (d.kind != "page", priority(d.kind)))
        report.errors += platform.problems
        report.downloaded = client.transfers
        return report
    finally:
        if own_client:
            client.close()


def _open_meeting(
    client: PoliteClient, platform, store: Store, meeting: Meeting
) -> tuple[MeetingFolder, MeetingResult, list[DocumentLink]]:
    """Open a meeting's folder, fetch and read its page; the documents left to fetch."""
    folder = store.open(meeting, platform.name)
    result = MeetingResult(
        council=meeting.council,
        body=meeting.body,
        date=meeting.date.isoformat() if meeting.date else None,
        url=meeting.url,
        time=meeting.time,
        cancelled=meeting.cancelled,
        manifest=str(folder.manifest_path),
    )
    if meeting.cancelled:
        folder.save()
        return folder, result, []
    page: bytes | None = None
    if platform.reads_pages:
        page_link = DocumentLink(url=meeting.url, title="Meeting page", kind="page", expect="html")
        page_result = fetch_document(client, folder, page_link)
        result.documents.append(page_result)
        if page_result.status == "failed" or page_result.path is None:
            result.error = f"meeting page not fetched: {page_result.error}"
            folder.save()
            return folder, result, []
        page = Path(page_result.path).read_bytes()
    meeting = platform.read_meeting(meeting, page)
    folder.manifest.cancelled = result.cancelled = meeting.cancelled
    folder.manifest.time = result.time = meeting.time
    folder.manifest.page_has_minutes = result.page_has_minutes = meeting.page_has_minutes
    folder.save()
    if meeting.cancelled:
        return folder, result, []
    # A page already stored as the meeting page is not fetched a second time.
    return folder, result, [d for d in meeting.documents if page is None or d.url != meeting.url]


def _run_jobs(
    client: PoliteClient,
    settings: FetchSettings,
    jobs: list[tuple[int, int, MeetingFolder, DocumentLink, MeetingResult]],
    progress: Progress | None,
) -> None:
    total = len(jobs)
    if progress:
        progress(0, total)
    if not jobs:
        return
    with ThreadPoolExecutor(max_workers=settings.concurrency) as pool:
        futures = [
            (pool.submit(fetch_document, client, folder, link), result)
            for _p, _n, folder, link, result in jobs
        ]
        for done, (future, result) in enumerate(futures, start=1):
            result.documents.append(future.result())
            if progress:
                progress(done, total)


def report_lines(report: FetchReport) -> list[str]:
    """The run in lines for people: one per meeting, one per failure."""
    lines = []
    for meeting in report.meetings:
        head = f"{meeting.date or 'undated'} {meeting.body}"
        if meeting.cancelled:
            lines.append(f"{head}: cancelled  {meeting.url}")
            continue
        if meeting.error:
            lines.append(f"failed: {head}: {meeting.error}")
            continue
        counts = {s: sum(d.status == s for d in meeting.documents) for s in ("new", "unchanged")}
        failed = [d for d in meeting.documents if d.status == "failed"]
        lines.append(
            f"{head}: {len(meeting.documents)} documents ({counts['new']} new, "
            f"{counts['unchanged']} unchanged{f', {len(failed)} failed' if failed else ''})"
            f"  {meeting.url}"
        )
        lines += [f"failed: {head}: {d.url}: {d.error}" for d in failed]
    lines += [f"failed: {problem}" for problem in report.errors]
    return lines
