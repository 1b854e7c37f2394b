"""Kinds of machine output that `prose` leaves out beyond `patterns.MACHINE_LINE`.

`patterns.MACHINE_LINE` serves quote detection too, so the marks that only tell output from
prose live here: a build server's report, log stamps that quote detection never needed, a
package manager's and a boot's status lines, an interpreter's banner.
Each kind is looked for only in a text that holds its literal (found in C): most texts hold
none, and prose runs on every message.
"""

from __future__ import annotations

import re
from collections.abc import Iterator

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
_STAMP = re.compile(r"^[ \t]*(?:[\[(]?\d{4}-\d\d-\d\d[ \t]{2,}|\d{6}[ \t]+)\d{1,2}:\d\d:\d\d", re.M)
"""sipp's stamps with a wide gap ("2018-03-28<TAB>06:39:07.231025"), MySQL's "150729 17:42:36"."""

# Lines of output `patterns.MACHINE_LINE` does not know, each kind after the literal that every
# one of its lines holds:
_OUTPUT_LINES = (
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
    # Python's banner: "Python 2.2b2 (#26, Nov 16 2001, 11:44:11) [MSC 32 bit] on win32" and
    # 'Type "help", "copyright", "credits" or "license" for more information.'
    (
        '"copyright"',
        re.compile(
            r'^[ \t]*(?:Python \d\.\d+\S* \([^)\n]*\d:\d\d\S*\)|Type "help", "copyright")', re.M
        ),
    ),
)


_LITERALS = tuple(literal for literal, _ in _OUTPUT_LINES)


def output_line_starts(text: str) -> Iterator[int]:
    """Where lines of these kinds begin (not in order; a line may come twice)."""
    kinds = [pattern for literal, pattern in _OUTPUT_LINES if literal in text]
    if _SECONDS.search(text) is not None:
        kinds.append(_STAMP)
    for pattern in kinds:
        for match in pattern.finditer(text):
            yield text.rfind("\n", 0, match.start()) + 1


def may_hold_output_lines(text: str) -> bool:
    """Whether a line of these kinds may be in the text (a stamp holds the clock that
    `prose` looks for first)."""
    return any(map(text.__contains__, _LITERALS))
