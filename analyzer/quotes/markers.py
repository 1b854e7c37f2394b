"""Lines whose leading `>` or `|` does not mean what it seems.

`>From ` is an mbox escape; `>>>` lines next to unmarked text are interpreter prompts; `> $ cmd`
under "...I have:" shows a terminal; and a run of `| text` lines (one pipe only, so not a
table) is a quote in the style of some older clients, unless it reads as the sender's own
code, log or program report that no ancestor holds.
"""

from __future__ import annotations

import re

from analyzer.quotes import patterns as p
from analyzer.quotes.ancestry import REPEATED_SHARE, AncestorIndex
from analyzer.quotes.labelling import is_code_statement
from analyzer.quotes.structures import Body, markers

_SUPERCITE = re.compile(r"^([A-Za-z][\w.-]{0,14})>(?:\s|>|$)")
# a leading newline lets the regex engine skip from line break to line break at C speed
_SUPERCITE_ANYWHERE = re.compile(r"\n[ \t]*[A-Za-z][\w.-]{0,14}>")
_WROTE = re.compile(r"wrote|writes|said|schrieb")
# A `>` that begins a line and is glued to a word (found in C before any line is looked at).
# A quoted line of prose holds at least this many plain words.
MIN_PROSE_WORDS = 3


def _unmark(body: Body, index: int) -> None:
    body.depth[index] = 0
    body.content[index] = body.stripped[index]


def fix_markers(body: Body, ancestors: AncestorIndex | None = None) -> None:
    """Correct the quote depth of the lines that start with `>` or `|` (in place);
    `ancestors` tell a `|` quote from the sender's own `|` lines that no ancestor holds."""
    stripped = body.stripped
    escapes: list[int] = []
    prompts: set[int] = set()
    shell = False
    text = body.text
    # each line sought below holds one of these strings: most bodies hold none of them
    may_hold_any = ">From " in text or ">>>" in text or "$ " in text
    for index in body.marked if may_hold_any else ():
        line = stripped[index]
        second = line[1:2]
        if second == "F" and line.startswith(">From "):
            escapes.append(index)
        elif second == ">" and _is_prompt(line):
            prompts.add(index)
        elif not shell and body.content[index].startswith("$ "):
            shell = True
    if body.marked and _glued_marker(body):
        _wrapped_brackets(body)
    if escapes:
        _from_escapes(body, escapes)
    if prompts:
        _interpreter_prompts(body, prompts)
    if shell:
        _pasted_shell(body, body.marked)
    if body.piped:
        _pipe_quotes(body, body.piped, ancestors)
    _supercite_quotes(body)


def _glued_marker(body: Body) -> bool:
    """Whether a line opens with `>` glued to what follows (`>;tag=9b0c`): read on the marked
    lines alone (a search of the whole text took 4% of quote removal's regex time)."""
    lines = body.lines
    for index in body.marked:
        line = lines[index].lstrip(" \t")
        second = line[1:2]
        if line[:1] == ">" and second and not second.isspace() and second not in "<>":
            return True
    return False


def _wrapped_brackets(body: Body) -> None:
    """A `>` glued to what follows, inside unmarked lines, under a line that left a `<` open:
    the closing bracket of an address a log or a header wrapped (`To: <sip:1234@host` /
    `>;tag=9b0c5d3e`), not a quote marker."""
    stripped = body.stripped
    depth = body.depth
    last = body.n - 1
    for index in body.marked:
        line = stripped[index]
        if len(line) < 2 or line[1] in " ><" or not 0 < index < last:
            continue
        above = stripped[index - 1]
        if depth[index - 1] or depth[index + 1] or not above or not stripped[index + 1]:
            continue
        if above.rfind("<") > above.rfind(">"):
            _unmark(body, index)


def _supercite_quotes(body: Body) -> None:
    """`Herbert> text` quotes (Emacs supercite): the lines under a quoting prefix
    (`supercite_prefixes`) are quoted once, and more if markers follow the prefix."""
    stripped = body.stripped
    for prefix, lines in supercite_prefixes(body).items():
        for index in lines:
            body.depth[index], body.content[index] = supercite_marks(stripped[index], prefix)


