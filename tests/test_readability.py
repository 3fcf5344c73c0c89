"""Summaries a resident can read: the readability rules, and the built-in engine held to them
on every real document of the corpus.

The corpus documents are the shared ones (``../shared/corpus/dev``, ``../shared/corpus/hackney``)
and the project's own (``evals/corpus``, its ``truth.json``); a document the current ingest
cannot read (a scanned PDF with no text layer) is skipped with the reason.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from pipeline.models import (
    Decision,
    Document,
    ItemSummary,
    MeetingInfo,
    MeetingSummary,
    Provenance,
    Quote,
    SourceSpan,
    SummarySentence,
    Vote,
)
from pipeline.summarise.corpus_check import check_document, corpus_documents
from pipeline.summarise.readability import (
    CORE_KINDS,
    check_summary,
    first_person,
    glued_heading,
    sentence_problems,
)

ROOT = Path(__file__).resolve().parent.parent
CORPORA = [
    ROOT.parent / "shared" / "corpus" / "dev",
    ROOT.parent / "shared" / "corpus" / "hackney",
    ROOT / "evals" / "corpus",
]


def kinds(text: str, overview: bool = False) -> set[str]:
    return {kind for kind, _ in sentence_problems(text, overview=overview)}


# --- one sentence: the problems the issue found on real pages ---------------------------


def test_fragments_are_caught():
    assert "fragment" in kinds("It was agreed that Cllrs.")
    assert "fragment" in kinds("The One You Kent service campaign continued to encourage people to")
    assert "fragment" in kinds("Review in-year spending and report.")  # no finite verb
    assert "fragment" in kinds("Handyman May-19 32.00 0.00 32.00 240.00 The payments were agreed.")
    assert "fragment" in kinds("APPROVAL OF THE MINUTES OF THE LAST MEETING WAS AGREED.")
    assert "fragment" in kinds("motion is approved with a vote of six ayes.")
    assert kinds("The Cabinet noted the forecast overspend of £1.7m.") == set()


def test_first_and_second_person_outside_quotation_marks():
    assert first_person("I have recently discussed this issue with them.") == "I"
    assert first_person("Question from Malcolm Alexander I know you are fully aware of it.")
    assert first_person("We'll be supportive but the university will submit that.") == "We'll"
    assert first_person('Councillor Price said: "Every pound we spend matters."') is None
    assert first_person("Phase I of the scheme was completed in 2021.") is None
    assert first_person("The US Department of Transportation awarded the grant.") is None


def test_a_heading_run_into_a_sentence_is_caught_where_it_ends():
    text = "Background The City & Hackney Safeguarding Children Partnership annual report sets out"
    assert text[glued_heading(text) :].startswith("The City")
    glued = "Approval of Minutes The minutes of the meeting held on 04.03.19 were confirmed."
    assert glued[glued_heading(glued) :].startswith("The minutes")
    assert glued_heading("Street Lighting Maintenance Three quotes were considered.") is not None
    assert glued_heading("Deputy Mayor Bramble commended the good leadership.") is None
    assert glued_heading("The Chair welcomed everyone to the meeting.") is None


# --- a whole summary --------------------------------------------------------------------


def summary_of(overview: list[str], item: ItemSummary, kind: str = "minutes") -> MeetingSummary:
    return MeetingSummary(
        meeting=MeetingInfo(body="Cabinet", date="2024-09-09", kind=kind),  # type: ignore[arg-type]
        overview=[SummarySentence(text=t) for t in overview],
        items=[item],
        provenance=Provenance(
            engine="extractive", source_path="x", source_sha256="0", created_at="now"
        ),
    )


def item_with(**fields) -> ItemSummary:
    return ItemSummary(
        number="4", title="Library Opening Hours", kind="substantive", start=0, end=9, **fields
    )


def test_a_run_on_overview_and_a_sentence_shown_twice_are_caught():
    listing = "; ".join(f"Title number {n} of the meeting" for n in range(16))
    repeated = "Members agreed to extend the opening hours of the three libraries."
    summary = summary_of(
        [f"Cabinet met on 30 January 2025 to consider {listing}.", repeated],
        item_with(sentences=[SummarySentence(text=repeated)]),
    )
    found = {p.kind for p in check_summary(summary)}
    assert {"run_on_overview", "repeat"} <= found


def test_list_letters_and_acronyms_are_never_speakers():
    quote = Quote(
        text="DES MOINES EMBASSY CLUB 100 LOCUST ST 5 days CLASS C LIQUOR LICENSE.", speaker="GG"
    )
    acronym = Quote(
        text="During 2021/22 the partnership continued its focus on services.", speaker="(SCP)"
    )
    summary = summary_of([], item_with(quotes=[quote, acronym]))
    assert [p.kind for p in check_summary(summary)].count("speaker") == 2


def test_an_agenda_framed_as_a_meeting_that_happened_is_caught():
    summary = summary_of(
        ["Cabinet met on 9 September 2024 and considered the budget."],
        item_with(sentences=[SummarySentence(text="The report sets out the forecast outturn.")]),
        kind="agenda",
    )
    assert "tense" in {p.kind for p in check_summary(summary)}


def test_a_decision_shown_without_its_recorded_vote_is_caught():
    from pipeline.models import AgendaItem, Segmentation

    text = "5. Library hours\n\nThat the opening hours be extended. Motion Carried 6-0.\n"
    start = text.index("That")
    decided = "That the opening hours be extended."
    document = Document(path="m.txt", format="text", text=text, sha256="1")
    document.metadata.kind = "minutes"
    item = AgendaItem(
        number="5",
        title="Library hours",
        kind="substantive",
        start=0,
        end=len(text),
        decisions=[decided],
    )
    segmentation = Segmentation(document=document, items=[item])
    span = SourceSpan(start=start, end=start + len(decided))
    bare = item_with(decisions=[Decision(text=decided, outcome="approved", span=span)])
    bare = bare.model_copy(update={"number": "5", "start": 0, "end": len(text)})
    found = check_summary(summary_of([], bare), document, segmentation)
    assert [p.kind for p in found] == ["missing_vote"]
    voted = bare.model_copy(deep=True)
    voted.decisions[0].vote = Vote(text="Motion Carried 6-0", result="carried")
    assert check_summary(summary_of([], voted), document, segmentation) == []


# --- the built-in engine on every real document -------------------------------------------


# `make test` reads a representative subset: each kind of document (minutes, agenda,
# meeting report, decision notice, committee report, captions) from each country, none a
# scan that needs OCR. `make test-slow` reads every document of the corpus.
REPRESENTATIVE = frozenset(
    {
        "dev/uk-stokeferry/wretton-pc-minutes-2019-05-13.md",
        "dev/ca-nipissing/agenda-2024-11-12.pdf",
        "dev/us-portland/council-minutes-2011-01-12.txt",
        "dev/us-desmoines/meeting-report-2022-01-14.pdf",
        "dev/transcripts/oakland-council-2022-08-09.vtt",
        "hackney/minutes-cyp-scrutiny-2022-11-30.txt",
        "hackney/decision-hwb-chscp-annual-report-2022-03-09.txt",
        "corpus/ie-wexford/minutes-2019-11-11.txt",
        "corpus/nz-hastings/council-minutes-2019-01-31.txt",
        "corpus/uk-bristol/transport-connectivity-committee-decisions-2025-05-15.pdf",
        "corpus/uk-sutton-coldfield/council-report-item-166-2017-02-21.pdf",
        "corpus/uk-west-of-england/overview-scrutiny-agenda-2026-06-01.html",
        "corpus/us-chico/council-minutes-2024-11-05.txt",
    }
)


# Splits collected after the tuning rounds and measured once at the end of a round: their
# documents are not read by any test, so nothing is tuned on them before that measurement.
HELD_OUT_SPLITS = frozenset({"test2", "test3"})


def _documents() -> list:
    found = []
    for folder in CORPORA:
        if folder.is_dir():
            for document in corpus_documents(str(folder)):
                if document.split in HELD_OUT_SPLITS:
                    continue
                name = f"{folder.name}/{Path(document.path).relative_to(folder)}"
                marks = () if name in REPRESENTATIVE else (pytest.mark.slow,)
                found.append(pytest.param(document, id=name, marks=marks))
    return found


def test_the_corpus_is_there():
    """The shared corpus must be beside the project; every document of its folders and of
    the project's own corpus is read, and the subset of `make test` is part of it."""
    assert CORPORA[0].is_dir() and CORPORA[1].is_dir(), "clone the project beside ../shared"
    names = {p.id for p in _documents()}
    assert names >= REPRESENTATIVE
    shared = [p for p in names if not p.startswith("corpus/")]
    assert len(shared) >= 19  # dev 12 (its truth.json lists them all), hackney 7
    if CORPORA[2].is_dir():
        truth = json.loads((CORPORA[2] / "truth.json").read_text(encoding="utf-8"))
        read = [e for e in truth.values() if e.get("split") not in HELD_OUT_SPLITS]
        assert len(names) - len(shared) == len(read) >= 61


@pytest.mark.parametrize("document", _documents())
def test_the_builtin_engine_reads_as_prose_on_a_real_document(document):
    report = check_document(document.path, document.split)
    if report.unreadable:
        pytest.skip(f"the current ingest cannot read it: {report.unreadable}")
    problems = report.problems or []
    core = [p for p in problems if p.kind in CORE_KINDS]
    assert core == [], "\n".join(f"{p.kind} ({p.where}): {p.detail}: {p.text[:120]}" for p in core)
    others = [p for p in problems if p.kind not in CORE_KINDS]
    assert others == [], "\n".join(
        f"{p.kind} ({p.where}): {p.detail}: {p.text[:120]}" for p in others
    )
