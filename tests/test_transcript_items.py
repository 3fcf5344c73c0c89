"""Items of real council transcripts found from what the chair and clerk say, no agenda.

The three dev transcripts of ``../shared/corpus/dev`` (Oakland captions with ">>" turns,
Minneapolis YouTube caption JSON, Canada Bay Whisper TSV) are checked against the item
starts of its ``truth.json`` (a start counts within 30 s, as the corpus scorer counts it);
small hand-written transcripts pin the rules a real meeting exercises only once.
"""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest

from pipeline.ingest import load_document
from pipeline.models import Segmentation
from pipeline.segment import segment_document
from pipeline.segment.transcript_cues import TurnContext, cue_model, window_features
from pipeline.segment.transcript_lists import find_list_runs

DEV = Path(__file__).resolve().parent.parent.parent / "shared" / "corpus" / "dev"
TOLERANCE = 30.0


def truth(name: str) -> dict:
    return json.loads((DEV / "truth.json").read_text())[f"transcripts/{name}"]


def top(result: Segmentation) -> list:
    return [item for item in result.items if item.parent is None]


def starts_near(result: Segmentation, name: str) -> tuple[int, int]:
    """(true top-level items with an output item starting within 30 s, true items)."""
    wanted = [t for t in truth(name)["items"] if t["parent"] is None]
    found = [item.time[0] for item in top(result) if item.time]
    hits = sum(any(abs(s - t["time"][0]) <= TOLERANCE for s in found) for t in wanted)
    return hits, len(wanted)


@pytest.fixture(scope="module")
def oakland() -> Segmentation:
    return segment_document(load_document(DEV / "transcripts/oakland-council-2022-08-09.vtt"))


def test_oakland_items_and_consent_sub_items(oakland: Segmentation) -> None:
    titles = [(item.number, item.title) for item in top(oakland)]
    assert titles == [
        ("", "Roll call"),
        ("", "Public comment"),
        ("2", "Consent calendar"),
        ("", "Open forum"),
        ("", "Adjournment"),
    ]
    subs = [(item.number, item.parent) for item in oakland.items if item.parent]
    assert subs == [("2.1", "2"), ("2.2", "2"), ("2.3", "2"), ("2.4", "2")]
    assert starts_near(oakland, "oakland-council-2022-08-09.vtt") == (5, 5)


def test_a_public_speakers_mention_starts_nothing(oakland: Segmentation, tmp_path: Path) -> None:
    text = oakland.document.text
    mention = text.index("item 2.2 about a homeless settlement")
    assert not any(item.start <= mention < item.start + 40 for item in oakland.items)
    two_two = next(item for item in oakland.items if item.number == "2.2")
    assert text[two_two.start :].startswith("2.2, a resolution authorizing")  # the clerk
    # The same captions with no ">>" at all: the words alone must tell.
    source = (DEV / "transcripts/oakland-council-2022-08-09.vtt").read_text()
    path = tmp_path / "oakland-no-turns.vtt"
    path.write_text(source.replace(">>", ""))
    bare = segment_document(load_document(path))
    assert [(i.number, i.title) for i in top(bare)] == [(i.number, i.title) for i in top(oakland)]
    said = bare.document.text.index("item 2.2 about a homeless settlement")
    assert not any(item.start <= said < item.start + 40 for item in bare.items)


def test_minneapolis_consent_readings_and_later_mentions() -> None:
    name = "minneapolis-aeo-committee-2024-10-07.json"
    result = segment_document(load_document(DEV / "transcripts" / name))
    numbers = [item.number for item in top(result) if item.number]
    # "The first is a gift acceptance ... Number two is ... Three is a ... Number fine is a"
    # (nine, misheard) ... read in one stretch, then 22, 23, 24 taken up one by one; the
    # later "item number 17" and "take up item number eight" are mentions.
    assert numbers == [str(n) for n in range(1, 22)] + ["22", "23", "24"]
    assert next(i for i in top(result) if i.number == "9").title.startswith("Fee study")
    titles = [item.title.lower() for item in top(result)]
    assert titles[0] == "call to order and roll call" and titles[1] == "walk on item"
    assert titles[-1] == "adjournment"
    hits, wanted = starts_near(result, name)
    assert (hits, wanted) == (28, 28)


