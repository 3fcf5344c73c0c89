"""``evals run`` (score the checker on a labelled dataset) and ``evals compare``."""

from __future__ import annotations

import json
import time
from collections import defaultdict
from collections.abc import Callable
from pathlib import Path

from pipeline.errors import InputError
from pipeline.evals.check import Checker, check_summary
from pipeline.evals.dataset import ERROR_KINDS, Record, load_dataset
from pipeline.evals.report import EvalReport
from pipeline.evals.settings import EvalsSettings
from pipeline.evals.summary_input import SummaryInput, load_summary, parse_summary
from pipeline.ingest import load_document
from pipeline.models import Segmentation

# The issue's headline target covers these kinds (figure, name, quote, attribution).
TARGET_KINDS = ("figure", "name", "fabricated_quote", "misattributed_quote")


def _resolve(base: Path, path: str) -> Path:
    p = Path(path)
    return p if p.is_absolute() else (base / p).resolve()


def try_segment(document) -> Segmentation | None:
    """The document's segmentation, or ``None`` while the segmenter cannot give one."""
    try:
        from pipeline.segment import segment_document

        return segment_document(document)
    except Exception:
        return None


def run_dataset(
    path: str | Path,
    settings: EvalsSettings,
    split: str = "all",
    segment: bool = False,
    progress: Callable[[int, int], None] | None = None,
) -> dict:
    """Score the checker on a dataset; returns the metrics as plain data."""
    records, base = load_dataset(path)
    if split != "all":
        records = [r for r in records if r.split == split]
        if not records:
            raise InputError(path, f"no records in split {split!r}")
    checkers: dict[Path, Checker] = {}
    unreadable: dict[Path, dict] = {}
    per_split: dict[str, dict] = defaultdict(lambda: _empty())
    misses: list[dict] = []
    false_alarms: list[dict] = []
    started = time.perf_counter()
    sentences = 0
    for done, record in enumerate(records):
        if progress is not None:
            progress(done, len(records))
        source = _resolve(base, record.source)
        if source in unreadable:
            unreadable[source]["records"] += 1
            continue
        if source not in checkers:
            try:
                document = load_document(source)
            except InputError as exc:
                # A source this build cannot read is reported, not a reason to stop.
                unreadable[source] = {"source": str(source), "error": str(exc), "records": 1}
                continue
            checkers[source] = Checker(document, try_segment(document) if segment else None)
        checker = checkers[source]
        summary = _summary_of(record, base)
        report = check_summary(checker.source, checker.segmentation, summary, settings, checker)
        sentences += len(report.sentences)
        for bucket in (per_split[record.split], per_split["all"]):
            _score(
                record,
                summary,
                report,
                bucket,
                misses if bucket is per_split["all"] else None,
                false_alarms if bucket is per_split["all"] else None,
            )
    elapsed = time.perf_counter() - started
    result = {
        "dataset": str(path),
        "kind": "labelled",
        "records": len(records),
        "sentences_checked": sentences,
        "seconds": round(elapsed, 2),
        "splits": {name: _metrics(bucket) for name, bucket in sorted(per_split.items())},
        "misses": misses,
        "false_alarms": false_alarms,
        "unreadable_sources": list(unreadable.values()),
    }
    return result


def run_any(
    path: str | Path,
    settings: EvalsSettings,
    split: str = "all",
    segment: bool = False,
    progress: Callable[[int, int], None] | None = None,
) -> dict:
    """Score one dataset of either format: labelled JSONL (``run_dataset``) or SummEdits."""
    from pipeline.evals.summedits import is_summedits, run_summedits

    if is_summedits(Path(path)):
        return run_summedits(path, settings, split=split, progress=progress)
    return run_dataset(path, settings, split=split, segment=segment, progress=progress)


def _empty() -> dict:
    # "checks": per registered check, [sentences of injected errors it fired on, faithful
    # sentences it fired on] (warnings included: what the check raises, before calibration).
    return {
        "kinds": {k: [0, 0] for k in ERROR_KINDS},
        "faithful": [0, 0],
        "checks": defaultdict(lambda: [0, 0]),
    }


def _fired(sentence) -> set[str]:
    """The registered checks that raised an issue or a warning on ``sentence``."""
    return {i.check for i in (*sentence.issues, *sentence.warnings) if i.check}


def _summary_of(record: Record, base: Path) -> SummaryInput:
    if record.summary is not None:
        return parse_summary(record.summary, path=record.id, fmt=record.format)
    return load_summary(_resolve(base, record.summary_path or ""))


def _score(
    record: Record,
    summary: SummaryInput,
    report: EvalReport,
    bucket: dict,
    misses: list | None,
    false_alarms: list | None,
) -> None:
    if record.kind is None:
        for s in report.sentences:
            bucket["faithful"][1] += 1
            for check in _fired(s):
                bucket["checks"][check][1] += 1
            if s.flagged:
                bucket["faithful"][0] += 1
                if false_alarms is not None:
                    false_alarms.append(
                        {
                            "id": record.id,
                            "text": s.text,
                            "issues": [i.detail for i in s.issues],
                            "checks": sorted({i.check or i.kind for i in s.issues}),
                        }
                    )
        return
    target = " ".join((record.target or "").split())
    # The target may be split differently by another splitter: any overlapping unit counts.
    hits = [
        s
        for s in report.sentences
        if target and (target in " ".join(s.text.split()) or " ".join(s.text.split()) in target)
    ]
    if not hits:
        raise InputError(record.id, "target sentence not found in its summary")
    caught = any(s.flagged for s in hits)
    for check in set().union(*(_fired(s) for s in hits)):
        bucket["checks"][check][0] += 1
    bucket["kinds"][record.kind][1] += 1
    if caught:
        bucket["kinds"][record.kind][0] += 1
    elif misses is not None:
        misses.append(
            {"id": record.id, "kind": record.kind, "text": hits[0].text, "note": record.note}
        )


