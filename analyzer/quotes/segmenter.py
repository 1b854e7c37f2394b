"""Label every line of a body: own text, quotes, attributions, forwards, signatures, footers.

The walk (`walker.py`) labels what each line and its neighbours show. Later passes use what a
walk cannot see line by line: the first line of a quoted paragraph that lost its `>`, text
repeated from ancestor messages, trailing boilerplate learned from the list, and the contact
block that closes the sender's text.
"""

from __future__ import annotations

from collections.abc import Sequence

from analyzer.quotes import patterns as p
from analyzer.quotes.ancestry import REPEATED_SHARE, AncestorIndex
from analyzer.quotes.footers import FooterModel
from analyzer.quotes.markers import fix_markers
from analyzer.quotes.model import LabelledLine, LineLabel
from analyzer.quotes.signatures import label_contact_block
from analyzer.quotes.structures import Body, header_family, parse_body
from analyzer.quotes.walker import Walker

OWN = LineLabel.OWN
QUOTE = LineLabel.QUOTE
ATTRIBUTION = LineLabel.ATTRIBUTION
SIGNATURE = LineLabel.SIGNATURE
FOOTER = LineLabel.FOOTER
BLANK = LineLabel.BLANK

MATCHED_SHARE = 0.5
FRESH_SHARE = 0.3
SHORT_LINE_WORDS = 8
_RULE_CHARS = frozenset("-_=*~#+")
_QUOTED = (QUOTE, ATTRIBUTION)
_JOINED = (FOOTER, SIGNATURE, QUOTE, ATTRIBUTION)
_QUOTED_OR_BLANK = (QUOTE, ATTRIBUTION, BLANK)
FRAGMENT_WORDS = 6
WRAPPED_LINE_CHARS = 50


def _separators_join_neighbours(body: Body, labels: list[LineLabel]) -> None:
    """A rule line (`_____`, `=====`) belongs to the block it introduces, or else to the
    block it closes when nothing of the sender's follows it."""
    rules = [k for k, line in enumerate(body.stripped) if line and line[0] in _RULE_CHARS]
    for index in rules:
        label = labels[index]
        if (label is not OWN and label is not SIGNATURE) or not p.SEPARATOR_RULE.match(
            body.stripped[index]
        ):
            continue
        following = _next_label(labels, index + 1, 1)
        preceding = _next_label(labels, index - 1, -1)
        if following is FOOTER or (following is None and preceding is FOOTER):
            labels[index] = FOOTER
        elif label is OWN and following in _JOINED:
            labels[index] = following
        elif label is OWN and following is None and preceding in _JOINED:
            labels[index] = preceding


def _wrapped_quote_fragments(body: Body, labels: list[LineLabel]) -> None:
    """A short unmarked fragment between two quoted lines is the tail of a quoted line that a
    client re-wrapped ("...Voice: +44 1392" / "264065"); an elision mark (`[...]`) between
    quoted lines belongs to the quote."""
    content = body.content
    after_quote = [
        k for k in range(1, body.n) if labels[k] is OWN and labels[k - 1] in _QUOTED_OR_BLANK
    ]
    for index in after_quote:
        text = content[index]
        if text[0] in "[<(-" and text.lower() in p.ELISIONS:
            before = _next_label(labels, index - 1, -1)
            if before in _QUOTED and _next_label(labels, index + 1, 1) in (QUOTE, None):
                labels[index] = QUOTE
    for index in after_quote:
        if labels[index - 1] is not QUOTE or index + 1 >= body.n:
            continue
        if labels[index + 1] is not QUOTE or body.depth[index - 1] != body.depth[index + 1]:
            continue
        fragment = content[index]
        first = fragment[0]
        if (
            (first.islower() or first.isdigit())
            and len(fragment.split()) <= FRAGMENT_WORDS
            and len(content[index - 1]) >= WRAPPED_LINE_CHARS
        ):
            labels[index] = QUOTE


def _lost_marker_lines(body: Body, labels: list[LineLabel]) -> None:
    """The first line of a quoted paragraph often loses its `>` when a client re-wraps it."""
    for index in range(body.n - 1):
        if labels[index] is not OWN or labels[index + 1] is not QUOTE:
            continue
        if body.depth[index + 1] == 0 or (index > 0 and labels[index - 1] is not BLANK):
            continue
        line = body.stripped[index]
        if line.endswith((".", "!", "?", ":", ";", ")")) or p.GREETING.match(line.lower()):
            continue
        following = body.content[index + 1]
        if len(line) >= 40 or (following[:1].islower() and len(line) >= 20):
            labels[index] = QUOTE


def _own_paragraphs(labels: list[LineLabel]) -> list[tuple[int, int]]:
    runs: list[tuple[int, int]] = []
    index = 0
    n = len(labels)
    while index < n:
        if labels[index] is not OWN:
            index += 1
            continue
        end = index
        while end < n and labels[end] is OWN:
            end += 1
        runs.append((index, end))
        index = end
    return runs


def _next_label(labels: list[LineLabel], index: int, step: int) -> LineLabel | None:
    while 0 <= index < len(labels):
        if labels[index] is not BLANK:
            return labels[index]
        index += step
    return None


