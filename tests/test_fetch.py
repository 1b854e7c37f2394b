"""Fetching an archive by URL: a local HTTP server on 127.0.0.1 serves a copy of the real imagej-devel
Pipermail archive (its index.html, text archives and HTML pages), with faults switched on per test.
"""

from __future__ import annotations

import gzip
import re
import shutil
import threading
import time
import urllib.request
from collections.abc import Iterator
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from urllib.parse import parse_qs, unquote, urlsplit

import pytest

from analyzer import api
from analyzer.config import load_list_config
from analyzer.errors import ConfigError
from analyzer.fetch import (
    DOWNLOADED,
    FAILED,
    NOT_MODIFIED,
    SKIPPED,
    FetchError,
    FetchReport,
    download_dir,
    fetch_archive,
    fetch_list_archive,
    is_url,
)
from analyzer.fetch.common import safe_child
from analyzer.fetch.http import http_date, parse_retry_after
from analyzer.fetch.pipermail import parse_index, period_start
from analyzer.readers import read_source

REPO = Path(__file__).resolve().parents[1]
IMAGEJ = "imagej-devel-pipermail"
_PAGE = re.compile(r"\d{6}\.html")


@dataclass
class Fault:
    status: int
    times: int | None = None
    """How many requests get the fault; None: all of them."""
    headers: dict[str, str] = field(default_factory=dict)
    hang: float = 0.0
    """Wait this long before answering normally (a timeout for a client that waits less)."""
    truncate: bool = False
    """Answer normally but close the connection after half of the body."""


