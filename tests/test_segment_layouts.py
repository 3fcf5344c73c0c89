"""Other councils' layouts (fictional fixtures in tests/fixtures/layouts) and pack PDFs."""

from __future__ import annotations

import itertools
from pathlib import Path

import pytest

from pipeline.errors import InputError
from pipeline.ingest import load_document
from pipeline.models import Segmentation
from pipeline.segment import segment_document

LAYOUTS = Path(__file__).parent / "fixtures" / "layouts"


def _segment(path: Path) -> Segmentation:
    return segment_document(load_document(path))


def _rows(seg: Segmentation) -> list[tuple]:
    return [(i.number, i.title, i.kind, i.parent) for i in seg.items]


def _check_spans(seg: Segmentation) -> None:
    text = seg.document.text
    for item in seg.items:
        assert 0 <= item.start < item.end <= len(text)
        assert item.chunks[0].start == item.start and item.chunks[-1].end == item.end
        for decision in item.decisions:
            assert decision in text[item.start : item.end]
    for a, b in itertools.pairwise(seg.items):
        assert a.end <= b.start


def test_numbers_at_start_of_title_line_with_parts():
    seg = _segment(LAYOUTS / "northbridge-cabinet-minutes-inline.txt")
    assert _rows(seg) == [
        ("19", "Apologies for Absence", "procedural", None),
        ("20", "Declarations of Interest", "procedural", None),
        ("21", "Minutes of the Previous Meeting", "procedural", None),
        ("22", "Budget Monitoring 2024/25 - Quarter 1", "substantive", None),
        ("23", "Northbridge Library Strategy", "substantive", None),
        ("24", "Exclusion of the Press and Public", "procedural", None),
        ("25", "Land at Mill Lane", "substantive", None),
    ]
    _check_spans(seg)
    text = seg.document.text
    by = {i.number: i for i in seg.items}
    assert text[by["22"].start :].startswith("22. Budget Monitoring")
    # The numbered list inside item 22 and its paragraph numbers are not items.
    assert "2. Options for the capital programme" in text[by["22"].start : by["22"].end]
    # The PART B divider belongs to no item.
    assert "PART B" not in text[by["23"].start : by["23"].end]
    assert by["22"].decisions == [
        "To note the forecast overspend of £2.4m.",
        "To approve the virement of £300,000 from the contingency budget.",
        "To ask officers to report again in September 2024.",
    ]
    assert by["21"].decisions == [
        "RESOLVED that the minutes of the meeting held on 9 April 2024 be confirmed as a "
        "correct record."
    ]
    assert by["23"].decisions == [
        "It was agreed that the consultation responses would be published on the Council's website."
    ]
    assert by["25"].decisions == [
        "That the land be sold to the preferred bidder on the terms set out in the report."
    ]
    assert by["19"].decisions == [] and by["20"].decisions == []


def test_minute_numbers_with_year():
    seg = _segment(LAYOUTS / "eastmere-planning-minute-numbers.txt")
    assert [(i.number, i.title, i.kind) for i in seg.items] == [
        ("32/24", "Apologies", "procedural"),
        ("33/24", "Declarations of Interest", "procedural"),
        ("34/24", "24/00612/FUL Land East of Station Road", "substantive"),
        ("35/24", "Appeals Update", "substantive"),
        ("36/24", "Date of Next Meeting", "procedural"),
    ]
    by = {i.number: i for i in seg.items}
    assert seg.document.text[by["34/24"].start :].startswith("Minute 34/24 - ")
    assert by["34/24"].decisions == [
        "RESOLVED that planning permission be granted subject to the conditions in the "
        "officer's report and a section 106 agreement."
    ]
    assert by["35/24"].decisions == ["Members noted and agreed the appeals update."]
    _check_spans(seg)


def test_item_prefix_and_lettered_sub_items_in_markdown():
    seg = _segment(LAYOUTS / "westfold-licensing-item-subitems.md")
    assert _rows(seg) == [
        ("1", "Welcome and Introductions", "procedural", None),
        ("2", "Declarations of Interest", "procedural", None),
        ("3", "Premises Licence Applications", "substantive", None),
        ("(a)", "The Copper Kettle, 12 High Street", "substantive", "3"),
        ("(b)", "Riverside Social Club, Mill Walk", "substantive", "3"),
        ("(c)", "Late Night Food, 4 Station Parade", "substantive", "3"),
        ("4", "Any Other Business", "procedural", None),
    ]
    decisions = {i.number: i.decisions for i in seg.items}
    assert decisions["(a)"] == ["To grant the licence as applied for."]
    assert decisions["(c)"] == ["To refuse the application."]
    assert decisions["3"] == []  # the parent ends where its first sub-item begins
    _check_spans(seg)


