"""Source readers: the only place that knows archive formats.

``discover_sources`` turns what the user named (files, folders, globs) into a list of sources;
``read_source`` picks the reader of one source by its content, not its name, and returns its raw
messages with the counts the ingest reports.
"""

from __future__ import annotations

import glob
import io
import re
import stat
import tarfile
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Protocol, TypeVar

from analyzer.dates import MONTH_NUMBERS
from analyzer.errors import SourceError
from analyzer.model import RawMessage
from analyzer.readers import legacy, maildir, mbox, pipermail_html
from analyzer.readers.compression import (
    DEFAULT_MAX_UNCOMPRESSED_BYTES,
    SourceBytes,
    inflated_head,
    read_source_bytes,
    source_bytes,
)
from analyzer.readers.tar import TAR_READER, TarArchive, TarEntry, looks_like_tar

__all__ = [
    "SourceRead",
    "discover_sources",
    "looks_like_archive",
    "period_start",
    "read_source",
]

_MONTHS = "January|February|March|April|May|June|July|August|September|October|November|December"
_PERIOD = re.compile(
    rf"^(?P<period>\d{{4}}-(?:{_MONTHS})|\d{{4}}q[1-4]|\d{{4}}|Week-of-Mon-\d{{8}}|\d{{8}})"
    r"(?P<ext>\.txt\.gz|\.txt)?$"
)
"""Pipermail's period names (monthly, quarterly, yearly, weekly and daily archives), of a text
file or an HTML folder: they pick a period's source here, and ``period_start`` reads them."""
_SKIPPED_NAMES = {"index.html", "thread.html", "date.html", "author.html", "subject.html"}
_PREFERRED = (".txt.gz", ".txt", "html")
"""Of a period's copies (``2012-March.txt.gz``, ``.txt``, its HTML folder), the one read."""


def period_start(name: str) -> tuple[int, int, int] | None:
    """(year, month, day) the Pipermail period a source is named by begins on
    (``2012-March.txt.gz``, ``2012q2.txt``, ``2012``, ``Week-of-Mon-20120305``, ``20120305``),
    None for another name: the ingest lists them in date order, not in the alphabet's
    (April, August, December...)."""
    match = _PERIOD.match(name)
    if match is None:
        return None
    digits = match.group("period").removeprefix("Week-of-Mon-")
    if "-" in digits:
        year, month = digits.split("-")
        return int(year), MONTH_NUMBERS[month.lower()], 1
    if "q" in digits:
        year, quarter = digits.split("q")
        return int(year), 3 * int(quarter) - 2, 1
    if len(digits) == 8:
        return int(digits[:4]), int(digits[4:6]), int(digits[6:])
    return int(digits), 1, 1


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
    passed_over: list[str] = field(default_factory=list)
    """Members of a tar archive that are not mail archives, left out (as a folder's are)."""


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
            return inflated_head(fh, size)
    except OSError:
        return b""


def looks_like_archive(path: Path) -> bool:
    """Whether a file found inside a folder is worth reading as mail (not a script, a README…)."""
    return _head_looks_like_archive(_head(path))


def _head_looks_like_archive(head: bytes) -> bool:
    if mbox.looks_from_separated(head) or legacy.looks_mmdf(head) or looks_like_tar(head):
        return True
    return legacy.looks_like_mail(head)


N = TypeVar("N")


class _Tree(Protocol[N]):
    """What the folder walk needs of a tree: a folder on disk, or the members of a tar."""

    def name(self, node: N) -> str: ...
    def is_dir(self, node: N) -> bool: ...
    def enter(self, folder: N) -> bool:
        """Whether to walk this folder (not when it was walked already, through a link)."""
        ...

    def children(self, folder: N) -> list[N]:
        """The folder's entries, sorted by name."""
        ...

    def is_source_folder(self, folder: N) -> bool:
        """A folder read as one source: a maildir or a Pipermail period folder."""
        ...

    def is_period_folder(self, folder: N) -> bool: ...
    def looks_like_archive(self, file: N) -> bool: ...
    def is_special(self, node: N) -> bool:
        """Neither a folder nor a regular file (a named pipe, a socket, a device): never read,
        for opening a named pipe waits for a writer forever."""
        ...


