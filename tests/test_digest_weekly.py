"""The weekly main job end to end on the sample documents, and its idempotence."""

from __future__ import annotations

import email
import json
import shutil
import subprocess
from email import policy
from pathlib import Path

import pytest
from publish_support import run_cli

ROOT = Path(__file__).resolve().parent.parent
WEEK = "2024-W37"


def _run(tmp_path: Path, *args: str, check: bool = True) -> subprocess.CompletedProcess:
    proc = run_cli(tmp_path, *args, secret="weekly-test-secret-0123456789")
    if check:
        assert proc.returncode in (0, 1), proc.stderr
    return proc


@pytest.mark.slow  # three runs of the whole pipeline on the samples: about 40 s
def test_weekly_job_publishes_after_review_and_reruns_do_no_new_work(tmp_path, samples):
    shutil.copytree(samples, tmp_path / "samples", ignore=shutil.ignore_patterns("src"))
    _run(
        tmp_path,
        "subscribers",
        "add",
        "resident@example.org",
        "--council",
        "Northbridge Borough Council",
        "--topic",
        "housing",
    )
    first = _run(tmp_path, "weekly", "--council", "northbridge", "--week", WEEK, "--json")
    data = json.loads(first.stdout)
    assert len(data["documents"]) == 2 and len(data["summaries"]) == 2
    summaries = [Path(tmp_path / p) for p in data["summaries"]]
    for path in summaries:
        assert path.is_file()
        summary = json.loads(path.read_text())
        assert summary["meeting"]["council"] == "Northbridge Borough Council"
        if data["evals_note"] is None:
            assert (path.parent / "evals.json").is_file() and (path.parent / "evals.html").is_file()
    assert data["emails"] == {}  # nothing approved yet: nothing published or sent

    # An editor approves both; the next run publishes them and emails the subscriber.
    for path in summaries:
        _run(tmp_path, "review", "approve", str(path), "--by", "test-editor")
    second = json.loads(
        _run(tmp_path, "weekly", "--council", "northbridge", "--week", WEEK, "--json").stdout
    )
    assert second["summaries_written"] == 0 and second["evals_run"] == 0
    assert len(second["pages"]) == 2 and second["week_page"] and second["feed"]
    for page in second["pages"].values():
        assert (tmp_path / page).is_file()
    assert list(second["emails"]) == ["resident@example.org"]
    eml = tmp_path / second["emails"]["resident@example.org"]
    msg = email.message_from_bytes(eml.read_bytes(), policy=policy.default)
    assert "Northbridge Borough Council: weekly digest 2024-W37" in msg["Subject"]
    assert "2 meetings" in msg["Subject"]

    # A third run: nothing summarised, checked, written or sent.
    stamps = {
        p: p.stat().st_mtime_ns
        for p in tmp_path.rglob("*")
        if p.is_file() and "data" not in p.parts
    }
    third = json.loads(
        _run(tmp_path, "weekly", "--council", "northbridge", "--week", WEEK, "--json").stdout
    )
    assert third["summaries_written"] == 0 and third["evals_run"] == 0
    assert third["pages_written"] == 0 and third["emails"] == {}
    assert third["emails_already_sent"] == 1
    changed = [p for p, t in stamps.items() if p.exists() and p.stat().st_mtime_ns != t]
    assert changed == []


def test_weekly_bad_input_is_one_line(tmp_path):
    bad = _run(tmp_path, "weekly", "--council", "x", "--week", "W37", check=False)
    assert bad.returncode == 2 and bad.stderr.startswith("error: --week")
    missing = _run(
        tmp_path, "weekly", "--council", "x", "--week", WEEK, "--sources", "nope", check=False
    )
    assert (
        missing.returncode == 2 and "nope" in missing.stderr and "Traceback" not in missing.stderr
    )
