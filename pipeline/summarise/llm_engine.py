"""The ``openai`` engine: any OpenAI-compatible model through versioned prompts.

Per substantive item one call to ``summarise-item`` with the item's text (page chrome and
anything after a "view the full minutes text" cut left out, and the model told the text
is cut short). Items longer than ``map_reduce_tokens`` go through map-reduce: each chunk
through ``summarise-chunk`` into notes that carry their evidence, the notes (reduced again
while still too long) through ``summarise-item``. Then one ``summarise-meeting`` call for
the overview.

The model's claims are never trusted as citations: each sentence's evidence is looked up
in the item's span (exact, normalised, then fuzzy) and becomes a :class:`SourceSpan`;
a sentence with no evidence found is dropped (counted in the item's warnings). A quote is
kept only when found in the source, and then in the source's own words; its speaker only
when the source names that person (transcripts: the speaker and time of the turn); it is
"direct" only when inside quotation marks in the source or in a transcript turn, else
"reported" (the minutes' account of what was said). The
recorded decisions the extractive finder sees are added when the model missed them.
Procedural items get the extractive one-liner: no call.
"""

from __future__ import annotations

import re
import threading
from typing import Any

from pipeline.errors import ConfigError, PipelineError
from pipeline.models import (
    Action,
    AgendaItem,
    Decision,
    Document,
    ItemSummary,
    SourceSpan,
    SummarySentence,
    Usage,
)
from pipeline.prompts import PromptTemplate, load_prompt
from pipeline.segment.chunking import chunk_span
from pipeline.segment.settings import SegmentSettings
from pipeline.summarise.decisions import MOVER_REACH, VOTE_REACH, find_decisions, outcome_of
from pipeline.summarise.extractive import (
    ExtractiveEngine,
    base_item,
    figures_of,
    human_date,
    quote_at,
    quote_kind,
)
from pipeline.summarise.facts import find_deadline, find_movers, find_vote
from pipeline.summarise.overview import overview_of
from pipeline.summarise.readability import (
    OVERVIEW_MAX_SENTENCES,
    OVERVIEW_MAX_WORDS,
    first_person,
    same_text,
    sentence_problems,
)
from pipeline.summarise.schemas import OUTPUTS, ItemDraft, MeetingDraft
from pipeline.summarise.settings import SummariseSettings
from pipeline.summarise.text import CHROME_RE, find_cut
from pipeline.text import SourceIndex, collapse, fold
from pipeline.tokens import count_tokens

MAX_REDUCE_ROUNDS = 3


class UnsupportedAnswer(PipelineError):
    """The model answered, but nothing it said could be found in the source."""

    kind = "unsupported"


def sum_usage(usages: list[Usage]) -> Usage:
    """The total of several usages."""
    total = Usage()
    for usage in usages:
        total = total.add(usage)
    return total


