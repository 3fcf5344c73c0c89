"""The site's search page in headless Chromium: type a query, see the right meeting.

Run with ``make test-browser`` (marker ``browser``; needs Debian's ``chromium``). The demo
is built as ``make demo`` builds it (the weekly job, an editor's approvals, the job again),
the site is served by a real HTTP server on 127.0.0.1 (Pagefind fetches its index, which a
``file://`` page may not), and the query is typed key by key through the DevTools protocol.
"""

from __future__ import annotations

import functools
import json
import shutil
import threading
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest
from cdp import Browser
from publish_support import run_cli
from test_browser import _chromium

pytestmark = pytest.mark.browser

ROOT = Path(__file__).resolve().parent.parent
WEEK = "2024-W37"
RESULTS = "[...document.querySelectorAll('#search-results > li')]"


def _cli(folder: Path, *args: str):
    proc = run_cli(folder, *args, secret="search-browser-test-secret-0123456789")
    assert proc.returncode in (0, 1), proc.stderr
    return proc


@pytest.fixture(scope="module")
def site(tmp_path_factory):
    folder = tmp_path_factory.mktemp("search-site")
    shutil.copytree(ROOT / "samples", folder / "samples", ignore=shutil.ignore_patterns("src"))
    first = json.loads(
        _cli(folder, "weekly", "--council", "northbridge", "--week", WEEK, "--json").stdout
    )
    for summary in first["summaries"]:
        _cli(folder, "review", "approve", summary, "--by", "browser-test")
    _cli(folder, "weekly", "--council", "northbridge", "--week", WEEK, "--json")
    handler = functools.partial(
        _QuietHandler, directory=str(folder / "site")
    )  # serves the site folder only
    server = ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield {"folder": folder, "url": f"http://127.0.0.1:{server.server_address[1]}/"}
    server.shutdown()
    server.server_close()


class _QuietHandler(SimpleHTTPRequestHandler):
    def log_message(self, format: str, *args: object) -> None:
        pass


@pytest.fixture
def browser(tmp_path):
    chromium = Browser(_chromium(), tmp_path / "profile")
    yield chromium
    chromium.close()


def _results(browser: Browser) -> list[dict]:
    return browser.evaluate(
        RESULTS + ".map(li => ({title: li.querySelector('h2').textContent,"
        " href: li.querySelector('h2 a').getAttribute('href'),"
        " items: [...li.querySelectorAll('li.item-hit a')].map(a => a.getAttribute('href')),"
        " text: li.textContent}))"
    )


def test_typing_a_query_finds_the_meeting_and_links_the_item(site, browser):
    browser.goto(site["url"] + "search/index.html")
    browser.evaluate("document.getElementById('search-query').focus()")
    browser.type_text("retrofit")
    browser.wait_for(RESULTS + ".length > 0")
    results = _results(browser)
    assert results[0]["title"] == "Cabinet, Monday 9 September 2024"
    assert results[0]["href"] == "../northbridge-borough-council/cabinet/2024-09-09/index.html"
    assert (
        "../northbridge-borough-council/cabinet/2024-09-09/index.html#item-45-24"
        in (results[0]["items"])
    )
    assert "Northbridge Borough Council" in results[0]["text"]
    status = browser.evaluate("document.getElementById('search-status').textContent")
    assert status.startswith("1 meeting found")
    # The result link opens the meeting page at the item.
    browser.goto(site["url"] + "search/" + results[0]["items"][0])
    assert browser.evaluate("location.hash") == "#item-45-24"
    assert browser.evaluate("document.querySelector('h1').textContent") == "Cabinet"


def test_the_body_filter_narrows_the_results(site, browser):
    browser.goto(site["url"] + "search/index.html")
    browser.evaluate("document.getElementById('search-query').focus()")
    browser.type_text("report")
    browser.wait_for(RESULTS + ".length > 1")
    assert {r["title"].split(",")[0] for r in _results(browser)} == {
        "Cabinet",
        "Planning Sub-Committee",
    }
    browser.evaluate(
        "(() => { const s = document.getElementById('search-body');"
        " s.value = 'Planning Sub-Committee'; s.dispatchEvent(new Event('change')); })()"
    )
    browser.wait_for(RESULTS + ".length === 1")
    assert _results(browser)[0]["title"] == "Planning Sub-Committee, Tuesday 10 September 2024"
    assert "body=Planning+Sub-Committee" in browser.evaluate("location.search")


def test_a_meeting_page_refuses_scripts_even_when_served(site, browser):
    browser.goto(site["url"] + "northbridge-borough-council/cabinet/2024-09-09/index.html")
    assert browser.evaluate("document.scripts.length") == 0
    # The page's own policy refuses a script put into it (inline or same-origin).
    outcome = browser.evaluate(
        "new Promise(resolve => {"
        " document.addEventListener('securitypolicyviolation', e => resolve(e.violatedDirective));"
        " const s = document.createElement('script'); s.textContent = 'window.ran = 1;';"
        " document.head.append(s);"
        " setTimeout(() => resolve(window.ran ? 'ran' : 'no event'), 3000); })"
    )
    assert outcome.startswith("script-src"), outcome
    assert browser.evaluate("window.ran === undefined")


def test_the_command_line_searches_the_same_published_meetings(site):
    proc = _cli(site["folder"], "search", "retrofit", "--json")
    hits = json.loads(proc.stdout)["hits"]
    assert hits[0]["page_url"].startswith("northbridge-borough-council/cabinet/2024-09-09/")
    assert hits[0]["item"]["number"] == "45/24"
