"""Freed memory goes back to the system between stages (glibc's heap and Arrow's pool)."""

from __future__ import annotations

import os
import sys

import pytest

from analyzer.memory import give_back_memory


def _resident_mb() -> float:
    with open("/proc/self/statm") as fh:
        return int(fh.read().split()[1]) * os.sysconf("SC_PAGE_SIZE") / 2**20


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="reads /proc and needs glibc")
def test_a_fragmented_heap_is_given_back() -> None:
    # 2 KB objects come from malloc, not from Python's small-object pools: keeping one in a
    # hundred leaves the heap full of holes that free() alone does not return.
    blocks = [bytes(2048) for _ in range(100_000)]
    kept = blocks[::100]
    del blocks
    before = _resident_mb()
    give_back_memory()
    after = _resident_mb()
    assert before - after > 100, (before, after)
    assert len(kept) == 1_000
