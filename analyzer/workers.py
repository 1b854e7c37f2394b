"""Process pools whose workers end with the process that started them.

A pool stops its workers when its owner stops normally or by an exception; killed (SIGKILL, the
out-of-memory killer, a closed terminal), the owner leaves them working on for no one, holding
memory and writing into a store's scratch folder. On Linux each worker asks the kernel to send
it SIGTERM when its parent ends (``prctl(PR_SET_PDEATHSIG)``); elsewhere pools are plain.
"""

from __future__ import annotations

import ctypes
import os
import signal
import sys
from concurrent.futures import ProcessPoolExecutor

_PR_SET_PDEATHSIG = 1


def worker_pool(max_workers: int) -> ProcessPoolExecutor:
    """A ``ProcessPoolExecutor`` whose workers end when this process ends."""
    return ProcessPoolExecutor(
        max_workers=max_workers, initializer=_die_with_parent, initargs=(os.getpid(),)
    )


def _die_with_parent(parent_pid: int) -> None:
    if sys.platform.startswith("linux"):
        libc = ctypes.CDLL(None, use_errno=True)
        libc.prctl(_PR_SET_PDEATHSIG, signal.SIGTERM)
    if os.getppid() != parent_pid:  # the parent ended before the request was made
        os._exit(1)
