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


# A tool's error line: the tool's name (or a file and line: make's "Makefile.inc:53:"), a
# colon, what it did, and the system's message for the error at the end ("nc: connect to
# 10.0.0.9 port 5060 (tcp) failed: Connection refused", "cp: cannot stat 'x': No such file or
# directory", "bash: foo: command not found"). A sender's sentence opens with more than one
# word before its colon ("I get: ...").
_ERRNO_MESSAGES = (
    "No such file or directory",
    "Connection refused",
    "Permission denied",
    "Address already in use",
    "command not found",
    "Connection timed out",
    "No route to host",
    "Network is unreachable",
    "Operation not permitted",
    "Connection reset by peer",
    "Device or resource busy",
    "Resource temporarily unavailable",
)
_ERRNO_LINE = re.compile(
    r"^[ \t]*[*_]?[\w./+-]+(?:\[\d+\])?(?::\d+)?[ \t]?:[ \t][^\n]*(?:"
    + "|".join(map(re.escape, _ERRNO_MESSAGES))
    + r")\W{0,3}$",
    re.M,
)
_LONE_LINES: tuple[tuple[str, re.Pattern[str]], ...] = (
    *((message, _ERRNO_LINE) for message in _ERRNO_MESSAGES),
    # make's "make[1]: *** [all] Error 2", "make: *** No rule to make target"
    (": *** ", re.compile(r"^[ \t]*[\w.-]+(?:\[\d+\])?: \*\*\* ", re.M)),
    # Twisted's Failure as it prints itself, behind a label or none ("remoteFailed:
    # [Failure instance: Traceback (failure with no frames): <class '...PBConnectionLost'>"; a
    # no-break space after the colon, lost as "?"), and its class line wrapped under it ("<class 'twisted.internet.error.ConnectionLost'>:")
    (
        "[Failure instance",
        re.compile(
            r"^[ \t]*[*_]?(?:[^\s:\[]+(?: [^\s:\[]+)?:[ \t?\u00a0]*)?\[Failure instance: "
            r"|^[ \t]*(?:Traceback \(failure with no frames\): )?<class '[\w.]+'>",
            re.M,
        ),
    ),
)
"""Lines of output that a sender quotes one at a time, in a sentence's paragraph ("If the
server is not running SNMP, I get:", the error, then "from udp.Port.doRead(), since ..."):
the lines under one are its wrapped rest only if they do not read as prose."""
_OUTPUT_LINES += (
    # a log record behind a level and a component, in bold ("*[ERROR] [rfnoc_usrp_impl]
    # *RfnocError: OpTimeout: ..."; without the bold, `patterns.MACHINE_LINE`'s)
    (
        "] [",
        re.compile(
            r"^[ \t]*[*_]+\[(?:TRACE|DEBUG|INFO|NOTICE|WARN|WARNING|ERROR|FATAL|CRITICAL)\]"
            r"[ \t]*\[[^\]\n]+\]",
            re.M,
        ),
    ),
    # syslog's "systemd[1]: Started ...", "hwmontempsensor[120]: Error communicating"
    ("]: ", re.compile(r"^[ \t]*[\w.@-]+\[\d+\]:[ \t]\S", re.M)),
)


