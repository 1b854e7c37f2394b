"""Reading a source file's bytes, compressed or not, with a limit against decompression bombs.

Compression is recognised by its magic bytes, not by the file name, so a `.txt.gz` renamed `.txt`
(or a plain file named `.gz`) is still read right.
"""

from __future__ import annotations

import bz2
import gzip
import lzma
import re
import zlib
from dataclasses import dataclass, field
from pathlib import Path
from typing import IO, Any

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
    cut_short: bool = False
    """The stream stopped (truncated or damaged) before its end: its last message may be cut."""


def sniff_compression(head: bytes) -> str | None:
    for magic, name in _MAGIC.items():
        if head.startswith(magic):
            return name
    return None


def inflated_head(stream: IO[bytes], size: int = 8192) -> bytes:
    """The first ``size`` bytes of a seekable stream's content (a file, a tar's member),
    decompressed when it is compressed: enough to tell its format; as much as precedes damage."""
    head = stream.read(size)
    kind = sniff_compression(head[:8])
    if kind is None:
        return head
    stream.seek(0)
    out = bytearray()
    try:
        with _unpacking(kind, stream) as unpacked:
            while len(out) < size:
                piece = unpacked.read(min(_HEAD_PIECE, size - len(out)))
                if not piece:
                    break
                out += piece
    except (OSError, EOFError, zlib.error, lzma.LZMAError):
        pass  # damaged: what came before it tells the format
    return bytes(out)


_HEAD_PIECE = 1024


def _unpacking(kind: str, stream: IO[bytes]) -> gzip.GzipFile | bz2.BZ2File | lzma.LZMAFile:
    if kind == "gzip":
        return gzip.GzipFile(fileobj=stream)
    if kind == "bzip2":
        return bz2.BZ2File(stream)
    return lzma.LZMAFile(stream)


def _decompressor(kind: str) -> Any:
    if kind == "gzip":
        return zlib.decompressobj(16 + zlib.MAX_WBITS)
    if kind == "bzip2":
        return bz2.BZ2Decompressor()
    return lzma.LZMADecompressor()


_INPUT_PIECE = 1 << 13
"""Compressed bytes fed at a time: damage then costs at most the output of one piece."""
_NOT_NUL = re.compile(rb"[^\x00]")


def _bomb(name: str, max_bytes: int) -> SourceError:
    return SourceError(
        name,
        f"inflates to more than {max_bytes:,} bytes; refused as a possible "
        "decompression bomb (raise the limit if the archive is genuine)",
    )


def _inflate_member(
    name: str, raw: bytes, start: int, kind: str, out: list[bytes], total: int, max_bytes: int
) -> tuple[Any, int, int]:
    """Inflate the member that begins at ``start`` into ``out`` (``total`` bytes already there).

    Returns the decompressor, where the fed input ends and the bytes written. Input goes in small
    pieces so that what was inflated before damage is in ``out`` when the decompressor raises.
    """
    decomp = _decompressor(kind)
    position = start
    written = 0
    while not decomp.eof and position < len(raw):
        data = raw[position : position + _INPUT_PIECE]
        position += len(data)
        while True:
            chunk = decomp.decompress(data, _CHUNK)
            out.append(chunk)
            written += len(chunk)
            if total + written > max_bytes:
                raise _bomb(name, max_bytes)
            if decomp.eof:
                break
            if kind == "gzip":
                data = decomp.unconsumed_tail
                if not data and len(chunk) < _CHUNK:
                    break
            else:
                data = b""
                if decomp.needs_input:
                    break
    return decomp, position, written


def _inflate_whole(raw: bytes, kind: str, max_bytes: int) -> bytes | None:
    """The content of ``raw`` when it is one sound stream (the common case), in one call;
    None when it is not (damage, several members, trailing bytes, over the limit)."""
    decomp = _decompressor(kind)
    try:
        data: bytes = decomp.decompress(raw, max_bytes + 1)
    except (OSError, EOFError, zlib.error, lzma.LZMAError, ValueError):
        return None
    if not decomp.eof or len(data) > max_bytes or _NOT_NUL.search(decomp.unused_data):
        return None
    return data


def _inflate(name: str, raw: bytes, kind: str, max_bytes: int) -> SourceBytes:
    """Inflate every member of ``raw``; keep what precedes damage and say where it stopped."""
    whole = _inflate_whole(raw, kind, max_bytes)
    if whole is not None:
        return SourceBytes(whole, kind)
    out: list[bytes] = []
    total = 0
    defects: list[str] = []
    cut_short = False
    start = 0
    while True:
        kept = len(out)
        try:
            decomp, fed, written = _inflate_member(name, raw, start, kind, out, total, max_bytes)
        except (OSError, EOFError, zlib.error, lzma.LZMAError, ValueError) as exc:
            total += sum(len(chunk) for chunk in out[kept:])
            defects.append(
                f"{kind} data is damaged after {total:,} bytes ({exc}); kept what precedes"
            )
            cut_short = True
            break
        total += written
        if not decomp.eof:
            defects.append(f"{kind} stream is truncated after {total:,} bytes; kept what precedes")
            cut_short = True
            break
        start = fed - len(decomp.unused_data)
        if _NOT_NUL.search(raw, start) is None:
            break
        if sniff_compression(raw[start : start + 8]) != kind:
            defects.append(
                f"{len(raw) - start:,} trailing bytes after the {kind} stream were ignored"
            )
            break
    return SourceBytes(b"".join(out), kind, defects, cut_short)


def unreadable(path: Path, exc: OSError) -> SourceError:
    """The one-line error for a source the system will not let us read."""
    if isinstance(exc, FileNotFoundError):
        return SourceError(str(path), "no such file")
    if isinstance(exc, IsADirectoryError):
        return SourceError(str(path), "is a directory, not an archive file")
    if isinstance(exc, PermissionError):
        return SourceError(str(path), "permission denied")
    return SourceError(str(path), f"cannot be read ({exc.strerror or exc})")


def read_source_bytes(
    path: Path, *, max_uncompressed_bytes: int = DEFAULT_MAX_UNCOMPRESSED_BYTES
) -> SourceBytes:
    """Return the whole (decompressed) content of ``path``.

    Raises SourceError when the file cannot be read at all or inflates past the limit; damage
    inside a compressed stream is recorded in ``defects`` and what precedes it is returned.
    """
    try:
        raw = path.read_bytes()
    except OSError as exc:
        raise unreadable(path, exc) from None
    return source_bytes(str(path), raw, max_uncompressed_bytes=max_uncompressed_bytes)


def source_bytes(
    name: str, raw: bytes, *, max_uncompressed_bytes: int = DEFAULT_MAX_UNCOMPRESSED_BYTES
) -> SourceBytes:
    """The content of ``raw`` (a file's bytes, or a tar member's), inflated when compressed;
    ``name`` names it in errors, as in ``read_source_bytes``."""
    kind = sniff_compression(raw[:8])
    if kind is None:
        return SourceBytes(raw, None)
    return _inflate(name, raw, kind, max_uncompressed_bytes)
