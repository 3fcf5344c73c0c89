"""The built-in extractive engine on the real corpus and on fictional transcripts."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest

from pipeline.ingest import load_document
from pipeline.models import AgendaItem, Document, MeetingSummary, Segmentation, Speaker
from pipeline.segment import segment_document
from pipeline.store import to_json
from pipeline.summarise import ExtractiveEngine, SummariseSettings, summarise_meeting
from pipeline.summarise.text import CUT_RE, chrome_lines, collapse, visible

CORPUS_DOCS = [
    "decision-hwb-chscp-annual-report-2022-03-09.pdf",
    "agenda-pack-hwb-2023-01-26.pdf",
    "minutes-cyp-scrutiny-2022-11-30.txt",
    "minutes-cyp-scrutiny-2022-11-30.pdf",
    "agenda-item-chscp-annual-report-2022-23.txt",
    "decision-hwb-chscp-annual-report-2022-03-09.txt",
    "agenda-pack-hwb-2023-01-26.txt",
]
CHROME = re.compile(r"pdf icon|PDF \d+ KB|Additional documents|Back to top|view the full", re.I)


def summarise(path: Path, **settings: object) -> tuple[Segmentation, MeetingSummary]:
    config = SummariseSettings(**settings)
    segmentation = segment_document(load_document(path))
    engine = ExtractiveEngine(config)
    return segmentation, summarise_meeting(segmentation, engine=engine, settings=config)


@pytest.fixture(scope="module")
def summaries(corpus: Path) -> dict[str, tuple[Segmentation, MeetingSummary]]:
    return {name: summarise(corpus / name) for name in CORPUS_DOCS}


def same_words(text: str, source: str, chrome: frozenset[str]) -> bool:
    """The sentence is the source slice (whitespace collapsed, page headers and footers left
    out, a list item's ";" ending as ".")."""
    return collapse(text).rstrip(".") == visible(source, chrome).rstrip(";,.")


@pytest.mark.parametrize("name", CORPUS_DOCS)
def test_every_sentence_quote_and_decision_is_verbatim_at_its_span(summaries, name):
    segmentation, summary = summaries[name]
    text = segmentation.document.text
    chrome = chrome_lines(text) if segmentation.document.pages else frozenset()
    assert summary.provenance.engine == "extractive"
    assert summary.provenance.source_sha256 == segmentation.document.sha256
    checked = 0
    for item in summary.items:
        assert item.status == "ok"
        for sentence in item.sentences:
            assert len(sentence.spans) == 1
            span = sentence.spans[0]
            assert item.start <= span.start < span.end <= item.end
            assert same_words(sentence.text, text[span.start : span.end], chrome), sentence.text
            assert not CHROME.search(sentence.text)
            assert sentence.text[0].isupper() or sentence.text[0].isdigit()
            assert sentence.text.endswith((".", "!", '"', "”", ")", "’"))
            checked += 1
        for quote in item.quotes:
            assert quote.span is not None
            assert collapse(text[quote.span.start : quote.span.end]) == quote.text
        for decision in item.decisions:
            assert decision.span is not None
            assert visible(text[decision.span.start : decision.span.end], chrome) == decision.text
    assert checked >= 3
    assert summary.overview, "an overview is always built from the items"
    for sentence in summary.overview:
        for span in sentence.spans:
            assert 0 <= span.start < span.end <= len(text)


def test_nothing_from_after_a_cut_and_truncation_is_flagged(summaries):
    segmentation, summary = summaries["minutes-cyp-scrutiny-2022-11-30.txt"]
    text = segmentation.document.text
    truncated = {item.number for item in summary.items if item.source_truncated}
    assert {"5", "6"} <= truncated
    for item in summary.items:
        cut = CUT_RE.search(text, item.start, item.end)
        if cut is None:
            continue
        spans = [s for x in item.sentences for s in x.spans]
        spans += [q.span for q in item.quotes if q.span] + [
            d.span for d in item.decisions if d.span
        ]
        assert all(span.end <= cut.start() for span in spans), item.number
        # The words just before the cut are a broken sentence: never published.
        broken = collapse(text[text.rfind(".", item.start, cut.start()) + 1 : cut.start()])
        assert all(broken not in s.text for s in item.sentences)


def test_decisions_of_the_corpus_are_present(summaries):
    _, minutes = summaries["minutes-cyp-scrutiny-2022-11-30.txt"]
    by_number = {item.number: item for item in minutes.items}
    for number in ("7", "8", "9", "10"):
        assert by_number[number].decisions, f"item {number} records a decision"
        assert by_number[number].decisions[0].outcome == "agreed"
    assert "noted and agreed the letter" in by_number["7"].decisions[0].text

    _, single = summaries["agenda-item-chscp-annual-report-2022-23.txt"]
    decisions = [d for item in single.items for d in item.decisions]
    assert any("write to the DfE setting out its concerns" in d.text for d in decisions)
    assert all(d.outcome == "agreed" for d in decisions if "DfE" in d.text)

    _, decided = summaries["decision-hwb-chscp-annual-report-2022-03-09.txt"]
    decisions = [d for item in decided.items for d in item.decisions]
    assert [(d.text, d.outcome) for d in decisions] == [("To note the report", "noted")]


def test_an_agenda_pack_reports_no_decisions_of_a_meeting_not_yet_held(summaries):
    _, pack = summaries["agenda-pack-hwb-2023-01-26.txt"]
    # Item 4 holds the previous meeting's minutes, with their RESOLVED blocks.
    assert all(not item.decisions for item in pack.items)
    # An agenda is written in the future: the meeting has not happened yet.
    assert pack.overview[0].text == "The Health and Wellbeing Board will meet on 26 January 2023."
    assert pack.overview[1].text.startswith("The meeting will consider")
    assert "Childrens Annual Safeguarding Report" in pack.overview[1].text
    substantive = [i for i in pack.items if i.kind == "substantive" and i.end - i.start > 5000]
    assert substantive and all(i.sentences for i in substantive)


def test_initials_resolve_to_the_person_the_document_names(summaries):
    _, single = summaries["agenda-item-chscp-annual-report-2022-23.txt"]
    speakers = {q.speaker for item in single.items for q in item.quotes}
    assert "Jim Gamble" in speakers  # "(JG)" answers; "Jim Gamble, Independent Commissioner"
    assert "JG" not in speakers


def test_reported_speech_is_quoted_with_the_speaker_the_sentence_names(summaries):
    _, decided = summaries["decision-hwb-chscp-annual-report-2022-03-09.txt"]
    quotes = {q.speaker: q.text for item in decided.items for q in item.quotes}
    # "Mayor Glanville thanked ... He stated that the outcome of the reviews ..."
    assert quotes["Mayor Glanville"].startswith("the outcome of the reviews")


def test_two_runs_give_identical_json_except_timings(corpus):
    def stable(summary: MeetingSummary) -> dict:
        data = json.loads(to_json(summary))
        data["provenance"].pop("created_at")
        data["provenance"].pop("duration_s")
        for item in data["items"]:
            item.pop("duration_s")
        return data

    path = corpus / "minutes-cyp-scrutiny-2022-11-30.txt"
    first = stable(summarise(path)[1])
    second = stable(summarise(path)[1])
    assert first == second


def test_procedural_items_can_be_skipped(corpus):
    _, summary = summarise(corpus / "minutes-cyp-scrutiny-2022-11-30.txt", procedural="skip")
    statuses = {item.number: item.status for item in summary.items}
    assert statuses["1"] == statuses["10"] == "skipped"
    assert statuses["4"] == "ok"
    assert all(not i.sentences for i in summary.items if i.status == "skipped")
    # "line": a procedural item gets at most one sentence.
    _, lined = summarise(corpus / "minutes-cyp-scrutiny-2022-11-30.txt", procedural="line")
    assert all(len(i.sentences) <= 1 for i in lined.items if i.kind == "procedural")
    assert any(i.sentences for i in lined.items if i.kind == "procedural")


def transcript() -> Segmentation:
    """A fictional timed transcript of Northbridge Borough Council's licensing committee."""
    turns = [
        ("Cllr Mara Quinn", "Item three, the Harbour Street licence. Over to you, Sam.", 12.0),
        (
            "Sam Oduya",
            "The premises have had four noise complaints since March. We recommend the "
            "licence is granted with a closing time of eleven pm on weekdays.",
            31.5,
        ),
        (
            "Cllr Leo Banks",
            "I am not persuaded that eleven pm protects the residents of Harbour Street at all.",
            58.0,
        ),
        (
            "Cllr Mara Quinn",
            "The committee agreed to grant the licence with the conditions.",
            80.25,
        ),
    ]
    parts, speakers, offset = [], [], 0
    for name, said, seconds in turns:
        line = f"{name}: {said}"
        speakers.append(
            Speaker(speaker=name, start=offset, end=offset + len(line), time_start=seconds)
        )
        parts.append(line)
        offset += len(line) + 2
    text = "\n\n".join(parts)
    document = Document(
        path="licensing.vtt", format="vtt", text=text, sha256="0" * 64, turns=speakers
    )
    document.metadata.kind = "transcript"
    # The decision as segmenting finds it (the summariser finds no decisions of its own).
    decided = "The committee agreed to grant the licence with the conditions."
    item = AgendaItem(
        number="3",
        title="Harbour Street licence",
        kind="substantive",
        start=0,
        end=len(text),
        decisions=[decided],
    )
    return Segmentation(document=document, items=[item])


def test_transcript_quotes_carry_the_speaker_and_time_of_their_turn():
    segmentation = transcript()
    config = SummariseSettings(max_quotes=3)
    summary = summarise_meeting(segmentation, engine=ExtractiveEngine(config), settings=config)
    text = segmentation.document.text
    quotes = summary.items[0].quotes
    assert quotes
    for quote in quotes:
        turn = next(t for t in segmentation.document.turns if t.start <= quote.span.start < t.end)
        assert quote.speaker == turn.speaker
        assert quote.time == turn.time_start
        assert collapse(text[quote.span.start : quote.span.end]) == quote.text
        assert not quote.text.startswith(turn.speaker)  # the "Name:" label is not quoted
    assert any(q.speaker == "Cllr Leo Banks" and q.time == 58.0 for q in quotes)
    decisions = summary.items[0].decisions
    assert [d.outcome for d in decisions] == ["agreed"]
    # A chair's cue ("Item three ... Over to you") is not a summary sentence.
    assert all("Over to you" not in s.text for s in summary.items[0].sentences)


def test_quoted_words_are_direct_and_minutes_reported_speech_is_reported():
    samples = Path(__file__).resolve().parent.parent / "samples"
    segmentation, summary = summarise(samples / "northbridge-cabinet-minutes.pdf")
    quotes = [q for item in summary.items for q in item.quotes]
    # 'Councillor Price said: "Every pound we spend ..."': her words, in quotation marks.
    (pound,) = [q for q in quotes if q.text.startswith("Every pound we spend")]
    assert pound.kind == "direct" and pound.speaker == "Councillor Price"
    # "Councillor Amira Hussain replied that the average nightly cost ...": the clerk's words.
    (cost,) = [q for q in quotes if "average nightly cost" in q.text]
    assert cost.kind == "reported" and cost.speaker == "Councillor Amira Hussain"
    # In minutes, only words that sit just inside quotation marks are direct.
    text = segmentation.document.text
    for q in quotes:
        marked = text[q.span.start - 1] in '"“' and text[q.span.end] in '"”'
        assert (q.kind == "direct") == marked, q


def test_transcript_turn_quotes_are_direct():
    segmentation = transcript()
    config = SummariseSettings(max_quotes=3)
    summary = summarise_meeting(segmentation, engine=ExtractiveEngine(config), settings=config)
    quotes = summary.items[0].quotes
    assert quotes and all(q.kind == "direct" for q in quotes)


def test_initialled_answers_in_minutes_are_reported_speech(summaries):
    segmentation, single = summaries["agenda-item-chscp-annual-report-2022-23.txt"]
    text = segmentation.document.text
    gamble = [q for item in single.items for q in item.quotes if q.speaker == "Jim Gamble"]
    assert gamble
    for q in gamble:  # "(JG) The mental health crisis ...": the clerk's account of his answer
        marked = text[q.span.start - 1] in '"“' and text[q.span.end] in '"”'
        assert q.kind == ("direct" if marked else "reported"), q
    assert any(q.kind == "reported" for q in gamble)
