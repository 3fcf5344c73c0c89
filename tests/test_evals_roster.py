"""Who acted, read from the document's structure: the roster of a meeting (attendance
lists, titled names, the minutes' initials, roles) and the subject of the source sentence a
summary sentence rests on. Real dev documents of the project corpus (``truth.json`` split
``dev``); the summary sentences are those of ``evals/datasets/real-v3-dev``."""

# ruff: noqa: E501 - long lines here are data (summary sentences).

from __future__ import annotations

from pathlib import Path

import pytest
from evals_fixtures import sentence_result

from pipeline.evals.roster import Roster, build_roster, sentence_actor, stated_actors
from pipeline.ingest import load_document

ROOT = Path(__file__).resolve().parents[1]
CORPUS = ROOT / "evals" / "corpus"
WEST_DEREHAM = CORPUS / "uk-west-dereham" / "minutes-2017-06-01.md"
WRETTON = CORPUS / "uk-wretton" / "minutes-2019-11-04.md"
HASTINGS = CORPUS / "nz-hastings" / "community-development-committee-minutes-2019-02-26.txt"
GUELPH = CORPUS / "ca-guelph" / "council-minutes-2014-03-31.pdf"
NIPISSING = CORPUS / "ca-nipissing" / "minutes-2018-10-16.html"


def source_text(path: Path) -> str:
    if not path.exists():
        pytest.skip(f"{path} is not in this checkout")
    return load_document(str(path)).text


def actor_at(path: Path, words: str) -> str | None:
    """Who acts in the source sentence holding ``words``."""
    text = source_text(path)
    at = text.index(words)
    return sentence_actor(text, at + len(words) // 2, build_roster(text))


def test_roster_reads_attendance_initials_and_roles():
    roster = build_roster(source_text(WEST_DEREHAM))
    assert {"bullas", "cann", "hunt", "kellingray", "walker", "williams"} <= roster.attending
    assert roster.expand("CW") == "williams"  # "Claire Williams (CW)"
    assert roster.holder("Chairman") == "cann"  # "Claire Cann (CC) – Chair"
    wretton = build_roster(source_text(WRETTON))
    assert wretton.holder("chair") == "llewellyn"  # "Cllr David Llewellyn – Chairman"
    assert "garnett" in wretton.attending


def test_the_subject_of_a_source_sentence_is_found_through_its_structure():
    # Initials the minutes use for an attendee.
    assert actor_at(WEST_DEREHAM, "PW reported that she had investigated") == "walker"
    # A bullet after a label ("Other Reports – for information only: • Councillor ...").
    assert actor_at(WRETTON, "offered to fix spikes") == "williams"
    # A title wrapped onto the line before the name, after a role ("The Project Manager –
    # Strategic, Mr\nFaulknor displayed").
    assert actor_at(HASTINGS, "Faulknor displayed a powerpoint") == "faulknor"
    # "She stated ..." is the person who opened the paragraph ("Ms. Suzanne Bone, Chief
    # Executive Officer of ...\nreported"), past a second pronoun sentence.
    assert actor_at(GUELPH, "She stated they have established") == "bone"


def test_a_sentence_opening_with_no_person_has_no_actor():
    assert actor_at(WRETTON, "One battery for the Vehicle Activated Speed Sign") is None


def test_stated_actors_of_summary_sentences():
    roster = Roster(surnames={"bullas"}, roles={"chair": "cann"})
    assert stated_actors("Councillor Garnett offered to fix spikes.", roster) == [
        ("Councillor Garnett", "garnett")
    ]
    assert stated_actors("Pots cost between £3 and £5, Pam Bullas found.", roster) == [
        ("Pam Bullas", "bullas")
    ]
    assert stated_actors("The Chair asked the clerk to write.", roster) == [("The Chair", "cann")]
    # An untitled name the document does not know, an organisation, a mover (the motion
    # check's) name no actor here.
    assert stated_actors("Corporate Services noted the report.", roster) == []
    assert stated_actors("Councillor Smith moved the adjournment.", roster) == []


WRONG_ACTOR = [
    (
        WRETTON,
        "Councillor Williams offered to fix spikes to the frame of the small swings to keep pigeons off.",
        "Councillor Garnett offered to fix spikes to the frame of the small swings to keep pigeons off.",
    ),
    (
        WEST_DEREHAM,
        "Plastic pots for the telephone boxes cost between £3 and £5, Pam Walker found.",
        "Plastic pots for the telephone boxes cost between £3 and £5, Pam Bullas found.",
    ),
    (
        HASTINGS,
        "Dr Graham gave an overview of a story mapping project aimed at nurturing identity at a local level.",
        "Ms Mackinnon gave an overview of a story mapping project aimed at nurturing identity at a local level.",
    ),
    (
        GUELPH,
        "Ms. Bone said a new See and Treat area in the emergency department has shortened wait times, and that an emergency mental health unit has been set up.",
        "Mr. Ernst said a new See and Treat area in the emergency department has shortened wait times, and that an emergency mental health unit has been set up.",
    ),
]


@pytest.mark.parametrize(("path", "faithful", "wrong"), WRONG_ACTOR)
def test_the_wrong_person_is_caught_and_the_right_one_is_not(path, faithful, wrong):
    right = sentence_result(path, faithful)
    assert not [i for i in right.issues if i.kind == "attribution"], right.issues
    result = sentence_result(path, wrong)
    assert result.verdict == "contradicted"
    assert any(i.kind == "attribution" for i in result.issues), result.issues


def test_a_sentence_joining_two_people_checks_each_against_its_own_clause():
    # "Cllr Ian Mack sent apologies" rests on the apologies, not on Cllr Paul Williams's
    # declaration that the second clause reports.
    result = sentence_result(
        WRETTON,
        "Cllr Ian Mack sent apologies, and Cllr Paul Williams declared an interest in the planning item.",
    )
    assert not [i for i in result.issues if i.kind == "attribution"], result.issues


MOVERS = [
    # "Councillor Watkins/Councillor Nixon" above the resolution: mover, then seconder.
    (
        HASTINGS,
        "The minutes of the 6 November 2018 meeting were confirmed on the motion of Councillors Watkins and Nixon.",
        "The minutes of the 6 November 2018 meeting were confirmed on the motion of Councillors Travers and Nixon.",
    ),
    # "R2018-173 T. Marchant, L. Andersen: That the minutes ..." on one line.
    (
        NIPISSING,
        "The closed session minutes of the same date were also adopted, moved by Councillor Marchant.",
        "The closed session minutes of the same date were also adopted, moved by Councillor Smith.",
    ),
    # "CC proposed and LH seconded that ..." right after the passage, in initials.
    (
        WEST_DEREHAM,
        "Because the meeting fell on the first day of the month, the May accounts will be presented in July, on a proposal by the Chair seconded by Lorraine Hunt.",
        "Because the meeting fell on the first day of the month, the May accounts will be presented in July, on a proposal by the Chair seconded by Pam Bullas.",
    ),
]


@pytest.mark.parametrize(("path", "faithful", "wrong"), MOVERS)
def test_the_wrong_mover_or_seconder_is_caught(path, faithful, wrong):
    right = sentence_result(path, faithful)
    assert not [i for i in right.issues if i.kind == "motion"], right.issues
    result = sentence_result(path, wrong)
    assert any(i.kind == "motion" for i in result.issues), result.issues
