"""Ingest: sources → readers → parse → store, incremental and safe to interrupt.

The per-source work (`parse_source`) is a pure function of a file that writes one partition, so
the same function runs in a local process pool and on a Dask cluster.
"""

from __future__ import annotations

import glob
import hashlib
import json
import os
import time
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from concurrent.futures import Future
from concurrent.futures.process import BrokenProcessPool
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import Any, Final
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

import pandas as pd
import pyarrow as pa

from analyzer.cluster import run_on_cluster
from analyzer.defects import damaged
from analyzer.errors import AnalyzerError, ConfigError, SourceError, StoreError
from analyzer.model import RawMessage
from analyzer.parse import SplitMessage, head_bounds, header_message_id, parse_head, parse_message
from analyzer.readers import SourceRead, discover_sources, period_start, read_source
from analyzer.readers.compression import DEFAULT_MAX_UNCOMPRESSED_BYTES, unreadable
from analyzer.readers.tar import TAR_READER
from analyzer.schema import STORED_MESSAGE_SCHEMA
from analyzer.source_lists import ListEvidence, ListsFound, several_lists, tar_unit
from analyzer.source_lists import describe as describe_lists
from analyzer.staging import StagingArea
from analyzer.store import (
    MessageStore,
    SourceRecord,
    copied_list_warning,
    count_duplicates_across,
    first_copy_masks,
)
from analyzer.workers import worker_pool


@dataclass(frozen=True, slots=True)
class ParseOptions:
    """What parsing needs to know about a list."""

    list_name: str
    list_charset: str | None = None
    """Charset to try after UTF-8 for bodies that declare none (Pipermail text archives)."""
    server_time_zone: str | None = None
    """IANA zone of the archive server: ``From_`` lines, and Date headers without a zone, carry
    its local time."""
    max_uncompressed_bytes: int = DEFAULT_MAX_UNCOMPRESSED_BYTES

    def recorded(self) -> dict[str, str]:
        """What decides what parsing stores, as the manifest keeps it: the options set (the
        defaults are left out) and the parser's version. A change to either makes every source be
        parsed again. (The size limit changes nothing stored: a source past it fails.)"""
        options = {"charset": self.list_charset, "time_zone": self.server_time_zone}
        kept = {name: value for name, value in options.items() if value}
        kept["parser"] = str(PARSER_VERSION)
        return kept


PARSER_VERSION: Final = 12
"""Raised whenever the parsing of the same file stores something different (a fix in reading
senders, dates or pages): every store is then parsed again at its next ingest, so that no store
keeps what an older parser made of its files. 2: senders from Reply-To against DMARC, From
without angle brackets, zone-less dates in the list's zone, Pipermail HTML twins, scrubbed
attachments listed. 3: no writer's offset from a Pipermail page (it shows the server's zone).
4: a From of bare addresses among words keeps the first. 5: the writer's offset only where the
date gives it (not for zone-less, unknown or broken zones). 6: a whole copy of a message kept
rather than a copy cut short; Pipermail's placeholder sender kept when no name comes with it.
7: In-Reply-To as old clients wrote it (MH's "Message from Ann <address> of date <id>") gives
the message, not the sender's address. 8: a legacy header-separated file's message that opens
with another header than the file's first is split off (IETF's mailbox_from: 14 messages, not 7);
MIME damage undone (a multipart without its declared boundary, "base64 " with a space, UTF-8
labelled Latin-1), attachment names decoded, an attached message read as a forwarded one, a
subject wrapped whole in quotes unwrapped, a Pipermail sender name holding parentheses of its
own kept as written ("Kevin High (khigh)", not "Kevin High khigh"), text/enriched read as text.
9: a tar archive read member by member (it was read as one mbox stream: a tar of two clearwater
months stored 48 of their 50 messages, one glued to a tar header). 10: a plain body that runs
into the raw HTML twin of its text (a multipart header lost) stops before it. 11: an HTML part
that is no alternative of a plain one is the message's text too (an HTML message to which the
list added its plain footer was stored as the footer alone); a multipart/alternative's empty
plain branch gives way to its HTML one. 12: a piece Pipermail split off a message (placeholder
sender, a Message-ID Mailman made) is dated when Mailman archived it, not by the rebuild's
placeholder Date."""


