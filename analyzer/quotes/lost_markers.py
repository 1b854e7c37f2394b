"""Quoted lines that lost their markers, found from the lines around them alone: a quoted
paragraph's first line or a wrapped tail beside the marked rest, fragments and rules between
quotes."""

from __future__ import annotations

import re
from itertools import compress, count

from analyzer.quotes import patterns as p
from analyzer.quotes.labelling import (
    BLANK,
    FIRST_CHARACTER,
    FOOTER,
    JOINED_LABELS,
    OWN,
    QUOTE,
    QUOTED_LABELS,
    QUOTED_OR_BLANK,
    SENTENCE_ENDS,
    SIGNATURE,
    indices_of,
    next_label,
)
from analyzer.quotes.model import LineLabel
from analyzer.quotes.structures import Body

_RULE_FIRST = frozenset("-_=*~#+")
FRAGMENT_WORDS = 6
WRAPPED_LINE_CHARS = 50
LOST_MARKER_CHARS = 65
LOST_MARKER_WORDS = 5
_NEW_SENTENCE = re.compile(r"[.!?]\s+[A-Z]")
_TRACKER_COMMENT = re.compile(r"^-{3} Comment #\d+ from .+ -{3}$")


def is_rule(line: str) -> bool:
    """`SEPARATOR_RULE` matches: a rule has three characters at least, and its second is a
    rule character or a space (diff lines, `+foo` or `-bar`, are ruled out without the regex)."""
    return (
        len(line) >= 3
        and (line[1] in _RULE_FIRST or line[1].isspace())
        and p.SEPARATOR_RULE.match(line) is not None
    )


def join_separators_to_neighbours(body: Body, labels: list[LineLabel]) -> None:
    """A rule line (`_____`, `=====`) belongs to the block it introduces, or else to the
    block it closes when nothing of the sender's follows it."""
    rules = list(
        compress(count(), map(_RULE_FIRST.__contains__, map(FIRST_CHARACTER, body.stripped)))
    )
    for index in rules:
        label = labels[index]
        if (label is not OWN and label is not SIGNATURE) or not is_rule(body.stripped[index]):
            continue
        following = next_label(labels, index + 1, 1)
        preceding = next_label(labels, index - 1, -1)
        if following is FOOTER or (following is None and preceding is FOOTER):
            labels[index] = FOOTER
        elif label is OWN and following in JOINED_LABELS:
            labels[index] = following
        elif label is OWN and following is None and preceding in JOINED_LABELS:
            labels[index] = preceding


_CONTINUING_PUNCTUATION = frozenset(";:,.!?)")
# Words no sentence ends with: a quoted line that stops on one was cut by re-wrapping, and the
# short line under it is its tail, whatever its case ("... I am in" / "Australia").
_OPEN_ENDINGS = frozenset(
    {
        "a",
        "an",
        "the",
        "of",
        "in",
        "at",
        "on",
        "to",
        "for",
        "from",
        "with",
        "by",
        "into",
        "about",
        "as",
        "and",
        "or",
        "but",
        "my",
        "your",
        "our",
        "their",
        "his",
        "her",
        "its",
        "this",
        "that",
        "these",
        "those",
        "is",
        "are",
        "was",
        "were",
        "be",
    }
)


