"""Evals building blocks: sentences, figures, names, quotes, decisions."""

from __future__ import annotations

import pytest

from pipeline.evals import decisions, figures, names
from pipeline.evals.sentences import Block, split_blocks, split_paragraph
from pipeline.evals.summary_input import blocks_from_html, blocks_from_markdown, parse_summary


def readings(text: str) -> list[tuple]:
    return [f.readings for f in figures.parse_figures(text)]


@pytest.mark.parametrize(
    ("a", "b"),
    [
        ("£1.7m", "£1.7 million"),
        ("£1.7m", "£1,700,000"),
        ("30 November 2022", "30/11/2022"),
        ("November 30th, 2022", "30.11.2022"),
        ("7pm", "19:00"),
        ("7pm", "7.00 pm"),
        ("65%", "65 per cent"),
        ("2022/23", "2022-23"),
    ],
)
def test_figure_spellings_read_the_same(a: str, b: str) -> None:
    fa = figures.parse_figures(a, derived=True)[0]
    fb = figures.parse_figures(b, derived=True)[0]
    assert figures.readings_match(fa, fb)
    assert figures.readings_match(fb, fa)


@pytest.mark.parametrize(
    ("a", "b"),
    [("£1.7m", "£1.3m"), ("30 November 2022", "30/10/2022"), ("7pm", "7am"), ("65%", "56%")],
)
def test_different_figures_do_not_match(a: str, b: str) -> None:
    fa, fb = figures.parse_figures(a)[0], figures.parse_figures(b, derived=True)[0]
    assert not figures.readings_match(fa, fb)


def test_rounded_summary_figure_matches_precise_source() -> None:
    summary = figures.parse_figures("£1.7m")[0]
    source = figures.parse_figures("£1,734,000", derived=True)[0]
    assert figures.readings_match(summary, source)
    assert not figures.readings_match(figures.parse_figures("£1.75m")[0], source)


def test_from_to_pairs_keep_their_order() -> None:
    text = "the number fell from 431 to 405 this year"
    found = figures.parse_figures(text)
    [(a, b)] = figures.from_to_pairs(text, found)
    assert (a.text, b.text) == ("431", "405")


def test_source_date_satisfies_month_and_year() -> None:
    source = figures.parse_figures("on 30 November 2022", derived=True)[0]
    assert figures.readings_match(figures.parse_figures("in November 2022")[0], source)
    assert figures.readings_match(figures.parse_figures("in 2022")[0], source)


def test_sentence_splitting_respects_abbreviations_and_quotes() -> None:
    text = 'Dr. Okafor spoke first. She said "we will act. Soon." Cllr. Malik agreed.'
    assert split_paragraph(text) == [
        "Dr. Okafor spoke first.",
        'She said "we will act. Soon."',
        "Cllr. Malik agreed.",
    ]


def test_set_apart_quote_belongs_to_introducing_sentence() -> None:
    blocks = [
        Block("paragraph", "Regeneration"),
        Block("paragraph", "The Head of Regeneration spoke. He argued that"),
        Block("paragraph", "the ballot is the only fair way forward."),
        Block("paragraph", "Members agreed."),
    ]
    sentences = split_blocks(blocks)
    assert [s.text for s in sentences] == [
        "The Head of Regeneration spoke.",
        "He argued that",
        "Members agreed.",
    ]
    assert sentences[1].block_quotes == ["the ballot is the only fair way forward."]
    assert sentences[0].heading == "Regeneration"


def test_markdown_and_html_summaries_give_the_same_units() -> None:
    md = (
        "# Meeting\n\n## Housing\n\nThe Director said that\n\n> we will act.\n\n"
        "Members agreed the report."
    )
    html = (
        "<html><body><h1>Meeting</h1><h2>Housing</h2><p>The Director said that</p>"
        "<blockquote>we will act.</blockquote><p>Members agreed the report.</p></body></html>"
    )
    a = split_blocks(blocks_from_markdown(md))
    b = split_blocks(blocks_from_html(html, "x.html"))
    assert [(s.text, s.block_quotes, s.heading) for s in a] == [
        (s.text, s.block_quotes, s.heading) for s in b
    ]
    assert a[0].block_quotes == ["we will act."]


def test_summary_json_units_carry_spans_speakers_and_outcomes() -> None:
    data = {
        "meeting": {"body": "Housing"},
        "overview": [{"text": "The Committee met.", "spans": [{"start": 0, "end": 10}]}],
        "items": [
            {
                "number": "2",
                "title": "Temporary Accommodation",
                "kind": "substantive",
                "start": 0,
                "end": 50,
                "sentences": [{"text": "Costs rose.", "spans": [{"start": 5, "end": 9}]}],
                "quotes": [{"text": "We will act", "speaker": "Helen Okafor"}],
                "decisions": [{"text": "To note the report", "outcome": "noted"}],
            }
        ],
        "provenance": {
            "engine": "extractive",
            "source_path": "x.txt",
            "source_sha256": "0",
            "created_at": "2023-01-01T00:00:00Z",
        },
    }
    import json

    summary = parse_summary(json.dumps(data), fmt="json")
    kinds = [(u.kind, u.item_number) for u in summary.units]
    assert kinds == [("sentence", None), ("sentence", "2"), ("quote", "2"), ("decision", "2")]
    assert summary.units[1].spans[0].start == 5
    assert summary.units[2].speaker == "Helen Okafor"
    assert summary.units[3].outcome == "noted"


def test_outcome_words_and_negation() -> None:
    assert decisions.outcomes_in("Members noted and agreed the letter.") == {"note", "approve"}
    assert decisions.outcomes_in("The Board did not approve the plan.") == {"reject"}
    assert decisions.outcomes_in("Members noted that costs had risen.") == set()
    assert decisions.outcomes_in("RESOLVED: To note the report") == {"note"}


def test_name_runs_split_titles_from_names() -> None:
    runs = names.name_runs(
        "Assistant Director James Goddard said the City & Hackney Partnership agreed."
    )
    assert [(r.text, r.parts) for r in runs] == [
        ("Assistant Director James Goddard", ["James Goddard"]),
        ("City & Hackney Partnership", ["City", "Hackney Partnership"]),
    ]


def test_opencouncil_page_quotes_attach_to_their_introductions(corpus) -> None:
    from pipeline.evals.attribution import summary_speakers
    from pipeline.evals.summary_input import load_summary

    summary = load_summary(corpus / "opencouncil-summary-cyp-scrutiny-2024-09-11.txt")
    with_quotes = [u for u in summary.units if u.block_quotes]
    assert [u.sentence for u in with_quotes] == [
        "He argued that",
        "The Independent Safeguarding Commissioner argued that if they signed off on the current "
        "version of the protocol this would mean",
        "She emphasised that properties needed to be carefully chosen so that",
        "Assistant Director James Goddard indicated that",
    ]
    assert with_quotes[0].block_quotes[0].startswith("the integrity of reviews is such that")
    assert with_quotes[0].block_quotes[0].endswith("a conduct or criminal investigation.")
    headings = {u.heading for u in summary.units}
    assert {"Safer Schools Partnership", "Housing Support for Care Leavers"} <= headings
    index = summary.units.index(with_quotes[0])
    previous = [u.sentence for u in summary.units[:index]]
    assert any("Gamble" in s for s in summary_speakers("He argued that", previous))
