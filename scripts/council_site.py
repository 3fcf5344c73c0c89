#!/usr/bin/env python3
"""Serve a council website from recorded files on 127.0.0.1: for ``make demo`` and the tests.

A site folder holds the recorded pages and a ``site.toml`` mapping requests to them::

    rewrite = ["https://democracy.example.gov.uk"]   # absolute links served as ours

    [[route]]
    path = "/ieListDocuments.aspx"          # matched without regard to case, like IIS
    query = {CId = "212", MId = "4871"}     # these parameters must be present (any others may be)
    file = "planning-2024-09-10.html"       # or: body = "...", status = 404, headers = {...}
    content_type = "text/html; charset=utf-8"
    method = "GET"                          # POST for page methods (eScribe)

Every answer carries an ``ETag`` (the sha256 of its bytes) and a ``Last-Modified``, and a
conditional request whose validators match gets ``304 Not Modified``: the site behaves
like a real one for incremental fetching. Text answers have each ``rewrite`` origin
replaced by this server's own address, so recorded pages link back to the local copy and
nothing ever leaves 127.0.0.1. Unmatched requests get 404.

Tests add routes (and faults: status codes, ``Retry-After``, redirects, truncated bodies,
login pages) with :meth:`CouncilSite.route`, and read :attr:`CouncilSite.requests`.

Command line::

    python scripts/council_site.py SITE_FOLDER [--port N] -- COMMAND [ARG...]

starts the site, runs COMMAND with ``COUNCIL_SITE_URL`` set to its address, stops the site
(whatever COMMAND did) and exits with COMMAND's exit code.
"""

from __future__ import annotations

import argparse
import hashlib
import os
import subprocess
import sys
import threading
import tomllib
from dataclasses import dataclass, field
from email.utils import parsedate_to_datetime
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from urllib.parse import parse_qsl, unquote, urlsplit

LAST_MODIFIED = "Mon, 02 Sep 2024 09:00:00 GMT"
TEXT_TYPES = ("text/", "application/json", "application/xml", "application/xhtml")


@dataclass
class Reply:
    """One answer. ``truncate``: send only that many body bytes, then hang up."""

    status: int = 200
    body: bytes = b""
    content_type: str | None = "text/html; charset=utf-8"
    headers: dict[str, str] = field(default_factory=dict)
    validators: bool = True
    truncate: int | None = None


@dataclass
class Route:
    method: str
    path: str
    query: dict[str, str]
    replies: list[Reply]
    served: int = 0

    def next_reply(self) -> Reply:
        """Replies in order; the last one repeats."""
        reply = self.replies[min(self.served, len(self.replies) - 1)]
        self.served += 1
        return reply


@dataclass
class Recorded:
    method: str
    path: str
    query: dict[str, str]
    headers: dict[str, str]
    body: bytes


def _lower_query(query: str) -> dict[str, str]:
    return {k.lower(): v for k, v in parse_qsl(query, keep_blank_values=True)}


