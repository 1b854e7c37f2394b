"""A fast first pass for topic matching: RE2 (through pyarrow) over all texts at C speed.

The exact patterns are Python regular expressions with look-around word boundaries, which RE2
cannot run and Python runs at a few tens of MB/s. So each rule also gets a looser RE2 pattern
that matches at least wherever the exact one does; only the texts it selects go through Python.
When a pattern cannot be loosened safely, the rule has no prefilter and every text is checked.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from typing import Final

import numpy as np
import pyarrow as pa
import pyarrow.compute as pc

from analyzer.topics.rules import REGEX_PREFIX, fold_accents, normalize_text

# Python's Unicode classes in RE2 terms, inside a character class and as a whole class.
_WORD_IN: Final = r"\p{L}\p{N}_"
_SPACE_IN: Final = r"\s\p{Z}\x{0b}\x{1c}-\x{1f}\x{85}"
_DIGIT_IN: Final = r"\p{Nd}"
_OUTSIDE: Final = {
    "w": f"[{_WORD_IN}]",
    "W": f"[^{_WORD_IN}]",
    "s": f"[{_SPACE_IN}]",
    "S": f"[^{_SPACE_IN}]",
    "d": _DIGIT_IN,
    "D": r"\P{Nd}",
    "b": "",
    "B": "",
    "A": "",
    "Z": "",
}
_INSIDE: Final = {"w": _WORD_IN, "s": _SPACE_IN, "d": _DIGIT_IN}


def loosen_regex(pattern: str) -> str | None:
    """An RE2 pattern matching wherever the Python ``pattern`` does, or None when unsure.

    Word boundaries are dropped (which only widens the match); Unicode classes are spelt out,
    since RE2's own ``\\w``, ``\\s`` and ``\\d`` are ASCII; look-arounds and back-references
    have no RE2 form.
    """
    if re.search(r"\(\?(?:<?[=!]|P=)|\\[1-9]", pattern):
        return None
    out: list[str] = []
    in_class = False
    i = 0
    while i < len(pattern):
        char = pattern[i]
        if char == "\\" and i + 1 < len(pattern):
            code = pattern[i + 1]
            table = _INSIDE if in_class else _OUTSIDE
            if code in table:
                if in_class and pattern[i + 2 : i + 3] == "-" and pattern[i + 3 : i + 4] != "]":
                    return None  # "[\\w-z]": a literal dash in Python, a range once spelt out
                out.append(table[code])
            elif code.isalpha() and code not in "ntrfvx":
                return None  # \u, \N{...}, negated classes inside a class…: leave it to Python
            else:
                out.append(pattern[i : i + 2])
            i += 2
            continue
        if char == "[" and not in_class:
            in_class = True
            out.append(char)
            if pattern[i + 1 : i + 2] == "^":
                out.append("^")
                i += 1
            if pattern[i + 1 : i + 2] == "]":
                out.append(r"\]")
                i += 1
        elif char == "]" and in_class:
            in_class = False
            out.append(char)
        else:
            out.append(char)
        i += 1
    return "".join(out)


def term_prefilter(term: str) -> str | None:
    """The loose RE2 form of one term: a phrase's longest word, or the loosened regex."""
    if term.startswith(REGEX_PREFIX):
        loose = loosen_regex(fold_accents(term[len(REGEX_PREFIX) :]))
        return None if loose is None else f"(?i:{loose})"
    words = normalize_text(term).split()
    return re.escape(max(words, key=len)) if words else None


def candidates(texts: pa.Array, terms: Sequence[str]) -> np.ndarray:
    """Which texts could match any of the terms (all of them when no prefilter is possible)."""
    parts = [term_prefilter(term) for term in terms]
    if any(part is None for part in parts):
        return np.ones(len(texts), dtype=bool)
    pattern = "|".join(f"(?:{part})" for part in parts if part is not None)
    try:
        mask = pc.match_substring_regex(texts, pattern)
    except (pa.ArrowInvalid, pa.ArrowNotImplementedError):
        return np.ones(len(texts), dtype=bool)
    return np.asarray(mask.to_numpy(zero_copy_only=False), dtype=bool)
