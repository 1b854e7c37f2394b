"""The analysis of a list's store, run without holding every body at once, and its cache.

The analysis is a pure function of the store, the list's configuration and the code of the
stages, so its result is kept beside the store under a key made of all three; any change to one
of them recomputes it. Nothing here is a source of truth: deleting the cache loses nothing.

A million messages' bodies, quoted text and header lists fill gigabytes as one pandas table.
Here the stages read the store without the lists none of them needs (defects, attachments; the
References stay in Arrow). Above ``BODIES_IN_MEMORY_MAX`` messages no body is held by this
process: threading asks for the few it needs, and each quote worker reads its stretch of the
archive from the partitions. Only the columns the stages add are written: the stored ones stay
in the store and are joined back when the table is read.
"""

from __future__ import annotations

import contextlib
import fcntl
import hashlib
import itertools
import os
import re
import shutil
import tempfile
import threading
import time
from collections.abc import Callable, Iterator, Sequence
from pathlib import Path
from tempfile import TemporaryDirectory
from typing import IO

import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.parquet as pq

from analyzer.config import ListConfig
from analyzer.identity import names_of_list, overrides_from_config, resolve_authors
from analyzer.identity.autoreplies import auto_reply_subjects
from analyzer.identity.reports import periodic_reports
from analyzer.memory import give_back_memory
from analyzer.pipeline import (
    PARALLEL_QUOTES_MIN_MESSAGES,
    Analysis,
    QuoteFiles,
    body_rows_of,
    quotes_in_parallel,
    quotes_to_files,
    read_bodies,
    run_analysis,
)
from analyzer.quotes import STARTS_THREAD, starts_thread
from analyzer.repeats import count_words_once
from analyzer.schema import (
    EXTRA_MESSAGE_COLUMNS,
    MESSAGE_COLUMNS,
    STORED_MESSAGE_COLUMNS,
)
from analyzer.store import (
    PARTITION_COLUMN,
    ROW_COLUMN,
    MessageStore,
    integers_stay_integers,
    read_in_one_chunk,
)
from analyzer.threads import thread_messages
from analyzer.threads.quoted_links import BodyLookup

ADDED_FILE = "added_columns.parquet"
AUTHORS_FILE = "authors.parquet"
_OLD_MESSAGES_FILE = "messages.parquet"
"""The whole analysed table, as earlier versions kept it."""
BODIES_IN_MEMORY_MAX = 50_000
"""Up to this many stored messages, threading reads every body at once (quicker than asking
for the few it needs, partition by partition, and small enough)."""
_NOT_ANALYSED = ("body", "defects", "attachments")
"""Bodies are read where they are needed: a few for threading, a chunk per quote worker."""
_THREADING_ONLY = (
    "subject",
    "in_reply_to",
    "references",
    "source",
    "source_index",
    "archive_parent_id",
    "archive_thread_order",
    "tz_offset_minutes",
)
"""Read by threading alone: dropped before quote removal, which a million messages' headers
would otherwise sit through in this process while the workers run."""
_PACKAGE = Path(__file__).resolve().parent
_STAGE_CODE = (
    "threads",
    "quotes",
    "identity",
    "subjects.py",
    "pipeline.py",
    "repeats.py",
    "stored_analysis.py",
    "schema.py",
)

ANALYSIS_SCHEMA = pa.schema(
    [
        ("subject_norm", pa.string()),
        ("parent_id", pa.string()),
        ("thread_id", pa.string()),
        ("depth", pa.int64()),
        ("authored", pa.string()),
        ("signature", pa.string()),
        ("n_words_authored", pa.int64()),
        ("n_lines_quoted", pa.int64()),
        ("repeat_of", pa.string()),
        ("author_id", pa.string()),
        ("affiliation", pa.string()),
    ]
)
"""The columns the stages add to the stored ones."""
_ADDED_SCHEMA = pa.schema([("message_id", pa.string()), *ANALYSIS_SCHEMA])