def test_canada_bay_item_taken_after_its_public_forum() -> None:
    name = "canada-bay-council-2023-03-28.tsv"
    result = segment_document(load_document(DEV / "transcripts" / name))
    items = [(item.number, item.title, item.time[0]) for item in top(result)]
    # "the item on the traffic committee of 10.1 ... we'll hear the public forum first":
    # the forum opens at the announcement, 10.1 where the speakers end.
    assert items == [("", "Public forum", 0.0), ("10.1", "Traffic committee", 3143.86)]
    assert "adjourned the meeting until" in result.document.text  # a recess, not an item


def _segment_text(tmp_path: Path, body: str) -> Segmentation:
    path = tmp_path / "meeting.txt"
    path.write_text(body)
    document = load_document(path)
    assert document.format == "transcript-text"
    return segment_document(document)


def test_sub_items_open_the_item_that_introduced_them(tmp_path: Path) -> None:
    result = _segment_text(
        tmp_path,
        "[00:00:05] Chair: Good evening. This meeting of the Springfield City Council is "
        "called to order.\n"
        "[00:01:00] Chair: Please note that items 19B and 21G have been withdrawn.\n"
        "[00:02:00] Chair: We have two legal department items. 18A is a resolution "
        "consenting to the vacation of a right of way. Is there a motion?\n"
        "[00:02:30] Member Ortiz: So moved.\n"
        "[00:03:00] Chair: Motion carries. 18B is an ordinance vacating the right of way. "
        "Is there a motion?\n"
        "[00:03:20] Member Hall: Move to approve.\n"
        "[00:04:00] Chair: Motion carries. We are adjourned.\n",
    )
    got = [(item.number, item.parent, item.title) for item in result.items]
    assert got == [
        ("", None, "Call to order"),
        ("18", None, "Legal department items"),
        ("18a", "18", "Resolution consenting to the vacation of a right of way"),
        ("18b", "18", "Ordinance vacating the right of way"),
        ("", None, "Adjournment"),
    ]
    assert result.items[1].time == (120.0, 120.0)  # announced with its first sub-item


def test_cue_model_reads_announcements_and_mentions() -> None:
    model = cue_model()
    chair = TurnContext(turn_start=True)
    announced = window_features(
        "Madam Clerk, could you please read item number two into the record. Agenda item 2 "
        "sugary beverage tax update for briefing and discussion.",
        chair,
    )
    mentioned = window_features(
        "item 2.2 about a homeless settlement issue.",
        TurnContext(deep_in_turn=True),
        lead="I wanted to quickly comment on",
    )
    assert model.is_boundary(announced)
    assert not model.is_boundary(mentioned)
    assert mentioned["mention"] == 1.0 and mentioned["number_opens"] == 0.0


def test_readings_in_sequence() -> None:
    text = (
        "I will read the consent agenda. The first is a gift acceptance from the arts "
        "council. Number two is a grant for the library roof. Three is a bid for street "
        "lighting repairs. Number fine is a fee study for parking permits. 5 is a contract "
        "for snow removal. Thank you."
    )
    (run,) = find_list_runs(text)
    assert [entry.number for entry in run] == ["1", "2", "3", "4", "5"]  # "fine" read as 4
    assert text[run[3].pos :].startswith("Number fine")
    assert find_list_runs("We counted one, two, three, four ballots.") == []


@pytest.mark.parametrize(
    ("said", "boundary"),
    [
        ("We are adjourned at 7:14 p.m.", True),
        ("We'll just adjourn the meeting until Councillor Jio comes back.", False),
        ("There will be a short adjournment.", False),
    ],
)
def test_adjournment_is_not_a_recess(tmp_path: Path, said: str, boundary: bool) -> None:
    result = _segment_text(
        tmp_path,
        f"[00:00:05] Chair: Item one, the budget.\n[00:00:20] Member Ortiz: I support it.\n"
        f"[00:01:00] Chair: {said}\n[00:01:30] Chair: Thank you all.\n",
    )
    titles = [item.title for item in result.items]
    assert ("Adjournment" in titles) is boundary
    assert re.match(r"Budget", titles[0])


