"""CMIS (Civica CMIS, a DotNetNuke module): some UK councils.

Through the plain server-rendered views of the site's meetings module: the council's
meetings page names the module (``dnn$ctr<id>$MeetingCalendarPublic...``); its list view
(``?ctl=MeetingCalendarListView&mid=<id>``) links meetings in DNN's path form, which gives
the ``tabid`` to reach the no-JavaScript month calendar
(``.../tabid/<t>/ctl/MeetingCalendarPublicNoJava/mid/<id>/Date/<yyyy-mm-dd>/Default.aspx``)
for any month. Each meeting page (``.../Meeting/<id>/Committee/<id>/...``) labels its
status and lists its documents (``li.DocumentListItem a.TitleLink`` to ``Document.ashx``).
When no month link can be built, the list view (the current month) is all there is.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable
from urllib.parse import urljoin, urlsplit

from lxml import etree

from pipeline.fetch.errors import FetchError
from pipeline.fetch.http import Page, PoliteClient
from pipeline.fetch.kinds import classify
from pipeline.fetch.models import Council, DocumentLink, Meeting
from pipeline.fetch.pages import (
    body_name,
    date_in,
    links,
    mentions_cancelled,
    months_between,
    parse_html,
    text_of,
    time_in,
)

MODULE = re.compile(r"dnn\$ctr(\d+)\$MeetingCalendarPublic\w*\$")
MEETING_LINK = re.compile(r"/Meeting/(?P<meeting>\d+)/Committee/(?P<committee>\d+)/", re.I)
TEMPLATE = re.compile(r"^(?P<prefix>.*?/tabid/\d+)/ctl/\w+/(?P<mid>mid/\d+)/", re.I)
DAY_CELL = re.compile(
    r"^\w+day,?\s+(?P<day>\d{1,2})\s+(?P<month>[A-Za-z]+)(?:\s+(?P<year>\d{4}))?$"
)
MARKERS = ("meetingcalendarpublic", "modcmismeetings", "cmisdocumentlist", "cmis.uk.com")


class Cmis:
    """A CMIS site; ``base_url`` is its meetings page."""

    name = "cmis"
    reads_pages = True

    def __init__(self, council: Council, client: PoliteClient) -> None:
        self.council = council
        self.client = client
        self.problems: list[str] = []

    @staticmethod
    def recognises(url: str, page: str | None) -> bool:
        if page is None:
            parts = urlsplit(url)
            return "cmis" in (parts.hostname or "").lower() or "cmis" in parts.path.lower()
        lowered = page.lower()
        return any(marker in lowered for marker in MARKERS)

    def find_meetings(
        self, since: dt.date, until: dt.date, wanted: Callable[[str], bool]
    ) -> list[Meeting]:
        base = self.council.base_url
        front = self.client.get_page(base)
        module = MODULE.search(front.text)
        if module is None:
            raise FetchError(base, "no CMIS meetings calendar on this page")
        separator = "&" if "?" in base else "?"
        listing = self.client.get_page(
            f"{base}{separator}ctl=MeetingCalendarListView&mid={module.group(1)}"
        )
        template = self._calendar_prefix(listing)
        found: dict[str, Meeting] = {}
        if template is None:
            pages = [(listing, None)]
        else:
            pages = []
            for month in months_between(since, until):
                url = f"{template}/Date/{month.isoformat()}/Default.aspx"
                try:
                    pages.append((self.client.get_page(url), month))
                except FetchError as exc:
                    self.problems.append(f"calendar month {month:%Y-%m} not read: {exc}")
        for page, month in pages:
            for meeting in self._linked_meetings(page, month):
                found.setdefault(meeting.id, meeting)
        return [
            m
            for m in found.values()
            if m.date is not None and since <= m.date <= until and wanted(m.body)
        ]

    @staticmethod
    def _calendar_prefix(listing: Page) -> str | None:
        """``.../tabid/<t>/ctl/MeetingCalendarPublicNoJava/mid/<id>`` from a meeting link."""
        for _anchor, url in links(parse_html(listing.content), listing.url):
            match = TEMPLATE.match(url)
            if match:
                return (
                    f"{match.group('prefix')}/ctl/MeetingCalendarPublicNoJava/{match.group('mid')}"
                )
        return None

    def _linked_meetings(self, page: Page, month: dt.date | None) -> list[Meeting]:
        meetings = []
        for anchor, url in links(parse_html(page.content), page.url):
            match = MEETING_LINK.search(url)
            if not match:
                continue
            text = text_of(anchor)
            meetings.append(
                Meeting(
                    council=self.council.slug,
                    body=body_name(text.split(" - ", 1)[-1], text),
                    date=date_in(text) or _day_cell_date(anchor, month),
                    time=time_in(text),
                    url=url,
                    id=match.group("meeting"),
                    cancelled=mentions_cancelled(text),
                )
            )
        return meetings

    def read_meeting(self, meeting: Meeting, page: bytes | None) -> Meeting:
        if page is None:
            return meeting
        root = parse_html(page)
        labels = _labelled_values(root)
        documents: dict[str, DocumentLink] = {}
        anchors = root.xpath(
            "//li[contains(@class,'DocumentListItem')]//a[contains(@class,'TitleLink')]"
            " | //a[contains(@href,'Document.ashx')]"
        )
        for anchor in anchors:
            href = anchor.get("href")
            if not href:
                continue
            url = urljoin(meeting.url, href.strip()).split("#", 1)[0]
            item = next(anchor.iterancestors("li"), anchor)
            icons = " ".join(i.get("alt", "") + " " + i.get("src", "") for i in item.iter("img"))
            title = text_of(anchor) or (anchor.get("title") or "document")
            pdf = bool(re.search(r"\bpdf\b", icons, re.I)) or urlsplit(url).path.lower().endswith(
                ".pdf"
            )
            documents.setdefault(
                url,
                DocumentLink(
                    url=url, title=title, kind=classify(title, url), expect="pdf" if pdf else None
                ),
            )
        status = labels.get("status", "")
        return meeting.model_copy(
            update={
                "time": meeting.time or time_in(labels.get("date/time")),
                "cancelled": meeting.cancelled or mentions_cancelled(status),
                "documents": list(documents.values()),
            }
        )


def _labelled_values(root: etree._Element) -> dict[str, str]:
    """The "Label: value" pairs of a meeting page (``div.holder``), keyed by lower-case label."""
    values: dict[str, str] = {}
    for holder in root.xpath("//div[contains(concat(' ', @class, ' '), ' holder ')]"):
        label = holder.xpath("./div[contains(@class,'DNNLabel')]")
        value = holder.xpath("./div[contains(concat(' ', @class, ' '), ' Value ')]")
        if label and value:
            key = text_of(label[0]).rstrip(":").strip().lower()
            values.setdefault(key, text_of(value[0]))
    return values


def _day_cell_date(anchor: etree._Element, month: dt.date | None) -> dt.date | None:
    """The date of a month-calendar entry: its row's "Monday, 8 June" cell."""
    row = next(anchor.iterancestors("tr"), None)
    if row is None or month is None:
        return None
    for cell in row.iter("td"):
        match = DAY_CELL.match(text_of(cell))
        if match:
            year = match.group("year") or str(month.year)
            return date_in(f"{match.group('day')} {match.group('month')} {year}")
    return None
