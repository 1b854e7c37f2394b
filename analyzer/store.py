"""The message store of one list: Parquet partitions, one per source file, and a manifest.

Layout under ``<data_dir>/<list>/store/``::

    manifest.json               what was ingested: per source its size, mtime, SHA-1, counts, the
                                parse options and the partition that holds its messages
    partitions/<name>.parquet   the parsed messages of one source, unique by Message-ID
    .lock                       held while an ingest writes

The manifest is the only truth about which partitions are live. A partition is written under a
new name first and the manifest replaced atomically after it, so an interrupted ingest leaves the
previous store readable and the next run picks up where it stopped; orphans are swept later.
"""

from __future__ import annotations

import contextlib
import difflib
import fcntl
import itertools
import json
import os
import re
import tempfile
from collections.abc import Callable, Collection, Iterator, Mapping
from concurrent.futures import ThreadPoolExecutor
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Final

import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.parquet as pq

from analyzer.errors import StoreError
from analyzer.schema import STORED_MESSAGE_COLUMNS, STORED_MESSAGE_SCHEMA

MANIFEST_VERSION = 1
_PARQUET_MAGIC: Final = b"PAR1"
_UNSAFE = re.compile(r"[^A-Za-z0-9._-]+")


_RETIRED_FIELDS = frozenset({"period_folders"})
"""Fields of SourceRecord that manifests written by earlier versions may hold: read past."""


@dataclass(slots=True)
class SourceRecord:
    """What the manifest remembers of one ingested source."""

    path: str
    size: int
    mtime_ns: int
    sha1: str
    partition: str
    reader: str
    separators: int
    stored: int
    """Messages this source adds to the store: its partition's rows less ``duplicates_across``
    (while that is None, its partition's rows)."""
    duplicates: int
    """Copies dropped because the same Message-ID was already in this source."""
    rejected: int
    duplicates_across: int | None = None
    """Rows of its partition whose Message-ID a source before it (in the store's order) holds:
    kept there, but read from that source. None until an ingest counts them (a manifest written
    before this count, or an ingest stopped before it); found = stored + duplicates +
    duplicates_across + rejected either way."""
    rejected_reasons: list[str] = field(default_factory=list)
    false_separators: int = 0
    messages_with_defects: int = 0
    """Messages with damage among their ``defects`` (``analyzer.defects``); a copy of a
    message another source holds too is counted in each source."""
    messages_repaired: int = 0
    """Messages whose defects are all notes of a repair that worked (the list's address in
    From replaced by Reply-To): not counted in ``messages_with_defects``. 0 in manifests
    written before it was counted, which count them there."""
    source_defects: list[str] = field(default_factory=list)
    passed_over: list[str] = field(default_factory=list)
    """Members of a tar archive that are not mail archives, left out (said at each ingest, as
    the files of a folder are)."""
    lists: dict[str, list[str]] = field(default_factory=dict)
    """The names of the list its messages say they are of (List-Id, subject tag), per unit of
    the source (the source; in a tar archive, each folder of its members): with those of the
    other sources, they tell an ingest of several lists as one (``analyzer.source_lists``).
    Empty when its messages say none, and in manifests written before it was recorded."""
    ingested_at: str = ""
    first_ingested: str = ""
    """When the source was first stored (ISO time, one per ingest run), kept when it is parsed
    again: the store's order (``store_order``) puts sources by it, so a copy added later never
    replaces the one read before. Empty in manifests written before it was recorded."""
    parse_options: dict[str, str] = field(default_factory=dict)
    """What the source was parsed with (``ParseOptions.recorded``: the list's ``charset`` and
    ``time_zone`` when set, and the parser's version): a source is parsed again when it changes.
    A manifest written before it was recorded has none here, so its sources are parsed again."""

    @property
    def rows(self) -> int:
        """The rows of its partition: one per Message-ID of the source."""
        return self.stored + (self.duplicates_across or 0)


def list_dir(data_dir: Path, list_name: str) -> Path:
    if not list_name or _UNSAFE.sub("", list_name) != list_name or list_name in {".", ".."}:
        raise StoreError(
            f"invalid list name {list_name!r}: use letters, digits, '.', '_' and '-' only"
        )
    return data_dir / list_name


def integers_stay_integers(frame: pd.DataFrame) -> pd.DataFrame:
    """``archive_thread_order`` is an integer that most archives lack: nullable ``Int64``, not
    the floats that Arrow gives pandas for an integer column with nulls (exported as ``3.0``)."""
    order = frame.get("archive_thread_order")
    if order is not None and order.dtype != "Int64":
        frame["archive_thread_order"] = pd.to_numeric(order).round().astype("Int64")
    return frame


