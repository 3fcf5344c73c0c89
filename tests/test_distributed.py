"""The weekly job on a real Dask cluster: a scheduler and two worker processes started with
Dask's own ``dask scheduler`` / ``dask worker`` commands on 127.0.0.1, as on a cluster of
machines (each worker in the job's folder, as shared storage mounted at the same path
would be). What the cluster run writes equals what the in-process run writes, byte for
byte; only the timings of a summary (``created_at``, ``duration_s``) and the feed dates
taken from them differ, as they do between any two runs.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
import time
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "bench"))
from weekly_scale import outputs  # noqa: E402  (the files a run wrote, timings masked)

DASK = Path(sys.executable).with_name("dask")
WEEK = "2024-W37"
pytestmark = [
    pytest.mark.distributed,
    pytest.mark.block_network(allowed_hosts=[r"127\.0\.0\.1"]),
]


def _sources(samples: Path, folder: Path) -> Path:
    """The samples, and four more Northbridge meetings of the week made from them."""
    shutil.copytree(samples, folder, ignore=shutil.ignore_patterns("src"))
    planning = (samples / "northbridge-planning-minutes.html").read_text(encoding="utf-8")
    cabinet = (samples / "northbridge-cabinet-minutes.txt").read_text(encoding="utf-8")
    for index, area in enumerate(("Eastbrook", "Westmoor")):
        day = 11 + index
        weekday = ("Wednesday", "Thursday")[index]
        (folder / f"{area.lower()}-planning.html").write_text(
            planning.replace("Planning Sub-Committee", f"{area} Planning Sub-Committee").replace(
                "Tuesday 10 September 2024", f"{weekday} {day} September 2024"
            ),
            encoding="utf-8",
        )
        (folder / f"{area.lower()}-cabinet.txt").write_text(
            cabinet.replace("the Cabinet held", f"the {area} Cabinet held").replace(
                "Monday, 9 September 2024", f"{weekday}, {day} September 2024"
            ),
            encoding="utf-8",
        )
    return folder


def _weekly(folder: Path, sources: Path, *extra: str, env: dict | None = None) -> dict:
    folder.mkdir(parents=True, exist_ok=True)
    proc = subprocess.run(
        [
            *(sys.executable, str(ROOT / "run.py"), "weekly", "--council", "northbridge"),
            *("--week", WEEK, "--sources", str(sources), "--no-send", "--json", *extra),
        ],
        cwd=folder,
        env={**os.environ, "COUNCIL_DIGEST_SECRET": "distributed-test-secret", **(env or {})},
        capture_output=True,
        text=True,
        timeout=600,
    )
    assert proc.returncode in (0, 1), proc.stderr
    return json.loads(proc.stdout)


@pytest.fixture
def cluster(tmp_path):
    """``dask scheduler`` and two ``dask worker`` processes; yields (address, job folder)."""
    folder = tmp_path / "cluster"
    folder.mkdir()
    scheduler_file = tmp_path / "scheduler.json"
    quiet = {"stdout": subprocess.DEVNULL, "stderr": subprocess.DEVNULL}
    processes = [
        subprocess.Popen(
            [
                *(str(DASK), "scheduler", "--host", "127.0.0.1", "--port", "0"),
                *("--no-dashboard", "--scheduler-file", str(scheduler_file)),
            ],
            cwd=folder,
            **quiet,
        )
    ]
    try:
        deadline = time.monotonic() + 60
        while not scheduler_file.is_file() and time.monotonic() < deadline:
            time.sleep(0.2)
        address = json.loads(scheduler_file.read_text())["address"]
        for _ in range(2):
            processes.append(
                subprocess.Popen(
                    [
                        *(str(DASK), "worker", address, "--nworkers", "1", "--nthreads", "1"),
                        *("--host", "127.0.0.1", "--no-dashboard", "--no-nanny"),
                    ],
                    cwd=folder,
                    **quiet,
                )
            )
        _wait_for_workers(address, 2)
        yield address, folder
    finally:
        for proc in reversed(processes):
            proc.terminate()
        for proc in processes:
            try:
                proc.wait(timeout=20)
            except subprocess.TimeoutExpired:
                proc.kill()


def _wait_for_workers(address: str, count: int) -> None:
    code = (
        "import sys; from distributed import Client\n"
        f"with Client({address!r}, timeout='60s') as c: c.wait_for_workers({count}, timeout=90)"
    )
    subprocess.run([sys.executable, "-c", code], check=True, timeout=120)


def test_weekly_on_a_dask_cluster_writes_what_the_in_process_run_writes(tmp_path, samples, cluster):
    sources = _sources(samples, tmp_path / "sources")
    address, folder = cluster
    local = _weekly(tmp_path / "local", sources, "--executor", "local")
    on_cluster = _weekly(
        folder,
        sources,
        "--executor",
        "dask",
        env={"COUNCIL_DIGEST__WEEKLY__SCHEDULER": address},
    )
    assert len(local["summaries"]) == 6
    assert on_cluster == local  # the same report: documents, summaries, evals, pages
    assert outputs(folder) == outputs(tmp_path / "local")
    # A re-run on the cluster finds every meeting finished: nothing is written again.
    again = _weekly(
        folder, sources, "--executor", "dask", env={"COUNCIL_DIGEST__WEEKLY__SCHEDULER": address}
    )
    assert again["summaries_written"] == 0 and again["evals_run"] == 0
