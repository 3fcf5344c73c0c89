"""The project's own sample documents: up to date, self-consistent, and segmented right.

The samples (``samples/``) are what ``make demo`` runs on, so the items written into them
are asserted here through the CLI contract (``run.py segment PATH --json``): numbers,
clean titles, kinds, decisions, times, presenters, page spans. A segmenter that gets a
sample wrong fails these tests.
"""

from __future__ import annotations

import importlib.util
import io
import itertools
import json
import re
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path

import pytest
from pypdf import PdfReader

ROOT = Path(__file__).resolve().parent.parent
SAMPLES = ROOT / "samples"

PLANNING_HTML = SAMPLES / "northbridge-planning-minutes.html"
PLANNING_TXT = SAMPLES / "northbridge-planning-minutes.txt"
CABINET_PDF = SAMPLES / "northbridge-cabinet-minutes.pdf"
CABINET_TXT = SAMPLES / "northbridge-cabinet-minutes.txt"
PACK_PDF = SAMPLES / "northbridge-cabinet-agenda-pack.pdf"
PACK_TXT = SAMPLES / "northbridge-cabinet-agenda-pack.txt"


@dataclass(frozen=True)
class Expected:
    """One agenda item as written into a sample."""

    number: str
    title: str
    kind: str
    decisions: tuple[str, ...] = ()  # words the item's decisions must contain (any case)
    scheduled_time: str | None = None
    presenter: str | None = None
    duration: str | None = None
    printed_pages: tuple[int, int] | None = None
    pages: tuple[int, int] | None = None  # PDFs only


P, S = "procedural", "substantive"

PLANNING_ITEMS = [
    Expected("1", "Apologies for Absence", P),
    Expected("2", "Declarations of Interest", P),
    Expected("3", "Minutes of the Previous Meeting", P, ("13 August 2024", "correct record")),
    Expected(
        "4",
        "2024/0412: Former Gasholder Site, Riverside Road, Northbridge NB3 4QT",
        S,
        ("GRANTED", "£1.7m", "section 106"),
        scheduled_time="19.05",
    ),
    Expected(
        "5",
        "2024/0587: 14-16 Market Street, Northbridge NB1 2DF",
        S,
        ("REFUSED",),
        scheduled_time="19.55",
    ),
    Expected(
        "6",
        "2024/0633: Northbridge Leisure Centre, Park Lane, Northbridge NB2 7HS",
        S,
        ("DEFERRED", "oak trees"),
        scheduled_time="20.30",
    ),
    Expected(
        "7",
        "Planning Appeals and Enforcement Update",
        S,
        ("report be noted",),
        scheduled_time="21.10",
    ),
    Expected("8", "Any Other Business", P),
    Expected("9", "Date of the Next Meeting", P),
]

CABINET_ITEMS = [
    Expected("41/24", "Apologies for Absence", P, pages=(1, 1)),
    Expected("42/24", "Declarations of Interest", P, pages=(1, 1)),
    Expected(
        "43/24",
        "Minutes of the Previous Meeting",
        P,
        ("15 July 2024", "correct record"),
        pages=(1, 1),
    ),
    Expected(
        "44/24",
        "Revenue Budget Monitoring 2024/25 - Quarter 1",
        S,
        ("£1.7m", "be noted", "£350,000", "14 October 2024"),
        pages=(1, 2),
    ),
    Expected(
        "45/24",
        "Council Housing Retrofit Programme 2024-2027",
        S,
        ("£12.6m", "£5.1m", "delegated to the Director of Housing"),
        pages=(2, 3),
    ),
    Expected(
        "46/24",
        "Northbridge Town Centre Regeneration Framework",
        S,
        ("be noted", "be adopted", "£150,000"),
        pages=(3, 3),
    ),
    Expected(
        "47/24",
        "Home to School Travel Assistance Policy 2025/26",
        S,
        # The resolution runs on over the page break: its end must not be lost.
        ("deferred", "14 October 2024", "updated equality impact assessment"),
        pages=(3, 4),
    ),
    Expected("48/24", "Date of Next Meeting", P, pages=(4, 4)),
]

