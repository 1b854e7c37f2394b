"""The per-source stage on a Dask cluster writes the same store as the local process pool,
whether the workers write into the data directory or stage their partitions at a URL."""

from __future__ import annotations

import re
import shutil
from pathlib import Path

import pandas as pd
import pyarrow as pa
import pytest
from distributed import LocalCluster

from analyzer.errors import StoreError
from analyzer.ingest import ParseOptions, ingest
from analyzer.staging import StagingArea
from analyzer.store import MessageStore


def _messages(data_dir: Path) -> pd.DataFrame:
    frame = MessageStore(data_dir, "ij").read_messages()
    return frame.drop(columns=["source"]).sort_values("message_id").reset_index(drop=True)


def test_dask_cluster_store_equals_process_pool_store(corpora: Path, tmp_path: Path) -> None:
    src = tmp_path / "src"
    src.mkdir()
    for name in ("2013-May.txt", "2013-June.txt.gz", "2013-July.txt", "2013-August.txt"):
        shutil.copy2(corpora / "imagej-devel-pipermail" / name, src / name)
    pool = ingest([src], data_dir=tmp_path / "pool", options=ParseOptions("ij"), workers=2)
    with LocalCluster(
        n_workers=2, threads_per_worker=1, processes=True, dashboard_address=None
    ) as cluster:
        dask = ingest(
            [src],
            data_dir=tmp_path / "dask",
            options=ParseOptions("ij"),
            scheduler=cluster.scheduler_address,
        )
        staging = tmp_path / "object-store"
        staged = ingest(
            [src],
            data_dir=tmp_path / "staged",
            options=ParseOptions("ij"),
            scheduler=cluster.scheduler_address,
            staging_url=staging.as_uri(),
        )
    pool_partitions = _partitions(tmp_path / "pool")
    for name, report in (("dask", dask), ("staged", staged)):
        assert [o.status for o in report.outcomes] == ["ingested"] * 4
        assert [o.record.stored for o in report.outcomes if o.record] == [
            o.record.stored for o in pool.outcomes if o.record
        ]
        assert _partitions(tmp_path / name) == pool_partitions
        pd.testing.assert_frame_equal(_messages(tmp_path / "pool"), _messages(tmp_path / name))
    # Every staged partition was moved into the store, none left behind.
    assert (staging / "ij").is_dir() and not list((staging / "ij").iterdir())


def _partitions(data_dir: Path) -> list[str]:
    return sorted(p.name for p in MessageStore(data_dir, "ij").partitions_dir.iterdir())


def test_a_staging_url_that_cannot_be_used_is_named_and_the_store_kept(
    corpora: Path, tmp_path: Path
) -> None:
    month = corpora / "imagej-devel-pipermail" / "2013-May.txt"
    ingest([month], data_dir=tmp_path, options=ParseOptions("ij"), workers=1)
    before = MessageStore(tmp_path, "ij").manifest_path.read_bytes()
    june = corpora / "imagej-devel-pipermail" / "2013-June.txt.gz"
    with pytest.raises(StoreError, match="nosuch://bucket/x: not a URL of a file system"):
        ingest(
            [june], data_dir=tmp_path, options=ParseOptions("ij"), staging_url="nosuch://bucket/x"
        )
    blocked = tmp_path / "a-file"
    blocked.write_text("not a folder")
    with pytest.raises(StoreError, match=f"{blocked.as_uri()}: cannot write there"):
        ingest([june], data_dir=tmp_path, options=ParseOptions("ij"), staging_url=blocked.as_uri())
    assert MessageStore(tmp_path, "ij").manifest_path.read_bytes() == before


def test_a_damaged_staged_partition_fails_its_source_only(
    corpora: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    months = [corpora / "imagej-devel-pipermail" / n for n in ("2013-May.txt", "2013-July.txt")]
    put = StagingArea.put

    def cut_july_short(area: StagingArea, name: str, table: pa.Table) -> None:
        put(area, name, table)
        if name.startswith("2013-July"):
            staged = tmp_path / "staging" / "ij" / name
            staged.write_bytes(staged.read_bytes()[:-100])

    monkeypatch.setattr(StagingArea, "put", cut_july_short)
    report = ingest(
        months,
        data_dir=tmp_path / "data",
        options=ParseOptions("ij"),
        workers=1,  # in this process, where the damage is done
        staging_url=(tmp_path / "staging").as_uri(),
    )
    assert [o.status for o in report.outcomes] == ["ingested", "failed"]
    assert re.fullmatch(
        f"{re.escape((tmp_path / 'staging').as_uri())}: staged partition 2013-July.* is not a "
        "whole Parquet file",
        report.outcomes[1].error or "",
    )
    stored = MessageStore(tmp_path / "data", "ij")
    assert [p.name.split("-")[1] for p in stored.partition_paths()] == ["May.txt"]
    may = report.outcomes[0].record
    assert may is not None and len(stored.read_messages()) == may.stored
