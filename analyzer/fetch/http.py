"""A polite HTTP client for archive servers: one request at a time per connection, a pause between
requests, retries with back-off on timeouts and server errors, ``Retry-After`` honoured,
conditional requests (ETag / Last-Modified) and atomic downloads with a size limit.

Standard library only (``urllib.request``), so fetching adds no dependency.
"""

from __future__ import annotations

import email.utils
import http.client
import os
import socket
import ssl
import threading
import time
import urllib.error
import urllib.request
from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import IO, Any

from analyzer.errors import AnalyzerError

USER_AGENT = "analyzer-mailing-list-archive-fetcher/0.1 (research; polite, one connection)"
DEFAULT_MAX_DOWNLOAD_BYTES = 2 * 1024**3
"""Refuse a single response beyond this size (a runaway or hostile server)."""
MAX_PAGE_BYTES = 64 * 1024**2
"""Index and thread pages are read into memory; they are never this large."""
_RETRIED_STATUSES = frozenset({408, 425, 429, 500, 502, 503, 504})
_CHUNK = 1 << 16


class FetchError(AnalyzerError):
    """An archive cannot be fetched: the message names the URL and the problem in one line."""

    def __init__(self, url: str, problem: str, status: int | None = None) -> None:
        super().__init__(f"{url}: {problem}")
        self.url = url
        self.problem = problem
        self.status = status

    def __reduce__(self) -> tuple[type[FetchError], tuple[str, str, int | None]]:
        return (type(self), (self.url, self.problem, self.status))  # as SourceError's


def status_problem(status: int, reason: str = "") -> str:
    """One line a researcher understands, for an HTTP status that ends the attempts."""
    if status in (401, 403):
        return f"access denied (HTTP {status}): the archive is private or needs a login"
    if status == 404:
        return "not found (HTTP 404)"
    if status == 410:
        return "gone (HTTP 410)"
    return f"HTTP {status} {reason}".rstrip()


@dataclass(frozen=True, slots=True)
class Validators:
    """What a server said about a resource, to ask next time whether it changed."""

    etag: str | None = None
    last_modified: str | None = None
    size: int | None = None

    def to_json(self) -> dict[str, Any]:
        return {"etag": self.etag, "last_modified": self.last_modified, "size": self.size}

    @classmethod
    def from_json(cls, data: object) -> Validators:
        if not isinstance(data, dict):
            return cls()
        size = data.get("size")
        etag = data.get("etag")
        modified = data.get("last_modified")
        return cls(
            etag=etag if isinstance(etag, str) else None,
            last_modified=modified if isinstance(modified, str) else None,
            size=size if isinstance(size, int) else None,
        )

    @property
    def usable(self) -> bool:
        return bool(self.etag or self.last_modified)


@dataclass(frozen=True, slots=True)
class Fetched:
    """One successful answer: ``modified`` is False for a 304 (then ``body`` is empty)."""

    url: str
    modified: bool
    validators: Validators
    body: bytes = b""
    size: int = 0


def parse_retry_after(value: str | None, now: float) -> float | None:
    """Seconds to wait from a ``Retry-After`` header (delta-seconds or an HTTP date)."""
    if not value:
        return None
    value = value.strip()
    if value.isdigit():
        return float(value)
    try:
        when = email.utils.parsedate_to_datetime(value)
    except (TypeError, ValueError):
        return None
    if when.tzinfo is None:
        when = when.replace(tzinfo=UTC)
    return max(0.0, when.timestamp() - now)