@dataclass(slots=True)
class SourceOutcome:
    """What happened to one source in one ingest."""

    path: str
    status: str
    """``ingested``, ``unchanged`` or ``failed``."""
    record: SourceRecord | None = None
    """Its counts; ``duplicates_across`` (copies of a Message-ID that a source before it holds)
    is counted once every source is in, so it is None in ``on_source_done``."""
    error: str | None = None
    new: int | None = None
    """Messages of an ingested source that the store did not hold before this ingest (nor an
    earlier source of it): a grown month's new messages, none for a second copy of a month
    stored before. Counted once every source is in, like ``duplicates_across``."""


@dataclass(slots=True)
class IngestReport:
    list_name: str
    outcomes: list[SourceOutcome] = field(default_factory=list)
    skipped: list[str] = field(default_factory=list)
    """Files found in the named folders, and members of the tar archives read or unchanged,
    that are not mail archives, left out."""
    lists: ListsFound = field(default_factory=lambda: ListsFound([]))
    """The lists the store's sources belong to after this ingest, as their messages say
    (List-Id, subject tag; ``analyzer.source_lists``), when they are several: the archives of
    as many lists, stored as one. Empty (false) when they are one, or say nothing."""
    lists_warning: str = ""
    """``lists`` said in words: each list with its sources, and what to do."""
    copied_warning: str = ""
    """When the list's folder is a copy of another list's (its messages carry that list's
    name, ``MessageStore.stored_as``): the line that says so and names the fix."""

    special: list[str] = field(default_factory=list)
    """Entries of the named folders (or matches of a glob) that are neither folders nor regular
    files (named pipes, sockets, devices): never opened (a named pipe waits for a writer)."""
    dropped: list[str] = field(default_factory=list)
    """Sources found in the folders or globs named that ``drop-source`` took out of the list:
    passed over (named as a source, one is ingested again)."""
    copies: list[str] = field(default_factory=list)
    """Copies of a Pipermail period that a folder named holds besides the one read
    (``2012-March.txt`` and the ``2012-March/`` pages beside ``2012-March.txt.gz``): not read,
    so neither stored nor counted as duplicates; ``copy_kinds`` counts them by kind."""

    @property
    def copy_kinds(self) -> dict[str, int]:
        """How many ``copies`` of each kind (``.txt.gz``, ``.txt``, ``HTML folder``) were
        passed over, in that order."""
        kinds = [copy_kind(path) for path in self.copies]
        return {kind: kinds.count(kind) for kind in _COPY_KINDS if kind in kinds}

    @property
    def failed(self) -> list[SourceOutcome]:
        return [
            o
            for o in self.outcomes
            if o.status == "failed" or (o.record and o.record.source_defects)
        ]

    def total(self, attribute: str) -> int:
        """The sum of a count over the sources (a count not made yet adds nothing)."""
        return sum(getattr(o.record, attribute) or 0 for o in self.outcomes if o.record is not None)


def _zone(name: str | None) -> ZoneInfo | None:
    if not name:
        return None
    try:
        return ZoneInfo(name)
    except (ZoneInfoNotFoundError, ValueError):
        raise ConfigError(
            f"unknown time zone {name!r} (use an IANA name such as America/New_York)"
        ) from None


def file_fingerprint(path: Path) -> tuple[int, int]:
    stat = path.stat()
    return stat.st_size, stat.st_mtime_ns


def content_sha1(path: Path) -> str:
    """SHA-1 of a file, or of a folder's files (names and contents) for HTML trees and maildirs."""
    digest = hashlib.sha1()
    if path.is_dir():
        for file in sorted(p for p in path.rglob("*") if p.is_file()):
            digest.update(str(file.relative_to(path)).encode())
            try:
                digest.update(file.read_bytes())
            except PermissionError:  # the reader rejects that message and says why
                digest.update(b"\0unreadable")
    else:
        with open(path, "rb") as fh:
            for chunk in iter(lambda: fh.read(1 << 20), b""):
                digest.update(chunk)
    return digest.hexdigest()


