"""The document's outline on real dev documents (``evals/corpus``, dev split only): which
numbered lines are the items, which are lists inside them, and where an agenda's items
find their reports.

Unnumbered section headings over numbered lists that count afresh under each are the
items; an agenda whose reports follow it gives each item its report's pages; page numbers
are not items.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from corpus_fixtures import CORPUS, segment_corpus

from pipeline.ingest import load_document
from pipeline.segment import segment_document
from pipeline.segment.headings import numbered_candidates
from pipeline.segment.layouts import Source
from pipeline.segment.lines import page_furniture, split_lines
from pipeline.segment.typography import typography


def test_section_headings_over_lists_counting_afresh_are_the_items() -> None:
    """ "CONSENT ITEMS" 1-3, "PRESENTATION ITEMS" 1-2, "ACTION ITEMS" 1-3, "REPORTS" 1-4,
    "CLOSED SESSION" 1-2: the sections are the items, their entries children; the lettered
    parts of an entry ("A. Comprehensive Annual Financial Report") are not items."""
    seg = segment_corpus("us-sacramento-metro-fire/board-agenda-2020-02-27.md")
    top = [item.title for item in seg.items if not item.parent]
    for section in ("CONSENT ITEMS", "PRESENTATION ITEMS", "ACTION ITEMS", "REPORTS"):
        assert top.count(section) == 1  # "CONSENT ITEMS" is printed twice
    assert top[-3:] == ["BOARD MEMBER QUESTIONS AND COMMENTS", "CLOSED SESSION", "ADJOURNMENT"]
    actions = [item.number for item in seg.items if item.parent == "ACTION ITEMS"]
    assert actions == ["1", "2", "3"]
    assert not any("Governance Letter" in title for title in top)


def test_a_resolution_list_under_its_lead_in_stays_inside_a_numbered_item() -> None:
    """Bold numbered items "1".."11"; "That the Committee for Transport and
    Connectivity:" over "1. Noted ...", "2. Authorised ..." twice: lists inside items."""
    seg = segment_corpus("uk-bristol/transport-connectivity-committee-minutes-2026-03-19.pdf")
    numbers = [item.number for item in seg.items if not item.parent]
    assert numbers == [str(n) for n in range(1, 12)]


def test_an_agenda_item_starts_at_its_staff_report_in_the_pack() -> None:
    """Items 1-9 on pages 1-2, then the staff report labelled "AGENDA ITEM #6" on pages
    3-5: item 6 covers its report, the adjournment is its row of the agenda only."""
    seg = segment_corpus(
        "us-gardena/planning-environmental-quality-commission-agenda-pack-2022-11-01.pdf"
    )
    by_number = {item.number: item for item in seg.items if not item.parent}
    assert list(by_number) == [str(n) for n in range(1, 10)]
    assert by_number["6"].pages is not None and by_number["6"].pages[0] == 3
    assert by_number["6"].pages[1] >= 5
    assert by_number["9"].pages == (2, 2)
    assert not by_number["6"].decisions  # a report recommends; nothing is decided yet


def test_report_labels_with_the_part_of_an_item_place_its_report() -> None:
    """ "AGENDA ITEM II-1" heads the resolution for the consent item II; the reports of
    III and IV follow; the adjournment keeps its line of the agenda."""
    seg = segment_corpus("us-san-juan-water-district/board-packet-2018-01-10.md")
    text = seg.document.text
    by_number = {item.number: item for item in seg.items if not item.parent}
    assert list(by_number) == ["I", "II", "III", "IV", "V"]
    assert "RESOLUTION NO. 18-01" in text[by_number["II"].start : by_number["II"].end]
    assert "Subject: District Staffing" in text[by_number["IV"].start : by_number["IV"].end]
    assert by_number["V"].end - by_number["V"].start < 100


def test_an_agenda_before_its_papers_is_the_items_not_the_papers_headings() -> None:
    """Items I.-XVI. on the first pages, then 5,000 lines of attachments: the previous
    minutes repeat "I. Call to Order" ... "XVI. Adjourn" and reports carry capitals
    headings ("BACKGROUND", "DISCUSSION"). Only the agenda's run is the items."""
    seg = segment_corpus("us-rtd-denver/board-packet-2018-02-27.txt")
    top = [(item.number, item.title) for item in seg.items if not item.parent]
    assert [number for number, _ in top] == [
        "I", "II", "III", "IV", "V", "VI", "VII", "VIII",
        "IX", "X", "XI", "XII", "XIII", "XIV", "XV", "XVI",
    ]  # fmt: skip
    assert top[7] == ("VIII", "Approval of Board Meeting Minutes of January 30, 2018")
    # The procedural items have no report: each keeps its line of the agenda.
    first = seg.items[0]
    assert first.end - first.start < 40


