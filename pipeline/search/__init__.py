"""Search: an SQLite FTS5 index of the published meetings, and queries over it.

``index_summary(path, settings)`` and ``sync_index(root, settings)`` keep the index in step
with the summaries the ``[review] publish`` policy shows; ``search`` answers queries;
:mod:`pipeline.search.site` adds the Pagefind search page to the static site.
"""

from __future__ import annotations

from pipeline.search.index import (
    IndexReport,
    index_summary,
    rebuild_index,
    remove_summary,
    sync_index,
)
from pipeline.search.query import Hit, SearchQuery, search
from pipeline.search.settings import SearchSettings

__all__ = [
    "Hit",
    "IndexReport",
    "SearchQuery",
    "SearchSettings",
    "index_summary",
    "rebuild_index",
    "remove_summary",
    "search",
    "sync_index",
]
