"""The councils registry: ``config/councils.toml``, one ``[[council]]`` table per council.

Reading validates every entry (slug, platform, address, time zone) and refuses duplicates;
:func:`add_council` appends one table to the file's own text, so comments and layout
survive, and writes through a temporary file and a rename.
"""

from __future__ import annotations

import json
import re
import tomllib
from fnmatch import fnmatchcase
from pathlib import Path
from urllib.parse import urlsplit

from pydantic import ValidationError

from pipeline.errors import ConfigError, PipelineError
from pipeline.fetch.models import Council
from pipeline.fetch.platforms import PLATFORMS
from pipeline.fileio import write_atomic
from pipeline.render.catalog import slugify

HEADER = (
    "# Councils Council Digest fetches meetings from (`run.py councils list|add|show`).\n"
    "# One [[council]] table each: slug, name, platform, base_url, time_zone, and the\n"
    "# bodies to follow (empty: all) or skip (shell-style patterns, any case).\n"
)


def _problem(exc: ValidationError) -> str:
    first = exc.errors()[0]
    where = ".".join(str(p) for p in first["loc"]) or "entry"
    return f"{where}: {first['msg'].removeprefix('Value error, ')}"


def validate_council(data: dict) -> Council:
    """A :class:`Council` from one table; raises ValueError with a one-line reason."""
    try:
        council = Council.model_validate(data)
    except ValidationError as exc:
        raise ValueError(_problem(exc)) from None
    if council.platform not in PLATFORMS:
        known = ", ".join(sorted(PLATFORMS))
        raise ValueError(f"platform: {council.platform!r} is not one of {known}")
    return council


def load_registry(path: str | Path) -> list[Council]:
    """Every council of the registry at ``path`` (none when the file does not exist)."""
    path = Path(path)
    if not path.exists():
        return []
    try:
        data = tomllib.loads(path.read_text(encoding="utf-8"))
    except tomllib.TOMLDecodeError as exc:
        raise ConfigError(f"{path}: invalid TOML: {exc}") from None
    except (OSError, UnicodeDecodeError) as exc:
        raise ConfigError(f"{path}: cannot read: {exc}") from None
    tables = data.get("council", [])
    if not isinstance(tables, list):
        raise ConfigError(f"{path}: `council` must be an array of tables ([[council]])")
    councils: list[Council] = []
    for number, table in enumerate(tables, start=1):
        label = table.get("slug") if isinstance(table, dict) else None
        try:
            if not isinstance(table, dict):
                raise ValueError("not a table")
            council = validate_council(table)
            _refuse_duplicate(councils, council)
        except ValueError as exc:
            raise ConfigError(f"{path}: council {label or number}: {exc}") from None
        councils.append(council)
    return councils


def _same_site(a: str, b: str) -> bool:
    return a.rstrip("/").lower() == b.rstrip("/").lower()


def _refuse_duplicate(councils: list[Council], council: Council) -> None:
    for other in councils:
        if other.slug == council.slug:
            raise ValueError(f"slug {council.slug!r} is already registered")
        if _same_site(other.base_url, council.base_url):
            raise ValueError(f"{council.base_url} is already registered as {other.slug!r}")


def find_council(councils: list[Council], key: str) -> Council | None:
    """The council whose slug, name or base URL is ``key`` (any case)."""
    wanted = slugify(key)
    for council in councils:
        if council.slug == key or council.slug == wanted or slugify(council.name) == wanted:
            return council
    for council in councils:  # "northbridge" for "Northbridge Borough Council"
        if slugify(council.name).startswith(wanted + "-"):
            return council
    if "://" in key:
        for council in councils:
            if _same_site(council.base_url, key):
                return council
    return None


def council_for_url(url: str, platform: str) -> Council:
    """A council not in the registry, known by its address alone."""
    host = urlsplit(url).hostname or "council"
    slug = slugify(host)[:80]
    return Council(slug=slug, name=host, platform=platform, base_url=url)


def follows(council: Council, body: str, only: str | None = None) -> bool:
    """Does the run fetch ``body``: registry follow/skip patterns, then ``--body``?"""
    name = body.casefold()

    def matches(pattern: str) -> bool:
        pattern = pattern.casefold()
        return fnmatchcase(name, pattern) or slugify(body) == slugify(pattern)

    if council.bodies and not any(matches(p) for p in council.bodies):
        return False
    if any(matches(p) for p in council.skip_bodies):
        return False
    return only is None or matches(only) or slugify(only) in slugify(body)


def _toml_value(value: object) -> str:
    # JSON strings are valid TOML basic strings (same escapes), lists likewise.
    if isinstance(value, list):
        return "[" + ", ".join(json.dumps(v, ensure_ascii=False) for v in value) + "]"
    return json.dumps(value, ensure_ascii=False)


def council_toml(council: Council) -> str:
    """One ``[[council]]`` table for ``council``."""
    data = council.model_dump(exclude_none=True)
    lines = ["[[council]]"]
    for key in ("slug", "name", "platform", "base_url", "api_url", "time_zone"):
        if key in data:
            lines.append(f"{key} = {_toml_value(data[key])}")
    lines.append(f"bodies = {_toml_value(data['bodies'])}")
    lines.append(f"skip_bodies = {_toml_value(data['skip_bodies'])}")
    return "\n".join(lines) + "\n"


def add_council(path: str | Path, council: Council) -> Path:
    """Append ``council`` to the registry at ``path``; refuses a slug or site already there."""
    path = Path(path)
    councils = load_registry(path)
    try:
        validate_council(council.model_dump())
        _refuse_duplicate(councils, council)
    except ValueError as exc:
        raise PipelineError(f"{path}: {exc}") from None
    text = path.read_text(encoding="utf-8") if path.exists() else HEADER
    if text and not text.endswith("\n"):
        text += "\n"
    text += ("\n" if text.strip() else "") + council_toml(council)
    # Never write a file we could not read back.
    reread = tomllib.loads(text).get("council", [])
    if not any(t.get("slug") == council.slug for t in reread):
        raise PipelineError(f"{path}: could not add {council.slug!r}")
    return write_atomic(path, text)


def parse_bodies(values: tuple[str, ...] | list[str]) -> list[str]:
    """``--body`` values, each possibly comma-separated, stripped and de-duplicated."""
    seen: list[str] = []
    for value in values:
        for part in re.split(r"\s*,\s*", value.strip()):
            if part and part not in seen:
                seen.append(part)
    return seen
