"""Fetch: meetings and their documents from council websites, politely and incrementally.

Councils are listed in a registry (``config/councils.toml``, :mod:`.registry`); each runs
one of the platforms in :mod:`.platforms` (ModernGov, CMIS, Legistar, eScribe). A run
(:func:`fetch_council`) stores every meeting of a window under
``<store>/<council>/<body>/<date>/`` with a ``manifest.json`` (:mod:`.store`), through one
polite HTTP client (:mod:`.http`: robots.txt, per-host rate limits, conditional GET,
retries, atomic downloads). :func:`fetch_week` is the weekly job's entry point.
"""

from pipeline.fetch.run import fetch_council, report_lines
from pipeline.fetch.settings import FetchSettings
from pipeline.fetch.week import FetchedWeek, fetch_week, record_links

__all__ = [
    "FetchSettings",
    "FetchedWeek",
    "fetch_council",
    "fetch_week",
    "record_links",
    "report_lines",
]
