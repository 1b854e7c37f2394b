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

import pyarrow as pa
import pyarrow.fs as pafs
import pyarrow.parquet as pq

from analyzer.errors import StoreError


@dataclass(frozen=True, slots=True)
class StagingArea:
    """Where one list's partitions wait: ``<url>/<list>/<partition name>``."""

    url: str
    list_name: str

    def _located(self) -> tuple[pafs.FileSystem, str]:
        try:
            filesystem, base = pafs.FileSystem.from_uri(self.url)
        except (pa.ArrowInvalid, OSError) as exc:
            raise StoreError(
                f"{self.url}: not a URL of a file system to stage in ({exc})"
            ) from None
        return filesystem, f"{base.rstrip('/')}/{self.list_name}"

    def check(self) -> None:
        """Fail early, with the URL named, when it is not one Arrow can reach from here."""
        filesystem, folder = self._located()
        try:
            filesystem.create_dir(folder, recursive=True)
        except OSError as exc:
            raise StoreError(f"{self.url}: cannot write there ({exc})") from None

    def put(self, name: str, table: pa.Table) -> None:
        """Worker: write one partition to the staging area."""
        filesystem, folder = self._located()
        target = f"{folder}/{name}"
        try:
            filesystem.create_dir(folder, recursive=True)
            pq.write_table(table, target, filesystem=filesystem, compression="zstd")
        except OSError as exc:
            raise StoreError(f"{self.url}: cannot stage partition {name} ({exc})") from None

    def take(self, name: str) -> bytes:
        """Client: the staged partition's bytes, removed from the staging area once read."""
        filesystem, folder = self._located()
        source = f"{folder}/{name}"
        try:
            with filesystem.open_input_stream(source) as stream:
                content = bytes(stream.read())
        except OSError as exc:
            raise StoreError(f"{self.url}: cannot read staged partition {name} ({exc})") from None
        if not (content.startswith(b"PAR1") and content.endswith(b"PAR1")):
            raise StoreError(f"{self.url}: staged partition {name} is not a whole Parquet file")
        # A copy left behind (the object store refusing deletes) costs space, not correctness:
        # the next ingest of that source overwrites it.
        with contextlib.suppress(OSError):
            filesystem.delete_file(source)
        return content
