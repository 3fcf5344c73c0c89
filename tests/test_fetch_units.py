"""The fetch stage's parts on their own: politeness schedule, Retry-After, robots.txt,
document kinds and file types, the councils registry, page reading."""

from __future__ import annotations

import datetime as dt

import pytest
from click.testing import CliRunner
from fetch_support import NORTHBRIDGE_SITE, ROOT, council_at, write_registry

from pipeline.cli import cli
from pipeline.errors import ConfigError, PipelineError
from pipeline.fetch.errors import FetchError
from pipeline.fetch.http import extension_for, retry_after_seconds
from pipeline.fetch.kinds import classify
from pipeline.fetch.limiter import HostLimiter
from pipeline.fetch.models import Council
from pipeline.fetch.pages import body_name, parse_html
from pipeline.fetch.platforms import platform_from_url
from pipeline.fetch.platforms.moderngov import page_facts, site_root
from pipeline.fetch.registry import add_council, find_council, follows, load_registry
from pipeline.fetch.robots import RobotsRules


class FakeClock:
    def __init__(self) -> None:
        self.now = 100.0
        self.slept: list[float] = []

    def __call__(self) -> float:
        return self.now

    def sleep(self, seconds: float) -> None:
        self.slept.append(seconds)


def test_requests_to_one_host_are_spaced_by_the_interval_others_are_not():
    clock = FakeClock()
    limiter = HostLimiter(1.0, 2, clock=clock, sleep=clock.sleep)
    waits = [limiter.reserve("a.example") for _ in range(3)] + [limiter.reserve("b.example")]
    assert waits == [0.0, 1.0, 2.0, 0.0]
    clock.now += 10  # long after: no wait
    assert limiter.reserve("a.example") == 0.0


def test_a_crawl_delay_lengthens_a_hosts_spacing_but_never_shortens_it():
    clock = FakeClock()
    limiter = HostLimiter(1.0, 1, clock=clock, sleep=clock.sleep)
    limiter.set_interval("slow.example", 5.0)
    limiter.set_interval("eager.example", 0.1)
    assert [limiter.reserve("slow.example") for _ in range(2)] == [0.0, 5.0]
    assert [limiter.reserve("eager.example") for _ in range(2)] == [0.0, 1.0]


def test_retry_after_in_seconds_or_as_a_date():
    now = dt.datetime(2024, 9, 9, 12, 0, 0, tzinfo=dt.UTC)
    assert retry_after_seconds("120") == 120.0
    assert retry_after_seconds("Mon, 09 Sep 2024 12:00:30 GMT", now) == 30.0
    assert retry_after_seconds("Mon, 09 Sep 2024 11:00:00 GMT", now) == 0.0
    assert retry_after_seconds("soon") is None and retry_after_seconds(None) is None


def _robots(status: int, text: str = "", error: FetchError | None = None):
    clock = FakeClock()
    limiter = HostLimiter(1.0, 1, clock=clock, sleep=clock.sleep)

    def fetch(url: str) -> tuple[int, str]:
        if error is not None:
            raise error
        return status, text

    return RobotsRules(fetch, "CouncilDigest", limiter, 60.0), limiter


def test_robots_rules_apply_to_our_agent_and_set_its_crawl_delay():
    rules, limiter = _robots(
        200,
        "User-agent: CouncilDigest\nCrawl-delay: 4\nDisallow: /private/\n\n"
        "User-agent: *\nDisallow: /\n",
    )
    rules.check("https://council.example/ieListDocuments.aspx?MId=1")
    with pytest.raises(FetchError, match=r"blocked by https://council\.example/robots\.txt"):
        rules.check("https://council.example/private/x.pdf")
    assert limiter.interval("council.example") == 4.0


def test_robots_missing_allows_all_and_unavailable_allows_nothing():
    missing, _ = _robots(404)
    missing.check("https://council.example/anything")
    broken, _ = _robots(0, error=FetchError("u", "HTTP 503 Service Unavailable", status=503))
    with pytest.raises(FetchError, match=r"robots\.txt unavailable"):
        broken.check("https://council.example/anything")


