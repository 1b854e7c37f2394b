"""What of a sender's own text is prose: the words a debate is made of, less machine output.

A pasted log, a stack trace, a patch or a configuration dump stays in `authored` (it is what
the sender sent), but its tokens are no one's words: counted, the two largest log pastes of
clearwater made 12% of its words, and the patches of openbmc 46% of its. Seven kinds of lines
are left out of the count and of the text that topic discovery reads:

- a bug tracker's scaffolding in its notification (`trackers`: Bugzilla's bug link, change
  table, comment heading, new bug's fields and attachment notes; Trac's ticket table and
  change bullets), the commenter's text under it counted;
- lines of a patch: from a diff's first line (``diff --git``, ``--- a/``, ``Index:``, a hunk's
  ``@@``) as long as the lines keep a diff's shape, and a diffstat (`` foo.c | 12 +++--``);
- paragraphs of three lines or more in which few tokens are plain words (a log whose wrapped
  lines begin with no time stamp, SDP and XML, `apt` output, Ruby frames behind a bullet);
- single lines of machine output elsewhere (`patterns.MACHINE_LINE`: a time-stamped log line,
  a Python, Java or Ruby stack frame, a SIP or HTTP header line, an SDP field; and
  `output_lines`' kinds), with the lines wrapped under them; under a tool's error line
  quoted in a sentence's paragraph (``nc: ... failed: Connection refused``, ``fatal: ...``,
  ``exceptions.ImportError: ...``, a Twisted ``[Failure instance: ...]``), only the lines
  that do not read as prose;
- console sessions: a shell prompt's line (``user@host:~$ cmd``, Pipermail's ``user at
  host``) and the output under it, whatever words it prints, up to the sender's prose;
- listings in aligned columns (``monit status``: a name, many spaces, a value), with the
  ``key: value`` lines aligned with them and a table's heads in capitals;
- a paragraph of commands typed without a prompt (``sudo apt-get install x``, ``env save``).

Output that reads as words, printed without a prompt (an ``apt-get`` log pasted alone, a
tool's sentences between blank lines), still counts.
"""

from __future__ import annotations

import re
import string
from collections.abc import Iterator

from analyzer.quotes import patterns as p
from analyzer.quotes.blocks import drop_code_blocks, drop_fenced, may_hold_blocks
from analyzer.quotes.output_lines import (
    is_build_report,
    lone_line_starts,
    may_hold_output_lines,
    output_line_starts,
    repeated_line_numbers,
    tool_line_starts,
)
from analyzer.quotes.source_code import drop_code, kept_runs, may_hold_code
from analyzer.quotes.trackers import may_hold_tracker, tracker_lines

_PUNCTUATION_BYTES = string.punctuation.encode("ascii")

