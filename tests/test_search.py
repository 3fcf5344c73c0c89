"""`run.py search` over the demo's meetings: the index, the hits, filters, hooks, bad input.

The demo's two meetings (Northbridge Cabinet minutes PDF, Planning Sub-Committee minutes
page) are summarised by the built-in engine into a temporary folder, an editor approves
them, and every query goes through the real command line against the real SQLite index.
"""

from __future__ import annotations

import json
import shutil
import sqlite3
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest
from click.testing import CliRunner
from lxml import html

from pipeline.cli import cli
from pipeline.config import load_settings
from pipeline.search import index_summary, remove_summary, sync_index
from pipeline.search.entries import vote_in
from pipeline.search.index import IndexTarget, update_index
from pipeline.search.query import QueryError, SearchQuery, fts_all, parse_query, search
from pipeline.search.schema import open_index

ROOT = Path(__file__).resolve().parent.parent
CABINET = "northbridge-borough-council/cabinet/2024-09-09/index.html"
PLANNING = "northbridge-borough-council/planning-sub-committee/2024-09-10/index.html"
HIT_KEYS = {"score", "kind", "council", "body", "date", "item", "text", "snippet", "page_url"}


@pytest.fixture(scope="module")
def demo(tmp_path_factory) -> dict:
    folder = tmp_path_factory.mktemp("search-demo")
    shutil.copytree(ROOT / "samples", folder / "samples", ignore=shutil.ignore_patterns("src"))
    env = {
        "COUNCIL_DIGEST__LLM__MODEL": None,
        "OPENAI_BASE_URL": None,
        "COUNCIL_DIGEST_CONFIG": None,
        "COUNCIL_DIGEST__PATHS__SUMMARIES": str(folder / "summaries"),
        "COUNCIL_DIGEST__SEARCH__INDEX": str(folder / "search.sqlite3"),
        "COUNCIL_DIGEST__RENDER__OUT_DIR": str(folder / "site"),
        "COUNCIL_DIGEST__REVIEW__PUBLISH": "approved",
    }
    state = {"folder": folder, "env": env}
    documents = ["northbridge-cabinet-minutes.pdf", "northbridge-planning-minutes.html"]
    summarised = _run(state, "summarise", *(str(folder / "samples" / d) for d in documents))
    assert summarised.exit_code == 0, summarised.output
    built = _run(state, "search", "--reindex")
    assert built.exit_code == 0 and "0 published meetings" in built.output, built.output
    for ref in ("cabinet/2024-09-09", "planning-sub-committee/2024-09-10"):
        approved = _run(state, "review", "approve", ref, "--by", "test-editor")
        assert approved.exit_code == 0, approved.output
    return state


def _run(demo: dict, *args: str):
    return CliRunner().invoke(cli, list(args), env=demo["env"])


def _hits(demo: dict, *args: str) -> list[dict]:
    result = _run(demo, "search", *args, "--json")
    assert result.exit_code in (0, 1), result.output
    data = json.loads(result.stdout)
    assert data["query"] == args[0]
    return data["hits"]


def test_approving_indexes_a_meeting_and_a_decision_is_found_with_outcome_and_page(demo):
    hits = _hits(demo, "overspend", "--kind", "decision")
    top = hits[0]
    assert top.keys() >= HIT_KEYS and {"start", "end", "page"} <= top["source"].keys()
    assert top["kind"] == "decision" and top["outcome"] == "noted"
    assert (top["council"], top["body"], top["date"]) == (
        "Northbridge Borough Council",
        "Cabinet",
        "2024-09-09",
    )
    assert top["item"]["number"] == "44/24"
    assert top["item"]["title"] == "Revenue Budget Monitoring 2024/25 - Quarter 1"
    assert top["page_url"] == f"{CABINET}#item-44-24"
    assert top["source"]["page"] == 2 and top["source"]["start"] < top["source"]["end"]
    assert "**overspend**" in top["snippet"]


def test_text_output_ranks_hits_with_snippet_meeting_item_and_link(demo):
    result = _run(demo, "search", "heat pumps")
    assert result.exit_code == 0, result.output
    first = result.stdout.splitlines()[:3]
    assert first[0].startswith("1. Northbridge Borough Council, Cabinet, 2024-09-09 | item 45/24")
    assert "**heat** **pumps**" in first[1]
    assert first[2].startswith(f"{CABINET}#item-45-24".join(["   ", ""]))


