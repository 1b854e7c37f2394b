"""An ingest killed part-way, or run twice at once, or whose workers die, never corrupts the
store.

A real ``analyzer ingest`` runs in a child process over the 72 text months of imagej-devel; the
test kills it with SIGKILL once some months are live (the manifest says which), or starts a
second ingest of the same list while it runs.
"""

from __future__ import annotations

import json
import os
import re
import signal
import subprocess
import sys
import time
from collections.abc import Callable
from pathlib import Path

import dask
import pytest
from distributed import LocalCluster

from analyzer import api, cli, pipeline
from analyzer import ingest as ingest_module
from analyzer.cluster import run_on_cluster
from analyzer.errors import AnalyzerError, SourceError
from analyzer.store import MessageStore
from analyzer.threads import thread_messages

LIST = "ij"


@pytest.fixture(scope="module")
def months(corpora: Path) -> list[Path]:
    found = sorted((corpora / "imagej-devel-pipermail").glob("*.txt"))
    assert len(found) == 72
    return found


@pytest.fixture(scope="module")
def reference(months: list[Path], tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The store of an uninterrupted ingest, made in this process."""
    data_dir = tmp_path_factory.mktemp("reference")
    api.ingest(months, list_name=LIST, data_dir=data_dir, workers=1)
    return data_dir


def _start_ingest(months: list[Path], data_dir: Path) -> subprocess.Popen[bytes]:
    return subprocess.Popen(
        [
            sys.executable,
            "-c",
            "from analyzer.cli import main; main()",
            "ingest",
            *map(str, months),
            "--list",
            LIST,
            "--data-dir",
            str(data_dir),
            "--workers",
            "1",
        ],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
    )


def _live_sources(data_dir: Path) -> int:
    manifest = MessageStore(data_dir, LIST).manifest_path
    try:
        return len(json.loads(manifest.read_text("utf-8"))["sources"])
    except FileNotFoundError:
        return 0


def _wait_until(condition: Callable[[], bool], process: subprocess.Popen[bytes]) -> None:
    deadline = time.monotonic() + 120
    while not condition():
        assert process.poll() is None, "the ingest ended before the test could step in"
        assert time.monotonic() < deadline, "the ingest made no progress"
        time.sleep(0.005)


def _exported(data_dir: Path, target: Path) -> list[str]:
    """The messages export (JSON Lines), one line per message, in Message-ID order."""
    api.export_frame(api.messages(LIST, data_dir), target)
    lines = target.read_text("utf-8").splitlines()
    return sorted(lines, key=lambda line: json.loads(line)["message_id"])


def test_sigkill_mid_ingest_keeps_the_store_and_the_next_run_finishes(
    months: list[Path], reference: Path, tmp_path: Path
) -> None:
    data_dir = tmp_path / "data"
    child = _start_ingest(months, data_dir)
    try:
        _wait_until(lambda: _live_sources(data_dir) >= 5, child)
        os.kill(child.pid, signal.SIGKILL)
    finally:
        child.wait()
    assert child.returncode == -signal.SIGKILL
    live = _live_sources(data_dir)
    assert 5 <= live < len(months), "the kill came too late to test anything"

    # The store opens with the earlier data: every live source's messages, nothing half-written.
    store = MessageStore(data_dir, LIST)
    partial = store.read_messages()
    records = store.read_manifest()
    assert len(partial) == sum(rec.stored for rec in records.values())
    complete = MessageStore(reference, LIST).read_messages().set_index("message_id")
    assert set(partial.message_id) <= set(complete.index)

    # The next run takes up the rest (the killed run's lock died with it) and leaves no orphans.
    report = api.ingest(months, list_name=LIST, data_dir=data_dir, workers=1)
    statuses = [o.status for o in report.outcomes]
    assert statuses.count("unchanged") == live
    assert statuses.count("ingested") == len(months) - live
    partitions = {p.name for p in store.partitions_dir.iterdir()}
    assert partitions == {rec.partition for rec in store.read_manifest().values()}
    assert _exported(data_dir, tmp_path / "resumed.jsonl") == _exported(
        reference, tmp_path / "reference.jsonl"
    )


def test_a_second_ingest_of_the_same_list_stops_with_a_clear_message(
    months: list[Path], reference: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    data_dir = tmp_path / "data"
    child = _start_ingest(months, data_dir)
    try:
        _wait_until(lambda: _live_sources(data_dir) >= 3, child)
        saved = sys.argv
        sys.argv = ["analyzer", "ingest", *map(str, months[:3]), "--list", LIST]
        sys.argv += ["--data-dir", str(data_dir), "--workers", "1"]
        try:
            with pytest.raises(SystemExit) as stopped:
                cli.main()
        finally:
            sys.argv = saved
        assert stopped.value.code == 1
        err = capsys.readouterr().err
        assert err.strip() == (
            f"analyzer: error: another ingest of list {LIST!r} is running (pid {child.pid}); "
            "wait for it to finish"
        )
    finally:
        _stdout, stderr = child.communicate(timeout=300)
    assert child.returncode == 0, stderr.decode()
    # The first ingest finished undisturbed: its store is the uninterrupted one.
    ours = MessageStore(data_dir, LIST).read_table().sort_by("message_id")
    theirs = MessageStore(reference, LIST).read_table().sort_by("message_id")
    assert ours.num_rows == theirs.num_rows == 2718
    assert ours.equals(theirs)


# --- worker processes that die ---------------------------------------------------------------

_parse_and_write = ingest_module._parse_and_write


def _dies_on_july(path: Path, *args: object) -> object:
    """A worker killed while it parses July (by the kernel, for its memory, say)."""
    if "July" in path.name:
        os._exit(1)
    return _parse_and_write(path, *args)  # type: ignore[arg-type]


def test_a_dead_ingest_worker_fails_its_sources_and_the_store_keeps_the_others(
    months: list[Path], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    chosen = [m for m in months if m.name.startswith("2013-")][:6]
    assert any("July" in m.name for m in chosen)
    # The pool's workers are forked from this process, so they run the patched function.
    monkeypatch.setattr(ingest_module, "_parse_and_write", _dies_on_july)
    report = api.ingest(chosen, list_name=LIST, data_dir=tmp_path, workers=2)
    by_name = {Path(o.path).name: o for o in report.outcomes}
    july = by_name["2013-July.txt"]
    assert july.status == "failed"
    assert re.fullmatch(
        r".*2013-July\.txt: its worker process ended abruptly \(.+\)", july.error or ""
    )
    # Sources done before the death are stored; the others failed with it, nothing half-written.
    ingested = {name for name, o in by_name.items() if o.status == "ingested"}
    assert {o.status for o in report.outcomes} <= {"ingested", "failed"}
    store = MessageStore(tmp_path, LIST)
    assert {p.name.split("-")[1] for p in store.partition_paths()} == {
        name.split("-")[1] for name in ingested
    }
    # The next run, with healthy workers, ingests what failed and keeps what was stored.
    monkeypatch.setattr(ingest_module, "_parse_and_write", _parse_and_write)
    again = api.ingest(chosen, list_name=LIST, data_dir=tmp_path, workers=2)
    assert {Path(o.path).name for o in again.outcomes if o.status == "unchanged"} == ingested
    assert {o.status for o in again.outcomes} == (
        {"ingested", "unchanged"} if ingested else {"ingested"}
    )


def _dying_quote_worker(*args: object) -> object:
    os._exit(1)


def test_a_dead_quote_worker_stops_the_analysis_with_a_clear_error(
    months: list[Path], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    api.ingest(months[:12], list_name=LIST, data_dir=tmp_path, workers=1)
    store = MessageStore(tmp_path, LIST)
    frame = thread_messages(store.read_messages())
    monkeypatch.setattr(pipeline, "_quotes_of", _dying_quote_worker)
    with pytest.raises(AnalyzerError, match="quote removal stopped: one of its worker processes"):
        pipeline.quotes_in_parallel(frame, workers=2, min_messages=0)


def test_a_task_lost_on_the_dask_cluster_fails_its_source_only(tmp_path: Path) -> None:
    items = [tmp_path / "May.txt", tmp_path / "July.txt", tmp_path / "August.txt"]
    with (
        dask.config.set({"distributed.scheduler.allowed-failures": 0}),
        LocalCluster(
            n_workers=2, threads_per_worker=1, processes=True, dashboard_address=None
        ) as cluster,
    ):
        results = dict(
            run_on_cluster(_named_unless_july, items, scheduler=cluster.scheduler_address)
        )
    assert results[items[0]] == "May.txt" and results[items[2]] == "August.txt"
    lost = results[items[1]]
    assert isinstance(lost, SourceError)
    assert str(lost).startswith(f"{items[1]}: lost on the Dask cluster (")


def _named_unless_july(path: Path) -> str:
    if "July" in path.name:
        os._exit(1)
    return path.name


def test_a_scheduler_address_that_is_not_one_is_named() -> None:
    with pytest.raises(AnalyzerError, match="'nonsense' is not a Dask scheduler address"):
        list(run_on_cluster(_named_unless_july, [Path("x")], scheduler="nonsense"))


_KILLED_IN_QUOTES = """
import os, signal, sys
from pathlib import Path
from analyzer import api, stored_analysis
stored_analysis.BODIES_IN_MEMORY_MAX = 0  # quote chunks go to a scratch folder, as on a large list
def killed(threaded, scratch, *args, **kwargs):
    (scratch / "0.parquet").write_bytes(b"a chunk, half written")
    os.kill(os.getpid(), signal.SIGKILL)
stored_analysis.quotes_to_files = killed
api.prepare_analysis(sys.argv[1], Path(sys.argv[2]))
"""

_ANALYSING_ELSEWHERE = """
import sys, tempfile
from pathlib import Path
from analyzer.stored_analysis import analysing
folder = Path(sys.argv[1])
with analysing(folder):
    print(tempfile.mkdtemp(dir=folder, prefix="tmp"), flush=True)
    sys.stdin.read()
"""


def _scratch(folder: Path) -> set[str]:
    return {p.name for p in folder.iterdir() if p.name.startswith("tmp")}


def test_what_a_killed_analysis_leaves_is_removed_by_the_next_run_not_another_analysis(
    months: list[Path], tmp_path: Path
) -> None:
    """An analysis killed in quote removal leaves its chunk folder (13 MB on twisted-python,
    kept for ever before). The next run removes it, unless another process is analysing the
    list then (that folder may be its own): the run after it does."""
    api.ingest(months[:3], list_name=LIST, data_dir=tmp_path, workers=1)
    folder = tmp_path / LIST / "analysis"
    killed = subprocess.run(
        [sys.executable, "-c", _KILLED_IN_QUOTES, LIST, str(tmp_path)], timeout=300
    )
    assert killed.returncode == -signal.SIGKILL
    (stale,) = _scratch(folder)
    assert (folder / stale / "0.parquet").is_file()
    (folder / ".tmp-k1lled_1.parquet").write_bytes(b"half a file")  # from _write_atomically
    (folder / "tmp-notes").mkdir()  # not a name the analysis gives: left alone
    other = subprocess.Popen(
        [sys.executable, "-c", _ANALYSING_ELSEWHERE, str(folder)],
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        text=True,
    )
    try:
        assert other.stdout is not None
        theirs = Path(other.stdout.readline().strip()).name
        api.prepare_analysis(LIST, tmp_path)  # rebuilt, beside the other process's work
        assert (folder / "key").is_file()
        assert _scratch(folder) == {stale, theirs, "tmp-notes"}
    finally:
        other.communicate("", timeout=60)
    assert other.returncode == 0
    api.prepare_analysis(LIST, tmp_path)  # nothing to analyse: only the sweep
    assert _scratch(folder) == {"tmp-notes"}
    assert not (folder / ".tmp-k1lled_1.parquet").exists()
    assert len(api.messages(LIST, tmp_path, bodies=False)) == len(
        api.stored_messages(LIST, tmp_path)
    )
    # A rebuild sweeps too.
    api.ingest(months[:4], list_name=LIST, data_dir=tmp_path, workers=1)
    killed = subprocess.run(
        [sys.executable, "-c", _KILLED_IN_QUOTES, LIST, str(tmp_path)], timeout=300
    )
    assert killed.returncode == -signal.SIGKILL and len(_scratch(folder)) == 2
    api.prepare_analysis(LIST, tmp_path)
    assert _scratch(folder) == {"tmp-notes"} and (folder / "key").is_file()


_KILLED_OWNER = """
import os, signal, sys, time
from analyzer.workers import worker_pool

pool = worker_pool(1)
print(pool.submit(os.getpid).result(), flush=True)
pool.submit(time.sleep, 120)
time.sleep(0.5)  # the worker is busy with the long task
os.kill(os.getpid(), signal.SIGKILL)
"""


def _ended(pid: int) -> bool:
    """Gone, or a zombie that nobody reaps (a container's first process may not)."""
    try:
        state = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0]
    except (FileNotFoundError, ProcessLookupError, IndexError):
        return True
    return state in ("Z", "X")


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="PR_SET_PDEATHSIG is Linux's")
def test_pool_workers_end_when_their_owner_is_killed() -> None:
    """Killed with SIGKILL, an ingest or analysis left its quote workers working on for no one
    (and writing into the analysis scratch folder); now they end with it."""
    with subprocess.Popen(
        [sys.executable, "-c", _KILLED_OWNER], stdout=subprocess.PIPE, text=True
    ) as owner:
        assert owner.stdout is not None
        worker = int(owner.stdout.readline())
        assert owner.wait(timeout=60) == -signal.SIGKILL
        owner.stdout.close()  # (an orphan worker holds the pipe's other end)
    deadline = time.monotonic() + 10
    while not _ended(worker) and time.monotonic() < deadline:
        time.sleep(0.1)
    if not _ended(worker):
        os.kill(worker, signal.SIGKILL)
        pytest.fail(f"worker {worker} went on after its owner was killed")
