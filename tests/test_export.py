"""Exports: the same table gives the same files, whatever form it was read in."""

from __future__ import annotations

import json
from pathlib import Path

import pandas as pd
import pyarrow.parquet as pq
import pytest

from analyzer import api

LIST = "ij"


@pytest.fixture(scope="module")
def data_dir(corpora: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = tmp_path_factory.mktemp("export-store")
    months = sorted((corpora / "imagej-devel-pipermail").glob("2015-*.txt"))[:3]
    api.ingest(months, list_name=LIST, data_dir=folder, workers=1)
    return folder


def test_lean_and_whole_reads_export_the_same_csv_with_lists_as_json(
    data_dir: Path, tmp_path: Path
) -> None:
    whole = api.messages(LIST, data_dir).drop(columns=["body"])
    lean = api.messages(LIST, data_dir, bodies=False)
    assert list(lean.columns) == list(whole.columns)
    a = pd.read_csv(api.export_frame(whole, tmp_path / "whole.csv"), dtype=str)
    b = pd.read_csv(api.export_frame(lean, tmp_path / "lean.csv"), dtype=str)
    pd.testing.assert_frame_equal(a, b)
    replies = b[b["in_reply_to"].notna()]
    assert len(replies) > 10
    for cell in b["references"]:  # every cell a JSON array of Message-IDs, none a numpy repr
        assert isinstance(json.loads(cell), list)
    assert any(json.loads(cell) for cell in replies["references"])


def test_dates_are_written_alike_in_csv_and_json_lines(data_dir: Path, tmp_path: Path) -> None:
    lean = api.messages(LIST, data_dir, bodies=False)
    csv_dates = pd.read_csv(api.export_frame(lean, tmp_path / "m.csv"), dtype=str)["date"]
    lines = api.export_frame(lean, tmp_path / "m.jsonl").read_text(encoding="utf-8").splitlines()
    json_dates = [json.loads(line)["date"] for line in lines]
    assert csv_dates.tolist() == json_dates
    assert all(d.endswith("+00:00") for d in json_dates)
    back = pd.to_datetime(csv_dates, utc=True)
    assert (back == lean["date"].reset_index(drop=True)).all()


def test_parquet_types_do_not_depend_on_the_data(data_dir: Path, tmp_path: Path) -> None:
    """A list column that holds no element in the rows exported (attachments, in messages that
    had none) is still a list of text, as in rows that have some."""
    whole = api.messages(LIST, data_dir)
    whole = whole[whole["attachments"].map(len) == 0]
    assert len(whole) > 50
    schema = pq.read_schema(api.export_frame(whole, tmp_path / "m.parquet"))
    assert str(schema.field("attachments").type) == "list<element: string>"
    assert str(schema.field("references").type) == "list<element: string>"