def _folder_fingerprint(path: Path) -> tuple[int, int]:
    size = 0
    mtime = 0
    for file in path.rglob("*"):
        if file.is_file():
            stat = file.stat()
            size += stat.st_size
            mtime = max(mtime, stat.st_mtime_ns)
    return size, mtime


def fingerprint(path: Path) -> tuple[int, int]:
    return _folder_fingerprint(path) if path.is_dir() else file_fingerprint(path)


def parse_source(path: Path, options: ParseOptions) -> tuple[pa.Table, SourceRecord]:
    """Read and parse one source; return its partition table (unique Message-IDs) and counts.

    Raises SourceError when the source cannot be read as an archive at all.
    """
    try:
        size, mtime_ns = fingerprint(path)
        sha1 = content_sha1(path)
    except OSError as exc:
        raise unreadable(path, exc) from None
    read = read_source(path, max_uncompressed_bytes=options.max_uncompressed_bytes)
    zone = _zone(options.server_time_zone)
    rows: list[dict[str, Any]] = []
    # Where each kept Message-ID's row is, and the message it was parsed from (data, body start).
    kept: dict[str, tuple[int, bytes, int]] = {}
    # Header blocks already read, with the Message-ID they give: a copy of a message (Pipermail
    # text archives hold most of them twice) is known for a duplicate without being parsed again.
    id_of_head: dict[bytes, str] = {}
    duplicates = 0
    rejected_reasons: list[str] = []
    evidence = ListEvidence()
    for raw in read.messages:
        if not raw.data or raw.data.isspace():  # blank (isspace copies nothing)
            reason = "; ".join(raw.defects) or "empty"
            rejected_reasons.append(f"message {raw.index}{_member_of(raw, read)}: {reason}")
            continue
        head_end, body_start = head_bounds(raw.data)
        head = raw.data[:head_end]
        headers: dict[str, str] | None = None
        message_id = id_of_head.get(head)
        if message_id is None:
            headers, head_defects = parse_head(head)
            message_id = header_message_id(headers)
            if message_id is not None:
                # Only an ID the headers give is a function of the header block alone.
                id_of_head[head] = message_id
        if message_id is not None and message_id in kept:
            duplicates += 1
            position, data, start = kept[message_id]
            if not _completes(raw.data, body_start, data, start):
                continue
            # The kept copy is this one cut short (Pipermail rebuilt from an mbox whose body
            # line began "From "): the whole copy replaces it.
        else:
            position = len(rows)
        if headers is None:
            headers, head_defects = parse_head(head)
        row = parse_message(
            raw,
            list_name=options.list_name,
            list_charset=options.list_charset,
            server_zone=zone,
            split=SplitMessage(headers, raw.data[body_start:], head_defects),
        )
        if position < len(rows):
            for place in _PLACE_IN_ARCHIVE:  # a page thread.html lists keeps its place
                if row[place] is None:
                    row[place] = rows[position][place]
            row["defects"] = [*row["defects"], CUT_SHORT_COPY_DEFECT]
            rows[position] = row
        elif row["message_id"] in kept:
            duplicates += 1
            continue
        else:
            rows.append(row)
            evidence.add(_unit(raw, read), head, row["subject"])
        kept[row["message_id"]] = (position, raw.data, body_start)
    with_defects = sum(1 for row in rows if damaged(row["defects"]))
    repaired = sum(1 for row in rows if row["defects"]) - with_defects
    table = _table(rows)
    record = SourceRecord(
        path=str(path),
        size=size,
        mtime_ns=mtime_ns,
        sha1=sha1,
        partition="",
        reader=read.reader,
        separators=read.separators,
        stored=len(rows),
        duplicates=duplicates,
        rejected=len(rejected_reasons),
        rejected_reasons=rejected_reasons,
        false_separators=read.false_separators,
        messages_with_defects=with_defects,
        messages_repaired=repaired,
        source_defects=list(read.defects),
        passed_over=list(read.passed_over),
        lists=evidence.names(),
        ingested_at=datetime.now(UTC).isoformat(timespec="seconds"),
    )
    return table, record


