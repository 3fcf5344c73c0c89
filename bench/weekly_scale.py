"""The weekly job at scale: N distinct meetings in one week, 1 worker vs every core vs Dask.

Builds N meeting documents for Northbridge in week 2024-W37 from three real-shaped
templates (the sample Cabinet minutes and Planning Sub-Committee page, and Hackney's
Children and Young People Scrutiny Commission minutes from ../shared/corpus), each with
its own body name ("Eastbrook Cabinet") and day of the week, so every one is a meeting of
its own. Then, each in a fresh working folder, it times the weekly job (extractive
engine, no sending) with 1 worker, with every core, and on a Dask local cluster; a re-run
of the finished week, and a week with no meetings. It reports time per meeting, speedup
over 1 worker (beside ``cpu_headroom``: the speedup pure CPU work gets from the same
number of processes just before, what the shared machine can give at best), the peak
memory of the job's process tree, and checks that every run wrote the same files
(summary timings and feed dates aside, which differ between any two runs).

The machine is shared: compare figures within one run, as ratios.

    .venv/bin/python bench/weekly_scale.py [--sizes 10,100] [--modes 1,all,dask] [--json]
"""

from __future__ import annotations

import argparse
import json
import os
import re
import shutil
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

import psutil

ROOT = Path(__file__).resolve().parent.parent
CORPUS = ROOT.parent / "shared" / "corpus"
WEEK = "2024-W37"
DAYS = [  # the days of 2024-W37
    ("Monday", 9),
    ("Tuesday", 10),
    ("Wednesday", 11),
    ("Thursday", 12),
    ("Friday", 13),
    ("Saturday", 14),
    ("Sunday", 15),
]
PLACES = [
    *("Ash", "Beck", "Brook", "Castle", "Dale", "East", "Fern", "Glen", "Hill", "Holm"),
    *("Kings", "Lark", "Mill", "Moor", "North", "Oak", "Park", "Rose", "South", "Stone"),
    *("Thorn", "Vale", "West", "Wood"),
]
ENDINGS = [
    *("bridge", "bury", "field", "ford", "gate", "ham", "ley", "mouth", "stead", "ton"),
    *("wick", "worth"),
]


