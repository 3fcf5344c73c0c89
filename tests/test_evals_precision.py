"""Faithful sentences a resident would write about real documents are not flagged, and the
same sentences made wrong still are. Each case is a class of false alarm found on the dev
documents of the project corpus (``evals/datasets/real-v2-dev``): wrapped PDF lines,
"A, not B", headings answered on the next line, listed days, appositive speakers, form
fields naming who reports, the meeting's own council, resolution codes, spoken years and
figures glued to words in captions."""

# ruff: noqa: E501 - long lines here are data (summary sentences).

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest
from evals_fixtures import MINNEAPOLIS, sentence_result

from pipeline.evals import figures
from pipeline.evals.text import tokenize

ROOT = Path(__file__).resolve().parents[1]
CORPUS = ROOT / "evals" / "corpus"
NAPIER = CORPUS / "nz-napier" / "extraordinary-council-minutes-2019-04-02.txt"
MILBURN = CORPUS / "uk-milburn" / "minutes-2018-11-06.pdf"
NEWBIGGIN = CORPUS / "uk-newbiggin" / "minutes-2019-09-03.pdf"
LOMITA = CORPUS / "us-lomita" / "city-council-agenda-2022-12-06.pdf"
KNOX = CORPUS / "us-knox-county" / "commission-special-session-2022-06-01.md"


def verdict(path: Path, sentence: str) -> tuple[str, str]:
    """The verdict on one summary sentence and its reasons."""
    result = sentence_result(path, sentence)
    return result.verdict, "; ".join(i.detail for i in result.issues)


FAITHFUL = [
    # A figure on a wrapped line: "noted\ntwo corrections" is one sentence; "1.4%, not
    # 2.2%" contrasts two values, it negates nothing.
    (
        NAPIER,
        "The Chief Financial Officer corrected two rates figures in the agenda table: the part pay option is 1.4%, not 2.2%, and the full pay option is 3%, not 3.8%.",
    ),
    # "resolved not to\nsupport" wraps; "no comments or questions" is on the line after.
    (
        MILBURN,
        "The council agreed to donate £65 to the Fellrunner Village Bus but decided not to support the Great North Air Ambulance.",
    ),
    (MILBURN, "The second draft of the 2018/19 accounts drew no comments or questions."),
    # "please refrain from throwing" says what "asked not to throw" says.
    (
        NEWBIGGIN,
        "There was a complaint about cows churning up the back lane above the village hall, and residents are asked not to throw grass cuttings and garden waste into the lane.",
    ),
    # "PUBLIC HEARINGS" answered on the next line by "None scheduled."
    (LOMITA, "No public hearings are scheduled."),
    # "November 18 and 21": 21 November, listed after its month.
    (
        LOMITA,
        "These include the minutes of the October 4 regular meeting and of the special meetings on November 18 and 21, and the warrants and payroll register.",
    ),
    # The apposition names the same speaker the source names.
    (MILBURN, "The Chair, Councillor Richardson, welcomed Neil Cresswell to the council."),
    # "Document ID:\n710714" is a form field, not a speaker; "Reporting Officer/s & Unit:"
    # names who reports, one person a line.
    (
        NAPIER,
        "Jon Kingsford, Director Infrastructure Services, reported on how officers are implementing kerbside recycling under the joint waste plan adopted in September 2018.",
    ),
    (
        NAPIER,
        "Caroline Thomson, the Chief Financial Officer, and consultant Ross Franklin presented amendments to the Revenue and Financing Policy and the Rates Remission Policy.",
    ),
    # The council whose meeting the document records is near every passage.
    (
        NAPIER,
        "Napier City Council held an extraordinary meeting on 2 April 2019 from 2.00pm to 2.40pm at McLean Park, with the Mayor in the chair.",
    ),
    # "R-22-6-101-SS" is one resolution code, not a count of 6.
    (KNOX, "It passed all five resolutions before it, three of them by roll call votes of 10-0."),
    # Captions: "COMPLETED IN 19." is 2019; "45FTES" is 45 FTEs.
    (
        MINNEAPOLIS,
        "Council Member Vetaw asked whether the off-duty audit had been done within the last five years, and Vice Chair Palmisano said the study was completed in 2019.",
    ),
    (
        MINNEAPOLIS,
        "The director compared the department with Baltimore, which has 45 FTEs for this work, and Albuquerque, which has over 50.",
    ),
]


