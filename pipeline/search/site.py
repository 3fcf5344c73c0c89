"""The site's search page: Pagefind's static index of the published meeting pages.

At render time the published meeting pages (and only those) are copied to a scratch folder
and indexed by the Pagefind binary that the ``pagefind[bin]`` package ships; its bundle is
written under ``pagefind/`` through the site writer (so unchanged files are not rewritten
and stale ones are removed with the rest of the site). ``search/index.html`` is the only
page that runs a script: ``search/search.js`` and the bundle, same-origin, allowed by that
page's own Content-Security-Policy. Without the binary the page says search is unavailable.
"""

from __future__ import annotations

import hashlib
import subprocess
import sys
import tempfile
from collections.abc import Callable, Iterable
from importlib import metadata
from pathlib import Path
from typing import Protocol

from pipeline.render.env import TEMPLATES, render

SEARCH_PAGE = "search/index.html"
BUNDLE_DIR = "pagefind"
ASSETS = ("search.js", "search.css")
PAGEFIND_TIMEOUT_S = 300
STAMP = "council-digest.stamp"  # what the bundle was built from


class PublishedPage(Protocol):
    """What the search page needs of a published meeting (a render ``MeetingView``)."""

    council: str
    body: str
    href: str


def write_search_site(
    write: Callable[[str, str | bytes], str],
    out_dir: Path,
    pages: Iterable[PublishedPage],
    *,
    lang: str,
    site_title: str,
) -> str | None:
    """Write the search page, its script and the Pagefind bundle of ``pages``.

    ``write(rel, content)`` is the site writer; the pages are read back from ``out_dir``,
    where the render has just written them. Returns why search is unavailable, or ``None``.
    """
    pages = list(pages)
    reason = None
    if pages:
        try:
            for rel, data in _bundle(out_dir, [p.href for p in pages], lang=lang):
                write(f"{BUNDLE_DIR}/{rel}", data)
        except PagefindUnavailable as exc:
            reason = str(exc)
            print(f"warning: site search not built: {reason}", file=sys.stderr)
    else:
        reason = "nothing is published yet"
    for name in ASSETS:
        write(f"search/{name}", (TEMPLATES / name).read_bytes())
    write(
        SEARCH_PAGE,
        render(
            "search.html",
            available=reason is None,
            reason=reason,
            councils=sorted({p.council for p in pages}, key=str.lower),
            bodies=sorted({p.body for p in pages}, key=str.lower),
            root="../",
            lang=lang,
            site_title=site_title,
        ),
    )
    return reason


def _bundle(out_dir: Path, hrefs: list[str], *, lang: str) -> list[tuple[str, bytes]]:
    """The bundle, re-used as it is on disk when the indexed pages have not changed.

    Pagefind's output is not byte-for-byte stable between runs (file names carry hashes of
    unordered data), so a re-render of unchanged pages keeps the old bundle: no new work.
    """
    digest = hashlib.sha256(f"{lang}\n{pagefind_version()}\n".encode())
    for href in sorted(hrefs):
        digest.update(f"{href}\n".encode())
        digest.update(hashlib.sha256((out_dir / href).read_bytes()).digest())
    stamp = digest.hexdigest()
    folder = out_dir / BUNDLE_DIR
    stamp_file = folder / STAMP
    if stamp_file.is_file() and stamp_file.read_text(encoding="utf-8").strip() == stamp:
        previous = [
            (path.relative_to(folder).as_posix(), path.read_bytes())
            for path in sorted(folder.rglob("*"))
            if path.is_file()
        ]
        if any(rel == "pagefind.js" for rel, _ in previous):
            return previous
    return [*pagefind_bundle(out_dir, hrefs, lang=lang), (STAMP, f"{stamp}\n".encode())]


def pagefind_version() -> str:
    """The version of the installed pagefind package (part of the bundle's stamp)."""
    try:
        return metadata.version("pagefind")
    except metadata.PackageNotFoundError:
        return "unknown"


class PagefindUnavailable(Exception):
    """The Pagefind binary is missing or failed."""


def pagefind_binary() -> Path:
    """The Pagefind executable shipped by the ``pagefind[bin]`` package."""
    try:
        from pagefind.service import get_executable
    except ImportError:
        raise PagefindUnavailable("the pagefind package is not installed") from None
    binary = get_executable()
    if binary is None or not Path(binary).is_file():
        raise PagefindUnavailable("the Pagefind binary is missing (pip install 'pagefind[bin]')")
    return Path(binary)


def pagefind_bundle(out_dir: Path, hrefs: list[str], *, lang: str) -> list[tuple[str, bytes]]:
    """Pagefind's bundle for the pages at ``hrefs`` (relative to ``out_dir``): (path, bytes)."""
    binary = pagefind_binary()
    with tempfile.TemporaryDirectory(prefix="council-digest-pagefind-") as tmp:
        site, bundle = Path(tmp) / "site", Path(tmp) / "bundle"
        for href in hrefs:
            target = site / href
            target.parent.mkdir(parents=True, exist_ok=True)
            target.write_bytes((out_dir / href).read_bytes())
        command = [
            str(binary),
            "--site",
            str(site),
            "--output-path",
            str(bundle),
            "--keep-index-url",  # links go to .../index.html: they work from any static server
            "--force-language",
            (lang or "en").split("-")[0].lower(),  # one index for the whole site
            "--silent",
        ]
        try:
            proc = subprocess.run(
                command, capture_output=True, text=True, timeout=PAGEFIND_TIMEOUT_S, check=False
            )
        except (OSError, subprocess.TimeoutExpired) as exc:
            raise PagefindUnavailable(f"Pagefind could not run: {exc}") from None
        if proc.returncode != 0 or not (bundle / "pagefind.js").is_file():
            message = (proc.stderr.strip().splitlines() or ["no output"])[-1]
            raise PagefindUnavailable(f"Pagefind failed (exit {proc.returncode}): {message}")
        return [
            (path.relative_to(bundle).as_posix(), path.read_bytes())
            for path in sorted(bundle.rglob("*"))
            if path.is_file()
        ]
