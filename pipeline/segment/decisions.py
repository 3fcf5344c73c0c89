"""Recorded decisions inside an item, as verbatim substrings of the document text.

Two shapes are recognised:

- a label at the start of a line: ``RESOLVED:``, ``Agreed:``, ``DECIDED -``, ``Decision:``
  or ``RESOLVED that ...``. Text on the same line (and its wrapped continuation) is the
  decision; an empty label takes the following paragraph, or each entry of a following
  numbered / bulleted / lettered list;
- a sentence reporting agreement: "Members noted and agreed the letter.", "The minutes
  ... were noted and agreed.", "It was agreed that ...".

Each string is exactly ``text[a:b]`` for some span, so evals can find and cite it; the
one exception is a decision cut by a PDF page break, whose two parts (each a span) are
joined by a newline without the page's footer and running header between them.
"""

from __future__ import annotations

import re

from pipeline.segment.lines import Line, line_at
from pipeline.text import SentenceRules, sentence_ends

_NUMBERING = r"(?:[-–•·*]\s*)?(?:\(?\d+(?:\.\d+)*[.)]?\s+)?"
_LABEL = re.compile(
    rf"^{_NUMBERING}(?P<label>RESOLVED|AGREED|DECIDED|DECISIONS?|Resolved|Agreed|Decided"
    r"|Decisions?)(?:\s*(?:[:\-–—.]\s*|\s+(?=[Tt]hat\b|[Tt]o\b)|$))(?P<rest>.*)$"
)
_ITEM = re.compile(
    r"^(?:[-–•·*]\s*|\(?[a-z]\)\s*|\(?[ivx]{1,5}[.)]\s*|\d{1,2}[.)]\s+|\(\d{1,2}\)\s*)"
    r"(?P<body>\S.*)$"
)
_PARAGRAPH_NUMBER = re.compile(r"^(?:[-–•·*]\s*)?\d+(?:\.\d+)+\s")
# "Publication date: 12/05/2022": page metadata, ends a decision paragraph.
_META = re.compile(r"^[A-Z][\w ?'/-]{1,40}:(?:\s|$)")
_AGREEMENT = re.compile(
    r"\b(?:noted\s+and\s+agreed|it\s+was\s+(?:agreed|resolved)\b"
    r"|(?:was|were)\s+agreed\b"
    r"|(?:agreed|resolved|approved)\s+(?:that\b|to\s+(?!be\b)[a-z]+\b"
    r"|the\s+(?:recommendations?|report|minutes|letter|work\s+programme|proposals?)\b))",
    re.IGNORECASE,
)
# A decision runs to the first end mark before a space (or the end of its paragraph).
_DECISION_SENTENCE = SentenceRules(
    closers="", follow="space", abbreviations=frozenset(), initials="none"
)
_MAX_DECISION = 1500
_HEADING_LINE = 60


Pieces = list[tuple[int, int]]  # one decision: usually one span, more across page breaks


def find_decisions(text: str, lines: list[Line], start: int, end: int) -> list[str]:
    """The decisions recorded in ``text[start:end]``, in order, without duplicates."""
    if end <= start:
        return []
    first = line_at(lines, start)
    last = line_at(lines, max(start, end - 1))
    found: list[Pieces] = []
    index = first
    while index <= last:
        line = lines[index]
        match = _LABEL.match(line.text)
        if match and line.start >= start:
            decisions, index = _labelled(lines, index, match, last)
            found.extend(decisions)
        index += 1
    covered = [(p[0][0], p[-1][1]) for p in found]
    for match in _AGREEMENT.finditer(text, start, end):
        if any(a <= match.start() < b for a, b in covered):
            continue
        span = _sentence(text, match.start(), start, end)
        if span and not any(a < span[1] and span[0] < b for a, b in covered):
            found.append([span])
            covered.append(span)
    found.sort()
    out: list[str] = []
    for pieces in found:
        decision = "\n".join(text[a:b] for a, b in pieces)
        if decision and decision not in out:
            out.append(decision)
    return out


