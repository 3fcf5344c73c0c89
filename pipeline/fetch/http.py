"""The HTTP client every platform fetches through: polite, patient and careful with files.

- A User-Agent naming us and a contact address; robots.txt obeyed on every hop.
- Per-host spacing and concurrency (:class:`~pipeline.fetch.limiter.HostLimiter`).
- Redirects followed by hand, so each hop is rate-limited and robots-checked, and a loop is
  recognised as one.
- Retries with exponential backoff (tenacity) for 429, 408, 5xx, timeouts, dropped
  connections and truncated bodies; a ``Retry-After`` is waited exactly, unless it is
  longer than ``retry_after_max_s``.
- Conditional GET (``If-None-Match`` / ``If-Modified-Since``): an unchanged document is
  not transferred again.
- Downloads stream into a hidden temporary file beside the target and are renamed into
  place only when complete and checked (size limit, Content-Length, what was promised),
  so an interrupted run never leaves a half-written document.
"""

from __future__ import annotations

import datetime as dt
import email.utils
import hashlib
import os
import random
import re
import tempfile
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Literal, TypeVar
from urllib.parse import urljoin, urlsplit

import httpx2 as httpx
from tenacity import RetryCallState, Retrying, retry_if_exception, stop_after_attempt

from pipeline.fetch.errors import FetchError
from pipeline.fetch.limiter import HostLimiter
from pipeline.fetch.robots import RobotsRules
from pipeline.fetch.settings import FetchSettings

T = TypeVar("T")
REDIRECTS = {301, 302, 303, 307, 308}
SNIFF_BYTES = 65536
_PASSWORD_FIELD = re.compile(rb"<input[^>]+type\s*=\s*[\"']?password", re.I)
_HTML_START = re.compile(rb"^\s*(?:<!doctype\s+html|<html|<head|<body|<\?xml[^>]*>\s*<html)", re.I)


@dataclass
class Page:
    """A listing page or API answer, read into memory."""

    url: str
    status: int
    content: bytes
    content_type: str | None

    @property
    def text(self) -> str:
        """The body decoded with its declared charset (UTF-8 otherwise)."""
        charset = None
        if self.content_type:
            match = re.search(r"charset=([\w.-]+)", self.content_type, re.I)
            charset = match.group(1) if match else None
        try:
            return self.content.decode(charset or "utf-8", errors="replace")
        except LookupError:
            return self.content.decode("utf-8", errors="replace")


@dataclass
class Download:
    """A document asked for again or for the first time."""

    url: str
    status: Literal["new", "unchanged"]
    path: Path | None
    sha256: str | None
    size: int | None
    content_type: str | None
    etag: str | None
    last_modified: str | None
    transferred: bool  # a body came over the wire (False for 304 Not Modified)


def retry_after_seconds(value: str | None, now: dt.datetime | None = None) -> float | None:
    """Seconds a ``Retry-After`` header asks for (delta-seconds or an HTTP date)."""
    if not value:
        return None
    value = value.strip()
    if value.isdigit():
        return float(value)
    try:
        when = email.utils.parsedate_to_datetime(value)
    except (TypeError, ValueError):
        return None
    if when.tzinfo is None:
        when = when.replace(tzinfo=dt.UTC)
    now = now or dt.datetime.now(dt.UTC)
    return max(0.0, (when - now).total_seconds())


def looks_like_html(head: bytes) -> bool:
    """Does a body start like an HTML page?"""
    return bool(_HTML_START.match(head[:2048]))