def _ancestor_paragraphs(body: Body, labels: list[LineLabel], ancestors: AncestorIndex) -> None:
    """Own paragraphs that repeat an ancestor's lines are quotes without markers.

    Only after the sender has written something new, or next to a quote: a message that
    repeats its parent from the top (a bot's report, a resent mail) is not quoting it. Short
    closing blocks (a sign-off, a signature the sender always uses) are left alone.
    """
    wrote_new = False
    for start, end in _own_paragraphs(labels):
        lines = body.stripped[start:end]
        share = ancestors.overlap(lines)
        if share is None:
            continue
        if share < REPEATED_SHARE:
            wrote_new = wrote_new or share < FRESH_SHARE
            continue
        if len(lines) >= 2 and all(len(line.split()) <= SHORT_LINE_WORDS for line in lines):
            continue
        beside_quote = (
            _next_label(labels, start - 1, -1) in _QUOTED or _next_label(labels, end, 1) in _QUOTED
        )
        if wrote_new or beside_quote:
            for k in range(start, end):
                labels[k] = QUOTE


def _quote_blocks(body: Body, labels: list[LineLabel]) -> list[tuple[int, int]]:
    """Runs of quoted lines at one depth (0 for unmarked quotes), blank lines inside included."""
    blocks: list[tuple[int, int]] = []
    index = 0
    n = body.n
    depth = body.depth
    while index < n:
        if labels[index] is not QUOTE:
            index += 1
            continue
        end = index + 1
        last = index
        while end < n and labels[end] in (QUOTE, BLANK):
            if labels[end] is QUOTE:
                if depth[end] != depth[index]:
                    break
                last = end
            end += 1
        blocks.append((index, last + 1))
        index = last + 1
    return blocks


def _announces_source(body: Body, labels: list[LineLabel], start: int) -> bool:
    """The own line above a block names where it comes from (a link) or announces it (`:`)."""
    above = start - 1
    while above >= 0 and labels[above] is BLANK:
        above -= 1
    if above < 0 or labels[above] is not OWN:
        return False
    line = body.stripped[above]
    return line.endswith(":") or p.URL.search(line.lower()) is not None


def _pasted_quotations(body: Body, labels: list[LineLabel], ancestors: AncestorIndex) -> None:
    """A `>` block that shares no text with the ancestors, in a reply whose every other quote
    does, under a line that gives its source or announces it, quotes a document or web page:
    it is the sender's own (GUIDE.md, hard cases)."""
    blocks = _quote_blocks(body, labels)
    if len(blocks) < 2:
        return
    candidates = [
        (start, end)
        for start, end in blocks
        if body.depth[start] == 1
        and _announces_source(body, labels, start)
        and not any(header_family(text) for text in body.content[start:end])
        and ancestors.found_nowhere(body.content[start:end])
    ]
    if not candidates:
        return
    shares = [
        ancestors.overlap(body.content[start:end])
        for start, end in blocks
        if (start, end) not in candidates
    ]
    measured = [share for share in shares if share is not None]
    if not measured or min(measured) < MATCHED_SHARE:
        return
    for start, end in candidates:
        for k in range(start, end):
            labels[k] = OWN


def _learned_footer_tail(body: Body, labels: list[LineLabel], footers: FooterModel) -> None:
    """Trailing lines that the list appends to its messages (learned across the list)."""
    index = body.n - 1
    while index >= 0:
        label = labels[index]
        if label is BLANK or label is FOOTER:
            index -= 1
            continue
        if label in (OWN, SIGNATURE) and footers.is_footer_line(body.stripped[index]):
            if label is OWN:
                labels[index] = FOOTER
            index -= 1
            continue
        break


def base_labels(
    body: str, *, ancestors: AncestorIndex | None = None
) -> tuple[Body, list[LineLabel]]:
    """Labels from the body (and its ancestors) alone, before list-wide knowledge is used."""
    parsed = parse_body(body)
    fix_markers(parsed)
    labels = Walker(parsed).walk()
    _separators_join_neighbours(parsed, labels)
    _wrapped_quote_fragments(parsed, labels)
    _lost_marker_lines(parsed, labels)
    if ancestors is not None:
        _ancestor_paragraphs(parsed, labels, ancestors)
        _pasted_quotations(parsed, labels, ancestors)
    return parsed, labels


def finish_labels(body: Body, labels: list[LineLabel], known_footers: FooterModel | None) -> None:
    """Learned footers at the tail, then the contact block that closes the own text."""
    if known_footers is not None:
        _learned_footer_tail(body, labels, known_footers)
    label_contact_block(body, labels)


def label_lines(
    body: str,
    *,
    ancestor_texts: Sequence[str] = (),
    known_footers: FooterModel | None = None,
    ancestors: AncestorIndex | None = None,
) -> tuple[Body, list[LineLabel]]:
    """The parsed body and one label per line (see `segment`)."""
    if ancestors is None and ancestor_texts:
        ancestors = AncestorIndex.from_texts(ancestor_texts)
    parsed, labels = base_labels(body, ancestors=ancestors)
    finish_labels(parsed, labels, known_footers)
    return parsed, labels


def segment(
    body: str,
    *,
    ancestor_texts: Sequence[str] = (),
    known_footers: FooterModel | None = None,
) -> list[LabelledLine]:
    """Label every line of `body` (split on "\\n") as own, quote, attribution, forward,
    signature, footer or blank.

    `ancestor_texts` are bodies of the messages this one replies to (parent first); a block
    repeating their text counts as quoted even without markers. `known_footers` holds the
    trailing boilerplate learned from the message's list (`learn_footers`).
    """
    parsed, labels = label_lines(body, ancestor_texts=ancestor_texts, known_footers=known_footers)
    return [LabelledLine(text, label) for text, label in zip(parsed.lines, labels, strict=True)]
