"""robots.txt, read once per site and obeyed for every request to it.

Following RFC 9309: a robots.txt that answers 4xx (none, or not public) allows everything;
one that answers 5xx, or a site we cannot reach, allows nothing until the next run. A
Crawl-delay for our agent spaces our requests to that host (capped by configuration).
"""

from __future__ import annotations

import threading
from collections.abc import Callable
from urllib.parse import urlsplit
from urllib.robotparser import RobotFileParser

from pipeline.fetch.errors import FetchError
from pipeline.fetch.limiter import HostLimiter

# fetch(url) -> (status code, body text); raises FetchError when the site cannot answer.
RobotsFetcher = Callable[[str], tuple[int, str]]


class RobotsRules:
    """The robots.txt rules of every site a run touches."""

    def __init__(
        self,
        fetch: RobotsFetcher,
        agent: str,
        limiter: HostLimiter,
        crawl_delay_max_s: float,
    ) -> None:
        self._fetch = fetch
        self._agent = agent
        self._limiter = limiter
        self._crawl_delay_max_s = crawl_delay_max_s
        self._lock = threading.Lock()
        self._sites: dict[str, RobotFileParser | FetchError | None] = {}
        self._site_locks: dict[str, threading.Lock] = {}

    def check(self, url: str) -> None:
        """Raise :class:`FetchError` unless robots.txt lets our agent fetch ``url``."""
        parts = urlsplit(url)
        origin = f"{parts.scheme}://{parts.netloc}"
        rules = self._rules(origin, parts.hostname or "")
        if isinstance(rules, FetchError):
            raise FetchError(url, rules.message)
        if rules is not None and not rules.can_fetch(self._agent, url):
            raise FetchError(url, f"blocked by {origin}/robots.txt")

    def _rules(self, origin: str, host: str) -> RobotFileParser | FetchError | None:
        with self._lock:
            site_lock = self._site_locks.setdefault(origin, threading.Lock())
        with site_lock:  # one robots.txt request per site, however many threads ask
            if origin not in self._sites:
                self._sites[origin] = self._load(origin, host)
            return self._sites[origin]

    def _load(self, origin: str, host: str) -> RobotFileParser | FetchError | None:
        robots_url = f"{origin}/robots.txt"
        try:
            status, text = self._fetch(robots_url)
        except FetchError as exc:
            if exc.status is not None and exc.status < 500:
                return None  # 4xx: no rules, everything allowed
            if exc.status is not None:
                return FetchError(robots_url, f"robots.txt unavailable ({exc.message})")
            return exc
        if status >= 400:
            return None
        parser = RobotFileParser(robots_url)
        parser.parse(text.splitlines())
        parser.modified()  # can_fetch refuses everything until the rules count as read
        delay = parser.crawl_delay(self._agent)
        if delay:
            self._limiter.set_interval(host, min(float(delay), self._crawl_delay_max_s))
        return parser
