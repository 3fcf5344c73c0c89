"""Segmentation of the real Hackney corpus: the expected items of ../shared/corpus/README.md.

Every document goes through the real ingest (``load_document``) and is checked in its
text and PDF versions.
"""

from __future__ import annotations

import itertools
from pathlib import Path

import pytest

from pipeline.ingest import load_document
from pipeline.models import Document, Segmentation
from pipeline.segment import segment_document

MINUTES = [
    ("1", "Apologies for Absence", "procedural", None),
    ("2", "Urgent Items / Order of Business", "procedural", None),
    ("3", "Declarations of Interest", "procedural", None),
    ("4", "Children's Social Care Data Briefing", "substantive", "19.05"),
    ("5", "Children and Families Service - Budget Monitoring", "substantive", "19.55"),
    ("6", "SEND Strategy 2022-2025", "substantive", "20.30"),
    ("7", "Child Q Safeguarding Practice Review", "substantive", "21.20"),
    ("8", "Housing Support for Care Leavers", "substantive", "21.25"),
    ("9", "Work Programme 2022/23", "substantive", "21.20"),
    ("10", "Minutes of the Previous Meeting", "procedural", None),
    ("11", "Any Other Business", "procedural", None),
]
MINUTES_DECISIONS = {
    "7": ["Members noted and agreed the letter."],
    "8": ["The Commission noted and agreed to the recommendations."],
    "9": ["Members noted and agreed the work programme."],
    "10": [
        "The minutes of the meetings held on 29th September 2022 and October 31st 2022 "
        "were noted and agreed."
    ],
}
PACK = [
    ("1", "Welcome", "procedural", None),
    (
        "2",
        "Appointment of James O'Neill, Borough Commander for Hackney, London Fire Brigade "
        "as a Member of the Board",
        "substantive",
        None,
    ),
    ("3", "Declarations of Interest - Members to Declare as Appropriate", "procedural", None),
    ("4", "Minutes of the Previous Meeting", "procedural", (7, 30)),
    ("5", "Action Tracker", "substantive", (31, 32)),
    ("6", "Questions from Members of the Public", "substantive", (33, 34)),
    ("7", "Childrens Annual Safeguarding Report", "substantive", (35, 226)),
    ("8", "CYP commissioning Update", "substantive", (227, 246)),
    ("9", "Start for Life and Family Hubs update", "substantive", (247, 254)),
    ("10", "Hackney Anti-Racism Action Plan - Update", "substantive", (255, 266)),
    ("11", "Discussion and Next Steps", "substantive", None),
    ("12", "Date of the next Meeting", "procedural", None),
]


def _flat(text: str) -> str:
    """Whitespace-insensitive form: PDF text wraps lines where the text copy does not."""
    return " ".join(text.split())


def check_spans(seg: Segmentation, *, in_order: bool = True) -> None:
    """Spans inside the text, non-overlapping, chunks tiling each item, pages consistent."""
    doc = seg.document
    items = seg.items if in_order else sorted(seg.items, key=lambda i: i.start)
    for item in items:
        assert 0 <= item.start < item.end <= len(doc.text), item.number
        assert doc.text[item.start : item.end].strip(), item.number
        assert item.chunks and item.chunks[0].start == item.start
        assert item.chunks[-1].end == item.end
        for a, b in itertools.pairwise(item.chunks):
            assert a.end == b.start
        for decision in item.decisions:
            assert decision in doc.text[item.start : item.end]
        if doc.pages:
            assert item.pages == doc.page_range(item.start, item.end)
            first = doc.pages[item.pages[0] - 1]
            assert first.start <= item.start <= first.end
        else:
            assert item.pages is None
    for a, b in itertools.pairwise(items):
        assert a.end <= b.start, (a.number, b.number)


def check_items(seg: Segmentation, expected: list[tuple]) -> None:
    got = [(i.number, i.title, i.kind) for i in seg.items]
    assert got == [(n, t, k) for n, t, k, _ in expected]


def _load(corpus: Path, name: str) -> tuple[Document, Segmentation]:
    document = load_document(corpus / name)
    return document, segment_document(document)


@pytest.fixture(scope="module", params=["txt", "pdf"])
def minutes(request, corpus):
    return _load(corpus, f"minutes-cyp-scrutiny-2022-11-30.{request.param}")


@pytest.fixture(scope="module", params=["txt", "pdf"])
def pack(request, corpus):
    return _load(corpus, f"agenda-pack-hwb-2023-01-26.{request.param}")


def test_minutes_items(minutes):
    _, seg = minutes
    check_items(seg, MINUTES)
    assert [i.scheduled_time for i in seg.items] == [m[3] for m in MINUTES]
    assert seg.warnings == []
    check_spans(seg)


def test_minutes_items_start_at_their_heading(minutes):
    document, seg = minutes
    for item in seg.items:
        text = document.text[item.start : item.end]
        assert text.startswith(f"{item.number}.\n")
        assert item.title in _flat(text[:300])
        # The item runs to just before the next heading: nothing of the next item.
        assert "Minutes:" in text
        assert text.count("Minutes:") == 1


def test_minutes_decisions(minutes):
    _, seg = minutes
    for item in seg.items:
        want = MINUTES_DECISIONS.get(item.number, [])
        assert [_flat(d) for d in item.decisions] == want, item.number


def test_minutes_truncated_items_are_flagged(minutes):
    _, seg = minutes
    assert [i.number for i in seg.items if i.truncated] == ["4", "5", "6"]


