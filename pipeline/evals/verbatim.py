"""Verbatim sentences: a summary sentence (or clause) the source holds word for word.

Such a sentence is ``supported`` whatever its figures or names look like out of context:
the source says exactly that. "Near-verbatim" forgives typography, case and the odd
letter (the same ladder as quotes: exact, normalised, then a fuzzy alignment at
:data:`NEAR_VERBATIM` or above), but never a changed number, a negation, a word the
source does not have or a source word left out.
"""

from __future__ import annotations

import re

from pipeline.evals import quotes
from pipeline.evals.retrieval import Region, SourceIndex
from pipeline.evals.text import content_stems, fold_simple

#: Fuzzy score (0-100) at or above which a sentence counts as the source's own words.
NEAR_VERBATIM = 95.0
#: Per-word similarity for near-verbatim ("organisation"/"organization" pass, "Smith"/"Smyth" not).
WORD_RATIO = 90.0
# Coverage of the best passage below which a fuzzy search cannot find the sentence whole.
_MIN_COVERAGE = 0.85
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
    if not regions or max(r.coverage for r in regions[:3]) < _MIN_COVERAGE:
        return None
    match = quotes.match_quote(
        core,
        index,
        threshold=NEAR_VERBATIM,
        word_ratio=WORD_RATIO,
        transcript_threshold=NEAR_VERBATIM,
        regions=[(r.start, r.end) for r in regions[:3]],
    )
    if match.found and match.start is not None and match.end is not None:
        return match.start, match.end
    return None
