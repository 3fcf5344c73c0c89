"""HTML pages (ModernGov, CMIS and similar, saved from a browser) -> block-structured text.

The output imitates what a reader copies from the page, so HTML and text copies of the
same page segment alike:

- Page chrome is dropped: script, style, head, nav, page header/footer, forms' controls,
  ``role=navigation|banner|contentinfo|search``, hidden elements, skip links and cookie
  banners. Where the page has an obvious main content container (``<main>``,
  ``role=main``, ModernGov's ``mgContent`` / ``modgov``, CMIS content placeholders) only
  that is read.
- Every block element starts and ends a paragraph (blank line between blocks); ``<br>``
  is a line break; headings are their own paragraph.
- List items start with ``"- "`` (``"N. "`` in ordered lists, numbered as displayed).
- A table row whose cells are each one short line becomes one line, cells joined by a
  tab (order-of-business tables); otherwise each cell is its own block (ModernGov's
  minutes table: the "1." cell, then the item's heading and "Minutes:" block).
- Link text is kept; images contribute nothing (their ``alt`` is icon noise like
  "pdf icon"). Entities are decoded by the parser.

Whitespace is then normalised by :func:`pipeline.ingest.normalise.normalise_text` like
every other format.
"""

from __future__ import annotations

import codecs
import re
from pathlib import Path
from typing import NamedTuple

from lxml import etree
from lxml import html as lxml_html

from pipeline.errors import InputError
from pipeline.ingest.normalise import normalise_text
from pipeline.ingest.options import IngestOptions, ProgressCallback
from pipeline.models import Document, LineStyle
from pipeline.text import wordset as _words

# Elements whose content is never page text.
_SKIP_TAGS = _words(
    """script style noscript template head nav title meta link iframe object embed svg canvas
    audio video map select option input button textarea datalist dialog"""
)
_BLOCK_TAGS = _words(
    """address article aside blockquote body caption center dd details div dl dt fieldset
    figcaption figure footer form h1 h2 h3 h4 h5 h6 header hr html legend li main ol p pre
    section summary table tbody td tfoot th thead tr ul"""
)
_CHROME_ROLES = frozenset({"navigation", "banner", "contentinfo", "search"})
# Whole class/id tokens that mark chrome inside or outside the content.
_CHROME_TOKENS = _words(
    """breadcrumb breadcrumbs skip skiplink skip-link skip-links skiptocontent cookie cookies
    cookie-banner cookiebanner sr-only visually-hidden visuallyhidden screen-reader-text
    hidden hide d-none mghide print-only printonly mglinks mgactionlist"""
)
# Outside a chosen main container these tokens are page furniture as well.
_PAGE_CHROME_TOKENS = _words(
    """header footer masthead site-header site-footer sidebar menu navigation nav banner
    topnav mainnav"""
)
# Main content containers, most specific first (matched against lower-cased id/class).
# ModernGov puts the page heading ("Agenda and minutes", "Body - date") inside #modgov but
# outside .mgContent, so the wider container comes first.
_MAIN_IDS = (
    "modgov",
    "mgcontent",
    "cmiscontent",
    "cmis-content",
    "maincontent",
    "main-content",
    "main_content",
    "mainbody",
    "pagecontent",
    "page-content",
    "content",
)
_SPECIFIC_IDS = frozenset({"mgcontent", "modgov", "cmiscontent", "cmis-content"})
_HIDDEN_STYLE = re.compile(r"display\s*:\s*none|visibility\s*:\s*hidden", re.IGNORECASE)
_SPACE = re.compile(r"[ \t\n\r\f\v]+")
_META_CHARSET = re.compile(rb"""<meta[^>]+charset\s*=\s*["']?\s*([A-Za-z0-9_.:-]+)""", re.I)
_XML_DECL = re.compile(r"^\s*<\?xml[^>]*\?>")
_WORD = re.compile(r"\w")
# WHATWG: these labels mean windows-1252 in browsers.
_CHARSET_ALIASES = {"iso-8859-1": "cp1252", "latin1": "cp1252", "us-ascii": "cp1252"}
_TABLE_CELL_MAX = 250


