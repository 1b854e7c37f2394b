"""Lines left own at the very end of a message, between the sender's text and what closes it.

The walk finds a legal notice by its paragraph and a signature by its contact block, but not the
short lines that introduce them: a notice's heading standing apart from it ("::DISCLAIMER::"
above a rule and HCL's notice), the rules around it, and a `--` delimiter whose trailing space
the mail client or Pipermail stripped (so the walk took it for a rule), above a signature found
later from its contact block. Such a line holds no word of the sender's: it goes with the block
it introduces. Only the last own lines are taken, bottom up, each right above such a block (what
follows it, such as the quote under a top-posted reply, does not matter).
"""

from __future__ import annotations

import re

from analyzer.quotes import patterns as p
from analyzer.quotes.labelling import BLANK, FOOTER, OWN, SIGNATURE
from analyzer.quotes.model import LineLabel
from analyzer.quotes.structures import Body

# a heading of its own line: "::DISCLAIMER::", "*** Legal Notice ***", "CONFIDENTIALITY NOTICE"
_NOTICE_HEADING = re.compile(
    r"^[\W_]*(?:disclaimer|legal\s+(?:notice|disclaimer)|confidentiality(?:\s+(?:notice|note))?"
    r"|important\s+notice)[\W_]*$",
    re.IGNORECASE,
)
_BARE_DELIMITER = "--"
_PIPERMAIL_NOTICE = "-------------- next part"


def label_closing_residue(body: Body, labels: list[LineLabel]) -> None:
    """Relabel the own lines at the end that only introduce the footer or signature below
    them: a notice's heading and rules above a legal notice (footer), a bare `--` above the
    signature (signature)."""
    stripped = body.stripped
    index = len(labels) - 1
    while index >= 0:
        if labels[index] is not OWN:
            index -= 1  # (what follows the last own text: a quote below a signature too)
            continue
        if body.depth[index] != 0:
            return
        below = _next_text(labels, index + 1)
        if below is None:
            return  # the last line of all: nothing it introduces
        line = stripped[index]
        if line == _BARE_DELIMITER and labels[below] is SIGNATURE:
            labels[index] = SIGNATURE
        elif labels[below] is FOOTER and _introduces_notice(line, stripped[below]):
            labels[index] = FOOTER
        else:
            return
        index -= 1


def _introduces_notice(line: str, below: str) -> bool:
    """A notice's heading, or a rule, above a footer that is no Pipermail attachment notice
    (a rule closing pasted code or a table stays the sender's, above an attachment)."""
    if below.startswith(_PIPERMAIL_NOTICE):
        return False
    if _NOTICE_HEADING.match(line):
        return True
    return line[:1] in "-_=*~" and p.SEPARATOR_RULE.match(line) is not None


def _next_text(labels: list[LineLabel], index: int) -> int | None:
    """The first line from `index` down that is not blank."""
    while index < len(labels):
        if labels[index] is not BLANK:
            return index
        index += 1
    return None
