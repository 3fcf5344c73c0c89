"""Ingest: per-format reading, normalisation, page map, format detection and metadata."""

from __future__ import annotations

import hashlib
import io
import logging
import re
import shutil
from pathlib import Path

import pytest
from fpdf import FPDF
from pypdf import PdfReader, PdfWriter

from pipeline.errors import InputError
from pipeline.ingest import PAGE_SEPARATOR, load_document
from pipeline.ingest.facts import meeting_facts
from pipeline.ingest.html import html_to_text
from pipeline.ingest.metadata import parse_date, parse_time
from pipeline.ingest.normalise import normalise_text
from pipeline.ingest.pdf import read_pdf_pages
from pipeline.ingest.sniff import sniff_format
from pipeline.models import Document

MINUTES = "minutes-cyp-scrutiny-2022-11-30"
DECISION = "decision-hwb-chscp-annual-report-2022-03-09"
AGENDA_ITEM = "agenda-item-chscp-annual-report-2022-23"
PACK = "agenda-pack-hwb-2023-01-26"


@pytest.fixture(scope="module")
def pack_pdf(corpus: Path) -> Document:
    """The 140-page agenda pack, read once for this module (about 3 s)."""
    return load_document(corpus / f"{PACK}.pdf")


def _pdf(path: Path, pages: list[list[str]]) -> Path:
    """Write a PDF with one page per entry, each page the given lines of text."""
    pdf = FPDF()
    pdf.set_font("helvetica", size=11)
    for lines in pages:
        pdf.add_page()
        for line in lines:
            pdf.cell(0, 8, line, new_x="LMARGIN", new_y="NEXT")
    pdf.output(str(path))
    return path


# --- plain text copies ---------------------------------------------------------------


@pytest.mark.parametrize("name", [MINUTES, DECISION, AGENDA_ITEM, PACK])
def test_text_copies_are_normalised_utf8(corpus: Path, name: str) -> None:
    path = corpus / f"{name}.txt"
    document = load_document(path)
    raw = path.read_bytes().decode("utf-8-sig")
    assert document.format == "text"
    assert document.text == normalise_text(raw)
    assert document.sha256 == hashlib.sha256(document.text.encode("utf-8")).hexdigest()
    assert document.pages == []
    assert document.page_range(0, 10) is None
    # Normalised: no tab-adjacent spaces, no double spaces, no runs of blank lines.
    assert "  " not in document.text
    assert "\n\n\n" not in document.text
    assert "\r" not in document.text
    assert document.text == document.text.strip()


def test_text_keeps_order_of_business_tabs(corpus: Path) -> None:
    document = load_document(corpus / f"{PACK}.txt")
    assert "\n7\tChildrens Annual Safeguarding Report (Rory McCallum) (15 Minutes)\t35 - 226\n" in (
        document.text
    )


# --- PDF ------------------------------------------------------------------------------


@pytest.mark.parametrize(("name", "pages"), [(MINUTES, 6), (DECISION, 3)])
def test_pdf_page_map_matches_each_page(corpus: Path, name: str, pages: int) -> None:
    path = corpus / f"{name}.pdf"
    document = load_document(path)
    expected = [normalise_text(p.extract_text()) for p in PdfReader(path).pages]
    assert document.format == "pdf"
    assert len(document.pages) == len(expected) == pages
    for span, page_text in zip(document.pages, expected, strict=True):
        assert document.text[span.start : span.end] == page_text
    # Contiguous: pages are joined by exactly one separator, nothing before or after.
    assert document.pages[0].start == 0
    assert document.pages[-1].end == len(document.text)
    for before, after in zip(document.pages, document.pages[1:], strict=False):
        assert document.text[before.end : after.start] == PAGE_SEPARATOR


@pytest.mark.parametrize("name", [MINUTES, DECISION])
def test_pdf_labels_come_from_page_footers(corpus: Path, name: str) -> None:
    document = load_document(corpus / f"{name}.pdf")
    assert [p.label for p in document.pages] == [str(p.number) for p in document.pages]