def extension_for(head: bytes, content_type: str | None, url: str) -> str:
    """The file extension a document should be stored under, from its bytes first."""
    kind = (content_type or "").split(";")[0].strip().lower()
    if head.lstrip()[:5] == b"%PDF-" or b"%PDF-" in head[:1024]:
        return ".pdf"
    if looks_like_html(head) or kind in ("text/html", "application/xhtml+xml"):
        return ".html"
    suffix = Path(urlsplit(url).path).suffix.lower()
    by_type = {
        "application/pdf": ".pdf",
        "application/msword": ".doc",
        "application/vnd.openxmlformats-officedocument.wordprocessingml.document": ".docx",
        "application/rtf": ".rtf",
        "text/plain": ".txt",
        "application/json": ".json",
        "text/xml": ".xml",
        "application/xml": ".xml",
    }
    if kind in by_type:
        return by_type[kind]
    if re.fullmatch(r"\.[a-z0-9]{2,5}", suffix) and suffix not in (".aspx", ".ashx", ".php"):
        return suffix
    return ".bin"


class PoliteClient:
    """One run's HTTP client: shared by every platform and download thread."""

    def __init__(
        self,
        settings: FetchSettings,
        *,
        sleep: Callable[[float], None] = time.sleep,
        clock: Callable[[], float] = time.monotonic,
    ) -> None:
        self.settings = settings
        self._sleep = sleep
        self._http = httpx.Client(
            headers={"User-Agent": settings.agent, "Accept-Encoding": "gzip, deflate"},
            timeout=settings.timeout_s,
            follow_redirects=False,
        )
        self.limiter = HostLimiter(
            settings.min_interval_s, settings.host_concurrency, clock=clock, sleep=sleep
        )
        self.robots = RobotsRules(
            self._robots_text, settings.robots_agent, self.limiter, settings.crawl_delay_max_s
        )
        self._count_lock = threading.Lock()
        self.requests = 0
        self.transfers = 0

    def close(self) -> None:
        """Close the connection pool."""
        self._http.close()

    def __enter__(self) -> PoliteClient:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    # --- public calls -------------------------------------------------------------------

    def get_page(
        self, url: str, *, attempts: int | None = None, headers: dict[str, str] | None = None
    ) -> Page:
        """GET a listing page or API answer (at most ``max_page_bytes``)."""
        return self._with_retries(
            url,
            lambda: self._exchange("GET", url, headers or {}, None, self._read_page),
            attempts,
        )

    def post_json(self, url: str, payload: Any, *, headers: dict[str, str] | None = None) -> Page:
        """POST a JSON body (a site's own page method) and read the answer."""
        import json

        body = json.dumps(payload).encode("utf-8")
        sent = {"Content-Type": "application/json; charset=utf-8", **(headers or {})}
        return self._with_retries(
            url, lambda: self._exchange("POST", url, sent, body, self._read_page), None
        )

    def download(
        self,
        url: str,
        folder: Path,
        name: Callable[[str], str],
        *,
        etag: str | None = None,
        last_modified: str | None = None,
        expect: str | None = None,
        known_sha256: str | None = None,
    ) -> Download:
        """Fetch a document into ``folder`` under ``name(extension)``.

        With ``etag``/``last_modified`` the request is conditional: a 304 answer, or a body
        whose sha256 is ``known_sha256``, is ``unchanged`` and the stored file is left alone.
        """
        headers: dict[str, str] = {}
        if etag:
            headers["If-None-Match"] = etag
        if last_modified:
            headers["If-Modified-Since"] = last_modified

        def save(response: httpx.Response, final_url: str) -> Download:
            return self._save(response, url, final_url, folder, name, expect, known_sha256)

        return self._with_retries(
            url, lambda: self._exchange("GET", url, headers, None, save), None
        )

    # --- requests, redirects, robots ----------------------------------------------------

    def _robots_text(self, url: str) -> tuple[int, str]:
        def read(response: httpx.Response, final_url: str) -> tuple[int, str]:
            if response.status_code >= 400:
                self._check_status(response, url)
            return response.status_code, self._read_page(response, final_url).text

        return self._with_retries(
            url, lambda: self._exchange("GET", url, {}, None, read, robots=False), None
        )

    def _exchange(
        self,
        method: str,
        url: str,
        headers: dict[str, str],
        body: bytes | None,
        handle: Callable[[httpx.Response, str], T],
        *,
        robots: bool = True,
    ) -> T:
        """Send one request, following redirects hop by hop, and ``handle`` the answer."""
        visited: list[str] = []
        current = url
        for _hop in range(self.settings.max_redirects + 1):
            if robots and self.settings.obey_robots:
                self.robots.check(current)
            host = urlsplit(current).hostname or ""
            with self.limiter.slot(host):
                response = self._send(method, current, headers, body, url)
                try:
                    location = response.headers.get("location")
                    if response.status_code in REDIRECTS and location:
                        visited.append(current)
                        target = urljoin(current, location.strip())
                        if urlsplit(target).scheme not in ("http", "https"):
                            raise FetchError(url, f"redirected to a non-web address {target}")
                        if target in visited:
                            raise FetchError(url, f"redirect loop ({current} -> {target})")
                        if response.status_code == 303 or (
                            response.status_code in (301, 302) and method == "POST"
                        ):
                            method, body = "GET", None
                        current = target
                        continue
                    return handle(response, current)
                finally:
                    response.close()
        raise FetchError(url, f"more than {self.settings.max_redirects} redirects")

    def _send(
        self, method: str, url: str, headers: dict[str, str], body: bytes | None, asked: str
    ) -> httpx.Response:
        with self._count_lock:
            self.requests += 1
        host = urlsplit(url).netloc
        try:
            request = self._http.build_request(method, url, headers=headers, content=body)
            return self._http.send(request, stream=True)
        except httpx.TimeoutException:
            raise FetchError(
                asked, f"{host} did not answer within {self.settings.timeout_s:g}s", transient=True
            ) from None
        except httpx.ConnectError as exc:
            reason = str(exc) or type(exc).__name__
            raise FetchError(
                asked, f"cannot connect to {host} ({reason})", transient=True
            ) from None
        except httpx.TransportError as exc:
            reason = str(exc) or type(exc).__name__
            raise FetchError(
                asked, f"connection to {host} failed ({reason})", transient=True
            ) from None
        except httpx.InvalidURL as exc:
            raise FetchError(asked, f"invalid address ({exc})") from None

    def _check_status(self, response: httpx.Response, url: str) -> None:
        code = response.status_code
        if code < 400:
            return
        phrase = f"HTTP {code} {response.reason_phrase}".strip()
        if code in (408, 429) or code >= 500:
            wait = retry_after_seconds(response.headers.get("retry-after"))
            if wait is not None and wait > self.settings.retry_after_max_s:
                raise FetchError(
                    url,
                    f"{phrase}: asked to wait {wait:.0f}s, more than retry_after_max_s",
                    status=code,
                )
            raise FetchError(url, phrase, transient=True, status=code, retry_after=wait)
        raise FetchError(url, phrase, status=code)

    # --- bodies -------------------------------------------------------------------------

    def _declared_length(self, response: httpx.Response) -> int | None:
        value = response.headers.get("content-length")
        if value is None or response.headers.get("content-encoding"):
            return None  # a compressed body's length says nothing of the decoded one
        try:
            return int(value)
        except ValueError:
            return None

    def _chunks(self, response: httpx.Response, url: str, limit: int):
        """The decoded body in chunks, enforcing ``limit`` and the declared length."""
        declared = self._declared_length(response)
        if declared is not None and declared > limit:
            raise FetchError(url, f"{declared} bytes is over the size limit ({limit} bytes)")
        received = 0
        try:
            for chunk in response.iter_bytes():
                received += len(chunk)
                if received > limit:
                    raise FetchError(url, f"over the size limit ({limit} bytes)")
                yield chunk
        except httpx.TimeoutException:
            raise FetchError(url, f"stalled after {received} bytes", transient=True) from None
        except (httpx.RemoteProtocolError, httpx.ReadError) as exc:
            detail = f" of {declared}" if declared is not None else ""
            raise FetchError(
                url, f"truncated download: {received}{detail} bytes ({exc})", transient=True
            ) from None
        if declared is not None and received != declared:
            raise FetchError(
                url,
                f"truncated download: {received} of {declared} bytes (Content-Length)",
                transient=True,
            )

    def _read_page(self, response: httpx.Response, final_url: str) -> Page:
        self._check_status(response, final_url)
        content = b"".join(self._chunks(response, final_url, self.settings.max_page_bytes))
        return Page(final_url, response.status_code, content, response.headers.get("content-type"))

    def _save(
        self,
        response: httpx.Response,
        url: str,
        final_url: str,
        folder: Path,
        name: Callable[[str], str],
        expect: str | None,
        known_sha256: str | None,
    ) -> Download:
        etag = response.headers.get("etag")
        last_modified = response.headers.get("last-modified")
        content_type = response.headers.get("content-type")
        if response.status_code == 304:
            return Download(
                url, "unchanged", None, None, None, content_type, etag, last_modified, False
            )
        self._check_status(response, url)
        folder.mkdir(parents=True, exist_ok=True)
        fd, tmp_name = tempfile.mkstemp(prefix=".fetch-", suffix=".part", dir=folder)
        tmp = Path(tmp_name)
        try:
            digest = hashlib.sha256()
            head = b""
            size = 0
            with os.fdopen(fd, "wb") as handle:
                for chunk in self._chunks(response, url, self.settings.max_bytes):
                    if len(head) < SNIFF_BYTES:
                        head += chunk[: SNIFF_BYTES - len(head)]
                    digest.update(chunk)
                    handle.write(chunk)
                    size += len(chunk)
                handle.flush()
                os.fsync(handle.fileno())
            with self._count_lock:
                self.transfers += 1
            self._check_promise(url, head, content_type, expect)
            sha256 = digest.hexdigest()
            if known_sha256 is not None and sha256 == known_sha256:
                return Download(
                    url, "unchanged", None, sha256, size, content_type, etag, last_modified, True
                )
            target = folder / name(extension_for(head, content_type, final_url))
            os.replace(tmp, target)
            return Download(
                url, "new", target, sha256, size, content_type, etag, last_modified, True
            )
        finally:
            tmp.unlink(missing_ok=True)

    @staticmethod
    def _check_promise(url: str, head: bytes, content_type: str | None, expect: str | None) -> None:
        """Refuse a login page, or HTML (or anything else) where a PDF was promised."""
        if not head.strip():
            raise FetchError(url, "empty document")
        html = looks_like_html(head) or (content_type or "").lower().startswith("text/html")
        if html and _PASSWORD_FIELD.search(head):
            raise FetchError(url, "got a login page, not the document")
        if expect == "pdf" and b"%PDF-" not in head[:1024]:
            if html:
                raise FetchError(url, "expected a PDF, got an HTML page")
            shown = (content_type or "unknown type").split(";")[0]
            raise FetchError(url, f"expected a PDF, got {shown}")

    # --- retries ------------------------------------------------------------------------

    def _wait(self, state: RetryCallState) -> float:
        exc = state.outcome.exception() if state.outcome else None
        if isinstance(exc, FetchError) and exc.retry_after is not None:
            return exc.retry_after
        base = self.settings.backoff_initial_s * 2 ** (state.attempt_number - 1)
        return min(self.settings.backoff_max_s, base) * (1 + random.random() * 0.1)

    def _with_retries(self, url: str, call: Callable[[], T], attempts: int | None) -> T:
        attempts = attempts or self.settings.max_attempts
        retrying = Retrying(
            stop=stop_after_attempt(attempts),
            wait=self._wait,
            retry=retry_if_exception(lambda e: isinstance(e, FetchError) and e.transient),
            sleep=self._sleep,
            reraise=True,
        )
        try:
            return retrying(call)
        except FetchError as exc:
            if exc.transient and attempts > 1:
                raise FetchError(
                    exc.url, f"{exc.message} (after {attempts} attempts)", status=exc.status
                ) from None
            raise
