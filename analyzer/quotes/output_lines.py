"""Kinds of machine output that `prose` leaves out beyond `patterns.MACHINE_LINE`.

`patterns.MACHINE_LINE` serves quote detection too, so the marks that only tell output from
prose live here: a build server's report, log stamps that quote detection never needed, a
package manager's and a boot's status lines, an interpreter's banner, a packet dump, a test
runner's frames, cmake's and journalctl's "--" lines.
Each kind is looked for only in a text that holds its literal (found in C): most texts hold
none, and prose runs on every message.
"""

from __future__ import annotations

import itertools
import re
from collections import Counter
from collections.abc import Iterator

from analyzer.quotes.patterns import PLAIN_WORD

# A build server's report (Jenkins, Hudson): a link to the build alone on its first line
# ("See <http://host/job/NAME/20/changes>"), then nothing, its changes or its log. The mail
# is the server's; the commit summaries under "Changes:" are no sender's words either.
_BUILD_REPORT = re.compile(
    r"\s*See <https?://[^\s>]+/job/[^\s/>]+/\d+/[^\s>]*>[ \t]*"
    r"(?:\n\s*(?:Changes:|-{10,}|\[\.\.\.truncated|Started by )|\s*$)"
)


def is_build_report(text: str) -> bool:
    """Whether the whole text is a build server's report (told from its first lines)."""
    return text[:200].lstrip()[:5] == "See <" and _BUILD_REPORT.match(text) is not None


# A clock with seconds, which every stamp below holds: a literal first, so that the scan jumps
# from colon to colon (the stamps' own pattern, anchored at every line, costs ten times more).
_SECONDS = re.compile(r":\d\d:\d\d")
_STAMP = re.compile(
    r"^[ \t]*(?:(?:[\[(]?\d{4}-\d\d-\d\d[ \t]{2,}|\d{6}[ \t]+)\d{1,2}:\d\d:\d\d"
    r"|\d{1,2}:\d\d:\d\d[ \t]+(?:TRACE|DEBUG|INFO|NOTICE|WARN|WARNING|ERROR|FATAL|CRITICAL)"
    r"[ \t]*:)",
    re.M,
)
"""sipp's stamps with a wide gap ("2018-03-28<TAB>06:39:07.231025"), MySQL's "150729 17:42:36",
a clock and a level (Xilinx's XSCT: "09:45:21 ERROR : Error generating bsp sources")."""

# Lines of output `patterns.MACHINE_LINE` does not know, each kind after the literal that every
# one of its lines holds:
_OUTPUT_LINES: tuple[tuple[str, re.Pattern[str]], ...] = (
    # dpkg's "Setting up nginx (1.4.6-1ubuntu3.7) ..."
    (
        ") ...",
        re.compile(
            r"^[ \t]*(?:Setting up|Unpacking|Preparing to unpack|Processing triggers for) "
            r"\S[^\n]*\) \.\.\.[ \t]*$",
            re.M,
        ),
    ),
    # a boot's status lines ("* Starting Mount filesystems   [ OK ]"; wrapped, "[" / "OK ]")
    (
        "OK ]",
        re.compile(
            r"^[^\n]*\S[ \t]{2,}\[(?:[ \t]*(?:OK|fail|FAILED)[ \t]*\])?[ \t]*$"
            r"|^[ \t]*(?:OK|FAILED) \][ \t]*$",
            re.M,
        ),
    ),
    # a packet's bytes as tcpdump -X prints them ("0x0010:  4500 003c 1c46 4000 ..."), and its
    # summary line ("10.0.0.1.5060 > bono.sip: Flags [P.], cksum 0x46e9 (correct), seq 1:5")
    (
        "0x",
        re.compile(
            r"^[ \t]*0x[0-9a-fA-F]{4,8}:[ \t]+[0-9a-fA-F]{2,4}(?: [0-9a-fA-F]{2,4}){0,7}(?:[ \t]{2}|[ \t]*$)",
            re.M,
        ),
    ),
    (": Flags [", re.compile(r"^[^\n]*\S > \S+: Flags \[", re.M)),
    # `service --status-all`: "[ + ]  nginx"
    (" ]  ", re.compile(r"^[ \t]*\[ [-+?] \][ \t]+\S+[ \t]*$", re.M)),
    # a Ruby frame behind the dash or hash a test runner lists it with
    # ("- /usr/lib/ruby/2.3.0/net/http.rb:882:in `connect'")
    (":in `", re.compile(r"^[ \t]*[-#][ \t]+\S+:\d+:in `", re.M)),
    # cmake's messages: "CMake Warning (dev) at cmake/Foo.cmake:168 (find_package):", its
    # "Call Stack (most recent call first):" and frames ("  CMakeLists.txt:103 (include)")
    (
        "CMake",
        re.compile(
            r"^[ \t]*(?:CMake (?:Warning|Error|Deprecation Warning)(?: \(dev\))? at \S+:\d+ \(\w+\):"
            r"|Call Stack \(most recent call first\):$"
            r"|\S*(?:\.cmake|CMakeLists\.txt):\d+ \(\w+\)$)",
            re.M,
        ),
    ),
    # Python's banner: "Python 2.2b2 (#26, Nov 16 2001, 11:44:11) [MSC 32 bit] on win32" and
    # 'Type "help", "copyright", "credits" or "license" for more information.'
    (
        '"copyright"',
        re.compile(
            r'^[ \t]*(?:Python \d\.\d+\S* \([^)\n]*\d:\d\d\S*\)|Type "help", "copyright")', re.M
        ),
    ),
)


