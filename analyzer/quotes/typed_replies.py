"""Replies typed into a quote (Gmail keeps the markers), quotations the sender pasted, and
short lines of other senders too short for the ancestor search."""

from __future__ import annotations

import re

from analyzer.quotes import patterns as p
from analyzer.quotes.ancestry import MIN_BLOCK_WORDS, REPEATED_SHARE, AncestorIndex
from analyzer.quotes.attachments import is_sentence
from analyzer.quotes.labelling import (
    ATTRIBUTION,
    BLANK,
    FOOTER,
    OWN,
    QUOTE,
    SIGNATURE,
    indices_of,
    is_code_statement,
    next_index,
    own_paragraphs,
)
from analyzer.quotes.model import LineLabel
from analyzer.quotes.repeated_text import LISTED_FIELD, reads_as_code
from analyzer.quotes.structures import Body, header_family
from analyzer.quotes.unmarked_replies import PARENT_WORDS, words_in

# A quoted paragraph repeats the thread from this share of its word runs up.
MATCHED_SHARE = 0.5


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


def label_pasted_quotations(body: Body, labels: list[LineLabel], ancestors: AncestorIndex) -> None:
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


TYPED_REPLY_WORDS = 8
TYPED_REPLY_SHARE = 0.2


def find_replies_typed_into_quotes(
    body: Body, labels: list[LineLabel], ancestors: AncestorIndex
) -> None:
    """A reply typed into the quote (Gmail): its first line takes the `>` of the quoted line it
    was typed after and its wrapped rest is unmarked, so the whole reply reads as a quoted
    paragraph that lost markers in re-wrapping. Such a paragraph (one marked line, then
    unmarked ones, no attribution) is the sender's when the ancestors (read whole, the
    parent's text long enough to tell) hardly hold its words but do hold the quoted paragraph
    right above it, so the quote is the parent's."""
    depth = body.depth
    content = body.content
    # the unmarked quoted lines right under a marked line that opens a paragraph (the loop
    # runs over the quoted lines only)
    starts = [
        k
        for k in indices_of(labels, QUOTE)
        if k >= 2
        and not depth[k]
        and depth[k - 1] == 1
        and content[k]
        and content[k - 1]
        and not content[k - 2]
    ]
    for second in starts:
        first = second - 1
        end = second
        while end < body.n and content[end] and not depth[end] and labels[end] is QUOTE:
            end += 1
        if (end < body.n and content[end] and labels[end] is not FOOTER) or labels[
            first
        ] is not QUOTE:
            continue  # the paragraph goes on in another shape (a Pipermail notice may end it)
        if any(body.colon[k] for k in range(first, end)):
            continue  # an attribution or a header
        if words_in(body, (first, end)) < TYPED_REPLY_WORDS:
            continue
        if not (ancestors.complete() and ancestors.parent_words() >= PARENT_WORDS):
            return
        share = ancestors.overlap(content[first:end])
        if share is None or share >= TYPED_REPLY_SHARE:
            continue
        above = _quoted_paragraph_share(body, ancestors, first)
        if above is not None and above >= REPEATED_SHARE:
            for k in range(first, end):
                labels[k] = OWN
    _typed_first_lines(body, labels, ancestors)
    if OWN not in labels:
        _reply_typed_at_the_end(body, labels, ancestors)


_LETTER = re.compile(r"[^\W\d_]")