def _unit(raw: RawMessage, read: SourceRead) -> str:
    """What a message's list is judged for: its source, or in a tar its member's folder."""
    if read.reader.startswith(TAR_READER):
        return tar_unit(raw.source, read.path)
    return read.path


def _member_of(raw: RawMessage, read: SourceRead) -> str:
    """Where in a tar archive a message is (its index counts in that member)."""
    if read.reader.startswith(TAR_READER) and raw.source.startswith(read.path + "/"):
        return f" of {raw.source[len(read.path) + 1 :]}"
    return ""


_PLACE_IN_ARCHIVE = ("archive_parent_id", "archive_thread_order")
CUT_SHORT_COPY_DEFECT: Final = (
    "an earlier copy in the source was cut short (often at a body line beginning 'From '); "
    "this whole copy kept"
)


def _completes(data: bytes, body_start: int, kept: bytes, kept_start: int) -> bool:
    """Whether the body of ``data`` is the kept copy's body with more after it: the kept copy was
    cut short and this one is whole."""
    kept_body = kept[kept_start:].rstrip()
    return (
        len(data) - body_start > len(kept) - kept_start
        and data.startswith(kept_body, body_start)
        and bool(data[body_start + len(kept_body) :].strip())
    )


def _table(rows: list[dict[str, Any]]) -> pa.Table:
    """The rows as a table, built column by column (faster than ``Table.from_pylist``)."""
    columns = [
        pa.array([row[field.name] for row in rows], type=field.type)
        for field in STORED_MESSAGE_SCHEMA
    ]
    return pa.Table.from_arrays(columns, schema=STORED_MESSAGE_SCHEMA)


def parse_sources(paths: Sequence[str | Path], options: ParseOptions) -> pd.DataFrame:
    """Parse sources into one table without storing it; copies of a Message-ID kept once."""
    tables = [parse_source(path, options)[0] for path in discover_sources(paths)]
    table = pa.concat_tables(tables) if tables else STORED_MESSAGE_SCHEMA.empty_table()
    return table.to_pandas().drop_duplicates("message_id", keep="first").reset_index(drop=True)


ParseResult = tuple[SourceRecord, list[str]]
"""A parsed source's record and the Message-IDs of its partition."""


def _parse_and_write(
    path: Path,
    options: ParseOptions,
    store_args: tuple[Path, str],
    staging: StagingArea | None = None,
) -> ParseResult:
    """Worker: parse one source and write its partition (not yet live: the manifest decides),
    into the store or, with ``staging``, to the staging area the client moves it from.

    Returns the record and the partition's Message-IDs, which the ingest needs to count the
    duplicates across sources (cheaper sent back than read back from the partition). The
    record's ``duplicates_across`` is None: the ingest counts them once all sources are in.
    """
    table, record = parse_source(path, options)
    store = MessageStore(*store_args)
    record.parse_options = options.recorded()
    record.partition = store.partition_name(record.path, _partition_digest(record))
    if staging is None:
        store.write_partition(record.partition, table)
    else:
        staging.put(record.partition, table)
    return record, table.column("message_id").to_pylist()


def _partition_digest(record: SourceRecord) -> str:
    """What names a source's partition: its content and what it was parsed with (options and
    parser version), so that a re-parse writes a new partition beside the live one (the manifest
    switches to it; an interruption leaves the old one readable)."""
    if not record.parse_options:
        return record.sha1
    options = json.dumps(record.parse_options, sort_keys=True)
    return hashlib.sha1(f"{record.sha1}\0{options}".encode()).hexdigest()


def _unstaged(
    result: ParseResult | AnalyzerError, store: MessageStore, staging: StagingArea | None
) -> ParseResult | AnalyzerError:
    """The result, its staged partition moved into the store (when there is one)."""
    if staging is None or isinstance(result, AnalyzerError):
        return result
    try:
        store.write_partition_bytes(result[0].partition, staging.take(result[0].partition))
    except StoreError as exc:
        return exc
    return result


