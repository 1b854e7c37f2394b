"""Source code pasted without a marker (no `>`, no fence): no one's words, left out of the count.

A sender who pastes a function, a script or a configuration file sends it, but its tokens
are not what they argued: usrp's C++ pastes and twisted's Python snippets counted as prose
(the paragraphs of signs were already left out: `prose._drop_output_paragraphs`; code reads
as words too: ``return self.factory``, ``else:``). Code is told per run of lines, never per
line: a prose line that names ``foo()`` or ends with ``;`` is one line among prose. A
paragraph is code when most of its lines are statements (comments aside), or a run of
MIN_RUN_LINES statements in a row is; its comments and wrapped tails go with it, and a line
in it that reads as the sender's sentence ("Here is what I run:") stays.
"""

from __future__ import annotations

import re
from collections.abc import Iterator

from analyzer.quotes.patterns import PLAIN_WORD

# A statement of a program (each branch one kind; the line is also no sentence of prose):
_STATEMENT = re.compile(
    r"^[ \t]*(?:"
    # C, C++, Java, JavaScript: a line that ends a statement or opens or closes a block,
    r"[^\n]*[;{][ \t]*$|[})\]][^\n]{0,3}$|\}[ \t]*else\b"
    # the preprocessor, a declaration, a control statement, a chained call, a stream,
    r"|#[ \t]*(?:include|define|undef|ifn?def|if|elif|else|endif|pragma)\b"
    r"|(?:(?:const|static|unsigned|signed|struct|public|private|protected|virtual|extern"
    r"|final|inline)[ \t]+)*(?:int|char|float|double|void|bool|boolean|long|short|size_t"
    r"|u?int\d+_t|auto|var|let|std::\w+(?:<[^>\n]*>)?)[ \t*&]+\w+[ \t]*[=(\[;,]"
    r"|(?:for|while|if|switch|catch)[ \t]*\([^\n]*\)[ \t]*\{?[ \t]*$"
    r"|case[ \t]+[^\n]*[^:]:[ \t]*(?://[^\n]*)?$|default[ \t]*:[ \t]*$"
    r"|(?:<<|&&|\|\|)[ \t]*\S"
    # Python: a definition, an import, a block's head, a decorator, a statement,
    r"|(?:async[ \t]+)?def[ \t]+\w+[ \t]*\("
    r"|class[ \t]+\w+[ \t]*(?:\([^\n]*\))?[ \t]*:[ \t]*$"
    r"|import[ \t]+[\w.]+(?:[ \t]+as[ \t]+\w+)?(?:[ \t]*,[ \t]*[\w.]+)*[ \t]*$"
    r"|from[ \t]+[\w.]+[ \t]+import[ \t]+[\w(*]"
    r"|(?:if|elif|else|while|for|try|except|finally|with)\b[^\n]*:[ \t]*$"
    r"|@[\w.]+(?:\([^\n]*\))?[ \t]*$"
    r"|(?:return|raise|yield|print)\b(?:[ \t]+\S[^\n]*)?$|(?:pass|break|continue)[ \t]*$"
    # an assignment (x = 1, self.x += y, a[3] = f(b), VAR=value), a call alone on its line,
    r"|[\w.\[\]'\"]*\w[\]'\"]?[ \t]*(?:[-+*/|&%]?=[ \t]*[^=\s]|=[^=\s][^\n]*$)"
    r"|[\w.]*\w\([^\n]*\)[;:,]?[ \t]*$"
    r"|\w\S*(?:->|::)\w"
    # markup (<tag attr="x">, </tag>), JSON ("key": value), indented YAML (  key: value).
    r"|</?[\w:.-]+(?:[ \t][^\n]*)?/?>[ \t]*$"
    r"|\"[^\"\n]+\"[ \t]*:[ \t]*\S"
    r"|-?[ \t]*[\w.-]+:(?:[ \t]+\S[^\n]{0,40})?[ \t]*$"
    r")",
    re.MULTILINE,
)
# A comment of a program (// ..., /* ..., * ..., # ...): code among code, nothing among prose.
_COMMENT = re.compile(r"[ \t]*(?://|/\*|\*/|\*[ \t]|#(?![!#]))")
# A YAML key is indented (an unindented "Subject: x" or "Note: y" opens prose).
_UNINDENTED_KEY = re.compile(r"-?[\w.-]+:(?:[ \t]|$)")

