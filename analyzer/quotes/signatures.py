"""Signature blocks that have no `-- ` delimiter: a name that opens a block of contact lines.

A plain sign-off ("Regards, Martin") stays the sender's text; a name followed by a title, an
organisation, a phone number or an address is a signature, and so is a short block under a rule
line (`-----`, `=====`) at the end of the sender's text.
"""

from __future__ import annotations

from analyzer.quotes import patterns as p
from analyzer.quotes.model import LineLabel
from analyzer.quotes.structures import Body

MAX_SIGNATURE_LINES = 14
MAX_SIGNATURE_WORDS = 10
_NAME_PARTICLES = frozenset(
    {
        "van",
        "von",
        "de",
        "der",
        "den",
        "da",
        "del",
        "di",
        "du",
        "la",
        "le",
        "dos",
        "das",
        "y",
        "bin",
    }
)
_NAME_CHARS = frozenset(".'’-?")


def is_name_line(text: str) -> bool:
    """A bare personal name, possibly with `, title` after it or `(...)` and emphasis."""
    text = text.strip("*_ ")
    if p.GREETING.match(text) or p.VALEDICTION.match(text):
        return False
    head, _, rest = text.partition(",")
    if rest and len(rest.split()) > 8:
        return False
    if "(" in head:
        head = head[: head.index("(")]
    words = head.split()
    if not 1 <= len(words) <= 4:
        return False
    for word in words:
        word = word.strip("*_")
        if not word or word.lower() in _NAME_PARTICLES:
            continue
        if not word[0].isupper():
            return False
        if not all(char.isalpha() or char in _NAME_CHARS for char in word):
            return False
    return True


def contact_signal(text: str) -> bool:
    """A line that says how to reach someone or what they are (phone, mail, title, firm...)."""
    if p.PHONE.search(text) or p.EMAIL.search(text):
        return True
    words = len(text.split())
    if words <= 8 and p.TITLE_OR_ORGANISATION.search(text):
        return True
    if text.count("|") >= 2 and words <= 12:
        return True
    return bool(p.URL.search(text)) and words <= 4


def _signature_like(text: str) -> bool:
    return (
        len(text.split()) <= MAX_SIGNATURE_WORDS
        or contact_signal(text)
        or bool(p.SEPARATOR_RULE.match(text))
    ) and not text.endswith(("?", ":"))


def _final_own_region(labels: list[LineLabel]) -> tuple[int, int] | None:
    """First and last index of the last run of own (and blank) lines."""
    last = len(labels) - 1
    while last >= 0 and labels[last] is not LineLabel.OWN:
        last -= 1
    if last < 0:
        return None
    first = last
    while first > 0 and labels[first - 1] in (LineLabel.OWN, LineLabel.BLANK):
        first -= 1
    return first, last


def label_contact_block(body: Body, labels: list[LineLabel]) -> None:
    """Relabel as signature the contact block that closes the sender's last own text."""
    region = _final_own_region(labels)
    if region is None:
        return
    first, last = region
    lines = [k for k in range(first, last + 1) if labels[k] is LineLabel.OWN]
    start: int | None = None
    signals = 0
    for position in range(len(lines) - 1, -1, -1):
        index = lines[position]
        text = body.stripped[index]
        if (
            len(lines) - position > MAX_SIGNATURE_LINES
            or not _signature_like(text)
            or p.VALEDICTION.match(text)
        ):
            break
        if p.SEPARATOR_RULE.match(text):
            above = body.stripped[index - 1] if index > 0 else ""
            if above.count("|") >= 2:
                break
            if position + 1 < len(lines) and (
                signals or is_name_line(body.stripped[lines[position + 1]])
            ):
                start = position
            break
        if contact_signal(text):
            signals += 1
        if is_name_line(text) and _opens_contact_block(body, lines, position):
            start = position
    if start is None:
        return
    for index in range(lines[start], last + 1):
        if labels[index] is LineLabel.OWN:
            labels[index] = LineLabel.SIGNATURE


def _opens_contact_block(body: Body, lines: list[int], position: int) -> bool:
    """A name line directly followed by a contact line, or carrying its title after a comma."""
    index = lines[position]
    text = body.stripped[index]
    if "," in text and contact_signal(text.partition(",")[2]):
        return True
    if position + 1 >= len(lines) or lines[position + 1] != index + 1:
        return False
    following = body.stripped[index + 1]
    return contact_signal(following)
