"""The built-in engine: a deterministic extractive summary, no LLM needed.

Per substantive item: 1 to 3 sentences taken VERBATIM from the item (a heading run into a
sentence is cut off, never published with it), chosen by a calibrated salience score
(:mod:`.salience`: position, decisions, figures, named actors, overlap with the title,
centrality); each recorded decision with its outcome, vote, mover and seconder
(:mod:`.decisions`, :mod:`.facts`); verbatim quotes attributed only to a person the source
names; next steps with their deadlines; the figures stated, with what they count.

Nothing that would not read on its own is published (:mod:`.readability`): no fragment, no
first- or second-person sentence outside quotation marks, no glued heading, no sentence
that leans on one the page does not show, nothing twice. The overview is a short news brief
(:mod:`.overview`). Ties break on position, so two runs give the same summary.
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import replace
from itertools import pairwise
from typing import Literal

from pipeline.models import (
    Action,
    AgendaItem,
    Decision,
    Document,
    Figure,
    ItemSummary,
    Quote,
    SourceSpan,
    SummarySentence,
    Usage,
)
from pipeline.summarise.decisions import find_decisions
from pipeline.summarise.facts import FIGURE_RE, find_deadline, find_figures
from pipeline.summarise.overview import human_date, overview_of
from pipeline.summarise.people import People, opening_speaker, turn_at
from pipeline.summarise.readability import (
    OPENERS,
    first_person,
    glued_boundaries,
    glued_heading,
    is_person_name,
    leans_on_context,
    same_text,
    sentence_problems,
)
from pipeline.summarise.salience import ItemContext, content_words, jaccard, score_sentences
from pipeline.summarise.settings import SummariseSettings
from pipeline.summarise.text import (
    NUMBER_RE,
    PROCEDURAL_CUE_RE,
    WORD_RE,
    Sentence,
    chrome_lines,
    item_sentences,
    line_width,
    publishable,
    speaker_label,
    visible,
    wrapped_title,
)
from pipeline.text import ABBREVIATIONS, INLINE_LABEL_RE, SourceIndex, collapse, sentence_spans

__all__ = [
    "EXTRACTIVE_VERSION",
    "ExtractiveEngine",
    "base_item",
    "human_date",
    "quote_at",
    "quote_kind",
    "sentence_of",
]

#: Bumped whenever the selection rules change, so old summaries are not reused.
EXTRACTIVE_VERSION = 3  # 3: prose overview, calibrated salience, votes and facts, readability
#: A second or third sentence of an item is published only when it is at least this share
#: as likely as the item's likeliest one (salience.py).
MORE_SENTENCES_MIN_SHARE = 0.5

ACTION_RE = re.compile(
    r"\b(?:will|would|is to|are to|agreed to)\s+(?:also\s+|then\s+|now\s+)?(?:be\s+)?"
    r"(?:write|provide[sd]?|circulate[sd]?|report(?:ed)? back|bring|return|present(?:ed)?|"
    r"publish(?:ed)?|update[sd]?|follow(?:ed)? up|share[sd]?|meet|submit(?:ted)?|"
    r"respond(?:ed)?|agreed|consider(?:ed)?|develop(?:ed)?|review(?:ed)?)\b",
    re.I,
)
OWNER_RE = re.compile(
    r"^(?P<owner>(?:The |the )?(?:Commission|Committee|Board|Cabinet|Council|Chair|Members|"
    r"Officers|Clerk|Panel|Partnership|Director[\w ]*?|(?:Cllr|Councillor|Mayor|Mr|Mrs|Ms|Dr)"
    r" [A-Z][\w'-]+(?: [A-Z][\w'-]+)?))"
    r" (?:will|would|is to|are to|agreed to)\b"
)
QUOTED_RE = re.compile(r"[“\"](?P<q>[^”\"]{20,400})[”\"]")
# Any quotation-marked passage, to tell a located quote's kind (no length limits).
QUOTATION_RE = re.compile(r"“[^“”]*”|\"[^\"]*\"")
# Words of a decision's outcome: where the decision proper starts after table rows.
DECIDING_RE = re.compile(
    r"\b(?:agree|resolv|approv|not(?:e|ed)\b|decid|carried|adopt|accept)", re.I
)
# "• ", "- ", "B) ", "(b) " before a decision's words.
LIST_MARKER_RE = re.compile(r"[•·▪●◦‣∙*\-–]\s*|\(?[A-Za-z]\)\s+|\([ivx]+\)\s+")
# A sentence end followed by the next list entry ("... as reviewed. b) Travel ...").
NEXT_ENTRY_RE = re.compile(r"[.;]\s+(?:\(?[a-zA-Z]\)|\([ivx]+\)|[•·▪●]|[-–](?=\s+[A-Z]))\s")
QuoteKind = Literal["direct", "reported"]


class ExtractiveEngine:
    """Deterministic extractive summaries (see the module docstring)."""

    name = "extractive"
    model: str | None = None
    concurrency = 1

    def __init__(self, settings: SummariseSettings) -> None:
        self.settings = settings
        self._people: dict[str, People] = {}
        self._cache: dict[str, frozenset[str]] = {}
        self._widths: dict[str, int] = {}
        # Sentences already published for earlier items of a document (by sha256): a
        # passage a document repeats (boilerplate) is shown once per page.
        self._published: dict[str, list[str]] = {}

    def provenance(self) -> dict:
        """No prompt; the parameters are the selection rules' version and settings."""
        s = self.settings
        return {
            "params": {
                "engine_version": EXTRACTIVE_VERSION,
                "procedural": s.procedural,
                "min_sentences": s.min_sentences,
                "max_sentences": s.max_sentences,
                "max_quotes": s.max_quotes,
                "overview_sentences": s.overview_sentences,
            }
        }

    def chrome(self, document: Document) -> frozenset[str]:
        """Running headers and footers of a paged document (built once per document)."""
        if not document.pages:
            return frozenset()
        key = "chrome:" + document.sha256
        if key not in self._cache:
            self._cache[key] = chrome_lines(document.text)
        return self._cache[key]

    def line_width(self, document: Document) -> int:
        """The width the document's lines wrap at (built once per document)."""
        key = "width:" + document.sha256
        if key not in self._widths:
            self._widths[key] = line_width(document.text)
        return self._widths[key]

    def people(self, document: Document) -> People:
        """The names in ``document`` (built once per document)."""
        if document.sha256 not in self._people:
            self._people[document.sha256] = People(document)
        return self._people[document.sha256]

    # --- items ---------------------------------------------------------------------------

    def summarise_item(self, document: Document, item: AgendaItem) -> ItemSummary:
        """Decisions, key sentences, quotes, actions and figures of one item, all verbatim."""
        summary = base_item(item)
        chrome = self.chrome(document)
        raw, cut = item_sentences(document.text, item.start, item.end, bool(document.turns), chrome)
        summary.source_truncated = cut is not None
        if item.kind == "procedural" and self.settings.procedural == "skip":
            summary.status = "skipped"
            return summary
        agenda = document.metadata.kind in ("agenda", "agenda_pack")
        if item.kind == "procedural" and agenda:
            return summary  # the meeting has not happened: nothing to report yet
        stop = cut if cut is not None else item.end
        sentences = [without_heading(document.text, s, item.title, chrome) for s in raw]
        wrapped = wrapped_title(
            document.text, item.start, item.end, item.title, self.line_width(document)
        )
        if wrapped is not None:
            # The rest of a title the layout wrapped: the end of a sentence, not a sentence.
            sentences = [s for s in sentences if not s.start <= wrapped < s.end + 2]
        tidy = [
            tidy_decision(document.text, d, stop, chrome) for d in find_decisions(document, item)
        ]
        decisions = []
        for i, d in enumerate(tidy):
            if lead_in(d, tidy[i + 1] if i + 1 < len(tidy) else None) or empty_label(d):
                continue
            decisions.append(d)
        summary.decisions = decisions[:2] if item.kind == "procedural" else decisions
        published = self._published.setdefault(document.sha256, [])
        chosen = self.key_sentences(item, sentences, summary.decisions, published)
        summary.sentences = [sentence_of(s) for s in chosen]
        published += [s.text for s in chosen]
        if item.kind == "substantive":
            summary.quotes = self.quotes(document, sentences, summary)
            # A quote is shown on the page as much as a sentence: later items skip it too.
            published += [q.text for q in summary.quotes]
            # An agenda's "will ..." sentences are plans in reports, not the meeting's actions.
            if not agenda:
                summary.actions = actions_of(sentences, summary)
        summary.figures = figures_of(document.text, summary)
        return summary

    def key_sentences(
        self,
        item: AgendaItem,
        sentences: list[Sentence],
        decisions: list[Decision],
        published: list[str] | None = None,
    ) -> list[Sentence]:
        """The item's 1 to 3 likeliest publishable sentences, in source order; never its
        title again, nor a sentence ``published`` for an earlier item."""
        shown = [item.title, *(published or [])]
        decided = [(d.span.start, d.span.end) for d in decisions if d.span]
        candidates = [
            s
            for s in sentences
            if readable(s)
            and not s.speech
            and not any(a < s.end and s.start < b for a, b in decided)
            and not (item.kind == "substantive" and PROCEDURAL_CUE_RE.search(s.text))
            and not any(same_text(s.text, d.text) for d in decisions)
            and not any(same_text(s.text, t) for t in shown)
        ]
        if not candidates:
            return []
        if item.kind == "procedural":
            first = next((s for s in candidates if not leans_on_context(s.text)), None)
            return [first] if first else []
        context = ItemContext.of(item.title, item.start, item.end, sentences)
        probabilities = score_sentences(candidates, context)
        n = len(candidates)
        limit = min(self.settings.max_sentences, 1 + (n >= 4) + (n >= 10))
        limit = max(limit, min(self.settings.min_sentences, n))
        order = sorted(range(n), key=lambda i: (-probabilities[i], candidates[i].start))
        chosen: list[int] = []
        for i in order:
            if len(chosen) >= limit:
                break
            if chosen and probabilities[i] < MORE_SENTENCES_MIN_SHARE * probabilities[order[0]]:
                break
            words = set(content_words(candidates[i].text))
            if any(jaccard(words, set(content_words(candidates[j].text))) > 0.5 for j in chosen):
                continue
            if leans_on_context(candidates[i].text):
                # Only with the sentence it leans on, the one just before it in the source.
                before = i - 1
                if before < 0 or not adjacent(sentences, candidates[before], candidates[i]):
                    continue
                if before not in chosen:
                    if len(chosen) + 2 > limit or leans_on_context(candidates[before].text):
                        continue
                    chosen.append(before)
            chosen.append(i)
        return sorted((candidates[i] for i in set(chosen)), key=lambda s: s.start)

    def quotes(
        self, document: Document, sentences: list[Sentence], summary: ItemSummary
    ) -> list[Quote]:
        """Verbatim passages with the speaker the source names, best first, at most N.

        Never a passage the item already shows as a sentence or a decision, never a speaker
        that is a list letter or an acronym, never "reported" speech in the first person.
        """
        if self.settings.max_quotes == 0:
            return []
        people = self.people(document)
        chrome = self.chrome(document)
        text = document.text
        shown = [summary.title, *(s.text for s in summary.sentences)]
        shown += [d.text for d in summary.decisions]
        found: list[tuple[float, Quote]] = []
        previous: tuple[int, str] | None = None  # (block, speaker) for "He"/"She"
        for s in sentences:
            if not s.complete or "?" in s.text or PROCEDURAL_CUE_RE.search(s.text):
                continue
            speaker: str | None = None
            start = s.start
            if document.turns:
                turn = turn_at(document, s.start)
                if turn is None or turn[0] is None:
                    continue
                speaker = turn[0]
            elif s.speaker_tag:
                speaker = people.resolve_tag(s.speaker_tag)
                if s.speech:
                    # Turns run on in one paragraph ("Adams: ...  Fish: Aye."): the last
                    # label before the sentence names its speaker.
                    labels = [
                        m["name"]
                        for m in INLINE_LABEL_RE.finditer(text, max(0, s.start - 1500), s.start)
                        if speaker_label(m["name"])
                    ]
                    speaker = labels[-1] if labels else speaker
                if not is_person_name(speaker):
                    continue  # "(GG)", "(SCP)": a list letter or an acronym, not a person
            else:
                prior = previous[1] if previous and previous[0] == s.block else None
                attribution = opening_speaker(s.text, prior)
                if attribution is not None:
                    speaker = attribution.speaker
                    previous = (s.block, speaker)
                    direct = QUOTED_RE.search(text, s.start, s.end)
                    if not attribution.reported and direct is None:
                        continue
                    start = skip_to(text, s.start, attribution.clause_start, s.end)
            if speaker is not None and not is_person_name(speaker):
                speaker = None
            # Words in quotation marks are the speaker's own: they make the best quotes.
            direct_quotes = [
                m for m in QUOTED_RE.finditer(text, start, s.end) if len(m["q"].split()) >= 5
            ]
            for match in direct_quotes:
                if speaker is None:
                    break  # words in quotation marks nobody said: a name, a term, a title
                raw = text[match.start("q") : match.end("q")]
                if "\n" not in raw or visible(raw, chrome) == collapse(raw):
                    quote = quote_at(
                        document, match.start("q"), match.end("q"), speaker, kind="direct"
                    )
                    found.append((2.0 if speaker else 0.5, quote))
            if speaker is None or direct_quotes or start >= s.end:
                continue
            raw = text[start : s.end]
            if "\n" in raw and visible(raw, chrome) != collapse(raw):
                continue  # runs across a page break: the span would hold the page header
            # A transcript turn is the speaker's own words; minutes' "X replied that ..." and
            # "(JG) ..." paragraphs are the clerk's account of them, not a quote to attribute.
            kind: QuoteKind = "direct" if document.turns or s.speech else "reported"
            quote = quote_at(document, start, s.end, speaker, kind=kind)
            words = len(WORD_RE.findall(quote.text))
            if not 8 <= words <= 60 or not (quote.text[:1].isalpha() or quote.text[:1].isdigit()):
                continue
            if kind == "reported" and first_person(quote.text):
                continue  # someone's own words with no quotation marks: not reported speech
            if kind == "direct" and _not_prose(quote.text):
                continue  # a transcript's false start, roll call or cue
            score = 1.0 - abs(words - 25) / 60 + (0.3 if FIGURE_RE.search(quote.text) else 0)
            found.append((round(score, 6), quote))
        found = [(sc, q) for sc, q in found if not any(same_text(q.text, t) for t in shown)]
        found.sort(key=lambda pair: (-pair[0], pair[1].span.start if pair[1].span else 0))
        chosen: list[Quote] = []
        speakers: Counter[str | None] = Counter()
        for _, quote in found:
            if speakers[quote.speaker] >= 1 and len(found) > self.settings.max_quotes:
                continue  # prefer different voices
            if any(same_text(quote.text, q.text) for q in chosen):
                continue
            chosen.append(quote)
            speakers[quote.speaker] += 1
            if len(chosen) >= self.settings.max_quotes:
                break
        return sorted(chosen, key=lambda q: q.span.start if q.span else 0)

    # --- the meeting -----------------------------------------------------------------------

    def summarise_meeting(
        self, document: Document, items: list[ItemSummary]
    ) -> tuple[list[SummarySentence], Usage]:
        """A short news brief of the meeting (:func:`~.overview.overview_of`)."""
        return overview_of(document, items), Usage()


