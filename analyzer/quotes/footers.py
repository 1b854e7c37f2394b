"""Boilerplate that a list appends to its messages, learned from the list itself.

Known footers (Mailman, Google Groups, Bugzilla...) are recognised by pattern; this module finds
the ones nobody wrote a pattern for. A line counts as boilerplate when it closes the sender's
text in many messages of a list, and those messages start in many different ways (a bot's
template recurs too, but its messages all start alike) and, when the senders are known, come
from several of them (one person's sign-off or "Acked-by:" line is that person's text).
"""

from __future__ import annotations

import math
import re
from collections import Counter
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field

from analyzer.quotes import patterns as p

_DIGITS = re.compile(r"\d+")
_ALPHA_WORD = re.compile(r"[^\W\d_]{2,}")
_SIGN_OFF = re.compile(
    r"^(?:-+\s*)?(?:thanks|thank\s+you|thx|tia|cheers|regards|best|kind\s+regards|br|ciao|bye"
    r"|sincerely|yours|greetings|rgds|brgds)\b"
)

TAIL_LINES = 8
MIN_COUNT = 5
MIN_SHARE = 0.002
MIN_HEAD_VARIETY = 0.2
MIN_SENDERS = 3  # when senders are known: a line only one person writes is theirs
_HEAD_WORDS = 3
_MAX_HEADS_KEPT = 64
_MAX_KEYS_CACHED = 100_000


def footer_key(line: str) -> str:
    """A line as footers are compared: case, digits and white-space runs ignored."""
    # split/join collapses the same white space as `\s+` (the text is stripped already)
    return " ".join(_DIGITS.sub("0", line.strip().lower()).split())


def head_key(first_line: str, key_of: Callable[[str], str] = footer_key) -> str:
    """How a message starts, coarsely: its first words, digits ignored."""
    return " ".join(key_of(first_line).split()[:_HEAD_WORDS])


class FooterKeys(dict[str, str]):
    """`footer_key` of the lines met so far: the same footers close thousands of messages."""

    def __missing__(self, line: str) -> str:
        if len(self) >= _MAX_KEYS_CACHED:
            self.clear()
        key = self[line] = footer_key(line)
        return key


def _eligible(key: str) -> bool:
    """Boilerplate is a sentence of words. Sign-offs, bare names, bare links and code recur
    at the end of messages too, but they are the senders' text, not the list's."""
    if _SIGN_OFF.match(key) or p.VALEDICTION.match(key) or p.CODE_LINE.search(key):
        return False
    words = _ALPHA_WORD.findall(p.URL.sub(" ", key))
    return len(words) >= 3 and len(key) >= 15


@dataclass(frozen=True, slots=True)
class FooterModel:
    """Keys of the lines that a list appends to its messages."""

    keys: frozenset[str]
    n_bodies: int = 0

    def is_footer_line(self, line: str) -> bool:
        return bool(self.keys) and footer_key(line) in self.keys


@dataclass(slots=True)
class FooterLearner:
    """Counts, over a list's messages, the lines that close the sender's text.

    Only lines that close enough messages can be footers, so the heads and senders of a line
    are gathered in `model`, for those lines alone, from the messages kept by `add`.
    """

    counts: Counter[str] = field(default_factory=Counter)
    messages: list[tuple[tuple[str, ...], str, str | None]] = field(default_factory=list)
    """Per message: the keys of its last own lines (once each), its head key, its sender.
    (Tuples of strings, which the garbage collector soon stops tracking.)"""
    n_bodies: int = 0
    has_senders: bool = False
    keys: FooterKeys = field(default_factory=FooterKeys)
    """Keys of the lines seen, to compute each once (`keys[line]` is `footer_key(line)`)."""

    def add(self, tail: Iterable[str], head: str, sender: str | None = None) -> None:
        """One message: keys of its last own lines (bottom first), its head key, its sender."""
        self.n_bodies += 1
        keys = tuple(set(tail))
        if not keys:
            return
        self.counts.update(keys)
        self.messages.append((keys, head, sender))
        if sender is not None:
            self.has_senders = True

    def model(self, *, min_count: int = MIN_COUNT, min_share: float = MIN_SHARE) -> FooterModel:
        threshold = max(min_count, math.ceil(min_share * self.n_bodies))
        frequent = {
            key for key, count in self.counts.items() if count >= threshold and _eligible(key)
        }
        heads: dict[str, set[str]] = {key: set() for key in frequent}
        senders: dict[str, set[str]] = {key: set() for key in frequent}
        for closing, head, sender in self.messages:
            for key in frequent.intersection(closing):
                heads[key].add(head)
                if sender is not None:
                    senders[key].add(sender)
        keys = frozenset(
            key
            for key in frequent
            if min(len(heads[key]), _MAX_HEADS_KEPT)
            >= min(_MAX_HEADS_KEPT, MIN_HEAD_VARIETY * self.counts[key])
            and (not self.has_senders or len(senders[key]) >= MIN_SENDERS)
        )
        return FooterModel(keys=keys, n_bodies=self.n_bodies)
