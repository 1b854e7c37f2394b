"""Text of ancestor messages, to find lines of a reply that repeat it without markers.

Each ancestor is flattened once into a single lower-case string of its words (quote markers,
punctuation and line breaks dropped), so a client that re-wrapped what it quoted still matches. A block of the
reply is probed with a few runs of consecutive words; each probe is one substring search, so
the cost grows with the reply, not with the thread.
"""

from __future__ import annotations

import re
import string
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from typing import Literal, NamedTuple

PROBE_WORDS = 5
MIN_BLOCK_WORDS = 6
MAX_PROBES = 8
CONTEXT_WORDS = 2 * PROBE_WORDS  # the words above a line that it must follow, line by line
SAMPLED_LINES = 4
REPEATED_SHARE = 0.6
# What a reply quotes of an ancestor is its beginning, the ancestor's own words; further down
# it mostly quotes older messages, which are ancestors themselves. Reading only the beginning
# bounds the cost of very long messages. (At 8,000 characters, a parent that quoted a thread
# in full was read in part, and the answers inside a reply's unmarked quote went unsearched.)
ANCESTOR_CHARS = 20_000
TRUNCATED = "\x00"
_JOINER = "\n"
# A prefix some clients quote with and the parser may not have taken for a marker ("BI> ...",
# the quoted author's initials, as supercite's in markers.py): not part of the quoted words.
_MARKERS = re.compile(r"^[\s>]+")
_NAME_WORD = re.compile(r"[^\W\d_]{2,}")
_INITIALS_MARKER = re.compile(r"^\s*[A-Za-z][\w.-]{0,14}>(?=\s|>|$)")


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
    """The beginning of a text as one lower-case string of words, markers dropped, padded.

    A text cut at ANCESTOR_CHARS ends with TRUNCATED.
    """
    flat = " " + " ".join(_words(text[:ANCESTOR_CHARS])) + " "
    return flat + TRUNCATED if len(text) > ANCESTOR_CHARS else flat


def unquoted(text: str) -> str:
    """A text without its `>`-marked lines: what its sender wrote, less what they quoted."""
    return "\n".join(line for line in text.split("\n") if not line.lstrip().startswith(">"))