def label_wrapped_quote_fragments(body: Body, labels: list[LineLabel]) -> None:
    """A short unmarked fragment between two quoted lines is the tail of a quoted line that a
    client re-wrapped ("...Voice: +44 1392" / "264065"); an elision mark (`[...]`) between
    quoted lines belongs to the quote."""
    content = body.content
    after_quote = [k for k in indices_of(labels, OWN) if k and labels[k - 1] in QUOTED_OR_BLANK]
    for index in after_quote:
        text = content[index]
        if text[0] in "[<(-" and text.lower() in p.ELISIONS:
            before = next_label(labels, index - 1, -1)
            if before in QUOTED_LABELS and next_label(labels, index + 1, 1) in (QUOTE, None):
                labels[index] = QUOTE
    for index in after_quote:
        if labels[index - 1] is not QUOTE or index + 1 >= body.n:
            continue
        if labels[index + 1] is not QUOTE or body.depth[index - 1] != body.depth[index + 1]:
            continue
        fragment = content[index]
        first = fragment[0]
        if (
            # (or punctuation that no sentence starts with, at the margin: ";-) --", ".. nowhere";
            # indented, "...and fail..." is a reviewer's note in a quoted patch)
            (
                first.islower()
                or first.isdigit()
                or (first in _CONTINUING_PUNCTUATION and not body.lines[index][:1].isspace())
                or (
                    content[index - 1].rpartition(" ")[2].lower() in _OPEN_ENDINGS
                    # (a word, perhaps quoted: not a caret line pointing at the quote, a note)
                    and fragment.lstrip("'\"\u2018\u201c")[:1].isalpha()
                )
            )
            and len(fragment.split()) <= FRAGMENT_WORDS
            and len(content[index - 1]) >= WRAPPED_LINE_CHARS
        ):
            labels[index] = QUOTE


def label_lost_marker_lines(body: Body, labels: list[LineLabel]) -> None:
    """Lines that lost their `>` when a client re-wrapped a quote.

    The first line of a quoted paragraph, just above the marked rest: a long line left
    unfinished, or a line the next quoted line continues (it starts in lower case). And the
    tail of a long quoted line pushed to the next line: it starts in lower case right under a
    quoted line left unfinished.
    """
    depth = body.depth
    stripped = body.stripped
    candidates = indices_of(labels, OWN)
    continued_tail: set[int] = set()
    for index in candidates:
        line = stripped[index]
        before = labels[index - 1] if index > 0 else BLANK
        after = labels[index + 1] if index + 1 < body.n else BLANK
        if after is QUOTE and depth[index + 1] and before is BLANK:
            if _TRACKER_COMMENT.match(line):
                continue  # Bugzilla's "--- Comment #13 from Ann <...> ---" opens a comment
            following = body.content[index + 1]
            # (in lower case or an aside: code, a tag or a number below starts no continued
            # sentence, but may go on an attribution's first line: "On <date>, Ann" / "> <ann
            # at x.org> wrote:")
            first = following[:1]
            names_writer = p.EMAIL.search(line) or p.DATE_OR_TIME.search(line)
            continued = (
                first.islower()
                or first == "("
                or bool(first and not first.isupper() and names_writer)
            )
            new_sentence = _NEW_SENTENCE.search(line) is not None
            starts_low = (
                line[0].islower() and len(line.split()) >= LOST_MARKER_WORDS and not new_sentence
            )
            unfinished = not line.endswith(SENTENCE_ENDS) and not p.GREETING.match(line.lower())
            long_unfinished = len(line) >= LOST_MARKER_CHARS and not new_sentence
            if starts_low or (unfinished and (long_unfinished or (continued and len(line) >= 20))):
                labels[index] = QUOTE
        elif (
            before is QUOTE
            and line[0].islower()
            and (depth[index - 1] or index - 1 in continued_tail)
            and _wrapped_above(body, labels, index)
        ):
            labels[index] = QUOTE
            continued_tail.add(index)


def _wrapped_above(body: Body, labels: list[LineLabel], index: int) -> bool:
    """The quoted line above is long and unfinished, and does not itself continue a long
    unfinished own line (own prose wrapped just before a `>`, as in "...do File" /
    "> Import > Bio-Formats...")."""
    above = body.content[index - 1]
    if len(above) < WRAPPED_LINE_CHARS or above.endswith(SENTENCE_ENDS):
        return False
    if " " not in above.strip() and "://" in above and len(body.stripped[index].split()) >= 3:
        return False  # a sentence under a link alone (a quoted footer's) does not continue it
    if index < 2 or labels[index - 2] is not OWN:
        return True
    two_above = body.stripped[index - 2]
    return len(two_above) < WRAPPED_LINE_CHARS or two_above.endswith(SENTENCE_ENDS)
