"""Fetching a list's archive from its URL into the list's download folder, kept up to date.

``fetch_archive(url, target)`` reads a Pipermail index (or a HyperKitty list page), brings every
period's local copy up to date and returns a ``FetchReport``; ``ingest`` then reads the folder.
A later run asks again only for new periods, the newest period (and the one that was newest last
time) and periods whose size on the index changed, with conditional requests (ETag /
Last-Modified); an unchanged download is not rewritten, so ingest does not parse it again.
"""

from __future__ import annotations

import time
import urllib.request
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from analyzer.config import DEFAULT_DATA_DIR, load_list_config
from analyzer.errors import ConfigError
from analyzer.fetch import hyperkitty, pipermail
from analyzer.fetch.common import (
    DOWNLOADED,
    FAILED,
    NOT_MODIFIED,
    SKIPPED,
    FetchContext,
    PeriodLink,
    PeriodOutcome,
    safe_child,
)
from analyzer.fetch.http import DEFAULT_MAX_DOWNLOAD_BYTES, Fetched, FetchError, PoliteClient
from analyzer.fetch.state import STAGING_DIR, FetchState
from analyzer.readers.compression import DEFAULT_MAX_UNCOMPRESSED_BYTES

__all__ = [
    "DOWNLOADED",
    "FAILED",
    "NOT_MODIFIED",
    "SKIPPED",
    "FetchError",
    "FetchReport",
    "PeriodOutcome",
    "download_dir",
    "fetch_archive",
    "fetch_list_archive",
    "is_url",
]

DOWNLOAD_FOLDER = "download"
_FETCH_OPTIONS = {"delay": float, "retries": int, "timeout": float, "connections": int}


def is_url(text: str | Path) -> bool:
    """Whether a SOURCE names an archive on the web rather than local files."""
    return str(text).strip().lower().startswith(("http://", "https://"))


def download_dir(list_name: str, data_dir: Path = DEFAULT_DATA_DIR) -> Path:
    """Where a list's downloaded archive lives: ``<data_dir>/<list>/download/``."""
    return data_dir / list_name / DOWNLOAD_FOLDER


@dataclass(slots=True)
class FetchReport:
    """What one fetch did, period by period, with the traffic it cost."""

    url: str
    archive: str
    """``pipermail`` or ``hyperkitty``."""
    target: Path
    periods: list[PeriodOutcome] = field(default_factory=list)
    requests: int = 0
    bytes_downloaded: int = 0
    ignored_links: list[str] = field(default_factory=list)
    """Links on the index that looked like archive files but lead outside the archive."""
    retry_waits: list[float] = field(default_factory=list)

    def with_status(self, status: str) -> list[PeriodOutcome]:
        return [p for p in self.periods if p.status == status]

    @property
    def failed(self) -> list[PeriodOutcome]:
        return self.with_status(FAILED)

    @property
    def sources(self) -> list[Path]:
        """The local files and folders of the periods, for ingest."""
        return [p.source for p in self.periods if p.source is not None]

    def summary(self) -> str:
        """One line: what was downloaded, what was skipped and why, what failed."""
        counts = {s: len(self.with_status(s)) for s in (DOWNLOADED, NOT_MODIFIED, SKIPPED, FAILED)}
        return (
            f"{self.url}: {len(self.periods)} period(s) listed: {counts[DOWNLOADED]} downloaded, "
            f"{counts[NOT_MODIFIED]} checked and not modified, {counts[SKIPPED]} skipped "
            f"(unchanged since the last run), {counts[FAILED]} failed; {self.requests} "
            f"request(s), {_size(self.bytes_downloaded)} received"
        )


def _size(count: int) -> str:
    if count < 1000:
        return f"{count} bytes"
    if count < 1000**2:
        return f"{count / 1000:.1f} kB"
    return f"{count / 1000**2:.1f} MB"


