"""Links an HTML page states in its markup reach the meeting metadata."""

from __future__ import annotations

from pathlib import Path

from pipeline.ingest import load_document

PAGE = """<!doctype html><html><head><meta charset="utf-8">
<link rel="canonical" href="https://democracy.example.gov.uk/ieListDocuments.aspx?MId=42">
<title>Agenda and minutes</title></head><body><main>
<h1>Agenda and minutes</h1>
<p>Licensing Committee - Monday 3 June 2024 6.00 pm</p>
<p><a href="/mgWebcast.aspx">Webcast page</a>
<a href="https://www.youtube.com/watch?v=abc123">Watch the meeting</a>
<a href="https://www.youtube.com/watch?v=zzz999">Previous meeting</a>
<a href="javascript:alert(1)">Bad</a></p>
<p>1. Apologies for Absence</p><p>Minutes: None were received.</p>
</main></body></html>"""


def test_canonical_page_and_first_video_link(tmp_path: Path):
    path = tmp_path / "licensing.html"
    path.write_text(PAGE, encoding="utf-8")
    urls = load_document(path).metadata.urls
    assert urls["page"] == "https://democracy.example.gov.uk/ieListDocuments.aspx?MId=42"
    assert urls["video"] == "https://www.youtube.com/watch?v=abc123"


def test_links_only_absolute_http(tmp_path: Path):
    path = tmp_path / "p.html"
    page = PAGE.replace("https://democracy.example.gov.uk/", "javascript:x/").replace(
        "https://www.youtube.com/watch?v=abc123", "/relative/video"
    )
    path.write_text(page, encoding="utf-8")
    urls = load_document(path).metadata.urls
    assert "page" not in urls
    assert urls["video"] == "https://www.youtube.com/watch?v=zzz999"


def test_moderngov_fixture_video_link(fixtures: Path):
    urls = load_document(fixtures / "ingest" / "moderngov-minutes.html").metadata.urls
    assert urls["video"] == "https://www.youtube.com/watch?v=NBPC-2024-03"


def test_council_from_the_page_title_when_the_text_does_not_name_it(tmp_path: Path, samples):
    path = tmp_path / "t.html"
    path.write_text(
        PAGE.replace(
            "<title>Agenda and minutes</title>",
            "<title>Agenda for Licensing Committee | Westmarsh District Council</title>",
        ),
        encoding="utf-8",
    )
    assert load_document(path).metadata.council == "Westmarsh District Council"
    plain = tmp_path / "plain.html"
    plain.write_text(PAGE, encoding="utf-8")  # "Agenda and minutes" names no council
    assert load_document(plain).metadata.council is None
    sample = load_document(samples / "northbridge-planning-minutes.html")
    assert sample.metadata.council == "Northbridge Borough Council"
