"""Freed memory goes back to the system between stages (glibc's heap and Arrow's pool)."""

from __future__ import annotations

import os
import subprocess
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


def _arrow_pool_after_import(environment: dict[str, str]) -> str:
    probe = "import analyzer, pyarrow; print(pyarrow.default_memory_pool().backend_name)"
    env = {k: v for k, v in os.environ.items() if k != "ARROW_DEFAULT_MEMORY_POOL"}
    result = subprocess.run(
        [sys.executable, "-c", probe],
        env={**env, **environment},
        capture_output=True,
        text=True,
        check=True,
    )
    return result.stdout.strip()


def test_arrow_allocates_from_malloc_unless_told_otherwise() -> None:
    """mimalloc, Arrow's default, made partition reads ten times slower one run in two (see
    analyzer/__init__.py); the package picks malloc when imported first, and a pool the user
    names stays."""
    assert _arrow_pool_after_import({}) == "system"
    assert _arrow_pool_after_import({"ARROW_DEFAULT_MEMORY_POOL": "mimalloc"}) == "mimalloc"
