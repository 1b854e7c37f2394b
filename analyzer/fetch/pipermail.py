"""Pipermail (Mailman 2) archives: the index page lists periods; each period has a text archive
(``.txt.gz`` and/or ``.txt``) and a folder of HTML pages with ``thread.html``.

The text archive is preferred (one request per period). It is not always complete: Mailman writes
``.txt.gz`` from ``.txt`` once a night, so the current period's ``.txt.gz`` lags, and some archives
lost their text files. So each period's ``thread.html`` is read first for the number of messages,
and a text archive with fewer messages gives way to the next candidate, and finally to the pages.
"""

from __future__ import annotations

import calendar
import os
import re
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

from analyzer.errors import AnalyzerError
from analyzer.fetch.common import (
    DOWNLOADED,
    FAILED,
    NOT_MODIFIED,
    FetchContext,
    PeriodLink,
    PeriodOutcome,
    count_messages,
    failure,
    install,
    page_links,
    relative_link,
    remove_path,
    safe_child,
)
from analyzer.fetch.http import Fetched, FetchError
from analyzer.fetch.state import PeriodRecord

_MONTH_NAMES = list(calendar.month_name)[1:]
_MONTH_NUMBER = {name: number for number, name in enumerate(_MONTH_NAMES, start=1)}
_PERIOD = (
    rf"(?P<period>\d{{4}}-(?:{'|'.join(_MONTH_NAMES)})|\d{{4}}q[1-4]|\d{{4}}"
    r"|Week-of-Mon-\d{8}|\d{8})"
)
# A link on the index page, relative to the archive's folder: a period's text archive or its pages.
_INDEX_LINK = re.compile(
    rf"{_PERIOD}(?P<rest>\.txt\.gz|\.txt|/|/(?:thread|date|author|subject)\.html|/index\.html)"
)
_PAGE = re.compile(r"\d{6}\.html")
_PAGE_SUFFIX = re.compile(r"\.(?:s?html?|php|cgi)$", re.IGNORECASE)
_SIZE = re.compile(r"(\d+(?:\.\d+)?\s*(?:bytes|KB|MB|GB))", re.IGNORECASE)
TEXT_KINDS = (".txt.gz", ".txt")


@dataclass(frozen=True, slots=True)
class PipermailPeriod(PeriodLink):
    text_links: tuple[str, ...] = ()
    """Text archive suffixes the index links (``.txt.gz``, ``.txt``)."""
    html: bool = False
    """Whether the index links the period's pages."""


@dataclass(slots=True)
class PipermailIndex:
    base_url: str
    periods: list[PipermailPeriod]
    ignored_links: list[str] = field(default_factory=list)


def period_start(name: str) -> date | None:
    """First day of a Pipermail period (monthly, quarterly, yearly, weekly or daily name)."""
    try:
        if "-" in name and not name.startswith("Week-of-Mon-"):
            year, month = name.split("-", 1)
            return date(int(year), _MONTH_NUMBER[month], 1)
        if name.startswith("Week-of-Mon-"):
            digits = name.removeprefix("Week-of-Mon-")
            return date(int(digits[:4]), int(digits[4:6]), int(digits[6:8]))
        if "q" in name:
            year, quarter = name.split("q")
            return date(int(year), 3 * int(quarter) - 2, 1)
        if len(name) == 8:
            return date(int(name[:4]), int(name[4:6]), int(name[6:8]))
        return date(int(name), 1, 1)
    except (KeyError, ValueError):
        return None


def archive_folder_url(url: str) -> str:
    """The archive's folder URL: ``…/bestbits`` and ``…/bestbits/index.html`` → ``…/bestbits/``."""
    parts = urlsplit(url)
    path = parts.path or "/"
    if not path.endswith("/"):
        last = path.rsplit("/", 1)[-1]
        path = path[: -len(last)] if is_page_name(last) else path + "/"
    return urlunsplit((parts.scheme, parts.netloc, path, "", ""))


def is_page_name(segment: str) -> bool:
    """Whether the last part of a URL names a page (``index.html``) rather than a folder
    (a list name, which may hold dots)."""
    return _PAGE_SUFFIX.search(segment) is not None


@dataclass(slots=True)
class _Found:
    text: set[str] = field(default_factory=set)
    html: bool = False
    size: str | None = None


