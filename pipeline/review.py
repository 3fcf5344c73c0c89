"""Editor review: list, show, approve, reject and edit stored summaries.

The editorial state lives in each ``summary.json``'s ``review`` field. Editing works on a
plain-text form of the summary (see :func:`to_edit_text`): overview and item sentences one
per line, quotes, decisions and actions marked by a leading character. Text that an edit
leaves unchanged keeps its source spans, so evals still check it against the cited span; new
or changed text has none and evals search the whole source. An edit returns the summary to
``draft``: an editor approves the final text, not an earlier one. An edit that changes
nothing (an empty file included) changes nothing, its status included.
"""

from __future__ import annotations

import datetime as dt
import getpass
import json
import os
import re
from dataclasses import dataclass
from pathlib import Path

from pipeline.errors import InputError, PipelineError
from pipeline.models import (
    Action,
    Decision,
    ItemSummary,
    MeetingSummary,
    Quote,
    SummarySentence,
)
from pipeline.render.catalog import StoredSummary
from pipeline.store import save

OUTCOMES = ("agreed", "approved", "rejected", "deferred", "noted", "other")
_HEADER = re.compile(r"^==\s*(.+?)\s*==$")
_ITEM_HEADER = re.compile(r"^item\s+(\S+)\s*\|\s*(.*)$")
_BRACKETED = re.compile(r"^\[([^\]]*)\]\s*(.*)$")
_DECISION = re.compile(r"^!\s*(?:(" + "|".join(OUTCOMES) + r")\s*:\s*)?(.*)$", re.IGNORECASE)

EDIT_HELP = """\
# Edit this summary and save. Lines starting with '#' are ignored.
# One sentence per line. Keep the '== ... ==' section lines (item titles may be edited).
#   > [Speaker] quoted words      a verbatim quote ([Speaker] optional)
#   ! outcome: text               a decision (agreed, approved, rejected, deferred, noted, other)
#   - [Owner] text                an action or next step ([Owner] optional)
# Leave a section empty to drop its text. Unchanged lines keep their source citations.
"""


def now_iso() -> str:
    return dt.datetime.now(dt.UTC).replace(microsecond=0).isoformat()


def editor_name(explicit: str | None, configured: str | None) -> str:
    """Who an action is recorded as: --by, then config, then the login name."""
    if explicit:
        return explicit
    if configured:
        return configured
    try:
        return getpass.getuser()
    except (KeyError, OSError):
        return os.environ.get("USER", "editor")


def set_status(
    stored: StoredSummary, status: str, *, by: str, note: str | None = None
) -> MeetingSummary:
    """Approve or reject: record who, when and why in ``review``, and save."""
    summary = stored.summary.model_copy(deep=True)
    summary.review.status = status  # type: ignore[assignment]
    summary.review.by = by
    summary.review.at = now_iso()
    summary.review.note = note
    save(stored.path, summary)
    return summary


# --- the editable text form -------------------------------------------------------------


def _bracket(value: str | None) -> str:
    return f"[{value}] " if value else ""


def to_edit_text(summary: MeetingSummary) -> str:
    """The summary as editable plain text (parsed back by :func:`apply_edit`)."""
    meeting = summary.meeting
    lines = [
        f"# Summary of {meeting.body or 'meeting'}, {meeting.date or 'undated'}"
        f" ({meeting.council or 'unknown council'}); review status: {summary.review.status}",
        EDIT_HELP.rstrip("\n"),
        "",
        "== overview ==",
    ]
    lines += [s.text for s in summary.overview]
    for item in summary.items:
        lines += ["", f"== item {item.number} | {item.title} =="]
        lines += [s.text for s in item.sentences]
        lines += [f"> {_bracket(q.speaker)}{q.text}" for q in item.quotes]
        lines += [
            f"! {d.outcome}: {d.text}" if d.outcome else f"! {d.text}" for d in item.decisions
        ]
        lines += [f"- {_bracket(a.owner)}{a.text}" for a in item.actions]
    return "\n".join(lines) + "\n"


