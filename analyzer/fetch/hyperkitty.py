"""Mailman 3 archives (HyperKitty): the list page links one archive page per month, and HyperKitty
exports any date range as a gzipped mbox: ``<list URL>export/<name>.mbox.gz?start=…&end=…``."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import date
from urllib.parse import urlencode, urlsplit, urlunsplit

from analyzer.errors import AnalyzerError
from analyzer.fetch.common import (
    DOWNLOADED,
    NOT_MODIFIED,
    SKIPPED,
    FetchContext,
    PeriodLink,
    PeriodOutcome,
    count_messages,
    failure,
    install,
    page_links,
    relative_link,
    safe_child,
)
from analyzer.fetch.http import FetchError
from analyzer.fetch.state import PeriodRecord
from analyzer.readers.compression import read_source_bytes

# ``…/archives/list/name@host/`` (also ``/hyperkitty/list/…``), possibly followed by a page of it.
_LIST_URL = re.compile(r"(?P<folder>https?://[^?#]*?/list/(?P<address>[^/?#@]+@[^/?#]+)/)")
_MONTH_LINK = re.compile(r"(?P<year>\d{4})/(?P<month>\d{1,2})/")


@dataclass(frozen=True, slots=True)
class HyperKittyMonth(PeriodLink):
    export_url: str = ""


@dataclass(slots=True)
class HyperKittyIndex:
    base_url: str
    periods: list[HyperKittyMonth]
    ignored_links: list[str] = field(default_factory=list)


def list_folder_url(url: str) -> str | None:
    """The list's HyperKitty URL (``…/list/name@host/``), or None for any other archive."""
    match = _LIST_URL.match(url if url.endswith("/") else url + "/")
    if match is None:
        return None
    parts = urlsplit(match.group("folder"))
    return urlunsplit((parts.scheme, parts.netloc, parts.path, "", ""))


def export_url(folder_url: str, month_start: date) -> str:
    """HyperKitty's mbox export of one month."""
    address = folder_url.rstrip("/").rsplit("/", 1)[-1]
    next_month = (
        date(month_start.year + 1, 1, 1)
        if month_start.month == 12
        else date(month_start.year, month_start.month + 1, 1)
    )
    query = urlencode({"start": month_start.isoformat(), "end": next_month.isoformat()})
    name = f"{address.split('@', 1)[0]}-{month_start:%Y-%m}.mbox.gz"
    return f"{folder_url}export/{name}?{query}"


def parse_list_page(page: bytes, page_url: str, folder_url: str) -> HyperKittyIndex:
    """The months the list page links (``…/list/name@host/YYYY/M/``), oldest first."""
    months: dict[str, HyperKittyMonth] = {}
    ignored: list[str] = []
    for href, _ in page_links(page):
        relative = relative_link(href, page_url, folder_url)
        match = _MONTH_LINK.fullmatch(relative) if relative is not None else None
        if match is None:
            if ".." in href:
                ignored.append(href)
            continue
        try:
            start = date(int(match.group("year")), int(match.group("month")), 1)
        except ValueError:
            ignored.append(href)
            continue
        name = f"{start:%Y-%m}"
        months.setdefault(name, HyperKittyMonth(name, start, None, export_url(folder_url, start)))
    periods = sorted(months.values(), key=lambda m: m.start)
    return HyperKittyIndex(folder_url, periods, ignored)


def fetch_month(ctx: FetchContext, month: HyperKittyMonth) -> PeriodOutcome:
    """Download one month's mbox export; an empty month leaves no file."""
    file_name = f"{month.name}.mbox.gz"
    final = safe_child(ctx.target, file_name)
    ctx.staging.mkdir(parents=True, exist_ok=True)
    staged = safe_child(ctx.staging, file_name)
    record = ctx.state.record(month.name)
    conditional = record is not None and record.text_count is not None and final.is_file()
    url = month.export_url
    try:
        got = ctx.client.download(
            url, staged, validators=ctx.state.validators(url) if conditional else None
        )
    except FetchError as exc:
        return failure(month.name, [exc], [])
    if not got.modified:
        return PeriodOutcome(month.name, NOT_MODIFIED, final, "mbox.gz", 0)
    try:
        inflated = read_source_bytes(staged, max_uncompressed_bytes=ctx.max_uncompressed_bytes)
        empty = not inflated.data.strip()
        count = 0 if empty else count_messages(staged, ctx.max_uncompressed_bytes)
    except AnalyzerError as exc:
        staged.unlink(missing_ok=True)
        return failure(month.name, [FetchError(url, f"unusable export ({exc})")], [])
    if empty:
        staged.unlink()
        return PeriodOutcome(month.name, SKIPPED, None, "mbox.gz", got.size, "no messages")
    status = DOWNLOADED if install(staged, final, ctx.max_uncompressed_bytes) else NOT_MODIFIED
    ctx.state.remember(url, got.validators)
    ctx.state.complete(month.name, PeriodRecord(file=file_name, kind="mbox.gz", text_count=count))
    return PeriodOutcome(month.name, status, final, "mbox.gz", got.size)
