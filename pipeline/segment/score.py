"""Score segmenting against ground truth: agenda items and meeting facts per document.

The truth file is a JSON object keyed by each document's path (relative to a root
folder); each value gives ``council``, ``body``, ``date``, ``kind``, ``items`` (each with
``number`` (a string, a list of accepted strings, or null), ``title``, ``parent`` and, for
transcripts, ``time``) and optionally ``split`` (any name: "dev", "test", "test2", ...).

Matching rules (the same as the shared ``score-segment`` tool):

- items: only top-level items count (truth ``parent`` null; found items without a
  ``parent``). A found item matches a true one when the numbers agree (ignoring case,
  dots, ``*``, ``S-``, ``Item``/``Minute`` prefixes) or the true number is null, and the
  titles agree (same words after lower-casing, one a prefix of the other, or at least
  60% of the shorter title's words in the other). Each true item matches at most one
  found item, in document order.
- transcripts: when truth items carry ``time``, a match must also start within 30 s.
- meeting facts: date exact; kind exact ("report" accepts "minutes"); council and body
  match when their words overlap by at least 60% of the shorter; the start time
  ("HH:MM") exact, scored only for documents whose truth has ``start_time``.

Documents are read and segmented in this process, one after another.
"""

from __future__ import annotations

import json
import re
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from pipeline.errors import InputError, PipelineError
from pipeline.ingest import load_document
from pipeline.ingest.options import IngestOptions
from pipeline.models import Segmentation

FACTS = ("date", "kind", "council", "body")
# Scored only where the truth states it (``start_time``, "HH:MM" or null).
OPTIONAL_FACTS = ("time",)
_ESCAPE = re.compile(r"\\([.\-*#])")
_WORD = re.compile(r"[a-z0-9]+")
_NUMBER_PREFIX = re.compile(r"^(?:item|minute|no\.?)\s+")
_TIME_WINDOW = 30.0


@dataclass(slots=True)
class DocumentScore:
    """One document's result: item counts, misses, facts, or the failure."""

    path: str
    split: str | None = None
    matched: int = 0
    true: int = 0
    found: int = 0
    missed: list[str] = field(default_factory=list)
    spurious: list[str] = field(default_factory=list)
    facts: dict[str, tuple[bool, str | None, str | None]] = field(default_factory=dict)
    failed: str | None = None
    states_time: bool = False

    def to_json(self) -> dict:
        """Plain data for ``--json``."""
        out: dict = {"doc": self.path, "split": self.split}
        if self.failed is not None:
            return {**out, "failed": self.failed, "true": self.true}
        return {
            **out,
            "hit": self.matched,
            "true": self.true,
            "found": self.found,
            "facts": {k: list(v) for k, v in self.facts.items()},
            "missed": self.missed,
            "spurious": self.spurious,
        }


@dataclass(slots=True)
class CorpusScore:
    """All documents' results and the totals over them."""

    documents: list[DocumentScore]

    @property
    def precision(self) -> float:
        found = sum(d.found for d in self.documents)
        return sum(d.matched for d in self.documents) / found if found else 0.0

    @property
    def recall(self) -> float:
        true = sum(d.true for d in self.documents)
        return sum(d.matched for d in self.documents) / true if true else 0.0

    @property
    def f1(self) -> float:
        p, r = self.precision, self.recall
        return 2 * p * r / (p + r) if p + r else 0.0

    @property
    def failed(self) -> int:
        return sum(1 for d in self.documents if d.failed is not None)

    def correct(self, fact: str) -> int:
        """Documents whose ``fact`` is right (failed documents count as wrong)."""
        return sum(1 for d in self.documents if d.facts.get(fact, (False,))[0])

    def total(self) -> dict:
        """The totals, as ``--json`` prints them."""
        n = len(self.documents)
        return {
            "precision": round(self.precision, 3),
            "recall": round(self.recall, 3),
            "f1": round(self.f1, 3),
            "items_true": sum(d.true for d in self.documents),
            "items_found": sum(d.found for d in self.documents),
            "items_matched": sum(d.matched for d in self.documents),
            "documents": n,
            "documents_failed": self.failed,
            **{f"{fact}_correct": f"{self.correct(fact)}/{n}" for fact in FACTS},
            **{
                f"{fact}_correct": f"{self.correct(fact)}/{self.stated(fact)}"
                for fact in OPTIONAL_FACTS
                if self.stated(fact)
            },
        }

    def stated(self, fact: str) -> int:
        """Documents whose truth states ``fact`` (all of them for :data:`FACTS`)."""
        if fact in FACTS:
            return len(self.documents)
        return sum(1 for d in self.documents if d.states_time)


