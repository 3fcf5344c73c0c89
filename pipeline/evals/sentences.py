"""Split a summary into checkable sentences.

A summary arrives as blocks (headings, paragraphs, list items, block quotes). Paragraphs
are split into sentences; a quote set apart as its own paragraph (or a block quote)
belongs to the sentence that introduces it ("He argued that" + the quoted paragraph), so
it is checked as one unit with its speaker.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Literal

from pipeline.evals.text import content_stems
from pipeline.text import (
    SentenceRules,
    ends_sentence,
    leaves_quote_open,
    sentence_spans,
    wordset,
)

BlockKind = Literal["heading", "paragraph", "quote"]

# A summary's sentences: "?!" ends one, a price may open the next ("£5m", "$3bn"), the
# word before any mark is looked up (any single letter is an initial), and a sentence that
# opens a double quotation goes on until it closes.
_SUMMARY_SENTENCE = SentenceRules(
    repeated_marks=True,
    capitals="A-Z0-9£$€",
    abbreviations=wordset(
        """dr mr mrs ms mx cllr cllrs prof rev hon st no nos vs etc e.g i.e eg ie cf approx
        inc ltd co jr sr sgt insp supt det gen col capt lt fig para paras ref cl art sec min
        mins est dept govt av ave rd"""
    ),
    initials="letters",
    word="token",
    open_quotes_continue=True,
)
# Words that leave a line hanging: a paragraph ending with one introduces what follows.
_INTRO_ENDINGS = frozenset(
    [
        "that",
        "as",
        "said",
        "says",
        "saying",
        "stated",
        "states",
        "mean",
        "means",
        "meaning",
        "was",
        "were",
        "is",
        "be",
        "by",
        "to",
        "which",
        "where",
        "so",
        "noting",
        "adding",
        "warning",
        "arguing",
        "explaining",
        "told",
        "asked",
        "added",
    ]
)


@dataclass
class Block:
    """A structural block of a summary document."""

    kind: BlockKind
    text: str


@dataclass
class SplitSentence:
    """A sentence of the summary, with the set-apart quotes it introduces."""

    text: str
    heading: str | None = None
    block_quotes: list[str] = field(default_factory=list)

    @property
    def full_text(self) -> str:
        """The sentence followed by its set-apart quotes (what the report shows)."""
        if not self.block_quotes:
            return self.text
        return "\n\n".join([self.text, *self.block_quotes])


def split_paragraph(text: str) -> list[str]:
    """Split one paragraph into sentences (abbreviation- and quote-aware)."""
    text = " ".join(text.split())
    return [text[s:e] for s, e in sentence_spans(text, rules=_SUMMARY_SENTENCE)]


def is_heading(block: Block, next_block: Block | None) -> bool:
    """A short single line with no end punctuation, followed by more text, is a heading."""
    if block.kind == "heading":
        return True
    if block.kind != "paragraph" or next_block is None:
        return False
    text = block.text.strip()
    if "\n" in text or ends_sentence(text) or text.endswith((":", ",", ";")):
        return False
    tokens = text.split()
    if not tokens or len(tokens) > 16 or not text[0].isupper():
        return False
    return tokens[-1].lower() not in _INTRO_ENDINGS


def introduces_quote(sentence: str) -> bool:
    """True when a sentence hangs open (ends with ":" or a dangling word like "that")."""
    text = sentence.rstrip()
    if text.endswith(":"):
        return True
    if ends_sentence(text):
        return False
    last = re.findall(r"[A-Za-z']+$", text)
    return bool(last) and last[0].lower() in _INTRO_ENDINGS


def split_blocks(blocks: list[Block]) -> list[SplitSentence]:
    """Turn blocks into sentences, attaching set-apart quotes to their introducing one."""
    result: list[SplitSentence] = []
    heading: str | None = None
    attach_next = False
    for i, block in enumerate(blocks):
        text = block.text.strip()
        if not text:
            continue
        nxt = blocks[i + 1] if i + 1 < len(blocks) else None
        if (block.kind == "quote" or (attach_next and block.kind == "paragraph")) and result:
            result[-1].block_quotes.append(" ".join(text.split()))
            # A quote paragraph ending open (rare) still hands on to the next one.
            attach_next = block.kind == "paragraph" and introduces_quote(text)
            continue
        attach_next = False
        if is_heading(block, nxt):
            heading = " ".join(text.split())
            continue
        parts = split_paragraph(text)
        for part in parts:
            result.append(SplitSentence(text=part, heading=heading))
        if parts and nxt is not None and nxt.kind != "heading":
            # A sentence left hanging, before a paragraph that carries on in lower case
            # or opens with a quotation mark, introduces a quote set apart.
            hanging = not ends_sentence(parts[-1])
            carries_on = nxt.text.lstrip()[:1].islower() or nxt.text.lstrip()[:1] in "\"“‘'"
            attach_next = introduces_quote(parts[-1]) or (hanging and carries_on)
    return result


def blocks_from_plain_text(text: str) -> list[Block]:
    """Blocks of a plain-text summary: blank lines separate them; "> " marks quotes."""
    blocks: list[Block] = []
    for para in re.split(r"\n\s*\n", text.replace("\r\n", "\n")):
        lines = [line for line in para.split("\n") if line.strip()]
        if not lines:
            continue
        if all(line.lstrip().startswith(">") for line in lines):
            quote = " ".join(line.lstrip()[1:].strip() for line in lines)
            blocks.append(Block("quote", quote))
            continue
        # Bulleted lines inside one paragraph are separate blocks.
        if len(lines) > 1 and all(re.match(r"\s*([-*•·]|\d+[.)])\s+", ln) for ln in lines):
            for line in lines:
                blocks.append(Block("paragraph", re.sub(r"^\s*([-*•·]|\d+[.)])\s+", "", line)))
            continue
        blocks.append(Block("paragraph", "\n".join(lines) if len(lines) == 1 else " ".join(lines)))
    return blocks


_CLAUSE_BREAK = re.compile(r";\s+")
_LEADING_AND = re.compile(r"^(?:and|or|as well as)\s+", re.I)


def clauses(sentence: str) -> list[str]:
    """The clauses of a sentence that joins several claims with semicolons ("The Board
    considered A; B; and C"), each checked against its own passages. A sentence without
    such joins, or whose semicolons sit inside quotation marks or brackets, is one clause."""
    parts: list[str] = []
    pos = 0
    for m in _CLAUSE_BREAK.finditer(sentence):
        part = sentence[pos : m.start()]
        rest = sentence[m.end() :].split(";", 1)[0]
        # Inside brackets or quotation marks that close before the next semicolon.
        if (part.count("(") > part.count(")") and ")" in rest) or (
            leaves_quote_open(part) and re.search(r"[”\"]", rest)
        ):
            continue
        parts.append(sentence[pos : m.start()])
        pos = m.end()
    parts.append(sentence[pos:])
    parts = [_LEADING_AND.sub("", p.strip()) for p in parts]
    parts[-1] = parts[-1].rstrip(".")
    parts = [p for p in parts if re.search(r"[A-Za-z]{2}", p)]
    return parts if len(parts) >= 2 else [sentence]


_LIST_BREAK = re.compile(r"\s*;\s+|,\s+(?:and\s+|or\s+)?|\s+(?:and|or)\s+")


def list_parts(text: str) -> list[str]:
    """The parts of a sentence that lists things: semicolon clauses, or at least three
    comma/"and" parts of two content words or more each; else none."""
    semis = [p for p in text.split(";") if content_stems(p)]
    if len(semis) >= 2:
        return semis
    parts = [p for p in _LIST_BREAK.split(text) if len(content_stems(p)) >= 2]
    return parts if len(parts) >= 3 else []
