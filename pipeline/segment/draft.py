"""A located item before its fields are filled in (title parts, kind, pages, chunks)."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(slots=True)
class Draft:
    """Where an item is and what was printed for it; layouts produce these.

    ``end`` of ``None`` means "until the next item begins" (or the end of the text).
    """

    number: str
    raw_title: str
    start: int
    end: int | None = None
    parent: str | None = None
    printed_pages: tuple[int, int] | None = None
    table_row: bool = False
