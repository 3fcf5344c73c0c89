"""Fault injection, input: hostile and broken files, config and arguments.

Every case ends as one ``error: ...`` line naming the file (or key) and the problem, with
exit code 2, never a hang, a traceback or an "internal error"; in the weekly job a bad
document is skipped and listed, and the rest of the week goes on.
"""

from __future__ import annotations

import io
import json
import os
import re
import sqlite3
from pathlib import Path

import pytest
from fake_openai import FakeOpenAIServer, FakeReply
from faults_support import WEEK, cli_env, run_cli, seed_subscribers, seed_week

pytestmark = [pytest.mark.faults, pytest.mark.block_network(allowed_hosts=[r"127\.0\.0\.1"])]

SAMPLES = Path(__file__).resolve().parent.parent / "samples"
MINUTES = SAMPLES / "northbridge-cabinet-minutes.txt"
# A hang would be a bug: every case must answer well within this.
TIMEOUT_S = 60


def one_error_line(result, *needles: str) -> None:
    assert result.returncode == 2, (result.returncode, result.stdout, result.stderr)
    assert result.stderr.count("\n") == 1 and result.stderr.startswith("error: "), result.stderr
    assert "internal error" not in result.stderr and "Traceback" not in result.stderr
    for needle in needles:
        assert needle in result.stderr, result.stderr


@pytest.fixture
def hostile(tmp_path: Path) -> Path:
    """A folder of hostile files."""
    os.mkfifo(tmp_path / "fifo.txt")
    (tmp_path / "bignum.json").write_text(
        '{"segments": [{"start": 0, "end": ' + "9" * 5000 + ', "text": "x"}]}'
    )
    (tmp_path / "deep.json").write_text("[" * 100_000 + "]" * 100_000)
    (tmp_path / "latin1.txt").write_bytes("== overview ==\ncaf\xe9 cr\xe8me\n".encode("latin-1"))
    (tmp_path / "garbage.sqlite3").write_bytes(bytes(range(256)) * 16)
    (tmp_path / "binary.toml").write_bytes(b"\x00\x01\x02\xff\xfe[llm]\n")
    return tmp_path


def run(folder: Path, *args: str, **config: str):
    return run_cli(folder, *args, env=cli_env(folder, **config), timeout=TIMEOUT_S)


# --- files that are not regular, too big, or nested without end ------------------------------


@pytest.mark.parametrize(
    "args",
    [
        ("segment", "fifo.txt"),
        ("summarise", "--out", "s", "fifo.txt"),
        ("evals", "check", "--source", "fifo.txt", "--summary", str(MINUTES)),
        ("evals", "check", "--source", str(MINUTES), "--summary", "fifo.txt"),
        ("--config", "fifo.txt", "segment", str(MINUTES)),
    ],
)
def test_a_fifo_is_refused_and_never_blocks(hostile, args):
    one_error_line(run(hostile, *args), "fifo.txt", "not a regular file")


def test_a_fifo_as_an_edited_summary_is_refused(hostile):
    seed_week(hostile)
    result = run(hostile, "review", "edit", "cabinet/2024-09-11", "--file", "fifo.txt")
    one_error_line(result, "fifo.txt", "not a regular file")


@pytest.mark.parametrize(
    ("name", "problem"),
    [
        ("bignum.json", "a number 5000 characters long"),
        ("deep.json", "JSON nested 100000 levels deep"),
    ],
)
def test_json_with_a_huge_number_or_endless_nesting_is_one_line(hostile, name, problem):
    one_error_line(run(hostile, "segment", name), name, problem)
    check = run(hostile, "evals", "check", "--source", str(MINUTES), "--summary", name)
    one_error_line(check, name, problem)


def test_a_file_over_the_size_limit_is_refused_naming_the_limit(tmp_path):
    big = tmp_path / "big.txt"
    with big.open("w") as handle:
        handle.write("MINUTES of the meeting of the Cabinet\n")
        for _ in range(17):
            handle.write("word " * 209_716 + "\n")  # about 1 MB a line: 17 MB in all
    one_error_line(run(tmp_path, "segment", "big.txt"), "big.txt", "[limits] text_max_mb")
    small = run(tmp_path, "segment", str(MINUTES), LIMITS__TEXT_MAX_MB="0.001")
    one_error_line(small, "over 0.001 MB", "[limits] text_max_mb")


