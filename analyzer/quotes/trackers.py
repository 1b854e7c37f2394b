"""A bug tracker's scaffolding around the comment it mails to a list: no one's words.

Bugzilla and Trac mail every change of a bug or ticket to the list: the bug's link, the
"Name changed:" table (`What | Removed | Added` and its rows), the new bug's fields ("Bug ID:",
"Summary:", "Product:" ...), the comment's heading ("--- Comment #3 from Name <addr> ---"),
the attachment notes ("Created attachment 113" / "--> http://.../attachment.cgi?id=113"),
Trac's ticket table and its "Changes (by name):" bullets. The mail is the sender's (the gold
keeps these lines in `authored`), but the tracker wrote them: `prose` leaves them out of the
word count, and the comment under them counts. Each line is taken only where a tracker's
notification shows itself by a structure no person types: the change table, the comment
heading, the field block, or Trac's ticket table.
"""

from __future__ import annotations

import re

# --- Bugzilla ------------------------------------------------------------------------------------
_BUG_LINK = re.compile(r"^https?://\S+/show_bug\.cgi\?id=\d+$")
_COMMENT_HEADING = re.compile(
    r"^-{3,}\s*(?:additional\s+)?comment\s+#\d+\s+from\s.+?-{3,}$", re.IGNORECASE
)
_CHANGED = re.compile(r"^\S.{0,150}\schanged:$")
_TABLE_HEAD = re.compile(r"^what\s*\|\s*removed\s*\|\s*added$", re.IGNORECASE)
_TABLE_RULE = re.compile(r"^-{20,}$")
_TABLE_ROW = re.compile(r"^[^|]*\|[^|]*\|")
_ATTACHMENT_NOTE = re.compile(
    r"^(?:created\s+(?:an\s+)?attachment\s+(?:\(id=)?\d+\)?(?:\s+\[details\])?"
    r"|comment\s+on\s+attachment\s+\d+(?:\s+\[details\])?"
    r"|\(from\s+update\s+of\s+attachment\s+\d+(?:\s+\[details\])?\))$",
    re.IGNORECASE,
)
_ATTACHMENT_LINK = re.compile(r"^-->\s+\(?https?://\S+/attachment\.cgi\?id=\d+\S*?\)?$")
_DUPLICATE = re.compile(
    r"^\*{3}\s+(?:bug\s+\d+\s+has\s+been\s+marked\s+as\s+a\s+duplicate\s+of\s+this\s+bug"
    r"|this\s+bug\s+has\s+been\s+marked\s+as\s+a\s+duplicate\s+of\s+(?:bug\s+)?\d+)\.?\s+\*{3}$",
    re.IGNORECASE,
)
_FIELD = re.compile(r"^([a-z][a-z /]{0,24}):(?:\s|$)", re.IGNORECASE)
_BUG_FIELDS = frozenset(
    [
        "bug id",
        "summary",
        "classification",
        "product",
        "version",
        "hardware",
        "platform",
        "os",
        "os/version",
        "status",
        "severity",
        "priority",
        "component",
        "assignee",
        "assignedto",
        "reporter",
        "reportedby",
        "qa contact",
        "cc",
        "target milestone",
        "url",
        "depends on",
        "blocks",
        "keywords",
        "flags",
        "see also",
        "alias",
        "whiteboard",
        "status whiteboard",
        "resolution",
    ]
)
MIN_FIELDS = 4
"""Fields of a new bug's block: a person's short "Status: ..." line is no block."""

# --- Trac ----------------------------------------------------------------------------------------
_TICKET_TITLE = re.compile(r"^#\d+:\s+\S")
_TICKET_RULE = re.compile(r"^-{3,}\+-{3,}$")
_TRAC_HEADING = re.compile(r"^(?:(?:comment|changes)\s+\(by\s+[^()]+\)|comment):$", re.IGNORECASE)
_TRAC_CHANGE = re.compile(r"^\*\s+(?:[\w ]{1,30}:\s|attachment\s.+\s(?:added|removed)\.?$)")
MAX_TICKET_ROWS = 20


def may_hold_tracker(text: str) -> bool:
    """Whether the text may be a tracker's notification: literals its structures hold, found
    in C (most texts hold none)."""
    if "|" in text and ("Comment" in text or "changed:" in text or "-+-" in text):
        return True
    return "Bug ID:" in text or "Comment #" in text


