"""The per-source stage on a Dask cluster writes the same store as the local process pool,
whether the workers write into the data directory or stage their partitions at a URL."""

from __future__ import annotations

import re
import shutil
import tarfile
from collections.abc import Iterator
from pathlib import Path
from urllib.parse import urlsplit

import pandas as pd
import pyarrow as pa
import pyarrow.fs as pafs
import pytest
from distributed import LocalCluster
from moto.server import ThreadedMotoServer

from analyzer.errors import StoreError
from analyzer.ingest import ParseOptions, ingest
from analyzer.staging import StagingArea, without_secrets
from analyzer.store import MessageStore

# What an AWS secret key looks like: long, with a `/` that a URL must escape.
SECRET_KEY = "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY"
ESCAPED_SECRET_KEY = SECRET_KEY.replace("/", "%2F")


@pytest.fixture(scope="module")
def cluster() -> Iterator[LocalCluster]:
    with LocalCluster(
        n_workers=2, threads_per_worker=1, processes=True, dashboard_address=None
    ) as local:
        yield local


@pytest.fixture(scope="module")
def s3_endpoint() -> Iterator[str]:
    """A local S3 server (moto's), reached over HTTP as a real object store is."""
    server = ThreadedMotoServer(ip_address="127.0.0.1", port=0, verbose=False)
    server.start()
    host, port = server.get_host_and_port()
    try:
        yield f"{host}:{port}"
    finally:
        server.stop()


def _s3(endpoint: str) -> pafs.S3FileSystem:
    return pafs.S3FileSystem(
        access_key="AKIAEXAMPLE",
        secret_key=SECRET_KEY,
        endpoint_override=endpoint,
        scheme="http",
        region="us-east-1",
        allow_bucket_creation=True,
    )


def _s3_url(endpoint: str, bucket_and_prefix: str) -> str:
    return (
        f"s3://AKIAEXAMPLE:{ESCAPED_SECRET_KEY}@{bucket_and_prefix}"
        f"?endpoint_override={endpoint}&scheme=http&region=us-east-1"
    )


def _messages(data_dir: Path) -> pd.DataFrame:
    frame = MessageStore(data_dir, "ij").read_messages()
    return frame.drop(columns=["source"]).sort_values("message_id").reset_index(drop=True)


