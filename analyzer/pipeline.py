"""The analysis stages in order (threads → quotes → identity) on a messages table, and quote
removal in chunks of whole threads on every core (``stored_analysis`` runs them on a store)."""

from __future__ import annotations

import os
from concurrent.futures import Future, ProcessPoolExecutor
from dataclasses import dataclass
from pathlib import Path

import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.parquet as pq

from analyzer.config import ListConfig
from analyzer.errors import StoreError
from analyzer.identity import overrides_from_config, resolve_authors
from analyzer.quotes import apply_quotes
from analyzer.store import PARTITION_COLUMN, ROW_COLUMN
from analyzer.threads import thread_messages


@dataclass(frozen=True, slots=True)
class Analysis:
    messages: pd.DataFrame
    authors: pd.DataFrame


PARALLEL_QUOTES_MIN_MESSAGES = 20_000
"""Below this, quote removal runs in this process; above, in chunks of whole threads."""
QUOTE_CHUNKS = 4
"""At least this many chunks: a function of the archive, not of the machine's cores."""
MIN_CHUNK_MESSAGES = 5_000
MAX_CHUNK_MESSAGES = 25_000
"""Chunks stay small enough that a worker's memory does not grow with the archive."""
_QUOTE_INPUTS = ["message_id", "list", "parent_id", "from_email"]
_QUOTE_OUTPUTS = ["authored", "signature", "n_words_authored", "n_lines_quoted"]
_TEXT_OUTPUTS = ("authored", "signature")

BodyRows = list[tuple[str, np.ndarray, np.ndarray]]
"""Where a chunk's bodies are: (partition file, rows of the file, positions in the chunk)."""


def quote_chunks(threaded: pd.DataFrame) -> np.ndarray:
    """The chunk of every row: whole threads, in the order their first message appears.

    Rows come in archive order, so a chunk is a stretch of the archive's time (its footers are
    learnt from the same years), and a thread goes where it starts (a message's ancestors travel
    with it). The count depends only on the archive's size.
    """
    n = len(threaded)
    if not n:
        return np.zeros(0, dtype=np.int64)
    size = min(MAX_CHUNK_MESSAGES, max(MIN_CHUNK_MESSAGES, -(-n // QUOTE_CHUNKS)))
    keys = threaded["thread_id"].where(threaded["thread_id"].notna(), threaded["message_id"])
    codes, _ = pd.factorize(keys.astype(object).to_numpy(), use_na_sentinel=False)
    _, first_row = np.unique(codes, return_index=True)
    return np.asarray(first_row[codes] // size, dtype=np.int64)


def _compact_outputs(frame: pd.DataFrame) -> pd.DataFrame:
    """The quote outputs with their texts in Arrow strings (no Python object per message)."""
    out = frame[_QUOTE_OUTPUTS].copy()
    for name in _TEXT_OUTPUTS:
        out[name] = out[name].astype("str")
    return out


def _quotes_of(chunk: pd.DataFrame, body_rows: BodyRows | None = None) -> pd.DataFrame:
    """Worker: quote outputs of one chunk, its bodies given or read from the store's files."""
    if body_rows is not None:
        chunk = chunk.assign(body=read_bodies(body_rows, len(chunk)))
    return _compact_outputs(apply_quotes(chunk))


def read_bodies(body_rows: BodyRows, n: int) -> np.ndarray:
    """The bodies at ``body_rows``, one partition file read at a time."""
    bodies = np.empty(n, dtype=object)
    for path, file_rows, positions in body_rows:
        try:
            column = pq.read_table(path, columns=["body"]).column(0)
        except (OSError, pa.ArrowInvalid) as exc:
            raise StoreError(f"{path}: partition cannot be read ({exc})") from None
        bodies[positions] = column.take(pa.array(file_rows)).to_numpy(zero_copy_only=False)
        del column
        pa.default_memory_pool().release_unused()
    return bodies


def quotes_in_parallel(
    threaded: pd.DataFrame,
    workers: int | None = None,
    *,
    min_messages: int = PARALLEL_QUOTES_MIN_MESSAGES,
    partitions: list[Path] | None = None,
) -> pd.DataFrame:
    """``apply_quotes`` over a large archive on every core, in chunks of whole threads.

    With ``partitions`` (the store's files, rows located by ``_partition`` and ``_row``), the
    workers read the bodies themselves and ``threaded`` needs no ``body`` column.
    """
    count = workers if workers is not None else (os.cpu_count() or 1)
    if count <= 1 or len(threaded) < min_messages:  # one chunk, in this process
        if partitions is None:
            chunk = threaded
        else:
            every_row = np.arange(len(threaded))
            chunk = threaded[_QUOTE_INPUTS].copy(deep=False)
            chunk["body"] = read_bodies(body_rows_of(threaded, every_row, partitions), len(chunk))
        result = threaded.copy(deep=False)
        result[_QUOTE_OUTPUTS] = _compact_outputs(apply_quotes(chunk)).set_index(threaded.index)
        return result
    chunk_of = quote_chunks(threaded)
    inputs = threaded[_QUOTE_INPUTS if partitions is not None else [*_QUOTE_INPUTS, "body"]]
    chunks = range(int(chunk_of.max()) + 1 if len(chunk_of) else 0)
    parts: list[pd.DataFrame] = []

    def task(i: int) -> tuple[pd.DataFrame, BodyRows | None]:
        rows = np.flatnonzero(chunk_of == i)
        if partitions is None:
            return inputs.iloc[rows], None
        return inputs.iloc[rows], body_rows_of(threaded, rows, partitions)

    with ProcessPoolExecutor(max_workers=count) as pool:
        # One chunk per worker in flight (plus one waiting): few bodies exist at once.
        pending: list[Future[pd.DataFrame]] = []
        for i in chunks:
            pending.append(pool.submit(_quotes_of, *task(i)))
            if len(pending) > count:
                parts.append(pending.pop(0).result())
        parts.extend(future.result() for future in pending)
    result = threaded.copy(deep=False)  # copy-on-write: no column is duplicated
    if not parts:
        result[_QUOTE_OUTPUTS] = _compact_outputs(apply_quotes(threaded.head(0)))
        return result
    # The parts hold chunk 0's rows, then chunk 1's…: put each column back in the table's order,
    # one column at a time, so that the texts exist at most twice for a moment.
    order = np.argsort(chunk_of, kind="stable")
    inverse = np.empty(len(order), dtype=np.int64)
    inverse[order] = np.arange(len(order))
    for name in _QUOTE_OUTPUTS:
        values = [part.pop(name) for part in parts]
        if name in _TEXT_OUTPUTS:
            texts = pa.chunked_array([pa.array(v.array) for v in values])
            del values
            column = texts.take(pa.array(inverse)).to_pandas()
        else:
            column = pd.Series(np.concatenate([v.to_numpy() for v in values])[inverse])
        result[name] = column.set_axis(threaded.index)
    return result


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
    overrides = overrides_from_config(config.raw) if config is not None else None
    result = resolve_authors(segmented, overrides)
    return Analysis(result.messages, result.authors)