class LLMEngine:
    """Summaries by an LLM behind :class:`~pipeline.llm.LLMClient` (see module docstring)."""

    name = "openai"

    def __init__(
        self,
        settings: SummariseSettings,
        client: Any,
        *,
        max_tokens: int | None = None,
        segment: SegmentSettings | None = None,
    ) -> None:
        """``max_tokens`` caps every prompt's answer length (default: each prompt's own);
        ``segment`` gives the chunk budget and encoding of the map step (segment's own)."""
        self.settings = settings
        self.segment = segment or SegmentSettings()
        self.max_tokens = max_tokens
        self.client = client
        self.model: str | None = client.settings.model
        self.concurrency: int = client.settings.concurrency
        self.run_id: str | None = getattr(client, "run_id", None)
        self.item_prompt = self._prompt(settings.item_prompt, "ItemDraft", "ItemBrief")
        self.chunk_prompt = self._prompt(settings.chunk_prompt, "ItemDraft")
        self.meeting_prompt = self._prompt(settings.meeting_prompt, "MeetingDraft")
        self.extractive = ExtractiveEngine(settings)
        self._lock = threading.Lock()
        self._attempts = 0

    @staticmethod
    def _prompt(ref: str, *expected: str) -> PromptTemplate:
        prompt = load_prompt(ref)
        if prompt.output not in expected:
            wanted = " or ".join(expected)
            raise ConfigError(f"prompt {prompt.ref} answers {prompt.output}, expected {wanted}")
        return prompt

    def provenance(self) -> dict:
        """The item prompt is *the* prompt; all three are listed with their hashes."""
        prompts = (self.item_prompt, self.chunk_prompt, self.meeting_prompt)
        return {
            "prompt_id": self.item_prompt.id,
            "prompt_version": self.item_prompt.version,
            "prompt_hash": self.item_prompt.hash,
            "params": {p.id: self._params(p) for p in prompts},
            "prompts": {p.ref: p.hash for p in prompts},
        }

    def calls_made(self) -> int:
        """HTTP requests sent so far by this engine (cache hits are not requests)."""
        with self._lock:
            return self._attempts

    # --- calls -----------------------------------------------------------------------------

    def _params(self, prompt: PromptTemplate) -> dict:
        params = dict(prompt.params)
        if self.max_tokens is not None:
            params["max_tokens"] = min(params.get("max_tokens", self.max_tokens), self.max_tokens)
        return params

    def _complete(self, prompt: PromptTemplate, usage: list[Usage], **variables: Any) -> Any:
        schema = OUTPUTS[prompt.output or ""]
        try:
            done = self.client.complete(
                prompt.render(**variables),
                params=self._params(prompt),
                schema=schema,
                prompt=prompt,
            )
        except Exception as exc:
            with self._lock:
                self._attempts += getattr(exc, "attempts", 0) or 0
            spent = getattr(exc, "usage", None)
            if spent is not None:  # the item's record shows what the failure cost
                total = Usage()
                for u in [*usage, spent]:
                    total = total.add(u)
                exc.usage = total  # type: ignore[attr-defined]
            raise
        with self._lock:
            self._attempts += done.attempts
        usage.append(done.usage.model_copy(update={"calls": done.attempts}))
        return done.parsed

    # --- items -----------------------------------------------------------------------------

    def summarise_item(self, document: Document, item: AgendaItem) -> ItemSummary:
        """One item through the prompts; procedural items get the extractive line."""
        if item.kind == "procedural":
            return self.extractive.summarise_item(document, item)
        text = document.text
        cut = find_cut(text, item.start, item.end)
        stop = cut if cut is not None else item.end
        source = clean_source(text[item.start : stop])
        usage: list[Usage] = []
        meta = document.metadata
        common = {
            "body": meta.body or "Council meeting",
            "date": human_date(meta.date) or "date not stated",
            "kind": meta.kind,  # used by summarise-item v4 (agendas in the future tense)
            "number": item.number,
            "title": item.title,
        }
        parts = self._parts(text, item, stop)
        tokens = sum(c.tokens for c in item.chunks) if item.chunks else self._count(source)
        if tokens <= self.settings.map_reduce_tokens or len(parts) < 2:
            draft = self._complete(
                self.item_prompt, usage, truncated=cut is not None, source=source, **common
            )
        else:
            draft = self._map_reduce(parts, cut is not None, common, usage)
        summary = self.to_item_summary(document, item, draft, stop)
        summary.source_truncated = cut is not None
        # A transcript's words are first person: an answer of located quotes (its sentences
        # dropped) still summarises the item.
        if not summary.sentences and not (summary.quotes and document.turns):
            error = UnsupportedAnswer(
                "no sentence of the answer could be found in the source "
                f"({'; '.join(summary.warnings) or 'no sentences'})"
            )
            error.usage = sum_usage(usage)  # type: ignore[attr-defined]
            raise error
        total = Usage()
        for u in usage:
            total = total.add(u)
        summary.usage = total
        return summary

    def _count(self, text: str) -> int:
        return count_tokens(text, self.segment.encoding)

    def _parts(self, text: str, item: AgendaItem, stop: int) -> list[str]:
        """The item's text up to ``stop`` as map-step parts: segment's chunks, cleaned."""
        chunks = item.chunks or chunk_span(
            text,
            item.start,
            stop,
            max_tokens=self.segment.chunk_tokens,
            encoding=self.segment.encoding,
        )
        parts = [clean_source(text[c.start : min(c.end, stop)]) for c in chunks if c.start < stop]
        return [p for p in parts if p]

    def _map_reduce(
        self, parts: list[str], truncated: bool, common: dict, usage: list[Usage]
    ) -> ItemDraft:
        for _ in range(MAX_REDUCE_ROUNDS):
            notes = [
                self._complete(
                    self.chunk_prompt, usage, part=i, parts=len(parts), source=part, **common
                )
                for i, part in enumerate(parts, start=1)
            ]
            merged = "\n".join(render_notes(n) for n in notes)
            if self._count(merged) <= self.settings.map_reduce_tokens:
                return self._complete(
                    self.item_prompt, usage, truncated=truncated, source=merged, **common
                )
            # Notes still too long: cut them like any text, with the same budget.
            cuts = chunk_span(
                merged,
                0,
                len(merged),
                max_tokens=self.segment.chunk_tokens,
                encoding=self.segment.encoding,
            )
            parts = [merged[c.start : c.end].strip() for c in cuts]
        return self._complete(self.item_prompt, usage, truncated=truncated, source=merged, **common)

    def to_item_summary(
        self, document: Document, item: AgendaItem, draft: ItemDraft, stop: int
    ) -> ItemSummary:
        """The model's draft, with every claim located in ``[item.start, stop)`` or dropped."""
        s = self.settings
        summary = base_item(item)
        index = SourceIndex(document.text, item.start, stop)
        dropped = unreadable = 0
        for point in draft.sentences:
            body = collapse(point.text)
            if not body:
                continue
            spans = located(index, [*point.evidence, body], s.evidence_min_score)
            if not spans and s.drop_unsupported:
                dropped += 1
                continue
            # The same rules as the built-in engine's: a whole third-person sentence, no
            # heading glued on, nothing twice.
            if sentence_problems(body) or any(same_text(body, x.text) for x in summary.sentences):
                unreadable += 1
                continue
            summary.sentences.append(SummarySentence(text=body, spans=spans))
            if len(summary.sentences) >= s.max_sentences:
                break
        if dropped:
            summary.warnings.append(f"dropped {dropped} sentence(s) with no evidence in the source")
        if unreadable:
            summary.warnings.append(
                f"dropped {unreadable} sentence(s) that do not read on their own (a fragment, "
                "first or second person, a heading run in, or a repeat)"
            )

        item_text = fold(document.text[item.start : stop])
        missing = 0
        for q in draft.quotes:
            match = index.find(q.text, s.quote_min_score)
            if match is None:
                missing += 1
                continue
            start, end = match.span.start, match.span.end
            speaker = q.speaker if q.speaker and named_in(q.speaker, item_text) else None
            # The turn (transcripts) decides speaker and time; words in quotation marks or a
            # transcript turn are the speaker's own.
            quote = quote_at(document, start, end, speaker, kind=quote_kind(document, start, end))
            if quote.kind == "reported" and first_person(quote.text):
                missing += 1  # someone's own words without quotation marks: not reported
                continue
            shown = [x.text for x in summary.sentences]
            if any(same_text(quote.text, t) for t in shown):
                continue  # the same words as a sentence of the item: shown once
            if all(quote.span != other.span for other in summary.quotes):
                summary.quotes.append(quote)
            if len(summary.quotes) >= s.max_quotes:
                break
        if missing:
            summary.warnings.append(f"dropped {missing} quote(s) not found in the source")

        for d in draft.decisions:
            spans = located(index, [d.evidence, d.text], s.evidence_min_score)
            if spans and collapse(d.text):
                outcome = d.outcome or outcome_of(d.text)
                summary.decisions.append(
                    with_vote(
                        document,
                        Decision(text=collapse(d.text), outcome=outcome, span=spans[0]),
                        stop,
                    )
                )
        # The decisions the source records in its fixed shapes are never left out.
        for found in find_decisions(document, item):
            assert found.span is not None
            if not any(overlaps(found.span, d.span) for d in summary.decisions):
                summary.decisions.append(found)
        summary.decisions.sort(key=lambda d: d.span.start if d.span else 0)

        for a in draft.actions:
            spans = located(index, [a.evidence, a.text], s.evidence_min_score)
            if spans and collapse(a.text):
                owner = a.owner if a.owner and named_in(a.owner, item_text) else None
                due = getattr(a, "due", None)
                # A deadline only as the source states it.
                due = collapse(due) if due and fold(due) in item_text else find_deadline(a.text)
                summary.actions.append(
                    Action(text=collapse(a.text), owner=owner, span=spans[0], due=due)
                )
        summary.figures = figures_of(document.text, summary)
        return summary

    # --- the meeting -----------------------------------------------------------------------

    def summarise_meeting(
        self, document: Document, items: list[ItemSummary]
    ) -> tuple[list[SummarySentence], Usage]:
        """The overview from the ok items' sentences and decisions (one call)."""
        usable = [i for i in items if i.status == "ok" and (i.sentences or i.decisions)]
        usable = [i for i in usable if i.kind == "substantive"] or usable
        if not usable:
            return [], Usage()
        if len(usable) == 1:
            # One item: a call would only restate it, and a page never says a sentence twice:
            # the built-in engine's brief (who met, when, the decisions) opens the page.
            return overview_of(document, items), Usage()
        meta = document.metadata
        usage: list[Usage] = []
        draft: MeetingDraft = self._complete(
            self.meeting_prompt,
            usage,
            body=meta.body or "Council meeting",
            date=human_date(meta.date) or "date not stated",
            kind=meta.kind,  # used by summarise-meeting v3
            items=render_items(usable),
        )
        by_number = {i.number: i for i in usable}
        overview: list[SummarySentence] = []
        shown = [x.text for i in items for x in i.sentences] + [
            d.text for i in items for d in i.decisions
        ]
        words = 0
        for sentence in draft.sentences:
            if len(overview) >= min(self.settings.overview_sentences, OVERVIEW_MAX_SENTENCES):
                break
            body = collapse(sentence.text)
            # The built-in engine's rules: whole third-person sentences, 150 words in all,
            # nothing an item already says in the same words.
            if sentence_problems(body, overview=True) or any(same_text(body, t) for t in shown):
                continue
            words += len(body.split())
            if words > OVERVIEW_MAX_WORDS:
                break
            numbers = [n.strip().rstrip(".") for n in sentence.items]
            cited = [by_number[n] for n in numbers if n in by_number]
            spans: list[SourceSpan] = []
            for item in cited:
                for s in item.sentences[:2]:
                    spans.extend(s.spans[:1])
                spans.extend(d.span for d in item.decisions[:1] if d.span)
            if body and (spans or not self.settings.drop_unsupported):
                overview.append(SummarySentence(text=body, spans=spans))
        total = Usage()
        for u in usage:
            total = total.add(u)
        return overview, total