# --- reading sentences ------------------------------------------------------------------------


def readable(s: Sentence) -> bool:
    """Publishable and reads on its own: whole, not first person, no heading glued on."""
    return publishable(s) and not sentence_problems(s.text)


def _not_prose(text: str) -> bool:
    return any(kind != "first_person" for kind, _ in sentence_problems(text)) or "[" in text


def adjacent(sentences: list[Sentence], before: Sentence, after: Sentence) -> bool:
    """Is ``before`` the sentence just before ``after`` in the source (same block)?"""
    index = next((i for i, s in enumerate(sentences) if s.start == after.start), None)
    return (
        index is not None
        and index > 0
        and sentences[index - 1].start == before.start
        and before.block == after.block
    )


def without_heading(text: str, s: Sentence, title: str, chrome: frozenset[str]) -> Sentence:
    """``s`` without a heading run into its start: the item's own title ("Approval of
    Minutes The minutes ..."), or a heading the readability rules see ("Background The
    ..."). The result is still a verbatim slice of the source."""
    cut: int | None = None
    found = SourceIndex(text, s.start, min(s.end, s.start + len(title) + 40)).find(title)
    if found is not None and title.strip():
        lead = text[s.start : found.span.start]
        if not re.search(r"[A-Za-z]{2}", lead):  # nothing but a number before the title
            cut = found.span.end
        # The title ends where a new sentence starts: not mid-phrase ("... PLAZA\nADDITION,
        # located ..." continues the title's own sentence).
        rest = text[cut : s.end].lstrip(" \t\n:.-–—").split()
        if not rest or not _opens_sentence(rest[0]):
            cut = None
    if cut is None:
        offset = glued_heading(s.text)
        if offset is not None:
            cut = skip_to(text, s.start, offset, s.end)
    if cut is None:
        return s
    while cut < s.end and (text[cut].isspace() or text[cut] in ":.-–—"):
        cut += 1
    body = visible(text[cut : s.end], chrome)
    if s.repaired:
        body = body.rstrip(" ;,") + "."
    if len(WORD_RE.findall(body)) < 4 or not body[:1].isupper():
        return s
    return replace(s, start=cut, text=body)