class _ManifestSaver:
    """Makes parsed sources live by writing the manifest, in batches.

    Each write serialises the whole manifest, so writing it after every one of hundreds of sources
    costs time that grows with the square of their number. It is written once the pending sources
    are a quarter of those it will then hold, or two seconds after the last write: an interrupted
    ingest then re-parses at most that batch. A replaced partition is deleted only once the
    manifest that no longer names it is written.
    """

    FRACTION = 4
    SECONDS = 2.0

    def __init__(self, store: MessageStore, records: dict[str, SourceRecord]) -> None:
        self.store = store
        self.records = records
        self.unsaved = 0
        self.replaced: list[str] = []
        self.last = time.monotonic()

    def add(self, key: str, record: SourceRecord) -> None:
        previous = self.records.get(key)
        self.records[key] = record
        if previous is not None and previous.partition != record.partition:
            self.replaced.append(previous.partition)
        self.unsaved += 1
        if (
            self.unsaved * self.FRACTION >= len(self.records)
            or time.monotonic() - self.last >= self.SECONDS
        ):
            self.save()

    def changed(self) -> None:
        """Records already added changed (their counts): the next save writes them."""
        self.unsaved += 1

    def save(self) -> None:
        if not self.unsaved:
            return
        replaced, self.replaced, self.unsaved = self.replaced, [], 0
        self.store.write_manifest(self.records)
        self.last = time.monotonic()
        for name in replaced:
            (self.store.partitions_dir / name).unlink(missing_ok=True)


ProgressCallback = Callable[[SourceOutcome], None]


def ingest(
    sources: Sequence[str | Path],
    *,
    data_dir: Path,
    options: ParseOptions,
    workers: int | None = None,
    on_source_done: ProgressCallback | None = None,
    on_plan: Callable[[int, int], None] | None = None,
    scheduler: str | None = None,
    staging_url: str | None = None,
    force: bool = False,
) -> IngestReport:
    """Ingest ``sources`` into the list's store; unchanged sources are not parsed again, unless
    ``force`` (which mends a partition damaged inside: an unchanged source's partition is not
    read, only its ends checked).

    ``scheduler``: address of a Dask scheduler to parse on instead of local processes. The
    workers read the sources by their paths here and write the partitions into the data
    directory, both on a file system they share; or, with ``staging_url`` (an object-store URL
    such as ``s3://bucket/prefix``), they write the partitions there and this process moves them
    into the store.

    ``workers``: processes to parse with (default: one per core; 1 parses in this process).
    ``on_plan(total, to_parse)`` and ``on_source_done(outcome)`` let a caller show progress.
    Raises SourceError for a source that does not exist; per-source failures are reported in
    the result and leave that source's earlier partition, if any, untouched.
    """
    skipped: list[Path] = []
    special: list[Path] = []
    copies: list[Path] = []
    paths = discover_sources(sources, skipped=skipped, special=special, copies=copies)
    if sources and not paths:
        raise SourceError(", ".join(map(str, sources)), _nothing_found([*skipped, *special]))
    store = MessageStore(data_dir, options.list_name)
    report = IngestReport(
        options.list_name,
        skipped=[str(p) for p in skipped],
        special=[str(p) for p in special],
        copies=[str(p) for p in copies],
    )
    stored_as = store.stored_as()
    if stored_as is not None:
        report.copied_warning = copied_list_warning(options.list_name, store.root.parent, stored_as)
    paths = _without_dropped(paths, sources, store, report)
    staging = None if staging_url is None else StagingArea(staging_url, options.list_name)
    try:
        _ingest_into(
            store,
            data_dir,
            paths,
            report,
            options,
            workers,
            on_source_done,
            on_plan,
            scheduler,
            staging,
            force,
        )
    finally:
        store.discard_if_unused()
    report.outcomes.sort(key=_listed_order(paths))
    read = [o.record for o in report.outcomes if o.status != "failed" and o.record is not None]
    report.skipped.extend(member for record in read for member in record.passed_over)
    if store.exists():
        report.lists, report.lists_warning = stored_lists(
            store.read_manifest().values(), options.list_name
        )
    return report


