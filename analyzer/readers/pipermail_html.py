"""Reader for Pipermail (Mailman 2) HTML archive trees: one ``NNNNNN.html`` page per message,
read by ``pipermail_page``; here, a period folder's pages with its ``thread.html`` index.

Older Pipermail pages do not show their own Message-ID (``pipermail_page`` says which do).
Archives rebuilt with a newer Mailman mix both kinds in one folder. For old pages the
Message-ID is taken from the page's ``thread.html`` key when the key names it (``date/id``
components), else inferred where a reply's In-Reply-To names it and ``thread.html`` files that
reply under the page.

``thread.html`` gives the archive's own threading. Its visual ``<UL>`` nesting and the depth in the
``<!--N key-->`` comments stop at 3, but the key lists the whole ancestry (one ``date[.number]-``
component per ancestor), so the parent of every entry is the entry whose key is its key without
the last component.

An archive rebuilt without wiping its pages first holds a message on a page of each build, and
``thread.html`` lists one of them. The other copy is read right after the listed one, with its
Message-ID, so that the store keeps the listed one: with its place in the threads.
"""

from __future__ import annotations

import os
import re
from collections.abc import Callable, Iterator, Mapping
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import TypeVar

from analyzer.dates import MONTH_NUMBERS, parse_date
from analyzer.errors import SourceError
from analyzer.model import RawMessage
from analyzer.readers.pipermail_page import (
    ARTICLE_BEGIN,
    SPACES,
    PipermailPage,
    body_text,
    decode_page,
    inline_text,
    message_bytes,
    parse_page,
)

__all__ = [  # the page's functions too, as this module gave them before they had their own
    "COPIED_ID_NOTE",
    "COPY_NOTE",
    "INDEX_ID_NOTE",
    "INFERRED_ID_NOTE",
    "PAGE_REFERENCE_PREFIX",
    "READER_NAME",
    "PipermailPage",
    "ThreadEntry",
    "body_text",
    "decode_page",
    "find_period_folders",
    "looks_like_period_pages",
    "looks_like_pipermail_period_folder",
    "message_bytes",
    "page_from_bytes",
    "page_number",
    "page_reference",
    "parse_page",
    "parse_thread_index",
    "read_list_tree",
    "read_period",
    "read_period_folder",
    "thread_index_from_bytes",
]

READER_NAME = "pipermail-html"
PAGE_REFERENCE_PREFIX = "pipermail-page:"
"""Prefix of ``archive_parent_id`` values that name a parent page whose Message-ID is unknown."""
INFERRED_ID_NOTE = "html: Message-ID inferred from a reply's In-Reply-To and thread.html"
COPIED_ID_NOTE = "html: Message-ID taken from an identical page listed in thread.html"
INDEX_ID_NOTE = "html: Message-ID taken from the page's thread.html key"
COPY_NOTE = "html: an earlier or later build's copy of {page}, which thread.html lists"
"""Defect of a page that is another copy of a listed page (an archive rebuilt without wiping)."""

T = TypeVar("T")

_PAGE_NAME = re.compile(r"(\d{6})\.html")
_THREAD_ENTRY = re.compile(
    r"<!--(?P<depth>\d+) (?P<key>[^<>]*?) -->\s*<LI>\s*<A HREF=\"(?P<page>\d{6})\.html\">"
    r"(?P<subject>[^<]*)</A>",
    re.IGNORECASE,
)
_THREAD_AUTHOR = re.compile(r"<I>([^<]*)</I>", re.IGNORECASE)
_THREAD_TOKEN = re.compile(
    r"<(?P<close>/)?UL>|<LI>\s*<A HREF=\"(?P<page>\d{6})\.html\">", re.IGNORECASE
)
_MAX_ANCESTOR_LOOKUPS = 64
"""Ancestors tried for a thread entry whose parent is missing (bounds a hostile index's cost)."""
# Where a thread key component starts: seconds since 1970 (negative for the bogus 1945 dates),
# then "." and the article number, or "/" and the Message-ID (Pipermail of about 2002-2010). A
# key can also hold a bare Message-ID: the parent of a reply that is not in the archive.
_KEY_COMPONENT = re.compile(r"(?:^|-)-?\d{9,11}([./])")
_PERIOD_MONTH = re.compile(r"(\d{4})-([A-Za-z]+)")
_PERIOD_DIGITS = re.compile(r"\d+")