_OUTPUT_COLUMNS = (*MESSAGE_COLUMNS, *EXTRA_MESSAGE_COLUMNS)


def _arrow_lists(arrow_type: pa.DataType) -> pd.ArrowDtype | None:
    return pd.ArrowDtype(arrow_type) if pa.types.is_list(arrow_type) else None


def load_for_analysis(
    store: MessageStore, with_bodies: bool = False
) -> tuple[pd.DataFrame, list[Path]]:
    """The stored messages the stages read (one row per Message-ID, the first copy in source
    order, as ``MessageStore.read_messages``), each with its partition and row in it."""
    partitions = store.partition_paths()
    skipped = _NOT_ANALYSED if not with_bodies else tuple(c for c in _NOT_ANALYSED if c != "body")
    columns = [c for c in STORED_MESSAGE_COLUMNS if c not in skipped]
    table = store.read_first_copies([*columns, PARTITION_COLUMN, ROW_COLUMN])
    return table.to_pandas(types_mapper=_arrow_lists, self_destruct=True), partitions


def _body_lookup(frame: pd.DataFrame, partitions: list[Path]) -> BodyLookup:
    def lookup(rows: np.ndarray) -> dict[int, object]:
        bodies = read_bodies(body_rows_of(frame, rows, partitions), len(rows))
        return dict(zip(rows.tolist(), bodies.tolist(), strict=True))

    return lookup


AnalysisProgress = Callable[[str, int, int], None]
"""Told (stage, steps done, steps in the stage; 0 while unknown) as the analysis goes: at the
start and end of each stage, and after each chunk of quote removal."""
ANALYSIS_STAGES = ("load", "threads", "quotes", "identity", "write")
_COUNTED_IN_CHUNKS = "quotes"


def analyze_store(
    store: MessageStore,
    folder: Path,
    config: ListConfig | None = None,
    workers: int | None = None,
    on_progress: AnalysisProgress | None = None,
) -> dict[str, float]:
    """Analyse the store into ``folder`` (the added columns and the authors, as Parquet); return
    the seconds each stage took. Files appear whole or not at all."""
    seconds: dict[str, float] = {}
    clock = time.perf_counter()
    told = on_progress or (lambda stage, done, total: None)
    following = dict(itertools.pairwise(ANALYSIS_STAGES))

    def start(stage: str) -> None:
        told(stage, 0, 0 if stage == _COUNTED_IN_CHUNKS else 1)

    def lap(stage: str) -> None:
        """``stage`` has ended (its time kept) and the next one starts."""
        nonlocal clock
        now = time.perf_counter()
        seconds[stage] = now - clock
        clock = now
        if stage != _COUNTED_IN_CHUNKS:  # whose chunks told their own progress
            told(stage, 1, 1)
        if stage in following:
            start(following[stage])

    def on_chunk(done: int, total: int) -> None:
        told(_COUNTED_IN_CHUNKS, done, total)

    start(ANALYSIS_STAGES[0])
    with analysing(folder):
        _analyze_into(store, folder, config, workers, lap, on_chunk)
    return seconds