def stored_lists(records: Iterable[SourceRecord], list_name: str) -> tuple[ListsFound, str]:
    """The lists the stored sources' messages name (List-Id, subject tag) and, when they are
    several, the warning that says so (empty otherwise)."""
    records = list(records)
    lists = several_lists(record.lists for record in records)
    if not lists:
        return lists, ""
    tars = [r.path for r in records if r.reader.startswith(TAR_READER)]
    return lists, describe_lists(lists, list_name, tars)


def _count_new(
    report: IngestReport, ids: Mapping[str, pa.Array | pa.ChunkedArray], held: list[Any]
) -> None:
    """Each ingested source's ``new``: its Message-IDs that no source held before this ingest
    and no earlier source of it holds (one pass over all the IDs)."""
    ingested = [o for o in report.outcomes if o.status == "ingested"]
    keys = [str(Path(o.path).resolve()) for o in ingested]
    if not ingested or not all(key in ids for key in keys):
        return
    before = [pa.table({"message_id": pa.chunked_array(held, pa.string())})] if held else []
    tables = [*before, *(pa.table({"message_id": ids[key]}) for key in keys)]
    masks = first_copy_masks(tables)[len(before) :]
    for outcome, keep in zip(ingested, masks, strict=True):
        outcome.new = int(keep.sum())


def _without_dropped(
    paths: list[Path], sources: Sequence[str | Path], store: MessageStore, report: IngestReport
) -> list[Path]:
    """``paths`` without the sources dropped from the list that were found in a folder or glob
    (listed in ``report.dropped``); one named as a source itself is ingested again."""
    if not store.exists():
        return paths
    store.read_manifest()
    if not store.dropped:
        return paths
    named = {
        str(Path(source).resolve())
        for source in sources
        if not (isinstance(source, str) and glob.has_magic(source)) and Path(source).exists()
    }
    kept = []
    for path in paths:
        key = str(path.resolve())
        if key in store.dropped and key not in named:
            report.dropped.append(str(path))
        else:
            kept.append(path)
    return kept


def _listed_order(paths: list[Path]) -> Callable[[SourceOutcome], tuple[int, int, int, int]]:
    """The order the report lists the sources in: those of a folder together, in the order the
    paths hold them, its Pipermail periods by date first (``2012-March`` before
    ``2012-April``), then the others as they came. (The paths' own order, by name, is the one
    the store keeps first copies in; the report is read by month.)"""
    order = {str(path): i for i, path in enumerate(paths)}
    folders: dict[Path, int] = {}
    for path in paths:
        folders.setdefault(path.parent, len(folders))

    def key(outcome: SourceOutcome) -> tuple[int, int, int, int]:
        path = Path(outcome.path)
        start = period_start(path.name)
        place = order.get(outcome.path, len(order))
        dated = 0 if start is None else start[0] * 10_000 + start[1] * 100 + start[2]
        return folders.get(path.parent, len(folders)), int(start is None), dated, place

    return key


_COPY_KINDS = (".txt.gz", ".txt", "HTML folder")


def copy_kind(path: str) -> str:
    """A period's copy as ``IngestReport.copy_kinds`` counts it: ``.txt.gz``, ``.txt`` or
    ``HTML folder`` (a folder of Pipermail pages)."""
    for kind in _COPY_KINDS[:2]:
        if path.endswith(kind):
            return kind
    return _COPY_KINDS[2]


def _nothing_found(skipped: list[Path]) -> str:
    if not skipped:
        return "no mail archive found there"
    names = ", ".join(p.name for p in skipped[:5])
    more = f" and {len(skipped) - 5} more" if len(skipped) > 5 else ""
    return f"no mail archive found there (passed over, not mail: {names}{more})"


