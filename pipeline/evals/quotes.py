"""Quotes: every quoted span must occur in the source.

Three levels, cheapest first: the exact characters; then the normalised text (whitespace,
curly quotes, dashes, case); then a fuzzy alignment (rapidfuzz ``partial_ratio_alignment``)
against the passages that share the quote's words, above a configured threshold. A fuzzy
match also needs every significant word of the quote (content words, numbers, negations)
to be in the aligned source span: the threshold is there to forgive typography and caption
errors, not a changed word. In transcripts the quote is looked for in the speaker turns,
with filler words ("um", "uh", "you know") dropped from both sides first.
"""

from __future__ import annotations

import bisect
import re
from dataclasses import dataclass
from itertools import pairwise

from rapidfuzz import fuzz

from pipeline.evals.retrieval import SourceIndex
from pipeline.evals.text import NEGATIONS, STOPWORDS, WORD_RE, content_stems, fold_simple
from pipeline.text import FILLERS
from pipeline.text import SourceIndex as TextIndex

_QUOTE_PATTERNS = (
    re.compile(r"“([^”]{2,}?)”"),
    re.compile(r"(?<![\w\"])\"([^\"]{2,}?)\"(?!\w)"),
    re.compile(r"(?<![A-Za-z])‘([^’]{2,}?)’(?![A-Za-z])"),
    re.compile(r"(?<![A-Za-z'])'([^']{2,}?)'(?![A-Za-z])"),
)
_ELLIPSIS = re.compile(r"\s*(?:\[\s*\.\.\.\s*\]|\.\.\.|…)\s*")
FILLER_PHRASES = (("you", "know"), ("i", "mean"), ("sort", "of"), ("kind", "of"))


@dataclass(frozen=True)
class QuoteMatch:
    """Where a quote was found (or its best near-miss) and how."""

    text: str
    found: bool
    score: float
    start: int | None
    end: int | None
    method: str  # exact | normalised | fuzzy | none
    turn: int | None = None
    detail: str = ""


def extract_quotes(sentence: str, block_quotes: list[str]) -> list[str]:
    """Quoted spans of a sentence, then its set-apart quotes."""
    found: list[str] = []
    taken: list[tuple[int, int]] = []
    for pattern in _QUOTE_PATTERNS:
        for m in pattern.finditer(sentence):
            if any(m.start() < e and s < m.end() for s, e in taken):
                continue
            inner = m.group(1).strip()
            if len(inner) >= 3 and any(c.isalpha() for c in inner):
                found.append(inner)
                taken.append((m.start(), m.end()))
    for block in block_quotes:
        inner = block.strip().strip("\"“”‘’'").strip()
        if inner and inner not in found:
            found.append(inner)
    return found


def _fragments(quote: str) -> list[str]:
    parts = [p.strip(" ,;:") for p in _ELLIPSIS.split(quote)]
    return [p for p in parts if len(p) >= 3 and any(c.isalpha() for c in p)] or [quote]


def _significant(words: list[str]) -> list[str]:
    return [
        w
        for w in words
        if w in NEGATIONS
        or w.endswith("n't")
        or _has_digit(w)
        or (w not in STOPWORDS and len(w) > 2)
    ]


def _has_digit(word: str) -> bool:
    return any(c.isdigit() for c in word)


def words_supported(quote_words: list[str], span_words: list[str], ratio: float) -> list[str]:
    """Significant quote words with no close match among the span's words (or word pairs)."""
    pool = set(span_words)
    pool.update(a + b for a, b in pairwise(span_words))
    missing = []
    for w in _significant(quote_words):
        if w in pool:
            continue
        if _has_digit(w) or w in NEGATIONS or w.endswith("n't"):
            missing.append(w)  # numbers ("7m" too) and negations must be exact
            continue
        if not any(fuzz.ratio(w, p) >= ratio for p in pool if abs(len(p) - len(w)) <= 4):
            missing.append(w)
    return missing


class FillerStripped:
    """A folded stretch of source with filler words removed, mapped back to offsets."""

    def __init__(self, folded: str, offsets: list[int], drop_fillers: bool) -> None:
        kept: list[tuple[int, int]] = []
        tokens = [(m.start(), m.end(), m.group()) for m in WORD_RE.finditer(folded)]
        i = 0
        while i < len(tokens):
            word = tokens[i][2]
            if drop_fillers:
                if word in FILLERS:
                    i += 1
                    continue
                if i + 1 < len(tokens) and (word, tokens[i + 1][2]) in FILLER_PHRASES:
                    i += 2
                    continue
                if kept and folded[kept[-1][0] : kept[-1][1]] == word:
                    i += 1  # caption stutter: "the the"
                    continue
            kept.append((tokens[i][0], tokens[i][1]))
            i += 1
        chars: list[str] = []
        offs: list[int] = []
        for n, (s, e) in enumerate(kept):
            if n:
                chars.append(" ")
                offs.append(offsets[s])
            chars.append(folded[s:e])
            offs.extend(offsets[s:e])
        self.text = "".join(chars)
        self.offsets = offs


def _normalise_words(text: str, drop_fillers: bool) -> str:
    words = [w for w in WORD_RE.findall(fold_simple(text))]
    if drop_fillers:
        out: list[str] = []
        i = 0
        while i < len(words):
            if words[i] in FILLERS:
                i += 1
                continue
            if i + 1 < len(words) and (words[i], words[i + 1]) in FILLER_PHRASES:
                i += 2
                continue
            out.append(words[i])
            i += 1
        words = out
    return " ".join(words)


