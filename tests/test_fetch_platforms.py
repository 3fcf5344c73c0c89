"""Each platform's meetings of a window, found and stored with manifests, against recorded
sites on 127.0.0.1; a re-run downloads nothing; cancelled meetings are recorded as such."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

import pytest
from fetch_support import (
    FETCH_FIXTURES,
    NORTHBRIDGE_SITE,
    CouncilSite,
    council_at,
    quick_settings,
)

from pipeline.fetch import fetch_council
from pipeline.fetch.http import PoliteClient
from pipeline.fetch.platforms import detect_platform

pytestmark = pytest.mark.block_network(allowed_hosts=[r"127\.0\.0\.1"])

SEPTEMBER_2024 = (dt.date(2024, 9, 1), dt.date(2024, 9, 30))


def _run(council, tmp_path: Path, since: dt.date, until: dt.date, **settings):
    return fetch_council(
        council, settings=quick_settings(**settings), since=since, until=until, out=tmp_path
    )


def _meeting(report, body: str):
    return next(m for m in report.meetings if m.body == body)


def _kinds(meeting) -> list[str]:
    return [d.kind for d in meeting.documents]


# --- ModernGov --------------------------------------------------------------------------


def test_moderngov_html_pages_alone_give_the_month_with_its_documents(tmp_path):
    """No web service (404): the calendar and meeting pages are enough."""
    with CouncilSite(NORTHBRIDGE_SITE) as site:
        report = _run(council_at(site.url), tmp_path, *SEPTEMBER_2024)
        asked = [r.path for r in site.requests]
    assert report.ok, report.to_json()
    assert [(m.date, m.body) for m in report.meetings] == [
        ("2024-09-09", "Cabinet"),
        ("2024-09-10", "Planning Sub-Committee"),
        ("2024-09-12", "Licensing Sub-Committee"),
    ]
    assert "/mgWebService.asmx/GetCommittees" in asked and "/mgCalendarMonthView.aspx" in asked
    cabinet = _meeting(report, "Cabinet")
    assert cabinet.url == f"{site.url}/ieListDocuments.aspx?CId=201&MId=4870"
    assert cabinet.time == "18:30" and cabinet.page_has_minutes
    assert _kinds(cabinet) == ["page", "minutes", "agenda_pack"]
    assert {d.status for d in cabinet.documents} == {"new"}
    minutes = cabinet.documents[1]
    assert minutes.path.endswith("northbridge/cabinet/2024-09-09/printed-minutes.pdf")
    assert Path(minutes.path).read_bytes()[:5] == b"%PDF-"
    manifest = json.loads(Path(cabinet.manifest).read_text())
    assert manifest["url"] == cabinet.url and manifest["platform"] == "moderngov"
    stored = {d["kind"]: d for d in manifest["documents"]}
    assert stored["minutes"]["url"] == minutes.url
    assert stored["minutes"]["sha256"] == minutes.sha256
    assert stored["minutes"]["size"] == Path(minutes.path).stat().st_size
    assert stored["minutes"]["content_type"] == "application/pdf"
    assert stored["minutes"]["etag"] and stored["minutes"]["last_modified"]
    assert stored["minutes"]["fetched_at"]


def test_a_cancelled_meeting_is_recorded_as_cancelled_not_an_error(tmp_path):
    with CouncilSite(NORTHBRIDGE_SITE) as site:
        report = _run(council_at(site.url), tmp_path, *SEPTEMBER_2024)
        asked = {(r.path, r.query.get("mid")) for r in site.requests}
    licensing = _meeting(report, "Licensing Sub-Committee")
    assert licensing.cancelled and licensing.documents == [] and licensing.error is None
    assert json.loads(Path(licensing.manifest).read_text())["cancelled"] is True
    assert ("/ieListDocuments.aspx", "4875") not in asked  # the calendar said so already
    assert report.ok


def test_a_rerun_downloads_nothing_and_finds_everything_unchanged(tmp_path):
    with CouncilSite(NORTHBRIDGE_SITE) as site:
        _run(council_at(site.url), tmp_path, *SEPTEMBER_2024)
        before = {p: p.stat().st_mtime_ns for p in tmp_path.rglob("*") if p.is_file()}
        site.requests.clear()
        again = _run(council_at(site.url), tmp_path, *SEPTEMBER_2024)
        documents = [r for r in site.requests if r.path.startswith("/documents/")]
    assert again.ok and again.downloaded == 0
    statuses = {d.status for m in again.meetings for d in m.documents}
    assert statuses == {"unchanged"}
    assert documents and all(r.headers.get("if-none-match") for r in documents)
    after = {p: p.stat().st_mtime_ns for p in before}
    changed = [p for p in before if before[p] != after[p] and p.name != "manifest.json"]
    assert changed == []


def test_moderngov_web_service_gives_the_meetings_and_their_statuses(tmp_path):
    """Manchester's recorded web service answers: expired committees are not asked."""
    with CouncilSite(FETCH_FIXTURES / "moderngov-manchester") as site:
        council = council_at(site.url, slug="manchester", name="Manchester City Council")
        report = _run(council, tmp_path, dt.date(2026, 1, 12), dt.date(2026, 2, 11))
        asked = [(r.path, r.query.get("lcommitteeid")) for r in site.requests]
    assert report.ok, report.to_json()
    assert ("/mgWebService.asmx/GetMeetings", "144") in asked
    assert ("/mgWebService.asmx/GetMeetings", "163") in asked
    assert ("/mgWebService.asmx/GetMeetings", "312") not in asked  # expired
    assert not any(path == "/mgCalendarMonthView.aspx" for path, _ in asked)
    cancelled, held = report.meetings
    assert (cancelled.date, cancelled.cancelled, cancelled.documents) == ("2026-01-13", True, [])
    assert held.date == "2026-02-10" and held.time == "10:00" and not held.cancelled
    assert held.url == f"{site.url}/ieListDocuments.aspx?CId=144&MId=4967"
    by_title = {d.title: d.kind for d in held.documents}
    assert by_title["Printed minutes"] == "minutes"
    assert by_title["Public reports pack"] == "agenda_pack"
    assert by_title["Agenda frontsheet"] == "agenda"
    # An item's "Minutes" attachment is the last meeting's minutes: a report of this one.
    assert by_title["6 - CHAIR APPROVED Minutes Audit Committee 25 Nov 2025"] == "report"
    assert _kinds(held) == ["page", "minutes", "agenda_pack", "agenda", "report", "report"]