def test_numbers_on_their_own_line_with_sub_items():
    seg = _segment(LAYOUTS / "fallowfield-scrutiny-numbers-alone.txt")
    assert _rows(seg) == [
        ("4", "Budget Monitoring", "substantive", None),
        ("5", "Hospital Discharge Review", "substantive", None),
        ("5a", "Discharge to Assess Pilot", "substantive", "5"),
        ("5b", "Community Beds Capacity", "substantive", "5"),
        ("6", "Work Programme", "substantive", None),
    ]
    assert [i.scheduled_time for i in seg.items] == [None, None, "10.45", "11.15", None]
    by = {i.number: i for i in seg.items}
    assert by["4"].decisions == ["That the panel would receive a further update in January."]
    assert by["5b"].decisions == ["To note the report."]
    _check_spans(seg)


def test_cmis_html_page():
    seg = _segment(LAYOUTS / "cmis-harrowgate-audit.html")
    assert [(i.number, i.title, i.kind) for i in seg.items] == [
        ("1", "Apologies for Absence", "procedural"),
        ("2", "Declarations of Interest", "procedural"),
        ("3", "Internal Audit Progress Report", "substantive"),
        ("4", "External Audit Plan 2024/25", "substantive"),
    ]
    by = {i.number: i for i in seg.items}
    assert by["3"].decisions == ["That the progress report be noted."]
    assert by["4"].decisions == ["That the External Audit Plan 2024/25 be approved."]
    _check_spans(seg)


def test_no_recognisable_items_is_one_item_with_a_warning():
    seg = _segment(LAYOUTS / "no-items-notice.txt")
    assert len(seg.items) == 1
    item = seg.items[0]
    assert (item.start, item.end) == (0, len(seg.document.text))
    assert seg.warnings and "no agenda items" in seg.warnings[0]


def test_html_page_without_meeting_content_is_refused():
    with pytest.raises(InputError, match="no agenda items found in this HTML page"):
        _segment(LAYOUTS / "random-page.html")


# --- agenda packs -------------------------------------------------------------------


def _write_pack_pdf(path: Path, pages: list[list[str]]) -> None:
    """A real PDF, one list of lines per page, with a printed "Page N" footer."""
    from fpdf import FPDF

    pdf = FPDF(format="A4")
    pdf.set_auto_page_break(False)
    pdf.set_font("Helvetica", size=10)
    for number, lines in enumerate(pages, start=1):
        pdf.add_page()
        for line in lines:
            pdf.cell(0, 6, line, new_x="LMARGIN", new_y="NEXT")
        pdf.set_y(-15)
        pdf.cell(0, 6, f"Page {number}", align="C")
    pdf.output(str(path))


PACK_PAGES = [
    [
        "Northbridge Borough Council - Health and Wellbeing Board",
        "AGENDA REPORTS PACK",
        "Thursday 7 March 2024 at 2.00 pm",
        "ORDER OF BUSINESS",
        "Item No Title Page No",
        "1 Welcome (Chair) (2 Minutes)",
        "2 Minutes of the Previous Meeting (Chair) (5 Minutes) 2 - 2",
        "3 Pharmacy Needs Assessment (Lena Marsh) (15 Minutes) 3 - 4",
        "4 Parks and Green Spaces Strategy (Omar Haddad) (10 Minutes) 5 - 5",
        "5 Date of the Next Meeting",
    ],
    [
        "MINUTES OF A MEETING OF THE HEALTH AND WELLBEING BOARD",
        "THURSDAY 11 JANUARY 2024",
        "1 Welcome",
        "1.1 The Chair welcomed those present.",
        "2 Pharmacy Needs Assessment",
        "2.1 The Board noted the timetable for the assessment.",
        "3 Parks and Green Spaces Strategy",
        "RESOLVED: To note the update.",
    ],
    [
        "Pharmacy Needs Assessment",
        "1. Purpose",
        "The assessment maps community pharmacy provision across the borough.",
        *[f"Locality {n} has good access to a pharmacy within a short walk." for n in range(20)],
    ],
    [
        "2. Findings",
        "There are 41 community pharmacies, one for every 6,000 residents.",
        *[f"Opening hours in locality {n} meet the needs of residents." for n in range(20)],
    ],
    [
        "Open land plan 2025-2030",
        "A plan for every open area in Northbridge, drafted with the Friends groups.",
    ],
]


def test_pack_pdf_with_matching_printed_pages(tmp_path):
    path = tmp_path / "northbridge-hwb-pack.pdf"
    _write_pack_pdf(path, PACK_PAGES)
    document = load_document(path)
    assert [p.label for p in document.pages] == ["1", "2", "3", "4", "5"]
    seg = segment_document(document)
    assert [(i.number, i.title, i.kind) for i in seg.items] == [
        ("1", "Welcome", "procedural"),
        ("2", "Minutes of the Previous Meeting", "procedural"),
        ("3", "Pharmacy Needs Assessment", "substantive"),
        ("4", "Parks and Green Spaces Strategy", "substantive"),
        ("5", "Date of the Next Meeting", "procedural"),
    ]
    by = {i.number: i for i in seg.items}
    assert (by["2"].pages, by["3"].pages, by["4"].pages) == ((2, 2), (3, 4), (5, 5))
    assert by["3"].printed_pages == (3, 4)
    text = document.text
    # The previous minutes' "2 Pharmacy Needs Assessment" is inside item 2, not item 3.
    assert text[by["3"].start :].startswith("Pharmacy Needs Assessment\n1. Purpose")
    # Item 4's report never prints its title: the printed page label places it.
    assert text[by["4"].start :].startswith("Open land plan 2025-2030")
    assert (by["1"].pages, by["5"].pages) == ((1, 1), (1, 1))
    assert by["2"].decisions == []  # earlier meeting's decisions are not this meeting's


