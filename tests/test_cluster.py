"""The per-source stage on a Dask cluster writes the same store as the local process pool."""

from __future__ import annotations

import shutil
from pathlib import Path

import pandas as pd
from distributed import LocalCluster

from analyzer.ingest import ParseOptions, ingest
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
    assert [o.status for o in dask.outcomes] == ["ingested"] * 4
    assert [o.record.stored for o in dask.outcomes if o.record] == [
        o.record.stored for o in pool.outcomes if o.record
    ]
    pool_partitions = sorted(
        p.name for p in MessageStore(tmp_path / "pool", "ij").partitions_dir.iterdir()
    )
    dask_partitions = sorted(
        p.name for p in MessageStore(tmp_path / "dask", "ij").partitions_dir.iterdir()
    )
    assert pool_partitions == dask_partitions
    pd.testing.assert_frame_equal(_messages(tmp_path / "pool"), _messages(tmp_path / "dask"))
