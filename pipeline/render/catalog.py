"""The stored summaries a site or digest is built from, and which of them may be published.

Summaries live in the summary store (:mod:`pipeline.store`); the evals stage writes
``evals.json`` (its output contract) and ``evals.html`` next to each. This module loads them
once, and answers the editorial question "may this be shown to the public?" according to
the ``[review]`` config.
"""

from __future__ import annotations

import datetime as dt
import difflib
import re
from collections.abc import Iterable
from dataclasses import dataclass
from functools import cached_property
from pathlib import Path
from typing import Literal

from pydantic import BaseModel

from pipeline.errors import InputError, PipelineError
from pipeline.limits import load_json, read_text_file
from pipeline.models import Document, MeetingSummary
from pipeline.store import (
    EVALS_HTML,
    EVALS_JSON,
    find_summaries,
    load_document_json,
    load_summary,
)
from pipeline.text import slugify

__all__ = [
    "EvalsSummary",
    "PublishPolicy",
    "ReviewSettings",
    "StoredSummary",
    "clean_label",
    "held_back",
    "load_catalog",
    "load_stored",
    "matches_council",
    "parse_date",
    "parse_week",
    "read_evals",
    "resolve_council",
    "same_council",
    "slugify",
    "sort_key",
    "strip_control",
    "week_bounds",
    "week_label",
]
UNKNOWN_COUNCIL = "Unknown council"
UNKNOWN_BODY = "Meeting"

PublishPolicy = Literal["approved", "approved_or_clean"]


class ReviewSettings(BaseModel):
    """The ``[review]`` config section: what the public sees."""

    # "approved": only summaries an editor approved. "approved_or_clean": also drafts whose
    # evals report exists and flags nothing (no unsupported/contradicted sentence, every
    # quote found). Rejected summaries are never published.
    publish: PublishPolicy = "approved_or_clean"
    # Who an approval is recorded as when --by is not given (falls back to $USER).
    editor: str | None = None


@dataclass(frozen=True)
class EvalsSummary:
    """The counts a page badge and the publish gate need from an ``evals.json``."""

    checked: int
    flagged: int
    quotes_total: int
    quotes_missing: int

    @property
    def clean(self) -> bool:
        """Nothing flagged: every sentence supported or unverifiable, every quote found."""
        return self.flagged == 0 and self.quotes_missing == 0


@dataclass(frozen=True)
class StoredSummary:
    """One ``summary.json`` on disk with what lies next to it."""

    path: Path
    summary: MeetingSummary
    evals: EvalsSummary | None

    @property
    def folder(self) -> Path:
        return self.path.parent

    @cached_property
    def document(self) -> Document | None:
        """The source as the summary's offsets index it (``document.json``), if kept."""
        return load_document_json(self.folder)

    @property
    def evals_html(self) -> Path | None:
        candidate = self.folder / EVALS_HTML
        return candidate if candidate.is_file() else None

    @property
    def council(self) -> str:
        return clean_label(self.summary.meeting.council) or UNKNOWN_COUNCIL

    @property
    def body(self) -> str:
        return clean_label(self.summary.meeting.body) or UNKNOWN_BODY

    @property
    def date(self) -> dt.date | None:
        return parse_date(self.summary.meeting.date)

    @property
    def status(self) -> str:
        return self.summary.review.status

    def publishable(self, policy: PublishPolicy) -> bool:
        """May the public see this summary under ``policy``?"""
        status = self.summary.review.status
        if status == "approved":
            return True
        if status == "rejected" or policy == "approved":
            return False
        if self.incomplete:
            return False  # a partly unreadable source: only an editor may publish it
        return self.evals is not None and self.evals.clean

    @property
    def incomplete(self) -> bool:
        """Did part of the source (a damaged PDF page) go unread for some item?"""
        return any(item.unreadable_pages for item in self.summary.items)


def clean_label(text: str | None) -> str | None:
    """Collapse whitespace and drop control characters; ``None`` for empty."""
    if text is None:
        return None
    cleaned = " ".join(strip_control(text).split())
    return cleaned or None


_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f\ufffe\uffff]")


def strip_control(text: str) -> str:
    """Remove characters that are invalid in XML 1.0 and meaningless on a page."""
    return _CONTROL.sub("", text)


def parse_date(value: str | None) -> dt.date | None:
    """``YYYY-MM-DD`` -> date; anything else -> ``None``."""
    if not value:
        return None
    try:
        return dt.date.fromisoformat(value.strip()[:10])
    except ValueError:
        return None


# ASCII digits only, nothing around them: "2024-W37 " and full-width digits are not weeks
# (they would name a different send-log key and lock for the same week).
_WEEK = re.compile(r"[0-9]{4}-W[0-9]{2}")


def parse_week(value: str) -> tuple[int, int]:
    """``"2024-W37"`` -> ``(2024, 37)``; raises :class:`ValueError` on anything else."""
    match = _WEEK.fullmatch(value)
    if not match:
        raise ValueError(f"{value!r} is not an ISO week like 2024-W37")
    year, week = int(value[:4]), int(value[6:])
    try:
        dt.date.fromisocalendar(year, week, 1)
    except ValueError:
        raise ValueError(f"{value!r}: {year} has no week {week}") from None
    return year, week