def may_supercite(text: str) -> bool:
    """Whether a body may quote in supercite style: a line opens with a word and `>` (a quick
    search, before any line is looked at)."""
    return bool(_SUPERCITE_ANYWHERE.search(text) or _SUPERCITE.match(text.lstrip()))


def supercite_prefix(line: str) -> str | None:
    """The `Herbert>` prefix a stripped line opens with, lower case; None for none."""
    match = _SUPERCITE.match(line) if ">" in line[:17] and line[:1].isalpha() else None
    return match.group(1).lower() if match else None


def supercite_marks(line: str, prefix: str) -> tuple[int, str]:
    """The quote depth and the text of a stripped line under the quoting ``prefix`` (lower
    case): one level for the prefix, more for the markers after it (`Herbert> > text`)."""
    rest = line[len(prefix) + 1 :].strip()
    depth, content = markers(rest) if rest.startswith(">") else (0, rest)
    return depth + 1, content.strip()


def supercite_prefixes(body: Body) -> dict[str, list[int]]:
    """The `Herbert>` prefixes (lower case) that quote (Emacs supercite), with their lines: the
    prefix is the quoted author's name, so it must appear in an attribution line of the message
    (or read as a name on lines of prose, or open right under an attribution), and on two lines
    at least."""
    stripped = body.stripped
    found: dict[str, list[int]] = {}
    if not may_supercite(body.text) and not _SUPERCITE.match(stripped[0]):
        return {}
    for index, line in enumerate(stripped):
        if (prefix := supercite_prefix(line)) is not None:
            found.setdefault(prefix, []).append(index)
    prefixes = [prefix for prefix, lines in found.items() if len(lines) >= 2]
    if not prefixes:
        return {}
    attributions_as_written = " ".join(
        stripped[k] for k in range(body.n) if body.colon[k] and _WROTE.search(stripped[k].lower())
    )
    attributions = attributions_as_written.lower()
    initials = _initials(attributions_as_written)
    return {
        prefix: found[prefix]
        for prefix in prefixes
        if prefix in initials
        or re.search(r"\b" + re.escape(prefix) + r"\b", attributions)
        or _opens_under_attribution(body, found[prefix])
        or _reads_as_named_quote(body, found[prefix])
    }


def _opens_under_attribution(body: Body, lines: list[int]) -> bool:
    """Whether a prefix's first two lines follow each other right under an attribution ("Ann
    wrote:"): the prefix is then a quote's, whatever its letters (Michael Richardson's Gnus
    writes his own initials, `mcr>`, before the text he answers)."""
    first = lines[0]
    if first == 0 or lines[1] != first + 1:
        return False
    above = body.stripped[first - 1]
    return body.colon[first - 1] and _WROTE.search(above.lower()) is not None


_NAME_PREFIX = re.compile(r"[A-Z][a-z]+|[A-Z]{1,3}")


def _reads_as_named_quote(body: Body, lines: list[int]) -> bool:
    """Whether a prefix is a name or initials (`Donovan>`, `BI>`, as supercite and The Bat!
    write them) on consecutive lines of prose: a quote even where no attribution names the
    quoted author. A program's prompt (`IDL>`, `ftp>`) stands before commands."""
    first = body.stripped[lines[0]]
    prefix = first[: first.index(">")]
    if not _NAME_PREFIX.fullmatch(prefix) or lines[1] != lines[0] + 1:
        return False
    texts = [body.stripped[k][len(prefix) + 1 :] for k in lines]
    prose = sum(1 for text in texts if len(p.PROSE_WORD.findall(text)) >= MIN_PROSE_WORDS)
    return prose * 2 > len(texts)


_CAPITALISED = re.compile(r"\b[A-Z][a-z]+")


def _initials(text: str) -> set[str]:
    """Initials of the names an attribution holds, lower-cased: "jl" for "Jonathan Lange",
    "g" for "Glyph" (Gnus writes "JL>" and "G>" for them)."""
    words = [match.group(0) for match in _CAPITALISED.finditer(text)]
    found: set[str] = set()
    for start in range(len(words)):
        for length in (1, 2, 3):
            if start + length <= len(words):
                found.add("".join(word[0] for word in words[start : start + length]).lower())
    return found


