"""Start-up cost of the command line against a bare interpreter, in the same run.

Each command runs in a fresh process, ``--rounds`` times, interleaved with ``python -c
pass`` so that load on a shared machine hits both alike; the figures are the ratios of the
fastest run of each (the least disturbed one) to the fastest bare start, in wall-clock
time and in CPU time (user + system of the child, which waiting for a busy core does not
inflate). Targets (issue
13): ``run.py --help`` and ``segment`` of a tiny file within 5x a bare interpreter.

    .venv/bin/python bench/startup.py [--rounds 15] [--json]
"""

from __future__ import annotations

import argparse
import json
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
TINY = "Agenda\n\n1. Apologies for absence\n\nNone were received.\n"
PYDANTIC_FLOOR = (
    "import click\nfrom pydantic import BaseModel\n"
    "class Floor(BaseModel):\n    x: int\nFloor(x=1)\n"
)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--rounds", type=int, default=15)
    parser.add_argument("--json", action="store_true")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        tiny = Path(tmp) / "tiny.txt"
        tiny.write_text(TINY, encoding="utf-8")
        commands = {
            "python -c pass": [sys.executable, "-c", "pass"],
            "run.py --help": [sys.executable, "run.py", "--help"],
            # The floor of any command that builds a pydantic model: the CLI library and
            # one model validated, nothing of ours.
            "click + 1 pydantic model": [sys.executable, "-c", PYDANTIC_FLOOR],
            "run.py segment tiny.txt": [sys.executable, "run.py", "segment", str(tiny)],
            "run.py segment tiny.txt --json": [
                sys.executable,
                "run.py",
                "segment",
                str(tiny),
                "--json",
            ],
            "run.py summarise --help": [sys.executable, "run.py", "summarise", "--help"],
        }
        times: dict[str, list[float]] = {name: [] for name in commands}
        cpu: dict[str, list[float]] = {name: [] for name in commands}
        for _ in range(args.rounds):
            for name, command in commands.items():
                before = resource.getrusage(resource.RUSAGE_CHILDREN)
                started = time.perf_counter()
                subprocess.run(command, cwd=ROOT, capture_output=True, check=True)
                times[name].append(time.perf_counter() - started)
                after = resource.getrusage(resource.RUSAGE_CHILDREN)
                cpu[name].append(
                    after.ru_utime - before.ru_utime + after.ru_stime - before.ru_stime
                )
    bare = min(times["python -c pass"])
    bare_cpu = min(cpu["python -c pass"])
    rows = {
        name: {
            "best_s": round(min(times[name]), 4),
            "ratio": round(min(times[name]) / bare, 1),
            "best_cpu_s": round(min(cpu[name]), 4),
            "cpu_ratio": round(min(cpu[name]) / bare_cpu, 1),
        }
        for name in commands
    }
    if args.json:
        print(json.dumps({"rounds": args.rounds, "commands": rows}, indent=2))
        return
    print(f"fastest of {args.rounds} interleaved runs each; ratio to `python -c pass`")
    print(f"  {'command':<32} {'wall s':>7} {'ratio':>6} {'CPU s':>7} {'ratio':>6}")
    for name, row in rows.items():
        print(
            f"  {name:<32} {row['best_s']:7.3f} {row['ratio']:5.1f}x"
            f" {row['best_cpu_s']:7.3f} {row['cpu_ratio']:5.1f}x"
        )


if __name__ == "__main__":
    main()