def _typed_first_lines(body: Body, labels: list[LineLabel], ancestors: AncestorIndex) -> None:
    """The first line of a reply typed into the quote whose wrapped rest the marker rules
    already left own (it ended like a sentence, "I (sort of)"): that line is the sender's too
    when no ancestor holds it and the marked paragraph above it is the parent's."""
    depth = body.depth
    content = body.content
    for first in body.marked:
        second = first + 1
        if (
            second >= body.n
            or labels[first] is not QUOTE
            or labels[second] is not OWN
            or depth[first] != 1
            or depth[second]
            or not content[first]
            or (first > 0 and content[first - 1])
        ):
            continue
        end = second
        while end < body.n and content[end] and labels[end] is OWN:
            end += 1
        if (
            body.colon[first]
            or not _LETTER.search(content[first])  # a rule: the quoted message's footer
            or words_in(body, (first, end)) < TYPED_REPLY_WORDS
        ):
            continue
        if not (ancestors.complete() and ancestors.parent_words() >= PARENT_WORDS):
            return
        if ancestors.holds_in_order(content[first : first + 1]) or not ancestors.found_nowhere(
            content[first:end]
        ):
            continue
        above = _quoted_paragraph_share(body, ancestors, first)
        if above is not None and above >= REPEATED_SHARE:
            labels[first] = OWN


def _reply_typed_at_the_end(body: Body, labels: list[LineLabel], ancestors: AncestorIndex) -> None:
    """A message that came out empty whose last marked line (or two) no ancestor holds, under
    a marked paragraph that is the parent's: the reply typed at the end of the quote ("> May
    be you could create a pull request to this repository?" above the sender's `-- `)."""
    index = body.n - 1
    while index >= 0 and (
        labels[index] in (BLANK, SIGNATURE, FOOTER)
        or (body.depth[index] and not body.content[index])
    ):
        index -= 1
    if index < 0 or labels[index] is not QUOTE or body.depth[index] != 1:
        return
    end = index + 1
    first = index
    while first > 0 and body.content[first - 1] and body.depth[first - 1] == 1:
        first -= 1
    if end - first > _SHORT_PARAGRAPH_LINES or any(body.colon[first:end]):
        return
    if not (ancestors.complete() and ancestors.parent_words() >= PARENT_WORDS):
        return
    if not ancestors.found_nowhere(body.content[first:end]):
        return  # (also when too short to tell)
    above = _quoted_paragraph_share(body, ancestors, first)
    if above is not None and above >= REPEATED_SHARE:
        labels[first:end] = [OWN] * (end - first)


CONTEXT_WORDS = 4
"""Words of the quote beside a short line that must precede or follow it in an ancestor."""


_SHORT_PARAGRAPH_LINES = 2


def label_short_lines_of_quotes(
    body: Body, labels: list[LineLabel], ancestors: AncestorIndex
) -> None:
    """Own lines too short to compare on their own (under MIN_BLOCK_WORDS words) that another
    sender's ancestor holds right where the quote beside them says: a sign-off or a short
    line of the quoted text whose marker was lost ("kaiyou." between two quotes, "Great.
    Thank for the info." under an unmarked attribution), found with the last words of the
    quote above it or the first words of the quote below it. A line right above an empty
    `>` line (Gmail's "All working now, thanks!" / ">") lost its marker when another sender's
    ancestor holds its words, three at least, or when it is their name as they signed.
    """
    others = ancestors.others()
    own = ancestors.own()
    stripped = body.stripped
    for start, end in own_paragraphs(labels):
        if end - start > _SHORT_PARAGRAPH_LINES:
            continue
        lines = stripped[start:end]
        n_words = sum(len(line.split()) for line in lines)
        if (
            not n_words
            or n_words >= MIN_BLOCK_WORDS
            or any(map(is_code_statement, body.lines[start:end]))
        ):
            continue  # (code: the sender's own program may share a line with the parent's)
        above = next_index(labels, start - 1, -1)
        below = next_index(labels, end, 1)
        lost_marker = end < body.n and body.depth[end] > 0 and not body.content[end]
        before = _context(body, labels, above, last=True)
        after = _context(body, labels, below, last=False)
        if (
            (lost_marker and n_words >= 3 and others.holds_in_order(lines))
            or (lost_marker and _quoted_name(ancestors, lines))
            or (before is not None and others.holds_in_order([before, *lines]))
            or (
                after is not None
                and others.holds_in_order([*lines, after])
                # (at the top, only the line as written: "Hi," above a quote that lost its
                # marker is the sender's greeting where the quoted message began "Hi")
                and (above is not None or all(map(others.others_hold_line, lines)))
            )
        ) and not own.holds_in_order(lines):
            # (a sign-off the sender's own earlier messages hold is theirs, even where another
            # sender's message quoted it without markers)
            labels[start:end] = [QUOTE] * (end - start)