def read_html(
    path: Path,
    fmt: str,
    data: bytes,
    options: IngestOptions,
    progress: ProgressCallback | None,
) -> Document:
    """The :class:`~pipeline.ingest.readers.Reader` of HTML pages."""
    from pipeline.ingest.document import finish_document
    from pipeline.ingest.metadata import council_in

    raw, headings = _page_text(path, data)
    text = normalise_text(raw)
    document = finish_document(path, fmt, text, layout=_heading_layout(text, headings))
    facts = html_facts(path, data)
    # What the text itself states wins over what the markup says.
    document.metadata.urls = {**facts.urls, **document.metadata.urls}
    titled = council_in(facts.title) if facts.title else None
    guessed = document.metadata.council
    # The title's full name ("Northbridge Borough Council") outranks a shorter name of the
    # same place the text gives ("Northbridge Council" from a site banner or an address).
    if titled and (guessed is None or titled.split()[0] == guessed.split()[0]):
        document.metadata.council = titled
    return document


def html_to_text(path: Path, data: bytes) -> str:
    """Return the page's visible text as plain text with its block structure kept."""
    return _page_text(path, data)[0]


def _heading_layout(text: str, headings: list[str]) -> list[LineStyle]:
    """Headings (``<h1>``-``<h6>``, a block all in ``<strong>``/``<b>``) as bold lines of
    the normalised text, in order: the typography segmenting reads from PDFs."""
    styles: list[LineStyle] = []
    wanted = iter(headings)
    target = next(wanted, None)
    offset = 0
    for line in text.split("\n"):
        if target is not None and line and " ".join(line.split()) == target:
            styles.append(LineStyle(start=offset, bold=len(line)))
            target = next(wanted, None)
        offset += len(line) + 1
    return styles


def _page_text(path: Path, data: bytes) -> tuple[str, list[str]]:
    """The page's text and the text of its headings, in order."""
    markup = _decode(path, data)
    markup = _XML_DECL.sub("", markup, count=1)
    try:
        root = lxml_html.document_fromstring(markup) if markup.strip() else None
    except (etree.ParserError, ValueError):
        root = None
    if root is None:
        raise InputError(path, "HTML page has no text")
    container, inside_main = _content_root(root)
    writer = _Writer(inside_main)
    writer.walk(container)
    text = writer.text()
    if not _WORD.search(text):
        raise InputError(path, "HTML page has no text")
    return text, writer.headings


_VIDEO_HREF = re.compile(
    r"^https?://(?:www\.|m\.)?(?:youtube\.com/(?:watch|live|embed)|youtu\.be/|vimeo\.com/"
    r"|[^/]*webcast|[^/]*public-i\.tv/)",
    re.IGNORECASE,
)


class HtmlFacts(NamedTuple):
    """What a page states in its markup rather than its visible text."""

    urls: dict[str, str]
    title: str | None


def html_facts(path: Path, data: bytes) -> HtmlFacts:
    """The page's own address, its meeting video and its ``<title>``.

    ``urls["page"]`` comes from ``<link rel="canonical">`` or ``og:url``; ``urls["video"]``
    from the first link to a video host (YouTube, Vimeo, webcast providers). Only absolute
    http(s) URLs. The title often names the council ("... | Northbridge Borough Council")
    when the site header that says so is stripped as chrome.
    """
    try:
        root = lxml_html.document_fromstring(_XML_DECL.sub("", _decode(path, data), count=1))
    except (etree.ParserError, ValueError):
        return HtmlFacts({}, None)
    urls: dict[str, str] = {}
    page = root.xpath("//link[@rel='canonical']/@href | //meta[@property='og:url']/@content")
    if page and str(page[0]).strip().lower().startswith(("http://", "https://")):
        urls["page"] = str(page[0]).strip()
    for href in root.xpath("//a/@href"):
        href = str(href).strip()
        if _VIDEO_HREF.match(href):
            urls["video"] = href
            break
    titles = root.xpath("//head/title")
    title = _SPACE.sub(" ", titles[0].text_content()).strip() if titles else None
    return HtmlFacts(urls, title or None)