Segmenter = Callable[[Path], Segmentation]


def load_truth(path: Path, split: str | None = None) -> dict[str, dict]:
    """The truth entries of ``path`` (only those of ``split`` when given; a split that no
    entry names is an error, so a misspelt name never scores an empty corpus)."""
    try:
        truth = json.loads(Path(path).read_text(encoding="utf-8"))
    except FileNotFoundError:
        raise InputError(path, "no such file") from None
    except (OSError, UnicodeDecodeError, ValueError) as exc:
        raise InputError(path, f"not a truth file: {exc}") from None
    if not isinstance(truth, dict) or not all(
        isinstance(v, dict) and isinstance(v.get("items"), list) for v in truth.values()
    ):
        raise InputError(path, "not a truth file: expected {path: {..., items: [...]}}")
    if split is None:
        return truth
    named = sorted({str(want["split"]) for want in truth.values() if want.get("split")})
    if split not in named:
        have = ", ".join(named) or "none"
        raise InputError(path, f"no split {split!r} (its splits: {have})")
    return {rel: want for rel, want in truth.items() if want.get("split") == split}


def score_corpus(
    truth: dict[str, dict],
    root: Path,
    segmenter: Segmenter | None = None,
    progress: Callable[[str], None] | None = None,
) -> CorpusScore:
    """Segment every document of ``truth`` under ``root`` and score it."""
    segment = segmenter or default_segmenter(IngestOptions())
    rows = []
    for rel, want in truth.items():
        if progress is not None:
            progress(rel)
        rows.append(score_document(rel, want, root / rel, segment))
    return CorpusScore(rows)


def default_segmenter(options: IngestOptions, **segment_args: object) -> Segmenter:
    """``load_document`` then ``segment_document``, as ``run.py segment`` does."""
    from pipeline.segment import segment_document

    def segment(path: Path) -> Segmentation:
        return segment_document(load_document(path, options), **segment_args)  # type: ignore[arg-type]

    return segment


def score_document(rel: str, want: dict, path: Path, segment: Segmenter) -> DocumentScore:
    """One document's score; a document that cannot be read counts as failed."""
    row = DocumentScore(rel, want.get("split"), states_time="start_time" in want)
    top_true = [t for t in want["items"] if not t.get("parent")]
    row.true = len(top_true)
    try:
        result = segment(path)
    except PipelineError as exc:
        row.failed = str(exc)
        return row
    except Exception as exc:  # a defect on one document must not hide the others' scores
        row.failed = f"unexpected {type(exc).__name__}: {exc}"
        return row
    out = result.to_contract()
    timed = any("time" in t for t in want["items"])
    row.matched, row.found, row.missed, row.spurious = match_items(top_true, out["items"], timed)
    meeting = out["meeting"]
    row.facts = {
        "date": _fact(meeting.get("date") == want.get("date"), meeting, want, "date"),
        "kind": _fact(
            meeting.get("kind") == want.get("kind")
            or (want.get("kind") == "report" and meeting.get("kind") == "minutes"),
            meeting,
            want,
            "kind",
        ),
        "council": _fact(
            _overlap(meeting.get("council"), want.get("council")), meeting, want, "council"
        ),
        "body": _fact(_overlap(meeting.get("body"), want.get("body")), meeting, want, "body"),
    }
    if row.states_time:
        got = meeting.get("time")
        row.facts["time"] = (got == want["start_time"], got, want["start_time"])
    return row


