"""The `run.py summarise` contract: paths, flags, JSON report, exit codes 0 / 1 / 2."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

from click.testing import CliRunner

from pipeline.cli import cli

ROOT = Path(__file__).resolve().parent.parent
MINUTES = "minutes-cyp-scrutiny-2022-11-30.txt"
NO_LLM_ENV = {"COUNCIL_DIGEST__LLM__MODEL": None, "OPENAI_BASE_URL": None}


def invoke(*args: str):
    return CliRunner().invoke(cli, ["summarise", *args], env=NO_LLM_ENV)


def test_without_an_llm_the_extractive_engine_writes_body_date_summary_json(corpus, tmp_path):
    result = invoke("--out", str(tmp_path), str(corpus / MINUTES))
    assert result.exit_code == 0, result.output
    path = tmp_path / "children-and-young-people-scrutiny-commission/2022-11-30/summary.json"
    assert path.is_file()
    assert str(path) in result.stdout
    summary = json.loads(path.read_text(encoding="utf-8"))
    assert summary["provenance"]["engine"] == "extractive"
    assert summary["review"]["status"] == "draft"


def test_json_report_and_rerun_is_up_to_date(corpus, tmp_path):
    paths = [str(corpus / MINUTES), str(corpus / "decision-hwb-chscp-annual-report-2022-03-09.txt")]
    result = invoke("--engine", "extractive", "--out", str(tmp_path), "--json", *paths)
    assert result.exit_code == 0, result.output
    report = json.loads(result.stdout)
    assert report["ok"] is True
    assert [r["source"] for r in report["summaries"]] == paths
    first = report["summaries"][0]
    assert {"summary", "written", "engine", "items", "ok", "failed", "llm_calls", "usage"} <= set(
        first
    )
    assert first["written"] is True and first["failed"] == [] and first["llm_calls"] == 0
    assert first["items"] == 11
    again = json.loads(invoke("--out", str(tmp_path), "--json", *paths).stdout)
    assert [r["written"] for r in again["summaries"]] == [False, False]


def test_openai_engine_without_a_model_is_exit_2_with_how_to_configure(corpus, tmp_path):
    result = invoke("--engine", "openai", "--out", str(tmp_path), str(corpus / MINUTES))
    assert result.exit_code == 2
    assert result.stderr.count("\n") == 1
    assert result.stderr.startswith("error: ")
    assert "--model" in result.stderr and "[llm] model" in result.stderr
    assert not list(tmp_path.rglob("summary.json"))


def test_bad_input_is_exit_2_and_nothing_is_written(corpus, tmp_path):
    missing = tmp_path / "nope.pdf"
    result = invoke("--out", str(tmp_path / "out"), str(corpus / MINUTES), str(missing))
    assert result.exit_code == 2
    assert result.stderr == f"error: {missing}: no such file\n"
    assert not (tmp_path / "out").exists()

    result = invoke("--prompt", "summarise-item@v1", str(corpus / MINUTES))
    assert result.exit_code == 2
    assert "--prompt needs the openai engine" in result.stderr


def test_quiet_in_a_pipe(corpus, tmp_path):
    completed = subprocess.run(
        [sys.executable, "run.py", "summarise", "--out", str(tmp_path), str(corpus / MINUTES)],
        cwd=ROOT,
        capture_output=True,
        text=True,
        env={"PATH": "/usr/bin:/bin", "HOME": str(tmp_path)},
        check=False,
    )
    assert completed.returncode == 0, completed.stderr
    assert completed.stderr == ""
    assert "\x1b[" not in completed.stdout  # no progress bar or colour codes
    assert completed.stdout.count("\n") == 1


def test_video_url_links_transcript_quotes_to_their_time(fixtures, tmp_path):
    transcript = fixtures / "transcripts" / "housing-committee-zoom.vtt"
    video = "https://www.youtube.com/watch?v=abcdefghijk"
    result = invoke("--out", str(tmp_path / "s"), "--json", "--video-url", video, str(transcript))
    assert result.exit_code == 0, result.output
    path = Path(json.loads(result.stdout)["summaries"][0]["summary"])
    summary = json.loads(path.read_text(encoding="utf-8"))
    assert summary["meeting"]["video_url"] == video
    timed = [q for item in summary["items"] for q in item["quotes"] if q["time"] is not None]
    assert timed, "a transcript's quotes carry the time of their turn"

    # A later run without the flag keeps the link and makes no new summary work.
    again = json.loads(invoke("--out", str(tmp_path / "s"), "--json", str(transcript)).stdout)
    assert again["summaries"][0]["llm_calls"] == 0
    assert json.loads(path.read_text(encoding="utf-8"))["meeting"]["video_url"] == video

    site = tmp_path / "site"
    rendered = CliRunner().invoke(
        cli, ["render", str(tmp_path / "s"), "--out", str(site), "--drafts"]
    )
    assert rendered.exit_code == 0, rendered.output
    # The meeting page (not the site index, the search page nor the unsubscribe page).
    skipped = (site, site / "search", site / "unsubscribe")
    (page,) = [p for p in site.rglob("index.html") if p.parent not in skipped]
    html = page.read_text(encoding="utf-8")
    seconds = int(timed[0]["time"])
    assert f"watch?v=abcdefghijk&amp;t={seconds}" in html


def test_video_url_must_be_http_and_for_one_document(corpus, fixtures, tmp_path):
    transcript = str(fixtures / "transcripts" / "housing-committee-zoom.vtt")
    bad = invoke("--out", str(tmp_path), "--video-url", "javascript:alert(1)", transcript)
    assert bad.exit_code == 2 and "--video-url" in bad.output
    two = invoke(
        "--out",
        str(tmp_path),
        "--video-url",
        "https://example.org/v",
        transcript,
        str(corpus / MINUTES),
    )
    assert two.exit_code == 2 and "one PATH" in two.output
    assert not any(tmp_path.rglob("summary.json"))


def test_summarise_updates_an_existing_site_and_never_creates_one(samples, tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    env = {**NO_LLM_ENV, "COUNCIL_DIGEST__RENDER__INCLUDE_DRAFTS": "true"}
    runner = CliRunner()
    first = runner.invoke(
        cli, ["summarise", str(samples / "northbridge-cabinet-minutes.pdf")], env=env
    )
    assert first.exit_code == 0, first.output
    assert not (tmp_path / "site").exists()  # summarising alone publishes nothing
    assert runner.invoke(cli, ["render"], env=env).exit_code == 0
    pages = {p.parent.name for p in (tmp_path / "site").rglob("index.html")}
    assert "2024-09-10" not in pages

    second = runner.invoke(
        cli, ["summarise", str(samples / "northbridge-planning-minutes.html")], env=env
    )
    assert second.exit_code == 0, second.output
    assert "site: site/index.html updated" in second.output
    pages = {p.parent.name for p in (tmp_path / "site").rglob("index.html")}
    assert {"2024-09-09", "2024-09-10"} <= pages