# Tools' own lines, each kind told by a literal its lines hold, then matched from the start
# of each line that holds it (a literal is found in C; most texts hold none, and in prose the
# literals are rare enough that each line that holds one is looked at alone):
_END = r"[ \t]*(?=\n|\Z)"
_PING = re.compile(
    r"^[ \t]*(?:PING \S+ [^\n]*\d+\(\d+\) bytes of data\."
    r"|-{2,3} \S+ ping statistics -{2,3}"
    r"|\d+ packets transmitted, \d+ (?:packets )?received[^\n]*"
    r"|(?:rtt|round-trip) min/avg/max[^\n]*"
    r"|[^\n]*\bicmp_seq[= ]\d+[^\n]*)" + _END,
    re.M,
)
"""ping: "PING host (10.0.0.2) 56(84) bytes of data.", "64 bytes from ...: icmp_seq=1 ...",
"--- host ping statistics ---", "4 packets transmitted, 0 received, 100% packet loss"."""
_TRACEBACK = re.compile(
    r"[ \t]*(?:Traceback \((?:most recent call last|innermost last)\):"
    r"|(?:[a-z_]\w*\.)*[A-Z]\w*(?:Error|Exception|Exit|Interrupt|Warning)(?::[^\n]*)?)" + _END
)
"""Python's traceback: its head ("Traceback (most recent call last):") and the exception that
ends it ("AttributeError: 'module' object has no attribute 'gain'", told by its colon). The
frames are `patterns.MACHINE_LINE`'s."""
_CMAKE_END = re.compile(
    r"[ \t]*-- (?:Configuring (?:incomplete, errors occurred!|done)"
    r"|Build files have been written to: \S[^\n]*)" + _END
)
"""cmake's last lines: "-- Configuring incomplete, errors occurred!" (the 'See also
"/home/u/build/CMakeFiles/CMakeOutput.log".' under it goes as its wrapped line)."""
_BUILD = re.compile(
    r"[ \t]*(?:running (?:install|build|bdist|sdist|egg_info|develop)\w*"
    r"|compilation terminated\."
    r"|\S+:\d+:(?:\d+:)? (?:fatal error|error): [^\n]*"
    r"|error: command '[^'\n]+' failed with exit (?:status|code) \d+)" + _END
)
"""A build's log: distutils' steps ("running build_ext") and a compiler's diagnostics
("_cffi.c:423:43: fatal error: x.h: No such file or directory", "compilation terminated.",
"error: command 'gcc' failed with exit status 1"); the compiler's command lines between them
go as their wrapped lines (`prose._drop_machine_lines`)."""
_TEST_RESULT = re.compile(
    r"[ \t]*(?:[^\n]*\S(?:\)|\.\.\.)[ \t]*(?:Passed|PASSED|Failed|FAILED)"
    r"|(?:Passed|PASSED|Failed|FAILED)"
    r"|\w[\w.]*(?: \([\w.]+\))? \.\.\.[ \t]+(?:ok|OK|FAIL|ERROR|skipped\b[^\n]*"
    r"|\[(?:OK|FAIL|ERROR|SKIPPED|SUCCESS)\])"
    r"|\d+ failures? out of \d+ tests? run|\d+ tests? skipped|Ran \d+ tests? in [\d.]+s"
    r"|FAILED \((?:failures|errors|skips|successes)=\d+[^\n]*\))" + _END
)
"""A test runner's results: "Basic Call - Pracks (TCP) - (6505550002, 6505550001) Passed"
(or its verdict alone, wrapped under a line that ends as such a line does), "test_foo ...
ok" (trial aligns its "[ERROR]" far right), "0 failures out of 7 tests run", "0 tests skipped", "Ran 12 tests in 0.031s", "FAILED
(failures=1)"."""
_VERDICT_ABOVE = re.compile(r"[^\n]*\S(?:\)|\.\.\.)[ \t]*\n[ \t]*(?:Passed|PASSED|Failed|FAILED)")
_DIAGNOSTIC = re.compile(
    r"[ \t]*[*_]?(?:(?:fatal|error|warning|debug\d):[ \t]\S[^\n]*"
    r"|(?:[a-z_]\w*\.)+(?:[A-Z]\w*(?:Error|Exception|Failure|Warning)|error):[ \t]\S[^\n]*"
    r"|Failure:[ \t](?:[a-z_]\w*\.)+[A-Z]\w*\b[^\n]*"
    r"|Failure:[ \t]\w+ \((?:[a-z_]\w*\.)+\w+\)[^\n]*)" + _END
)
"""A tool's diagnostic in lower case ("fatal: Not a git repository", "warning: no
previously-included files matching '*.pyc'", "error: Not a URL, existing file, or requirement
spec", ssh's "debug1: Next authentication method: publickey"), an exception named by its
module, as a log prints it ("exceptions.ImportError: cannot import name Popen3",
"socket.error: (53, 'Software caused connection abort')"), and trial's failures ("Failure:
twisted.internet.defer.TimeoutError", "Failure: testRetr (twisted.test.test_ftp.FTPTest)").
A sender who writes "Error: I could not ..." opens with a capital and names no module."""
_TOOL_LINES = (
    ("bytes of data", _PING),
    ("packets transmitted", _PING),
    ("Traceback (", _TRACEBACK),
    ("-- Configuring", _CMAKE_END),
    ("\nrunning ", _BUILD),
    ("error: ", _BUILD),
    ("compilation terminated", _BUILD),
    ("Passed", _TEST_RESULT),
    ("Failed", _TEST_RESULT),
    ("FAILED", _TEST_RESULT),
    (" ... ", _TEST_RESULT),
    (" tests ", _TEST_RESULT),
)
_DIAGNOSTIC_LITERALS = (
    "fatal: ",
    "error: ",
    "warning: ",
    "debug",
    "Error: ",
    "Exception: ",
    "Failure: ",
    "Warning: ",
)
_TRACEBACK_HEAD = "Traceback ("


