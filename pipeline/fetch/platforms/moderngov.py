"""ModernGov (Civica): most UK councils.

Meetings come from the web service ``mgWebService.asmx`` when it answers (``GetCommittees``,
then ``GetMeetings`` per followed committee for the window), else from the HTML pages
alone: the month calendar ``mgCalendarMonthView.aspx`` (or, when the council's address is
a committee's ``ieListMeetings.aspx`` page, that page). Either way each meeting's page
``ieListDocuments.aspx?CId=..&MId=..`` lists its documents: printed minutes, decisions,
agenda packs, supplements and the reports of each item (``documents/...``,
``mgConvert2PDF.aspx``). A cancelled meeting is recorded as cancelled, not an error.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable
from pathlib import PurePosixPath
from urllib.parse import urlencode, urlsplit, urlunsplit

from lxml import etree

from pipeline.fetch.errors import FetchError
from pipeline.fetch.http import Page, PoliteClient
from pipeline.fetch.kinds import classify
from pipeline.fetch.models import Council, DocumentLink, Meeting
from pipeline.fetch.pages import (
    body_name,
    child_text,
    clean,
    date_in,
    links,
    local,
    mentions_cancelled,
    months_between,
    parse_html,
    parse_xml,
    query,
    text_of,
    time_in,
)

PAGES = (
    "mgCalendarMonthView",
    "ieListDocuments",
    "ieListMeetings",
    "ieDocHome",
    "mgListCommittees",
    "mgCommitteeDetails",
    "mgWhatsNew",
    "mgMeetingAttendance",
    "mgIssueHistoryHome",
    "ieDecisionDetails",
    "mgDelegatedDecisions",
    "mgMemberIndex",
)
_PAGE_PATH = re.compile(r"/(?:" + "|".join(PAGES) + r")\.aspx$", re.I)
MARKERS = (
    "mgwebservice.asmx",
    "ielistdocuments.aspx",
    "mgcalendarmonthview.aspx",
    "ielistmeetings.aspx",
    "mgmaintitletxt",
    "modern.gov",
    "moderngov",
)
DOCUMENT_SUFFIXES = {".pdf", ".doc", ".docx", ".rtf", ".odt", ".xls", ".xlsx", ".ppt", ".pptx"}
_TITLE_FACTS = re.compile(
    r"^(?:agenda|minutes|agenda\s+and\s+minutes|decisions?)\s+(?:for|of)\s+(?P<body>.+?)\s+on\s+",
    re.I,
)
_HEADING_BODY = re.compile(r"^(?P<body>.+?)\s+[-–—]\s+(?:mon|tue|wed|thu|fri|sat|sun|\d)", re.I)
_LINK_TITLE = re.compile(r"^link\s+to\s+(?:document|file)\s+'?(?P<title>.+?)'?$", re.I)


def site_root(url: str) -> str:
    """The folder holding a ModernGov site's ``mg*.aspx`` pages, from any of its URLs."""
    parts = urlsplit(url)
    path = parts.path
    if re.search(r"\.(?:aspx|asmx|html?)$", path, re.I) or "mgWebService" in path:
        path = path.rsplit("/", 1)[0]
    path = re.sub(r"/mgWebService\.asmx.*$", "", path, flags=re.I)
    return urlunsplit((parts.scheme, parts.netloc, path.rstrip("/"), "", ""))


