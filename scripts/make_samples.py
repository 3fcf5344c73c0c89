#!/usr/bin/env python3
"""Build the sample documents in ``samples/`` from their sources in ``samples/src/``.

The samples are the project's own documents for a fictional council, Northbridge Borough
Council: a ModernGov-style "Agenda and minutes" page saved from a browser (HTML), a minutes
PDF and an agenda reports pack PDF. Each also gets a plain-text copy, as the corpus has, so
the text path of ingest and segment can be tested on the same content.

Usage::

    .venv/bin/python scripts/make_samples.py          # (re)write samples/*
    .venv/bin/python scripts/make_samples.py --check  # exit 1 if samples/ is out of date

Output is deterministic (fixed creation date, producer and file id): re-running on unchanged
sources leaves every byte as it was, so the generated files are committed and the demo does
not need fpdf2 (a dev dependency).

Source formats (one line = one paragraph; blank line = vertical space):

PDF sources (``*.md`` with ``@doc pages: fixed|flow``)::

    @doc title: ...          PDF metadata; ``header:`` adds a running header from page 2
    @page                    page break; with ``pages: fixed`` every source page must fit
                             on exactly one PDF page, so printed page numbers are known
    ^ text                   centred line
    # text / ## text         headings
    **text**                 bold line
    a) text                  indented lettered line
    @cols 50,130 [plain]     widths (mm) of the table that follows; ``plain``: no header row
    | a | b |                table row

HTML source (``northbridge-planning-minutes.md``)::

    @heading / @venue / @contact / @page-title / @saved-from   page header fields
    @item 4.  @title ...  @link PDF 1 MB  @desc ...  @additional Name | PDF 2 MB  @minutes
    then the minutes paragraphs; ``- text`` lines form a bulleted list.
"""

from __future__ import annotations

import argparse
import html
import sys
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SAMPLES = ROOT / "samples"
SOURCES = SAMPLES / "src"

PDF_SAMPLES = ("northbridge-cabinet-minutes", "northbridge-cabinet-agenda-pack")
HTML_SAMPLES = ("northbridge-planning-minutes",)

# Fixed so that regenerating does not change a byte.
CREATION_DATE = datetime(2024, 9, 10, 9, 0, 0, tzinfo=UTC)
PRODUCER = "Council Digest scripts/make_samples.py"
BODY_SIZE = 10.0
LINE_HEIGHT = 5.0


# --- PDF samples ------------------------------------------------------------------------


@dataclass
class Block:
    """One source line (or table) of a PDF sample."""

    kind: str  # center, h1, h2, bold, para, letter, table, page, blank
    text: str = ""
    rows: list[list[str]] = field(default_factory=list)
    widths: list[float] = field(default_factory=list)
    header: bool = True


@dataclass
class PdfSource:
    """A parsed PDF sample source: metadata and blocks."""

    meta: dict[str, str]
    blocks: list[Block]


def parse_pdf_source(text: str) -> PdfSource:
    """Parse the PDF source markup described in the module docstring."""
    meta: dict[str, str] = {}
    blocks: list[Block] = []
    pending_cols: tuple[list[float], bool] | None = None
    for line in text.splitlines():
        line = line.rstrip()
        if line.startswith("@doc "):
            key, _, value = line[5:].partition(":")
            meta[key.strip()] = value.strip()
        elif line == "@page":
            blocks.append(Block("page"))
        elif line.startswith("@cols "):
            spec = line[6:].split()
            pending_cols = ([float(w) for w in spec[0].split(",")], "plain" not in spec[1:])
        elif line.startswith("|"):
            cells = [c.strip() for c in line.strip().strip("|").split("|")]
            if blocks and blocks[-1].kind == "table" and pending_cols is None:
                blocks[-1].rows.append(cells)
            else:
                if pending_cols is None:
                    raise ValueError(f"table without @cols: {line}")
                widths, header = pending_cols
                blocks.append(Block("table", rows=[cells], widths=widths, header=header))
                pending_cols = None
        elif not line:
            blocks.append(Block("blank"))
        elif line.startswith("^ "):
            blocks.append(Block("center", line[2:]))
        elif line.startswith("## "):
            blocks.append(Block("h2", line[3:]))
        elif line.startswith("# "):
            blocks.append(Block("h1", line[2:]))
        elif line.startswith("**") and line.endswith("**"):
            blocks.append(Block("bold", line[2:-2]))
        elif len(line) > 3 and line[0] in "abcdefgh" and line[1:3] == ") ":
            blocks.append(Block("letter", line))
        else:
            blocks.append(Block("para", line))
    return PdfSource(meta, blocks)


