# ruff: noqa: E501 - long lines here are data (rows of a dataset).

"""SummEdits-format datasets: balanced accuracy per domain and split, on hand-made rows
(the real files are scored by `evals run`; BENCHMARKS.md has the figures)."""

from __future__ import annotations

import json
from pathlib import Path

from click.testing import CliRunner

from pipeline.cli import cli
from pipeline.evals.settings import EvalsSettings
from pipeline.evals.summedits import is_summedits, run_summedits

DOC = (
    "Sales Agent: Good morning, this is Sarah from BrightHome Insurance. "
    "Client: Hello. How much is the Silver plan? "
    "Sales Agent: The Silver plan costs 40 dollars a month and covers theft and flood damage. "
    "Client: I will take the Silver plan then."
)
ROWS = [
    {"id": "1", "doc": DOC, "summary": "The Silver plan costs 40 dollars a month and covers theft and flood damage.", "label": 1, "split": "evaluation"},
    {"id": "2", "doc": DOC, "summary": "The Silver plan costs 60 dollars a month and covers theft and flood damage.", "label": 0, "split": "evaluation"},
    {"id": "3", "doc": DOC, "summary": "Sarah from BrightHome Insurance sold the client the Silver plan.", "label": 1, "split": "test"},
    {"id": "4", "doc": DOC, "summary": "Sarah from Lakeside Insurance sold the client the Gold plan for pets.", "label": 0, "split": "test"},
]  # fmt: skip


def write(tmp_path: Path) -> Path:
    path = tmp_path / "summedits_sales_call.json"
    path.write_text(json.dumps(ROWS), encoding="utf-8")
    return path


def test_balanced_accuracy_per_domain_and_split(tmp_path: Path) -> None:
    path = write(tmp_path)
    assert is_summedits(path) and is_summedits(tmp_path)
    result = run_summedits(tmp_path, EvalsSettings())
    splits = result["domains"]["sales_call"]["splits"]
    assert set(splits) == {"dev", "test", "all"}  # SummEdits "evaluation" is our dev split
    assert splits["all"]["inconsistent"] == 2 and splits["all"]["consistent"] == 2
    assert splits["all"]["balanced_accuracy"] == 1.0
    assert result["domains"]["sales_call"]["errors"] == []


def test_evals_run_reports_each_dataset_on_its_own(tmp_path: Path) -> None:
    path = write(tmp_path)
    result = CliRunner().invoke(cli, ["evals", "run", str(path), "--split", "dev", "--json"])
    assert result.exit_code == 0, result.output
    data = json.loads(result.stdout)
    assert data["kind"] == "summedits"
    assert set(data["domains"]["sales_call"]["splits"]) == {"dev", "all"}
    text = CliRunner().invoke(cli, ["evals", "run", str(path)])
    assert "balanced accuracy" in text.stdout and "sales_call" in text.stdout


def test_not_summedits_rows_are_exit_2(tmp_path: Path) -> None:
    bad = tmp_path / "summedits_x.json"
    bad.write_text('[{"doc": "a"}]', encoding="utf-8")
    result = CliRunner().invoke(cli, ["evals", "run", str(bad)])
    assert result.exit_code == 2 and "SummEdits" in result.output
