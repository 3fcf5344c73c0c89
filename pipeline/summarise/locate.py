"""Find a piece of text (an LLM's evidence, a quote, a listed decision) in the source.

Exact first, then normalised (whitespace, curly quotes, dashes, case), then fuzzy above a
threshold (rapidfuzz alignment, snapped to word boundaries). Offsets are always those of
the document's normalised text, so the span can be shown and checked.
"""

from __future__ import annotations

from dataclasses import dataclass

from rapidfuzz import fuzz

from pipeline.models import SourceSpan

_FOLD = str.maketrans(
    {
        "‘": "'",
        "’": "'",
        "‚": "'",
        "“": '"',
        "”": '"',
        "„": '"',
        "–": "-",
        "—": "-",
        "‐": "-",
        "‑": "-",
        "…": ".",
    }
)


@dataclass(frozen=True)
class Match:
    """Where a needle was found and how well it matched (100 = exact or normalised)."""

    span: SourceSpan
    score: float
    method: str  # "exact" | "normalised" | "fuzzy"


class SourceIndex:
    """A region of the source, folded once so many needles can be looked up cheaply."""

    def __init__(self, text: str, start: int = 0, end: int | None = None) -> None:
        self.text = text
        self.start = start
        self.end = len(text) if end is None else end
        self._folded: tuple[str, list[int]] | None = None

    @property
    def folded(self) -> str:
        """The region folded (see :func:`fold`), built on first use."""
        return self._fold()[0]

    @property
    def index(self) -> list[int]:
        """Source offset of each character of :attr:`folded`."""
        return self._fold()[1]

    def _fold(self) -> tuple[str, list[int]]:
        if self._folded is None:
            chars: list[str] = []
            index: list[int] = []
            prev_space = True
            text = self.text
            for i in range(self.start, self.end):
                c = text[i]
                if c.isspace():
                    if prev_space:
                        continue
                    c = " "
                    prev_space = True
                else:
                    prev_space = False
                    c = c.translate(_FOLD).lower()
                chars.append(c)
                index.append(i)
            self._folded = ("".join(chars), index)
        return self._folded

    def find(self, needle: str, min_score: float = 100.0) -> Match | None:
        """The best place for ``needle`` in the region, or ``None`` below ``min_score``."""
        needle = needle.strip()
        if not needle:
            return None
        pos = self.text.find(needle, self.start, self.end)
        if pos != -1:
            return Match(SourceSpan(start=pos, end=pos + len(needle)), 100.0, "exact")
        folded = fold(needle)
        if not folded:
            return None
        pos = self.folded.find(folded)
        if pos != -1:
            return Match(self._span(pos, pos + len(folded)), 100.0, "normalised")
        if min_score >= 100 or len(folded) < 12:
            return None
        alignment = fuzz.partial_ratio_alignment(folded, self.folded, score_cutoff=min_score)
        if alignment is None or alignment.score < min_score:
            return None
        start, end = self._snap(alignment.dest_start, alignment.dest_end)
        return Match(self._span(start, end), round(alignment.score, 1), "fuzzy")

    def _snap(self, start: int, end: int) -> tuple[int, int]:
        # Widen a fuzzy alignment to whole words so the span never cuts a word in half.
        f = self.folded
        while start > 0 and f[start - 1] != " " and f[start] != " ":
            start -= 1
        while end < len(f) and f[end - 1] != " " and f[end] != " ":
            end += 1
        while start < end and f[start] == " ":
            start += 1
        while end > start and f[end - 1] == " ":
            end -= 1
        return start, end

    def _span(self, fstart: int, fend: int) -> SourceSpan:
        return SourceSpan(start=self.index[fstart], end=self.index[fend - 1] + 1)


def fold(text: str) -> str:
    """Whitespace collapsed, quotes and dashes straightened, lower case."""
    return " ".join(text.translate(_FOLD).lower().split())


def locate(
    text: str, needle: str, start: int = 0, end: int | None = None, min_score: float = 100.0
) -> SourceSpan | None:
    """Span of ``needle`` in ``text[start:end]`` (see :class:`SourceIndex`), or ``None``."""
    match = SourceIndex(text, start, end).find(needle, min_score)
    return match.span if match else None