@dataclass
class _Section:
    kind: str  # "overview" or "item"
    number: str | None
    title: str | None
    lines: list[tuple[int, str]]


def _sections(text: str, source: str) -> list[_Section]:
    sections: list[_Section] = []
    for lineno, raw in enumerate(text.splitlines(), start=1):
        line = " ".join(raw.split())
        if not line or line.startswith("#"):
            continue
        header = _HEADER.match(line)
        if header:
            label = header.group(1)
            if label.lower() == "overview":
                sections.append(_Section("overview", None, None, []))
                continue
            item = _ITEM_HEADER.match(label)
            if not item:
                raise InputError(source, f"line {lineno}: unknown section '== {label} =='")
            sections.append(_Section("item", item.group(1), item.group(2).strip(), []))
            continue
        if not sections:
            raise InputError(source, f"line {lineno}: text before the first '== ... ==' line")
        sections[-1].lines.append((lineno, line))
    return sections


def apply_edit(summary: MeetingSummary, text: str, *, source: str = "edit") -> MeetingSummary:
    """A copy of ``summary`` with the text of an edited :func:`to_edit_text` form."""
    edited = summary.model_copy(deep=True)
    by_number = {item.number: item for item in edited.items}
    seen: set[str] = set()
    saw_overview = False
    for section in _sections(text, source):
        if section.kind == "overview":
            if saw_overview:
                raise InputError(source, "two '== overview ==' sections")
            saw_overview = True
            old = {s.text: s.spans for s in summary.overview}
            edited.overview = []
            for lineno, line in section.lines:
                if line[:1] in (">", "!", "-") and line[1:2] == " ":
                    raise InputError(
                        source,
                        f"line {lineno}: quotes, decisions and actions "
                        "belong to an item, not the overview",
                    )
                edited.overview.append(SummarySentence(text=line, spans=old.get(line, [])))
            continue
        number = section.number or ""
        if number not in by_number:
            raise InputError(source, f"no item {number!r} in this summary")
        if number in seen:
            raise InputError(source, f"item {number} appears twice")
        seen.add(number)
        _apply_item(by_number[number], section, source)
    return edited


def _apply_item(item: ItemSummary, section: _Section, source: str) -> None:
    old_sentences = {s.text: s.spans for s in item.sentences}
    old_quotes = {q.text: q for q in item.quotes}
    old_decisions = {d.text: d for d in item.decisions}
    old_actions = {a.text: a for a in item.actions}
    if section.title:
        item.title = section.title
    item.sentences, item.quotes, item.decisions, item.actions = [], [], [], []
    for lineno, line in section.lines:
        marker, rest = line[:2], line[2:].strip()
        if marker == "> ":
            speaker, words = _split_bracket(rest)
            if not words:
                raise InputError(source, f"line {lineno}: empty quote")
            before = old_quotes.get(words)
            item.quotes.append(
                Quote(
                    text=words,
                    speaker=speaker,
                    span=before.span if before else None,
                    # The timestamp belongs to those exact words from that speaker.
                    time=before.time if before and before.speaker == speaker else None,
                    # Reported speech stays reported: the same words are still the clerk's.
                    kind=before.kind if before else "direct",
                )
            )
        elif marker == "! ":
            match = _DECISION.match(line)
            assert match is not None
            outcome = match.group(1).lower() if match.group(1) else None
            words = match.group(2).strip()
            if not words:
                raise InputError(source, f"line {lineno}: empty decision")
            before = old_decisions.get(words)
            item.decisions.append(
                Decision(text=words, outcome=outcome, span=before.span if before else None)  # type: ignore[arg-type]
            )
        elif marker == "- ":
            owner, words = _split_bracket(rest)
            before = old_actions.get(words)
            item.actions.append(
                Action(text=words, owner=owner, span=before.span if before else None)
            )
        else:
            item.sentences.append(SummarySentence(text=line, spans=old_sentences.get(line, [])))


