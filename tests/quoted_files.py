"""Real archive files as the pipeline's quotes stage has them, for the tests of quote removal
(imported by them, as `test_cli.run` is by the command tests)."""

from __future__ import annotations

from pathlib import Path

import pandas as pd

from analyzer.api import parse_sources
from analyzer.quotes import apply_quotes
from analyzer.threads import thread_messages


def quoted_files(corpora: Path, *paths: str, list_name: str | None = None) -> pd.DataFrame:
    """Archive files of one list (paths under ``corpora``), threaded and through the quotes
    stage; the list is named after the first path's folder unless ``list_name`` is given."""
    name = list_name if list_name is not None else paths[0].split("/")[0]
    return apply_quotes(thread_messages(parse_sources([corpora / p for p in paths], name)))


def row_of(frame: pd.DataFrame, message_id: str) -> pd.Series:
    """The one row of ``message_id``."""
    rows = frame[frame["message_id"] == message_id]
    assert len(rows) == 1, message_id
    return rows.iloc[0]
