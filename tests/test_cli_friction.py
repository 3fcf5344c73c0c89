"""What an editor meets at the command line: councils by name or slug (a typo fails with
the nearest councils), why nothing was sent, why a summary is held back, one send default,
the version, a mistyped command, whole review refs."""

from __future__ import annotations

import json

import pytest
from click.testing import CliRunner
from publish_support import make_summary, write_evals, write_summary

from pipeline.cli import cli

WEEK = "2024-W37"


@pytest.fixture
def env(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    monkeypatch.setenv("COUNCIL_DIGEST_SECRET", "test-secret-0123456789abcdef")
    monkeypatch.setenv("COUNCIL_DIGEST__PATHS__SUMMARIES", str(tmp_path / "summaries"))
    monkeypatch.setenv("COUNCIL_DIGEST__PATHS__CACHE", str(tmp_path / "cache"))
    monkeypatch.setenv("COUNCIL_DIGEST__DIGEST__DATABASE", str(tmp_path / "subs.sqlite3"))
    monkeypatch.setenv("COUNCIL_DIGEST__DIGEST__OUTBOX", str(tmp_path / "outbox"))
    monkeypatch.setenv("COUNCIL_DIGEST__RENDER__OUT_DIR", str(tmp_path / "site"))
    return tmp_path


def run(*args: str):
    return CliRunner().invoke(cli, list(args))


def store_cabinet(env, **fields):
    path = write_summary(env / "summaries", make_summary(**fields))
    write_evals(path)
    return path


def test_version_and_a_mistyped_command():
    shown = run("--version")
    assert shown.exit_code == 0 and shown.output.startswith("council-digest ")
    typo = run("sumarise", "x.pdf")
    assert typo.exit_code == 2
    assert typo.output.strip().splitlines() == [
        "error: no such command 'sumarise'; did you mean summarise? (run.py --help lists them)"
    ]


def test_a_council_by_slug_is_stored_under_its_full_name(env):
    store_cabinet(env)
    added = run("subscribers", "add", "ann@example.org", "--council", "northbridge")
    assert added.exit_code == 0, added.output
    assert "Northbridge Borough Council" in added.output
    listed = json.loads(run("subscribers", "list", "--json").output)
    assert listed[0]["councils"] == ["Northbridge Borough Council"]
    # ... so the council's digest reaches them.
    sent = run("digest", "--council", "northbridge-borough-council", "--week", WEEK, "--json")
    assert [e["to"] for e in json.loads(sent.output)["emails"]] == ["ann@example.org"]


@pytest.mark.parametrize("command", ["subscribers", "digest"])
def test_an_unknown_council_fails_with_the_nearest_known_ones(env, command):
    store_cabinet(env)
    args = {
        "subscribers": ["subscribers", "add", "ann@example.org", "--council", "Northbrige"],
        "digest": ["digest", "--council", "Northbrige", "--week", WEEK],
    }[command]
    result = run(*args)
    assert result.exit_code == 2
    assert result.output.strip().splitlines() == [
        "error: unknown council 'Northbrige': did you mean 'Northbridge Borough Council'?"
    ]


def test_digest_says_why_nothing_was_sent(env):
    store_cabinet(env)
    nobody = run("digest", "--council", "Northbridge", "--week", WEEK)
    assert "nothing to send: nobody follows Northbridge Borough Council" in nobody.output
    quiet = run("digest", "--council", "Northbridge", "--week", "2024-W40", "--json")
    assert "no Northbridge" in json.loads(quiet.output)["nothing_sent"]


def test_digest_names_what_holds_back_each_summary_of_the_week(env):
    path = write_summary(env / "summaries", make_summary())
    write_evals(path, flagged=2)
    run("subscribers", "add", "ann@example.org", "--council", "Northbridge Borough Council")
    result = run("digest", "--council", "Northbridge", "--week", WEEK)
    assert "no summary of 2024-W37 is publishable (approved_or_clean policy)" in result.output
    assert "2 sentences flagged" in result.output


def test_digest_and_weekly_share_one_send_default(env):
    store_cabinet(env)
    run("subscribers", "add", "ann@example.org", "--council", "Northbridge Borough Council")
    dry = run("digest", "--council", "Northbridge", "--week", WEEK, "--no-send")
    assert "would send to ann@example.org" in dry.output and not (env / "outbox").exists()
    sent = run("digest", "--council", "Northbridge", "--week", WEEK)  # [digest] send = true
    assert "sent 1 via outbox" in sent.output
    assert len(list((env / "outbox").rglob("*.eml"))) == 1


def test_render_says_why_a_summary_is_held_back(env):
    write_summary(env / "summaries", make_summary())  # summarised, not yet checked
    result = run("render")
    assert result.exit_code == 0, result.output
    assert "not published (approved_or_clean policy): 1" in result.output
    assert "not checked yet: drafts are published once evals flag nothing" in result.output


def test_review_list_shows_whole_refs(env):
    body = "Children and Young People Scrutiny Commission Task and Finish Group on Housing"
    store_cabinet(env, body=body)
    result = run("review", "list")
    assert result.exit_code == 0
    ref = f"{'children-and-young-people-scrutiny-commission-task-and-finish-group-on-housing'}"
    assert f"{ref}/2024-09-11" in result.output


def test_weekly_says_why_nothing_was_sent_and_refuses_an_unknown_council(env, samples):
    sources = env / "sources"
    sources.mkdir()
    pdf = samples / "northbridge-cabinet-minutes.pdf"
    (sources / pdf.name).write_bytes(pdf.read_bytes())
    args = ["weekly", "--sources", str(sources), "--executor", "local", "--week"]
    quiet = run(*args, "2024-W40", "--council", "northbridge")
    assert quiet.exit_code == 0, quiet.output
    assert "nothing sent: no document of northbridge's meetings in 2024-W40" in quiet.output
    typo = run(*args, "2024-W37", "--council", "Northbrige")
    assert typo.exit_code == 2
    assert (
        typo.output.strip()
        .splitlines()[-1]
        .startswith("error: unknown council 'Northbrige': did you mean")
    )
