"""Errors a careful reader catches in summaries of real meetings: a count changed ("three
minutes" for "two"), a vote miscounted, a number reused from elsewhere in the sentence.

The sources are real council transcripts of the shared corpus (Oakland City Council,
9 August 2022; Minneapolis Administration and Enterprise Oversight Committee, 7 October
2024); each faithful sentence must pass and its one-word edit must be flagged.
"""

# ruff: noqa: E501 - long lines here are data (summary sentences).

from __future__ import annotations

from pathlib import Path

import pytest

from pipeline.evals.check import Checker, check_summary
from pipeline.evals.settings import EvalsSettings
from pipeline.evals.summary_input import parse_summary
from pipeline.ingest import load_document

TRANSCRIPTS = Path(__file__).resolve().parents[2] / "shared" / "corpus" / "dev" / "transcripts"
SETTINGS = EvalsSettings()


def _checker(name: str) -> Checker:
    path = TRANSCRIPTS / name
    if not path.is_file():
        pytest.fail(f"real transcript not found at {path}: clone the project beside ../shared")
    return Checker(load_document(path))


@pytest.fixture(scope="module")
def oakland() -> Checker:
    return _checker("oakland-council-2022-08-09.vtt")


@pytest.fixture(scope="module")
def minneapolis() -> Checker:
    return _checker("minneapolis-aeo-committee-2024-10-07.json")


def verdict(checker: Checker, sentence: str) -> tuple[str, list[str]]:
    report = check_summary(
        checker.source, None, parse_summary(sentence, fmt="text"), SETTINGS, checker
    )
    [result] = report.sentences
    return result.verdict, [i.detail for i in result.issues]


@pytest.mark.parametrize(
    ("faithful", "edited"),
    [
        (
            "President Bas said speakers would have up to two minutes each and that the public comment queue would stay open until 10:18.",
            "President Bas said speakers would have up to three minutes each and that the public comment queue would stay open until 10:18.",
        ),
        (
            "The consent calendar was approved with six ayes, with Councilmembers Reid and Taylor excused.",
            "The consent calendar was approved with five ayes, with Councilmembers Reid and Taylor excused.",
        ),
    ],
)
def test_a_changed_count_is_caught_in_words_too(
    oakland: Checker, faithful: str, edited: str
) -> None:
    assert verdict(oakland, faithful)[0] == "supported"
    found, details = verdict(oakland, edited)
    assert found == "contradicted"
    assert any("the source counts" in d for d in details)


def test_a_count_reusing_another_figure_of_the_sentence_is_caught(minneapolis: Checker) -> None:
    faithful = "The contractor would support over 78 contract holders with a team of 17 experts."
    assert verdict(minneapolis, faithful)[0] == "supported"
    found, details = verdict(
        minneapolis,
        "The contractor would support over 78 contract holders with a team of 78 experts.",
    )
    assert found == "contradicted"
    assert "“78” but the source counts “17” here" in details
