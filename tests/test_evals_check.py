"""check_summary against fictional Northbridge minutes and a hand-built transcript."""

# ruff: noqa: E501 - long lines here are data (summary text, hand-written injections).

from __future__ import annotations

import pytest
from evals_fixtures import minutes_document, transcript_document

from pipeline.evals.check import Checker, check_summary
from pipeline.evals.settings import EvalsSettings
from pipeline.evals.summary_input import parse_summary
from pipeline.models import AgendaItem, Segmentation, SourceSpan

SETTINGS = EvalsSettings()

FAITHFUL = """# Housing and Regeneration Scrutiny Committee - 14 March 2023

## Temporary Accommodation

Helen Okafor, the Director of Housing, introduced the report. The number of households in temporary accommodation had risen from 812 to 948. Nightly paid accommodation was projecting an overspend of £2.3 million for 2022/23, with bed and breakfast use the most significant pressure at £0.8m. She said that

we will not place a child more than an hour from their school unless the family asks us to.

Cllr Sarah Quinn said the report "does not yet show the human cost of these moves". The Committee noted the report and asked for case studies for its meeting on 20/06/2023.

## Riverside Estate Regeneration

Marcus Bell said that 40 per cent of the new homes would be for social rent. Cllr Dev Malik said residents had "not been listened to" at the first ballot. The Committee agreed the recommendations, subject to a second resident ballot. The meeting closed at 20:45.
"""


@pytest.fixture(scope="module")
def checker() -> Checker:
    return Checker(minutes_document())


def check(checker: Checker, text: str):
    return check_summary(
        checker.source, None, parse_summary(text, fmt="markdown"), SETTINGS, checker
    )


def test_faithful_summary_passes(checker: Checker) -> None:
    report = check(checker, FAITHFUL)
    flagged = [(s.text, [i.detail for i in s.issues]) for s in report.sentences if s.flagged]
    assert flagged == []
    assert report.exit_code == 0
    assert all(q.found for q in report.quotes) and len(report.quotes) == 3
    assert report.sentences[0].evidence is not None


def single(checker: Checker, text: str):
    report = check(checker, text)
    assert len(report.sentences) == 1
    return report.sentences[0]


@pytest.mark.parametrize(
    ("sentence", "kind", "verdict"),
    [
        (
            "The number of households in temporary accommodation had risen from 812 to 984.",
            "figure",
            "contradicted",
        ),
        (
            "The number of households in temporary accommodation had risen from 948 to 812.",
            "figure",
            "contradicted",
        ),
        (
            "Nightly paid accommodation was projecting an overspend of £0.8m for 2022/23.",
            "figure",
            "contradicted",
        ),
        ("The meeting closed at 9.45pm.", "figure", "contradicted"),
        (
            "Marcus Bell, Head of Housing Strategy, said most homes were for Eastfield Homes.",
            "name",
            "unsupported",
        ),
        (
            'Cllr Sarah Quinn said the report "does not show the cost of these moves".',
            "quote",
            "unsupported",
        ),
        (
            'Cllr Dev Malik said the report "does not yet show the human cost of these moves".',
            "attribution",
            "contradicted",
        ),
        (
            "The Committee rejected the recommendations on the Riverside Estate regeneration.",
            "decision",
            "contradicted",
        ),
        (
            "Marcus Bell said that 40% of the new homes would not be for social rent.",
            "claim",
            "contradicted",
        ),
        (
            "The Committee also approved a new leisure centre and swimming pool in the town centre.",
            "claim",
            "unsupported",
        ),
    ],
)
def test_injected_errors_are_caught(
    checker: Checker, sentence: str, kind: str, verdict: str
) -> None:
    result = single(checker, sentence)
    assert result.verdict == verdict, [i.detail for i in result.issues]
    assert kind in {i.kind for i in result.issues}


def test_quote_report_gives_best_span_and_score(checker: Checker) -> None:
    report = check(
        checker,
        "Cllr Sarah Quinn said the report “Does not yet show the human cost of these moves”.",
    )
    [quote] = report.quotes
    assert quote.found and quote.score == 100.0 and quote.method == "normalised"
    assert checker.source.text[quote.start : quote.end].lower() == quote.text.lower()
    bad = check(
        checker,
        'Cllr Sarah Quinn said the report "does not yet show the true cost of these moves".',
    )
    [miss] = bad.quotes
    assert not miss.found and 85 <= miss.score < 100
    assert "true" in bad.sentences[0].issues[0].detail


