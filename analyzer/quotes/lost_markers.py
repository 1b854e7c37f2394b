"""Quoted lines that lost their markers, found from the lines around them alone: a quoted
paragraph's first line or a wrapped tail beside the marked rest, fragments and rules between
quotes."""

from __future__ import annotations

import re
from bisect import bisect_right
from itertools import compress, count, repeat
from operator import add, is_, ne

from analyzer.quotes import patterns as p
from analyzer.quotes.ancestry import AncestorIndex, flatten
from analyzer.quotes.labelling import (
    ATTRIBUTION,
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
_BARE_LINK = re.compile(r"^<?https?://\S+>?$")
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


def label_lost_marker_lines(body: Body, labels: list[LineLabel]) -> list[int]:
    """Lines that lost their `>` when a client re-wrapped a quote; returns the first lines of
    quoted paragraphs so found (`restore_first_lines_found_nowhere` checks them against the
    ancestors).

    The first line of a quoted paragraph, just above the marked rest: a long line left
    unfinished, or a line the next quoted line continues (it starts in lower case). And the
    tail of a long quoted line pushed to the next line: it starts in lower case right under a
    quoted line left unfinished.
    """
    depth = body.depth
    stripped = body.stripped
    candidates = indices_of(labels, OWN)
    continued_tail: set[int] = set()
    first_lines: list[int] = []
    for index in candidates:
        line = stripped[index]
        before = labels[index - 1] if index > 0 else BLANK
        after = labels[index + 1] if index + 1 < body.n else BLANK
        if after is QUOTE and depth[index + 1] and before is BLANK:
            if _TRACKER_COMMENT.match(line):
                continue  # Bugzilla's "--- Comment #13 from Ann <...> ---" opens a comment
            if _BARE_LINK.match(line) and not body.content[index + 1].strip():
                continue  # a link alone above a bare `>`: the sender's, set between quotes
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
                # (or the line stops on a word no sentence ends with and a word goes on:
                # "- I haven't found a clean way to reference code that's under the" /
                # "> Java default package...", a quoted bullet's first line; not a paste that
                # the line announces, "...shows that" / "> <server>")
                or (first.isalpha() and line.rpartition(" ")[2].lower() in _OPEN_ENDINGS)
            )
            new_sentence = _NEW_SENTENCE.search(line) is not None
            starts_low = (
                line[0].islower() and len(line.split()) >= LOST_MARKER_WORDS and not new_sentence
            )
            unfinished = not line.endswith(SENTENCE_ENDS) and not p.GREETING.match(line.lower())
            long_unfinished = len(line) >= LOST_MARKER_CHARS and not new_sentence
            if starts_low or (unfinished and (long_unfinished or (continued and len(line) >= 20))):
                labels[index] = QUOTE
                first_lines.append(index)
        elif (
            before is QUOTE
            and line[0].islower()
            and (depth[index - 1] or index - 1 in continued_tail)
            and _wrapped_above(body, labels, index)
        ):
            labels[index] = QUOTE
            continued_tail.add(index)
    return first_lines


RESTORE_OVERLAP = 0.8
"""Share of the marked quotes' word runs the ancestors must hold before a line they lack is
taken back for the sender's."""


def restore_first_lines_found_nowhere(
    body: Body, labels: list[LineLabel], ancestors: AncestorIndex, first_lines: list[int]
) -> None:
    """A line taken for a quoted paragraph's first line (`label_lost_marker_lines`) is the
    sender's when the ancestors, read whole, hold the message's marked quotes but not it: a
    reply typed just above a quote's end, its last word wrapped into the quote by a rich
    client ("glyph can summarize if he" / "> wants." above Glyph's "> -glyph")."""
    first_lines = [
        index
        for index in first_lines
        if labels[index] is QUOTE
        and not body.stripped[index].endswith(":")
        and not p.has_date_or_time(body.stripped[index].lower())
    ]
    if not first_lines or not ancestors.complete() or not ancestors.parent_words():
        return
    marked = [body.content[index] for index in body.marked if labels[index] is QUOTE]
    if (ancestors.overlap(marked, RESTORE_OVERLAP) or 0.0) < RESTORE_OVERLAP:
        return  # the quotes are of messages that are not these ancestors: nothing to tell
    for index in first_lines:
        if ancestors.found_nowhere([body.stripped[index]]):
            labels[index] = OWN


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


MAX_FIRST_LINES = 3
MIN_QUOTED_AGAIN_WORDS = 5