def fetch_archive(
    url: str,
    target: Path,
    *,
    delay: float = 1.0,
    retries: int = 4,
    timeout: float = 30.0,
    backoff: float = 2.0,
    connections: int = 1,
    max_uncompressed_bytes: int = DEFAULT_MAX_UNCOMPRESSED_BYTES,
    max_download_bytes: int = DEFAULT_MAX_DOWNLOAD_BYTES,
    on_plan: Callable[[int, int], None] | None = None,
    on_progress: Callable[[PeriodOutcome], None] | None = None,
    opener: urllib.request.OpenerDirector | None = None,
    sleep: Callable[[float], None] = time.sleep,
) -> FetchReport:
    """Download (or update) the archive at ``url`` into ``target``.

    ``delay``: seconds between two requests of a connection; ``connections``: periods fetched
    at once (1, the polite default). ``on_plan(listed, to_check)`` is called once the index is
    read, ``on_progress(outcome)`` after each period. Raises FetchError when the index itself
    cannot be read (private, missing, not an archive); a period that fails is reported in the
    result and the others go on.
    """
    if not is_url(url):
        raise FetchError(url, "not an http:// or https:// URL")
    if connections < 1:
        raise FetchError(url, f"connections must be at least 1, not {connections}")
    client = PoliteClient(
        delay=delay,
        retries=retries,
        timeout=timeout,
        backoff=backoff,
        max_download_bytes=max_download_bytes,
        opener=opener,
        sleep=sleep,
    )
    index: pipermail.PipermailIndex | hyperkitty.HyperKittyIndex
    list_folder = hyperkitty.list_folder_url(url)
    if list_folder is not None:
        page = _index_page(client, list_folder)
        folder = hyperkitty.list_folder_url(page.url) or list_folder
        index = hyperkitty.parse_list_page(page.body, page.url, folder)
        archive = "hyperkitty"
    else:
        page = _index_page(client, _directory_url(url))
        index = pipermail.parse_index(page.body, page.url)
        archive = "pipermail"
    if not index.periods:
        raise FetchError(
            page.url, "lists no archive periods (is it a Pipermail index or a HyperKitty list?)"
        )
    try:
        target.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise FetchError(str(target), f"cannot create the download folder ({exc})") from None
    state = FetchState.load(target, index.base_url)
    context = FetchContext(client, state, target, max_uncompressed_bytes)
    report = FetchReport(index.base_url, archive, target, ignored_links=index.ignored_links)
    newest = index.periods[-1].name
    recheck = {newest, state.newest}
    skips = {p.name: _unchanged(context, p) for p in index.periods if p.name not in recheck}
    todo = [p for p in index.periods if not skips.get(p.name)]
    if on_plan:
        on_plan(len(index.periods), len(todo))

    def run(period: PeriodLink) -> PeriodOutcome:
        try:
            if isinstance(period, pipermail.PipermailPeriod):
                return pipermail.fetch_period(context, index.base_url, period)
            assert isinstance(period, hyperkitty.HyperKittyMonth)
            return hyperkitty.fetch_month(context, period)
        except FetchError as exc:
            return PeriodOutcome(period.name, FAILED, reason=str(exc))
        except OSError as exc:
            raise FetchError(str(target), f"cannot write the download ({exc})") from None

    done: dict[str, PeriodOutcome] = {}
    for period in index.periods:
        source = skips.get(period.name)
        if source is not None:
            done[period.name] = PeriodOutcome(
                period.name,
                SKIPPED,
                source,
                state.periods[period.name].kind,
                0,
                "unchanged since the last run (not asked)",
            )
    try:
        for outcome in _run_all(run, todo, connections):
            done[outcome.period] = outcome
            if on_progress:
                on_progress(outcome)
    finally:
        report.periods = [done[p.name] for p in index.periods if p.name in done]
        report.requests = client.requests
        report.bytes_downloaded = client.bytes_received
        report.retry_waits = list(client.waits)
        if newest in done and done[newest].status != FAILED:
            state.newest = newest
        state.save()
        _tidy_staging(target)
    return report


def _run_all(run: Callable[[Any], PeriodOutcome], todo: list[Any], connections: int) -> Any:
    if connections == 1 or len(todo) <= 1:
        for period in todo:
            yield run(period)
        return
    with ThreadPoolExecutor(max_workers=connections) as pool:
        futures = [pool.submit(run, period) for period in todo]
        for future in futures:
            yield future.result()


def _directory_url(url: str) -> str:
    """A Pipermail archive URL as its folder (``…/bestbits`` → ``…/bestbits/``)."""
    path_end = url.split("#", 1)[0].split("?", 1)[0].strip()
    last = path_end.rsplit("/", 1)[-1]
    if path_end.endswith("/") or pipermail.is_page_name(last):
        return path_end
    return path_end + "/"


def _index_page(client: PoliteClient, url: str) -> Fetched:
    try:
        return client.get(url)
    except FetchError as exc:
        if exc.status == 404:
            raise FetchError(url, "not found (HTTP 404): no archive at this URL", 404) from None
        raise


def _unchanged(context: FetchContext, period: PeriodLink) -> Path | None:
    """The local copy of a period that needs no request, or None when it must be checked."""
    record = context.state.record(period.name)
    if record is None or record.listed_size != period.listed_size:
        return None
    try:
        local = safe_child(context.target, record.file)
    except FetchError:
        return None
    return local if local.exists() else None


def _tidy_staging(target: Path) -> None:
    """Remove the staging folder when nothing waits in it (kept pages resume the next run)."""
    staging = target / STAGING_DIR
    if staging.is_dir():
        for leftover in staging.glob("*.part"):
            leftover.unlink(missing_ok=True)
        if not any(staging.iterdir()):
            staging.rmdir()


def fetch_list_archive(
    list_name: str,
    *,
    data_dir: Path = DEFAULT_DATA_DIR,
    url: str | None = None,
    on_plan: Callable[[int, int], None] | None = None,
    on_progress: Callable[[PeriodOutcome], None] | None = None,
    **options: Any,
) -> FetchReport:
    """Fetch a list's archive into ``download_dir(list_name, data_dir)``.

    ``url`` defaults to the ``url`` of ``<data_dir>/<list>.toml``; its optional ``[fetch]`` table
    sets ``delay``, ``retries``, ``timeout`` and ``connections``, which ``options`` override.
    Raises ConfigError when no URL is known.
    """
    config = load_list_config(list_name, data_dir)
    source = url or config.url
    if not source:
        raise ConfigError(
            f"list {list_name!r} has no url in {data_dir / (list_name + '.toml')}; "
            "give the archive URL as SOURCE"
        )
    settings: dict[str, Any] = {}
    table = config.raw.get("fetch", {})
    if not isinstance(table, dict):
        raise ConfigError(f"{config.path}: [fetch] must be a table")
    for key, kind in _FETCH_OPTIONS.items():
        if key in table:
            value = table[key]
            if not isinstance(value, int | float) or isinstance(value, bool) or value < 0:
                raise ConfigError(f"{config.path}: fetch.{key} must be a non-negative number")
            settings[key] = kind(value)
    settings.update(options)
    return fetch_archive(
        source,
        download_dir(list_name, data_dir),
        on_plan=on_plan,
        on_progress=on_progress,
        **settings,
    )
