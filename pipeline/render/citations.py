"""Where each sentence of a page comes from: a link to the page of the source PDF
(``source.pdf#page=3``), or, for other sources, to the passage in the source text view
(``text.html#c1945``), a page of the document's normalised text with every cited passage
marked.

Offsets are those of the summary (the normalised text kept beside it as ``document.json``),
so a link always lands on the words the sentence rests on. Marks and highlights are cut on
word boundaries: a passage never starts or ends inside a word.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from itertools import pairwise

from pipeline.models import Document, SourceSpan

TEXT_VIEW = "text.html"


class Cited(str):
    """Text shown on a page, with a link to where the source says it.

    A ``str`` (templates print it, digests search it), carrying ``href`` and ``label``
    ("p. 3", or "source" for a passage of the text view).
    """

    href: str | None
    label: str | None

    def __new__(cls, text: str, href: str | None = None, label: str | None = None) -> Cited:
        made = super().__new__(cls, text)
        made.href = href
        made.label = label
        return made


@dataclass
class Citer:
    """Turns spans of one document into links, and remembers what the text view must mark."""

    document: Document | None
    #: The source PDF as the page links to it (``source.pdf`` or the council's URL).
    pdf_href: str | None = None
    marks: list[tuple[int, int]] = field(default_factory=list)

    @property
    def text_view(self) -> bool:
        """Does this page need a source text view (a non-PDF source with its text kept)?"""
        return self.document is not None and self.pdf_href is None

    def cite(self, text: str, spans: list[SourceSpan | None]) -> Cited:
        """``text`` with a link to the first of ``spans`` (no link without a span)."""
        first = next((s for s in spans if s is not None), None)
        if first is None or self.document is None:
            return Cited(text)
        if self.pdf_href is not None:
            page = self.document.page_at(first.start)
            if page is None:
                return Cited(text, self.pdf_href, "source")
            return Cited(text, f"{self.pdf_href}#page={page}", f"p. {page}")
        start, end = word_bounds(self.document.text, first.start, first.end)
        self.marks.append((start, end))
        return Cited(text, f"{TEXT_VIEW}#c{start}", "source")


def word_bounds(text: str, start: int, end: int) -> tuple[int, int]:
    """``[start, end)`` widened to whole words (never cutting a word in half)."""
    start = max(0, min(start, len(text)))
    end = max(start, min(end, len(text)))
    while start > 0 and text[start - 1].isalnum() and text[start].isalnum():
        start -= 1
    while 0 < end < len(text) and text[end - 1].isalnum() and text[end].isalnum():
        end += 1
    return start, end


def _clamped(text: str, start: int, end: int) -> tuple[int, int]:
    return max(0, min(start, len(text))), max(0, min(end, len(text)))


@dataclass(frozen=True)
class Segment:
    """A piece of a text between mark boundaries, and the marks that cover it."""

    text: str
    ids: tuple[str, ...]  # anchors that start on this piece
    marked: bool
    cls: str = ""


def segments(
    text: str, marks: list[tuple[int, int, str, str]], word_aligned: bool = True
) -> list[Segment]:
    """Cut ``text`` at the boundaries of ``marks`` = (start, end, id, class), widened to
    whole words unless ``word_aligned`` is false (an evals report shows exactly what a
    check found).

    Each anchor appears once, on the first piece of its mark; a piece covered by several
    marks takes the class of the strongest ("contradicted" over others).
    """
    aligned = []
    for start, end, anchor, cls in marks:
        if word_aligned:
            a, b = word_bounds(text, start, end)
            if a < b:
                aligned.append((a, b, anchor, cls))
        else:  # an empty mark still cuts, as the report always showed
            aligned.append((*_clamped(text, start, end), anchor, cls))
    cuts = sorted({0, len(text), *(a for a, *_ in aligned), *(b for _, b, *_ in aligned)})
    started: set[str] = set()
    out = []
    for a, b in pairwise(cuts):
        covering = [m for m in aligned if m[0] <= a and b <= m[1]]
        ids = tuple(m[2] for m in covering if m[2] not in started)
        started.update(ids)
        cls = "contradicted" if any(m[3] == "contradicted" for m in covering) else ""
        out.append(Segment(text[a:b], ids, bool(covering), cls))
    return out
