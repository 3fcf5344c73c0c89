"""Segmenting that holds beyond the project's samples: number families, hierarchy, layout,
flattened text, unnumbered headings, and the meeting facts of real documents.

Fictional fixtures are written here; real documents come from ``../shared/corpus/dev``
(their truth is in its ``truth.json``; the whole corpus is scored by the regression guard
in ``test_segment_score.py``).
"""

from __future__ import annotations

from pathlib import Path

import pytest

from pipeline.ingest import load_document
from pipeline.models import Segmentation
from pipeline.segment import segment_document
from pipeline.segment.numbers import read_number, read_suffix_number

DEV = Path(__file__).resolve().parent.parent.parent / "shared" / "corpus" / "dev"


def _segment_text(tmp_path: Path, text: str, name: str = "minutes.txt") -> Segmentation:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return segment_document(load_document(path))


def _top(seg: Segmentation) -> list[tuple[str, str]]:
    return [(item.number, item.title) for item in seg.items if not item.parent]


@pytest.mark.parametrize(
    ("printed", "label", "family", "ordinal"),
    [
        ("4. Budget", "4", "arabic", 4),
        ("Minute 32/24 - Budget", "32/24", "minute", 32),
        ("135/19 Emergency Evacuation", "135/19", "minute", 135),
        ("14/037: Minutes of the Last Meeting", "14/037", "minute", 37),
        ("18.05.3 Register of Interests", "18.05.3", "minute", 3),
        ("Item 5: Budget", "5", "arabic", 5),
        ("I Amending the Procedural Rules", "I", "roman", 1),
        ("13I. Approving appointment", "13I", "arabic", 13),
        ("5-A Title", "5-A", "arabic", 5),
        ("R2024-214 D. Yemm, S. Foote:", "R2024-214", "resolution:R2024", 214),
        ("22-0073 1. ROLL CALL:", "1", "arabic", 1),
        ("22-0076 MOTION TO ADJOURN.", "22-0076", "file", 76),
        ("*42 Accept a grant", "42", "arabic", 42),
        ("S-56 Accept a grant", "56", "arabic", 56),
        ("1\\. Election of Chairman", "1", "arabic", 1),
        ("1.PUBLIC COMMENT Opportunity", "1", "arabic", 1),
        ("CAFE-2014.5 Property Tax Policy", "CAFE-2014.5", "code:CAFE-2014", 5),
        ("7.1 Chairman's Report", "7.1", "dotted", 1),
    ],
)
def test_item_number_families(printed: str, label: str, family: str, ordinal: int) -> None:
    number = read_number(printed)
    assert number is not None
    assert (number.label, number.family, number.ordinal) == (label, family, ordinal)


@pytest.mark.parametrize("text", ["2024 Budget", "1st item", "4.1.2 The Chair", "1.5m saved"])
def test_numbers_that_are_not_item_numbers(text: str) -> None:
    assert read_number(text) is None


def test_item_number_after_the_title() -> None:
    number, title = read_suffix_number("Corporate Parenting Strategy (Item 7)")  # type: ignore[misc]
    assert (number.label, title) == ("7", "Corporate Parenting Strategy")


def test_item_headings_after_the_title_with_numbered_paragraphs(tmp_path: Path) -> None:
    """Minutes whose headings carry "(Item N)" and whose paragraphs are numbered 1., 2.:
    the headings are the items, the paragraphs their text."""
    seg = _segment_text(
        tmp_path,
        """Eastmere County Council
Children and Families Overview and Scrutiny Panel
Minutes of the meeting held on 14 May 2024

Corporate Parenting Strategy (Item 7)

1. Sue Brook, Director of Children's Services, gave a verbal update on the strategy.
2. Members asked about placement stability and were told it had improved.
3. The Panel noted the update.

Youth Justice Plan (Item 8)

1. The Head of Youth Justice introduced the plan and its three priorities.
2. Members welcomed the fall in first-time entrants.

Work Programme (Item 9)

1. The Panel agreed its work programme for the year.
""",
    )
    assert _top(seg) == [
        ("7", "Corporate Parenting Strategy"),
        ("8", "Youth Justice Plan"),
        ("9", "Work Programme"),
    ]


