"""What of a sender's own text is prose: the words a debate is made of, less machine output.

A pasted log, a stack trace, a patch or a configuration dump stays in `authored` (it is what
the sender sent), but its tokens are no one's words: counted, the two largest log pastes of
clearwater made 12% of its words, and the patches of openbmc 46% of its. Three kinds of lines
are left out of the count and of the text that topic discovery reads:

- lines of a patch: from a diff's first line (``diff --git``, ``--- a/``, ``Index:``, a hunk's
  ``@@``) as long as the lines keep a diff's shape, and a diffstat (`` foo.c | 12 +++--``);
- paragraphs of three lines or more in which few tokens are plain words (a log whose wrapped
  lines begin with no time stamp, SDP and XML, `apt` output, Ruby frames behind a bullet);
- single lines of machine output elsewhere (`patterns.MACHINE_LINE`: a time-stamped log line,
  a Python, Java or Ruby stack frame, a SIP or HTTP header line).
"""

from __future__ import annotations

import re
import string

from analyzer.quotes import patterns as p

_PUNCTUATION_BYTES = string.punctuation.encode("ascii")

# A plain word as a token: letters (an apostrophe inside), maybe opened by a bracket or quote
# and closed by punctuation ("words," "(see" "don't"); not a path, an address, a number.
# (`patterns.PROSE_WORD` matches one token at a time; this one is found in a whole paragraph
# by one C scan, and takes "I" and "a" too, which output rarely holds.)
_PLAIN_WORD = re.compile(r"(?<!\S)[(\"'`]?[A-Za-z][a-z']*[,.;:!?)\"'`]*(?!\S)")
# Below this share of lines that read as prose (more than half their tokens plain words), a
# paragraph of MIN_PARAGRAPH_LINES lines or more is output.
PROSE_SHARE = 0.4
MIN_PARAGRAPH_LINES = 3
# Prose holds few signs: a paragraph with fewer (per character) is not judged by its words,
# nor a text with fewer than MIN_SIGNS in all.
SIGN_SHARE = 0.04
MIN_SIGNS = 20
_PROSE_BYTES = bytes(
    [*b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz \t\n\r.,;:'\"!?()-", *range(128, 256)]
)
# A line of such a paragraph that is a sentence of its own: this many tokens, nearly all words.
SENTENCE_TOKENS = 5
SENTENCE_SHARE = 0.8

_DIFF_START = re.compile(
    r"^(?:diff --git |diff -[a-zA-Z]+ \S|Index: \S|--- a/\S|--- \S+\s+\d{4}-\d\d-\d\d"
    r"|@@ -\d+(?:,\d+)? \+\d+(?:,\d+)? @@)"
)
# The lines a diff is made of once it has begun (an empty line is a context line whose space
# the mail client dropped).
_DIFF_LINE = re.compile(
    r"^(?:[-+ \\]|@@ |diff |index [0-9a-f]|new file mode|deleted file mode|similarity index"
    r"|dissimilarity index|rename (?:from|to) |copy (?:from|to) |old mode|new mode"
    r"|Binary files|={20,}$|RCS file: |retrieving revision |$)"
)
_DIFFSTAT = re.compile(r"^ \S.*\|\s+(?:\d+ ?[-+]*|Bin\b.*)$|^ \d+ files? changed\b")


def prose_lines(lines: list[str]) -> list[bool]:
    """For each line, whether it is prose (blank lines are not)."""
    return _prose_lines(lines, "\n".join(lines))


def _prose_lines(lines: list[str], text: str) -> list[bool]:
    keep = [bool(line.strip()) for line in lines]
    if _may_hold_patch(text):
        _drop_patches(lines, keep)
    if _may_hold_output_paragraphs(text):
        _drop_output_paragraphs(lines, keep)
    if _may_hold_machine_lines(text):
        _drop_machine_lines(lines, keep)
    return keep


def prose_text(text: str) -> str:
    """The text without its machine output, lines joined as they were."""
    lines = text.split("\n")
    keep = _prose_lines(lines, text)
    return "\n".join(line for line, kept in zip(lines, keep, strict=True) if kept)


def count_prose_words(text: str) -> int:
    """`count_words` of the prose of a text (most texts are all prose: told in a few scans)."""
    return count_words(prose_text(text) if may_hold_output(text) else text)


def may_hold_output(text: str) -> bool:
    """Whether some of the text may be no prose (else all of it is, told in a few scans)."""
    return (
        _may_hold_patch(text) or _may_hold_output_paragraphs(text) or _may_hold_machine_lines(text)
    )


def prose_words(text: str) -> list[bytes]:
    """The words `count_prose_words` counts, in lower case: what tells whether a sender said
    the same thing twice (`analyzer.repeats`)."""
    if may_hold_output(text):
        text = prose_text(text)
    raw = text.lower().encode("utf-8", "surrogatepass")
    return raw.translate(None, _PUNCTUATION_BYTES).split()


def _may_hold_patch(text: str) -> bool:
    return "diff " in text or "@@ -" in text or "--- " in text or "Index: " in text or " | " in text


def count_words(text: str) -> int:
    """Word tokens: white-space separated tokens that hold more than ASCII punctuation.

    The punctuation is deleted through a byte table first, so that `--` or `|` do not count.
    """
    raw = text.encode("utf-8", "surrogatepass")
    return len(raw.translate(None, _PUNCTUATION_BYTES).split())


def _may_hold_output_paragraphs(text: str) -> bool:
    """Whether a paragraph may read as output: the text holds some of its signs (digits,
    slashes, brackets, `=`, `_`), counted in C."""
    return text.count("\n") + 1 >= MIN_PARAGRAPH_LINES and _signs(text) >= MIN_SIGNS


def _signs(text: str) -> int:
    """Bytes of the text that are neither letters, white space nor a sentence's punctuation."""
    return len(text.encode("utf-8", "surrogatepass").translate(None, _PROSE_BYTES))


_CLOCK = re.compile(r":\d\d")  # a literal first: the scan jumps from colon to colon
_BRACKETED_MARK = re.compile(
    r"\.\d{6}\]|\[(?:TRACE|DEBUG|INFO|NOTICE|WARN|WARNING|ERROR|FATAL|CRITICAL)\]"
)


def _may_hold_machine_lines(text: str) -> bool:
    """False only when no line can be machine output: each kind holds one of these marks (a
    clock's ``:42``, a Java frame's ``.java:12``, ``", line 3``, ``SIP/2.0``, ``HTTP/1.1``,
    the kernel's ``12.345678]``, a level's ``[ERROR]``, dpkg's ``ii  ``)."""
    return (
        _CLOCK.search(text) is not None
        or '", line ' in text
        or "/2.0" in text
        or "HTTP/1." in text
        or ("]" in text and _BRACKETED_MARK.search(text) is not None)
        or "ii  " in text
    )


def _drop_patches(lines: list[str], keep: list[bool]) -> None:
    index = 0
    n = len(lines)
    while index < n:
        line = lines[index]
        if _DIFFSTAT.match(line):
            keep[index] = False
        elif line[:1] in "diIf-@" and _DIFF_START.match(line):
            keep[index] = False
            index += 1
            while index < n and _DIFF_LINE.match(lines[index]):
                keep[index] = False
                index += 1
            continue
        index += 1


def _drop_machine_lines(lines: list[str], keep: list[bool]) -> None:
    """Lines of machine output, and the lines wrapped under one (a log record's continuation:
    "137.116.157.174 to IPv4 address"), up to a blank line or a sentence."""
    in_record = False
    for index, line in enumerate(lines):
        if not line.strip():
            in_record = False
        elif p.MACHINE_LINE.match(line):
            keep[index] = False
            in_record = True
        elif in_record and keep[index] and not _is_sentence(line):
            keep[index] = False
        else:
            in_record = False


def _drop_output_paragraphs(lines: list[str], keep: list[bool]) -> None:
    """Paragraphs (blank-line separated, a patch's lines left out) that read as output."""
    start = 0
    n = len(lines)
    while start < n:
        while start < n and not keep[start]:
            start += 1
        end = start
        while end < n and keep[end]:
            end += 1
        if end - start >= MIN_PARAGRAPH_LINES:
            paragraph = "\n".join(lines[start:end])
            if _signs(paragraph) >= SIGN_SHARE * len(paragraph):
                prose = [_reads_as_prose(line) for line in lines[start:end]]
                if sum(prose) < PROSE_SHARE * (end - start):
                    for index in range(start, end):
                        keep[index] = _is_sentence(lines[index])  # ("Below are the packages:")
        start = end


def _is_sentence(line: str) -> bool:
    tokens = len(line.split())
    return tokens >= SENTENCE_TOKENS and len(_PLAIN_WORD.findall(line)) >= SENTENCE_SHARE * tokens


def _reads_as_prose(line: str) -> bool:
    return len(_PLAIN_WORD.findall(line)) * 2 > len(line.split())