def _run_starts(last: int) -> tuple[int, ...]:
    """Where the runs of a block begin, when the last run begins at word `last`: at most
    MAX_PROBES starts, evenly spaced, `last` included."""
    slots = min(MAX_PROBES, last // PROBE_WORDS + 1)
    starts = (
        sorted({round(k * last / max(1, slots - 1)) for k in range(slots)}) if slots > 1 else [0]
    )
    if starts[-1] != last:
        starts.append(last)
    return tuple(starts)


# The starts of the runs for the usual block lengths, computed once.
_RUN_STARTS = tuple(_run_starts(last) for last in range(512))


def _runs_of_words(words: list[str]) -> list[str]:
    """At most MAX_PROBES runs of PROBE_WORDS words, evenly spaced, the last one included."""
    last = len(words) - PROBE_WORDS
    starts = _RUN_STARTS[last] if last < len(_RUN_STARTS) else _run_starts(last)
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
    line_words: dict[int, list[str]] = {}  # sampled stretches may share lines
    for k in range(MAX_PROBES):
        start = int(k * step)
        # the first PROBE_WORDS words of the SAMPLED_LINES lines from `start`: the words of
        # lines joined by spaces are those of each line in turn, so reading stops early
        stretch: list[str] = []
        for index in range(start, min(start + SAMPLED_LINES, len(lines))):
            if index not in line_words:
                line_words[index] = _words(lines[index])
            stretch += line_words[index]
            if len(stretch) >= PROBE_WORDS:
                runs.append(" " + " ".join(stretch[:PROBE_WORDS]) + " ")
                break
    return runs


@dataclass(frozen=True, slots=True)
class Sender:
    """Who sent a message, as far as telling a sender's own earlier text goes: the same person
    writes from several addresses (a resend from home, a bot from two hosts), and what they
    send again is still their own words."""

    address: str
    local_part: str
    words: frozenset[str]

    @classmethod
    def of(cls, address: str | None, name: str | None) -> Sender | None:
        if address is None:
            return None
        address = address.lower()
        local_part = address.partition("@")[0]
        words = _NAME_WORD.findall(f"{name or ''} {local_part}".lower())
        return cls(address, local_part, frozenset(words))

    def same_as(self, other: Sender | None) -> bool:
        """Same address or local part, or two words of the name and local part in common."""
        return other is not None and (
            self.address == other.address
            or self.local_part == other.local_part
            or len(self.words & other.words) >= 2
        )


class Ancestor(NamedTuple):
    """One message a reply descends from."""

    flat: str  # as `flatten` returns it
    body: str
    same_sender: bool | None  # sent by the reply's own sender (None: not known)
    sender_words: frozenset[str] = frozenset()  # its sender's name and local part, lower case


class _LoadedAncestors:
    """The ancestors' flattened texts, read on first use and shared by the views on them."""

    __slots__ = (
        "_load",
        "_not_own_raw",
        "_others_lines",
        "_others_raw",
        "_others_unquoted",
        "complete",
        "everyone",
        "others",
        "others_names",
        "own",
        "parent_words",
    )

    def __init__(self, load: Callable[[], Iterable[Ancestor]]) -> None:
        self._load: Callable[[], Iterable[Ancestor]] | None = load
        self.everyone = ""
        self.others = ""
        self.own = ""
        self._others_raw: list[str] = []
        self._not_own_raw: list[str] = []
        self._others_unquoted: str | None = None
        self._others_lines: frozenset[str] | None = None
        self.others_names: frozenset[str] = frozenset()
        self.complete = True
        self.parent_words = 0

    def read(self) -> None:
        if self._load is None:
            return
        loaded = list(self._load())
        self._load = None
        # (the parent comes first; its text may be a Pipermail notice alone: HTML-only mail)
        self.parent_words = loaded[0].flat.count(" ") - 1 if loaded else 0
        self._others_raw = [ancestor.body for ancestor in loaded if ancestor.same_sender is False]
        self.others_names = frozenset().union(
            *(ancestor.sender_words for ancestor in loaded if ancestor.same_sender is False)
        )
        self._not_own_raw = [
            ancestor.body for ancestor in loaded if ancestor.same_sender is not True
        ]
        # (`isspace` stops at the first word, where `strip` would copy the whole text)
        entries = [
            (ancestor.flat, ancestor.same_sender)
            for ancestor in loaded
            if ancestor.flat and not ancestor.flat.isspace()
        ]
        # One string per view, the texts joined by a line break: a run of words holds no line
        # break, so it is found in the joined string exactly when it is found in one text.
        self.everyone = _JOINER.join(text for text, _ in entries)
        if any(same for _, same in entries):
            self.others = _JOINER.join(text for text, same in entries if not same)
            self.own = _JOINER.join(text for text, same in entries if same)
        else:
            self.others = self.everyone
        self.complete = not any(text.endswith(TRUNCATED) for text, _ in entries)

    @property
    def others_unquoted(self) -> str:
        """The other senders' texts less their `>` quotes, flattened on first use (rarely)."""
        if self._others_unquoted is None:
            self._others_unquoted = _JOINER.join(
                flatten(unquoted(body)) for body in self._others_raw
            )
        return self._others_unquoted

    @property
    def others_lines(self) -> frozenset[str]:
        """The lines as written (markers and surrounding blanks stripped) of the ancestors not
        known to be the sender's, built on first use (rarely)."""
        if self._others_lines is None:
            self._others_lines = frozenset(
                _MARKERS.sub("", line).strip()
                for body in self._not_own_raw
                for line in body.split("\n")
            )
        return self._others_lines


class AncestorIndex:
    """The flattened text of the messages a reply descends from, built on first use.

    Each ancestor is known to be from the reply's own sender or not; `others()` leaves the
    sender's own messages out (a sender that repeats itself is more often a bot than a person
    quoting themselves without markers), `own()` keeps only them, and `others_unquoted()`
    keeps only what the other senders wrote themselves (a reply quotes the sender's words).
    """

    __slots__ = ("_loaded", "_view")

    def __init__(
        self,
        load: Callable[[], Iterable[Ancestor]] | _LoadedAncestors,
        *,
        view: Literal["everyone", "others", "own", "others_unquoted"] = "everyone",
    ) -> None:
        """`load` gives the ancestors, parent first."""
        self._loaded = load if isinstance(load, _LoadedAncestors) else _LoadedAncestors(load)
        self._view = view

    @classmethod
    def from_texts(cls, texts: Iterable[str]) -> AncestorIndex:
        texts = list(texts)
        return cls(lambda: [Ancestor(flatten(text), text, same_sender=None) for text in texts])

    def others(self) -> AncestorIndex:
        """The same ancestors without those from the reply's own sender."""
        return AncestorIndex(self._loaded, view="others")

    def own(self) -> AncestorIndex:
        """The ancestors from the reply's own sender alone."""
        return AncestorIndex(self._loaded, view="own")

    def others_unquoted(self) -> AncestorIndex:
        """The other senders' ancestors without the lines they quote."""
        return AncestorIndex(self._loaded, view="others_unquoted")

    def _flat(self) -> str:
        """The ancestors' flattened texts, joined (empty when there is none)."""
        loaded = self._loaded
        loaded.read()
        view = self._view
        if view == "everyone":
            return loaded.everyone
        if view == "others":
            return loaded.others
        return loaded.own if view == "own" else loaded.others_unquoted

    def parent_words(self) -> int:
        """Words of the parent's text as read (of its first ANCESTOR_CHARS characters)."""
        self._loaded.read()
        return self._loaded.parent_words

    def complete(self) -> bool:
        """Whether every ancestor was read whole (none was cut at ANCESTOR_CHARS)."""
        self._loaded.read()
        return self._loaded.complete

    def overlap(self, lines: Sequence[str], floor: float = 0.0) -> float | None:
        """Share of a block's word runs found in the ancestors (None when it is too short).

        A share below `floor` is only known to be below it: the searches (most of the cost,
        and most runs are not found) stop once the share can no longer reach `floor`.
        """
        runs = probes(lines)
        if not runs:
            return None
        texts = self._flat()
        if not texts:
            return None
        total = len(runs)
        found = 0
        reachable = total  # runs found if all the runs left are found
        for run in runs:
            if run in texts:
                found += 1
            else:
                reachable -= 1
                if reachable / total < floor:
                    break
        return found / total

    def names_another_sender(self, word: str) -> bool:
        """Whether `word` (lower case) is a word of the name of another ancestor's sender."""
        self._loaded.read()
        return word in self._loaded.others_names

    def others_hold_line(self, line: str) -> bool:
        """Whether another sender's ancestor has this line as it is (punctuation included)."""
        self._loaded.read()
        return line.strip() in self._loaded.others_lines

    def holds_in_order(self, pieces: Sequence[str]) -> bool:
        """Whether the words of `pieces`, one after the other, occur in an ancestor (as
        `overlap` reads them: case, punctuation and line breaks ignored); a piece without
        words (punctuation alone) holds nothing to find."""
        pieces_words = [_words(piece) for piece in pieces]
        if not all(pieces_words):
            return False
        texts = self._flat()
        joined = " ".join(word for words in pieces_words for word in words)
        return bool(texts) and " " + joined + " " in texts

    def found_nowhere(self, lines: Sequence[str]) -> bool:
        """Whether a block long enough to tell shares no run of words with the ancestors."""
        runs = probes(lines)
        texts = self._flat() if runs else ""
        if not texts:
            return False
        return not any(map(texts.__contains__, runs))

    def repeated_runs(self, lines: Sequence[str]) -> list[tuple[int, int]]:
        """Runs of consecutive lines that follow each other in an ancestor, as (first, past
        the last), found from the top; runs of fewer than MIN_BLOCK_WORDS words (a greeting, a
        sign-off: words any message may hold) left out.

        This is what repeating an ancestor means line by line: a block whose word runs mostly
        occur (`overlap`) may still hold new lines, the sender's words around text pasted
        again (a new `dpkg` listing under "Thanks, yes that did work"); those lines are in
        no run. A line follows the one above it when its words, after the last words above
        it, occur in an ancestor (so the cost stays linear); lines without words join the run
        they stand in.
        """
        texts = self._flat()
        if not texts or not lines:
            return []
        words = [_words(_INITIALS_MARKER.sub("", line, count=1)) for line in lines]
        every = [word for line in words for word in line]
        if " " + " ".join(every) + " " in texts:  # the usual case, in one search
            return [(0, len(lines))] if len(every) >= MIN_BLOCK_WORDS else []
        runs: list[tuple[int, int]] = []
        start = 0
        while start < len(lines):
            above: list[str] = []
            count = 0
            end = start
            while end < len(lines):
                if words[end]:
                    joined = above + words[end]
                    if " " + " ".join(joined) + " " not in texts:
                        break
                    above = joined[-CONTEXT_WORDS:]
                    count += len(words[end])
                end += 1
            if end == start:
                start += 1
                continue
            if count >= MIN_BLOCK_WORDS:
                runs.append((start, end))
            start = end
        return runs

    def repeats(self, lines: Sequence[str]) -> bool:
        """Whether most of a block repeats ancestor text."""
        share = self.overlap(lines)
        return share is not None and share >= REPEATED_SHARE
