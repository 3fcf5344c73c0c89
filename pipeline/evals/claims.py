"""Claim support: how much of a sentence the best source passage says, and with what polarity.

The support score is the mean of two figures against the evidence region: IDF-weighted
coverage of the sentence's content words, and their alignment (the longest common
subsequence of content-word stems, so word order counts). The best *source sentence*
inside the region is the evidence shown to the reviewer. A negation in the summary that
the aligned source clause lacks (or the reverse) contradicts it.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from rapidfuzz.distance import LCSseq

from pipeline.evals.retrieval import Region, SourceIndex
from pipeline.evals.text import LINE_BREAK, Token, content_stems, is_negation, stem, tokenize

UNION_DISCOUNT = 0.15
UNION_REGIONS = 3
_SOURCE_SENTENCE = re.compile(rf"(?<=[.!?;:])\s+|{LINE_BREAK}")


@dataclass(frozen=True)
class Support:
    """How well one region supports a sentence."""

    score: float
    coverage: float
    alignment: float
    region: Region | None
    sentence_span: tuple[int, int] | None  # best source sentence inside the region
    missing: tuple[str, ...]
    from_union: bool = False  # the score rests on several regions together


def source_sentences(index: SourceIndex, start: int, end: int) -> list[tuple[int, int]]:
    """Sentence spans of the source inside ``[start, end)``."""
    spans = []
    pos = start
    for m in _SOURCE_SENTENCE.finditer(index.text, start, end):
        if m.start() > pos:
            spans.append((pos, m.start()))
        pos = m.end()
    if end > pos:
        spans.append((pos, end))
    return spans


def support(sentence: str, index: SourceIndex, regions: list[Region]) -> Support:
    """Best support for ``sentence`` among ``regions`` (already ranked by coverage)."""
    terms = content_stems(sentence)
    if not terms or not regions:
        return Support(0.0, 0.0, 0.0, regions[0] if regions else None, None, tuple(terms))
    best: Support | None = None
    for region in regions[:3]:
        region_terms = [
            t.stem for t in index.tokens_between(region.start, region.end) if t.is_content
        ]
        lcs = LCSseq.similarity(terms, region_terms) if region_terms else 0
        alignment = lcs / len(terms)
        score = (region.coverage + alignment) / 2
        if best is None or score > best.score:
            present = set(region_terms)
            missing = tuple(dict.fromkeys(t for t in terms if t not in present))
            best = Support(score, region.coverage, alignment, region, None, missing)
    assert best is not None and best.region is not None
    # A sentence may join facts from a few passages (an overview does): the union of the
    # top regions counts too, a little discounted because it is not one aligned passage.
    present: set[str] = set()
    for region in regions[:UNION_REGIONS]:
        present.update(t.stem for t in index.tokens_between(region.start, region.end))
    unique = set(terms)
    total = sum(index.weight(t) for t in unique)
    union = sum(index.weight(t) for t in unique if t in present) / total if total else 0.0
    score = max(best.score, union - UNION_DISCOUNT)
    missing = (
        tuple(t for t in best.missing if t not in present) if score > best.score else best.missing
    )
    span = best_sentence(terms, index, best.region.start, best.region.end)
    return Support(
        score, best.coverage, best.alignment, best.region, span, missing, score > best.score
    )


def best_sentence(
    terms: list[str], index: SourceIndex, start: int, end: int
) -> tuple[int, int] | None:
    """The source sentence in ``[start, end)`` sharing the most weighted terms."""
    wanted = set(terms)
    best, best_score = None, 0.0
    for s, e in source_sentences(index, start, end):
        present = {t.stem for t in index.tokens_between(s, e)}
        score = sum(index.weight(t) for t in wanted & present)
        if score > best_score:
            best, best_score = (s, e), score
    return best


def _clause(tokens: list[Token], i: int, before: int = 4, after: int = 6) -> set[str]:
    return {t.stem for t in tokens[max(0, i - before) : i + after + 1] if t.is_content}


def _negates(tokens: list[Token], i: int) -> bool:
    """A negation that negates ("not only ... but" and "no longer" change no polarity)."""
    if not is_negation(tokens[i].raw):
        return False
    nxt = tokens[i + 1].raw.lower() if i + 1 < len(tokens) else ""
    if tokens[i].raw.lower() == "no" and nxt[:1].isdigit():
        return False  # "District No. 3", "Item No 5": a number, not a negation
    if tokens[i].raw == "No" and not nxt and i > 0 and tokens[i - 1].raw[:1].isupper():
        return False  # "Feedermain Contract No. 2-1412" cut at "No.": a number's label
    if (
        tokens[i].raw == "No"
        and 0 < i < len(tokens) - 1
        and tokens[i - 1].raw[:1].isupper()
        and tokens[i + 1].raw[:1].isupper()
        and tokens[i].start - tokens[i - 1].end == 1
    ):
        return False  # a table's header row, "Payee Cheque No Net VAT Gross": a column
    return not (tokens[i].raw.lower() == "not" and nxt in {"only", "just", "least"})


# Source words that deny what follows them as "not" does ("please refrain from throwing"
# states what "asked not to throw" says): a summary negation is no conflict with them.
_DENYING_STEMS = frozenset(
    [
        *("refrain", "declin", "refus", "unabl", "fail", "lack", "absent", "nil", "avoid"),
        "cease",
        # "still waiting on road projects to be complete" says they are not complete.
        *("wait", "await", "outstand", "pend"),
    ]
)


def _contrastive(text: str, tokens: list[Token], i: int) -> bool:
    """ "1.4%, not 2.2%": after a comma, "not" sets a short alternative against what the
    sentence states; it negates no predicate."""
    if tokens[i].raw.lower() != "not" or not text[: tokens[i].start].rstrip().endswith(","):
        return False
    rest = re.split(r"[,.;:]", text[tokens[i].end :], maxsplit=1)[0]
    return len(rest.split()) <= 3


def _continues(text: str, start: int) -> bool:
    """Whether the source sentence at ``start`` carries on from a line before it (it opens
    in lower case or upper-case letters after a bare line break, not after a full stop)."""
    before = text[max(0, start - 3) : start]
    return "\n" in before and not before.rstrip().endswith((".", ":", "!", "?"))


def _states_denial(toks: list[Token]) -> bool:
    """A negation, or a word that denies ("refrain", "declined", "unable"), in ``toks``."""
    return any(is_negation(t.raw) or t.stem in _DENYING_STEMS for t in toks)


def _predicate(tokens: list[Token], i: int, n: int = 2) -> set[str]:
    """The first ``n`` content words a negation at ``i`` governs ("not specifically
    mentioned" -> specific, mention): what is denied."""
    return {t.stem for t in [t for t in tokens[i + 1 : i + 8] if t.is_content][:n]}


def _is_label(text: str, toks: list[Token]) -> bool:
    """A line that names what the next one answers: "Apologies:", "10. PUBLIC HEARINGS"."""
    line = text.strip()
    if line.endswith(":"):
        return True
    letters = [c for c in line if c.isalpha()]
    return 0 < len(toks) <= 6 and bool(letters) and all(c.isupper() for c in letters)


def negation_conflict(sentence: str, index: SourceIndex, region: Region | None) -> str | None:
    """A one-line reason when the sentence's polarity disagrees with the source, else None."""
    if region is None:
        return None
    masked = re.sub(r"“[^”]*”|\"[^\"]*\"", " ", sentence)
    s_tokens = tokenize(masked)
    s_stems = {t.stem for t in s_tokens if t.is_content}
    spans = source_sentences(index, region.start, region.end)
    src = []
    for k, (s, e) in enumerate(spans):
        toks = index.tokens_between(s, e)
        if k + 1 < len(spans) and _is_label(index.text[s:e], toks):
            # A label or heading and its short answer are one statement ("Pecuniary
            # interest: None.", "PUBLIC HEARINGS / None scheduled.").
            answer = index.tokens_between(*spans[k + 1])
            if len(answer) <= 4:
                toks = toks + answer
        src.append((s, e, toks))
    # A source sentence cut at a line break carries on from the one before ("... subject to
    # this not delaying the / CRSTS programme, the progression to Stage One"): a denial
    # there is the aligned sentence's.
    lead = [index.tokens_between(*spans[k - 1])[-10:] if k else [] for k in range(len(spans))]
    for i, tok in enumerate(s_tokens):
        if not _negates(s_tokens, i) or _contrastive(masked, s_tokens, i):
            continue
        clause = _clause(s_tokens, i, before=2, after=5)
        if len(clause) < 2:
            continue
        need = max(2, int(0.5 * len(clause) + 0.5))
        denied = _predicate(s_tokens, i)
        # The source sentence must state what the summary denies: its clause and predicate.
        aligned = [
            (k, toks)
            for k, (_s, e, toks) in enumerate(src)
            if len(clause & {t.stem for t in toks}) >= need and denied & {t.stem for t in toks}
        ]
        if aligned and not any(
            _states_denial(toks) or (_continues(index.text, src[k][0]) and _states_denial(lead[k]))
            for k, toks in aligned
        ):
            return f"the summary says “{tok.raw}” but the source states it without negation"
    if any(is_negation(t.raw) for t in s_tokens):
        return None
    # "uncut grass", "unpaid invoices", "non-compliant": the summary denies with a prefix.
    prefixed = {
        stem(m.group(2))
        for t in s_tokens
        if (m := re.match(r"(un|non-?|in)([a-z]{3,})$", t.raw.lower()))
    }
    for _s, _e, toks in src:
        for j in range(len(toks)):
            if not _negates(toks, j):
                continue
            clause = _clause(toks, j, before=3, after=5)
            if len(clause) < 3:
                continue
            overlap = len(clause & s_stems)
            # The summary must state the predicate the source denies, else it says nothing
            # about it ("X suggested widening it" vs "groups were not mentioned"). A closing
            # "None" answers its label: the label is what it denies.
            denied = _predicate(toks, j) or {
                t.stem for t in toks[max(0, j - 3) : j] if t.is_content
            }
            if (
                overlap >= max(3, int(0.6 * len(clause) + 0.5))
                and denied & s_stems
                and not denied & prefixed
            ):
                phrase = index.text[toks[max(0, j - 2)].start : toks[min(len(toks) - 1, j + 4)].end]
                return f"the source says “{phrase}” but the summary drops the negation"
    return None
