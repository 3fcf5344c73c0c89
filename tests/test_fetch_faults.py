"""Faults while fetching: each is one clear line on its meeting or document, the rest of the
run completes, exit 1 when something failed and 2 for bad arguments; nothing already
fetched is lost and nothing is left half-written. Real HTTP on 127.0.0.1 throughout."""

from __future__ import annotations

import datetime as dt
import json
import socket
from pathlib import Path
from urllib.parse import unquote, urlsplit

import pytest
from fetch_support import (
    NORTHBRIDGE_SITE,
    PDF,
    CouncilSite,
    Reply,
    council_at,
    quick_settings,
    run_cli,
    write_registry,
)

from pipeline.fetch import fetch_council

pytestmark = pytest.mark.block_network(allowed_hosts=[r"127\.0\.0\.1"])

SINCE, UNTIL = dt.date(2024, 9, 1), dt.date(2024, 9, 30)
SEPTEMBER = ("--since", "2024-09-01", "--until", "2024-09-30")
MINUTES = "/documents/g4870/Printed minutes 09th-Sep-2024 18.30 Cabinet.pdf"
PACK = "/documents/g4870/Public reports pack 09th-Sep-2024 18.30 Cabinet.pdf"
LOGIN_PAGE = (
    b"<!DOCTYPE html><html><head><title>Sign in</title></head><body><form method='post'>"
    b"<input name='user'><input type='password' name='pass'><button>Sign in</button>"
    b"</form></body></html>"
)


def _fetch(site: CouncilSite, store: Path, **settings):
    return fetch_council(
        council_at(site.url),
        settings=quick_settings(**settings),
        since=SINCE,
        until=UNTIL,
        out=store,
    )


def _document(report, path: str):
    return next(
        d for m in report.meetings for d in m.documents if unquote(urlsplit(d.url).path) == path
    )


def _leftovers(store: Path) -> list[Path]:
    return [p for p in store.rglob("*") if p.name.endswith(".part")]


@pytest.mark.parametrize(
    ("replies", "message"),
    [
        ([Reply(404, b"<h1>Not found</h1>")], "HTTP 404 Not Found"),
        ([Reply(500, b"oops")], "HTTP 500 Internal Server Error (after 2 attempts)"),
        ([Reply(200, LOGIN_PAGE)], "got a login page, not the document"),
        (
            [Reply(200, b"<!DOCTYPE html><html><body>Document moved</body></html>")],
            "expected a PDF, got an HTML page",
        ),
        ([Reply(200, PDF, content_type="application/pdf", truncate=200)], "truncated download"),
        ([Reply(302, headers={"Location": MINUTES.replace(" ", "%20") + "?T=1"})], "redirect loop"),
    ],
    ids=["404", "500-after-retries", "login-page", "html-for-pdf", "truncated", "redirect-loop"],
)
def test_a_bad_document_is_one_line_and_the_rest_of_the_run_completes(tmp_path, replies, message):
    with CouncilSite(NORTHBRIDGE_SITE) as site:
        site.route(MINUTES, *replies)
        report = _fetch(site, tmp_path)
    bad = _document(report, MINUTES)
    assert bad.status == "failed" and message in bad.error and "\n" not in bad.error
    assert bad.path is None  # nothing stored under its name
    assert not report.ok
    others = [d for m in report.meetings for d in m.documents if d is not bad]
    assert others and all(d.status == "new" for d in others)
    assert _leftovers(tmp_path) == []


def test_a_file_over_the_size_limit_is_refused_before_it_is_downloaded(tmp_path):
    with CouncilSite(NORTHBRIDGE_SITE) as site:
        report = _fetch(site, tmp_path, max_bytes=10_000)
    pack = _document(report, PACK)  # 19 KB
    assert pack.status == "failed" and "over the size limit (10000 bytes)" in pack.error
    assert _document(report, MINUTES).status == "new"  # 8 KB
    assert _leftovers(tmp_path) == []


def test_429_and_503_are_retried_after_the_wait_the_server_asks_for(tmp_path):
    waits: list[float] = []
    with CouncilSite(NORTHBRIDGE_SITE) as site:
        site.route(
            MINUTES,
            Reply(429, b"slow down", headers={"Retry-After": "7"}),
            Reply(503, b"busy", headers={"Retry-After": "3"}),
            Reply(200, PDF, content_type="application/pdf"),
        )
        from pipeline.fetch.http import PoliteClient

        with PoliteClient(quick_settings(max_attempts=3), sleep=waits.append) as client:
            report = fetch_council(
                council_at(site.url),
                settings=quick_settings(max_attempts=3),
                since=SINCE,
                until=UNTIL,
                out=tmp_path,
                client=client,
            )
        tries = [r for r in site.requests if r.path == MINUTES]
    assert _document(report, MINUTES).status == "new" and report.ok
    assert len(tries) == 3
    assert 7.0 in waits and 3.0 in waits


def test_a_retry_after_longer_than_allowed_fails_at_once(tmp_path):
    with CouncilSite(NORTHBRIDGE_SITE) as site:
        site.route(MINUTES, Reply(429, b"later", headers={"Retry-After": "86400"}))
        report = _fetch(site, tmp_path, max_attempts=4)
        tries = [r for r in site.requests if r.path == MINUTES]
    assert "asked to wait 86400s" in _document(report, MINUTES).error
    assert len(tries) == 1


