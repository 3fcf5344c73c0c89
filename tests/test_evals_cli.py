"""``run.py evals`` through the CLI: contract, exit codes, HTML report, bad input."""

from __future__ import annotations

import json
import re
import subprocess
import sys
from pathlib import Path

import pytest
from click.testing import CliRunner
from evals_fixtures import MINUTES

from pipeline.cli import cli

ROOT = Path(__file__).resolve().parent.parent

GOOD = (
    "Helen Okafor, the Director of Housing, introduced the report. The meeting closed at 8.45pm.\n"
)
BAD = (
    "Helen Okafor, the Director of Housing, introduced the report.\n\n"
    'Cllr Sarah Quinn said the report "shows the full human cost of these moves".\n\n'
    "The meeting closed at 9.15pm.\n"
)


@pytest.fixture()
def files(tmp_path: Path) -> dict[str, Path]:
    source = tmp_path / "northbridge-minutes.txt"
    source.write_text(MINUTES, encoding="utf-8")
    good = tmp_path / "good.md"
    good.write_text(GOOD, encoding="utf-8")
    bad = tmp_path / "bad.txt"
    bad.write_text(BAD, encoding="utf-8")
    return {"source": source, "good": good, "bad": bad, "dir": tmp_path}


def invoke(*args: str):
    return CliRunner().invoke(cli, ["evals", *args], catch_exceptions=False)


def test_check_json_contract_and_exit_0(files: dict[str, Path]) -> None:
    result = invoke(
        "check", "--source", str(files["source"]), "--summary", str(files["good"]), "--json"
    )
    assert result.exit_code == 0, result.output
    data = json.loads(result.stdout)
    assert set(data) >= {"summary_sentences", "quotes", "coverage"}
    for s in data["summary_sentences"]:
        assert set(s) >= {"index", "text", "verdict", "issues"}
        assert isinstance(s["index"], int)
        assert s["verdict"] in {"supported", "unsupported", "contradicted", "unverifiable"}
    assert [s["verdict"] for s in data["summary_sentences"]] == ["supported", "supported"]
    assert data["judge"]["ran"] is False


def test_check_flags_with_exit_1_and_evidence(files: dict[str, Path]) -> None:
    result = invoke(
        "check", "--source", str(files["source"]), "--summary", str(files["bad"]), "--json"
    )
    assert result.exit_code == 1
    data = json.loads(result.stdout)
    verdicts = [s["verdict"] for s in data["summary_sentences"]]
    assert verdicts == ["supported", "unsupported", "contradicted"]
    quote = data["quotes"][0]
    assert set(quote) >= {"text", "found", "score", "start", "end"}
    assert quote["found"] is False and quote["start"] is None
    figure = data["summary_sentences"][2]["issues"][0]
    assert figure["kind"] == "figure"
    evidence = figure["evidence"]
    assert MINUTES[evidence["start"] : evidence["end"]] == evidence["text"]
    assert "8.45pm" in evidence["text"]


def test_terminal_table_lists_flagged_sentences_without_colour_in_a_pipe(
    files: dict[str, Path],
) -> None:
    result = invoke("check", "--source", str(files["source"]), "--summary", str(files["bad"]))
    assert result.exit_code == 1
    assert "contradicted" in result.stdout and "9.15pm" in result.stdout
    assert "\x1b[" not in result.stdout
    assert "judge: did not run" in result.stdout


def test_html_report_is_self_contained_and_links_evidence(files: dict[str, Path]) -> None:
    out = files["dir"] / "report" / "evals.html"
    result = invoke(
        "check",
        "--source",
        str(files["source"]),
        "--summary",
        str(files["bad"]),
        "--html",
        str(out),
    )
    assert result.exit_code == 1
    html = out.read_text(encoding="utf-8")
    assert "<script" not in html and not re.search(r"(src|href)=\"https?:", html)
    links = re.findall(r'href="#(ev[\d-]+)"', html)
    assert links and all(f'id="{target}"' in html for target in links)
    assert "&#34;shows the full human cost" in html or "&quot;shows the full human cost" in html
    assert "<mark" in html and "Northbridge Borough Council" in html


@pytest.mark.parametrize(
    ("args", "needle"),
    [
        (("--source", "missing.txt", "--summary", "{good}"), "missing.txt: no such file"),
        (("--source", "{source}", "--summary", "nope.md"), "nope.md: no such file"),
        (("--source", "{source}", "--summary", "{empty}"), "empty summary"),
        (("--source", "{binary}", "--summary", "{good}"), "unsupported file type"),
        (("--source", "{source}", "--summary", "{badjson}"), "not valid JSON"),
    ],
)
def test_bad_input_exit_2_one_line(
    files: dict[str, Path], args: tuple[str, ...], needle: str
) -> None:
    (files["dir"] / "empty.md").write_text("  \n", encoding="utf-8")
    (files["dir"] / "binary.txt").write_bytes(b"\x89PNG\r\n\x1a\n" + bytes(200))
    (files["dir"] / "bad.json").write_text("{not json", encoding="utf-8")
    paths = {
        "good": files["good"],
        "source": files["source"],
        "empty": files["dir"] / "empty.md",
        "binary": files["dir"] / "binary.txt",
        "badjson": files["dir"] / "bad.json",
    }
    argv = [a.format(**paths) for a in args]
    proc = subprocess.run(
        [sys.executable, "run.py", "evals", "check", *argv],
        cwd=ROOT,
        capture_output=True,
        text=True,
        check=False,
    )
    assert proc.returncode == 2
    lines = proc.stderr.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith("error: ") and needle in lines[0], proc.stderr
    assert "Traceback" not in proc.stderr


