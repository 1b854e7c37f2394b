"""Signature blocks that have no `-- ` delimiter: a name that opens a block of contact lines.

A plain sign-off ("Regards, Martin") stays the sender's text; a name followed by a title, an
organisation, a phone number or an address is a signature, and so is a short block under a rule
line (`-----`, `=====`) at the end of the sender's text.
"""

from __future__ import annotations

from collections.abc import Callable

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
_RULE_FIRST = frozenset("-_=*~#+")


def is_name_line(text: str) -> bool:
    """A bare personal name, possibly with `, title` after it or `(...)` and emphasis."""
    text = text.strip("*_ ")
    lowered = text.lower()
    if p.GREETING.match(lowered) or p.VALEDICTION.match(lowered):
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
    lowered = text.lower()
    if p.has_phone(lowered) or p.has_email(lowered):
        return True
    words = len(text.split())
    if words <= 8 and p.TITLE_OR_ORGANISATION.search(lowered):
        return True
    if text.count("|") >= 2 and words <= 12:
        return True
    urls = len(p.URL.findall(lowered))
    return (urls > 0 and words <= 4) or urls >= 2


def _closing_own_lines(labels: list[LineLabel]) -> list[int]:
    """Indices of the last own lines (top first), up to MAX_SIGNATURE_LINES + 1 of them, in
    the last run of own (and blank) lines: all that the search for a contact block reads."""
    own = LineLabel.OWN
    blank = LineLabel.BLANK
    index = len(labels) - 1
    while index >= 0 and labels[index] is not own:
        index -= 1
    lines: list[int] = []
    while index >= 0 and len(lines) <= MAX_SIGNATURE_LINES:
        label = labels[index]
        if label is own:
            lines.append(index)
        elif label is not blank:
            break
        index -= 1
    lines.reverse()
    return lines


def label_contact_block(body: Body, labels: list[LineLabel]) -> None:
    """Relabel as signature the contact block that closes the sender's last own text."""
    lines = _closing_own_lines(labels)
    if not lines:
        return
    last = lines[-1]
    signals: dict[int, bool] = {}

    def signal(index: int) -> bool:
        known = signals.get(index)
        if known is None:
            known = signals[index] = contact_signal(body.stripped[index])
        return known

    start: int | None = None
    for position in range(len(lines) - 1, max(-1, len(lines) - 1 - MAX_SIGNATURE_LINES), -1):
        index = lines[position]
        text = body.stripped[index]
        if text.endswith(("?", ":")) or (len(text) < 40 and p.VALEDICTION.match(text.lower())):
            break
        if len(text.split()) > MAX_SIGNATURE_WORDS and not signal(index):
            break
        if text[0] in _RULE_FIRST and p.SEPARATOR_RULE.match(text):
            above = body.stripped[index - 1] if index > 0 else ""
            below = lines[position + 1 :]
            if (
                above.count("|") < 2
                and below
                and (is_name_line(body.stripped[below[0]]) or any(signal(k) for k in below))
            ):
                start = position
            break
        if is_name_line(text) and _opens_contact_block(body, lines, position, signal):
            start = position
    if start is None:
        return
    for index in range(lines[start], last + 1):
        if labels[index] is LineLabel.OWN:
            labels[index] = LineLabel.SIGNATURE


def _opens_contact_block(
    body: Body, lines: list[int], position: int, signal: Callable[[int], bool]
) -> bool:
    """A name line directly followed by a contact line, or carrying its title after a comma."""
    index = lines[position]
    text = body.stripped[index]
    if "," in text and contact_signal(text.partition(",")[2]):
        return True
    if position + 1 >= len(lines) or lines[position + 1] != index + 1:
        return False
    return signal(index + 1)
