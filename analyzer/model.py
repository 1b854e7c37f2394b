"""What a source reader hands to the parser: one raw message with its provenance."""

from __future__ import annotations

from dataclasses import dataclass, field

PLACEHOLDER_ADDRESSES = frozenset({"bogus@does.not.exist.com"})
"""What Pipermail writes for a message that has no sender: often a piece of another message that
its archiver split off at a body line beginning "From "."""


@dataclass(slots=True)
class RawMessage:
    """One message as a reader found it, before any decoding.

    ``data`` holds RFC 5322 bytes (headers, blank line, body) with the separator removed and mbox
    escapes undone. Readers of formats that are not RFC 5322 (Pipermail HTML pages) build such bytes
    from what the page shows, so that one parser serves every format.
    """

    source: str
    """The source file (or page) the message came from, as the user named it."""
    index: int
    """Position of the message in its source, from 0."""
    data: bytes
    envelope: str = ""
    """The separator line (``From_`` line) without ``From ``, when the format has one."""
    reader: str = ""
    """Name of the reader that found the message (``pipermail-txt``, ``mbox``, ``pipermail-html`` …)."""
    archive_parent_id: str | None = None
    """Parent Message-ID according to the archive's own thread index (Pipermail ``thread.html``)."""
    archive_thread_order: int | None = None
    """Position of the message in the archive's thread index, from 0."""
    defects: list[str] = field(default_factory=list)
    """What the reader noticed (a damaged separator, a truncated file)."""