def test_followed_and_skipped_bodies_are_honoured(tmp_path):
    with CouncilSite(NORTHBRIDGE_SITE) as site:
        council = council_at(site.url, skip_bodies=["licensing*"])
        report = _run(council, tmp_path, *SEPTEMBER_2024)
        only = fetch_council(
            council_at(site.url, bodies=["Cabinet", "Planning*"]),
            settings=quick_settings(),
            since=SEPTEMBER_2024[0],
            until=SEPTEMBER_2024[1],
            body="planning sub-committee",
            out=tmp_path,
        )
    assert [m.body for m in report.meetings] == ["Cabinet", "Planning Sub-Committee"]
    assert [m.body for m in only.meetings] == ["Planning Sub-Committee"]


# --- CMIS -------------------------------------------------------------------------------


def test_cmis_month_calendar_gives_the_month_with_documents_and_statuses(tmp_path):
    with CouncilSite(FETCH_FIXTURES / "cmis-birmingham") as site:
        council = council_at(
            f"{site.url}/birmingham/Meetings.aspx",
            platform="cmis",
            slug="birmingham",
            name="Birmingham City Council",
        )
        report = _run(council, tmp_path, dt.date(2026, 6, 1), dt.date(2026, 6, 30))
    assert report.ok, report.to_json()
    assert [(m.date, m.body, m.time) for m in report.meetings] == [
        ("2026-06-08", "Licensing Sub-Committee A", "10:00"),
        ("2026-06-09", "Licensing Sub-Committee B", "10:00"),
        ("2026-06-09", "Licensing Sub-Committee B", "12:00"),
        ("2026-06-30", "Planning Committee", "14:00"),
    ]
    first, agenda_only, cancelled, planning = report.meetings
    assert _kinds(first) == ["page", "report"]  # the previous meeting's minutes
    assert _kinds(agenda_only) == ["page", "agenda"]
    assert cancelled.cancelled and _kinds(cancelled) == ["page"]
    assert _kinds(planning) == ["page", "minutes", "agenda_pack"]
    assert Path(planning.documents[1].path).name == "final-planning-minutes-16042026.pdf"
    # Two meetings of one body on one day get a folder each.
    assert len({Path(m.manifest).parent for m in report.meetings}) == 4