def _opens_sentence(word: str) -> bool:
    bare = word.strip("\"'“‘(")
    if bare in OPENERS:
        return True
    letters = [c for c in bare if c.isalpha()]
    return bool(letters) and bare[:1].isupper() and not all(c.isupper() for c in letters)


_QUOTE_MARKS = re.compile(r"\s*(?:>\s*)+")


def tidy_decision(text: str, decision: Decision, stop: int, chrome: frozenset[str]) -> Decision:
    """``decision`` as the sentence that decides: list markers, table rows and headings run
    into it cut off ("... 870.43 The payments were agreed"), the next list entry left out,
    and a sentence cut at an abbreviation's full stop ("It was agreed that Cllrs.") run on
    to its end. Always a verbatim slice of the source."""
    span = decision.span
    if span is None:
        return decision
    start, end = span.start, span.end
    for _ in range(3):  # "4. 4.4.5xi) ..." stacks markers as a block does
        marker = LIST_MARKER_RE.match(text, start, end) or NUMBER_RE.match(text[start:end])
        if marker is None or marker.end() == 0:
            break
        start += marker.end() if marker.re is NUMBER_RE else marker.end() - start
    # A span that starts inside a word (a heading's last letters) or on e-mail quote marks
    # ("> > Arising from ...") starts at the next whole word.
    while 0 < start < end and text[start - 1].isalnum() and text[start].isalnum():
        start += 1
    quoted = _QUOTE_MARKS.match(text, start, end)
    if quoted is not None:
        start = quoted.end()
    words = text[start:end]
    deciding = DECIDING_RE.search(words)
    if deciding is not None:
        cuts = [0, *glued_boundaries(words), len(words)]
        for a, b in pairwise(cuts):
            if a <= deciding.start() < b:
                start, end = start + a, start + len(words[:b].rstrip())
                break
        following = NEXT_ENTRY_RE.search(text, start, end)
        if following is not None:
            end = following.start() + 1  # keep the full stop, not the next entry
    for s, e in sentence_spans(text, start, min(stop, end + 600)):
        if s <= start < e:
            last = re.findall(r"[\w.]+", text[start:end])
            at_abbreviation = bool(last) and last[-1].rstrip(".").lower() in ABBREVIATIONS
            if e > end and text[end - 1] == "." and text[e - 1] in ".!?" and at_abbreviation:
                end = e  # the decision was cut at an abbreviation's full stop
            break
    if (start, end) == (span.start, span.end):
        return decision
    return decision.model_copy(
        update={"text": visible(text[start:end], chrome), "span": SourceSpan(start=start, end=end)}
    )