@pytest.mark.parametrize(("path", "sentence"), FAITHFUL)
def test_a_faithful_sentence_of_a_real_document_is_supported(path: Path, sentence: str) -> None:
    assert verdict(path, sentence) == ("supported", "")


WRONG = [
    # The wrong value on the same wrapped lines is still read against the right one.
    (
        NAPIER,
        "The Chief Financial Officer corrected two rates figures in the agenda table: the part pay option is 1.9%, not 2.2%.",
        "1.4%",
    ),
    (LOMITA, "Two public hearings are scheduled.", "PUBLIC HEARINGS"),
    (LOMITA, "These include the minutes of the special meetings on November 18 and 24.", ""),
    (MILBURN, "Councillor Moran welcomed Neil Cresswell to the council.", "Richardson"),
    (
        NAPIER,
        "Ross Franklin reported on how officers are implementing kerbside recycling under the joint waste plan.",
        "Jon Kingsford",
    ),
    (KNOX, "The tax rate resolution passed 9-0.", "10"),
    (MINNEAPOLIS, "Vice Chair Palmisano said the study was completed in 2017.", "2017"),
]


@pytest.mark.parametrize(("path", "sentence", "reason"), WRONG)
def test_the_same_sentence_made_wrong_is_still_flagged(
    path: Path, sentence: str, reason: str
) -> None:
    found, detail = verdict(path, sentence)
    assert found in ("contradicted", "unsupported")
    assert reason in detail


def test_a_day_listed_after_a_date_takes_its_month_but_a_count_does_not() -> None:
    readings = {f.text: f.readings for f in figures.parse_figures("on September 11th and 12th.")}
    assert readings["12th"] == (("daymonth", 9, 12),)
    counts = figures.parse_figures("June 5, 2023 and 7 items")
    assert counts[-1].kind == "number"


def test_a_short_year_reads_as_the_full_year_only_where_it_names_a_year() -> None:
    [said] = figures.parse_figures("THE STUDY WAS COMPLETED IN 19. SO", derived=True)
    assert ("year", 2019) in said.readings
    [count] = figures.parse_figures("in 19 cases", derived=True)
    assert ("year", 2019) not in count.readings


def test_a_figure_glued_to_a_word_is_two_words_but_units_and_ordinals_stay_whole() -> None:
    assert [t.raw for t in tokenize("THEY HAVE 45FTES")] == ["THEY", "HAVE", "45", "FTES"]
    assert [t.raw for t in tokenize("3rd 7pm 1960s")] == ["3rd", "7pm", "1960s"]
    [code] = figures.parse_figures("Resolution R-22-6-101-SS")
    assert code.kind == "ref"


DATASETS = ROOT / "evals" / "datasets"


def test_the_dev_calibration_set_is_what_its_builder_writes_from_dev_documents_only(
    tmp_path: Path,
) -> None:
    out = tmp_path / "rebuilt.jsonl"
    builder = DATASETS / "build_real_v2_dev.py"
    subprocess.run(
        [sys.executable, str(builder), "--out", str(out)], check=True, capture_output=True
    )
    assert out.read_bytes() == (DATASETS / "real-v2-dev.jsonl").read_bytes()
    truth = json.loads((CORPUS / "truth.json").read_text(encoding="utf-8"))
    records = [json.loads(line) for line in out.read_text(encoding="utf-8").splitlines()]
    assert len(records) >= 8
    for record in records:
        assert record["split"] == "dev" and record["kind"] is None
        assert truth[record["source"].removeprefix("../corpus/")]["split"] == "dev"
