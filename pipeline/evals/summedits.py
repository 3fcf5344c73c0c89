"""SummEdits (Laban et al., 2023): consistent vs. subtly edited summaries, scored per domain.

Each file ``summedits_<domain>.json`` is a list of rows ``{id, doc, summary, label,
split, ...}``: ``label`` 1 = consistent with ``doc``, 0 = inconsistent (an edit made it
wrong). The checker sees only ``doc`` and ``summary``; a summary counts as flagged when
any of its sentences is ``unsupported`` or ``contradicted``. The benchmark's metric is
balanced accuracy per domain: the mean of the share of inconsistent summaries flagged and
the share of consistent summaries passed. The benchmark's ``evaluation`` split is our
``dev`` (tune on it), its ``test`` split our ``test``.

The files are read where they lie (``../shared/corpus/faithfulness/summedits/``), never
copied into the project.
"""

from __future__ import annotations

import hashlib
import json
import time
from collections import defaultdict
from collections.abc import Callable
from pathlib import Path

from pipeline.errors import InputError
from pipeline.evals.check import Checker, check_summary
from pipeline.evals.settings import EvalsSettings
from pipeline.evals.summary_input import parse_summary
from pipeline.ingest.normalise import normalise_text
from pipeline.models import Document

SPLITS = {"evaluation": "dev", "test": "test"}
DEFAULT_DIR = (
    Path(__file__).resolve().parents[3] / "shared" / "corpus" / "faithfulness" / "summedits"
)


def is_summedits(path: Path) -> bool:
    """True for a SummEdits file or a folder holding them."""
    if path.is_dir():
        return any(path.glob("summedits_*.json"))
    return path.name.startswith("summedits_") and path.suffix == ".json"


def _files(path: Path) -> list[Path]:
    files = sorted(path.glob("summedits_*.json")) if path.is_dir() else [path]
    if not files:
        raise InputError(path, "no summedits_*.json files")
    return files


def _rows(file: Path) -> list[dict]:
    try:
        rows = json.loads(file.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, json.JSONDecodeError) as exc:
        raise InputError(file, f"cannot read SummEdits rows: {exc}") from None
    if not isinstance(rows, list) or not all(
        isinstance(r, dict) and {"doc", "summary", "label", "split"} <= r.keys() for r in rows
    ):
        raise InputError(file, "not SummEdits rows ({doc, summary, label, split})")
    return rows


def document_of(text: str, name: str) -> Document:
    """A SummEdits source text as a :class:`Document` (normalised like any text file)."""
    normal = normalise_text(text)
    return Document(
        path=name,
        format="text",
        text=normal,
        sha256=hashlib.sha256(normal.encode("utf-8")).hexdigest(),
    )


def run_summedits(
    path: str | Path,
    settings: EvalsSettings,
    split: str = "all",
    progress: Callable[[int, int], None] | None = None,
) -> dict:
    """Balanced accuracy, recall and false alarms per domain and split, as plain data."""
    path = Path(path)
    if not path.exists():
        raise InputError(path, "no such dataset")
    started = time.perf_counter()
    domains: dict[str, dict] = {}
    records = sentences = 0
    work = [(f, _rows(f)) for f in _files(path)]
    total = sum(len(rows) for _, rows in work)
    for file, rows in work:
        domain = file.stem.removeprefix("summedits_")
        counts: dict[str, list[int]] = defaultdict(lambda: [0, 0, 0, 0])
        # Per split and registered check: [inconsistent summaries it fired on, consistent].
        fired_by: dict[str, dict[str, list[int]]] = defaultdict(lambda: defaultdict(lambda: [0, 0]))
        checkers: dict[str, Checker] = {}
        errors: list[dict] = []
        for row in rows:
            if progress is not None:
                progress(records, total)
            row_split = SPLITS.get(row["split"], row["split"])
            if split != "all" and row_split != split:
                continue
            records += 1
            doc = row["doc"]
            if doc not in checkers:
                checkers[doc] = Checker(document_of(doc, f"{domain}/{len(checkers)}"))
            checker = checkers[doc]
            summary = parse_summary(row["summary"], path=str(row.get("id", "")), fmt="text")
            report = check_summary(checker.source, None, summary, settings, checker)
            sentences += len(report.sentences)
            flagged = bool(report.flagged)
            consistent = row["label"] == 1
            fired = {
                i.check for sen in report.sentences for i in (*sen.issues, *sen.warnings) if i.check
            }
            for key in (row_split, "all"):
                for check in fired:
                    fired_by[key][check][int(consistent)] += 1
                c = counts[key]
                if consistent:
                    c[2] += 1
                    c[3] += flagged
                else:
                    c[0] += 1
                    c[1] += flagged
            if flagged == consistent and len(errors) < 200:
                errors.append(
                    {
                        "id": row.get("id"),
                        "label": row["label"],
                        "summary": row["summary"],
                        "issues": [i.detail for s in report.flagged for i in s.issues],
                        "checks": sorted(
                            {i.check or i.kind for s in report.flagged for i in s.issues}
                        ),
                    }
                )
        domains[domain] = {
            "splits": {
                k: {**_metrics(*v), "checks": _check_counts(fired_by[k])}
                for k, v in sorted(counts.items())
            },
            "errors": errors,
        }
    return {
        "dataset": str(path),
        "kind": "summedits",
        "records": records,
        "sentences_checked": sentences,
        "seconds": round(time.perf_counter() - started, 2),
        "domains": domains,
    }


def _check_counts(fired: dict[str, list[int]]) -> dict:
    """Each check's firings on inconsistent and consistent summaries, and its precision."""
    return {
        name: {"on_errors": e, "on_faithful": f, "precision": round(e / (e + f), 4)}
        for name, (e, f) in sorted(fired.items())
    }


def _metrics(inconsistent: int, caught: int, consistent: int, alarms: int) -> dict:
    recall = caught / inconsistent if inconsistent else 0.0
    far = alarms / consistent if consistent else 0.0
    return {
        "inconsistent": inconsistent,
        "caught": caught,
        "recall": round(recall, 4),
        "consistent": consistent,
        "false_alarms": alarms,
        "false_alarm_rate": round(far, 4),
        "balanced_accuracy": round((recall + 1 - far) / 2, 4),
    }
