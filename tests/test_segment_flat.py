"""Items in text without line structure, and meeting facts that hold across councils.

Real dev documents of ``evals/corpus`` are segmented as they are, and again after their
line structure is taken away the way PDF-to-text tools and HTML-to-Markdown converters
take it (``bench/segment_flattened.py``): the items must come from the text's own
numbering and wording, not from where one council's lines break.
"""

from __future__ import annotations

import importlib.util
from dataclasses import dataclass
from pathlib import Path

import pytest

from pipeline.ingest import load_document
from pipeline.ingest.metadata import parse_date
from pipeline.models import Segmentation
from pipeline.segment import segment_document
from pipeline.segment.flat import flat_title, nested_in_count, run_in_numbers

ROOT = Path(__file__).resolve().parent.parent
CORPUS = ROOT / "evals" / "corpus"


def _bench():
    spec = importlib.util.spec_from_file_location(
        "segment_flattened", ROOT / "bench" / "segment_flattened.py"
    )
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def _flattened(tmp_path: Path, rel: str, variant: str) -> Segmentation:
    """The dev document ``rel`` read, flattened as ``variant`` and segmented again."""
    text = _bench().flatten(load_document(CORPUS / rel).text, variant)
    copy = tmp_path / (Path(rel).stem + (".md" if variant == "markdown" else ".txt"))
    copy.write_text(text, encoding="utf-8")
    return segment_document(load_document(copy))


def _numbers(seg: Segmentation) -> list[str]:
    return [item.number for item in seg.items if not item.parent]


def _titles(seg: Segmentation) -> list[str]:
    return [item.title for item in seg.items if not item.parent]


# --- items in running text ------------------------------------------------------------


def test_a_list_counted_afresh_inside_an_item_is_not_items(tmp_path: Path) -> None:
    # uk-bristol minutes on one line: under "6 Public Forum" the statements received are
    # counted "1 David Redgewell" ... "67 ..."; the items go on with "7 Opportunities".
    seg = _flattened(
        tmp_path, "uk-bristol/transport-connectivity-committee-minutes-2024-09-12.pdf", "flat"
    )
    assert _numbers(seg)[:10] == [str(n) for n in range(1, 11)]
    titles = _titles(seg)
    assert titles[0] == "Welcome, Introductions and Safety Information"
    assert titles[5] == "Public Forum"
    assert not any("Redgewell" in title for title in titles)


def test_minute_numbers_with_year_and_month_in_running_text(tmp_path: Path) -> None:
    # uk-newbiggin "19.09.01 Apologies ..." and uk-milburn "18.11.1 Apologies ...".
    newbiggin = _flattened(tmp_path, "uk-newbiggin/minutes-2019-09-03.pdf", "flat")
    assert _numbers(newbiggin) == [f"19.09.{n:02d}" for n in range(1, 13)]
    milburn = _flattened(tmp_path, "uk-milburn/minutes-2018-11-06.pdf", "flat")
    assert _numbers(milburn) == [f"18.11.{n}" for n in range(1, 11)]
    assert _titles(milburn)[1] == "Register of Interests"


def test_markdown_escaped_numbers_inside_paragraphs(tmp_path: Path) -> None:
    # uk-horsley minutes as Markdown paragraphs: "14\\/037"-style minute numbers and
    # "1\\." escapes in the middle of a line.
    seg = _flattened(tmp_path, "uk-milburn/minutes-agm-2018-05-08.pdf", "markdown")
    assert len(_numbers(seg)) == 15


@pytest.mark.parametrize(
    "rel",
    [
        "uk-west-dereham/minutes-2017-06-01.md",
        "uk-stoke-ferry/minutes-2020-01-08.md",
        "uk-wretton/minutes-2019-11-04.md",
    ],
)
def test_parish_minutes_published_as_flattened_markdown(rel: str) -> None:
    # Real flattened copies: a heading runs into its text on one line, a page footer
    # ("Page 3 of 6") or a page stamp ("4429/12/2019") sits right before a number.
    import json

    truth = json.loads((CORPUS / "truth.json").read_text(encoding="utf-8"))[rel]
    seg = segment_document(load_document(CORPUS / rel))
    want = [item["title"] for item in truth["items"] if not item.get("parent")]
    assert len(_numbers(seg)) == len(want)


