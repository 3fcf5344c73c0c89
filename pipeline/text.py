"""Text ideas every stage shares: slugs, folding with an offset map, finding a passage in a
source (exact -> normalised -> fuzzy), sentence boundaries with offsets, and word lists.

Offsets always index the text they were given (for a :class:`~pipeline.models.Document`,
its normalised text), so whatever is found can be cited and shown.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass

from pipeline.models import SourceSpan


def wordset(text: str) -> frozenset[str]:
    """The whitespace-separated words of ``text`` (for readable word lists)."""
    return frozenset(text.split())


# --- word lists -------------------------------------------------------------------------

#: Month names, January first; :data:`MONTHS` maps names and abbreviations to numbers.
MONTH_NAMES = [
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
]
#: Welsh month names, January first, each with the forms a mutation gives it after a
#: preposition or article ("o Fawrth", "ym Mehefin" keeps its form, "i Orffennaf").
WELSH_MONTH_NAMES = [
    ("ionawr",),
    ("chwefror",),
    ("mawrth", "fawrth"),
    ("ebrill",),
    ("mai", "fai"),
    ("mehefin", "fehefin"),
    ("gorffennaf", "orffennaf"),
    ("awst",),
    ("medi", "fedi"),
    ("hydref",),
    ("tachwedd", "dachwedd", "nhachwedd"),
    ("rhagfyr", "ragfyr"),
]
MONTHS = (
    {name.lower(): n for n, name in enumerate(MONTH_NAMES, start=1)}
    | {name[:3].lower(): n for n, name in enumerate(MONTH_NAMES, start=1)}
    | {"sept": 9}
    | {form: n for n, forms in enumerate(WELSH_MONTH_NAMES, start=1) for form in forms}
)
#: The letters after a day's number: "1st", "22nd", "3rd", "4th"; Welsh "1af", "2il",
#: "3ydd", "5ed", "7fed", "11eg". A regular-expression alternation.
ORDINAL_SUFFIX = r"(?:st|nd|rd|th|af|il|ydd|fed|ed|eg)"
#: Every key of :data:`MONTHS` as one regular-expression alternation, longest first, so a
#: full name wins over its abbreviation ("sept" before "sep"); compile it case-insensitive.
MONTH_PATTERN = "|".join(sorted(MONTHS, key=len, reverse=True))
#: The twelve full month names only, lower case, as one alternation.
MONTH_NAME_PATTERN = "|".join(MONTH_NAMES).lower()
WEEKDAY_NAMES = ["Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday"]
#: Words that carry no topic: left out when comparing what sentences are about.
STOPWORDS = wordset(
    """the and for that this with from were was are has have had been being will would could
    should into onto about which what when where while also their there they them then than
    these those such its it's our out not but all any can may more most other some very each
    per who whom whose how why his her she him he we you your yours itself themselves upon
    within across after before over under again further once here both same own only so too
    just now well being item items report reports noted members commission officers"""
)
#: English function words (closed classes): they carry no claim, so the checks' coverage of
#: a sentence ignores them.
FUNCTION_WORDS = wordset(
    """a about above after again against all also am an and any are as at be because been
    before being below between both but by can could did do does doing down during
    each few for from further had has have having he her here hers herself him himself
    his how i if in into is it its itself just me more most my myself of off on once
    only or other our ours ourselves out over own same she should so some such than
    that the their theirs them themselves then there these they this those through to
    too under until up very was we were what when where which while who whom why will
    with would you your yours yourself yourselves s t d ll m re ve y its it's may
    might must shall upon via per whether within across along among amongst around
    onto toward towards would'nt etc"""
)
#: Words that flip the polarity of a clause (closed grammatical class).
NEGATIONS = wordset("not no never none nothing neither nor cannot without nobody nowhere")
#: Words that do not tell one agenda title from another when order-of-business rows are
#: matched to the report headings of a pack.
AGENDA_TITLE_STOPWORDS = wordset(
    "the of and a an to for in on by with from at as be is are or its it this that update"
)
#: Words too common in agenda titles to listen for when finding where a title is read out
#: in a transcript (only words of four letters or more are listened for).
SPOKEN_TITLE_STOPWORDS = wordset(
    """the and for with from this that item items report reports update docket into upon
    about their there which will have been"""
)
#: Spoken fillers a faithful quote of a transcript may leave out (or keep).
FILLERS = wordset("um umm uh uhh uhm erm er ah ahh hmm mm mhm")
#: Abbreviations after which a full stop does not end a sentence.
ABBREVIATIONS = wordset(
    "mr mrs ms dr cllr cllrs st no nos e.g i.e etc vs approx prof rev cf al fig para paras "
    "jan feb mar apr jun jul aug sep sept oct nov dec ltd inc co op"
)
#: Titles that open a person's name in council documents ("Cllr Shah", "Deputy Mayor X").
TITLES = r"Cllr|Councillor|Deputy Mayor|Mayor|Dr|Mr|Mrs|Ms|Miss|Professor|Prof|Sir|Dame|Lord|Lady"


