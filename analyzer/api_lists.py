"""The lists of a data directory: which there are (``stored_lists``), and removing, renaming or
taking one source out of one (``delete_list``, ``rename_list``, ``drop_source``).

A copy of a list's folder made by hand keeps the old name in every stored message and in its
manifest, and a source ingested by mistake could only go with the whole store: these do it
under the store's lock, so that no ingest writes meanwhile, and each either happens whole or
leaves the list as it was.
"""

from __future__ import annotations

import contextlib
import dataclasses
import difflib
import os
import shutil
import tempfile
from dataclasses import dataclass
from pathlib import Path

import pandas as pd
import pyarrow as pa
import pyarrow.parquet as pq

from analyzer.api_store import PathLike, ZoneChange, zone_change
from analyzer.config import DEFAULT_DATA_DIR, ListConfig, config_path, load_list_config
from analyzer.errors import AnalyzerError, StoreError
from analyzer.store import (
    MEND_PARTITION,
    MessageStore,
    SourceRecord,
    count_duplicates_across,
    list_dir,
    no_such_list_hint,
    read_partition_file,
    store_order,
    stored_list_names,
)
from analyzer.stored_analysis import _cache_key

__all__ = [
    "DeletedList",
    "DroppedSource",
    "ListSummary",
    "RenamedList",
    "delete_list",
    "drop_source",
    "rename_list",
    "source_table",
    "stored_lists",
]

_PENDING_PREFIX = ".pending-"
"""Of the folders a rename builds or a delete empties: hidden, never taken for a list."""


@dataclass(frozen=True, slots=True)
class ListSummary:
    """One stored list, as the manifest and the partitions' Parquet metadata tell it (no
    message is read)."""

    name: str
    path: Path
    messages: int
    """Unique stored messages (the sources' ``stored`` add up to them)."""
    sources: int
    first: pd.Timestamp | None
    last: pd.Timestamp | None
    last_ingested: pd.Timestamp | None
    analysis_current: bool | None
    """Whether the kept analysis matches the store, configuration and code; None when the
    configuration cannot be read."""
    problem: str | None = None
    """Why the store cannot be read (a damaged manifest, a partition gone): its counts are
    then 0, and the other lists are listed all the same."""
    stored_as: str | None = None
    """The list name its manifest gives, when it is not the folder's: a folder copied by hand
    (``cp -r jt jt2``), whose messages all say ``list = jt``."""
    zone_change: ZoneChange | None = None
    """Sources parsed with another ``time_zone`` than the configuration now gives: the
    analysis is then not up to date (``analysis_current`` is False) until an ingest parses
    them again."""


def stored_lists(data_dir: PathLike = DEFAULT_DATA_DIR) -> list[ListSummary]:
    """Every list stored in ``data_dir``, by name: its counts from the manifest, its dates from
    the partitions' Parquet statistics, whether its analysis is up to date."""
    folder = Path(data_dir)
    summaries = []
    for name in stored_list_names(folder):
        try:
            summaries.append(_summary(folder, name))
        except StoreError as exc:
            path = folder / name
            summaries.append(ListSummary(name, path, 0, 0, None, None, None, None, str(exc)))
    return summaries


def _summary(data_dir: Path, name: str) -> ListSummary:
    store = MessageStore(data_dir, name)
    records = store.read_manifest()
    if any(rec.duplicates_across is None for rec in records.values()):
        # counted before ingests kept the count: the Message-IDs alone are read
        count_duplicates_across(records, store.partition_ids(records))
    dates = [_date_bounds(store.partitions_dir / rec.partition) for rec in records.values()]
    firsts = [first for first, _ in dates if first is not None]
    lasts = [last for _, last in dates if last is not None]
    ingested = [rec.ingested_at for rec in records.values() if rec.ingested_at]
    changed = None
    try:
        config = load_list_config(name, data_dir)
        changed = zone_change(store, config)
        current: bool | None = changed is None and analysis_is_current(store, config)
    except AnalyzerError:
        current = None
    return ListSummary(
        name=name,
        stored_as=store.stored_as(),
        path=store.root.parent,
        messages=sum(rec.stored for rec in records.values()),
        sources=len(records),
        first=min(firsts) if firsts else None,
        last=max(lasts) if lasts else None,
        last_ingested=pd.Timestamp(max(ingested)) if ingested else None,
        analysis_current=current,
        zone_change=changed,
    )