PACK_ITEMS = [
    Expected("1", "Apologies for Absence", P, presenter="Chair", duration="1 Minute"),
    Expected("2", "Declarations of Interest", P, presenter="Chair", duration="2 Minutes"),
    Expected(
        "3",
        "Minutes of the Previous Meeting",
        P,
        presenter="Chair",
        duration="5 Minutes",
        printed_pages=(3, 5),
        pages=(3, 5),
    ),
    Expected(
        "4",
        "Revenue Budget Monitoring 2024/25 - Quarter 1",
        S,
        presenter="Cllr Daniel Price",
        duration="15 Minutes",
        printed_pages=(6, 8),
        pages=(6, 8),
    ),
    Expected(
        "5",
        "Council Housing Retrofit Programme 2024-2027",
        S,
        presenter="Cllr Amira Hussain",
        duration="15 Minutes",
        printed_pages=(9, 10),
        pages=(9, 10),
    ),
    Expected(
        "6",
        "Northbridge Town Centre Regeneration Framework",
        S,
        presenter="Cllr Jane Okafor",
        duration="20 Minutes",
        printed_pages=(11, 12),
        pages=(11, 12),
    ),
    Expected(
        "7",
        "Home to School Travel Assistance Policy 2025/26",
        S,
        presenter="Cllr Tom Whitfield",
        duration="10 Minutes",
        printed_pages=(13, 14),
        pages=(13, 14),
    ),
    Expected("8", "Date of the Next Meeting", P),
]

# path -> (meeting body, date, kind, expected items)
CASES = {
    PLANNING_HTML: ("Planning Sub-Committee", "2024-09-10", "minutes", PLANNING_ITEMS),
    PLANNING_TXT: ("Planning Sub-Committee", "2024-09-10", "minutes", PLANNING_ITEMS),
    CABINET_PDF: ("Cabinet", "2024-09-09", "minutes", CABINET_ITEMS),
    CABINET_TXT: ("Cabinet", "2024-09-09", "minutes", CABINET_ITEMS),
    PACK_PDF: ("Cabinet", "2024-09-09", "agenda_pack", PACK_ITEMS),
    PACK_TXT: ("Cabinet", "2024-09-09", "agenda_pack", PACK_ITEMS),
}
IDS = [p.name for p in CASES]

_SPACES = re.compile(r"\s+")


def squash(text: str) -> str:
    """Whitespace collapsed, for comparing text across line and page breaks."""
    return _SPACES.sub(" ", text).strip()


def number_of(item: dict) -> str:
    """The printed number without a leading "Minute" / "Item" word or trailing dot."""
    return re.sub(r"^(?:minute|item)\s+", "", item["number"].strip(), flags=re.I).rstrip(".")


_CACHE: dict[Path, tuple[dict, str]] = {}


def segment(path: Path) -> tuple[dict, str]:
    """``run.py segment PATH --json`` and ``--text`` through the CLI, once per file."""
    if path not in _CACHE:
        runs = [
            subprocess.run(
                [sys.executable, "run.py", "segment", str(path), flag],
                cwd=ROOT,
                capture_output=True,
                text=True,
                timeout=120,
            )
            for flag in ("--json", "--text")
        ]
        for run in runs:
            assert run.returncode == 0, f"{path.name}: exit {run.returncode}: {run.stderr}"
        _CACHE[path] = (json.loads(runs[0].stdout), runs[1].stdout)
    return _CACHE[path]


def top_level(result: dict) -> list[dict]:
    return [item for item in result["items"] if not item.get("parent")]


# --- The samples themselves -------------------------------------------------------------


def _page_texts(data: bytes) -> list[str]:
    return [page.extract_text() for page in PdfReader(io.BytesIO(data)).pages]


def test_samples_are_generated_from_their_sources() -> None:
    """The committed HTML, PDFs and text copies are what the generator makes of samples/src.

    HTML and text must match byte for byte. PDFs are compared page by page as text, so a
    newer fpdf2 (which may lay bytes out differently) does not fail the suite;
    ``scripts/make_samples.py --check`` compares them byte for byte.
    """
    spec = importlib.util.spec_from_file_location("make_samples", ROOT / "scripts/make_samples.py")
    assert spec and spec.loader
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module  # dataclasses look their module up there
    spec.loader.exec_module(module)
    outputs = module.build_all()
    assert set(outputs) == {*CASES}
    stale = []
    for path, data in outputs.items():
        committed = path.read_bytes()
        if path.suffix == ".pdf":
            if committed != data and _page_texts(committed) != _page_texts(data):
                stale.append(path.name)
        elif committed != data:
            stale.append(path.name)
    assert not stale, f"run scripts/make_samples.py: out of date: {stale}"