def test_pack_pdf_page_map_and_labels(pack_pdf: Document) -> None:
    assert len(pack_pdf.pages) == 140
    assert [p.label for p in pack_pdf.pages] == [str(n) for n in range(1, 141)]
    for span in pack_pdf.pages:
        page_text = pack_pdf.text[span.start : span.end]
        assert page_text.endswith(f"Page {span.label}")
        assert pack_pdf.page_at(span.start) == span.number
        assert pack_pdf.page_at(span.end - 1) == span.number
    order = pack_pdf.text.index("ORDER OF BUSINESS")
    assert pack_pdf.page_at(order) == 2


@pytest.mark.slow
def test_pack_pdf_every_page_equals_its_own_extraction(corpus: Path, pack_pdf: Document) -> None:
    reader = PdfReader(corpus / f"{PACK}.pdf")
    for span, page in zip(pack_pdf.pages, reader.pages, strict=True):
        assert pack_pdf.text[span.start : span.end] == normalise_text(page.extract_text())


def test_pdf_and_text_copies_say_the_same(corpus: Path) -> None:
    pdf = load_document(corpus / f"{MINUTES}.pdf")
    text = load_document(corpus / f"{MINUTES}.txt")
    for line in (
        "Children and Young People Scrutiny Commission - Wednesday 30 November 2022 7.00 pm",
        "Children's Social Care Data Briefing (19.05) pdf icon PDF 36 KB",
        "11.1 There was no further business.",
    ):
        assert line in text.text
        assert line in pdf.text


def test_bare_page_numbers_count_only_in_sequence(tmp_path: Path) -> None:
    path = _pdf(
        tmp_path / "bare.pdf",
        [
            ["Northbridge Borough Council", "Cabinet report", "3"],
            ["Second page of the report", "4"],
            ["Third page of the report", "5"],
        ],
    )
    assert [label for _, label in read_pdf_pages(path, path.read_bytes())] == ["3", "4", "5"]


def test_a_lone_trailing_number_is_not_a_page_label(tmp_path: Path) -> None:
    path = _pdf(
        tmp_path / "list.pdf",
        [["Resolutions agreed:", "1", "2"], ["Report of the Director", "Summary", "Page ii"]],
    )
    assert [label for _, label in read_pdf_pages(path, path.read_bytes())] == [None, "ii"]


def test_owner_password_only_pdf_opens(tmp_path: Path) -> None:
    source = _pdf(tmp_path / "open.pdf", [["Northbridge Borough Council", "Cabinet minutes"]])
    writer = PdfWriter(clone_from=source)
    writer.encrypt(user_password="", owner_password="owner-only", algorithm="AES-128")
    locked = tmp_path / "locked.pdf"
    with locked.open("wb") as handle:
        writer.write(handle)
    document = load_document(locked)
    assert "Cabinet minutes" in document.text