def _tool_lines_of(text: str, literal: str, pattern: re.Pattern[str]) -> Iterator[int]:
    """The starts of the lines that hold the literal and match the kind's pattern (a
    traceback's: any line of a text that holds a traceback's head and a line the pattern
    matches: the exception ends the traceback)."""
    if pattern is _TRACEBACK:
        yield from _traceback_lines(text)
        return
    if pattern is _PING:  # (its lines hold different literals: all are looked for at once)
        yield from (match.start() for match in _PING.finditer(text))
        return
    position = text.find(literal)
    while position >= 0:
        start = text.rfind("\n", 0, position + (literal[0] == "\n")) + 1
        above = text.rfind("\n", 0, start - 1) + 1 if start else 0
        if pattern is _TEST_RESULT and start and _VERDICT_ABOVE.match(text, above) is not None:
            yield from (above, start)
        elif pattern.match(text, start) is not None:
            yield start
        end = text.find("\n", position + 1)
        if end < 0:
            break
        position = text.find(literal, end)


_EXCEPTION_LINE = re.compile(
    r"^[ \t]*(?:[a-z_]\w*\.)*[A-Z]\w*(?:Error|Exception|Exit|Interrupt|Warning)\b", re.M
)


def _traceback_lines(text: str) -> Iterator[int]:
    for match in _EXCEPTION_LINE.finditer(text, text.find(_TRACEBACK_HEAD)):
        if _TRACEBACK.match(text, match.start()) is not None:
            yield match.start()
    position = text.find(_TRACEBACK_HEAD)
    while position >= 0:
        start = text.rfind("\n", 0, position) + 1
        if _TRACEBACK.match(text, start) is not None:
            yield start
        position = text.find(_TRACEBACK_HEAD, position + 1)


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
_SHORTLOG = re.compile(r"[^\s:()][^\n:()]{0,60} \(\d+\):[ \t]*\n(?:[ \t]{2,}\S[^\n]*(?:\n|\Z))+")


def _shortlog_line_starts(text: str) -> Iterator[int]:
    position = text.find("):\n ")
    while position >= 0:
        match = _SHORTLOG.match(text, text.rfind("\n", 0, position) + 1)
        if match is None:
            position = text.find("):\n ", position + 4)
            continue
        start = match.start()
        while 0 < start < match.end() or start == match.start():
            yield start
            start = text.find("\n", start, match.end()) + 1
        position = text.find("):\n ", match.end())


# Marks that frame a paste of output, a log's message or a file, in pairs ("--start msg--"
# and "--end msg--", "-----BEGIN CERTIFICATE-----" and "-----END CERTIFICATE-----"): signs on
# both sides of a start's word, then the same signs and words behind an end's. A sender's
# heading in signs ("== start using t.p.c ==") is closed by no such mark. Found by the signs
# before the word (one C scan).
_FRAME = re.compile(
    r"^[ \t]*(?P<signs>-{2,}|={2,}|\*{2,}|#{2,}|<{2,}|>{2,})[ \t]*"
    r"(?P<word>start|end|begin|START|END|BEGIN|Start|End|Begin)\b(?P<rest>[^\n]{0,40}?)"
    r"(?:-{2,}|={2,}|\*{2,}|#{2,}|<{2,}|>{2,})[ \t]*$",
    re.M,
)
_FRAME_WORD = re.compile(r"[-=*#<>]{2}[ \t]*(?:start|end|begin|START|END|BEGIN|Start|End|Begin)\b")


