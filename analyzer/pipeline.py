"""The analysis stages in order (threads → quotes → identity), and a cache of their result.

The analysis is a pure function of the store, the list's configuration and the code of the
stages, so its result is kept beside the store under a key made of all three; any change to one
of them recomputes it. Nothing here is a source of truth: deleting the cache loses nothing.
"""

from __future__ import annotations

import contextlib
import hashlib
import os
import tempfile
from collections.abc import Callable
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


def run_analysis(frame: pd.DataFrame, config: ListConfig | None = None) -> Analysis:
    """Threads, then quotes (which use the threads' ancestors), then author identity."""
    segmented = apply_quotes(thread_messages(frame))
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
    if key_file.is_file() and key_file.read_text().strip() == key:
        with contextlib.suppress(OSError, ValueError):
            return Analysis(
                pd.read_parquet(folder / "messages.parquet"),
                pd.read_parquet(folder / "authors.parquet"),
            )
    analysis = run_analysis(frame_loader(), config)
    with contextlib.suppress(OSError, ValueError):
        _write_cache(folder, key, analysis)
    return analysis


def _write_cache(folder: Path, key: str, analysis: Analysis) -> None:
    folder.mkdir(parents=True, exist_ok=True)
    (folder / "key").unlink(missing_ok=True)  # invalid until every file is in place
    for name, frame in (("messages", analysis.messages), ("authors", analysis.authors)):
        fd, tmp = tempfile.mkstemp(dir=folder, suffix=".parquet")
        os.close(fd)
        frame.to_parquet(tmp, index=False)
        os.replace(tmp, folder / f"{name}.parquet")
    (folder / "key").write_text(key)