def test_dask_cluster_store_equals_process_pool_store(
    corpora: Path,
    tmp_path: Path,
    cluster: LocalCluster,
    s3_endpoint: str,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    src = tmp_path / "src"
    src.mkdir()
    for name in ("2013-May.txt", "2013-June.txt.gz", "2013-July.txt", "2013-August.txt"):
        shutil.copy2(corpora / "imagej-devel-pipermail" / name, src / name)
    pool = ingest([src], data_dir=tmp_path / "pool", options=ParseOptions("ij"), workers=2)
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
    # The same through an S3 server: the workers write there over HTTP, the client reads back.
    _s3(s3_endpoint).create_dir("lists")
    taken: list[tuple[str, str]] = []
    take = StagingArea.take

    def recorded_take(area: StagingArea, name: str) -> bytes:
        content = take(area, name)
        taken.append((urlsplit(area.url).scheme, name))
        return content

    monkeypatch.setattr(StagingArea, "take", recorded_take)
    in_s3 = ingest(
        [src],
        data_dir=tmp_path / "s3",
        options=ParseOptions("ij"),
        scheduler=cluster.scheduler_address,
        staging_url=_s3_url(s3_endpoint, "lists/staging"),
    )
    assert sorted(taken) == [("s3", name) for name in _partitions(tmp_path / "s3")]
    pool_partitions = _partitions(tmp_path / "pool")
    for name, report in (("dask", dask), ("staged", staged), ("s3", in_s3)):
        assert [o.status for o in report.outcomes] == ["ingested"] * 4
        assert [o.record.stored for o in report.outcomes if o.record] == [
            o.record.stored for o in pool.outcomes if o.record
        ]
        assert _partitions(tmp_path / name) == pool_partitions
        pd.testing.assert_frame_equal(_messages(tmp_path / "pool"), _messages(tmp_path / name))
    # Every staged partition was moved into the store, none left behind.
    assert (staging / "ij").is_dir() and not list((staging / "ij").iterdir())
    left = _s3(s3_endpoint).get_file_info(pafs.FileSelector("lists/staging", recursive=True))
    assert [(info.path, info.type) for info in left] == [
        ("lists/staging/ij", pafs.FileType.Directory)
    ]


def test_a_tar_on_the_dask_cluster_gives_the_store_of_the_process_pool(
    corpora: Path, tmp_path: Path, cluster: LocalCluster
) -> None:
    """A worker reads a tar by its path, member by member, as a local process does."""
    months = corpora / "imagej-devel-pipermail"
    tar = tmp_path / "src" / "ij.tar.gz"
    tar.parent.mkdir()
    with tarfile.open(tar, "w:gz") as archive:
        for name in ("2013-May.txt", "2013-June.txt.gz"):
            archive.add(months / name, arcname=f"imagej-devel/{name}")
    shutil.copy2(months / "2013-July.txt", tar.parent / "2013-July.txt")
    pool = ingest([tar.parent], data_dir=tmp_path / "pool", options=ParseOptions("ij"), workers=2)
    dask = ingest(
        [tar.parent],
        data_dir=tmp_path / "dask",
        options=ParseOptions("ij"),
        scheduler=cluster.scheduler_address,
    )
    for report in (pool, dask):
        assert [(Path(o.path).name, o.status) for o in report.outcomes] == [
            ("2013-July.txt", "ingested"),
            ("ij.tar.gz", "ingested"),
        ]
    record = dask.outcomes[1].record
    assert record is not None and record.reader == "tar:pipermail-txt"
    assert _partitions(tmp_path / "dask") == _partitions(tmp_path / "pool")
    pd.testing.assert_frame_equal(_messages(tmp_path / "pool"), _messages(tmp_path / "dask"))
    sources = MessageStore(tmp_path / "dask", "ij").read_messages()["source"]
    assert sources.str.startswith(f"{tar}/imagej-devel/2013-").sum() == record.stored


def test_an_s3_url_that_cannot_be_used_is_named_without_its_secret(
    corpora: Path, tmp_path: Path, s3_endpoint: str
) -> None:
    url = _s3_url(s3_endpoint, "no-such-bucket/staging")
    month = corpora / "imagej-devel-pipermail" / "2013-May.txt"
    with pytest.raises(StoreError) as raised:
        ingest([month], data_dir=tmp_path, options=ParseOptions("ij"), staging_url=url)
    message = str(raised.value)
    assert message.startswith(
        f"s3://AKIAEXAMPLE:***@no-such-bucket/staging?endpoint_override={s3_endpoint}"
        "&scheme=http&region=us-east-1: cannot write there ("
    )
    assert "no-such-bucket" in message.partition("cannot write there")[2]
    assert SECRET_KEY not in message and ESCAPED_SECRET_KEY not in message
    assert not MessageStore(tmp_path, "ij").manifest_path.exists()


def test_secrets_of_object_store_urls_are_hidden_in_messages() -> None:
    secret_in_query = "s3://bucket/p?access_key=AKIA&secret_key=abc%2Bdef123&region=eu"
    said = f"{secret_in_query}: refused; the key abc+def123 was rejected"
    assert without_secrets(said, secret_in_query) == (
        "s3://bucket/p?access_key=AKIA&secret_key=***&region=eu: refused; the key *** was rejected"
    )
    # A short secret is hidden in the URL only: elsewhere it would hide parts of other words.
    short = "s3://key:s@bucket/p"
    assert without_secrets(f"{short}: bucket is missing", short) == (
        "s3://key:***@bucket/p: bucket is missing"
    )
    plain = "file:///shared/staging"
    assert without_secrets(f"{plain}: cannot write there", plain) == (
        f"{plain}: cannot write there"
    )


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
