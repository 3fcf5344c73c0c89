"""The document's outline: which numbered lines are its items, and which are not.

Numbered headings (:mod:`pipeline.segment.headings`) choose the items as the best
increasing chain of one numbering family. Several kinds of numbered line count up just as
well and are not items; this module tells them apart by structure, not by wording:

- page numbers: numbers at a page's top or bottom that go up with the page index (a
  constant offset from it, as a pack's printed numbers do), or sit in a running header or
  footer (a line repeated on many pages, digits aside);
- numbered paragraphs: numbered lines that read as sentences (long, or ending like one,
  or running on into a paragraph) in body type, under headings set apart by typography
  or capitals: the headings are the items and the paragraphs their text.
"""

from __future__ import annotations

from collections import Counter
from typing import TYPE_CHECKING

from pipeline.models import PageSpan
from pipeline.segment.lines import Line, line_at, plain

if TYPE_CHECKING:
    from pipeline.segment.headings import Heading

_PAGE_EDGE = 2  # content lines at a page's top and bottom where page numbers print
_MIN_PAGE_NUMBERS = 3  # pages showing a number before the numbers count as page numbers


def page_edges(lines: list[Line], pages: list[PageSpan]) -> dict[int, PageSpan]:
    """Line index -> page for the content lines at each page's top and bottom."""
    edge: dict[int, PageSpan] = {}
    for page in pages:
        if page.end <= page.start:
            continue
        first, last = line_at(lines, page.start), line_at(lines, page.end - 1)
        content = [k for k in range(first, last + 1) if lines[k].text]
        for k in content[:_PAGE_EDGE] + content[-_PAGE_EDGE:]:
            edge[k] = page
    return edge


def without_page_numbers(
    candidates: list[Heading], lines: list[Line], pages: list[PageSpan]
) -> list[Heading]:
    """The candidates without page numbers.

    A bare number at a page's edge counts the pages when it equals the page's printed
    label, or when it is the page index plus an offset shared by at least three pages (a
    pack whose cover and agenda pages are not numbered). A numbered line in a running
    header or footer ("12 Board Meeting 28 August 2019", digits aside the same on many
    pages) is furniture, whatever its number.
    """
    if not pages:
        return candidates
    edge = page_edges(lines, pages)
    bare: list[tuple[Heading, PageSpan]] = []
    for c in candidates:
        page = edge.get(c.line)
        if page is None or c.item is None or c.item.family != "arabic":
            continue
        if c.item.prefix or c.item.suffix:
            continue
        bare.append((c, page))
    # Bare numbers alone on their line, no punctuation: "12", not "4." (an item number
    # alone at the top of a page).
    alone = [(c, page) for c, page in bare if c.layout == "alone" and not c.item.punct]  # type: ignore[union-attr]
    offsets = Counter(c.ordinal - page.number for c, page in alone)
    dropped: set[int] = set()
    labelled = [
        c for c, page in alone if str(c.ordinal) in (str(page.number), (page.label or "").strip())
    ]
    if len(labelled) >= _MIN_PAGE_NUMBERS:
        dropped.update(id(c) for c in labelled)
    offset, seen = offsets.most_common(1)[0] if offsets else (0, 0)
    if seen >= _MIN_PAGE_NUMBERS and _spread(
        [page.number for c, page in alone if c.ordinal - page.number == offset]
    ):
        dropped.update(id(c) for c, page in alone if c.ordinal - page.number == offset)
    running = [c for c, _ in bare if c.layout != "alone" and lines[c.line].chrome]
    if len(running) >= _MIN_PAGE_NUMBERS:
        dropped.update(id(c) for c in running)
    if not dropped:
        return candidates
    return [c for c in candidates if id(c) not in dropped]


def _spread(page_numbers: list[int]) -> bool:
    """The numbers stand on different pages, most of a run of pages (page numbers are
    printed page after page; items one per page at a constant offset are rarer)."""
    distinct = sorted(set(page_numbers))
    return len(distinct) >= _MIN_PAGE_NUMBERS and len(distinct) == len(page_numbers)


def reads_as_sentence(text: str) -> bool:
    """The text after an item number reads as a sentence of a paragraph, not a title."""
    text = plain(text)
    words = text.split()
    if len(words) > 14:
        return True
    return len(words) >= 6 and text.rstrip().endswith((".", ";", ","))
