"""The normalised text as a list of lines with offsets, the unit every layout scans.

Segmentation runs compiled regexes over lines (a few thousand for a 300-page pack), never
per-character loops over the whole text, so it costs milliseconds next to PDF extraction.
"""

from __future__ import annotations

import math
import re
from collections import Counter
from dataclasses import dataclass

from pipeline.models import LineStyle, PageSpan


@dataclass(frozen=True, slots=True)
class Line:
    """One line of the normalised text: ``text == document.text[start:end]``.

    ``size``, ``bold`` and ``x`` are the line's typography where the document has it
    (PDFs, OCR): font size in points, characters at its start set in bold, left edge.
    """

    index: int
    start: int
    end: int
    text: str
    chrome: bool = False  # page furniture: footers, running headers, blank-page notes
    size: float = 0.0
    bold: int = 0
    x: float = -1.0

    @property
    def blank(self) -> bool:
        """True for an empty line (normalisation strips whitespace-only lines)."""
        return not self.text


def split_lines(
    text: str,
    furniture: frozenset[str] = frozenset(),
    layout: list[LineStyle] | None = None,
) -> list[Line]:
    """Every line of ``text`` with its character offsets (``\\n`` excluded).

    ``furniture`` holds lines known to be running headers/footers (see
    :func:`page_furniture`); they and :func:`is_chrome` lines are marked ``chrome``.
    ``layout`` (a document's line styles) gives lines their typography.
    """
    styles = {style.start: style for style in layout or ()}
    lines: list[Line] = []
    offset = 0
    for index, part in enumerate(text.split("\n")):
        chrome = bool(part) and (is_chrome(part) or _furniture_key(part) in furniture)
        style = styles.get(offset)
        if style is None:
            lines.append(Line(index, offset, offset + len(part), part, chrome))
        else:
            lines.append(
                Line(
                    index,
                    offset,
                    offset + len(part),
                    part,
                    chrome,
                    style.size,
                    style.bold,
                    style.x,
                )
            )
        offset += len(part) + 1
    return lines


_DIGITS = re.compile(r"\d+")
_EDGE_LINES = 2
_MAX_FURNITURE = 100


def _furniture_key(line: str) -> str:
    return _DIGITS.sub("#", line) if len(line) <= _MAX_FURNITURE else ""


def page_furniture(text: str, pages: list[PageSpan]) -> frozenset[str]:
    """Running headers and footers of a PDF: short lines repeated at the top or bottom of
    many pages ("Cabinet - 9 September 2024", "Page 3 of 9"), digits folded to ``#``.
    """
    if len(pages) < 3:
        return frozenset()
    counts: Counter[str] = Counter()
    for page in pages:
        page_lines = [line for line in text[page.start : page.end].split("\n") if line]
        edges = page_lines[:_EDGE_LINES] + page_lines[-_EDGE_LINES:]
        counts.update({_furniture_key(line) for line in edges} - {""})
    threshold = max(2, math.ceil(len(pages) * 0.25))
    return frozenset(key for key, seen in counts.items() if seen >= threshold)


# Page furniture that is never item content: PDF footers, blank-page notes, ModernGov
# "Back to top" links.
_CHROME = re.compile(
    r"^(?:page\s*[|:]?\s*\d{1,4}(?:\s*(?:of|/)\s*\d{1,4})?"
    r"|this page is intentionally left blank"
    r"|back to top(?: arrow icon back to top)?)$",
    re.IGNORECASE,
)
# Markdown decoration around a heading line: "## 4. Budget", "**4. Budget**".
_MARKDOWN_LEAD = re.compile(r"^(?:#{1,6}\s+|\*{1,3}|_{2})")
_MARKDOWN_TRAIL = re.compile(r"(?:\*{1,3}|_{2})$")


def is_chrome(text: str) -> bool:
    """True for page furniture lines ("Page 7", "This page is intentionally left blank")."""
    return bool(_CHROME.match(text))


_MARKDOWN_ESCAPE = re.compile(r"\\([\\`*_{}\[\]()#+\-.!|])")


def plain(text: str) -> str:
    """A line without Markdown heading/bold decoration or escapes ("1\\."), for matching."""
    text = _MARKDOWN_LEAD.sub("", text)
    text = _MARKDOWN_TRAIL.sub("", text)
    if "\\" in text:
        text = _MARKDOWN_ESCAPE.sub(r"\1", text)
    return text.replace("**", "").strip()


def next_content(lines: list[Line], index: int, limit: int = 6) -> Line | None:
    """The first line after ``index`` that is neither blank nor chrome (within ``limit``)."""
    for line in lines[index + 1 : index + 1 + limit]:
        if line.text and not line.chrome:
            return line
    return None


def previous_content(lines: list[Line], index: int, limit: int = 6) -> Line | None:
    """The last line before ``index`` that is neither blank nor chrome (within ``limit``)."""
    for line in reversed(lines[max(0, index - limit) : index]):
        if line.text and not line.chrome:
            return line
    return None


def line_at(lines: list[Line], offset: int) -> int:
    """Index of the line holding character ``offset`` (binary search)."""
    lo, hi = 0, len(lines) - 1
    while lo < hi:
        mid = (lo + hi + 1) // 2
        if lines[mid].start <= offset:
            lo = mid
        else:
            hi = mid - 1
    return lo
