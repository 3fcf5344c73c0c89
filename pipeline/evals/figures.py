"""Figures: numbers, money, percentages, dates, times and year ranges, normalised.

Every figure is parsed into *readings*, canonical values that compare across spellings:
"£1.7m", "£1.7 million" and "£1,700,000" all read ``("money", 1700000.0)``;
"30 November 2022" and "30/11/2022" read ``("date", 2022, 11, 30)``; "7pm", "19:00" and
"7.00 pm" read ``("time", 1140)``. A summary figure must match a source figure near the
passage that supports the sentence, and the source figure whose context best matches
the sentence's wording must not say something else ("overspend of £1.3m" where the
source's overspend sentence says £1.7m).
"""

from __future__ import annotations

import bisect
import re
from collections import defaultdict
from dataclasses import dataclass, field
from itertools import pairwise

from pipeline.evals.text import STOPWORDS, stem, tokenize
from pipeline.numbers import UNITS
from pipeline.text import MONTH_PATTERN, MONTHS

_MONTH = rf"(?P<mon>{MONTH_PATTERN})\.?"
_MONTH2 = _MONTH.replace("?P<mon>", "?P<mon2>")
_ORD = r"(?:st|nd|rd|th)?"
_NUM = r"\d{1,3}(?:,\d{3})+(?:\.\d+)?|\d+(?:\.\d+)?"
_SCALE = {
    "k": 1e3,
    "thousand": 1e3,
    "m": 1e6,
    "mn": 1e6,
    "million": 1e6,
    "bn": 1e9,
    "billion": 1e9,
}
# Words before a number that make it a label, not a value ("item 5 report", "ward 3",
# "Stage Two").
LABEL_WORDS = frozenset(
    [
        "item",
        "items",
        "no",
        "number",
        "page",
        "pages",
        "section",
        "paragraph",
        "ward",
        "wards",
        "district",
        "resolution",
        "law",
        "bylaw",
        "appendix",
        "annex",
        "table",
        "figure",
        "chapter",
        "clause",
        "route",
        "phase",
        "stage",
        "level",
    ]
)
WORD_NUMBERS = {w: i for i, w in enumerate([*UNITS, "twenty"]) if i >= 2}

# (kind, pattern) in priority order: earlier patterns claim their characters first.
_PATTERNS: list[tuple[str, re.Pattern[str]]] = [
    (
        "money",
        re.compile(
            rf"(?P<cur>[£$€])\s?(?P<num>{_NUM})"
            # A one-letter unit is glued on ("£7m"): "£118.44 K Smith" is a payee's initial.
            r"(?:\s?(?P<unit>bn|billion|mn|million|thousand)\b|(?P<letter>m|k)\b)?",
            re.I,
        ),
    ),
    ("percent", re.compile(rf"\b(?P<num>{_NUM})\s?(?:%|per\s?cent\b|percent\b)", re.I)),
    (
        "date",
        re.compile(
            rf"\b(?P<d>\d{{1,2}}){_ORD}(?:\s+of)?\s+{_MONTH},?\s+(?P<y>(?:19|20)\d{{2}})\b", re.I
        ),
    ),
    (
        "date",
        re.compile(rf"\b{_MONTH}\s+(?P<d>\d{{1,2}}){_ORD},?\s+(?P<y>(?:19|20)\d{{2}})\b", re.I),
    ),
    ("isodate", re.compile(r"\b(?P<y>(?:19|20)\d{2})-(?P<m>\d{2})-(?P<d>\d{2})\b")),
    (
        "numdate",
        re.compile(r"\b(?P<d>\d{1,2})([/.\-])(?P<m>\d{1,2})\2(?P<y>(?:19|20)?\d{2})\b"),
    ),
    ("month", re.compile(rf"\b{_MONTH},?\s+(?P<y>(?:19|20)\d{{2}})\b", re.I)),
    ("daymonth", re.compile(rf"\b(?P<d>\d{{1,2}}){_ORD}(?:\s+of)?\s+{_MONTH}\b", re.I)),
    ("daymonth", re.compile(rf"\b{_MONTH}\s+(?P<d>\d{{1,2}}){_ORD}\b", re.I)),
    (
        "yrange",
        re.compile(r"\b(?P<y1>(?:19|20)\d{2})\s?[/\-–]\s?(?P<y2>(?:19|20)\d{2}|\d{2})\b"),
    ),
    # Codes of letters and numbers joined by hyphens ("R-22-6-101-SS", "PLN-2024-0031") name
    # one resolution or file: compared whole, never read as counts.
    ("ref", re.compile(r"\b[A-Z]{1,5}(?:-\d+){1,4}(?:-[A-Z]{1,5})?\b|\b\d+(?:-\d+)+-[A-Z]{1,5}\b")),
    # Reference numbers ("2024/0412", an application number) are one figure, compared whole.
    ("ref", re.compile(r"\b\d{2,4}/\d{3,6}\b")),
    # A section of an act with its subsections ("239(2)(b)") is a reference too.
    ("ref", re.compile(r"\b\d+(?:\([0-9a-z]{1,4}\))+")),
    (
        "time",
        re.compile(
            r"\b(?P<h>\d{1,2})(?:[.:](?P<mi>[0-5]\d))?\s?(?P<ap>a\.m\.|p\.m\.|am\b|pm\b)", re.I
        ),
    ),
    ("time24", re.compile(r"\b(?P<h>[01]?\d|2[0-3]):(?P<mi>[0-5]\d)\b")),
    (
        "number",
        re.compile(
            rf"(?<![\w.])(?P<num>{_NUM})(?:st|nd|rd|th)?(?:\s?(?P<unit>million|billion|thousand|bn)\b)?"
            # A word of three or more letters may be glued on ("45FTES" in captions).
            r"(?![0-9])(?![A-Za-z]{1,2}\b)",
            re.I,
        ),
    ),
    ("word", re.compile(r"\b(?P<w>" + "|".join(WORD_NUMBERS) + r")\b", re.I)),
]