# --- Legistar ---------------------------------------------------------------------------


def _legistar(site: CouncilSite):
    return council_at(
        f"{site.url}/sanjose",
        platform="legistar",
        slug="sanjose",
        name="City of San José",
        api_url=f"{site.url}/v1/sanjose",
        time_zone="America/Los_Angeles",
    )


def test_legistar_web_api_events_and_item_attachments(tmp_path):
    """San José's recorded event of 12 September 2017 and its agenda items' attachments."""
    with CouncilSite(FETCH_FIXTURES / "legistar-sanjose") as site:
        report = _run(_legistar(site), tmp_path, dt.date(2017, 9, 1), dt.date(2017, 9, 30))
        events = next(r for r in site.requests if r.path == "/v1/sanjose/events")
    assert report.ok, report.to_json()
    assert "EventDate ge datetime'2017-09-01'" in events.query["$filter"]
    (meeting,) = report.meetings
    assert (meeting.date, meeting.body, meeting.time) == ("2017-09-12", "City Council", "13:30")
    assert meeting.url.startswith(f"{site.url}/MeetingDetail.aspx?LEGID=1080")
    assert _kinds(meeting) == ["agenda"] + ["report"] * 5
    assert meeting.documents[0].title == "Agenda"
    assert {d.title for d in meeting.documents[1:]} == {"Agreement", "Resolution", "Memorandum"}
    # Documents of one title, fetched at once, are stored under names of their own.
    assert len({d.path for d in meeting.documents}) == len(meeting.documents)


def test_legistar_cancelled_event_and_published_minutes(tmp_path):
    with CouncilSite(FETCH_FIXTURES / "legistar-sanjose") as site:
        october = (FETCH_FIXTURES / "legistar-sanjose" / "events-2017-10.json").read_bytes()
        from fetch_support import Reply

        site.route("/v1/sanjose/events", Reply(body=october, content_type="application/json"))
        report = _run(_legistar(site), tmp_path, dt.date(2017, 10, 1), dt.date(2017, 10, 31))
    assert report.ok, report.to_json()
    council, rules = report.meetings
    assert _kinds(council) == ["minutes", "agenda"]
    assert rules.cancelled and rules.documents == []


# --- eScribe ----------------------------------------------------------------------------


def test_escribe_calendar_page_method_gives_the_month(tmp_path):
    with CouncilSite(FETCH_FIXTURES / "escribe-westfold") as site:
        council = council_at(
            site.url,
            platform="escribe",
            slug="westfold",
            name="Town of Westfold",
            time_zone="America/Toronto",
        )
        report = _run(council, tmp_path, dt.date(2024, 11, 1), dt.date(2024, 11, 30))
        post = next(r for r in site.requests if r.method == "POST")
    assert report.ok, report.to_json()
    assert json.loads(post.body) == {
        "calendarStartDate": "2024-11-01",
        "calendarEndDate": "2024-12-01",
    }
    council_meeting, committee, heritage = report.meetings
    assert (council_meeting.date, council_meeting.body, council_meeting.time) == (
        "2024-11-12",
        "Regular Council",
        "18:00",
    )
    assert "Agenda=PostMinutes" in council_meeting.url  # the minutes page is its page
    assert _kinds(council_meeting) == ["minutes", "minutes", "agenda_pack", "agenda"]
    assert {Path(d.path).suffix for d in council_meeting.documents} == {".pdf", ".html"}
    assert _kinds(committee) == ["agenda", "agenda"]
    assert heritage.cancelled and heritage.body == "Heritage Advisory Committee"


