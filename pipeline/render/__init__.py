"""Render: stored summaries -> a static site (meeting pages, indexes, weekly pages, feeds)."""

from __future__ import annotations

from pipeline.render.catalog import ReviewSettings, StoredSummary, load_catalog, load_stored
from pipeline.render.site import RenderSettings, SiteReport, build_site, meeting_page_html
from pipeline.render.views import MeetingView, meeting_view

__all__ = [
    "MeetingView",
    "RenderSettings",
    "ReviewSettings",
    "SiteReport",
    "StoredSummary",
    "build_site",
    "load_catalog",
    "load_stored",
    "meeting_page_html",
    "meeting_view",
]