def _labelled(
    lines: list[Line], index: int, match: re.Match[str], last: int
) -> tuple[list[Pieces], int]:
    """Decisions for one label line; returns them and the last line index consumed."""
    line = lines[index]
    rest = match.group("rest").strip()
    if rest:
        # "RESOLVED that ..." keeps its verb; "Agreed: That ..." starts after the colon.
        label_start = line.start + match.start("label")
        rest_start = line.start + match.start("rest")
        between = line.text[match.end("label") : match.start("rest")]
        a = label_start if not between.strip() else rest_start
        pieces, consumed = _paragraph(lines, index, a, last)
        return [pieces], consumed
    # Empty label: the following list entries, or the following paragraph.
    decisions: list[Pieces] = []
    j = index + 1
    while j <= last and (lines[j].blank or lines[j].chrome):
        j += 1
    if j > last:
        return [], index
    if _ITEM.match(lines[j].text):
        while j <= last:
            item = _ITEM.match(lines[j].text)
            if not item or _LABEL.match(lines[j].text):
                break
            pieces, j = _paragraph(lines, j, lines[j].start + item.start("body"), last, True)
            decisions.append(pieces)
            j += 1
            while j <= last and (lines[j].blank or lines[j].chrome):
                j += 1
        return decisions, j - 1
    if _LABEL.match(lines[j].text) or _PARAGRAPH_NUMBER.match(lines[j].text):
        return [], index
    pieces, consumed = _paragraph(lines, j, lines[j].start, last)
    return [pieces], consumed


def _paragraph(
    lines: list[Line], index: int, begin: int, last: int, in_list: bool = False
) -> tuple[Pieces, int]:
    """The paragraph from offset ``begin`` on line ``index`` (wrapped lines included).

    A page break inside an unfinished sentence does not end it: the text goes on after
    the footer and running header, which are left out (summaries quote decisions), so
    such a decision has one piece per page.
    """
    pieces: Pieces = []
    j = index
    end = lines[index].end
    while j < last and end - begin < _MAX_DECISION:
        current = lines[j].text
        nxt = lines[j + 1]
        if nxt.chrome or (nxt.blank and j + 2 <= last and lines[j + 2].chrome):
            resume = _after_page_break(lines, j + 1, last)
            if resume is None or current.rstrip().endswith((".", ":", ";", "!", "?")):
                break
            nxt = lines[resume]
            if _META.match(nxt.text) or _LABEL.match(nxt.text) or _ITEM.match(nxt.text):
                break
            if _PARAGRAPH_NUMBER.match(nxt.text):
                break
            pieces.append((begin, end))
            begin, j, end = nxt.start, resume, nxt.end
            continue
        if nxt.blank or _META.match(nxt.text) or _LABEL.match(nxt.text):
            break
        if _PARAGRAPH_NUMBER.match(nxt.text) or (in_list and _ITEM.match(nxt.text)):
            break
        # A line that ends a sentence and a next line that starts a new one: PDF text has
        # no blank lines between paragraphs, so this is the best boundary available.
        if current.rstrip().endswith((".", ":", ";")) and nxt.text[:1].isupper():
            break
        if _ITEM.match(nxt.text) and not in_list:
            break
        j += 1
        end = nxt.end
    pieces.append((begin, end))
    return pieces, j


def _sentence(text: str, pos: int, start: int, end: int) -> tuple[int, int] | None:
    """The sentence around ``pos``, within ``[start, end)``, without paragraph numbering."""
    window_start = max(start, pos - 600)
    left = window_start
    for boundary in ("\n\n", ". ", "? ", "! ", ": ", ".\n", "?\n", "!\n", ":\n"):
        k = text.rfind(boundary, window_start, pos)
        if k != -1:
            left = max(left, k + len(boundary))
    nl = text.rfind("\n", window_start, pos)
    head = text[nl + 1 : nl + 24] if nl != -1 else ""
    if head and (_PARAGRAPH_NUMBER.match(head) or _ITEM.match(head)):
        left = max(left, nl + 1)
    # PDF text has no blank line after a heading: a short line ending in a capitalised word
    # ("Work Programme") just before the sentence is a heading, not its first half.
    if nl != -1 and nl >= left:
        before = text[text.rfind("\n", 0, nl) + 1 : nl]
        words = before.split()
        if words and len(before) < _HEADING_LINE and words[-1][:1].isupper():
            left = nl + 1
    while left < pos and text[left] in " \t\n":
        left += 1
    prefix = re.match(r"(?:[-–•·*]\s*)?\d+(?:\.\d+)*\s+", text[left:pos])
    if prefix:
        left += prefix.end()
    ends = sentence_ends(text, pos, min(end, pos + _MAX_DECISION), _DECISION_SENTENCE)
    right = ends[0] if ends else min(end, pos + _MAX_DECISION)
    para = text.find("\n\n", pos, right)
    if para != -1:
        right = para
    return (left, right) if right > left else None


def _after_page_break(lines: list[Line], index: int, last: int) -> int | None:
    """The first content line after page furniture starting at ``index``, if any."""
    seen_chrome = False
    for j in range(index, min(last, index + 8) + 1):
        if lines[j].chrome:
            seen_chrome = True
        elif not lines[j].blank:
            return j if seen_chrome else None
    return None