Reading = tuple


@dataclass(frozen=True)
class Figure:
    """One figure in a text: where it is, what it says, and how precisely."""

    text: str
    start: int
    end: int
    kind: str
    readings: tuple[Reading, ...]
    tol: float = 0.0
    soft: bool = False  # spelled-out small numbers: checked only for contradictions

    @property
    def family(self) -> str:
        return _FAMILY.get(self.kind, self.kind)


_FAMILY = {
    "money": "amount",
    "number": "amount",
    "word": "amount",
    "percent": "percent",
    "date": "date",
    "month": "date",
    "daymonth": "date",
    "year": "date",
    "yrange": "date",
    "time": "time",
    "ref": "ref",
}


def _to_float(num: str) -> tuple[float, int]:
    clean = num.replace(",", "")
    decimals = len(clean.split(".")[1]) if "." in clean else 0
    return float(clean), decimals


def _year(raw: str) -> int:
    y = int(raw)
    return y + 2000 if y < 100 else y


def parse_figures(text: str, *, derived: bool = False) -> list[Figure]:
    """All figures in ``text``, in order. ``derived`` adds partial readings (source side).

    Derived readings let a source date "30 November 2022" satisfy a summary's "November
    2022" or "2022", and a source "2022/23" satisfy "2023".
    """
    claimed = bytearray(len(text))
    figures: list[Figure] = []
    for kind, pattern in _PATTERNS:
        for m in pattern.finditer(text):
            if any(claimed[m.start() : m.end()]):
                continue
            figure = _make(kind, m, derived)
            if figure is None:
                continue
            claimed[m.start() : m.end()] = b"\x01" * (m.end() - m.start())
            figures.append(figure)
    figures.sort(key=lambda f: f.start)
    figures = _days_of_listed_dates(text, figures, derived)
    return _short_years(text, figures) if derived else _approximations(text, figures)


# Words that make a figure an approximation: it matches a source value within a share of
# itself ("about £1,440" for £1,441.01, "nearly $95,000" for $94,826.19).
_HEDGES = re.compile(
    r"\b(?:about|around|approximately|approx\.?|roughly|some|circa|c\.|nearly|almost"
    r"|just\s+(?:under|over|below|above|short\s+of)|close\s+to)\s+$",
    re.I,
)
HEDGE_SHARE = 0.05


