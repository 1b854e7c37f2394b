"""Text of ancestor messages, to find lines of a reply that repeat it without markers.

Each ancestor is flattened once into a single lower-case string of its words (quote markers,
punctuation and line breaks dropped), so a client that re-wrapped what it quoted still matches. A block of the
reply is probed with a few runs of consecutive words; each probe is one substring search, so
the cost grows with the reply, not with the thread.
"""

from __future__ import annotations

import string
from collections.abc import Callable, Iterable, Sequence

PROBE_WORDS = 5
MIN_BLOCK_WORDS = 6
MAX_PROBES = 8
SAMPLED_LINES = 4
REPEATED_SHARE = 0.6
# What a reply quotes of an ancestor is its beginning, the ancestor's own words; further down
# it mostly quotes older messages, which are ancestors themselves. Reading only the beginning
# bounds the cost of very long messages.
ANCESTOR_CHARS = 8_000


def _punctuation_to_spaces() -> bytes:
    table = bytearray(range(256))
    for char in string.punctuation:
        table[ord(char)] = ord(" ")
    return bytes(table)


# ASCII punctuation (quote markers included) becomes space, through a byte table: re-wrapped or
# re-punctuated quotes ("(see the log)" quoted as "see the log") still match, at C speed.
_PUNCTUATION_TO_SPACES = _punctuation_to_spaces()


def _words(text: str) -> list[str]:
    raw = text.encode("utf-8", "surrogatepass").translate(_PUNCTUATION_TO_SPACES)
    return raw.decode("utf-8", "surrogatepass").lower().split()


def flatten(text: str) -> str:
    """The beginning of a text as one lower-case string of words, markers dropped, padded."""
    return " " + " ".join(_words(text[:ANCESTOR_CHARS])) + " "


def _runs_of_words(words: list[str]) -> list[str]:
    """At most MAX_PROBES runs of PROBE_WORDS words, evenly spaced, the last one included."""
    last = len(words) - PROBE_WORDS
    slots = min(MAX_PROBES, last // PROBE_WORDS + 1)
    starts = (
        sorted({round(k * last / max(1, slots - 1)) for k in range(slots)}) if slots > 1 else [0]
    )
    if starts[-1] != last:
        starts.append(last)
    return [" " + " ".join(words[s : s + PROBE_WORDS]) + " " for s in starts]


def probes(lines: Sequence[str]) -> list[str]:
    """Runs of consecutive words spread over a block (none when it is too short).

    A long block is sampled at MAX_PROBES evenly spaced lines (with the lines after each, for
    enough words), so it costs no more than a short one.
    """
    if len(lines) <= SAMPLED_LINES:
        words = _words(" ".join(lines))
        return _runs_of_words(words) if len(words) >= MIN_BLOCK_WORDS else []
    runs: list[str] = []
    step = len(lines) / MAX_PROBES
    for k in range(MAX_PROBES):
        start = int(k * step)
        words = _words(" ".join(lines[start : start + SAMPLED_LINES]))
        if len(words) >= PROBE_WORDS:
            runs.append(" " + " ".join(words[:PROBE_WORDS]) + " ")
    return runs


class AncestorIndex:
    """The flattened text of the messages a reply descends from, built on first use."""

    __slots__ = ("_load", "_texts")

    def __init__(self, load: Callable[[], Iterable[str]]) -> None:
        self._load: Callable[[], Iterable[str]] | None = load
        self._texts: tuple[str, ...] = ()

    @classmethod
    def from_texts(cls, texts: Iterable[str]) -> AncestorIndex:
        texts = list(texts)
        return cls(lambda: [flatten(text) for text in texts])

    def _flat(self) -> tuple[str, ...]:
        if self._load is not None:
            self._texts = tuple(text for text in self._load() if text.strip())
            self._load = None
        return self._texts

    def overlap(self, lines: Sequence[str]) -> float | None:
        """Share of a block's word runs found in the ancestors (None when it is too short)."""
        runs = probes(lines)
        if not runs:
            return None
        texts = self._flat()
        if not texts:
            return None
        found = 0
        for run in runs:
            for text in texts:
                if run in text:
                    found += 1
                    break
        return found / len(runs)

    def found_nowhere(self, lines: Sequence[str]) -> bool:
        """Whether a block long enough to tell shares no run of words with the ancestors."""
        runs = probes(lines)
        texts = self._flat() if runs else ()
        if not texts:
            return False
        return not any(run in text for run in runs for text in texts)

    def repeats(self, lines: Sequence[str]) -> bool:
        """Whether most of a block repeats ancestor text."""
        share = self.overlap(lines)
        return share is not None and share >= REPEATED_SHARE
