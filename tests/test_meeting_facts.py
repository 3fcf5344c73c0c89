"""Meeting facts read from the title block of real documents (``evals/corpus`` dev split).

Each snippet is the opening of a real document as the reader gives its text; the facts
are what a person reading that opening would write down.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from pipeline.ingest import load_document
from pipeline.ingest.facts import body_in_file_name, meeting_facts
from pipeline.ingest.transcript_facts import spoken_facts
from pipeline.models import Document, MeetingMetadata

CORPUS = Path(__file__).resolve().parent.parent / "evals" / "corpus"


def _facts(text: str, path: str = "document.txt") -> MeetingMetadata:
    return meeting_facts(Document(path=path, format="text", text=text, sha256="0"))


# uk-bristol/transport-connectivity-committee-decisions-2025-10-23.pdf: the letterhead is an
# image, so the council is named only by its address.
BRISTOL_DECISIONS = """Decision Recording Form
Decision determined at Transport & Connectivity
Policy Committee meeting on 23 October 2025

Committee Members present:
Councillor Ed Plowden
Councillor Donald Alexander

Apologies:
Councillor Graham Morris

policycommittees@bristol.gov.uk

(a) Subject: Management and Mitigation of CRSTS Scheme Delivery
(agenda item 7)

(b) Ward:
(c) Declarations of interest:

None

(d) Decision taken