@pytest.mark.parametrize(
    ("title", "url", "kind"),
    [
        ("Printed minutes", "documents/g4870/Printed minutes 09th-Sep-2024.pdf", "minutes"),
        ("Minutes of the Previous Meeting", "documents/s48122/minutes.pdf", "report"),
        ("Public reports pack", "", "agenda_pack"),
        ("Agenda reports pack", "", "agenda_pack"),
        ("Final Agenda Reports - 9th July 2026", "", "agenda_pack"),
        ("Agenda frontsheet", "", "agenda"),
        ("Printed decisions", "", "decision"),
        ("Decision notice: Housing Allocations Policy", "", "decision"),
        ("Supplementary agenda 1", "", "supplement"),
        ("Addendum to item 5", "", "supplement"),
        ("Appendix A - Equality Impact Assessment", "", "report"),
        ("", "https://x/meetings/2017/9/1080_M_City_Council_17-09-12_Minutes.pdf", "minutes"),
    ],
)
def test_document_kinds_from_link_text_and_file_name(title, url, kind):
    assert classify(title, url) == kind


def test_a_stored_documents_extension_comes_from_its_bytes_before_its_address():
    assert extension_for(b"%PDF-1.7\n...", "application/octet-stream", "x/Document.ashx") == ".pdf"
    assert extension_for(b"<!DOCTYPE html><html>", None, "x/file.pdf") == ".html"
    assert (
        extension_for(
            b"PK\x03\x04",
            "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
            "x/View.ashx",
        )
        == ".docx"
    )
    assert extension_for(b"\x00\x01", None, "x/FileStream.ashx?id=1") == ".bin"


@pytest.mark.parametrize(
    ("url", "platform"),
    [
        ("https://democracy.manchester.gov.uk/mgCalendarMonthView.aspx", "moderngov"),
        ("https://hackney.moderngov.co.uk", "moderngov"),
        ("https://birmingham.cmis.uk.com/birmingham/Meetings.aspx", "cmis"),
        ("https://seattle.legistar.com/Calendar.aspx", "legistar"),
        ("https://pub-edmonton.escribemeetings.com/", "escribe"),
        ("https://www.example.gov.uk/meetings", None),
    ],
)
def test_the_platform_of_a_well_known_address(url, platform):
    assert platform_from_url(url) == platform


def test_a_moderngov_sites_root_from_any_of_its_pages():
    assert site_root("https://x.gov.uk/moderngov/ieListMeetings.aspx?CId=1") == (
        "https://x.gov.uk/moderngov"
    )
    assert site_root("https://x.gov.uk/mgWebService.asmx/GetCommittees") == "https://x.gov.uk"
    assert site_root("https://x.gov.uk/") == "https://x.gov.uk"


@pytest.mark.parametrize(
    ("label", "body"),
    [
        ("Cabinet, 6.30 pm", "Cabinet"),
        ("Meeting of Planning Committee, 09/09/2024 7.00 pm", "Planning Committee"),
        ("19/10/2015 - Policy Committee", "Policy Committee"),
        ("9 Jul 2026 11:00 - Planning Committee", "Planning Committee"),
        ("10:00 Licensing Sub-Committee A", "Licensing Sub-Committee A"),
        ("Licensing Sub-Committee, 10.00 am - CANCELLED", "Licensing Sub-Committee"),
    ],
)
def test_a_committee_name_from_a_calendar_label(label, body):
    assert body_name(label) == body


def test_what_a_moderngov_meeting_page_says_of_its_meeting(samples):
    facts = page_facts(parse_html((samples / "northbridge-planning-minutes.html").read_bytes()))
    assert facts["body"] == "Planning Sub-Committee"
    assert facts["date"] == dt.date(2024, 9, 10) and facts["time"] == "19:00"
    assert facts["page_has_minutes"] and not facts["cancelled"]
    cancelled = page_facts(
        parse_html((NORTHBRIDGE_SITE / "licensing-sub-committee-2024-09-12.html").read_bytes())
    )
    assert cancelled["cancelled"] and not cancelled["page_has_minutes"]


# --- the registry -----------------------------------------------------------------------


def test_the_shipped_registry_is_valid_and_covers_every_platform():
    councils = load_registry(ROOT / "config" / "councils.toml")
    assert {c.platform for c in councils} == {"moderngov", "cmis", "legistar", "escribe"}
    assert all(sum(c.platform == p for c in councils) >= 2 for p in ("moderngov", "escribe"))