def _decode(path: Path, data: bytes) -> str:
    """Decode by BOM, then the declared charset, then UTF-8; never guess a legacy code page."""
    for bom, codec in (
        (codecs.BOM_UTF8, "utf-8-sig"),
        (codecs.BOM_UTF16_LE, "utf-16"),
        (codecs.BOM_UTF16_BE, "utf-16"),
    ):
        if data.startswith(bom):
            return data.decode(codec, errors="replace")
    declared = _META_CHARSET.search(data[:8192])
    if declared:
        label = declared.group(1).decode("ascii", "ignore").lower()
        label = _CHARSET_ALIASES.get(label, label)
        try:
            codecs.lookup(label)
        except LookupError:
            pass
        else:
            # The page states its encoding; browsers replace undecodable bytes too.
            return data.decode(label, errors="replace")
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError as exc:
        raise InputError(
            path,
            f"HTML is not UTF-8 and declares no charset: invalid byte at offset {exc.start}",
        ) from None


def _tokens(element: etree._Element) -> set[str]:
    value = f"{element.get('id', '')} {element.get('class', '')}".lower()
    return set(value.split())


def _content_root(root: etree._Element) -> tuple[etree._Element, bool]:
    """The main content container when the page has an obvious one, else ``<body>``."""
    body = root.find("body")
    if body is None:
        body = root
    mains = [
        el
        for el in body.iter("main", "div", "section", "article", "td")
        if el.tag == "main" or el.get("role", "").lower() == "main"
    ]
    total = _text_length(body)
    for element in mains:
        if _text_length(element) and not _is_hidden(element):
            return element, True
    for key, element in _by_token(body):
        size = _text_length(element)
        # A generic "content" class may sit on a small box; only trust it when it holds a
        # good share of the page. ModernGov/CMIS ids are specific enough on their own.
        if size and not _is_hidden(element) and (key in _SPECIFIC_IDS or size >= 0.2 * total):
            return element, True
    return body, False


def _by_token(body: etree._Element) -> list[tuple[str, etree._Element]]:
    found: dict[str, etree._Element] = {}
    for element in body.iter(etree.Element):
        ident = (element.get("id") or "").lower()
        classes = (element.get("class") or "").lower().split()
        for key in (ident, *classes):
            if (key in _MAIN_IDS or "contentplaceholder" in key) and key not in found:
                found[key] = element
    return sorted(found.items(), key=lambda kv: _rank(kv[0]))


def _rank(key: str) -> int:
    return _MAIN_IDS.index(key) if key in _MAIN_IDS else len(_MAIN_IDS)


def _text_length(element: etree._Element) -> int:
    return len("".join((element.text_content() or "").split()))


def _is_hidden(element: etree._Element) -> bool:
    if element.get("hidden") is not None or element.get("aria-hidden", "").lower() == "true":
        return True
    return bool(_HIDDEN_STYLE.search(element.get("style", "")))


class _Writer:
    """Walks the tree once, appending text and paragraph/line breaks to a buffer."""

    def __init__(self, inside_main: bool) -> None:
        self.parts: list[str] = []
        self.prefix: str | None = None
        self.inside_main = inside_main
        self.headings: list[str] = []  # text of heading elements, whitespace folded

    def text(self) -> str:
        return "".join(self.parts)

    def emit(self, text: str) -> None:
        if not text:
            return
        if self.prefix is not None and text.strip():
            self.parts.append(self.prefix)
            self.prefix = None
        self.parts.append(text)

    def block_break(self) -> None:
        self.parts.append("\n\n")

    def walk(self, element: etree._Element, pre: bool = False) -> None:
        """Render ``element``'s content (its tail is the caller's business)."""
        self._children(element, pre or element.tag == "pre")

    def _children(self, element: etree._Element, pre: bool) -> None:
        self.emit(_inline(element.text, pre))
        list_number = _list_start(element) if element.tag == "ol" else None
        for child in element:
            if isinstance(child.tag, str) and not self._skip(child):
                if child.tag == "li" and element.tag in ("ol", "ul"):
                    if list_number is not None:
                        value = child.get("value")
                        if value and value.strip().isdigit():
                            list_number = int(value)
                        self._element(child, pre, f"{_list_marker(element, list_number)}. ")
                        list_number += 1
                    else:
                        self._element(child, pre, "- ")
                else:
                    self._element(child, pre, None)
            self.emit(_inline(child.tail, pre))

    def _element(self, element: etree._Element, pre: bool, prefix: str | None) -> None:
        tag = element.tag
        if tag == "br":
            self.parts.append("\n")
            return
        if tag == "tr":
            self._row(element, pre)
            return
        block = tag in _BLOCK_TAGS
        if block and _is_heading(element):
            heading = " ".join(element.text_content().split())
            if heading:
                self.headings.append(heading)
        if block:
            self.block_break()
        if prefix is not None:
            self.prefix = prefix
        self.walk(element, pre)
        if block:
            self.block_break()
            self.prefix = None

    def _row(self, row: etree._Element, pre: bool) -> None:
        cells = [c for c in row if isinstance(c.tag, str) and c.tag in ("td", "th")]
        rendered: list[str] = []
        for cell in cells:
            if self._skip(cell):
                continue
            sub = _Writer(self.inside_main)
            sub.walk(cell, pre)
            rendered.append(sub.text())
        flat = [" ".join(_SPACE.sub(" ", r).split()) for r in rendered]
        single_line = all(
            "\n" not in r.strip() and len(f) <= _TABLE_CELL_MAX
            for r, f in zip(rendered, flat, strict=True)
        )
        self.block_break()
        if single_line:
            self.emit("\t".join(f for f in flat if f))
        else:
            for text in rendered:
                self.block_break()
                self.emit(text)
                self.block_break()
        self.block_break()

    def _skip(self, element: etree._Element) -> bool:
        tag = element.tag
        if tag in _SKIP_TAGS or _is_hidden(element):
            return True
        if element.get("role", "").lower() in _CHROME_ROLES:
            return True
        tokens = _tokens(element)
        if tokens & _CHROME_TOKENS:
            return True
        if not self.inside_main:
            if tag in ("header", "footer") and element.getparent().tag in ("body", "div"):
                return True
            if tokens & _PAGE_CHROME_TOKENS:
                return True
        return tag == "form" and _is_small_form(element)