def _date_bounds(partition: Path) -> tuple[pd.Timestamp | None, pd.Timestamp | None]:
    """The earliest and latest ``date`` of a partition, from its row groups' statistics (the
    column itself is read only when a row group has none)."""
    try:
        metadata = pq.ParquetFile(partition).metadata
    except (OSError, pa.ArrowInvalid) as exc:
        raise StoreError(
            f"{partition}: partition cannot be read ({exc}); {MEND_PARTITION}"
        ) from None
    lows, highs = [], []
    for group in range(metadata.num_row_groups):
        row_group = metadata.row_group(group)
        column = next(
            (
                row_group.column(i)
                for i in range(row_group.num_columns)
                if row_group.column(i).path_in_schema == "date"
            ),
            None,
        )
        statistics = None if column is None else column.statistics
        if statistics is None or not statistics.has_min_max:
            if row_group.num_rows and (
                statistics is None or statistics.null_count != row_group.num_rows
            ):
                dates = read_partition_file(partition, ["date"]).column(0).to_pandas().dropna()
                return (dates.min(), dates.max()) if len(dates) else (None, None)
            continue
        lows.append(pd.Timestamp(statistics.min))
        highs.append(pd.Timestamp(statistics.max))
    return (min(lows), max(highs)) if lows else (None, None)


def analysis_is_current(store: MessageStore, config: ListConfig) -> bool:
    """Whether the kept analysis is that of the store, configuration and code as they are (the
    next command that reads the list then starts at once): its key compared, nothing read.

    (Here rather than in ``stored_analysis``, whose code is part of that key: a change there
    makes every list's analysis be made again.)
    """
    key_file = store.root.parent / "analysis" / "key"
    try:
        return key_file.read_text().strip() == _cache_key(store, config)
    except OSError:
        return False


def invalidate_analysis(store: MessageStore) -> None:
    """Make the kept analysis out of date, so that the next command that reads the list
    analyses it again."""
    (store.root.parent / "analysis" / "key").unlink(missing_ok=True)


def _stored_store(name: str, data_dir: Path) -> MessageStore:
    """The store of a stored list; a name that is none is an error naming those there are."""
    store = MessageStore(data_dir, name)  # (an unsafe name is an error here)
    if not store.exists():
        raise StoreError(
            f"no list {name!r} stored in {data_dir}{no_such_list_hint(name, data_dir)}"
        )
    return store


def source_table(list_name: str, data_dir: PathLike = DEFAULT_DATA_DIR) -> pd.DataFrame:
    """The list's sources in the store's order: ``path`` (as ``drop_source`` takes it),
    ``messages`` (those it adds to the store), ``first`` and ``last`` (days of its earliest and
    latest message, from its partition's statistics: no message is read)."""
    store = _stored_store(list_name, Path(data_dir))
    records = store.read_manifest()
    if any(rec.duplicates_across is None for rec in records.values()):
        count_duplicates_across(records, store.partition_ids(records))
    rows = []
    for key in store_order(records):
        record = records[key]
        first, last = _date_bounds(store.partitions_dir / record.partition)
        rows.append(
            {
                "path": record.path,
                "messages": record.stored,
                "first": "" if first is None else first.strftime("%Y-%m-%d"),
                "last": "" if last is None else last.strftime("%Y-%m-%d"),
            }
        )
    return pd.DataFrame(rows, columns=["path", "messages", "first", "last"])


@dataclass(frozen=True, slots=True)
class DeletedList:
    """What ``delete_list`` removed, and the configuration it kept (None when there is none
    in the data directory)."""

    name: str
    path: Path
    configuration_kept: Path | None


def _own_configuration(name: str, data_dir: Path) -> Path | None:
    """The list's configuration when it is in the data directory (one found in ``./archives``
    or the project's own folder is shared by every data directory: no concern of a list's)."""
    path = config_path(name, data_dir)
    return path if path.is_file() and path.parent.resolve() == data_dir.resolve() else None


def delete_list(name: str, data_dir: PathLike = DEFAULT_DATA_DIR) -> DeletedList:
    """Remove the list's folder (store, analysis, downloads, exports); its ``<list>.toml`` is
    kept. The folder is first moved aside under a hidden name, in one step: an interruption
    leaves the list whole or gone, never half a store."""
    folder = Path(data_dir)
    store = _stored_store(name, folder)
    root = store.root.parent
    with store.writing():
        aside = Path(tempfile.mkdtemp(dir=folder, prefix=f"{_PENDING_PREFIX}{name}-"))
        try:
            os.replace(root, aside)  # onto the empty folder just made: atomic
        except OSError as exc:
            aside.rmdir()
            raise StoreError(f"{root}: cannot be removed ({exc.strerror or exc})") from None
    shutil.rmtree(aside, ignore_errors=True)
    return DeletedList(name, root, _own_configuration(name, folder))


