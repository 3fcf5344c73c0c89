"""Text ideas every stage shares: slugs, folding with an offset map, finding a passage in a
source (exact -> normalised -> fuzzy), sentence boundaries with offsets, and word lists.

Offsets always index the text they were given (for a :class:`~pipeline.models.Document`,
its normalised text), so whatever is found can be cited and shown.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from functools import cache
from typing import Literal

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

#: A speaker's label inside running text, where the turns of a minuted transcript run on
#: in one paragraph ("... agreed.  Fish: Aye."): at the start, at a line's start, after two
#: spaces or after a sentence's end.
INLINE_LABEL_RE = re.compile(
    r"(?:^|(?<=\n)|(?<=\s\s)|(?<=[.?!]\s))(?P<name>[A-Z][a-z'’]+(?:[- ][A-Z][a-z'’]+)?):\s"
)


@dataclass(frozen=True)
class SentenceRules:
    """The options of the one sentence splitter (:func:`sentence_spans`).

    The defaults read prose (minutes, reports, summaries): a sentence ends at ``.``, ``!``
    or ``?`` (with closing quotes or brackets) before a capital, a digit or a pound sign,
    possibly after an opening quote or bracket, and not after an abbreviation ("Cllr.",
    "e.g.") or a person's initial ("J. Smith"). Stages whose text differs set options:
    captions may end a sentence before any word (``follow="word"``), a scan for
    instructions cuts at every mark and line break, a summary's quotes hold a sentence open.
    """

    #: Several marks in a row ("?!", "...") end one sentence together.
    repeated_marks: bool = False
    #: Closing quotes and brackets that stay with the sentence they close.
    closers: str = "\"'”’)]"
    #: At most this many closers (``None``: any number).
    max_closers: int | None = None
    #: What must come after the end: ``"capital"`` whitespace then a capital (or a digit,
    #: or one of :attr:`capitals`) after an opening quote or bracket; ``"word"`` whitespace
    #: then anything; ``"space"`` whitespace or the end of the text; ``"any"`` nothing.
    follow: Literal["capital", "word", "space", "any"] = "capital"
    openers: str = "\"'“‘(["
    capitals: str = "A-Z0-9£"
    #: A line break ends a sentence too (text without punctuation, one thought a line).
    line_breaks: bool = False
    #: Words after which a full stop does not end a sentence (lower case unless
    #: :attr:`case_sensitive`).
    abbreviations: frozenset[str] = ABBREVIATIONS
    case_sensitive: bool = False
    #: Which single letters before a full stop are initials, not an end: ``"names"`` a
    #: capital after a capitalised word or at the start ("Mr J. Smith", not "band B.");
    #: ``"capitals"`` any capital; ``"letters"`` any letter; ``"none"``.
    initials: Literal["names", "capitals", "letters", "none"] = "names"
    #: A capital standing alone before a full stop, even after a dot ("U.S.", "P.M."),
    #: is an initial.
    dotted_initials: bool = False
    #: A word glued to digits before it ("21st.", "3B.") is looked up too.
    after_digits: bool = True
    #: The word looked up: ``"letters"`` the letters (and inner dots, "e.g") just before a
    #: full stop; ``"token"`` the whitespace-separated word before any end mark, without
    #: its opening quotes or brackets.
    word: Literal["letters", "token"] = "letters"
    #: A sentence that leaves a double quotation open goes on inside it.
    open_quotes_continue: bool = False


#: Prose: minutes, reports and summaries (the defaults).
PROSE = SentenceRules()


@cache
def _end_pattern(rules: SentenceRules) -> re.Pattern[str]:
    marks = "[.!?]+" if rules.repeated_marks else "[.!?]"
    closers = ""
    if rules.closers:
        count = "*" if rules.max_closers is None else f"{{0,{rules.max_closers}}}"
        closers = f"[{re.escape(rules.closers)}]{count}"
    follow = {
        "capital": rf"(?=\s+[{re.escape(rules.openers)}]?[{rules.capitals}])",
        "word": r"(?=\s+\S)",
        "space": r"(?=\s|$)",
        "any": "",
    }[rules.follow]
    line_break = "|(?P<line>\n)" if rules.line_breaks else ""
    return re.compile(f"{marks}{closers}{follow}{line_break}")


def sentence_spans(
    text: str, start: int = 0, end: int | None = None, rules: SentenceRules = PROSE
) -> list[tuple[int, int]]:
    """``[start, end)`` of each sentence of ``text[start:end]``, in order, by ``rules``.

    Whitespace between sentences belongs to neither; the last span runs to ``end`` without
    trailing whitespace (it may be an unfinished sentence). With ``rules.line_breaks`` the
    text between two ends is kept as it is, spaces included, and marks alone make no
    sentence (a scan line by line wants every line's words whole).
    """
    end = len(text) if end is None else end
    spans, rest = _ended(text, start, end, rules)
    if rest < end:
        tail = text[rest:end] if rules.line_breaks else text[rest:end].rstrip()
        if tail.strip():
            spans.append((rest, rest + len(tail)))
    return spans


def sentence_ends(
    text: str, start: int = 0, end: int | None = None, rules: SentenceRules = PROSE
) -> list[int]:
    """Where each sentence of ``text[start:end]`` ends by ``rules`` (after its marks and
    closers), in order; an unfinished last sentence has none."""
    spans, _ = _ended(text, start, len(text) if end is None else end, rules)
    return [e for _, e in spans]


def _ended(
    text: str, start: int, end: int, rules: SentenceRules
) -> tuple[list[tuple[int, int]], int]:
    """The sentences an end mark (or line break) closes, and where the rest starts."""
    spans: list[tuple[int, int]] = []
    s = start
    for match in _end_pattern(rules).finditer(text, start, end):
        if rules.line_breaks:
            if match.start() > s:
                spans.append((s, match.start() if match.group("line") else match.end()))
            s = match.end()
            continue
        if _held_open(text, s, match.start(), match.end(), rules):
            continue
        spans.append((s, match.end()))
        s = match.end()
        while s < end and text[s].isspace():
            s += 1
    return spans, s


def _held_open(
    text: str, sentence_start: int, mark: int, mark_end: int, rules: SentenceRules
) -> bool:
    """Does the sentence go on past this end mark (an abbreviation, an initial, a quote)?"""
    if rules.word == "token":
        tokens = text[sentence_start : mark + 1].rstrip(".!?").split()
        word = tokens[-1].strip(".(\"'“‘") if tokens else ""
    elif text[mark] == ".":
        word_start = mark
        while word_start > sentence_start and (
            text[word_start - 1].isalpha() or text[word_start - 1] == "."
        ):
            word_start -= 1
        word = text[word_start:mark]
        if not rules.after_digits and word_start > 0 and _word_char(text[word_start - 1]):
            word = ""  # glued to digits ("3B.", "21st."): part of a number
    else:
        word = ""
    if word and _abbreviated(word, rules):
        return True
    if (
        word
        and len(word) == 1
        and word.isalpha()
        and _is_initial(text, sentence_start, mark - 1, rules)
    ):
        return True
    if rules.dotted_initials and _dotted_initial(text, mark):
        return True
    return rules.open_quotes_continue and leaves_quote_open(text[sentence_start:mark_end])


def _word_char(char: str) -> bool:
    return char.isalnum() or char == "_"


def _dotted_initial(text: str, mark: int) -> bool:
    # A capital standing alone before the full stop: "U.S.", "P.M.", "Plan B."
    return (
        text[mark] == "."
        and mark >= 1
        and "A" <= text[mark - 1] <= "Z"
        and (mark < 2 or not _word_char(text[mark - 2]))
    )


def ends_sentence(text: str, rules: SentenceRules = PROSE) -> bool:
    """Does ``text`` end as a finished sentence does: an end mark, then closers?"""
    return _closed_pattern(rules).search(text) is not None


@cache
def _closed_pattern(rules: SentenceRules) -> re.Pattern[str]:
    return re.compile(f"[.!?][{re.escape(rules.closers)}]*$" if rules.closers else "[.!?]$")


def leaves_quote_open(text: str) -> bool:
    """True when ``text`` leaves a double quotation open (a sentence goes on inside it)."""
    return text.count("“") > text.count("”") or text.count('"') % 2 == 1


def _abbreviated(word: str, rules: SentenceRules) -> bool:
    return (word if rules.case_sensitive else word.lower()) in rules.abbreviations


def _is_initial(text: str, sentence_start: int, at: int, rules: SentenceRules) -> bool:
    # ``at`` is the single letter before the full stop.
    if rules.initials == "letters":
        return True
    if rules.initials == "none" or not text[at].isupper():
        return False
    if rules.initials == "capitals":
        return True
    # Initials ("J. Smith", "Mr J. Smith"), not a letter ending a sentence ("band B. Next").
    before = text[max(sentence_start, at - 20) : at].split()
    return not before or before[-1][:1].isupper()