def stored_list_names(data_dir: Path) -> list[str]:
    """The folders of ``data_dir`` that hold a list's store, by name."""
    if not data_dir.is_dir():
        return []
    names = []
    for entry in sorted(data_dir.iterdir()):
        if entry.name.startswith(".") or not entry.is_dir():
            continue
        with contextlib.suppress(StoreError):
            if MessageStore(data_dir, entry.name).exists():
                names.append(entry.name)
    return names


def copied_list_warning(list_name: str, folder: Path, stored_as: str) -> str:
    """The one line that says a list's folder is a copy of another list's (``stored_as``, the
    name its messages carry) and how to give them the folder's name."""
    return (
        f"list {list_name!r} was stored as {stored_as!r}: its folder {folder} is a copy of "
        f"list {stored_as!r}'s (made by hand?), and its messages say list = {stored_as!r}; "
        f"`analyzer rename --list {list_name} NEW` gives them a name of their own"
    )


def no_such_list_hint(name: str, data_dir: Path) -> str:
    """What follows "no list NAME stored in DIR": the nearest stored name, if one is near, and
    the lists there are."""
    there = stored_list_names(data_dir)
    close = difflib.get_close_matches(name, there, n=1)
    hint = f" (did you mean {close[0]!r}?)" if close else ""
    shown = ", ".join(there[:20]) + (f" and {len(there) - 20} more" if len(there) > 20 else "")
    return f"{hint}; the lists there: {shown or 'none'}"