# Statements no sentence reads as, though their tokens are words ("from twisted.internet
# import reactor, defer", "def f(self, x):").
_DECLARATION = re.compile(
    r"[ \t]*(?:#[ \t]*(?:include|define|ifn?def|endif|pragma)\b|(?:async[ \t]+)?def[ \t]+\w+[ \t]*\("
    r"|class[ \t]+\w+[ \t]*(?:\([^\n]*\))?[ \t]*:[ \t]*$|from[ \t]+[\w.]+[ \t]+import[ \t]+[\w(*]"
    r"|import[ \t]+[\w.]+(?:[ \t]*,[ \t]*[\w.]+)*[ \t]*$)"
)
# A line that goes on with an operator: the rest of an expression ("<< ID", "&& done").
_OPERATOR = re.compile(r"[ \t]*(?:<<|&&|\|\|)[ \t]*\S")

MIN_RUN_LINES = 3
# A paragraph of code: statements at least this share of its lines (comments aside) and at
# least MIN_STATEMENTS of them.
CODE_SHARE = 0.5
MIN_STATEMENTS = 2
# A line with this many tokens, nearly all of them plain words, is a sentence.
SENTENCE_TOKENS = 5
SENTENCE_SHARE = 0.8


def may_hold_code(text: str) -> bool:
    """Whether the text may hold a statement of a program: one of the signs that most
    pasted code holds (a block's or a statement's end, an assignment, a call, an import)."""
    return (
        ";\n" in text
        or "{" in text
        or "}" in text
        or "= " in text
        or '="' in text
        or "()" in text
        or "import " in text
        or "def " in text
        or "):\n" in text
        or "</" in text
        or "::" in text
        or "->" in text
    )


def _may_hold_lines(paragraph: str) -> bool:
    """Whether a paragraph may hold a statement or a comment (most paragraphs of a text that
    holds code are prose: told in C)."""
    return (
        may_hold_code(paragraph)
        or "#" in paragraph
        or "//" in paragraph
        or "/*" in paragraph
        or ":\n" in paragraph
        or "(" in paragraph
        or "return" in paragraph
    )


def _words(line: str) -> tuple[int, int]:
    return len(PLAIN_WORD.findall(line)), len(line.split())


def _is_sentence(line: str) -> bool:
    words, tokens = _words(line)
    return tokens >= SENTENCE_TOKENS and words >= SENTENCE_SHARE * tokens


def _kind(line: str) -> str:
    """'c' for a statement, '#' for a comment, 'p' for a sentence of prose, '' otherwise; 'x'
    for a line no statement's expression matches, a sentence or not (``_resolved``: only a
    paragraph of code needs to know, and most lines are such)."""
    if _OPERATOR.match(line) or _DECLARATION.match(line):
        return "c"
    if _COMMENT.match(line):
        return "#"
    if _STATEMENT.match(line) is None:
        return "x"
    if _is_sentence(line):
        return "p"
    if not line[:1].isspace() and _UNINDENTED_KEY.match(line) and "=" not in line:
        return ""
    return "c"


def is_statement(line: str) -> bool:
    """Whether a line is a statement of a program (`blocks`: a line that says what an
    indented or ruled block is)."""
    return _kind(line) == "c"


def is_comment(line: str) -> bool:
    """Whether a line is a comment of a program (or a list's bullet: it says nothing)."""
    return _kind(line) == "#"