def test_pdfs_have_a_page_footer_on_every_page() -> None:
    for path, pages in ((CABINET_PDF, (3, 5)), (PACK_PDF, (8, 15))):
        reader = PdfReader(path)
        assert pages[0] <= len(reader.pages) <= pages[1]
        for number, page in enumerate(reader.pages, start=1):
            assert page.extract_text().rstrip().endswith(f"Page {number}"), (path.name, number)


def test_pack_order_of_business_matches_the_printed_pages() -> None:
    """Each page range in the table starts at its report's first page and ranges tile."""
    texts = [page.extract_text() for page in PdfReader(PACK_PDF).pages]
    assert "ORDER OF BUSINESS" in texts[1]
    rows = re.findall(r"^(\d+) (.+?) (\d+) - (\d+)$", texts[1], re.M)
    ranges = {number: (int(a), int(b)) for number, _, a, b in rows}
    assert ranges == {e.number: e.printed_pages for e in PACK_ITEMS if e.printed_pages}
    spans = sorted(ranges.values())
    assert spans[-1][1] == len(texts)
    assert all(prev[1] + 1 == nxt[0] for prev, nxt in itertools.pairwise(spans))
    for expected in PACK_ITEMS:
        if expected.printed_pages and expected.kind == S:
            first_line = texts[expected.printed_pages[0] - 1].splitlines()[0]
            assert first_line == expected.title
    assert texts[2].splitlines()[1].startswith("MINUTES of the meeting of the Cabinet")


# --- Segmenting the samples through the CLI ---------------------------------------------


@pytest.mark.parametrize("path", list(CASES), ids=IDS)
def test_meeting_metadata(path: Path) -> None:
    body, date, kind, _ = CASES[path]
    result, _ = segment(path)
    meeting = result["meeting"]
    assert (meeting["body"], meeting["date"], meeting["kind"]) == (body, date, kind)
    assert result["format"] == {".html": "html", ".pdf": "pdf", ".txt": "text"}[path.suffix]


@pytest.mark.parametrize("path", list(CASES), ids=IDS)
def test_items_numbers_titles_and_kinds(path: Path) -> None:
    expected = CASES[path][3]
    result, _ = segment(path)
    got = [(number_of(i), i["title"], i["kind"]) for i in top_level(result)]
    assert got == [(e.number, e.title, e.kind) for e in expected]


@pytest.mark.parametrize("path", list(CASES), ids=IDS)
def test_item_side_data(path: Path) -> None:
    """Scheduled times, presenters and slots are separate fields, not part of titles."""
    expected = CASES[path][3]
    result, _ = segment(path)
    for item, want in zip(top_level(result), expected, strict=True):
        assert item["scheduled_time"] == want.scheduled_time, item["title"]
        assert item["presenter"] == want.presenter, item["title"]
        assert item["duration"] == want.duration, item["title"]
        assert not re.search(r"\bPDF \d|pdf icon|\(\d\d\.\d\d\)|Minutes?\)", item["title"])


def heading(path: Path, item: Expected) -> str:
    """How an item's heading reads in the (whitespace-squashed) text of its sample."""
    if path in (CABINET_PDF, CABINET_TXT):
        return f"Minute {item.number} {item.title}"
    return f"{item.number}. {item.title}"


# Lines that belong to no item: PDF footers and the minutes' running header.
_FURNITURE = re.compile(r"^(?:Page \d+|Cabinet - 9 September 2024)$", re.M)


@pytest.mark.parametrize("path", list(CASES), ids=IDS)
def test_item_spans_are_ordered_and_hold_their_item(path: Path) -> None:
    expected = CASES[path][3]
    result, text = segment(path)
    items = top_level(result)
    if CASES[path][2] == "agenda_pack":
        # Items without a report (1, 2, 8) may point at their order-of-business row, so
        # a pack's spans need not follow item order; they must still not overlap.
        by_start = sorted(items, key=lambda i: i["start"])
        for prev, nxt in itertools.pairwise(by_start):
            assert prev["start"] < prev["end"] <= nxt["start"], (prev["title"], nxt["title"])
        for item, want in zip(items, expected, strict=True):
            if want.kind == S:  # each report's span starts with the report's title
                assert squash(text[item["start"] : item["end"]]).startswith(want.title)
        return
    for prev, nxt in itertools.pairwise(items):
        assert prev["start"] < prev["end"] <= nxt["start"], (prev["title"], nxt["title"])
    assert items[-1]["end"] <= len(text)
    for item, want in zip(items, expected, strict=True):
        span = squash(text[item["start"] : item["end"]])
        assert heading(path, want) in span, want.title
        # A span covers its item only: no other item's heading inside it.
        for other in expected:
            if other is not want:
                assert heading(path, other) not in span, (want.title, other.title)
    # ...and all of it: between consecutive items there is nothing but page furniture.
    for prev, nxt in itertools.pairwise(items):
        gap = _FURNITURE.sub("", text[prev["end"] : nxt["start"]])
        assert not gap.strip(), (prev["title"], gap)
    last = squash(text[items[-1]["start"] : items[-1]["end"]])
    assert re.search(r"The meeting (?:ended|closed) at \d\.\d\d pm", last)