# --- snippets of the project corpus's dev transcripts (evals/corpus, copied verbatim) ----


def _srt(tmp_path: Path, cues: list[tuple[float, str]]) -> Segmentation:
    """An SRT of real caption lines, each shown from its time to the next one's."""
    blocks = []
    for index, (start, text) in enumerate(cues):
        end = cues[index + 1][0] if index + 1 < len(cues) else start + 5
        blocks.append(f"{index + 1}\n{_clock(start)} --> {_clock(end)}\n{text}\n")
    path = tmp_path / "captions.srt"
    path.write_text("\n".join(blocks))
    return segment_document(load_document(path))


def _clock(seconds: float) -> str:
    ms = round(seconds * 1000)
    return f"{ms // 3_600_000:02d}:{ms // 60_000 % 60:02d}:{ms // 1000 % 60:02d},{ms % 1000:03d}"


def test_items_the_chair_passes_over_are_items(tmp_path: Path) -> None:
    # Huntsville City Council, 11 June 2026 (Whisper SRT, no speaker names).
    result = _srt(
        tmp_path,
        [
            (
                1693.2,
                "We'll go on now with the Finance Committee Report. Mr. Meredith, 14A is "
                "a resolution authorizing expenditures for payment.",
            ),
            (
                1703.2,
                "I move for authorization and approval of expenditures and the amount of "
                "$23,901,553.73.",
            ),
            (1714.2, "Second from the chair. All in favor, please indicate."),
            (1718.2, "Opposed? The motion carries. Is there a report?"),
            (1722.2, "No report. Thank you."),
            (
                1724.2,
                "We have no board appointments to be voted on. We do have several board "
                "appointment nominations.",
            ),
            (
                1732.2,
                "16A is a nomination to appoint Nano Tate to the Huntsville Electric "
                "Utility Board.",
            ),
            (
                1864.2,
                "Are there any nominations from the floor? Hearing none, we'll move on. "
                "We have no Huntsville Utility items.",
            ),
            (
                1870.2,
                "We have a couple of legal items, transactions. So this is 18. 18A is an "
                "ordinance authorizing the vacation of a utility and drainage easement.",
            ),
        ],
    )
    got = [(item.number, item.title, item.time[0]) for item in top(result)]
    assert got == [
        ("14", "Finance Committee Report", 1693.2),
        ("", "Board appointments to be voted on", 1724.2),  # "We have no ...": said, passed
        ("16", "Board appointment nominations", 1724.2),
        ("", "Huntsville Utility items", 1864.2),
        ("18", "Legal items, transactions", 1870.2),
    ]  # "Is there a report? No report." answers a question: no item


def test_two_items_passed_over_in_one_breath(tmp_path: Path) -> None:
    # Huntsville, 11 June 2026: items 7 and 8 have nothing, 9 is opened in the same cue.
    result = _srt(
        tmp_path,
        [
            (
                689.2,
                "We have no announcements and presentations. No matters with legal "
                "representatives and this brings us to public hearings to be held.",
            ),
            (
                708.2,
                "9A is a public hearing on a resolution authorizing the demolition of an "
                "unsafe building. Mr. Irwin.",
            ),
        ],
    )
    assert [(item.number, item.title) for item in top(result)] == [
        ("", "Announcements and presentations"),
        ("", "Matters with legal representatives"),
        ("9", "Public hearings"),
    ]


