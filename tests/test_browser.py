"""The demo's pages in headless Chromium: key parts visible, no sideways scroll, real pixels.

Run with ``make test-browser`` (marker ``browser``). Needs Debian's Chromium
(``apt-get install -y chromium``). The demo is rebuilt here in a temporary folder exactly as
``make demo`` builds it: the weekly job on the samples, an editor's approval, the job again.
"""

from __future__ import annotations

import email
import json
import shutil
import subprocess
from email import policy
from pathlib import Path

import pytest
from lxml import html
from publish_support import run_cli

pytestmark = pytest.mark.browser

ROOT = Path(__file__).resolve().parent.parent
WEEK = "2024-W37"
PHONE, DESKTOP = (390, 844), (1280, 900)


def _chromium() -> str:
    found = shutil.which("chromium") or shutil.which("chromium-browser")
    if found is None and Path("/usr/bin/chromium").exists():
        found = "/usr/bin/chromium"
    if found is None:
        pytest.fail("Chromium not found: apt-get install -y chromium")
    return found


def _browser(tmp: Path, url: str, *extra: str) -> subprocess.CompletedProcess:
    command = [
        _chromium(),
        "--headless",
        "--no-sandbox",
        "--disable-gpu",
        "--disable-background-networking",
        "--disable-component-update",
        "--no-first-run",
        "--hide-scrollbars",
        f"--user-data-dir={tmp / 'chromium-profile'}",
        *extra,
        url,
    ]
    proc = subprocess.run(command, capture_output=True, text=True, timeout=120)
    assert proc.returncode == 0, proc.stderr[-2000:]
    return proc


def _cli(folder: Path, *args: str) -> subprocess.CompletedProcess:
    proc = run_cli(folder, *args, secret="browser-test-secret-0123456789")
    assert proc.returncode in (0, 1), proc.stderr
    return proc


@pytest.fixture(scope="module")
def demo(tmp_path_factory) -> dict:
    folder = tmp_path_factory.mktemp("demo")
    shutil.copytree(ROOT / "samples", folder / "samples", ignore=shutil.ignore_patterns("src"))
    _cli(
        folder,
        "subscribers",
        "add",
        "resident@example.org",
        "--council",
        "Northbridge Borough Council",
        "--topic",
        "housing",
    )
    first = json.loads(
        _cli(folder, "weekly", "--council", "northbridge", "--week", WEEK, "--json").stdout
    )
    for summary in first["summaries"]:
        _cli(folder, "review", "approve", summary, "--by", "browser-test")
    result = json.loads(
        _cli(folder, "weekly", "--council", "northbridge", "--week", WEEK, "--json").stdout
    )
    assert result["pages"] and result["week_page"] and result["emails"]
    eml = folder / result["emails"]["resident@example.org"]
    msg = email.message_from_bytes(eml.read_bytes(), policy=policy.default)
    email_html = folder / "email.html"
    email_html.write_text(msg.get_body(("html",)).get_content(), encoding="utf-8")
    meeting = next(p for p in result["pages"].values() if "cabinet" in p)
    return {
        "folder": folder,
        "meeting": folder / meeting,
        "pages": [folder / p for p in result["pages"].values()],
        "week": folder / result["week_page"],
        "email": email_html,
    }


PROBE = """<!doctype html><meta charset="utf-8"><title>probe</title>
<body><pre id="result">pending</pre>
<script>
const widths = WIDTHS, results = {};
let pending = widths.length;
for (const w of widths) {
  const frame = document.createElement("iframe");
  frame.style.width = w + "px"; frame.style.height = "800px"; frame.style.border = "0";
  frame.onload = () => {
    const d = frame.contentDocument, root = d.documentElement;
    const shown = sel => [...d.querySelectorAll(sel)].filter(e => {
      const r = e.getBoundingClientRect(), s = getComputedStyle(e);
      return r.width > 0 && r.height > 0 && s.visibility !== "hidden" && s.display !== "none";
    }).map(e => e.textContent.trim().slice(0, 200));
    results[w] = {scrollWidth: root.scrollWidth, clientWidth: root.clientWidth,
                  h1: shown("h1"), h2: shown("h2"), quotes: shown("blockquote"),
                  labels: shown(".label"), badges: shown(".badge"),
                  skipOnScreen: [...d.querySelectorAll(".skip")]
                    .filter(e => e.getBoundingClientRect().right > 0).length};
    if (--pending === 0) document.getElementById("result").textContent = JSON.stringify(results);
  };
  frame.src = PAGE;
  document.body.appendChild(frame);
}
</script>"""