def render_pdf(source: PdfSource, name: str) -> bytes:
    """Typeset ``source`` as an A4 PDF with a "Page N" footer on every page."""
    from fpdf import FPDF
    from fpdf.fonts import FontFace

    header_text = source.meta.get("header")
    fixed = source.meta.get("pages") == "fixed"

    class SamplePDF(FPDF):
        def header(self) -> None:
            if header_text and self.page_no() > 1:
                self.set_font("helvetica", "I", 8)
                self.cell(0, 5, header_text, align="R", new_x="LMARGIN", new_y="NEXT")
                self.ln(3)

        def footer(self) -> None:
            self.set_y(-15)
            self.set_font("helvetica", "", 9)
            self.cell(0, 10, f"Page {self.page_no()}", align="C")

    pdf = SamplePDF(format="A4")
    pdf.set_creation_date(CREATION_DATE)
    pdf.set_producer(PRODUCER)
    pdf.set_title(source.meta.get("title", name))
    pdf.set_author(source.meta.get("author", ""))
    pdf.set_margins(20, 18, 20)
    pdf.set_auto_page_break(True, margin=22)
    pdf.add_page()
    logical_page = 1

    def font(style: str = "", size: float = BODY_SIZE) -> None:
        pdf.set_font("helvetica", style, size)

    for block in source.blocks:
        if block.kind == "page":
            if fixed and pdf.page_no() != logical_page:
                raise ValueError(f"{name}: source page {logical_page} overflows its PDF page")
            pdf.add_page()
            logical_page += 1
        elif block.kind == "blank":
            pdf.ln(LINE_HEIGHT * 0.8)
        elif block.kind == "center":
            font("B", 12)
            pdf.multi_cell(0, 7, block.text, align="C", new_x="LMARGIN", new_y="NEXT")
        elif block.kind == "h1":
            font("B", 15)
            pdf.multi_cell(0, 7.5, block.text, new_x="LMARGIN", new_y="NEXT")
        elif block.kind == "h2":
            font("B", 11.5)
            pdf.multi_cell(0, 6.5, block.text, new_x="LMARGIN", new_y="NEXT")
        elif block.kind == "bold":
            font("B")
            pdf.multi_cell(0, LINE_HEIGHT, block.text, new_x="LMARGIN", new_y="NEXT")
        elif block.kind == "letter":
            font()
            pdf.set_x(pdf.l_margin + 6)
            pdf.multi_cell(0, LINE_HEIGHT, block.text, new_x="LMARGIN", new_y="NEXT")
        elif block.kind == "para":
            font()
            pdf.multi_cell(0, LINE_HEIGHT, block.text, new_x="LMARGIN", new_y="NEXT")
        elif block.kind == "table":
            font("", 9.5)
            with pdf.table(
                col_widths=tuple(block.widths),
                width=sum(block.widths),
                align="LEFT",
                first_row_as_headings=block.header,
                headings_style=FontFace(emphasis="BOLD"),
                line_height=LINE_HEIGHT,
                text_align="LEFT",
            ) as table:
                for row in block.rows:
                    cells = table.row()
                    for cell in row:
                        cells.cell(cell)
        else:  # pragma: no cover - parse_pdf_source makes only the kinds above
            raise ValueError(block.kind)
    if fixed and pdf.page_no() != logical_page:
        raise ValueError(f"{name}: source page {logical_page} overflows its PDF page")
    return bytes(pdf.output())


def pdf_source_to_text(source: PdfSource) -> str:
    """The plain-text copy of a PDF sample: its text without layout or page footers."""
    lines: list[str] = []
    for block in source.blocks:
        if block.kind in ("page", "blank"):
            lines.append("")
        elif block.kind == "table":
            lines.extend("\t".join(row) for row in block.rows)
        else:
            lines.append(block.text)
    text = "\n".join(lines)
    while "\n\n\n" in text:
        text = text.replace("\n\n\n", "\n\n")
    return text.strip("\n") + "\n"


# --- HTML sample (ModernGov "Agenda and minutes" page) ---------------------------------