def test_stemming_phrases_and_prefixes(demo):
    stemmed = _hits(demo, "retrofitting")  # Porter: retrofitting -> retrofit
    assert stemmed and all(h["item"]["number"] == "45/24" for h in stemmed[:2])
    phrase = _hits(demo, '"town centre regeneration"', "--kind", "item")
    assert [h["item"]["number"] for h in phrase] == ["46/24"]
    # The words in another order are not the phrase.
    assert _hits(demo, '"regeneration town centre"', "--kind", "item") == []
    prefix = _hits(demo, "gashold*")
    assert prefix and prefix[0]["page_url"].startswith(PLANNING)
    assert prefix[0]["item"]["title"].startswith("2024/0412: Former Gasholder Site")


def test_quotes_carry_their_speaker(demo):
    hits = _hits(demo, "hotel rooms", "--kind", "quote")
    assert hits[0]["kind"] == "quote"
    assert hits[0]["speaker"] == "Councillor Price"
    assert hits[0]["text"].startswith("Every pound we spend on emergency hotel rooms")


def test_source_hits_link_the_source_page(demo):
    hits = _hits(demo, "Eastfields estate", "--kind", "source")
    top = hits[0]
    assert top["kind"] == "source" and top["item"]["number"] == "42/24"
    page = top["source"]["page"]
    assert page == 1
    assert top["source"]["url"] == f"{CABINET.rsplit('/', 1)[0]}/source.pdf#page={page}"
    text = (demo["folder"] / "samples" / "northbridge-cabinet-minutes.txt").read_text()
    assert "Eastfields estate" in text


def test_filters_combine_with_the_query(demo):
    both = {h["body"] for h in _hits(demo, "report", "--limit", "30")}
    assert both == {"Cabinet", "Planning Sub-Committee"}
    planning = _hits(demo, "report", "--body", "planning sub-committee", "--limit", "30")
    assert planning and {h["body"] for h in planning} == {"Planning Sub-Committee"}
    since = _hits(demo, "report", "--since", "2024-09-10", "--limit", "30")
    assert since and {h["date"] for h in since} == {"2024-09-10"}
    until = _hits(demo, "report", "--until", "2024-09-09", "--limit", "30")
    assert until and {h["date"] for h in until} == {"2024-09-09"}
    assert _hits(demo, "report", "--council", "northbridge")
    other = _run(demo, "search", "report", "--council", "southby")
    assert other.exit_code == 1 and "no hits" in other.stdout
    limited = _hits(demo, "report", "--limit", "3")
    assert len(limited) == 3


def test_at_most_two_hits_come_from_one_item(demo):
    hits = _hits(demo, "housing", "--limit", "30")
    per_item: dict[tuple, int] = {}
    for hit in hits:
        key = (hit["page_url"].split("#")[0], hit["item"]["number"] if hit["item"] else None)
        per_item[key] = per_item.get(key, 0) + 1
    assert max(per_item.values()) <= 2


def test_rejecting_removes_a_meeting_and_approving_brings_it_back(demo):
    assert _hits(demo, "gasholder")
    rejected = _run(demo, "review", "reject", "planning-sub-committee/2024-09-10", "--note", "x")
    assert rejected.exit_code == 0, rejected.output
    assert _hits(demo, "gasholder") == []
    approved = _run(demo, "review", "approve", "planning-sub-committee/2024-09-10")
    assert approved.exit_code == 0, approved.output
    assert _hits(demo, "gasholder")


def test_unchanged_summaries_cost_nothing_and_a_changed_one_is_replaced(demo):
    target = IndexTarget.from_settings(load_settings(environ=_environ(demo)))
    again = update_index(target)
    assert again.unchanged == 2 and not again.added and not again.removed
    path = demo["folder"] / "summaries" / "cabinet" / "2024-09-09" / "summary.json"
    original = path.read_text(encoding="utf-8")
    try:
        data = json.loads(original)
        data["items"][3]["sentences"][0]["text"] = "A sentence about zeppelins."
        path.write_text(json.dumps(data), encoding="utf-8")
        report = index_summary(path, load_settings(environ=_environ(demo)))
        assert report is not None and report.added == [str(path)]
        assert _hits(demo, "zeppelins")[0]["item"]["number"] == "44/24"
        assert _hits(demo, "Councillor Daniel Price introduced", "--kind", "summary")
    finally:
        path.write_text(original, encoding="utf-8")
        index_summary(path, load_settings(environ=_environ(demo)))
    assert _hits(demo, "zeppelins") == []


