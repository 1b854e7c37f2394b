"""Reader of maildir folders: one message a file under ``cur/`` and ``new/``."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

from analyzer.errors import SourceError
from analyzer.model import RawMessage
from analyzer.readers.compression import DEFAULT_MAX_UNCOMPRESSED_BYTES, read_source_bytes


def is_maildir(path: Path) -> bool:
    return path.is_dir() and (path / "cur").is_dir() and (path / "new").is_dir()


def read_maildir(
    path: Path, *, max_uncompressed_bytes: int = DEFAULT_MAX_UNCOMPRESSED_BYTES
) -> Iterator[RawMessage]:
    """Yield every message of the maildir in file-name order (names start with the arrival time).

    A file that cannot be read yields an empty message whose defect says why, so that the ingest
    rejects it with that reason and keeps the others.
    """
    files = sorted(
        (p for sub in ("new", "cur") for p in (path / sub).iterdir() if p.is_file()),
        key=lambda p: p.name,
    )
    for index, file in enumerate(files):
        try:
            content = read_source_bytes(file, max_uncompressed_bytes=max_uncompressed_bytes)
        except SourceError as exc:
            problem = f"{file.name}: {exc.problem}"
            yield RawMessage(str(file), index, b"", reader="maildir", defects=[problem])
            continue
        yield RawMessage(
            source=str(file),
            index=index,
            data=content.data.replace(b"\r\n", b"\n"),
            reader="maildir",
            defects=list(content.defects),
        )