# --- helpers -------------------------------------------------------------------------------


def clean_source(text: str) -> str:
    """The item's text without page chrome lines (file-size links, "Page 7", URLs alone)."""
    kept = []
    for line in text.split("\n"):
        stripped = line.strip()
        if stripped and CHROME_RE.search(stripped) and len(stripped.split()) <= 15:
            continue
        kept.append(line)
    return re.sub(r"\n{3,}", "\n\n", "\n".join(kept)).strip()


def render_notes(notes: ItemDraft) -> str:
    """Map-step notes as text for the reduce step; evidence travels with each note."""
    lines = []
    for point in notes.sentences:
        evidence = " | ".join(f'"{collapse(e)}"' for e in point.evidence if e.strip())
        lines.append(f"- {collapse(point.text)}" + (f" [evidence: {evidence}]" if evidence else ""))
    for d in notes.decisions:
        evidence = collapse(d.evidence)
        lines.append(
            f'- Decision ({d.outcome or "other"}): {collapse(d.text)} [evidence: "{evidence}"]'
        )
    for a in notes.actions:
        owner = f" ({a.owner})" if a.owner else ""
        evidence = collapse(a.evidence)
        lines.append(f'- Action{owner}: {collapse(a.text)} [evidence: "{evidence}"]')
    for q in notes.quotes:
        who = f"{q.speaker}: " if q.speaker else ""
        lines.append(f'- Quote: {who}"{collapse(q.text)}"')
    return "\n".join(lines)


