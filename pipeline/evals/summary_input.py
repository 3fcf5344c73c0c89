"""Read a summary to check: the project's ``summary.json``, plain text, Markdown or HTML."""

from __future__ import annotations

import re
from pathlib import Path
from typing import Literal

from pydantic import BaseModel, Field

from pipeline.errors import InputError
from pipeline.evals.sentences import Block, blocks_from_plain_text, split_blocks
from pipeline.limits import load_json, read_regular_file
from pipeline.models import SourceSpan
from pipeline.store import validate_summary

SummaryFormat = Literal["json", "text", "markdown", "html"]
UnitKind = Literal["sentence", "quote", "decision"]


class SummaryUnit(BaseModel):
    """One checkable unit: a sentence (with its set-apart quotes), a quote or a decision."""

    index: int
    text: str = Field(description="what the report shows: sentence plus set-apart quotes")
    sentence: str = Field(description="the sentence alone")
    block_quotes: list[str] = Field(default_factory=list)
    heading: str | None = None
    spans: list[SourceSpan] = Field(default_factory=list, description="cited source spans")
    item_number: str | None = None
    kind: UnitKind = "sentence"
    speaker: str | None = Field(default=None, description="stated speaker (summary.json)")
    outcome: str | None = Field(default=None, description="stated outcome (summary.json)")


class SummaryInput(BaseModel):
    """A summary split into units, ready to check."""

    path: str
    format: SummaryFormat
    units: list[SummaryUnit]
    item_numbers: list[str] = Field(default_factory=list, description="items it summarises")


def load_summary(path: str | Path) -> SummaryInput:
    """Read and split the summary at ``path``; bad input raises :class:`InputError`."""
    path = Path(path)
    raw = read_regular_file(path, what="summary")
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise InputError(path, f"not UTF-8 text: invalid byte at offset {exc.start}") from None
    if not text.strip():
        raise InputError(path, "empty summary")
    return parse_summary(text, path=str(path), fmt=_sniff(path, text))


def parse_summary(
    text: str, *, path: str = "<summary>", fmt: SummaryFormat = "text"
) -> SummaryInput:
    """Split summary ``text`` of format ``fmt`` into units."""
    if fmt == "json":
        result = _from_json(text, path)
    else:
        if fmt == "html":
            blocks = blocks_from_html(text, path)
        elif fmt == "markdown":
            blocks = blocks_from_markdown(text)
        else:
            blocks = blocks_from_plain_text(text)
        units = [
            SummaryUnit(
                index=i,
                text=s.full_text,
                sentence=s.text,
                block_quotes=s.block_quotes,
                heading=s.heading,
            )
            for i, s in enumerate(split_blocks(blocks))
        ]
        result = SummaryInput(path=path, format=fmt, units=units)
    if not result.units:
        raise InputError(path, "no sentences in the summary")
    return result


def _sniff(path: Path, text: str) -> SummaryFormat:
    head = text.lstrip()[:2048]
    if path.suffix.lower() == ".json" or head.startswith("{"):
        return "json"
    if path.suffix.lower() in (".html", ".htm") or re.search(
        r"<(html|body|p|div|h[1-6])[\s>]", head, re.I
    ):
        return "html"
    if path.suffix.lower() in (".md", ".markdown"):
        return "markdown"
    return "text"


