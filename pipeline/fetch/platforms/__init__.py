"""Meeting platforms behind one small protocol; a new platform is one module plus one line.

A platform finds the meetings of a window (:meth:`Platform.find_meetings`) and completes one
meeting with the documents it links to (:meth:`Platform.read_meeting`). Platforms that
publish a page per meeting (``reads_pages``) get that page's bytes, which the run has
already stored beside the documents (fetched conditionally, like every document).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from typing import TYPE_CHECKING, ClassVar, Protocol

from pipeline.errors import PipelineError
from pipeline.fetch.errors import FetchError

if TYPE_CHECKING:
    from pipeline.fetch.http import PoliteClient
    from pipeline.fetch.models import Council, Meeting


class Platform(Protocol):
    """What the fetch run needs from a meeting platform."""

    name: ClassVar[str]
    # The meeting page is stored (kind "page") and handed to read_meeting.
    reads_pages: ClassVar[bool]

    # One line per partial failure (a committee or month that could not be listed).
    problems: list[str]

    def __init__(self, council: Council, client: PoliteClient) -> None: ...

    def find_meetings(
        self, since: dt.date, until: dt.date, wanted: Callable[[str], bool]
    ) -> list[Meeting]:
        """Meetings dated ``since``..``until`` (inclusive) of the bodies ``wanted`` accepts,
        cancelled ones included. Raises FetchError when the site cannot be read at all."""
        ...

    def read_meeting(self, meeting: Meeting, page: bytes | None) -> Meeting:
        """``meeting`` with its documents, time and cancellation filled in."""
        ...

    @staticmethod
    def recognises(url: str, page: str | None) -> bool:
        """Is ``url`` (and, when given, the page it serves) this platform's site?"""
        ...


def _platforms() -> dict[str, type[Platform]]:
    from pipeline.fetch.platforms.cmis import Cmis
    from pipeline.fetch.platforms.escribe import EScribe
    from pipeline.fetch.platforms.legistar import Legistar
    from pipeline.fetch.platforms.moderngov import ModernGov

    # Most specific first: detection asks them in this order.
    return {
        "legistar": Legistar,
        "escribe": EScribe,
        "cmis": Cmis,
        "moderngov": ModernGov,
    }


PLATFORMS: dict[str, type[Platform]] = _platforms()


def platform_from_url(url: str) -> str | None:
    """The platform a URL's address alone gives away, if any."""
    return next((name for name, cls in PLATFORMS.items() if cls.recognises(url, None)), None)


def detect_platform(url: str, client: PoliteClient) -> str:
    """The platform of the site at ``url``: from its address, else from the page it serves."""
    found = platform_from_url(url)
    if found:
        return found
    try:
        page = client.get_page(url)
    except FetchError as exc:
        raise PipelineError(f"cannot detect the platform of {url}: {exc.message}") from None
    text = page.text
    for name, cls in PLATFORMS.items():
        if cls.recognises(page.url, text):
            return name
    known = ", ".join(PLATFORMS)
    raise PipelineError(f"cannot tell which platform {url} runs on: pass --platform ({known})")
