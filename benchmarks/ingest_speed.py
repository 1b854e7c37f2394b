"""Time the full ingest of real archives stage by stage, against the floors that peers set.

    .venv/bin/python benchmarks/ingest_speed.py            # twisted-python and openbmc
    .venv/bin/python benchmarks/ingest_speed.py --scale    # also 100k / 300k / 1M synthetic

For each archive it prints: a raw line scan (``grep -c '^From '`` in Python), Python's
``mailbox.mbox`` iteration (headers and payload: what most tools start from), then our stages:
ingest (read, parse, de-duplicate, store; process pool), load, threads, quotes, identity, and the
re-ingest of the unchanged archive. Ratios are against the ``mailbox`` iteration. The analysis
runs as ``analyzer`` runs it on a store (``stored_analysis.analyze_store``): load, threads, quotes,
identity, and the writing of its result.
"""

from __future__ import annotations

import argparse
import gzip
import mailbox
import os
import re
import shutil
import subprocess
import sys
import tempfile
import threading
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from analyzer.corpora import corpora_dir
from analyzer.ingest import ParseOptions, ingest
from analyzer.store import MessageStore
from analyzer.stored_analysis import analyze_store

CORPORA = corpora_dir()


def timed(label: str, action: Callable[[], Any], rows: list[tuple[str, float]]) -> Any:
    start = time.perf_counter()
    result = action()
    rows.append((label, time.perf_counter() - start))
    return result


def _pss_kb(pid: int) -> int:
    """Proportional set size: shared pages split among the processes that share them."""
    try:
        with open(f"/proc/{pid}/smaps_rollup") as fh:
            for line in fh:
                if line.startswith("Pss:"):
                    return int(line.split()[1])
    except OSError:  # the process ended between listing and reading
        pass
    return 0


def _descendants(root: int) -> list[int]:
    parents: dict[int, list[int]] = {}
    for entry in os.scandir("/proc"):
        if not entry.name.isdigit():
            continue
        try:
            with open(f"/proc/{entry.name}/stat") as fh:
                stat = fh.read()
        except OSError:
            continue
        ppid = int(stat.rsplit(")", 1)[1].split()[1])
        parents.setdefault(ppid, []).append(int(entry.name))
    found, todo = [], [root]
    while todo:
        children = parents.get(todo.pop(), [])
        found.extend(children)
        todo.extend(children)
    return found


class TreeMemory:
    """Peak memory of this process and all its workers together, sampled a few times a second.

    ru_maxrss is no use for this: it is per process, and a forked worker's RSS counts the pages
    it shares with its parent. The sum of PSS counts every page once.
    """

    def __init__(self, interval: float = 0.2) -> None:
        self.interval = interval
        self.peak_total_kb = 0
        self.peak_main_kb = 0
        self.peak_workers_kb = 0
        self.peak_at = 0.0
        """Seconds from the start to the peak of the whole tree."""
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._sample, daemon=True)

    def __enter__(self) -> TreeMemory:
        self._thread.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self._stop.set()
        self._thread.join()

    def _sample(self) -> None:
        me = os.getpid()
        start = time.perf_counter()
        while not self._stop.wait(self.interval):
            main = _pss_kb(me)
            workers = sum(map(_pss_kb, _descendants(me)))
            self.peak_main_kb = max(self.peak_main_kb, main)
            self.peak_workers_kb = max(self.peak_workers_kb, workers)
            if main + workers > self.peak_total_kb:
                self.peak_total_kb = main + workers
                self.peak_at = time.perf_counter() - start

    def stage_of_peak(self, rows: list[tuple[str, float]]) -> str:
        """The stage that ran when the peak was sampled, given each stage's seconds in order."""
        elapsed = 0.0
        for stage, seconds in rows:
            elapsed += seconds
            if self.peak_at <= elapsed:
                return stage
        return rows[-1][0]


def _plain_files(paths: list[Path], scratch: Path) -> list[Path]:
    """Uncompressed copies for the peers that cannot read .gz (decompression not timed)."""
    out = []
    for path in paths:
        target = scratch / path.name.removesuffix(".gz")
        target.write_bytes(
            gzip.decompress(path.read_bytes()) if path.suffix == ".gz" else path.read_bytes()
        )
        out.append(target)
    return out