def render_items(items: list[ItemSummary]) -> str:
    """Item summaries, compactly, for the overview prompt (decisions with outcome and vote)."""
    lines = []
    for item in items:
        text = " ".join(s.text for s in item.sentences[:3])
        decided = " ".join(
            f"Decision ({d.outcome or 'other'}{', ' + d.vote.text if d.vote else ''}): {d.text}"
            for d in item.decisions[:2]
        )
        lines.append(f"{item.number}. {item.title}: {text} {decided}".rstrip())
    return "\n".join(lines)


def with_vote(document: Document, decision: Decision, stop: int) -> Decision:
    """``decision`` with the vote and movers the source records around it (as the built-in
    engine finds them), whatever the model said about them."""
    assert decision.span is not None
    start, end = decision.span.start, min(stop, decision.span.end + VOTE_REACH)
    blank = document.text.find("\n\n", decision.span.end, end)
    vote = find_vote(document.text, start, blank if blank != -1 else end)
    mover, seconder = find_movers(
        document.text, max(0, decision.span.start - MOVER_REACH), decision.span.end
    )
    return decision.model_copy(update={"vote": vote, "moved_by": mover, "seconded_by": seconder})


def located(index: SourceIndex, needles: list[str], min_score: float) -> list[SourceSpan]:
    """Spans of the needles found in the index (in order, without duplicates)."""
    spans: list[SourceSpan] = []
    for needle in needles:
        # A few words match anywhere and a whole page cites nothing: neither is evidence.
        if not needle or len(needle.split()) < 3 or len(needle) > 1500:
            continue
        match = index.find(needle, min_score)
        if match is not None and all(not overlaps(match.span, s) for s in spans):
            spans.append(match.span)
    return spans


def overlaps(a: SourceSpan | None, b: SourceSpan | None) -> bool:
    """True when two spans share a character."""
    return a is not None and b is not None and a.start < b.end and b.start < a.end


def named_in(name: str, folded_text: str) -> bool:
    """True when the source names ``name`` (whole, or by its last word, e.g. "Gamble")."""
    folded = fold(name)
    if not folded:
        return False
    if folded in folded_text:
        return True
    last = folded.split()[-1]
    return len(last) > 2 and re.search(rf"\b{re.escape(last)}\b", folded_text) is not None