def test_minutes_pdf_pages_hold_the_heading(corpus):
    document, seg = _load(corpus, "minutes-cyp-scrutiny-2022-11-30.pdf")
    assert document.pages
    for item in seg.items:
        assert item.pages is not None and item.pages[0] <= item.pages[1]
        first = document.pages[item.pages[0] - 1]
        page_text = _flat(document.text[first.start : first.end])
        assert _flat(document.text[item.start : item.start + 3]) in page_text
    assert seg.items[0].pages == (1, 1)
    assert seg.items[-1].pages[1] == len(document.pages)
    # Item 6's number and title sit on either side of a page break: one item, two pages.
    six = seg.items[5]
    assert six.pages[0] < six.pages[1]


def test_agenda_item_page(corpus):
    document, seg = _load(corpus, "agenda-item-chscp-annual-report-2022-23.txt")
    assert len(seg.items) == 1
    item = seg.items[0]
    assert item.title == "City & Hackney Safeguarding Children Partnership - Annual Report"
    assert item.number == "4"  # from the paragraph numbering 4.1 ... 4.13
    assert item.scheduled_time == "19.05"
    assert item.kind == "substantive"
    assert len(item.decisions) == 1
    assert item.decisions[0].startswith(
        "That the Commission would write to the DfE setting out its concerns around the "
        "amended Working Together safeguarding children arrangements"
    )
    text = document.text[item.start : item.end]
    assert text.startswith("City & Hackney Safeguarding Children Partnership - Annual Report")
    assert "4.13" in text
    assert not text.rstrip().endswith("Supporting documents:")
    assert len(item.chunks) > 1  # about 4,000 tokens at 1,500 per chunk
    check_spans(seg)


@pytest.mark.parametrize("suffix", ["txt", "pdf"])
def test_decision_details_page(corpus, suffix):
    document, seg = _load(corpus, f"decision-hwb-chscp-annual-report-2022-03-09.{suffix}")
    assert len(seg.items) == 1
    item = seg.items[0]
    assert item.title == "City and Hackney Safeguarding Children Partnership Annual Report"
    assert item.number == "7"
    assert item.kind == "substantive"
    assert item.decisions == ["To note the report"]
    text = document.text[item.start : item.end]
    assert text.startswith(item.title)
    assert "7.10" in text and "Publication date: 12/05/2022" in text
    assert not text.rstrip().endswith("Accompanying Documents:")
    check_spans(seg)


def test_pack_items(pack):
    _, seg = pack
    check_items(seg, PACK)
    assert [i.printed_pages for i in seg.items] == [p[3] for p in PACK]
    assert all(i.decisions == [] for i in seg.items)  # a pack records no decisions
    check_spans(seg, in_order=False)


def test_pack_presenters_and_slots(pack):
    _, seg = pack
    by = {i.number: i for i in seg.items}
    assert (by["7"].presenter, by["7"].duration) == ("Rory McCallum", "15 Minutes")
    assert (by["1"].presenter, by["1"].duration) == ("Chair", "1 Minute")
    assert by["10"].presenter == "Sonia Khan and Addicus Cort"
    assert by["12"].presenter is None and by["12"].duration is None
    assert all(i.scheduled_time is None for i in seg.items)


def test_pack_reports_located_by_title(pack):
    document, seg = pack
    text = document.text
    by = {i.number: i for i in seg.items}
    table = text.index("ORDER OF BUSINESS")
    body = text.index("Date of the next Meeting", table)
    for number in ("1", "2", "3", "11", "12"):  # no report: the row of the table
        item = by[number]
        assert table < item.start < item.end <= body + len("Date of the next Meeting")
        assert text[item.start : item.end].startswith(number)
    assert text[by["4"].start :].startswith("MINUTES OF A MEETING OF THE HEALTH AND WELLBEING")
    assert text[by["5"].start :].startswith("Ref")  # the tracker table; no title printed
    assert text[by["6"].start :].startswith("Questions from Members of the Public")
    for number, title in (
        ("7", "CHSCP Annual Report 2021/22"),
        ("8", "Children and young people commissioning update"),
        ("9", "Start for Life and Family Hubs Update"),
        ("10", "Hackney Anti-Racism Action Plan - update"),
    ):
        head = _flat(text[by[number].start : by[number].start + 120])
        assert head.startswith(f"Title of Report {title}")
    starts = [by[n].start for n in ("4", "5", "6", "7", "8", "9", "10")]
    assert starts == sorted(starts)
    assert by["10"].end > len(text) - 200  # the last report runs to the end of the pack


def test_pack_previous_minutes_stay_inside_item_4(pack):
    document, seg = pack
    item4 = next(i for i in seg.items if i.number == "4")
    inside = document.text[item4.start : item4.end]
    assert "WEDNESDAY 9 NOVEMBER 2022" in inside
    assert "7. Community Voice - Cost of Living Update" in inside
    assert "Low Traffic Neighbourhoods" in inside  # the attached responses, too
    titles = {i.title for i in seg.items}
    assert "Community Voice - Cost of Living Update" not in titles
    assert len(seg.items) == 12


def test_pack_pdf_pages(corpus, pack):
    document, seg = pack
    if not document.pages:
        pytest.skip("text version: no pages")
    by = {i.number: i for i in seg.items}
    # The re-typeset PDF's printed labels do not match the table: the pages are where the
    # reports really are, the table's numbers stay in printed_pages.
    assert by["4"].pages[0] < 7
    assert by["10"].pages[1] == len(document.pages)
    assert by["7"].pages[1] - by["7"].pages[0] > 50
    for item in seg.items:
        first = document.pages[item.pages[0] - 1]
        assert first.start <= item.start <= first.end