def _quoted_name(ancestors: AncestorIndex, lines: list[str]) -> bool:
    """Whether a line of a word or two is another sender's sign-off as they wrote it, their
    name ("Barry", "-glyph") on a line of its own in their message: Gmail dropped its marker
    and kept the empty `>` lines below it."""
    if len(lines) != 1 or len(lines[0].split()) > 2 or not ancestors.others_hold_line(lines[0]):
        return False
    first = lines[0].split()[0].strip(_SIGN_OFF_EDGES).lower()
    return bool(first) and ancestors.names_another_sender(first)


_SIGN_OFF_EDGES = "-~*_.,!"


def _context(body: Body, labels: list[LineLabel], index: int | None, *, last: bool) -> str | None:
    """The last (or first) CONTEXT_WORDS words of an unmarked quoted line beside a short line;
    None when there is no such line or it is too short to place the short line. Beside a `>`
    quote, a short unmarked line is the sender's answer ("Correct.", "Faisal," under the
    question that Faisal signed), whatever the quoted message said next; and an attribution
    tells nothing ("From: Ann" under a sign-off recurs in every chain that quotes it)."""
    if index is None or labels[index] is not QUOTE or body.depth[index]:
        return None
    words = body.content[index].split()
    if len(words) < CONTEXT_WORDS:
        return None
    return " ".join(words[-CONTEXT_WORDS:] if last else words[:CONTEXT_WORDS])


def _quoted_paragraph_share(body: Body, ancestors: AncestorIndex, index: int) -> float | None:
    """How much of the marked paragraphs above `index` the ancestors hold: the nearest long
    enough to tell (one too short, a sign-off "S", is passed over), up to three of them;
    None when an unmarked line comes first or none can tell."""
    content = body.content
    depth = body.depth
    end = index
    for _ in range(3):
        while end > 0 and not content[end - 1]:
            end -= 1
        first = end
        while first > 0 and content[first - 1]:
            first -= 1
        if first == end or not all(depth[first:end]):
            return None  # no marked paragraph right above
        share = ancestors.overlap(content[first:end])
        if share is not None:
            return share
        end = first
    return None


# A note typed after a quoted line, behind an arrow: `"unit": "..." <--- missing comma.`
_ARROW_NOTE = re.compile(r"^(?P<quoted>.*?\S)\s+(?:<-{2,}|<={2,}|<<-+)\s*\S")


def label_notes_on_quoted_lines(
    body: Body, labels: list[LineLabel], ancestors: AncestorIndex
) -> None:
    """A quoted line with the sender's note typed after it, behind an arrow: the line before
    the arrow is another sender's, as they wrote it, and the whole line is in no ancestor, not
    even quoted. The line is kept for its note (often the whole reply: "<--- missing
    comma.")."""
    if "<-" not in body.text and "<=" not in body.text:
        return
    others = ancestors.others()
    for index in indices_of(labels, QUOTE):
        if not body.depth[index]:
            continue
        text = body.content[index].strip()
        note = _ARROW_NOTE.match(text)
        if (
            note is not None
            and others.others_hold_line(note.group("quoted"))
            # (a later reply quoting the note: an ancestor holds it, marked there)
            and not ancestors.holds_in_order([text])
        ):
            labels[index] = OWN