# How a framing mark's line ends (found in C before the mark's word is looked for).
_FRAME_ENDS = ("--\n", "==\n", "**\n", "##\n", "<<\n", ">>\n")


def _frame_starts(text: str) -> list[int]:
    frames: dict[tuple[bool, str], list[int]] = {}
    for word in _FRAME_WORD.finditer(text):
        start = text.rfind("\n", 0, word.start()) + 1
        frame = _FRAME.match(text, start)
        if frame is not None:
            opens = frame.group("word").lower() != "end"
            key = frame.group("signs")[0] + " ".join(frame.group("rest").split()).lower()
            frames.setdefault((opens, key), []).append(start)
    return [
        start
        for (opens, key), starts in frames.items()
        if (not opens, key) in frames
        for start in starts
    ]


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


def _may_hold_levels(text: str) -> bool:
    return any(map(text.__contains__, _LEVELS))


def tool_line_starts(text: str) -> list[int]:
    """Where a tool's lines (`_TOOL_LINES`) and a shortlog's begin (not in order; a line may
    come twice). Not looked for to tell whether a text is all prose: each such paste holds
    the signs (digits, slashes, `|`, `_`) that send its text to be judged line by line
    (`prose.may_hold_output`), and their literals are common in prose."""
    starts: list[int] = []
    if "):\n " in text:
        starts += _shortlog_line_starts(text)
    for literal, pattern in _TOOL_LINES:
        if literal in text:
            starts += _tool_lines_of(text, literal, pattern)
    return starts


def lone_line_starts(text: str) -> list[int]:
    """Where the lines of `_LONE_LINES`, `_DIAGNOSTIC` and the framing marks begin (not in
    order; a line may come twice). Not looked for to tell whether a text is all prose, as
    `tool_line_starts`' are not: such a line comes with others' signs, and every text would
    pay for the search."""
    starts = [
        text.rfind("\n", 0, match.start()) + 1
        for pattern in dict.fromkeys(p for literal, p in _LONE_LINES if literal in text)
        for match in pattern.finditer(text)
    ]
    for literal in _DIAGNOSTIC_LITERALS:
        if literal in text:
            starts += _tool_lines_of(text, literal, _DIAGNOSTIC)
    if any(map(text.__contains__, _FRAME_ENDS)) and _FRAME_WORD.search(text) is not None:
        starts += _frame_starts(text)
    return starts


def may_hold_output_lines(text: str) -> bool:
    """Whether a line of these kinds may be in the text (a stamp holds the clock that
    `prose` looks for first)."""
    return (
        any(map(text.__contains__, _LITERALS)) or _may_hold_status(text) or _may_hold_levels(text)
    )


# A line printed again and again: the same words, its numbers aside ("10.4.0.157 is in state
# normal", "Communicator: Expecting diameter version 1, received version -13"). A sender does
# not write one sentence MIN_REPEATS times in a message; a log, a status listing and a tool's
# retries do, whatever words they print. A line that reads as a phrase of prose must come
# PROSE_REPEATS times: a sender lists steps in the same words ("acquiring the GIL," three
# times over, "- connection 1 executes a statement"). Told on the line's bytes with digits
# and blanks deleted (one C pass). A line the same to the letter needs REPEATED_TOKENS tokens ("sending
# writeMeta" is too short to tell), one whose numbers differ REPEATED_WORDS plain words: a
# sender numbers their own short lines ("*Python 3.8 Fixes*", "- 22-23 October"). A line that
# ends in a colon, or in a colon and a link, is the sender's heading or label, given to each
# part ("Changes since v3:", "Entered as trac ticket: http://host/ticket/1805").
MIN_REPEATS = 3
PROSE_REPEATS = 5
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
    repeated = set()
    for number in candidates:
        line = lines[number]
        tokens = line.split()
        words = len(PLAIN_WORD.findall(line))
        needed = PROSE_REPEATS if words * 2 > len(tokens) else MIN_REPEATS
        if _LABEL.search(line) is None and (
            (same[" ".join(tokens)] >= needed and len(tokens) >= REPEATED_TOKENS)
            or (counts[shapes[number]] >= needed and words >= REPEATED_WORDS)
        ):
            repeated.add(number)
    return repeated