class CouncilSite:
    """A recorded council website on 127.0.0.1 (``with CouncilSite(folder) as site:``)."""

    def __init__(self, folder: Path | None = None, *, port: int = 0) -> None:
        self.folder = folder
        self.port = port
        self.routes: list[Route] = []
        self.rewrite: list[str] = []
        self.requests: list[Recorded] = []
        self._lock = threading.Lock()
        self._server: ThreadingHTTPServer | None = None
        self._thread: threading.Thread | None = None
        self._url: str | None = None
        if folder is not None:
            self._load(folder)

    # --- configuration ------------------------------------------------------------------

    def _load(self, folder: Path) -> None:
        config = tomllib.loads((folder / "site.toml").read_text(encoding="utf-8"))
        self.rewrite = list(config.get("rewrite", []))
        for entry in config.get("route", []):
            if "file" in entry:
                body = (folder / entry["file"]).read_bytes()
            else:
                body = str(entry.get("body", "")).encode("utf-8")
            reply = Reply(
                status=int(entry.get("status", 200)),
                body=body,
                content_type=entry.get("content_type", _guess_type(entry.get("file", ""))),
                headers=dict(entry.get("headers", {})),
            )
            self.route(
                entry["path"], reply, method=entry.get("method", "GET"), query=entry.get("query")
            )

    def route(
        self,
        path: str,
        *replies: Reply,
        method: str = "GET",
        query: dict[str, str] | None = None,
    ) -> None:
        """Answer ``method path`` (with at least ``query``) with ``replies``, in order.

        A later route for the same request replaces an earlier one (tests add faults).
        """
        wanted = {k.lower(): str(v) for k, v in (query or {}).items()}
        with self._lock:
            self.routes = [
                r
                for r in self.routes
                if not (r.method == method and r.path.lower() == path.lower() and r.query == wanted)
            ]
            self.routes.append(Route(method, path, wanted, list(replies) or [Reply()]))

    def _match(self, method: str, path: str, query: dict[str, str]) -> Route | None:
        candidates = [
            r
            for r in self.routes
            if r.method == method
            and r.path.lower() == path.lower()
            and all(query.get(k) == v for k, v in r.query.items())
        ]
        return max(candidates, key=lambda r: len(r.query), default=None)

    # --- serving --------------------------------------------------------------------------

    @property
    def url(self) -> str:
        """``http://127.0.0.1:<port>`` (still known after :meth:`stop`)."""
        assert self._url is not None, "start() the site first"
        return self._url

    def start(self) -> CouncilSite:
        site = self

        class Handler(BaseHTTPRequestHandler):
            def do_GET(self) -> None:
                site._answer(self, "GET")

            def do_POST(self) -> None:
                site._answer(self, "POST")

            def log_message(self, *_args: object) -> None:
                return

        self._server = ThreadingHTTPServer(("127.0.0.1", self.port), Handler)
        self._url = f"http://127.0.0.1:{self._server.server_address[1]}"
        self._server.daemon_threads = True
        self._thread = threading.Thread(target=self._server.serve_forever, daemon=True)
        self._thread.start()
        return self

    def stop(self) -> None:
        if self._server is not None:
            self._server.shutdown()
            self._server.server_close()
            self._server = None

    def __enter__(self) -> CouncilSite:
        return self.start()

    def __exit__(self, *exc: object) -> None:
        self.stop()

    def _answer(self, handler: BaseHTTPRequestHandler, method: str) -> None:
        parts = urlsplit(handler.path)
        path = unquote(parts.path)
        query = _lower_query(parts.query)
        length = int(handler.headers.get("Content-Length") or 0)
        body = handler.rfile.read(length) if length else b""
        headers = {k.lower(): v for k, v in handler.headers.items()}
        with self._lock:
            self.requests.append(Recorded(method, path, query, headers, body))
            route = self._match(method, path, query)
            reply = route.next_reply() if route else Reply(404, b"<h1>Not found</h1>")
        content = self._rewritten(reply)
        out = dict(reply.headers)
        if reply.content_type:
            out.setdefault("Content-Type", reply.content_type)
        if reply.status == 200 and reply.validators:
            etag = '"' + hashlib.sha256(content).hexdigest()[:32] + '"'
            out.setdefault("ETag", etag)
            out.setdefault("Last-Modified", LAST_MODIFIED)
            if _not_modified(headers, out["ETag"], out["Last-Modified"]):
                handler.send_response(304)
                handler.send_header("ETag", out["ETag"])
                handler.end_headers()
                return
        handler.send_response(reply.status)
        for name, value in out.items():
            handler.send_header(name, value)
        handler.send_header("Content-Length", str(len(content)))
        handler.end_headers()
        sent = content if reply.truncate is None else content[: reply.truncate]
        try:
            handler.wfile.write(sent)
            handler.wfile.flush()
        except (BrokenPipeError, ConnectionResetError):
            return
        if reply.truncate is not None:
            handler.close_connection = True

    def _rewritten(self, reply: Reply) -> bytes:
        content = reply.body
        if not self.rewrite or not (reply.content_type or "").startswith(TEXT_TYPES):
            return content
        own = self.url.encode("ascii")
        for origin in self.rewrite:
            content = content.replace(origin.encode("ascii"), own)
            content = content.replace(origin.replace("/", "\\/").encode("ascii"), own)
        return content


def _not_modified(headers: dict[str, str], etag: str, last_modified: str) -> bool:
    match = headers.get("if-none-match")
    if match is not None:
        return etag in [t.strip() for t in match.split(",")] or match.strip() == "*"
    since = headers.get("if-modified-since")
    if since:
        try:
            return parsedate_to_datetime(since) >= parsedate_to_datetime(last_modified)
        except (TypeError, ValueError):
            return False
    return False


def _guess_type(name: str) -> str:
    suffix = Path(name).suffix.lower()
    return {
        ".pdf": "application/pdf",
        ".xml": "text/xml; charset=utf-8",
        ".json": "application/json; charset=utf-8",
        ".txt": "text/plain; charset=utf-8",
    }.get(suffix, "text/html; charset=utf-8")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("folder", type=Path, help="site folder with site.toml")
    parser.add_argument("--port", type=int, default=0, help="port (default: any free one)")
    parser.add_argument("command", nargs=argparse.REMAINDER, help="-- COMMAND [ARG...]")
    args = parser.parse_args(argv)
    command = args.command[1:] if args.command[:1] == ["--"] else args.command
    with CouncilSite(args.folder, port=args.port) as site:
        if not command:
            print(f"serving {args.folder} at {site.url} (Ctrl-C stops)", flush=True)
            try:
                threading.Event().wait()
            except KeyboardInterrupt:
                return 0
        env = {**os.environ, "COUNCIL_SITE_URL": site.url}
        try:
            return subprocess.run(command, env=env, check=False).returncode
        except KeyboardInterrupt:
            return 130
        except OSError as exc:
            print(f"error: {command[0]}: {exc.strerror}", file=sys.stderr)
            return 2


if __name__ == "__main__":
    sys.exit(main())
