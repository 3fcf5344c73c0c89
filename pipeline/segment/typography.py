"""How much a line looks like a heading, from its typography and its markup.

PDF lines carry their font size, bold start and left edge (see
:class:`~pipeline.models.LineStyle`); Markdown copies carry ``#`` and ``**``. A heading
is larger than the body text, bold, a Markdown heading, or in capitals. The body size is
the size most of the document's letters are set in.
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass

from pipeline.segment.lines import Line

_MD_HEADING = re.compile(r"^#{1,6}\s+\S")
_MD_BOLD_LINE = re.compile(r"^(?:\*\*|__)(?P<inner>[^*_].*?)(?:\*\*|__)[:.]?$")
_MD_BOLD_LEAD = re.compile(r"^(?:\*\*|__)(?P<inner>[^*_].*?)(?:\*\*|__)")
_PARENTHETICAL = re.compile(r"\([^()]{1,40}\)")
_LETTERS = re.compile(r"[^\W\d_]")
# A "larger" line is at least this much above the body size (OCR'd heights vary a
# little from line to line, printed sizes do not).
_SIZE_STEP = 1.0
_SIZE_RATIO = 1.15


@dataclass(frozen=True, slots=True)
class Typography:
    """The document's body text size and the heading cues of its lines."""

    body_size: float
    # False when most of the text is set in a "bold" font (some writers name every font
    # bold): bold then tells nothing apart.
    bold_telling: bool = True
    # The lines carry typography at all (PDF fonts, HTML headings).
    styled: bool = False

    def larger(self, line: Line) -> bool:
        """Set in a larger size than the body text."""
        body = self.body_size
        return bool(body and line.size >= max(body + _SIZE_STEP, body * _SIZE_RATIO))

    def bold_lead(self, line: Line) -> int:
        """Characters at the line's start set in bold (PDF fonts or Markdown ``**``)."""
        if line.bold and self.bold_telling:
            return line.bold
        match = _MD_BOLD_LEAD.match(line.text)
        return match.end() if match else 0

    def bold_line(self, line: Line) -> bool:
        """The whole line is bold (a bold heading, not a bold run-in)."""
        text = line.text
        if _MD_BOLD_LINE.match(text):
            return True
        if not (self.bold_telling and line.bold):
            return False
        # "Call to Order (5:30 p.m.)": a bold heading with its time in plain type.
        rest = text[line.bold :].strip(" :.")
        return not rest or bool(_PARENTHETICAL.fullmatch(rest))

    def heading(self, line: Line) -> bool:
        """Set apart as a heading: larger than the body, bold, or a Markdown heading."""
        return bool(_MD_HEADING.match(line.text)) or self.larger(line) or self.bold_line(line)

    def emphasis(self, line: Line) -> float:
        """0 for body text; up to 2 for a large, bold or Markdown heading in capitals."""
        score = 0.0
        if _MD_HEADING.match(line.text) or self.larger(line):
            score += 1.0
        if self.bold_line(line):
            score += 1.0
        if is_capitals(line.text):
            score += 0.5
        return min(score, 2.0)


def typography(lines: list[Line]) -> Typography:
    """The typography of a document's lines (body size 0 when the lines carry none)."""
    sizes: Counter[float] = Counter()
    bold = styled = 0
    for line in lines:
        if line.text and not line.chrome:
            styled += len(line.text)
            bold += min(line.bold, len(line.text))
            if line.size:
                sizes[round(line.size)] += len(line.text)
    body = float(sizes.most_common(1)[0][0]) if sizes else 0.0
    return Typography(body, bold_telling=bold * 2 < styled, styled=body > 0 or bold > 0)


def is_capitals(text: str) -> bool:
    """Words in capitals ("LICENSES AND PERMITS"), at least two letters' worth."""
    letters = _LETTERS.findall(text)
    return len(letters) >= 4 and sum(c.isupper() for c in letters) >= 0.9 * len(letters)