def test_cited_spans_are_used_first(checker: Checker) -> None:
    text = checker.source.text
    start = text.index("3.1 Marcus Bell")
    summary = parse_summary("Marcus Bell said that 40% of the new homes would be for social rent.")
    summary.units[0].spans = [SourceSpan(start=start, end=start + 120)]
    report = check_summary(checker.source, None, summary, SETTINGS, checker)
    assert report.sentences[0].verdict == "supported"
    assert report.sentences[0].evidence.start >= start


def test_coverage_with_segmentation(checker: Checker) -> None:
    text = checker.source.text
    items = []
    for number, title, marker, end_marker in [
        ("2", "Temporary Accommodation Update", "2. Temporary", "3. Riverside"),
        ("3", "Riverside Estate Regeneration", "3. Riverside", "4. Any Other"),
    ]:
        items.append(
            AgendaItem(
                number=number,
                title=title,
                kind="substantive",
                start=text.index(marker),
                end=text.index(end_marker),
                decisions=[
                    "The Committee agreed the recommendations, subject to a second resident ballot."
                ]
                if number == "3"
                else ["That the Committee note the report and request case studies"],
            )
        )
    segmentation = Segmentation(document=checker.source, items=items)
    only_riverside = "Marcus Bell said that 40% of the new homes would be for social rent."
    report = check_summary(checker.source, segmentation, parse_summary(only_riverside), SETTINGS)
    cov = report.coverage
    assert cov is not None
    assert (cov.items_total, cov.items_covered) == (2, 1)
    assert cov.missing_items == ["2 Temporary Accommodation Update"]
    assert cov.decisions_total == 2 and cov.decisions_covered == 0
    report = check_summary(
        checker.source, segmentation, parse_summary(FAITHFUL, fmt="markdown"), SETTINGS
    )
    assert report.coverage.items_covered == 2 and report.coverage.decisions_covered == 2


@pytest.fixture(scope="module")
def transcript() -> Checker:
    return Checker(transcript_document())


def test_transcript_quote_tolerates_fillers_and_caption_noise(transcript: Checker) -> None:
    report = check_summary(
        transcript.source,
        None,
        parse_summary(
            'Councillor Mary Holt said "the staffing budget has to follow, otherwise we are setting the libraries up to fail".'
        ),
        SETTINGS,
        transcript,
    )
    [quote] = report.quotes
    assert quote.found, report.sentences[0].issues
    assert quote.start >= transcript.source.turns[2].start
    assert report.sentences[0].verdict == "supported"


def test_transcript_quote_in_another_speakers_turn_is_misattributed(transcript: Checker) -> None:
    report = check_summary(
        transcript.source,
        None,
        parse_summary('Ravi Patel said "the staffing budget has to follow".'),
        SETTINGS,
        transcript,
    )
    sentence = report.sentences[0]
    assert report.quotes[0].found
    assert sentence.verdict == "contradicted"
    assert any(i.kind == "attribution" and "Mary Holt" in i.detail for i in sentence.issues)


def test_transcript_changed_words_are_not_found(transcript: Checker) -> None:
    report = check_summary(
        transcript.source,
        None,
        parse_summary(
            'Ravi Patel said they would "extend opening hours at Eastgate library to ten pm on Fridays".'
        ),
        SETTINGS,
        transcript,
    )
    assert not report.quotes[0].found
    assert report.exit_code == 1


def test_transcript_threshold_comes_from_settings(transcript: Checker) -> None:
    text = 'Ravi Patel said "we are proposing to extend opening hours at Eastgate library to eight pm on Thursday from April".'
    strict = EvalsSettings(transcript_quote_threshold=100.0)
    lenient = EvalsSettings(transcript_quote_threshold=80.0)
    assert (
        not check_summary(transcript.source, None, parse_summary(text), strict, transcript)
        .quotes[0]
        .found
    )
    assert (
        check_summary(transcript.source, None, parse_summary(text), lenient, transcript)
        .quotes[0]
        .found
    )
