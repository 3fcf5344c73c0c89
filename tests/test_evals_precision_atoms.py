"""Atoms read as a resident writes them: a hedged amount, a total the sentence adds up, a
dotted date, a day listed before a verb, a count of another thing, a stage label, a
deferral "to the May 23 meeting", a mover written above the resolution, a denial on the
line before or in an "un-" word. Each faithful sentence is about a real dev document of the
corpus (the false alarms of ``evals/datasets/real-v3-dev``); the same sentence made wrong
is still flagged, so none of these readings blinds its check."""

# ruff: noqa: E501 - long lines here are data (summary sentences).

from __future__ import annotations

from pathlib import Path

import pytest
from evals_fixtures import sentence_result

from pipeline.evals import figures

CORPUS = Path(__file__).resolve().parents[1] / "evals" / "corpus"
WRETTON = CORPUS / "uk-wretton" / "minutes-2019-11-04.md"
MILBURN = CORPUS / "uk-milburn" / "agenda-annual-parish-meeting-and-agm-2018-05-08.pdf"
BRISTOL = CORPUS / "uk-bristol" / "committee-report-workplace-parking-levy-2024-09-12.pdf"
GUELPH = CORPUS / "ca-guelph" / "council-minutes-2014-03-31.pdf"
DES_MOINES = CORPUS / "us-des-moines" / "city-council-meeting-report-2005-05-09.pdf"
WEST_DEREHAM = CORPUS / "uk-west-dereham" / "minutes-2017-06-01.md"

# (document, faithful sentence, the same sentence made wrong)
PAIRS = [
    # "about £1,440" for £1441.01; "28 October" for "received 28.10.19".
    (
        WRETTON,
        "A CIL payment of about £1,440 was received on 28 October and is held within the community account.",
        "A CIL payment of about £1,940 was received on 28 October and is held within the community account.",
    ),
    (
        WRETTON,
        "A CIL payment of about £1,440 was received on 28 October and is held within the community account.",
        "A CIL payment of about £1,440 was received on 28 November and is held within the community account.",
    ),
    # "(3.5.16)" in an agenda is a date.
    (
        MILBURN,
        "Residents will be asked to approve the minutes of the last Annual Parish Meeting, held on 3 May 2016.",
        "Residents will be asked to approve the minutes of the last Annual Parish Meeting, held on 5 May 2016.",
    ),
    # A total the sentence adds up from figures it states.
    (
        MILBURN,
        "Two payments to CALC are listed: a subscription of £111 and £70 for a data protection course the clerk attended, £181 in all.",
        "Two payments to CALC are listed: a subscription of £111 and £70 for a data protection course the clerk attended, £191 in all.",
    ),
    # "Stage Two" is a label, not another count of stages; "so as not to delay the / CRSTS
    # programme" denies on the line before.
    (
        BRISTOL,
        "Officers recommend that the committee approve moving to stage one at a cost of up to £1m, provided this does not delay the CRSTS programme or other key transport programmes.",
        "Officers recommend that the committee approve moving to stage one at a cost of up to £3m, provided this does not delay the CRSTS programme or other key transport programmes.",
    ),
    # "Moved by Councillor Laidlaw / Seconded by ... / That the minutes of ... February 10,
    # 24 and 26, 2014": the mover heads the resolution; "26" is a listed day.
    (
        GUELPH,
        "The minutes of the council meetings of February 10, 24 and 26 were confirmed on a motion by Councillor Laidlaw.",
        "The minutes of the council meetings of February 10, 24 and 26 were confirmed on a motion by Councillor Piper.",
    ),
    # "Moved by Vlassis to defer to the May 23, 2005 Council meeting" defers.
    (
        DES_MOINES,
        "On Vlassis's motion, a towing and storage contract for the Police Department was deferred to the May 23 meeting.",
        "On Vlassis's motion, a towing and storage contract for the Police Department was rejected.",
    ),
    # A table whose header reads "Payee Cheque No Net VAT Gross" denies nothing.
    (
        WEST_DEREHAM,
        "May's cheques included £585 to Holly Landscapes for grass cutting.",
        "May's cheques included £685 to Holly Landscapes for grass cutting.",
    ),
]

FAITHFUL_ONLY = [
    # "1 member of the public" counts nothing the sentence counts.
    (
        WRETTON,
        "Wretton Parish Council met at All Saints Church on 4 November 2019, with six councillors present.",
    ),
    (
        BRISTOL,
        "The work would run in three stages: an outline business case, then public consultation and a final business case, then implementation and operation.",
    ),
    # "grass has not been cut" is what "uncut grass" says.
    (WEST_DEREHAM, "A parishioner complained about uncut grass in St Andrews Close."),
]


@pytest.mark.parametrize(("path", "faithful", "wrong"), PAIRS)
def test_a_faithful_atom_is_supported_and_the_same_atom_made_wrong_is_flagged(
    path: Path, faithful: str, wrong: str
) -> None:
    good = sentence_result(path, faithful)
    assert good.verdict == "supported", [i.detail for i in good.issues]
    assert sentence_result(path, wrong).verdict in ("unsupported", "contradicted")


@pytest.mark.parametrize(("path", "sentence"), FAITHFUL_ONLY)
def test_a_count_of_another_thing_a_label_or_an_un_word_raises_nothing(
    path: Path, sentence: str
) -> None:
    result = sentence_result(path, sentence)
    assert result.verdict == "supported", [i.detail for i in result.issues]


def test_a_hedged_amount_matches_within_five_per_cent_and_no_further() -> None:
    [about] = figures.parse_figures("a payment of about £1,440")
    [source_near] = figures.parse_figures("£1441.01", derived=True)
    [source_far] = figures.parse_figures("£1,540", derived=True)
    assert figures.readings_match(about, source_near)
    assert not figures.readings_match(about, source_far)
    [exact] = figures.parse_figures("a payment of £1,440")
    assert not figures.readings_match(exact, source_near)


def test_a_dotted_date_is_a_date_unless_it_numbers_a_paragraph() -> None:
    [received] = figures.parse_figures("received 28.10.19 and held", derived=True)
    assert ("date", 2019, 10, 28) in received.readings
    assert all(f.kind != "date" for f in figures.parse_figures("4.10.12 The report"))
    assert all(f.kind != "date" for f in figures.parse_figures("see section 3.5.16 of it"))


def test_a_day_listed_before_a_verb_takes_the_month_but_a_counted_noun_does_not() -> None:
    listed = figures.parse_figures("meetings of February 10, 24 and 26 were confirmed")
    assert [f.kind for f in listed] == ["daymonth"] * 3
    counted = figures.parse_figures("on June 5 and 7 items")
    assert counted[-1].kind == "number"
