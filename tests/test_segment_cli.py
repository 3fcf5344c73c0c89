"""``run.py segment``: the JSON contract other tools rely on, --text, and bad input."""

from __future__ import annotations

import hashlib
import json
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
LAYOUTS = Path(__file__).parent / "fixtures" / "layouts"


def _run(*args: str) -> subprocess.CompletedProcess[bytes]:
    return subprocess.run(
        [sys.executable, "run.py", "segment", *args], cwd=ROOT, capture_output=True, timeout=120
    )


def _check_contract(data: dict) -> None:
    assert {"meeting", "text_sha256", "items"} <= set(data)
    meeting = data["meeting"]
    assert {"body", "date", "kind", "title"} <= set(meeting)
    assert meeting["body"] is None or isinstance(meeting["body"], str)
    assert meeting["title"] is None or isinstance(meeting["title"], str)
    assert isinstance(meeting["kind"], str)
    date = meeting["date"]
    assert date is None or (isinstance(date, str) and len(date) == 10 and date[4] == "-")
    assert isinstance(data["text_sha256"], str) and len(data["text_sha256"]) == 64
    assert isinstance(data["items"], list) and data["items"]
    for item in data["items"]:
        assert {"number", "title", "kind", "start", "end", "pages", "decisions"} <= set(item)
        assert isinstance(item["number"], str) and isinstance(item["title"], str)
        assert item["kind"] in ("procedural", "substantive")
        assert type(item["start"]) is int and type(item["end"]) is int
        assert item["pages"] is None or (
            isinstance(item["pages"], list)
            and len(item["pages"]) == 2
            and all(type(p) is int for p in item["pages"])
        )
        assert isinstance(item["decisions"], list)
        assert all(isinstance(d, str) for d in item["decisions"])


@pytest.mark.parametrize(
    ("name", "paged"),
    [("minutes-cyp-scrutiny-2022-11-30.pdf", True), ("minutes-cyp-scrutiny-2022-11-30.txt", False)],
)
def test_json_contract_and_text_agree(corpus, name, paged):
    path = str(corpus / name)
    result = _run(path, "--json")
    assert result.returncode == 0, result.stderr
    data = json.loads(result.stdout)
    _check_contract(data)
    text_run = _run(path, "--text")
    assert text_run.returncode == 0
    assert data["text_sha256"] == hashlib.sha256(text_run.stdout).hexdigest()
    text = text_run.stdout.decode("utf-8")
    assert [i["number"] for i in data["items"]] == [str(n) for n in range(1, 12)]
    for item in data["items"]:
        span = text[item["start"] : item["end"]]
        assert span.startswith(f"{item['number']}.\n")
        assert item["title"] in " ".join(span[:200].split())
        for decision in item["decisions"]:
            assert decision in span
        assert (item["pages"] is not None) == paged
    assert data["items"][6]["decisions"] == ["Members noted and agreed the letter."]


def test_json_for_a_layout_fixture_carries_extra_fields():
    result = _run(str(LAYOUTS / "fallowfield-scrutiny-numbers-alone.txt"), "--json")
    assert result.returncode == 0, result.stderr
    data = json.loads(result.stdout)
    _check_contract(data)
    sub = next(i for i in data["items"] if i["number"] == "5a")
    assert sub["parent"] == "5" and sub["scheduled_time"] == "10.45"
    assert sub["chunks"] and sub["chunks"][0]["start"] == sub["start"]


def test_no_items_warns_on_stderr_and_still_answers():
    path = str(LAYOUTS / "no-items-notice.txt")
    result = _run(path, "--json")
    assert result.returncode == 0
    data = json.loads(result.stdout)
    assert len(data["items"]) == 1 and data["warnings"]
    assert b"warning:" in result.stderr and b"no agenda items recognised" in result.stderr


def test_html_page_with_no_agenda_is_exit_2_one_line():
    path = str(LAYOUTS / "random-page.html")
    result = _run(path, "--json")
    assert result.returncode == 2
    assert result.stdout == b""
    lines = result.stderr.decode().strip().splitlines()
    assert lines == [f"error: {path}: no agenda items found in this HTML page"]


def test_table_output_lists_items():
    result = _run(str(LAYOUTS / "eastmere-planning-minute-numbers.txt"))
    assert result.returncode == 0, result.stderr
    out = result.stdout.decode()
    for number in ("32/24", "34/24", "36/24"):
        assert number in out
    assert "Appeals Update" in out
