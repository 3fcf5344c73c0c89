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
from dataclasses import dataclass, field

from pipeline.evals.text import STOPWORDS, fold_simple

# Honorifics and role words that precede or make up a role (a closed class in minutes).
TITLE_WORDS = frozenset(
    """mr mrs ms miss mx dr prof professor sir dame lord lady cllr cllrs councillor councillors
    mayor deputy detective superintendent chief inspector sergeant constable commander
    assistant interim acting executive group director directors head chair chairman chairwoman
    co-chair vice cabinet member commissioner independent senior principal strategic corporate
    officer adviser advisor manager lead clinical governor governors president secretary
    minister leader treasurer clerk coordinator consultant borough""".split()
)
CONNECTORS = frozenset({"of", "and", "&", "for", "the", "upon", "on", "in", "de", "la", "van"})
# Capitalised words that are not names: calendar words (figures handle them).
_NOT_NAMES = frozenset(
    """monday tuesday wednesday thursday friday saturday sunday january february march april
    may june july august september october november december""".split()
)
_TOKEN = re.compile(r"[A-Za-z][A-Za-z0-9'’\-]*[A-Za-z0-9]|[A-Za-z]|&")
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


class NameIndex:
    """Case-insensitive whole-word lookups of phrases in the source (cached per phrase)."""

    def __init__(self, text: str, extra_names: list[str] | None = None) -> None:
        folded = fold_simple_keep(text)
        self._text = folded
        self._offsets_scale = len(folded) == len(text)
        self._cache: dict[str, list[int]] = {}
        self._extra = {lookup_key(n) for n in extra_names or [] if n}

    def positions(self, phrase: str) -> list[int]:
        """Source offsets where ``phrase`` occurs as whole words (approximate for folds)."""
        key = lookup_key(phrase)
        if key in self._cache:
            return self._cache[key]
        found: list[int] = []
        if key:
            found = [m.start() for m in self._pattern(key, loose=False).finditer(self._text)]
        self._cache[key] = found
        return found

    @staticmethod
    def _pattern(key: str, loose: bool) -> re.Pattern[str]:
        """Whole words, either number; ``loose`` lets up to two words sit in between
        ("Children and Families Service (CFS) Annual Report")."""
        words = [re.escape(w) for w in key.split()]
        if words and words[-1].endswith("s") and len(words[-1]) > 3:
            words[-1] = words[-1][:-1] + "s?"
        gap = r"[^a-z0-9]+(?:[a-z0-9]+[^a-z0-9]+){0,2}?" if loose else r"\s+"
        return re.compile(r"(?<![a-z0-9])" + gap.join(words) + r"(?:s)?(?![a-z0-9])")

    def known_loose(self, phrase: str) -> bool:
        """Like :meth:`known`, allowing short insertions between the words."""
        key = lookup_key(phrase)
        if not key or " " not in key:
            return self.known(phrase)
        return self._pattern(key, loose=True).search(self._text) is not None

    def known(self, phrase: str) -> bool:
        """True when ``phrase`` occurs in the source text or among its speaker labels."""
        return bool(self.positions(phrase)) or lookup_key(phrase) in self._extra


def fold_simple_keep(text: str) -> str:
    """Lower-case with "&" as "and" and apostrophes dropped, keeping offsets close.

    Same length as the input except where "&" becomes "and"; offsets are used only to ask
    "is it near", so a few characters of drift do not matter.
    """
    text = text.lower().replace("’", "'").replace("'s", "  ").replace("'", " ")
    return text.replace(" & ", " and ")


def initials(name: str) -> str:
    """"Jim Gamble" -> "JG" (the minutes' shorthand for a speaker)."""
    return "".join(w[0] for w in name.split() if w[:1].isalpha()).upper()