@dataclass
class HtmlItem:
    """One row of a ModernGov items table."""

    number: str
    title: str = ""
    link: str | None = None
    desc: str | None = None
    additional: list[tuple[str, str]] = field(default_factory=list)
    minutes: list[str] = field(default_factory=list)


def parse_html_source(text: str) -> tuple[dict[str, str], list[HtmlItem]]:
    """Parse the minutes-page source markup described in the module docstring."""
    meta: dict[str, str] = {}
    items: list[HtmlItem] = []
    in_minutes = False
    for line in text.splitlines():
        line = line.rstrip()
        if line.startswith("@item "):
            items.append(HtmlItem(number=line[6:].strip()))
            in_minutes = False
        elif line.startswith("@title "):
            items[-1].title = line[7:].strip()
        elif line.startswith("@link "):
            items[-1].link = line[6:].strip()
        elif line.startswith("@desc "):
            items[-1].desc = line[6:].strip()
        elif line.startswith("@additional "):
            name, _, size = line[12:].partition("|")
            items[-1].additional.append((name.strip(), size.strip()))
        elif line == "@minutes":
            in_minutes = True
        elif line.startswith("@") and not items:
            key, _, value = line[1:].partition(" ")
            meta[key] = value.strip()
        elif in_minutes:
            items[-1].minutes.append(line)
        elif line:
            raise ValueError(f"unexpected line outside minutes: {line}")
    return meta, items


def _paragraphs(lines: list[str]) -> list[list[str]]:
    """Group minute lines into paragraphs: a run of ``- `` lines is one bulleted list."""
    groups: list[list[str]] = []
    for line in lines:
        if not line:
            continue
        if line.startswith("- ") and groups and groups[-1][0].startswith("- "):
            groups[-1].append(line)
        else:
            groups.append([line])
    return groups


def _slug(text: str) -> str:
    return "".join(c if c.isalnum() else "-" for c in text.lower()).strip("-")[:40]


def render_html(meta: dict[str, str], items: list[HtmlItem]) -> str:
    """A ModernGov "Agenda and minutes" page, as a browser's "Save page as" writes it."""
    e = html.escape
    rows: list[str] = []
    for index, item in enumerate(items):
        doc_id = 48120 + index
        if item.link:
            title_html = (
                f'<a href="documents/s{doc_id}/{_slug(item.title)}.pdf" class="mgAiTitleLnk" '
                f"title=\"Link to document '{e(item.title)}'\">{e(item.title)} "
                f'<img height="16" width="16" class="mgPdfIcon" alt="pdf icon" '
                f'src="./agenda_files/pdf.gif"> <span class="mgFileSize">{e(item.link)}</span>'
                "</a>"
            )
        else:
            title_html = e(item.title)
        parts = [f'<p class="mgAiTitleTxt">{title_html}</p>']
        if item.desc:
            parts.append(f'<p class="mgSubItemTxt">{e(item.desc)}</p>')
        if item.additional:
            links = "".join(
                f'<li><a href="documents/s{doc_id}/{_slug(name)}.pdf" class="mgAiTitleLnk">'
                f'{e(name)}, <img height="16" width="16" class="mgPdfIcon" alt="pdf icon" '
                f'src="./agenda_files/pdf.gif"> <span class="mgFileSize">{e(size)}</span></a></li>'
                for name, size in item.additional
            )
            parts.append(
                '<div class="mgAiAddDocs"><p class="mgSubItemTitleTxt">Additional documents:</p>'
                f'<ul class="mgBulletList">{links}</ul></div>'
            )
        minutes_html = []
        for group in _paragraphs(item.minutes):
            if group[0].startswith("- "):
                lis = "".join(f"<li>{e(line[2:])}</li>" for line in group)
                minutes_html.append(f'<ul class="mgBulletList">{lis}</ul>')
            elif group[0].startswith(("RESOLVED:", "Agreed:")):
                head, _, rest = group[0].partition(":")
                minutes_html.append(f"<p><strong>{e(head)}:</strong>{e(rest)}</p>")
            else:
                minutes_html.append(f"<p>{e(group[0])}</p>")
        parts.append(
            '<div class="mgWordPara"><p class="mgSubItemTitleTxt">Minutes:</p>'
            f'<div class="mgWordPara">{"".join(minutes_html)}</div></div>'
        )
        rows.append(
            f'<tr>\n<td class="mgItemNumberCell"><p class="mgAiTitleTxt">{e(item.number)}</p>'
            f"</td>\n<td>{''.join(parts)}</td>\n</tr>"
        )
    return HTML_TEMPLATE.format(
        saved_from=f"({len(meta['saved-from']):04d}){meta['saved-from']}",
        page_title=e(meta["page-title"]),
        heading=e(meta["heading"]),
        venue=e(meta["venue"]),
        contact=e(meta["contact"]),
        rows="\n".join(rows),
    )