# A package manager's lines printed without a prompt (apt, dpkg, easy_install, pip: "Reading
# package lists... Done", "Get:1 http://...", "Processing dependencies for x==1.0", "Installed
# /path").
_PACKAGE_LINE = re.compile(
    r"^[ \t]*(?:(?:Reading (?:package lists|state information)|Building dependency tree)"
    r"\.\.\.(?: Done)?|\(Reading database \.\.\. [^\n]*"
    r"|(?:Get|Hit|Ign|Err):\d+ (?:https?|ftp|cdrom|file):[^\n]*|Fetched [\d.,]+ ?[kMG]?B in \d[^\n]*"
    r"|update-alternatives: (?:using|warning|error)\b[^\n]*|Requirement already satisfied: [^\n]*"
    r"|(?:Finished p|P)rocessing dependencies for \S+|Processing \S+\.(?:egg|whl|tar\.gz|zip)"
    r"|Extracting \S+ to(?: /\S*)?|Selecting previously unselected package \S+"
    r"|Creating config file /\S+ with new version|Searching for \S+|Best match: \S+ \S+"
    r"|Downloading https?://\S+|Collecting \S+|Installing collected packages: [^\n]*"
    r"|Successfully installed \S+-\d[^\n]*|Adding \S+ \S+ to easy-install\.pth file"
    r"|Installed(?: /\S+)?|creating(?: /\S+)?)[ \t]*$",
    re.M,
)
# (the literals that every such paste holds one of, found in C: apt's, dpkg's, easy_install's
# and pip's; the others of their lines are matched once one is there)
_PACKAGE_LITERALS = (
    "... Done",
    "Get:",
    "Fetched ",
    "dependencies for ",
    ".egg",
    "Requirement already",
    "Successfully installed",
    "Selecting previously",
    "Creating config file",
    "update-alternatives: ",
)
_OUTPUT_LINES += tuple((literal, _PACKAGE_LINE) for literal in _PACKAGE_LITERALS)
_LITERALS = tuple(literal for literal, _ in _OUTPUT_LINES)

# A tool's status lines behind "-- " (cmake's "-- Found Boost: /usr/include", the notes of
# `journalctl -x`: "-- Subject: ...", "-- Defined-By: systemd") and their bare "--". Prose
# opens lines with a dash too ("-- send auth", a list of steps), so they are output only in a
# paragraph that holds MIN_STATUS_LINES or more, two in a row, and a bare "--" or two that end
# in "..." ("-- Configuring the Python interpreter...").
_STATUS = re.compile(r"^--(?:[ \t]+\S[^\n]*)?$", re.M)
_BLANK_LINE = re.compile(r"\n[ \t]*\n")
MIN_STATUS_LINES = 3


def _status_line_starts(text: str) -> list[int]:
    """Where the status lines of such paragraphs begin."""
    starts: list[int] = []
    group: list[re.Match[str]] = []
    for match in _STATUS.finditer(text):
        if group and _BLANK_LINE.search(text, group[-1].end(), match.start() + 1):
            starts += _status_paragraph(group)
            group = []
        group.append(match)
    return starts + _status_paragraph(group)


def _status_paragraph(group: list[re.Match[str]]) -> list[int]:
    if len(group) < MIN_STATUS_LINES:
        return []
    in_a_row = any(a.end() + 1 == b.start() for a, b in itertools.pairwise(group))
    bare = any(match.group().strip() == "--" for match in group)
    pending = sum(match.group().rstrip().endswith("...") for match in group)
    return [match.start() for match in group] if in_a_row and (bare or pending >= 2) else []


# A build tool's records opened by their level in capitals (bitbake: "NOTE: Executing RunQueue
# Tasks", "ERROR: Failed to build project", and its "Summary: 1 task failed:"). A sender writes
# "NOTE: ..." too, so they are output only MIN_LEVEL_RECORDS or more in one paragraph.
_LEVEL_RECORD = re.compile(
    r"^[ \t]*(?:(?:NOTE|ERROR|WARNING|DEBUG|FATAL): \S[^\n]*"
    r"|Summary: (?:\d+ tasks? failed|There (?:was|were) \d+ \w+ messages? shown)[^\n]*)$",
    re.M,
)
_LEVELS = ("NOTE: ", "ERROR: ", "WARNING: ", "DEBUG: ", "FATAL: ")
MIN_LEVEL_RECORDS = 2