def reads_as_sentence(line: str) -> bool:
    """Whether a line in a block of code is the sender's: no statement, more words than other
    tokens, and it opens with a capital (maybe behind a bracket) or ends as a sentence does
    ("(This assumes that the value 0 means no label).")."""
    if _kind(line) not in ("x", ""):
        return False
    stripped = line.strip()
    words, tokens = _words(stripped)
    opens = stripped.lstrip("(")[:1].isupper()
    return (opens or stripped[-1:] in ".?!") and words * 2 > tokens


def kept_runs(keep: list[bool]) -> Iterator[tuple[int, int]]:
    """(start, end) of each run of kept lines: the paragraphs the output and code rules
    judge (blank lines, and lines already left out, part them)."""
    n = len(keep)
    start = 0
    while start < n:
        while start < n and not keep[start]:
            start += 1
        end = start
        while end < n and keep[end]:
            end += 1
        if end > start:
            yield start, end
        start = end


def drop_code(lines: list[str], keep: list[bool]) -> None:
    """Leave out (in ``keep``) the paragraphs of code among the kept lines, and runs of
    MIN_RUN_LINES statements in a row inside a paragraph of prose. A paragraph of comments
    and statements alone, too short to judge ("size_t n = v.size();", a comment above the
    next block), is code beside a paragraph of code."""
    paragraphs: list[tuple[int, list[str]]] = []
    for start, end in kept_runs(keep):
        if _may_hold_lines("\n".join(lines[start:end]) + "\n"):
            kinds = [_kind(lines[index]) for index in range(start, end)]
        else:
            kinds = ["p"]  # (a paragraph of prose: no sign of code, told in C)
        paragraphs.append((start, kinds))
    code = [_is_code(kinds) for _, kinds in paragraphs]
    for order in (range(len(code)), range(len(code) - 1, -1, -1)):
        for number in order:
            if not code[number] and _code_alone(paragraphs[number][1]):
                code[number] = any(
                    0 <= other < len(code) and code[other] for other in (number - 1, number + 1)
                )
    for (first, kinds), is_code in zip(paragraphs, code, strict=True):
        if is_code:
            kinds = _resolved(lines, first, kinds)
            for offset, kind in enumerate(kinds):
                above = kinds[offset - 1] if offset else ""
                if kind != "p" and not _introduces(lines[first + offset], kind, above):
                    keep[first + offset] = False
        else:
            _drop_runs(keep, first, kinds)


def _resolved(lines: list[str], first: int, kinds: list[str]) -> list[str]:
    """The kinds of a paragraph's lines, each 'x' told apart: 'p' for a sentence, '' not."""
    return [
        ("p" if _is_sentence(lines[first + offset]) else "") if kind == "x" else kind
        for offset, kind in enumerate(kinds)
    ]


def _is_code(kinds: list[str]) -> bool:
    statements = kinds.count("c")
    judged = len(kinds) - kinds.count("#")
    return statements >= MIN_STATEMENTS and statements >= CODE_SHARE * judged


def _code_alone(kinds: list[str]) -> bool:
    return all(kind in ("c", "#") for kind in kinds)


def _drop_runs(keep: list[bool], start: int, kinds: list[str]) -> None:
    run: list[int] = []
    for offset, kind in enumerate([*kinds, "p"]):
        if kind in ("c", "#"):
            run.append(offset)
            continue
        if len(run) >= MIN_RUN_LINES and [kinds[o] for o in run].count("c") >= MIN_RUN_LINES - 1:
            for index in run:
                keep[start + index] = False
        run = []


def _introduces(line: str, kind: str, above: str) -> bool:
    """Whether a line in a paragraph of code is the sender's, no statement: it reads as
    words and opens with a capital, ends with a colon ("Here is my code:", "Thanks", "to:"),
    or ends the sentence above it ("called.")."""
    if kind:
        return False
    stripped = line.strip()
    words, tokens = _words(stripped)
    opens = stripped.lstrip("(")[:1].isupper() or stripped.endswith(":")
    return (opens or (above == "p" and stripped[-1:] in ".?!")) and words * 2 > tokens
