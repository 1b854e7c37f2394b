"""Partitions that cluster workers hand over through an object store.

Workers that cannot write to the client's data directory (no shared file system) write each
partition to a staging URL instead (``s3://bucket/prefix``, ``gs://...``, ``hdfs://...``, or
``file:///shared/path``: whatever Arrow's file systems read). The client, which alone holds the
store's lock and writes its manifest, then moves each partition into the store: the store keeps
its guarantees (atomic files, one writer) wherever the work was done.
"""

from __future__ import annotations

import contextlib
from dataclasses import dataclass
from urllib.parse import unquote, urlsplit, urlunsplit

import pyarrow as pa
import pyarrow.fs as pafs
import pyarrow.parquet as pq

from analyzer.errors import StoreError

# Query parameters of Arrow's S3 and GCS URLs that hold secrets.
_SECRET_PARAMETERS = frozenset(("secret_key", "session_token", "access_token", "password"))
_HIDDEN = "***"


MIN_SECRET_CHARS = 6
"""A secret shorter than this is hidden where the URL appears, not everywhere in a message
(it would hide letters of other words)."""


def _shown_url(url: str) -> tuple[str, list[str]]:
    """The URL with its password and secret parameters replaced by ``***``, and those secrets."""
    try:
        parts = urlsplit(url)
        password = parts.password
    except ValueError:
        return url, []
    secrets: list[str] = []
    netloc = parts.netloc
    if password:
        user_info, _, host = netloc.rpartition("@")
        netloc = f"{user_info.partition(':')[0]}:{_HIDDEN}@{host}"
        secrets.extend((password, unquote(password)))
    pieces = []
    for piece in parts.query.split("&") if parts.query else []:
        key, equals, value = piece.partition("=")
        if key in _SECRET_PARAMETERS and value:
            secrets.extend((value, unquote(value)))
            piece = f"{key}{equals}{_HIDDEN}"
        pieces.append(piece)
    shown = urlunsplit((parts.scheme, netloc, parts.path, "&".join(pieces), parts.fragment))
    return (shown if secrets else url), secrets


def without_secrets(text: str, url: str) -> str:
    """``text`` with the secrets of ``url`` hidden (``s3://key:***@bucket/prefix``,
    ``...?secret_key=***``): errors name the URL and must be safe to share."""
    shown, secrets = _shown_url(url)
    text = text.replace(url, shown)
    for secret in sorted(set(secrets), key=len, reverse=True):
        if len(secret) >= MIN_SECRET_CHARS:
            text = text.replace(secret, _HIDDEN)
    return text


@dataclass(frozen=True, slots=True)
class StagingArea:
    """Where one list's partitions wait: ``<url>/<list>/<partition name>``."""

    url: str
    list_name: str

    def _error(self, what: str) -> StoreError:
        """An error that names the URL, its secrets hidden."""
        return StoreError(without_secrets(f"{self.url}: {what}", self.url))

    def _located(self) -> tuple[pafs.FileSystem, str]:
        try:
            filesystem, base = pafs.FileSystem.from_uri(self.url)
        except (pa.ArrowInvalid, OSError) as exc:
            raise self._error(f"not a URL of a file system to stage in ({exc})") from None
        return filesystem, f"{base.rstrip('/')}/{self.list_name}"

    def check(self) -> None:
        """Fail early, with the URL named, when it is not one Arrow can reach from here."""
        filesystem, folder = self._located()
        try:
            filesystem.create_dir(folder, recursive=True)
        except OSError as exc:
            raise self._error(f"cannot write there ({exc})") from None

    def put(self, name: str, table: pa.Table) -> None:
        """Worker: write one partition to the staging area."""
        filesystem, folder = self._located()
        target = f"{folder}/{name}"
        try:
            filesystem.create_dir(folder, recursive=True)
            pq.write_table(table, target, filesystem=filesystem, compression="zstd")
        except OSError as exc:
            raise self._error(f"cannot stage partition {name} ({exc})") from None

    def take(self, name: str) -> bytes:
        """Client: the staged partition's bytes, removed from the staging area once read."""
        filesystem, folder = self._located()
        source = f"{folder}/{name}"
        try:
            with filesystem.open_input_stream(source) as stream:
                content = bytes(stream.read())
        except OSError as exc:
            raise self._error(f"cannot read staged partition {name} ({exc})") from None
        if not (content.startswith(b"PAR1") and content.endswith(b"PAR1")):
            raise self._error(f"staged partition {name} is not a whole Parquet file")
        # A copy left behind (the object store refusing deletes) costs space, not correctness:
        # the next ingest of that source overwrites it.
        with contextlib.suppress(OSError):
            filesystem.delete_file(source)
        return content
