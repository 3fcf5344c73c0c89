"""Names: people, organisations and roles a sentence mentions, looked up in the source.

A name is a run of capitalised words (with "of", "and", "&", "for" inside). The run must
occur in the source; if it does not, the leading titles and role words ("Assistant
Director", "Cllr") are set aside and each remaining part must occur whole, so "Susan
Jawara" fails even though "Susan" and "Jawara" each occur. A person's name that occurs in
the source but nowhere near the supporting passage is reported too: that is how a swap
between two people of the same meeting shows.
"""

from __future__ import annotations

import re
from collections import defaultdict
from dataclasses import dataclass, field
from itertools import pairwise

from pipeline.evals.text import STOPWORDS, WORD_RE, Token, fold_simple
from pipeline.text import MONTH_NAMES, WEEKDAY_NAMES

# Honorifics and role words that precede or make up a role (a closed class in minutes).
TITLE_WORDS = frozenset(
    [
        "mr",
        "mrs",
        "ms",
        "miss",
        "mx",
        "dr",
        "prof",
        "professor",
        "sir",
        "dame",
        "lord",
        "lady",
        "cllr",
        "cllrs",
        "councillor",
        "councillors",
        "mayor",
        "deputy",
        "detective",
        "superintendent",
        "chief",
        "inspector",
        "sergeant",
        "constable",
        "commander",
        "assistant",
        "interim",
        "acting",
        "executive",
        "group",
        "director",
        "directors",
        "head",
        "chair",
        "chairman",
        "chairwoman",
        "chairperson",
        "co-chair",
        "vice",
        "cabinet",
        "member",
        "commissioner",
        "independent",
        "senior",
        "principal",
        "strategic",
        "corporate",
        "officer",
        "adviser",
        "advisor",
        "manager",
        "lead",
        "clinical",
        "governor",
        "governors",
        "president",
        "secretary",
        "minister",
        "leader",
        "treasurer",
        "clerk",
        "coordinator",
        "consultant",
        "borough",
    ]
)
CONNECTORS = frozenset({"of", "and", "&", "for", "the", "upon", "on", "in", "de", "la", "van"})
# Capitalised words that are not names: calendar words (figures handle them).
_NOT_NAMES = frozenset(name.lower() for name in WEEKDAY_NAMES + MONTH_NAMES)
_TOKEN = re.compile(r"(?<![A-Za-z0-9])(?:[A-Za-z][A-Za-z0-9'’\-]*[A-Za-z0-9]|[A-Za-z])|&")
_QUOTED = re.compile(r"“[^”]*”|\"[^\"]*\"|(?<![A-Za-z])‘[^’]*’(?![A-Za-z])")


@dataclass
class NameRun:
    """A capitalised run in a sentence and its checkable parts."""

    text: str
    start: int
    end: int
    parts: list[str] = field(default_factory=list)
    titled: bool = False  # preceded by or containing a title word: a person or a role


def _is_cap(tok: str) -> bool:
    return tok[:1].isupper() and tok.lower() not in _NOT_NAMES


def name_runs(sentence: str) -> list[NameRun]:
    """Capitalised runs of ``sentence`` outside quotation marks."""
    masked = _QUOTED.sub(lambda m: " " * len(m.group()), sentence)
    tokens = list(_TOKEN.finditer(masked))
    runs: list[NameRun] = []
    i = 0
    while i < len(tokens):
        tok = tokens[i].group()
        if not _is_cap(tok):
            i += 1
            continue
        j = i + 1
        while j < len(tokens):
            nxt = tokens[j].group()
            gap = masked[tokens[j - 1].end() : tokens[j].start()]
            if gap.strip(" -'’") and gap.strip() not in ("",):
                break  # punctuation (comma, bracket, full stop) ends the run
            if _is_cap(nxt):
                j += 1
                continue
            if nxt.lower() in CONNECTORS and j + 1 < len(tokens) and _is_cap(tokens[j + 1].group()):
                gap2 = masked[tokens[j].end() : tokens[j + 1].start()]
                if not gap2.strip():
                    j += 2
                    continue
            break
        words = [t.group() for t in tokens[i:j]]
        start, end = tokens[i].start(), tokens[j - 1].end()
        # Sentence-initial function words ("The", "In", "This") are not part of a name.
        while words and words[0].lower() in STOPWORDS | CONNECTORS:
            words = words[1:]
            start = tokens[j - len(words)].start() if words else end
        if words:
            runs.append(_make_run(sentence[start:end], start, end, words))
        i = j
    return runs


