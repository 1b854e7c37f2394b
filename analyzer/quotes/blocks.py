"""Blocks a sender marked as pasted: their lines take the block's status, not their own.

The prose rules judge line by line and paragraph by paragraph, so a line of code that reads
as words (``void log(Msg msg, Entry... e)``, ``print 'Lost connection. Reason:', reason``)
counted as prose inside a block of code. The sender marked the block: a Markdown fence
(everything between two ``` lines is code, whatever it reads as), an indent of four spaces
or a tab, or two rules (``====``) around it. An indented or ruled block most of whose lines
are already judged code (or are statements) is code as a whole; a line in it that reads as
the sender's sentence (opens with a capital or ends as a sentence does) stays.
"""

from __future__ import annotations

import re

from analyzer.quotes.source_code import is_statement, reads_as_sentence

# A fence: three backticks or more (or three tildes: more underline a heading) and maybe a language's name ("```cpp", "~~~ python").
_FENCE = re.compile(r"[ \t]*(?:`{3,}|~{3}(?!~))[ \t]*[\w+#.-]*[ \t]*$")
# A rule: a line of one sign repeated ("=====", "-----", "*****"), nothing else.
_RULE = re.compile(r"[ \t]*(?:={4,}|-{4,}|\*{4,}|_{4,}|#{4,})[ \t]*$")
_INDENTED = re.compile(r"(?: {4}|\t)[ \t]*\S")
# A block is code when this share of its lines (blank ones aside) is, and this many at least.
CODE_SHARE = 0.5
MIN_CODE_LINES = 2


def may_hold_blocks(text: str) -> bool:
    """Whether the text may hold a fence, a rule or an indented line (found in C)."""
    return "```" in text or "~~~" in text or "\n    " in text or "\n\t" in text or "====" in text


def drop_fenced(lines: list[str], keep: list[bool]) -> None:
    """Leave out the lines of each fenced block and its fences; a fence that no other closes
    fences nothing (a sender who typed ``` in a sentence)."""
    opened = -1
    for index, line in enumerate(lines):
        if "`" not in line and "~" not in line:
            continue
        if _FENCE.fullmatch(line) is None:
            continue
        if opened < 0:
            opened = index
            continue
        for inside in range(opened, index + 1):
            keep[inside] = False
        opened = -1


def drop_code_blocks(lines: list[str], keep: list[bool]) -> None:
    """Indented blocks and blocks between two rules whose lines are mostly code already: all
    their lines but the sender's sentences."""
    for start, end in [*_indented_blocks(lines), *_ruled_blocks(lines)]:
        filled = [index for index in range(start, end) if lines[index].strip()]
        code = sum(not keep[index] or is_statement(lines[index]) for index in filled)
        if code >= MIN_CODE_LINES and code >= CODE_SHARE * len(filled):
            for index in filled:
                if keep[index] and not reads_as_sentence(lines[index]):
                    keep[index] = False


def _indented_blocks(lines: list[str]) -> list[tuple[int, int]]:
    """(start, end) of each run of indented lines, the blank lines between them counted in,
    under a line that is not indented (or the text's start)."""
    blocks = []
    index = 0
    n = len(lines)
    while index < n:
        if _INDENTED.match(lines[index]) is None:
            index += 1
            continue
        start = end = index
        while index < n and (not lines[index].strip() or _INDENTED.match(lines[index])):
            if lines[index].strip():
                end = index + 1
            index += 1
        blocks.append((start, end))
    return blocks


def _ruled_blocks(lines: list[str]) -> list[tuple[int, int]]:
    """(start, end) of the lines between each pair of rules, the rules counted in."""
    rules = [index for index, line in enumerate(lines) if _RULE.fullmatch(line)]
    return [(first, second + 1) for first, second in zip(rules[::2], rules[1::2], strict=False)]
