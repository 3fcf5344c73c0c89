"""Item segmenting of real written documents from the project's corpus (``evals/corpus``,
dev split only): each test is one behaviour, shown on the document that needs it.

Typography tells items from lists in body type; a count that restarts is a second meeting
or the items after a numbered notice list; roll-call numbers, "(agenda item N)" after a
wrapped title and resolution numbers with their movers each number items; page numbers,
lettered parts, listed exclusions and members' names are not items.
"""

from __future__ import annotations

from pathlib import Path

from corpus_fixtures import segment_corpus

from pipeline.ingest import load_document
from pipeline.models import Segmentation
from pipeline.segment import segment_document


def _top(seg: Segmentation) -> list[tuple[str, str]]:
    return [(item.number, item.title) for item in seg.items if not item.parent]


def test_a_numbered_list_in_body_type_inside_an_item_is_not_items() -> None:
    """Bold items "1".."12"; inside "6 Public Forum" a plain list of statements "01".."68"
    that would continue the count from 6: the list is the item's text."""
    top = _top(segment_corpus("uk-bristol/transport-connectivity-committee-minutes-2024-09-12.pdf"))
    assert [number for number, _ in top] == [str(n) for n in range(1, 13)]
    assert top[6] == (
        "7",
        "Opportunities to promote sustainable transport through a review of parking "
        "policies and charges",
    )


def test_item_numbers_after_a_wrapped_title_on_decision_forms() -> None:
    """ "(a) Subject: ... Outline Business" / "Case and delivery (agenda item 13)": the
    number ends the title's last line; the form's "(a) Subject:" is not the title."""
    top = _top(
        segment_corpus("uk-bristol/transport-connectivity-committee-decisions-2025-05-15.pdf")
    )
    assert [number for number, _ in top] == [str(n) for n in range(7, 21)]
    assert top[0] == ("7", "Annual Business Report")
    assert top[6] == (
        "13",
        "City Centre – Broadmead Area/ Union Street Area Outline Business Case and delivery",
    )


def test_a_report_form_is_one_item_and_its_page_numbers_are_not_items() -> None:
    seg = segment_corpus("uk-bristol/committee-report-workplace-parking-levy-2024-09-12.pdf")
    assert _top(seg) == [("", "Workplace Parking Levy")]


def test_roll_call_numbers_and_item_numbers_together() -> None:
    """ "05-1104 4. Approving ..."; "7. Resolution Ordering ..." has no roll call (its
    lettered parts "05-1107 (A) ..." do); the council convenes as the Board of Health,
    whose count starts again at 1."""
    seg = segment_corpus("us-des-moines/city-council-meeting-report-2005-05-09.pdf")
    top = _top(seg)
    numbers = [number for number, _ in top if number]
    assert numbers[:65] == [str(n) for n in range(1, 66)]
    assert ("7", "Resolution Ordering Construction of the following") in top
    assert numbers[65:] == ["05-1206", "1", "2", "05-1214"]
    parts = [item for item in seg.items if item.parent == "7"]
    assert [item.number for item in parts] == ["(a)", "(b)", "(c)", "(d)", "(e)", "(f)", "(g)"]


def test_a_closed_session_and_the_regular_meeting_each_count_from_one() -> None:
    top = _top(segment_corpus("us-la-habra-heights/city-council-agenda-2022-12-12.pdf"))
    numbers = [number for number, _ in top]
    assert numbers[:5] == ["1", "2", "3", "4", "5"]
    assert numbers[5:32] == [str(n) for n in range(1, 28)]
    assert ("19", "2023 CITY MEETING SCHEDULE") in top  # "19.2023 CITY ..." glued
    assert top[-1] == ("", "ADJOURN MEETING")


def test_a_numbered_list_of_notices_before_the_agenda_is_not_items() -> None:
    """ "1. PARTICIPATE BEFORE THE MEETING", "2. ATTEND THE MEETING IN PERSON" in bold,
    then the agenda "1. CALL MEETING TO ORDER" ... "9. ADJOURNMENT"."""
    seg = segment_corpus(
        "us-gardena/planning-environmental-quality-commission-agenda-pack-2022-11-01.pdf"
    )
    top = _top(seg)
    assert top[0] == ("1", "CALL MEETING TO ORDER")
    assert [number for number, _ in top] == [str(n) for n in range(1, 10)]


