"""The labels the quote rules give and the walks over a body's labels that they share."""

from __future__ import annotations

import re
from itertools import compress, count, repeat
from operator import is_, itemgetter

from analyzer.quotes.model import LineLabel

OWN = LineLabel.OWN
QUOTE = LineLabel.QUOTE
ATTRIBUTION = LineLabel.ATTRIBUTION
SIGNATURE = LineLabel.SIGNATURE
FOOTER = LineLabel.FOOTER
BLANK = LineLabel.BLANK
FORWARD = LineLabel.FORWARD
ATTACHMENT = LineLabel.ATTACHMENT
FRESH_SHARE = 0.3
FIRST_CHARACTER = itemgetter(slice(0, 1))
QUOTED_LABELS = (QUOTE, ATTRIBUTION)
JOINED_LABELS = (FOOTER, SIGNATURE, QUOTE, ATTRIBUTION)
QUOTED_OR_BLANK = (QUOTE, ATTRIBUTION, BLANK)
SENTENCE_ENDS = (".", "!", "?", ":", ";", ")")


def indices_of(labels: list[LineLabel], label: LineLabel) -> list[int]:
    """Indices of the lines with `label` (the loop runs in C)."""
    return list(compress(count(), map(is_, labels, repeat(label))))


def own_paragraphs(labels: list[LineLabel]) -> list[tuple[int, int]]:
    """Runs of consecutive own lines, as (first, past the last)."""
    runs: list[tuple[int, int]] = []
    start = previous = -2
    for index in indices_of(labels, OWN):
        if index != previous + 1:
            if previous >= 0:
                runs.append((start, previous + 1))
            start = index
        previous = index
    if previous >= 0:
        runs.append((start, previous + 1))
    return runs


def next_label(labels: list[LineLabel], index: int, step: int) -> LineLabel | None:
    found = next_index(labels, index, step)
    return None if found is None else labels[found]


def paragraph_spans(labels: list[LineLabel], start: int, end: int) -> list[tuple[int, int]]:
    """Runs of non-blank lines between `start` and `end`."""
    runs: list[tuple[int, int]] = []
    index = start
    while index < end:
        if labels[index] is BLANK:
            index += 1
            continue
        stop = index
        while stop < end and labels[stop] is not BLANK:
            stop += 1
        runs.append((index, stop))
        index = stop
    return runs


_CODE_STATEMENT = re.compile(
    r"^\s*(?:from\s+[\w.]+\s+import\s|import\s+\w|def\s|class\s)|\s=\s|\w\(|==|[;{}]$"
)


def is_code_statement(line: str) -> bool:
    """A line that reads as a statement of a program (a call, an assignment, an import)."""
    return bool(_CODE_STATEMENT.search(line))


def next_index(labels: list[LineLabel], index: int, step: int) -> int | None:
    while 0 <= index < len(labels):
        if labels[index] is not BLANK:
            return index
        index += step
    return None


def last_unquoted_own_line(labels: list[LineLabel], depth: list[int]) -> int | None:
    """The last own line, if it is unmarked: where the block that closes the sender's text
    (a signature, a title under the name) must end."""
    last = len(labels) - 1
    while last >= 0 and labels[last] is not OWN:
        last -= 1
    return last if last >= 0 and depth[last] == 0 else None
