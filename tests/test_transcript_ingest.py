"""Transcript ingest: WebVTT, SRT, roll-up captions, Zoom VTT, whisper JSON, plain text."""

from __future__ import annotations

import json
import re
import subprocess
import sys
from pathlib import Path

import pytest

from pipeline.errors import InputError
from pipeline.ingest import load_document
from pipeline.ingest.captions_plain import looks_like_transcript_text
from pipeline.ingest.normalise import normalise_text
from pipeline.models import Document
from pipeline.transcripts import locate_quote, time_at, turn_at, video_link

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(Path(__file__).parent / "fixtures" / "transcripts"))
import make_transcripts  # noqa: E402  (the script that wrote the fixtures: the script)


@pytest.fixture(scope="module")
def tdir(fixtures: Path) -> Path:
    return fixtures / "transcripts"


def words(text: str) -> list[str]:
    return re.findall(r"[a-z0-9']+", text.lower().replace(",", ""))


def check_invariants(doc: Document) -> None:
    """Offsets index normalised text; turns tile paragraphs; anchors ascend."""
    assert normalise_text(doc.text) == doc.text
    assert doc.metadata.kind == "transcript"
    previous_end = -1
    for turn in doc.turns:
        assert previous_end < turn.start < turn.end <= len(doc.text)
        if turn.speaker:
            assert doc.text[turn.start :].startswith(f"{turn.speaker}: ")
        previous_end = turn.end
    assert "\n\n".join(doc.text[t.start : t.end] for t in doc.turns) == doc.text
    offsets = [a.offset for a in doc.time_anchors]
    assert offsets == sorted(offsets) and len(set(offsets)) == len(offsets)
    assert all(not doc.text[o].isspace() for o in offsets)


SCRIPT_WORDS = [w for _, text in make_transcripts.CITY for w in words(text)]


def test_webvtt_voice_tags_notes_style_and_settings(tdir: Path) -> None:
    doc = load_document(tdir / "city-council-2025-03-04.vtt")
    check_invariants(doc)
    assert doc.format == "vtt"
    assert doc.text.startswith("President Delgado: Good evening, everyone. I call this regular")
    speakers = [t.speaker for t in doc.turns[:3]]
    assert speakers == ["President Delgado", "Clerk Reyes", "President Delgado"]
    assert len(doc.turns) == len(make_transcripts.CITY)
    spoken = " ".join(doc.text[t.start + len(t.speaker) + 2 : t.end] for t in doc.turns)
    assert words(spoken) == SCRIPT_WORDS  # <c.highlight> tags and &amp; gone, nothing lost
    assert "::cue" not in doc.text and "<" not in doc.text
    meta = doc.metadata
    # "Millbrook City Council - Tuesday, March 4, 2025 6:00 pm": the council's own meeting
    assert (meta.council, meta.body) == ("Millbrook City Council", "City Council")
    assert (meta.date, meta.time) == ("2025-03-04", "18:00")
    assert meta.urls["video"] == "https://www.youtube.com/watch?v=MbK2025mar04"
    cues = sum(len(turn["cues"]) for turn in make_transcripts.timed(make_transcripts.CITY))
    assert len(doc.time_anchors) == cues  # one anchor per cue
    assert doc.turns[0].time_start == 1.0 and doc.turns[1].time_start == pytest.approx(13.8)


def test_srt_broadcast_style_speaker_changes(tdir: Path) -> None:
    doc = load_document(tdir / "city-council-2025-03-04.srt")
    vtt = load_document(tdir / "city-council-2025-03-04.vtt")
    check_invariants(doc)
    assert doc.format == "srt"
    assert doc.turns[0].speaker == "PRESIDENT DELGADO"
    assert doc.text == vtt.text.upper()
    assert [t.time_start for t in doc.turns] == [t.time_start for t in vtt.turns]
    # The SRT states nothing: the chair's words name the meeting, the file name its date.
    meta = doc.metadata
    assert (meta.council, meta.body, meta.time) == ("City of Millbrook", "City Council", "18:02")
    assert meta.date == "2025-03-04"