def _analyze_into(
    store: MessageStore,
    folder: Path,
    config: ListConfig | None,
    workers: int | None,
    lap: Callable[[str], None],
    on_chunk: Callable[[int, int], None],
) -> None:
    """The stages of ``analyze_store``, ``lap`` told as each ends."""
    stored = sum(record.stored or 0 for record in store.read_manifest().values())
    # Quote workers that read their own stretch of the bodies from the partitions beat bodies
    # read here and sent to them (twisted-python, 33k messages: analysis 6.9-7.7 s -> 5.9 s);
    # when quotes are removed in this process, holding the bodies is quicker.
    in_parallel = (workers or os.cpu_count() or 1) > 1 and stored >= PARALLEL_QUOTES_MIN_MESSAGES
    with_bodies = stored <= BODIES_IN_MEMORY_MAX and not in_parallel
    frame, partitions = load_for_analysis(store, with_bodies)
    lap("load")
    if with_bodies:
        threaded = thread_messages(frame)
    else:
        threaded = thread_messages(frame, bodies=_body_lookup(frame, partitions))
    del frame
    names = names_of_list(threaded)  # (from the subjects, dropped now)
    reports = periodic_reports(threaded)  # (named as their subjects were written)
    auto_subjects = auto_reply_subjects(threaded["subject"])
    threaded[STARTS_THREAD] = starts_thread(threaded)  # (what the quotes read of them)
    threaded = threaded.drop(columns=[c for c in _THREADING_ONLY if c in threaded.columns])
    give_back_memory()
    lap("threads")
    folder.mkdir(parents=True, exist_ok=True)
    overrides = overrides_from_config(config.raw) if config is not None else None
    if with_bodies:  # bodies in hand go to the quote workers with their chunk
        quoted = quotes_in_parallel(threaded, workers, on_chunk=on_chunk).drop(columns=["body"])
        del threaded
        count_words_once(quoted)
        give_back_memory()
        lap("quotes")
        identity = resolve_authors(
            quoted, overrides, list_names=names, reports=reports, auto_subjects=auto_subjects
        )
        del quoted
        give_back_memory()
        lap("identity")
        _write_added(folder / ADDED_FILE, identity.messages)
    else:  # the workers read the bodies, and the texts they write stay in their files
        with TemporaryDirectory(dir=folder, prefix=_SCRATCH_PREFIX) as scratch:
            quotes = quotes_to_files(threaded, Path(scratch), workers, partitions, on_chunk)
            quoted = threaded.copy(deep=False)
            quoted[list(quotes.counts.columns)] = quotes.counts
            del threaded
            count_words_once(quoted, quotes.authored_texts)
            give_back_memory()
            lap("quotes")
            identity = resolve_authors(
                quoted,
                overrides,
                own_texts=quotes.own_texts,
                list_names=names,
                reports=reports,
                auto_subjects=auto_subjects,
            )
            del quoted
            give_back_memory()
            lap("identity")
            _write_added_from_files(folder / ADDED_FILE, identity.messages, quotes)
    _write_atomically(folder / AUTHORS_FILE, lambda tmp: identity.authors.to_parquet(tmp))
    lap("write")


def _write_added_from_files(target: Path, analysed: pd.DataFrame, quotes: QuoteFiles) -> None:
    """The added columns chunk by chunk, the texts taken from the quote workers' files."""
    texts = {"authored", "signature"}
    in_memory = pa.schema([f for f in _ADDED_SCHEMA if f.name not in texts])

    def write(tmp: str) -> None:
        with pq.ParquetWriter(tmp, _ADDED_SCHEMA, compression="zstd") as writer:
            for i, chunk in enumerate(quotes.chunks):
                rows = analysed.iloc[chunk.start : chunk.stop][in_memory.names]
                known = pa.Table.from_pandas(rows, schema=in_memory, preserve_index=False)
                written = quotes.texts(i)
                columns = [
                    written.column(f.name).cast(f.type) if f.name in texts else known.column(f.name)
                    for f in _ADDED_SCHEMA
                ]
                writer.write_table(pa.Table.from_arrays(columns, schema=_ADDED_SCHEMA))
        # once, at the end: a chunk's memory, freed, serves the next one, and each hand-back
        # walks the whole heap (a million messages: seconds each with the C library's malloc)
        pa.default_memory_pool().release_unused()

    _write_atomically(target, write)


def _write_added(target: Path, analysed: pd.DataFrame) -> None:
    """Only what the stages added, by Message-ID: the stored columns stay in the store."""
    added = pa.Table.from_pandas(
        analysed[list(_ADDED_SCHEMA.names)], schema=_ADDED_SCHEMA, preserve_index=False
    )
    _write_atomically(target, lambda tmp: pq.write_table(added, tmp, compression="zstd"))


_BODY_COLUMN = "body"


