"""Label every line of a body: own text, quotes, attributions, forwards, signatures, footers.

One walk down the body does the work. It starts in "own text" and switches state at the
structures that change what follows: a quote marker quotes its line only; an unmarked
attribution, an Outlook header block or an `-----Original Message-----` line quotes everything
under it; a forward banner forwards everything under it; a `-- ` line starts a signature.
List footers, Pipermail notices and disclaimers are recognised in any state. Later passes use
what the walk cannot see line by line: the first line of a quoted paragraph that lost its `>`,
text repeated from ancestor messages, trailing boilerplate learned from the list, and contact
blocks that close the sender's text.
"""

from __future__ import annotations

from collections.abc import Sequence

from analyzer.quotes import patterns as p
from analyzer.quotes.ancestry import AncestorIndex
from analyzer.quotes.footers import FooterModel
from analyzer.quotes.model import LabelledLine, LineLabel
from analyzer.quotes.signatures import label_contact_block
from analyzer.quotes.structures import (
    Body,
    attribution_at,
    disclaimer_at,
    header_block_at,
    list_footer_at,
    parse_body,
    pipermail_notice_at,
)

OWN = LineLabel.OWN
QUOTE = LineLabel.QUOTE
ATTRIBUTION = LineLabel.ATTRIBUTION
FORWARD = LineLabel.FORWARD
SIGNATURE = LineLabel.SIGNATURE
FOOTER = LineLabel.FOOTER
BLANK = LineLabel.BLANK

_NORMAL = 0
_UNMARKED_QUOTE = 1
_FORWARDED = 2
_SIGNATURE = 3

_MAX_BARE_DASH_SIGNATURE = 12
MATCHED_SHARE = 0.5


def _unmark_exceptions(body: Body) -> None:
    """Clear the quote depth of `>` lines that are not quotes, and set it on `|` quotes.

    `>From ` is an mbox escape; `>>>` lines next to unmarked text are interpreter prompts.
    """
    n = body.n
    depth = body.depth
    stripped = body.stripped
    prompt = [False] * n
    for index in range(n):
        line = stripped[index]
        if not line or line[0] not in ">|":
            continue
        if line.startswith(">From "):
            before = index > 0 and depth[index - 1] > 0
            after = index + 1 < n and depth[index + 1] > 0
            if not (before and after):
                depth[index] = 0
                body.content[index] = line
        elif line.startswith(">>>") and not line.startswith(">>>>"):
            rest = line[3:]
            if (not rest or rest[0] == " ") and p.INTERPRETER_CODE.match(rest.strip()):
                prompt[index] = True
    _accept_prompt_runs(body, prompt)
    _unmark_pasted_shell(body)
    _mark_pipe_quotes(body)


def _unmark_pasted_shell(body: Body) -> None:
    """`> $ command` lines right under "...I have:" show a terminal session, not a quote."""
    n = body.n
    index = 0
    while index < n:
        if body.depth[index] != 1 or not body.content[index].startswith("$ "):
            index += 1
            continue
        before = index - 1
        while before >= 0 and not body.stripped[before]:
            before -= 1
        end = index
        while end < n and body.depth[end] == 1:
            end += 1
        if before >= 0 and body.depth[before] == 0 and body.stripped[before].endswith(":"):
            for k in range(index, end):
                body.depth[k] = 0
                body.content[k] = body.stripped[k]
        index = end


def _accept_prompt_runs(body: Body, prompt: list[bool]) -> None:
    index = 0
    n = body.n
    while index < n:
        if not prompt[index]:
            index += 1
            continue
        end = index
        while end < n and (prompt[end] or (body.stripped[end] and body.depth[end] == 0)):
            end += 1
        before = index > 0 and body.stripped[index - 1] != "" and body.depth[index - 1] == 0
        after_unmarked = any(
            body.depth[k] == 0 and body.stripped[k] for k in range(index, end) if not prompt[k]
        )
        if before or after_unmarked:
            for k in range(index, end):
                if prompt[k]:
                    body.depth[k] = 0
                    body.content[k] = body.stripped[k]
        index = end if end > index else index + 1


def _mark_pipe_quotes(body: Body) -> None:
    """Runs of two or more `| text` lines (one pipe only, so not tables) are quotes."""
    index = 0
    n = body.n
    while index < n:
        line = body.stripped[index]
        if not (line.startswith("| ") or line == "|") or line.count("|") != 1:
            index += 1
            continue
        end = index
        while end < n:
            candidate = body.stripped[end]
            if not (candidate.startswith("| ") or candidate == "|") or candidate.count("|") != 1:
                break
            end += 1
        if end - index >= 2 and any(len(body.stripped[k].split()) >= 4 for k in range(index, end)):
            for k in range(index, end):
                body.depth[k] = 1
                body.content[k] = body.stripped[k][1:].strip()
        index = end


