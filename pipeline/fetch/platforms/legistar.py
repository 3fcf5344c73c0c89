"""Legistar (Granicus): many US cities and counties, through the public Web API.

``GET {api}/events?$filter=EventDate ge datetime'..' and EventDate lt datetime'..'`` lists
a window's meetings (1000 a page, so ``$top``/``$skip`` page through more); each event
names its minutes and agenda files and its page on the council's InSite calendar
(``EventInSiteURL``, our "View on council website" link). ``GET
{api}/events/{id}/eventitems?AgendaNote=1&MinutesNote=1&Attachments=1`` adds the reports
attached to its agenda items. The API root is ``https://webapi.legistar.com/v1/<client>``,
the client being the first label of the InSite host (``seattle.legistar.com``).
"""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Callable
from pathlib import PurePosixPath
from typing import Any
from urllib.parse import urlencode, urlsplit

from pipeline.fetch.errors import FetchError
from pipeline.fetch.http import PoliteClient
from pipeline.fetch.kinds import classify
from pipeline.fetch.models import Council, DocumentLink, Meeting
from pipeline.fetch.pages import clean, mentions_cancelled, time_in

PAGE_SIZE = 1000
WEB_API = "https://webapi.legistar.com/v1"


def _expect(name: str | None, url: str) -> str | None:
    suffix = PurePosixPath((name or urlsplit(url).path).lower()).suffix
    return "pdf" if suffix == ".pdf" else None


class Legistar:
    """A Legistar client (one council's database) behind the Web API."""

    name = "legistar"
    reads_pages = False

    def __init__(self, council: Council, client: PoliteClient) -> None:
        self.council = council
        self.client = client
        host = urlsplit(council.base_url).hostname or ""
        self.client_name = host.split(".")[0]
        self.api = council.api_url or f"{WEB_API}/{self.client_name}"
        self.problems: list[str] = []

    @staticmethod
    def recognises(url: str, page: str | None) -> bool:
        host = (urlsplit(url).hostname or "").lower()
        if page is None:
            return host.endswith("legistar.com")
        lowered = page.lower()
        return "legistar" in lowered and ("meetingdetail.aspx" in lowered or "granicus" in lowered)

    def _json(self, url: str) -> Any:
        page = self.client.get_page(url, headers={"Accept": "application/json"})
        try:
            return json.loads(page.text)
        except ValueError:
            raise FetchError(url, "the Web API did not answer with JSON") from None

    def find_meetings(
        self, since: dt.date, until: dt.date, wanted: Callable[[str], bool]
    ) -> list[Meeting]:
        window = (
            f"EventDate ge datetime'{since.isoformat()}' and "
            f"EventDate lt datetime'{(until + dt.timedelta(days=1)).isoformat()}'"
        )
        events: list[dict] = []
        skip = 0
        while True:
            url = f"{self.api}/events?" + urlencode(
                {"$filter": window, "$orderby": "EventDate", "$top": PAGE_SIZE, "$skip": skip}
            )
            answer = self._json(url)
            if not isinstance(answer, list):
                raise FetchError(url, "the Web API did not answer with a list of events")
            events += [e for e in answer if isinstance(e, dict)]
            if len(answer) < PAGE_SIZE:
                break
            skip += PAGE_SIZE
        meetings = []
        for event in events:
            meeting = self._meeting(event)
            if meeting and meeting.date and since <= meeting.date <= until and wanted(meeting.body):
                meetings.append(meeting)
        return meetings

    def _meeting(self, event: dict) -> Meeting | None:
        event_id = event.get("EventId")
        try:
            day = dt.date.fromisoformat(str(event.get("EventDate") or "")[:10])
        except ValueError:
            return None
        if event_id is None:
            return None
        statuses = " ".join(
            str(event.get(k) or "")
            for k in ("EventAgendaStatusName", "EventMinutesStatusName", "EventComment")
        )
        documents = []
        for key, kind, title in (
            ("EventMinutesFile", "minutes", "Minutes"),
            ("EventAgendaFile", "agenda", "Agenda"),
        ):
            url = (event.get(key) or "").strip()
            if url:
                documents.append(
                    DocumentLink(url=url, title=title, kind=kind, expect=_expect(None, url))
                )
        page = (
            event.get("EventInSiteURL") or ""
        ).strip() or f"{self.council.base_url}/Calendar.aspx"
        return Meeting(
            council=self.council.slug,
            body=clean(str(event.get("EventBodyName") or "")) or "Meeting",
            date=day,
            time=time_in(str(event.get("EventTime") or "")),
            url=page,
            id=str(event_id),
            cancelled=mentions_cancelled(statuses),
            documents=documents,
        )

    def read_meeting(self, meeting: Meeting, page: bytes | None) -> Meeting:
        if meeting.cancelled:
            return meeting
        url = f"{self.api}/events/{meeting.id}/eventitems?" + urlencode(
            {"AgendaNote": 1, "MinutesNote": 1, "Attachments": 1}
        )
        try:
            items = self._json(url)
        except FetchError as exc:
            self.problems.append(f"{meeting.body} {meeting.date}: agenda items not read: {exc}")
            return meeting
        documents = {d.url: d for d in meeting.documents}
        for item in items if isinstance(items, list) else []:
            for attachment in item.get("EventItemMatterAttachments") or []:
                link = (attachment.get("MatterAttachmentHyperlink") or "").strip()
                if not link or link in documents:
                    continue
                name = attachment.get("MatterAttachmentFileName")
                title = clean(attachment.get("MatterAttachmentName") or name or "Attachment")
                kind = classify(title, link)
                documents[link] = DocumentLink(
                    url=link,
                    title=title,
                    kind=kind if kind == "supplement" else "report",
                    expect=_expect(name, link),
                )
        return meeting.model_copy(update={"documents": list(documents.values())})