def parse_index(page: bytes, page_url: str) -> PipermailIndex:
    """The periods an archive index page links, oldest first, and the links it ignored.

    Only links that resolve inside the archive's folder and are named like a Pipermail period
    count; ``../../x``, absolute paths, other hosts and encoded tricks are ignored.
    """
    folder = archive_folder_url(page_url)
    found: dict[str, _Found] = {}
    ignored: list[str] = []
    for href, text in page_links(page):
        relative = relative_link(href, page_url, folder)
        match = _INDEX_LINK.fullmatch(relative) if relative is not None else None
        if match is None:
            if _looks_like_archive_link(href):
                ignored.append(href)
            continue
        name = match.group("period")
        if period_start(name) is None:
            ignored.append(href)
            continue
        entry = found.setdefault(name, _Found())
        rest = match.group("rest")
        if rest in TEXT_KINDS:
            entry.text.add(rest)
            size = _SIZE.search(text)
            if size and entry.size is None:
                entry.size = " ".join(size.group(1).split())
        else:
            entry.html = True
    periods = [
        PipermailPeriod(
            name=name,
            start=period_start(name) or date.min,
            listed_size=entry.size,
            text_links=tuple(k for k in TEXT_KINDS if k in entry.text),
            html=entry.html,
        )
        for name, entry in found.items()
    ]
    periods.sort(key=lambda p: (p.start, p.name))
    return PipermailIndex(folder, periods, ignored)


def _looks_like_archive_link(href: str) -> bool:
    lowered = href.lower()
    return lowered.endswith((".txt", ".txt.gz", "thread.html", ".mbox", ".mbox.gz")) or (
        ".." in href
    )


def parse_thread_pages(page: bytes, period_url: str) -> tuple[list[str], list[str]]:
    """Message page names a period's ``thread.html`` links (in order, once each), and the
    links that looked like pages but lead outside the period's folder."""
    pages: dict[str, None] = {}
    ignored: list[str] = []
    for href, _ in page_links(page):
        relative = relative_link(href, period_url + "thread.html", period_url)
        if relative is not None and _PAGE.fullmatch(relative):
            pages.setdefault(relative, None)
        elif href.lower().endswith(".html") and ("/" in href or ".." in href):
            ignored.append(href)
    return list(pages), ignored


def _kind(suffix: str) -> str:
    return suffix.removeprefix(".")


@dataclass(slots=True)
class _ThreadIndex:
    """The period's thread.html as far as this run knows it."""

    count: int | None = None
    body: bytes | None = None
    error: FetchError | None = None


def _read_thread_index(
    ctx: FetchContext, period: PipermailPeriod, url: str, record: PeriodRecord | None
) -> tuple[_ThreadIndex, int]:
    if not period.html:
        return _ThreadIndex(), 0
    conditional = (
        record is not None
        and record.html_count is not None
        and (record.kind != "html" or (ctx.target / record.file / "thread.html").is_file())
    )
    try:
        got = ctx.client.get(url, validators=ctx.state.validators(url) if conditional else None)
    except FetchError as exc:
        return _ThreadIndex(error=exc), 0
    if not got.modified:
        assert record is not None
        local = ctx.target / record.file / "thread.html"
        body = local.read_bytes() if record.kind == "html" else None
        return _ThreadIndex(count=record.html_count, body=body), 0
    pages, _ = parse_thread_pages(got.body, url.rsplit("/", 1)[0] + "/")
    ctx.state.remember(url, got.validators)
    return _ThreadIndex(count=len(pages), body=got.body), got.size


def _text_candidates(period: PipermailPeriod) -> list[str]:
    """Linked text archives first (``.txt.gz`` before ``.txt``), then the unlinked ones."""
    linked = [k for k in TEXT_KINDS if k in period.text_links]
    return linked + [k for k in TEXT_KINDS if k not in linked]


def _text_archive(
    ctx: FetchContext, url: str, final: Path, html_count: int | None
) -> tuple[Fetched, int]:
    """Download (or confirm with a conditional request) one text archive and count its messages.

    The count of every text archive seen is remembered with its validators, so a 304 is enough
    to judge it next time, whether it was kept or not. Raises FetchError; AnalyzerError when
    the file is no archive or inflates past the limit.
    """
    staged = safe_child(ctx.staging, final.name)
    known = ctx.state.messages(url)
    validators = ctx.state.validators(url) if known is not None else None
    got = ctx.client.download(url, staged, validators=validators)
    if not got.modified and known is not None:
        wanted = html_count is None or known >= html_count
        if not wanted or final.is_file():
            return got, known
        got = ctx.client.download(url, staged)  # wanted now, but its bytes were not kept
    try:
        count = count_messages(staged, ctx.max_uncompressed_bytes)
    except AnalyzerError:
        staged.unlink(missing_ok=True)
        raise
    ctx.state.remember(url, got.validators, messages=count)
    return got, count