def html_source_to_text(meta: dict[str, str], items: list[HtmlItem]) -> str:
    """The page as copied from a browser into a text file (as the corpus copies are)."""
    out = [
        "Agenda and minutes",
        "",
        meta["heading"],
        "",
        f"Venue: {meta['venue']}. View directions",
        "",
        f"Contact: {meta['contact']}",
        "",
        "Items",
        "No. Item",
        "",
    ]
    for item in items:
        title = item.title + (f" pdf icon {item.link}" if item.link else "")
        out += [item.number, "", title, ""]
        if item.desc:
            out += [item.desc, ""]
        if item.additional:
            out += ["Additional documents:", ""]
            out += [f"- {name}, pdf icon {size}" for name, size in item.additional]
            out.append("")
        out += ["Minutes:", ""]
        for group in _paragraphs(item.minutes):
            out += [*group, ""]
    return "\n".join(out).rstrip("\n") + "\n"


HTML_TEMPLATE = """\
<!DOCTYPE html>
<!-- saved from url={saved_from} -->
<html lang="en-GB"><head><meta http-equiv="Content-Type" content="text/html; charset=UTF-8">
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="description" content="Meetings, agendas and minutes of Northbridge Borough Council">
<title>{page_title}</title>
<link rel="stylesheet" type="text/css" href="./agenda_files/modgov.css">
<link rel="stylesheet" type="text/css" href="./agenda_files/northbridge-theme.css">
<script type="text/javascript" src="./agenda_files/jquery.min.js"></script>
<script type="text/javascript">
  window.dataLayer = window.dataLayer || [];
  function gtag(){{dataLayer.push(arguments);}}
  gtag('js', new Date()); gtag('config', 'G-NB0000000');
</script>
<style>.mgItemTable td {{ vertical-align: top; }} .cookie-banner {{ position: fixed; }}</style>
</head>
<body class="modgov">
<div class="cookie-banner" role="region" aria-label="Cookie banner">
<p>We use cookies to make this site work and to understand how you use it.</p>
<button type="button">Accept all cookies</button> <button type="button">Reject cookies</button>
</div>
<a class="skip-link" href="#mgMainContent">Skip to main content</a>
<header class="site-header">
<div class="site-logo"><a href="https://www.northbridge.gov.uk/"><img src="./agenda_files/logo.svg"
 alt="Northbridge Borough Council"></a></div>
<nav class="site-nav" aria-label="Main">
<ul>
<li><a href="https://www.northbridge.gov.uk/bins-and-recycling">Bins and recycling</a></li>
<li><a href="https://www.northbridge.gov.uk/council-tax">Council tax</a></li>
<li><a href="https://www.northbridge.gov.uk/housing">Housing</a></li>
<li><a href="https://www.northbridge.gov.uk/planning">Planning and building control</a></li>
<li><a href="https://democracy.northbridge.gov.uk/">Council and democracy</a></li>
</ul>
</nav>
<form class="site-search" action="https://www.northbridge.gov.uk/search" role="search">
<label for="q">Search this site</label> <input id="q" name="q" type="search">
<button type="submit">Search</button>
</form>
</header>
<div class="breadcrumb"><ol>
<li><a href="https://www.northbridge.gov.uk/">Home</a></li>
<li><a href="https://democracy.northbridge.gov.uk/">Council and democracy</a></li>
<li><a href="https://democracy.northbridge.gov.uk/ieDocHome.aspx">Committees</a></li>
<li><a href="https://democracy.northbridge.gov.uk/ieListMeetings.aspx?CId=212"
 >Planning Sub-Committee</a></li>
<li>Meeting</li>
</ol></div>
<main id="mgMainContent">
<div id="modgov">
<div class="mgHeader"><h1 class="mgMainTitleTxt">Agenda and minutes</h1></div>
<div class="mgSubTitle"><h2 class="mgSubTitleTxt">{heading}</h2></div>
<div class="mgLinks">
<ul class="mgActionList">
<li><a href="https://democracy.northbridge.gov.uk/mgIssueHistoryHome.aspx">Issue history</a></li>
<li><a href="https://democracy.northbridge.gov.uk/mgMeetingAttendance.aspx?ID=4871"
 >Attendance details</a></li>
<li><a
 href="https://democracy.northbridge.gov.uk/ieListDocuments.aspx?CId=212&amp;MId=4871&amp;Ver=4&amp;Info=1"
 >Meeting information</a></li>
</ul>
</div>
<div class="mgContent">
<p class="mgSubTxt"><span class="mgSubTxtTitle">Venue: </span>{venue}.
<a href="https://democracy.northbridge.gov.uk/mgVenue.aspx?ID=3">View directions</a></p>
<p class="mgSubTxt"><span class="mgSubTxtTitle">Contact: </span>{contact}</p>
<table class="mgItemTable" summary="Table of items for the meeting">
<caption class="mgSectionTitle">Items</caption>
<tbody>
<tr><th scope="col" class="mgItemNumberTitle">No.</th><th scope="col">Item</th></tr>
{rows}
</tbody>
</table>
</div>
</div>
<aside class="mgSideBar" aria-label="Meeting documents">
<h2 class="mgSideBarTitle">Meeting documents</h2>
<ul class="mgActionList">
<li><a href="documents/g4871/Agenda%20frontsheet.pdf">Agenda frontsheet <img alt="pdf icon"
 src="./agenda_files/pdf.gif"> PDF 95 KB</a></li>
<li><a href="documents/g4871/Public%20reports%20pack.pdf">Reports pack <img alt="pdf icon"
 src="./agenda_files/pdf.gif"> PDF 4 MB</a></li>
<li><a href="documents/g4871/Printed%20minutes.pdf">Printed minutes <img alt="pdf icon"
 src="./agenda_files/pdf.gif"> PDF 210 KB</a></li>
</ul>
</aside>
</main>
<footer class="site-footer">
<ul>
<li><a href="https://www.northbridge.gov.uk/accessibility">Accessibility statement</a></li>
<li><a href="https://www.northbridge.gov.uk/cookies">Cookies</a></li>
<li><a href="https://www.northbridge.gov.uk/privacy">Privacy notice</a></li>
<li><a href="https://www.northbridge.gov.uk/contact">Contact us</a></li>
</ul>
<p>&copy; Northbridge Borough Council, Civic Centre, Market Square, Northbridge NB1 1AA</p>
</footer>
<script type="text/javascript" src="./agenda_files/site.js"></script>
</body></html>
"""