def test_page_numbers_alone_at_the_page_edges_are_not_item_candidates() -> None:
    """A seven-page report form whose pages print "1".."7" at their foot: no numbered
    line of the form is left that counts the pages, and the form is one item."""
    document = load_document(
        CORPUS / "uk-bristol/committee-report-workplace-parking-levy-2024-09-12.pdf"
    )
    lines = split_lines(
        document.text, page_furniture(document.text, document.pages), document.layout
    )
    source = Source(document, lines, typography(lines))
    numbers = [c.number for c in numbered_candidates(source) if c.layout == "alone"]
    assert not {"1", "2", "3", "4", "5", "6", "7"} & set(numbers)
    seg = segment_document(document)
    assert [(item.number, item.title) for item in seg.items] == [("", "Workplace Parking Levy")]


_NUMBERED_PARAGRAPHS = """MINUTES OF THE MEETING OF THE DISTRICT COUNCIL HELD ON 11 APRIL 2023

Present: Cllr A. Byrne (Cathaoirleach), Cllr B. Doyle, Cllr C. Murphy.

1. Confirmation of Minutes

{p1} The minutes of the meeting held on 14 March 2023 were proposed by Cllr Byrne, \
seconded by Cllr Doyle and confirmed.

2. Matters Arising

{p2} Cllr Murphy asked for an update on the footpath works at Main Street and was told \
that they would start in May.
{p3} Cllr Doyle said that the public lighting on the Dublin Road had been repaired and \
thanked the staff.

3. Roads Programme 2023

{p4} The District Engineer presented the roads programme for 2023 and outlined the works \
planned in each area.
{p5} It was agreed that the programme would be adopted as presented to the meeting today.

4. Any Other Business

{p6} Cllr Byrne thanked the members and the staff and the meeting concluded at 4.30 pm.
"""


@pytest.mark.parametrize(
    "numbers",
    [("1.", "2.", "3.", "4.", "5.", "6."), ("1.", "1.", "2.", "1.", "2.", "1.")],
    ids=["counting-on", "counting-afresh"],
)
def test_numbered_paragraphs_numbered_like_the_items_are_their_text(
    tmp_path: Path, numbers: tuple[str, ...]
) -> None:
    """Items "1. Confirmation of Minutes" ... and paragraphs "1. The minutes of ... were
    confirmed." numbered the same way, on through the minutes or afresh under each item:
    a numbered line that is a sentence of running text is not an item."""
    path = tmp_path / "minutes.txt"
    path.write_text(
        _NUMBERED_PARAGRAPHS.format(**{f"p{k}": n for k, n in enumerate(numbers, 1)}),
        encoding="utf-8",
    )
    seg = segment_document(load_document(path))
    assert [(item.number, item.title) for item in seg.items if not item.parent] == [
        ("1", "Confirmation of Minutes"),
        ("2", "Matters Arising"),
        ("3", "Roads Programme 2023"),
        ("4", "Any Other Business"),
    ]


def test_lists_under_markdown_headings_are_text_of_their_sections() -> None:
    """ "## CORRESPONDENCE", a sentence, then "1. St Louis County ..." to "7."; lists
    counting afresh under "## COMMENTS FROM CLERK OR TREASURER" and "## NEW BUSINESS":
    the headings are the items, the lists never are."""
    seg = segment_corpus("us-north-star-township/minutes-2021-03-15.md")
    top = [item.title for item in seg.items if not item.parent]
    assert top[:5] == [
        "CALL TO ORDER",
        "MINUTES APPROVAL",
        "REVIEW AND APPROVE PAYROLL AND CLAIMS",
        "TRANSFER",
        "COMMENTS FROM CLERK OR TREASURER",
    ]
    assert "CORRESPONDENCE" in top and "NEW BUSINESS" in top
    assert not any(title.startswith(("St Louis County", "Ray said")) for title in top)