def empty_label(decision: Decision) -> bool:
    """A decision label with nothing after it ("It was APPROVED that")."""
    words = decision.text.rstrip().split()
    return len(words) < 6 and (
        decision.text.rstrip().endswith(":") or words[-1].lower() in ("that", "to", "follows")
    )


def lead_in(decision: Decision, following: Decision | None) -> bool:
    """A label whose words are the next decisions ("It was APPROVED that", "RESOLVED:")."""
    if following is None or decision.span is None or following.span is None:
        return False
    words = decision.text.rstrip().split()
    open_ended = decision.text.rstrip().endswith(":") or (
        bool(words) and words[-1].lower() in ("that", "to", "as", "follows")
    )
    return open_ended and following.span.start - decision.span.end < 300


# --- helpers shared with the LLM engine ------------------------------------------------------


def base_item(item: AgendaItem) -> ItemSummary:
    """An empty :class:`ItemSummary` carrying the item's identity and span."""
    return ItemSummary(
        number=item.number,
        title=item.title,
        kind=item.kind,
        start=item.start,
        end=item.end,
        pages=item.pages,
    )


def sentence_of(s: Sentence) -> SummarySentence:
    """A summary sentence that is the source sentence ``s`` itself."""
    return SummarySentence(text=s.text, spans=[SourceSpan(start=s.start, end=s.end)])


