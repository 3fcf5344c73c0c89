"""The verdict policy on sentences written by others about real dev documents.

- A conflicting value contradicts a claim only in a passage that states the claim; a value
  the source states where the claim is stays supported whatever another passage says.
- Each check is calibrated on the dev splits (``pipeline/evals/calibration.json``): a
  class of issue whose dev precision is low warns and never flags a sentence on its own.
- A sentence listing several outcomes reads each with its own part.
- Spellings of one role ("Chair", "Chairman"), a clock time without "p.m." in a range
  that has one, and a payee's initial after an amount ("£118.44 K Smith") are read as the
  document means them.

The sentences come from ``evals/datasets/real-v1`` and ``real-v3-dev`` (dev splits)."""

# ruff: noqa: E501 - long lines here are data (summary sentences).

from __future__ import annotations

import json
from pathlib import Path

import pytest
from evals_fixtures import MINNEAPOLIS, corpus_checker, sentence_result

from pipeline.evals.alignment import STRONG_MATCH, claim_match
from pipeline.evals.calibration import (
    CALIBRATION_FILE,
    MIN_FIRINGS,
    MIN_PRECISION,
    action_for,
    load_calibration,
)
from pipeline.evals.registry import CHECK_MODULES
from pipeline.evals.report import SentenceResult

ROOT = Path(__file__).resolve().parents[1]
CORPUS = ROOT / "evals" / "corpus"
WEST_DEREHAM = CORPUS / "uk-west-dereham" / "minutes-2017-06-01.md"
WRETTON = CORPUS / "uk-wretton" / "minutes-2019-11-04.md"
NIPISSING = CORPUS / "ca-nipissing" / "minutes-2018-10-16.html"
GUELPH = CORPUS / "ca-guelph" / "council-minutes-2014-03-31.pdf"


def result(path: Path, sentence: str) -> SentenceResult:
    """The checker's result on one summary sentence of ``path``."""
    return sentence_result(path, sentence)


def test_every_check_has_a_calibration_row_whose_action_follows_from_its_dev_figures() -> None:
    table = load_calibration()
    assert set(CHECK_MODULES) <= set(table.checks)
    assert table.measured_on and all(name.endswith("(dev)") for name in table.measured_on)
    for name, row in table.checks.items():
        assert row.action == action_for(row.on_errors, row.on_faithful), name
    # The table as stored is what the loader reads.
    assert json.loads(CALIBRATION_FILE.read_text())["checks"].keys() == table.checks.keys()


def test_a_check_warns_only_when_it_fired_often_enough_and_mostly_on_faithful_sentences() -> None:
    assert action_for(0, MIN_FIRINGS - 1) == "flag"  # too few firings to judge
    assert action_for(9, 7) == "warn"  # 56% precision
    assert action_for(44, 4) == "flag"
    assert MIN_PRECISION > 0.5


@pytest.mark.parametrize(
    ("path", "sentence", "warned"),
    [
        # The auditor is named in the accounts item, far from "inspected and passed": a
        # name the source has, elsewhere, is a warning (dev precision below the bar).
        (
            WEST_DEREHAM,
            "The internal auditor, Sharon Wareham, inspected and passed all the accounts for 2016/17.",
            "name:elsewhere",
        ),
    ],
)
def test_a_low_precision_class_of_issue_is_a_warning_not_a_flag(
    path: Path, sentence: str, warned: str
) -> None:
    found = result(path, sentence)
    assert found.verdict == "supported", [i.detail for i in found.issues]
    assert warned in {w.check for w in found.warnings}


@pytest.mark.parametrize(
    ("path", "sentence"),
    [
        # "1997" is the settlement's year where the clause's claim is; the "1995" of another
        # passage that shares the topic contradicts nothing.
        (
            MINNEAPOLIS,
            'On the off-duty items, Vice Chair Palmisano said "this is just nibbling around the edges" and argued for bringing the entire off-duty operation in house, which may mean going back to court over the 1997 settlement agreement.',
        ),
        # The minutes' "Chairman" is the summary's "Chair".
        (
            WEST_DEREHAM,
            'The Chair asked whether anyone would be "filming, recording, blogging, or tweeting during this meeting", and the public present did not respond.',
        ),
        # "6:30" in "from 6:30 to 7:33 p.m." is the source's 6.30 p.m.
        (
            NIPISSING,
            "Nipissing's council held a regular meeting on the evening of October 16, 2018, from 6:30 to 7:33 p.m., with Mayor Tom Piper and three councillors present and Councillor Tom Butler sending regrets.",
        ),
        # "Contract No. 2-1412" cut at "No.": the label of a number, not a negation.
        (
            GUELPH,
            "The York Trunk Sewer and Paisley-Clythe Feedermain contract went to Drexler Construction Ltd. for $9,923,435.36, close to ten million dollars.",
        ),
        # "BT's proposed speed checks": a possessive before "proposed" moves no motion.
        (
            WEST_DEREHAM,
            "A report from Karen O'Kane of Better Broadband for Norfolk urged caution about BT's proposed speed checks and advised residents to take problems to their internet providers.",
        ),
        # "£118.44 K Smith" pays £118.44 to K Smith; it is not £118,440.
        (
            WRETTON,
            "Accounts were presented and accepted for payment, including the clerk's salary of £118.44 and £156 for grass cutting.",
        ),
    ],
)
def test_a_faithful_sentence_written_by_someone_else_is_supported(
    path: Path, sentence: str
) -> None:
    found = result(path, sentence)
    assert found.verdict == "supported", [i.detail for i in found.issues]


@pytest.mark.parametrize(
    ("path", "sentence", "kind"),
    [
        (
            WRETTON,
            "Accounts were presented and accepted for payment, including the clerk's salary of £181.44 and £156 for grass cutting.",
            "figure",
        ),
        (
            NIPISSING,
            "Nipissing's council held a regular meeting on the evening of October 16, 2018, from 6:30 to 8:33 p.m., with Mayor Tom Piper and three councillors present and Councillor Tom Butler sending regrets.",
            "figure",
        ),
    ],
)
def test_the_same_sentence_with_a_wrong_value_is_still_flagged(
    path: Path, sentence: str, kind: str
) -> None:
    found = result(path, sentence)
    assert found.flagged
    assert kind in {i.kind for i in found.issues}


def test_contradicted_needs_a_passage_that_states_the_claim() -> None:
    if not WRETTON.exists():
        pytest.skip("corpus not in this checkout")
    index = corpus_checker(WRETTON).index
    text = index.text
    at = text.find("118.44")
    assert at >= 0
    claim = "the clerk's salary of £118.44"
    assert claim_match(index, claim, at, at + 6) >= STRONG_MATCH
    # A passage about something else says nothing about this claim's value.
    assert claim_match(index, "a grant for the village bus shelter roof", at, at + 6) < STRONG_MATCH
    for found in (result(WRETTON, "The clerk's salary was £181.44."),):
        for issue in found.issues:
            if issue.severity == "contradicted":
                assert issue.match is not None and issue.match >= STRONG_MATCH


def test_a_listed_outcome_is_read_with_its_own_part() -> None:
    # Item 23 was approved; another item of the same passage was deferred.
    found = result(
        MINNEAPOLIS,
        "The committee approved item 23, a contract with Metro Youth Diversion Center for violence interruption outreach under MinneapolUS, developed as a culturally specific pilot with Council Member Osman.",
    )
    assert found.verdict == "supported", [i.detail for i in found.issues]