def match_items(
    truth: list[dict], found: list[dict], timed: bool
) -> tuple[int, int, list[str], list[str]]:
    """``(matched, found, missed, spurious)`` of top-level items, in document order."""
    top = [g for g in found if not g.get("parent")]
    used: set[int] = set()
    missed: list[str] = []
    for want in truth:
        numbers = want.get("number")
        accepted = None
        if numbers:
            accepted = {_number(n) for n in (numbers if isinstance(numbers, list) else [numbers])}
        hit = None
        for i, got in enumerate(top):
            if i in used:
                continue
            if accepted is not None and _number(got.get("number")) not in accepted:
                continue
            if not _overlap(got.get("title"), want["title"]):
                continue
            if timed and want.get("time"):
                start = (got.get("time") or [None])[0]
                if start is None or abs(start - want["time"][0]) > _TIME_WINDOW:
                    continue
            hit = i
            break
        if hit is None:
            missed.append(f"{want.get('number') or '-'} {want['title'][:60]}")
        else:
            used.add(hit)
    spurious = [
        f"{g.get('number') or '-'} {str(g.get('title', ''))[:60]}"
        for i, g in enumerate(top)
        if i not in used
    ]
    return len(used), len(top), missed, spurious


def _fact(ok: bool, meeting: dict, want: dict, name: str) -> tuple[bool, str | None, str | None]:
    return ok, meeting.get(name), want.get(name)


def _words(text: str | None) -> list[str]:
    text = _ESCAPE.sub(r"\1", text or "")
    return _WORD.findall(text.lower().replace("&", " and "))


def _overlap(a: str | None, b: str | None, need: float = 0.6) -> bool:
    wa, wb = _words(a), _words(b)
    if not wa or not wb:
        return False
    if wa == wb or wa[: len(wb)] == wb or wb[: len(wa)] == wa:
        return True
    short, other = (wa, set(wb)) if len(wa) <= len(wb) else (wb, set(wa))
    return sum(w in other for w in short) >= need * len(short)


def _number(number: str | None) -> str:
    text = _NUMBER_PREFIX.sub("", (number or "").strip().lower())
    if text.startswith("s-"):
        text = text[2:]
    return text.strip(" .*:)(")


def format_score(score: CorpusScore, verbose: bool = False) -> str:
    """The human-readable report: one line per document, then the totals."""
    out: list[str] = []
    for row in score.documents:
        if row.failed is not None:
            out.append(f"FAIL {row.path}: {row.failed[:150]}")
            continue
        wrong = [f"{k}={v[1]!r} (want {v[2]!r})" for k, v in row.facts.items() if not v[0]]
        ok = row.matched == row.true == row.found
        line = f"{'ok  ' if ok else 'miss'} {row.path}: items {row.matched}/{row.true} "
        line += f"found {row.found}" + (f"; wrong: {', '.join(wrong)}" if wrong else "")
        out.append(line)
        if verbose:
            out += [f"     missed   {x}" for x in row.missed]
            out += [f"     spurious {x}" for x in row.spurious]
    n = len(score.documents)
    facts = ", ".join(
        f"{fact} {score.correct(fact)}/{score.stated(fact)}"
        for fact in FACTS + OPTIONAL_FACTS
        if score.stated(fact)
    )
    matched = sum(d.matched for d in score.documents)
    true = sum(d.true for d in score.documents)
    found = sum(d.found for d in score.documents)
    out.append(
        f"items: precision {score.precision:.2f} recall {score.recall:.2f} F1 {score.f1:.2f} "
        f"({matched} of {true} true, {found} found); documents {n}, failed {score.failed}; "
        f"{facts}"
    )
    return "\n".join(out)
