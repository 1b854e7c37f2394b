"""Names that senders sign with: full names, for senders whose header gives only a first name,
and first names, for senders whose header gives a short form of theirs.

``Chris <chris@gaiag.net>`` signs "Christopher Coulon, Ph.D."; that name is how the same person
appears under another address. Only the sender's own text counts: the ``signature`` and the end of
``authored`` when the quotes stage has run, otherwise the body up to the first quotation.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterable

from analyzer.identity.names import is_distinctive, normalize_person_name

_QUOTE_START = re.compile(
    r"^\s*(?:>|-{2,}\s*Original Message|_{8,}\s*$|From:\s|On .{4,200}wrote:?\s*$|"
    r"-{2,}\s*next part\s*-{2,})",
    re.IGNORECASE,
)
_NAME_WORD = re.compile(r"^[^\W\d_][\w.'’-]*$")
_TAIL_LINES = 12
# A sign-off of one first name: "Adrian", "-Levi", "Thanks, Alex", "Regards, Michael".
_FIRST_NAME_SIGNOFF = re.compile(
    r"^[-–—~ ]*(?i:(?:many )?(?:thanks|thank you|regards|best regards|best|cheers|ciao)\W*\s*)?"
    r"(?!(?i:thanks|regards|cheers|best|ciao|hi|hello|ok|yes|no|sorry)\b)"
    r"(?P<name>[A-Z][a-z]{1,19})\W*$"
)
_SIGNOFF_LINES = 3


def own_text_tail(text: str) -> list[str]:
    """The last non-empty lines of what the sender wrote, before any quotation."""
    lines: list[str] = []
    for line in text.splitlines():
        if _QUOTE_START.match(line):
            break
        if line.strip():
            lines.append(line.strip())
    return lines[-_TAIL_LINES:]


def signed_name(line: str) -> str:
    """The normalised full name a sign-off line consists of, or ``""``.

    ``Christopher Coulon, Ph.D.`` gives ``christopher coulon``; a line with anything else than two
    to four capitalised words (before a comma) gives nothing.
    """
    head = line.strip().lstrip("-–—~ ").split(",", 1)[0].strip()
    words = head.split()
    if not 2 <= len(words) <= 4 or len(head) > 40:
        return ""
    if not all(_NAME_WORD.match(w) and w[0].isupper() for w in words):
        return ""
    normalized = normalize_person_name(head)
    return normalized if is_distinctive(normalized) else ""


def signed_names(texts: Iterable[str]) -> Counter[str]:
    """How many of the texts are signed with each full name (a name counts once per text)."""
    counts: Counter[str] = Counter()
    for text in texts:
        names = {name for line in own_text_tail(text) if (name := signed_name(line))}
        counts.update(names)
    return counts


def signed_first_names(texts: Iterable[str]) -> Counter[str]:
    """How many of the texts end with a sign-off of one first name, lower case, per name
    ("Adrian" under the header name "Adi Libotean"): only the last lines of the own text."""
    counts: Counter[str] = Counter()
    for text in texts:
        names = set()
        for line in own_text_tail(text)[-_SIGNOFF_LINES:]:
            found = _FIRST_NAME_SIGNOFF.match(line)
            if found:
                names.add(found.group("name").lower())
        counts.update(names)
    return counts