def place(index: int) -> str:
    """A made-up place name, distinct for each index below 288 * 12 * 2."""
    first = PLACES[index % len(PLACES)]
    second = ENDINGS[(index // len(PLACES)) % len(ENDINGS)]
    tail = index // (len(PLACES) * len(ENDINGS))
    return f"{first}{second}" + (f" {'ABCDEFGHIJ'[tail % 10]}" if tail else "")


def templates() -> list[tuple[str, str, str, str]]:
    """(suffix, text, body as printed, date as printed) for each template document."""
    out = [
        (
            ".txt",
            (ROOT / "samples/northbridge-cabinet-minutes.txt").read_text(encoding="utf-8"),
            "the Cabinet held",
            "Monday, 9 September 2024",
        ),
        (
            ".html",
            (ROOT / "samples/northbridge-planning-minutes.html").read_text(encoding="utf-8"),
            "Planning Sub-Committee",
            "Tuesday 10 September 2024",
        ),
    ]
    hackney = CORPUS / "hackney/minutes-cyp-scrutiny-2022-11-30.txt"
    if hackney.is_file():
        text = hackney.read_text(encoding="utf-8").replace("Hackney Town Hall", "Civic Centre")
        text = text.replace("Hackney", "Northbridge")
        out.append(
            (
                ".txt",
                text,
                "Children and Young People Scrutiny Commission",
                "Wednesday 30 November 2022",
            )
        )
    return out


def build(count: int, folder: Path) -> None:
    """``count`` distinct meeting documents of Northbridge in week 2024-W37."""
    folder.mkdir(parents=True, exist_ok=True)
    shapes = templates()
    for index in range(count):
        suffix, text, body, when = shapes[index % len(shapes)]
        weekday, day = DAYS[index % len(DAYS)]
        name = place(index)
        new_body = f"the {name} {body[4:]}" if body.startswith("the ") else f"{name} {body}"
        new_date = re.sub(r"^\w+(,?) \d+ \w+ \d+", rf"{weekday}\g<1> {day} September 2024", when)
        text = text.replace(body, new_body).replace(when, new_date)
        (folder / f"meeting-{index:04d}{suffix}").write_text(text, encoding="utf-8")


def run_job(sources: Path, workdir: Path, week: str, extra: list[str]) -> dict:
    """One weekly run in ``workdir``: seconds, peak memory and CPU seconds of the process
    tree (each process's last sample), and the job's report."""
    command = [
        sys.executable,
        str(ROOT / "run.py"),
        "weekly",
        "--council",
        "northbridge",
        "--week",
        week,
        "--sources",
        str(sources),
        "--no-send",
        "--json",
        *extra,
    ]
    env = os.environ | {"COUNCIL_DIGEST__DIGEST__DATABASE": str(workdir / "subscribers.db")}
    peak = 0
    cpu: dict[int, float] = {}
    started = time.perf_counter()
    proc = subprocess.Popen(
        command, cwd=workdir, stdout=subprocess.PIPE, stderr=subprocess.PIPE, env=env
    )
    done = threading.Event()

    def sample() -> None:
        nonlocal peak
        parent = psutil.Process(proc.pid)
        while not done.is_set():
            try:
                tree = [parent, *parent.children(recursive=True)]
                peak = max(peak, sum(p.memory_info().rss for p in tree if p.is_running()))
                for p in tree:
                    times = p.cpu_times()
                    cpu[p.pid] = times.user + times.system
            except psutil.Error:
                pass
            time.sleep(0.05)

    sampler = threading.Thread(target=sample, daemon=True)
    sampler.start()
    out, err = proc.communicate()
    seconds = time.perf_counter() - started
    done.set()
    sampler.join()
    if proc.returncode not in (0, 1):
        raise SystemExit(f"weekly failed ({proc.returncode}): {err.decode()[-2000:]}")
    report = json.loads(out)
    return {
        "seconds": seconds,
        "peak_mb": peak / 2**20,
        "cpu_s": sum(cpu.values()),
        "report": report,
    }


def _spin(n: int) -> int:
    total = 0
    for i in range(n):
        total += i * i
    return total


def headroom(workers: int, rounds: int = 4, n: int = 3_000_000) -> float:
    """The speedup ``workers`` processes get on pure CPU work right now: what this shared
    machine can give at best, to read the job's speedup against."""
    from concurrent.futures import ProcessPoolExecutor

    started = time.perf_counter()
    for _ in range(rounds * workers):
        _spin(n)
    alone = time.perf_counter() - started
    with ProcessPoolExecutor(workers) as pool:
        pool.submit(_spin, 1).result()
        started = time.perf_counter()
        list(pool.map(_spin, [n] * (rounds * workers)))
        together = time.perf_counter() - started
    return alone / together


def outputs(workdir: Path) -> dict[str, bytes]:
    """Every file the job wrote, timings masked (see the module docstring)."""
    found = {}
    for base in ("summaries", "site"):
        for path in sorted((workdir / base).rglob("*")):
            if not path.is_file():
                continue
            rel = path.relative_to(workdir)
            # Pagefind's search bundle is not byte-identical between two builds of the same
            # pages (hashed chunk names), and the site's manifest lists those files.
            if (
                rel.parts[:2] == ("site", "pagefind")
                or path.name == ".council-digest-manifest.json"
            ):
                continue
            data = path.read_bytes()
            if path.name == "summary.json":
                summary = json.loads(data)
                summary["provenance"].pop("created_at")
                summary["provenance"].pop("duration_s")
                for item in summary["items"]:
                    item.pop("duration_s")
                data = json.dumps(summary, sort_keys=True).encode()
            elif path.suffix == ".xml":
                data = re.sub(rb"<updated>[^<]*</updated>", b"", data)
            found[str(rel)] = data
    return found


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--sizes", default="10,100", help="meeting counts, e.g. 10,100,1000")
    parser.add_argument("--modes", default="1,all,dask", help="1, all (every core), dask")
    parser.add_argument("--json", action="store_true")
    args = parser.parse_args()
    cores = len(os.sched_getaffinity(0))
    modes = {
        "1": ["--workers", "1"],
        "all": ["--workers", str(cores), "--executor", "processes"],
        "dask": ["--workers", str(cores), "--executor", "dask"],
    }
    rows = []
    with tempfile.TemporaryDirectory(prefix="weekly-scale-") as tmp:
        for size in [int(s) for s in args.sizes.split(",")]:
            sources = Path(tmp) / f"sources-{size}"
            build(size, sources)
            baseline = None
            reference = None
            for mode in args.modes.split(","):
                workdir = Path(tmp) / f"run-{size}-{mode}"
                workdir.mkdir()
                before = headroom(cores) if mode != "1" else None
                cold = run_job(sources, workdir, WEEK, modes[mode])
                meetings = len(cold["report"]["summaries"])
                rerun = run_job(sources, workdir, WEEK, modes[mode])
                empty = run_job(sources, workdir, "2024-W40", modes[mode])
                written = outputs(workdir)
                if reference is None:
                    reference = written
                same = written == reference
                if baseline is None:
                    baseline = cold["seconds"]
                rows.append(
                    {
                        "meetings": size,
                        "summarised": meetings,
                        "mode": mode if mode != "all" else f"{cores} workers",
                        "seconds": round(cold["seconds"], 2),
                        "per_meeting_s": round(cold["seconds"] / max(1, size), 3),
                        "speedup": round(baseline / cold["seconds"], 2),
                        "cpu_headroom": round(before, 2) if before else None,
                        "peak_mb": round(cold["peak_mb"]),
                        "cpu_s": round(cold["cpu_s"], 1),
                        "rerun_s": round(rerun["seconds"], 2),
                        "rerun_cpu_s": round(rerun["cpu_s"], 2),
                        "empty_week_s": round(empty["seconds"], 2),
                        "empty_week_cpu_s": round(empty["cpu_s"], 2),
                        "same_output": same,
                    }
                )
                shutil.rmtree(workdir)
                if not args.json:
                    print(json.dumps(rows[-1]), flush=True)
    if args.json:
        print(json.dumps({"cores": cores, "rows": rows}, indent=2))


if __name__ == "__main__":
    main()