# A log record wraps onto at most this many lines below its first, each under a line this long.
WRAPPED_LINES = 2
WRAP_WIDTH = 60
# A plain word as a token: letters (an apostrophe inside), maybe opened by a bracket or quote
# and closed by punctuation ("words," "(see" "don't"); not a path, an address, a number.
# (`patterns.PROSE_WORD` matches one token at a time; this one is found in a whole paragraph
# by one C scan, and takes "I" and "a" too, which output rarely holds.)
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
# A line of a paragraph of prose holds this many tokens (output's own lines are shorter).
PROSE_LINE_TOKENS = 8

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
    if is_build_report(text):
        return [False] * len(lines)
    keep = [bool(line.strip()) for line in lines]
    blocks = may_hold_blocks(text)
    if blocks:
        drop_fenced(lines, keep)  # (first: a fence's lines are code whatever they read as)
    if may_hold_tracker(text):
        for number in tracker_lines(lines):
            keep[number] = False  # (first: the comment is judged apart from the tables)
    if _may_hold_patch(text):
        _drop_patches(lines, keep)
    if _may_hold_output_paragraphs(text):
        _drop_output_paragraphs(lines, keep)
    marked = _drop_marked_output(lines, keep) if _may_hold_marks(text) else set()
    marked |= set(_line_numbers(text, sorted(set(tool_line_starts(text)))))
    lone = set(_line_numbers(text, sorted(set(lone_line_starts(text)))))
    if marked or lone or _may_hold_machine_lines(text):
        _drop_machine_lines(lines, keep, text, marked, lone)
    prompts = _prompt_starts(text) if _may_hold_prompt(text) else []
    if prompts:
        _drop_sessions(lines, keep, text, prompts)
    if _may_hold_listing(text):
        _drop_listings(lines, keep)
        _drop_column_heads(lines, keep)
    if may_hold_code(text):
        drop_code(lines, keep)
    _drop_commands(lines, keep, text)
    if blocks:
        drop_code_blocks(lines, keep)  # (after the rules that tell what a block's lines are)
    for number in repeated_line_numbers(text):
        keep[number] = False  # (last: a listing's or a program's rows are judged whole first)
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
        is_build_report(text)
        or may_hold_blocks(text)
        or may_hold_tracker(text)
        or _may_hold_patch(text)
        or _may_hold_output_paragraphs(text)
        or _may_hold_machine_lines(text)
        or _may_hold_session(text)
        or _may_hold_listing(text)
        or may_hold_code(text)
        or bool(repeated_line_numbers(text))
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
    an SDP body's ``c=IN IP4``, the kernel's ``12.345678]``, a level's ``[ERROR]``, dpkg's
    ``ii  ``)."""
    return (
        _CLOCK.search(text) is not None
        or '", line ' in text
        or "/2.0" in text
        or "HTTP/1." in text
        or "=IN IP" in text
        or ("]" in text and _BRACKETED_MARK.search(text) is not None)
        or "ii  " in text
        or may_hold_output_lines(text)
    )


# Lines of a SIP or HTTP message that `patterns.MACHINE_LINE` leaves (it serves quote
# detection too): an SDP body's fields (v=0, o=- 1 2 IN IP4 10.0.0.1, c=IN IP4 ..., a=rtpmap:0
# PCMU/8000), a request line whose URI Pipermail wrote with ` at `, and header fields whose
# names are no word of prose (Content-Type, User-Agent, Session-Expires, X-...), or whose
# values are no prose (Reason: SIP;cause=100, Accept: application/sdp, From: name <sip:...>,
# Event: presence). Looked for
# only in a text that holds a SIP or HTTP message (`_may_hold_protocol`).
_PROTOCOL_LINE = re.compile(
    r"[ \t]*(?:[vosiuepcbtrzkam]=\S"
    r"|[A-Z]+ (?:sips?|tel|https?):\S+ at \S+ (?:SIP/2\.0|HTTP/1\.[01])\b"
    r"|(?i:content-(?:type|encoding|disposition|language)|user-agent|session-expires|min-se"
    r"|allow-events|subscription-state|accept-[\w-]+|cache-control|set-cookie|transfer-encoding"
    r"|service-route|refer-to|referred-by|security-(?:client|server|verify)|proxy-[\w-]+"
    r"|authentication-info|retry-after|x-[\w-]+)\s*:"
    r"|(?i:reason)\s*:\s*(?:SIP|Q\.850)\s*;"
    r"|(?i:accept)\s*:\s*[\w*.+-]+/[\w*.+-]+"
    r"|(?i:from|to|path|p-[\w-]+)\s*:[^<\n]*<sips?:"
    r"|(?i:event)\s*:\s*[\w.-]+(?:;\S*)?(?:\^M)?[ \t]*$)"
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


def _may_hold_protocol(text: str) -> bool:
    return "/2.0" in text or "HTTP/1." in text or "=IN IP" in text


def _drop_machine_lines(
    lines: list[str],
    keep: list[bool],
    text: str,
    marked: set[int] | None = None,
    lone: set[int] | None = None,
) -> None:
    """Lines of machine output (and the ``marked`` ones, output behind a mark), and the lines
    wrapped under one (a log record's continuation:
    "137.116.157.174 to IPv4 address", "message 0x7fe8800120d8 for worker threads"), up to a
    blank line, a rule or a sentence of the sender's: one that no record follows (a record
    wrapped at 72 columns reads as one: "remote peer probably closed the socket: Connection
    reset by peer."). Under a ``lone`` line (an error quoted in a sentence's paragraph), only
    lines that do not read as prose are its wrapped rest."""
    protocol = _may_hold_protocol(text)
    lone = lone or set()
    others = set(_line_numbers(text, sorted(set(output_line_starts(text))))) | (marked or set())
    machine = [
        index in others
        or p.MACHINE_LINE.match(line) is not None
        or (protocol and _PROTOCOL_LINE.match(line) is not None)
        for index, line in enumerate(lines)
    ]
    in_record = in_lone = False
    for index, line in enumerate(lines):
        if not line.strip():
            in_record = in_lone = False
        elif machine[index]:
            keep[index] = False
            in_record, in_lone = True, False
        elif index in lone:
            keep[index] = False
            in_lone = not in_record  # (one inside a record goes on with it)
        elif keep[index] and (
            (in_lone and not _reads_as_prose(line) and _SIGNED.match(line) is None)
            or (
                in_record
                and not _closes(lines, index)
                and (not _writes(line) or _wrapped(lines, machine, index))
            )
        ):
            keep[index] = False
        else:
            in_record = in_lone = False


# A sender's name signed under what they pasted ("---Tom", "-- Jane Doe").
_SIGNED = re.compile(r"[ \t]*-{1,3}[ \t]*[A-Z][\w.'-]*(?:[ \t]+[A-Z][\w.'-]*)?[ \t]*$")


def _wrapped(lines: list[str], machine: list[bool], index: int) -> bool:
    """Whether a sentence under a record is one of its wrapped lines: another record comes
    within a line or two below, with no blank line between, or it goes on in lower case
    under a line as long as a mail client wraps."""
    above = lines[index - 1].rstrip()
    if len(above) >= WRAP_WIDTH and line_goes_on(lines[index]):
        return True
    for below in range(index + 1, min(index + 1 + WRAPPED_LINES, len(lines))):
        if machine[below]:
            return True
        if not lines[below].strip():
            return False
    return False


def _drop_output_paragraphs(lines: list[str], keep: list[bool]) -> None:
    """Paragraphs (blank-line separated, a patch's lines left out) that read as output."""
    for start, end in list(kept_runs(keep)):
        if end - start >= MIN_PARAGRAPH_LINES:
            paragraph = "\n".join(lines[start:end])
            if _signs(paragraph) >= SIGN_SHARE * len(paragraph):
                prose = [_reads_as_prose(line) for line in lines[start:end]]
                if sum(prose) < PROSE_SHARE * (end - start):
                    for index in range(start, end):
                        line = lines[index]  # ("Below are the packages:")
                        keep[index] = _is_sentence(line) or _written_sentence(line)


def _written_sentence(line: str) -> bool:
    """Whether a long line among output is a sentence the sender wrote under it, names and
    quoted terms in it ("Each of them corresponds respectively to “GTM0”, “GTM1” and “GTM2”
    sessions as indicated in the schedule."): it opens with a capital, ends with a full stop
    and most of its tokens are words (output prints such lines too, but rarely)."""
    stripped = line.strip()
    return _long_prose(stripped) and stripped[:1].isupper() and stripped[-1:] in ".?!"


def _is_sentence(line: str) -> bool:
    tokens = len(line.split())
    return tokens >= SENTENCE_TOKENS and len(p.PLAIN_WORD.findall(line)) >= SENTENCE_SHARE * tokens


def _reads_as_prose(line: str) -> bool:
    return len(p.PLAIN_WORD.findall(line)) * 2 > len(line.split())


# A shell prompt that opens a line: `user@host:~$`, `root@host:/etc#`, `[node]user at host:~$`
# (Pipermail writes `@` as ` at `), `[user@host dir]$`, `(venv) user@host$`, a bare `$ cmd`, or
# root's bare `# cmd` (only before a command: `# a comment` is none).
_PROMPT = re.compile(
    r"[ \t]*(?:\([\w.-]+\)[ \t]*)?(?:"
    r"(?:\[[\w.-]*\][ \t]?)?[\w.-]+(?:@| at )[\w.-]+(?::[^\s$#]*|[ \t][~/][^\s$#]*)?[ \t]?[$#]"
    r"|\[[\w.-]+(?:@| at )[\w.-]+[ \t][^\]\n]*\][$#]"
    r"|~[^\s$#]*[ \t]?[$#]"
    r"|\$(?=[ \t]+[^\s\d])"
    r"|\#(?=[ \t]+\S)"
    r"|>>>"
    r")(?:[ \t]|$)",
    re.MULTILINE,
)
# A prompt's last sign, before a blank or the end of its line: what the scan looks for first
# (a literal each, found in C), then `_PROMPT` from the start of that line.
_PROMPT_ENDS = (
    ("$", re.compile(r"\$(?=[ \t]|$)", re.MULTILINE)),
    ("#", re.compile(r"#(?=[ \t]|$)", re.MULTILINE)),
    (">>>", re.compile(r"^[ \t]*>>>(?=[ \t]|$)", re.MULTILINE)),
)


def _prompt_starts(text: str) -> list[int]:
    """Where the lines that open with a shell prompt, or a command continued with a
    backslash, begin, in order."""
    return sorted(set(_prompts(text)))


def _may_hold_prompt(text: str) -> bool:
    return "$" in text or "#" in text or ">>>" in text or "\\\n" in text


def _may_hold_session(text: str) -> bool:
    return _may_hold_prompt(text) and next(_prompts(text), None) is not None


# A command typed on lines continued with a backslash, given options ("/tmp/flash_tool \",
# "  --command update \", "  --image image-bmc"): a paste from a terminal, as a prompt is.
# Prose never ends a line with a backslash; a macro's lines do (`#define`: code, told there).
_CONTINUED = re.compile(r"^[ \t]*[^\s#>][^\n]*[ \t]\\\n(?:[^\n]*[ \t]\\\n)*[^\n]*", re.MULTILINE)
_OPTION = re.compile(r"(?<!\S)--?[A-Za-z]")


def _prompts(text: str) -> Iterator[int]:
    """Where lines that open with a shell prompt begin, or a command continued with a
    backslash (a line may come more than once)."""
    for sign, prompt_end in _PROMPT_ENDS:
        if sign in text:
            for match in prompt_end.finditer(text):
                start = text.rfind("\n", 0, match.start()) + 1
                if _is_prompt(text, start):
                    yield start
    if "\\\n" in text:
        for match in _CONTINUED.finditer(text):
            if _OPTION.search(match.group()) is not None:
                yield match.start()


def _is_prompt(text: str, start: int) -> bool:
    """Whether the line at ``start`` opens with a prompt; a bare `$` only before a command,
    not in wrapped prose ("$ is too, and I tried")."""
    prompt = _PROMPT.match(text, start)
    if prompt is None:
        return False
    sign = prompt.group().strip()
    end = text.find("\n", start)
    line = text[start : end if end >= 0 else len(text)]
    if sign == "#":
        return _is_command(line[prompt.end() - start :])
    return sign != "$" or not _is_sentence(line)


def _line_numbers(text: str, positions: list[int]) -> list[int]:
    """The line of each position of the text (positions in order)."""
    numbers = []
    line = last = 0
    for position in positions:
        line += text.count("\n", last, position)
        last = position
        numbers.append(line)
    return numbers


def _drop_sessions(lines: list[str], keep: list[bool], text: str, prompts: list[int]) -> None:
    """A console session: a prompt line (the command typed) and the lines under it, its
    output, whatever words it prints ("member 2f7 is healthy: got healthy result from",
    "Selecting previously unselected package ntp."), up to the next prompt, a rule above
    prose, or the sender's prose: a line that reads as prose after a blank line, a long one
    above another, a blank line or a prompt, or numbered as a step, or a question. A prompt alone above prose starts
    no session."""
    firsts = _line_numbers(text, prompts)
    n = len(lines)
    for number, first in enumerate(firsts):
        keep[first] = False
        if first + 1 < n and _reads_as_prose(lines[first + 1]) and _typed_nothing(lines[first]):
            continue  # (no command, no output: "[homestead]user at homestead-1:~$", "Thanks,")
        stop = firsts[number + 1] if number + 1 < len(firsts) else n
        blank_above = answering = False
        for index in range(first + 1, stop):
            line = lines[index]
            if not line.strip():
                blank_above = True
                continue
            after_blank, blank_above = blank_above, False
            if not keep[index]:
                continue
            if after_blank:
                answering = _asks_answer(lines, index)
            if _closes(lines, index) or (
                _reads_as_prose(line)
                and not answering
                and (
                    after_blank
                    or line.rstrip().endswith("?")
                    or (_NUMBERED.match(line) is not None and _long_prose(line))
                    or (
                        _long_prose(line)
                        and (index + 1 == stop or _ends_paragraph(lines[index + 1]))
                    )
                )
            ):
                break
            keep[index] = False


# A program's question to the one who runs it, and the answer typed ("Do you want to continue?
# [yes/no] yes", "Proceed ([y]/n)?"): no sentence of a sender's holds one.
_ANSWER = re.compile(r"[\[(]\[?(?i:yes|y)\]?/\[?(?i:no|n)\]?[\])]")


def _asks_answer(lines: list[str], index: int) -> bool:
    """Whether the paragraph that opens at a line holds a program's question: it is the
    program's dialogue, output (words) after a blank line in a session."""
    for line in lines[index:]:
        if not line.strip():
            return False
        if "/" in line and _ANSWER.search(line):
            return True
    return False


# The next step of the sender's numbered list ("3) In Terminal Window 2: you can run ..."): a
# long line of prose that opens so ends the output above it.
_NUMBERED = re.compile(r"[ \t]*\(?\d{1,2}[.)][ \t]+[A-Za-z]")


def _typed_nothing(line: str) -> bool:
    """Whether a prompt's line holds the prompt alone."""
    prompt = _PROMPT.match(line)
    return prompt is not None and not line[prompt.end() :].strip()


def _closes(lines: list[str], index: int) -> bool:
    """Whether a line of signs alone ("-----", a docstring's quotes) closes what the sender
    pasted: prose follows it."""
    return (
        index + 1 < len(lines)
        and _ALPHANUMERIC.search(lines[index]) is None
        and _reads_as_prose(lines[index + 1])
    )


_ALPHANUMERIC = re.compile(r"[^\W_]")


def _ends_paragraph(below: str) -> bool:
    """Whether the line below a long line of prose leaves a blank or is another such line
    (output prints a sentence now and then: "After this operation, 247 MB of additional disk
    space will be used.")."""
    return not below.strip() or _long_prose(below)


def _long_prose(line: str) -> bool:
    """A line as long as a paragraph's, most of its tokens plain words."""
    return len(line.split()) >= PROSE_LINE_TOKENS and _reads_as_prose(line)


# A command typed without a prompt: a program's name that opens a line (`sudo`, a package
# manager, a build tool, a shell's builtin, a path to a program), then its arguments.
_PROGRAM = (
    r"(?:sudo|apt-get|apt|yum|dnf|pip3?|npm|git|cmake|make|docker|kubectl|systemctl"
    r"|service|ssh|scp|wget|curl|python[23]?(?:\.\d+)?|ls|cd|mkdir|rm|cp|mv|tar|chmod|chown"
    r"|grep|env|export|cat|twistd|trial|bitbake|easy_install|virtualenv"
    r"|\.{1,2}/[\w.-]+(?:/[\w.-]+)*|/[\w.-]+(?:/[\w.-]+)+)[ \t]+\S"
)
_COMMAND = re.compile(r"[ \t]*" + _PROGRAM)
_COMMAND_LINE = re.compile(r"\n[ \t]*" + _PROGRAM)  # (a literal first: found in C)
# Words that a sentence holds and a command's arguments do not ("make sure that ...",
# "python objects, lists or dictionaries", "trial just hated that").
_FUNCTION_WORD = re.compile(
    r"(?i:a|an|the|this|that|these|those|is|are|was|were|be|been|am|it|its|i|you|we|they|he"
    r"|she|to|of|and|or|but|if|then|than|so|as|by|for|into|on|with|without|not|no|just|also"
    r"|can|could|will|would|should|may|might|must|do|does|did|have|has|had|there|here|which"
    r"|who|what|when|where|why|how|my|your|our|their|me|us|them|sure)"
)
MAX_COMMAND_TOKENS = 16
_SENTENCE_END = re.compile(r"[A-Za-z][,;!?]$|[A-Za-z]{2}\.$")


def _is_command(line: str) -> bool:
    """Whether a line is a command typed alone: a program, its arguments, none of them a
    function word of a sentence nor a word closed by a sentence's punctuation."""
    if _COMMAND.match(line) is None:
        return False
    tokens = line.split()
    if len(tokens) > MAX_COMMAND_TOKENS:
        return False
    for token in tokens[1:]:
        if _FUNCTION_WORD.fullmatch(token.strip("\"'`()*")) is not None:
            return False
        if _SENTENCE_END.search(token) and (token is tokens[-1] or not token.endswith(".")):
            return False
    return True


def _drop_commands(lines: list[str], keep: list[bool], text: str) -> None:
    """Paragraphs whose every line left is a command typed without a prompt ("env default
    -a", "sudo apt-get install bono", "cd build && make") between the sender's prose: a
    command on a line of a paragraph of prose is left (it may be a sentence's wrapped rest).
    The paragraphs looked at are those of the lines that open as a command (one C scan)."""
    starts = [match.start() + 1 for match in _COMMAND_LINE.finditer(text)]
    if _COMMAND.match(text) is not None:
        starts.insert(0, 0)
    done = -1
    for number in _line_numbers(text, starts):
        if number <= done or not keep[number]:
            continue
        start = end = number
        while start > 0 and lines[start - 1].strip():
            start -= 1
        while end + 1 < len(lines) and lines[end + 1].strip():
            end += 1
        done = end
        kept = [index for index in range(start, end + 1) if keep[index]]
        if all(_is_command(lines[index]) for index in kept):
            for index in kept:
                keep[index] = False


# A gap between the columns of a listing: two spaces after a character that does not end a
# sentence (some senders put two spaces after a full stop), three after a colon, or a tab.
# (Each branch opens with its literal, which the scan finds in C.)
_SPACE_GAP = re.compile(r"  (?<=[^\s.!?:;,]  ) *(?=\S)|   (?<=:   ) *(?=\S)")
_TAB_GAP = re.compile(r"\t(?<=[^\s.!?;,]\t)(?=\S)")
# A gap this wide or less (or one tab) in a sentence is the typist's or justification's, not a
# column's.
NARROW_GAP = 3
# What opens an item of a list or a comment (its text is no column): "-", "*", "1)", "a.",
# "(ii)", "[3]", "#", "//".
_ENUMERATOR = re.compile(r"[ \t]*(?:[^\w\s]{1,3}|[o•]|\(?[0-9A-Za-z]{1,3}[.)]|\[\w{1,3}\])")


def _may_hold_listing(text: str) -> bool:
    """Whether two columns may stand side by side in the text: two gaps (found in C)."""
    spaces = _SPACE_GAP.finditer(text)
    if next(spaces, None) is not None and next(spaces, None) is not None:
        return True
    return "\t" in text and len(_gaps(text)) >= 2


def _gaps(text: str) -> list[re.Match[str]]:
    gaps = list(_SPACE_GAP.finditer(text))
    if "\t" in text:
        gaps = sorted([*gaps, *_TAB_GAP.finditer(text)], key=lambda gap: gap.start())
    return gaps


def _gap_columns(lines: list[str], keep: list[bool]) -> dict[int, set[int]]:
    """For each kept line with gaps beside another, where the columns after its gaps begin
    (tabs expanded); none after an item's bullet or number, nor in a sentence whose gaps are
    all narrow (typed, or justified text). The kept lines are scanned as one text (the output
    already found, a patch's lines, are not looked at again)."""
    kept = [index for index, kept in enumerate(keep) if kept]
    text = "\n".join([lines[index] for index in kept])
    gaps = _gaps(text)
    numbers = [kept[number] for number in _line_numbers(text, [gap.start() for gap in gaps])]
    with_gaps = set(numbers)
    columns: dict[int, set[int]] = {}
    narrow: dict[int, bool] = {}
    for gap, number in zip(gaps, numbers, strict=True):
        if number - 1 not in with_gaps and number + 1 not in with_gaps:
            continue  # (no line beside it to align with)
        start = text.rfind("\n", 0, gap.start()) + 1
        if _ENUMERATOR.fullmatch(text, start, gap.start()):
            continue
        before = text[start : gap.end()]
        column = len(before.expandtabs()) if "\t" in before else len(before)
        columns.setdefault(number, set()).add(column)
        width = gap.group()
        narrow[number] = narrow.get(number, True) and (
            width == "\t" or (len(width) <= NARROW_GAP and "\t" not in width)
        )
    for number, all_narrow in narrow.items():
        if all_narrow and _is_sentence(lines[number]):
            del columns[number]
    return columns


def _drop_listings(lines: list[str], keep: list[bool]) -> None:
    """A listing printed in aligned columns (`monit status`: a name, many spaces, a value; a
    table of processes or packages): lines with a column that begins where one begins on the
    line above or below. Its lines are output, and so are the others of its paragraph that do
    not read as prose (a process's name above its rows) when they are as many as its rows."""
    columns = _gap_columns(lines, keep)
    rows = sorted(
        number
        for number, here in columns.items()
        if any(
            keep[other] and not here.isdisjoint(columns.get(other, ()))
            for other in (number - 1, number + 1)
            if 0 <= other < len(lines)
        )
    )
    rows = _with_key_values(lines, keep, columns, rows)
    done = -1
    for row in rows:
        if row <= done:
            continue
        start = end = row
        while start > 0 and keep[start - 1]:
            start -= 1
        while end + 1 < len(lines) and keep[end + 1]:
            end += 1
        inside = {number for number in rows if start <= number <= end}
        most = len(inside) * 2 >= end - start + 1
        for number in range(start, end + 1):
            if number in inside or (most and not _reads_as_prose(lines[number])):
                keep[number] = False
        done = end


# A key, its colon and the blanks up to its value ("Num sequence errors (Tx): 0").
_KEY_VALUE = re.compile(r"[ \t]*[^:\s][^:\n]*:[ \t]+(?=\S)")


def _with_key_values(
    lines: list[str], keep: list[bool], columns: dict[int, set[int]], rows: list[int]
) -> list[int]:
    """The rows, and the lines of a key and its value beside one whose value begins in a
    column of that row ("Num sequence errors (Tx): 0" under "Num overruns detected:    0",
    aligned by a key too long to leave the gap that tells a column alone), a value that
    does not read as prose."""
    found = set(rows)
    todo = list(rows)
    while todo:
        number = todo.pop()
        for other in (number - 1, number + 1):
            if other in found or not 0 <= other < len(lines) or not keep[other]:
                continue
            key = _KEY_VALUE.match(lines[other])
            if key is None or _reads_as_prose(lines[other][key.end() :]):
                continue  # ("rem Note: if you are not using WMI, ...", indented as a listing)
            column = len(key.group().expandtabs())
            if column in columns.get(number, ()):
                columns[other] = {column}
                found.add(other)
                todo.append(other)
    return sorted(found)


# A table's heads in capitals, apart by wide gaps ("CONTAINER ID   IMAGE   COMMAND",
# "  PID USER      PR  NI  VIRT  RES"): the head of a listing the rules above drop, or of one
# wrapped out of its columns.
_HEAD = re.compile(r"[A-Z%#][A-Z0-9%+/#_.()-]*")
_WIDE_GAP = re.compile(r"\S(?: {2,}|\t)(?=\S)")
MIN_HEADS = 3


def _drop_column_heads(lines: list[str], keep: list[bool]) -> None:
    """Lines of MIN_HEADS heads or more, two wide gaps between them, no letter in lower
    case (a sender who shouts writes one space between words)."""
    for index, line in enumerate(lines):
        if keep[index] and line.isupper() and ("  " in line or "\t" in line):
            tokens = line.split()
            if (
                len(tokens) >= MIN_HEADS
                and all(_HEAD.fullmatch(token) for token in tokens)
                and sum(len(token) > 1 for token in tokens) >= MIN_HEADS
                and len(_WIDE_GAP.findall(line)) >= 2
            ):
                keep[index] = False


def _writes(line: str) -> bool:
    """Whether a line among output is a sentence the sender wrote: a sentence that begins
    with a capital or ends as one does (output wraps its own words onto lines of their own:
    "message 0x7fe8800120d8 for worker threads")."""
    if not _is_sentence(line):
        return False
    stripped = line.strip()
    return stripped[0].isupper() or stripped[-1] in ".?!"


def line_goes_on(line: str) -> bool:
    """Whether a line begins in lower case, as a sentence's wrapped rest does."""
    stripped = line.lstrip()
    return stripped[:1].islower()


# Output pasted behind a mark on every line: a build log's "| " (bitbake: "| DEBUG: Executing
# shell function"), or the bullets Outlook makes of pasted lines ("*", "o", "§", or "?" for a
# bullet the charset lost, then spaces). The mark says nothing (prose is bulleted too): the
# text after it is judged by the rules above. A run that holds log records opened by their
# level ("DEBUG: ...", "ERROR: ...") is a log, all of it.
_PIPE_MARK = re.compile(r"\|(?: \|)*(?: |$)")  # (all of a nested quote's pipes: "| | ")
_BULLET_MARK = re.compile(r"[ \t]*[*o?\u00a7\u2022\u00b7\u25aa](?:[ \t]{2,}|[ \t]*$)")
_LEVEL_RECORD = re.compile(r"(?:DEBUG|INFO|NOTE|WARN|WARNING|ERROR|FATAL): \S")
MIN_MARKED_LINES = 3
MIN_LEVEL_RECORDS = 2


def _may_hold_marks(text: str) -> bool:
    return "\n|" in text or text.startswith("|") or "  " in text


def _drop_marked_output(lines: list[str], keep: list[bool]) -> set[int]:
    """Runs of MIN_MARKED_LINES lines or more behind one kind of mark (pipes on lines in a
    row, bullets with at most a blank line between): the lines whose text is output."""
    dropped: set[int] = set()
    for mark, gap in ((_PIPE_MARK, 0), (_BULLET_MARK, 1)):
        run: list[int] = []
        for index, line in enumerate(lines):
            if mark.match(line) is not None:
                if run and index - run[-1] - 1 > gap:
                    dropped |= _judge_marked(lines, keep, run, mark)
                    run = []
                run.append(index)
            elif line.strip() and run:
                dropped |= _judge_marked(lines, keep, run, mark)
                run = []
        dropped |= _judge_marked(lines, keep, run, mark)
    return dropped


def _judge_marked(
    lines: list[str], keep: list[bool], run: list[int], mark: re.Pattern[str]
) -> set[int]:
    """The lines of a run that are output, judged on their text without the mark (blank lines
    between bullets kept: each of Outlook's bullets is a paragraph of its own)."""
    if len(run) < MIN_MARKED_LINES:
        return set()
    texts = []
    for line in lines[run[0] : run[-1] + 1]:
        matched = mark.match(line)
        texts.append("" if matched is None else line[matched.end() :])
    if mark is _BULLET_MARK:
        texts = [text.strip() for text in texts]
    records = sum(_LEVEL_RECORD.match(text.lstrip()) is not None for text in texts)
    if records >= MIN_LEVEL_RECORDS:
        prose = [False] * len(texts)
    else:
        prose = _prose_lines(texts, "\n".join(texts))
    dropped = {
        run[0] + number
        for number, (text, kept) in enumerate(zip(texts, prose, strict=True))
        if text.strip() and not kept
    }
    for index in dropped:
        keep[index] = False
    return dropped