def test_invocation_then_the_pledge_where_it_is_recited(tmp_path: Path) -> None:
    # Huntsville, 25 June 2026 (broadcast captions): both announced at once, the pledge
    # starts where the room recites it; "changes or additions to the agenda" opens its
    # approval, and the items it withdraws start nothing.
    result = _srt(
        tmp_path,
        [
            (66.8, "and this session of the Huntsville City Council is called to order."),
            (83.0, "We will begin our meeting tonight as is our practice with an invocation"),
            (86.8, "offered by one of our Huntsville, Alabama police safety chaplains,"),
            (90.8, "Chaplain Don Eadie, which will be followed by the Pledge of Allegiance given"),
            (94.5, "by council member John Meredith."),
            (96.7, "All who wish to do so are able, please stand for the invocation and pledge"),
            (101.1, "of allegiance."),
            (106.1, "Father, we come before you today at the close of this day just grateful"),
            (171.8, "Amen."),
            (177.1, "Allegiance to the flag of the United States of America and to the republic"),
            (182.5, "for which it stands, one nation under God,"),
            (193.8, "Thank you, Chaplain Eadie, and thank you,"),
            (198.0, "Council members, we have the agenda."),
            (200.4, "Please note that items 19B and 21G have been withdrawn by the sponsor."),
            (206.3, "Is anyone aware of any other changes or additions to the agenda?"),
            (224.5, "Is there a motion to approve the agenda?"),
        ],
    )
    got = [(item.number, item.title, item.time[0]) for item in top(result)]
    assert got == [
        ("", "Call to order", 66.8),
        ("", "Invocation", 83.0),
        ("", "Pledge of Allegiance", 177.1),
        ("", "Approval of the agenda", 198.0),
    ]
    assert not any(item.number in ("19b", "21g") for item in result.items)


def test_a_meeting_adjourns_once_at_its_end(tmp_path: Path) -> None:
    # Kissimmee Planning Advisory Board, 4 October 2023: the minutes being corrected say
    # the chairman "adjourned the meeting"; the meeting itself adjourns at 6:14.
    result = _srt(
        tmp_path,
        [
            (4.0, "Calling the meeting to order six o'clock."),
            (38.7, "- [Robert] Thanks everybody. Welcome, and we are looking at the minutes"),
            (42.2, "from our September 6th meeting."),
            (44.9, "I actually see an error on here,"),
            (48.0, "if we could change that"),
            (50.0, "where it says, Chairman Robert Buotier"),
            (52.0, "adjourned the meeting."),
            (53.0, "My name is misspelled."),
            (72.0, "Yep, motion to approve by Diana."),
            (80.0, "Hearing none minutes are approved."),
            (882.0, "If not, do we have motion to adjourn?"),
            (889.0, "All in favor, please say aye."),
            (893.0, "The meeting is adjourned at 6:14."),
        ],
    )
    got = [(item.title, item.time[0]) for item in top(result)]
    assert got == [
        ("Call to order", 4.0),
        ("Approval of the minutes", 38.7),
        ("Adjournment", 893.0),
    ]


CORPUS = Path(__file__).resolve().parent.parent / "evals" / "corpus"


