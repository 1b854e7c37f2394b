"""Boilerplate that a list appends to its messages, learned from the list itself.

Known footers (Mailman, Google Groups, Bugzilla...) are recognised by pattern; this module finds
the ones nobody wrote a pattern for: a line that closes many messages of a list is boilerplate.
"""

from __future__ import annotations

import math
import re
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass

from analyzer.quotes import patterns as p

_DIGITS = re.compile(r"\d+")
_SPACES = re.compile(r"\s+")

TAIL_LINES = 8
MIN_COUNT = 3
MIN_SHARE = 0.01


def footer_key(line: str) -> str:
    """A line as footers are compared: case, digits and white-space runs ignored."""
    return _SPACES.sub(" ", _DIGITS.sub("0", line.strip().lower()))


def _is_notice(line: str) -> bool:
    return bool(
        p.PIPERMAIL_PART.match(line)
        or p.PIPERMAIL_SCRUBBED.match(line)
        or p.PIPERMAIL_ATTACHMENT_FIELD.match(line.lower())
    )


def tail_keys(body: str) -> list[str]:
    """Keys of the last unmarked lines of a body, bottom first, Pipermail notices skipped."""
    keys: list[str] = []
    for line in reversed(body.split("\n")):
        stripped = line.strip()
        if not stripped or _is_notice(stripped):
            continue
        if stripped[0] == ">":
            break
        keys.append(footer_key(stripped))
        if len(keys) >= TAIL_LINES:
            break
    return keys


def _eligible(key: str) -> bool:
    """Sign-offs and bare names recur too, but they are the sender's, not the list's."""
    if p.VALEDICTION.match(key):
        return False
    return len(key.split()) >= 3 or len(key) >= 25 or bool(p.URL.search(key) or "@" in key)


@dataclass(frozen=True, slots=True)
class FooterModel:
    """Keys of the lines that a list appends to its messages."""

    keys: frozenset[str]
    n_bodies: int = 0

    def is_footer_line(self, line: str) -> bool:
        return bool(self.keys) and footer_key(line) in self.keys


def learn_footers(
    bodies: Iterable[str], *, min_count: int = MIN_COUNT, min_share: float = MIN_SHARE
) -> FooterModel:
    """Learn the trailing lines that recur across a list's messages.

    A line counts when it is among the last unmarked lines of at least `min_count` bodies and
    of at least `min_share` of them; sign-offs, short names and bare words never count.
    """
    counts: Counter[str] = Counter()
    n_bodies = 0
    for body in bodies:
        n_bodies += 1
        counts.update(set(tail_keys(body)))
    threshold = max(min_count, math.ceil(min_share * n_bodies))
    keys = frozenset(k for k, c in counts.items() if c >= threshold and _eligible(k))
    return FooterModel(keys=keys, n_bodies=n_bodies)
