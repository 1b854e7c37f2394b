"""Readers of ``From_``-separated archives: Pipermail monthly text files and mbox (mboxo, mboxrd).

A line only separates messages when it looks like a real envelope line — ``From`` + sender +
a date with a time of day — *and* the next line is a header. Body lines that merely begin with
"From " (Pipermail never escapes them) therefore stay in their message, unlike Python's
``mailbox`` module or Perceval, which split there.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from analyzer.model import RawMessage

_DAY = rb"(?:Mon|Tue|Wed|Thu|Fri|Sat|Sun)"
_MONTH = rb"(?:Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Oct|Nov|Dec)"
# The envelope date: asctime (``Mon May  2 07:16:59 2016``, optionally with a zone name or an offset)
# or an RFC 2822 date as in the oldest Pipermail archives (``Sun, 15 Aug 1999 02:37:17 -0400 (EDT)``).
_ENVELOPE_DATE = (
    rb"(?:" + _DAY + rb",? +)?(?:" + _MONTH + rb" +\d{1,2}|\d{1,2} +" + _MONTH + rb")"
    rb"(?: +\d{2,4})? +\d{1,2}[:.]\d\d(?:[:.]\d\d)?(?: +[^\n]*)?"
)
_SEPARATOR = re.compile(
    rb"^From (?P<sender>\S+(?: at \S+)?)[ \t]+(?P<date>" + _ENVELOPE_DATE + rb")[ \t]*$",
    re.MULTILINE,
)
_MBOXRD_ESCAPE = re.compile(rb"^>(>*From )", re.MULTILINE)


@dataclass(slots=True)
class SplitResult:
    """Where the messages of a ``From_`` file are, and what was passed over."""

    spans: list[tuple[int, int, str]]
    """(start of the message's header, end of the message, envelope line without ``From ``)."""
    false_separators: int
    """Lines that begin with "From " but are not separators (kept in their message's body)."""
    preamble: bytes
    """Bytes before the first separator (normally empty)."""


# A separator line after its "From ", with the header line that must follow it.
_SEPARATOR_REST = (
    rb"(?P<sender>\S+(?: at \S+)?)[ \t]+(?P<date>" + _ENVELOPE_DATE + rb")[ \t]*\n"
    rb"(?=[!-9;-~]+:)"
)
# The first line may also be a separator without a date ("From nobody"), when a header follows:
# a file that begins so is an mbox, not a file without messages.
_FIRST_SEPARATOR = re.compile(rb"From (?:" + _SEPARATOR_REST + rb"|\S+[ \t]*\r?\n(?=[!-9;-~]+:))")
# Every line that begins with "From ", with the separator's parts when it is one: the lines are
# counted and the separators found in the same pass. "\nFrom " is a literal prefix, so the regex
# engine scans for it at C speed.
_FROM_LINE = re.compile(rb"\nFrom (?:" + _SEPARATOR_REST + rb")?")


def split_from_separated(data: bytes) -> SplitResult:
    """Find the real ``From_`` separators of ``data`` (LF line ends) in one regex pass."""
    # (start of the separator line, start of the header, envelope)
    starts: list[tuple[int, int, str]] = []
    from_lines = 0
    position = 0
    if data.startswith(b"From "):
        from_lines = 1
        first = _FIRST_SEPARATOR.match(data)
        if first is not None:
            starts.append((0, first.end(), data[5 : first.end() - 1].decode("latin-1").strip()))
            position = first.end()
    for match in _FROM_LINE.finditer(data, position):
        from_lines += 1
        if match.group("sender") is not None:
            line = match.start() + 1
            end = match.end()
            starts.append((line, end, data[line + 5 : end - 1].decode("latin-1").strip()))
    spans: list[tuple[int, int, str]] = []
    for i, (_line_start, header_start, envelope) in enumerate(starts):
        end = starts[i + 1][0] if i + 1 < len(starts) else len(data)
        spans.append((header_start, end, envelope))
    preamble = data[: starts[0][0]] if starts else data
    return SplitResult(spans, from_lines - len(starts), preamble)


def looks_from_separated(head: bytes) -> bool:
    """True when the first non-blank line of ``head`` is a real ``From_`` separator (or one
    without a date that a header line follows)."""
    stripped = head.lstrip(b"\r\n")
    line_end = stripped.find(b"\n")
    line = stripped if line_end < 0 else stripped[:line_end]
    return (
        _SEPARATOR.match(line.rstrip(b"\r")) is not None
        or _FIRST_SEPARATOR.match(stripped) is not None
    )


def is_pipermail_text(data: bytes) -> bool:
    """Pipermail text archives obfuscate the envelope sender as ``user at host``."""
    match = _SEPARATOR.search(data[:4096])
    return match is not None and b" at " in match.group("sender")


def read_from_separated(
    source: str, data: bytes, *, reader: str
) -> tuple[list[RawMessage], SplitResult]:
    """The messages of a ``From_`` file; ``reader`` is ``pipermail-txt`` or ``mbox``.

    mbox quoting (``>From `` → ``From ``, mboxrd) is undone for mbox only: Pipermail does not
    quote, so a ``>From`` line in its archive is a real quote of the sender's.
    """
    if b"\r" in data and b"\r\n" in data:  # one byte is searched for much faster than two
        data = data.replace(b"\r\n", b"\n")
    split = split_from_separated(data)
    unescape = reader == "mbox"
    messages = []
    for index, (start, end, envelope) in enumerate(split.spans):
        chunk = data[start:end]
        if unescape and b">From " in chunk:
            chunk = _MBOXRD_ESCAPE.sub(rb"\1", chunk)
        messages.append(
            RawMessage(source=source, index=index, data=chunk, envelope=envelope, reader=reader)
        )
    return messages, split