def test_pypdf_complaints_stay_off_stderr(
    corpus: Path, tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    caplog.set_level(logging.WARNING)
    data = (corpus / f"{MINUTES}.pdf").read_bytes()
    # A wrong startxref pointer: pypdf recovers by scanning, and logs it at WARNING level.
    damaged = tmp_path / "damaged.pdf"
    damaged.write_bytes(re.sub(rb"startxref\s+\d+", b"startxref\n123", data))
    document = load_document(damaged)
    assert len(document.pages) == 6
    assert document.text == load_document(corpus / f"{MINUTES}.pdf").text
    cut = tmp_path / "cut.pdf"
    cut.write_bytes(data[: len(data) // 2] + b"\n%%EOF\n")  # marker present, body missing
    with pytest.raises(InputError, match="corrupt PDF"):
        load_document(cut)
    # pypdf's records never reach the root logger (whose last-resort handler is stderr).
    assert [r.getMessage() for r in caplog.records if r.name.startswith("pypdf")] == []


# --- HTML -----------------------------------------------------------------------------


def test_moderngov_page_reads_like_a_text_copy(fixtures: Path) -> None:
    document = load_document(fixtures / "ingest" / "moderngov-minutes.html")
    text = document.text
    assert document.format == "html"
    assert text.startswith(
        "Agenda and minutes\n\nPlanning Committee - Tuesday 12 March 2024 7.00 pm\n\nVenue: "
    )
    # Number cell, then the item cell's heading and its "Minutes:" block, each a paragraph.
    assert (
        "1.\n\nApologies for Absence\n\nMinutes:\n\n1.1 Apologies for absence were received "
        "from Councillors Harriet Vance and Tomás Reilly.\n\n2.\n\nDeclarations of Interest"
    ) in text
    # Entities decoded, link text kept, icon alt text dropped.
    assert "48 homes & a café" in text
    assert "Riverside Wharf, Canal Street - 23/01234/FUL (19.10) PDF 412 KB" in text
    assert "pdf icon" not in text
    # Lists: "- " items, also when the item wraps its text in a paragraph; <br> is a newline.
    assert "- Councillor Amara Singh asked how many spaces would be provided;\n\n" in text
    assert "\n- Officers said 12 spaces, all with charging points.\n" in text
    assert "RESOLVED:\n\nThat planning permission be GRANTED subject to conditions." in text
    assert "4.1 Tuesday 9 April 2024 at 7.00 pm.\nThe meeting closed at 8.40 pm." in text
    assert "No.\tItem" in text


@pytest.mark.parametrize(
    "chrome",
    [
        "We use cookies",
        "Skip to main content",
        "Bins and recycling",
        "scripted text",
        "Hidden duplicate heading",
        "Privacy",
        "Issue history",
        "Accept",
        "mgLang",
        "Agenda for Planning Committee on",  # <title>
        "font-family",
    ],
)
def test_moderngov_page_chrome_is_dropped(fixtures: Path, chrome: str) -> None:
    text = load_document(fixtures / "ingest" / "moderngov-minutes.html").text
    assert chrome not in text


def test_cmis_page_keeps_aspnet_form_content_and_drops_chrome(fixtures: Path) -> None:
    document = load_document(fixtures / "ingest" / "cmis-cabinet.html")
    text = document.text
    assert text.startswith("Kestrel Vale District Council\n\nMeeting of Cabinet held on")
    # Rows of short cells are one tab-separated line; empty cells vanish.
    assert "\n1\tApologies for absence\n" in text
    assert "\n2\tMinutes of the previous meeting\t3 - 8\n" in text
    assert "Minute 32/24 Leisure Centre Contract\n\n" in text
    # Ordered lists are numbered as a browser shows them.
    assert "1. The contract would run for ten years;\n\n2. The operator would pay £1.2m" in text
    for chrome in (
        "CMIS home",
        "Councillors, committees and meetings",
        "__VIEWSTATE",
        "/wEPDw",
        "Print this page",
        "Decorative divider",
        "Kestrel House\n",
    ):
        assert chrome not in text


def test_long_table_cells_become_their_own_blocks(tmp_path: Path) -> None:
    long_cell = "The Committee considered the report of the Director of Place. " * 5
    page = (
        "<html><body><table><tr><td>7.</td>"
        f"<td><p>Local Plan Review</p><p>{long_cell}</p></td></tr>"
        "<tr><td>8</td><td>Any other business</td></tr></table></body></html>"
    )
    text = normalise_text(html_to_text(tmp_path / "t.html", page.encode()))
    assert text.startswith("7.\n\nLocal Plan Review\n\nThe Committee considered")
    assert text.endswith("\n\n8\tAny other business")


@pytest.mark.parametrize(
    ("declaration", "encoding"),
    [
        ('<meta charset="windows-1252">', "cp1252"),
        ('<meta http-equiv="Content-Type" content="text/html; charset=iso-8859-1">', "cp1252"),
        ('<meta charset="utf-8">', "utf-8"),
        ("", "utf-8-sig"),
        ("", "utf-16"),
    ],
)
def test_html_respects_declared_charset_and_bom(
    tmp_path: Path, declaration: str, encoding: str
) -> None:
    page = (
        f"<html><head>{declaration}</head><body><p>The Chair’s report – £5&nbsp;m</p></body></html>"
    )
    path = tmp_path / "page.html"
    path.write_bytes(page.encode(encoding))
    document = load_document(path)
    assert document.format == "html"
    assert document.text == "The Chair’s report – £5 m"


def test_undeclared_legacy_html_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "page.html"
    path.write_bytes("<html><body><p>The Chair’s report</p></body></html>".encode("cp1252"))
    with pytest.raises(InputError, match="not UTF-8 and declares no charset"):
        load_document(path)


def test_html_without_text_is_an_input_error(tmp_path: Path) -> None:
    path = tmp_path / "empty.html"
    path.write_text(
        "<html><head><title>Agenda</title><script>var x = 1;</script></head>"
        "<body><nav><a href='/'>Home</a></nav><div style='display:none'>Hidden</div></body></html>"
    )
    with pytest.raises(InputError, match="HTML page has no text"):
        load_document(path)


# --- format detection ----------------------------------------------------------------


def test_format_comes_from_content_not_extension(corpus: Path, fixtures: Path, tmp_path: Path):
    pdf_as_txt = tmp_path / "minutes.txt"
    shutil.copy(corpus / f"{DECISION}.pdf", pdf_as_txt)
    assert load_document(pdf_as_txt).format == "pdf"

    html_as_pdf = tmp_path / "page.pdf"
    shutil.copy(fixtures / "ingest" / "moderngov-minutes.html", html_as_pdf)
    assert load_document(html_as_pdf).format == "html"

    text_as_html = tmp_path / "copy.html"
    shutil.copy(corpus / f"{DECISION}.txt", text_as_html)
    assert load_document(text_as_html).format == "text"

    markdown = tmp_path / "notes.md"
    markdown.write_text("# Cabinet\n\nMinutes of the meeting.\n")
    assert sniff_format(markdown, markdown.read_bytes()) == "markdown"

    zip_as_txt = tmp_path / "minutes.txt"
    zip_as_txt.write_bytes(b"PK\x03\x04" + bytes(200))
    with pytest.raises(InputError, match="unsupported file type"):
        load_document(zip_as_txt)


# --- normalisation ---------------------------------------------------------------------


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("ﬁnance ﬂoor", "finance floor"),  # NFKC folds PDF ligatures
        ("£5\u00a0m", "£5 m"),  # no-break space
        ("a\r\nb\rc", "a\nb\nc"),
        ("page one\fpage two", "page one\n\npage two"),
        ("co\u00adoperate\u200b now\ufeff", "cooperate now"),
        ("bell\x07 rings", "bell rings"),  # control characters become spaces
        ("  too   many    spaces  ", "too many spaces"),
        ("1 \t  Welcome  \t\t 7 - 30", "1\tWelcome\t7 - 30"),
        ("\n\n\nfirst\n\n\n\n\nsecond\n\n", "first\n\nsecond"),
        ("line  \n   next", "line\nnext"),
        ("“Quoted” – kept’s", "“Quoted” – kept’s"),  # quotes and dashes are left alone
    ],
)
def test_normalisation_rules(raw: str, expected: str) -> None:
    assert normalise_text(raw) == expected
    assert normalise_text(expected) == expected  # idempotent


# --- metadata ----------------------------------------------------------------------------


def _meta(corpus: Path, file: str) -> dict:
    return load_document(corpus / file).metadata.model_dump()


@pytest.mark.parametrize("suffix", [".txt", ".pdf"])
def test_metadata_minutes_page(corpus: Path, suffix: str) -> None:
    meta = _meta(corpus, MINUTES + suffix)
    assert meta["kind"] == "minutes"
    assert meta["body"] == "Children and Young People Scrutiny Commission"
    assert meta["date"] == "2022-11-30"
    assert meta["time"] == "19:00"
    assert meta["venue"] == "Council Chamber, Hackney Town Hall, Mare Street, London E8 1EA"
    assert meta["title"] == (
        "Children and Young People Scrutiny Commission - Wednesday 30 November 2022 7.00 pm"
    )
    assert meta["apologies"] == ["Cllr Alastair Binne Lubbock", "Cllr Anya Sizer", "Richard Brown"]
    assert meta["attendees"] == []
    # "London Borough of Hackney" appears only in a list deep in the minutes: not a header.
    assert meta["council"] is None


@pytest.mark.parametrize("suffix", [".txt", ".pdf"])
def test_metadata_decision_page(corpus: Path, suffix: str) -> None:
    meta = _meta(corpus, DECISION + suffix)
    assert meta["kind"] == "decision"
    assert meta["body"] == "Health and Wellbeing Board"
    assert meta["date"] == "2022-03-09"
    assert meta["title"] == "City and Hackney Safeguarding Children Partnership Annual Report"
    assert meta["extra"] == {
        "decision_maker": "Health and Wellbeing Board",
        "decision_status": "Recommendations Approved",
        "key_decision": "No",
        "call_in": "No",
        "decision_date": "2022-03-09",
        "published": "2022-05-12",
    }
    assert meta["council"] is None  # named only in the prose of the minutes


def test_metadata_agenda_item_page_has_no_date(corpus: Path) -> None:
    meta = _meta(corpus, AGENDA_ITEM + ".txt")
    assert meta["kind"] == "agenda_item"
    assert (
        meta["title"] == "City & Hackney Safeguarding Children Partnership - Annual Report (19.05)"
    )
    assert meta["date"] is None
    assert meta["time"] is None
    assert meta["body"] is None


def test_metadata_agenda_pack_text(corpus: Path) -> None:
    meta = _meta(corpus, PACK + ".txt")
    _assert_pack(meta)


def test_metadata_agenda_pack_pdf(pack_pdf: Document) -> None:
    _assert_pack(pack_pdf.metadata.model_dump())


def _assert_pack(meta: dict) -> None:
    assert meta["kind"] == "agenda_pack"
    assert meta["body"] == "Health and Wellbeing Board"
    assert meta["date"] == "2023-01-26"  # not the 18 January publication date
    assert meta["time"] == "16:00"
    assert meta["venue"] == "Council Chamber, Hackney Town Hall, Mare Street, London E8 1EA"
    assert meta["council"] == "Hackney Council"
    assert meta["title"] == "Meeting of the Health and Wellbeing Board"
    assert meta["urls"] == {"video": "https://youtu.be/CqCq5cwEDCo"}
    # The pack embeds the previous meeting's minutes: their attendance is not this meeting's.
    assert meta["attendees"] == []
    assert meta["apologies"] == []


def test_metadata_moderngov_html(fixtures: Path) -> None:
    meta = load_document(fixtures / "ingest" / "moderngov-minutes.html").metadata
    assert meta.kind == "minutes"
    assert meta.body == "Planning Committee"
    assert (meta.date, meta.time) == ("2024-03-12", "19:00")
    assert (
        meta.venue
        == "Council Chamber, Northbridge Civic Centre, Market Square, Northbridge NB1 2AB"
    )
    assert meta.apologies == ["Councillor Harriet Vance", "Councillor Tomás Reilly"]


def test_metadata_cmis_html(fixtures: Path) -> None:
    meta = load_document(fixtures / "ingest" / "cmis-cabinet.html").metadata
    assert meta.council == "Kestrel Vale District Council"
    assert meta.kind == "minutes"
    assert meta.body == "Cabinet"
    assert (meta.date, meta.time) == ("2024-06-04", "18:30")
    assert meta.venue == "Committee Room, Kestrel House, Vale Road"
    assert meta.attendees == [
        "Councillor Dana Whitlock",
        "Councillor Olu Adeyemi",
        "Councillor Bryony Marsh",
        "Councillor Kit Laurent",
        "Councillor Ruth Penhale",
    ]
    assert meta.apologies == ["Councillor Sam Ito"]


def _text_meta(text: str):
    return meeting_facts(Document(path="x.txt", format="text", text=text, sha256="0"))


def test_metadata_minutes_header_wrapped_over_pdf_lines() -> None:
    meta = _text_meta(
        "EASTMARSH DISTRICT COUNCIL\n"
        "MINUTES of the meeting of the Planning Committee held at the Civic Centre,\n"
        "Eastmarsh on 12th March 2024 at 7 pm\n"
        "Present:\n"
        "Councillor Ann Lee (Chair)\n"
        "Councillor Raj Patel (Vice-Chair, Planning and\n"
        "Development)\n"
        "Apologies: Councillors Ford and Okoro\n"
        "Minute 32/24 Declarations of Interest\n"
    )
    assert meta.council == "Eastmarsh District Council"
    assert meta.kind == "minutes"
    assert meta.body == "Planning Committee"
    assert (meta.date, meta.time) == ("2024-03-12", "19:00")
    assert meta.venue == "Civic Centre, Eastmarsh"
    assert meta.attendees == ["Councillor Ann Lee", "Councillor Raj Patel"]
    assert meta.apologies == ["Councillor Ford", "Councillor Okoro"]


def test_metadata_labelled_agenda_front_sheet() -> None:
    meta = _text_meta(
        "Northbridge Borough Council\n\nAGENDA\n\nLicensing Sub-Committee\n\n"
        "Date: 12/03/2024\nTime: 10.30 am\nPlace: Room 2, Northbridge Civic Centre\n\n"
        "Published 1 March 2024\n"
    )
    assert meta.council == "Northbridge Borough Council"
    assert meta.kind == "agenda"
    assert meta.body == "Licensing Sub-Committee"
    assert (meta.date, meta.time) == ("2024-03-12", "10:30")
    assert meta.venue == "Room 2, Northbridge Civic Centre"


def test_metadata_states_nothing_it_does_not_see() -> None:
    meta = _text_meta("Some notes about the weather.\n\nIt rained on 3 March 2024.")
    assert meta.model_dump() == {
        "council": None,
        "body": None,
        "date": None,
        "time": None,
        "venue": None,
        "kind": "unknown",
        "title": None,
        "attendees": [],
        "apologies": [],
        "urls": {},
        "extra": {},
    }


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Wednesday 30 November 2022", "2022-11-30"),
        ("Tuesday, 4 June 2024", "2024-06-04"),
        ("12th March 2024", "2024-03-12"),
        ("the 1st of March 2024", "2024-03-01"),
        ("12/03/2024", "2024-03-12"),
        ("2024-03-12", "2024-03-12"),
        ("March 12, 2024", "2024-03-12"),
        ("31/02/2024", None),
        ("2022/23", None),
    ],
)
def test_parse_date(text: str, expected: str | None) -> None:
    assert parse_date(text) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("7.00 pm", "19:00"),
        ("6.30pm", "18:30"),
        ("10 am", "10:00"),
        ("12.30 pm", "12:30"),
        ("12.15 a.m.", "00:15"),
        ("12 noon", "12:00"),
        ("18:30 hrs", "18:30"),
        ("at 4.00 pm.", "16:00"),
        ("2022/23", None),
    ],
)
def test_parse_time(text: str, expected: str | None) -> None:
    assert parse_time(text) == expected