def match_quote(
    quote: str,
    index: SourceIndex,
    *,
    threshold: float,
    word_ratio: float,
    transcript_threshold: float,
    regions: list[tuple[int, int]] | None = None,
) -> QuoteMatch:
    """Find ``quote`` (fragments between ellipses in order) in the source."""
    matches = [
        _match_fragment(f, index, threshold, word_ratio, transcript_threshold, regions)
        for f in _fragments(quote)
    ]
    found = all(m.found for m in matches)
    score = min(m.score for m in matches)
    located = [m for m in matches if m.start is not None]
    start = min((m.start for m in located), default=None)  # type: ignore[type-var]
    end = max((m.end for m in located), default=None)  # type: ignore[type-var]
    if start is not None and end is not None and end - start > 20 * len(quote) + 2000:
        start, end = located[0].start, located[0].end  # fragments scattered: show the first
    methods = {m.method for m in matches}
    method = "none" if not found else max(methods, key=["exact", "normalised", "fuzzy"].index)
    detail = "; ".join(m.detail for m in matches if m.detail)
    return QuoteMatch(quote, found, round(score, 1), start, end, method, matches[0].turn, detail)


def _match_fragment(
    fragment: str,
    index: SourceIndex,
    threshold: float,
    word_ratio: float,
    transcript_threshold: float,
    regions: list[tuple[int, int]] | None,
) -> QuoteMatch:
    text = index.text
    is_transcript = bool(index.document.turns)
    if not is_transcript:
        # The exact and normalised rungs of the one matching ladder, on the index's folding.
        folded = index.folded
        match = TextIndex(text, folded=(folded.text, folded.offsets)).find(fragment)
        if match is not None:
            span = match.span
            return QuoteMatch(fragment, True, 100.0, span.start, span.end, match.method)
    return _fuzzy(fragment, index, threshold, word_ratio, transcript_threshold, regions)


def _fuzzy(
    fragment: str,
    index: SourceIndex,
    threshold: float,
    word_ratio: float,
    transcript_threshold: float,
    regions: list[tuple[int, int]] | None,
) -> QuoteMatch:
    turns = index.document.turns
    drop = bool(turns)
    limit = transcript_threshold if turns else threshold
    needle = _normalise_words(fragment, drop)
    if not needle:
        return QuoteMatch(fragment, False, 0.0, None, None, "none", detail="nothing to match")
    candidates: list[tuple[int, int, int | None]] = []
    if turns:
        candidates = [(t.start, t.end, i) for i, t in enumerate(turns)]
    else:
        for pid, _ in index.search(content_stems(fragment), k=5):
            lo, hi = max(0, pid - 1), min(len(index.passages) - 1, pid + 1)
            candidates.append((index.passages[lo].start, index.passages[hi].end, None))
        candidates.extend((s, e, None) for s, e in regions or [])
    folded = index.folded
    best = QuoteMatch(fragment, False, 0.0, None, None, "none")
    best_missing: list[str] = []
    seen: set[tuple[int, int]] = set()
    for start, end, turn in candidates:
        if (start, end) in seen or end <= start:
            continue
        seen.add((start, end))
        f0 = bisect.bisect_left(folded.offsets, start)
        f1 = bisect.bisect_left(folded.offsets, end)
        stripped = FillerStripped(folded.text[f0:f1], folded.offsets[f0:f1], drop)
        if not stripped.text:
            continue
        result = fuzz.partial_ratio_alignment(needle, stripped.text)
        if result is None or result.score <= best.score:
            continue
        ds, de = result.dest_start, result.dest_end
        # Widen to whole words so the reported span reads well.
        while ds > 0 and stripped.text[ds - 1].isalnum():
            ds -= 1
        while de < len(stripped.text) and stripped.text[de].isalnum():
            de += 1
        span_words = WORD_RE.findall(stripped.text[ds:de])
        quote_words = WORD_RE.findall(needle)
        missing = words_supported(quote_words, span_words, word_ratio)
        if not turns:
            # In a written source a word left out without an ellipsis is a misquote too
            # (transcripts are spared: captions add noise words).
            missing += [f"-{w}" for w in words_supported(span_words, quote_words, word_ratio)]
        s = stripped.offsets[ds] if ds < len(stripped.offsets) else end
        e = stripped.offsets[de - 1] + 1 if de > ds else s
        best = QuoteMatch(fragment, False, float(result.score), s, e, "fuzzy", turn)
        best_missing = missing
    if best.start is None:
        return QuoteMatch(fragment, False, 0.0, None, None, "none", detail="no similar passage")
    ok = best.score >= limit and not best_missing
    detail = ""
    if not ok:
        if best_missing:
            lacks = [w for w in best_missing if not w.startswith("-")]
            extra = [w[1:] for w in best_missing if w.startswith("-")]
            parts = []
            if lacks:
                parts.append("lacks " + ", ".join(f"“{w}”" for w in lacks[:4]))
            if extra:
                parts.append(
                    "has words the quote leaves out: " + ", ".join(f"“{w}”" for w in extra[:4])
                )
            detail = f"closest source passage ({best.score:.0f}%) " + "; ".join(parts)
        else:
            detail = f"closest source passage scores {best.score:.0f}% (< {limit:.0f}%)"
    return QuoteMatch(
        fragment, ok, best.score, best.start, best.end, "fuzzy" if ok else "none", best.turn, detail
    )