def label_first_lines_quoted_again(
    body: Body, labels: list[LineLabel], run_starts: list[int]
) -> None:
    """The first line of a quoted paragraph that lost its `>` above the marked rest (Gmail's
    HTML-to-text conversion), told by the message quoting the same words again further down:
    Gmail sets the whole quoted message under an inline reply, so the line is found even when
    that message is not in the archive. Only a paragraph glued above a `>` line, that starts as
    prose (not a diff's `<` line, not markup): the sender's own line above a quote they answer
    is common, and what it repeats stands above it, not below ("This is the most important
    point." under a quote saying so)."""
    depth = body.depth
    content = body.content
    tail: _QuotedWords | None = None
    for marked in run_starts:
        index = marked - 1
        if labels[index] is not OWN or depth[marked] != 1 or labels[marked] is not QUOTE:
            continue
        start = index
        while start > 0 and labels[start - 1] is OWN and index - start < MAX_FIRST_LINES - 1:
            start -= 1
        if start > 0 and labels[start - 1] is not BLANK:
            continue
        first = content[start][:2]
        if not (first[:1].isalnum() or first in ("- ", "* ")):
            continue
        words = flatten(" ".join(content[start:marked]))
        if len(words.split()) < MIN_QUOTED_AGAIN_WORDS:
            continue
        if tail is None:
            tail = _QuotedWords(content, labels)
        if tail.holds_below(words, marked):
            labels[start:marked] = [QUOTE] * (marked - start)


def marked_run_starts(body: Body) -> list[int]:
    """The first lines of the runs of `>` lines, the body's first line left out: where a quote
    may have lost its first line (the lines are many, the runs few: the comparison runs in C)."""
    marked = body.marked
    if not marked:
        return []
    starts = list(compress(marked[1:], map(ne, marked[1:], map(add, marked, repeat(1)))))
    return [marked[0], *starts] if marked[0] else starts


class _QuotedWords:
    """The words of a body's quoted lines, flattened as `ancestry` reads text, with where each
    line's words begin."""

    def __init__(self, content: list[str], labels: list[LineLabel]) -> None:
        pieces: list[str] = []
        self.lines: list[int] = []
        self.offsets: list[int] = []
        length = 0
        for index in compress(count(), map(is_, labels, repeat(QUOTE))):
            words = flatten(content[index]).strip()
            if words:
                self.lines.append(index)
                self.offsets.append(length)
                pieces.append(words)
                length += len(words) + 1
        self.text = " " + " ".join(pieces) + " "

    def holds_below(self, words: str, index: int) -> bool:
        """Whether `words` (flattened, padded) occur in the quoted lines after line `index`."""
        position = bisect_right(self.lines, index)
        if position == len(self.lines):
            return False
        return self.text.find(words, self.offsets[position]) >= 0


GLUED_LINE_CHARS = 80
MIN_BLANK_SEPARATED = 2


def label_glued_first_lines(body: Body, labels: list[LineLabel], run_starts: list[int]) -> None:
    """A quoted paragraph's first sentence that lost its `>`, when neither the thread nor the
    message holds the quoted text again ("I have gotten a user who is concerned about
    supporting multiple languages." / "> What is the status in the fiji/imagej2 camp?"): in a
    reply under an attribution that sets every other quote apart from the sender's text by a
    blank line, the one sentence glued above a quoted sentence is the quote's. Not a greeting,
    an introduction (":"), a question, nor two sentences or a line longer than a wrapped one (a
    client that does not wrap may glue the sender's answer to a quote: "It is shaped the same.
    The reason you're seeing the error is...", Apple Mail)."""
    if ATTRIBUTION not in labels:
        return
    glued: list[int] = []
    apart = 0
    for marked in run_starts:
        if labels[marked] is not QUOTE or labels[marked - 1] is QUOTE:
            continue
        above = marked - 1
        if labels[above] is OWN:
            glued.append(above)
        elif labels[above] is BLANK:
            while above > 0 and labels[above] is BLANK:
                above -= 1
            apart += labels[above] is OWN
    if len(glued) != 1 or apart < MIN_BLANK_SEPARATED:
        return
    index = glued[0]
    line = body.stripped[index]
    following = body.content[index + 1]
    if (
        index > 0
        and labels[index - 1] is BLANK
        and body.depth[index + 1] == 1
        and line.endswith(".")
        and len(line) <= GLUED_LINE_CHARS
        and _NEW_SENTENCE.search(line) is None
        and len(line.split()) >= LOST_MARKER_WORDS
        and line[0].isupper()
        and not p.GREETING.match(line.lower())
        and following[:1].isupper()
        and " " in following
    ):
        labels[index] = QUOTE
