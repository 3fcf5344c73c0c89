"""The jinja2 environment for pages, feeds and emails, and the filters templates may use.

Autoescaping is on for every HTML and XML template, and ``StrictUndefined`` makes a missing
variable an error rather than an empty string. Only plain-text templates (``*.txt``, the
text part of emails) are not HTML-escaped: there is no markup there to inject into.
Document text reaches templates only as plain ``str``; nothing from a document is ever
marked safe. URLs from documents pass through :func:`safe_url`, which keeps http(s) only.
"""

from __future__ import annotations

import base64
import datetime as dt
import hashlib
from functools import cache
from pathlib import Path
from urllib.parse import urlsplit

import jinja2

from pipeline.render.catalog import strip_control
from pipeline.text import MONTH_NAMES, WEEKDAY_NAMES

TEMPLATES = Path(__file__).resolve().parent.parent / "templates"


@cache
def environment() -> jinja2.Environment:
    """The shared, read-only template environment."""
    env = jinja2.Environment(
        loader=jinja2.FileSystemLoader(TEMPLATES),
        # Everything but plain-text email bodies is escaped; .txt has no markup to escape.
        autoescape=jinja2.select_autoescape(
            enabled_extensions=("html", "xml"), disabled_extensions=("txt",), default=True
        ),
        undefined=jinja2.StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
    )
    env.filters["long_date"] = long_date
    env.filters["clock"] = clock
    env.filters["timestamp"] = timestamp
    env.globals["stylesheet"] = stylesheet
    env.globals["style_hash"] = style_hash
    return env


def render(template: str, **context: object) -> str:
    """Render one template by name."""
    return environment().get_template(template).render(**context)


@cache
def stylesheet() -> str:
    """The site's CSS, inlined into every page (no external assets)."""
    return (TEMPLATES / "site.css").read_text(encoding="utf-8")


@cache
def style_hash() -> str:
    """CSP hash source for the inline stylesheet, so no other style can apply."""
    digest = hashlib.sha256(stylesheet().encode("utf-8")).digest()
    return "sha256-" + base64.b64encode(digest).decode("ascii")


def safe_url(value: str | None) -> str | None:
    """``value`` if it is an absolute http(s) URL, else ``None``.

    ``javascript:``, ``data:``, ``vbscript:``, relative and protocol-relative URLs, and
    anything with whitespace or control characters inside, are refused: a document must
    not be able to put a script or a local link on our page.
    """
    if not value:
        return None
    url = str(value).strip()
    if url != strip_control(url) or any(ch.isspace() for ch in url) or "\\" in url:
        return None
    try:
        parts = urlsplit(url)
    except ValueError:
        return None
    if parts.scheme.lower() not in ("http", "https") or not parts.hostname:
        return None
    return url


def long_date(value: dt.date | None) -> str:
    """``Wednesday 11 September 2024``."""
    if value is None:
        return "Date not stated"
    # Names from our own list, not strftime's, which follow the machine's locale.
    weekday, month = WEEKDAY_NAMES[value.weekday()], MONTH_NAMES[value.month - 1]
    return f"{weekday} {value.day} {month} {value.year}"


def clock(value: str | None) -> str | None:
    """``"19:00"`` -> ``"7.00pm"``; other text is returned cleaned."""
    if not value:
        return None
    try:
        parsed = dt.time.fromisoformat(value.strip())
    except ValueError:
        return " ".join(strip_control(value).split()) or None
    hour = parsed.hour % 12 or 12
    return f"{hour}.{parsed.minute:02d}{'am' if parsed.hour < 12 else 'pm'}"


def timestamp(seconds: float | None) -> str | None:
    """``3723.4`` -> ``"1:02:03"``; ``75`` -> ``"1:15"``."""
    if seconds is None or seconds < 0:
        return None
    total = int(seconds)
    hours, rest = divmod(total, 3600)
    minutes, secs = divmod(rest, 60)
    return f"{hours}:{minutes:02d}:{secs:02d}" if hours else f"{minutes}:{secs:02d}"