def _from_escapes(body: Body, escapes: list[int]) -> None:
    depth = body.depth
    for index in escapes:
        before = index > 0 and depth[index - 1] > 0
        after = index + 1 < body.n and depth[index + 1] > 0
        if not (before and after):
            _unmark(body, index)


def _is_prompt(line: str) -> bool:
    if not line.startswith(">>>") or line.startswith(">>>>"):
        return False
    rest = line[3:]
    return (not rest or rest[0] == " ") and p.INTERPRETER_CODE.match(rest.strip()) is not None


def _interpreter_prompts(body: Body, prompts: set[int]) -> None:
    """A run of `>>>` code lines (with the output between them) that touches unmarked text."""
    stripped = body.stripped
    depth = body.depth
    done: set[int] = set()
    for start in sorted(prompts):
        if start in done:
            continue
        end = start
        while end < body.n and (end in prompts or (stripped[end] and depth[end] == 0)):
            end += 1
        touches = (start > 0 and stripped[start - 1] != "" and depth[start - 1] == 0) or any(
            depth[k] == 0 and k not in prompts for k in range(start, end)
        )
        for k in range(start, end):
            done.add(k)
            if touches and k in prompts:
                _unmark(body, k)


def _pasted_shell(body: Body, marked: list[int]) -> None:
    """`> $ command` lines right under a line ending with a colon, not an attribution."""
    handled = -1
    for index in marked:
        if index <= handled or body.depth[index] != 1 or not body.content[index].startswith("$ "):
            continue
        before = index - 1
        while before >= 0 and not body.stripped[before]:
            before -= 1
        end = index
        while end < body.n and body.depth[end] == 1:
            end += 1
        handled = end
        above = body.stripped[before] if before >= 0 else ""
        if (
            above.endswith(":")
            and body.depth[before] == 0
            # ("Ann wrote:" introduces Ann's words, her session among them)
            and not p.ATTRIBUTION_VERB_END.search(above.lower())
        ):
            for k in range(index, end):
                _unmark(body, k)


def _is_pipe_line(line: str) -> bool:
    return (line.startswith("| ") or line == "|") and line.count("|") == 1


def _is_glued_pipe_line(line: str) -> bool:
    """`|text`, the pipe glued to the text (not a tree's `|--` nor a table's `|a|b|`)."""
    return line[:1] == "|" and line[1:2] not in _NOT_GLUED_TEXT and line.count("|") == 1


_NOT_GLUED_TEXT = frozenset(("-", "_", "=", "+", "|", " ", ""))


def _under_attribution(body: Body, index: int) -> bool:
    """The line above `index` (blank lines passed over) says that someone wrote."""
    above = index - 1
    while above >= 0 and not body.stripped[above]:
        above -= 1
    return (
        above >= 0 and body.colon[above] and _WROTE.search(body.stripped[above].lower()) is not None
    )


PIPE_QUOTE_WORDS = 3


def _prose_words(line: str) -> int:
    """Plain words of a line: a diagram's `| DS2 ----> BLOC2` or a rule `| - - -` has none."""
    return sum(1 for token in line.split() if p.PROSE_WORD.fullmatch(token))


