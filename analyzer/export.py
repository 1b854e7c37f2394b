"""Write tables to files; the format follows the file's extension."""

from __future__ import annotations

import json
import os
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.parquet as pq

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


def _is_list_column(column: pd.Series) -> bool:
    """Lists held as Python objects (numpy arrays, lists) or as an Arrow list column."""
    if isinstance(column.dtype, pd.ArrowDtype):
        return pa.types.is_list(column.dtype.pyarrow_dtype) or pa.types.is_large_list(
            column.dtype.pyarrow_dtype
        )
    return column.dtype == object and bool(
        column.map(lambda v: isinstance(v, list | tuple | np.ndarray)).any()
    )


def _iso_utc(column: pd.Series) -> pd.Series:
    """Dates as the JSON exports write them (``2017-12-01T05:00:02+00:00``), in UTC."""
    utc = column.dt.tz_convert("UTC")
    text = utc.dt.strftime("%Y-%m-%dT%H:%M:%S")
    fraction = utc.dt.microsecond != 0
    if fraction.any():
        text = text.where(~fraction, utc.dt.strftime("%Y-%m-%dT%H:%M:%S.%f"))
    return (text + "+00:00").where(utc.notna(), None)


def _for_csv(frame: pd.DataFrame) -> pd.DataFrame:
    out = frame.copy()
    for column in out.columns:
        values = out[column]
        if isinstance(values.dtype, pd.DatetimeTZDtype):
            out[column] = _iso_utc(values)
        elif _is_list_column(values):
            out[column] = pd.Series(
                [
                    json.dumps(_plain(v), ensure_ascii=False)
                    if isinstance(v, list | tuple | np.ndarray)
                    else v
                    for v in values.astype(object)
                ],
                index=values.index,
                dtype=object,
            )
    return out


def _arrow_table(frame: pd.DataFrame) -> pa.Table:
    """The frame as Arrow, with list columns that hold no element still typed as lists of text
    (not ``list<null>``), so that exports of two lists have the same schema."""
    table = pa.Table.from_pandas(frame, preserve_index=False)
    for i, field in enumerate(table.schema):
        if pa.types.is_list(field.type) and pa.types.is_null(field.type.value_type):
            table = table.set_column(
                i,
                pa.field(field.name, pa.list_(pa.string())),
                table.column(i).cast(pa.list_(pa.string())),
            )
    return table


def check_export_path(path: Path) -> None:
    """Refuse an unknown format, or a folder that cannot be made, before any work is done."""
    if path.suffix.lower() not in EXPORT_FORMATS:
        raise AnalyzerError(
            f"{path}: unknown export format {path.suffix or '(none)'!r}; use one of "
            + ", ".join(EXPORT_FORMATS)
        )
    check_output_folder(path)


def check_output_folder(path: Path) -> None:
    """Refuse an output whose folder cannot be made because a file stands where a folder of its
    path should be: said before the work (minutes on a large archive), not after it, and named,
    where the system's error would say only 'File exists'."""
    existing = path.parent
    while not existing.exists():  # also False under a file: its parent is then looked at
        existing = existing.parent
    if not existing.is_dir():
        raise AnalyzerError(f"{path}: cannot write: {existing} is a file, not a folder")


def export_frame(frame: pd.DataFrame, path: str | os.PathLike[str]) -> Path:
    """Write ``frame`` to ``path`` as CSV, JSON Lines, JSON or Parquet (by extension).

    Lists (references, defects, e-mail addresses) become JSON arrays in CSV cells; dates are
    ISO 8601 in UTC in text formats.
    """
    path = Path(path)
    check_export_path(path)
    suffix = path.suffix.lower()
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        if suffix == ".parquet":
            pq.write_table(_arrow_table(frame), path)
        elif suffix == ".csv":
            _for_csv(frame).to_csv(path, index=False)
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