def test_youtube_rollup_repeats_dropped_and_times_kept(tdir: Path) -> None:
    doc = load_document(tdir / "city-council-youtube.vtt")
    check_invariants(doc)
    assert any("roll-up captions" in w for w in doc.warnings)
    # Every word once, in order: the repeats are gone and nothing else is.
    expected = re.sub(r"\W", "", "".join(SCRIPT_WORDS))
    assert re.sub(r"\W", "", doc.text.removeprefix("[Music] ")) == expected
    # Offsets -> times after de-duplication: inline word stamps and cue starts.
    roll = doc.text.index("roll call")
    assert time_at(doc, roll) == pytest.approx(9.4)  # <00:00:09.400><c> roll</c>
    assert time_at(doc, roll + 6) == pytest.approx(9.8)  # "call"
    pm = doc.text.index("pm item 2")
    assert time_at(doc, pm) == pytest.approx(8.2)  # first word of the cue at 00:00:08.200
    docket = doc.text.index("docket number 0761")
    assert 150 < time_at(doc, docket) < 160


ROLLING = """WEBVTT

00:00:01.000 --> 00:00:03.000
good evening

00:00:03.000 --> 00:00:05.000
good evening
and welcome

00:00:05.000 --> 00:00:05.010
and welcome

00:00:05.010 --> 00:00:07.000
and welcome
to<00:00:05.500><c> item</c><00:00:06.000><c> one</c>
"""


def test_small_rolling_file_exact(tmp_path: Path) -> None:
    path = tmp_path / "roll.vtt"
    path.write_text(ROLLING)
    doc = load_document(path)
    assert doc.text == "good evening and welcome to item one"
    anchors = [(a.offset, a.seconds) for a in doc.time_anchors]
    assert anchors == [(0, 1.0), (13, 3.0), (25, 5.01), (28, 5.5), (33, 6.0)]
    assert time_at(doc, doc.text.index("welcome")) == 3.0
    assert time_at(doc, doc.text.index("one")) == 6.0


def test_non_rolling_file_keeps_repeated_lines(tmp_path: Path) -> None:
    path = tmp_path / "plain.vtt"
    cues = [("Yes.", 1), ("Yes.", 2), ("No.", 3), ("No.", 4), ("Maybe later.", 5)]
    body = "".join(f"00:00:0{s}.000 --> 00:00:0{s}.900\n{t}\n\n" for t, s in cues)
    path.write_text("WEBVTT\n\n" + body)
    doc = load_document(path)
    assert doc.text == "Yes. Yes. No. No. Maybe later."
    assert not doc.warnings


def test_zoom_vtt_name_labels_merge_turns(tdir: Path) -> None:
    doc = load_document(tdir / "housing-committee-zoom.vtt")
    check_invariants(doc)
    speakers = [t.speaker for t in doc.turns]
    assert speakers[:3] == ["Cllr Amina Shah", "David Lowe", "Cllr Amina Shah"]
    assert len(doc.turns) == 12  # two pairs of consecutive chair turns merge
    assert "Cllr Amina Shah: Cllr" not in doc.text  # labels are not repeated per cue
    turn = turn_at(doc, doc.text.index("1,240 households"))
    assert turn is not None and turn.speaker == "Rachel Green"


def test_teams_voice_changes_within_a_cue(tmp_path: Path) -> None:
    path = tmp_path / "teams.vtt"
    path.write_text(
        "WEBVTT\n\n00:00:01.000 --> 00:00:02.000\n<v Jo Bloggs>So moved.</v>\n"
        "<v Sam Lee>Second.</v>\n\n00:00:02.500 --> 00:00:03.000\n>> Thank you.\n"
    )
    doc = load_document(path)
    assert doc.text == "Jo Bloggs: So moved.\n\nSam Lee: Second.\n\nThank you."
    assert [t.speaker for t in doc.turns] == ["Jo Bloggs", "Sam Lee", None]
    assert time_at(doc, doc.text.index("Thank")) == 2.5