class _Folders:
    """The folder walk on disk."""

    def __init__(self) -> None:
        self.visited: set[Path] = set()
        self.special: list[Path] = []
        """The entries passed over for being neither folders nor regular files."""

    def name(self, node: Path) -> str:
        return node.name

    def is_dir(self, node: Path) -> bool:
        return node.is_dir()

    def enter(self, folder: Path) -> bool:
        real = folder.resolve()
        if real in self.visited:
            return False
        self.visited.add(real)
        return True

    def children(self, folder: Path) -> list[Path]:
        try:
            return sorted(folder.iterdir())
        except OSError as exc:
            raise SourceError(str(folder), f"cannot be listed ({exc.strerror or exc})") from None

    def is_source_folder(self, folder: Path) -> bool:
        return maildir.is_maildir(folder) or self.is_period_folder(folder)

    def is_period_folder(self, folder: Path) -> bool:
        return pipermail_html.looks_like_pipermail_period_folder(folder)

    def looks_like_archive(self, file: Path) -> bool:
        return looks_like_archive(file)

    def is_special(self, node: Path) -> bool:
        if is_special_file(node):
            self.special.append(node)
            return True
        return False


def is_special_file(path: Path) -> bool:
    """Whether ``path`` is there but is neither a folder nor a regular file (through links)."""
    try:
        mode = path.stat().st_mode
    except OSError:
        return False
    return not (stat.S_ISREG(mode) or stat.S_ISDIR(mode))


def _walk(tree: _Tree[N], folder: N, skipped: list[N], copies: list[N] | None = None) -> list[N]:
    """Sources inside a folder; per Pipermail period, `.txt.gz` before `.txt` before HTML pages.

    Files that are not mail archives (scripts, READMEs, images) are passed over and listed in
    ``skipped``; a period's other copies are not read, and are listed in ``copies``. The same
    rules pick the sources of a folder and of a tar archive.
    """
    if not tree.enter(folder):
        return []
    if tree.is_source_folder(folder):
        return [folder]
    passed_copies = copies if copies is not None else []
    by_period: dict[str, dict[str, N]] = {}
    others: list[N] = []
    for child in tree.children(folder):
        name = tree.name(child)
        if name.startswith(".") or name in _SKIPPED_NAMES or tree.is_special(child):
            continue
        match = _PERIOD.match(name)
        is_dir = tree.is_dir(child)
        if match and (match.group("ext") or is_dir):
            kind = match.group("ext") or "html"
            if kind == "html" and not tree.is_period_folder(child):
                others.extend(_walk(tree, child, skipped, copies))
                continue
            by_period.setdefault(match.group("period"), {})[kind] = child
        elif is_dir:
            others.extend(_walk(tree, child, skipped, copies))
        elif tree.looks_like_archive(child):
            others.append(child)
        else:
            skipped.append(child)
    chosen = []
    for variants in by_period.values():
        kind = next(k for k in _PREFERRED if k in variants)
        chosen.append(variants.pop(kind))
        passed_copies.extend(variants[k] for k in _PREFERRED if k in variants)
    # (by name: the order the store keeps the first copy of a message in, ``store_order``)
    return sorted(chosen, key=tree.name) + others


def discover_sources(
    inputs: Sequence[str | Path],
    *,
    skipped: list[Path] | None = None,
    special: list[Path] | None = None,
    copies: list[Path] | None = None,
) -> list[Path]:
    """Expand files, folders and glob patterns into the list of sources to read, each once.

    A file named directly is always a source (and an error if it is no archive); files inside a
    folder that are not archives are left out and, if ``skipped`` is given, listed there. What
    is neither a folder nor a regular file (a named pipe: opening it waits for a writer) is
    never read: inside a folder or matched by a glob it is left out and, if ``special`` is
    given, listed there; named directly, it is an error. Of a Pipermail period a folder holds
    several copies of (``2012-March.txt.gz``, ``2012-March.txt``, the ``2012-March/`` pages),
    one is read (``.txt.gz``, else ``.txt``, else the pages), and the others are listed in
    ``copies`` if given: never read, so never de-duplicated either.
    """
    found: list[Path] = []
    passed_over = skipped if skipped is not None else []
    not_regular = special if special is not None else []
    named = {str(item) for item in inputs}
    for path in _expand(inputs):
        if path.is_dir():
            folders = _Folders()
            found.extend(_walk(folders, path, passed_over, copies))
            not_regular.extend(folders.special)
        elif is_special_file(path):
            if str(path) in named:
                raise SourceError(
                    str(path), "is not a regular file (a named pipe, a socket or a device)"
                )
            not_regular.append(path)  # matched by a glob
        else:
            found.append(path)
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
    return _read_content(name, content, max_uncompressed_bytes)