def test_the_title_of_a_heading_that_runs_into_its_text() -> None:
    assert flat_title(
        "Welcome, Introductions and Safety Information The Chair welcomed everyone"
    ) == ("Welcome, Introductions and Safety Information", True)
    assert flat_title("Apologies for Absence and Substitutions Apologies were received")[0] == (
        "Apologies for Absence and Substitutions"
    )


def test_numbers_in_running_text_that_are_references_or_quantities() -> None:
    text = (
        "as agreed under item 5 The clerk paid £5 Cash and on 12 May 2019 the "
        "council met. 6. Finance The clerk reported."
    )
    found = run_in_numbers(text)
    assert [f.number.label for f in found] == ["6"]
    assert found[0].title == "Finance"


@dataclass
class _Candidate:
    family: tuple
    ordinal: int
    start: int
    layout: str = "flat"


def test_a_restarted_count_is_nested_only_when_the_outer_count_resumes() -> None:
    family = ("arabic", "flat", "", "")
    items = [4, 5, 6, 1, 2, 3, 7, 8]  # "6" holds a list 1-3, then item 7
    nested = nested_in_count([_Candidate(family, n, k) for k, n in enumerate(items)])
    assert nested == {3, 4, 5}
    second_meeting = [1, 2, 3, 1, 2, 3, 4]  # a count that never resumes is left alone
    assert nested_in_count([_Candidate(family, n, k) for k, n in enumerate(second_meeting)]) == (
        set()
    )


# --- meeting facts --------------------------------------------------------------------


@pytest.mark.parametrize(
    ("printed", "iso"),
    [
        ("Dydd Mercher, 9 Hydref 2019", "2019-10-09"),
        ("Nos Fercher 11eg Medi 2019 am 7.30yh", "2019-09-11"),
        ("1af o Fawrth 2020", "2020-03-01"),
        ("14 Tachwedd 2018", "2018-11-14"),
        ("5ed Mehefin 2021", "2021-06-05"),
    ],
)
def test_welsh_dates(printed: str, iso: str) -> None:
    assert parse_date(printed) == iso


@pytest.mark.parametrize(
    ("rel", "fact", "value"),
    [
        # an authority, not a council, named on the letterhead
        (
            "us-san-juan-water-district/board-agenda-2018-01-24.md",
            "council",
            "San Juan Water District",
        ),
        (
            "us-rtd-denver/board-minutes-2018-02-27.txt",
            "council",
            "Regional Transportation District",
        ),
        # "CITY OF" / "ROLLING HILLS ESTATES 4045 PALOS VERDES DRIVE ..."
        (
            "us-rolling-hills-estates/city-council-agenda-2022-12-13.pdf",
            "council",
            "City of Rolling Hills Estates",
        ),
        # "AMENDED AGENDA" names no body
        ("us-rolling-hills-estates/city-council-agenda-2022-12-13.pdf", "body", "City Council"),
        # the date under the title, not a corner stamp "01/28/2020" or an item's date
        ("us-san-juan-unified/board-minutes-2020-01-14.md", "date", "2020-01-14"),
        ("us-rtd-denver/board-agenda-2018-02-27.txt", "date", "2018-02-27"),
        # "BOARD OF DIRECTORS - REGULAR MEETING", never a date caught as a name
        ("us-sacramento-metro-fire/board-agenda-2020-02-27.md", "body", "Board of Directors"),
        # "GCC Meeting MINUTES" of Garelochhead Community Council
        ("uk-garelochhead/minutes-2018-03-20.pdf", "body", "Community Council"),
    ],
)
def test_meeting_facts_of_real_documents(rel: str, fact: str, value: str) -> None:
    path = CORPUS / rel
    if not path.is_file():
        pytest.skip(f"{rel} is not in this checkout")
    assert getattr(load_document(path).metadata, fact) == value