def line_scan(paths: list[Path]) -> int:
    count = 0
    for path in paths:
        with open(path, "rb") as fh:
            count += sum(1 for line in fh if line.startswith(b"From "))
    return count


def mailbox_iteration(paths: list[Path]) -> int:
    count = 0
    for path in paths:
        for message in mailbox.mbox(str(path), create=False):
            message.items()
            message.get_payload(decode=True)
            count += 1
    return count


SPEED_AIM = 0.6
"""The full ingest's aim, as a share of the ``mailbox`` iteration's time."""
MEMORY_AIM_MB = 2048
"""The aim for the whole process tree's peak, at every synthetic size."""


def bench_archive(name: str, sources: list[Path], workers: int | None) -> None:
    print(
        f"\n== {name}: {len(sources)} files, {sum(p.stat().st_size for p in sources) / 1e6:.1f} MB on disk"
    )
    rows: list[tuple[str, float]] = []
    with tempfile.TemporaryDirectory() as tmp:
        scratch = Path(tmp)
        plain = _plain_files(sources, scratch)
        lines = timed("raw line scan (From_ lines)", lambda: line_scan(plain), rows)
        iterated = timed("mailbox.mbox iteration", lambda: mailbox_iteration(plain), rows)
        data_dir = scratch / "data"
        report = timed(
            "ingest: read+parse+dedup+store",
            lambda: ingest(sources, data_dir=data_dir, options=ParseOptions(name), workers=workers),
            rows,
        )
        store = MessageStore(data_dir, name)
        unique = len(store.read_table(["message_id"]).column(0).unique())
        stages = analyze_store(store, scratch / "analysis", workers=workers)
        rows.extend((f"analysis: {stage}", seconds) for stage, seconds in stages.items())
        timed(
            "re-ingest unchanged",
            lambda: ingest(sources, data_dir=data_dir, options=ParseOptions(name), workers=workers),
            rows,
        )
    baseline = dict(rows)["mailbox.mbox iteration"]
    full = sum(
        t
        for label, t in rows
        if label == "ingest: read+parse+dedup+store" or label.startswith("analysis: ")
    )
    print(f"{'stage':34} {'seconds':>8} {'x mailbox':>10}")
    for label, seconds in rows:
        print(f"{label:34} {seconds:8.2f} {seconds / baseline:10.2f}")
    print(f"{'full ingest (all stages)':34} {full:8.2f} {full / baseline:10.2f}")
    print(
        f"aim (issue #9): full ingest at most {SPEED_AIM}x mailbox: {_verdict(full / baseline <= SPEED_AIM)}"
    )
    print(
        f"line scan saw {lines} 'From ' lines; mailbox iterated {iterated} records; we found "
        f"{report.total('separators')} messages, stored {report.total('stored')} "
        f"({unique} unique across sources)"
    )


def make_synthetic(target: Path, total: int, per_file: int = 10_000) -> list[Path]:
    """Replicate real twisted-python messages (one copy of each) with new Message-IDs, replies
    re-pointed alike: ``total`` records that are ``total`` unique messages.

    Each copy's subjects end with the copy's number. A real archive of a million messages is not
    fifty copies of the same threads on the same days: with the same subjects and dates,
    threading by subject would join the copies into one another, and each stretch of the archive
    would quote ancestors from every other (every quote worker reading every partition).
    """
    source = sorted((CORPORA / "twisted-python-pipermail-gz").glob("20*.txt.gz"))
    records: list[bytes] = []
    split = re.compile(rb"^(?=From \S+ at \S+  \w{3} \w{3} [ \d]\d \d\d:\d\d:\d\d \d{4}\n)", re.M)
    header_id = re.compile(rb"^Message-ID:\s*(\S+)", re.M | re.I)
    seen: set[bytes] = set()
    for path in source:
        for record in split.split(gzip.decompress(path.read_bytes())):
            found = header_id.search(record.partition(b"\n\n")[0])
            # The archive holds most messages twice: one copy each, so that N records are N
            # unique messages.
            if record.strip() and found and found.group(1) not in seen:
                seen.add(found.group(1))
                records.append(record)
        if len(records) > 20_000:
            break
    msgid = re.compile(rb"<([^<>\s]+)>")
    subject = re.compile(rb"^(Subject:[^\n]*)", re.M | re.I)
    files = []
    written = 0
    copy = 0
    while written < total:
        out = target / f"synthetic-{len(files):04d}.mbox"
        with open(out, "wb") as fh:
            for _ in range(min(per_file, total - written)):
                record = records[written % len(records)]
                copy = written // len(records)
                head, sep, body = record.partition(b"\n\n")
                head = msgid.sub(
                    lambda m, c=copy: b"<" + str(c).encode() + b"." + m.group(1) + b">", head
                )
                head = subject.sub(lambda m, c=copy: m.group(1) + b" (copy %d)" % c, head, 1)
                fh.write(head + sep + body)
                written += 1
        files.append(out)
    return files