def _output_columns(bodies: bool, columns: Sequence[str] | None = None) -> list[str]:
    """The columns of the analysed messages, in their order: without ``body`` unless
    ``bodies``, and only ``columns`` (``message_id`` always) when given."""
    return [
        c
        for c in _OUTPUT_COLUMNS
        if (bodies or c != _BODY_COLUMN) and (columns is None or c in columns or c == "message_id")
    ]


def read_analysis(
    store: MessageStore,
    folder: Path,
    *,
    bodies: bool = True,
    columns: Sequence[str] | None = None,
) -> Analysis:
    """The analysed messages (stored columns joined with the added ones) and the authors.

    Without ``bodies``, the lean form for the tables built from the messages: no ``body``, their
    largest column, which only exports of the messages table read (1.4 GB on a million
    messages), and the list columns (``references``, ``defects``, ``attachments``) as
    ``pd.ArrowDtype`` lists rather than a Python array per message. With ``columns``, only those
    columns are read (and ``message_id``): a reader that needs a few of them (the report) does
    not hold the others (0.3 GB of the lean form on a million messages).

    Raises ValueError when the files do not belong to the store as it is.
    """
    output = _output_columns(bodies, columns)
    stored_columns = [c for c in STORED_MESSAGE_COLUMNS if c in output]
    # the lean form: list columns stay Arrow lists too (0.5 GB less on a million)
    stored = integers_stay_integers(
        read_in_one_chunk(lambda: store.read_first_copies(stored_columns)).to_pandas(
            types_mapper=None if bodies else _arrow_lists
        )
    )
    added_columns = [c for c in ANALYSIS_SCHEMA.names if c in output]
    added = read_in_one_chunk(
        lambda: pq.read_table(folder / ADDED_FILE, columns=["message_id", *added_columns])
    ).to_pandas()
    if len(added) != len(stored) or not (added["message_id"] == stored["message_id"]).all():
        raise ValueError(f"{folder}: the analysis does not match the store")
    for name in added_columns:
        # the column itself (Arrow strings stay Arrow strings): `to_numpy` would make a Python
        # string of every text, several GB on a million messages
        stored[name] = added[name].set_axis(stored.index)
    del added
    return Analysis(stored[output], pd.read_parquet(folder / AUTHORS_FILE))


def _write_atomically(target: Path, write: Callable[[str], object]) -> None:
    fd, tmp = tempfile.mkstemp(dir=target.parent, prefix=_PARTIAL_PREFIX, suffix=".parquet")
    os.close(fd)
    try:
        write(tmp)
        os.replace(tmp, target)
    finally:
        with contextlib.suppress(OSError):
            os.unlink(tmp)  # left only when writing failed


def _code_digest() -> str:
    digest = hashlib.sha1()
    for name in _STAGE_CODE:
        path = _PACKAGE / name
        files = sorted(path.rglob("*.py")) if path.is_dir() else [path]
        for file in files:
            digest.update(file.read_bytes())
    return digest.hexdigest()


def _cache_key(store: MessageStore, config: ListConfig) -> str:
    digest = hashlib.sha1(store.manifest_path.read_bytes())
    if config.path is not None and config.path.is_file():
        digest.update(config.path.read_bytes())
    digest.update(_code_digest().encode())
    return digest.hexdigest()


def refresh_analysis(
    store: MessageStore,
    config: ListConfig,
    workers: int | None = None,
    on_progress: AnalysisProgress | None = None,
) -> Path:
    """The folder of the store's analysis, analysed again first when the store, config or code
    changed since. Raises OSError when the folder cannot be written."""
    folder = store.root.parent / "analysis"
    key = _cache_key(store, config)
    key_file = folder / "key"
    if key_file.is_file() and key_file.read_text().strip() == key:
        with contextlib.suppress(OSError), analysing(folder, sweep=True):
            pass  # only the sweep; a cache this process cannot write to is read as it is
        return folder
    with analysing(folder, sweep=True):
        key_file.unlink(missing_ok=True)  # invalid until every file is in place
        (folder / _OLD_MESSAGES_FILE).unlink(missing_ok=True)
        analyze_store(store, folder, config, workers, on_progress)
        key_file.write_text(key)
    return folder