def test_pack_text_reports_without_titles_are_interpolated(tmp_path):
    """A text copy: no page labels; an untitled report lands at its blank-page boundary."""
    filler = "\n\n".join(
        f"{n}.{k} The Board discussed matter {k} of item {n} at some length."
        for n in (2, 3)
        for k in range(1, 30)
    )
    text = "\n\n".join(
        [
            "Westfold Town Council",
            "ORDER OF BUSINESS",
            "1\tApologies for Absence\t",
            "2\tMinutes of the Previous Meeting\t3 - 6",
            "3\tAllotments Review (Sam Lee) (10 Minutes)\t7 - 8",
            "4\tTown Centre Footfall Report\t9 - 10",
            "MINUTES OF THE MEETING OF THE TOWN COUNCIL HELD ON 2 MAY 2024",
            "1 Apologies",
            "2 Allotments Review",
            filler,
            "This page is intentionally left blank",
            "Plot waiting list and rents",
            "There are 212 households on the waiting list.",
            "This page is intentionally left blank",
            "Title of Report\tTown Centre Footfall Report",
            "Footfall rose by 4% in the year to March.",
        ]
    )
    path = tmp_path / "westfold-pack.txt"
    path.write_text(text + "\n", encoding="utf-8")
    seg = _segment(path)
    by = {i.number: i for i in seg.items}
    assert [i.title for i in seg.items] == [
        "Apologies for Absence",
        "Minutes of the Previous Meeting",
        "Allotments Review",
        "Town Centre Footfall Report",
    ]
    body = seg.document.text
    assert body[by["2"].start :].startswith("MINUTES OF THE MEETING")
    assert body[by["3"].start :].startswith("Plot waiting list and rents")
    assert body[by["4"].start :].startswith("Title of Report\tTown Centre Footfall Report")
    assert "2 Allotments Review" in body[by["2"].start : by["2"].end]
    assert by["3"].presenter == "Sam Lee" and by["3"].printed_pages == (7, 8)


def _write_minutes_pdf(path: Path, pages: list[list[str]]) -> None:
    """A minutes PDF with a running header on every page and a "Page N" footer."""
    from fpdf import FPDF

    pdf = FPDF(format="A4")
    pdf.set_auto_page_break(False)
    pdf.set_font("Helvetica", size=10)
    for number, lines in enumerate(pages, start=1):
        pdf.add_page()
        pdf.cell(0, 6, "Audit Committee - 12 November 2024", new_x="LMARGIN", new_y="NEXT")
        for line in lines:
            pdf.cell(0, 6, line, new_x="LMARGIN", new_y="NEXT")
        pdf.set_y(-15)
        pdf.cell(0, 6, f"Page {number}", align="C")
    pdf.output(str(path))


def test_pdf_page_breaks_inside_headings_and_decisions(tmp_path):
    path = tmp_path / "harrowgate-audit-minutes.pdf"
    _write_minutes_pdf(
        path,
        [
            ["Harrowgate City Council", "Minutes", "1.", "Apologies for Absence", "None."],
            ["2.", "Declarations of Interest", "None were declared.", "3."],
            [
                "Treasury Management Strategy",
                "The Head of Finance presented the strategy.",
                "RESOLVED: That the Treasury Management Strategy 2025/26 be recommended to",
            ],
            ["Council for approval.", "4.", "Work Programme", "Members noted and agreed it."],
        ],
    )
    seg = _segment(path)
    assert [(i.number, i.title) for i in seg.items] == [
        ("1", "Apologies for Absence"),
        ("2", "Declarations of Interest"),
        ("3", "Treasury Management Strategy"),
        ("4", "Work Programme"),
    ]
    text = seg.document.text
    by = {i.number: i for i in seg.items}
    assert by["3"].pages == (2, 4)
    (decision,) = by["3"].decisions
    assert decision.startswith("That the Treasury Management Strategy 2025/26")
    # Continued across the page break, without the footer and running header between.
    before, after = decision.split("\n")
    assert after == "Council for approval." and before in text and after in text
    assert "Page 3" not in decision and "Audit Committee" not in decision
    # The running header and footer before item 4's heading are not item 3's content.
    assert text[by["3"].start : by["3"].end].endswith("Council for approval.")
    assert by["2"].end <= text.index("Page 2")
    assert by["4"].decisions == ["Members noted and agreed it."]
