"""The analysis stages in order (threads → quotes → identity), and a cache of their result.

The analysis is a pure function of the store, the list's configuration and the code of the
stages, so its result is kept beside the store under a key made of all three; any change to one
of them recomputes it. Nothing here is a source of truth: deleting the cache loses nothing.
"""

from __future__ import annotations

import hashlib
import os
import tempfile
from collections.abc import Callable
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass
from pathlib import Path

import pandas as pd

from analyzer.config import ListConfig
from analyzer.identity import overrides_from_config, resolve_authors
from analyzer.quotes import apply_quotes
from analyzer.store import MessageStore
from analyzer.threads import thread_messages

_PACKAGE = Path(__file__).resolve().parent
_STAGE_CODE = ("threads", "quotes", "identity", "subjects.py", "pipeline.py", "schema.py")


@dataclass(frozen=True, slots=True)
class Analysis:
    messages: pd.DataFrame
    authors: pd.DataFrame


PARALLEL_QUOTES_MIN_MESSAGES = 20_000
"""Below this, quote removal runs in this process; above, in chunks of whole threads."""
QUOTE_CHUNKS = 4
"""Fixed, so that the result does not depend on how many cores the machine has."""
_QUOTE_INPUTS = ["message_id", "list", "body", "parent_id", "from_email"]
_QUOTE_OUTPUTS = ["authored", "signature", "n_words_authored", "n_lines_quoted"]


def _quotes_of(chunk: pd.DataFrame) -> pd.DataFrame:
    return apply_quotes(chunk)[_QUOTE_OUTPUTS]


def quotes_in_parallel(
    threaded: pd.DataFrame,
    workers: int | None = None,
    *,
    min_messages: int = PARALLEL_QUOTES_MIN_MESSAGES,
) -> pd.DataFrame:
    """``apply_quotes`` over a large archive on every core: threads are never split (a message's
    ancestors travel with it), and each chunk, a quarter of the list, learns its footers."""
    count = workers if workers is not None else (os.cpu_count() or 1)
    if count <= 1 or len(threaded) < min_messages:
        return apply_quotes(threaded)
    keys = threaded["thread_id"].where(threaded["thread_id"].notna(), threaded["message_id"])
    chunk_of = pd.util.hash_array(keys.astype(str).to_numpy()) % QUOTE_CHUNKS
    inputs = threaded[_QUOTE_INPUTS]
    parts: list[pd.DataFrame] = []
    with ProcessPoolExecutor(max_workers=min(count, QUOTE_CHUNKS)) as pool:
        # At most one chunk per worker is in flight, so few copies of the bodies exist at once.
        pending = []
        for i in range(QUOTE_CHUNKS):
            pending.append(pool.submit(_quotes_of, inputs[chunk_of == i]))
            if len(pending) >= count:
                parts.append(pending.pop(0).result())
        parts.extend(future.result() for future in pending)
    result = threaded.copy(deep=False)  # copy-on-write: no column is duplicated
    result[_QUOTE_OUTPUTS] = pd.concat(parts).loc[threaded.index, _QUOTE_OUTPUTS]
    return result


def run_analysis(frame: pd.DataFrame, config: ListConfig | None = None) -> Analysis:
    """Threads, then quotes (which use the threads' ancestors), then author identity."""
    segmented = quotes_in_parallel(thread_messages(frame))
    overrides = overrides_from_config(config.raw) if config is not None else None
    result = resolve_authors(segmented, overrides)
    return Analysis(result.messages, result.authors)


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


def cached_analysis(
    store: MessageStore, config: ListConfig, frame_loader: Callable[[], pd.DataFrame]
) -> Analysis:
    """The analysis of the store, from the cache when the store, config and code are unchanged.

    A cache that cannot be read is recomputed; one that cannot be written is only not kept.
    """
    folder = store.root.parent / "analysis"
    key = _cache_key(store, config)
    key_file = folder / "key"
    if not (key_file.is_file() and key_file.read_text().strip() == key):
        analysis = run_analysis(frame_loader(), config)
        try:
            _write_cache(folder, key, analysis)
        except (OSError, ValueError):
            return analysis  # the cache is a convenience: without it, the result still stands
    try:
        # Read back even after a fresh computation, so that the types are always the same.
        return Analysis(
            pd.read_parquet(folder / "messages.parquet"),
            pd.read_parquet(folder / "authors.parquet"),
        )
    except (OSError, ValueError):
        return run_analysis(frame_loader(), config)


def _write_cache(folder: Path, key: str, analysis: Analysis) -> None:
    folder.mkdir(parents=True, exist_ok=True)
    (folder / "key").unlink(missing_ok=True)  # invalid until every file is in place
    for name, frame in (("messages", analysis.messages), ("authors", analysis.authors)):
        fd, tmp = tempfile.mkstemp(dir=folder, suffix=".parquet")
        os.close(fd)
        frame.to_parquet(tmp, index=False)
        os.replace(tmp, folder / f"{name}.parquet")
    (folder / "key").write_text(key)
