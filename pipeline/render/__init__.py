"""Render: stored summaries -> a static site (meeting pages, indexes, weekly pages, feeds)."""

from __future__ import annotations

from pipeline.lazy import lazy_exports

# name -> module, loaded on first use: the catalog of summaries needs no template engine.
_EXPORTS = {
    "MeetingView": "pipeline.render.views",
    "RenderSettings": "pipeline.render.site",
    "ReviewSettings": "pipeline.render.catalog",
    "SiteReport": "pipeline.render.site",
    "StoredSummary": "pipeline.render.catalog",
    "build_site": "pipeline.render.site",
    "load_catalog": "pipeline.render.catalog",
    "load_stored": "pipeline.render.catalog",
    "meeting_page_html": "pipeline.render.site",
    "meeting_view": "pipeline.render.views",
}
__all__ = sorted(_EXPORTS)

__getattr__ = lazy_exports(__name__, _EXPORTS)
