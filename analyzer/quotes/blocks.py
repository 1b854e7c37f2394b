"""Blocks a sender marked as pasted: their lines take the block's status, not their own.

The prose rules judge line by line and paragraph by paragraph, so a line of code that reads
as words (``void log(Msg msg, Entry... e)``, ``print 'Lost connection. Reason:', reason``)
counted as prose inside a block of code. The sender marked the block: a Markdown fence
(everything between two ``` lines is code, whatever it reads as), an indent of four spaces
or a tab, two rules (``====``) around it, or braces. An indented or ruled block most of whose lines
are already judged code (or are statements) is code as a whole; a line in it that reads as
the sender's sentence (opens with a capital or ends as a sentence does) stays.
"""

from __future__ import annotations

import re

from analyzer.quotes.source_code import is_comment, is_statement, reads_as_sentence

# A fence: three backticks or more (or three tildes: more underline a heading) and maybe a language's name ("```cpp", "~~~ python").
_FENCE = re.compile(r"[ \t]*(?:`{3,}|~{3}(?!~))[ \t]*[\w+#.-]*[ \t]*$")
# A rule: a line of one sign repeated ("=====", "-----", "*****"), nothing else.
_RULE = re.compile(r"[ \t]*(?:={4,}|-{4,}|\*{4,}|_{4,}|#{4,})[ \t]*$")
_INDENTED = re.compile(r"(?: {4}|\t)[ \t]*\S")
# A block is code when this share of its lines (blank ones and comments aside) is, and this
# many at least; a paragraph in it, when this share is (one line at least) or this many are.
CODE_SHARE = 0.5
MIN_CODE_LINES = 2
MAX_BRACED_LINES = 200


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
    """Indented blocks, blocks between two rules and blocks in braces whose lines are mostly code already (a
    comment aside): the lines of their paragraphs that hold code too, but the sender's
    sentences (a paragraph of prose indented among code, a list of bullets, stays)."""
    blocks = [*_indented_blocks(lines), *_ruled_blocks(lines), *_braced_blocks(lines)]
    for start, end in blocks:
        if (
            not any(keep[start:end])
            or sum(1 for line in lines[start:end] if line.strip()) < MIN_CODE_LINES
        ):
            continue  # nothing left to drop, or too short to be mostly code (MIN_CODE_LINES)
        kinds = [_kind(lines[index], keep[index]) for index in range(start, end)]
        if not _mostly_code([kind for kind in kinds if kind], MIN_CODE_LINES):
            continue
        paragraph: list[int] = []
        for offset, kind in enumerate([*kinds, ""]):
            if kind:
                paragraph.append(offset)
                continue
            here = [kinds[number] for number in paragraph]
            if here.count("c") >= MIN_CODE_LINES or _mostly_code(here, 1):
                for number in paragraph:
                    index = start + number
                    if keep[index] and not reads_as_sentence(lines[index]):
                        keep[index] = False
            paragraph = []


def _kind(line: str, kept: bool) -> str:
    """'c' for a line already left out or a statement, '#' for a comment, 'p' for another
    line, '' for a blank one."""
    if not line.strip():
        return ""
    if not kept:
        return "c"
    if is_comment(line):
        return "#"
    return "c" if is_statement(line) else "p"


def _mostly_code(kinds: list[str], least: int) -> bool:
    code = kinds.count("c")
    return code >= least and code >= CODE_SHARE * (len(kinds) - kinds.count("#"))


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


def _braced_blocks(lines: list[str]) -> list[tuple[int, int]]:
    """(start, end) of each outermost block a line that ends with ``{`` opens, up to the line
    whose ``}`` closes it (pseudo-code in braces: "while(1) { call recv() }"), at most
    MAX_BRACED_LINES long."""
    blocks = []
    index = 0
    n = len(lines)
    while index < n:
        if not lines[index].rstrip().endswith("{"):
            index += 1
            continue
        depth = 0
        for close in range(index, min(n, index + MAX_BRACED_LINES)):
            depth += lines[close].count("{") - lines[close].count("}")
            if depth <= 0:
                blocks.append((index, close + 1))
                index = close
                break
        index += 1
    return blocks


def _ruled_blocks(lines: list[str]) -> list[tuple[int, int]]:
    """(start, end) of the lines between each pair of rules, the rules counted in; a rule
    under a heading (a line alone in its paragraph) underlines it and bounds nothing."""
    rules = [
        index
        for index, line in enumerate(lines)
        if _RULE.fullmatch(line) and not _underlines(lines, index)
    ]
    return [(first, second + 1) for first, second in zip(rules[::2], rules[1::2], strict=False)]


def _underlines(lines: list[str], index: int) -> bool:
    above = lines[index - 1].strip() if index else ""
    return (
        bool(above)
        and _RULE.fullmatch(above) is None
        and (index < 2 or not lines[index - 2].strip())
    )