# --- slugs ------------------------------------------------------------------------------


def slugify(text: str) -> str:
    """A lowercase ASCII slug for paths and URLs: ``"Cabinet (Special)"`` -> ``"cabinet-special"``.

    Apostrophes, straight or curly, join their word (``"Children & Young People's
    Commission"`` -> ``"children-young-peoples-commission"``), so a name typed on a keyboard
    and the same name printed in a document get one slug; every other run of characters
    that are not ASCII letters or digits is one hyphen. At most 80 characters;
    ``"untitled"`` when nothing is left.
    """
    ascii_text = unicodedata.normalize("NFKD", re.sub(r"['’‘ʼ]", "", text))
    ascii_text = ascii_text.encode("ascii", "ignore").decode()
    slug = re.sub(r"[^a-z0-9]+", "-", ascii_text.lower()).strip("-")
    return slug[:80].strip("-") or "untitled"


# --- folding ----------------------------------------------------------------------------

# Curly quotes, primes, guillemets, dashes, the minus sign and the ellipsis as typed on a
# keyboard; a no-break space, tab or line break as a space.
FOLD_TABLE = str.maketrans(
    {
        "\u2018": "'",
        "\u2019": "'",
        "\u201a": "'",
        "\u201b": "'",
        "\u2032": "'",
        "\u201c": '"',
        "\u201d": '"',
        "\u201e": '"',
        "\u201f": '"',
        "\u2033": '"',
        "\u00ab": '"',
        "\u00bb": '"',
        "\u2010": "-",
        "\u2011": "-",
        "\u2012": "-",
        "\u2013": "-",
        "\u2014": "-",
        "\u2015": "-",
        "\u2212": "-",
        "\u00a0": " ",
        "\t": " ",
        "\n": " ",
        "\r": " ",
        "\u2026": ".",
    }
)
_NON_SPACE_RE = re.compile(r"\S+")


def collapse(text: str) -> str:
    """``text`` with every run of whitespace as one space, stripped."""
    return " ".join(text.split())


def fold(text: str) -> str:
    """Whitespace collapsed, quotes and dashes straightened, lower case."""
    return " ".join(text.translate(FOLD_TABLE).lower().split())


def fold_with_offsets(text: str, start: int = 0, end: int | None = None) -> tuple[str, list[int]]:
    """:func:`fold` of ``text[start:end]`` and, per folded character, its offset in ``text``.

    Leading whitespace is dropped and inner runs become one space (a trailing space may
    remain), so ``folded.find(fold(needle))`` maps back through the offsets exactly. A
    character whose lower case is longer ("İ") gives each of its characters its offset.
    """
    end = len(text) if end is None else end
    region = text[start:end].translate(FOLD_TABLE)
    parts: list[str] = []
    index: list[int] = []
    previous_end = 0
    for match in _NON_SPACE_RE.finditer(region):
        s, e = match.span()
        if parts:  # the run of whitespace before this word, as one space at its first offset
            parts.append(" ")
            index.append(start + previous_end)
        word = region[s:e]
        lowered = word.lower()
        if len(lowered) == e - s:
            parts.append(lowered)
            index.extend(range(start + s, start + e))
        else:
            for i, char in enumerate(word):
                low = char.lower()
                parts.append(low)
                index.extend([start + s + i] * len(low))
        previous_end = e
    if parts and len(region) > previous_end:
        parts.append(" ")
        index.append(start + previous_end)
    return "".join(parts), index


