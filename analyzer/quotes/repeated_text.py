"""Unmarked text that repeats the thread: quotes whose markers a client dropped or never
wrote, told from what the sender wrote again (code posted again, a phrase echoed)."""

from __future__ import annotations

import re

from analyzer.quotes import patterns as p
from analyzer.quotes.ancestry import REPEATED_SHARE, AncestorIndex, probes
from analyzer.quotes.attachments import is_code_line, is_sentence
from analyzer.quotes.labelling import (
    ATTRIBUTION,
    BLANK,
    FRESH_SHARE,
    OWN,
    QUOTE,
    QUOTED_LABELS,
    is_code_statement,
    next_label,
    own_paragraphs,
)
from analyzer.quotes.model import LineLabel
from analyzer.quotes.prose import prose_lines
from analyzer.quotes.structures import Body

# Words a short answer typed into a quote holds at least (fewer tell nothing).
SHORT_ANSWER_WORDS = 3
# A block is code when at least this share of its lines are.
CODE_SHARE = 0.5
_BULLETS = frozenset("-*+•·o")
SHORT_LINE_WORDS = 8


def label_ancestor_paragraphs(
    body: Body, labels: list[LineLabel], ancestors: AncestorIndex
) -> None:
    """Own paragraphs that repeat an ancestor's text are quotes without markers.

    Not when the message restates its sender's own earlier text from the top (a bot's next
    report, a mail sent again): its first paragraph must be new, not even half repeated. Short closing blocks (a
    sign-off, a signature the sender always uses) are left alone.

    The quote spans from the first to the last run of lines that occur in an ancestor line
    after line: a paragraph whose word runs mostly repeat may still begin or end with the
    sender's new lines, glued to output pasted again ("Thanks, yes that did work" above a new
    `dpkg` listing, "Regards, Peter" below it), and those stay own; so does the output, when
    it stands above all the message quotes and the sender's own earlier messages hold it
    (`_own_text_again`). Inside the span, a line
    that shares no run of words with any ancestor is an answer written into the quote; a line
    that nearly occurs stays quoted, as clients alter what they quote (a mailto: link added,
    characters lost to the charset).
    """
    first_measured = True
    paragraphs = own_paragraphs(labels)
    spaced = _double_spaced(labels, paragraphs)
    for number, (start, end) in enumerate(paragraphs):
        lines = body.stripped[start:end]
        share = ancestors.overlap(lines, FRESH_SHARE if first_measured else REPEATED_SHARE)
        if share is None:
            continue
        if first_measured:
            first_measured = False
            if (
                share >= FRESH_SHARE
                and not _beside_quote(labels, start, end)
                and not _repeats_others(ancestors, lines)
                and not _unknown_marker(lines)
            ):
                return
        if share < REPEATED_SHARE or _short_lines(lines):
            continue
        if (
            _own_text_again(ancestors, labels, start, end, lines)
            or _echoes_quote_above(body, labels, start, lines, ancestors)
            or _announced_links(body, labels, start, lines)
        ):
            continue
        runs = ancestors.repeated_runs(lines)
        if not runs:
            continue
        first, last = runs[0][0], runs[-1][1]
        if (
            (first > 0 or last < len(lines))
            and not _below_a_quote(labels, start)
            and _own_text_again(ancestors, labels, start, end, lines, first, last)
        ):
            continue  # (new lines of the sender's around a paste; below a quote, a copy)
        if number in spaced:  # one line of output pasted double-spaced: judged with the rest
            run_start, run_end = spaced[number]
            run = [line for line in body.lines[run_start:run_end] if line.strip()]  # indented
            if _own_text_again(ancestors, labels, run_start, run_end, run):
                continue
        if _fresh_output(ancestors, lines):
            continue
        repeated = {k for first, last in runs for k in range(first, last)}
        for k in range(runs[0][0], runs[-1][1]):
            if k in repeated or not answer_in_quote(ancestors, lines[k]):
                labels[start + k] = QUOTE


DOUBLE_SPACED_LINES = 3


def _double_spaced(
    labels: list[LineLabel], paragraphs: list[tuple[int, int]]
) -> dict[int, tuple[int, int]]:
    """For each paragraph of one line among ``DOUBLE_SPACED_LINES`` or more such paragraphs
    with only blank lines between them (text that HTML mail turned double-spaced), the lines
    that run spans, by the paragraph's number."""
    spans: dict[int, tuple[int, int]] = {}
    group: list[int] = []

    def close() -> None:
        if len(group) >= DOUBLE_SPACED_LINES:
            span = (paragraphs[group[0]][0], paragraphs[group[-1]][1])
            spans.update(dict.fromkeys(group, span))
        group.clear()

    for number, (start, end) in enumerate(paragraphs):
        joined = bool(group) and all(
            label is BLANK for label in labels[paragraphs[group[-1]][1] : start]
        )
        if end - start != 1 or not joined:
            close()
        if end - start == 1:
            group.append(number)
    close()
    return spans