def test_whisperx_json_speakers_and_word_stamps(tdir: Path) -> None:
    doc = load_document(tdir / "city-council-2025-03-04.json")
    check_invariants(doc)
    assert doc.format == "transcript-json"
    assert doc.turns[0].speaker == "SPEAKER_00" and doc.turns[1].speaker == "SPEAKER_01"
    vtt = load_document(tdir / "city-council-2025-03-04.vtt")
    assert words(re.sub(r"SPEAKER_\d+:", "", doc.text)) == SCRIPT_WORDS
    assert len(doc.turns) == len(vtt.turns)
    # word_timestamps: "everyone." is the third word of the first segment (0.4 s a word)
    assert time_at(doc, doc.text.index("everyone")) == pytest.approx(1.8)
    # without word stamps a later segment maps to its start
    seg = json.loads((tdir / "city-council-2025-03-04.json").read_text())["segments"][10]
    assert time_at(doc, doc.text.index(seg["text"].strip())) == pytest.approx(seg["start"])


def test_faster_whisper_bare_list(tmp_path: Path) -> None:
    path = tmp_path / "meeting.json"
    path.write_text(
        json.dumps(
            [
                {"id": 0, "start": 0.0, "end": 2.5, "text": " Item five, housing."},
                {"id": 1, "start": 2.5, "end": 6.0, "text": " Moving on."},
            ]
        )
    )
    doc = load_document(path)
    assert doc.text == "Item five, housing. Moving on."
    assert [t.speaker for t in doc.turns] == [None]
    assert time_at(doc, doc.text.index("Moving")) == 2.5


@pytest.mark.parametrize(
    ("content", "problem"),
    [
        ("{not json", "not valid JSON"),
        ('{"language": "en"}', "no transcript segments"),
        ('[{"start": "a", "end": 1, "text": "x"}]', "no transcript segments"),
        (
            '[{"start": 1, "end": 2, "text": "x"}, {"start": "a", "end": 3, "text": "y"}]',
            "segment 1: start/end",
        ),
        ('[{"start": 5, "end": 1, "text": "x"}]', "ends (1) before it starts"),
        ("[]", "no caption cues"),
    ],
)
def test_bad_json_transcripts(tmp_path: Path, content: str, problem: str) -> None:
    path = tmp_path / "t.json"
    path.write_text(content)
    with pytest.raises(InputError, match=re.escape(problem)):
        load_document(path)


def test_plain_text_transcript(tdir: Path) -> None:
    doc = load_document(tdir / "housing-committee-2025-03-12.txt")
    check_invariants(doc)
    assert doc.format == "transcript-text"
    assert doc.text.startswith("Cllr Amina Shah: Good evening and welcome")
    assert "Transcript of the meeting recording" not in doc.text  # header: metadata only
    meta = doc.metadata
    assert meta.council == "Northbridge Borough Council"
    assert meta.body == "Housing and Regeneration Scrutiny Committee"
    assert meta.date == "2025-03-12"
    zoom = load_document(tdir / "housing-committee-zoom.vtt")
    assert doc.text == zoom.text  # continuation lines joined like cues
    first, second = doc.turns[0], doc.turns[1]
    assert (first.time_start, first.time_end) == (4.0, 14.0)  # ends where the next starts
    assert second.time_start == 14.0
    assert doc.turns[-1].time_end is None


def test_plain_text_otter_style(tmp_path: Path) -> None:
    path = tmp_path / "otter.txt"
    path.write_text(
        "Amina Shah  0:03\nGood evening, everyone.\n\nTom Price  0:15\nThank you, Chair.\n\n"
        "Amina Shah  1:02\nItem four.\n"
    )
    doc = load_document(path)
    assert doc.format == "transcript-text"
    assert doc.text == (
        "Amina Shah: Good evening, everyone.\n\nTom Price: Thank you, Chair.\n\n"
        "Amina Shah: Item four."
    )
    assert [t.time_start for t in doc.turns] == [3.0, 15.0, 62.0]


def test_plain_text_detection_rejects_meeting_documents(corpus: Path, samples: Path) -> None:
    for path in [*corpus.glob("*.txt"), *samples.glob("*.txt")]:
        assert not looks_like_transcript_text(path.read_bytes()), path.name
    assert looks_like_transcript_text(b"SPEAKER 1: Hello.\nSPEAKER 2: Hi.\nSPEAKER 1: Item 5.\n")
    assert not looks_like_transcript_text(b"Note: one.\nItem 5: Housing.\nDate: today\nA: b\n")