def _split_bracket(text: str) -> tuple[str | None, str]:
    match = _BRACKETED.match(text)
    if not match:
        return None, text
    return (match.group(1).strip() or None), match.group(2).strip()


def changes_text(before: MeetingSummary, after: MeetingSummary) -> bool:
    """Does ``after`` say anything different from ``before`` (overview, items)?"""
    fields = {"overview", "items"}
    return before.model_dump(include=fields) != after.model_dump(include=fields)


def record_edit(stored: StoredSummary, edited: MeetingSummary, *, by: str) -> MeetingSummary | None:
    """Save an edited summary as a draft, noting who edited it and when.

    An edit that changes nothing (an empty file, the text as it was) is not an edit: the
    summary and its review status stay as they are, and ``None`` is returned.
    """
    if not changes_text(stored.summary, edited):
        return None
    edited.review.status = "draft"
    edited.review.edited_by = by
    edited.review.edited_at = now_iso()
    edited.review.note = "edited; needs approval"
    save(stored.path, edited)
    return edited


# --- evals in review: the gate on approval, and what an editor is shown ------------------


@dataclass(frozen=True)
class FlaggedSentence:
    """A sentence evals flagged, with the reasons a reviewer acts on."""

    text: str
    verdict: str
    reasons: list[str]
    evidence: str | None


def flagged_sentences(evals_json: Path) -> list[FlaggedSentence]:
    """The flagged sentences (and quotes not found) of an ``evals.json``; empty when the
    file is absent or unreadable (the publish gate treats that as "not checked")."""
    try:
        data = json.loads(evals_json.read_text(encoding="utf-8"))
        sentences = data.get("summary_sentences") or []
    except (OSError, ValueError, AttributeError):
        return []
    flagged: list[FlaggedSentence] = []
    for s in sentences:
        if not isinstance(s, dict) or s.get("verdict") not in ("unsupported", "contradicted"):
            continue
        issues = [i for i in s.get("issues") or [] if isinstance(i, dict)]
        evidence = next((i["evidence"] for i in issues if i.get("evidence")), None)
        evidence = evidence or s.get("evidence")
        flagged.append(
            FlaggedSentence(
                text=str(s.get("text", "")),
                verdict=str(s["verdict"]),
                reasons=[f"{i.get('kind')}: {i.get('detail')}" for i in issues],
                evidence=" ".join(str(evidence.get("text", "")).split()) if evidence else None,
            )
        )
    return flagged


def describe_flagged(flagged: list[FlaggedSentence]) -> list[str]:
    """Lines for a terminal: each flagged sentence, its verdict, reasons and evidence."""
    lines: list[str] = []
    for f in flagged:
        lines.append(f"! {f.verdict}: {f.text}")
        lines += [f"    - {reason}" for reason in f.reasons]
        if f.evidence:
            lines.append(f"    source: {f.evidence[:200]}")
    return lines


def approval_refusal(stored: StoredSummary, *, force: bool, note: str | None) -> str | None:
    """Why ``review approve`` must refuse, or ``None``: a summary whose evals flag anything
    is approved only with ``--force`` and a note saying why the editor overrides them."""
    if stored.evals is None or stored.evals.clean:
        return None
    if force and note and note.strip():
        return None
    what = f"{stored.evals.flagged} flagged sentence(s)"
    if stored.evals.quotes_missing:
        what += f", {stored.evals.quotes_missing} quote(s) not found"
    how = "add --note saying why" if force else "fix it with `review edit`, or pass --force --note"
    return f"{stored.path}: evals report {what}: {how}"


def ensure(condition: bool, message: str) -> None:
    """Raise a one-line :class:`PipelineError` unless ``condition``."""
    if not condition:
        raise PipelineError(message)