def label_code_marked_in_thread_roots(body: Body, labels: list[LineLabel]) -> None:
    """In a message that starts a thread (no parent, no reply's subject) and quotes under no
    attribution, a `>` block of code, a diff, a log, a tool's listing or a long output of few
    sentences is the sender's paste, marked by the tool it came from (`diff`'s `> ` lines, a
    console's `> ` prompt, a dump copied from a mail client, Thunderbird's HTML citation),
    not a quote: there is nothing above it to quote. Prose so marked may be a message quoted
    from elsewhere, and stays a quote."""
    if ATTRIBUTION in labels or not body.marked:
        return
    marked = set(body.marked)
    for start, end in _marked_runs(body, labels, marked):
        _own_if_pasted(body, labels, start, end, wrapped=True)  # a log wrapped at every depth
    for start, end in _quote_blocks(body, labels):
        if not body.depth[start] or start not in marked:
            continue  # (`|` boxes a signature or a table as often as it quotes)
        _own_if_pasted(body, labels, start, end)


def _own_if_pasted(
    body: Body, labels: list[LineLabel], start: int, end: int, *, wrapped: bool = False
) -> None:
    lines = [body.content[k] for k in range(start, end) if body.content[k].strip()]
    if len(lines) < MIN_PASTED_LINES:
        return
    if (
        (reads_as_code(lines, wrapped=wrapped) and not _any_prose(lines))
        or _long_output(lines)
        or _listing(lines)
    ):
        for k in range(start, end):
            if labels[k] is QUOTE:
                labels[k] = OWN


MAX_UNMARKED_HEAD = 1


def _marked_runs(body: Body, labels: list[LineLabel], marked: set[int]) -> list[tuple[int, int]]:
    """Runs of quoted lines across depths (a log's wrapped lines that begin with ">" read as
    deeper quotes: "> >;tag=..."), `>`-marked all but the first (the line a client wrote
    above the marks, unmarked: "21-12-2016 16:04:44 ... Resolved destination URI"); only runs
    that hold more than one depth or that head, the others are `_quote_blocks`' own."""
    runs: list[tuple[int, int]] = []
    depth = body.depth
    index = 0
    while index < body.n:
        if labels[index] is not QUOTE:
            index += 1
            continue
        start, last, end = index, index, index + 1
        while end < body.n and labels[end] in (QUOTE, BLANK):
            if labels[end] is QUOTE:
                last = end
            end += 1
        quoted = [k for k in range(start, last + 1) if labels[k] is QUOTE]
        head = next((n for n, k in enumerate(quoted) if k in marked), len(quoted))
        depths = {depth[k] for k in quoted[head:]}
        if (
            head <= MAX_UNMARKED_HEAD
            and all(k in marked for k in quoted[head:])
            and (head or len(depths) > 1)
        ):
            runs.append((start, last + 1))
        index = last + 1
    return runs


MAX_PROSE_SHARE = 0.2
MIN_PASTED_LINES = 2  # (one line of code-like text under `>` tells too little)


MIN_OUTPUT_LINES = 20
MIN_LISTED_LINES = 3
MAX_OUTPUT_SENTENCE_SHARE = 0.15


def _long_output(lines: list[str]) -> bool:
    """A long block of few sentences: a build's or a tool's output ("-- Configuring ...",
    "[ 23%] Building CXX object", a compiler's notes), which the tests of code lines miss."""
    return len(lines) >= MIN_OUTPUT_LINES and (
        sum(map(is_sentence, lines)) <= MAX_OUTPUT_SENTENCE_SHARE * len(lines)
    )


def _listing(lines: list[str]) -> bool:
    """Every line a tool's "Field: value" ("E: Unable to locate package python-qt4")."""
    return len(lines) >= MIN_LISTED_LINES and all(LISTED_FIELD.match(line) for line in lines)


def _any_prose(lines: list[str]) -> bool:
    """Whether more than a fifth of a block's lines are sentences: a message quoted from
    elsewhere, some of its lines code-like, rather than a paste of code or a log."""
    return sum(map(is_sentence, lines)) > MAX_PROSE_SHARE * len(lines)