class ArchiveServer:
    """Serves a folder like a web server serves a Pipermail archive, plus test overrides."""

    def __init__(self, root: Path, prefix: str = "/pipermail/imagej-devel/") -> None:
        self.root = root
        self.prefix = prefix
        self.log: list[str] = []
        self.faults: dict[str, Fault] = {}
        """Exact path, or a prefix ending in ``*``, to a fault."""
        self.overrides: dict[str, bytes] = {}
        """Path to content served instead of (or in addition to) the folder's files."""
        self.validators = True
        self.routes: dict[str, bytes] = {}
        self._lock = threading.Lock()
        self.httpd = ThreadingHTTPServer(("127.0.0.1", 0), self._handler())
        self.thread = threading.Thread(
            target=self.httpd.serve_forever, kwargs={"poll_interval": 0.02}, daemon=True
        )

    @property
    def url(self) -> str:
        host, port = self.httpd.server_address[:2]
        return f"http://{host!s}:{port}{self.prefix}"

    def requested(self, suffix: str) -> int:
        return sum(1 for p in self.log if p.endswith(suffix))

    def _fault(self, path: str) -> Fault | None:
        with self._lock:
            for key, fault in self.faults.items():
                hit = path == key or (key.endswith("*") and path.startswith(key[:-1]))
                if hit and (fault.times is None or fault.times > 0):
                    if fault.times is not None:
                        fault.times -= 1
                    return fault
        return None

    def content(self, path: str) -> tuple[bytes, float] | None:
        if path in self.overrides:
            return self.overrides[path], 1_400_000_000.0
        if not path.startswith(self.prefix):
            return None
        relative = path[len(self.prefix) :]
        local = (self.root / relative).resolve()
        if self.root.resolve() not in (local, *local.parents):
            return None
        if local.is_dir():
            local = local / "index.html"
        if not local.is_file():
            return None
        return local.read_bytes(), local.stat().st_mtime

    def _handler(self) -> type[BaseHTTPRequestHandler]:
        server = self

        class Handler(BaseHTTPRequestHandler):
            def log_message(self, format: str, *args: object) -> None:
                return

            def do_GET(self) -> None:
                parts = urlsplit(self.path)
                path = unquote(parts.path)
                with server._lock:
                    server.log.append(self.path)
                fault = server._fault(path)
                if fault is not None and fault.hang:
                    time.sleep(fault.hang)
                    fault = None
                truncate = fault is not None and fault.truncate
                if fault is not None and not truncate:
                    self.send_response(fault.status)
                    for key, value in fault.headers.items():
                        self.send_header(key, value)
                    self.send_header("Content-Length", "0")
                    self.end_headers()
                    return
                if path in server.routes:
                    found: tuple[bytes, float] | None = (server.routes[path], 1_400_000_000.0)
                else:
                    found = server.content(path)
                if found is None:
                    self.send_error(404)
                    return
                body, mtime = found
                etag = f'"{len(body):x}-{hash(body) & 0xFFFFFFFF:x}"'
                modified = http_date(int(mtime))
                asked_etag = self.headers.get("If-None-Match")
                if server.validators and (
                    asked_etag == etag
                    or (asked_etag is None and self.headers.get("If-Modified-Since") == modified)
                ):
                    self.send_response(304)
                    self.send_header("ETag", etag)
                    self.end_headers()
                    return
                self.send_response(200)
                self.send_header("Content-Length", str(len(body)))
                if server.validators:
                    self.send_header("ETag", etag)
                    self.send_header("Last-Modified", modified)
                self.end_headers()
                try:
                    self.wfile.write(body[: len(body) // 2] if truncate else body)
                except (BrokenPipeError, ConnectionResetError):
                    return  # the client gave up waiting (the timeout tests)
                if truncate:
                    self.close_connection = True

        return Handler

    def __enter__(self) -> ArchiveServer:
        self.thread.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self.httpd.shutdown()
        self.httpd.server_close()


# --- fixtures ---------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def imagej_copy(corpora: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A copy of the imagej-devel archive to serve (tests change what is served, never the copy)."""
    target = tmp_path_factory.mktemp("served") / "imagej-devel"
    shutil.copytree(corpora / IMAGEJ, target)
    return target


@pytest.fixture
def server(imagej_copy: Path) -> Iterator[ArchiveServer]:
    with ArchiveServer(imagej_copy) as running:
        yield running


def _no_proxy() -> urllib.request.OpenerDirector:
    return urllib.request.build_opener(urllib.request.ProxyHandler({}))


def _fetch(url: str, target: Path, **options: object) -> tuple[FetchReport, list[float]]:
    waits: list[float] = []
    settings: dict[str, object] = {"delay": 0, "retries": 2, "timeout": 10}
    settings.update(options)
    report = fetch_archive(url, target, opener=_no_proxy(), sleep=waits.append, **settings)  # type: ignore[arg-type]
    return report, waits


def _pages(folder: Path) -> int:
    return sum(1 for p in folder.iterdir() if _PAGE.fullmatch(p.name))


def _index_rows(periods: list[str]) -> bytes:
    """An index page in Pipermail's layout listing only ``periods`` (keeps fault tests small)."""
    rows = "".join(
        f'<tr><td>{p}:</td><td><A href="{p}/thread.html">[ Thread ]</a></td>'
        f'<td><A href="{p}.txt.gz">[ Gzip\'d Text 1 KB ]</a></td></tr>\n'
        for p in periods
    )
    return f"<html><body><table>{rows}</table></body></html>".encode()


SMALL = ["2013-February", "2013-March", "2013-April"]


@pytest.fixture(scope="module")
def full_fetch(imagej_copy: Path, tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path]:
    """The whole archive fetched once by URL into ``<data_dir>/imagej/download``."""
    data_dir = tmp_path_factory.mktemp("data")
    target = download_dir("imagej", data_dir)
    with ArchiveServer(imagej_copy) as running:
        report, _ = _fetch(running.url, target)
    assert not report.failed, [p.reason for p in report.failed]
    return data_dir, target


# --- the whole archive -----------------------------------------------------------------------


def test_every_message_arrives_by_url(corpora: Path, full_fetch: tuple[Path, Path]) -> None:
    data_dir, target = full_fetch
    corpus = corpora / IMAGEJ
    periods = sorted(p.name for p in corpus.iterdir() if p.is_dir())
    # Every period came as its .txt.gz (complete here), byte for byte, and nothing else.
    assert sorted(p.name for p in target.iterdir() if not p.name.startswith(".")) == sorted(
        f"{p}.txt.gz" for p in periods
    )
    for name in periods:
        assert (target / f"{name}.txt.gz").read_bytes() == (corpus / f"{name}.txt.gz").read_bytes()
    api.ingest([target], list_name="imagej", data_dir=data_dir, workers=1)
    pages = sum(_pages(corpus / p) for p in periods)
    assert pages == 2718
    assert api.store_info("imagej", data_dir).unique_messages == pages


def test_second_run_asks_only_for_the_newest_period(
    imagej_copy: Path, full_fetch: tuple[Path, Path], tmp_path: Path
) -> None:
    _, first_target = full_fetch
    target = tmp_path / "download"
    shutil.copytree(first_target, target)
    with ArchiveServer(imagej_copy) as server:
        report, _ = _fetch(server.url, target)
        assert {urlsplit(p).path for p in server.log} == {
            server.prefix,
            f"{server.prefix}2015-October/thread.html",
            f"{server.prefix}2015-October.txt.gz",
        }
    assert [p.period for p in report.with_status(NOT_MODIFIED)] == ["2015-October"]
    assert len(report.with_status(SKIPPED)) == len(report.periods) - 1 == 71
    assert "71 skipped" in report.summary()
    assert report.bytes_downloaded == (imagej_copy / "index.html").stat().st_size


def test_without_validators_the_newest_period_is_downloaded_but_kept_when_equal(
    imagej_copy: Path, full_fetch: tuple[Path, Path], tmp_path: Path
) -> None:
    _, first_target = full_fetch
    target = tmp_path / "download"
    shutil.copytree(first_target, target)
    newest = target / "2015-October.txt.gz"
    before = newest.stat().st_mtime_ns
    with ArchiveServer(imagej_copy) as server:
        server.validators = False
        report, _ = _fetch(server.url, target)
        paths = [urlsplit(p).path for p in server.log]
    assert len(paths) == 3
    assert report.with_status(NOT_MODIFIED)[0].period == "2015-October"
    assert newest.stat().st_mtime_ns == before  # same content: ingest will not parse it again


def test_new_period_and_grown_newest_period_are_fetched_and_ingested(
    imagej_copy: Path, full_fetch: tuple[Path, Path], tmp_path: Path
) -> None:
    data_dir = tmp_path
    _, first_target = full_fetch
    target = download_dir("imagej", data_dir)
    shutil.copytree(first_target, target)
    api.ingest([target], list_name="imagej", data_dir=data_dir, workers=1)
    before = api.store_info("imagej", data_dir).unique_messages
    late = (
        b"From someone at example.org  Mon Nov  2 10:00:00 2015\n"
        b"From: someone at example.org (Some One)\nDate: Mon, 02 Nov 2015 10:00:00 -0500\n"
        b"Subject: [ImageJ-devel] new month\nMessage-ID: <new-month@example.org>\n\nhello\n\n"
    )
    with ArchiveServer(imagej_copy) as server:
        index = (imagej_copy / "index.html").read_bytes()
        row = (
            b'<tr><td>November 2015:</td><td><A href="2015-November/thread.html">[ Thread ]</a>'
            b'</td><td><A href="2015-November.txt.gz">[ Gzip\'d Text 1 KB ]</a></td></tr>'
        )
        server.overrides[server.prefix] = index.replace(b"<tr>", row + b"<tr>", 2)
        server.overrides[f"{server.prefix}2015-November.txt.gz"] = gzip.compress(late)
        server.overrides[f"{server.prefix}2015-November/thread.html"] = (
            b'<html><a href="002718.html">new month</a></html>'
        )
        report, _ = _fetch(server.url, target)
        asked = {urlsplit(p).path.removeprefix(server.prefix) for p in server.log}
    # The new period, and the one that was newest last time (it may have grown since).
    assert asked == {
        "",
        "2015-November/thread.html",
        "2015-November.txt.gz",
        "2015-October/thread.html",
        "2015-October.txt.gz",
    }
    assert [p.period for p in report.with_status(DOWNLOADED)] == ["2015-November"]
    ingested = api.ingest([target], list_name="imagej", data_dir=data_dir, workers=1)
    assert [o.status for o in ingested.outcomes].count("ingested") == 1
    assert api.store_info("imagej", data_dir).unique_messages == before + 1


# --- robustness -------------------------------------------------------------------------------


def test_two_server_errors_then_an_answer_are_survived(
    server: ArchiveServer, tmp_path: Path
) -> None:
    server.overrides[server.prefix] = _index_rows(SMALL)
    server.faults[f"{server.prefix}2013-March.txt.gz"] = Fault(500, times=2)
    report, waits = _fetch(server.url, tmp_path / "dl", retries=4, backoff=0.5)
    assert not report.failed
    assert server.requested("2013-March.txt.gz") == 3
    assert waits == [0.5, 1.0]  # back-off doubles
    assert report.retry_waits == waits


def test_timeout_and_dropped_connection_are_retried(server: ArchiveServer, tmp_path: Path) -> None:
    server.overrides[server.prefix] = _index_rows(SMALL)
    server.faults[f"{server.prefix}2013-February.txt.gz"] = Fault(200, times=1, hang=1.0)
    server.faults[f"{server.prefix}2013-March.txt.gz"] = Fault(200, times=1, truncate=True)
    report, waits = _fetch(server.url, tmp_path / "dl", retries=2, backoff=0.25, timeout=0.3)
    assert [p.status for p in report.periods] == [DOWNLOADED] * 3
    assert waits == [0.25, 0.25]
    assert server.requested("2013-February.txt.gz") == server.requested("2013-March.txt.gz") == 2
    for name in SMALL:
        path = f"{name}.txt.gz"
        assert (tmp_path / "dl" / path).read_bytes() == (server.root / path).read_bytes()
    assert not list((tmp_path / "dl").rglob("*.part"))


def test_unreachable_server_is_one_clear_error(tmp_path: Path) -> None:
    with ArchiveServer(tmp_path) as server:
        url = server.url
    with pytest.raises(FetchError, match=r"^http://127\.0\.0\.1:\d+/pipermail/imagej-devel/: "):
        _fetch(url, tmp_path / "dl", retries=1)


def test_retry_after_is_honoured(server: ArchiveServer, tmp_path: Path) -> None:
    server.overrides[server.prefix] = _index_rows(SMALL)
    server.faults[f"{server.prefix}2013-April.txt.gz"] = Fault(
        503, times=1, headers={"Retry-After": "7"}
    )
    report, waits = _fetch(server.url, tmp_path / "dl", retries=4, backoff=0.5)
    assert not report.failed
    assert waits == [7.0]


def test_retry_after_beyond_the_limit_fails_the_period_not_the_run(
    server: ArchiveServer, tmp_path: Path
) -> None:
    server.overrides[server.prefix] = _index_rows(SMALL)
    server.faults[f"{server.prefix}2013-April*"] = Fault(429, headers={"Retry-After": "86400"})
    report, waits = _fetch(server.url, tmp_path / "dl", retries=4)
    assert [p.period for p in report.failed] == ["2013-April"]
    assert "86400 s" in (report.failed[0].reason or "")
    assert waits == []
    assert len(report.with_status(DOWNLOADED)) == 2


def test_persistent_server_errors_fail_one_period_after_the_retries(
    server: ArchiveServer, tmp_path: Path
) -> None:
    server.overrides[server.prefix] = _index_rows(SMALL)
    server.faults[f"{server.prefix}2013-March*"] = Fault(500)
    report, _ = _fetch(server.url, tmp_path / "dl", retries=2, backoff=0)
    (failed,) = report.failed
    assert failed.period == "2013-March"
    assert f"{server.url}2013-March.txt.gz: HTTP 500" in (failed.reason or "")
    assert server.requested("2013-March.txt.gz") == 3
    assert [p.status for p in report.periods] == [DOWNLOADED, FAILED, DOWNLOADED]


def test_a_missing_period_is_reported_and_the_rest_ingested(
    corpora: Path, imagej_copy: Path, tmp_path: Path
) -> None:
    data_dir = tmp_path
    target = download_dir("imagej", data_dir)
    with ArchiveServer(imagej_copy) as server:
        server.faults[f"{server.prefix}2012-May*"] = Fault(404)
        report, _ = _fetch(server.url, target)
    (failed,) = report.failed
    assert failed.period == "2012-May"
    assert failed.reason is not None
    assert failed.reason.startswith(f"{server.url}2012-May.txt.gz: not found (HTTP 404)")
    assert len(report.with_status(DOWNLOADED)) == 71
    api.ingest([target], list_name="imagej", data_dir=data_dir, workers=1)
    whole = sum(_pages(p) for p in (corpora / IMAGEJ).iterdir() if p.is_dir())
    missing = _pages(corpora / IMAGEJ / "2012-May")
    assert missing > 0
    assert api.store_info("imagej", data_dir).unique_messages == whole - missing


@pytest.mark.parametrize("status", [401, 403])
def test_private_archive_is_one_clear_error(
    server: ArchiveServer, tmp_path: Path, status: int
) -> None:
    server.faults[server.prefix] = Fault(status)
    with pytest.raises(FetchError) as caught:
        _fetch(server.url, tmp_path / "dl")
    assert str(caught.value) == (
        f"{server.url}: access denied (HTTP {status}): the archive is private or needs a login"
    )
    assert "\n" not in str(caught.value)
    assert not (tmp_path / "dl").exists()


def test_missing_index_names_the_url(server: ArchiveServer, tmp_path: Path) -> None:
    with pytest.raises(FetchError, match=r"/pipermail/no-such-list/: not found \(HTTP 404\)"):
        _fetch(server.url.replace("imagej-devel", "no-such-list"), tmp_path / "dl")


def test_page_that_is_no_archive_index_is_refused(server: ArchiveServer, tmp_path: Path) -> None:
    server.overrides[server.prefix] = b"<html><a href='https://example.org/'>hello</a></html>"
    with pytest.raises(FetchError, match="lists no archive periods"):
        _fetch(server.url, tmp_path / "dl")


def test_links_out_of_the_folder_write_nothing_outside(
    server: ArchiveServer, tmp_path: Path
) -> None:
    evil = [
        "../../x",
        "../../x.txt.gz",
        "../../../2013-March.txt.gz",
        "/etc/passwd",
        "/x.txt.gz",
        "2013-March/../../../x.txt",
        "..%2F..%2Fx.txt.gz",
        "%2e%2e/%2e%2e/x.txt.gz",
        "http://other.example/2013-March.txt.gz",
        ".fetch-state.json",
        "2013-March.txt.gz?../../x",
    ]
    links = "".join(f'<a href="{h}">x</a>\n' for h in evil)
    server.overrides[server.prefix] = _index_rows(["2013-March"]) + links.encode()
    # The period's text archives are missing, so its thread.html (also hostile) is followed.
    server.faults[f"{server.prefix}2013-March.txt*"] = Fault(404)
    thread = (server.root / "2013-March" / "thread.html").read_bytes()
    hostile = b'<a href="../../../000001.html">a</a><a href="/000002.html">b</a>'
    hostile += b'<a href="../2013-April/000003.html">c</a><a href="sub/000004.html">d</a>'
    server.overrides[f"{server.prefix}2013-March/thread.html"] = thread + hostile
    for path in ["/x", "/x.txt.gz", "/pipermail/x.txt.gz", "/000001.html", "/000002.html"]:
        server.overrides[path] = b"From evil  Mon Jan  1 00:00:00 2001\n\nowned\n"
    outside = tmp_path / "data"
    target = outside / "list" / "download"
    before = sorted(outside.rglob("*")) if outside.exists() else []
    report, _ = _fetch(server.url, target)
    written_outside = [
        p for p in outside.rglob("*") if target not in (p, *p.parents) and p not in before
    ]
    assert written_outside == [outside / "list"]  # only the download folder's own parent
    assert [p.period for p in report.periods] == ["2013-March"]
    assert report.periods[0].kind == "html"
    assert sorted(p.name for p in target.iterdir()) == [".fetch-state.json", "2013-March"]
    assert _pages(target / "2013-March") == _pages(server.root / "2013-March")
    asked = [urlsplit(p).path for p in server.log]
    assert all(p.startswith(server.prefix) for p in asked), asked
    assert not any(".." in p or "2013-April" in p or "sub/" in p for p in asked)
    assert {"../../x.txt.gz", "..%2F..%2Fx.txt.gz"} <= set(report.ignored_links)


def test_safe_child_refuses_what_is_not_a_plain_name(tmp_path: Path) -> None:
    assert safe_child(tmp_path, "2013-March.txt.gz") == tmp_path / "2013-March.txt.gz"
    for name in ["..", "../x", "a/b", "/etc/passwd", ".hidden", "", "x\x00y", "a\\b"]:
        with pytest.raises(FetchError):
            safe_child(tmp_path, name)
    (tmp_path / "link").symlink_to(tmp_path.parent)
    (tmp_path / "escape").symlink_to(tmp_path.parent / "elsewhere")
    for name in ["link", "escape"]:
        with pytest.raises(FetchError):
            safe_child(tmp_path, name)


def test_decompression_bomb_is_refused(server: ArchiveServer, tmp_path: Path) -> None:
    server.overrides[server.prefix] = _index_rows(["2013-March"])
    server.overrides[f"{server.prefix}2013-March.txt.gz"] = gzip.compress(b"\0" * 30_000_000)
    server.faults[f"{server.prefix}2013-March/*"] = Fault(404)
    server.faults[f"{server.prefix}2013-March.txt"] = Fault(404)
    report, _ = _fetch(server.url, tmp_path / "dl", max_uncompressed_bytes=1_000_000)
    (failed,) = report.failed
    assert "decompression bomb" in (failed.reason or "")
    assert not any((tmp_path / "dl").glob("2013-March*"))


def test_oversized_download_is_refused(server: ArchiveServer, tmp_path: Path) -> None:
    server.overrides[server.prefix] = _index_rows(["2013-March"])
    report, _ = _fetch(server.url, tmp_path / "dl", max_download_bytes=1000)
    (failed,) = report.failed
    assert "limit" in (failed.reason or "")
    assert not any((tmp_path / "dl").rglob("*.txt*"))


# --- choosing the text archive or the pages -------------------------------------------------


def _first_messages(archive: Path, keep: int) -> bytes:
    data = (
        gzip.decompress(archive.read_bytes()) if archive.suffix == ".gz" else archive.read_bytes()
    )
    starts = [m.start() for m in re.finditer(rb"^From \S+ at \S+ ", data, re.MULTILINE)]
    return data[: starts[keep]]


def test_short_txt_gz_gives_way_to_the_complete_txt(server: ArchiveServer, tmp_path: Path) -> None:
    month = "2014-January"
    server.overrides[server.prefix] = _index_rows([month])
    short = gzip.compress(_first_messages(server.root / f"{month}.txt.gz", 10))
    server.overrides[f"{server.prefix}{month}.txt.gz"] = short  # the nightly .gz lags behind
    report, _ = _fetch(server.url, tmp_path / "dl")
    (outcome,) = report.periods
    assert outcome.kind == "txt"
    assert "holds 10 messages, thread.html lists 49" in (outcome.reason or "")
    assert sorted(p.name for p in (tmp_path / "dl").iterdir()) == [
        ".fetch-state.json",
        f"{month}.txt",
    ]
    read = read_source(tmp_path / "dl" / f"{month}.txt")
    assert len(read.messages) == _pages(server.root / month) == 49


def test_short_text_archives_give_way_to_the_html_pages(
    server: ArchiveServer, tmp_path: Path
) -> None:
    month = "2014-January"
    server.overrides[server.prefix] = _index_rows([month])
    server.overrides[f"{server.prefix}{month}.txt.gz"] = gzip.compress(
        _first_messages(server.root / f"{month}.txt.gz", 10)
    )
    server.overrides[f"{server.prefix}{month}.txt"] = _first_messages(
        server.root / f"{month}.txt", 20
    )
    target = download_dir("ij", tmp_path)
    report, _ = _fetch(server.url, target)
    (outcome,) = report.periods
    assert (outcome.status, outcome.kind) == (DOWNLOADED, "html")
    folder = target / month
    assert (folder / "thread.html").read_bytes() == (
        server.root / month / "thread.html"
    ).read_bytes()
    assert _pages(folder) == _pages(server.root / month)
    assert not (target / f"{month}.txt").exists()
    assert not (target / f"{month}.txt.gz").exists()
    api.ingest([target], list_name="ij", data_dir=tmp_path, workers=1)
    assert api.store_info("ij", tmp_path).unique_messages == 49
    # Next run: the pages are there; only the (unchanged) thread index and text are asked for.
    server.log.clear()
    again, _ = _fetch(server.url, target)
    assert again.periods[0].status == NOT_MODIFIED
    assert not any(_PAGE.search(p) for p in server.log)


def test_interrupted_html_period_resumes_with_the_pages_it_lacks(
    server: ArchiveServer, tmp_path: Path
) -> None:
    month = "2013-March"
    server.overrides[server.prefix] = _index_rows([month])
    server.faults[f"{server.prefix}{month}.txt*"] = Fault(404)
    pages = sorted(p.name for p in (server.root / month).iterdir() if _PAGE.fullmatch(p.name))
    broken = pages[len(pages) // 2]
    server.faults[f"{server.prefix}{month}/{broken}"] = Fault(500)
    target = tmp_path / "dl"
    first, _ = _fetch(server.url, target, retries=0)
    assert [p.status for p in first.periods] == [FAILED]
    assert "1 of" in (first.periods[0].reason or "")
    assert not (target / month).exists()  # never a half folder among the sources
    del server.faults[f"{server.prefix}{month}/{broken}"]
    server.log.clear()
    second, _ = _fetch(server.url, target)
    assert second.periods[0].status == DOWNLOADED
    fetched_pages = [p for p in server.log if _PAGE.search(p)]
    assert fetched_pages == [f"{server.prefix}{month}/{broken}"]
    assert _pages(target / month) == len(pages)
    assert not (target / ".partial").exists()


def test_interrupted_run_resumes_without_asking_again(
    server: ArchiveServer, tmp_path: Path
) -> None:
    periods = ["2012-January", "2012-February", "2012-March", "2012-April", "2012-May"]
    server.overrides[server.prefix] = _index_rows(periods)
    target = tmp_path / "dl"
    seen: list[str] = []

    def stop_after_two(outcome: object) -> None:
        seen.append(getattr(outcome, "period", ""))
        if len(seen) == 2:
            raise KeyboardInterrupt

    with pytest.raises(KeyboardInterrupt):
        fetch_archive(server.url, target, delay=0, opener=_no_proxy(), on_progress=stop_after_two)
    server.log.clear()
    report, _ = _fetch(server.url, target)
    assert [p.status for p in report.periods] == [SKIPPED, SKIPPED] + [DOWNLOADED] * 3
    assert not any("2012-January" in p or "2012-February" in p for p in server.log)


def test_parallel_connections_give_the_same_files(server: ArchiveServer, tmp_path: Path) -> None:
    periods = ["2012-January", "2012-February", "2012-March", "2012-April"]
    server.overrides[server.prefix] = _index_rows(periods)
    one, _ = _fetch(server.url, tmp_path / "one")
    three, _ = _fetch(server.url, tmp_path / "three", connections=3)
    assert [p.status for p in three.periods] == [p.status for p in one.periods] == [DOWNLOADED] * 4
    for name in periods:
        path = f"{name}.txt.gz"
        assert (tmp_path / "one" / path).read_bytes() == (tmp_path / "three" / path).read_bytes()


# --- index parsing --------------------------------------------------------------------------


def test_period_names_of_every_pipermail_kind() -> None:
    assert str(period_start("2015-October")) == "2015-10-01"
    assert str(period_start("2014q3")) == "2014-07-01"
    assert str(period_start("2014")) == "2014-01-01"
    assert str(period_start("Week-of-Mon-20140106")) == "2014-01-06"
    assert str(period_start("20140107")) == "2014-01-07"
    assert period_start("2014-Smarch") is None
    assert period_start("20141399") is None


def test_index_with_every_period_kind(server: ArchiveServer, tmp_path: Path) -> None:
    names = ["2014", "2014q2", "Week-of-Mon-20140602", "20140603", "2014-July"]
    server.overrides[server.prefix] = _index_rows(names)
    month = (server.root / "2013-March.txt.gz").read_bytes()
    for name in names:
        server.overrides[f"{server.prefix}{name}.txt.gz"] = month
    report, _ = _fetch(server.url, tmp_path / "dl")
    assert [p.period for p in report.periods] == names  # in time order
    assert all(p.status == DOWNLOADED for p in report.periods)
    assert sorted(p.name for p in (tmp_path / "dl").iterdir() if p.suffix == ".gz") == sorted(
        f"{n}.txt.gz" for n in names
    )


def test_parse_real_index_pages(corpora: Path) -> None:
    page = (corpora / "perceval-testdata" / "pipermail" / "pipermail_index.html").read_bytes()
    index = parse_index(page, "https://lists.example.org/pipermail/list/")
    assert [(p.name, p.text_links, p.html) for p in index.periods] == [
        ("2015-November", (".txt.gz",), True),
        ("2016-March", (".txt",), True),
        ("2016-April", (".txt",), True),
    ]
    imagej = parse_index((corpora / IMAGEJ / "index.html").read_bytes(), "http://h/p/ij/index.html")
    assert imagej.base_url == "http://h/p/ij/"
    assert len(imagej.periods) == len([p for p in (corpora / IMAGEJ).iterdir() if p.is_dir()])
    assert imagej.periods[-1].listed_size == "10 KB"
    empty = (
        corpora / "perceval-testdata" / "pipermail" / "pipermail_index_empty.html"
    ).read_bytes()
    assert parse_index(empty, "https://lists.example.org/pipermail/list/").periods == []


# --- HyperKitty --------------------------------------------------------------------------------


def test_hyperkitty_monthly_mbox_exports(corpora: Path, tmp_path: Path) -> None:
    fixtures = corpora / "perceval-testdata" / "hyperkitty"
    mboxes = {
        "2016-03-01": (fixtures / "hyperkitty_2016_march.mbox").read_bytes(),
        "2016-04-01": (fixtures / "hyperkitty_2016_april.mbox").read_bytes(),
    }
    folder = "/archives/list/test@example.org/"
    with ArchiveServer(tmp_path / "none", prefix=folder) as server:
        server.routes[folder] = (
            b'<a href="/archives/list/test@example.org/2016/3/">March</a>'
            b'<a href="2016/4/">April</a><a href="../../../2016/5/">evil</a>'
            b'<a href="/archives/list/other@example.org/2016/6/">other list</a>'
        )
        export = f"{folder}export/test-"
        server.routes[f"{export}2016-03.mbox.gz"] = gzip.compress(mboxes["2016-03-01"])
        server.routes[f"{export}2016-04.mbox.gz"] = gzip.compress(mboxes["2016-04-01"])
        report, _ = _fetch(server.url + "latest", tmp_path / "dl")
        queries = [parse_qs(urlsplit(p).query) for p in server.log if "export" in p]
        assert report.archive == "hyperkitty"
        assert [(p.period, p.status) for p in report.periods] == [
            ("2016-03", DOWNLOADED),
            ("2016-04", DOWNLOADED),
        ]
        assert queries == [
            {"start": ["2016-03-01"], "end": ["2016-04-01"]},
            {"start": ["2016-04-01"], "end": ["2016-05-01"]},
        ]
        for outcome, raw in zip(report.periods, mboxes.values(), strict=True):
            assert outcome.source is not None
            found = len(read_source(outcome.source).messages)
            assert found == len(re.findall(rb"^From ", raw, re.MULTILINE)) > 0
        server.log.clear()
        again, _ = _fetch(server.url, tmp_path / "dl")
        assert [p.status for p in again.periods] == [SKIPPED, NOT_MODIFIED]
        assert len([p for p in server.log if "export" in p]) == 1


# --- small parts ------------------------------------------------------------------------------


def test_is_url() -> None:
    assert is_url("https://lists.igcaucus.org/pipermail/bestbits/")
    assert is_url("HTTP://example.org/x")
    assert not is_url("archives/bestbits")
    assert not is_url("ftp://example.org/x")
    assert not is_url(Path("http:/x"))


def test_retry_after_in_seconds_or_as_a_date() -> None:
    assert parse_retry_after("120", now=0) == 120
    assert parse_retry_after("Thu, 01 Jan 1970 00:02:00 GMT", now=60) == 60
    assert parse_retry_after("soon", now=0) is None
    assert parse_retry_after(None, now=0) is None


def test_non_url_is_refused(tmp_path: Path) -> None:
    with pytest.raises(FetchError, match="not an http"):
        fetch_archive("archives/bestbits", tmp_path)


def test_list_configuration_gives_the_url_and_settings(
    server: ArchiveServer, tmp_path: Path
) -> None:
    server.overrides[server.prefix] = _index_rows(["2013-March"])
    (tmp_path / "ij.toml").write_text(f'url = "{server.url}"\n[fetch]\ndelay = 0\nretries = 1\n')
    report = fetch_list_archive("ij", data_dir=tmp_path, opener=_no_proxy())
    assert report.target == tmp_path / "ij" / "download"
    assert [p.status for p in report.periods] == [DOWNLOADED]
    (tmp_path / "nourl.toml").write_text('time_zone = "UTC"\n')
    with pytest.raises(ConfigError, match="no url"):
        fetch_list_archive("nourl", data_dir=tmp_path)


def test_bestbits_configuration() -> None:
    config = load_list_config("bestbits", REPO / "archives")
    assert config.url == "https://lists.igcaucus.org/pipermail/bestbits/"
    assert config.time_zone == "America/New_York"
    assert "[governance]" in config.tags
    terms = {t.lower() for topic in config.topics.values() for t in topic["terms"]}
    assert {
        "wgec",
        "working group on enhanced cooperation",
        "enhanced cooperation",
        "cstd",
    } <= terms