def test_councils_are_found_by_slug_name_or_address(tmp_path):
    registry = [council_at("https://democracy.northbridge.gov.uk")]
    assert find_council(registry, "northbridge") is registry[0]
    assert find_council(registry, "Northbridge Borough Council") is registry[0]
    assert find_council(registry, "https://democracy.northbridge.gov.uk/") is registry[0]
    assert find_council(registry, "southby") is None


def test_bodies_followed_and_skipped():
    council = council_at(
        "https://x.gov.uk", bodies=["Cabinet", "*Scrutiny*"], skip_bodies=["Health Scrutiny*"]
    )
    assert follows(council, "Cabinet") and follows(council, "Overview and Scrutiny Committee")
    assert not follows(council, "Planning Committee")
    assert not follows(council, "Health Scrutiny Panel")
    assert follows(council, "Cabinet", only="cabinet")
    assert not follows(council, "Cabinet", only="Overview*")


def test_a_registry_with_a_bad_or_duplicate_entry_is_refused_naming_it(tmp_path):
    path = tmp_path / "councils.toml"
    path.write_text(
        '[[council]]\nslug = "x"\nname = "X"\nplatform = "sharepoint"\n'
        'base_url = "https://x.gov.uk"\n'
    )
    with pytest.raises(ConfigError, match=r"councils.toml: council x: platform: 'sharepoint'"):
        load_registry(path)
    write_registry(path, council_at("https://a.gov.uk"), council_at("https://b.gov.uk"))
    with pytest.raises(ConfigError, match="slug 'northbridge' is already registered"):
        load_registry(path)


def test_adding_a_council_keeps_the_files_comments_and_refuses_duplicates(tmp_path):
    path = tmp_path / "councils.toml"
    path.write_text("# our councils\n")
    add_council(path, council_at("https://a.gov.uk"))
    add_council(
        path,
        Council(
            slug="southby",
            name="Southby District Council",
            platform="cmis",
            base_url="https://b.gov.uk/Meetings.aspx",
        ),
    )
    assert path.read_text().startswith("# our councils\n")
    assert [c.slug for c in load_registry(path)] == ["northbridge", "southby"]
    before = path.read_text()
    with pytest.raises(PipelineError, match="already registered"):
        add_council(path, council_at("https://a.gov.uk/", slug="other"))
    assert path.read_text() == before
    assert list(tmp_path.iterdir()) == [path]  # no temporary file left behind


def _councils(registry, *args):
    runner = CliRunner()
    return runner.invoke(
        cli, ["councils", *args], env={"COUNCIL_DIGEST__FETCH__REGISTRY": str(registry)}
    )


def test_councils_add_list_and_show(tmp_path):
    registry = tmp_path / "councils.toml"
    added = _councils(
        registry,
        "add",
        "westfold",
        "--name",
        "Town of Westfold",
        "--url",
        "https://pub-westfold.escribemeetings.com",
        "--time-zone",
        "America/Toronto",
        "--skip-body",
        "Heritage*",
    )
    assert added.exit_code == 0, added.output
    assert "westfold (escribe)" in added.output  # platform from the address
    listed = _councils(registry, "list")
    assert "westfold" in listed.output and "Town of Westfold" in listed.output
    shown = _councils(registry, "show", "Town of Westfold", "--json")
    assert '"time_zone": "America/Toronto"' in shown.output
    assert '"skip_bodies": [\n    "Heritage*"\n  ]' in shown.output


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (
            [
                "add",
                "Bad Slug",
                "--name",
                "X",
                "--url",
                "https://x.gov.uk",
                "--platform",
                "moderngov",
            ],
            "slug",
        ),
        (
            ["add", "x", "--name", "X", "--url", "https://www.x.gov.uk/meetings"],
            "cannot tell the platform",
        ),
        (["add", "x", "--name", "X", "--url", "not a url", "--platform", "cmis"], "base_url"),
        (
            [
                "add",
                "x",
                "--name",
                "X",
                "--url",
                "https://x.moderngov.co.uk",
                "--time-zone",
                "Mars/Olympus",
            ],
            "time zone",
        ),
        (["show", "nowhere"], "'nowhere' is not in"),
    ],
)
def test_councils_bad_input_is_one_line_exit_2_and_changes_nothing(tmp_path, args, message):
    registry = write_registry(tmp_path / "councils.toml", council_at("https://a.gov.uk"))
    before = registry.read_text()
    result = _councils(registry, *args)
    assert result.exit_code == 2
    lines = result.output.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith("error: ") and message in lines[0]
    assert registry.read_text() == before