def test_roll_call_numbers_number_the_items_and_a_motion_list_stays_inside(
    tmp_path: Path,
) -> None:
    seg = _segment_text(
        tmp_path,
        """SUMMARY OF OAKRIDGE CITY COUNCIL MEETING
March 3, 2023
7:30 AM

23-0101 1. ROLL CALL: Present: Avery, Brooks and Chen.

23-0102 2. APPROVING AGENDA, AS PRESENTED: Moved by Brooks. Motion Carried 3-0.

23-0103 3. Council Discussion on Snow Removal and Direction to Staff. Moved by Chen:

1. Direct staff to clear the school routes first during snow events.
2. Direct staff to report back to the Council in a work session by October 2023.
3. Request that the public works committee review the contracts.

Motion Carried 3-0.

23-0104 MOTION TO ADJOURN. Moved by Avery. Motion Carried 3-0.
""",
    )
    # An unnumbered action is numbered by its roll call.
    assert [number for number, _ in _top(seg)] == ["1", "2", "3", "23-0104"]
    assert _top(seg)[-1][1] == "MOTION TO ADJOURN"
    assert seg.document.metadata.date == "2023-03-03"


def test_resolution_numbers_take_their_title_from_the_resolution(tmp_path: Path) -> None:
    seg = _segment_text(
        tmp_path,
        """MINUTES
TOWNSHIP OF ELMWOOD
Tuesday, March 5, 2024

R2024-031 A. Brown, C. Diaz:
That the minutes of the regular Council Meeting held February 20, 2024, be adopted.
Carried.

R2024-032 C. Diaz, A. Brown:
WHEREAS the culvert works could not be completed in 2023;
NOW THEREFORE we authorize the transfer of the budgeted amounts to Reserve for 2024.
Carried.

R2024-033 A. Brown, C. Diaz:
That the meeting be adjourned. Time: 8:02 p.m.
Carried.
""",
    )
    assert _top(seg) == [
        (
            "R2024-031",
            "The minutes of the regular Council Meeting held February 20, 2024, be adopted",
        ),
        ("R2024-032", "Authorize the transfer of the budgeted amounts to Reserve for 2024"),
        ("R2024-033", "The meeting be adjourned"),
    ]
    meta = seg.document.metadata
    assert (meta.council, meta.body, meta.kind, meta.date) == (
        "Township of Elmwood",
        "Council",
        "minutes",
        "2024-03-05",
    )


def test_flattened_text_without_line_breaks(tmp_path: Path) -> None:
    seg = _segment_text(
        tmp_path,
        "CITY OF RIVERTON, OREGON OFFICIAL MINUTES A REGULAR MEETING OF THE COUNCIL OF THE "
        "CITY OF RIVERTON WAS HELD THIS 9TH DAY OF MARCH, 2011 AT 9:30 A.M. THOSE PRESENT "
        "WERE: Mayor Lee, Presiding. COMMUNICATIONS 12 Request of Ann Park to address "
        "Council regarding bus shelters (Communication) PLACED ON FILE CONSENT AGENDA *13 "
        "Accept a grant of $40,000 for library books (Ordinance) (Y-5) 18101 *14 Authorize a "
        "contract for street lighting (Ordinance) (Y-5) 18102 REGULAR AGENDA S-15 Amend the "
        "parking code for the river district (Ordinance) (Y-5) 18103 16 Accept the report on "
        "the 2011 budget (Report) ACCEPTED At 10:31 a.m. Council adjourned.\n",
    )
    assert _top(seg) == [
        ("12", "Request of Ann Park to address Council regarding bus shelters"),
        ("13", "Accept a grant of $40,000 for library books"),
        ("14", "Authorize a contract for street lighting"),
        ("15", "Amend the parking code for the river district"),
        ("16", "Accept the report on the 2011 budget"),
    ]
    meta = seg.document.metadata
    assert (meta.council, meta.date, meta.kind) == ("City of Riverton", "2011-03-09", "minutes")


def test_markdown_minutes_with_escaped_numbers_sub_items_and_a_repeated_number(
    tmp_path: Path,
) -> None:
    seg = _segment_text(
        tmp_path,
        """---
title: "ASHBY PARISH COUNCIL MAY MEETING"
date: "2019-08-26"
---

MINUTES OF ASHBY PARISH COUNCIL MEETING HELD AT THE VILLAGE HALL MONDAY 13TH MAY 2019

1\\. Election of Chairman Jo Reed was nominated and seconded as Chairman.

2\\. Apologies for Absence received from Cllr Webb.

3\\. Reports

3.1 Chairman's Report: The Chairman had given a report at the Annual Parish Meeting.

3.2 Clerk's Report: Correspondence had been passed to councillors.

4\\. Accounts were presented and accepted for payment.

5\\. Planning Applications: No planning applications were received.

4\\. Other Reports - for information only: a request about the speed limit.
""",
        name="ashby.md",
    )
    assert [n for n, _ in _top(seg)] == ["1", "2", "3", "4", "5", "4"]
    subs = [(i.number, i.title, i.parent) for i in seg.items if i.parent]
    assert subs == [("3.1", "Chairman's Report", "3"), ("3.2", "Clerk's Report", "3")]
    meta = seg.document.metadata
    # The front matter's date is when the page was published, not the meeting.
    assert (meta.date, meta.council, meta.body) == (
        "2019-05-13",
        "Ashby Parish Council",
        "Parish Council",
    )