def quote_at(
    document: Document,
    start: int,
    end: int,
    speaker: str | None = None,
    kind: QuoteKind = "direct",
) -> Quote:
    """The source's words ``[start, end)`` as a quote; transcripts add the turn's time.

    ``kind`` says whether the words are the speaker's own ("direct") or the source's account
    of what they said ("reported").
    """
    time = None
    turn = turn_at(document, start) if document.turns else None
    if turn is not None:
        speaker = turn[0] or speaker
        time = turn[1]
    if speaker is not None and not is_person_name(speaker):
        speaker = None
    return Quote(
        text=collapse(document.text[start:end]),
        speaker=speaker,
        span=SourceSpan(start=start, end=end),
        time=time,
        kind=kind,
    )


def quote_kind(document: Document, start: int, end: int) -> QuoteKind:
    """``"direct"`` when ``[start, end)`` is the speaker's own words, else ``"reported"``.

    Own words are those inside quotation marks in the source (in the same paragraph) or in
    a transcript speaker turn; anything else is the source's account of what was said.
    """
    if document.turns and turn_at(document, start) is not None:
        return "direct"
    text = document.text
    para_start = text.rfind("\n\n", 0, start)
    para_start = 0 if para_start < 0 else para_start + 2
    para_end = text.find("\n\n", end)
    para_end = len(text) if para_end < 0 else para_end
    for match in QUOTATION_RE.finditer(text, para_start, para_end):
        # The quote may include the marks themselves or sit just inside them.
        if match.start() <= start and end <= match.end():
            return "direct"
        if match.start() >= end:
            break
    return "reported"


