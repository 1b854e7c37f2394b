"""Source readers: the only place that knows archive formats.

``discover_sources`` turns what the user named (files, folders, globs) into a list of sources;
``read_source`` picks the reader of one source by its content, not its name, and returns its raw
messages with the counts the ingest reports.
"""

from __future__ import annotations

import bz2
import glob
import gzip
import lzma
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path

from analyzer.errors import SourceError
from analyzer.model import RawMessage
from analyzer.readers import legacy, maildir, mbox, pipermail_html
from analyzer.readers.compression import (
    DEFAULT_MAX_UNCOMPRESSED_BYTES,
    SourceBytes,
    read_source_bytes,
    sniff_compression,
)

__all__ = ["SourceRead", "discover_sources", "looks_like_archive", "read_source"]

_MONTHS = "January|February|March|April|May|June|July|August|September|October|November|December"
# Pipermail's period names: monthly, quarterly, yearly, weekly and daily archives.
_PERIOD = re.compile(
    rf"^(?P<period>\d{{4}}-(?:{_MONTHS})|\d{{4}}q[1-4]|\d{{4}}|Week-of-Mon-\d{{8}}|\d{{8}})"
    r"(?P<ext>\.txt\.gz|\.txt)?$"
)
_SKIPPED_NAMES = {"index.html", "thread.html", "date.html", "author.html", "subject.html"}


@dataclass(slots=True)
class SourceRead:
    """The raw messages of one source and what its reader counted."""

    path: str
    reader: str
    messages: list[RawMessage]
    separators: int
    """Separators (or pages, or files) found: every one must end as stored, duplicate or rejected."""
    false_separators: int = 0
    defects: list[str] = field(default_factory=list)


def _expand(inputs: Iterable[str | Path]) -> list[Path]:
    paths: list[Path] = []
    for item in inputs:
        text = str(item)
        if any(ch in text for ch in "*?[") and not Path(text).exists():
            matches = sorted(glob.glob(text, recursive=True))
            if not matches:
                raise SourceError(text, "no file matches this pattern")
            paths.extend(Path(m) for m in matches)
        else:
            path = Path(text)
            if not path.exists():
                raise SourceError(text, "no such file or folder")
            paths.append(path)
    return paths


def _head(path: Path, size: int = 8192) -> bytes:
    """The first bytes of a file, decompressed if it is compressed (enough to tell its format)."""
    try:
        with open(path, "rb") as fh:
            raw = fh.read(size)
        kind = sniff_compression(raw[:8])
        if kind is None:
            return raw
        if kind == "gzip":
            with gzip.open(path, "rb") as unpacked:
                return unpacked.read(size)
        if kind == "bzip2":
            with bz2.open(path, "rb") as unpacked_bz2:
                return unpacked_bz2.read(size)
        with lzma.open(path, "rb") as unpacked_xz:
            return unpacked_xz.read(size)
    except (OSError, EOFError, lzma.LZMAError):
        return b""


def looks_like_archive(path: Path) -> bool:
    """Whether a file found inside a folder is worth reading as mail (not a script, a README…)."""
    head = _head(path)
    if mbox.looks_from_separated(head) or legacy.looks_mmdf(head):
        return True
    return legacy.looks_like_mail(head)


def _walk_folder(folder: Path, skipped: list[Path], visited: set[Path] | None = None) -> list[Path]:
    """Sources inside a folder; per Pipermail period, `.txt.gz` before `.txt` before HTML pages.

    Files that are not mail archives (scripts, READMEs, images) are passed over and listed in
    ``skipped``. A folder reached twice (through a symbolic link) is walked once.
    """
    visited = set() if visited is None else visited
    real = folder.resolve()
    if real in visited:
        return []
    visited.add(real)
    if maildir.is_maildir(folder) or pipermail_html.looks_like_pipermail_period_folder(folder):
        return [folder]
    by_period: dict[str, dict[str, Path]] = {}
    others: list[Path] = []
    try:
        children = sorted(folder.iterdir())
    except OSError as exc:
        raise SourceError(str(folder), f"cannot be listed ({exc.strerror or exc})") from None
    for child in children:
        if child.name.startswith(".") or child.name in _SKIPPED_NAMES:
            continue
        match = _PERIOD.match(child.name)
        if match and (match.group("ext") or child.is_dir()):
            kind = match.group("ext") or "html"
            if kind == "html" and not pipermail_html.looks_like_pipermail_period_folder(child):
                others.extend(_walk_folder(child, skipped, visited))
                continue
            by_period.setdefault(match.group("period"), {})[kind] = child
        elif child.is_dir():
            others.extend(_walk_folder(child, skipped, visited))
        elif looks_like_archive(child):
            others.append(child)
        else:
            skipped.append(child)
    chosen = [
        next(variants[k] for k in (".txt.gz", ".txt", "html") if k in variants)
        for variants in by_period.values()
    ]
    return sorted(chosen) + others


