"""Queries over the index: user text to safe FTS5 syntax, filters, ranking and snippets.

A user's query is never handed to FTS5 as written. It is read as words, ``"quoted
phrases"`` and ``prefix*`` words; everything else (FTS operators, column filters,
parentheses, stray quotes) is dropped, and each piece is passed as an FTS5 string, so no
input can be a syntax error or reach a column it should not. Common function words are
dropped from bare words (not from phrases) unless nothing else is left.

Ranking is BM25 with column weights (item title over body text over context such as the
speaker or the vote). Entries that hold every term come first; when there are fewer than
asked for, entries holding some of the terms follow. At most ``per_item`` hits come from
one agenda item.
"""

from __future__ import annotations

import datetime as dt
import re
import sqlite3
from dataclasses import dataclass

from pipeline.errors import PipelineError
from pipeline.evals.text import STOPWORDS
from pipeline.render.catalog import slugify

# BM25 weights of the FTS columns: text, title (the item title), context.
COLUMN_WEIGHTS = (1.0, 3.0, 1.5)
MARK_OPEN, MARK_CLOSE = "\x02", "\x03"  # FTS5 snippet markers, replaced for display
HIGHLIGHT = ("**", "**")  # how matched words are marked in snippets (text and JSON)
ELLIPSIS = "…"
MIN_PREFIX = 2  # "a*" would match nearly everything

_TOKEN_RE = re.compile(r'"([^"]*)"?|(\w[\w\'’]*)(\*)?', re.UNICODE)
_WORD_RE = re.compile(r"\w+", re.UNICODE)


class QueryError(PipelineError):
    """A query with nothing to search for, or a bad filter."""


@dataclass(frozen=True)
class Term:
    """One piece of a query: a word, a phrase (several words) or a prefix."""

    words: tuple[str, ...]
    prefix: bool = False

    @property
    def fts(self) -> str:
        """The FTS5 form: a quoted string (never parsed as syntax), maybe with ``*``."""
        return '"' + " ".join(self.words) + '"' + ("*" if self.prefix else "")


@dataclass(frozen=True)
class SearchQuery:
    """A query and its filters (all optional but the text)."""

    text: str
    council: str | None = None
    body: str | None = None
    since: str | None = None  # YYYY-MM-DD, inclusive
    until: str | None = None  # YYYY-MM-DD, inclusive
    kinds: tuple[str, ...] = ()
    limit: int = 10
    per_item: int = 2
    snippet_words: int = 18


@dataclass
class Hit:
    """One ranked result."""

    score: float
    kind: str
    council: str | None
    body: str | None
    date: str | None
    item: dict | None  # {"number", "title", "kind"}
    text: str
    snippet: str
    page_url: str | None
    source: dict  # {"start", "end", "page", "url"}
    speaker: str | None = None
    outcome: str | None = None
    vote: str | None = None
    matched: str = "all"  # "all" terms, or "some" (the relaxed second pass)
    summary_path: str | None = None  # the summary.json the hit comes from

    def to_json(self) -> dict:
        """The ``search --json`` shape of a hit (extra keys may be added)."""
        return {
            "score": round(self.score, 4),
            "kind": self.kind,
            "council": self.council,
            "body": self.body,
            "date": self.date,
            "item": self.item,
            "text": self.text,
            "snippet": self.snippet,
            "page_url": self.page_url,
            "source": self.source,
            "speaker": self.speaker,
            "outcome": self.outcome,
            "vote": self.vote,
            "matched": self.matched,
            "summary_path": self.summary_path,
        }


def parse_query(text: str) -> list[Term]:
    """The words, phrases and prefixes of a user's query; :class:`QueryError` if none."""
    terms: list[Term] = []
    bare: list[Term] = []
    for match in _TOKEN_RE.finditer(text or ""):
        phrase, word, star = match.groups()
        if phrase is not None:
            words = tuple(w.lower() for w in _WORD_RE.findall(phrase))
            if words:
                terms.append(Term(words))
            continue
        words = tuple(w.lower() for w in _WORD_RE.findall(word))
        if not words:
            continue
        if star and len(words) == 1 and len(words[0]) >= MIN_PREFIX:
            terms.append(Term(words, prefix=True))
            continue
        term = Term(words)
        terms.append(term)
        if len(words) == 1:
            bare.append(term)
    if not terms:
        raise QueryError(
            f'nothing to search for in {text!r}: type words, a "quoted phrase" or a prefix*'
        )
    content = [t for t in terms if not (t in bare and t.words[0] in STOPWORDS)]
    return _unique(content or terms)


def _unique(terms: list[Term]) -> list[Term]:
    seen: set[Term] = set()
    return [t for t in terms if not (t in seen or seen.add(t))]


def fts_all(terms: list[Term]) -> str:
    """Every term (implicit AND)."""
    return " ".join(t.fts for t in terms)


def fts_any(terms: list[Term]) -> str:
    """Any of the terms."""
    return " OR ".join(t.fts for t in terms)