class _Walker:
    """The one walk down a body; `labels` is its result."""

    def __init__(self, body: Body) -> None:
        self.body = body
        self.labels: list[LineLabel] = [OWN] * body.n
        self.mode = _NORMAL

    def next_content(self, index: int) -> int | None:
        """Index of the first non-blank line at or after `index`."""
        stripped = self.body.stripped
        while index < self.body.n:
            if stripped[index]:
                return index
            index += 1
        return None

    def fill(self, start: int, span: int, label: LineLabel) -> int:
        labels = self.labels
        stripped = self.body.stripped
        for index in range(start, start + span):
            labels[index] = label if stripped[index] else BLANK
        return start + span

    def quote_follows(self, index: int) -> bool:
        """Whether the next non-blank line from `index` on is a marked quote (or nothing)."""
        following = self.next_content(index)
        return following is None or self.body.depth[following] > 0

    def walk(self) -> list[LineLabel]:
        body = self.body
        index = 0
        while index < body.n:
            if not body.stripped[index]:
                self.labels[index] = BLANK
                index += 1
            elif body.depth[index] == 0:
                index = self.unmarked_line(index)
            else:
                index = self.marked_line(index)
        return self.labels

    def marked_line(self, index: int) -> int:
        body = self.body
        if self.mode == _FORWARDED:
            self.labels[index] = FORWARD
            return index + 1
        if self.mode == _SIGNATURE:
            self.mode = _NORMAL
        text = body.content[index]
        if text.endswith((":", "：")) or text[:1] == "-" or text.startswith(("From", "*From")):
            span = self.quoted_header_span(index)
            if span:
                return self.fill(index, span, ATTRIBUTION)
        self.labels[index] = QUOTE
        return index + 1

    def quoted_header_span(self, index: int) -> int:
        body = self.body
        text = body.content[index]
        if p.ORIGINAL_MESSAGE.match(text) or p.FORWARD_BANNER.match(text):
            return 1
        span = header_block_at(body, index)
        if span:
            return span
        span, strength = attribution_at(body, index)
        return span if strength else 0

    def unmarked_line(self, index: int) -> int:
        body = self.body
        line = body.stripped[index]
        previous_blank = index == 0 or not body.stripped[index - 1]
        span = pipermail_notice_at(body, index)
        if span:
            self.mode = _NORMAL
            return self.fill(index, span, FOOTER)
        if previous_blank or line[0] in "-_=*~#":
            span = list_footer_at(body, index)
            if span:
                return self.fill(index, span, FOOTER)
        if previous_blank:
            span = disclaimer_at(body, index)
            if span:
                return self.fill(index, span, FOOTER)
        if self.mode == _UNMARKED_QUOTE:
            self.labels[index] = QUOTE
            return index + 1
        if self.mode == _FORWARDED:
            self.labels[index] = FORWARD
            return index + 1
        following = self.quote_start(index)
        if following:
            return following
        if self.is_signature_delimiter(index):
            self.mode = _SIGNATURE
            self.labels[index] = SIGNATURE
            return index + 1
        if len(line) < 120 and p.MOBILE_SIGNATURE.match(line):
            self.labels[index] = SIGNATURE
            return index + 1
        self.labels[index] = SIGNATURE if self.mode == _SIGNATURE else OWN
        return index + 1

    def quote_start(self, index: int) -> int:
        """Label a structure that introduces quoted or forwarded text; return the next index."""
        body = self.body
        text = body.content[index]
        first = text[0]
        if first in "-_=" or text.lower().startswith("begin"):
            if p.ORIGINAL_MESSAGE.match(text):
                return self.introduce(
                    index, 1 + header_block_at(body, index + 1, after_banner=True)
                )
            if p.FORWARD_BANNER.match(text):
                end = index + 1 + header_block_at(body, index + 1, after_banner=True)
                if self.quote_follows(end):
                    return self.fill(index, end - index, ATTRIBUTION)
                self.mode = _FORWARDED
                return self.fill(index, end - index, FORWARD)
            if p.UNDERSCORE_RULE.match(text) and index + 1 < body.n:
                span = header_block_at(body, index + 1)
                if span:
                    return self.introduce(index, 1 + span)
        span = header_block_at(body, index)
        if span:
            return self.introduce(index, span)
        span, strength = attribution_at(body, index)
        if not strength:
            return 0
        end = index + span
        if self.quote_follows(end):
            self.mode = _NORMAL
            return self.fill(index, span, ATTRIBUTION)
        if strength == "strong":
            self.mode = _UNMARKED_QUOTE
            return self.fill(index, span, ATTRIBUTION)
        return 0

    def introduce(self, index: int, span: int) -> int:
        """An unmarked quote introducer: what follows is quoted unless it carries markers."""
        end = self.fill(index, span, ATTRIBUTION)
        self.mode = _NORMAL if self.quote_follows(end) else _UNMARKED_QUOTE
        return end

    def is_signature_delimiter(self, index: int) -> bool:
        body = self.body
        if body.stripped[index] != "--":
            return False
        neighbours = (index - 1, index + 1)
        if any(0 <= k < body.n and body.stripped[k].startswith("--") for k in neighbours):
            return False
        if body.lines[index].rstrip("\r") == "-- ":
            return True
        count = 0
        for k in range(index + 1, body.n):
            if body.depth[k] > 0:
                break
            if body.stripped[k]:
                count += 1
                if count > _MAX_BARE_DASH_SIGNATURE:
                    return False
        return True