def test_weekly_skips_a_bad_document_lists_it_and_finishes_the_week(hostile):
    sources = hostile / "sources"
    sources.mkdir()
    for name in ("bignum.json", "deep.json"):
        (sources / name).write_bytes((hostile / name).read_bytes())
    (sources / "cabinet.txt").write_bytes(MINUTES.read_bytes())
    result = run(
        hostile, "weekly", "--council", "northbridge", "--week", WEEK, "--sources", "sources"
    )
    assert result.returncode == 1, result.stderr  # a problem, never an abort
    assert "internal error" not in result.stdout + result.stderr
    assert "problem: skipped sources/bignum.json: unreadable" in result.stdout
    assert "problem: skipped sources/deep.json: unreadable" in result.stdout
    assert "sources/cabinet.txt" in result.stdout  # the good one went through every stage
    assert list((hostile / "summaries").rglob("summary.json"))


# --- the "internal error" cases -------------------------------------------------------------


def test_a_latin1_edit_file_is_one_line(hostile):
    seed_week(hostile)
    result = run(hostile, "review", "edit", "cabinet/2024-09-11", "--file", "latin1.txt")
    one_error_line(result, "latin1.txt", "not UTF-8")


@pytest.mark.parametrize(
    "args",
    [
        ("subscribers", "list"),
        ("subscribers", "add", "a@example.org", "--council", "Northbridge"),
        ("digest", "--council", "Northbridge", "--week", WEEK),
    ],
)
def test_a_garbage_subscribers_database_is_one_line(hostile, args):
    seed_week(hostile)
    result = run(hostile, *args, DIGEST__DATABASE=f'"{hostile / "garbage.sqlite3"}"')
    one_error_line(result, "garbage.sqlite3", "not a usable subscribers database")


def test_a_binary_config_file_is_one_line(hostile):
    one_error_line(run(hostile, "--config", "binary.toml", "segment", str(MINUTES)), "binary.toml")


def test_an_unknown_token_encoding_is_one_line(tmp_path):
    result = run(tmp_path, "segment", str(MINUTES), SEGMENT__ENCODING='"bogus"')
    one_error_line(result, "tiktoken encoding 'bogus'")


def test_a_line_break_in_the_council_name_never_reaches_a_header(tmp_path):
    seed_week(tmp_path)
    seed_subscribers(tmp_path, ["a@example.org"])
    council = "North\r\nBcc: victim@example.org"
    result = run(tmp_path, "digest", "--council", council, "--week", WEEK, "--send")
    # No council has that name: refused on one line (the break shown escaped), nothing sent.
    one_error_line(result, "unknown council", "\\r\\n")
    for path in (tmp_path / "outbox").rglob("*.eml"):
        head = path.read_bytes().split(b"\r\n\r\n", 1)[0]
        assert b"Bcc" not in head and b"victim" not in head
    weekly = run(
        tmp_path, "weekly", "--council", "North\r\nbridge", "--week", WEEK, "--sources", "."
    )
    assert weekly.returncode in (0, 1, 2) and "internal error" not in weekly.stderr
    assert "Traceback" not in weekly.stderr and weekly.stderr.count("\n") <= 1


@pytest.mark.parametrize(
    "week", ["2024-W37 ", " 2024-W37", "２０２４-W３７", "2024-W37\n", "2024-W53"]
)
def test_a_malformed_week_is_refused(tmp_path, week):
    for command in ("digest", "weekly"):
        one_error_line(run(tmp_path, command, "--council", "Northbridge", "--week", week), "--week")


def test_digest_of_a_missing_summaries_folder_is_an_error_like_render(tmp_path):
    digest = run(
        tmp_path, "digest", "--council", "Northbridge", "--week", WEEK, "--summaries", "MISSING"
    )
    one_error_line(digest, "MISSING", "no such folder of summaries")
    render = run(tmp_path, "render", "MISSING")
    one_error_line(render, "MISSING", "no such folder of summaries")


# --- config checked like the flags ------------------------------------------------------------


@pytest.mark.parametrize(
    ("toml", "needle"),
    [
        ("llm = 5", "config [llm]"),
        ("[segment]\nchunk_tokens = -5", "config [segment] chunk_tokens"),
        ("[render]\nfeed_entries = -1", "config [render] feed_entries"),
        ("[weekly]\nworkers = -1", "config [weekly] workers"),
        ("[digest]\nsmtp = 3", "config [digest.smtp]"),
        ('[digest]\nfrom_address = "a@b.org\\r\\nBcc: x@y.org"', "config [digest] from_address"),
    ],
)
def test_config_values_follow_the_flags_rules(tmp_path, toml, needle):
    (tmp_path / "config.toml").write_text(toml + "\n")
    (tmp_path / "empty").mkdir()
    for args in (
        ("segment", str(MINUTES)),
        ("render", "empty"),
        ("weekly", "--council", "x", "--week", WEEK, "--sources", "empty", "--no-send"),
        ("digest", "--council", "x", "--week", WEEK, "--summaries", "empty"),
    ):
        result = run(tmp_path, "--config", "config.toml", *args)
        if result.returncode == 2:  # a command that reads that section
            one_error_line(result, needle)
    flag = run(tmp_path, "segment", str(MINUTES), "--chunk-tokens", "-5")
    assert flag.returncode == 2


