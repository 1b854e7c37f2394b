"""Reader of maildir folders: one message a file under ``cur/`` and ``new/``."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

from analyzer.model import RawMessage
from analyzer.readers.compression import read_source_bytes


def is_maildir(path: Path) -> bool:
    return path.is_dir() and (path / "cur").is_dir() and (path / "new").is_dir()


def read_maildir(path: Path) -> Iterator[RawMessage]:
    """Yield every message of the maildir in file-name order (names start with the arrival time)."""
    files = sorted(
        (p for sub in ("new", "cur") for p in (path / sub).iterdir() if p.is_file()),
        key=lambda p: p.name,
    )
    for index, file in enumerate(files):
        content = read_source_bytes(file)
        yield RawMessage(
            source=str(file),
            index=index,
            data=content.data.replace(b"\r\n", b"\n"),
            reader="maildir",
            defects=list(content.defects),
        )