def _metrics(bucket: dict) -> dict:
    kinds = {}
    for kind, (caught, total) in bucket["kinds"].items():
        if total:
            kinds[kind] = {"caught": caught, "total": total, "recall": round(caught / total, 4)}
    alarms, faithful = bucket["faithful"]
    far = alarms / faithful if faithful else 0.0
    caught_all = sum(v["caught"] for v in kinds.values())
    total_all = sum(v["total"] for v in kinds.values())
    recall = caught_all / total_all if total_all else 0.0
    target = [kinds[k] for k in TARGET_KINDS if k in kinds]
    t_caught = sum(v["caught"] for v in target)
    t_total = sum(v["total"] for v in target)
    mean_recall = sum(v["recall"] for v in kinds.values()) / len(kinds) if kinds else 0.0
    return {
        "recall": kinds,
        "recall_all": round(recall, 4),
        "recall_target_kinds": round(t_caught / t_total, 4) if t_total else None,
        "false_alarms": alarms,
        "faithful_sentences": faithful,
        "false_alarm_rate": round(far, 4),
        "balanced_accuracy": round((mean_recall + (1 - far)) / 2, 4),
        "checks": {
            name: {
                "on_errors": on_errors,
                "on_faithful": on_faithful,
                "precision": round(on_errors / (on_errors + on_faithful), 4),
            }
            for name, (on_errors, on_faithful) in sorted(bucket["checks"].items())
        },
    }


def compare(
    a: str | Path, b: str | Path, settings: EvalsSettings, source: str | None = None
) -> dict:
    """Check two sets of summaries of the same meetings and put them side by side."""
    sets = {"A": _collect(Path(a)), "B": _collect(Path(b))}
    keys = sorted(set(sets["A"]) | set(sets["B"]))
    if not keys:
        raise InputError(a, "no summaries found to compare")
    checkers: dict[str, Checker] = {}
    rows = []
    for key in keys:
        row: dict = {"meeting": key}
        for side in ("A", "B"):
            path = sets[side].get(key)
            if path is None:
                row[side] = None
                continue
            summary = load_summary(path)
            src = source or _source_of(path)
            if src is None:
                raise InputError(path, "no source document: pass --source")
            if src not in checkers:
                document = load_document(src)
                checkers[src] = Checker(document, try_segment(document))
            checker = checkers[src]
            report = check_summary(checker.source, checker.segmentation, summary, settings, checker)
            row[side] = _side_stats(path, summary, report)
        rows.append(row)
    totals = {}
    for side in ("A", "B"):
        stats = [r[side] for r in rows if r[side]]
        totals[side] = {
            "summaries": len(stats),
            "sentences": sum(s["sentences"] for s in stats),
            "flagged": sum(s["flagged"] for s in stats),
            "quotes": sum(s["quotes"] for s in stats),
            "quotes_found": sum(s["quotes_found"] for s in stats),
            "words": sum(s["words"] for s in stats),
        }
        q = totals[side]["quotes"]
        totals[side]["quote_accuracy"] = round(totals[side]["quotes_found"] / q, 4) if q else None
        n = totals[side]["sentences"]
        totals[side]["flagged_rate"] = round(totals[side]["flagged"] / n, 4) if n else None
    return {"a": str(a), "b": str(b), "meetings": rows, "totals": totals}


def _collect(root: Path) -> dict[str, Path]:
    if not root.exists():
        raise InputError(root, "no such file or directory")
    if root.is_file():
        return {root.stem: root}
    found: dict[str, Path] = {}
    for path in sorted(root.rglob("*")):
        if path.is_file() and path.suffix.lower() in (".json", ".md", ".txt", ".html", ".htm"):
            rel = path.relative_to(root)
            key = str(rel.parent) if path.name == "summary.json" else str(rel.with_suffix(""))
            found[key] = path
    return found


def _source_of(path: Path) -> str | None:
    if path.suffix.lower() != ".json":
        return None
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
        src = data["provenance"]["source_path"]
    except (OSError, ValueError, KeyError, TypeError):
        return None
    candidate = Path(src)
    return str(
        candidate if candidate.is_absolute() or candidate.exists() else path.parent / candidate
    )


def _side_stats(path: Path, summary: SummaryInput, report: EvalReport) -> dict:
    cov = report.coverage
    return {
        "path": str(path),
        "sentences": len(report.sentences),
        "flagged": len(report.flagged),
        "flagged_sentences": [s.text for s in report.flagged],
        "quotes": len(report.quotes),
        "quotes_found": sum(1 for q in report.quotes if q.found),
        "words": sum(len(u.text.split()) for u in summary.units),
        "coverage": cov.model_dump() if cov else None,
    }
