"""Time and peak memory of what researchers read from a large analysed archive.

    .venv/bin/python benchmarks/report_scale.py [--sizes 100000,1000000] [--readers NAME,...]
        [--keep DIR]

For each size, a synthetic archive (twisted-python messages replicated with new Message-IDs, as
``ingest_speed.py --scale`` makes it) is ingested and analysed once (not timed here: see
``ingest_speed.py``); then each reader runs in a fresh process, from the cached analysis, and
its wall time and peak resident memory are printed: the messages table whole, without bodies
and three of its columns, the threads, authors, author timeline, reply network, discovered
topics, and the HTML report. ``--readers`` runs only the named ones
(``"discovered topics,report"``); ``--keep DIR`` builds the archive in ``DIR/SIZE`` and keeps
it, and a later run reuses it (the analysis is cached there), so that code outside the
analysis can be measured before and after a change without ingesting a million messages again.
"""

from __future__ import annotations

import argparse
import contextlib
import json
import resource
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
sys.path.insert(0, str(Path(__file__).resolve().parent))

from ingest_speed import make_synthetic

from analyzer import api
from analyzer.report import write_report

LIST = "synthetic"


def _readers(data_dir: Path, scratch: Path) -> dict[str, Callable[[], object]]:
    return {
        "messages (whole)": lambda: api.messages(LIST, data_dir),
        "messages (no bodies)": lambda: api.messages(LIST, data_dir, bodies=False),
        "messages (3 columns)": lambda: api.messages(
            LIST, data_dir, columns=["date", "author_id", "n_words_authored"]
        ),
        "threads": lambda: api.threads(LIST, data_dir),
        "authors": lambda: api.authors(LIST, data_dir),
        "author timeline": lambda: api.author_timeline(LIST, data_dir=data_dir),
        "reply network": lambda: api.reply_network(LIST, data_dir=data_dir),
        "discovered topics": lambda: api.discovered_topics(LIST, data_dir=data_dir),
        "report": lambda: write_report(LIST, scratch / "report", data_dir=data_dir),
    }


def _peak_resident_kb() -> int:
    """This process's peak resident memory. Linux's ``ru_maxrss`` keeps, across the exec that
    started the process, the resident size of the process it was forked from (the benchmark's,
    1.5 GB after it ingested a million messages); ``VmHWM`` is this program's own."""
    with contextlib.suppress(OSError):
        for line in Path("/proc/self/status").read_text().splitlines():
            if line.startswith("VmHWM:"):
                return int(line.split()[1])
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss


def one_reader(name: str, data_dir: Path) -> None:
    """In a fresh process: run one reader, print its seconds and peak memory as JSON."""
    reader = _readers(data_dir, data_dir.parent)[name]
    start = time.perf_counter()
    reader()
    seconds = time.perf_counter() - start
    peak_mb = _peak_resident_kb() / 1024
    print(json.dumps({"seconds": seconds, "peak_mb": peak_mb}))


def bench(size: int, names: list[str], keep: Path | None) -> None:
    with contextlib.ExitStack() as stack:
        if keep is None:
            scratch = Path(stack.enter_context(tempfile.TemporaryDirectory()))
        else:
            scratch = keep / str(size)
        sources = scratch / "src"
        files = sorted(sources.glob("*.mbox"))
        if not files:  # a kept archive is made once: the same size makes the same messages
            sources.mkdir(parents=True, exist_ok=True)
            files = make_synthetic(sources, size)
        data_dir = scratch / "data"
        start = time.perf_counter()
        api.ingest(files, list_name=LIST, data_dir=data_dir)  # nothing to do when kept
        api.prepare_analysis(LIST, data_dir)
        prepared = time.perf_counter() - start
        print(f"\n== {size:,} messages (ingested and analysed in {prepared:.0f} s)")
        print(f"{'reader':24s} {'seconds':>8s} {'peak MB':>8s}")
        for name in names:
            out = subprocess.run(
                [sys.executable, __file__, "--reader", name, str(data_dir)],
                check=True,
                capture_output=True,
                text=True,
            ).stdout
            figures = json.loads(out.strip().splitlines()[-1])
            print(f"{name:24s} {figures['seconds']:8.1f} {figures['peak_mb']:8.0f}", flush=True)


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--sizes", default="1000000")
    parser.add_argument(
        "--readers", help="comma-separated reader names (default: all of them, in order)"
    )
    parser.add_argument("--keep", type=Path, help="build the archives here and keep them")
    parser.add_argument("--reader", nargs=2, metavar=("NAME", "DATA_DIR"), help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.reader:
        one_reader(args.reader[0], Path(args.reader[1]))
        return
    known = list(_readers(Path(), Path()))
    names = known if args.readers is None else [n.strip() for n in args.readers.split(",")]
    if unknown := [n for n in names if n not in known]:
        parser.error(f"unknown readers {', '.join(unknown)}; known: {', '.join(known)}")
    for size in (int(s) for s in args.sizes.split(",")):
        bench(size, names, args.keep)


if __name__ == "__main__":
    main()