# An interpreter session with `> ` for its prompt: at least this many commands with output.
MIN_SESSION_COMMANDS = 3


def label_prompted_sessions(body: Body, labels: list[LineLabel], ancestors: AncestorIndex) -> None:
    """A console session whose prompt is `> ` (ImageJ's script interpreter, R, Node) reads as a
    quote: commands under `>` answered by unmarked output lines. When three commands or more
    are each followed by their output, and no ancestor holds any of them, they are the
    sender's session, not quoted lines."""
    if not body.marked:
        return
    commands: list[int] = []
    for index in body.marked:
        if (
            labels[index] is QUOTE
            and body.depth[index] == 1
            and index + 1 < body.n
            and labels[index + 1] is OWN
            and body.depth[index + 1] == 0
            and is_code_statement(body.content[index])
            and not is_sentence(body.stripped[index + 1])
        ):
            commands.append(index)
    if len(commands) < MIN_SESSION_COMMANDS:
        return
    if any(ancestors.holds_in_order([body.content[k]]) for k in commands):
        return
    for index in commands:
        labels[index] = OWN


MIN_INDENT = 2  # columns before a `>` that the sender's own indented block puts there
_INDENTS = (" ", "\t")
MAX_INDENTED_MARKED_RUN = 3


def label_indented_marked_lines(body: Body, labels: list[LineLabel]) -> None:
    """A `>` line indented as the sender's own block right under it ("    > openssl s_client
    ..." above "    CONNECTED(00000003)"; "  >>> del f"; "\t\t\t\t>;") is a prompt, a session
    or code of theirs, not a quote: a mail client's marker opens its line, and a quote's line
    has quoted lines, not the sender's, around it. At most three such lines in a row; a
    sentence only between two of the sender's lines (a wrapped ">10 seconds in unit tests")."""
    if not body.marked:
        return
    lines = body.lines
    marked = body.marked
    for index in marked:
        if lines[index][:1] not in _INDENTS or labels[index] is not QUOTE:
            continue  # (nearly all: a client's marker opens its line)
        indent = _indent(lines[index])
        if len(indent.expandtabs()) < MIN_INDENT:
            continue
        run_end = index + 1
        while run_end < body.n and labels[run_end] is QUOTE and _indent(lines[run_end]) == indent:
            run_end += 1
        below = run_end
        if below >= body.n or labels[below] is not OWN or _indent(lines[below]) != indent:
            continue  # (the run must sit on the sender's own line of the same indent)
        run_start = index
        while (
            run_start > 0
            and labels[run_start - 1] is QUOTE
            and _indent(lines[run_start - 1]) == indent
        ):
            run_start -= 1
        if run_start < index or run_end - run_start > MAX_INDENTED_MARKED_RUN:
            continue
        prose = any(
            is_sentence(body.content[k]) and not is_code_statement(body.content[k])
            for k in range(run_start, run_end)
        )
        if prose and not _continues(lines, labels, run_start - 1, indent):
            continue  # a sentence so marked is quoted, unless the sender's lines enclose it
        for k in range(run_start, run_end):
            if body.depth[k] and lines[k].lstrip().startswith(">"):
                labels[k] = OWN


def _continues(lines: list[str], labels: list[LineLabel], above: int, indent: str) -> bool:
    """Whether the sender's line ``above`` goes on below: the same indent, or less and no
    end of sentence ("- Override IOPump to pass around more than one byte at a time, saves")."""
    if above < 0 or labels[above] is not OWN or not lines[above].strip():
        return False
    own_indent = _indent(lines[above])
    if own_indent == indent:
        return True
    return len(own_indent) < len(indent) and lines[above].rstrip()[-1].isalnum()


def _indent(line: str) -> str:
    return line[: len(line) - len(line.lstrip())]
