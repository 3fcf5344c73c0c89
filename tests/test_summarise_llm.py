"""The openai engine against a scripted OpenAI-compatible server on 127.0.0.1.

Faults (invalid JSON, truncation, refusal, a server failing after retries) hit one item;
that item is recorded as failed, the rest complete, the exit code is 1, and a re-run asks
only for what failed. A finished meeting re-run makes zero LLM calls.
"""

from __future__ import annotations

import json
import re
import threading
import time
from pathlib import Path

import pytest
from click.testing import CliRunner
from fake_openai import FakeReply, RecordedRequest, chat_reply, error_reply

from pipeline.cli import cli
from pipeline.prompts import load_prompt
from pipeline.summarise.readability import sentence_problems

MINUTES = "minutes-cyp-scrutiny-2022-11-30.txt"
ITEM_RE = re.compile(r"Item (?P<number>[\w./]+): (?P<title>.+)")  # "3.1", "44/24"


class Script:
    """Answers like a well-behaved model, except for the items told to misbehave."""

    def __init__(self) -> None:
        self.faults: dict[str, FakeReply] = {}
        self.invent = False
        self.quote: dict | None = None

    def __call__(self, request: RecordedRequest) -> FakeReply:
        messages = request.json["messages"]
        system = messages[0]["content"]
        user = next(m["content"] for m in messages if m["role"] == "user")
        if "opening paragraph" in system:
            if "overview" in self.faults:
                return self.faults["overview"]
            numbers = re.findall(r"^(\d+)\. ", user, re.M)
            answer = {
                "sentences": [
                    {
                        "text": "The Commission reviewed budgets and strategies.",
                        "items": numbers[:2],
                    }
                ]
            }
            return chat_reply(json.dumps(answer), prompt_tokens=90)
        number = ITEM_RE.search(user)["number"]
        if number in self.faults:
            return self.faults[number]
        source = user.split("TEXT:", 1)[1]
        # Notes from the map step: their evidence is the source's own words.
        source = re.sub(r"^- .*?\[evidence: (.*)\]$", lambda m: m.group(1), source, flags=re.M)
        source = source.replace('"', "").replace(" | ", " ")
        pieces = [" ".join(s.split()) for s in re.split(r"(?<=[.;])\s+", source)]
        pieces = [s.rstrip(";") + ("" if s.endswith(".") else ".") for s in pieces]
        # A well-behaved model writes whole sentences (the engine drops fragments).
        sentences = [s for s in pieces if len(s.split()) > 8 and not sentence_problems(s)][:2]
        points = [{"text": s, "evidence": [s]} for s in sentences]
        if not points:  # speech only (a transcript): said in the third person, with evidence
            title = ITEM_RE.search(user)["title"].strip()
            evidence = [s for s in pieces if len(s.split()) > 8][:1]
            points = [{"text": f"The meeting discussed {title}.", "evidence": evidence}]
        answer: dict = {"sentences": points, "quotes": [], "decisions": [], "actions": []}
        if self.invent:
            points.append(
                {
                    "text": "The council tax will double.",
                    "evidence": ["council tax will double next year"],
                }
            )
            answer["quotes"] = [
                {"text": "We will build ten thousand new homes", "speaker": "Cllr Nobody"}
            ]
        if self.quote is not None:
            answer["quotes"] = [self.quote]
        return chat_reply(json.dumps(answer), prompt_tokens=len(user) // 4)


@pytest.fixture
def script(fake_openai) -> Script:
    handler = Script()
    fake_openai.handler = handler
    return handler


@pytest.fixture
def config(tmp_path: Path, fake_openai) -> Path:
    path = tmp_path / "config.toml"
    path.write_text(
        f"""
[llm]
base_url = "{fake_openai.base_url}"
model = "fake-model"
cache_path = "{tmp_path / "cache.sqlite"}"
run_log_path = "{tmp_path / "runs.sqlite"}"
max_attempts = 2
backoff_initial_s = 0
backoff_max_s = 0
backoff_jitter_s = 0
concurrency = 3
""",
        encoding="utf-8",
    )
    return path


def run(config: Path, out: Path, *paths: Path, extra: tuple[str, ...] = ()):
    args = ["--config", str(config), "summarise", "--out", str(out), "--json", *extra]
    result = CliRunner().invoke(cli, [*args, *map(str, paths)])
    return result


def written(out: Path) -> dict:
    (path,) = out.rglob("summary.json")
    return json.loads(path.read_text(encoding="utf-8"))


def item_numbers(requests: list[RecordedRequest]) -> list[str]:
    numbers = []
    for request in requests:
        user = next(m["content"] for m in request.json["messages"] if m["role"] == "user")
        match = ITEM_RE.search(user)
        numbers.append(match["number"] if match else "overview")
    return numbers


def test_openai_engine_summarises_with_located_evidence_and_full_provenance(
    corpus, tmp_path, fake_openai, script, config
):
    result = run(config, tmp_path / "out", corpus / MINUTES)
    assert result.exit_code == 0, result.output
    summary = written(tmp_path / "out")
    source = (corpus / MINUTES).read_text(encoding="utf-8")
    provenance = summary["provenance"]
    item_prompt = load_prompt("summarise-item@v4")
    assert provenance["engine"] == "openai"
    assert provenance["model"] == "fake-model"
    assert (provenance["prompt_id"], provenance["prompt_version"]) == ("summarise-item", 4)
    assert provenance["prompt_hash"] == item_prompt.hash
    assert set(provenance["prompts"]) == {
        "summarise-item@v4",
        "summarise-chunk@v2",
        "summarise-meeting@v3",
    }
    assert provenance["usage"]["calls"] == len(fake_openai.chat_requests)
    # Procedural items cost no call; substantive ones one each; then the overview.
    assert sorted(item_numbers(fake_openai.chat_requests)) == sorted(
        ["4", "5", "6", "7", "8", "9", "overview"]
    )
    substantive = [i for i in summary["items"] if i["kind"] == "substantive"]
    assert all(i["status"] == "ok" and i["sentences"] for i in substantive)
    for item in substantive:
        for sentence in item["sentences"]:
            assert sentence["spans"]
            for span in sentence["spans"]:
                assert item["start"] <= span["start"] < span["end"] <= item["end"]
    assert summary["overview"] and summary["overview"][0]["spans"]
    # The extractive decision finder backs up the model: item 7's decision is recorded.
    item7 = next(i for i in summary["items"] if i["number"] == "7")
    assert any("agreed the letter" in d["text"] for d in item7["decisions"])
    # A cut-short item is sent without the broken tail, and the model is told.
    item5_prompt = next(
        r for r in fake_openai.chat_requests if "Item 5:" in r.json["messages"][-1]["content"]
    )
    user = item5_prompt.json["messages"][-1]["content"]
    assert "cut short" in user
    assert "view the full minutes" not in user
    assert "view the full minutes" in source
    # --prompt picks another version of one of the three prompts.
    older = run(config, tmp_path / "v1", corpus / MINUTES, extra=("--prompt", "summarise-item@v1"))
    assert older.exit_code == 0, older.output
    assert written(tmp_path / "v1")["provenance"]["prompt_version"] == 1


def test_claims_without_evidence_and_quotes_not_in_the_source_are_dropped(
    corpus, tmp_path, script, config
):
    script.invent = True
    result = run(config, tmp_path / "out", corpus / MINUTES)
    assert result.exit_code == 0, result.output
    summary = written(tmp_path / "out")
    texts = [s["text"] for i in summary["items"] for s in i["sentences"]]
    assert not any("council tax" in t for t in texts)
    assert not any(q for i in summary["items"] for q in i["quotes"])
    warnings = [w for i in summary["items"] for w in i["warnings"]]
    assert any("no evidence" in w for w in warnings)
    assert any("quote" in w for w in warnings)


FAULTS = {
    "invalid_output": chat_reply("Sure! Here is the summary: the budget was discussed."),
    "truncated": chat_reply('{"sentences": [{"text": "The budg', finish_reason="length"),
    "refusal": chat_reply(None, refusal="I can't help with that."),
    "server_error": error_reply(503, "overloaded"),
}


@pytest.mark.parametrize("kind", sorted(FAULTS))
def test_a_faulty_item_fails_alone_and_a_rerun_retries_only_it(
    corpus, tmp_path, fake_openai, script, config, kind
):
    script.faults["5"] = FAULTS[kind]
    out = tmp_path / "out"
    result = run(config, out, corpus / MINUTES)
    assert result.exit_code == 1, result.output
    report = json.loads(result.stdout)
    assert report["ok"] is False
    assert report["summaries"][0]["failed"] == ["5"]
    assert "item 5 failed" in result.stderr
    summary = written(out)
    statuses = {i["number"]: i["status"] for i in summary["items"]}
    assert statuses.pop("5") == "failed"
    assert set(statuses.values()) == {"ok"}
    item5 = next(i for i in summary["items"] if i["number"] == "5")
    assert item5["error"].startswith(kind)
    assert not item5["sentences"]
    assert summary["overview"], "the overview is built from the items that succeeded"

    # The fault clears: the re-run asks for item 5 (and the overview, which changes) only.
    script.faults.clear()
    before = len(fake_openai.chat_requests)
    result = run(config, out, corpus / MINUTES)
    assert result.exit_code == 0, result.output
    assert item_numbers(fake_openai.chat_requests[before:]) == ["5", "overview"]
    statuses = {i["number"]: i["status"] for i in written(out)["items"]}
    assert set(statuses.values()) == {"ok"}


def test_rerunning_a_finished_meeting_makes_zero_llm_calls(
    corpus, tmp_path, fake_openai, script, config
):
    assert run(config, tmp_path / "a", corpus / MINUTES).exit_code == 0
    first = len(fake_openai.chat_requests)
    assert first == 7
    # Same output folder: the summary is reused as is.
    again = run(config, tmp_path / "a", corpus / MINUTES)
    assert again.exit_code == 0
    assert json.loads(again.stdout)["summaries"][0]["written"] is False
    # A fresh output folder: every item is asked again, and the response cache answers.
    fresh = run(config, tmp_path / "b", corpus / MINUTES)
    assert fresh.exit_code == 0
    report = json.loads(fresh.stdout)["summaries"][0]
    assert report["llm_calls"] == 0
    assert report["usage"]["cache_hits"] == 7
    assert len(fake_openai.chat_requests) == first

    def content(out: Path) -> list:
        keys = ("number", "status", "sentences", "quotes", "decisions", "actions")
        return [{k: i[k] for k in keys} for i in written(out)["items"]]

    assert content(tmp_path / "a") == content(tmp_path / "b")


def test_long_items_go_through_chunk_map_reduce(corpus, tmp_path, fake_openai, script, config):
    with config.open("a", encoding="utf-8") as handle:
        handle.write("\n[summarise]\nmap_reduce_tokens = 300\n[segment]\nchunk_tokens = 300\n")
    result = run(config, tmp_path / "out", corpus / MINUTES)
    assert result.exit_code == 0, result.output
    systems = [r.json["messages"][0]["content"] for r in fake_openai.chat_requests]
    chunk_calls = [s for s in systems if "take notes on part" in s]
    assert len(chunk_calls) >= 4  # items 4, 5 and 6 are each over 300 tokens
    summary = written(tmp_path / "out")
    item4 = next(i for i in summary["items"] if i["number"] == "4")
    assert item4["status"] == "ok"
    assert item4["usage"]["calls"] >= 3  # at least two chunks, then the reduce
    assert item4["sentences"] and all(s["spans"] for s in item4["sentences"])


def test_a_failed_overview_is_recorded_and_retried(corpus, tmp_path, fake_openai, script, config):
    script.faults["overview"] = FAULTS["truncated"]
    out = tmp_path / "out"
    result = run(config, out, corpus / MINUTES)
    assert result.exit_code == 1
    summary = written(out)
    assert summary["overview_status"] == "failed"
    assert summary["overview_error"].startswith("truncated")
    assert all(i["status"] == "ok" for i in summary["items"])
    script.faults.clear()
    before = len(fake_openai.chat_requests)
    assert run(config, out, corpus / MINUTES).exit_code == 0
    assert item_numbers(fake_openai.chat_requests[before:]) == ["overview"]
    assert written(out)["overview_status"] == "ok"


def test_transcript_quotes_take_speaker_and_time_from_the_turn(tmp_path, script, config):
    vtt = Path(__file__).parent / "fixtures" / "transcripts" / "housing-committee-zoom.vtt"
    # The model names the wrong speaker and trims the words: the turn decides who and when.
    script.quote = {
        "text": "we now have 612 households in temporary accommodation",
        "speaker": "Cllr Nobody",
    }
    result = run(config, tmp_path / "out", vtt)
    assert result.exit_code == 0, result.output
    quotes = [q for i in written(tmp_path / "out")["items"] for q in i["quotes"]]
    assert quotes
    for quote in quotes:
        assert quote["speaker"] == "Rachel Green"
        assert quote["time"] is not None and quote["time"] > 0
        assert quote["text"].startswith("We now have 612 households")  # the source's words
        assert quote["kind"] == "direct"  # a transcript turn is the speaker's own words


@pytest.mark.parametrize(
    ("words", "speaker", "kind"),
    [
        # 'Councillor Price said: "Every pound we spend ..."': inside quotation marks.
        ("Every pound we spend on emergency hotel rooms", "Councillor Price", "direct"),
        # "Councillor Amira Hussain replied that ...": the minutes' account of her answer.
        (
            "the average nightly cost had risen from £59 to £68",
            "Councillor Amira Hussain",
            "reported",
        ),
    ],
)
def test_llm_quotes_are_direct_only_inside_quotation_marks(
    tmp_path, script, config, words, speaker, kind
):
    minutes = Path(__file__).resolve().parent.parent / "samples" / "northbridge-cabinet-minutes.pdf"
    script.quote = {"text": words, "speaker": speaker}
    result = run(config, tmp_path / "out", minutes)
    assert result.exit_code == 0, result.output
    quotes = [q for i in written(tmp_path / "out")["items"] for q in i["quotes"]]
    assert [(q["speaker"], q["kind"]) for q in quotes] == [(speaker, kind)]
    assert quotes[0]["text"].startswith(words)


def test_an_unknown_prompt_version_is_exit_2(corpus, tmp_path, script, config):
    result = run(
        config, tmp_path / "out", corpus / MINUTES, extra=("--prompt", "summarise-item@v9")
    )
    assert result.exit_code == 2
    assert result.stderr.startswith("error: ") and "summarise-item" in result.stderr
    assert not (tmp_path / "out").exists()


# The pool's fork server listens on a Unix socket in the temporary folder.
@pytest.mark.block_network(allowed_hosts=[r"127\.0\.0\.1", r"/tmp/pymp-.*"])
def test_llm_requests_in_flight_stay_within_concurrency_across_worker_processes(
    tmp_path, samples, fake_openai, script, monkeypatch
):
    # Two worker processes, each summarising a meeting with up to `concurrency` threads:
    # the run-wide semaphore keeps the requests in flight at `concurrency`, not twice that.
    config = tmp_path / "two.toml"
    config.write_text(
        f"""
[llm]
base_url = "{fake_openai.base_url}"
model = "fake-model"
cache = false
run_log_path = "{tmp_path / "runs.sqlite"}"
max_attempts = 1
concurrency = 2
[review]
publish = "approved"
""",
        encoding="utf-8",
    )
    lock = threading.Lock()
    flight = {"now": 0, "most": 0}

    def slow(request: RecordedRequest) -> FakeReply:
        with lock:
            flight["now"] += 1
            flight["most"] = max(flight["most"], flight["now"])
        time.sleep(0.2)  # long enough for every worker's threads to be asking at once
        reply = script(request)
        with lock:
            flight["now"] -= 1
        return reply

    fake_openai.handler = slow
    monkeypatch.chdir(tmp_path)
    args = ["--config", str(config), "weekly", "--council", "northbridge", "--week", "2024-W37"]
    args += ["--sources", str(samples), "--no-send", "--json", "--workers", "2"]
    result = CliRunner().invoke(cli, [*args, "--executor", "processes"])
    assert result.exit_code == 0, result.output
    report = json.loads(result.output)
    assert len(report["summaries"]) == 2
    assert len(fake_openai.chat_requests) > 4
    assert flight["most"] == 2


def test_prompt_v3_answers_are_held_to_the_builtin_engines_rules(
    samples, tmp_path, fake_openai, config
):
    """Whatever the model writes, a page gets whole third-person sentences, once each, and
    each decision with the vote the source records."""
    source = samples / "northbridge-cabinet-minutes.txt"
    good = (
        "Councillor Amira Hussain, Cabinet Member for Housing, presented the report, which "
        "proposed a three-year programme of £12.6m to retrofit 1,150 council homes."
    )
    evidence = "presented the report, which proposed a three-year programme of £12.6m"

    def answer(request: RecordedRequest) -> FakeReply:
        messages = request.json["messages"]
        user = next(m["content"] for m in messages if m["role"] == "user")
        if "opening paragraph" in messages[0]["content"]:
            assert "(minutes)" in user  # v2 is told what kind of document it summarises
            overview = {
                "sentences": [
                    {"text": "Cabinet met and made decisions on the budget.", "items": ["44/24"]},
                    {"text": "and also the libraries", "items": ["45/24"]},  # a fragment
                ]
            }
            return chat_reply(json.dumps(overview))
        if "Item 44/24" in user:
            budget = (
                "At the end of the first quarter the General Fund was forecast to overspend by "
                "£1.7m, which was 1.2% of the net revenue budget of £142.3m."
            )
            one = [{"text": budget, "evidence": [budget]}]
            return chat_reply(json.dumps({"sentences": one}))
        body = {
            "sentences": [
                {"text": good, "evidence": [evidence]},
                {"text": "I think the programme is sound.", "evidence": [evidence]},
                {"text": "Retrofit Programme The programme costs money", "evidence": [evidence]},
                {"text": good, "evidence": [evidence]},
            ],
            "quotes": [],
            "decisions": [],
            "actions": [],
        }
        return chat_reply(json.dumps(body))

    fake_openai.handler = answer
    prompts = ("--prompt", "summarise-item@v4", "--prompt", "summarise-meeting@v3")
    result = run(config, tmp_path / "out", source, extra=prompts)
    summary = written(tmp_path / "out")
    assert summary["provenance"]["prompts"].keys() >= {"summarise-item@v4", "summarise-meeting@v3"}
    (retrofit,) = [i for i in summary["items"] if i["number"] == "45/24"]
    assert retrofit["status"] == "ok"
    # Only the whole third-person sentence stands, once; the others are dropped and counted.
    assert [s["text"] for s in retrofit["sentences"]] == [good]
    assert any("3 sentence(s) that do not read on their own" in w for w in retrofit["warnings"])
    assert [s["text"] for s in summary["overview"]] == [
        "Cabinet met and made decisions on the budget."
    ]
    assert result.exit_code == 1  # the other items' answers cite nothing of theirs