class ModernGov:
    """A ModernGov site."""

    name = "moderngov"
    reads_pages = True

    def __init__(self, council: Council, client: PoliteClient) -> None:
        self.council = council
        self.client = client
        self.base = site_root(council.base_url)
        path = urlsplit(council.base_url).path
        self.meeting_list = (
            council.base_url if re.search(r"ieListMeetings\.aspx$", path, re.I) else None
        )
        self.problems: list[str] = []
        self.used_web_service = False

    @staticmethod
    def recognises(url: str, page: str | None) -> bool:
        parts = urlsplit(url)
        if page is None:
            host = (parts.hostname or "").lower()
            return "moderngov" in host or bool(_PAGE_PATH.search(parts.path))
        lowered = page.lower()
        return any(marker in lowered for marker in MARKERS)

    # --- finding meetings ---------------------------------------------------------------

    def find_meetings(
        self, since: dt.date, until: dt.date, wanted: Callable[[str], bool]
    ) -> list[Meeting]:
        if self.meeting_list:
            found = self._from_pages([self.meeting_list], since, until)
        else:
            found = self._from_web_service(since, until, wanted)
            if found is None:
                urls = [
                    f"{self.base}/mgCalendarMonthView.aspx?"
                    # Installs read the year from DD or from Y: both are sent.
                    + urlencode(
                        {
                            "M": m.month,
                            "DD": m.year,
                            "Y": m.year,
                            "CID": 0,
                            "OT": "",
                            "C": -1,
                            "MR": 0,
                        }
                    )
                    for m in months_between(since, until)
                ]
                found = self._from_pages(urls, since, until)
        return [m for m in found if m.date and since <= m.date <= until and wanted(m.body)]

    def _service(self, method: str, params: dict[str, object], *, probe: bool) -> etree._Element:
        url = f"{self.base}/mgWebService.asmx/{method}"
        url += f"?{urlencode(params)}" if params else ""
        page = self.client.get_page(url, attempts=1 if probe else None)
        try:
            return parse_xml(page.content)
        except (ValueError, etree.XMLSyntaxError):
            raise FetchError(url, "the web service did not answer with XML") from None

    def _from_web_service(
        self, since: dt.date, until: dt.date, wanted: Callable[[str], bool]
    ) -> list[Meeting] | None:
        """Meetings through mgWebService.asmx; ``None`` when the service does not answer."""
        committees = []
        # Installs differ on whether GetCommittees wants its dummy parameter.
        for params in ({}, {"lDummy": 0}):
            try:
                root = self._service("GetCommittees", params, probe=True)
            except FetchError as exc:
                if exc.status in (401, 403, 404, 410) or exc.status is None:
                    break  # no web service here (or it is closed to us)
                continue
            committees = [el for el in root.iter() if local(el) == "committee"]
            if committees:
                break
        if not committees:
            return None
        self.used_web_service = True
        meetings: list[Meeting] = []
        for committee in committees:
            cid = child_text(committee, "committeeid")
            title = clean(child_text(committee, "committeetitle"))
            gone = child_text(committee, "committeeexpired") + child_text(
                committee, "committeedeleted"
            )
            if not cid or not title or "true" in gone.lower() or not wanted(title):
                continue
            try:
                answer = self._service(
                    "GetMeetings",
                    {
                        "lCommitteeId": cid,
                        "sFromDate": since.strftime("%d/%m/%Y"),
                        "sToDate": until.strftime("%d/%m/%Y"),
                    },
                    probe=False,
                )
            except FetchError as exc:
                self.problems.append(f"{title}: meetings not listed: {exc}")
                continue
            for element in answer.iter():
                if local(element) != "meeting":
                    continue
                meeting = self._service_meeting(element, cid, title)
                if meeting is not None:
                    meetings.append(meeting)
        return meetings

    def _service_meeting(self, element: etree._Element, cid: str, body: str) -> Meeting | None:
        mid = child_text(element, "meetingid")
        raw_date = child_text(element, "meetingdate")
        try:
            day = dt.datetime.strptime(raw_date, "%d/%m/%Y").date()
        except ValueError:
            day = date_in(raw_date)
        if not mid or day is None:
            return None
        return Meeting(
            council=self.council.slug,
            body=body,
            date=day,
            time=time_in(child_text(element, "meetingtime")),
            url=f"{self.base}/ieListDocuments.aspx?CId={cid}&MId={mid}",
            id=mid,
            cancelled=mentions_cancelled(child_text(element, "meetingstatus")),
        )

    def _from_pages(self, urls: list[str], since: dt.date, until: dt.date) -> list[Meeting]:
        """Meetings linked from calendar or meeting-list pages."""
        found: dict[str, Meeting] = {}
        for number, url in enumerate(urls):
            try:
                page = self.client.get_page(url)
            except FetchError as exc:
                if number == 0 and not found:
                    raise
                self.problems.append(f"calendar page not read: {exc}")
                continue
            month = date_in(f"1/{query(url).get('m', '')}/{query(url).get('dd', '')}")
            for meeting in self._linked_meetings(page, month):
                found.setdefault(meeting.id, meeting)
        meetings = []
        for meeting in found.values():
            if meeting.date is None or not meeting.body:
                meeting = self._facts_from_meeting_page(meeting)
            if meeting is not None:
                meetings.append(meeting)
        return meetings

    def _linked_meetings(self, page: Page, month: dt.date | None) -> list[Meeting]:
        root = parse_html(page.content)
        list_body = self._list_page_body(root)
        meetings = []
        for anchor, url in links(root, page.url):
            if not re.search(r"/ieListDocuments\.aspx$", urlsplit(url).path, re.I):
                continue
            params = query(url)
            mid, cid = params.get("mid"), params.get("cid")
            if not mid or params.get("info"):
                continue
            text, title = text_of(anchor), clean(anchor.get("title"))
            canonical = f"{self.base}/ieListDocuments.aspx?CId={cid}&MId={mid}" if cid else url
            meetings.append(
                Meeting(
                    council=self.council.slug,
                    body=body_name(text, title) or list_body,
                    date=date_in(title) or date_in(text) or self._date_near(anchor, month),
                    time=time_in(title) or time_in(text),
                    url=canonical,
                    id=mid,
                    cancelled=mentions_cancelled(text) or mentions_cancelled(title),
                )
            )
        return meetings

    @staticmethod
    def _list_page_body(root: etree._Element) -> str:
        """The committee an ``ieListMeetings.aspx`` page lists meetings of."""
        for element in root.xpath("//*[contains(@class,'mgSubTitleTxt')] | //h1 | //title"):
            name = re.sub(
                r"^(?:browse\s+)?meetings\s*(?:of|-)\s*", "", text_of(element), flags=re.I
            )
            name = name.split("|")[0].strip(" -")
            if name and not re.search(r"calendar|agenda", name, re.I):
                return name
        return ""

    @staticmethod
    def _date_near(anchor: etree._Element, month: dt.date | None) -> dt.date | None:
        """A calendar link's date from what surrounds it, where that is unambiguous: the
        day number of its month-grid cell, or a dated heading just before its list.
        Anything vaguer is left to the meeting page itself (a wrong date would misfile
        the meeting)."""
        if month is not None:
            for cell in anchor.iterancestors("td"):
                match = re.match(r"\s*(\d{1,2})(?![\d.:])\b", cell.text_content())
                if match:
                    try:
                        return month.replace(day=int(match.group(1)))
                    except ValueError:
                        return None
                break
        for depth, ancestor in enumerate(anchor.iterancestors()):
            if depth >= 2:  # the link's own item or list, no further
                break
            heading = ancestor.getprevious()
            if heading is not None and heading.tag in ("h2", "h3", "h4", "h5", "dt", "p"):
                label = text_of(heading)
                return None if re.search(r"\bweek\b", label, re.I) else date_in(label)
        return None

    def _facts_from_meeting_page(self, meeting: Meeting) -> Meeting | None:
        """Fill a meeting's date or body from its own page when the listing lacked them."""
        try:
            page = self.client.get_page(meeting.url)
        except FetchError as exc:
            self.problems.append(f"meeting {meeting.id}: {exc}")
            return None
        facts = page_facts(parse_html(page.content))
        update = {k: v for k, v in facts.items() if v and not getattr(meeting, k, None)}
        meeting = meeting.model_copy(update=update)
        if meeting.date is None:
            self.problems.append(f"meeting {meeting.id}: no date on {meeting.url}")
            return None
        return meeting

    # --- one meeting ----------------------------------------------------------------------

    def read_meeting(self, meeting: Meeting, page: bytes | None) -> Meeting:
        if page is None:
            return meeting
        root = parse_html(page)
        facts = page_facts(root)
        documents: dict[str, DocumentLink] = {}
        for anchor, url in links(root, meeting.url):
            path = urlsplit(url).path
            lowered = path.lower()
            suffix = PurePosixPath(lowered).suffix
            if not (
                "/documents/" in lowered
                or lowered.endswith("/mgconvert2pdf.aspx")
                or suffix in DOCUMENT_SUFFIXES
            ):
                continue
            title = _link_title(anchor, url)
            icons = " ".join(img.get("alt", "") + img.get("src", "") for img in anchor.iter("img"))
            promised_pdf = (
                suffix == ".pdf"
                or lowered.endswith("mgconvert2pdf.aspx")
                or bool(re.search(r"\bpdf\b", f"{anchor.text_content()} {icons}", re.I))
            )
            link = DocumentLink(
                url=url,
                title=title,
                kind=_document_kind(anchor, title, url),
                expect="pdf" if promised_pdf else ("html" if suffix in (".htm", ".html") else None),
            )
            documents.setdefault(url, link)
        return meeting.model_copy(
            update={
                "time": meeting.time or facts.get("time"),
                "cancelled": meeting.cancelled or bool(facts.get("cancelled")),
                "page_has_minutes": bool(facts.get("page_has_minutes")),
                "documents": list(documents.values()),
            }
        )