def _separators_join_next(body: Body, labels: list[LineLabel]) -> None:
    """A rule line (`_____`, `=====`) belongs to the block it introduces."""
    for index in range(body.n):
        if labels[index] is not OWN or not p.SEPARATOR_RULE.match(body.stripped[index]):
            continue
        following = index + 1
        while following < body.n and labels[following] is BLANK:
            following += 1
        if following < body.n and labels[following] in (FOOTER, SIGNATURE, QUOTE, ATTRIBUTION):
            labels[index] = labels[following]


def _lost_marker_lines(body: Body, labels: list[LineLabel]) -> None:
    """The first line of a quoted paragraph often loses its `>` when a client re-wraps it."""
    for index in range(body.n - 1):
        if labels[index] is not OWN or labels[index + 1] is not QUOTE:
            continue
        if body.depth[index + 1] == 0 or (index > 0 and labels[index - 1] is not BLANK):
            continue
        line = body.stripped[index]
        if line.endswith((".", "!", "?", ":", ";", ")")) or p.GREETING.match(line):
            continue
        following = body.content[index + 1]
        if len(line) >= 40 or (following[:1].islower() and len(line) >= 20):
            labels[index] = QUOTE


def _ancestor_paragraphs(body: Body, labels: list[LineLabel], ancestors: AncestorIndex) -> None:
    """Own paragraphs that repeat an ancestor's text are quotes without markers."""
    index = 0
    n = body.n
    while index < n:
        if labels[index] is not OWN:
            index += 1
            continue
        end = index
        while end < n and labels[end] is OWN:
            end += 1
        if ancestors.repeats(body.stripped[index:end]):
            for k in range(index, end):
                labels[k] = QUOTE
        index = end


def _pasted_quotations(body: Body, labels: list[LineLabel], ancestors: AncestorIndex) -> None:
    """A `>` block that shares no text with the ancestors, in a reply whose other quotes do,
    quotes a document or web page: it is the sender's own (GUIDE.md, hard cases)."""
    blocks: list[tuple[int, int]] = []
    index = 0
    n = body.n
    while index < n:
        if labels[index] is not QUOTE or body.depth[index] != 1:
            index += 1
            continue
        end = index
        while end < n and labels[end] is QUOTE and body.depth[end] == 1:
            end += 1
        blocks.append((index, end))
        index = end
    if len(blocks) < 2:
        return
    overlaps = [ancestors.overlap(body.content[start:end]) for start, end in blocks]
    if not any(share is not None and share >= MATCHED_SHARE for share in overlaps):
        return
    for (start, end), share in zip(blocks, overlaps, strict=True):
        if share != 0.0:
            continue
        before = start - 1
        while before >= 0 and labels[before] is BLANK:
            before -= 1
        if before >= 0 and labels[before] is not OWN:
            continue
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
            labels[index] = FOOTER
            index -= 1
            continue
        break


def label_lines(
    body: str,
    *,
    ancestor_texts: Sequence[str] = (),
    known_footers: FooterModel | None = None,
    ancestors: AncestorIndex | None = None,
) -> tuple[Body, list[LineLabel]]:
    """The parsed body and one label per line (see `segment`)."""
    parsed = parse_body(body)
    _unmark_exceptions(parsed)
    labels = _Walker(parsed).walk()
    _separators_join_next(parsed, labels)
    _lost_marker_lines(parsed, labels)
    if ancestors is None and ancestor_texts:
        ancestors = AncestorIndex.from_texts(ancestor_texts)
    if ancestors is not None:
        _ancestor_paragraphs(parsed, labels, ancestors)
        _pasted_quotations(parsed, labels, ancestors)
    if known_footers is not None:
        _learned_footer_tail(parsed, labels, known_footers)
    label_contact_block(parsed, labels)
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
