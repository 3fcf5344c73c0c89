"""Editor review through the CLI: list, show, approve, reject, edit (file and $EDITOR)."""

from __future__ import annotations

import json
import shutil
import sys

import pytest
from click.testing import CliRunner
from publish_support import SOURCE_TEXT, make_summary, write_evals, write_summary

from pipeline.cli import cli
from pipeline.models import MeetingSummary
from pipeline.review import apply_edit, to_edit_text


@pytest.fixture
def store(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    monkeypatch.setenv("COUNCIL_DIGEST__PATHS__SUMMARIES", str(tmp_path / "summaries"))
    source = tmp_path / "cabinet-minutes.txt"
    source.write_text(SOURCE_TEXT, encoding="utf-8")
    path = write_summary(tmp_path / "summaries", make_summary(source_path=str(source)))
    write_evals(path)
    return path


def run(*args: str, **kwargs):
    return CliRunner().invoke(cli, list(args), catch_exceptions=False, **kwargs)


def load(path) -> MeetingSummary:
    return MeetingSummary.model_validate_json(path.read_text())


def test_list_and_show(store):
    listed = run("review", "list", "--json")
    rows = json.loads(listed.output)
    assert rows[0]["ref"] == "cabinet/2024-09-11" and rows[0]["status"] == "draft"
    assert rows[0]["publishable"] is True and rows[0]["evals"]["checked"] == 5
    assert "cabinet/2024-09-11" in run("review", "list").output
    assert run("review", "list", "--status", "approved", "--json").output.strip() == "[]"
    shown = run("review", "show", "cabinet/2024-09-11")
    assert "== item 4 | Housing Allocations Policy ==" in shown.output
    assert "> [Councillor Amira Patel] families in temporary accommodation" in shown.output
    assert "! approved: The revised policy was approved." in shown.output
    assert json.loads(run("review", "show", str(store), "--json").output)["meeting"]["body"]
    missing = run("review", "show", "nope/2020-01-01")
    assert missing.exit_code == 2 and missing.output.startswith("error:")


def test_approve_and_reject_record_who_when_why(store):
    assert run("review", "approve", "cabinet/2024-09-11", "--by", "Edna").exit_code == 0
    review = load(store).review
    assert review.status == "approved" and review.by == "Edna" and review.at
    result = run("review", "reject", "cabinet/2024-09-11", "--by", "Edna", "--note", "wrong date")
    assert result.exit_code == 0
    review = load(store).review
    assert review.status == "rejected" and review.note == "wrong date"
    assert run("review", "reject", "cabinet/2024-09-11").exit_code == 2  # --note required


def test_edit_from_file_changes_text_keeps_unchanged_spans_and_returns_to_draft(store, tmp_path):
    run("review", "approve", "cabinet/2024-09-11", "--by", "Edna")
    text = run("review", "show", "cabinet/2024-09-11").output
    text = text.replace(
        "It also noted a consultation on library opening hours.",
        "It also noted the library consultation.",
    )
    text = text.replace("== item 5 | Library Opening Hours ==", "== item 5 | Libraries ==")
    text = text.replace(
        "! approved: The revised policy was approved.",
        "! approved: The revised allocations policy was approved.\n"
        "- [Director of Housing] Publish the policy by October.",
    )
    edit = tmp_path / "edit.txt"
    edit.write_text(text, encoding="utf-8")
    result = run(
        "review", "edit", "cabinet/2024-09-11", "--file", str(edit), "--by", "Edna", "--no-evals"
    )
    assert result.exit_code == 0, result.output
    summary = load(store)
    assert [s.text for s in summary.overview][1] == "It also noted the library consultation."
    housing = summary.items[1]
    assert housing.sentences[0].spans[0].start == 90  # unchanged sentence keeps its citation
    assert housing.quotes[0].time == 754.0 and housing.quotes[0].span is not None
    assert housing.decisions[0].text == "The revised allocations policy was approved."
    assert housing.decisions[0].span is None  # changed text: evals search the whole source
    assert housing.actions[0].owner == "Director of Housing"
    assert summary.items[2].title == "Libraries"
    assert summary.review.status == "draft" and summary.review.edited_by == "Edna"
    again = run("review", "edit", "cabinet/2024-09-11", "--file", str(edit), "--no-evals")
    assert again.exit_code == 0
    assert load(store).model_dump(include={"overview", "items"}) == summary.model_dump(
        include={"overview", "items"}
    )


def test_edit_round_trip_is_lossless():
    summary = make_summary()
    assert apply_edit(summary, to_edit_text(summary)) == summary


def test_an_edit_keeps_reported_speech_reported():
    summary = make_summary()
    summary.items[1].quotes[0].kind = "reported"
    assert apply_edit(summary, to_edit_text(summary)).items[1].quotes[0].kind == "reported"


@pytest.mark.parametrize(
    ("broken", "message"),
    [
        ("== item 99 | Nope ==\nText.\n", "no item '99'"),
        ("Loose text\n== overview ==\n", "before the first"),
        ("== agenda ==\n", "unknown section"),
        ("== overview ==\n> [X] a quote in the overview\n", "belong to an item"),
    ],
)
def test_bad_edits_are_one_line_errors_and_change_nothing(store, tmp_path, broken, message):
    before = store.read_bytes()
    edit = tmp_path / "bad.txt"
    edit.write_text(broken, encoding="utf-8")
    result = run("review", "edit", "cabinet/2024-09-11", "--file", str(edit))
    assert result.exit_code == 2 and message in result.output
    assert result.output.startswith("error:") and result.output.count("\n") == 1
    assert store.read_bytes() == before


def test_edit_in_editor_reruns_evals(store, tmp_path, monkeypatch):
    editor = tmp_path / "editor.py"
    editor.write_text(
        "import sys, pathlib\n"
        "p = pathlib.Path(sys.argv[1])\n"
        "p.write_text(p.read_text().replace('The Cabinet approved a revised housing "
        "allocations policy.', 'The Cabinet approved the revised policy on 11 September "
        "2024.'))\n"
    )
    monkeypatch.setenv("EDITOR", f"{sys.executable} {editor}")
    monkeypatch.delenv("VISUAL", raising=False)
    (store.parent / "evals.json").unlink()
    result = run("review", "edit", "cabinet/2024-09-11", "--by", "Edna")
    assert "edited:" in result.output
    assert load(store).overview[0].text == (
        "The Cabinet approved the revised policy on 11 September 2024."
    )
    from pipeline.job import evals_available

    if evals_available():
        assert "evals:" in result.output and "sentences checked" in result.output
        report = json.loads((store.parent / "evals.json").read_text())
        texts = [s["text"] for s in report["summary_sentences"]]
        assert any("11 September 2024" in t for t in texts)
        assert (store.parent / "evals.html").is_file()
        # Each flagged sentence is printed with its verdict and reasons.
        flagged = [s for s in report["summary_sentences"] if s["verdict"] != "supported"]
        for sentence in flagged:
            assert f"{sentence['verdict']}: {sentence['text']}" in result.output
        assert (result.exit_code == 1) == bool(flagged)
    else:
        assert "not installed" in result.output


def test_edit_without_editor_is_a_one_line_error(store, monkeypatch):
    monkeypatch.delenv("EDITOR", raising=False)
    monkeypatch.delenv("VISUAL", raising=False)
    result = run("review", "edit", "cabinet/2024-09-11")
    assert result.exit_code == 2 and "no $EDITOR" in result.output


def test_editor_failure_saves_nothing(store, monkeypatch):
    monkeypatch.setenv("EDITOR", shutil.which("false") or "false")
    before = store.read_bytes()
    result = run("review", "edit", "cabinet/2024-09-11")
    assert result.exit_code == 2 and "not saved" in result.output
    assert store.read_bytes() == before


def test_approve_refuses_a_flagged_summary_unless_forced_with_a_note(store):
    evals = write_evals(store, flagged=1)
    data = json.loads(evals.read_text())
    data["summary_sentences"][0].update(
        text="The Cabinet rejected the policy.",
        verdict="contradicted",
        issues=[
            {
                "kind": "decision",
                "detail": "the summary says rejected; the source records agreed/approved",
                "evidence": {"start": 0, "end": 9, "text": "RESOLVED: that the policy be approved"},
                "severity": "contradicted",
            }
        ],
    )
    evals.write_text(json.dumps(data), encoding="utf-8")
    refused = run("review", "approve", "cabinet/2024-09-11", "--by", "Edna")
    assert refused.exit_code == 2
    assert "The Cabinet rejected the policy." in refused.output
    assert "decision: the summary says rejected" in refused.output
    assert load(store).review.status == "draft"
    # --force alone is not enough: the editor says why they override the checks.
    assert run("review", "approve", "cabinet/2024-09-11", "--force").exit_code == 2
    forced = run("review", "approve", "cabinet/2024-09-11", "--force", "--note", "checked by hand")
    assert forced.exit_code == 0
    review = load(store).review
    assert review.status == "approved" and review.note == "checked by hand"