_ITEM_DOCUMENT = re.compile(r"/documents/s\d+/|/mgconvert2pdf\.aspx$", re.I)
_BUNDLE = re.compile(r"/documents/b\d+/", re.I)


def _document_kind(anchor: etree._Element, title: str, url: str) -> str:
    """ModernGov files meeting documents under ``documents/g<meeting>/``, the reports of
    agenda items under ``documents/s<id>/`` (or converts them with ``mgConvert2PDF.aspx``)
    and supplementary bundles under ``documents/b<id>/``: the address says what a link
    is before its title does ("Minutes" of an item is last meeting's minutes, a report)."""
    path = urlsplit(url).path
    in_items = any("mgItemTable" in (el.get("class") or "") for el in anchor.iterancestors())
    if _BUNDLE.search(path):
        return "supplement"
    if _ITEM_DOCUMENT.search(path) or in_items:
        kind = classify(title, url)
        return kind if kind == "supplement" else "report"
    return classify(title, url)


def _link_title(anchor: etree._Element, url: str) -> str:
    text = text_of(anchor)
    if len(text) >= 3:
        return text
    match = _LINK_TITLE.match(clean(anchor.get("title")))
    if match:
        return match.group("title")
    return PurePosixPath(urlsplit(url).path).stem.replace("%20", " ")