@dataclass(frozen=True, slots=True)
class ThreadEntry:
    """One line of ``thread.html``."""

    page_number: int
    order: int
    depth: int
    """Full depth, from the key (not capped at 3 as the page's nesting is)."""
    key: str
    parent_page_number: int | None
    subject: str
    author: str
    message_id: str | None = None
    """The Message-ID the key names, when its components are ``date/message-id``."""


def parse_thread_index(index_html: str) -> list[ThreadEntry]:
    """Entries of ``thread.html`` in page order, each with its parent page from the thread key.

    A key is the parent's key plus one component ending in ``-``; components are ``date-``,
    ``date.number-`` or ``date/message-id-`` depending on the Pipermail version, and message IDs
    may hold ``-`` themselves. So the parent is the longest earlier key that prefixes the key at a
    ``-``, which needs no knowledge of the component format.
    """
    entries: list[ThreadEntry] = []
    seen: dict[str, tuple[int, int]] = {}  # key -> (page number, depth) of its latest entry
    seen_lengths: set[int] = set()  # only prefixes of these lengths can be keys: no other slices
    matches = list(_THREAD_ENTRY.finditer(index_html))
    for order, match in enumerate(matches):
        following = matches[order + 1].start() if order + 1 < len(matches) else len(index_html)
        author = _THREAD_AUTHOR.search(index_html, match.end(), following)
        key = match.group("key").strip()
        parent: tuple[int, int] | None = None
        cut = key.rfind("-", 0, len(key) - 1)
        lookups = 0
        while cut > 0 and parent is None and lookups < _MAX_ANCESTOR_LOOKUPS:
            if cut + 1 in seen_lengths:
                parent = seen.get(key[: cut + 1])
                lookups += 1
            cut = key.rfind("-", 0, cut)
        page_number = int(match.group("page"))
        depth = parent[1] + 1 if parent else 0
        entries.append(
            ThreadEntry(
                page_number=page_number,
                order=order,
                depth=depth,
                key=key,
                parent_page_number=parent[0] if parent else None,
                subject=inline_text(match.group("subject")),
                author=inline_text(author.group(1)) if author else "",
                message_id=_key_message_id(key),
            )
        )
        seen[key] = (page_number, depth)
        seen_lengths.add(len(key))
    if entries:
        return entries
    return _thread_entries_from_nesting(index_html)


def _key_message_id(key: str) -> str | None:
    """The Message-ID in the last component of a thread key, when that is ``date/message-id``.

    Old pages do not show their own Message-ID, but the key that files them may. Message-IDs
    hold "-" too, so the last component is the one after the last date; a key whose last
    component is ``date.number`` names no ID of its own (its ancestors' do not count).
    """
    last = None
    for component in _KEY_COMPONENT.finditer(key):
        last = component
    if last is None or last.group(1) != "/" or not key.endswith("-"):
        return None
    identifier = key[last.end() : -1]
    if "@" not in identifier or any(c.isspace() or c in "<>" for c in identifier):
        return None
    return identifier


def _thread_entries_from_nesting(index_html: str) -> list[ThreadEntry]:
    """Fallback for thread pages without key comments: the ``<UL>`` nesting alone."""
    entries: list[ThreadEntry] = []
    level = 0
    ancestors: list[int] = []
    for token in _THREAD_TOKEN.finditer(index_html):
        if token.group("page") is None:
            level += -1 if token.group("close") else 1
            continue
        depth = max(level - 1, 0)  # the whole list sits inside one outer <UL>
        del ancestors[depth:]
        page_number = int(token.group("page"))
        entries.append(
            ThreadEntry(
                page_number=page_number,
                order=len(entries),
                depth=depth,
                key="",
                parent_page_number=ancestors[-1] if ancestors else None,
                subject="",
                author="",
            )
        )
        ancestors.append(page_number)
    return entries


