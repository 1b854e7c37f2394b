"""Text files that Pipermail printed inline, under its "next part" notice.

Pipermail keeps a message's text parts in its archive and prints each one after a line
``-------------- next part --------------``: a patch, a script, a log, an IRC transcript. Read
from an mbox, such a file is an attachment, listed and not pasted; printed inline, it read as
the sender's words (audit: 178 messages, 112,000 words, 14% of clearwater's authored words).
But a part may also be more of the sender's text: a mail client splits a reply around an
inline image, or sends the sign-off ("Thanks! Erik") or signature in a part of its own. So a
part is taken for a file only when it reads as one: it opens as code, a diff or a log does;
most of its lines are code or machine output; few of its lines are sentences; or it is longer
than a reply's tail ever is. A message with nothing of the sender's above its first notice
keeps its parts (they hold the message), and so does a part that holds an attribution (a reply
going on, quotes and all).
"""

from __future__ import annotations

import re
from itertools import compress, count, repeat

from analyzer.quotes import patterns as p
from analyzer.quotes.labelling import ATTACHMENT, ATTRIBUTION, OWN
from analyzer.quotes.model import LineLabel
from analyzer.quotes.structures import Body, pipermail_notice_at

# What a file part's lines become; signatures, footers and blanks keep their labels.
_FILE_TEXT = frozenset((LineLabel.OWN, LineLabel.QUOTE, LineLabel.ATTRIBUTION, LineLabel.FORWARD))

MIN_LINES_FOR_PROSE_TEST = 4
MAX_PROSE_SHARE = 0.35
MIN_CODE_SHARE = 0.5
MAX_TAIL_LINES = 100
MIN_SENTENCE_WORDS = 4
MIN_SENTENCE_WORD_SHARE = 0.6

_PART_LINE_START = "-------------- "
# How a file opens: a shebang, an import, a definition, a comment, markup, a diff (unified,
# context, CVS's Index or RCS lines, diff's own "39c39"), armour, a typescript.
_FILE_OPENING = re.compile(
    r"^(?:#!|#\s*-\*-|#include\b|import\s+[\w.]+|from\s+[\w.]+\s+import\b"
    r"|(?:def|class)\s+\w+.*:$|package\s+[\w.]+;|/\*|//|<\?xml|<!DOCTYPE|<html"
    r"|diff\s|Index:\s|={20,}|RCS file:|\*{3}\s|-{3}\s\S|\+{3}\s\S|@@\s|\d+(?:,\d+)?[acd]\d+"
    r"|-----BEGIN\s|Script started\b)"
)
# A line of code, a diff, a shell or interpreter session, or a chat log.
_CODE_LINE = re.compile(
    r"^(?:\s{2,}|\t)\S|[;{}]\s*$|^\s*[})\]]|^\s*(?:#|//|/\*|\*\s|\*$)"
    r"|^\s*(?:def|class|import|from|return|if|elif|else|for|while|try|except|finally|with"
    r"|public|private|static|void|int|var|const|let|function)\b.*[:;{(]"
    r"|^\s*[\w.\[\]'\"]+\s*[+\-*/]?=\s*\S|^[+\-<>!] |^[+\-]$"
    r"|^(?:\+\+\+|---|@@|Index:|diff |={5,}|\?\s\S)|^\s*\w[\w.]*\(.*\)\s*$"
    r"|^\s*>{3}\s|^\s*\.\.\.\s|^\$\s|^\S+[$#%>]\s"
    r"|^\[?\d{1,2}:\d\d(?::\d\d)?\]?\s+[<*(]"
)
# A document's copyright line ("Copyright (C) 2004 Antti Niemistö", "Copyright 2009-2011 ...",
# "(c) 2012 Intel Corporation"): a README or a licence someone wrote, sent as a file.
_COPYRIGHT_LINE = re.compile(r"^\s*(?:copyright\b\s*(?:\(c\)|©)?|\(c\)|©)\s*\d{4}", re.IGNORECASE)


def is_sentence(line: str) -> bool:
    """A line of prose: several words, most of its tokens plain words."""
    tokens = line.split()
    if len(tokens) < MIN_SENTENCE_WORDS:
        return False
    words = sum(1 for token in tokens if p.PROSE_WORD.fullmatch(token))
    return words >= MIN_SENTENCE_WORDS and words >= MIN_SENTENCE_WORD_SHARE * len(tokens)


def is_code_line(line: str) -> bool:
    """A line of code, a diff, a session or a log."""
    return _CODE_LINE.search(line) is not None or p.MACHINE_LINE.match(line) is not None


def reads_as_file(lines: list[str]) -> bool:
    """Whether the own lines of a part (its quotes set aside) read as a file rather than a
    person's text."""
    if not lines:
        return False
    if len(lines) > MAX_TAIL_LINES or _FILE_OPENING.match(lines[0]):
        return True
    if len(lines) >= MIN_LINES_FOR_PROSE_TEST and any(map(_COPYRIGHT_LINE.match, lines)):
        return True
    code = [is_code_line(line) for line in lines]
    if sum(code) >= MIN_CODE_SHARE * len(lines):
        return True
    if len(lines) < MIN_LINES_FOR_PROSE_TEST:
        return False
    sentences = sum(
        1 for line, is_code in zip(lines, code, strict=True) if not is_code and is_sentence(line)
    )
    return sentences < MAX_PROSE_SHARE * len(lines)


def label_inline_attachments(body: Body, labels: list[LineLabel]) -> None:
    """Relabel as attachment the parts under Pipermail's notices that read as files."""
    if _PART_LINE_START not in body.text:
        return
    stripped = body.stripped
    # (the lines that open with the notice's dashes are found in C; most bodies hold one,
    # the "An HTML attachment was scrubbed" notice, with no text part under it)
    starts = [
        index
        for index in compress(count(), map(str.startswith, stripped, repeat(_PART_LINE_START)))
        if p.PIPERMAIL_PART.match(stripped[index])
    ]
    if not starts or OWN not in labels[: starts[0]]:
        return
    for position, notice in enumerate(starts):
        start = notice + max(1, pipermail_notice_at(body, notice))
        end = starts[position + 1] if position + 1 < len(starts) else body.n
        part = [k for k in range(start, end) if stripped[k] and labels[k] in _FILE_TEXT]
        if any(labels[k] is ATTRIBUTION for k in part):
            continue  # a reply that goes on in a part of its own, quotes and all
        own = [body.lines[k].rstrip() for k in part if labels[k] is OWN]
        if reads_as_file(own):
            for index in part:
                labels[index] = ATTACHMENT