class PoliteClient:
    """Sequential HTTP GETs with pauses and retries; counts requests and bytes.

    ``delay`` seconds pass between the start of two requests of one thread; failures that may pass
    (timeouts, resets, 408/429/5xx) are retried ``retries`` times after ``backoff * 2**attempt``
    seconds, or after the server's ``Retry-After`` when it gives one (up to ``max_retry_after``).
    ``sleep`` and ``clock`` are injectable so tests run without waiting.
    """

    def __init__(
        self,
        *,
        delay: float = 1.0,
        retries: int = 4,
        timeout: float = 30.0,
        backoff: float = 2.0,
        max_retry_after: float = 600.0,
        max_download_bytes: int = DEFAULT_MAX_DOWNLOAD_BYTES,
        opener: urllib.request.OpenerDirector | None = None,
        sleep: Callable[[float], None] = time.sleep,
        clock: Callable[[], float] = time.monotonic,
        user_agent: str = USER_AGENT,
    ) -> None:
        self.delay = max(0.0, delay)
        self.retries = max(0, retries)
        self.timeout = timeout
        self.backoff = max(0.0, backoff)
        self.max_retry_after = max_retry_after
        self.max_download_bytes = max_download_bytes
        self.opener = opener or urllib.request.build_opener()
        self.sleep = sleep
        self.clock = clock
        self.user_agent = user_agent
        self._lock = threading.Lock()
        self._last_start = threading.local()
        self.requests = 0
        self.bytes_received = 0
        self.waits: list[float] = []
        """Every pause taken for back-off or Retry-After (not the politeness delay), in seconds."""

    def get(self, url: str, *, validators: Validators | None = None) -> Fetched:
        """GET a page into memory (at most MAX_PAGE_BYTES)."""
        return self._request(url, validators, None, min(MAX_PAGE_BYTES, self.max_download_bytes))

    def download(self, url: str, dest: Path, *, validators: Validators | None = None) -> Fetched:
        """GET ``url`` into ``dest``, written whole or not at all (a ``.part`` file, then rename)."""
        return self._request(url, validators, dest, self.max_download_bytes)

    def _pause(self) -> None:
        last = getattr(self._last_start, "value", None)
        if last is not None and self.delay:
            remaining = self.delay - (self.clock() - last)
            if remaining > 0:
                self.sleep(remaining)
        self._last_start.value = self.clock()

    def _wait(self, seconds: float) -> None:
        with self._lock:
            self.waits.append(seconds)
        if seconds > 0:
            self.sleep(seconds)

    def _request(
        self, url: str, validators: Validators | None, dest: Path | None, limit: int
    ) -> Fetched:
        headers = {"User-Agent": self.user_agent}
        if validators is not None and validators.etag:
            headers["If-None-Match"] = validators.etag
        if validators is not None and validators.last_modified:
            headers["If-Modified-Since"] = validators.last_modified
        attempts = self.retries + 1
        for attempt in range(attempts):
            self._pause()
            with self._lock:
                self.requests += 1
            request = urllib.request.Request(url, headers=headers)
            try:
                with self.opener.open(request, timeout=self.timeout) as response:
                    return self._receive(url, response, dest, limit)
            except urllib.error.HTTPError as exc:
                exc.close()
                if exc.code == 304:
                    return Fetched(url, False, _validators(exc.headers, None))
                if exc.code not in _RETRIED_STATUSES:
                    raise FetchError(url, status_problem(exc.code, exc.reason), exc.code) from None
                problem = status_problem(exc.code, exc.reason)
                told = parse_retry_after(exc.headers.get("Retry-After"), time.time())
                if told is not None and told > self.max_retry_after:
                    raise FetchError(
                        url,
                        f"{problem}; the server asks to retry after {told:.0f} s, more than "
                        f"the {self.max_retry_after:.0f} s this run waits",
                        exc.code,
                    ) from None
                if attempt + 1 < attempts:
                    self._wait(told if told is not None else self.backoff * 2**attempt)
                    continue
                raise FetchError(url, f"{problem} after {attempts} attempt(s)", exc.code) from None
            except (
                urllib.error.URLError,
                http.client.HTTPException,
                TimeoutError,
                ConnectionError,
            ) as exc:
                reason = getattr(exc, "reason", None) or exc
                if isinstance(reason, TimeoutError | socket.timeout):
                    problem = f"timed out after {self.timeout:g} s"
                elif isinstance(exc, http.client.IncompleteRead):
                    problem = f"connection closed {exc.expected:,} bytes before the end"
                else:
                    problem = f"connection failed ({reason})"
                if isinstance(exc, urllib.error.URLError) and not _transient(exc):
                    raise FetchError(url, problem) from None
                if attempt + 1 < attempts:
                    self._wait(self.backoff * 2**attempt)
                    continue
                raise FetchError(url, f"{problem} after {attempts} attempt(s)") from None
        raise AssertionError("unreachable: the loop returns or raises")  # pragma: no cover

    def _receive(
        self, url: str, response: http.client.HTTPResponse, dest: Path | None, limit: int
    ) -> Fetched:
        final_url = response.geturl() or url
        declared = response.headers.get("Content-Length")
        expected = int(declared) if declared and declared.isdigit() else None
        if expected is not None and expected > limit:
            raise FetchError(url, f"is {expected:,} bytes, over the {limit:,}-byte limit")
        if dest is None:
            size, body = _read_limited(url, response, limit, None)
            self._count(size)
            _check_length(size, expected)
            return Fetched(final_url, True, _validators(response.headers, size), body, size)
        dest.parent.mkdir(parents=True, exist_ok=True)
        part = dest.with_name(dest.name + ".part")
        try:
            with open(part, "wb") as out:
                size, _ = _read_limited(url, response, limit, out)
                out.flush()
                os.fsync(out.fileno())
            self._count(size)
            _check_length(size, expected)
            os.replace(part, dest)
        finally:
            part.unlink(missing_ok=True)
        return Fetched(final_url, True, _validators(response.headers, size), b"", size)

    def _count(self, size: int) -> None:
        with self._lock:
            self.bytes_received += size


def _transient(exc: urllib.error.URLError) -> bool:
    """Resets, refusals and timeouts may pass; an unknown host, a bad certificate or a bad URL
    scheme will not, and retrying them would only make the user wait."""
    reason = exc.reason
    if isinstance(reason, ssl.SSLCertVerificationError):
        return False
    if isinstance(reason, socket.gaierror):
        return reason.errno == socket.EAI_AGAIN
    return isinstance(reason, OSError)


def _read_limited(
    url: str, response: http.client.HTTPResponse, limit: int, out: IO[bytes] | None
) -> tuple[int, bytes]:
    """Read the body in chunks, into ``out`` or (when None) into the returned bytes."""
    chunks: list[bytes] = []
    total = 0
    while True:
        chunk = response.read(_CHUNK)
        if not chunk:
            break
        total += len(chunk)
        if total > limit:
            raise FetchError(url, f"sent more than {limit:,} bytes; download refused")
        if out is None:
            chunks.append(chunk)
        else:
            out.write(chunk)
    return total, b"".join(chunks)


def _check_length(size: int, expected: int | None) -> None:
    """A body shorter than its Content-Length is a dropped connection: retried like one."""
    if expected is not None and size < expected:
        raise http.client.IncompleteRead(b"", expected - size)


def _validators(headers: Any, size: int | None) -> Validators:
    if headers is None:
        return Validators(size=size)
    return Validators(
        etag=headers.get("ETag"), last_modified=headers.get("Last-Modified"), size=size
    )


def http_date(timestamp: float) -> str:
    """An HTTP date (for tests and for files whose server gave no Last-Modified)."""
    return email.utils.format_datetime(datetime.fromtimestamp(timestamp, UTC), usegmt=True)
