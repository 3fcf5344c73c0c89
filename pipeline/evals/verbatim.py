"""Verbatim sentences: a summary sentence (or clause) the source holds word for word.

Such a sentence is ``supported`` whatever its figures or names look like out of context:
the source says exactly that. "Near-verbatim" forgives typography, case and the odd
letter (the same ladder as quotes: exact, normalised, then a fuzzy alignment at
:data:`NEAR_VERBATIM` or above), but never a changed number, a negation, a word the
source does not have or a source word left out.
"""

from __future__ import annotations

import bisect
import re

from rapidfuzz import fuzz

from pipeline.evals import quotes
from pipeline.evals.retrieval import Region, SourceIndex
from pipeline.evals.text import WORD_RE, content_stems, fold_simple

#: Fuzzy score (0-100) at or above which a sentence counts as the source's own words.
NEAR_VERBATIM = 95.0
#: Per-word similarity for near-verbatim ("organisation"/"organization" pass, "Smith"/"Smyth" not).
WORD_RATIO = 90.0
# Coverage of the best passage below which a fuzzy search cannot find the sentence whole.
_MIN_COVERAGE = 0.95
_EDGES = re.compile(r"^[\s\-–•·*>(\[]+|[\s.;:,!?)\]]+$")


def verbatim_span(
    text: str, index: SourceIndex, regions: list[Region], *, min_words: int = 4
) -> tuple[int, int] | None:
    """Where the source holds ``text`` word for word (or nearly), else ``None``."""
    core = _EDGES.sub("", text)
    if len(content_stems(core)) < min_words and len(core.split()) < 2 * min_words:
        return None  # too short to vouch for itself ("It was agreed.")
    found = index.text.find(core)
    if found != -1:
        return found, found + len(core)
    folded = index.folded
    key = fold_simple(core)
    pos = folded.text.find(key)
    if pos != -1:
        return folded.source_span(pos, pos + len(key))
    # Near-verbatim: only where a passage holds (almost) every word of the sentence.
    best = [r for r in regions[:2] if r.coverage >= _MIN_COVERAGE]
    needle = " ".join(WORD_RE.findall(key))
    for region in best:
        f0 = bisect.bisect_left(folded.offsets, region.start)
        f1 = bisect.bisect_left(folded.offsets, region.end)
        hay = folded.text[f0:f1]
        aligned = fuzz.partial_ratio_alignment(needle, hay, score_cutoff=NEAR_VERBATIM)
        if aligned is None:
            continue
        ds, de = aligned.dest_start, aligned.dest_end
        while ds > 0 and hay[ds - 1].isalnum():
            ds -= 1
        while de < len(hay) and hay[de].isalnum():
            de += 1
        span_words = WORD_RE.findall(hay[ds:de])
        words = WORD_RE.findall(needle)
        # Every significant word both ways: nothing changed, nothing left out.
        if quotes.words_supported(words, span_words, WORD_RATIO) or quotes.words_supported(
            span_words, words, WORD_RATIO
        ):
            continue
        return folded.source_span(f0 + ds, f0 + de)
    return None