def test_turn_and_time_helpers(tdir: Path) -> None:
    doc = load_document(tdir / "city-council-2025-03-04.vtt")
    second = doc.turns[1]
    assert turn_at(doc, second.start) == second
    assert turn_at(doc, second.end) is None  # the blank line between paragraphs
    assert time_at(doc, second.start) == second.time_start  # inside the "Name: " label
    assert time_at(doc, second.start + 3) == second.time_start
    minutes = load_document(ROOT / "samples" / "northbridge-cabinet-minutes.txt")
    assert turn_at(minutes, 10) is None and time_at(minutes, 10) is None


def test_locate_quote_with_fillers_and_attribution(tdir: Path) -> None:
    doc = load_document(tdir / "city-council-2025-03-04.vtt")
    quote = "The integrity of our, um, neighborhoods is not threatened by a garden cottage"
    match = locate_quote(doc, quote)
    assert match is not None and match.speaker == "Councilmember Ortiz"
    assert doc.text[match.start : match.end].startswith("The integrity of our neighborhoods")
    assert match.seconds == time_at(doc, match.start) and match.seconds > 60
    assert locate_quote(doc, quote, speaker="Ortiz") is not None
    assert locate_quote(doc, quote, speaker="Councilmember Hall") is None
    assert locate_quote(doc, "We will build a stadium on Alder Street tonight") is None


@pytest.mark.parametrize(
    ("url", "expected"),
    [
        ("https://www.youtube.com/watch?v=abc", "https://www.youtube.com/watch?v=abc&t=90"),
        ("https://www.youtube.com/watch?v=abc&t=5", "https://www.youtube.com/watch?v=abc&t=90"),
        ("https://youtu.be/abc", "https://youtu.be/abc?t=90"),
        ("https://vimeo.com/12345", "https://vimeo.com/12345#t=90s"),
        ("https://example.org/meeting.mp4", "https://example.org/meeting.mp4"),
    ],
)
def test_video_link(url: str, expected: str) -> None:
    assert video_link(url, 90.7) == expected


def test_video_link_without_time() -> None:
    assert video_link("https://youtu.be/abc", None) == "https://youtu.be/abc"