def page_reference(source: str) -> str:
    """Stable stand-in for the Message-ID of a page that shows none."""
    return PAGE_REFERENCE_PREFIX + source


def _page_files(folder: Path) -> dict[int, Path]:
    pages: dict[int, Path] = {}
    with os.scandir(folder) as scan:
        for item in scan:
            match = _PAGE_NAME.fullmatch(item.name)
            if match and item.is_file():
                pages[int(match.group(1))] = Path(item.path)
    return pages


def looks_like_pipermail_period_folder(path: Path) -> bool:
    """A folder of ``NNNNNN.html`` pages carrying Pipermail's article markers."""
    if not path.is_dir():
        return False
    try:
        pages = _page_files(path)
    except OSError:
        return False
    return looks_like_period_pages(pages, Path.read_bytes)


def looks_like_period_pages(pages: Mapping[int, T], read: Callable[[T], bytes]) -> bool:
    """Whether one of the first pages (by number) carries Pipermail's article markers; ``read``
    gives a page's bytes (from a folder or from a tar archive's member)."""
    for number in sorted(pages)[:3]:
        try:
            if ARTICLE_BEGIN.encode() in read(pages[number]):
                return True
        except OSError:
            continue
    return False


def page_number(name: str) -> int | None:
    """The number of a message page's file name (``000123.html``), None for other files."""
    match = _PAGE_NAME.fullmatch(name)
    return int(match.group(1)) if match else None


def _period_sort_key(folder: Path) -> tuple[str, int, int, int, str]:
    name = folder.name
    month = _PERIOD_MONTH.fullmatch(name)
    if month and month.group(2).lower() in MONTH_NUMBERS:
        return (
            str(folder.parent),
            int(month.group(1)),
            MONTH_NUMBERS[month.group(2).lower()],
            0,
            name,
        )
    digits = "".join(_PERIOD_DIGITS.findall(name))
    if len(digits) >= 8:  # Week-of-Mon-20140106, 20140106
        return (str(folder.parent), int(digits[:4]), int(digits[4:6]), int(digits[6:8]), name)
    if len(digits) >= 4:  # 2014, 2014q1 (quarter counted as its first month)
        quarter = int(digits[4]) * 3 - 2 if len(digits) == 5 else 0
        return (str(folder.parent), int(digits[:4]), quarter, 0, name)
    return (str(folder.parent), 0, 0, 0, name)


def find_period_folders(root: Path) -> list[Path]:
    """Period folders (months, weeks, quarters…) under ``root``, in time order per list."""
    if not root.is_dir():
        raise SourceError(str(root), "not a folder")
    found: list[Path] = []
    for current, subfolders, _files in os.walk(root):
        folder = Path(current)
        if looks_like_pipermail_period_folder(folder):
            found.append(folder)
            subfolders.clear()
        else:
            subfolders.sort()
    return sorted(found, key=_period_sort_key)


def _read_thread_index(folder: Path) -> tuple[list[ThreadEntry], list[str]]:
    index = folder / "thread.html"
    try:
        raw = index.read_bytes()
    except FileNotFoundError:
        return [], []
    except OSError as exc:
        return [], [f"html: cannot read thread.html ({exc.strerror})"]
    return thread_index_from_bytes(raw)


def thread_index_from_bytes(raw: bytes) -> tuple[list[ThreadEntry], list[str]]:
    """The entries of a ``thread.html`` and what was wrong with it."""
    text, defects = decode_page(raw)
    entries = parse_thread_index(text)
    if not entries:
        defects.append("html: thread.html lists no messages")
    return entries, defects


def _stub_from_index(entry: ThreadEntry) -> PipermailPage:
    return PipermailPage(
        subject=entry.subject or None,
        author_name=entry.author or None,
        defects=["html: page listed in thread.html is missing; headers from thread.html"],
    )