def tracker_lines(lines: list[str]) -> set[int]:
    """The lines a bug tracker wrote around its comment (none unless the text is a tracker's
    notification)."""
    text = "\n".join(lines)
    if not may_hold_tracker(text):
        return set()
    stripped = [line.strip() for line in lines]
    found = _bugzilla_lines(lines, stripped)
    if "-+-" in text:
        found |= _trac_lines(stripped)
    return found


def _bugzilla_lines(lines: list[str], stripped: list[str]) -> set[int]:
    scaffolding: set[int] = set()
    notification = False
    index = 0
    n = len(lines)
    while index < n:
        line = stripped[index]
        if not line:
            index += 1
            continue
        if _COMMENT_HEADING.match(line):
            notification = True
            scaffolding.add(index)
        elif _TABLE_HEAD.match(line) and (span := _change_table(stripped, index)):
            notification = True
            scaffolding.update(range(index, index + span))
            above = _previous_content(stripped, index)
            if above is not None and _CHANGED.match(stripped[above]):
                scaffolding.add(above)
            index += span
            continue
        elif (span := _field_block(lines, stripped, index)) > 0:
            notification = True
            scaffolding.update(range(index, index + span))
            index += span
            continue
        elif (
            _BUG_LINK.match(line)
            or _ATTACHMENT_NOTE.match(line)
            or _ATTACHMENT_LINK.match(line)
            or _DUPLICATE.match(line)
        ):
            scaffolding.add(index)
        index += 1
    return scaffolding if notification else set()


def _change_table(stripped: list[str], head: int) -> int:
    """Lines of Bugzilla's change table from its `What | Removed | Added` head: a rule, then
    rows of two bars (a long value wraps onto rows of its own)."""
    index = head + 1
    if index >= len(stripped) or not _TABLE_RULE.match(stripped[index]):
        return 0
    index += 1
    while index < len(stripped) and _TABLE_ROW.match(stripped[index]):
        index += 1
    return index - head if index > head + 2 else 0


def _field_block(lines: list[str], stripped: list[str], start: int) -> int:
    """Lines of a new bug's fields ("Bug ID: 541", "Summary: ...", "Product: Fiji" ...),
    opening a paragraph; a wrapped value is indented under its field."""
    if start and stripped[start - 1]:
        return 0
    field = _FIELD.match(stripped[start])
    if field is None or field.group(1).lower() not in ("bug id", "summary"):
        return 0
    fields = 0
    index = start
    while index < len(lines) and stripped[index]:
        match = _FIELD.match(stripped[index])
        if match is not None and match.group(1).lower() in _BUG_FIELDS:
            fields += 1
        elif not lines[index][:1].isspace():
            return 0  # a line neither a field nor a wrapped value
        index += 1
    return index - start if fields >= MIN_FIELDS else 0


def _trac_lines(stripped: list[str]) -> set[int]:
    """Trac's ticket mail: `#1553: title`, its table between two `---+---` rules, the
    "Changes (by name):" bullets and the "Comment (by name):" heading."""
    first = _next_content(stripped, 0)
    if first is None or not _TICKET_TITLE.match(stripped[first]):
        return set()
    rule = first + 1
    n = len(stripped)
    if rule >= n or not _TICKET_RULE.match(stripped[rule]):
        return set()
    end = rule + 1
    while end < n and end - rule <= MAX_TICKET_ROWS and not _TICKET_RULE.match(stripped[end]):
        if "|" not in stripped[end]:
            return set()
        end += 1
    if end >= n or not _TICKET_RULE.match(stripped[end]):
        return set()
    scaffolding = set(range(first, end + 1))
    in_changes = False
    for index in range(end + 1, n):
        line = stripped[index]
        if _TRAC_HEADING.match(line):
            scaffolding.add(index)
            in_changes = line.lower().startswith("changes")
        elif in_changes and line:
            if not _TRAC_CHANGE.match(line):
                in_changes = False
            else:
                scaffolding.add(index)
    return scaffolding


def _previous_content(stripped: list[str], index: int) -> int | None:
    index -= 1
    while index >= 0 and not stripped[index]:
        index -= 1
    return index if index >= 0 else None


def _next_content(stripped: list[str], index: int) -> int | None:
    while index < len(stripped) and not stripped[index]:
        index += 1
    return index if index < len(stripped) else None