def _ingest_into(
    store: MessageStore,
    data_dir: Path,
    paths: list[Path],
    report: IngestReport,
    options: ParseOptions,
    workers: int | None,
    on_source_done: ProgressCallback | None,
    on_plan: Callable[[int, int], None] | None,
    scheduler: str | None,
    staging: StagingArea | None,
    force: bool,
) -> None:
    """The work of ``ingest`` under the store's lock: each source parsed unless unchanged."""
    with store.writing():
        records = store.read_manifest()
        for path in paths:  # named again: ingested again, no longer dropped
            store.dropped.pop(str(path.resolve()), None)
        recorded = options.recorded()  # parsed with other options (a new time zone): parse again
        todo: list[Path] = []
        for path in paths:
            key = str(path.resolve())
            known = records.get(key)
            if known is not None and not force:
                try:
                    current = fingerprint(path)
                    unchanged = (
                        known.parse_options == recorded
                        and (
                            (known.size, known.mtime_ns) == current
                            or (known.size == current[0] and content_sha1(path) == known.sha1)
                        )
                        and store.partition_whole(known.partition)
                    )
                except OSError as exc:
                    raise unreadable(path, exc) from None
                if unchanged:
                    outcome = SourceOutcome(str(path), "unchanged", known)
                    report.outcomes.append(outcome)
                    if on_source_done:
                        on_source_done(outcome)
                    continue
            todo.append(path)
        if on_plan:
            on_plan(len(paths), len(todo))
        # Counted again whenever a source changes (which source holds a Message-ID first can
        # change with it) or a record has no count yet (an older or an interrupted ingest).
        recount = bool(todo) or any(r.duplicates_across is None for r in records.values())
        forced = {str(path.resolve()) for path in todo} if force else set()
        ids = store.partition_ids(records, may_fail=forced) if recount else {}
        held_before = list(ids.values())
        run_started = datetime.now(UTC).isoformat(timespec="microseconds")
        store_args = (data_dir.resolve(), options.list_name)
        saver = _ManifestSaver(store, records)
        if staging is not None and todo:
            staging.check()
        try:
            for path, parsed in _results(todo, options, store_args, workers, scheduler, staging):
                result = _unstaged(parsed, store, staging)
                key = str(path.resolve())
                if isinstance(result, AnalyzerError):
                    outcome = SourceOutcome(
                        str(path), "failed", records.get(key), error=str(result)
                    )
                else:
                    record, message_ids = result
                    record.path = str(path)
                    previous = records.get(key)
                    record.first_ingested = previous.first_ingested if previous else run_started
                    ids[key] = pa.array(message_ids, pa.string())
                    saver.add(key, record)
                    outcome = SourceOutcome(str(path), "ingested", record)
                report.outcomes.append(outcome)
                if on_source_done:
                    on_source_done(outcome)
            # Not when stopped early: the records left uncounted are counted next time.
            if recount and count_duplicates_across(records, ids):
                saver.changed()
            _count_new(report, ids, held_before)
        finally:
            saver.save()  # what was parsed before an interruption stays live
        store.sweep(records)


def _results(
    todo: list[Path],
    options: ParseOptions,
    store_args: tuple[Path, str],
    workers: int | None,
    scheduler: str | None = None,
    staging: StagingArea | None = None,
) -> Iterator[tuple[Path, ParseResult | AnalyzerError]]:
    """Yield (path, (record, Message-IDs) or error) in source order, parsing in a process pool
    when worth it, or on a Dask cluster when a scheduler address is given."""
    if scheduler and todo:
        yield from run_on_cluster(
            _parse_and_write, todo, options, store_args, staging, scheduler=scheduler
        )
        return
    count = workers if workers is not None else (os.cpu_count() or 1)
    if count <= 1 or len(todo) <= 1:
        for path in todo:
            try:
                yield path, _parse_and_write(path, options, store_args, staging)
            except AnalyzerError as exc:
                yield path, exc
        return
    with worker_pool(min(count, len(todo))) as pool:
        futures = [
            (p, pool.submit(_parse_and_write, p, options, store_args, staging)) for p in todo
        ]
        for path, future in futures:
            yield path, _pooled_result(path, future)


def _pooled_result(path: Path, future: Future[ParseResult]) -> ParseResult | AnalyzerError:
    """A worker's result, or the error that fails its source: the source's own, or the pool's
    when a worker process died (killed for memory, say; every source not yet done fails with
    it, and what the others stored is kept)."""
    try:
        return future.result()
    except AnalyzerError as exc:
        return exc
    except BrokenProcessPool as exc:
        return SourceError(str(path), f"its worker process ended abruptly ({exc})")