def _make_run(text: str, start: int, end: int, words: list[str]) -> NameRun:
    parts: list[str] = []
    current: list[str] = []
    titled = False
    for word in words:
        low = word.lower()
        if low in TITLE_WORDS or low in CONNECTORS:
            titled = titled or low in TITLE_WORDS
            if current:
                parts.append(" ".join(current))
                current = []
            continue
        current.append(word)
    if current:
        parts.append(" ".join(current))
    return NameRun(text, start, end, parts, titled)


def lookup_key(phrase: str) -> str:
    """Folded form used to look a name up: case, "&", possessives and quotes ironed out."""
    text = fold_simple(phrase).replace(" & ", " and ")
    text = re.sub(r"'s\b", "", text)
    return text.replace("'", "")


_BREAK = re.compile(r"[.!?:;\n•·(\[\"“]")


def _norm_word(word: str) -> str:
    """Lower case, no possessive, no apostrophes, singular: how name words compare."""
    w = word.lower().replace("’", "'")
    if w.endswith("'s"):
        w = w[:-2]
    w = w.replace("'", "")
    if len(w) > 3 and w.endswith("s") and not w.endswith(("ss", "us", "is")):
        w = w[:-1]
    return w


class NameIndex:
    """Whole-word, case-insensitive phrase lookups in the source through a word index."""

    def __init__(
        self, tokens: list[Token], text: str, extra_names: list[str] | None = None
    ) -> None:
        self._words = [_norm_word(t.raw) for t in tokens]
        self._starts = [t.start for t in tokens]
        self._by_word: dict[str, list[int]] = defaultdict(list)
        for i, w in enumerate(self._words):
            self._by_word[w].append(i)
        self._cache: dict[tuple[str, int], list[int]] = {}
        # Speaker labels of a transcript count as source names, with and without titles.
        self._extra: set[tuple[str, ...]] = set()
        for label in extra_names or []:
            words = _key_words(label)
            self._extra.add(tuple(words))
            self._extra.add(tuple(w for w in words if w not in TITLE_WORDS))
        # Words the source writes in lower case: ordinary words ("child" in "Child Q").
        self.lower: set[str] = {t.raw for t in tokens if t.raw.islower()}
        # Words the source capitalises mid-sentence: its proper nouns.
        self.proper: set[str] = set()
        for prev, tok in pairwise(tokens):
            if tok.raw[:1].isupper() and not _BREAK.search(text, prev.end, tok.start):
                self.proper.add(tok.raw.lower())

    def _find(self, phrase: str, max_gap: int) -> list[int]:
        words = _key_words(phrase)
        if not words:
            return []
        cache_key = (" ".join(words), max_gap)
        if cache_key in self._cache:
            return self._cache[cache_key]
        found = []
        doc = self._words
        for i in self._by_word.get(words[0], ()):
            j, ok = i, True
            for w in words[1:]:
                j += 1
                gap = 0
                while j < len(doc) and doc[j] != w and (doc[j] == "and" or gap < max_gap):
                    gap += doc[j] != "and"
                    j += 1
                if j >= len(doc) or doc[j] != w:
                    ok = False
                    break
            if ok:
                found.append(self._starts[i])
        self._cache[cache_key] = found
        return found

    def positions(self, phrase: str) -> list[int]:
        """Source offsets where ``phrase`` occurs as whole words ("&" and "and" alike)."""
        return self._find(phrase, 0)

    def known(self, phrase: str) -> bool:
        """True when ``phrase`` occurs in the source text or among its speaker labels."""
        return bool(self.positions(phrase)) or tuple(_key_words(phrase)) in self._extra

    def common_words(self, phrase: str) -> bool:
        """True when every word of ``phrase`` (of two letters or more) also occurs in lower
        case in the source: a titled thing ("Child Q", "Action Plan"), not a person."""
        words = [w for w in WORD_RE.findall(phrase) if len(w) >= 2]
        return bool(words) and all(w.lower() in self.lower for w in words)

    def known_loose(self, phrase: str) -> bool:
        """Like :meth:`known`, allowing up to two words in between ("Children and Families
        Service (CFS) Annual Report")."""
        return bool(self._find(phrase, 2)) or self.known(phrase)


def _key_words(phrase: str) -> list[str]:
    return [w for w in (_norm_word(x) for x in WORD_RE.findall(phrase)) if w != "and"]


def initials(name: str) -> str:
    """ "Jim Gamble" -> "JG" (the minutes' shorthand for a speaker)."""
    return "".join(w[0] for w in name.split() if w[:1].isalpha()).upper()
