"""The one error a fetch raises for a page or document it could not get."""

from __future__ import annotations


class FetchError(Exception):
    """A URL we could not fetch, with a one-line reason.

    ``transient`` failures (429, 5xx, timeouts, dropped or truncated transfers) are
    retried; the others (404, a login page, a file over the size limit) are not.
    """

    def __init__(
        self,
        url: str,
        message: str,
        *,
        transient: bool = False,
        status: int | None = None,
        retry_after: float | None = None,
    ) -> None:
        self.url = url
        self.message = " ".join(message.split())
        self.transient = transient
        self.status = status
        self.retry_after = retry_after
        super().__init__(f"{url}: {self.message}")