def test_nothing_already_fetched_is_lost_when_a_later_run_fails(tmp_path):
    with CouncilSite(NORTHBRIDGE_SITE) as site:
        first = _fetch(site, tmp_path)
        good = _document(first, MINUTES)
        kept = Path(good.path).read_bytes()
        site.route(MINUTES, Reply(500, b"down"))
        second = _fetch(site, tmp_path)
    failed = _document(second, MINUTES)
    assert failed.status == "failed" and failed.path == good.path
    assert Path(good.path).read_bytes() == kept
    manifest = json.loads(Path(second.meetings[0].manifest).read_text())
    entry = next(d for d in manifest["documents"] if d["url"] == good.url)
    assert entry["sha256"] == good.sha256


def test_an_interrupted_run_leaves_nothing_half_written_and_the_next_run_resumes(tmp_path):
    with CouncilSite(NORTHBRIDGE_SITE) as site:
        site.route(PACK, Reply(200, PDF * 20, content_type="application/pdf", truncate=5000))
        broken = _fetch(site, tmp_path)
        assert _document(broken, PACK).status == "failed"
        assert _leftovers(tmp_path) == []
        folder = Path(broken.meetings[0].manifest).parent
        assert sorted(p.name for p in folder.iterdir()) == [
            "manifest.json",
            "meeting-page.html",
            "printed-minutes.pdf",
        ]
        site.route(PACK, Reply(200, PDF, content_type="application/pdf"))
        resumed = _fetch(site, tmp_path)
    statuses = {d.kind: d.status for d in resumed.meetings[0].documents}
    assert statuses == {"page": "unchanged", "minutes": "unchanged", "agenda_pack": "new"}
    assert resumed.downloaded == 1


def test_robots_txt_is_obeyed_and_the_user_agent_names_a_contact(tmp_path):
    with CouncilSite(NORTHBRIDGE_SITE) as site:
        site.route(
            "/robots.txt",
            Reply(
                200,
                b"User-agent: CouncilDigest\nDisallow: /documents/g4870/\n",
                content_type="text/plain",
            ),
        )
        report = _fetch(site, tmp_path)
        asked = [r for r in site.requests if r.path.startswith("/documents/g4870")]
        agents = {r.headers["user-agent"] for r in site.requests}
    assert asked == []
    assert "blocked by" in _document(report, MINUTES).error
    contact = "fetch-tests@council-digest.localhost"
    assert agents == {f"CouncilDigest/0.1 (+mailto:{contact}; council meeting documents)"}


def _unused_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def test_an_unreachable_host_is_one_line_and_exit_1(tmp_path):
    registry = write_registry(
        tmp_path / "councils.toml", council_at(f"http://127.0.0.1:{_unused_port()}")
    )
    proc = run_cli(
        tmp_path,
        "fetch",
        "--council",
        "northbridge",
        *SEPTEMBER,
        "--json",
        registry=registry,
    )
    assert proc.returncode == 1, proc.stderr
    data = json.loads(proc.stdout)
    assert data["ok"] is False and data["meetings"] == []
    (error,) = data["errors"]
    assert "cannot connect to 127.0.0.1" in error and "(after 2 attempts)" in error
    assert "Traceback" not in proc.stderr


def test_the_json_report_follows_the_contract_and_a_failure_exits_1(tmp_path):
    with CouncilSite(NORTHBRIDGE_SITE) as site:
        site.route(MINUTES, Reply(404, b"gone"))
        registry = write_registry(tmp_path / "councils.toml", council_at(site.url))
        proc = run_cli(
            tmp_path,
            "fetch",
            "--council",
            "northbridge",
            "--since",
            "2024-09-01",
            "--until",
            "2024-09-30",
            "--json",
            registry=registry,
        )
        text = run_cli(
            tmp_path,
            "fetch",
            "--council",
            "Northbridge Borough Council",
            "--since",
            "2024-09-01",
            "--until",
            "2024-09-30",
            registry=registry,
        )
    assert proc.returncode == 1, proc.stderr
    data = json.loads(proc.stdout)
    assert data["ok"] is False
    for meeting in data["meetings"]:
        assert {"council", "body", "date", "url", "documents"} <= set(meeting)
        for document in meeting["documents"]:
            assert {"url", "path", "sha256", "kind", "status", "error"} <= set(document)
            assert document["status"] in ("new", "unchanged", "failed")
    assert text.returncode == 1
    failures = [line for line in text.stderr.splitlines() if line.startswith("failed: ")]
    assert len(failures) == 1 and "HTTP 404" in failures[0] and "Cabinet" in failures[0]
    assert "3 meetings" in text.stdout and "cancelled" in text.stdout


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--council", "nowhere"], "unknown council 'nowhere'"),
        (["--council", "northbridge", "--since", "2024-13-01"], "--since"),
        (
            ["--council", "northbridge", "--since", "2024-09-30", "--until", "2024-09-01"],
            "is after --until",
        ),
        (["--council", "northbridge", "--platform", "sharepoint"], "--platform"),
        (["--council", "ftp://example.org/meetings"], "not an http(s) address"),
    ],
)
def test_bad_arguments_are_one_line_and_exit_2(tmp_path, args, message):
    registry = write_registry(tmp_path / "councils.toml", council_at("http://127.0.0.1:9"))
    proc = run_cli(tmp_path, "fetch", *args, registry=registry)
    assert proc.returncode == 2
    assert proc.stderr.startswith("error: ") and proc.stderr.count("\n") == 1
    assert message in proc.stderr
