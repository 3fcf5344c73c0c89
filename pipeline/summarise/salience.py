"""How likely a source sentence is to be the one a resident's summary of its item leads
with: a calibrated probability from the sentence's place in the structure and what it
carries.

Features (each in about [0, 1]): its rank among the item's publishable sentences and its
position in the item; figures (money, percentages, counts); decision and recommendation
words; a named actor ("Cllr Shah", "Jim Gamble, Chair"); overlap with the item's title;
how much of the item's vocabulary it carries (centrality); a readable length; whether it
sits in a question-and-answer block, opens with a speaker tag, states a date or deadline.

The feature weights are priors (what makes a news lead: an early, central sentence with a
figure, a decision or a named actor); the score is then calibrated into a probability by
Platt scaling (``SCALE``, ``OFFSET``) fitted on the ``dev`` documents of the ``real-v1``
evals dataset, where each item's sentence its hand-written summary restates best is the
positive (``bench/fit_salience.py``, which reports calibration on ``test`` too; figures in
BENCHMARKS.md). The engine ranks an item's sentences by this probability and publishes a
second or third one only when it is at least half as likely as the first.
"""

from __future__ import annotations

import math
import re
from collections import Counter
from dataclasses import dataclass

from pipeline.summarise.facts import DEADLINE_RE, FIGURE_RE
from pipeline.summarise.text import WORD_RE, Sentence
from pipeline.text import STOPWORDS, TITLES

DECISION_WORD_RE = re.compile(
    r"\b(agreed|approved|resolved|endorsed|rejected|deferred|decided|adopted|carried|granted|"
    r"refused)\b",
    re.I,
)
RECOMMEND_RE = re.compile(
    r"\b(recommend\w*|is asked to|are asked to|will be asked|proposes?)\b", re.I
)
NAMED_RE = re.compile(
    rf"\b(?:{TITLES}|Commissioner|Councilmember|Councilor)\.? [A-Z]"
    r"|\b[A-Z][a-z]+ [A-Z][a-z]+, (?:the )?[A-Z]"
)
FEATURES = (
    "first",
    "rank",
    "position",
    "figures",
    "money",
    "decision",
    "recommend",
    "named",
    "title",
    "centrality",
    "length_ok",
    "short",
    "question",
    "speaker_tag",
    "deadline",
)
#: Prior weights of the features (a news lead: early, central, with a figure or a decision).
WEIGHTS: dict[str, float] = {
    "first": 0.9,
    "rank": 0.8,
    "position": -0.4,
    "figures": 0.6,
    "money": 0.5,
    "decision": 0.7,
    "recommend": 0.4,
    "named": 0.5,
    "title": 1.2,
    "centrality": 1.4,
    "length_ok": 0.4,
    "short": -0.6,
    "question": -1.0,
    "speaker_tag": 0.1,
    "deadline": 0.3,
}
#: Platt scaling of the weighted score, fitted by ``bench/fit_salience.py`` on real-v1 dev.
SCALE = 0.25
OFFSET = -3.323


def content_words(text: str) -> list[str]:
    """Lower-case words of three letters or more that are not stopwords."""
    return [
        w
        for w in (m.lower().strip("'’-") for m in WORD_RE.findall(text))
        if len(w) >= 3 and w not in STOPWORDS and not w[0].isdigit()
    ]


def jaccard(a: set[str], b: set[str]) -> float:
    """Overlap of two word sets (0 when both are empty)."""
    return len(a & b) / len(a | b) if a or b else 0.0


@dataclass(frozen=True)
class ItemContext:
    """What the features of one item's sentences are measured against."""

    title_words: frozenset[str]
    vocabulary: Counter[str]
    start: int
    end: int
    question_blocks: frozenset[int]

    @classmethod
    def of(cls, title: str, start: int, end: int, sentences: list[Sentence]) -> ItemContext:
        """The context of an item from its title, span and every sentence in it."""
        return cls(
            title_words=frozenset(content_words(title)),
            vocabulary=Counter(w for s in sentences for w in content_words(s.text)),
            start=start,
            end=end,
            question_blocks=frozenset(s.block for s in sentences if "?" in s.text),
        )


def centrality(text: str, vocabulary: Counter[str]) -> float:
    """How much of the item's vocabulary a sentence carries (log term frequency)."""
    words = set(content_words(text))
    if not words:
        return 0.0
    return sum(math.log1p(vocabulary[w]) for w in words) / (len(words) + 4)


def features(s: Sentence, rank: int, context: ItemContext, top_centrality: float) -> dict:
    """The feature values of sentence ``s``, the ``rank``-th publishable one of its item."""
    words = s.words
    figures = FIGURE_RE.findall(s.text)
    span = max(1, context.end - context.start)
    mine = set(content_words(s.text))
    return {
        "first": 1.0 if rank == 0 else 0.0,
        "rank": 1.0 / (1 + rank / 3),
        "position": (s.start - context.start) / span,
        "figures": min(1.0, 0.5 * len(figures)),
        "money": 1.0 if any(f[:1] in "£$€" for f in figures) else 0.0,
        "decision": 1.0 if DECISION_WORD_RE.search(s.text) else 0.0,
        "recommend": 1.0 if RECOMMEND_RE.search(s.text) else 0.0,
        "named": 1.0 if NAMED_RE.search(s.text) else 0.0,
        "title": min(1.0, 2 * jaccard(mine, set(context.title_words))),
        "centrality": centrality(s.text, context.vocabulary) / (top_centrality or 1.0),
        "length_ok": 1.0 if 12 <= words <= 35 else 0.0,
        "short": 1.0 if words < 9 else 0.0,
        "question": 1.0 if s.block in context.question_blocks else 0.0,
        "speaker_tag": 1.0 if s.speaker_tag else 0.0,
        "deadline": 1.0 if DEADLINE_RE.search(s.text) else 0.0,
    }


def score(values: dict, weights: dict[str, float] | None = None) -> float:
    """The weighted sum of a sentence's feature values (uncalibrated)."""
    w = weights or WEIGHTS
    return sum(w[name] * values[name] for name in FEATURES)


def probability(values: dict, scale: float = SCALE, offset: float = OFFSET) -> float:
    """The calibrated probability that a sentence with these feature values leads its item."""
    z = scale * score(values) + offset
    return 1.0 / (1.0 + math.exp(-max(-30.0, min(30.0, z))))


def score_sentences(candidates: list[Sentence], context: ItemContext) -> list[float]:
    """The probability of each candidate (publishable sentences, in source order)."""
    top = max((centrality(s.text, context.vocabulary) for s in candidates), default=0.0)
    return [
        round(probability(features(s, rank, context, top)), 6) for rank, s in enumerate(candidates)
    ]