def _level_record_starts(text: str) -> list[int]:
    """Where the records of paragraphs that hold MIN_LEVEL_RECORDS or more begin."""
    starts: list[int] = []
    group: list[int] = []
    end = 0
    for match in _LEVEL_RECORD.finditer(text):
        if group and _BLANK_LINE.search(text, end, match.start() + 1):
            starts += group if len(group) >= MIN_LEVEL_RECORDS else []
            group = []
        group.append(match.start())
        end = match.end()
    return starts + (group if len(group) >= MIN_LEVEL_RECORDS else [])


# A git shortlog, as a patch series' cover letter lists its commits: an author and a count
# ("Andrew Jeffery (6):"), then the commits' titles indented under it. The titles are
# commit subjects, most of them no one's sentences here (nor the sender's: "Johnny Huang (9):").
_SHORTLOG = re.compile(
    r"^[^\s:()][^\n:()]{0,60} \(\d+\):[ \t]*\n(?:[ \t]{2,}\S[^\n]*(?:\n|$))+", re.M
)


def _shortlog_line_starts(text: str) -> Iterator[int]:
    for match in _SHORTLOG.finditer(text):
        start = match.start()
        while start < match.end():
            yield start
            start = text.find("\n", start, match.end()) + 1
            if start == 0:
                break


def _may_hold_status(text: str) -> bool:
    return "\n--" in text or text.startswith("--")


def output_line_starts(text: str) -> Iterator[int]:
    """Where lines of these kinds begin (not in order; a line may come twice)."""
    kinds = list(dict.fromkeys(pattern for literal, pattern in _OUTPUT_LINES if literal in text))
    if _SECONDS.search(text) is not None:
        kinds.append(_STAMP)
    for pattern in kinds:
        for match in pattern.finditer(text):
            yield text.rfind("\n", 0, match.start()) + 1
    if _may_hold_status(text):
        yield from _status_line_starts(text)
    if _may_hold_levels(text):
        yield from _level_record_starts(text)
    if "):\n " in text:
        yield from _shortlog_line_starts(text)


def _may_hold_levels(text: str) -> bool:
    return any(map(text.__contains__, _LEVELS))


def may_hold_output_lines(text: str) -> bool:
    """Whether a line of these kinds may be in the text (a stamp holds the clock that
    `prose` looks for first)."""
    return (
        any(map(text.__contains__, _LITERALS))
        or _may_hold_status(text)
        or _may_hold_levels(text)
        or "):\n " in text
    )


# A line printed again and again: the same words, its numbers aside ("10.4.0.157 is in state
# normal", "Communicator: Expecting diameter version 1, received version -13"). A sender does
# not write one sentence MIN_REPEATS times in a message; a log, a status listing and a tool's
# retries do, whatever words they print. Told on the line's bytes with digits and blanks
# deleted (one C pass). A line the same to the letter needs REPEATED_TOKENS tokens ("sending
# writeMeta" is too short to tell), one whose numbers differ REPEATED_WORDS plain words: a
# sender numbers their own short lines ("*Python 3.8 Fixes*", "- 22-23 October"). A line that
# ends in a colon, or in a colon and a link, is the sender's heading or label, given to each
# part ("Changes since v3:", "Entered as trac ticket: http://host/ticket/1805").
MIN_REPEATS = 3
REPEATED_TOKENS = 3
REPEATED_WORDS = 3
_NO_SHAPE = b"0123456789.+- \t\r"  # (a number's sign and point go with its digits)
_LETTERS = re.compile(rb"[A-Za-z]{2}")
_LABEL = re.compile(r":(?:[ \t]+<?https?://\S+)?[ \t]*$")


def repeated_line_numbers(text: str) -> set[int]:
    """The lines (by number) printed MIN_REPEATS times or more in the text."""
    shapes = text.encode("utf-8", "surrogatepass").translate(None, _NO_SHAPE).split(b"\n")
    blanks = shapes.count(b"")
    if len(shapes) - len(set(shapes)) - max(blanks - 1, 0) < MIN_REPEATS - 1:
        return set()  # (no line comes that often: told without counting)
    counts = Counter(shapes)
    often = {
        shape
        for shape, count in counts.items()
        if count >= MIN_REPEATS and shape and _LETTERS.search(shape) is not None
    }
    if not often:
        return set()
    lines = text.split("\n")
    candidates = [number for number, shape in enumerate(shapes) if shape in often]
    same = Counter(" ".join(lines[number].split()) for number in candidates)
    return {
        number
        for number in candidates
        if _LABEL.search(lines[number]) is None
        and (
            (
                same[" ".join(lines[number].split())] >= MIN_REPEATS
                and len(lines[number].split()) >= REPEATED_TOKENS
            )
            or len(PLAIN_WORD.findall(lines[number])) >= REPEATED_WORDS
        )
    }
