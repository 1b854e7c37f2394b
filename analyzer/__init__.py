"""Study debates on mailing lists: ingest Pipermail and mbox archives, thread them, separate each
author's own words from quotes, and build timelines, exports and reports (``analyzer.api``)."""

import os
import sys

if "pyarrow" not in sys.modules:
    # Arrow takes its allocator from this variable once, when it is first imported, and its
    # default (mimalloc) made the reading of a store's many small partitions, at times, ten to
    # thirty times slower per file (2 ms became 40-100 ms, one run in two on a 2-core machine:
    # twisted-python's threads stage took 0.7 s or 1.9 s, its whole ingest 7.4 s or 9.6 s). The
    # C library's malloc takes the short time every run, and `memory.give_back_memory` returns
    # what Arrow freed with the rest of the heap. Worker processes inherit the variable. A pool
    # the user named stays; imported after pyarrow, the package leaves Arrow's choice alone.
    os.environ.setdefault("ARROW_DEFAULT_MEMORY_POOL", "system")