def test_unnumbered_agenda_headings_around_the_numbered_items() -> None:
    """Headings listed one per line before "NEW BUSINESS" (the section over items 1-3)
    and before "ADJOURNMENT" are items; the members' names in the header are not."""
    top = _top(segment_corpus("us-burbank/parks-and-recreation-board-agenda-2022-11-10.pdf"))
    titles = [title for _, title in top]
    assert titles[:3] == ["FLAG SALUTE", "ROLL CALL", "ANNOUNCEMENTS"]
    assert "NEW BUSINESS" not in titles
    assert titles.count("DEPARTMENT DIRECTOR REPORT") == 1
    assert titles[-3:] == ["TABLED ITEMS", "ADDITIONAL COMMENTS FROM THE BOARD", "ADJOURNMENT"]
    names = _top(segment_corpus("us-lomita/city-council-agenda-2022-12-06.pdf"))
    assert not any(title.endswith(", Mayor") for _, title in names)


def test_items_a_resolution_excludes_the_public_from_are_not_items() -> None:
    top = _top(segment_corpus("nz-hastings/community-development-committee-minutes-2019-02-26.txt"))
    assert [number for number, _ in top] == [str(n) for n in range(1, 15)]


def test_resolution_numbers_with_movers_and_text_on_one_line() -> None:
    top = _top(segment_corpus("ca-nipissing/minutes-2018-10-16.html"))
    assert (
        "R2018-174",
        "Accept the correspondence as presented",
    ) in top


def test_minute_numbers_keep_their_printed_form() -> None:
    top = _top(segment_corpus("uk-stoke-ferry/minutes-2020-01-08.md"))
    assert top[0][0] == "01/20"


def test_letter_items_with_an_i_and_a_numbered_point_inside_one() -> None:
    """ "H.", "I. DIRECTOR'S ITEMS", "J.": the "I" reads as a roman one but is the letter
    the count needs; "1. Update on previous Commission projects" under it is its text."""
    top = _top(segment_corpus("us-manhattan-beach/planning-commission-agenda-2022-11-09.pdf"))
    assert [number for number, _ in top] == list("ABCDEFGHIJKL")
    assert top[8] == ("I", "DIRECTOR’S ITEMS")


def test_a_short_list_counting_afresh_under_an_item_stays_inside_it(tmp_path: Path) -> None:
    """ "2. Declarations of Interest" then "1. Cllr Bell: Planning", "2. Cllr Carr: ...":
    neither a restart of the items nor a misprinted second item 2."""
    path = tmp_path / "minutes.txt"
    path.write_text(
        "Northbridge Parish Council\n"
        "Minutes of the meeting held on Tuesday 5 March 2024 at 7.30 pm in the Village Hall\n\n"
        "1. Apologies\nApologies were received from Cllr Dean, who was away this month.\n"
        "2. Declarations of Interest\n1. Cllr Bell: Planning\n2. Cllr Carr: Allotments\n"
        "3. Minutes of the Previous Meeting\nThe minutes of 6 February were approved.\n"
        "4. Planning\nNo applications had been received since the last meeting.\n",
        encoding="utf-8",
    )
    top = _top(segment_document(load_document(path)))
    assert top == [
        ("1", "Apologies"),
        ("2", "Declarations of Interest"),
        ("3", "Minutes of the Previous Meeting"),
        ("4", "Planning"),
    ]


def test_minute_numbers_with_the_year_first(tmp_path: Path) -> None:
    """ "19/01", "19/02", ...: minute 1, 2, ... of 2019 (read minute-first they would all
    be minute 19), run on in paragraphs."""
    path = tmp_path / "minutes.md"
    path.write_text(
        "MINUTES OF THE MEETING OF BRAMFORD PARISH COUNCIL HELD ON MONDAY 4th MARCH 2019\n\n"
        "Present: Cllrs A Smith (Chairman), B Jones, C Brown.\n\n"
        "19/01 Apologies for absence: Cllr D White sent apologies which were accepted. "
        "19/02 Declarations of interest: None. 19/03 Minutes of the meeting held on 4th "
        "February 2019: The minutes were approved and signed by the Chairman.\n\n"
        "19/04 Matters arising: The Clerk reported that the streetlight had been repaired. "
        "19/05 Planning: 19/0123/FUL Extension at 4 Church Road: no objection.\n",
        encoding="utf-8",
    )
    top = _top(segment_document(load_document(path)))
    assert [number for number, _ in top] == ["19/01", "19/02", "19/03", "19/04", "19/05"]
    assert top[4] == ("19/05", "Planning")
