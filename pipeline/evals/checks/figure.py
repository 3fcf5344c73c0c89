"""Figure check: every number, amount, percentage, date and time of the clause must be
where the clause's claim is, and no better-matching source figure may say otherwise (see
:mod:`pipeline.evals.figures` for readings and normalisation)."""

from __future__ import annotations

import bisect
import re

from pipeline.evals import claims, figures
from pipeline.evals.alignment import STRONG_MATCH, claim_match
from pipeline.evals.checks.count import counted_phrase
from pipeline.evals.context import SentenceContext
from pipeline.evals.report import Issue
from pipeline.evals.retrieval import SourceIndex
from pipeline.evals.settings import EvalsSettings
from pipeline.evals.text import LINE_BREAK, around, content_stems, tokenize

MAX_FIGURE_CANDIDATES = 40


class FigureCheck:
    kind = "figure"
    scope = "clause"

    def run(self, ctx: SentenceContext) -> list[Issue]:
        return _check_figures(ctx.checker, ctx.unquoted, ctx.support, ctx.settings)


def _meeting_date(checker) -> figures.Figure | None:
    """The meeting's date as the source's header states it (ingest reads it there)."""
    date = checker.source.metadata.date
    if not date:
        return None
    found = figures.parse_figures(date, derived=True)
    return found[0] if found else None


def _states_meeting_date(fig: figures.Figure, meeting: figures.Figure | None) -> bool:
    """ "The meeting on 9 August 2022": the date the document is the meeting of."""
    return meeting is not None and fig.family == "date" and figures.readings_match(fig, meeting)


