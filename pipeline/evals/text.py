"""Text helpers shared by every check: folding with an offset map, tokens, stems.

Folding is the "normalised" comparison of the issue: case, whitespace runs, curly quotes,
dashes and the ellipsis character are made uniform, and every folded character keeps the
offset of the source character it came from, so a match in folded text maps back to an
exact span of :attr:`Document.text`.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache
from typing import NamedTuple

from pipeline.text import FUNCTION_WORDS as STOPWORDS
from pipeline.text import NEGATIONS, fold_with_offsets
from pipeline.text import fold as fold_simple  # noqa: F401  (the checks' name for it)

# A figure glued to a word of three or more letters is two words ("45FTES" in captions,
# "100mph"); "3rd", "7pm" and "1960s" stay one.
WORD_RE = re.compile(r"[0-9]+(?=[A-Za-z]{3})|[A-Za-z0-9]+(?:['\u2019][A-Za-z]+)*")


@dataclass(frozen=True)
class Folded:
    """Folded text and, per folded character, the offset of its source character."""

    text: str
    offsets: list[int]
    source_len: int

    def source_span(self, start: int, end: int) -> tuple[int, int]:
        """Map folded ``[start, end)`` back to the source text."""
        if start >= len(self.offsets):
            return self.source_len, self.source_len
        s = self.offsets[start]
        e = self.offsets[end - 1] + 1 if end > start else s
        return s, e


def fold(text: str) -> Folded:
    """:func:`pipeline.text.fold` of ``text`` with its offset map (no trailing space)."""
    folded, offsets = fold_with_offsets(text)
    if folded.endswith(" "):
        folded, offsets = folded[:-1], offsets[:-1]
    return Folded(folded, offsets, len(text))


_PLURAL = (("ies", "y"), ("sses", "ss"), ("es", ""), ("s", ""))
_DERIVED = (
    ("isation", "is"),
    ("ization", "is"),
    ("ational", "at"),
    ("iveness", "iv"),
    ("fulness", "ful"),
    ("ousness", "ous"),
    ("ied", "y"),
    ("ing", ""),
    ("edly", ""),
    ("ed", ""),
    ("er", ""),
    ("ly", ""),
)


def _strip_suffix(w: str, rules: tuple[tuple[str, str], ...]) -> str:
    for suffix, repl in rules:
        if w.endswith(suffix) and len(w) - len(suffix) >= 3:
            if suffix == "s" and w.endswith(("ss", "us", "is")):
                return w
            return w[: len(w) - len(suffix)] + repl
    return w


@lru_cache(maxsize=65536)
def stem(word: str) -> str:
    """A light, deterministic suffix stripper: enough to match "projected"/"projecting"."""
    w = word.lower().replace("\u2019", "'")
    if w.endswith("'s"):
        w = w[:-2]
    w = w.strip("'")
    if w.isdigit() or len(w) <= 3:
        return w
    w = _strip_suffix(w, _PLURAL)
    w = _strip_suffix(w, _DERIVED)
    # A final silent e goes too, so "note", "notes" and "noted" share one stem.
    while w.endswith("e") and len(w) >= 4:
        w = w[:-1]
    # Doubled final consonants from inflection: "committed" -> "committ" -> "commit".
    if len(w) >= 5 and w[-1] == w[-2] and w[-1] not in "aeiouls":
        w = w[:-1]
    return w


def words(text: str) -> list[str]:
    """Raw word tokens of ``text`` (letters and digits, apostrophes inside words)."""
    return WORD_RE.findall(text)


def content_stems(text: str) -> list[str]:
    """Stems of the content words of ``text``, in order (stop words dropped)."""
    result = []
    for w in WORD_RE.findall(text):
        lw = w.lower()
        if lw in STOPWORDS or lw in NEGATIONS:
            continue
        if len(lw) == 1 and not lw.isdigit():
            continue
        result.append(stem(lw))
    return result


class Token(NamedTuple):
    """One word of a text: its stem, character span, raw form and whether it is content."""

    stem: str
    start: int
    end: int
    raw: str
    is_content: bool


def _is_content(low: str) -> bool:
    return low not in STOPWORDS and low not in NEGATIONS and (len(low) > 1 or low.isdigit())


def tokenize(text: str, base: int = 0) -> list[Token]:
    """Tokens of ``text`` with spans shifted by ``base``."""
    tokens = []
    for m in WORD_RE.finditer(text):
        raw = m.group()
        low = raw.lower()
        tokens.append(Token(stem(low), m.start() + base, m.end() + base, raw, _is_content(low)))
    return tokens


def is_negation(raw: str) -> bool:
    """True for a negating word, including contractions like "didn't"."""
    low = raw.lower().replace("\u2019", "'")
    return low in NEGATIONS or low.endswith("n't")


# A line break that ends a sentence. Text from PDFs and pasted minutes wraps lines
# mid-sentence ("the Councillors resolved not to\nsupport", "noted\ntwo corrections"): a
# line carrying on in lower case, or with a figure or bracket, continues the sentence.
LINE_BREAK = r"\n[ \t]*+(?![a-z0-9(£$€,&%])"

# Quoted spans: curly or straight double quotes, and curly single quotes around words.
QUOTED = re.compile(r"“[^”]*”|\"[^\"]*\"|(?<![A-Za-z])‘[^’]*’(?![A-Za-z])")


def shorten(text: str, n: int = 60) -> str:
    """``text`` cut to ``n`` characters with an ellipsis, for one-line reasons."""
    return text if len(text) <= n else text[: n - 1] + "…"


def around(text: str, start: int, end: int, pad: int = 120) -> tuple[int, int]:
    """``[start, end)`` widened by ``pad`` characters each side, within ``text``."""
    return max(0, start - pad), min(len(text), end + pad)


def sentence_start(text: str, offset: int, window: int = 600) -> int:
    """Start of the sentence or bullet of ``text`` holding ``offset`` (looking back at most
    ``window`` characters)."""
    floor = max(0, offset - window)
    cut = floor
    for m in re.finditer(r"[.!?]\s+|\n", text[floor : max(floor, offset)]):
        cut = floor + m.end()
    return cut
