"""From labelled lines to what the messages table keeps: authored text, signature, counts."""

from __future__ import annotations

from collections.abc import Sequence

from analyzer.quotes.ancestry import AncestorIndex
from analyzer.quotes.footers import FooterModel
from analyzer.quotes.model import LabelledLine, LineLabel, Segmentation
from analyzer.quotes.patterns import WORD
from analyzer.quotes.segmenter import label_lines

_QUOTED = (LineLabel.QUOTE, LineLabel.ATTRIBUTION)


def _authored(lines: list[str], labels: list[LineLabel]) -> str:
    """Own lines, with one blank line wherever anything else separated two own lines."""
    kept: list[str] = []
    pending_blank = False
    for text, label in zip(lines, labels, strict=True):
        if label is LineLabel.OWN:
            if pending_blank and kept:
                kept.append("")
            kept.append(text.rstrip())
            pending_blank = False
        else:
            pending_blank = True
    return "\n".join(kept).strip("\n")


def count_words(text: str) -> int:
    """Word tokens (letters and digits, inner apostrophes kept) in a text."""
    return len(WORD.findall(text))


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
    authored = _authored(parsed.lines, labels)
    signature = "\n".join(
        text.rstrip()
        for text, label in zip(parsed.lines, labels, strict=True)
        if label is LineLabel.SIGNATURE
    ).strip("\n")
    return Segmentation(
        lines=tuple(
            LabelledLine(text, label) for text, label in zip(parsed.lines, labels, strict=True)
        ),
        authored=authored,
        signature=signature,
        n_words_authored=count_words(authored),
        n_lines_quoted=sum(1 for label in labels if label in _QUOTED),
    )
