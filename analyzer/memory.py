"""Handing memory that a stage freed back to the system before the next stage runs.

Both allocators keep freed memory for reuse: Arrow's pool, and glibc's malloc, whose heap a
stage of millions of small objects (threading a large archive) leaves in pieces. Kept, it makes
the peak of a long analysis the sum of its stages rather than the largest of them, and the
workers forked for the next stage start from it.
"""

from __future__ import annotations

import ctypes
import ctypes.util
import functools
from collections.abc import Callable

import pyarrow as pa


@functools.cache
def _malloc_trim() -> Callable[[int], int] | None:
    """glibc's ``malloc_trim``, or None where the C library has none (musl, macOS)."""
    name = ctypes.util.find_library("c")
    if name is None:
        return None
    try:
        trim: Callable[[int], int] = ctypes.CDLL(name).malloc_trim
    except (OSError, AttributeError):
        return None
    return trim


def give_back_memory() -> None:
    """Return the free memory of Arrow's pool and of the C heap to the system.

    Costs a walk over the heap (milliseconds for a large one): for stage boundaries, not loops.
    """
    pa.default_memory_pool().release_unused()
    trim = _malloc_trim()
    if trim is not None:
        trim(0)