def _check_figures(
    checker, sentence: str, sup: claims.Support, settings: EvalsSettings
) -> list[Issue]:
    found = figures.parse_figures(sentence)
    if not found:
        return []
    index = checker.index
    fig_index = checker.figures
    s_terms = set(content_stems(sentence))
    s_tokens = tokenize(sentence)
    s_starts = [t.start for t in s_tokens]
    issues: list[Issue] = []
    region = sup.region
    meeting = _meeting_date(checker)
    for fig in found:
        if _states_meeting_date(fig, meeting) or _total_of_others(sentence, fig, found):
            continue
        matching = fig_index.matching(fig)
        local = _own_context(sentence, fig, found)
        best_support, best_pos = 0.0, None
        candidates = matching
        if len(matching) > MAX_FIGURE_CANDIDATES and region is not None:
            # A common number ("2", "2022") occurs hundreds of times: look nearest first.
            centre = region.start
            candidates = sorted(matching, key=lambda i: abs(fig_index.figures[i].start - centre))[
                :MAX_FIGURE_CANDIDATES
            ]
        for i in candidates:
            ti = fig_index.token_index[i]
            ctx = {t.stem for t in index.tokens[max(0, ti - 40) : ti + 40] if t.is_content}
            score = _weighted(index, s_terms & ctx, s_terms)
            if score > best_support:
                best_support, best_pos = score, i
        # In a sentence drawing on several passages, any passage it rests on may hold it.
        need = 2 if sup.from_union else max(2, len(local) // 2)
        local_ok = len(local) >= 2 and any(
            _local_overlap(checker, i, local, width=12) >= need for i in candidates
        )
        in_region = local_ok or (
            region is not None
            and any(
                region.start <= fig_index.figures[i].start < region.end
                and _local_overlap(checker, i, local) >= 1
                for i in matching
            )
        )
        ok = in_region or best_support >= settings.figure_context
        # The source figure whose own words best match the words around this one.
        others = [f for f in found if f is not fig]
        noun = next(iter(_counted(sentence, s_tokens, s_starts, fig)[-1:]), None)
        conflict = _conflicting_figure(checker, fig, local, matching, region, others, noun)
        if conflict is not None and ok:
            # The source states this value where the claim is; another value conflicts only
            # in a passage that states the claim itself (the verdict policy).
            src = fig_index.figures[conflict]
            span = around(index.text, src.start, src.end)
            if claim_match(index, sentence, *span) < STRONG_MATCH:
                conflict = None
        if conflict is not None:
            src = fig_index.figures[conflict]
            issues.append(
                Issue(
                    kind="figure",
                    detail=f"“{fig.text}” but the source says “{src.text}” here",
                    evidence=checker.evidence(*around(index.text, src.start, src.end)),
                    severity="contradicted",
                )
            )
            continue
        if ok or fig.soft:
            continue
        if matching:
            where = fig_index.figures[best_pos if best_pos is not None else matching[0]]
            issues.append(
                Issue(
                    kind="figure",
                    detail=f"“{fig.text}” is in the source, but not where this sentence's claim is",
                    check="figure:elsewhere",
                    evidence=checker.evidence(*around(index.text, where.start, where.end)),
                )
            )
        else:
            issues.append(Issue(kind="figure", detail=f"“{fig.text}” is not in the source"))
    # "from A to B": the order is part of the claim.
    for a, b in figures.from_to_pairs(sentence, found):
        issue = _check_order(checker, a, b)
        if issue is not None:
            issues.append(issue)
    return issues


_TOTAL_WORDS = re.compile(
    r"\b(?:in\s+all|in\s+total|altogether|combined|together|overall)\b"
    r"|\b(?:total(?:ling|ing)?|sum|combined)(?:\s+of)?\s*$",
    re.I,
)


def _total_of_others(sentence: str, fig: figures.Figure, found: list[figures.Figure]) -> bool:
    """ "a subscription of £111 and £70 for a course, £181 in all": a total the sentence
    itself adds up from figures it states (each checked on its own) needs no source."""
    if fig.family != "amount":
        return False
    after = _TOTAL_WORDS.match(sentence, fig.end + 1) if fig.end < len(sentence) else None
    before = _TOTAL_WORDS.search(sentence, max(0, fig.start - 16), fig.start)
    if not (after or before):
        return False
    parts = [f.readings[0][1] for f in found if f is not fig and f.kind == fig.kind]
    return len(parts) >= 2 and abs(sum(parts) - fig.readings[0][1]) <= max(fig.tol, 0.01)


def _own_context(sentence: str, fig: figures.Figure, found: list[figures.Figure]) -> set[str]:
    """The words around ``fig`` that describe it. Where the sentence states the same value
    twice ("an overspend of £1.3m, with corporate parenting the largest area at £1.3m"),
    each one's words stop halfway to its neighbouring figures, so the two are read apart."""
    if not any(o is not fig and figures.readings_match(o, fig) for o in found):
        return figures.local_context(sentence, fig.start, fig.end)
    # Words between two figures go to the nearer one.
    lo = max(((o.end + fig.start) // 2 for o in found if o.end <= fig.start), default=0)
    hi = min(((fig.end + o.start) // 2 for o in found if o.start >= fig.end), default=len(sentence))
    return figures.local_context(sentence[lo:hi], fig.start - lo, fig.end - lo)


_SENTENCE_BREAK = re.compile(rf"[.!?;](?=\s)|{LINE_BREAK}")


def _local_overlap(checker, i: int, local: set[str], width: int = 8) -> int:
    """Words shared by a summary figure's neighbourhood and source figure ``i``'s own
    neighbourhood, which stops at the end of the source sentence holding it."""
    fig = checker.figures.figures[i]
    text = checker.index.text
    lo = max(0, fig.start - 250)
    # Searched up to the figure's end: whether a line break ends a sentence depends on
    # what follows it.
    breaks = [m.end() for m in _SENTENCE_BREAK.finditer(text, lo, fig.end) if m.end() <= fig.start]
    left = breaks[-1] if breaks else lo
    after = _SENTENCE_BREAK.search(text, fig.end, fig.end + 250)
    right = after.start() if after else fig.end + 250
    ti = checker.figures.token_index[i]
    tokens = checker.index.tokens[max(0, ti - width) : ti + width + 1]
    return len(local & {t.stem for t in tokens if t.is_content and left <= t.start < right})


def _weighted(index: SourceIndex, hit: set[str], total: set[str]) -> float:
    denominator = sum(index.weight(t) for t in total)
    return sum(index.weight(t) for t in hit) / denominator if denominator else 0.0


def _conflicting_figure(
    checker,
    fig: figures.Figure,
    local: set[str],
    matching: list[int],
    region,
    others: list[figures.Figure],
    noun: str | None = None,
) -> int | None:
    """A same-kind source figure in the region whose words match better, with another value.

    A source figure that another figure of the same summary sentence states is accounted
    for ("from October 21 to November 1", "£1.7m, of which £1.3m ..."): not a conflict.
    Nor is a label ("Stage Two" against "three stages") or a count of another thing ("1
    member of the public" against "six councillors present")."""
    if region is None or len(local) < 2 or fig.kind == "ref":
        return None  # a different reference number is another thing, not a wrong value
    fig_index = checker.figures
    index = checker.index
    lo = region.start
    hi = region.end
    matched = set(matching)

    def local_overlap(i: int) -> int:
        return _local_overlap(checker, i, local)

    # The same value stated anywhere with words as close as the other value's: the source
    # says what the sentence says (the region is just where retrieval looked first).
    nearest = sorted(matching, key=lambda i: abs(fig_index.figures[i].start - lo))
    best_same = max((local_overlap(i) for i in nearest[:MAX_FIGURE_CANDIDATES]), default=-1)
    best_other, best_i = 0, None
    for i, src in enumerate(fig_index.figures):
        if src.start < lo:
            continue
        if src.start >= hi:
            break
        if i in matched or src.family != fig.family or src.kind == "ref":
            continue
        if (src.kind == "word" or fig.kind == "word") and not (
            _small_count(src) and _small_count(fig)
        ):
            continue  # "two" against "2022" compares a count with a year
        if any(figures.readings_match(o, src) for o in others):
            continue
        if _is_year(src) != _is_year(fig):
            continue  # "2001" (an act's year) is no other value of "2"
        if fig.family == "date" and not _same_granularity(fig, src):
            continue  # "September 2022" and "2021/22" say different things, not opposites
        if _is_paragraph_number(index.text, src):
            continue
        ti = fig_index.token_index[i]
        if ti > 0 and index.tokens[ti - 1].raw.lower() in figures.LABEL_WORDS:
            continue
        if noun is not None:
            # "1 member of the public" counts nothing the clause speaks of ("six councillors
            # present"); "5 spare bookings" does ("three Saturdays free for bookings").
            counted = _counted(index.text, index.tokens, index.token_starts, src)
            if counted and not set(counted) & (local | {noun}):
                continue
        if src.kind in ("date", "daymonth") and src.text.rstrip("stndrh").isdigit():
            continue  # "October 21, 22, 25 and November 1": one of a list of days
        if fig.family == "amount" and (src.kind == "money") != (fig.kind == "money"):
            continue
        overlap = local_overlap(i)
        if overlap > best_other:
            best_other, best_i = overlap, i
    if best_i is None or best_other < 2:
        return None
    # Where the source states the sentence's value in words of its own (two or more shared),
    # the other value must match clearly better to count as what the source says here.
    margin = 2 if best_same >= 3 else 1
    if best_same < 0 or best_other >= best_same + margin:
        return best_i
    return None


def _counted(text: str, tokens, starts: list[int], fig: figures.Figure) -> tuple[str, ...]:
    """The stems of what a whole number counts ("5 spare bookings": spare, book), if any."""
    if fig.family != "amount" or fig.kind == "money":
        return ()
    return counted_phrase(text, tokens, bisect.bisect_left(starts, fig.end), fig.end)


def _is_year(fig: figures.Figure) -> bool:
    return fig.kind == "number" and any(r[0] == "year" for r in fig.readings)


def _same_granularity(a: figures.Figure, b: figures.Figure) -> bool:
    """Two dates that can contradict: both days, both months, both year ranges."""
    days = {"date", "daymonth"}
    return a.kind == b.kind or (a.kind in days and b.kind in days)


def _small_count(fig: figures.Figure) -> bool:
    """A whole number a sentence may spell out ("four", "12"): up to twenty."""
    return any(r[0] == "amount" and r[1] == int(r[1]) and r[1] <= 20 for r in fig.readings)


def _is_paragraph_number(text: str, fig: figures.Figure) -> bool:
    """ "4.3 The Director ..." or "6 Community Grant Applications" opening a line numbers a
    paragraph or an item; it is not a figure."""
    if fig.kind != "number":
        return False
    line_start = text.rfind("\n", 0, fig.start) + 1
    if text[line_start : fig.start].strip(" \t-·•*"):
        return False
    return "." in fig.text or bool(re.match(r"\.?[ \t]+[A-Z]", text[fig.end : fig.end + 3]))


def _check_order(checker, a: figures.Figure, b: figures.Figure) -> Issue | None:
    fig_index = checker.figures
    ma, mb = fig_index.matching(a), fig_index.matching(b)
    if not ma or not mb or set(ma) & set(mb):
        return None  # one source figure holds both ("2022-2025"): a range, in order
    forward = any(
        0 < fig_index.token_index[j] - fig_index.token_index[i] <= 12 for i in ma for j in mb
    )
    backward = [
        (j, i)
        for i in ma
        for j in mb
        if 0 < fig_index.token_index[i] - fig_index.token_index[j] <= 12
    ]
    if forward or not backward:
        return None
    j, i = backward[0]
    src_a, src_b = fig_index.figures[j], fig_index.figures[i]
    return Issue(
        kind="figure",
        detail=f"“from {a.text} to {b.text}” is reversed: "
        f"the source goes from {src_a.text} to {src_b.text}",
        evidence=checker.evidence(*around(checker.index.text, src_a.start, src_b.end, 60)),
        severity="contradicted",
    )


CHECK = FigureCheck()