def page_facts(root: etree._Element) -> dict[str, object]:
    """What a ModernGov meeting page says of its meeting: body, date, time, cancellation."""
    title = text_of(root.find(".//title")) if root.find(".//title") is not None else ""
    headings = [text_of(el) for el in root.xpath("//*[contains(@class,'mgSubTitleTxt')]")]
    main = " ".join(text_of(el) for el in root.xpath("//*[contains(@class,'mgMainTitleTxt')]"))
    heading = headings[0] if headings else ""
    body = ""
    match = _TITLE_FACTS.match(title) or _HEADING_BODY.match(heading)
    if match:
        body = match.group("body").strip()
    full = text_of(root)
    cancelled = (
        mentions_cancelled(title)
        or mentions_cancelled(heading)
        or mentions_cancelled(main)
        or bool(re.search(r"\bmeeting\s+(?:has\s+been|was|is)\s+cancell?ed\b", full, re.I))
    )
    has_minutes = bool(re.search(r"\bminutes\b", main, re.I)) or bool(
        root.xpath(
            "//*[contains(@class,'mgSubItemTitleTxt')][starts-with(normalize-space(.),'Minutes')]"
        )
    )
    return {
        "body": body,
        "date": date_in(heading) or date_in(title),
        "time": time_in(heading) or time_in(title),
        "cancelled": cancelled,
        "page_has_minutes": has_minutes,
    }