def test_an_agenda_in_the_header_numbers_the_items_the_chair_announces(tmp_path: Path) -> None:
    # The Huntsville captions of 25 June 2026 under a NOTE listing that meeting's agenda as
    # printed (council-agenda-2026-06-25.pdf): the chair says few numbers, the agenda gives
    # them; the boundaries stay where the chair's words put them.
    headings = [
        "INVOCATION",
        "PLEDGE OF ALLEGIANCE",
        "APPROVAL OF THE AGENDA",
        "APPROVAL OF THE MINUTES OF PREVIOUS MEETING(S)",
        "MAYOR: SPECIAL RECOGNITIONS",
        "COUNCIL: SPECIAL RECOGNITIONS AND RESOLUTIONS",
        "ANNOUNCEMENTS AND PRESENTATIONS",
        "MATTERS WITH OUTSIDE LEGAL REPRESENTATIVE",
        "PUBLIC HEARINGS TO BE HELD",
        "PUBLIC HEARINGS TO BE SET",
        "AGENDA RELATED PUBLIC COMMENTS",
        "MAYOR COMMENTS",
        "COUNCILMEMBER COMMENTS",
        "FINANCE COMMITTEE REPORT",
        "BOARD APPOINTMENTS TO BE VOTED ON",
        "BOARD APPOINTMENT NOMINATIONS",
        "HUNTSVILLE UTILITIES ITEMS",
        "LEGAL DEPARTMENT ITEMS/TRANSACTIONS",
        "UNFINISHED BUSINESS ITEMS FOR ACTION",
        "NEW BUSINESS ITEMS FOR CONSIDERATION OR ACTION",
        "NEW BUSINESS ITEMS FOR INTRODUCTION",
        "SECOND ROSTER PUBLIC COMMENTS",
        "ADJOURNMENT",
    ]
    note = "\n".join(f"{n}. {title}" for n, title in enumerate(headings, start=1))
    captions = (CORPUS / "us-huntsville/council-2026-06-25-captions.vtt").read_text()
    path = tmp_path / "council.vtt"
    path.write_text(f"WEBVTT\n\nNOTE\n{note}\n" + captions.split("\n", 1)[1])
    result = segment_document(load_document(path))
    got = {item.number: (item.title, item.time[0]) for item in top(result) if item.time}
    assert got["1"] == ("Invocation", 83.0)
    assert got["16"] == ("Board appointment nominations", 3286.03)  # "We have no board ..."
    assert got["23"][0] == "Adjournment"
    assert "items numbered and titled from the agenda in the transcript's header" in (
        result.warnings
    )
    # Without the note the same boundaries, fewer numbers.
    plain = segment_document(
        load_document(CORPUS / "us-huntsville/council-2026-06-25-captions.vtt")
    )
    assert [i.time for i in top(plain)] == [i.time for i in top(result)]
    assert sum(bool(i.number) for i in top(plain)) < sum(bool(i.number) for i in top(result))


def test_header_agenda_needs_numbered_items_in_order() -> None:
    from pipeline.segment.transcript import header_agenda

    listed = header_agenda(
        ["Regular Meeting", "1. Call to Order", "2. Roll Call", "2.1 Excused absences",
         "3. Public Comment", "12 members present", "4. Adjournment"]
    )  # fmt: skip
    numbers = [(i.number, i.parent) for i in listed]
    assert numbers == [("1", None), ("2", None), ("2.1", "2"), ("3", None), ("4", None)]
    assert header_agenda(["Kind: captions", "Language: en", "1. Welcome"]) == []


def test_captions_without_punctuation_keep_their_items(tmp_path: Path) -> None:
    # The Huntsville cues of 11 June 2026 as live captions give them: upper case, no
    # punctuation, so the file is one "sentence". A "deleted" said an hour later strikes
    # nothing here, and items passed over are named up to their business word.
    said = [
        (
            1693.2,
            "We'll go on now with the Finance Committee Report. Mr. Meredith, 14A is a "
            "resolution authorizing expenditures for payment.",
        ),
        (1714.2, "Second from the chair. All in favor, please indicate."),
        (
            1724.2,
            "We have no board appointments to be voted on. We do have several board "
            "appointment nominations.",
        ),
        (
            1732.2,
            "16A is a nomination to appoint Nano Tate to the Huntsville Electric Utility Board.",
        ),
        (
            1864.2,
            "Are there any nominations from the floor? Hearing none, we'll move on. We "
            "have no Huntsville Utility items.",
        ),
        (
            2293.2,
            "This brings us to 20 new business items for consideration or action these "
            "items will be approved in one motion unless any council member wishes to remove an "
            "item for discussion the reading each item will be waived less a council member "
            "requests otherwise.",
        ),
        (2432.2, "And also please remember that item 20 O and 20 X have been deleted."),
    ]
    bare = [(start, re.sub(r"[.,?!;:]", "", text.upper())) for start, text in said]
    result = _srt(tmp_path, bare)
    titles = [item.title for item in top(result)]
    assert "Board appointments to be voted on" in titles
    assert "Huntsville utility items" in titles
    assert ("16a", "16") in [(item.number, item.parent) for item in result.items]
    assert [item.number for item in top(result) if item.number] == ["14", "16", "20"]