def test_unnumbered_capitals_headings_in_plain_text(tmp_path: Path) -> None:
    seg = _segment_text(
        tmp_path,
        """Brackley Town Council
Minutes of the Planning Committee held on 4 June 2024 at 7 pm

Present: Councillors Ames, Bell and Carr.

APOLOGIES

Apologies were received from Councillor Dean.

PLANNING APPLICATIONS

The committee considered two applications and raised no objection to either.

ENFORCEMENT MATTERS

The clerk reported on the unauthorised signs on the High Street.
""",
    )
    assert _top(seg) == [
        ("", "APOLOGIES"),
        ("", "PLANNING APPLICATIONS"),
        ("", "ENFORCEMENT MATTERS"),
    ]


# --- real documents -------------------------------------------------------------------


def _dev(name: str) -> Segmentation:
    path = DEV / name
    if not path.is_file():
        pytest.fail(f"{path} not found: clone the project beside ../shared")
    return segment_document(load_document(path))


def test_inserted_items_and_a_closing_motion_in_an_agenda_pdf() -> None:
    seg = _dev("us-desmoines/agenda-2021-10-18.pdf")
    numbers = [n for n, _ in _top(seg)]
    assert numbers[:3] == ["1", "I", "2"]  # "I", printed in the number column
    assert numbers[numbers.index("13") + 1] == "13I"
    assert _top(seg)[-1] == ("", "MOTION TO ADJOURN")
    # (A)-(II) licence lists are text of their item.
    assert len(numbers) == 66
    meta = seg.document.metadata
    assert (meta.kind, meta.date, meta.body) == ("agenda", "2021-10-18", "City Council")


def test_flattened_minutes_and_their_caption_transcript() -> None:
    seg = _dev("us-portland/council-minutes-2011-01-12.txt")
    numbers = [n for n, _ in _top(seg)]
    assert numbers == [str(n) for n in range(38, 62)]
    assert (seg.document.metadata.council, seg.document.metadata.date) == (
        "City of Portland",
        "2011-01-12",
    )


def test_bold_run_in_items_before_resolution_numbers() -> None:
    seg = _dev("ca-nipissing/minutes-2024-11-12.pdf")
    top = _top(seg)
    assert top[:3] == [
        ("", "Disclosure of pecuniary interest"),
        ("", "Committee Reports"),
        (
            "R2024-214",
            "The minutes of the regular Council Meeting held October 22, 2024, be adopted as "
            "published",
        ),
    ]
    assert len(top) == 16
    # The closed-session purposes numbered 1. and 2. inside R2024-224 are its text.
    assert "1" not in [n for n, _ in top]


def test_an_item_starting_mid_paragraph() -> None:
    seg = _dev("uk-stokeferry/stoke-ferry-pc-minutes-2019-06-05.md")
    numbers = [n for n, _ in _top(seg)]
    assert numbers == [f"{n}/19" for n in range(135, 153)]
    meta = seg.document.metadata
    assert (meta.council, meta.date) == ("Stoke Ferry Parish Council", "2019-06-05")


def test_html_headings_over_paragraphs_numbered_afresh(tmp_path: Path) -> None:
    """An HTML page whose items are ``<h2>``/``<strong>`` headings with no numbers and
    whose paragraphs are numbered 1., 2. under each: the headings are the items."""
    page = """<html><head><title>Minutes - Brackley Town Council</title></head><body>
<div id="content"><h1>Brackley Town Council</h1>
<p>Minutes of the Planning Committee held on Tuesday 4 June 2024 at 7.00 pm</p>
<p>Present: Councillors Ames, Bell and Carr.</p>
<h2>Apologies</h2><p>Apologies were received from Councillor Dean.</p>
<p><strong>Corporate Parenting Strategy</strong></p>
<p>1. Sue Brook gave a verbal update on the strategy and its three strands of work.</p>
<p>2. Members asked about placement stability and were told it had improved.</p>
<h2>Planning Applications</h2>
<p>1. The committee considered two applications and raised no objection.</p>
<p>2. The clerk would write to the planning authority.</p>
<h2>Enforcement Matters</h2><p>1. The clerk reported on unauthorised signs.</p>
<p>2. Members asked for a survey of the High Street.</p></div></body></html>"""
    seg = _segment_text(tmp_path, page, name="minutes.html")
    assert _top(seg) == [
        ("", "Apologies"),
        ("", "Corporate Parenting Strategy"),
        ("", "Planning Applications"),
        ("", "Enforcement Matters"),
    ]
    meta = seg.document.metadata
    assert (meta.body, meta.date, meta.council) == (
        "Planning Committee",
        "2024-06-04",
        "Brackley Town Council",
    )
