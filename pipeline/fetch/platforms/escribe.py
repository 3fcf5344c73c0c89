"""eScribe (Diligent): many Canadian councils, and some US ones.

Through the calendar page itself: ``MeetingsCalendarView.aspx`` renders its meetings with
its own page method, ``POST MeetingsCalendarView.aspx/GetCalendarMeetings`` with
``{"calendarStartDate", "calendarEndDate"}``, answering ``{"d": [...]}``: each meeting's
``ID``, ``MeetingName``, ``MeetingType``, ``StartDate`` (``2024/09/10 09:30:00``) and its
``MeetingDocumentLink`` list (agenda, agenda package, minutes, as PDF
``FileStream.ashx?DocumentId=..`` or HTML ``Meeting.aspx?Id=..``). We ask it the same
question the page asks, after loading the page as a browser would (it sets the session).
"""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Callable
from urllib.parse import urljoin, urlsplit

from pipeline.fetch.errors import FetchError
from pipeline.fetch.http import PoliteClient
from pipeline.fetch.kinds import classify
from pipeline.fetch.models import Council, DocumentKind, DocumentLink, Meeting
from pipeline.fetch.pages import clean, date_in, mentions_cancelled, time_in

CALENDAR = "MeetingsCalendarView.aspx"


def _kind(kind_name: str, title: str, url: str) -> DocumentKind:
    lowered = kind_name.lower()
    if "minute" in lowered:
        return "minutes"
    if "package" in lowered or "pack" in title.lower():
        return "agenda_pack"
    if "agenda" in lowered:
        return "agenda"
    return classify(title, url)


def _start(value: str) -> tuple[dt.date | None, str | None]:
    value = (value or "").strip()
    for pattern in ("%Y/%m/%d %H:%M:%S", "%Y-%m-%dT%H:%M:%S", "%Y/%m/%d %H:%M"):
        try:
            moment = dt.datetime.strptime(value, pattern)
            return moment.date(), moment.strftime("%H:%M")
        except ValueError:
            continue
    return date_in(value), time_in(value)


class EScribe:
    """An eScribe meetings site (``https://pub-<client>.escribemeetings.com``)."""

    name = "escribe"
    reads_pages = False

    def __init__(self, council: Council, client: PoliteClient) -> None:
        self.council = council
        self.client = client
        self.base = council.base_url.split("/" + CALENDAR)[0]
        self.problems: list[str] = []

    @staticmethod
    def recognises(url: str, page: str | None) -> bool:
        if page is None:
            return "escribemeetings.com" in (urlsplit(url).hostname or "").lower()
        lowered = page.lower()
        return "escribemeetings" in lowered or "meetingscalendarview" in lowered

    def find_meetings(
        self, since: dt.date, until: dt.date, wanted: Callable[[str], bool]
    ) -> list[Meeting]:
        calendar = f"{self.base}/{CALENDAR}"
        self.client.get_page(calendar)
        method = f"{calendar}/GetCalendarMeetings"
        answer = self.client.post_json(
            method,
            {
                "calendarStartDate": since.isoformat(),
                "calendarEndDate": (until + dt.timedelta(days=1)).isoformat(),
            },
            headers={"X-Requested-With": "XMLHttpRequest", "Accept": "application/json"},
        )
        try:
            data = json.loads(answer.text)
            rows = data.get("d", data) if isinstance(data, dict) else data
            if isinstance(rows, str):  # older sites send the list as a JSON string
                rows = json.loads(rows)
        except ValueError:
            raise FetchError(method, "the calendar did not answer with JSON") from None
        if not isinstance(rows, list):
            raise FetchError(method, "the calendar did not answer with a list of meetings")
        meetings = []
        for row in rows:
            meeting = self._meeting(row) if isinstance(row, dict) else None
            if meeting and meeting.date and since <= meeting.date <= until and wanted(meeting.body):
                meetings.append(meeting)
        return meetings

    def _meeting(self, row: dict) -> Meeting | None:
        day, start = _start(str(row.get("StartDate") or ""))
        meeting_id = str(row.get("ID") or "").strip()
        if day is None or not meeting_id:
            return None
        name = clean(str(row.get("MeetingName") or ""))
        documents: dict[str, DocumentLink] = {}
        pages: list[tuple[int, str]] = []
        for link in row.get("MeetingDocumentLink") or []:
            if not isinstance(link, dict) or not link.get("Url"):
                continue
            url = urljoin(self.base + "/", str(link["Url"]).strip())
            kind_name = str(link.get("Type") or "")
            title = clean(str(link.get("Title") or kind_name or "Document"))
            fmt = str(link.get("Format") or "").lower()
            if "video" in kind_name.lower() or "video" in title.lower():
                continue
            kind = _kind(kind_name, title, url)
            expect = "pdf" if "pdf" in fmt else ("html" if "html" in fmt else None)
            documents.setdefault(url, DocumentLink(url=url, title=title, kind=kind, expect=expect))
            if expect == "html":
                pages.append((0 if kind == "minutes" else 1, url))
        page = min(pages)[1] if pages else urljoin(self.base + "/", str(row.get("Url") or CALENDAR))
        return Meeting(
            council=self.council.slug,
            body=clean(str(row.get("MeetingType") or "")) or name or "Meeting",
            date=day,
            time=start,
            url=page,
            id=meeting_id,
            cancelled=mentions_cancelled(name)
            or mentions_cancelled(str(row.get("Description") or "")),
            documents=list(documents.values()),
        )

    def read_meeting(self, meeting: Meeting, page: bytes | None) -> Meeting:
        return meeting