def _approximations(text: str, figures: list[Figure]) -> list[Figure]:
    """A hedged amount ("about £1,440") matches a source value within ``HEDGE_SHARE``."""
    out = []
    for fig in figures:
        if fig.family in ("amount", "percent") and _HEDGES.search(
            text, max(0, fig.start - 20), fig.start
        ):
            tol = max(fig.tol, HEDGE_SHARE * abs(fig.readings[0][1]))
            fig = Figure(fig.text, fig.start, fig.end, fig.kind, fig.readings, tol, fig.soft)
        out.append(fig)
    return out


_BEFORE_SHORT_YEAR = re.compile(r"(?:\b(?:in|since|from|until|of)\s+|['’])$", re.I)


def _short_years(text: str, figures: list[Figure]) -> list[Figure]:
    """A year said or written short ("completed in 19.", "since '08") also reads as the
    full year on the source side, so a summary's "2019" finds it."""
    out = []
    for fig in figures:
        if (
            fig.kind == "number"
            and re.fullmatch(r"\d{2}", fig.text)
            and _BEFORE_SHORT_YEAR.search(text, max(0, fig.start - 8), fig.start)
            and _LIST_END.match(text, fig.end)
        ):
            value = int(fig.text)
            year = 2000 + value if value <= 40 else 1900 + value
            fig = Figure(fig.text, fig.start, fig.end, fig.kind, (*fig.readings, ("year", year)))
        out.append(fig)
    return out


# Between two days of one month: "18 and 21 November", "September 11th and 12th".
_DAY_JOIN = re.compile(r"\s*(?:,|,?\s*(?:and|or|to|&)|[-–])\s*(?:on\s+)?")


_LIST_END = re.compile(r"\s*(?:[,.;:)]|$|(?:and|or)\b)")


def _ends_list(text: str, end: int) -> bool:
    """Whether a listed day ending at ``end`` closes the list: punctuation, "and", or a
    verb or function word ("February 10, 24 and 26 were confirmed"), not a noun it counts
    ("and 7 items") nor "of" ("7 of them")."""
    if _LIST_END.match(text, end):
        return True
    word = re.match(r"\s+([A-Za-z]+)", text[end : end + 20])
    return bool(word) and word.group(1).lower() in STOPWORDS - {"of"}  # type: ignore[union-attr]


def _days_of_listed_dates(text: str, figures: list[Figure], derived: bool) -> list[Figure]:
    """A bare day listed next to a date takes that date's month (and year): in "November
    18 and 21" the "21" is 21 November, not the number 21."""
    out = list(figures)
    for k, fig in enumerate(out):
        if fig.kind != "number" or not re.fullmatch(r"\d{1,2}(?:st|nd|rd|th)?", fig.text):
            continue
        day = int(re.match(r"\d+", fig.text).group())  # type: ignore[union-attr]
        if not 1 <= day <= 31:
            continue
        for near in (out[k - 1] if k > 0 else None, out[k + 1] if k + 1 < len(out) else None):
            if near is None or near.kind not in ("date", "daymonth"):
                continue
            lo, hi = (near.end, fig.start) if near.start < fig.start else (fig.end, near.start)
            if not _DAY_JOIN.fullmatch(text[lo:hi]):
                continue
            if near.start < fig.start and not _ends_list(text, fig.end):
                continue  # "June 5, 2023 and 7 items": a count of something
            reading = next(r for r in near.readings if r[0] in ("date", "daymonth"))
            if reading[0] == "date":
                year, month = reading[1], reading[2]
                readings: list[Reading] = [("date", year, month, day)]
                if derived:
                    readings += [("month", year, month), ("daymonth", month, day), ("year", year)]
                out[k] = Figure(fig.text, fig.start, fig.end, "date", tuple(readings))
            else:
                daymonth = (("daymonth", reading[1], day),)
                out[k] = Figure(fig.text, fig.start, fig.end, "daymonth", daymonth)
            break
    return out