def _probe(tmp: Path, page: Path) -> dict:
    """Layout facts from inside the page at phone and desktop widths (no script in the page)."""
    probe = tmp / f"probe-{page.parent.name}-{page.stem}.html"
    probe.write_text(
        PROBE.replace("WIDTHS", json.dumps([PHONE[0], 360, DESKTOP[0]])).replace(
            "PAGE", json.dumps(page.as_uri())
        ),
        encoding="utf-8",
    )
    proc = _browser(
        tmp,
        probe.as_uri(),
        "--allow-file-access-from-files",
        "--virtual-time-budget=10000",
        "--dump-dom",
    )
    text = html.fromstring(proc.stdout).get_element_by_id("result").text_content()
    assert text != "pending", "the page did not load in Chromium"
    return json.loads(text)


def _screenshot(tmp: Path, page: Path, size: tuple[int, int], name: str) -> Path:
    shot = tmp / name
    _browser(tmp, page.as_uri(), f"--screenshot={shot}", f"--window-size={size[0]},{size[1]}")
    assert shot.is_file()
    return shot


def _ink(shot: Path) -> tuple[tuple[int, int], int, float]:
    """Size, number of distinct colours, and the share of non-white pixels."""
    from PIL import Image

    with Image.open(shot) as image:
        rgb = image.convert("RGB")
        colours = rgb.getcolors(maxcolors=1 << 20) or []
        total = rgb.width * rgb.height
        white = sum(count for count, colour in colours if min(colour) >= 250)
        return rgb.size, len(colours), 1 - white / total


def _assert_laid_out(facts: dict) -> None:
    for width, f in facts.items():
        assert f["scrollWidth"] <= f["clientWidth"], f"sideways scroll at {width}px: {f}"
        assert len(f["h1"]) == 1, width
        assert f["skipOnScreen"] == 0, "the skip link shows only on focus"


def test_meeting_page_in_chromium(demo, tmp_path):
    dom = html.fromstring(_browser(tmp_path, demo["meeting"].as_uri(), "--dump-dom").stdout)
    assert dom.xpath("//h1")[0].text_content() == "Cabinet"
    assert "AI generated summary" in dom.xpath("//*[@class='label']")[0].text_content()
    assert "Summary" in [h.text_content() for h in dom.xpath("//h2")]
    facts = _probe(tmp_path, demo["meeting"])
    _assert_laid_out(facts)
    phone = facts[str(PHONE[0])]
    assert phone["h1"] == ["Cabinet"]
    assert phone["labels"] and phone["labels"][0].startswith("AI generated summary")
    assert phone["badges"] and "checked against the source" in phone["badges"][0]
    assert len(phone["h2"]) >= 3  # overview plus one section per substantive item
    assert phone["quotes"], "quotes are set apart and visible"
    for size, name in ((PHONE, "meeting-phone.png"), (DESKTOP, "meeting-desktop.png")):
        shot = _screenshot(tmp_path, demo["meeting"], size, name)
        dimensions, colours, ink = _ink(shot)
        assert dimensions == size
        assert colours > 50 and 0.05 < ink < 0.9, (name, colours, ink)
        shutil.copy(shot, demo["folder"] / name)  # kept for a look by hand


def test_weekly_digest_page_in_chromium(demo, tmp_path):
    facts = _probe(tmp_path, demo["week"])
    _assert_laid_out(facts)
    phone = facts[str(PHONE[0])]
    assert phone["h1"][0].startswith("Northbridge Borough Council: weekly digest, 2024-W37")
    assert sorted(phone["h2"]) == ["Cabinet", "Planning Sub-Committee"]
    for size, name in ((PHONE, "week-phone.png"), (DESKTOP, "week-desktop.png")):
        dimensions, colours, ink = _ink(_screenshot(tmp_path, demo["week"], size, name))
        assert dimensions == size and colours > 50 and ink > 0.05


