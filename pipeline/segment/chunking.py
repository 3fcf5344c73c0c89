"""Token-bounded chunks of an item, cut at paragraph boundaries, tiling the item's span.

The span is cut into pieces (paragraphs; an over-long paragraph into lines, then
sentences, then words, then characters), each piece is tokenised once, and pieces are
packed greedily. Pieces end just after a newline or just before a space, where cl100k's
pre-tokeniser always splits, so a chunk's token count is the sum of its pieces' counts:
no re-tokenising of growing chunks, linear time.
"""

from __future__ import annotations

import itertools
import re
from collections.abc import Callable

from pipeline.models import Chunk
from pipeline.tokens import get_encoding

# Cut points, coarsest first. Each regex matches the position *after* which a new piece
# starts; whitespace that follows a newline stays with the earlier piece.
_LEVELS = (
    re.compile(r"\n\n+"),  # paragraphs
    re.compile(r"\n"),  # lines (PDF text has no blank lines between paragraphs)
    re.compile(r"(?<=[.!?;:])(?= )"),  # sentences: the space starts the next piece
    re.compile(r"(?= )"),  # words
)


def chunk_span(text: str, start: int, end: int, *, max_tokens: int, encoding: str) -> list[Chunk]:
    """Chunks of at most ``max_tokens`` tokens tiling ``text[start:end]`` exactly."""
    if end <= start:
        return [Chunk(index=0, start=start, end=end, tokens=0)]
    enc = get_encoding(encoding)

    def count(piece: str) -> int:
        return len(enc.encode_ordinary(piece))

    pieces = _pieces(text, start, end, 0, max_tokens, count)
    chunks: list[Chunk] = []
    cur_start, cur_tokens = start, 0
    cur_end = start
    for a, b, tokens in pieces:
        if cur_tokens and cur_tokens + tokens > max_tokens:
            chunks.append(Chunk(index=len(chunks), start=cur_start, end=cur_end, tokens=cur_tokens))
            cur_start, cur_tokens = a, 0
        cur_tokens += tokens
        cur_end = b
    chunks.append(Chunk(index=len(chunks), start=cur_start, end=end, tokens=cur_tokens))
    return chunks


def _pieces(
    text: str,
    start: int,
    end: int,
    level: int,
    max_tokens: int,
    count: Callable[[str], int],
) -> list[tuple[int, int, int]]:
    """``(start, end, tokens)`` pieces tiling ``[start, end)``, none over ``max_tokens``."""
    out: list[tuple[int, int, int]] = []
    if level == len(_LEVELS):
        # A single "word" longer than the limit (a URL, a run of symbols): cut by characters.
        step = max(1, max_tokens * 2)
        for a in range(start, end, step):
            b = min(end, a + step)
            out.append((a, b, count(text[a:b])))
        return out
    cuts = [m.end() for m in _LEVELS[level].finditer(text, start, end)]
    bounds = [start, *(c for c in cuts if start < c < end), end]
    for a, b in itertools.pairwise(bounds):
        tokens = count(text[a:b])
        if tokens > max_tokens:
            out.extend(_pieces(text, a, b, level + 1, max_tokens, count))
        else:
            out.append((a, b, tokens))
    return out
