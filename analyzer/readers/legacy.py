"""Readers of old mailbox formats without ``From_`` lines: MMDF and header-separated files.

MMDF wraps each message in lines of four Control-A bytes. Old archive files (the IETF's among
them) simply concatenate messages, each starting after a blank line with a header block: most
with the header that opens the file (``From:``, ``To:``, ``Date:``, ``Received:``,
``Return-Path:`` …) or a line holding only a year, some with whatever header their sender's
client wrote first. A blank line separates messages when a plausible header block follows (one
that begins with the file's opening header, or one holding both ``From:`` and ``Date:``, which
an Outlook quote's ``From:``/``Sent:`` block does not) and no MIME multipart of the previous
message is still open (an attached message must not be split off).
"""

from __future__ import annotations

import re
from collections.abc import Iterator

from analyzer.model import RawMessage

MMDF_DELIMITER = b"\x01\x01\x01\x01"
_HEADER_NAME = re.compile(rb"([!-9;-~]+):")
_YEAR_LINE = re.compile(rb"(?:19|20)\d\d[ \t]*$")
_BOUNDARY = re.compile(rb'boundary\s*=\s*"?([^";\s]+)"?', re.IGNORECASE)
_CLOSING = re.compile(rb'^--([^";\s]+)--[ \t]*$', re.MULTILINE)
_ESSENTIAL = (b"from:", b"date:", b"subject:", b"message-id:")
_ANY_HEADER_AFTER_BLANK = re.compile(rb"\n\n(?=" + _HEADER_NAME.pattern + rb")")


def looks_mmdf(head: bytes) -> bool:
    return head.lstrip(b"\r\n").startswith(MMDF_DELIMITER)


def read_mmdf(source: str, data: bytes) -> Iterator[RawMessage]:
    data = data.replace(b"\r\n", b"\n")
    index = 0
    for chunk in data.split(MMDF_DELIMITER + b"\n"):
        body = chunk.replace(MMDF_DELIMITER, b"").strip(b"\n")
        if body:
            yield RawMessage(source=source, index=index, data=body + b"\n", reader="mmdf")
            index += 1


def _opening_marker(data: bytes) -> bytes | None:
    """The header name (or the year line) that opens the file, or None if it is no mail."""
    first = data.lstrip(b"\n").split(b"\n", 1)[0]
    if _YEAR_LINE.match(first):
        return b""
    match = _HEADER_NAME.match(first)
    return match.group(1).lower() if match else None


def _header_block_is_plausible(data: bytes, start: int, *, dated: bool = False) -> bool:
    """Whether a header block starts at ``start``: header lines up to a blank line, two of them
    essential ones; with ``dated``, ``From:`` and ``Date:`` among them."""
    end = data.find(b"\n\n", start)
    block = (data[start:] if end < 0 else data[start:end]).lower()
    if not block:
        return False
    lines = block.split(b"\n")
    if not all(_HEADER_NAME.match(line) or line[:1] in (b" ", b"\t") for line in lines):
        return False
    if dated:
        names = {line.split(b":", 1)[0] for line in lines if line[:1] not in (b" ", b"\t")}
        return b"from" in names and b"date" in names
    return sum(1 for line in lines if line.startswith(_ESSENTIAL)) >= 2


class _OpenMultiparts:
    """Whether the text from a message's start up to a point declares a boundary it does not close.

    Declarations and closing lines are found once for the whole file and taken in order as the
    message grows, so a file that never closes its boundaries is not rescanned at every candidate.
    """

    def __init__(self, data: bytes) -> None:
        events = [(m.end(), m.start(), True, m.group(1)) for m in _BOUNDARY.finditer(data)]
        events += [(m.end(), m.start(), False, m.group(1)) for m in _CLOSING.finditer(data)]
        events.sort(key=lambda event: event[0])
        self._events = events
        self._next = 0
        self._start = 0
        self._open: set[bytes] = set()
        self._closed: set[bytes] = set()

    def restart(self, start: int) -> None:
        """A new message begins at ``start``."""
        self._start = start
        self._open.clear()
        self._closed.clear()

    def any_open(self, end: int) -> bool:
        """True when the text from the message's start to ``end`` leaves a multipart open."""
        while self._next < len(self._events) and self._events[self._next][0] <= end:
            _end, start, declares, boundary = self._events[self._next]
            self._next += 1
            if start < self._start:
                continue
            if declares:
                if boundary not in self._closed:
                    self._open.add(boundary)
            else:
                self._closed.add(boundary)
                self._open.discard(boundary)
        return bool(self._open)


def looks_like_mail(head: bytes) -> bool:
    """Whether ``head`` opens with a plausible mail header block (after an optional year line)."""
    data = head.replace(b"\r\n", b"\n").lstrip(b"\n")
    marker = _opening_marker(data)
    if marker is None:
        return False
    start = data.index(b"\n") + 1 if marker == b"" and b"\n" in data else 0
    return _header_block_is_plausible(data, start)


def split_header_separated(data: bytes) -> list[bytes] | None:
    """Split a legacy header-separated file; None when ``data`` does not start like one."""
    data = data.replace(b"\r\n", b"\n").lstrip(b"\n")
    marker = _opening_marker(data)
    if marker is None:
        return None
    if marker:
        candidates = _ANY_HEADER_AFTER_BLANK
    else:
        candidates = re.compile(rb"\n\n(?=(?:19|20)\d\d[ \t]*\n)")
    messages: list[bytes] = []
    start = 0
    multiparts = _OpenMultiparts(data)
    for match in candidates.finditer(data):
        header_start = match.end()
        if not marker:
            header_start = data.index(b"\n", header_start) + 1
        opens_as_file = not marker or match.group(1).lower() == marker
        if not _header_block_is_plausible(data, header_start, dated=not opens_as_file):
            continue
        if multiparts.any_open(match.start() + 1):
            continue
        messages.append(data[start : match.start() + 1])
        start = match.end()
        multiparts.restart(start)
    messages.append(data[start:])
    if not marker:
        messages = [
            m.split(b"\n", 1)[1] if _YEAR_LINE.match(m.split(b"\n", 1)[0]) else m for m in messages
        ]
    return [m for m in messages if m.strip()]


def read_header_separated(source: str, data: bytes) -> Iterator[RawMessage]:
    for index, chunk in enumerate(split_header_separated(data) or []):
        yield RawMessage(source=source, index=index, data=chunk, reader="header-separated")