def _is_heading(element: etree._Element) -> bool:
    """``<h1>``-``<h6>``, or a block whose text is all inside one ``<strong>``/``<b>``."""
    if element.tag in ("h1", "h2", "h3", "h4", "h5", "h6"):
        return True
    if element.tag not in ("p", "div", "td", "th", "dt", "li"):
        return False
    children = [c for c in element if isinstance(c.tag, str)]
    own = (element.text or "").strip() or any((c.tail or "").strip() for c in children)
    return (
        len(children) == 1
        and children[0].tag in ("strong", "b")
        and not own
        and bool(children[0].text_content().strip())
    )


def _is_small_form(form: etree._Element) -> bool:
    """A search box or subscribe widget, not an ASP.NET form wrapping the whole page."""
    return len(" ".join((form.text_content() or "").split())) < 200


# An ordered list's numbering as a browser shows it: ``type="a"`` or the CSS
# ``list-style-type`` (CivicPlus and Granicus agendas letter their consent items so).
_LIST_STYLE = re.compile(r"list-style(?:-type)?\s*:\s*(?P<type>[a-z-]+)", re.IGNORECASE)
_LIST_TYPES = {
    "lower-alpha": "a",
    "lower-latin": "a",
    "upper-alpha": "A",
    "upper-latin": "A",
    "lower-roman": "i",
    "upper-roman": "I",
}
_ROMAN_DIGITS = (
    (10, "x"), (9, "ix"), (5, "v"), (4, "iv"), (1, "i"),
)  # fmt: skip


def _list_marker(element: etree._Element, number: int) -> str:
    """The marker of item ``number`` of ordered list ``element`` as displayed: "3", "c",
    "C", "iii" or "III"."""
    kind = (element.get("type") or "").strip()
    style = _LIST_STYLE.search(element.get("style", ""))
    if style:
        kind = _LIST_TYPES.get(style.group("type").lower(), kind)
    if kind in ("a", "A") and 1 <= number <= 26:
        letter = chr(96 + number)
        return letter.upper() if kind == "A" else letter
    if kind in ("i", "I") and 1 <= number <= 39:
        roman = ""
        rest = number
        for value, digits in _ROMAN_DIGITS:
            while rest >= value:
                roman += digits
                rest -= value
        return roman.upper() if kind == "I" else roman
    return str(number)


def _list_start(element: etree._Element) -> int:
    start = element.get("start", "1").strip()
    return int(start) if start.lstrip("-").isdigit() else 1


def _inline(text: str | None, pre: bool) -> str:
    if not text:
        return ""
    return text if pre else _SPACE.sub(" ", text)