def _from_json(text: str, path: str) -> SummaryInput:
    summary = validate_summary(load_json(path, text), path)
    units: list[SummaryUnit] = []

    def add(**fields: object) -> None:
        units.append(SummaryUnit(index=len(units), **fields))  # type: ignore[arg-type]

    for sentence in summary.overview:
        for part in _sentences_of(sentence.text):
            add(text=part, sentence=part, spans=sentence.spans, heading="Overview")
    for item in summary.items:
        if item.status != "ok":
            continue
        for sentence in item.sentences:
            for part in _sentences_of(sentence.text):
                add(
                    text=part,
                    sentence=part,
                    spans=sentence.spans,
                    heading=item.title,
                    item_number=item.number,
                )
        for quote in item.quotes:
            shown = f"“{quote.text}”" + (f" ({quote.speaker})" if quote.speaker else "")
            add(
                text=shown,
                sentence=shown,
                block_quotes=[quote.text],
                spans=[quote.span] if quote.span else [],
                heading=item.title,
                item_number=item.number,
                kind="quote",
                speaker=quote.speaker,
            )
        for decision in item.decisions:
            add(
                text=decision.text,
                sentence=decision.text,
                spans=[decision.span] if decision.span else [],
                heading=item.title,
                item_number=item.number,
                kind="decision",
                outcome=decision.outcome,
            )
        for action in item.actions:
            add(
                text=action.text,
                sentence=action.text,
                spans=[action.span] if action.span else [],
                heading=item.title,
                item_number=item.number,
            )
    numbers = [item.number for item in summary.items if item.status == "ok"]
    return SummaryInput(path=path, format="json", units=units, item_numbers=numbers)


def _sentences_of(text: str) -> list[str]:
    from pipeline.evals.sentences import split_paragraph

    return split_paragraph(text) or ([text] if text.strip() else [])


_MD_LINK = re.compile(r"!?\[([^\]]*)\]\([^)]*\)")
_MD_EMPHASIS = re.compile(r"(\*\*|__|\*|_|`)(?=\S)(.+?)(?<=\S)\1")


def _strip_markdown(text: str) -> str:
    text = _MD_LINK.sub(r"\1", text)
    for _ in range(2):
        text = _MD_EMPHASIS.sub(r"\2", text)
    return text


def blocks_from_markdown(text: str) -> list[Block]:
    """Blocks of a Markdown summary (headings, paragraphs, list items, block quotes)."""
    blocks: list[Block] = []
    para: list[str] = []
    quote: list[str] = []

    def flush() -> None:
        if para:
            blocks.append(Block("paragraph", _strip_markdown(" ".join(para))))
            para.clear()
        if quote:
            blocks.append(Block("quote", _strip_markdown(" ".join(quote))))
            quote.clear()

    for line in text.replace("\r\n", "\n").split("\n"):
        stripped = line.strip()
        if not stripped:
            flush()
            continue
        if stripped.startswith(">"):
            if para:
                flush()
            quote.append(stripped.lstrip(">").strip())
            continue
        if quote:
            flush()
        heading = re.match(r"#{1,6}\s+(.*)", stripped)
        if heading:
            flush()
            blocks.append(Block("heading", _strip_markdown(heading.group(1).strip("# "))))
            continue
        bullet = re.match(r"([-*+]|\d+[.)])\s+(.*)", stripped)
        if bullet:
            flush()
            para.append(bullet.group(2))
            flush()
            continue
        para.append(stripped)
    flush()
    return blocks


def blocks_from_html(text: str, path: str) -> list[Block]:
    """Blocks of an HTML summary page; scripts, styles and navigation are skipped."""
    import lxml.html

    try:
        root = lxml.html.document_fromstring(text)
    except (ValueError, lxml.etree.ParserError) as exc:
        raise InputError(path, f"unreadable HTML: {exc}") from None
    for bad in root.xpath("//script|//style|//nav|//noscript|//template"):
        bad.drop_tree()
    blocks: list[Block] = []
    block_tags = {"p", "li", "blockquote", "h1", "h2", "h3", "h4", "h5", "h6", "div", "td", "dd"}
    for element in root.iter():
        if not isinstance(element.tag, str) or element.tag not in block_tags:
            continue
        # Only the innermost block element owns its text; parents are containers.
        if element.tag in {"div", "td", "dd", "li"} and any(
            isinstance(child.tag, str) and child.tag in block_tags
            for child in element.iterdescendants()
        ):
            continue
        if any(anc.tag == "blockquote" for anc in element.iterancestors()):
            continue
        content = " ".join(element.text_content().split())
        if not content:
            continue
        if element.tag == "blockquote":
            blocks.append(Block("quote", content))
        elif element.tag.startswith("h"):
            blocks.append(Block("heading", content))
        else:
            blocks.append(Block("paragraph", content))
    return blocks