@pytest.mark.parametrize("path", list(CASES), ids=IDS)
def test_decisions(path: Path) -> None:
    """Recorded decisions are found in their own item, verbatim, and nowhere else."""
    expected = CASES[path][3]
    result, text = segment(path)
    for item, want in zip(top_level(result), expected, strict=True):
        joined = squash(" ".join(item["decisions"])).lower()
        if not want.decisions:
            # Procedural items without a resolution, and a pack's reports (which only
            # recommend: nothing has been decided yet) record no decisions.
            if CASES[path][2] == "agenda_pack" and want.number == "3":
                continue  # the previous meeting's minutes: their resolutions are quoted
            assert item["decisions"] == [], item["title"]
            continue
        for words in want.decisions:
            assert words.lower() in joined, (item["title"], words)
        span = squash(text[item["start"] : item["end"]])
        for decision in item["decisions"]:
            head = squash(re.sub(r"^(?:RESOLVED|Agreed)\s*:?\s*", "", decision))[:40]
            assert head in span, (item["title"], decision)
            # A resolution that runs over a page break must not carry the page's footer
            # or running header into its text (summaries quote decisions verbatim).
            assert not _FURNITURE.search(decision), (item["title"], decision)


@pytest.mark.parametrize("path", [CABINET_PDF, PACK_PDF], ids=lambda p: p.name)
def test_pdf_page_spans(path: Path) -> None:
    expected = CASES[path][3]
    result, _ = segment(path)
    for item, want in zip(top_level(result), expected, strict=True):
        if want.printed_pages:
            assert tuple(item["printed_pages"]) == want.printed_pages, item["title"]
        else:
            assert item["printed_pages"] is None, item["title"]
        if want.pages:
            assert item["pages"] is not None and tuple(item["pages"]) == want.pages, item["title"]


def test_pack_text_copy_keeps_printed_pages_without_page_spans() -> None:
    result, _ = segment(PACK_TXT)
    for item, want in zip(top_level(result), PACK_ITEMS, strict=True):
        assert item["pages"] is None
        got = tuple(item["printed_pages"]) if item["printed_pages"] else None
        assert got == want.printed_pages, item["title"]


@pytest.mark.parametrize("path", [PACK_PDF, PACK_TXT], ids=lambda p: p.name)
def test_previous_minutes_stay_inside_their_pack_item(path: Path) -> None:
    """The July minutes (Minute 33/24 to 40/24) belong to item 3, not to the meeting."""
    result, text = segment(path)
    items = {number_of(i): i for i in top_level(result)}
    minutes = items["3"]
    headings = [m.start() for m in re.finditer(r"Minute (3[3-9]|40)/24 ", text)]
    assert len(headings) == 8
    assert all(minutes["start"] <= h < minutes["end"] for h in headings)
    for item in result["items"]:
        if item.get("parent"):
            parent = next(i for i in result["items"] if i["number"] == item["parent"])
            assert parent["start"] <= item["start"] < item["end"] <= parent["end"]
    report = squash(text[items["4"]["start"] : items["4"]["end"]])
    assert "£142.3m" in report and "Warm Homes" not in report


@pytest.mark.parametrize("path", [PLANNING_HTML], ids=lambda p: p.name)
def test_site_chrome_is_not_in_any_item(path: Path) -> None:
    result, text = segment(path)
    for item in result["items"]:
        span = text[item["start"] : item["end"]]
        for chrome in ("Bins and recycling", "Accept all cookies", "Accessibility statement"):
            assert chrome not in span, (item["title"], chrome)


def test_cabinet_minutes_apologies() -> None:
    result, _ = segment(CABINET_PDF)
    assert any("Marcus Bell" in name for name in result["meeting"]["apologies"])