# --- damaged PDF pages ------------------------------------------------------------------------


def _damaged_pdf(target: Path) -> None:
    """The sample minutes with the content streams of pages 2 to 4 garbled."""
    from pypdf import PdfReader

    data = bytearray((SAMPLES / "northbridge-cabinet-minutes.pdf").read_bytes())
    reader = PdfReader(io.BytesIO(bytes(data)))
    numbers = [p.get_object()["/Contents"].indirect_reference.idnum for p in reader.pages]
    for number in numbers[1:]:
        at = re.search(rb"\n%d 0 obj" % number, data).start()
        stream = data.index(b"stream", at) + len(b"stream\n")
        data[stream + 10 : stream + 60] = b"A" * 50
    target.write_bytes(bytes(data))


def test_unreadable_pdf_pages_are_warned_marked_and_not_published_as_complete(tmp_path):
    pdf = tmp_path / "minutes.pdf"
    _damaged_pdf(pdf)
    segmented = run(tmp_path, "segment", "minutes.pdf", "--json")
    assert segmented.returncode == 0, segmented.stderr
    contract = json.loads(segmented.stdout)
    for page in (2, 3, 4):
        assert any(w.startswith(f"page {page} could not be read") for w in contract["warnings"])
    marked = [i["number"] for i in contract["items"] if i["truncated"]]
    assert marked == [contract["items"][-1]["number"]]
    assert f"item {marked[0]} may be incomplete: pages 2, 3, 4" in segmented.stderr

    summarised = run(tmp_path, "summarise", "--out", "summaries", "minutes.pdf", "--json")
    (path,) = (tmp_path / "summaries").rglob("summary.json")
    summary = json.loads(path.read_text())
    assert [i["unreadable_pages"] for i in summary["items"]][-1] == [2, 3, 4]
    # Clean evals or not, the draft is not published: an editor has to decide.
    (path.parent / "evals.json").write_text(json.dumps({"summary_sentences": [], "quotes": []}))
    rendered = run(
        tmp_path, "render", "summaries", "--out", "site", REVIEW__PUBLISH='"approved_or_clean"'
    )
    assert rendered.returncode == 0 and "not published" in rendered.stdout
    assert summarised.returncode == 0
    approve = run(tmp_path, "review", "approve", str(path), "--by", "editor")
    assert approve.returncode == 0
    run(tmp_path, "render", "summaries", "--out", "site")
    (page,) = (tmp_path / "site").rglob("cabinet/*/index.html")
    assert "Part of the source document could not be read (pages 2, 3, 4)" in page.read_text()


# --- review, LLM -------------------------------------------------------------------------------


def test_an_empty_review_edit_changes_nothing(tmp_path):
    seed_week(tmp_path)
    path = tmp_path / "summaries" / "cabinet" / "2024-09-11" / "summary.json"
    before = path.read_bytes()
    (tmp_path / "empty.txt").write_text("")
    for edit in ("empty.txt", "-"):
        result = run_cli(
            tmp_path,
            "review",
            "edit",
            "cabinet/2024-09-11",
            "--file",
            edit,
            env=cli_env(tmp_path),
        )
        assert result.returncode == 0 and result.stdout.startswith("no change:"), result.stderr
    assert path.read_bytes() == before
    assert json.loads(before)["review"]["status"] == "approved"


def test_a_reply_body_that_is_not_json_is_logged_for_every_call(tmp_path):
    runs = tmp_path / "runs.sqlite"
    with FakeOpenAIServer(handler=lambda _request: FakeReply(body="<html>Bad gateway</html>")) as s:
        result = run(
            tmp_path,
            "summarise",
            "--out",
            "summaries",
            "--json",
            str(MINUTES),
            LLM__BASE_URL=f'"{s.base_url}"',
            LLM__MODEL='"fake-model"',
            LLM__CACHE="false",
            LLM__MAX_ATTEMPTS="2",
            LLM__BACKOFF_INITIAL_S="0",
            LLM__BACKOFF_JITTER_S="0",
            LLM__RUN_LOG_PATH=f'"{runs}"',
        )
        made = len(s.chat_requests)
    assert result.returncode == 1, result.stderr  # items failed and were recorded
    assert "JSONDecodeError" not in result.stdout + result.stderr
    calls = (
        sqlite3.connect(runs).execute("select attempts, error_kind, error from calls").fetchall()
    )
    assert sum(attempts for attempts, _, _ in calls) == made > 1
    assert {kind for _, kind, _ in calls} == {"bad_response"}
    assert all("reply body is not JSON" in error for _, _, error in calls)