def fetch_period(ctx: FetchContext, base_url: str, period: PipermailPeriod) -> PeriodOutcome:
    """Bring one period's local copy up to date (see the module's docstring for the choice)."""
    name = period.name
    record = ctx.state.record(name)
    period_url = f"{base_url}{name}/"
    thread_url = period_url + "thread.html"
    thread, received = _read_thread_index(ctx, period, thread_url, record)
    errors: list[FetchError] = []
    notes: list[str] = []
    best_text_count: int | None = None
    ctx.staging.mkdir(parents=True, exist_ok=True)
    for suffix in _text_candidates(period):
        file_name = name + suffix
        url = base_url + file_name
        final = safe_child(ctx.target, file_name)
        try:
            got, count = _text_archive(ctx, url, final, thread.count)
        except FetchError as exc:
            if exc.status not in (404, 410) or suffix in period.text_links:
                errors.append(exc)
            continue
        except AnalyzerError as exc:
            notes.append(f"{file_name} unusable ({exc})")
            continue
        received += got.size
        best_text_count = max(count, best_text_count or 0)
        if thread.count is not None and count < thread.count:
            safe_child(ctx.staging, file_name).unlink(missing_ok=True)
            notes.append(f"{file_name} holds {count} messages, thread.html lists {thread.count}")
            continue
        return _keep_text(ctx, period, url, got, count, thread.count, received, notes)
    if not period.html:
        return failure(name, errors, notes)
    if thread.error is not None:
        return failure(name, [*errors, thread.error], notes)
    return _fetch_pages(ctx, period_url, period, thread, best_text_count, received, notes)


def _keep_text(
    ctx: FetchContext,
    period: PipermailPeriod,
    url: str,
    got: Fetched,
    count: int,
    html_count: int | None,
    received: int,
    notes: list[str],
) -> PeriodOutcome:
    name = period.name
    file_name = url.rsplit("/", 1)[-1]
    suffix = file_name.removeprefix(name)
    final = safe_child(ctx.target, file_name)
    staged = safe_child(ctx.staging, file_name)
    changed = got.modified and install(staged, final, ctx.max_uncompressed_bytes)
    status = DOWNLOADED if changed else NOT_MODIFIED
    for other in TEXT_KINDS:
        if other != suffix:
            remove_path(safe_child(ctx.target, name + other))
    remove_path(safe_child(ctx.target, name))
    remove_path(safe_child(ctx.staging, name))
    ctx.state.complete(
        name,
        PeriodRecord(
            file=file_name,
            kind=_kind(suffix),
            listed_size=period.listed_size,
            html_count=html_count,
            text_count=count,
        ),
    )
    return PeriodOutcome(name, status, final, _kind(suffix), received, "; ".join(notes) or None)


def _fetch_pages(
    ctx: FetchContext,
    period_url: str,
    period: PipermailPeriod,
    thread: _ThreadIndex,
    text_count: int | None,
    received: int,
    notes: list[str],
) -> PeriodOutcome:
    """Fetch the period's message pages into a folder; pages already there are kept.

    A new period's folder fills in the staging area (so an interrupted run resumes from the
    pages it got) and appears whole; an existing folder only receives its new pages.
    """
    name = period.name
    thread_url = period_url + "thread.html"
    if thread.body is None:
        try:
            got = ctx.client.get(thread_url)
        except FetchError as exc:
            return failure(name, [exc], notes)
        received += got.size
        ctx.state.remember(thread_url, got.validators)
        thread.body = got.body
    pages, _ = parse_thread_pages(thread.body, period_url)
    if not pages:
        return failure(name, [FetchError(thread_url, "lists no message pages")], notes)
    final = safe_child(ctx.target, name)
    folder = final if final.is_dir() else safe_child(ctx.staging, name)
    folder.mkdir(parents=True, exist_ok=True)
    errors: list[FetchError] = []
    changed = folder != final
    for page in pages:
        destination = safe_child(folder, page)
        if destination.is_file():
            continue
        try:
            received += ctx.client.download(period_url + page, destination).size
            changed = True
        except FetchError as exc:
            errors.append(exc)
    if errors:
        notes.append(f"{len(errors)} of {len(pages)} pages missing; kept the others for next run")
        return failure(name, errors, notes)
    listed = set(pages)
    for stale in folder.iterdir():
        if _PAGE.fullmatch(stale.name) and stale.name not in listed:
            stale.unlink()
            changed = True
    index_file = folder / "thread.html"
    if not index_file.is_file() or index_file.read_bytes() != thread.body:
        temporary = folder / "thread.html.part"
        temporary.write_bytes(thread.body)
        os.replace(temporary, index_file)
        changed = True
    if folder != final:
        remove_path(final)
        os.replace(folder, final)
    for suffix in TEXT_KINDS:
        remove_path(safe_child(ctx.target, name + suffix))
    ctx.state.complete(
        name,
        PeriodRecord(
            file=name,
            kind="html",
            listed_size=period.listed_size,
            html_count=len(pages),
            text_count=text_count,
        ),
    )
    if text_count is None:
        notes.append("no text archive: used the HTML pages")
    else:
        notes.append("used the HTML pages")
    status = DOWNLOADED if changed else NOT_MODIFIED
    return PeriodOutcome(name, status, final, "html", received, "; ".join(notes))


__all__ = [
    "FAILED",
    "PipermailIndex",
    "PipermailPeriod",
    "archive_folder_url",
    "fetch_period",
    "parse_index",
    "parse_thread_pages",
    "period_start",
]