def _read_content(
    name: str, content: SourceBytes, max_bytes: int, within: _TarBudget | None = None
) -> SourceRead:
    """The messages of a file's (decompressed) content, ``name`` naming it; ``within``, the
    budget of the tar it is a member of."""
    data = content.data
    head = data[:4096]
    if not data or data.isspace():  # blank, tested without copying the file
        if content.defects:
            raise SourceError(name, "; ".join(content.defects))
        raise SourceError(name, "is empty")
    if looks_like_tar(data[: tarfile.BLOCKSIZE]):  # before all: its headers are no mail
        return _read_tar(name, content, max_bytes, within)
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


_MAX_TAR_DEPTH = 4
"""Tars inside tars read, at most (a hostile nesting must not recurse without end)."""


class _TarMembers:
    """The folder walk on the members of a tar archive."""

    def __init__(self, archive: TarArchive) -> None:
        self.archive = archive

    def name(self, node: TarEntry) -> str:
        return node.name

    def is_dir(self, node: TarEntry) -> bool:
        return node.is_dir()

    def enter(self, folder: TarEntry) -> bool:
        return True  # a tar's links are passed over: no folder is reached twice

    def children(self, folder: TarEntry) -> list[TarEntry]:
        return [folder.children[name] for name in sorted(folder.children)]

    def is_source_folder(self, folder: TarEntry) -> bool:
        return _is_tar_maildir(folder) or self.is_period_folder(folder)

    def is_period_folder(self, folder: TarEntry) -> bool:
        return folder.is_dir() and pipermail_html.looks_like_period_pages(
            _pages(folder), lambda page: self.archive.read(page)[0]
        )

    def is_special(self, node: TarEntry) -> bool:
        return False  # (a tar's special members are left out when it is read)

    def looks_like_archive(self, file: TarEntry) -> bool:
        with io.BytesIO(self.archive.read(file)[0]) as member:
            return _head_looks_like_archive(inflated_head(member))


def _is_tar_maildir(folder: TarEntry) -> bool:
    return all(sub in folder.children and folder.children[sub].is_dir() for sub in ("cur", "new"))


def _pages(folder: TarEntry) -> dict[int, TarEntry]:
    """The message pages (``NNNNNN.html``) of a folder in a tar, by number."""
    pages: dict[int, TarEntry] = {}
    for name, child in folder.children.items():
        number = pipermail_html.page_number(name)
        if number is not None and not child.is_dir():
            pages[number] = child
    return pages


@dataclass(slots=True)
class _TarBudget:
    """Bytes the tar's compressed members may still inflate to (the source's limit, shared
    with the tars inside it), and how deep in tars the member being read is."""

    left: int
    depth: int = 0