# --- Driver -----------------------------------------------------------------------------


def build_all() -> dict[Path, bytes]:
    """Every sample file, keyed by its path under ``samples/``."""
    outputs: dict[Path, bytes] = {}
    for name in PDF_SAMPLES:
        source = parse_pdf_source((SOURCES / f"{name}.md").read_text(encoding="utf-8"))
        outputs[SAMPLES / f"{name}.pdf"] = render_pdf(source, name)
        outputs[SAMPLES / f"{name}.txt"] = pdf_source_to_text(source).encode("utf-8")
    for name in HTML_SAMPLES:
        meta, items = parse_html_source((SOURCES / f"{name}.md").read_text(encoding="utf-8"))
        outputs[SAMPLES / f"{name}.html"] = render_html(meta, items).encode("utf-8")
        outputs[SAMPLES / f"{name}.txt"] = html_source_to_text(meta, items).encode("utf-8")
    return outputs


def main(argv: list[str] | None = None) -> int:
    """Write the samples, or with ``--check`` report those that differ from their sources."""
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--check", action="store_true", help="exit 1 if samples/ is not up to date")
    args = parser.parse_args(argv)
    outputs = build_all()
    stale = [p for p, data in outputs.items() if not p.exists() or p.read_bytes() != data]
    if args.check:
        for path in stale:
            print(f"out of date: {path.relative_to(ROOT)}", file=sys.stderr)
        return 1 if stale else 0
    for path in stale:
        path.write_bytes(data := outputs[path])
        print(f"wrote {path.relative_to(ROOT)} ({len(data):,} bytes)")
    if not stale:
        print("samples are up to date")
    return 0


if __name__ == "__main__":
    sys.exit(main())