def week_label(day: dt.date) -> str:
    """The ISO week holding ``day``: ``"2024-W37"``."""
    year, week, _ = day.isocalendar()
    return f"{year}-W{week:02d}"


def week_bounds(week: str) -> tuple[dt.date, dt.date]:
    """First (Monday) and last (Sunday) day of an ISO week."""
    year, number = parse_week(week)
    monday = dt.date.fromisocalendar(year, number, 1)
    return monday, monday + dt.timedelta(days=6)


def read_evals(path: Path) -> EvalsSummary | None:
    """Counts from an ``evals.json`` (the evals output contract); ``None`` if absent/unreadable."""
    if not path.is_file():
        return None
    try:
        data = load_json(path, read_text_file(path, what="evals report"))
        sentences = data.get("summary_sentences") or []
        quotes = data.get("quotes") or []
        flagged = sum(1 for s in sentences if s.get("verdict") in ("unsupported", "contradicted"))
        missing = sum(1 for q in quotes if not q.get("found"))
    except (InputError, ValueError, AttributeError, TypeError):
        # An unreadable report counts as no report: the draft is then not publishable.
        return None
    return EvalsSummary(len(sentences), flagged, len(quotes), missing)


def load_stored(path: Path) -> StoredSummary:
    """A :class:`StoredSummary` for the ``summary.json`` at ``path``."""
    return StoredSummary(path, load_summary(path), read_evals(path.parent / EVALS_JSON))


def load_catalog(root: Path) -> list[StoredSummary]:
    """All summaries under ``root``, oldest meeting first."""
    stored = [load_stored(p) for p in find_summaries(root)]
    return sorted(stored, key=sort_key)


def sort_key(item: StoredSummary) -> tuple:
    return (item.date or dt.date.min, item.summary.meeting.time or "", item.body, str(item.path))


def same_council(a: str | None, b: str | None) -> bool:
    """Council names compared by slug, so "Northbridge" matches "northbridge"."""
    return a is not None and b is not None and slugify(a) == slugify(b)


def matches_council(item: StoredSummary, council: str) -> bool:
    """Does ``council`` (a name or slug) name this summary's council?"""
    wanted, have = slugify(council), slugify(item.council)
    # "northbridge" names "Northbridge Borough Council"; a whole-word prefix is enough.
    return have == wanted or have.startswith(wanted + "-")


def resolve_council(name: str, known: Iterable[str]) -> str:
    """The known council ``name`` names: by name or slug, or by a whole-word prefix of one
    ("northbridge" -> "Northbridge Borough Council"). ``name`` itself while no council is
    known yet. An unknown or ambiguous name is a :class:`PipelineError` (one line, exit 2)
    that names the nearest known councils."""
    names = sorted({c for c in (clean_label(k) for k in known) if c and c != UNKNOWN_COUNCIL})
    if not names:
        return name
    wanted = slugify(name)
    exact = [n for n in names if slugify(n) == wanted]
    if exact:
        return exact[0]
    prefixed = [n for n in names if slugify(n).startswith(wanted + "-")]
    if len(prefixed) == 1:
        return prefixed[0]
    if prefixed:
        raise PipelineError(f"council {name!r} could be {_either(prefixed)}: give the full name")
    slugs = {slugify(n): n for n in names}
    near = [slugs[s] for s in difflib.get_close_matches(wanted, list(slugs), n=3, cutoff=0.5)]
    hint = f"did you mean {_either(near)}?" if near else f"known: {', '.join(names[:6])}"
    raise PipelineError(f"unknown council {name!r}: {hint}")


def _either(names: list[str]) -> str:
    quoted = [f"{n!r}" for n in names]
    return quoted[0] if len(quoted) == 1 else ", ".join(quoted[:-1]) + " or " + quoted[-1]


def held_back(stored: StoredSummary, policy: PublishPolicy) -> str | None:
    """Why the public does not see ``stored`` under ``policy`` (``None`` when it does)."""
    if stored.publishable(policy):
        return None
    status = stored.summary.review.status
    if status == "rejected":
        note = stored.summary.review.note
        return "rejected by an editor" + (f" ({note})" if note else "")
    if policy == "approved":
        return "not approved yet: the 'approved' policy publishes approved summaries only"
    if stored.evals is None:
        return (
            "not checked yet: drafts are published once evals flag nothing (run the weekly "
            "job, or approve it with `run.py review approve`)"
        )
    ev = stored.evals
    parts = []
    if ev.flagged:
        parts.append(f"{ev.flagged} sentence{'s' if ev.flagged != 1 else ''} flagged")
    if ev.quotes_missing:
        parts.append(f"{ev.quotes_missing} quote{'s' if ev.quotes_missing != 1 else ''} not found")
    return f"evals: {', '.join(parts)} (read evals.html, then `run.py review approve` or edit)"