def _read_page(path: Path) -> PipermailPage:
    try:
        raw = path.read_bytes()
    except OSError as exc:
        return PipermailPage(defects=[f"html: cannot read page ({exc.strerror})"])
    return page_from_bytes(raw)


def page_from_bytes(raw: bytes) -> PipermailPage:
    """What a message page's bytes show (decoded with the charset it declares)."""
    text, defects = decode_page(raw)
    page = parse_page(text)
    page.defects[:0] = defects
    return page


def _infer_message_ids(
    pages: dict[int, PipermailPage], parent_of: dict[int, int | None]
) -> set[int]:
    """Give old pages the Message-ID their thread.html children name in In-Reply-To.

    Pipermail files a reply under the message its In-Reply-To names, so a child's In-Reply-To is
    the parent's Message-ID; pages whose children disagree are left alone.
    """
    candidates: dict[int, set[str]] = {}
    for number, parent in parent_of.items():
        child = pages.get(number)
        if parent is None or child is None or not child.in_reply_to:
            continue
        candidates.setdefault(parent, set()).add(child.in_reply_to)
    inferred: set[int] = set()
    for parent, ids in candidates.items():
        page = pages.get(parent)
        if page is not None and page.message_id is None and len(ids) == 1:
            page.message_id = next(iter(ids))
            page.defects.append(INFERRED_ID_NOTE)
            inferred.add(parent)
    return inferred


_SCRUBBED_PART = "\n-------------- next part --------------\n"


def _content_keys(page: PipermailPage) -> list[tuple[str | None, str | None, str]]:
    """Keys that identify a message's copies: exact, then without the scrubbed-attachment notes.

    Rebuilds rewrite the attachment notes (``Url :`` became ``URL: <…>``), nothing else.
    """
    body = page.body or ""
    keys = [(page.author_address, page.subject, body)]
    cut = body.find(_SCRUBBED_PART)
    if cut >= 0:
        keys.append((page.author_address, page.subject, body[:cut] + _SCRUBBED_PART))
    return keys


def _sent_key(page: PipermailPage) -> tuple[str | None, str, datetime] | None:
    """Sender, subject and the instant of the shown date: what both builds' pages of a message
    show alike (the zone they show it in may differ: ``08:56:52 EST`` on one, ``06:56:52 MST``
    on the other)."""
    parsed = parse_date(page.date)
    if parsed is None or not parsed.reliable or page.subject is None:
        return None
    return (page.author_address, SPACES.sub(" ", page.subject).strip(), parsed.utc)


def _copies_of_listed_pages(pages: dict[int, PipermailPage], listed: set[int]) -> dict[int, int]:
    """The unlisted pages that are copies of a listed page, each with the page it copies.

    An archive rebuilt without wiping (twisted-python's whole mbox was archived twice) holds
    every message on two pages, numbered by each build (2016-March: 030161.html and
    062622.html); the period's thread.html and date.html list one of them, of either build. A
    page not listed whose sender, subject and instant, or else whose author, subject and body,
    are those of exactly one listed page is that page's copy, unless it shows another
    Message-ID.
    """
    by_sent: dict[tuple[str | None, str, datetime], set[int]] = {}
    by_content: dict[tuple[str | None, str | None, str], set[int]] = {}
    for number in listed:
        page = pages.get(number)
        if page is None or page.body is None:  # a stub: nothing to compare
            continue
        sent = _sent_key(page)
        if sent is not None:
            by_sent.setdefault(sent, set()).add(number)
        for content in _content_keys(page):
            by_content.setdefault(content, set()).add(number)
    copies: dict[int, int] = {}
    for number, page in pages.items():
        if number in listed or page.body is None:
            continue
        sent = _sent_key(page)
        candidates = [by_sent.get(sent, set()) if sent is not None else set()]
        candidates += [by_content.get(content, set()) for content in _content_keys(page)]
        for found in candidates:
            if len(found) == 1:
                original = next(iter(found))
                if page.message_id in (None, pages[original].message_id):
                    copies[number] = original
                break
    return copies