def _pipe_quotes(body: Body, piped: list[int], ancestors: AncestorIndex | None) -> None:
    """Runs of two or more `| text` lines, one of them with some words, are quotes, and so is
    one such line right under an attribution; once one run is, so are the other `| text`
    runs of the body (a reply that answers quoted questions one by one). Runs of `|text`
    lines (the pipe glued to the text) are quotes right under an attribution. A run that
    reads as the sender's own program text (`_own_pipe_runs`) is no quote."""
    stripped = body.stripped
    runs: list[tuple[int, int, bool]] = []  # (first, past the last, a quote on its own)
    handled = -1
    for index in piped:
        if index <= handled:
            continue
        if _is_pipe_line(stripped[index]):
            is_quote_line = _is_pipe_line
        elif _is_glued_pipe_line(stripped[index]) and _under_attribution(body, index):
            is_quote_line = _is_quoted_pipe_line
        else:
            continue
        end = index
        while end < body.n and is_quote_line(stripped[end]):
            end += 1
        handled = end
        if end - index >= 2:
            alone = any(len(stripped[k].split()) >= 4 for k in range(index, end))
        else:  # one `| text` line: a quote under an attribution
            alone = (
                is_quote_line is _is_pipe_line
                and _prose_words(stripped[index]) >= PIPE_QUOTE_WORDS
                and _under_attribution(body, index)
            )
        runs.append((index, end, alone))
    if runs:
        own = _own_pipe_runs(body, [(first, end) for first, end, _ in runs], ancestors)
        runs = [run for run in runs if run[:2] not in own]
    if not any(alone for _, _, alone in runs):
        return
    for first, end, alone in runs:
        if alone or any(_prose_words(stripped[k]) >= PIPE_QUOTE_WORDS for k in range(first, end)):
            for k in range(first, end):
                body.depth[k] = 1
                body.content[k] = stripped[k][1:].strip()


def _is_quoted_pipe_line(line: str) -> bool:
    return _is_pipe_line(line) or _is_glued_pipe_line(line)


# Rows of a program's report ("Number of unique tags : 0", "mac-addr0: 00:80:2f"): a short
# field name, a colon, a value of a few tokens.
_FIELD_ROW = re.compile(r"^[A-Za-z][\w /().-]{0,40}?\s*:\s+\S+(?:\s+\S+){0,3}$")
# A log line that begins with its level (BitBake's `| DEBUG: Executing ...`).
_LEVEL_PREFIX = re.compile(r"^(?:DEBUG|NOTE|INFO|WARNING|WARN|ERROR|FATAL|CRITICAL):\s")
_PREPROCESSOR = re.compile(r"^#\s*(?:define|include|if|ifdef|ifndef|endif|else|undef)\b")
_ALNUM = re.compile(r"[^\W_]")


def _reads_as_program_text(line: str) -> bool:
    """Code, a log line or a field of a program's report: what a sender pastes or writes
    after a `|` of their own (a quoted message reads as prose)."""
    return (
        is_code_statement(line)
        or _PREPROCESSOR.match(line) is not None
        or _LEVEL_PREFIX.match(line) is not None
        or _FIELD_ROW.match(line) is not None
        or p.MACHINE_LINE.match(line) is not None
    )


def _in_pasted_output(body: Body, first: int, end: int) -> bool:
    """Whether an unmarked line of program text touches the run, above or below, with no
    blank line between: the run is part of a log the sender pasted (BitBake prints its task
    log as `| ` lines between its own `ERROR:` lines)."""
    return any(
        0 <= k < body.n
        and body.depth[k] == 0
        and not body.stripped[k].startswith("|")
        and _reads_as_program_text(body.stripped[k])
        for k in (first - 1, end)
    )


def _own_pipe_runs(
    body: Body, runs: list[tuple[int, int]], ancestors: AncestorIndex | None
) -> set[tuple[int, int]]:
    """Runs of `| text` lines that are the sender's own: most of their lines with words read
    as code, a log or a program's report (`| Number of unique tags : 0` under a pasted RFID
    reader's output, `| from twisted.words import service`), or the run is glued to a log
    the sender pasted, and no ancestor holds them. No run is, when one of them sits under an
    attribution: that message quotes with `|`."""
    if any(_under_attribution(body, first) for first, _ in runs):
        return set()
    own: set[tuple[int, int]] = set()
    for first, end in runs:
        texts = [body.stripped[k][1:].strip() for k in range(first, end)]
        worded = [text for text in texts if _ALNUM.search(text)]
        program = sum(1 for text in worded if _reads_as_program_text(text))
        if not worded or (program * 2 <= len(worded) and not _in_pasted_output(body, first, end)):
            continue
        held = ancestors.overlap(texts, REPEATED_SHARE) if ancestors is not None else None
        if held is None or held < REPEATED_SHARE:
            own.add((first, end))
    return own
