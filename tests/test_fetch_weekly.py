"""``weekly --fetch`` end to end: a ModernGov site on 127.0.0.1 -> fetched meetings ->
summaries -> a published page that links back to the council's meeting page. (A re-run
fetching nothing is tested in test_fetch_platforms.py; the weekly job's own re-run in
test_digest_weekly.py.)"""

from __future__ import annotations

import json

import pytest
from fetch_support import NORTHBRIDGE_SITE, CouncilSite, council_at, run_cli, write_registry
from lxml import html

pytestmark = pytest.mark.block_network(allowed_hosts=[r"127\.0\.0\.1"])
WEEKLY = (
    "weekly",
    "--council",
    "northbridge",
    "--week",
    "2024-W37",
    "--fetch",
    "--no-send",
    "--json",
)


def test_weekly_fetch_publishes_pages_linking_back_to_the_councils_site(tmp_path):
    with CouncilSite(NORTHBRIDGE_SITE) as site:
        registry = write_registry(tmp_path / "councils.toml", council_at(site.url))
        env = {"COUNCIL_DIGEST__REVIEW__PUBLISH": "approved_or_clean"}
        proc = run_cli(tmp_path, *WEEKLY, registry=registry, **env)
        assert proc.returncode in (0, 1), proc.stderr
        first = json.loads(proc.stdout)

    # One document per meeting, from the store; the cancelled meeting has none.
    assert first["documents"] == [
        "sources/northbridge/cabinet/2024-09-09/printed-minutes.pdf",
        "sources/northbridge/planning-sub-committee/2024-09-10/printed-minutes-web-page.html",
    ]
    cabinet = json.loads((tmp_path / "summaries/cabinet/2024-09-09/summary.json").read_text())
    meeting = cabinet["meeting"]
    assert meeting["council"] == "Northbridge Borough Council"
    assert meeting["page_url"] == f"{site.url}/ieListDocuments.aspx?CId=201&MId=4870"
    assert meeting["source_url"] == (
        f"{site.url}/documents/g4870/Printed%20minutes%2009th-Sep-2024%2018.30%20Cabinet.pdf?T=1"
    )

    page = tmp_path / first["pages"]["summaries/cabinet/2024-09-09/summary.json"]
    links = {a.text_content().strip(): a.get("href") for a in html.parse(page).iter("a")}
    assert links["View on council website"] == meeting["page_url"]
    assert links["Source document"] == meeting["source_url"]

    # The cancelled meeting is stored (its manifest says so) but has nothing to summarise.
    cancelled = tmp_path / "sources/northbridge/licensing-sub-committee/2024-09-12/manifest.json"
    assert json.loads(cancelled.read_text())["cancelled"] is True