@contextmanager
def _as_draft(path: Path) -> Iterator[None]:
    """The summary at ``path`` back in draft for the duration (restored after)."""
    original = path.read_text(encoding="utf-8")
    data = json.loads(original)
    data["review"]["status"] = "draft"
    path.write_text(json.dumps(data), encoding="utf-8")
    try:
        yield
    finally:
        path.write_text(original, encoding="utf-8")


def _environ(demo: dict) -> dict:
    return {k: v for k, v in demo["env"].items() if v is not None}


@pytest.mark.parametrize(
    ("query", "why"),
    [
        ("", "nothing to search for"),
        ("   ", "nothing to search for"),
        ('"" * ( ) ^ : -', "nothing to search for"),
        ('"', "nothing to search for"),
    ],
)
def test_empty_or_operator_only_queries_are_one_line_errors(demo, query, why):
    result = _run(demo, "search", query)
    assert result.exit_code == 2
    assert result.stderr.count("\n") == 1 and result.stderr.startswith("error: ")
    assert why in result.stderr and "Traceback" not in result.output


@pytest.mark.parametrize(
    "query",
    [
        "housing AND OR NOT NEAR(",
        "title:housing",
        '"unclosed phrase',
        "col:* ^start -minus +plus {a b}",
        "NEAR(housing budget, 2)",
        "housing'",
        "'; DROP TABLE entries; --",
        "\x00\x01 housing",
    ],
)
def test_fts_syntax_never_reaches_sqlite(demo, query):
    result = _run(demo, "search", query, "--json")
    assert result.exit_code in (0, 1), result.output
    json.loads(result.stdout)


def test_user_text_becomes_quoted_fts_strings():
    terms = parse_query('what did the Cabinet decide about "bus station" retro* OR col:budget')
    assert fts_all(terms) == '"cabinet" "decide" "bus station" "retro"* "col" "budget"'
    assert fts_all(parse_query("the")) == '"the"'  # only function words: keep them
    with pytest.raises(QueryError):
        parse_query("* ** ()")


def test_bad_dates_and_missing_query_are_one_line_errors(demo):
    for args in (["x", "--since", "last week"], ["x", "--until", "2024-13-01"], []):
        result = _run(demo, "search", *args)
        assert result.exit_code == 2, args
        assert result.stderr.startswith("error: ") and result.stderr.count("\n") == 1


def test_missing_and_corrupt_index_are_one_line_errors_and_reindex_repairs(demo, tmp_path):
    missing = _run(demo, "search", "budget", "--index", str(tmp_path / "none.sqlite3"))
    assert missing.exit_code == 2
    assert "no search index" in missing.stderr and "--reindex" in missing.stderr
    broken = tmp_path / "broken.sqlite3"
    shutil.copy(demo["folder"] / "search.sqlite3", broken)
    data = bytearray(broken.read_bytes())
    data[0:16] = b"not a database!!"
    broken.write_bytes(bytes(data))
    damaged = _run(demo, "search", "budget", "--index", str(broken))
    assert damaged.exit_code == 2 and damaged.stderr.count("\n") == 1
    assert "damaged" in damaged.stderr and "--reindex" in damaged.stderr
    garbage = tmp_path / "garbage.sqlite3"
    garbage.write_bytes(b"\x00" * 100 + b"garbage" * 1000)
    assert _run(demo, "search", "budget", "--index", str(garbage)).exit_code == 2
    rebuilt = _run(demo, "search", "--reindex", "--index", str(broken))
    assert rebuilt.exit_code == 0 and "2 published meetings" in rebuilt.output
    assert _run(demo, "search", "budget", "--index", str(broken)).exit_code == 0


def test_an_index_from_a_newer_version_is_refused(demo, tmp_path):
    newer = tmp_path / "newer.sqlite3"
    shutil.copy(demo["folder"] / "search.sqlite3", newer)
    with sqlite3.connect(newer) as conn:
        conn.execute("PRAGMA user_version = 99")
    result = _run(demo, "search", "budget", "--index", str(newer))
    assert result.exit_code == 2 and "newer than this code" in result.stderr


