"""Pages that hold one item: ModernGov "Agenda item" (mgAi) and "Decision details" pages.

The title is the line after the page's label; a number in front of it ("4. Title") is
used, otherwise the item number comes from the minutes' paragraph numbering ("4.1",
"4.2" -> "4"), otherwise it is "1".
"""

from __future__ import annotations

import re
from collections import Counter

from pipeline.segment.draft import Draft
from pipeline.segment.layouts import Found, Source
from pipeline.segment.lines import Line, next_content, plain
from pipeline.segment.numbers import read_number

_LABELS = {
    "decision details": "decision",
    "agenda item": "agenda_item",
    "issue details": "decision",
}
_SCAN_LINES = 25
_ITEM_LABEL = re.compile(r"^(?:agenda\s+)?item\s+(?:no\.?\s*)?(?P<num>\d{1,3}[a-z]?)$", re.I)
# A report form's title field: "TITLE: Workplace Parking Levy", "Report title: ...".
# Capitalised as a form prints it: a Markdown page's front matter ("title: ...") is not one.
_TITLE_FIELD = re.compile(r"^(?:(?:Report|REPORT)\s+)?(?:Title|TITLE)\s*:\s*(?P<title>\S.{2,200})$")
_REPORT = re.compile(r"\breport\b", re.IGNORECASE)
# Cheap tests that a line may hold a label at all, before it is stripped of Markdown.
_TITLE_HINT = re.compile(r"(?:itle|ITLE)\s*:")
_ITEM_HINT = re.compile(r"item", re.IGNORECASE)
_PARAGRAPH = re.compile(r"^(?:[-–•·*]\s*)?(\d{1,3})\.\d{1,2}\.?\s")


def find_single(lines: list[Line]) -> tuple[str, Draft] | None:
    """``(page kind, draft)`` for a single-item page, or ``None``."""
    report = _report_for_item(lines) or _titled_report(lines)
    if report is not None:
        return "report", report
    for line in lines[:_SCAN_LINES]:
        kind = _LABELS.get(plain(line.text).lower().rstrip(":"))
        if kind is None:
            continue
        title_line = next_content(lines, line.index)
        if title_line is None:
            return None
        title = plain(title_line.text)
        number = None
        printed = read_number(title)
        rest = title[printed.end :].strip() if printed else ""
        if printed and printed.family == "arabic" and not printed.suffix and rest:
            number, title = printed.label, rest
        if number is None:
            number = _paragraph_number(lines[title_line.index + 1 :])
        return kind, Draft(number=number or "1", raw_title=title, start=title_line.start)
    return None


def _report_for_item(lines: list[Line]) -> Draft | None:
    """An officer's report for one agenda item: "Agenda Item 166" near the top, its
    title on the next line, and no other item label in the whole document (a pack
    carries one per report)."""
    labels = [
        line
        for line in lines
        if _ITEM_HINT.search(line.text) and _ITEM_LABEL.match(plain(line.text))
    ]
    if len(labels) != 1 or labels[0].index >= _SCAN_LINES:
        return None
    title_line = next_content(lines, labels[0].index)
    if title_line is None:
        return None
    match = _ITEM_LABEL.match(plain(labels[0].text))
    assert match is not None
    return Draft(number=match.group("num"), raw_title=plain(title_line.text), start=labels[0].start)


def _titled_report(lines: list[Line]) -> Draft | None:
    """A report form for one decision: a "TITLE:" field near the top, the only one in the
    document, under a heading that says it is a report ("Committee Report")."""
    fields = [
        line
        for line in lines
        if _TITLE_HINT.search(line.text) and _TITLE_FIELD.match(plain(line.text))
    ]
    if len(fields) != 1 or fields[0].index >= _SCAN_LINES:
        return None
    if not any(_REPORT.search(line.text) for line in lines[: fields[0].index]):
        return None
    match = _TITLE_FIELD.match(plain(fields[0].text))
    assert match is not None
    return Draft(number="", raw_title=match.group("title"), start=fields[0].start)


def _paragraph_number(lines: list[Line]) -> str | None:
    """The item number shared by most "N.M" paragraph numbers, if any."""
    counts = Counter(m.group(1) for line in lines if (m := _PARAGRAPH.match(line.text)))
    if not counts:
        return None
    number, seen = counts.most_common(1)[0]
    return number if seen >= 2 or len(counts) == 1 else None


def single_item_page(source: Source) -> Found | None:
    """The :class:`~pipeline.segment.layouts.Layout` of single-item pages."""
    single = find_single(source.lines)
    return Found([single[1]]) if single is not None else None
