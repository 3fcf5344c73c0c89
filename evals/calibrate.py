"""Rebuild ``pipeline/evals/calibration.json``: each check's precision on the dev splits.

Usage: ``python evals/calibrate.py [DATASET ...]`` (default: every labelled set of
``evals/datasets``, dev split only). Each registered check is counted on the dev sentences
it fires on: sentences carrying an injected error against faithful sentences. A check
whose precision is below ``calibration.MIN_PRECISION`` warns instead of flagging (see
``pipeline/evals/calibration.py``). Test splits are never read here.
"""

from __future__ import annotations

import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from pipeline.evals.calibration import (  # noqa: E402
    CALIBRATION_FILE,
    Calibration,
    CheckCalibration,
    action_for,
)
from pipeline.evals.harness import run_dataset  # noqa: E402
from pipeline.evals.registry import CHECK_MODULES  # noqa: E402
from pipeline.evals.settings import EvalsSettings  # noqa: E402
from pipeline.fileio import write_atomic  # noqa: E402

DATASETS = ROOT / "evals" / "datasets"


def calibrate(datasets: list[Path]) -> Calibration:
    """The table measured on the dev split of ``datasets``."""
    counts = {name: [0, 0] for name in CHECK_MODULES}
    # The soft classes checks name for themselves (a value the source has, elsewhere).
    counts.update({f"{name}:elsewhere": [0, 0] for name in ("figure", "name", "attribution")})
    used = []
    for path in datasets:
        try:
            result = run_dataset(path, EvalsSettings(), split="dev")
        except Exception as exc:  # a set without a dev split says nothing here
            print(f"skipped {path.name}: {exc}", file=sys.stderr)
            continue
        used.append(path.name)
        for name, row in result["splits"].get("dev", {}).get("checks", {}).items():
            counts.setdefault(name, [0, 0])
            counts[name][0] += row["on_errors"]
            counts[name][1] += row["on_faithful"]
    return Calibration(
        measured_on=[f"{name} (dev)" for name in used],
        command="python evals/calibrate.py",
        checks={
            name: CheckCalibration(on_errors=e, on_faithful=f, action=action_for(e, f))
            for name, (e, f) in counts.items()
        },
    )


def main(argv: list[str]) -> int:
    datasets = [Path(a) for a in argv] or sorted(DATASETS.glob("*.jsonl"))
    table = calibrate(datasets)
    write_atomic(CALIBRATION_FILE, table.model_dump_json(indent=2) + "\n")
    for name, row in table.checks.items():
        precision = f"{row.precision:.2f}" if row.precision is not None else "-"
        print(
            f"{name:12} errors {row.on_errors:4} faithful {row.on_faithful:4} "
            f"precision {precision:>5} {row.action}"
        )
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
