"""Reading an item's span as publishable sentences, with exact offsets.

Both engines need the same view of an item's text: the blocks (paragraphs, bullets,
numbered minutes), the sentences inside them with their ``[start, end)`` offsets into the
document's normalised text, where the source cuts the minutes short ("... view the full
minutes text for item 5."), and which lines are page chrome ("pdf icon PDF 36 KB",
"Additional documents:", "Page 7"). Nothing here paraphrases: every :class:`Sentence` is a
slice of the source.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, replace

from pipeline.text import TITLES, SourceIndex, collapse, sentence_spans, wordset

# "... view the full minutes text for item 5." (ModernGov truncates long minutes this way).
CUT_RE = re.compile(
    r"(?:\.\.\.|…)?\s*view the full (?:minutes )?text for item\s*[\w.]*\.?", re.IGNORECASE
)


# Markers that open a block: bullets and numbered minutes ("4.1", "12.", "a)", "(ii)").
BULLET_RE = re.compile(r"^(?:[·•●▪◦‣∙\-–*]|o(?=\s))\s*")
NUMBER_RE = re.compile(
    # "4.4.11i)": word processors glue a sub-point's letter or numeral to a paragraph number.
    r"^(?:\d{1,3}(?:\.\d{1,3})+\.?(?:[a-z]{1,4}\))?|\d{1,3}\.(?=\s)|\(?[a-z]{1,3}\)|\(?[A-Z]\)|\([ivx]+\))\s+"
)
# "(JG) ...", "(Deputy Mayor Bramble) ...": the minute-taker naming who answered.
SPEAKER_TAG_RE = re.compile(
    rf"^\((?P<tag>[A-Z]{{2,4}}|(?:{TITLES})\.? [A-Z][\w'’-]+(?: [A-Z][\w'’-]+){{0,2}})\)\s*"
)
# Lines that are never content: file-size links, navigation, page footers, headings of
# ModernGov pages.
CHROME_RE = re.compile(
    r"pdf icon|\bPDF \d+ [KM]B\b|Additional documents|Supporting documents|Back to top|"
    r"View directions|^Page \d+(?: of \d+)?$|^Minutes:$|^Decisions:$|^Items$|^No\. Item$|"
    r"https?://|www\.|@[\w-]+\.(?:gov|org|com|net|uk)\b",
    re.IGNORECASE,
)
# Text converted from PDF or Markdown: links "[x](#)", emphasis "**x**" / "*'x'*", table
# rows flattened into a line ("Mar 23 IN ACTION ..."), numbers run together ("9112022").
MARKUP_RE = re.compile(
    r"\]\(|\*\*|\*['\"‘“]|['\"’”]\*|#{2,}|\d{7,}"
    r"|(?:\b[A-Z]{2,}\b\s+){2,}[A-Z]{2,}\b|\b[A-Z]{2,} [A-Z]{4,}\b"
)
WORD_RE = re.compile(r"[A-Za-z][A-Za-z'’-]*|\d[\d,.]*%?")
# A sentence needs a finite verb to stand alone; list items like "Review in-year spending"
# and agenda purposes like "To note the report" have none. Auxiliaries and the verbs of
# minutes and reports cover the sentences worth publishing.
FINITE_VERBS = wordset(
    """is are was were has have had will would could can should must may might did does do
    shall need needs needed remains remained seems seemed became becomes
    noted agreed reported said stated explained highlighted welcomed thanked asked suggested
    considered stressed emphasised emphasized introduced presented received reviewed approved
    resolved confirmed acknowledged referred outlined raised expressed advised informed
    recommended decided endorsed rejected deferred accepted commended congratulated clarified
    added argued warned told described indicated concluded discussed questioned queried
    responded replied undertook identified provided included showed shows provides includes
    sets set describes requires required offers offered supports supported works worked meets
    met aims aimed increased decreased declined rose fell grew continues continued developed
    published launched completed attended led leads took takes made makes gave gives found
    finds saw sees held holds went goes came comes brought operates operated runs ran
    mentioned observed proposed commented believed felt knew thought wanted hoped planned
    carries passes fails covers lists"""
)


@dataclass(frozen=True)
class Block:
    """A paragraph, bullet or numbered minute, markers stripped."""

    start: int
    end: int
    index: int
    bullet: bool
    speaker_tag: str | None
    #: Opens with a speaker's label ("Adams: Thank you ..."): someone's own words, which a
    #: summary may quote but never state as its own.
    speech: bool = False


@dataclass(frozen=True)
class Sentence:
    """A sentence of the source: ``text`` is ``source[start:end]`` with whitespace collapsed.

    ``repaired`` means the source ends the sentence with ";" or "," (a list item that is a
    whole clause) and ``text`` ends with "." instead; the span excludes that character.
    """

    start: int
    end: int
    text: str
    block: int
    position: int
    bullet: bool
    speaker_tag: str | None
    complete: bool
    repaired: bool = False
    #: First sentence of a bullet under a lead-in ("... the following:"): often a noun
    #: phrase rather than a sentence, so it must read as a clause to be published.
    list_item: bool = False
    #: In a block that opens with a speaker's label: that speaker's own words.
    speech: bool = False

    @property
    def words(self) -> int:
        """Number of words."""
        return len(WORD_RE.findall(self.text))


def find_cut(text: str, start: int, end: int) -> int | None:
    """Offset where the source cuts an item short ("... view the full minutes text"), if any."""
    match = CUT_RE.search(text, start, end)
    if match is None:
        return None
    cut = match.start()
    # The words just before the marker are a sentence the source broke off: drop them too.
    while cut > start and text[cut - 1] in " \t\n.…":
        cut -= 1
    return cut


# "Cllr Amina Shah: ..." opening a transcript turn.
TURN_LABEL_RE = re.compile(r"^(?P<tag>[A-Z][\w.'’-]*(?: [A-Z][\w.'’-]*){0,3}):\s+")
# "Adams: Thank you." in minutes that carry a transcript: a speaker's label, not a heading.
SPEECH_LABEL_RE = re.compile(r"^(?P<tag>[A-Z][a-z'’]+(?:[- ][A-Z][a-z'’]+)?):\s+(?=\S)")


def speaker_label(tag: str) -> bool:
    """Is "Tag:" a person's label ("Adams:", "Moore-Love:") rather than a heading's
    ("Chairman's Report:", "Finance:")?"""
    words = tag.replace("-", " ").split()
    return not any(w in NOT_SPEAKERS or w.endswith(("'s", "’s")) for w in words)


NOT_SPEAKERS = wordset(
    """Present Apologies Attendance Absent Minutes Time Resolved Agreed Decision Decisions Moved
    Seconded Proposed Note Notes Action Actions Item Items Date Venue Location Place Purpose
    Recommendation Recommendations Background Summary Subject Title Outcome Vote Votes Staff
    Also Chair Chairman Chairperson Clerk Mayor Members Attendees Report Reports Correspondence
    Finance Planning Update Updates Agenda Motion Result Reason Reasons Attachments Contact
    Author Ward Wards Officer Officers Cost Costs Total Totals Source Status Type Status"""
)
# Chairing cues: true, but nothing a reader needs ("Moving on to item five", "the floor is
# yours", "you have three minutes").
PROCEDURAL_CUE_RE = re.compile(
    r"\b(?:item (?:one|two|three|four|five|six|seven|eight|nine|ten|\d+)|moving on|next item|"
    r"docket number|the floor is yours|you have (?:two|three|\d+) minutes|over to you|"
    r"(?:meeting|we) (?:is |are )?(?:now )?(?:closed|adjourned)|call (?:this|the) .{0,40}to order|"
    r"call the roll|thank you,? chair)\b",
    re.IGNORECASE,
)


PAGE_LINE_RE = re.compile(r"^(?:Page \d+(?: of \d+)?|\d{1,3}|- \d{1,3} -)$", re.IGNORECASE)
DECISION_LABEL_RE = re.compile(r"(?:It was )?(?:RESOLVED|Resolved|AGREED|Agreed|DECIDED)\b")
HEADING_RE = re.compile(r"^(?:Minute|Item|Agenda Item)\s+\d+[\w/.]*\s")


def chrome_lines(text: str) -> frozenset[str]:
    """Running headers and footers: short unpunctuated lines repeated on 3 or more pages.

    A line needs words to be a header: a figure repeated down a table ("£1,000") is not.
    """
    counts: dict[str, int] = {}
    for line in text.split("\n"):
        stripped = line.strip()
        if (
            stripped
            and len(stripped.split()) <= 12
            and stripped[-1] not in ".!?:;,"
            and sum(c.isalpha() for c in stripped) >= 3
        ):
            counts[stripped] = counts.get(stripped, 0) + 1
    return frozenset(line for line, n in counts.items() if n >= 3)


def is_chrome(line: str, chrome: frozenset[str]) -> bool:
    """True for a page footer ("Page 3") or a running header of this document."""
    stripped = line.strip()
    return stripped in chrome or PAGE_LINE_RE.match(stripped) is not None


def visible(raw: str, chrome: frozenset[str] = frozenset()) -> str:
    """``raw`` without page chrome lines, whitespace collapsed: what a reader should see."""
    if "\n" not in raw:
        return collapse(raw)
    return collapse(" ".join(line for line in raw.split("\n") if not is_chrome(line, chrome)))


def blocks(
    text: str,
    start: int,
    end: int,
    labels: bool = False,
    chrome: frozenset[str] = frozenset(),
) -> list[Block]:
    """Split ``text[start:end]`` into blocks: blank lines, bullets and numbers open a block.

    With ``labels`` (transcripts), a "Name: " at the start of a line is the block's speaker
    tag and is left out of its text. Page chrome (``chrome`` lines, "Page 3") never joins a
    block; a paragraph that runs on across a page break stays one block (its span then
    holds the chrome, which :func:`visible` leaves out). A "Minute 44/24 ..." heading line
    is a block of its own.
    """
    found: list[Block] = []
    bridging = False
    cur_start: int | None = None
    cur_end = start
    cur_bullet = False
    cur_tag: str | None = None
    cur_speech = False

    def flush() -> None:
        nonlocal cur_start
        if cur_start is not None and cur_end > cur_start:
            found.append(Block(cur_start, cur_end, len(found), cur_bullet, cur_tag, cur_speech))
        cur_start = None

    pos = start
    while pos < end:
        nl = text.find("\n", pos, end)
        line_end = end if nl == -1 else nl
        line = text[pos:line_end]
        stripped = line.strip()
        if stripped and is_chrome(stripped, chrome):
            open_text = text[cur_start:cur_end].rstrip() if cur_start is not None else ""
            bridging = bool(open_text) and open_text[-1] not in '.!?:;"”)'
            if not bridging:
                flush()
        elif not stripped:
            if not bridging:
                flush()
        elif HEADING_RE.match(stripped):
            bridging = False
            flush()
            cur_start, cur_bullet, cur_tag = pos + len(line) - len(line.lstrip()), False, None
            cur_speech = False
            cur_end = pos + len(line.rstrip())
            flush()
        else:
            bridging = False
            lead = len(line) - len(line.lstrip())
            body_start = pos + lead
            rest = text[body_start:line_end]
            bullet = False
            tag = None
            opened = False
            for _ in range(3):  # "- 11.2 ..." and "· (JG) ..." stack markers
                m = BULLET_RE.match(rest)
                if m and m.end() > 0 and len(rest) > m.end():
                    bullet, opened = True, True
                    body_start += m.end()
                    rest = rest[m.end() :]
                    continue
                m = NUMBER_RE.match(rest)
                if m:
                    opened = True
                    body_start += m.end()
                    rest = rest[m.end() :]
                    continue
                break
            if DECISION_LABEL_RE.match(rest):
                opened = True  # "RESOLVED: ..." starts its own block even without a blank line
            m = SPEAKER_TAG_RE.match(rest) or (TURN_LABEL_RE.match(rest) if labels else None)
            speech = False
            if m is None and not labels:
                m = SPEECH_LABEL_RE.match(rest)
                if m is not None and not speaker_label(m["tag"]):
                    m = None
                speech = m is not None
            if m:
                opened = True
                tag = m["tag"]
                body_start += m.end()
            if opened or cur_start is None:
                flush()
                cur_start, cur_bullet, cur_tag, cur_speech = body_start, bullet, tag, speech
            cur_end = pos + len(line.rstrip())
        pos = line_end + 1
    flush()
    return found


def sentences_in(
    text: str, block: Block, first_position: int = 0, chrome: frozenset[str] = frozenset()
) -> list[Sentence]:
    """The sentences of one block, with exact offsets (whitespace inside kept in the span).

    Every sentence but the last ends at a sentence mark; the last may be unfinished (a
    list item ending with ";" or "," counts as whole and is repaired with a full stop).
    """
    out: list[Sentence] = []
    spans = [
        piece
        for span in sentence_spans(text, block.start, block.end)
        for piece in _split_entries(text, *span)
    ]
    for number, (s, e) in enumerate(spans):
        if number < len(spans) - 1:
            out.append(_sentence(text, s, e, block, first_position + len(out), True, chrome=chrome))
            continue
        tail = text[s:e]
        complete = tail[-1] in ".!?\"'”’)"
        repaired = False
        if not complete and tail[-1] in ";," and block.bullet:
            e -= 1
            complete = repaired = True
        if e > s:
            out.append(
                _sentence(text, s, e, block, first_position + len(out), complete, repaired, chrome)
            )
    return out


# The next entry of a list run into a paragraph: "... recorded as reviewed. b) Travel ...".
INLINE_ENTRY_RE = re.compile(r"(?<=[.;])\s+(?=(?:\(?[a-z]\)|\([ivx]+\))\s+[A-Z])")


def _split_entries(text: str, start: int, end: int) -> list[tuple[int, int]]:
    pieces = []
    for match in INLINE_ENTRY_RE.finditer(text, start, end):
        pieces.append((start, match.start()))
        start = match.end()
    pieces.append((start, end))
    return pieces


def _sentence(
    text: str,
    s: int,
    e: int,
    block: Block,
    position: int,
    complete: bool,
    repaired: bool = False,
    chrome: frozenset[str] = frozenset(),
) -> Sentence:
    body = visible(text[s:e], chrome)
    if repaired:
        body = body.rstrip(" ;,") + "."
    return Sentence(
        start=s,
        end=e,
        text=body,
        block=block.index,
        position=position,
        bullet=block.bullet,
        speaker_tag=block.speaker_tag,
        speech=block.speech,
        complete=complete,
        repaired=repaired,
    )


def item_sentences(
    text: str, start: int, end: int, labels: bool = False, chrome: frozenset[str] = frozenset()
) -> tuple[list[Sentence], int | None]:
    """All sentences of ``text[start:end]`` before any cut marker, and the cut offset.

    ``labels``: the text is a transcript whose turns open with "Name: " (see :func:`blocks`).
    """
    cut = find_cut(text, start, end)
    stop = cut if cut is not None else end
    out: list[Sentence] = []
    lead_in = False
    for block in blocks(text, start, stop, labels, chrome):
        if CHROME_RE.search(text, block.start, block.end) and _is_chrome_line(text, block):
            continue
        found = sentences_in(text, block, len(out), chrome)
        if found and block.bullet and lead_in:
            found[0] = replace(found[0], list_item=True)
        elif not block.bullet:
            lead_in = False
        if found and found[-1].text.endswith(":"):
            lead_in = True
        out.extend(found)
    return out, cut


def _is_chrome_line(text: str, block: Block) -> bool:
    # A block with a chrome marker is chrome when the marker is most of it (a heading with
    # a file-size link, a URL line); a long paragraph that mentions a URL is not.
    body = collapse(text[block.start : block.end])
    return len(body.split()) <= 15 or bool(re.search(r"pdf icon|Back to top", body, re.I))


AUXILIARIES = wordset(
    "is are was were has have had will would could can should must may might did does do "
    "shall remains remained"
)
RELATIVES = wordset("that which who whom whose where when while")


def clause_like(words: list[str]) -> bool:
    """True when a finite verb comes before any relative pronoun ("The lessons that ...
    has identified" is a noun phrase; "CFS noted that ..." is a clause)."""
    lowered = [w.lower() for w in words]
    for i, w in enumerate(lowered):
        if w in RELATIVES and not (i > 0 and lowered[i - 1] in FINITE_VERBS):
            return False
        if w in AUXILIARIES:
            return True
        if w in FINITE_VERBS and i + 1 < len(lowered) and lowered[i + 1] == "that":
            return True
    return False


def publishable(sentence: Sentence) -> bool:
    """A sentence a reader can take out of context: whole, not a question, not chrome."""
    t = sentence.text
    if not sentence.complete or t.endswith(":") or "?" in t:
        return False
    if not (6 <= sentence.words <= 70):
        return False
    first = t.lstrip("\"'“‘(")[:1]
    if not (first.isupper() or first.isdigit() or first == "£"):
        return False
    if "\t" in t or CHROME_RE.search(t) or CUT_RE.search(t) or MARKUP_RE.search(t):
        return False
    if t.count("(") != t.count(")") or t.count("“") != t.count("”") or t.count('"') % 2:
        return False
    if re.match(r"To [a-z]+\b", t):
        return False  # an agenda's purpose line ("To note the report"), not a sentence
    words = WORD_RE.findall(t)
    if not any(w.lower() in FINITE_VERBS for w in words):
        return False
    if sentence.list_item and not clause_like(words):
        return False
    letters = [c for c in t if c.isalpha()]
    return not (letters and sum(c.isupper() for c in letters) > 0.6 * len(letters))


def line_width(text: str) -> int:
    """The width lines of ``text`` wrap at: the 90th percentile of its longer lines (a PDF's
    column width; Markdown and HTML paragraphs on one line give a large width)."""
    lengths = sorted(len(line) for line in text.split("\n") if len(line) >= 20)
    return lengths[int(len(lengths) * 0.9)] if lengths else 0


def wrapped_title(text: str, start: int, end: int, title: str, width: int) -> int | None:
    """Where an item's title runs on to the next line, if it does: the offset of that line.

    A title line as wide as the document's lines, with no closing punctuation, followed
    directly (no blank line) by more words, is one sentence wrapped by the layout: the next
    line continues the title ("... Norwoodville Urban" / "Renewal Plan for ..."), so the
    title is cut and that line is no sentence of its own.
    """
    if width <= 0 or not title.strip():
        return None
    found = SourceIndex(text, start, min(end, start + len(title) + 80)).find(title)
    if found is None:
        return None
    line_start = text.rfind("\n", 0, found.span.end) + 1
    line_end = text.find("\n", found.span.end, end)
    if line_end == -1 or line_end - found.span.end > 3:
        return None  # the title stops before the end of its line
    line = text[line_start:line_end].rstrip()
    if line[-1:] in ".:;!?)" or len(line) < 0.8 * width:
        return None
    following = text[line_end + 1 : line_end + 40]
    if not following.strip() or following.startswith("\n") or NUMBER_RE.match(following):
        return None
    return line_end + 1
