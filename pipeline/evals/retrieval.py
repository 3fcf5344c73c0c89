"""Find the source passages that could support a summary sentence.

The document is cut into passages (paragraphs; long paragraphs into windows of whole
sentences; transcript turns) and indexed once: an inverted index of content-word stems over
passages, scored with BM25. A sentence's evidence is its cited spans when it cites, else
the best-scoring passages, each widened by its neighbours and re-ranked by how much of the
sentence they cover. Building the index for the 437 KB corpus pack takes a fraction of a
second; a query touches only the postings of the sentence's own words.
"""

from __future__ import annotations

import bisect
import heapq
import math
import re
from collections import Counter, defaultdict
from dataclasses import dataclass
from functools import cached_property

from pipeline.evals.text import Folded, Token, content_stems, fold, tokenize
from pipeline.models import Document, SourceSpan

_PARAGRAPH = re.compile(r"\n\s*\n")
_SENTENCE_END = re.compile(r"(?<=[.!?;])\s+")
MAX_PASSAGE = 900
K1, B = 1.2, 0.75
COMMON_SHARE = 0.25


@dataclass(frozen=True)
class Passage:
    """Characters ``[start, end)`` of the source and its tokens ``[t0, t1)``."""

    index: int
    start: int
    end: int
    t0: int
    t1: int


@dataclass(frozen=True)
class Region:
    """A stretch of source text offered as evidence, with its support score."""

    start: int
    end: int
    score: float
    coverage: float
    passage: int | None = None


class SourceIndex:
    """Everything the checks need about one document, built once and reused."""

    def __init__(self, document: Document) -> None:
        self.document = document
        self.text = document.text
        self.tokens: list[Token] = tokenize(self.text)
        self.token_starts = [t.start for t in self.tokens]
        self.passages = self._cut_passages()
        self._passage_starts = [p.start for p in self.passages]
        self.postings: dict[str, list[tuple[int, int]]] = defaultdict(list)
        self.passage_len: list[int] = []
        for p in self.passages:
            counts = Counter(t.stem for t in self.tokens[p.t0 : p.t1] if t.is_content)
            self.passage_len.append(sum(counts.values()))
            for term, tf in counts.items():
                self.postings[term].append((p.index, tf))
        n = max(1, len(self.passages))
        self.avg_len = (sum(self.passage_len) / n) or 1.0
        self.idf = {
            term: math.log(1 + (n - len(post) + 0.5) / (len(post) + 0.5))
            for term, post in self.postings.items()
        }
        self.max_idf = math.log(1 + (n + 0.5) / 0.5)

    # --- construction -----------------------------------------------------------------

    def _cut_passages(self) -> list[Passage]:
        spans: list[tuple[int, int]] = []
        if self.document.turns:
            for turn in self.document.turns:
                spans.extend(self._windows(turn.start, turn.end))
        else:
            pos = 0
            for match in _PARAGRAPH.finditer(self.text):
                spans.extend(self._windows(pos, match.start()))
                pos = match.end()
            spans.extend(self._windows(pos, len(self.text)))
        passages = []
        for start, end in sorted(s for s in spans if s[1] > s[0]):
            t0 = bisect.bisect_left(self.token_starts, start)
            t1 = bisect.bisect_left(self.token_starts, end)
            passages.append(Passage(len(passages), start, end, t0, t1))
        return passages

    def _windows(self, start: int, end: int) -> list[tuple[int, int]]:
        """Cut ``[start, end)`` into windows of whole sentences of at most MAX_PASSAGE."""
        while start < end and self.text[start].isspace():
            start += 1
        if end - start <= MAX_PASSAGE:
            return [(start, end)]
        windows = []
        cut = start
        last = start
        for match in _SENTENCE_END.finditer(self.text, start, end):
            if match.start() - cut > MAX_PASSAGE and last > cut:
                windows.append((cut, last))
                cut = last
            last = match.end()
        windows.append((cut, end))
        return windows

    @cached_property
    def folded(self) -> Folded:
        """The whole text folded, with its offset map (built on first use)."""
        return fold(self.text)

    # --- lookups ----------------------------------------------------------------------

    def passage_at(self, offset: int) -> int:
        """Index of the passage holding (or preceding) character ``offset``."""
        return max(0, bisect.bisect_right(self._passage_starts, offset) - 1)

    def tokens_between(self, start: int, end: int) -> list[Token]:
        """Tokens whose start lies in ``[start, end)``."""
        t0 = bisect.bisect_left(self.token_starts, start)
        t1 = bisect.bisect_left(self.token_starts, end)
        return self.tokens[t0:t1]

    def weight(self, term: str) -> float:
        """IDF of ``term``; words absent from the document weigh the most."""
        return self.idf.get(term, self.max_idf)

    def search(self, terms: list[str], k: int = 6) -> list[tuple[int, float]]:
        """BM25 top-``k`` passages for the query ``terms``."""
        scores: dict[int, float] = defaultdict(float)
        n = len(self.passages)
        for term in set(terms):
            post = self.postings.get(term)
            # Words in more than a quarter of all passages cannot tell passages apart.
            if not post or (len(post) > COMMON_SHARE * n and len(post) > 50):
                continue
            idf = self.idf[term]
            for pid, tf in post:
                norm = K1 * (1 - B + B * self.passage_len[pid] / self.avg_len)
                scores[pid] += idf * tf * (K1 + 1) / (tf + norm)
        return heapq.nsmallest(k, scores.items(), key=lambda kv: (-kv[1], kv[0]))

    def coverage(self, terms: list[str], start: int, end: int) -> float:
        """IDF-weighted share of ``terms`` that occur in ``[start, end)``."""
        unique = set(terms)
        if not unique:
            return 0.0
        present = {t.stem for t in self.tokens_between(start, end)}
        total = sum(self.weight(t) for t in unique)
        hit = sum(self.weight(t) for t in unique if t in present)
        return hit / total if total else 0.0

    def evidence(
        self, text: str, spans: list[SourceSpan] | None = None, k: int = 6, widen: int = 1
    ) -> list[Region]:
        """Candidate evidence regions for ``text``, best first.

        Cited ``spans`` come first; the whole-document search follows so a check can still
        find support the citation missed.
        """
        terms = content_stems(text)
        regions: list[Region] = []
        for span in spans or []:
            start, end = max(0, span.start), min(len(self.text), span.end)
            if end > start:
                cov = self.coverage(terms, start, end)
                regions.append(Region(start, end, cov + 1.0, cov, None))
        for pid, _score in self.search(terms, k):
            lo = max(0, pid - widen)
            hi = min(len(self.passages) - 1, pid + widen)
            if self.document.turns:
                lo = hi = pid  # a turn is its own unit: neighbours are other speakers
            start, end = self.passages[lo].start, self.passages[hi].end
            cov = self.coverage(terms, start, end)
            regions.append(Region(start, end, cov, cov, pid))
        regions.sort(key=lambda r: -r.score)
        return regions
