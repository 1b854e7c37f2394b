"""Tar archives (.tar, .tar.gz, .tgz, .tar.bz2, .tar.xz) as a tree of members, never one stream.

A tar of a list's archive packs what a folder holds: monthly ``.txt``/``.txt.gz`` files, Pipermail
HTML period folders, mbox files. Read as one stream, its member headers were taken for text (an
mbox's first message glued to one, another message lost) and its pages for a single page. So a
tar is read as the folder it packs: its members form a tree that the folder walk of
``analyzer.readers`` goes through, and each member it picks is read by the reader its content
calls for. Nothing is unpacked to disk: the (decompressed) tar is in memory, as any source's
content is, and a member's bytes are copied out only when a reader needs them.
"""

from __future__ import annotations

import io
import re
import tarfile
from dataclasses import dataclass, field

TAR_READER = "tar"
_NOT_NUL = re.compile(rb"[^\x00]")


def looks_like_tar(head: bytes) -> bool:
    """Whether ``head`` (a source's first decompressed bytes) opens with a tar header: a block
    whose checksum is right, tar's own test (v7 tars have no ``ustar`` magic to look for)."""
    if len(head) < tarfile.BLOCKSIZE:
        return False
    try:
        tarfile.TarInfo.frombuf(head[: tarfile.BLOCKSIZE], "utf-8", "surrogateescape")
    except (tarfile.HeaderError, ValueError):
        return False
    return True


@dataclass(eq=False, slots=True)
class TarEntry:
    """A member of the tar (a regular file) or a folder its member paths imply."""

    path: str
    """Its path inside the tar, without a leading ``./`` ('' for the tar's top)."""
    member: tarfile.TarInfo | None = None
    """None for a folder."""
    children: dict[str, TarEntry] = field(default_factory=dict)

    @property
    def name(self) -> str:
        return self.path.rpartition("/")[2]

    def is_dir(self) -> bool:
        return self.member is None


class TarArchive:
    """The members of a tar held in memory, as a tree; ``source`` names one as tar/member.

    Raises ``tarfile.TarError`` when ``data`` cannot be read as a tar at all.
    """

    def __init__(self, name: str, data: bytes, *, cut_short: bool = False) -> None:
        self.name = name
        self._data = data
        self._tar = tarfile.open(fileobj=io.BytesIO(data), mode="r:")  # noqa: SIM115 - in memory
        self.root = TarEntry("")
        self.passed_over: list[str] = []
        """Members left out because their path clashes with a folder's (or a file's)."""
        self.defects: list[str] = []
        end = 0
        while True:
            try:
                member = self._tar.next()
            except tarfile.ReadError as exc:  # it stops inside a member: kept up to there
                if not cut_short:  # else the decompression's defect says where it stopped
                    self.defects.append(
                        f"the tar stops or is damaged after {min(end, len(data)):,} bytes ({exc})"
                    )
                break
            if member is None:
                break
            end = max(end, member.offset_data + _blocks(member.size))
            self._add(member)
        trailing = _NOT_NUL.search(data, end)
        if trailing is not None and not cut_short:
            self.defects.append(
                f"{len(data) - trailing.start():,} bytes after the tar's last readable member "
                "were not read (a damaged or concatenated tar)"
            )

    def _add(self, member: tarfile.TarInfo) -> None:
        parts = [part for part in member.name.split("/") if part not in ("", ".")]
        if not parts:
            return
        if not (member.isreg() or member.isdir()):
            return  # a link or a device holds no data of its own (a link's target is read)
        folder = self.root
        for depth, part in enumerate(parts[:-1]):
            folder = folder.children.setdefault(part, TarEntry("/".join(parts[: depth + 1])))
            if not folder.is_dir():
                self.passed_over.append(self.source_of("/".join(parts)))
                return
        path = "/".join(parts)
        existing = folder.children.get(parts[-1])
        if existing is not None and existing.is_dir() != member.isdir():
            self.passed_over.append(self.source_of(path))  # a file where a folder is, or back
        elif member.isreg():  # a later member of a path replaces the earlier, as tar extracts
            folder.children[parts[-1]] = TarEntry(path, member)
        elif existing is None:
            folder.children[parts[-1]] = TarEntry(path)

    def source(self, entry: TarEntry) -> str:
        """What names ``entry`` as a message's source: the tar's name, then its path there."""
        return self.source_of(entry.path)

    def source_of(self, path: str) -> str:
        return f"{self.name}/{path}" if path else self.name

    def read(self, entry: TarEntry) -> tuple[bytes, bool]:
        """A member's bytes, and whether the tar stops before its end (what it holds is kept)."""
        member = entry.member
        if member is None:
            raise IsADirectoryError(entry.path)
        if member.issparse():
            try:
                extracted = self._tar.extractfile(member)
                return (extracted.read() if extracted else b""), False
            except (tarfile.TarError, OSError, EOFError):
                return b"", True
        start = member.offset_data
        data = self._data[start : start + member.size]
        return data, len(data) < member.size


def _blocks(size: int) -> int:
    """The bytes a member's data takes in the tar: whole blocks."""
    return -(-size // tarfile.BLOCKSIZE) * tarfile.BLOCKSIZE