FRESH_OUTPUT_LINES = 2


def _fresh_output(ancestors: AncestorIndex, lines: list[str]) -> bool:
    """Whether a paragraph of output or of a patch is the sender's new paste: lines of it that
    no ancestor holds stand among those the thread has seen (a new version of the patch under
    review, its context lines and headers those of the old one, its index and hunk lines new;
    the same command's output again, with its new entries). A quote that lost its markers
    holds no new lines of output, only answers typed into it."""
    kept = [line for line in lines if line.strip()]
    if sum(prose_lines(kept)) * 2 > len(kept) or _mail_headers(kept):
        return False
    new = [
        line
        for line in kept
        if any(c.isalnum() for c in line)
        and not is_sentence(line)
        and not ancestors.holds_in_order([line])
    ]
    return len(new) >= FRESH_OUTPUT_LINES


def _mail_headers(lines: list[str]) -> bool:
    """Whether the lines hold a mail's header fields ("To:", "Subject:"), those of a quoted
    message's header block, not of a protocol trace ("From:" beside "Via:" in a SIP log)."""
    stripped = [line.strip().lower() for line in lines]
    if any(p.PROTOCOL_HEADER.match(line) for line in stripped):
        return False
    fields = (p.HEADER_LINE.match(line) for line in stripped)
    return any(field and field.group(1).strip() in p.HEADER_FAMILY for field in fields)


def answer_in_quote(ancestors: AncestorIndex, line: str) -> bool:
    """Whether a line inside a repeated span is found nowhere in the ancestors: an answer
    typed into the quote. A line too short for `found_nowhere` is one when it holds three plain
    words at least and neither its first two words nor its last two are in an ancestor one after
    the other ("Same alignment issue in description." between the lines of a patch)."""
    if probes([line]):
        return ancestors.found_nowhere([line])
    if is_code_statement(line) or is_code_line(line) or not ancestors.complete():
        return False  # (an ancestor cut short may hold it further on)
    tokens = line.split()
    if sum(1 for token in tokens if p.PROSE_WORD.fullmatch(token)) < SHORT_ANSWER_WORDS:
        return False
    # (neither end in an ancestor either: a quoted line the client altered keeps most of its
    # words in order, "Status: install ok installed" for "... ok unpacked")
    return not any(map(ancestors.holds_in_order, ([" ".join(tokens[:2])], [" ".join(tokens[-2:])])))


def _below_a_quote(labels: list[LineLabel], start: int) -> bool:
    """Whether a quote or its attribution stands above the line: the sender's fresh paste is
    above what they quote; below it, their earlier message is quoted whole."""
    return any(label is QUOTE or label is ATTRIBUTION for label in labels[:start])


def _own_text_again(
    ancestors: AncestorIndex,
    labels: list[LineLabel],
    start: int,
    end: int,
    lines: list[str],
    first: int = 0,
    last: int | None = None,
) -> bool:
    """Whether code, a log or a listing between two stretches of the sender's text (around
    the paragraph, or new lines of it around ``lines[first:last]``) repeats their own earlier
    messages and hardly anything another sender wrote: a program posted again, revised, or a
    command run again ("Thanks, that did work" above a fresh `dpkg -s` listing), which the
    guide counts as the sender's (what they paste is theirs). Prose and closing blocks that
    repeat are quotes, signatures and disclaimers."""
    last = len(lines) if last is None else last
    if (first == 0 and next_label(labels, start - 1, -1) is not OWN) or (
        last == len(lines) and next_label(labels, end, 1) is not OWN
    ):
        return False
    block = lines[first:last]
    if _unknown_marker(block) or not reads_as_code(block, listings=True):
        return False
    own = ancestors.own().overlap(block, REPEATED_SHARE)
    if own is None or own < REPEATED_SHARE:
        return False
    if not _below_a_quote(labels, start):
        return True  # (above what it quotes, a sender pastes; others may have posted it too)
    others = ancestors.others_unquoted().overlap(block, FRESH_SHARE)
    return others is not None and others < FRESH_SHARE