# --- detection --------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("folder", "path", "platform"),
    [
        (NORTHBRIDGE_SITE, "/mgCalendarMonthView.aspx", "moderngov"),
        (FETCH_FIXTURES / "cmis-birmingham", "/birmingham/Meetings.aspx", "cmis"),
        (FETCH_FIXTURES / "escribe-westfold", "/MeetingsCalendarView.aspx", "escribe"),
    ],
)
def test_the_platform_is_detected_from_the_page_a_url_serves(folder, path, platform):
    with CouncilSite(folder) as site, PoliteClient(quick_settings()) as client:
        assert detect_platform(f"{site.url}{path}", client) == platform


WEEK_VIEW = b"""<!DOCTYPE html><html><head><title>Calendar</title></head><body><div id="modgov">
<h2 class="mgSubTitleTxt">Week commencing Monday, 2nd September, 2024</h2>
<div class="mgCalendarWeekGrid"><ul>
<li><a href="ieListDocuments.aspx?CId=201&amp;MID=4870">Cabinet</a></li></ul></div>
<div class="mgCalendarWeekGrid"><ul>
<li><a href="ieListDocuments.aspx?CId=212&amp;MID=4871">Planning Sub-Committee</a></li></ul></div>
</div></body></html>"""

COMMITTEE_MEETINGS = b"""<!DOCTYPE html><html><head><title>Browse meetings - Cabinet</title></head>
<body><div id="modgov"><h2 class="mgSubTitleTxt">Cabinet</h2>
<ul class="mgBulletList">
<li><a href="ieListDocuments.aspx?CId=201&amp;MId=4870&amp;Ver=4">9 Sep 2024 6.30 pm</a></li>
<li><a href="ieListDocuments.aspx?CId=201&amp;MId=4801&amp;Ver=4">15 Jul 2024 6.30 pm</a></li>
</ul></div></body></html>"""


def test_moderngov_calendars_that_date_nothing_are_dated_by_the_meeting_pages(tmp_path):
    """A week view whose links carry no date (and a misleading heading): each meeting page
    says when it meets."""
    from fetch_support import Reply

    with CouncilSite(NORTHBRIDGE_SITE) as site:
        site.route(
            "/mgCalendarMonthView.aspx", Reply(body=WEEK_VIEW), query={"M": "9", "DD": "2024"}
        )
        report = _run(council_at(site.url), tmp_path, *SEPTEMBER_2024)
    assert report.ok, report.to_json()
    assert [(m.date, m.body) for m in report.meetings] == [
        ("2024-09-09", "Cabinet"),
        ("2024-09-10", "Planning Sub-Committee"),
    ]


def test_moderngov_from_a_committees_meeting_list(tmp_path):
    """A council given as one committee's ieListMeetings.aspx page: its meetings only."""
    from fetch_support import Reply

    with CouncilSite(NORTHBRIDGE_SITE) as site:
        site.route("/ieListMeetings.aspx", Reply(body=COMMITTEE_MEETINGS), query={"CId": "201"})
        council = council_at(f"{site.url}/ieListMeetings.aspx?CId=201")
        report = _run(council, tmp_path, *SEPTEMBER_2024)
    assert report.ok, report.to_json()
    (cabinet,) = report.meetings
    assert (cabinet.date, cabinet.body) == ("2024-09-09", "Cabinet")
    assert cabinet.url == f"{site.url}/ieListDocuments.aspx?CId=201&MId=4870"
