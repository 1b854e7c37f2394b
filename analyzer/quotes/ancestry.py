"""Text of ancestor messages, hashed as word shingles, to find unmarked repeats of it.

Shingles of consecutive words do not care how a client re-wrapped the lines it quoted, and a
set lookup per shingle keeps the comparison linear in the size of the reply.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence

from analyzer.quotes.patterns import WORD

SHINGLE_WORDS = 5
MIN_PARAGRAPH_WORDS = 8
MIN_REPEATED_SHARE = 0.6


def _shingles(words: Sequence[str]) -> list[int]:
    size = SHINGLE_WORDS
    return [hash(tuple(words[k : k + size])) for k in range(len(words) - size + 1)]


def text_shingles(text: str) -> frozenset[int]:
    """Hashed word 5-grams of a text (quote markers and case ignored)."""
    return frozenset(_shingles(WORD.findall(text.lower())))


class AncestorIndex:
    """The shingles of the messages a reply descends from."""

    __slots__ = ("_sets",)

    def __init__(self, shingle_sets: Iterable[frozenset[int]]) -> None:
        self._sets = tuple(s for s in shingle_sets if s)

    @classmethod
    def from_texts(cls, texts: Iterable[str]) -> AncestorIndex:
        return cls(text_shingles(text) for text in texts)

    def __bool__(self) -> bool:
        return bool(self._sets)

    def overlap(self, lines: Sequence[str]) -> float | None:
        """Share of a block's shingles found in the ancestors (None when it is too short)."""
        words = WORD.findall(" ".join(lines).lower())
        if len(words) < MIN_PARAGRAPH_WORDS or not self._sets:
            return None
        shingles = _shingles(words)
        sets = self._sets
        return sum(1 for h in shingles if any(h in s for s in sets)) / len(shingles)

    def repeats(self, lines: Sequence[str]) -> bool:
        """Whether a paragraph mostly repeats ancestor text (short paragraphs never do)."""
        if not self._sets:
            return False
        words = WORD.findall(" ".join(lines).lower())
        if len(words) < MIN_PARAGRAPH_WORDS:
            return False
        shingles = _shingles(words)
        sets = self._sets
        hits = sum(1 for h in shingles if any(h in s for s in sets))
        return hits >= MIN_REPEATED_SHARE * len(shingles)