def _make(kind: str, m: re.Match[str], derived: bool) -> Figure | None:
    g = m.groupdict()
    text, start, end = m.group(), m.start(), m.end()
    if kind == "money":
        value, decimals = _to_float(g["num"])
        scale = _SCALE.get((g.get("unit") or g.get("letter") or "").lower(), 1.0)
        readings = [("amount", value * scale)]
        return Figure(text, start, end, "money", tuple(readings), 0.5 * 10**-decimals * scale)
    if kind == "percent":
        value, decimals = _to_float(g["num"])
        return Figure(text, start, end, "percent", (("percent", value),), 0.5 * 10**-decimals)
    if kind in ("date", "isodate", "numdate"):
        month = MONTHS[g["mon"].lower().rstrip(".")] if kind == "date" else int(g["m"])
        day, year = int(g["d"]), _year(g["y"])
        if not (1 <= month <= 12 and 1 <= day <= 31):
            return None
        if kind == "numdate" and len(g["y"]) == 2 and m.group(2) == "." and _numbers_a_part(m):
            return None  # "4.13.22" opening a line numbers a paragraph; "28.10.19" is a date
        readings: list[Reading] = [("date", year, month, day)]
        if derived:
            readings += [("month", year, month), ("daymonth", month, day), ("year", year)]
        return Figure(text, start, end, "date", tuple(readings))
    if kind == "month":
        month = MONTHS[g["mon"].lower().rstrip(".")]
        year = int(g["y"])
        readings = [("month", year, month)] + ([("year", year)] if derived else [])
        return Figure(text, start, end, "month", tuple(readings))
    if kind == "daymonth":
        if g["mon"] in ("may", "mar", "jan", "sep", "dec", "oct"):
            return None  # lower-case "may" is the verb; other lower-case stems are words
        day = int(g["d"])
        if not 1 <= day <= 31:
            return None
        month = MONTHS[g["mon"].lower().rstrip(".")]
        return Figure(text, start, end, "daymonth", (("daymonth", month, day),))
    if kind == "yrange":
        y1 = int(g["y1"])
        y2 = int(g["y2"]) if len(g["y2"]) == 4 else (y1 // 100) * 100 + int(g["y2"])
        if not y1 < y2 <= y1 + 30:
            return None
        readings = [("yrange", y1, y2)] + ([("year", y1), ("year", y2)] if derived else [])
        return Figure(text, start, end, "yrange", tuple(readings))
    if kind in ("time", "time24"):
        hour, minute = int(g["h"]), int(g.get("mi") or 0)
        ap = (g.get("ap") or "").lower().replace(".", "")
        if ap and not 1 <= hour <= 12:
            return None
        if ap == "pm" and hour != 12:
            hour += 12
        elif ap == "am" and hour == 12:
            hour = 0
        readings: list[Reading] = [("time", hour * 60 + minute)]
        if not ap and 1 <= hour <= 11:
            # "from 6:30 to 7:33 p.m.": a clock time without a.m./p.m. may be either.
            readings.append(("time", (hour + 12) * 60 + minute))
        return Figure(text, start, end, "time", tuple(readings))
    if kind == "number":
        value, decimals = _to_float(g["num"])
        scale = _SCALE.get((g.get("unit") or "").lower(), 1.0)
        readings = [("amount", value * scale)]
        clean = g["num"].replace(",", "")
        if scale == 1.0 and clean.isdigit() and len(clean) == 4 and 1900 <= value <= 2099:
            readings.append(("year", int(value)))
        parts = clean.split(".")
        if len(parts) == 2 and len(parts[1]) == 2 and int(parts[0]) <= 23 and int(parts[1]) < 60:
            # "19.05" in ModernGov minutes is a time of day as often as a number.
            readings.append(("time", int(parts[0]) * 60 + int(parts[1])))
        return Figure(text, start, end, "number", tuple(readings), 0.5 * 10**-decimals * scale)
    if kind == "ref":
        return Figure(text, start, end, "ref", (("ref", text),))
    if kind == "word":
        value = WORD_NUMBERS[g["w"].lower()]
        return Figure(text, start, end, "word", (("amount", float(value)),), 0.0, soft=True)
    return None


def _numbers_a_part(m: re.Match[str]) -> bool:
    """A dotted number such as "4.10.12" that opens its line, or follows a label word
    ("section 3.5.16"), numbers a paragraph or a section; elsewhere ("received 28.10.19",
    "(3.5.16)") it is a date."""
    text = m.string
    line_start = text.rfind("\n", 0, m.start()) + 1
    before = text[line_start : m.start()]
    if not before.strip():
        return True
    label = re.search(r"([A-Za-z]+)\.?\s*$", before)
    return bool(label) and label.group(1).lower() in LABEL_WORDS  # type: ignore[union-attr]


def readings_match(a: Figure, b: Figure) -> bool:
    """True when summary figure ``a`` says what source figure ``b`` says."""
    for ra in a.readings:
        for rb in b.readings:
            if ra[0] != rb[0]:
                continue
            if ra[0] in ("amount", "percent"):
                tol = max(a.tol, 1e-9 * abs(ra[1]))
                if abs(ra[1] - rb[1]) <= tol:
                    return True
            elif ra == rb:
                return True
    return False


@dataclass
class FigureIndex:
    """Source figures, looked up by reading."""

    figures: list[Figure]
    token_index: list[int]
    exact: dict[Reading, list[int]] = field(default_factory=lambda: defaultdict(list))
    numeric: dict[str, list[tuple[float, int]]] = field(default_factory=lambda: defaultdict(list))
    years: set[int] = field(default_factory=set)

    @classmethod
    def build(cls, text: str, token_starts: list[int]) -> FigureIndex:
        figures = parse_figures(text, derived=True)
        index = cls(figures, [bisect.bisect_left(token_starts, f.start) for f in figures])
        for i, f in enumerate(figures):
            for r in f.readings:
                if r[0] in ("amount", "percent"):
                    index.numeric[r[0]].append((r[1], i))
                else:
                    index.exact[r].append(i)
                    if r[0] == "year":
                        index.years.add(r[1])
        for values in index.numeric.values():
            values.sort()
        return index

    def matching(self, figure: Figure) -> list[int]:
        """Indices of source figures that say what ``figure`` says."""
        found: set[int] = set()
        for r in figure.readings:
            if r[0] in ("amount", "percent"):
                values = self.numeric.get(r[0], [])
                tol = max(figure.tol, 1e-9 * abs(r[1]))
                lo = bisect.bisect_left(values, (r[1] - tol, -1))
                hi = bisect.bisect_right(values, (r[1] + tol, len(self.figures)))
                found.update(i for _, i in values[lo:hi])
            else:
                found.update(self.exact.get(r, ()))
                if r[0] == "date" and r[1] in self.years:
                    # A partial date: the source writes "23 June" where its year is plain
                    # from the document ("Minutes of 23 June 2009 ... on 23 June").
                    found.update(self.exact.get(("daymonth", r[2], r[3]), ()))
        return sorted(found)


def local_context(text: str, figure_start: int, figure_end: int, width: int = 6) -> set[str]:
    """Content stems within ``width`` words either side of a figure in ``text``."""
    toks = [t for t in tokenize(text) if not (figure_start <= t.start < figure_end)]
    before = [t for t in toks if t.end <= figure_start][-width:]
    after = [t for t in toks if t.start >= figure_end][:width]
    return {t.stem for t in before + after if _is_word(t.raw)}


def _is_word(raw: str) -> bool:
    low = raw.lower()
    return low not in STOPWORDS and not low.isdigit() and len(low) > 1 and low not in MONTHS


def from_to_pairs(text: str, figures: list[Figure]) -> list[tuple[Figure, Figure]]:
    """Pairs written "from A to B" (the order is part of the claim)."""
    pairs = []
    for a, b in pairwise(figures):
        between = text[a.end : b.start]
        before = text[max(0, a.start - 6) : a.start]
        if re.fullmatch(r"\s+to\s+", between) and re.search(r"from\s+$", before, re.I):
            pairs.append((a, b))
    return pairs


def stems_near(words: list[str]) -> set[str]:
    """Stems of content words (helper for contexts built from source tokens)."""
    return {stem(w) for w in words if _is_word(w)}
