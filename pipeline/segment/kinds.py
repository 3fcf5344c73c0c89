"""Procedural versus substantive items, from the cleaned title.

Procedural: the business every meeting transacts about itself (apologies, declarations,
minutes of the previous meeting, urgent items / order of business, any other business,
date of the next meeting, welcome, exclusion of the press and public). Everything else is
substantive: summaries must cover it.
"""

from __future__ import annotations

import re

from pipeline.models import ItemKind

_PROCEDURAL = re.compile(
    r"""^(?:
        (?:chair'?s?\s+)?welcome\b(?!\s+(?:centre|pack|back)\b)
      | (?:welcome\s+and\s+)?introductions?\b
      | apologies\b
      | (?:declarations?|disclosures?)\s+of\s+(?:\w+\s+)?interests?\b
      | (?:declarations?\s+of\s+interest|interests)$
      | (?:draft\s+|confirmation\s+of\s+(?:the\s+)?|approval\s+of\s+(?:the\s+)?)?minutes
        (?:$|\s+of\s+(?:the\s+)?(?:previous|last|prior)\s+meetings?
           |\s+of\s+(?:the\s+)?meetings?\s+held\b|\s*[-–:]\s*\d)
      | (?:approval|adoption)\s+of\s+(?:the\s+)?minutes\b
      | to\s+(?:approve|confirm|agree|sign)\s+the\s+minutes\b
      | call\s+to\s+order\b | roll\s+call\b | adjourn(?:ment)?\b
      | pledge\s+of\s+allegiance\b
      | (?:invocation|opening\s+prayer|prayers?|moment\s+of\s+silence)\b
      | land\s+acknowledge?ment\b
      | urgent\s+(?:items?|business)\b
      | (?:items?\s+of\s+)?urgent\s+business\b
      | order\s+of\s+business\b
      | (?:any\s+)?other\s+(?:urgent\s+)?business\b
      | a\.?o\.?b\.?$
      | (?:dates?|times?)\s+(?:and\s+\w+\s+)?of\s+(?:the\s+)?(?:next|future)\s+meetings?\b
      | (?:next|future)\s+meeting(?:s|\s+dates?)?\b
      | exclusion\s+of\s+(?:the\s+)?(?:press|public)\b
      | (?:motion\s+to\s+)?exclude\s+the\s+(?:press|public)\b
    )""",
    re.IGNORECASE | re.VERBOSE,
)


def classify(title: str) -> ItemKind:
    """``"procedural"`` for meeting housekeeping, else ``"substantive"``."""
    cleaned = re.sub(r"^[\W_]+", "", title.strip())
    return "procedural" if _PROCEDURAL.match(cleaned) else "substantive"