def test_the_index_holds_only_published_meetings_under_the_policy(demo, tmp_path):
    env = {**_environ(demo), "COUNCIL_DIGEST__SEARCH__INDEX": str(tmp_path / "i.sqlite3")}
    # approved_or_clean: drafts are shown only with a clean evals report; there is none here.
    env["COUNCIL_DIGEST__REVIEW__PUBLISH"] = "approved_or_clean"
    summaries = demo["folder"] / "summaries"
    draft = summaries / "cabinet" / "2024-09-09" / "summary.json"
    with _as_draft(draft):
        report = sync_index(summaries, load_settings(environ=env))
        assert report is not None and report.not_published == 1 and len(report.added) == 1
        conn = open_index(tmp_path / "i.sqlite3")
        try:
            assert search(conn, SearchQuery(text="overspend")) == []
            assert search(conn, SearchQuery(text="gasholder"))
        finally:
            conn.close()


def test_votes_are_read_as_printed():
    assert vote_in("RESOLVED: that the report be noted (carried unanimously)") == (
        "carried unanimously"
    )
    assert vote_in("The motion was CARRIED 7-2.") == "CARRIED 7-2"
    assert vote_in("For: 7, Against: 2, Abstentions: 1") == "For: 7, Against: 2, Abstentions: 1"
    assert vote_in("Ayes 4, Noes 3") == "Ayes 4, Noes 3"
    assert vote_in("12 votes for and 3 against") == "12 votes for and 3 against"
    assert vote_in("That the report be noted.") is None


def test_render_writes_a_search_page_and_a_pagefind_index_of_published_pages_only(demo):
    site = demo["folder"] / "site"
    env = {**demo["env"], "COUNCIL_DIGEST__RENDER__INCLUDE_DRAFTS": "true"}
    summaries = demo["folder"] / "summaries"
    draft = summaries / "planning-sub-committee" / "2024-09-10" / "summary.json"
    with _as_draft(draft):
        result = CliRunner().invoke(cli, ["render", "--json"], env=env)
        assert result.exit_code == 0, result.output
        assert (site / PLANNING).is_file()  # the draft preview is rendered ...
        entry = json.loads((site / "pagefind" / "pagefind-entry.json").read_text())
        assert [lang["page_count"] for lang in entry["languages"].values()] == [1]  # ... unindexed
        draft_page = (site / PLANNING).read_text(encoding="utf-8")
        assert "data-pagefind-body" not in draft_page
        assert "data-pagefind-body" in (site / CABINET).read_text(encoding="utf-8")
    search_page = html.fromstring((site / "search" / "index.html").read_text(encoding="utf-8"))
    csp = search_page.xpath("//meta[@http-equiv='Content-Security-Policy']/@content")[0]
    assert "script-src 'self' 'wasm-unsafe-eval'" in csp and "unsafe-inline" not in csp
    assert search_page.xpath("//script/@src") == ["search.js"]
    assert all(s.text is None for s in search_page.xpath("//script"))  # no inline script
    assert search_page.xpath("//select[@id='search-council']/option/text()") == [
        "All councils",
        "Northbridge Borough Council",
    ]
    assert (site / "search" / "search.js").is_file()
    # Every other page still forbids scripts.
    for page in site.rglob("*.html"):
        if page.parent.name == "search" or page.name in ("evals.html", "source.html"):
            continue
        text = page.read_text(encoding="utf-8")
        doc = html.fromstring(text)
        csp = doc.xpath("//meta[@http-equiv='Content-Security-Policy']/@content")[0]
        assert "default-src 'none'" in csp and "script-src" not in csp, page
        assert doc.xpath("//script") == [], page
    rerun = CliRunner().invoke(cli, ["render", "--json"], env=demo["env"])
    again = CliRunner().invoke(cli, ["render", "--json"], env=demo["env"])
    assert rerun.exit_code == 0 and json.loads(again.stdout)["written"] == []  # no new work


def test_remove_summary_drops_a_meeting_until_it_is_indexed_again(demo):
    path = demo["folder"] / "summaries" / "planning-sub-committee" / "2024-09-10" / "summary.json"
    settings = load_settings(environ=_environ(demo))
    removed = remove_summary(path, settings)
    assert removed is not None and removed.removed == [str(path)]
    assert _hits(demo, "gasholder") == []
    again = index_summary(path, settings)
    assert again is not None and again.added == [str(path)]
    assert _hits(demo, "gasholder")