def test_pdf_bytes_round_trip_through_reader(tmp_path: Path) -> None:
    path = _pdf(tmp_path / "two.pdf", [["First page", "Page 1"], ["Second page", "Page 2"]])
    pages = read_pdf_pages(path, path.read_bytes())
    assert [label for _, label in pages] == ["1", "2"]
    assert PdfReader(io.BytesIO(path.read_bytes())).pages[1].extract_text() == pages[1][0]


def test_moderngov_decision_details_html(tmp_path: Path) -> None:
    path = tmp_path / "decision.html"
    path.write_text(
        """<html><head><meta charset="utf-8"><title>Decision - Northbridge</title></head>
<body><div id="modgov"><h1 class="mgMainTitleTxt">Decision details</h1>
<div class="mgContent"><h2>Leisure Centre Contract Award</h2>
<dl class="mgDecisionDetails">
<dt>Decision Maker:</dt><dd>Cabinet</dd>
<dt>Decision status:</dt><dd>Recommendations Approved</dd>
<dt>Is Key decision?:</dt><dd>Yes</dd>
</dl>
<h3>Decisions:</h3><p><strong>RESOLVED:</strong> That the contract be awarded.</p>
<p><span class="mgLabel">Publication date:</span> 14/06/2024</p>
<p><span class="mgLabel">Date of decision:</span> 04/06/2024</p>
<p><span class="mgLabel">Decided at meeting:</span> 04/06/2024 - Cabinet</p>
</div></div></body></html>""",
        encoding="utf-8",
    )
    document = load_document(path)
    assert "Decision Maker:\n\nCabinet\n\nDecision status:" in document.text
    meta = document.metadata
    assert meta.kind == "decision"
    assert meta.title == "Leisure Centre Contract Award"
    assert (meta.body, meta.date) == ("Cabinet", "2024-06-04")
    assert meta.extra == {
        "decision_maker": "Cabinet",
        "decision_status": "Recommendations Approved",
        "key_decision": "Yes",
        "decision_date": "2024-06-04",
        "published": "2024-06-14",
    }