def check_date(option: str, value: str | None) -> str | None:
    """``YYYY-MM-DD`` or a one-line :class:`QueryError`."""
    if value is None:
        return None
    try:
        return dt.date.fromisoformat(value.strip()).isoformat()
    except ValueError:
        raise QueryError(f"{option}: {value!r} is not a date like 2024-09-30") from None


def search(
    conn: sqlite3.Connection, query: SearchQuery, *, base_url: str | None = None
) -> list[Hit]:
    """Ranked hits for ``query`` (``base_url``: make page links absolute)."""
    terms = parse_query(query.text)
    where, params = _filters(query)
    hits: list[Hit] = []
    seen: set[int] = set()
    per_item: dict[tuple, int] = {}
    passes = [("all", fts_all(terms))]
    if len(terms) > 1:
        passes.append(("some", fts_any(terms)))
    for matched, expression in passes:
        if len(hits) >= query.limit:
            break
        # Fetch extra rows: some are dropped by the per-item cap or seen in the first pass.
        fetch = query.limit * (query.per_item + 4) + len(seen)
        for row in _rows(conn, expression, where, params, fetch, query.snippet_words):
            if row["id"] in seen:
                continue
            seen.add(row["id"])
            item_key = (row["meeting_id"], row["item_number"])
            if per_item.get(item_key, 0) >= query.per_item:
                continue
            per_item[item_key] = per_item.get(item_key, 0) + 1
            hits.append(_hit(row, matched, base_url))
            if len(hits) >= query.limit:
                break
    return hits


def _filters(query: SearchQuery) -> tuple[str, list]:
    clauses: list[str] = []
    params: list = []
    if query.council:
        slug = slugify(query.council)
        clauses.append("(m.council_slug = ? OR m.council_slug LIKE ?)")
        params += [slug, f"{slug}-%"]
    if query.body:
        slug = slugify(query.body)
        clauses.append("(m.body_slug = ? OR m.body_slug LIKE ?)")
        params += [slug, f"{slug}-%"]
    if query.since:
        clauses.append("m.date >= ?")
        params.append(query.since)
    if query.until:
        clauses.append("m.date <= ?")
        params.append(query.until)
    if query.kinds:
        clauses.append(f"e.kind IN ({', '.join('?' * len(query.kinds))})")
        params += list(query.kinds)
    return "".join(f" AND {c}" for c in clauses), params


def _rows(conn, expression: str, where: str, params: list, limit: int, words: int):
    weights = ", ".join(str(w) for w in COLUMN_WEIGHTS)
    sql = (
        f"SELECT e.*, m.council, m.body, m.date, m.page_path, m.source_href, m.summary_path,"
        f" bm25(entries_fts, {weights}) AS rank,"
        f" snippet(entries_fts, 0, ?, ?, ?, ?) AS snip"
        f" FROM entries_fts JOIN entries e ON e.id = entries_fts.rowid"
        f" JOIN meetings m ON m.id = e.meeting_id"
        f" WHERE entries_fts MATCH ?{where} ORDER BY rank LIMIT ?"
    )
    args = [MARK_OPEN, MARK_CLOSE, ELLIPSIS, words, expression, *params, limit]
    return conn.execute(sql, args).fetchall()


def _hit(row: sqlite3.Row, matched: str, base_url: str | None) -> Hit:
    page = row["page_path"]
    if page and row["anchor"]:
        page = f"{page}#{row['anchor']}"
    source_url = row["source_href"]
    if source_url and row["page"] and source_url.lower().split("#")[0].endswith(".pdf"):
        source_url = f"{source_url}#page={row['page']}"
    item = None
    if row["item_number"] is not None:
        item = {"number": row["item_number"], "title": row["item_title"], "kind": row["item_kind"]}
    snippet = row["snip"] or ""
    if MARK_OPEN not in snippet:  # matched in the item title or context: show the text
        snippet = _trim(row["text"])
    snippet = snippet.replace(MARK_OPEN, HIGHLIGHT[0]).replace(MARK_CLOSE, HIGHLIGHT[1])
    return Hit(
        score=-float(row["rank"]),
        kind=row["kind"],
        council=row["council"],
        body=row["body"],
        date=row["date"],
        item=item,
        text=row["text"],
        snippet=" ".join(snippet.split()),
        page_url=_absolute(page, base_url),
        source={
            "start": row["span_start"],
            "end": row["span_end"],
            "page": row["page"],
            "url": _absolute(source_url, base_url),
        },
        speaker=row["speaker"],
        outcome=row["outcome"],
        vote=row["vote"],
        matched=matched,
        summary_path=row["summary_path"],
    )


def _trim(text: str, chars: int = 200) -> str:
    return text if len(text) <= chars else text[:chars].rsplit(" ", 1)[0] + ELLIPSIS


def _absolute(href: str | None, base_url: str | None) -> str | None:
    if not href or href.startswith(("http://", "https://")) or not base_url:
        return href
    return base_url.rstrip("/") + "/" + href