def skip_to(text: str, sentence_start: int, offset_in_collapsed: int, end: int) -> int:
    """Source offset of the ``offset_in_collapsed``-th character of a collapsed sentence."""
    seen = 0
    pos = sentence_start
    prev_space = False
    while pos < end and seen < offset_in_collapsed:
        space = text[pos].isspace()
        if not (space and prev_space):
            seen += 1
        prev_space = space
        pos += 1
    while pos < end and text[pos].isspace():
        pos += 1
    return pos


def actions_of(sentences: list[Sentence], summary: ItemSummary) -> list[Action]:
    """Next steps the source states ("... will be published", "would write to ..."), with
    their owner and deadline; never a sentence or decision the item already shows."""
    out: list[Action] = []
    taken = [(x.start, x.end) for s in summary.sentences for x in s.spans]
    taken += [(d.span.start, d.span.end) for d in summary.decisions if d.span]
    for s in sentences:
        if len(out) >= 3:
            break
        if not readable(s) or not ACTION_RE.search(s.text) or leans_on_context(s.text):
            continue
        if any(a < s.end and s.start < b for a, b in taken):
            continue
        owner = OWNER_RE.match(s.text)
        out.append(
            Action(
                text=s.text,
                owner=owner["owner"] if owner else None,
                span=SourceSpan(start=s.start, end=s.end),
                due=find_deadline(s.text),
            )
        )
    return out


def figures_of(text: str, summary: ItemSummary) -> list[Figure]:
    """The figures the item's published sentences, decisions and actions state."""
    spans = [x for s in summary.sentences for x in s.spans]
    spans += [d.span for d in summary.decisions if d.span]
    spans += [a.span for a in summary.actions if a.span]
    found: dict[tuple[int, int], Figure] = {}
    for span in sorted(spans, key=lambda x: x.start):
        for figure in find_figures(text, span.start, span.end):
            assert figure.span is not None
            found.setdefault((figure.span.start, figure.span.end), figure)
    return list(found.values())