def test_digest_email_html_in_chromium(demo, tmp_path):
    dom = html.fromstring(_browser(tmp_path, demo["email"].as_uri(), "--dump-dom").stdout)
    assert "weekly digest" in dom.xpath("//h1")[0].text_content()
    assert [a for a in dom.xpath("//a") if a.text_content() == "Unsubscribe"]
    dimensions, colours, ink = _ink(_screenshot(tmp_path, demo["email"], PHONE, "email.png"))
    assert dimensions == PHONE and colours > 50 and ink > 0.05


def test_blank_page_fails_the_pixel_check(tmp_path):
    """The screenshot check can fail: an empty page is caught."""
    blank = tmp_path / "blank.html"
    blank.write_text("<!doctype html><title>blank</title>", encoding="utf-8")
    _, colours, ink = _ink(_screenshot(tmp_path, blank, PHONE, "blank.png"))
    assert colours <= 2 and ink < 0.01


FOLLOW = """<!doctype html><meta charset="utf-8"><title>follow</title>
<body><pre id="result">pending</pre>
<script>
const frame = document.createElement("iframe");
frame.style.width = "390px"; frame.style.height = "800px";
let step = 0, found = {};
const done = () => { document.getElementById("result").textContent = JSON.stringify(found); };
frame.onload = () => {
  step += 1;
  if (step === 1) {
    const d = frame.contentDocument;
    const link = d.querySelector("section[aria-labelledby^='item-'] p a.cite");
    if (!link) { found.error = "no citation link"; return done(); }
    found.sentence = link.parentElement.textContent.replace(link.textContent, "").trim();
    found.href = link.href;
    found.label = link.textContent;
    link.click();
    setTimeout(done, 3000);  // a PDF may never report its load to the page
    return;
  }
  try {
    const d = frame.contentDocument, target = d.querySelector(":target");
    found.location = frame.contentWindow.location.href;
    found.target = target ? target.textContent : null;
  } catch (e) { found.location = "unreadable"; }
  done();
};
frame.src = PAGE;
document.body.appendChild(frame);
</script>"""


def _follow(tmp: Path, page: Path) -> dict:
    """Open ``page`` in Chromium, click its first item sentence's citation, report where."""
    probe = tmp / f"follow-{page.parent.parent.name}.html"
    probe.write_text(FOLLOW.replace("PAGE", json.dumps(page.as_uri())), encoding="utf-8")
    proc = _browser(
        tmp,
        probe.as_uri(),
        "--allow-file-access-from-files",
        "--virtual-time-budget=15000",
        "--dump-dom",
    )
    text = html.fromstring(proc.stdout).get_element_by_id("result").text_content()
    assert text != "pending", "the page did not load in Chromium"
    return json.loads(text)


def test_a_citation_leads_to_the_page_of_the_source_pdf(demo, tmp_path):
    from pypdf import PdfReader

    from pipeline.text import fold

    followed = _follow(tmp_path, demo["meeting"])  # Cabinet: minutes PDF
    assert "error" not in followed, followed
    page = int(followed["href"].rsplit("#page=", 1)[1])
    assert followed["href"].startswith(demo["meeting"].parent.as_uri() + "/source.pdf#page=")
    assert followed["label"] == f"[p. {page}]"
    pdf = PdfReader(demo["meeting"].parent / "source.pdf")
    opening = fold(" ".join(followed["sentence"].split()[:6]))
    assert opening in fold(pdf.pages[page - 1].extract_text())


def test_a_citation_leads_to_the_passage_in_the_source_text(demo, tmp_path):
    planning = next(p for p in demo["pages"] if "planning" in str(p))
    followed = _follow(tmp_path, planning)
    assert "error" not in followed, followed
    assert followed["location"].endswith(followed["href"].split("/")[-1])
    assert "text.html#c" in followed["location"]
    # The browser lands on the marked passage: it holds the sentence's words.
    assert followed["target"], followed
    assert " ".join(followed["sentence"].split()[:5]) in " ".join(followed["target"].split())