@dataclass(frozen=True, slots=True)
class RenamedList:
    """What ``rename_list`` did: the list's new folder, and its configuration, which stays
    under the old name (None when there is none in the data directory)."""

    old: str
    new: str
    path: Path
    messages: int
    configuration_kept: Path | None


def rename_list(old: str, new: str, data_dir: PathLike = DEFAULT_DATA_DIR) -> RenamedList:
    """Rename a list: its folder, the ``list`` of every stored message, the manifest (its name
    and the paths of the sources downloaded into the list's folder). The analysis is not
    carried over: it is made again by the next command that reads the list (the new name may
    have another configuration).

    The renamed list is built beside the old one (partitions rewritten, its other files
    hard-linked, or copied where links cannot be made), then moved to its name in one step, and
    only then is the old one removed: an interruption leaves the old list, or the new one (and
    at worst the old one still beside it), never a mix.
    """
    folder = Path(data_dir)
    list_dir(folder, new)  # an unsafe name is an error before anything is done
    store = _stored_store(old, folder)
    old_root = store.root.parent
    new_root = folder / new
    if new == old or new_root.exists() or os.path.lexists(new_root):
        raise StoreError(f"{new_root} already exists: choose another name, or delete it first")
    with store.writing():
        records = store.read_manifest()
        messages = _unique_messages(store, records)
        building = Path(tempfile.mkdtemp(dir=old_root, prefix=_PENDING_PREFIX))
        try:
            building.chmod(old_root.stat().st_mode)  # (mkdtemp makes it private)
            _copy_other_files(old_root, building, skip={store.root.name, "analysis", building.name})
            renamed = MessageStore(old_root, building.name)  # its store, where it is built
            renamed.list_name = new  # (as its manifest names it)
            renamed.partitions_dir.mkdir(parents=True)
            for record in records.values():
                _rewrite_partition(store, renamed, record.partition, new)
            moved = {
                _moved(key, old_root, new_root): _moved_record(record, old_root, new_root)
                for key, record in records.items()
            }
            renamed.dropped = {
                _moved(key, old_root, new_root): _moved(path, old_root, new_root)
                for key, path in store.dropped.items()
            }
            renamed.write_manifest(moved)
            if new_root.exists() or os.path.lexists(new_root):
                raise StoreError(f"{new_root} appeared meanwhile; nothing was renamed")
            os.rename(building, new_root)  # the step that renames
        except BaseException:
            shutil.rmtree(building, ignore_errors=True)
            raise
        aside = Path(tempfile.mkdtemp(dir=folder, prefix=f"{_PENDING_PREFIX}{old}-"))
        try:
            os.replace(old_root, aside)
        except OSError as exc:
            aside.rmdir()
            raise StoreError(
                f"list {old!r} was renamed {new!r}, but its old folder {old_root} cannot be "
                f"removed ({exc.strerror or exc}): remove it by hand"
            ) from None
    shutil.rmtree(aside, ignore_errors=True)
    return RenamedList(old, new, new_root, messages, _own_configuration(old, folder))


def _copy_other_files(source: Path, target: Path, skip: set[str]) -> None:
    """The list folder's other files (downloads, exports, reports) into ``target``, each
    hard-linked when it can be (no bytes copied), copied otherwise."""

    def link_or_copy(src: str, dst: str) -> None:
        try:
            os.link(src, dst)
        except OSError:
            shutil.copy2(src, dst)

    for entry in source.iterdir():
        if entry.name in skip or entry.name.startswith(_PENDING_PREFIX):
            continue
        if entry.is_dir() and not entry.is_symlink():
            shutil.copytree(entry, target / entry.name, symlinks=True, copy_function=link_or_copy)
        elif entry.is_symlink():
            os.symlink(os.readlink(entry), target / entry.name)
        else:
            link_or_copy(str(entry), str(target / entry.name))


