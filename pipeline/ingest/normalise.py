"""Text normalisation: the one place that decides what offsets index.

Rules, applied in this order (every format goes through them, so spans are comparable):

1. Unicode NFKC (folds PDF ligatures like "ﬁ", full-width forms and no-break spaces).
2. Line endings ``\\r\\n`` and ``\\r`` become ``\\n``; form feeds become blank lines.
3. Zero-width characters, soft hyphens and BOMs are removed; other control characters
   except ``\\t`` and ``\\n`` become spaces.
4. Within a line, runs of spaces collapse to one space; a tab (a table column separator
   in ModernGov copies) is kept as one ``\\t`` with the spaces around it dropped;
   leading and trailing blanks of each line are stripped.
5. Runs of blank lines collapse to one blank line; the text has no leading or trailing
   blank lines.

Curly quotes, dashes and case are left alone: evals compare them separately, and a
verbatim quote must still be verbatim.
"""

from __future__ import annotations

import re
import unicodedata

_REMOVE = dict.fromkeys(map(ord, "\u200b\u200c\u200d\u2060\ufeff\u00ad"), None)
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0e-\x1f\x7f]")
_SPACES = re.compile(r" {2,}")
_TAB_RUN = re.compile(r" *\t[ \t]*")
_BLANK_RUNS = re.compile(r"\n{3,}")


def normalise_text(raw: str) -> str:
    """Return ``raw`` normalised by the rules in this module's docstring."""
    text = unicodedata.normalize("NFKC", raw)
    text = text.replace("\r\n", "\n").replace("\r", "\n").replace("\f", "\n\n")
    text = text.translate(_REMOVE)
    text = _CONTROL.sub(" ", text)
    lines = []
    for line in text.split("\n"):
        line = _TAB_RUN.sub("\t", _SPACES.sub(" ", line)).strip(" \t")
        lines.append(line)
    text = "\n".join(lines)
    return _BLANK_RUNS.sub("\n\n", text).strip("\n")
