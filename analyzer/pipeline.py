"""The analysis stages in order (threads → quotes → identity) on a messages table, and quote
removal on every core, in stretches of the archive that carry the ancestors they quote
(``stored_analysis`` runs the stages on a store)."""

from __future__ import annotations

import os
from collections import deque
from collections.abc import Callable, Iterator
from concurrent.futures import Future
from concurrent.futures.process import BrokenProcessPool
from dataclasses import dataclass
from pathlib import Path
from typing import TypeVar, cast

import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.parquet as pq

from analyzer.config import ListConfig
from analyzer.errors import AnalyzerError
from analyzer.identity import overrides_from_config, resolve_authors
from analyzer.quotes import STARTS_THREAD, apply_quotes
from analyzer.quotes.frame import MAX_ANCESTORS
from analyzer.repeats import count_words_once
from analyzer.store import PARTITION_COLUMN, ROW_COLUMN, read_partition_file
from analyzer.threads import thread_messages
from analyzer.workers import worker_pool


@dataclass(frozen=True, slots=True)
class Analysis:
    messages: pd.DataFrame
    authors: pd.DataFrame


PARALLEL_QUOTES_MIN_MESSAGES = 20_000
"""Below this, quote removal runs in this process; above, in stretches of the archive on every core."""
QUOTE_CHUNKS = 4
"""At least this many chunks: a function of the archive, not of the machine's cores."""
MIN_CHUNK_MESSAGES = 5_000
MAX_CHUNK_MESSAGES = 10_000
"""Chunks stay small enough that a worker's memory does not grow with the archive: a worker on
10,000 twisted-python messages peaks about 65 MB above its imports (170 MB on 25,000), and the
smaller chunks cost no time (each still reads only the partitions its messages and their
ancestors lie in)."""
_QUOTE_INPUTS = [
    "message_id",
    "list",
    "parent_id",
    "from_email",
    "from_name",
    "subject",
    STARTS_THREAD,
]
"""What `apply_quotes` reads besides the body, those the table has: a chunk must give it what
the whole table would (the sender's name tells their sign-off; whether a message starts a
thread, its `>` blocks of code are its own)."""
_QUOTE_OUTPUTS = ["authored", "signature", "n_words_authored", "n_lines_quoted"]
_TEXT_OUTPUTS = ("authored", "signature")

T = TypeVar("T")

ChunkProgress = Callable[[int, int], None]
"""Told (chunks done, chunks in all) as each chunk of quote removal comes back."""

BodyRows = list[tuple[str, np.ndarray, np.ndarray]]
"""Where a chunk's bodies are: (partition file, rows of the file, positions in the chunk)."""


@dataclass(frozen=True, slots=True)
class QuoteChunk:
    """A stretch of the archive whose quotes one worker removes, and the older messages it reads
    only for context (ancestors of its messages that lie outside it)."""

    start: int
    stop: int
    context: np.ndarray

    def rows(self) -> np.ndarray:
        return np.concatenate([self.context, np.arange(self.start, self.stop)])