def reads_as_code(lines: list[str], *, listings: bool = False, wrapped: bool = False) -> bool:
    """Whether most lines of a block are code (imports included), a diff, a session or a log
    (with ``listings``, also a program's "Field: value" listing; with ``wrapped``, also the
    tail of such a line that a mail client wrapped, no sentence itself); a bullet of prose
    ("- figure out how Sphinx...") reads as a diff's line but is not one."""
    code = 0
    above = False
    for line in lines:
        is_code = (
            is_code_statement(line)
            or is_code_line(line)
            or (listings and LISTED_FIELD.match(line) is not None)
        ) and not _prose_bullet(line)
        if is_code or (wrapped and above and not is_sentence(line)):
            code += 1
        above = is_code
    return code >= CODE_SHARE * len(lines)


# "Installed-Size: 199", "Status: install ok installed": a field of a command's listing
LISTED_FIELD = re.compile(r"^\s*[A-Za-z][\w.-]*:(?:\s+\S.{0,60})?$")


def _prose_bullet(line: str) -> bool:
    text = line.lstrip()
    return text[:2] in ("- ", "* ", "+ ") and is_sentence(text[2:])


def _echoes_quote_above(
    body: Body, labels: list[LineLabel], start: int, lines: list[str], ancestors: AncestorIndex
) -> bool:
    """Whether a short block repeats words the message itself quotes, with markers, above it:
    the sender echoing a phrase of the quote ("It's a flaw in the design."); a quote whose
    markers were lost would not repeat the marked lines just above it (in the same quote, no
    attribution between them). Not a list's footer
    (quoted twice), nor a block of the sender's earlier messages that is no sentence (their
    signature, quoted above from their message)."""
    if len(lines) > 2 or any(p.LIST_FOOTER_LINE.search(line) for line in lines):
        return False
    if not any(map(is_sentence, lines)) and ancestors.own().repeats(lines):
        return False
    quoted: list[str] = []
    for index in range(start - 1, -1, -1):
        if labels[index] is ATTRIBUTION:
            break  # (above it, another message's text: a quote beneath restates it)
        if labels[index] is QUOTE:
            quoted.append(body.stripped[index])
    if not quoted:
        return False
    share = AncestorIndex.from_texts(["\n".join(reversed(quoted))]).overlap(lines)
    return share == 1.0


_LINK_LINE = re.compile(r"<?(?:https?://|www\.)\S+>?")
MAX_ANNOUNCED_LINKS = 3


def _announced_links(body: Body, labels: list[LineLabel], start: int, lines: list[str]) -> bool:
    """Whether a block is links alone that the sender's line above announces ("P.S. Mark now
    has an initial working version:" / the link): the sender points to them, even when the
    thread cited them before."""
    if len(lines) > MAX_ANNOUNCED_LINKS or not all(_LINK_LINE.fullmatch(line) for line in lines):
        return False
    above = start - 1
    while above >= 0 and not body.stripped[above]:
        above -= 1
    return above >= 0 and labels[above] is OWN and body.stripped[above].endswith(":")


def _repeats_others(ancestors: AncestorIndex, lines: list[str]) -> bool:
    """Whether a block repeats only text that other senders wrote themselves: restating from
    the top is a bot's or a resender's habit with its own text (an answer may have quoted it:
    a question sent again to the right list, an announcement of a new version); another's
    text at the top is quoted, its markers lost (Airmail's inline replies) or unknown
    (`-> `)."""
    share = ancestors.others_unquoted().overlap(lines, FRESH_SHARE)
    if share is None or share < FRESH_SHARE:
        return False
    own = ancestors.own().overlap(lines, FRESH_SHARE)
    return own is None or own < FRESH_SHARE


def _unknown_marker(lines: list[str]) -> bool:
    """Whether every line of a block starts with the same few signs (`-> `, `#`, `|`): a
    quote marker of the sender's client that the marker rules do not know; nobody restates
    their own text that way."""
    prefix = lines[0].split(maxsplit=1)[0] if lines[0].strip() else ""
    if len(lines) < 2 or not 0 < len(prefix) <= 3 or any(c.isalnum() for c in prefix):
        return False
    if prefix in _BULLETS:
        return False  # a list, which a bot's next report restates
    return all(line.startswith(prefix) for line in lines)


def _short_lines(lines: list[str]) -> bool:
    """Two lines or more, none longer than a sign-off or a contact line."""
    return len(lines) >= 2 and all(len(line.split()) <= SHORT_LINE_WORDS for line in lines)


def _beside_quote(labels: list[LineLabel], start: int, end: int) -> bool:
    return (
        next_label(labels, start - 1, -1) in QUOTED_LABELS
        or next_label(labels, end, 1) in QUOTED_LABELS
    )
