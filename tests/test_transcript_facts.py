"""Meeting facts of transcripts: from the words, a companion file, the file name."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from pipeline.ingest import load_document
from pipeline.ingest.transcript_facts import date_in_file_name, spoken_facts

DEV = Path(__file__).resolve().parent.parent.parent / "shared" / "corpus" / "dev" / "transcripts"


@pytest.mark.parametrize(
    ("name", "council", "body", "date"),
    [
        # "welcome to the special meeting of the oakland city council" ... "tuesday AUGUST 9";
        # the year is the one that makes 9 August a Tuesday among the years said (2022).
        ("oakland-council-2022-08-09.vtt", "City of Oakland", "City Council", "2022-08-09"),
        # "I'M THE CHAIR OF THE ADMINISTRATION & ENTERPRISE OVERSIGHT COMMITTEE ... OUR
        # REGULAR MEETING FOR MONDAY, OCTOBER 7th, 2024"; the city named across the text.
        (
            "minneapolis-aeo-committee-2024-10-07.json",
            "City of Minneapolis",
            "Administration & Enterprise Oversight Committee",
            "2024-10-07",
        ),
        # No date said: the file name, last. "Mr Mayor" addressed: the full council.
        ("canada-bay-council-2023-03-28.tsv", "City of Canada Bay", "Council", "2023-03-28"),
    ],
)
def test_real_transcripts_name_their_meeting(name: str, council: str, body: str, date: str):
    meta = load_document(DEV / name).metadata
    assert (meta.kind, meta.council, meta.body, meta.date) == ("transcript", council, body, date)


def test_words_without_a_file_date() -> None:
    facts = spoken_facts(
        "good evening and welcome to this meeting of the planning committee of hackney "
        "council on thursday the 12th of march. hackney council officers are here. "
        "the 2019 plan and the 2026 budget were mentioned."
    )
    assert facts.body == "Planning Committee"
    assert facts.council == "Hackney Council"
    assert facts.date == "2026-03-12"  # a Thursday in 2026, not in 2019


def test_a_mentioned_neighbour_is_not_the_council() -> None:
    text = (
        "WELCOME TO THE REGULAR MEETING OF THE SPRINGFIELD CITY COUNCIL. "
        "THE CITY OF SPRINGFIELD AND THE CITY OF SHELBYVILLE SIGNED AN AGREEMENT. "
        "SPRINGFIELD CITY COUNCIL STAFF WILL REPORT."
    )
    facts = spoken_facts(text)
    assert (facts.council, facts.body) == ("City of Springfield", "City Council")


def test_dates_outside_the_opening_or_without_meeting_words_are_ignored() -> None:
    facts = spoken_facts("thank you. on august 2, the court ruled. february 12th is the day.")
    assert facts.date is None


def test_companion_info_json(tmp_path: Path) -> None:
    vtt = tmp_path / "meeting.en.vtt"
    vtt.write_text("WEBVTT\n\n00:00:01.000 --> 00:00:03.000\ngood morning everyone\n")
    (tmp_path / "meeting.info.json").write_text(
        json.dumps(
            {
                "title": "Springfield City Council - Regular Meeting 8/9/22",
                "webpage_url": "https://www.youtube.com/watch?v=abc",
                "upload_date": "20220810",
                "channel": "City of Springfield",
            }
        )
    )
    meta = load_document(vtt).metadata
    assert meta.date == "2022-08-09"  # the meeting in the title, not the upload day
    assert meta.council == "City of Springfield"
    assert meta.body == "City Council"
    assert meta.urls["video"] == "https://www.youtube.com/watch?v=abc"


@pytest.mark.parametrize(
    ("name", "expected"),
    [
        ("council-2025-03-04.vtt", "2025-03-04"),
        ("boston_2023_01_31.json", "2023-01-31"),
        ("meeting20240115.srt", "2024-01-15"),
        ("meeting-2024-13-45.srt", None),
        ("item-12.vtt", None),
    ],
)
def test_date_in_file_name(name: str, expected: str | None) -> None:
    assert date_in_file_name(name) == expected


CORPUS = Path(__file__).resolve().parent.parent / "evals" / "corpus"


def test_a_transcript_that_never_names_its_city_takes_it_from_its_folder() -> None:
    # The Kissimmee board's captions name the city only in speakers' addresses; the
    # folder "us-kissimmee" names it, the last resort after the words.
    meta = load_document(CORPUS / "us-kissimmee" / "planning-advisory-board-2023-06-21.srt")
    assert (meta.metadata.council, meta.metadata.body) == (
        "City of Kissimmee",
        "Planning Advisory Board",
    )
    assert meta.metadata.time == "18:17"  # "call the meeting to order is 6:17 PM"


def test_a_folder_without_a_country_code_names_no_council(tmp_path: Path) -> None:
    folder = tmp_path / "downloads"
    folder.mkdir()
    captions = folder / "council-2024-07-16.srt"
    captions.write_text(
        "1\n00:00:01,000 --> 00:00:04,000\nGood evening, we will begin.\n\n"
        "2\n00:00:04,000 --> 00:00:08,000\nFirst item is the minutes.\n",
        encoding="utf-8",
    )
    assert load_document(captions).metadata.council is None


@pytest.mark.parametrize(
    ("said", "time"),
    [
        ("i will call this meeting to order at 7 p.m. tonight", "19:00"),
        ("it is 7:03 and we will call the meeting to order", "19:03"),  # evening, unsaid
        ("the meeting is called to order at 10:05", "10:05"),
        ("we call the meeting to order, it is 13:30", "13:30"),
        ("it is 2.50 percent of the levy", None),  # a figure, not a time
    ],
)
def test_start_time_said_by_the_chair(said: str, time: str | None) -> None:
    assert spoken_facts(said).time == time


def test_captions_stamped_with_the_time_of_day_give_the_start(tmp_path: Path) -> None:
    # Live captions of a council channel carry the clock ("18:02:13"), not the
    # recording's time: the first caption is when the meeting started, at the latest.
    captions = tmp_path / "council-2024-07-16.vtt"
    captions.write_text(
        "WEBVTT\n\n18:02:13.000 --> 18:02:16.000\nGood evening, everyone.\n\n"
        "18:02:16.000 --> 18:02:20.000\nThe first item is the minutes.\n",
        encoding="utf-8",
    )
    assert load_document(captions).metadata.time == "18:02"
    recording = tmp_path / "council-2024-07-17.vtt"
    recording.write_text(
        "WEBVTT\n\n00:00:03.000 --> 00:00:06.000\nGood evening, everyone.\n",
        encoding="utf-8",
    )
    assert load_document(recording).metadata.time is None
