"""Reading council web pages: parse tolerant HTML, walk links, read dates and times."""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterator
from urllib.parse import parse_qsl, urljoin, urlsplit

from lxml import etree
from lxml import html as lxml_html

from pipeline.ingest.metadata import parse_date, parse_time

_FILE_NOISE = re.compile(r"\s*(?:pdf icon\s*)?\b(?:PDF|DOCX?|HTML?)\s+\d[\d.,]*\s*[KMG]B\b", re.I)
_SPACE = re.compile(r"\s+")
_DATEISH = re.compile(
    r"\b\d{1,2}[/.]\d{1,2}[/.]\d{2,4}\b"
    r"|\b(?:mon|tue|wed|thu|fri|sat|sun)[a-z]*,?\s+(?=\d)"
    r"|\b\d{1,2}(?:st|nd|rd|th)?\s+(?:jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec)[a-z]*\.?,?"
    r"(?:\s+\d{4})?"
    r"|\b\d{1,2}(?:[.:]\d{2})?\s*[ap]\.?\s*m\b\.?|\b\d{1,2}:\d{2}\b",
    re.I,
)
_NOISE = re.compile(
    r"^\s*(?:meeting\s+of|agenda(?:\s+and\s+minutes)?\s+for)\s+|\(?\b(?:cancell?ed|postponed)\b\)?",
    re.I,
)


def parse_html(content: bytes | str) -> etree._Element:
    """An lxml tree of a page (its meta charset is honoured for bytes)."""
    if isinstance(content, str):
        content = content.encode("utf-8")
    if not content.strip():
        return lxml_html.fromstring("<html></html>")
    try:
        return lxml_html.fromstring(content)
    except (etree.ParserError, ValueError):
        return lxml_html.fromstring("<html></html>")


def parse_xml(content: bytes) -> etree._Element:
    """A tree of an XML answer; no entities expanded, nothing fetched."""
    parser = etree.XMLParser(resolve_entities=False, no_network=True, recover=True)
    root = etree.fromstring(content, parser=parser)
    if root is None:
        raise ValueError("not XML")
    return root


def local(element: etree._Element) -> str:
    """The tag of an XML element without its namespace, lower case."""
    tag = element.tag
    return etree.QName(tag).localname.lower() if isinstance(tag, str) else ""


def child_text(element: etree._Element, name: str) -> str:
    """The stripped text of ``element``'s first child called ``name`` (any namespace)."""
    for child in element:
        if local(child) == name:
            return (child.text or "").strip()
    return ""


def clean(text: str | None) -> str:
    """Whitespace collapsed, file-size noise ("PDF 119 KB") removed."""
    return _SPACE.sub(" ", _FILE_NOISE.sub("", text or "")).strip()


def text_of(element: etree._Element) -> str:
    """All the text inside an element, cleaned."""
    return clean(element.text_content()) if hasattr(element, "text_content") else ""


def links(root: etree._Element, base_url: str) -> Iterator[tuple[etree._Element, str]]:
    """Every ``<a href>`` of a page with its absolute http(s) address."""
    for anchor in root.iter("a"):
        href = (anchor.get("href") or "").strip()
        if not href or href.startswith(("#", "javascript:", "mailto:", "tel:")):
            continue
        url = urljoin(base_url, href)
        if urlsplit(url).scheme in ("http", "https"):
            yield anchor, url.split("#", 1)[0]


def query(url: str) -> dict[str, str]:
    """The query parameters of ``url`` with lower-case names (``MID`` = ``MId``)."""
    return {k.lower(): v for k, v in parse_qsl(urlsplit(url).query, keep_blank_values=True)}


def date_in(text: str | None) -> dt.date | None:
    """The first date written in ``text`` (day first for numbers, as UK sites write)."""
    iso = parse_date(text)
    return dt.date.fromisoformat(iso) if iso else None


def time_in(text: str | None) -> str | None:
    """The first clock time in ``text`` as ``HH:MM``; "10:00" on its own counts too."""
    found = parse_time(text)
    if found:
        return found
    match = re.search(r"\b([01]?\d|2[0-3]):([0-5]\d)\b", text or "")
    return f"{int(match.group(1)):02d}:{match.group(2)}" if match else None


def months_between(since: dt.date, until: dt.date) -> list[dt.date]:
    """The first day of every month from ``since`` to ``until``."""
    month = since.replace(day=1)
    months = []
    while month <= until:
        months.append(month)
        month = (month + dt.timedelta(days=32)).replace(day=1)
    return months


def mentions_cancelled(text: str | None) -> bool:
    """Does a title or status say the meeting was cancelled (or postponed)?"""
    return bool(
        re.search(r"\b(?:cancell?ed|postponed|cancellation of meeting)\b", text or "", re.I)
    )


def body_name(*candidates: str) -> str:
    """A committee's name from a link text or title ("Cabinet, 6.30 pm" -> "Cabinet")."""
    for candidate in candidates:
        name = _NOISE.sub(" ", _DATEISH.sub(" ", candidate or ""))
        name = re.sub(r"\s+", " ", name).strip(" ,;:-–—()")
        if len(name) >= 3 and re.search(r"[A-Za-z]{3}", name):
            return name
    return ""