def _take_ids_of_listed_pages(pages: dict[int, PipermailPage], copies: dict[int, int]) -> None:
    """Give each copy the Message-ID of the page it copies, so the store keeps the message once
    (the listed page comes first)."""
    for number, original in copies.items():
        page, identifier = pages[number], pages[original].message_id
        if identifier and page.message_id is None:
            page.message_id = identifier
            page.defects.append(COPIED_ID_NOTE)


def read_period_folder(path: Path) -> Iterator[RawMessage]:
    """Messages of one period folder, in page-number order, with thread.html's threading.

    A page that is not listed but copies a listed page (a rebuilt archive) comes right after
    that page, with its Message-ID: the store keeps the listed one, with its place in the
    threads. A page that is missing (listed in thread.html only), unreadable or damaged still
    yields a message, with what could be read and a defect saying what could not.
    """
    if not path.is_dir():
        raise SourceError(str(path), "not a folder")
    files = _page_files(path)
    yield from read_period(
        {number: _read_page(file) for number, file in files.items()},
        _read_thread_index(path),
        lambda number: str(path / f"{number:06d}.html"),
    )


def read_period(
    found: dict[int, PipermailPage],
    thread_index: tuple[list[ThreadEntry], list[str]],
    page_source: Callable[[int], str],
) -> Iterator[RawMessage]:
    """Messages of one period's pages (``found``, by page number, as read from a folder or a
    tar archive) with the entries of its ``thread.html`` and what was wrong with that;
    ``page_source`` names a page's file, as each message's source (also for pages missing)."""
    entries, index_defects = thread_index
    entry_of: dict[int, ThreadEntry] = {}
    for entry in entries:
        entry_of.setdefault(entry.page_number, entry)
    numbers = sorted(set(found) | set(entry_of))
    sources = {number: page_source(number) for number in numbers}
    pages = {
        number: found[number] if number in found else _stub_from_index(entry_of[number])
        for number in numbers
    }
    for number, entry in entry_of.items():
        page = pages[number]
        if page.message_id is None and entry.message_id is not None:
            page.message_id = entry.message_id
            page.defects.append(INDEX_ID_NOTE)
    parent_of = {number: entry.parent_page_number for number, entry in entry_of.items()}
    _infer_message_ids(pages, parent_of)
    copies = _copies_of_listed_pages(pages, set(entry_of))
    _take_ids_of_listed_pages(pages, copies)
    numbers.sort(key=lambda number: (copies.get(number, number), number in copies))
    for index, number in enumerate(numbers):
        page = pages[number]
        listed = entry_of.get(number)
        parent_id: str | None = None
        if listed is not None and listed.parent_page_number is not None:
            parent_number = listed.parent_page_number
            parent_page = pages.get(parent_number)
            parent_id = (parent_page.message_id if parent_page else None) or page_reference(
                page_source(parent_number)
            )
        defects = list(page.defects)
        if entries and listed is None:
            defects.append("html: page not listed in thread.html")
        data = message_bytes(page)
        if number in copies:
            original = pages[copies[number]]
            defects.append(COPY_NOTE.format(page=Path(sources[copies[number]]).name))
            if original.message_id is None:
                # No Message-ID to share: the copy reads as the page it copies, so that the
                # content-derived ID is the same and the store keeps the message once.
                data = message_bytes(original)
        if index == 0:
            defects.extend(index_defects)
        yield RawMessage(
            source=sources[number],
            index=index,
            data=data,
            reader=READER_NAME,
            archive_parent_id=parent_id,
            archive_thread_order=listed.order if listed else None,
            defects=defects,
        )


def read_list_tree(root: Path) -> Iterator[RawMessage]:
    """Messages of every period folder under ``root``, folder by folder in time order."""
    for folder in find_period_folders(root):
        yield from read_period_folder(folder)
