"""Meeting pages cite their sources: every sentence links to the page of the source PDF, or
to the passage in the source text view; notices say when a page summarises an agenda or
minutes the council's page cuts short; the evals report puts flagged sentences first."""

from __future__ import annotations

import re
from pathlib import Path

from lxml import html
from pypdf import PdfReader

from pipeline.config import load_settings
from pipeline.ingest import load_document
from pipeline.job import check_into_store
from pipeline.render import RenderSettings, build_site, load_catalog
from pipeline.render.citations import segments
from pipeline.segment import segment_document
from pipeline.store import load_summary, save
from pipeline.summarise import ExtractiveEngine, SummariseSettings
from pipeline.summarise.stage import summarise_to_store
from pipeline.text import fold

ROOT = Path(__file__).resolve().parent.parent


def publish(tmp_path: Path, *sources: Path, evals: bool = False) -> tuple[Path, dict]:
    """Summarise ``sources`` into a store and render the site (drafts shown)."""
    store = tmp_path / "summaries"
    config = SummariseSettings()
    written = {}
    for source in sources:
        segmentation = segment_document(load_document(source))
        outcome = summarise_to_store(
            segmentation, engine=ExtractiveEngine(config), config=config, out=store
        )
        if evals:
            check_into_store(
                segmentation.document, segmentation, outcome.summary, outcome.path, load_settings()
            )
        written[source.name] = outcome.path
    out = tmp_path / "site"
    report = build_site(
        load_catalog(store), out, RenderSettings(include_drafts=True), "approved_or_clean"
    )
    return out, {name: out / report.meetings[str(path)] for name, path in written.items()}


def cited_paragraphs(page: Path, items_only: bool = False) -> list[tuple[str, str]]:
    """(sentence, href) of every paragraph of the summary and items that cites its source
    (``items_only``: the items' sentences, which are the source's own words)."""
    doc = html.fromstring(page.read_text(encoding="utf-8"))
    found = []
    where = (
        "//main//section[starts-with(@aria-labelledby, 'item-')]"
        if items_only
        else "//main//section"
    )
    for p in doc.xpath(f"{where}//p[a[@class='cite']]"):
        link = p.xpath("a[@class='cite']")[0]
        words = (p.text or "").strip()
        found.append((words, link.get("href")))
    return found


def test_pdf_sentences_link_to_the_page_that_holds_them(tmp_path, samples):
    source = samples / "northbridge-cabinet-minutes.pdf"
    _out, pages = publish(tmp_path, source)
    page = pages[source.name]
    assert all(href.startswith("source.pdf#page=") for _, href in cited_paragraphs(page))
    cited = cited_paragraphs(page, items_only=True)
    assert len(cited) >= 4
    pdf = PdfReader(page.parent / "source.pdf")
    for sentence, href in cited:
        match = re.fullmatch(r"source\.pdf#page=(\d+)", href)
        assert match, href
        number = int(match.group(1))
        # The sentence's first words are printed on that page of the PDF.
        opening = fold(" ".join(sentence.split()[:5]))
        assert opening in fold(pdf.pages[number - 1].extract_text()), (sentence, number)


def test_other_sources_link_to_the_passage_in_the_source_text_view(tmp_path, samples):
    source = samples / "northbridge-planning-minutes.html"
    _out, pages = publish(tmp_path, source)
    page = pages[source.name]
    cited = cited_paragraphs(page)
    assert cited
    view = html.fromstring((page.parent / "text.html").read_text(encoding="utf-8"))
    for sentence, href in cited:
        anchor = href.removeprefix("text.html#")
        assert href.startswith("text.html#c") and anchor != href
        (marked,) = view.xpath(f"//*[@id='{anchor}']")
        mark = marked if marked.tag == "mark" else marked.getparent()
        # The passage the link highlights starts with the sentence (or holds its words).
        assert fold(mark.text_content())[:20] in fold(sentence) or fold(sentence)[:20] in fold(
            mark.text_content()
        )


def test_an_agenda_page_says_the_meeting_had_not_happened(tmp_path, samples):
    source = samples / "northbridge-cabinet-agenda-pack.pdf"
    _out, pages = publish(tmp_path, source)
    text = pages[source.name].read_text(encoding="utf-8")
    assert "This is a summary of the agenda, published before the meeting" in text
    assert "Decisions at a glance" not in text  # an agenda records none
    summary = html.fromstring(text).xpath("//section[@aria-labelledby='summary-heading']")[0]
    assert " will meet on 9 September 2024" in summary.text_content()


def test_minutes_cut_short_by_the_council_page_carry_a_notice(tmp_path, corpus):
    source = corpus / "minutes-cyp-scrutiny-2022-11-30.txt"
    _out, pages = publish(tmp_path, source)
    text = " ".join(pages[source.name].read_text(encoding="utf-8").split())
    assert "The council&#39;s page cuts the minutes short for" in text
    assert "Children and Families Service - Budget Monitoring" in text
    assert "view the full minutes text" in text


def test_the_site_has_an_unsubscribe_page(tmp_path, samples):
    out, _ = publish(tmp_path, samples / "northbridge-planning-minutes.html")
    page = (out / "unsubscribe" / "index.html").read_text(encoding="utf-8")
    assert "<h1>Unsubscribe from the weekly digest</h1>" in page


def test_the_evals_report_lists_flagged_sentences_first_with_pages_and_a_way_back(
    tmp_path, samples
):
    source = samples / "northbridge-cabinet-minutes.pdf"
    _out, _pages = publish(tmp_path, source, evals=True)
    stored = next((tmp_path / "summaries").rglob("summary.json"))
    summary = load_summary(stored)
    item = next(i for i in summary.items if i.sentences and re.search(r"\d", i.sentences[0].text))
    wrong = re.sub(r"\d", "7", item.sentences[0].text, count=1)
    assert wrong != item.sentences[0].text
    item.sentences[0].text = wrong  # a figure the source does not state
    save(stored, summary)
    segmentation = segment_document(load_document(source))
    counts = check_into_store(
        segmentation.document, segmentation, summary, stored, load_settings(), force=True
    )
    assert counts.flagged >= 1
    report = html.fromstring((stored.parent / "evals.html").read_text(encoding="utf-8"))
    headings = [h.text_content() for h in report.xpath("//h2")]
    assert headings[0].startswith("Flagged sentences") and headings[1] == "All sentences"
    flagged = report.xpath("//div[@id][starts-with(@id, 'f')]")
    first = next(d for d in flagged if wrong[:30] in " ".join(d.text_content().split()))
    assert re.search(r"source page \d+", first.text_content())
    assert report.xpath("//nav[@class='back']/a/@href") == ["index.html"]


def test_highlights_start_and_end_on_word_boundaries():
    text = "The forecast overspend of £1.7m was noted."
    # Evidence that starts and ends inside words ("recast overs") is widened to them.
    start, end = text.index("recast"), text.index("overspend") + 5
    pieces = segments(text, [(start, end, "ev1-1", "")])
    marked = [p.text for p in pieces if p.marked]
    assert marked == ["forecast overspend"]
    assert [p.ids for p in pieces if p.marked] == [("ev1-1",)]
