"""Shared building blocks of the real-document labelled sets (``build_real_*.py``).

A labelled set is one faithful Markdown summary per source document plus hand-written
injections ``(summary id, kind, find, replace, note)``, each making exactly one sentence of
a faithful summary wrong. This module turns them into the JSONL records of
``evals/datasets/README.md``, refusing what would make a label untrue: an unknown kind, a
``find`` that does not occur exactly once, an edit that changes other than one sentence,
and an injected sentence equal to a faithful one of the same summary.
"""

from __future__ import annotations

import argparse
import json
import sys
from collections import Counter
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parents[1]
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from pipeline.evals.dataset import ERROR_KINDS  # noqa: E402
from pipeline.evals.summary_input import parse_summary  # noqa: E402

#: The error kinds a labelled set may use, in the order the builders report them.
KINDS: tuple[str, ...] = ERROR_KINDS

#: summary id -> (source document under the corpus prefix, split, family)
Summaries = dict[str, tuple[str, str, str]]
#: (summary id, kind, find, replace, note)
Injection = tuple[str, str, str, str, str]


def sentences(text: str) -> list[str]:
    """The sentences of a Markdown summary, as the checker splits them."""
    return [u.text for u in parse_summary(text, fmt="markdown").units]


def corpus_split(doc: str) -> str | None:
    """The split ``evals/corpus/truth.json`` gives a corpus document (``None`` if absent)."""
    truth = json.loads((HERE.parent / "corpus" / "truth.json").read_text(encoding="utf-8"))
    entry = truth.get(doc)
    return entry["split"] if entry else None


#: ``truth.json`` splits whose documents are held out; a labelled set's records over any of
#: them carry the record split ``test`` (the dataset loader knows only ``dev`` and ``test``).
HELD_OUT_SPLITS: tuple[str, ...] = ("test", "test2", "test3")


def record_split(truth_split: str | None) -> str | None:
    """The record split of a document of ``truth_split``: ``test`` for every held-out split."""
    return "test" if truth_split in HELD_OUT_SPLITS else truth_split


def split_problems(summaries: Summaries) -> list[str]:
    """Summaries whose split is not the one ``evals/corpus/truth.json`` gives their document
    (a dev set must not quietly take a held-out document, nor a test set a tuning one); a
    ``test`` summary may take a document of any held-out split."""
    return [
        f"{sid}: {doc} is not a {split} document in truth.json"
        for sid, (doc, split, _) in summaries.items()
        if record_split(corpus_split(doc)) != split
    ]


def build_records(
    summaries: Summaries,
    injections: list[Injection],
    summary_dir: Path,
    corpus: str,
) -> tuple[list[dict], list[str]]:
    """The records of a labelled set in a fixed order (faithful summaries first, then the
    injections in their order), and the problems found (empty when valid). ``corpus`` is
    the sources' folder relative to the dataset file."""
    texts = {sid: (summary_dir / f"{sid}.md").read_text(encoding="utf-8") for sid in summaries}
    faithful = {sid: set(sentences(text)) for sid, text in texts.items()}
    records: list[dict] = []
    problems: list[str] = []

    def record(
        sid: str, kind: str | None, n: int, target: str | None, note: str, text: str
    ) -> dict:
        doc, split, family = summaries[sid]
        return {
            "id": f"{sid}/{kind or 'faithful'}" + (f"-{n:02d}" if kind else ""),
            "source": f"{corpus}/{doc}",
            "split": split,
            "family": family,
            "format": "markdown",
            "kind": kind,
            "target": target,
            "note": note,
            "summary": text,
        }

    for sid in summaries:
        records.append(record(sid, None, 0, None, "faithful summary", texts[sid]))
    numbers: Counter[tuple[str, str]] = Counter()
    for sid, kind, find, replace, note in injections:
        where = f"{sid} {kind} {find!r}"
        if kind not in KINDS:
            problems.append(f"{where}: unknown kind")
            continue
        if sid not in texts:
            problems.append(f"{where}: unknown summary")
            continue
        text = texts[sid]
        if text.count(find) != 1:
            problems.append(f"{where}: occurs {text.count(find)} times")
            continue
        injected = text.replace(find, replace)
        changed = [s for s in sentences(injected) if s not in faithful[sid]]
        if len(changed) != 1:
            problems.append(f"{where}: changes {len(changed)} sentences")
            continue
        numbers[(sid, kind)] += 1
        records.append(record(sid, kind, numbers[(sid, kind)], changed[0], note, injected))
    return records, problems


def write_jsonl(records: list[dict], out: Path) -> None:
    """Write records one JSON object a line (UTF-8, not ASCII-escaped)."""
    out.write_text(
        "".join(json.dumps(r, ensure_ascii=False) + "\n" for r in records), encoding="utf-8"
    )


def print_counts(records: list[dict], out: Path) -> None:
    """Print the faithful sentences and injected records per kind and split."""
    counts: Counter[tuple[str, str]] = Counter()
    for r in records:
        if r["kind"] is None:
            counts[(r["split"], "faithful")] += len(sentences(r["summary"]))
        else:
            counts[(r["split"], r["kind"])] += 1
    print(f"wrote {out.name}: {len(records)} records")
    for key in ("faithful", *KINDS):
        dev, test = counts[("dev", key)], counts[("test", key)]
        print(f"  {key:20} dev {dev:4}  test {test:4}  all {dev + test:4}")
    total = {s: sum(v for (sp, _), v in counts.items() if sp == s) for s in ("dev", "test")}
    print(f"  {'labelled sentences':20} dev {total['dev']:4}  test {total['test']:4}")


def build_main(
    argv: list[str] | None,
    default_out: Path,
    summaries: Summaries,
    injections: list[Injection],
    summary_dir: Path,
    corpus: str,
    *,
    check_truth_split: bool,
) -> int:
    """The command line of a ``build_real_*.py`` script: build, refuse on any problem (exit
    1, problems on stderr), else write ``--out`` (default ``default_out``) and print counts.
    ``check_truth_split``: the sources are ``evals/corpus`` documents whose ``truth.json``
    split must be the one each summary declares."""
    parser = argparse.ArgumentParser(description=f"Build {default_out.name} deterministically.")
    parser.add_argument("--out", type=Path, default=default_out)
    args = parser.parse_args(argv)
    records, problems = build_records(summaries, injections, summary_dir, corpus)
    if check_truth_split:
        problems += split_problems(summaries)
    if problems:
        print("\n".join(problems), file=sys.stderr)
        return 1
    write_jsonl(records, args.out)
    print_counts(records, args.out)
    return 0
