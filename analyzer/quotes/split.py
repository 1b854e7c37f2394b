"""From labelled lines to what the messages table keeps: authored text, signature, counts."""

from __future__ import annotations

import re
import string
from collections.abc import Sequence
from itertools import compress, count, repeat
from operator import is_

from analyzer.quotes import patterns as p
from analyzer.quotes.ancestry import AncestorIndex
from analyzer.quotes.footers import FooterModel
from analyzer.quotes.model import LabelledLine, LineLabel, Segmentation
from analyzer.quotes.segmenter import label_lines
from analyzer.quotes.structures import Body

_PUNCTUATION_BYTES = string.punctuation.encode("ascii")


def _authored(lines: list[str], labels: list[LineLabel]) -> str:
    """Own lines, with one blank line wherever anything else separated two own lines."""
    kept: list[str] = []
    previous = -2
    # the own lines' indices, found in C: most lines of a reply are not the sender's
    for index in compress(count(), map(is_, labels, repeat(LineLabel.OWN))):
        if index != previous + 1 and kept:
            kept.append("")
        kept.append(lines[index].rstrip())
        previous = index
    text = "\n".join(kept).strip("\n")
    if ">From " in text:  # an own line that begins ">From " is mbox escaping, not a quote
        text = _FROM_ESCAPE.sub("From ", text)
    return text


_FROM_ESCAPE = re.compile(r"^>From ", re.MULTILINE)


def count_words(text: str) -> int:
    """Word tokens: white-space separated tokens that hold more than ASCII punctuation.

    The punctuation is deleted through a byte table first, so that `--` or `|` do not count.
    """
    raw = text.encode("utf-8", "surrogatepass")
    return len(raw.translate(None, _PUNCTUATION_BYTES).split())


def count_authored_words(text: str) -> int:
    """``count_words`` of the authored text, less the words of its lines of machine output
    (logs, stack traces, SIP and HTTP messages): a log pasted whole would otherwise outweigh
    the debate (clearwater's three largest pastes held a third of its 927,000 words)."""
    words = count_words(text)
    if not _may_hold_machine_lines(text):  # most texts, told apart in a few C scans
        return words
    return words - sum(count_words(match.group(0)) for match in p.MACHINE_LINE.finditer(text))


_CLOCK = re.compile(r":\d\d")  # a literal first: the scan jumps from colon to colon
_BRACKETED_MARK = re.compile(
    r"\.\d{6}\]|\[(?:TRACE|DEBUG|INFO|NOTICE|WARN|WARNING|ERROR|FATAL|CRITICAL)\]"
)


def _may_hold_machine_lines(text: str) -> bool:
    """False only when no line can be machine output: each kind holds one of these marks (a
    clock's ``:42``, a Java frame's ``.java:12``, ``", line 3``, ``SIP/2.0``, ``HTTP/1.1``,
    the kernel's ``12.345678]``, a level's ``[ERROR]``, dpkg's ``ii  ``)."""
    return (
        _CLOCK.search(text) is not None
        or '", line ' in text
        or "/2.0" in text
        or "HTTP/1." in text
        or ("]" in text and _BRACKETED_MARK.search(text) is not None)
        or "ii  " in text
    )


def summary_of(body: Body, labels: list[LineLabel]) -> tuple[str, str, int, int]:
    """Authored text, signature, authored word count and quoted line count of a labelled body."""
    authored = _authored(body.lines, labels)
    signature = (
        "\n".join(
            body.lines[k].rstrip("\r")
            for k, label in enumerate(labels)
            if label is LineLabel.SIGNATURE
        ).strip("\n")
        if LineLabel.SIGNATURE in labels
        else ""
    )
    n_quoted = labels.count(LineLabel.QUOTE) + labels.count(LineLabel.ATTRIBUTION)
    return authored, signature, count_authored_words(authored), n_quoted


def segmentation_of(body: Body, labels: list[LineLabel]) -> Segmentation:
    """Gather the labelled lines, authored text, signature and counts of a labelled body."""
    authored, signature, n_words, n_quoted = summary_of(body, labels)
    return Segmentation(
        lines=tuple(map(LabelledLine, body.lines, labels)),
        authored=authored,
        signature=signature,
        n_words_authored=n_words,
        n_lines_quoted=n_quoted,
    )


def split_message(
    body: str,
    *,
    ancestor_texts: Sequence[str] = (),
    known_footers: FooterModel | None = None,
    ancestors: AncestorIndex | None = None,
) -> Segmentation:
    """Segment `body` and gather the sender's own text, signature and counts.

    `ancestors` may be given instead of `ancestor_texts` when the caller has already hashed
    the ancestors' text (as `apply_quotes` does).
    """
    parsed, labels = label_lines(
        body, ancestor_texts=ancestor_texts, known_footers=known_footers, ancestors=ancestors
    )
    return segmentation_of(parsed, labels)