def discover_sources(
    inputs: Sequence[str | Path], *, skipped: list[Path] | None = None
) -> list[Path]:
    """Expand files, folders and glob patterns into the list of sources to read, each once.

    A file named directly is always a source (and an error if it is no archive); files inside a
    folder that are not archives are left out and, if ``skipped`` is given, listed there.
    """
    found: list[Path] = []
    passed_over = skipped if skipped is not None else []
    for path in _expand(inputs):
        found.extend(_walk_folder(path, passed_over) if path.is_dir() else [path])
    unique: dict[Path, Path] = {}  # one source per real file, as first named
    for path in found:
        unique.setdefault(path.resolve(), path)
    return list(unique.values())


CUT_SHORT_DEFECT = "the file's data stops inside or right after this message: it may be cut short"


def _mark_cut_short(messages: list[RawMessage], content: SourceBytes) -> None:
    """The last message read from a truncated or damaged stream says it may be incomplete."""
    if content.cut_short and messages:
        messages[-1].defects.append(CUT_SHORT_DEFECT)


def read_source(
    path: Path, *, max_uncompressed_bytes: int = DEFAULT_MAX_UNCOMPRESSED_BYTES
) -> SourceRead:
    """Read one source with the reader its content calls for.

    Raises SourceError when the source cannot be read or is not a mail archive at all.
    """
    name = str(path)
    if path.is_dir():
        if maildir.is_maildir(path):
            messages = list(
                maildir.read_maildir(path, max_uncompressed_bytes=max_uncompressed_bytes)
            )
            return SourceRead(name, "maildir", messages, len(messages))
        if pipermail_html.looks_like_pipermail_period_folder(path):
            messages = list(pipermail_html.read_period_folder(path))
            return SourceRead(name, "pipermail-html", messages, len(messages))
        raise SourceError(name, "is a folder that holds neither a maildir nor Pipermail pages")
    content = read_source_bytes(path, max_uncompressed_bytes=max_uncompressed_bytes)
    data = content.data
    head = data[:4096]
    if not data or data.isspace():  # blank, tested without copying the file
        if content.defects:
            raise SourceError(name, "; ".join(content.defects))
        raise SourceError(name, "is empty")
    if mbox.looks_from_separated(head) or (
        not legacy.looks_mmdf(head) and mbox.is_pipermail_text(data)
    ):
        reader = "pipermail-txt" if mbox.is_pipermail_text(data) else "mbox"
        messages, split = mbox.read_from_separated(name, data, reader=reader)
        defects = list(content.defects)
        if split.preamble.strip() and legacy.looks_like_mail(split.preamble):
            # A message whose separator line is missing or damaged is still a message.
            first = RawMessage(
                name, 0, split.preamble, reader=reader, defects=["no separator line before it"]
            )
            messages = [first, *messages]
            for index, message in enumerate(messages):
                message.index = index
        elif split.preamble.strip():
            defects.append(
                f"{len(split.preamble):,} bytes before the first separator were not a message"
            )
        _mark_cut_short(messages, content)
        return SourceRead(name, reader, messages, len(messages), split.false_separators, defects)
    if legacy.looks_mmdf(head):
        messages = list(legacy.read_mmdf(name, data))
        _mark_cut_short(messages, content)
        return SourceRead(name, "mmdf", messages, len(messages), 0, list(content.defects))
    chunks = legacy.split_header_separated(data)
    if chunks:
        reader = "message" if len(chunks) == 1 else "header-separated"
        messages = [
            RawMessage(source=name, index=i, data=chunk, reader=reader)
            for i, chunk in enumerate(chunks)
        ]
        _mark_cut_short(messages, content)
        return SourceRead(name, reader, messages, len(messages), 0, list(content.defects))
    if b"<!--beginarticle-->" in data:
        raise SourceError(name, "is a single Pipermail page; name its period folder instead")
    raise SourceError(
        name,
        "is not a mail archive (no From_ separator, MMDF delimiter, mail header or "
        "Pipermail page found)" + (f"; {'; '.join(content.defects)}" if content.defects else ""),
    )
