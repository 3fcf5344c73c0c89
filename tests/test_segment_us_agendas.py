"""US agendas (Granicus, Legistar, Crystal Reports, pdftotext copies): item numbers set
apart from their titles, sections over lists that count afresh, listed unnumbered
business before the numbered items, and verbatim records (Hansard) told from minutes.

Each test is one behaviour, shown on a real document of the project's corpus (dev split)
where there is one; the HTML list markers are shown on a page written here, as the corpus
has no dev HTML agenda that letters its lists.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from corpus_fixtures import CORPUS, segment_corpus

from pipeline.ingest import load_document
from pipeline.ingest.verbatim import chamber, is_verbatim_record
from pipeline.models import Segmentation
from pipeline.segment import segment_document


def _top(seg: Segmentation) -> list[str]:
    return [item.title for item in seg.items if not item.parent]


def test_sections_over_lists_counting_afresh_are_the_items() -> None:
    """ "CONSENT ITEMS" 1-3, "PRESENTATION ITEMS" 1-2, "ACTION ITEMS" 1-3, "REPORTS" 1-4,
    "CLOSED SESSION" 1-2: the count restarts under each section, so the sections are the
    items and the numbered entries their children; "OPERATIONS' REPORT", set between
    entries 2 and 3 of the reports, is part of entry 2."""
    seg = segment_corpus("us-sacramento-metro-fire/board-agenda-2020-02-27.md")
    top = _top(seg)
    for section in (
        "CONSENT ITEMS",
        "PRESENTATION ITEMS",
        "ACTION ITEMS",
        "REPORTS",
        "BOARD MEMBER QUESTIONS AND COMMENTS",
        "CLOSED SESSION",
        "ADJOURNMENT",
    ):
        assert top.count(section) == 1, section
    assert top[-1] == "ADJOURNMENT"
    assert not any(title.startswith("OPERATIONS") for title in top)
    children = [(item.number, item.parent) for item in seg.items if item.parent]
    assert children[:3] == [("1", "CONSENT ITEMS"), ("2", "CONSENT ITEMS"), ("3", "CONSENT ITEMS")]
    assert ("4", "REPORTS") in children


def test_listed_business_with_descriptions_before_the_numbered_items() -> None:
    """Unnumbered headings, each over a paragraph ("ANNOUNCEMENTS/NON-AGENDA PUBLIC
    COMMENT" / "This portion of the agenda ..."), listed above "AGENDA ITEMS" and "ITEM 1:"
    (with a note "Continued from ..." set further right between): items; the meeting
    notice's run-in labels above them ("To join by telephone:") are not."""
    top = _top(segment_corpus("us-san-diego/planning-commission-agenda-2022-09-29.pdf"))
    assert top[:6] == [
        "ANNOUNCEMENTS/NON-AGENDA PUBLIC COMMENT",
        "REQUESTS FOR ITEMS TO BE CONTINUED AND/OR WITHDRAWN",
        "REQUEST FOR ITEMS TO BE PLACED ON CONSENT AGENDA",
        "APPROVAL OF THE AGENDA",
        "DIRECTOR'S REPORT",
        "COMMISSION COMMENT",
    ]
    # The CEQA marker "*" before a title does not hide the item.
    assert top[6].startswith("*3903 HAINES STREET")
    assert not any("telephone" in title.lower() for title in top)


def test_html_lists_keep_the_markers_a_browser_shows(tmp_path: Path) -> None:
    """A consent calendar lettered by ``type="a"`` (or CSS ``list-style-type``) inside
    the numbered agenda: its entries read "a.", "b.", so they do not continue or restart
    the items' count."""
    page = tmp_path / "agenda.html"
    page.write_text(
        "<html><body><h1>City of Example</h1><h2>City Council Agenda</h2>"
        "<p>Tuesday, March 14, 2023 at 6:00 PM</p><ol>"
        "<li>CALL TO ORDER</li><li>ROLL CALL</li><li>CONSENT CALENDAR"
        '<ol type="a"><li>Approval of Minutes</li><li>Warrant Register</li></ol></li>'
        '<li>PUBLIC HEARINGS<ol style="list-style-type: upper-roman">'
        "<li>Zoning Text Amendment</li></ol></li><li>ADJOURNMENT</li></ol></body></html>",
        encoding="utf-8",
    )
    document = load_document(page)
    assert "a. Approval of Minutes" in document.text
    assert "I. Zoning Text Amendment" in document.text
    seg = segment_document(document)
    assert [(item.number, item.title) for item in seg.items if not item.parent] == [
        ("1", "CALL TO ORDER"),
        ("2", "ROLL CALL"),
        ("3", "CONSENT CALENDAR"),
        ("4", "PUBLIC HEARINGS"),
        ("5", "ADJOURNMENT"),
    ]


def test_minutes_and_agendas_are_not_verbatim_records() -> None:
    """Minutes report business in the third person, agendas announce it: neither reads as
    a Hansard, so neither becomes a transcript."""
    for name in (
        "us-des-moines/city-council-meeting-report-2005-05-09.pdf",
        "uk-bristol/transport-connectivity-committee-minutes-2024-09-12.pdf",
        "us-huntsville/council-agenda-2026-06-25.pdf",
    ):
        document = load_document(CORPUS / name)
        assert not is_verbatim_record(document.text), name
        assert document.metadata.kind != "transcript", name


def test_a_legislature_is_named_from_the_cover_of_its_record() -> None:
    cover = "LEGISLATIVE ASSEMBLY OF MANITOBA\nDebates and Proceedings\nOfficial Report (Hansard)"
    assert chamber(cover) == ("Legislative Assembly of Manitoba", "Legislative Assembly")
    assert chamber("CITY COUNCIL\nMinutes of the meeting") is None


def test_agenda_references_printed_after_the_titles_number_the_items() -> None:
    """School board minutes: "Call to Order (A)", "High School Student Council Reports
    (E-1)", "Consent Calendar Approved (G-1/G-13)" then "Personnel (G-1)" .. "(G-13)",
    "Closed Session (B) (continued)": the reference is the number, the entries inside a
    printed range are its children."""
    seg = segment_corpus("us-san-juan-unified/board-minutes-2020-01-14.md")
    top = [(item.number, item.title) for item in seg.items if not item.parent]
    assert top[:3] == [
        ("A", "Call to Order"),
        ("B", "Recess: Closed Session"),
        ("C", "Reconvene Open Session/Pledge of Allegiance"),
    ]
    assert ("G-1/G-13", "Consent Calendar Approved") in top
    assert ("I-5 a,b,c,d", "Tentative Agreements: SJTA, SJPEC, SJSA, Teamsters") in top
    assert top[-2:] == [("B", "Closed Session (continued)"), ("M", "Adjournment")]
    children = [item.number for item in seg.items if item.parent == "G-1/G-13"]
    assert children == [f"G-{n}" for n in range(1, 14)]


def test_numbers_in_a_column_drawn_after_their_titles(tmp_path: Path) -> None:
    """A PDF table whose title cells are drawn before the number cells to their left, on
    one baseline: pypdf reads "CALL TO ORDER1.", the number glued after the title. The
    numbers still count the items and the titles lose them."""
    from fpdf import FPDF

    pdf = FPDF()
    pdf.add_page()
    pdf.set_font("Helvetica", size=11)
    pdf.cell(0, 8, "CITY COUNCIL REGULAR MEETING AGENDA", align="C", new_x="LMARGIN", new_y="NEXT")
    pdf.cell(0, 8, "Tuesday, March 14, 2023 at 6:00 PM", align="C", new_x="LMARGIN", new_y="NEXT")
    titles = ["CALL TO ORDER", "ROLL CALL", "CONSENT CALENDAR", "PUBLIC HEARINGS", "ADJOURNMENT"]
    y = pdf.get_y() + 5
    for number, title in enumerate(titles, start=1):
        pdf.set_xy(40, y)
        pdf.cell(150, 6, title)
        pdf.set_xy(15, y)
        pdf.cell(15, 6, f"{number}.")
        y += 9
    path = tmp_path / "agenda.pdf"
    pdf.output(str(path))
    document = load_document(path)
    assert "CALL TO ORDER1." in document.text  # how the text layer reads
    seg = segment_document(document)
    assert [(item.number, item.title) for item in seg.items] == [
        (str(n), title) for n, title in enumerate(titles, start=1)
    ]


def test_a_file_number_column_between_number_and_title(tmp_path: Path) -> None:
    """Legistar and Granicus tables extracted cell by cell: "1." / "23-0411" / "Approval
    of Minutes", or "2. 23-0412 Warrant Register" on one line: the file number is neither
    the title nor a part of it, and the last item's own title ("6." / "ADJOURNMENT") is
    not a second closing item."""
    agenda = tmp_path / "agenda.txt"
    agenda.write_text(
        "CITY OF EXAMPLE\nCITY COUNCIL\nMeeting Agenda\nTuesday, March 14, 2023 6:00 PM\n"
        "1.\n23-0411\nApproval of Minutes\n"
        "2. 23-0412 Warrant Register No. 22\n"
        "3.\n*23-0413\nAgreement with County for Animal Services\n"
        "4.\n23-0420\nOrdinance Amending Chapter 12 Regarding Parking\n"
        "5.\nADJOURNMENT\n",
        encoding="utf-8",
    )
    seg = segment_document(load_document(agenda))
    assert [(item.number, item.title) for item in seg.items] == [
        ("1", "Approval of Minutes"),
        ("2", "Warrant Register No. 22"),
        ("3", "Agreement with County for Animal Services"),
        ("4", "Ordinance Amending Chapter 12 Regarding Parking"),
        ("5", "ADJOURNMENT"),
    ]


def test_lists_under_markdown_headings_are_the_headings_children() -> None:
    """Township minutes: "## COMMENTS FROM CLERK OR TREASURER" then "1." .. "5.",
    "## CORRESPONDENCE", a paragraph, then "1." .. "7.", "## NEW BUSINESS" then "1.":
    the headings are the items, the lists their children (not items counting 1 to 7)."""
    seg = segment_corpus("us-north-star-township/minutes-2021-03-15.md")
    top = _top(seg)
    assert top[:3] == ["CALL TO ORDER", "MINUTES APPROVAL", "REVIEW AND APPROVE PAYROLL AND CLAIMS"]
    assert "CORRESPONDENCE" in top and "NEW BUSINESS" in top
    assert top[-1] == "ADJOURNMENT"
    assert {item.parent for item in seg.items if item.parent} >= {
        "COMMENTS FROM CLERK OR TREASURER",
        "CORRESPONDENCE",
    }


@pytest.mark.parametrize(
    ("name", "council"),
    [
        ("us-san-juan-water-district/board-agenda-2018-01-24.md", "San Juan Water District"),
        (
            "us-sacramento-metro-fire/board-agenda-2020-02-27.md",
            "Sacramento Metropolitan Fire District",
        ),
        ("us-los-rios-ccd/board-minutes-2020-03-11.md", "Los Rios Community College District"),
        ("us-san-juan-unified/board-minutes-2020-01-14.md", "San Juan Unified School District"),
        ("us-rtd-denver/board-minutes-2018-02-27.txt", "Regional Transportation District"),
    ],
)
def test_a_special_district_names_itself_in_its_header(name: str, council: str) -> None:
    """Water, fire, school, college and transit districts head their papers with their
    own name; that name, not a city, is the council."""
    assert load_document(CORPUS / name).metadata.council == council


@pytest.mark.parametrize(
    ("name", "body"),
    [
        ("us-ladwp/board-agenda-2022-01-25.pdf", "Board of Water and Power Commissioners"),
        (
            "us-sacramento-county-office-of-education/board-agenda-2023-03-07.html",
            "Sacramento County Board of Education",
        ),
        ("us-sacramento-metro-fire/board-agenda-2020-02-27.md", "Board of Directors"),
    ],
)
def test_a_board_heading_its_agenda_is_the_body(name: str, body: str) -> None:
    """ "BOARD OF WATER AND POWER COMMISSIONERS" over a city department's agenda: the board
    meets, not the city's council."""
    assert load_document(CORPUS / name).metadata.body == body


def test_a_letterhead_with_city_of_above_the_place() -> None:
    """ "CITY OF" / "ROLLING HILLS ESTATES 4045 PALOS VERDES DRIVE NORTH ...", then "CITY
    COUNCIL" and "AMENDED AGENDA": the city is the council, the amendment is no body."""
    meta = load_document(
        CORPUS / "us-rolling-hills-estates/city-council-agenda-2022-12-13.pdf"
    ).metadata
    assert (meta.council, meta.body) == ("City of Rolling Hills Estates", "City Council")


HANSARD = [
    ("LEGISLATIVE ASSEMBLY OF EXAMPLE", "title"),
    ("Debates and Proceedings", "title"),
    ("Tuesday, November 19, 2024", "title"),
    ("MEMBERS", "rubric"),
    ("ALLUM, James  Fort Garry  NDP", "text"),
    ("The House met at 1:30 p.m.", "text"),
    ("ROUTINE PROCEEDINGS", "rubric"),
    ("INTRODUCTION OF BILLS", "rubric"),
    ("Bill 5-The Safer Streets Act", "topic"),
    ("Hon. Matt Wiebe (Minister of Justice): I move that Bill 5 be now read a first time.", "text"),
    ("Mr. Speaker: Is it the pleasure of the House to adopt the motion?", "text"),
    ("Some Honourable Members: Agreed.", "text"),
    ("ORAL QUESTIONS", "rubric"),
    ("Emergency Room Wait Times", "topic"),
    ("Mrs. Heather Stefanson (Tuxedo): Mr. Speaker, wait times are up again.", "text"),
    ("Hon. Wab Kinew (Premier): Mr. Speaker, we are hiring nurses.", "text"),
    ("Mr. Speaker: Order, please. The honourable member for Lac du Bonnet.", "text"),
    ("Mr. Wayne Ewasko (Lac du Bonnet): Mr. Speaker, on a point of order.", "text"),
    ("Mr. Speaker: Order, please.", "text"),
    ("Health-Care Staffing", "topic"),
    ("Mr. Obby Khan (Fort Whyte): Mr. Speaker, another question.", "text"),
    ("Hon. Uzoma Asagwara (Minister of Health): Mr. Speaker, the answer.", "text"),
    ("ORDERS OF THE DAY", "rubric"),
    ("GOVERNMENT BUSINESS", "rubric"),
    ("Bill 2-The Budget Implementation Act", "topic"),
    ("Mr. Speaker: Resuming debate on second reading of Bill 2.", "text"),
    ("Mr. Josh Guenter (Borderland): Mr. Speaker, I rise to speak.", "text"),
    ("Mr. Speaker: The hour being 5 p.m., this House is adjourned.", "text"),
]


def test_a_hansard_is_a_transcript_whose_items_are_the_order_of_business(
    tmp_path: Path,
) -> None:
    """A legislature's verbatim record: speaker turns under rubrics in capitals ("ROUTINE
    PROCEEDINGS", "ORAL QUESTIONS") and topics in bold ("Emergency Room Wait Times"). It
    is kind transcript; its items are the rubrics from the first turn's block on, not the
    topics and not the cover's members' list."""
    from fpdf import FPDF

    pdf = FPDF()
    pdf.add_page()
    for text, role in HANSARD:
        pdf.set_font("Helvetica", style="B" if role == "topic" else "", size=10)
        align = "L" if role == "text" else "C"
        pdf.multi_cell(0, 5, text, align=align, new_x="LMARGIN", new_y="NEXT")
    path = tmp_path / "hansard.pdf"
    pdf.output(str(path))
    document = load_document(path)
    meta = document.metadata
    assert (meta.kind, meta.council, meta.body) == (
        "transcript",
        "Legislative Assembly of Example",
        "Legislative Assembly",
    )
    assert [item.title for item in segment_document(document).items] == [
        "ROUTINE PROCEEDINGS",
        "INTRODUCTION OF BILLS",
        "ORAL QUESTIONS",
        "ORDERS OF THE DAY",
        "GOVERNMENT BUSINESS",
    ]


def test_an_agenda_running_to_its_adjournment_before_its_papers() -> None:
    """Denver RTD's board packet: roman numerals "I." .. "XVI." alone on their lines, the
    last "Adjourn", then the attached reports with their own headings in capitals
    ("BOARD OF DIRECTORS REPORT", "BACKGROUND"): the agenda's list is the items."""
    top = [
        (item.number, item.title)
        for item in segment_corpus("us-rtd-denver/board-packet-2018-02-27.txt").items
        if not item.parent
    ]
    assert top[0] == ("I", "Call to Order")
    assert top[-1] == ("XVI", "Adjourn")
    assert not any(title in ("BACKGROUND", "BOARD OF DIRECTORS REPORT") for _, title in top)


def test_an_inserted_letter_after_the_reference_number() -> None:
    """ "Recognition: 2020 Classified Employees of the Year (E-1a)": a reference with a
    letter after its number is a reference too."""
    numbers = [
        item.number
        for item in segment_corpus("us-san-juan-unified/board-minutes-2020-01-28.md").items
        if not item.parent
    ]
    assert "E-1a" in numbers and "E-1b" in numbers