def _rewrite_partition(store: MessageStore, renamed: MessageStore, name: str, new: str) -> None:
    """A partition with every message's ``list`` set to the new name (read as today's
    schema: a partition of an older store comes out complete)."""
    table = read_partition_file(store.partitions_dir / name)
    index = table.schema.get_field_index("list")
    column = pa.array([new] * table.num_rows, table.schema.field(index).type)
    renamed.write_partition(name, table.set_column(index, table.schema.field(index), column))


def _moved(path: str, old_root: Path, new_root: Path) -> str:
    """``path`` with the old list folder replaced by the new one when it is inside it (a
    downloaded source), as it was written (relative or absolute); else as it is."""
    for old, new in ((old_root, new_root), (old_root.resolve(), new_root.resolve())):
        with contextlib.suppress(ValueError):
            return str(new / Path(path).relative_to(old))
    return path


def _moved_record(record: SourceRecord, old_root: Path, new_root: Path) -> SourceRecord:
    record.path = _moved(record.path, old_root, new_root)
    return record


@dataclass(frozen=True, slots=True)
class DroppedSource:
    """The source ``drop_source`` took out, and the list's unique messages before and after
    (a message that another source holds too stays)."""

    list_name: str
    source: SourceRecord
    messages_before: int
    messages_after: int


def drop_source(
    list_name: str, source: str, data_dir: PathLike = DEFAULT_DATA_DIR
) -> DroppedSource:
    """Take one source out of the list's store: its manifest entry and its partition. Its
    messages go, except those another source holds too, which are read from that one now
    (copies are kept in every source's partition and only the first is read). The analysis is
    made again by the next command that reads the list.

    ``source`` is the path ``info --sources`` shows, or its resolved path, or its file name when
    only one source has it. The list's only source cannot be dropped: delete the list instead.
    The manifest remembers it: an ingest of a folder or glob that holds it passes over it
    (``IngestReport.dropped``), and naming it as a source ingests it again.
    """
    folder = Path(data_dir)
    store = _stored_store(list_name, folder)
    with store.writing():
        records = store.read_manifest()
        key = _source_key(records, source, list_name)
        if len(records) == 1:
            raise StoreError(
                f"{source} is the only source of list {list_name!r}: delete the list instead "
                f"(analyzer delete --list {list_name})"
            )
        before = _unique_messages(store, records)
        dropped = records.pop(key)
        store.dropped[key] = dropped.path  # an ingest of its folder passes over it
        count_duplicates_across(records, store.partition_ids(records))
        invalidate_analysis(store)
        store.write_manifest(records)  # the step that drops it
        (store.partitions_dir / dropped.partition).unlink(missing_ok=True)
    return DroppedSource(list_name, dropped, before, sum(rec.stored for rec in records.values()))


def _unique_messages(store: MessageStore, records: dict[str, SourceRecord]) -> int:
    if any(rec.duplicates_across is None for rec in records.values()):
        counted = {key: dataclasses.replace(rec) for key, rec in records.items()}
        count_duplicates_across(counted, store.partition_ids(counted))
        return sum(rec.stored for rec in counted.values())
    return sum(rec.stored for rec in records.values())


def _source_key(records: dict[str, SourceRecord], source: str, list_name: str) -> str:
    """The manifest key of the source named: by its path as stored, its resolved path, or its
    file name when it is one source's alone; else an error naming the sources there are."""
    for key, record in records.items():
        if source in (key, record.path):
            return key
    with contextlib.suppress(OSError):
        resolved = str(Path(source).resolve())
        if resolved in records:
            return resolved
    by_name = [key for key, rec in records.items() if Path(rec.path).name == source]
    if len(by_name) == 1:
        return by_name[0]
    paths = sorted(rec.path for rec in records.values())
    if len(by_name) > 1:
        raise StoreError(
            f"{source!r} names {len(by_name)} sources of list {list_name!r}: give its path "
            f"({', '.join(sorted(records[k].path for k in by_name))})"
        )
    close = difflib.get_close_matches(source, paths, n=1, cutoff=0.5) or difflib.get_close_matches(
        source, [Path(p).name for p in paths], n=1, cutoff=0.5
    )
    hint = f"did you mean {close[0]!r}? " if close else ""
    shown = ", ".join(paths[:10]) + (f" and {len(paths) - 10} more" if len(paths) > 10 else "")
    raise StoreError(
        f"list {list_name!r} has no source {source!r} ({hint}its sources, as `analyzer info "
        f"--sources` shows them: {shown})"
    )
