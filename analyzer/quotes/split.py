"""From labelled lines to what the messages table keeps: authored text, signature, counts."""

from __future__ import annotations

import re
from collections.abc import Sequence
from itertools import compress, count, repeat
from operator import is_

from analyzer.quotes.ancestry import AncestorIndex
from analyzer.quotes.footers import FooterModel
from analyzer.quotes.model import LabelledLine, LineLabel, Segmentation
from analyzer.quotes.prose import count_prose_words
from analyzer.quotes.segmenter import label_lines
from analyzer.quotes.structures import Body


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
    return authored, signature, count_prose_words(authored), n_quoted


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
    sender_words: frozenset[str] = frozenset(),
) -> Segmentation:
    """Segment `body` and gather the sender's own text, signature and counts.

    `ancestors` may be given instead of `ancestor_texts` when the caller has already hashed
    the ancestors' text (as `apply_quotes` does). `sender_words`, the words of the sender's
    name and address in lower case, tell a title under their name from their last words.
    """
    parsed, labels = label_lines(
        body,
        ancestor_texts=ancestor_texts,
        known_footers=known_footers,
        ancestors=ancestors,
        sender_words=sender_words,
    )
    return segmentation_of(parsed, labels)
