"""Item numbers as councils print them, each read into a family and a place in a sequence.

A family is a way of numbering whose members count up one by one through a document:

- ``arabic``: "4", "4.", "21)", "Item 5", "Agenda Item 5:", "1\\." (Markdown-escaped);
- ``minute``: a minute number with its year, "32/24", "Minute 135/19", "14/037" (year
  first), "18.05.3" (year, month, number);
- ``resolution``: a resolution number with a prefix and a year, "R2024-214";
- ``code``: a report's code, a prefix and a year, "CAFE-2014.5", "C.2014. 14";
- ``roman``: "I.", "II", "iv)";
- ``letter``: "A.", "B)" (capital letters; "(a)" lists are sub-items, see below);
- ``file``: a roll-call or file number before the item, "22-0073 1. ROLL CALL",
  "*23-591 Title": its own count, which also numbers items printed without an item number.

Around the number: a consent marker ("*42") or substitute marker ("S-56") is dropped; a
letter suffix ("5a", "13I", "5-A", "5(a)") marks an item inserted after, or a sub-item of,
the item with the plain number; "7.1" is a sub-item of 7.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

_ROMAN_VALUES = {"i": 1, "v": 5, "x": 10, "l": 50, "c": 100}
_ROMAN = re.compile(r"^(?:x{0,3})(?:ix|iv|v?i{0,3})$", re.IGNORECASE)

_PREFIX = (
    r"(?i:(?P<prefix>agenda\s+item|item|minute|min\.|resolution|motion|report)\s*"
    r"(?:no\.?\s*|number\s+|#\s*)?)"
)
_FILE = r"(?P<file>\*?\d{2}-\d{3,5})\s+"
_MARKER = r"(?P<marker>\*|S-)?"
_BODY = (
    r"(?P<resolution>[A-Z]{1,3}-?\d{4}-\d{1,4})"
    r"|(?P<code>[A-Z]{1,6}[-.]\d{4}\.\s?\d{1,3})"
    r"|(?P<dated>\d{1,4})\.(?P<month>0[1-9]|1[0-2])\.(?P<seq>\d{1,3})"
    r"|(?P<yearfirst>\d{2}|\d{4})/(?P<yseq>\d{3})"
    r"|(?P<minute>\d{1,3})/(?P<year>\d{2}(?:\d{2})?)"
    r"|(?P<major>\d{1,3})\.(?P<minor>\d{1,2})(?![\d/])"
    r"|(?P<num>\d{1,3})(?:(?P<suffix>[a-z]|[A-Z](?=[.):\s]))|-(?P<dash>[A-Za-z])\b"
    r"|\((?P<paren>[a-z])\))?"
    r"|(?P<roman>[IVX]{1,5}|[ivx]{1,5})(?=[.):\s]|$)"
    r"|(?P<letter>[A-Z])(?=[.)])"
)
_TOKEN = re.compile(
    rf"^(?:{_FILE})?{_MARKER}(?:{_PREFIX})?(?:{_BODY})"
    r"(?P<punct>\\?[.):]|\s+[-–—:])?(?:(?=\s|$)|(?<=[.)])(?=[A-Z][A-Za-z]))"
)
# The item number after the title: "Corporate Parenting Strategy (Item 7)".
_SUFFIX_NUMBER = re.compile(
    r"^(?P<title>\S.*?)\s*\(\s*(?:agenda\s+)?(?:item|minute)\s+(?:no\.?\s*)?"
    r"(?P<num>\d{1,3})(?P<suffix>[a-z])?(?:/(?P<year>\d{2,4}))?\s*\)\s*[:.]?$",
    re.IGNORECASE,
)
# A file number alone before the title: "22-0076 MOTION TO ADJOURN."
_FILE_ONLY = re.compile(r"^(?P<file>\*?\d{2}-\d{3,5})\s+(?=\S)")
# A file (legislation) number printed in its own column beside the item number, as
# Legistar, Granicus and PrimeGov agendas set it: "23-0411", "*23-591", "2023-0145",
# "File #: 23-0411", "ID 23-0411", "RES 23-045", "CON-2023-12".
_FILE_LEAD = re.compile(
    r"^(?:(?:file|id|legistar)\s*(?:#|no\.?|number)?\s*:?\s*)?"
    r"(?:[A-Z]{2,5}[-\s]?)?\*?(?:\d{2}|\d{4})-\d{3,5}(?:-[A-Z0-9]{1,3})?"
    r"(?=\s|$)\s*",
    re.IGNORECASE,
)


@dataclass(frozen=True, slots=True)
class ItemNumber:
    """A number read at the start of a heading (or after its title)."""

    label: str  # as shown: "4", "32/24", "13I", "R2024-214", "7.1", "22-0076" (a file number alone)
    family: str  # "arabic", "minute", "resolution:R2024", "roman", "letter", "file"
    ordinal: int  # place in the family's sequence
    end: int  # characters of the line the number (and its punctuation) takes
    prefix: str = ""  # "item", "minute", ... when printed
    punct: str = ""  # "." / ")" / ":" / "-" after the number, "" when none
    suffix: str = ""  # the letter of "5a" / "13I" / "5-A" / "5(a)"
    parent: int | None = None  # 7 for "7.1"
    file: str = ""  # "22-0073" when a file / roll-call number comes first
    file_ordinal: int | None = None


def read_number(text: str) -> ItemNumber | None:
    """The item number that starts ``text`` (a heading line without Markdown), if any."""
    match = _TOKEN.match(text)
    if match is None:
        only = _FILE_ONLY.match(text)
        if only is None:
            return None
        file = only.group("file").lstrip("*")
        return ItemNumber(
            label=file,
            family="file",
            ordinal=_file_ordinal(file),
            end=only.end(),
            file=file,
            file_ordinal=_file_ordinal(file),
        )
    g = match.groupdict()
    prefix = (g["prefix"] or "").lower().split()[-1:] or [""]
    punct = (g["punct"] or "").strip().lstrip("\\")[:1]
    if punct and punct in "–—":
        punct = "-"
    file = (g["file"] or "").lstrip("*")
    common = {
        "end": match.end(),
        "prefix": prefix[0].rstrip("."),
        "punct": punct,
        "file": file,
        "file_ordinal": _file_ordinal(file) if file else None,
    }
    if g["resolution"]:
        raw = g["resolution"]
        head, _, tail = raw.rpartition("-")
        return ItemNumber(raw, f"resolution:{head.upper()}", int(tail), **common)
    if g["code"]:
        raw = "".join(g["code"].split())
        head, _, tail = raw.rpartition(".")
        return ItemNumber(raw, f"code:{head.upper()}", int(tail), **common)
    if g["dated"]:
        return ItemNumber(
            f"{g['dated']}.{g['month']}.{g['seq']}", "minute", int(g["seq"]), **common
        )
    if g["yearfirst"]:
        return ItemNumber(f"{g['yearfirst']}/{g['yseq']}", "minute", int(g["yseq"]), **common)
    if g["minute"]:
        label = f"{g['minute']}/{g['year']}"
        return ItemNumber(label, "minute", int(g["minute"]), **common)
    if g["major"]:
        major, minor = int(g["major"]), int(g["minor"])
        return ItemNumber(f"{major}.{minor}", "dotted", minor, parent=major, **common)
    if g["num"]:
        number = int(g["num"])
        suffix = g["suffix"] or g["dash"] or g["paren"] or ""
        label = str(number)
        if g["suffix"]:
            label += suffix
        elif g["dash"]:
            label += f"-{suffix}"
        elif g["paren"]:
            label += f"({suffix})"
        return ItemNumber(label, "arabic", number, suffix=suffix, **common)
    if g["roman"]:
        value = roman_value(g["roman"])
        if value is None or (g["roman"].islower() and not punct):
            return None
        return ItemNumber(g["roman"], "roman", value, **common)
    if g["letter"]:
        return ItemNumber(g["letter"].upper(), "letter", ord(g["letter"].upper()) - 64, **common)
    return None


def file_number_lead(text: str) -> int:
    """Characters a file number takes at the start of ``text`` ("23-0411 Approval ..."),
    0 when it does not start with one."""
    match = _FILE_LEAD.match(text)
    return match.end() if match else 0


def read_suffix_number(text: str) -> tuple[ItemNumber, str] | None:
    """``(number, title)`` of a heading that prints its number last: "Title (Item 7)"."""
    match = _SUFFIX_NUMBER.match(text)
    if match is None:
        return None
    number = int(match.group("num"))
    label = str(number) + (match.group("suffix") or "")
    if match.group("year"):
        label = f"{number}/{match.group('year')}"
    family = "minute" if match.group("year") else "arabic"
    item = ItemNumber(label, family, number, end=len(text), prefix="item", punct=")")
    return item, match.group("title")


def roman_value(text: str) -> int | None:
    """The value of a roman numeral up to XXXIX, else ``None``."""
    if not text or not _ROMAN.match(text):
        return None
    total = 0
    values = [_ROMAN_VALUES[c] for c in text.lower()]
    for i, value in enumerate(values):
        total += -value if i + 1 < len(values) and values[i + 1] > value else value
    return total or None


def _file_ordinal(file: str) -> int:
    return int(file.rpartition("-")[2])
