"""Write tables to files; the format follows the file's extension."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd

from analyzer.errors import AnalyzerError

EXPORT_FORMATS = (".csv", ".jsonl", ".json", ".parquet")


def _plain(value: Any) -> Any:
    """A JSON-friendly value: arrays and lists as lists, timestamps as ISO 8601."""
    if isinstance(value, np.ndarray):
        return [_plain(v) for v in value.tolist()]
    if isinstance(value, list | tuple):
        return [_plain(v) for v in value]
    if isinstance(value, pd.Timestamp):
        return value.isoformat()
    if isinstance(value, np.generic):
        return value.item()
    if value is pd.NaT or (isinstance(value, float) and np.isnan(value)):
        return None
    return value


def _with_list_columns_as_json(frame: pd.DataFrame) -> pd.DataFrame:
    out = frame.copy()
    for column in out.columns:
        if (
            out[column].dtype == object
            and out[column].map(lambda v: isinstance(v, list | tuple | np.ndarray)).any()
        ):
            out[column] = out[column].map(
                lambda v: (
                    json.dumps(_plain(v), ensure_ascii=False)
                    if isinstance(v, list | tuple | np.ndarray)
                    else v
                )
            )
    return out


def check_export_path(path: Path) -> None:
    """Refuse an unknown format before any work is done."""
    if path.suffix.lower() not in EXPORT_FORMATS:
        raise AnalyzerError(
            f"{path}: unknown export format {path.suffix or '(none)'!r}; use one of "
            + ", ".join(EXPORT_FORMATS)
        )


def export_frame(frame: pd.DataFrame, path: Path) -> Path:
    """Write ``frame`` to ``path`` as CSV, JSON Lines, JSON or Parquet (by extension).

    Lists (references, defects, e-mail addresses) become JSON arrays in CSV cells; dates are
    ISO 8601 in UTC in text formats.
    """
    check_export_path(path)
    suffix = path.suffix.lower()
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        if suffix == ".parquet":
            frame.to_parquet(path, index=False)
        elif suffix == ".csv":
            _with_list_columns_as_json(frame).to_csv(
                path, index=False, date_format="%Y-%m-%dT%H:%M:%S%z"
            )
        else:
            records = [
                {key: _plain(value) for key, value in row.items()}
                for row in frame.to_dict(orient="records")
            ]
            with open(path, "w", encoding="utf-8") as fh:
                if suffix == ".jsonl":
                    for record in records:
                        fh.write(json.dumps(record, ensure_ascii=False) + "\n")
                else:
                    json.dump(records, fh, ensure_ascii=False, indent=1)
    except OSError as exc:
        raise AnalyzerError(f"{path}: cannot write ({exc.strerror or exc})") from None
    return path
