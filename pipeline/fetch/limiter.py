"""Per-host politeness: at most one request every ``interval`` seconds, and a cap on
requests in flight, for each host separately.

Each caller reserves the next free start time under a lock and then sleeps outside it, so
threads waiting for one host never hold up another host. Clock and sleep are injectable:
tests check the schedule without waiting for it.
"""

from __future__ import annotations

import threading
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager


class HostLimiter:
    """Spacing and concurrency limits per host name."""

    def __init__(
        self,
        interval_s: float,
        concurrency: int,
        *,
        clock: Callable[[], float] = time.monotonic,
        sleep: Callable[[float], None] = time.sleep,
    ) -> None:
        self.interval_s = interval_s
        self.concurrency = concurrency
        self._clock = clock
        self._sleep = sleep
        self._lock = threading.Lock()
        self._next: dict[str, float] = {}
        self._intervals: dict[str, float] = {}
        self._slots: dict[str, threading.BoundedSemaphore] = {}

    def set_interval(self, host: str, seconds: float) -> None:
        """Space requests to ``host`` by ``seconds`` (e.g. its robots.txt Crawl-delay)."""
        with self._lock:
            self._intervals[host] = max(self.interval_s, seconds)

    def interval(self, host: str) -> float:
        """Seconds between two requests to ``host``."""
        return self._intervals.get(host, self.interval_s)

    def reserve(self, host: str) -> float:
        """Book the next start time for ``host``; returns how long to wait for it."""
        with self._lock:
            now = self._clock()
            start = max(now, self._next.get(host, now))
            self._next[host] = start + self.interval(host)
            return start - now

    @contextmanager
    def slot(self, host: str) -> Iterator[None]:
        """Hold one of ``host``'s request slots, starting no earlier than its spacing allows."""
        with self._lock:
            semaphore = self._slots.setdefault(host, threading.BoundedSemaphore(self.concurrency))
        with semaphore:
            wait = self.reserve(host)
            if wait > 0:
                self._sleep(wait)
            yield