def quote_chunks(threaded: pd.DataFrame) -> list[QuoteChunk]:
    """Consecutive stretches of rows (rows come in archive order, so a chunk learns its footers
    from the same years), each with the ancestors its messages quote from, up to the
    ``MAX_ANCESTORS`` that quote removal reads. The count depends only on the archive's size;
    the results come back in the table's order, with nothing to reorder.
    """
    n = len(threaded)
    size = min(MAX_CHUNK_MESSAGES, max(MIN_CHUNK_MESSAGES, -(-n // QUOTE_CHUNKS)))
    ids = threaded["message_id"].astype(object).to_numpy()
    first_of_id = pd.Series(np.arange(n), index=ids)
    first_of_id = first_of_id[~first_of_id.index.duplicated()]
    parents = threaded["parent_id"].astype(object).to_numpy()
    parent_row = first_of_id.reindex(parents).fillna(-1).to_numpy(dtype=np.int64)
    chunks = []
    for start in range(0, n, size):
        stop = min(n, start + size)
        frontier = np.arange(start, stop)
        outside: list[np.ndarray] = []
        for _ in range(MAX_ANCESTORS):
            frontier = parent_row[frontier]
            frontier = frontier[frontier >= 0]
            outside.append(frontier[(frontier < start) | (frontier >= stop)])
        context = np.unique(np.concatenate(outside)) if outside else np.zeros(0, np.int64)
        chunks.append(QuoteChunk(start, stop, context.astype(np.int64)))
    return chunks


def _compact_outputs(frame: pd.DataFrame) -> pd.DataFrame:
    """The quote outputs with their texts in Arrow strings (no Python object per message)."""
    out = frame[_QUOTE_OUTPUTS].copy()
    for name in _TEXT_OUTPUTS:
        out[name] = out[name].astype("str")
    return out


def _quotes_of(
    chunk: pd.DataFrame, body_rows: BodyRows | None = None, n_context: int = 0
) -> pd.DataFrame:
    """Worker: quote outputs of one chunk (its first ``n_context`` rows only read), its bodies
    given or read from the store's files."""
    if body_rows is not None:
        chunk = chunk.assign(body=read_bodies(body_rows, len(chunk)))
    return _compact_outputs(apply_quotes(chunk).iloc[n_context:])


_OUTPUT_SCHEMA = pa.schema(
    [
        ("authored", pa.large_string()),  # what pandas holds: no conversion when read back
        ("signature", pa.large_string()),
        ("n_words_authored", pa.int64()),
        ("n_lines_quoted", pa.int64()),
    ]
)


def _quotes_to_file(
    chunk: pd.DataFrame, body_rows: BodyRows | None, n_context: int, target: str
) -> str:
    """Worker: as ``_quotes_of``, written to ``target`` rather than sent back through a pipe
    (which leaves the receiving process holding the memory of every message it unpickled)."""
    outputs = pa.Table.from_pandas(
        _quotes_of(chunk, body_rows, n_context), schema=_OUTPUT_SCHEMA, preserve_index=False
    )
    pq.write_table(outputs, target, compression="none")
    return target


def read_bodies(body_rows: BodyRows, n: int) -> np.ndarray:
    """The bodies at ``body_rows``, one partition file read at a time.

    Arrow's memory goes back to the system once, at the end: given back after every file, it
    had to be asked for again at the next, which cost more than the reading (twisted-python's
    bodies: 1.0 s of CPU against 0.2 s)."""
    bodies = np.empty(n, dtype=object)
    for path, file_rows, positions in body_rows:
        column = read_partition_file(path, ["body"], use_threads=False).column(0)
        bodies[positions] = column.take(pa.array(file_rows)).to_numpy(zero_copy_only=False)
        del column
    pa.default_memory_pool().release_unused()
    return bodies


def quotes_in_parallel(
    threaded: pd.DataFrame,
    workers: int | None = None,
    *,
    min_messages: int = PARALLEL_QUOTES_MIN_MESSAGES,
    on_chunk: ChunkProgress | None = None,
) -> pd.DataFrame:
    """``apply_quotes`` over a large archive on every core, in stretches of the archive that
    take along the ancestors their messages quote (``quote_chunks``). For a store too large to
    hold its bodies and texts, see ``quotes_to_files``."""
    count = workers if workers is not None else (os.cpu_count() or 1)
    result = threaded.copy(deep=False)  # copy-on-write: no column is duplicated
    if count <= 1 or len(threaded) < min_messages:  # one chunk, in this process
        result[_QUOTE_OUTPUTS] = _compact_outputs(apply_quotes(threaded)).set_index(threaded.index)
        if on_chunk is not None:
            on_chunk(1, 1)
        return result
    chunks = quote_chunks(threaded)
    # Without a folder, every result is the chunk's outputs themselves.
    outputs = _told(_chunk_results(threaded, chunks, count, None, None), len(chunks), on_chunk)
    parts = [_part(cast(pd.DataFrame, r)) for r in outputs]
    pa.default_memory_pool().release_unused()  # once: each hand-back walks the whole heap
    if not parts:
        result[_QUOTE_OUTPUTS] = _compact_outputs(apply_quotes(threaded.head(0)))
        return result
    # The parts follow each other as the table's rows do: joined without a copy of the texts.
    for name in _QUOTE_OUTPUTS:
        column = pd.concat([part.column(name).to_pandas() for part in parts], ignore_index=True)
        parts = [part.drop_columns([name]) for part in parts]
        if name not in _TEXT_OUTPUTS:
            column = column.astype(np.int64)
        result[name] = column.set_axis(threaded.index)
    return result


def _chunk_results(
    threaded: pd.DataFrame,
    chunks: list[QuoteChunk],
    count: int,
    partitions: list[Path] | None,
    folder: str | None,
) -> Iterator[pd.DataFrame | str]:
    """Each chunk's outputs (or, with ``folder``, the file they were written to), in order."""
    present = [c for c in _QUOTE_INPUTS if c in threaded.columns]
    inputs = threaded[present if partitions is not None else [*present, "body"]]

    def task(piece: QuoteChunk) -> tuple[pd.DataFrame, BodyRows | None, int]:
        rows = piece.rows()
        located = None if partitions is None else body_rows_of(threaded, rows, partitions)
        return inputs.iloc[rows], located, len(piece.context)

    def target(i: int) -> str:
        return f"{folder}/{i}.parquet"

    if count <= 1:
        for i, piece in enumerate(chunks):
            yield (
                _quotes_of(*task(piece))
                if folder is None
                else _quotes_to_file(*task(piece), target(i))
            )
        return
    with worker_pool(count) as pool:
        # One chunk per worker in flight (plus one waiting): few bodies exist at once.
        pending: deque[Future[pd.DataFrame | str]] = deque()
        for i, piece in enumerate(chunks):
            if folder is None:
                pending.append(pool.submit(_quotes_of, *task(piece)))
            else:
                pending.append(pool.submit(_quotes_to_file, *task(piece), target(i)))
            if len(pending) > count:
                yield _chunk_result(pending.popleft())
        while pending:
            yield _chunk_result(pending.popleft())


def _chunk_result(future: Future[pd.DataFrame | str]) -> pd.DataFrame | str:
    try:
        return future.result()
    except BrokenProcessPool as exc:
        raise AnalyzerError(
            f"quote removal stopped: one of its worker processes ended abruptly ({exc}); "
            "the analysis was not saved and the store is unchanged"
        ) from None


def _told(results: Iterator[T], total: int, on_chunk: ChunkProgress | None) -> Iterator[T]:
    for done, result in enumerate(results, 1):
        if on_chunk is not None:
            on_chunk(done, total)
        yield result


@dataclass(frozen=True, slots=True)
class QuoteFiles:
    """Quote outputs left in one file per chunk: for an archive whose texts should not all be in
    memory at once. ``counts`` holds ``n_words_authored`` and ``n_lines_quoted`` by row."""

    counts: pd.DataFrame
    chunks: list[QuoteChunk]
    files: list[Path]

    def texts(self, i: int) -> pa.Table:
        """``authored`` and ``signature`` of chunk ``i``'s rows, in order."""
        return pq.read_table(self.files[i], columns=list(_TEXT_OUTPUTS), use_threads=False)

    def own_texts(self, rows: np.ndarray) -> list[str]:
        """What the senders of ``rows`` wrote: authored text, a newline, signature."""
        return self._texts_of(
            rows,
            lambda picked: [
                f"{a or ''}\n{s or ''}"
                for a, s in zip(*(picked.column(n).to_pylist() for n in _TEXT_OUTPUTS), strict=True)
            ],
        )

    def authored_texts(self, rows: np.ndarray) -> list[str]:
        """The ``authored`` text of ``rows``."""
        return self._texts_of(rows, lambda picked: picked.column("authored").to_pylist())

    def _texts_of(self, rows: np.ndarray, text: Callable[[pa.Table], list[str]]) -> list[str]:
        starts = np.array([chunk.start for chunk in self.chunks], dtype=np.int64)
        which = np.searchsorted(starts, rows, side="right") - 1
        found = np.empty(len(rows), dtype=object)
        for i in np.unique(which).tolist():
            at = np.flatnonzero(which == i)
            found[at] = text(self.texts(i).take(pa.array(rows[at] - self.chunks[i].start)))
        return found.tolist()


def quotes_to_files(
    threaded: pd.DataFrame,
    folder: Path,
    workers: int | None = None,
    partitions: list[Path] | None = None,
    on_chunk: ChunkProgress | None = None,
) -> QuoteFiles:
    """As ``quotes_in_parallel`` (in chunks at any size, on ``workers`` processes), but the texts
    stay in ``folder``, one file per chunk, and only the counts come back."""
    count = workers if workers is not None else (os.cpu_count() or 1)
    chunks = quote_chunks(threaded)
    results = _chunk_results(threaded, chunks, count, partitions, str(folder))
    files = [Path(str(r)) for r in _told(results, len(chunks), on_chunk)]
    counted = [c for c in _QUOTE_OUTPUTS if c not in _TEXT_OUTPUTS]
    tables = [pq.read_table(path, columns=counted) for path in files]
    counts = pd.DataFrame(
        {
            name: np.concatenate([t.column(name).to_numpy() for t in tables]).astype(np.int64)
            if tables
            else np.zeros(0, dtype=np.int64)
            for name in counted
        },
        index=threaded.index,
    )
    return QuoteFiles(counts, chunks, files)


def _part(result: pd.DataFrame) -> pa.Table:
    return pa.Table.from_pandas(result, schema=_OUTPUT_SCHEMA, preserve_index=False)


def body_rows_of(threaded: pd.DataFrame, rows: np.ndarray, partitions: list[Path]) -> BodyRows:
    """Where the bodies of ``rows`` are, for a table read with ``read_first_copies``."""
    partition = threaded[PARTITION_COLUMN].to_numpy()[rows]
    file_row = threaded[ROW_COLUMN].to_numpy()[rows]
    located: BodyRows = []
    for index in np.unique(partition).tolist():
        positions = np.flatnonzero(partition == index)
        located.append((str(partitions[index]), file_row[positions], positions))
    return located


def run_analysis(frame: pd.DataFrame, config: ListConfig | None = None) -> Analysis:
    """Threads, then quotes (which use the threads' ancestors), then author identity."""
    segmented = quotes_in_parallel(thread_messages(frame))
    count_words_once(segmented)
    overrides = overrides_from_config(config.raw) if config is not None else None
    result = resolve_authors(segmented, overrides)
    return Analysis(result.messages, result.authors)