_SCRATCH_PREFIX = "tmp"
"""Of the folders quote workers write their chunks to (``TemporaryDirectory``'s own prefix,
which the folders that interrupted analyses left before this was named also have)."""
_PARTIAL_PREFIX = ".tmp-"
"""Of a file being written, renamed once whole."""
_STALE = re.compile(
    rf"(?:{re.escape(_SCRATCH_PREFIX)}|{re.escape(_PARTIAL_PREFIX)})[a-z0-9_]{{8}}(?:\.parquet)?"
)
"""The names ``tempfile`` gives them: the prefix and eight letters, digits or underscores."""
_LOCK_FILE = ".lock"
_held: dict[Path, tuple[IO[str], int]] = {}
"""This process's lock on each analysis folder it analyses into, and how many hold it."""
_held_guard = threading.Lock()


@contextlib.contextmanager
def analysing(folder: Path, *, sweep: bool = False) -> Iterator[None]:
    """Hold the folder's analysis lock, shared, while analysing into it; with ``sweep``, first
    remove what interrupted analyses left (quote workers' chunk folders, 13 MB on
    twisted-python, and half-written files), when no other process is analysing there.

    A POSIX record lock (``lockf``), not ``flock`` as the store's: it belongs to this process
    alone, so that quote workers that outlive a killed analysis (they may hang on) keep
    nothing locked, and it goes when the process ends, however it ends. Another process that
    analyses holds the lock too, so its chunk folder is never taken for a stale one; threads
    of one process share its lock, and one sweeps only when no other is analysing.
    """
    folder.mkdir(parents=True, exist_ok=True)
    path = folder.resolve() / _LOCK_FILE
    with _held_guard:
        handle, count = _held.get(path, (None, 0))
        if handle is None:
            handle = open(path, "a+")  # noqa: SIM115 - held until the last user lets it go
            try:
                if sweep:
                    _sweep_if_alone(handle, folder)
                fcntl.lockf(handle, fcntl.LOCK_SH)  # waits only for a sweep to end
            except BaseException:
                handle.close()
                raise
        _held[path] = (handle, count + 1)
    try:
        yield
    finally:
        with _held_guard:
            handle, count = _held.pop(path)
            if count > 1:
                _held[path] = (handle, count - 1)
            else:
                with contextlib.suppress(OSError):
                    fcntl.lockf(handle, fcntl.LOCK_UN)
                handle.close()


def _sweep_if_alone(handle: IO[str], folder: Path) -> None:
    """Remove stale scratch in ``folder`` if no other process holds its lock (else later)."""
    try:
        fcntl.lockf(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
    except OSError:  # another process is analysing: what is there may be its own
        return
    for entry in folder.iterdir():
        if not _STALE.fullmatch(entry.name):
            continue
        if entry.is_dir() and not entry.is_symlink():
            shutil.rmtree(entry, ignore_errors=True)
        else:
            entry.unlink(missing_ok=True)


def cached_analysis(
    store: MessageStore,
    config: ListConfig,
    frame_loader: Callable[[], pd.DataFrame],
    workers: int | None = None,
    *,
    bodies: bool = True,
    columns: Sequence[str] | None = None,
) -> Analysis:
    """The analysis of the store, from the cache when the store, config and code are unchanged
    (``bodies`` and ``columns`` as in ``read_analysis``).

    A cache that cannot be written or read back is not kept: the analysis then runs in memory
    on ``frame_loader()``.
    """
    try:
        folder = refresh_analysis(store, config, workers)
        return read_analysis(store, folder, bodies=bodies, columns=columns)
    except (OSError, ValueError):
        analysed = run_analysis(frame_loader(), config)
        if bodies and columns is None:
            return analysed
        messages = analysed.messages
        return Analysis(messages[_output_columns(bodies, columns)], analysed.authors)
