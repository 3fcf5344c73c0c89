"""Real notices and packets from the corpus's sixth pass: meetings called off, a scan
painted as a tiling pattern, an agenda followed by a policy's own outline, and the meeting
facts memo-style notices and special districts state (``evals/corpus``, split dev)."""

from __future__ import annotations

from pathlib import Path

import pytest
from corpus_fixtures import CORPUS, segment_corpus

from pipeline.ingest import load_document
from pipeline.ingest.ocr import ocr_available
from pipeline.ingest.options import IngestOptions
from pipeline.segment import segment_document

_CALLED_OFF = "the meeting was called off (cancelled or adjourned): no agenda items"


@pytest.mark.parametrize(
    ("name", "title"),
    [
        (
            "us-rolling-hills-estates/city-council-agenda-cancelled-2022-12-27.pdf",
            "CITY COUNCIL MEETING OF DECEMBER 27, 2022 HAS BEEN CANCELED.",
        ),
        (
            "us-la-canada-flintridge/planning-commission-adjournment-notice-2022-12-08.pdf",
            "NOTICE OF ADJOURNMENT OF REGULAR MEETING",
        ),
    ],
)
def test_a_notice_that_the_meeting_is_called_off_is_one_item(name: str, title: str) -> None:
    seg = segment_corpus(name)
    assert [(item.number, item.title) for item in seg.items] == [("1", title)]
    assert _CALLED_OFF in seg.warnings


def test_an_agenda_that_mentions_an_adjournment_keeps_its_items() -> None:
    # "ADJOURN meeting to January 25, 2023": the closing item of a real agenda, not a notice.
    seg = segment_corpus("us-fair-oaks-water-district/special-board-agenda-2018-01-23.md")
    assert [item.number for item in seg.items if not item.parent] == ["I", "II", "III", "IV", "V"]
    assert _CALLED_OFF not in seg.warnings


@pytest.mark.skipif(not ocr_available(), reason="Tesseract/Poppler not installed")
def test_a_scan_painted_as_a_tiling_pattern_is_read_by_ocr(tmp_path: Path) -> None:
    path = CORPUS / "us-duarte/planning-commission-agenda-cancelled-2022-11-21.pdf"
    document = load_document(path, IngestOptions(ocr_cache_dir=tmp_path))
    assert document.ocr_pages == [1]
    assert "has been cancelled" in document.text


def test_numbered_outline_of_a_paper_after_the_adjournment_is_not_the_items() -> None:
    seg = segment_corpus(
        "us-fair-oaks-recreation-park-district/policy-review-committee-agenda-pack-2024-08-12.md"
    )
    top = [(item.number, item.title) for item in seg.items if not item.parent]
    assert [number for number, _ in top] == ["1", "2", "3", "4"]
    assert top[-1][1].upper() == "ADJOURNMENT"


@pytest.mark.parametrize(
    ("name", "kind", "council", "body", "time"),
    [
        (  # a memo-style notice is the meeting's agenda; "Notice of" is not the body's name
            "us-smud/finance-audit-committee-notice-2023-11-07.md",
            "agenda",
            None,
            "Board Finance & Audit Committee",
            "18:00",
        ),
        (  # "Approved Minutes" under a later packet's "AGENDA ITEM III.1c" label
            "us-fair-oaks-water-district/special-board-minutes-2018-01-23.md",
            "minutes",
            "Fair Oaks Water District",
            "Board",
            "17:30",
        ),
        (  # a district's full meeting is its board's, named only in the boilerplate
            "us-fair-oaks-water-district/regular-board-agenda-2018-04-09.md",
            "agenda",
            "Fair Oaks Water District",
            "Board of Directors",
            "18:30",
        ),
        (  # "A Special Meeting of the Standing ... Committee has been called"
            "us-fair-oaks-recreation-park-district/finance-budget-committee-agenda-pack-2024-08-12.md",
            "agenda",
            "Fair Oaks Recreation and Park District",
            "Standing Finance and Budget Committee",
            "09:30",
        ),
    ],
)
def test_meeting_facts_of_notices_and_districts(
    name: str, kind: str, council: str | None, body: str, time: str
) -> None:
    meta = load_document(CORPUS / name).metadata
    assert (meta.kind, meta.council, meta.body, meta.time) == (kind, council, body, time)


def test_a_body_named_before_its_adjourned_regular_meeting(tmp_path: Path) -> None:
    path = tmp_path / "agenda.txt"
    path.write_text(
        "MEASURE AV OVERSIGHT COMMITTEE ADJOURNED REGULAR MEETING\nCITY COUNCIL CHAMBER\n"
        "WEDNESDAY, NOVEMBER 30, 2022\n5:00 PM\n\n1. CALL TO ORDER\n2. ROLL CALL\n"
        "3. ADJOURN\n",
        encoding="utf-8",
    )
    meta = load_document(path).metadata
    assert (meta.body, meta.date, meta.time) == (
        "Measure Av Oversight Committee",
        "2022-11-30",
        "17:00",
    )


def test_the_heading_above_a_count_starting_at_2_is_item_1(tmp_path: Path) -> None:
    # Palmdale's agenda as OCR read it: the "1." of CALL TO ORDER came out as "—_".
    path = tmp_path / "agenda.txt"
    path.write_text(
        "MEASURE AV OVERSIGHT COMMITTEE ADJOURNED REGULAR MEETING\n"
        "WEDNESDAY, NOVEMBER 30, 2022\n5:00 PM\n\n"
        "Please turn off or mute your cell phones and mobile devices.\n\n—_\n\n"
        "CALL TO ORDER\n\n2. PLEDGE OF ALLEGIANCE\n\n3. ROLL CALL\n"
        "CHAIR MANNING, VICE CHAIR GARCIA, COMMITTEE MEMBERS FRY, CARR.\n\n"
        "4. CONSENT CALENDAR\n4.1 Approve the minutes from the previous meeting.\n\n"
        "5. ADJOURN meeting to January 25, 2023 at 5:00 p.m.\n",
        encoding="utf-8",
    )
    seg = segment_document(load_document(path))
    top = [(item.number, item.title) for item in seg.items if not item.parent]
    assert [number for number, _ in top] == ["1", "2", "3", "4", "5"]
    assert top[0][1] == "CALL TO ORDER"
