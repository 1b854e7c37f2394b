"""Speed of quote removal (`apply_quotes`) on whole archives, per core.

    .venv/bin/python benchmarks/quotes_speed.py [--repeat N] [--profile] [NAME ...]

Each archive of ../shared/corpora (or $ANALYZER_CORPORA) is parsed and threaded first (not
timed); then `apply_quotes` runs N times on it and the best CPU time of the process is kept, so
that the figure is per core and depends little on what else the machine runs. `--profile` prints where the time goes
(cProfile, first run only: the profiler slows the run down several times).
"""

from __future__ import annotations

import argparse
import cProfile
import pstats
import time

from analyzer.api import parse_sources
from analyzer.corpora import corpora_dir
from analyzer.quotes import apply_quotes
from analyzer.threads import thread_messages

CORPORA = corpora_dir()
# Which files of each archive to read (one format per archive, no duplicates).
ARCHIVES = {
    "twisted-python-pipermail-gz": "*",
    "clearwater-pipermail": "*.txt*",
    "openbmc-mbox-2019": "*.mbox*",
    "usrp-users-mbox": "*.mbox*",
    "imagej-devel-pipermail": "*.txt",
}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("names", nargs="*", help="archives (default: all)")
    parser.add_argument("--repeat", type=int, default=3, help="runs per archive (best kept)")
    parser.add_argument("--profile", action="store_true", help="print a cProfile summary")
    args = parser.parse_args()
    names = args.names or list(ARCHIVES)
    print(f"{'archive':30s} {'messages':>9s} {'best cpu s':>11s} {'msgs/s/core':>12s}")
    for name in names:
        paths = sorted(p for p in (CORPORA / name).glob(ARCHIVES[name]) if p.is_file())
        frame = thread_messages(parse_sources(paths, name))
        best = float("inf")
        for _ in range(args.repeat):
            start = time.process_time()
            apply_quotes(frame)
            best = min(best, time.process_time() - start)
        rate = len(frame) / best if best else float("inf")
        print(f"{name:30s} {len(frame):9,d} {best:11.2f} {rate:12,.0f}", flush=True)
        if args.profile:
            profile = cProfile.Profile()
            profile.runcall(apply_quotes, frame)
            pstats.Stats(profile).sort_stats("tottime").print_stats(20)


if __name__ == "__main__":
    main()
