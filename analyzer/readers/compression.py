"""Reading a source file's bytes, compressed or not, with a limit against decompression bombs.

Compression is recognised by its magic bytes, not by the file name, so a `.txt.gz` renamed `.txt`
(or a plain file named `.gz`) is still read right.
"""

from __future__ import annotations

import bz2
import lzma
import zlib
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from analyzer.errors import SourceError

DEFAULT_MAX_UNCOMPRESSED_BYTES = 4 * 1024**3
"""Refuse to inflate a single source beyond this size (a decompression bomb, or the wrong file)."""

_CHUNK = 1 << 20

_MAGIC = {
    b"\x1f\x8b": "gzip",
    b"BZh": "bzip2",
    b"\xfd7zXZ\x00": "xz",
}


@dataclass(slots=True)
class SourceBytes:
    """The decompressed content of a source and what went wrong while reading it."""

    data: bytes
    compression: str | None
    defects: list[str] = field(default_factory=list)


def sniff_compression(head: bytes) -> str | None:
    for magic, name in _MAGIC.items():
        if head.startswith(magic):
            return name
    return None


def _decompressor(kind: str) -> Any:
    if kind == "gzip":
        return zlib.decompressobj(16 + zlib.MAX_WBITS)
    if kind == "bzip2":
        return bz2.BZ2Decompressor()
    return lzma.LZMADecompressor()


def _inflate(path: Path, raw: bytes, kind: str, max_bytes: int) -> SourceBytes:
    """Inflate every member of ``raw``; keep what precedes damage and say where it stopped."""
    out: list[bytes] = []
    total = 0
    defects: list[str] = []
    pending = raw
    while pending:
        decomp = _decompressor(kind)
        feed = pending
        try:
            while True:
                chunk = decomp.decompress(feed, _CHUNK)
                out.append(chunk)
                total += len(chunk)
                if total > max_bytes:
                    raise SourceError(
                        str(path),
                        f"inflates to more than {max_bytes:,} bytes; refused as a possible "
                        "decompression bomb (raise the limit if the archive is genuine)",
                    )
                if decomp.eof:
                    break
                if kind == "gzip":
                    feed = decomp.unconsumed_tail
                    if not feed and not chunk:
                        break
                else:
                    feed = b""
                    if decomp.needs_input:
                        break
        except (OSError, EOFError, zlib.error, lzma.LZMAError, ValueError) as exc:
            defects.append(
                f"{kind} data is damaged after {total:,} bytes ({exc}); kept what precedes"
            )
            break
        if not decomp.eof:
            defects.append(f"{kind} stream is truncated after {total:,} bytes; kept what precedes")
            break
        pending = decomp.unused_data
        if not pending.strip(b"\x00"):
            break
        if sniff_compression(pending[:8]) != kind:
            defects.append(f"{len(pending):,} trailing bytes after the {kind} stream were ignored")
            break
    return SourceBytes(b"".join(out), kind, defects)


def read_source_bytes(
    path: Path, *, max_uncompressed_bytes: int = DEFAULT_MAX_UNCOMPRESSED_BYTES
) -> SourceBytes:
    """Return the whole (decompressed) content of ``path``.

    Raises SourceError when the file cannot be read at all or inflates past the limit; damage
    inside a compressed stream is recorded in ``defects`` and what precedes it is returned.
    """
    try:
        raw = path.read_bytes()
    except FileNotFoundError:
        raise SourceError(str(path), "no such file") from None
    except IsADirectoryError:
        raise SourceError(str(path), "is a directory, not an archive file") from None
    except PermissionError:
        raise SourceError(str(path), "permission denied") from None
    except OSError as exc:
        raise SourceError(str(path), f"cannot be read ({exc.strerror or exc})") from None
    kind = sniff_compression(raw[:8])
    if kind is None:
        return SourceBytes(raw, None)
    return _inflate(path, raw, kind, max_uncompressed_bytes)