def bench_scale(sizes: list[int], workers: int | None) -> None:
    """Each size in a fresh process, so that its peak memory is its own."""
    print("\n== synthetic scale (twisted-python messages replicated with new Message-IDs)")
    print(
        f"{'messages':>10} {'ingest s':>9} {'load s':>7} {'threads s':>10} {'quotes s':>9} "
        f"{'identity s':>11} {'write s':>8} {'total s':>8} {'us/msg':>7} {'peak MB':>8} "
        f"{'main MB':>8} {'workers MB':>11} {'peak in':>9}"
    )
    print(
        "(peak MB: main process and workers together, summed PSS sampled every 0.2 s; main MB and"
        " workers MB: the peak of each part alone)"
    )
    for size in sizes:
        subprocess.run(
            [sys.executable, __file__, "--one-scale", str(size), "--workers", str(workers)],
            check=True,
        )


def one_scale(size: int, workers: int | None) -> None:
    with tempfile.TemporaryDirectory() as tmp:
        scratch = Path(tmp)
        (scratch / "src").mkdir()
        files = make_synthetic(scratch / "src", size)
        rows: list[tuple[str, float]] = []
        with TreeMemory() as memory:
            timed(
                "ingest",
                lambda: ingest(
                    files,
                    data_dir=scratch / "data",
                    options=ParseOptions("synthetic"),
                    workers=workers,
                ),
                rows,
            )
            shutil.rmtree(scratch / "src")
            store = MessageStore(scratch / "data", "synthetic")
            stages = analyze_store(store, scratch / "analysis", workers=workers)
        rows.extend(stages.items())
        total = sum(t for _, t in rows)
        seconds = dict(rows)
        print(
            f"{size:>10} {seconds['ingest']:9.1f} {seconds['load']:7.1f} {seconds['threads']:10.1f} "
            f"{seconds['quotes']:9.1f} {seconds['identity']:11.1f} {seconds['write']:8.1f} "
            f"{total:8.1f} {total / size * 1e6:7.0f} {memory.peak_total_kb / 1024:8.0f} "
            f"{memory.peak_main_kb / 1024:8.0f} {memory.peak_workers_kb / 1024:11.0f} "
            f"{memory.stage_of_peak(rows):>9}",
            flush=True,
        )
    peak_mb = memory.peak_total_kb / 1024
    print(
        f"{'':>10} aim (issue #9): peak under {MEMORY_AIM_MB} MB: {_verdict(peak_mb < MEMORY_AIM_MB)}"
    )


def _verdict(met: bool) -> str:
    return "met" if met else "NOT MET"


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--scale", action="store_true", help="also run the synthetic scale test")
    parser.add_argument(
        "--only-scale", action="store_true", help="run the synthetic scale test only"
    )
    parser.add_argument("--sizes", default="100000,300000,1000000")
    parser.add_argument("--workers", type=int, default=os.cpu_count())
    parser.add_argument("--one-scale", type=int, default=None, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.one_scale:
        one_scale(args.one_scale, args.workers)
        return
    print(f"{os.cpu_count()} cores, workers={args.workers}")
    if args.only_scale:
        bench_scale([int(s) for s in args.sizes.split(",")], args.workers)
        return
    bench_archive(
        "twisted-python",
        sorted((CORPORA / "twisted-python-pipermail-gz").glob("*.txt.gz")),
        args.workers,
    )
    bench_archive("openbmc", sorted((CORPORA / "openbmc-mbox-2019").iterdir()), args.workers)
    if args.scale:
        bench_scale([int(s) for s in args.sizes.split(",")], args.workers)


if __name__ == "__main__":
    main()
