"""Lines left own at the very end of a message, between the sender's text and what closes it.

The walk finds a legal notice by its paragraph and a signature by its contact block, but not the
short lines that introduce them: a notice's heading standing apart from it ("::DISCLAIMER::"
above a rule and HCL's notice), the rules around it, and a `--` delimiter whose trailing space
the mail client or Pipermail stripped (so the walk took it for a rule), above a signature found
later from its contact block. Such a line holds no word of the sender's: it goes with the block
it introduces. Only the last own lines are taken, bottom up, each right above such a block (what
follows it, such as the quote under a top-posted reply, does not matter).

Also here: a legal notice that a server sent as a text part of its own, which Pipermail prints
after its "next part" notice, double-spaced so that the walk, paragraph by paragraph, found
only some of its lines.
"""

from __future__ import annotations

import re

from analyzer.quotes import patterns as p
from analyzer.quotes.labelling import BLANK, FOOTER, OWN, SIGNATURE
from analyzer.quotes.model import LineLabel
from analyzer.quotes.structures import Body, is_disclaimer, may_be_disclaimer

# a heading of its own line: "::DISCLAIMER::", "*** Legal Notice ***", "CONFIDENTIALITY NOTICE"
_NOTICE_HEADING = re.compile(
    r"^[\W_]*(?:disclaimer|legal\s+(?:notice|disclaimer)|confidentiality(?:\s+(?:notice|note))?"
    r"|important\s+notice)[\W_]*$",
    re.IGNORECASE,
)
_BARE_DELIMITER = "--"
_PIPERMAIL_NOTICE = "-------------- next part"
MAX_NOTICE_PART_LINES = 30
_FIRST_PERSON = re.compile(r"\b(?:i|i'm|i've|i'd|i'll|me|my|mine)\b")


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


def label_notice_parts(body: Body, labels: list[LineLabel]) -> None:
    """Relabel as footer the own lines of a text part that Pipermail printed after its "next
    part" notice when the whole part is a legal notice that the sender's server sent as a part
    of its own (Dexia's, Amdocs'). Its text may be double-spaced, every line a paragraph of
    its own, so the walk found only the lines that read as a notice alone: the part counts
    when one of its lines is a footer already and all its lines together are a notice, in
    the third person and short."""
    stripped = body.stripped
    notices = [
        index
        for index, label in enumerate(labels)
        if label is FOOTER and stripped[index].startswith(_PIPERMAIL_NOTICE)
    ]
    for number, notice in enumerate(notices):
        end = notices[number + 1] if number + 1 < len(notices) else len(labels)
        part = [k for k in range(notice + 1, end) if labels[k] is not BLANK]
        own = [k for k in part if labels[k] is OWN]
        if not own or len(part) > MAX_NOTICE_PART_LINES or len(own) == len(part):
            continue
        if any(labels[k] is not OWN and labels[k] is not FOOTER for k in part):
            continue
        lowered = " ".join(stripped[k] for k in part).lower()
        if _FIRST_PERSON.search(lowered) or not (
            may_be_disclaimer(lowered) and is_disclaimer(lowered)
        ):
            continue
        for k in own:
            labels[k] = FOOTER


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
