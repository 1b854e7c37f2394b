"""The labels a body line can get, and the shapes the segmenter returns."""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum


class LineLabel(StrEnum):
    """What a line of a message body is (definitions in /work/shared/gold/GUIDE.md)."""

    OWN = "own"
    QUOTE = "quote"
    ATTRIBUTION = "attribution"
    FORWARD = "forward"
    SIGNATURE = "signature"
    FOOTER = "footer"
    ATTACHMENT = "attachment"
    """A text file that Pipermail printed inline after its "next part" notice."""
    BLANK = "blank"


@dataclass(frozen=True, slots=True)
class LabelledLine:
    """One line of a body (as split on "\\n") with its label."""

    text: str
    label: LineLabel


@dataclass(frozen=True, slots=True)
class Segmentation:
    """A body split into what the sender wrote and the rest.

    `authored` keeps the sender's own lines (and the single blank lines between them, so that
    paragraphs survive); `n_lines_quoted` counts quote and attribution lines.
    """

    lines: tuple[LabelledLine, ...]
    authored: str
    signature: str
    n_words_authored: int
    n_lines_quoted: int
