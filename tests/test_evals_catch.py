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
from pipeline.evals.summedits import document_of
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


@pytest.fixture(scope="module")
def chscp(corpus: Path) -> Checker:
    return Checker(load_document(corpus / "agenda-item-chscp-annual-report-2022-23.txt"))


def test_a_stance_the_source_denies_is_contradicted(chscp: Checker) -> None:
    # The source: "... this was the view of Hackney and many other local safeguarding
    # partnershipss who also did not support this move."
    faithful = "Hackney and many other local safeguarding partnerships did not support this move."
    assert verdict(chscp, faithful)[0] == "supported"
    found, details = verdict(
        chscp,
        "Of particular concern was the suggested removal of the Independent Chair from local partnerships, to be replaced by the Head of Children's Services, which Hackney and many other partnerships supported.",
    )
    assert found == "contradicted"
    assert "the summary says “supported” but the source states the opposite" in details


def test_a_direction_swapped_for_its_opposite_is_contradicted() -> None:
    # From an earnings call of SummEdits' ECTSum domain (its evaluation split).
    source = (
        "Our common equity Tier 1 capital ratio was 13.8 percent at the end of the third quarter, "
        "down 70 basis points from the prior quarter. You can see that our third-quarter net "
        "interest margin was 6.35 percent, 46 basis points higher than Q2 and 67 basis points "
        "higher than the year-ago quarter."
    )
    checker = Checker(document_of(source, "ectsum/cof-q3-2021"))
    assert (
        verdict(checker, "The net interest margin was higher than Q2 and the year-ago quarter.")[0]
        == "supported"
    )
    found, details = verdict(
        checker, "The net interest margin was lower than Q2 and the year-ago quarter."
    )
    assert found == "contradicted"
    assert "the summary says “lower” but the source states the opposite" in details
    found, _ = verdict(
        checker, "The capital ratio was 13.8 percent at the beginning of the third quarter."
    )
    assert found == "contradicted"


def test_a_detail_joined_to_a_true_claim_is_unsupported(chscp: Checker) -> None:
    faithful = "JB said London authorities had agreed to stop recruiting agency social workers who had recently left a permanent position."
    assert verdict(chscp, faithful)[0] == "supported"
    found, details = verdict(
        chscp, faithful[:-1] + ", and that Hackney would pay a retention bonus."
    )
    assert found == "unsupported"
    assert "“that Hackney would pay a retention bonus” is not in the source (no bonus)" in details


def test_words_a_summary_uses_to_report_are_not_invented_details(chscp: Checker) -> None:
    # "said", "asked", "meeting" are how a summary reports, not details the source lacks.
    _verdict, details = verdict(
        chscp,
        "JB said London authorities had agreed to stop recruiting agency social workers who had recently left a permanent position, and said so at the meeting.",
    )
    assert not any("is not in the source (no" in d for d in details)


def test_the_wrong_mover_or_seconder_is_caught_where_the_clerk_records_the_vote(
    oakland: Checker,
) -> None:
    # The captions, in lower case, minutes after the motion: "and on the consent calendar
    # moved by councilmember gallo seconded by councilmember kalb, council member fife?"
    faithful = "Councilmember Gallo moved the consent calendar, and Councilmember Kalb seconded it."
    assert verdict(oakland, faithful)[0] == "supported"
    found, details = verdict(
        oakland,
        "Councilmember Fife moved the consent calendar, and Councilmember Kalb seconded it.",
    )
    assert found == "contradicted"
    assert "the source records Gallo as mover, not Fife" in details
    found, details = verdict(
        oakland,
        "Councilmember Gallo moved the consent calendar, and Vice Mayor Kaplan seconded it.",
    )
    assert "the source records Kalb as seconder, not Kaplan" in details


@pytest.fixture(scope="module")
def cyp_scrutiny(corpus: Path) -> Checker:
    return Checker(load_document(corpus / "minutes-cyp-scrutiny-2022-11-30.txt"))


def test_a_value_stated_twice_is_read_for_each_thing_it_describes(
    cyp_scrutiny: Checker,
) -> None:
    # The source: "the accumulated £18.5m SEND deficit) and ongoing financial pressures
    # (overspend forecast to be £4.6m)".
    faithful = "Members asked about capital funding, the accumulated £18.5m SEND deficit and a forecast overspend of £4.6m."
    assert verdict(cyp_scrutiny, faithful)[0] == "supported"
    found, details = verdict(cyp_scrutiny, faithful.replace("£18.5m", "£4.6m"))
    assert found == "contradicted"
    assert "“£4.6m” but the source says “£18.5m” here" in details


def test_a_statement_the_source_denies_is_contradicted(oakland: Checker) -> None:
    # The source: "I do want to clarify the last comment, there is no pending item in terms
    # of funding the lao family 5 million dollars for 30 years."
    faithful = "President Bas clarified that there is no pending item to fund the Lao Family 5 million dollars for 30 years."
    assert verdict(oakland, faithful)[0] == "supported"
    found, details = verdict(oakland, faithful.replace("is no pending", "is a pending"))
    assert found == "contradicted"
    assert (
        "the source says “there is no pending item” but the summary drops the negation" in details
    )
    # Declining is denying: "declined to fund" is not read against "no pending item".
    found, details = verdict(
        oakland,
        "President Bas clarified that the council declined to fund the Lao Family 5 million dollars for 30 years.",
    )
    assert not any("drops the negation" in d for d in details)