def _read_tar(
    name: str, content: SourceBytes, max_bytes: int, within: _TarBudget | None
) -> SourceRead:
    """A tar archive read member by member, as the folder it packs would be: each source the
    folder walk picks is read by its own reader, each message named by tar and member. A
    member that cannot be read is a defect naming it; the others are read."""
    inflated = len(content.data) if content.compression else 0
    if within is None:
        budget = _TarBudget(max_bytes - inflated)
    else:  # its members' share the outer tar's budget (which counted its bytes)
        budget = _TarBudget(within.left, within.depth + 1)
    if budget.depth >= _MAX_TAR_DEPTH:
        raise SourceError(name, f"is a tar nested more than {_MAX_TAR_DEPTH} deep")
    try:
        archive = TarArchive(name, content.data, cut_short=content.cut_short)
    except tarfile.TarError as exc:
        raise SourceError(name, f"is a damaged tar archive ({exc})") from None
    tree = _TarMembers(archive)
    skipped: list[TarEntry] = []
    chosen = _walk(tree, archive.root, skipped)
    defects = [*content.defects, *archive.defects]
    passed_over = [*archive.passed_over, *(archive.source(entry) for entry in skipped)]
    messages: list[RawMessage] = []
    readers: list[str] = []
    separators = false_separators = 0
    for entry in chosen:
        try:
            read = _read_tar_entry(archive, entry, budget)
        except SourceError as exc:
            unread = "" if exc.problem.endswith(_UNREAD) else _UNREAD  # said by a tar in it
            defects.append(f"{entry.path}: {exc.problem}{unread}")
            continue
        messages.extend(read.messages)
        separators += read.separators
        false_separators += read.false_separators
        passed_over.extend(read.passed_over)
        defects.extend(f"{entry.path}: {defect}" for defect in read.defects)
        for inner in read.reader.removeprefix(f"{TAR_READER}:").split("+"):  # a tar in it too
            if inner not in readers:
                readers.append(inner)
    if not readers:  # nothing read: the tar fails as a source, with every reason
        if not defects:
            defects = [
                f"is a tar archive that holds no mail archive{_passed_over_note(passed_over)}"
            ]
        raise SourceError(name, "; ".join(defects))
    if within is not None:
        within.left = budget.left
    reader = f"{TAR_READER}:{'+'.join(readers)}"
    return SourceRead(name, reader, messages, separators, false_separators, defects, passed_over)


def _passed_over_note(passed_over: list[str]) -> str:
    if not passed_over:
        return ""
    names = ", ".join(Path(p).name for p in passed_over[:5])
    more = f" and {len(passed_over) - 5} more" if len(passed_over) > 5 else ""
    return f" (passed over, not mail: {names}{more})"


def _read_tar_entry(archive: TarArchive, entry: TarEntry, budget: _TarBudget) -> SourceRead:
    """One source inside a tar: a file, a Pipermail period folder or a maildir."""
    label = archive.source(entry)
    if not entry.is_dir():
        content = _member_content(archive, entry, budget)
        return _read_content(label, content, budget.left, budget)
    if _is_tar_maildir(entry):
        files = sorted(
            (
                file
                for sub in ("new", "cur")
                for file in entry.children[sub].children.values()
                if not file.is_dir()
            ),
            key=lambda file: file.name,
        )
        messages = []
        for index, file in enumerate(files):
            try:
                found = _member_content(archive, file, budget)
            except SourceError as exc:
                problem = f"{file.name}: {exc.problem}"
                messages.append(
                    RawMessage(
                        archive.source(file), index, b"", reader="maildir", defects=[problem]
                    )
                )
                continue
            messages.append(
                RawMessage(
                    archive.source(file),
                    index,
                    found.data.replace(b"\r\n", b"\n"),
                    reader="maildir",
                    defects=list(found.defects),
                )
            )
        return SourceRead(label, "maildir", messages, len(messages))
    pages: dict[int, pipermail_html.PipermailPage] = {}
    for number, page_entry in _pages(entry).items():
        data, cut = archive.read(page_entry)
        page = pipermail_html.page_from_bytes(data)
        if cut:
            page.defects.append(f"html: {_CUT_IN_TAR}")
        pages[number] = page
    index_page = entry.children.get("thread.html")
    thread_index: tuple[list[pipermail_html.ThreadEntry], list[str]] = ([], [])
    if index_page is not None and not index_page.is_dir():
        thread_index = pipermail_html.thread_index_from_bytes(archive.read(index_page)[0])
    html = list(
        pipermail_html.read_period(pages, thread_index, lambda number: f"{label}/{number:06d}.html")
    )
    return SourceRead(label, pipermail_html.READER_NAME, html, len(html))


_UNREAD = "; nothing read from it"
_CUT_IN_TAR = "the tar's data stops inside this member: it may be cut short"


def _member_content(archive: TarArchive, entry: TarEntry, budget: _TarBudget) -> SourceBytes:
    """A file member's content, inflated if it is compressed (within the source's limit)."""
    data, cut = archive.read(entry)
    content = source_bytes(archive.source(entry), data, max_uncompressed_bytes=budget.left)
    if content.compression:
        budget.left -= len(content.data)
    if cut:
        size = entry.member.size if entry.member else len(data)
        content.defects.append(
            f"the tar's data stops inside it after {len(data):,} of {size:,} bytes; "
            "kept what precedes"
        )
        content.cut_short = True
    return content