That the Transport and Connectivity committee:
1. noted this report
"""


def test_a_decision_form_names_its_kind_and_the_meeting_that_decided() -> None:
    meta = _facts(BRISTOL_DECISIONS)
    assert meta.kind == "decision"
    assert meta.body == "Transport & Connectivity Policy Committee"  # wrapped over two lines
    assert meta.date == "2025-10-23"
    assert meta.council == "Bristol Council"  # from bristol.gov.uk, the last resort


def test_a_minutes_title_wrapped_over_two_lines_names_the_whole_body() -> None:
    # uk-bristol/transport-connectivity-committee-minutes-2024-09-12.pdf
    meta = _facts(
        "Bristol City Council\nMinutes of the Transport and Connectivity\nPolicy Committee\n\n"
        "12 September 2024 at 5.00 pm\n\nMembers Present:-\n"
        "Councillors: Ed Plowden (Chair), Graham Morris (Vice-Chair)\n\n"
        "1 Welcome, Introductions and Safety Information\n"
    )
    assert (meta.council, meta.body, meta.kind) == (
        "Bristol City Council",
        "Transport and Connectivity Policy Committee",
        "minutes",
    )
    assert (meta.date, meta.time) == ("2024-09-12", "17:00")


def test_the_body_before_the_word_minutes_and_not_the_other_council_mentioned() -> None:
    # The town council calls itself "the Town Council", names no place on its letterhead
    # and meets in "Sutton Coldfield Town Hall"; "Birmingham City Council is responsible for
    # this service" is the subject of business.
    meta = load_document(CORPUS / "uk-sutton-coldfield/amenities-committee-minutes-2018-03-13.pdf")
    assert meta.metadata.body == "Amenities, Leisure and Community Services"
    assert meta.metadata.date == "2018-03-13"
    assert meta.metadata.council == "Sutton Coldfield Town Council"


@pytest.mark.parametrize(
    "opening",
    [
        # uk-horsley/minutes-2014-03-18.pdf
        "HORSLEY PARISH COUNCIL\nDraft Minutes of the meeting held on\n"
        "18 March 2014 at 7.30pm in the Village Hall\n\nPresent: Cllr N Hackett (Chairman)\n",
        # uk-west-dereham/minutes-2017-06-01.md
        "DRAFT MINUTES OF THE WEST DEREHAM PARISH COUNCIL MEETING HELD AT WEST DEREHAM VILLAGE "
        "HALL AT 7.00 pm ON THURSDAY 1 JUNE 2017\n\nPRESENT (Chairman) and Councillors\n\n"
        "CC confirmed all Councillors had seen the minutes of the Annual Parish Council meeting "
        "held on 3 May 2017.\n",
    ],
)
def test_a_full_parish_council_meeting_is_the_parish_council_not_a_word_of_the_title(
    opening: str,
) -> None:
    meta = _facts(opening)
    assert (meta.body, meta.kind) == ("Parish Council", "minutes")


def test_a_committee_report_is_a_report() -> None:
    # uk-bristol/committee-report-workplace-parking-levy-2024-09-12.pdf
    meta = _facts(
        "1\nVersion January 2024\nOFFICIAL\nCommittee Report\n\n"
        "PURPOSE: Final Decision Report\n\n"
        "KEY OR NON-KEY DECISION: Key decision over £500k spend/save\n\n"
        "COMMITTEE: Transport and Connectivity Committee\n\nDATE: 12 September 2024\n\n"
        "TITLE: Workplace Parking Levy\n"
    )
    assert (meta.kind, meta.body, meta.date) == (
        "report",
        "Transport and Connectivity Committee",
        "2024-09-12",
    )


@pytest.mark.parametrize(
    ("name", "body"),
    [
        ("planning-advisory-board-2023-06-21.srt", "Planning Advisory Board"),
        ("Planning_Commission_Agenda_2024-01-02.pdf", "Planning Commission"),
        ("executive-committee-2026-08-12-captions.vtt", "Executive Committee"),
        ("agenda-2021-10-18.pdf", None),
        ("minutes-2014-03-18.pdf", None),
    ],
)
def test_a_body_in_the_file_name_is_the_last_resort(name: str, body: str | None) -> None:
    assert body_in_file_name(name) == body


@pytest.mark.parametrize(
    ("opening", "time"),
    [
        # us-kissimmee/planning-advisory-board-2023-06-21.srt: "at" heard as "is"
        ("Good evening. We're gonna call the meeting to order is 6:17 PM.", "18:17"),
        # us-kissimmee/planning-advisory-board-2023-10-04.srt
        ("Okay, we're good to go. Calling the meeting to order six o'clock.", "18:00"),
    ],
)
def test_the_start_time_said_when_the_meeting_is_called_to_order(opening: str, time: str) -> None:
    assert spoken_facts(opening).time == time


@pytest.mark.parametrize(
    ("path", "facts"),
    [
        # A previous meeting's minutes listed for approval ("11/09/22-1. Regular Meeting –
        # September 14, 2022") are not this meeting; its time is on the line under the date.
        (
            "us-manhattan-beach/planning-commission-agenda-2022-11-09.pdf",
            ("City of Manhattan Beach", "Planning Commission", "2022-11-09", "15:00"),
        ),
        # The body is a heading in capitals; the city is named only by the address of the
        # council chambers ("Burbank, California 91502").
        (
            "us-burbank/parks-and-recreation-board-agenda-2022-11-10.pdf",
            ("City of Burbank", "Parks and Recreation Board", "2022-11-10", "18:00"),
        ),
        # "5:30 p.m. Closed Session" / "7:00 p.m. Regular Business" above the date: the
        # meeting starts at the first.
        (
            "us-la-habra-heights/city-council-agenda-2022-12-12.pdf",
            ("La Habra Heights City Council", "City Council", "2022-12-12", "17:30"),
        ),
        # "Minutes of Community Development Committee Meeting - 26 February 2019" names the
        # body; "... Committee held on 26 February 2019 at 1.00pm" below it gives the time.
        (
            "nz-hastings/community-development-committee-minutes-2019-02-26.txt",
            ("Hastings District Council", "Community Development Committee", "2019-02-26", "13:00"),
        ),
        # A letter-spaced letterhead ("C I T Y O F G A R D E N A") over the body in capitals.
        (
            "us-gardena/planning-environmental-quality-commission-agenda-pack-2022-11-01.pdf",
            (
                "City of Gardena",
                "Planning & Environmental Quality Commission",
                "2022-11-01",
                "19:00",
            ),
        ),
    ],
)
def test_facts_of_agenda_and_minutes_front_pages(path: str, facts: tuple[str, ...]) -> None:
    meta = load_document(CORPUS / path).metadata
    assert (meta.council, meta.body, meta.date, meta.time) == facts


@pytest.mark.parametrize(
    ("opening", "council", "body"),
    [
        # uk-milburn/minutes-agm-2018-05-08.pdf: the parish council's own annual meeting
        (
            "Milburn Parish Council A.G.M. - 8th May 2018\n\nPresent\n"
            "Councillors D Richardson (Chair) R Healey, M Dixon and\n",
            "Milburn Parish Council",
            "Parish Council",
        ),
        # us-des-moines/city-council-meeting-report-2005-05-09.pdf: "Summary of" is the
        # report's title, not part of the council's name
        (
            "*** DES MOINES CITY COUNCIL MEETING REPORT ***\n"
            "The City Council took the following action on items listed in the attached "
            "meeting\nagenda summary.\n"
            "SUMMARY OF DES MOINES CITY COUNCIL MEETING\nMay 9, 2005 4:30 PM\n"
            "PROCLAMATIONS – 4:15 P.M.\nBike to Work Week\n",
            "Des Moines City Council",
            "City Council",
        ),
    ],
)
def test_a_council_meeting_s_body_is_the_full_council(opening: str, council: str, body: str):
    meta = _facts(opening)
    assert (meta.council, meta.body) == (council, body)


def test_a_place_said_in_a_cased_transcript_ends_at_its_last_capital() -> None:
    # us-fairfax/council-2026-04-14-whisper-seg006.json
    said = (
        "Can the city attorney confirm for the public that the city of Fairfax operates under "
        "a council manager form of government? Thank you, Mayor. Members of the City Council."
    )
    assert spoken_facts(said).council == "City of Fairfax"


@pytest.mark.parametrize(
    ("opening", "council", "body"),
    [
        # small words inside a council's name
        (
            "BRIGHTON AND HOVE CITY COUNCIL\n\nMinutes of the Meeting of the Licensing "
            "Committee held on 7 March 2024 at 10.00am\n",
            "Brighton and Hove City Council",
            "Licensing Committee",
        ),
        # an authority, not a council
        (
            "WEST OF ENGLAND COMBINED AUTHORITY\n\nMinutes of the meeting of the West of "
            "England Combined Authority Committee held on Friday 15 March 2024 at 10.30am\n",
            "West of England Combined Authority",
            "West of England Combined Authority Committee",
        ),
        # a US township's board names the township
        (
            "CRETE TOWNSHIP BOARD MEETING MINUTES\nMarch 12, 2019\n",
            "Crete Township",
            "Crete Township Board",
        ),
        # a long title line naming the council after "of the"
        (
            "MINUTES OF THE REGULAR MEETING OF THE CITY COUNCIL OF THE CITY OF HERMOSA BEACH\n"
            "Tuesday, November 8, 2022\n",
            "City of Hermosa Beach",
            "City Council",
        ),
        # "Minutes of the X Meeting held on": X is the body
        (
            "Minutes of the Enniscorthy Municipal District Meeting held on 11th November 2019 "
            "at 10.00 a.m. in the Council Chamber\n",
            None,
            "Enniscorthy Municipal District",
        ),
        # a notice of a meeting to come
        (
            "NOTICE OF MEETING\n\nA meeting of the Planning Committee will be held on Tuesday "
            "12 March 2024 at 7.00 pm in the Council Chamber.\n",
            None,
            "Planning Committee",
        ),
    ],
)
def test_council_and_body_forms_of_title_lines(opening: str, council: str | None, body: str):
    meta = _facts(opening)
    assert (meta.council, meta.body) == (council, body)


@pytest.mark.parametrize(
    ("opening", "body"),
    [
        (
            "Town of Brunswick\nRegular Town Board Meeting\nOctober 10, 2024\n7:00 PM\n",
            "Town Board",
        ),
        (
            "Board of Supervisors\nCounty of Alameda\nMinutes\nTuesday, March 5, 2024\n",
            "Board of Supervisors",
        ),
    ],
)
def test_us_boards_are_bodies_not_the_council(opening: str, body: str) -> None:
    assert _facts(opening).body == body


def test_welsh_minutes_are_minutes() -> None:
    assert _facts("CYNGOR CYMUNED MAENORDEILO A SALEM\nCOFNODION\n").kind == "minutes"


@pytest.mark.parametrize(
    "opening",
    [
        # ca-nipissing/minutes-2018-10-16.html
        "MINUTES\nTOWNSHIP OF NIPISSING\nTuesday, October 16, 2018\n\nA regular meeting of the "
        "Township of Nipissing Council was held on Tuesday, October 16, 2018.\n\nPresent: Mayor "
        "Tom Piper, Councillors Linda Andersen, Tom Marchant and Liz Smith.\n\nRegrets: "
        "Councillor Tom Butler\n\nThe meeting was called to order at 6:30 p.m.\n",
        # ca-nipissing/minutes-2023-06-20.pdf
        "MINUTES\nTOWNSHIP OF NIPISSING\nTuesday, June 20, 2023\n\nA regular meeting of the "
        "Township of Nipissing Council was held on Tuesday, June 20, 2023 starting\nat 6:30 p.m.\n",
    ],
)
def test_the_start_time_minutes_state_in_their_opening(opening: str) -> None:
    assert _facts(opening).time == "18:30"


def test_a_date_and_an_hour_said_together_at_the_call_to_order() -> None:
    # us-huntsville/joint-work-session-with-city-schools-2026-06-01-captions.vtt
    said = (
        "Alright, welcome everyone who has joined us this evening. It is Monday, June 1st, "
        "2026, 3 o'clock, and this joint meeting of the Huntsville City Council and Huntsville "
        "Board of Education is called to order."
    )
    assert spoken_facts(said).time == "15:00"