@pytest.mark.parametrize(
    ("name", "problem"),
    [
        ("empty.vtt", "no caption cues found"),
        ("broken-timestamps.vtt", "line 8: broken cue timestamp"),
        ("no-cues.vtt", "no caption cues found"),
    ],
)
def test_bad_captions_through_cli(tdir: Path, name: str, problem: str) -> None:
    path = tdir / "bad" / name
    result = subprocess.run(
        [sys.executable, "run.py", "segment", str(path), "--json"],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert result.returncode == 2
    assert result.stdout == ""
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1 and "Traceback" not in result.stderr
    assert lines[0].startswith(f"error: {path}") and problem in lines[0]


@pytest.mark.parametrize(
    "content",
    [
        "WEBVTT\n\n00:00:05.000 --> 00:00:01.000\nBackwards.\n",
        "WEBVTT\n\n00:00:01.000 --> 00:61:00.000\nBad minutes.\n",
        "1\n00:00:01,000 --> 00:00:02,000\nFine.\n\n2\n00:00:02,000 --> 00:00:xx,000\nBad.\n",
    ],
)
def test_broken_timings_are_input_errors(tmp_path: Path, content: str) -> None:
    path = tmp_path / ("t.srt" if content.startswith("1") else "t.vtt")
    path.write_text(content)
    with pytest.raises(InputError, match="line "):
        load_document(path)


# --- YouTube caption JSON, json3, Whisper TSV and spreadsheets ------------------------

DEV = ROOT.parent / "shared" / "corpus" / "dev" / "transcripts"


def test_youtube_caption_list_with_speaker_changes(tmp_path: Path) -> None:
    path = tmp_path / "captions"  # no extension: the content says what it is
    path.write_text(
        json.dumps(
            [
                {"text": ">> GOOD EVENING.\nITEM FIVE,", "start": 1.0, "duration": 4.0},
                {"text": "HOUSING.", "start": 3.0, "duration": 3.0},
                {"text": ">> THANK YOU, CHAIR.", "start": 6.5, "duration": 2.0},
            ]
        )
    )
    doc = load_document(path)
    check_invariants(doc)
    assert doc.format == "transcript-json"
    assert doc.text == "GOOD EVENING. ITEM FIVE, HOUSING.\n\nTHANK YOU, CHAIR."
    assert [(t.time_start, t.time_end) for t in doc.turns] == [(1.0, 6.0), (6.5, 8.5)]
    assert doc.turns[0].time_end == 6.0  # display durations overlap: cut at the next cue
    assert time_at(doc, doc.text.index("HOUSING")) == 3.0


def test_youtube_caption_list_in_milliseconds(tmp_path: Path) -> None:
    path = tmp_path / "captions.json"
    cues = [{"text": f"word{i}", "offset": 1500 * i, "duration": 1400} for i in range(6)]
    path.write_text(json.dumps(cues))
    doc = load_document(path)
    assert time_at(doc, doc.text.index("word4")) == pytest.approx(6.0)


def test_youtube_json3_word_offsets(tmp_path: Path) -> None:
    path = tmp_path / "meeting.json3"
    events = {
        "wireMagic": "pb3",
        "events": [
            {"tStartMs": 0, "dDurationMs": 90000, "id": 1},
            {
                "tStartMs": 2000,
                "dDurationMs": 3000,
                "segs": [{"utf8": "moving"}, {"utf8": " on", "tOffsetMs": 400}],
            },
            {"tStartMs": 4000, "dDurationMs": 1000, "aAppend": 1, "segs": [{"utf8": "\n"}]},
            {
                "tStartMs": 4000,
                "dDurationMs": 2000,
                "segs": [{"utf8": "to item"}, {"utf8": " six", "tOffsetMs": 900}],
            },
        ],
    }
    path.write_text(json.dumps(events))
    doc = load_document(path)
    check_invariants(doc)
    assert doc.text == "moving on to item six"
    assert time_at(doc, doc.text.index("on")) == pytest.approx(2.4)
    assert time_at(doc, doc.text.index("six")) == pytest.approx(4.9)
    assert doc.turns[0].time_end == 6.0


def test_whisper_tsv_milliseconds(tmp_path: Path) -> None:
    path = tmp_path / "meeting.tsv"
    path.write_text(
        "start\tend\ttext\n0\t4200\tGood evening.\n4200\t9000\tItem one, apologies.\n"
        "9000\t12500\tNone received.\n"
    )
    doc = load_document(path)
    check_invariants(doc)
    assert doc.format == "transcript-tsv"
    assert doc.text == "Good evening. Item one, apologies. None received."
    assert time_at(doc, doc.text.index("Item")) == pytest.approx(4.2)
    assert doc.turns[-1].time_end == pytest.approx(12.5)


def test_spreadsheet_tsv_prefers_milliseconds_and_corrected_text(tmp_path: Path) -> None:
    path = tmp_path / "sheet.txt"
    path.write_text(
        "Source: council video\t\t\n"
        "Speaker\tStart (s)\tRaw text\tCorrected text\tStart (ms)\tEnd (ms)\n"
        "Mayor\t1\tgood evening\tGood evening.\t1200\t3400\n"
        "\t3\tnext item\t\t3400\t5100\n"
        'Clerk\t5\t"Item two, ""the minutes"""\t\t5100\t8000\n'
    )
    doc = load_document(path)
    assert doc.format == "transcript-tsv"
    assert doc.text == 'Mayor: Good evening. next item\n\nClerk: Item two, "the minutes"'
    assert time_at(doc, doc.text.index("next")) == pytest.approx(3.4)
    assert doc.turns[1].time_start == pytest.approx(5.1)


def test_tab_separated_minutes_are_not_transcripts(tmp_path: Path) -> None:
    path = tmp_path / "table.txt"
    path.write_text("Item\tTitle\tPages\n1\tApologies\t1-2\n2\tMinutes\t3-9\n")
    assert load_document(path).format == "text"


def test_real_youtube_json_and_whisper_tsv() -> None:
    minneapolis = load_document(DEV / "minneapolis-aeo-committee-2024-10-07.json")
    check_invariants(minneapolis)
    assert minneapolis.text.startswith("GOOD AFTERNOON! MY NAME IS ROBIN WONSLEY")
    assert len(minneapolis.turns) > 100  # ">>" speaker changes
    canada_bay = load_document(DEV / "canada-bay-council-2023-03-28.tsv")
    check_invariants(canada_bay)
    assert canada_bay.format == "transcript-tsv"
    assert canada_bay.text.startswith("So I'm going to move on with the other item")
    said = canada_bay.text.index("there are no speakers on the item")
    assert time_at(canada_bay, said) == pytest.approx(3143.86)


def test_council_data_project_sentences(tmp_path: Path) -> None:
    path = tmp_path / "cdp.json"
    sentence = {
        "index": 0,
        "start_time": 12.5,
        "end_time": 15.0,
        "text": "Item one, the minutes.",
        "speaker_name": "Council President",
        "words": [
            {"index": 0, "start_time": 12.5, "end_time": 12.9, "text": "Item"},
            {"index": 1, "start_time": 13.0, "end_time": 13.4, "text": "one,"},
            {"index": 2, "start_time": 13.5, "end_time": 13.7, "text": "the"},
            {"index": 3, "start_time": 13.8, "end_time": 15.0, "text": "minutes."},
        ],
    }
    path.write_text(json.dumps({"generator": "test", "sentences": [sentence]}))
    doc = load_document(path)
    assert doc.text == "Council President: Item one, the minutes."
    assert time_at(doc, doc.text.index("minutes")) == pytest.approx(13.8)


def test_plain_speech_in_a_file_named_a_transcript(tmp_path: Path) -> None:
    lines = [
        "Good evening everyone and welcome to this meeting of the parks committee tonight.",
        "We will begin with public comment and I see that two people have signed up.",
        "Thank you chair, I live on Elm Street and the playground there needs new fencing.",
        "Thank you for coming in, that concludes public comment for this evening meeting.",
        "Moving on to item three, the review of the summer events programme for this year.",
    ]
    named = tmp_path / "parks-committee-transcript.txt"
    named.write_text("\n".join(lines) + "\n")
    doc = load_document(named)
    assert doc.format == "transcript-text" and doc.metadata.kind == "transcript"
    assert doc.time_anchors == []  # no stamps: no times, and nothing invented
    other = tmp_path / "parks-committee.txt"
    other.write_text("\n".join(lines) + "\n")
    assert load_document(other).format == "text"  # the name only breaks the tie


@pytest.mark.parametrize(
    ("content", "problem"),
    [
        (
            "start\tend\ttext\n0\t900\tHello.\n900\t1800\tAgain.\nsoon\t2700\tMore.\n",
            "line 4: start time",
        ),
        ("start\tend\ttext\n900\t100\tBackwards.\n1000\t2000\tOn.\n", "line 2: the row ends"),
        ('[{"text": "Hi", "start": 1.0, "duration": "x"}]', "segment 0: start/end"),
    ],
)
def test_broken_tsv_and_caption_json_are_one_line_errors(
    tmp_path: Path, content: str, problem: str
) -> None:
    path = tmp_path / ("captions.json" if content.startswith("[") else "captions.tsv")
    path.write_text(content)
    result = subprocess.run(
        [sys.executable, "run.py", "segment", str(path), "--json"],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert result.returncode == 2 and result.stdout == ""
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith(f"error: {path}") and problem in lines[0]


# --- The same real captions in other published shapes --------------------------------

OAKLAND = DEV / "oakland-council-2022-08-09.vtt"


def _oakland_cues() -> list[tuple[float, float, str]]:
    """Oakland's real caption cues as (start, end, text with ">>" turns), from its VTT."""
    from pipeline.ingest.captions_vtt import parse_vtt

    parsed = parse_vtt(OAKLAND, OAKLAND.read_text(encoding="utf-8"))
    cues = []
    for cue in parsed.cues:
        said = " ".join(
            ">>" if kind == "change" else str(value)
            for line in cue.lines
            for kind, value in line
            if kind in ("text", "change")
        )
        cues.append((cue.start or 0.0, cue.end or 0.0, " ".join(said.split())))
    return cues


@pytest.mark.parametrize(
    "wrap",
    [
        lambda rows: {"transcript": rows},  # youtube-transcript scrapers
        lambda rows: {"lang": "en", "data": {"content": rows}},  # an API response
        lambda rows: rows,
    ],
)
def test_youtube_caption_json_found_by_structure(tmp_path: Path, wrap) -> None:
    rows = [
        {"text": text, "duration": round((end - start) * 1000), "offset": round(start * 1000)}
        for start, end, text in _oakland_cues()
    ]
    path = tmp_path / "oakland.json"
    path.write_text(json.dumps(wrap(rows)))
    doc = load_document(path)
    vtt = load_document(OAKLAND)
    check_invariants(doc)
    assert doc.format == "transcript-json"
    assert words(doc.text) == words(vtt.text)
    said = "we will begin with a roll call"
    assert time_at(doc, doc.text.lower().index(said)) == time_at(vtt, vtt.text.lower().index(said))
    assert len(doc.turns) == len(vtt.turns)  # ">>" changes of speaker


def test_caption_json_with_unknown_field_names(tmp_path: Path) -> None:
    rows = [
        {"caption_id": i, "line": text, "t_from": f"{start:.2f}", "speaker_lang": "en"}
        for i, (start, _, text) in enumerate(_oakland_cues())
    ]
    path = tmp_path / "captions.json"
    path.write_text(json.dumps({"meta": {"title": "Oakland"}, "cues": rows}))
    doc = load_document(path)
    vtt = load_document(OAKLAND)
    said = "we will begin with a roll call"
    assert words(doc.text) == words(vtt.text)  # "line" is the text, "t_from" the start
    at = time_at(vtt, vtt.text.lower().index(said))
    assert time_at(doc, doc.text.lower().index(said)) == pytest.approx(at, abs=0.01)


def test_broadcast_captions_with_a_time_on_every_line(tmp_path: Path) -> None:
    # Upper case, "HH:MM:SS" on every line, ">>" at a change of speaker and no names.
    lines = []
    for start, _, text in _oakland_cues():
        stamp = f"{int(start) // 3600:02d}:{int(start) % 3600 // 60:02d}:{int(start) % 60:02d}"
        lines.append(f"{stamp} {text.upper()}")
    path = tmp_path / "oakland-captions.txt"
    path.write_text("\n".join(lines) + "\n")
    assert looks_like_transcript_text(path.read_bytes())
    doc = load_document(path)
    check_invariants(doc)
    assert doc.format == "transcript-text"
    assert len(doc.turns) > 50  # ">>" changes of speaker
    roll_call = doc.text.index("WE WILL BEGIN WITH A ROLL CALL")
    assert time_at(doc, roll_call) == pytest.approx(156.0, abs=1.0)


def test_times_of_day_on_agenda_lines_are_not_captions() -> None:
    agenda = "\n".join(
        f"{hour}:{minute:02d} {title}"
        for hour, minute, title in [
            (6, 0, "Call to order"), (6, 5, "Roll call"), (6, 10, "Public comment"),
            (6, 30, "Consent calendar"), (6, 45, "Budget hearing"), (7, 30, "Zoning appeal"),
            (8, 0, "Council reports"), (8, 15, "Closed session"), (8, 45, "Report out"),
            (9, 0, "Adjournment"),
        ]
    )  # fmt: skip
    assert not looks_like_transcript_text(agenda.encode())


def test_zoom_saved_captions_name_and_time_above_the_words(tmp_path: Path) -> None:
    # Zoom's saved captions: "[Name] HH:MM:SS" on a line, the words below; a caption
    # line opening with "AGENDA" does not make the file a meeting document.
    blocks = []
    for number, (start, _, text) in enumerate(_oakland_cues()):
        stamp = f"{int(start) // 3600:02d}:{int(start) % 3600 // 60:02d}:{int(start) % 60:02d}"
        blocks.append(f"[Speaker {number % 3 + 1}] {stamp}\n{text.replace('>>', '').strip()}\n")
    blocks.insert(3, "[Speaker 2] 00:02:37\nAGENDA ITEMS WILL BE TAKEN IN ORDER.\n")
    path = tmp_path / "GMT20220809-zoom.txt"
    path.write_text("\n".join(blocks))
    assert looks_like_transcript_text(path.read_bytes())
    doc = load_document(path)
    check_invariants(doc)
    assert {turn.speaker for turn in doc.turns} == {"Speaker 1", "Speaker 2", "Speaker 3"}
    agenda = doc.text.index("AGENDA ITEMS WILL BE TAKEN")
    assert time_at(doc, agenda) == 157.0
