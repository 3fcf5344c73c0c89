"""Opposite check: a word of the clause whose opposite the aligned source sentence states
("lower" where the source says "higher", "supported" where it says "did not support",
"excluding" for "including", "failed" for "passed").

Opposites form a small closed lexicon of directions and polarities (up/down, include/exclude,
support/oppose, success/failure, ...). A clause's opposite word is read against the source
sentences of its evidence passages that share the most of the words around it: when those
sentences state the opposite (or the word itself negated) and never the word, the clause
contradicts them. A word the clause itself negates is left alone ("did not rise" is not
"fell").
"""

from __future__ import annotations

from pipeline.evals.alignment import aligned, evidence_sentences, negated_at, word_context
from pipeline.evals.context import SentenceContext
from pipeline.evals.report import Issue
from pipeline.evals.text import Token, tokenize

# Pairs of opposite classes, each a list of the word forms that state it (lower case).
_OPPOSITES: list[tuple[str, str]] = [
    (
        "higher increase increased increases increasing rise rises rose risen rising grew grow"
        " grows growing growth gain gains gained raise raised boost boosted",
        "lower lowered decrease decreased decreases decreasing decline declined declines"
        " declining fell fall falls falling drop drops dropped dropping reduce reduced reduces"
        " reducing reduction shrank shrink",
    ),
    ("profit profits profitable", "loss losses unprofitable"),
    ("include includes included including", "exclude excludes excluded excluding"),
    ("agree agrees agreed agreeing", "disagree disagrees disagreed disagreeing disagreement"),
    ("beginning begin begins began start starts started", "end ends ended ending finish finished"),
    ("last previous prior", "next upcoming"),
    ("friend friends friendly", "enemy enemies hostile"),
    ("correct correctly", "incorrect incorrectly wrong wrongly mistaken mistakenly"),
    ("love loves loved", "hate hates hated"),
    ("early", "late"),
    (
        "support supports supported supporting supportive favour favor favoured favored",
        "oppose opposes opposed opposing opposition objected objecting objection objections",
    ),
    ("positive positively", "negative negatively"),
    (
        "success successful successfully succeeded passed passes carried carries won",
        "failure failed fail fails unsuccessful defeated lost",
    ),
    ("win wins winning", "lose loses losing"),
    (
        "extend extends extended extending renew renews renewed renewing",
        "terminate terminates terminated terminating cancel cancels cancelled canceled",
    ),
    ("easy easily", "difficult difficulty"),
    ("strong stronger strength strengthen", "weak weaker weakness weaken"),
    ("above", "below"),
    ("majority", "minority"),
    ("maximum", "minimum"),
    ("allow allows allowed permit permitted", "forbid forbidden ban banned prohibit prohibited"),
    ("same", "different"),
    ("buy buys bought buying", "sell sells sold selling"),
    ("remember remembers remembered", "forget forgets forgot forgotten"),
    ("expensive", "cheap cheaper"),
    ("happy", "unhappy sad"),
]
_CLASS: dict[str, int] = {}
for _n, (_a, _b) in enumerate(_OPPOSITES):
    for _w in _a.split():
        _CLASS[_w] = 2 * _n
    for _w in _b.split():
        _CLASS[_w] = 2 * _n + 1

#: Every word form of the lexicon (other checks leave direction and stance words to this one).
OPPOSITE_WORDS = frozenset(_CLASS)

# The source sentence must share at least this many of them, and this share.
MIN_SHARED = 2
MIN_SHARE = 0.5


def _states(tokens: list[Token], cls: int) -> tuple[bool, bool]:
    """Whether ``tokens`` state class ``cls`` and whether they state its opposite (the
    opposite word, or the word itself negated)."""
    same = opposite = False
    for j, tok in enumerate(tokens):
        c = _CLASS.get(tok.raw.lower())
        if c is None or c // 2 != cls // 2:
            continue
        if (c == cls) != negated_at(tokens, j):
            same = True
        else:
            opposite = True
    return same, opposite


class OppositeCheck:
    kind = "claim"
    scope = "clause"

    def run(self, ctx: SentenceContext) -> list[Issue]:
        tokens = tokenize(ctx.unquoted)
        stated = [
            (i, _CLASS[t.raw.lower()])
            for i, t in enumerate(tokens)
            if t.raw.lower() in _CLASS and not negated_at(tokens, i)
        ]
        if not stated or not ctx.regions:
            return []
        sentences = evidence_sentences(ctx.checker.index, ctx.regions)
        for i, cls in stated:
            context = word_context(tokens, i, skip=OPPOSITE_WORDS, figures=True)
            if len(context) < MIN_SHARED:
                continue
            best = aligned(context, sentences, MIN_SHARED, MIN_SHARE)
            # The aligned sentence and its neighbours ("We're increasing this contract. But
            # I'm not opposed to that.": the stance is often the next sentence's).
            aligned_texts = [
                (
                    sentences[j].start,
                    sentences[j].end,
                    [
                        t
                        for k in range(max(0, j - 1), j + 2)
                        if k < len(sentences)
                        for t in sentences[k].tokens
                    ],
                )
                for j in best
            ]
            readings = [_states(toks, cls) for _s, _e, toks in aligned_texts]
            if any(same for same, _ in readings) or not any(opp for _, opp in readings):
                continue
            start, end = next(
                (s, e)
                for (s, e, _t), (_same, opp) in zip(aligned_texts, readings, strict=True)
                if opp
            )
            word = tokens[i].raw
            return [
                Issue(
                    kind="claim",
                    detail=f"the summary says “{word}” but the source states the opposite",
                    evidence=ctx.checker.evidence(start, end),
                    severity="contradicted",
                )
            ]
        return []


CHECK = OppositeCheck()
