"""Evals read the source's structure: verbatim sentences, clauses, speakers, dates, words in
context. Fictional parish minutes (no corpus text)."""

# ruff: noqa: E501 - long lines here are data (minutes and summary text).

from __future__ import annotations

import hashlib

import pytest

from pipeline.evals.check import Checker, check_summary
from pipeline.evals.registry import CHECK_MODULES, checks_of_scope, registered_checks
from pipeline.evals.sentences import clauses
from pipeline.evals.settings import EvalsSettings
from pipeline.evals.summary_input import parse_summary
from pipeline.models import Document, MeetingMetadata

SETTINGS = EvalsSettings()

MINUTES = """Ashcombe Parish Council
Minutes of the Ordinary Meeting held on Wednesday 7 June 2023 at 7.00pm in Ashcombe Village Hall

IN ATTENDANCE VIRTUALLY
Cllr Ruth Pembury, Cllr Owen Tanner

Councillors present: Cllr Ruth Pembury (Chair), Cllr Owen Tanner, Cllr Maya Iqbal, Cllr Peter Lowe.

21/23 Matters Arising
Cllr Maya Iqbal advised that she had telephoned the Highways Officer at County Hall and asked about the flooding on Mill Lane. They advised that a survey would take place in July. She stated that the Highways Officer had promised a written reply by 30 June. Cllr Peter Lowe and Cllr Owen Tanner said they would inspect the drains on 23 June.

22/23 Finance
Cllr Owen Tanner reported that the precept for 2023/24 was £23.3 million across the district and that 920 households had been surveyed, of whom 330 replied. The Council agreed the payments list, with four councillors voting in favour.

23/23 Planning
Application No. 2023/0412 for a garage at 4 Church Road: the Council had no objections.
(GG) Hedge cutting on the village green.

The meeting adjourned at 8.45pm.
"""


@pytest.fixture(scope="module")
def checker() -> Checker:
    document = Document(
        path="ashcombe-pc-2023-06-07.txt",
        format="text",
        text=MINUTES,
        sha256=hashlib.sha256(MINUTES.encode()).hexdigest(),
        metadata=MeetingMetadata(date="2023-06-07", body="Parish Council"),
    )
    return Checker(document)


def verdicts(checker: Checker, text: str) -> list[tuple[str, str]]:
    report = check_summary(checker.source, None, parse_summary(text, fmt="text"), SETTINGS, checker)
    return [(s.verdict, "; ".join(i.detail for i in s.issues)) for s in report.sentences]


def test_a_verbatim_sentence_is_supported_whatever_its_figures_look_like(checker) -> None:
    # Two figures in one sentence: out of context "920" is not the figure "here" (330 is).
    sentence = "Cllr Owen Tanner reported that the precept for 2023/24 was £23.3 million across the district and that 920 households had been surveyed, of whom 330 replied."
    assert verdicts(checker, sentence) == [("supported", "")]


def test_a_changed_figure_in_an_otherwise_verbatim_sentence_is_caught(checker) -> None:
    sentence = "Cllr Owen Tanner reported that the precept for 2023/24 was £23.3 million across the district and that 920 households had been surveyed, of whom 390 replied."
    assert verdicts(checker, sentence)[0][0] != "supported"


@pytest.mark.parametrize(
    "sentence",
    [
        "The precept for 2023/24 was £23.3m.",  # "£23.3 million" = "£23.3m"
        "Cllr Peter Lowe and Cllr Owen Tanner said they would inspect the drains on 23 June 2023.",  # partial date
        "The meeting on 7 June 2023 considered matters arising, finance and planning.",  # the meeting's date
        "The Council had no objections to Application No. 2023/0412 for a garage at 4 Church Road.",  # "No." is a number
        "The meeting adjourned at 8.45pm.",
    ],
)
def test_faithful_sentences_in_other_words_pass(checker, sentence: str) -> None:
    assert verdicts(checker, sentence) == [("supported", "")]


def test_she_is_the_person_the_paragraph_is_about(checker) -> None:
    # "She stated that ...": Cllr Maya Iqbal, not the Highways Officer nor "They".
    ok = "Cllr Maya Iqbal stated that the Highways Officer had promised a written reply by 30 June."
    wrong = "Cllr Ruth Pembury stated that the Highways Officer had promised a written reply by 30 June."
    assert verdicts(checker, ok) == [("supported", "")]
    verdict, detail = verdicts(checker, wrong)[0]
    assert verdict == "contradicted" and "Maya Iqbal" in detail


def test_joint_subjects_are_two_speakers(checker) -> None:
    assert verdicts(checker, "Cllr Owen Tanner said he would inspect the drains on 23 June.") == [
        ("supported", "")
    ]
    verdict, _ = verdicts(checker, "Cllr Maya Iqbal said she would inspect the drains on 23 June.")[
        0
    ]
    assert verdict == "contradicted"


def test_changed_number_words_are_contradicted(checker) -> None:
    verdict, detail = verdicts(
        checker, "The Council agreed the payments list, with five councillors voting in favour."
    )[0]
    assert verdict == "contradicted" and "five" in detail


def test_groups_headings_and_list_letters_are_not_speakers(checker) -> None:
    people = {p.text for p in checker.speakers.people if p.is_person_like}
    assert "IN ATTENDANCE VIRTUALLY" not in people
    assert "Councillors" not in people
    assert not any(p.shorthand and p.initials == "GG" for p in checker.speakers.people)


def test_an_overview_sentence_is_checked_clause_by_clause(checker) -> None:
    good = (
        "The Parish Council met on 7 June 2023 to consider Matters Arising; Finance; and Planning."
    )
    bad = "The Parish Council met on 7 June 2023 to consider Matters Arising; the precept of £25.3 million; and Planning."
    assert clauses(good) == [
        "The Parish Council met on 7 June 2023 to consider Matters Arising",
        "Finance",
        "Planning",
    ]
    assert verdicts(checker, good) == [("supported", "")]
    verdict, detail = verdicts(checker, bad)[0]
    assert verdict != "supported" and "25.3" in detail


def test_semicolons_inside_brackets_or_quotes_do_not_split() -> None:
    assert clauses('She said "yes; at once" and left.') == ['She said "yes; at once" and left.']
    assert clauses("Roads (Mill Lane; Church Road) were surveyed.") == [
        "Roads (Mill Lane; Church Road) were surveyed."
    ]


def test_every_registered_check_follows_the_protocol() -> None:
    checks = registered_checks()
    assert len(checks) == len(CHECK_MODULES)
    assert [c.kind for c in checks][:2] == ["quote", "attribution"]  # quotes first
    for check in checks:
        assert check.scope in ("sentence", "clause") and callable(check.run)
    assert {c.kind for c in checks_of_scope("clause")} >= {"figure", "name", "decision"}


def test_a_wrong_mover_or_seconder_is_contradicted() -> None:
    text = (
        "Minutes of the Council\n\nR2024-216 S. Kirkey, J. Scott:\n"
        "THAT we pass By-Law Number 2024-50 for fire communication services. Carried.\n"
    )
    checker = Checker(
        Document(
            path="m.txt", format="text", text=text, sha256=hashlib.sha256(text.encode()).hexdigest()
        )
    )
    ok = "By-Law 2024-50 for fire communication services was moved by Councillor Kirkey and seconded by Councillor Scott."
    wrong = "By-Law 2024-50 for fire communication services was moved by Councillor Scott and seconded by Councillor Kirkey."
    assert verdicts(checker, ok) == [("supported", "")]
    verdict, detail = verdicts(checker, wrong)[0]
    assert verdict == "contradicted" and "Kirkey as mover" in detail