# --- finding a passage: exact -> normalised -> fuzzy ------------------------------------


@dataclass(frozen=True)
class Match:
    """Where a needle was found and how well it matched (100 = exact or normalised)."""

    span: SourceSpan
    score: float
    method: str  # "exact" | "normalised" | "fuzzy"


class SourceIndex:
    """A region of a source, folded once so that many needles can be looked up cheaply."""

    def __init__(
        self,
        text: str,
        start: int = 0,
        end: int | None = None,
        folded: tuple[str, list[int]] | None = None,
    ) -> None:
        """``folded``: :func:`fold_with_offsets` of the region when the caller has it already."""
        self.text = text
        self.start = start
        self.end = len(text) if end is None else end
        self._folded = folded

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
            self._folded = fold_with_offsets(self.text, self.start, self.end)
        return self._folded

    def find(self, needle: str, min_score: float = 100.0) -> Match | None:
        """The best place for ``needle`` in the region, or ``None`` below ``min_score``.

        Exact first, then folded (whitespace, quotes, dashes, case), then fuzzy (rapidfuzz
        alignment, widened to whole words) when ``min_score`` is below 100.
        """
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
        from rapidfuzz import fuzz

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


def locate(
    text: str, needle: str, start: int = 0, end: int | None = None, min_score: float = 100.0
) -> SourceSpan | None:
    """Span of ``needle`` in ``text[start:end]`` (see :meth:`SourceIndex.find`), or ``None``."""
    match = SourceIndex(text, start, end).find(needle, min_score)
    return match.span if match else None


# --- sentences --------------------------------------------------------------------------

# A sentence ends at . ! or ? (with closing quotes or brackets) before a capital, a digit
# or a pound sign, possibly after an opening quote or bracket.
#: A speaker's label inside running text, where the turns of a minuted transcript run on
#: in one paragraph ("... agreed.  Fish: Aye."): at the start, at a line's start, after two
#: spaces or after a sentence's end.
INLINE_LABEL_RE = re.compile(
    r"(?:^|(?<=\n)|(?<=\s\s)|(?<=[.?!]\s))(?P<name>[A-Z][a-z'’]+(?:[- ][A-Z][a-z'’]+)?):\s"
)
SENTENCE_END_RE = re.compile(r"[.!?][\"'”’)\]]*(?=\s+[\"'“‘(\[]?[A-Z0-9£])")


def sentence_spans(text: str, start: int = 0, end: int | None = None) -> list[tuple[int, int]]:
    """``[start, end)`` of each sentence of ``text[start:end]``, in order.

    A full stop after an abbreviation ("Cllr.", "e.g.") or an initial ("J. Smith") does not
    end a sentence. Whitespace between sentences belongs to neither; the last span runs to
    ``end`` without trailing whitespace (it may be an unfinished sentence).
    """
    end = len(text) if end is None else end
    spans: list[tuple[int, int]] = []
    s = start
    for match in SENTENCE_END_RE.finditer(text, start, end):
        if text[match.start()] == "." and _ends_at_abbreviation(text, match.start(), s):
            continue
        e = match.end()
        spans.append((s, e))
        s = e
        while s < end and text[s].isspace():
            s += 1
    if s < end:
        tail = text[s:end].rstrip()
        if tail:
            spans.append((s, s + len(tail)))
    return spans


def _ends_at_abbreviation(text: str, dot: int, sentence_start: int) -> bool:
    word_start = dot
    while word_start > sentence_start and (
        text[word_start - 1].isalpha() or text[word_start - 1] == "."
    ):
        word_start -= 1
    word = text[word_start:dot].lower()
    if word in ABBREVIATIONS:
        return True
    # Initials ("J. Smith", "Mr J. Smith"), not a letter ending a sentence ("band B. Next").
    if len(word) != 1 or not text[word_start].isupper():
        return False
    before = text[max(sentence_start, word_start - 20) : word_start].split()
    return not before or before[-1][:1].isupper()