def write_dataset(files: dict[str, Path]) -> Path:
    records = [
        {
            "id": "nb/faithful",
            "source": files["source"].name,
            "split": "dev",
            "summary": GOOD,
            "kind": None,
        },
        {
            "id": "nb/figure-01",
            "source": files["source"].name,
            "split": "test",
            "summary": GOOD.replace("8.45pm", "9.15pm"),
            "kind": "figure",
            "target": "The meeting closed at 9.15pm.",
        },
        {
            "id": "nb/name-01",
            "source": files["source"].name,
            "split": "test",
            "summary": GOOD.replace("Helen Okafor", "Helen Ogunbiyi"),
            "kind": "name",
            "target": "Helen Ogunbiyi, the Director of Housing, introduced the report.",
        },
    ]
    path = files["dir"] / "tiny.jsonl"
    path.write_text("".join(json.dumps(r) + "\n" for r in records), encoding="utf-8")
    return path


def test_run_reports_recall_false_alarms_and_balanced_accuracy(files: dict[str, Path]) -> None:
    dataset = write_dataset(files)
    result = invoke("run", str(dataset), "--json")
    assert result.exit_code == 0, result.output
    data = json.loads(result.stdout)
    overall = data["splits"]["all"]
    assert overall["recall"]["figure"] == {"caught": 1, "total": 1, "recall": 1.0}
    assert overall["recall"]["name"]["recall"] == 1.0
    assert overall["faithful_sentences"] == 2 and overall["false_alarm_rate"] == 0.0
    assert overall["balanced_accuracy"] == 1.0
    assert set(data["splits"]) == {"all", "dev", "test"}
    text = invoke("run", str(dataset))
    assert "balanced accuracy" in text.stdout and "false alarms" in text.stdout


def test_run_bad_dataset_is_exit_2(files: dict[str, Path]) -> None:
    bad = files["dir"] / "bad.jsonl"
    bad.write_text('{"id": "x"}\n', encoding="utf-8")
    result = CliRunner().invoke(cli, ["evals", "run", str(bad)])
    assert result.exit_code == 2
    assert "bad record" in result.output


def test_compare_two_sets(files: dict[str, Path]) -> None:
    a = files["dir"] / "a"
    b = files["dir"] / "b"
    a.mkdir()
    b.mkdir()
    (a / "meeting.md").write_text(GOOD, encoding="utf-8")
    (b / "meeting.md").write_text(BAD, encoding="utf-8")
    result = invoke("compare", str(a), str(b), "--source", str(files["source"]), "--json")
    assert result.exit_code == 0, result.output
    data = json.loads(result.stdout)
    [row] = data["meetings"]
    assert row["A"]["flagged"] == 0 and row["B"]["flagged"] == 2
    assert data["totals"]["B"]["quote_accuracy"] == 0.0
    assert data["totals"]["A"]["words"] < data["totals"]["B"]["words"]
    table = invoke("compare", str(a), str(b), "--source", str(files["source"]))
    assert "meeting" in table.stdout


def test_judge_runs_through_the_versioned_prompt_when_an_llm_is_configured(
    files: dict[str, Path], tmp_path: Path
) -> None:
    from fake_openai import FakeOpenAIServer, chat_reply

    def answer(request):
        user = request.json["messages"][-1]["content"]
        if "closed at 8.45pm" in user:
            return chat_reply(
                '{"verdict": "contradicted", "reason": "the judge disagrees", '
                '"evidence": "The meeting closed at 8.45pm."}'
            )
        return chat_reply('{"verdict": "supported", "reason": "stated", "evidence": ""}')

    with FakeOpenAIServer(handler=answer) as server:
        config = tmp_path / "judge.toml"
        config.write_text(
            "[llm]\n"
            f'base_url = "{server.base_url}"\nmodel = "fake-model"\ncache = false\n'
            f'run_log_path = "{tmp_path / "runs.sqlite"}"\n'
            "[evals]\njudge = true\n",
            encoding="utf-8",
        )
        result = CliRunner().invoke(
            cli,
            [
                "--config",
                str(config),
                "evals",
                "check",
                "--source",
                str(files["source"]),
                "--summary",
                str(files["good"]),
                "--json",
            ],
            catch_exceptions=False,
        )
        requests = server.chat_requests
    data = json.loads(result.stdout)
    assert data["judge"]["ran"] is True and data["judge"]["prompt"] == "evals-judge@v2"
    assert len(requests) == 2
    asked = requests[0].json["messages"][-1]["content"]
    assert "Is the summary sentence supported by the source passages?" in asked
    assert "[1] " in asked  # the numbered passages retrieval found
    verdicts = [(s["verdict"], s["judge"]) for s in data["summary_sentences"]]
    assert verdicts == [("supported", "supported"), ("contradicted", "contradicted")]
    assert data["summary_sentences"][1]["judge_evidence"] == "The meeting closed at 8.45pm."
    assert result.exit_code == 1


def test_judge_requested_without_llm_says_why_it_did_not_run(files: dict[str, Path]) -> None:
    result = invoke(
        "check",
        "--source",
        str(files["source"]),
        "--summary",
        str(files["good"]),
        "--json",
        "--judge",
    )
    data = json.loads(result.stdout)
    assert data["judge"]["ran"] is False
    assert "no LLM configured" in data["judge"]["reason"]
    assert result.exit_code == 0