class MessageStore:
    """Read and write the store of one list."""

    def __init__(self, data_dir: Path, list_name: str) -> None:
        self.list_name = list_name
        self.root = list_dir(data_dir, list_name) / "store"
        self.partitions_dir = self.root / "partitions"
        self.manifest_path = self.root / "manifest.json"
        self.dropped: dict[str, str] = {}
        """Sources taken out with ``drop-source`` (manifest key: path as given), which an ingest
        of a folder or glob that holds them passes over; ``read_manifest`` reads them and
        ``write_manifest`` writes them."""

    # -- manifest ---------------------------------------------------------------------------

    def exists(self) -> bool:
        return self.manifest_path.is_file()

    def stored_as(self) -> str | None:
        """The list name the store's manifest was written with, when it is not the folder's: a
        folder copied by hand (``cp -r jt jt2``), whose messages all say ``list = jt``. Kept by
        every later write of the manifest (an ingest into the copy stores its new messages as
        jt2, the others still say jt), so that it is said until a rename gives them one name."""
        try:
            named = json.loads(self.manifest_path.read_text("utf-8")).get("list")
        except (OSError, ValueError, AttributeError):
            return None
        return named if isinstance(named, str) and named != self.list_name else None

    def read_manifest(self) -> dict[str, SourceRecord]:
        if not self.manifest_path.is_file():
            return {}
        try:
            content = json.loads(self.manifest_path.read_text("utf-8"))
            if content.get("version") != MANIFEST_VERSION:
                raise StoreError(
                    f"{self.manifest_path}: manifest version {content.get('version')!r} is not "
                    f"{MANIFEST_VERSION}; re-ingest into a new data directory"
                )
            records = {
                key: SourceRecord(**{k: v for k, v in rec.items() if k not in _RETIRED_FIELDS})
                for key, rec in content["sources"].items()
            }
            self.dropped = dict(content.get("dropped", {}))
            return records
        except (json.JSONDecodeError, KeyError, TypeError) as exc:
            raise StoreError(f"{self.manifest_path}: manifest is damaged ({exc})") from None

    def write_manifest(self, records: dict[str, SourceRecord]) -> None:
        content = {
            "version": MANIFEST_VERSION,
            "list": self.stored_as() or self.list_name,
            "sources": {key: asdict(rec) for key, rec in sorted(records.items())},
        }
        if self.dropped:
            content["dropped"] = dict(sorted(self.dropped.items()))
        _atomic_write_bytes(
            self.manifest_path, json.dumps(content, indent=1, ensure_ascii=False).encode("utf-8")
        )

    # -- locking ----------------------------------------------------------------------------

    @contextlib.contextmanager
    def writing(self) -> Iterator[None]:
        """Hold the list's write lock; a second ingest of the same list stops with a clear error."""
        try:
            self.partitions_dir.mkdir(parents=True, exist_ok=True)
        except OSError as exc:
            raise StoreError(f"{self.root}: cannot create the store ({exc.strerror})") from None
        lock_path = self.root / ".lock"
        try:
            handle = open(lock_path, "a+")  # noqa: SIM115 - held open for the lock's lifetime
        except OSError as exc:
            raise StoreError(f"{lock_path}: cannot open the lock ({exc.strerror})") from None
        try:
            try:
                fcntl.flock(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
            except BlockingIOError:
                handle.seek(0)
                holder = handle.read().strip() or "unknown"
                raise StoreError(
                    f"another ingest of list {self.list_name!r} is running (pid {holder}); "
                    "wait for it to finish"
                ) from None
            handle.seek(0)
            handle.truncate()
            handle.write(str(os.getpid()))
            handle.flush()
            yield
        finally:
            handle.close()

    def discard_if_unused(self) -> None:
        """Remove the empty folders and the lock that ``writing`` made for a store that nothing
        was stored into (every source failed): no list should seem to exist that does not."""
        if self.exists():
            return
        with contextlib.suppress(OSError):  # anything left in them: they stay
            (self.root / ".lock").unlink(missing_ok=True)
            self.partitions_dir.rmdir()
            self.root.rmdir()
            self.root.parent.rmdir()

    # -- partitions -------------------------------------------------------------------------

    def partition_name(self, source_key: str, sha1: str) -> str:
        stem = _UNSAFE.sub("_", Path(source_key).name)[:80]
        return f"{stem}-{sha1[:12]}.parquet"

    def write_partition(self, name: str, table: pa.Table) -> None:
        """Write a partition file atomically (temporary file, fsync, rename)."""
        self._write_partition_with(name, lambda tmp: pq.write_table(table, tmp, compression="zstd"))

    def write_partition_bytes(self, name: str, content: bytes) -> None:
        """Write a partition file that was written elsewhere (a staged one), atomically."""

        def write(tmp: str) -> None:
            with open(tmp, "wb") as fh:
                fh.write(content)

        self._write_partition_with(name, write)

    def _write_partition_with(self, name: str, write: Callable[[str], object]) -> None:
        target = self.partitions_dir / name
        fd, tmp = tempfile.mkstemp(dir=self.partitions_dir, prefix=".tmp-", suffix=".parquet")
        os.close(fd)
        try:
            write(tmp)
            with open(tmp, "rb") as fh:
                os.fsync(fh.fileno())
            os.replace(tmp, target)
        except OSError as exc:
            with contextlib.suppress(OSError):
                os.unlink(tmp)
            raise StoreError(f"{target}: cannot write partition ({exc.strerror or exc})") from None

    def sweep(self, records: dict[str, SourceRecord]) -> int:
        """Delete partitions and temporary files that no manifest entry points to."""
        live = {rec.partition for rec in records.values()}
        removed = 0
        if not self.partitions_dir.is_dir():
            return 0
        for file in self.partitions_dir.iterdir():
            if file.name not in live:
                with contextlib.suppress(OSError):
                    file.unlink()
                    removed += 1
        return removed

    def read_partition_ids(self, name: str) -> pa.Array:
        return read_partition_file(self.partitions_dir / name, ["message_id"]).column(0)

    def partition_whole(self, name: str) -> bool:
        """Whether a partition's file is there and whole (Parquet's ``PAR1`` at both ends): one
        deleted or cut short is parsed again by the next ingest of its source, not passed over
        as unchanged (which left every command failing on it). The ends alone: a file's footer
        read for each of hundreds of sources would cost an unchanged ingest several times its
        0.05 s."""
        try:
            with open(self.partitions_dir / name, "rb") as fh:
                head = fh.read(4)
                fh.seek(0, os.SEEK_END)
                if fh.tell() < 12:  # both magics and a footer length
                    return False
                fh.seek(-4, os.SEEK_END)
                return head == _PARQUET_MAGIC and fh.read(4) == _PARQUET_MAGIC
        except OSError:
            return False

    def partition_ids(
        self, records: dict[str, SourceRecord], *, may_fail: Collection[str] = ()
    ) -> dict[str, pa.ChunkedArray]:
        """The Message-IDs of each record's partition (those whose file is there, whole).

        Those of the keys in ``may_fail`` that cannot be read are left out (an ingest is about
        to parse their sources again: the mend of a partition damaged inside)."""
        keys = [k for k in records if self.partition_whole(records[k].partition)]

        def read(key: str) -> pa.Array | None:
            try:
                return self.read_partition_ids(records[key].partition)
            except StoreError:
                if key in may_fail:
                    return None
                raise

        with ThreadPoolExecutor(max_workers=_READ_THREADS) as pool:
            found = dict(zip(keys, pool.map(read, keys), strict=True))
        return {key: ids for key, ids in found.items() if ids is not None}

    def partition_paths(self) -> list[Path]:
        """The live partitions in the store's order (``store_order``, which every reader of the
        store uses)."""
        records = self.read_manifest()
        return [self.partitions_dir / records[key].partition for key in store_order(records)]

    def read_partition(self, path: Path, columns: list[str] | None = None) -> pa.Table:
        return read_partition_file(path, columns)

    def read_table(self, columns: list[str] | None = None) -> pa.Table:
        """All live partitions in source order (duplicates across sources still present)."""
        tables = [self.read_partition(path, columns) for path in self.partition_paths()]
        return pa.concat_tables(tables) if tables else _empty_table(columns)

    def read_messages(self) -> pd.DataFrame:
        """The stored messages, one row per Message-ID (the copy from the first source kept)."""
        return integers_stay_integers(read_in_one_chunk(self.read_first_copies).to_pandas())

    def read_first_copies(self, columns: list[str] | None = None) -> pa.Table:
        """The stored rows whose Message-ID no earlier row holds, in source order; each has the
        index of its partition (in ``partition_paths``) and its row there, when asked for with
        the column names ``PARTITION_COLUMN`` and ``ROW_COLUMN``.

        Done in Arrow, partition by partition: a million IDs need no Python string each, and
        only partitions that hold a copy are rewritten.
        """
        paths = self.partition_paths()
        wanted = [c for c in columns or STORED_MESSAGE_COLUMNS if c in STORED_MESSAGE_COLUMNS]
        located = columns is not None and PARTITION_COLUMN in columns

        def ids(path: Path) -> pa.Table:
            return read_partition_file(path, ["message_id"], use_threads=False)

        def first_rows(index: int, path: Path, rows: np.ndarray) -> pa.Table:
            table = read_partition_file(path, wanted, use_threads=False)
            if located:
                n = table.num_rows
                table = table.append_column(
                    PARTITION_COLUMN, pa.array(np.full(n, index, dtype=np.int32))
                )
                table = table.append_column(ROW_COLUMN, pa.array(np.arange(n, dtype=np.int64)))
            return table if rows.all() else table.filter(pa.array(rows))

        # Files on a few threads (Arrow decodes without the GIL): a real archive is hundreds of
        # small partitions, whose reading one by one costs more than their decoding.
        with ThreadPoolExecutor(max_workers=_READ_THREADS) as pool:
            keep = first_copy_masks(list(pool.map(ids, paths)))
            tables = list(pool.map(first_rows, itertools.count(), paths, keep))
        # Arrow's allocator keeps what the reads freed; given back now, it does not pile up.
        pa.default_memory_pool().release_unused()
        if tables:
            return pa.concat_tables(tables)
        empty = _empty_table(wanted)
        if located:
            empty = empty.append_column(PARTITION_COLUMN, pa.array([], pa.int32()))
            empty = empty.append_column(ROW_COLUMN, pa.array([], pa.int64()))
        return empty


def read_in_one_chunk(read: Callable[[], pa.Table]) -> pa.Table:
    """The table ``read()`` gives, each column in one piece, its strings as ``large_string``.

    A table read from many files (or row groups) has a piece per file in every column, and
    pandas filters such a column by joining its pieces first, every time: on a million messages,
    seconds for each selection of rows; in one piece, a fraction of a second. The columns are
    joined one at a time and the pieces of each freed once joined, so that the peak is the table
    and one column, not two tables (the freed memory serves the next column; it is handed back
    to the system once, at the end: each hand-back walks the whole heap, and one per column
    made reading a million messages take 172 s instead of 3 with the C library's malloc). (``large_string`` has 64-bit offsets:
    a column of text may pass 2 GB. It is what pandas holds strings in anyway.)
    """
    table = read()  # the only reference: a column's pieces go when it is dropped from it
    names = table.column_names
    joined: list[pa.ChunkedArray] = []
    for name in names:
        column = table.column(name)
        if column.type == pa.string():
            column = column.cast(pa.large_string())
        joined.append(pa.chunked_array([column.combine_chunks()], type=column.type))
        del column
        table = table.drop_columns([name])
    del table
    pa.default_memory_pool().release_unused()
    return pa.Table.from_arrays(joined, names=names)


MEND_PARTITION = (
    "`analyzer ingest --force` of its source (or of the whole list, with no source) parses it again"
)
"""What mends a list whose partition is damaged inside (an ingest without ``--force`` parses again
only a partition that is gone or cut short: it reads no partition of an unchanged source)."""


def read_partition_file(
    path: Path | str, columns: list[str] | None = None, *, use_threads: bool = True
) -> pa.Table:
    """One partition file (a worker that has no store object reads its bodies so).

    Read through ``ParquetFile``, which costs half of ``read_table``'s dataset machinery on the
    hundreds of small files of a real archive; a file whose schema is not today's (a store
    written before a column was added) goes through ``read_table``, which fills the gaps.
    """
    names = STORED_MESSAGE_SCHEMA.names if columns is None else columns
    try:
        with pq.ParquetFile(path) as parquet:
            found = parquet.schema_arrow
            if all(
                found.get_field_index(name) >= 0
                and STORED_MESSAGE_SCHEMA.get_field_index(name) >= 0
                and found.field(name).equals(STORED_MESSAGE_SCHEMA.field(name))
                for name in names
            ):
                return parquet.read(columns=list(names), use_threads=use_threads)
        return pq.read_table(
            path, columns=columns, schema=STORED_MESSAGE_SCHEMA, use_threads=use_threads
        )
    except (OSError, pa.ArrowInvalid) as exc:
        raise StoreError(f"{path}: partition cannot be read ({exc}); {MEND_PARTITION}") from None


_READ_THREADS = 4
"""Threads that read partition files at once (more than the cores: part of a read is waiting)."""

PARTITION_COLUMN = "_partition"
ROW_COLUMN = "_row"


def _empty_table(columns: list[str] | None) -> pa.Table:
    schema = STORED_MESSAGE_SCHEMA
    if columns is not None:
        schema = pa.schema([schema.field(c) for c in columns])
    return schema.empty_table()


def store_order(records: Mapping[str, SourceRecord]) -> list[str]:
    """The sources' keys in the order readers keep the first copy of a Message-ID in: sources
    stored first come first (an HTML copy of a month stored as text, ingested later, does not
    replace the text's copy, with its time zones), and within one ingest the paths' order."""
    return sorted(records, key=lambda key: (records[key].first_ingested, key))


def first_copy_masks(id_tables: list[pa.Table]) -> list[np.ndarray]:
    """Per table, which rows hold a Message-ID no earlier row (in this or an earlier table) has;
    rows without one count as copies of each other, as in ``pandas.DataFrame.drop_duplicates``.
    """
    if not id_tables:
        return []
    ids = [table.column("message_id").combine_chunks() for table in id_tables]
    codes = pa.concat_arrays(ids).dictionary_encode().indices.fill_null(-1).to_numpy()
    _, first = np.unique(codes, return_index=True)
    keep = np.zeros(len(codes), dtype=bool)
    keep[first] = True
    bounds = np.cumsum([0, *(table.num_rows for table in id_tables)])
    return [keep[start:stop] for start, stop in itertools.pairwise(bounds)]


def count_duplicates_across(
    records: dict[str, SourceRecord], ids: Mapping[str, pa.Array | pa.ChunkedArray]
) -> bool:
    """Set each record's ``duplicates_across`` and ``stored`` from the Message-IDs of the
    partitions (``ids``, by source key): a Message-ID is stored by the first source in the
    store's order that holds it, the order readers keep the first copy in, so that the sources'
    ``stored`` add up to the store's unique messages. Records without IDs are left as they are.

    Returns whether any record changed.
    """
    keys = [key for key in store_order(records) if key in ids]
    masks = first_copy_masks([pa.table({"message_id": ids[key]}) for key in keys])
    changed = False
    for key, keep in zip(keys, masks, strict=True):
        record = records[key]
        stored = int(keep.sum())
        across = len(keep) - stored
        if (record.duplicates_across, record.stored) != (across, stored):
            record.duplicates_across, record.stored = across, stored
            changed = True
    return changed


def _atomic_write_bytes(path: Path, content: bytes) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=".tmp-")
    try:
        with os.fdopen(fd, "wb") as fh:
            fh.write(content)
            fh.flush()
            os.fsync(fh.fileno())
        os.replace(tmp, path)
    except OSError as exc:
        with contextlib.suppress(OSError):
            os.unlink(tmp)
        raise StoreError(f"{path}: cannot write ({exc.strerror or exc})") from None
