"""Running the per-source stage on a Dask distributed cluster (the optional ``dask`` extra).

The function that runs there is the very one the local process pool runs (``_parse_and_write``):
each worker parses one source and writes its partition into the store's folder, which therefore
must be a path every worker can reach (a shared file system), or to a staging URL (an object
store, ``analyzer.staging``) from which the client moves it into the store. The manifest is
written by the client alone, as in a local ingest.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator, Sequence
from concurrent.futures import CancelledError
from pathlib import Path
from typing import Any, TypeVar

from analyzer.errors import AnalyzerError, SourceError

T = TypeVar("T")


def run_on_cluster(
    function: Callable[..., T],
    items: Sequence[Path],
    *args: Any,
    scheduler: str,
) -> Iterator[tuple[Path, T | AnalyzerError]]:
    """Map ``function(item, *args)`` over a Dask cluster; yield results in ``items`` order."""
    try:
        from distributed import Client, KilledWorker
    except ImportError:
        raise AnalyzerError(
            "--scheduler needs Dask: pip install 'analyzer[dask]' (dask[distributed])"
        ) from None
    try:
        client = Client(scheduler, timeout="30s")
    except ValueError as exc:  # raised by Dask's address parser
        raise AnalyzerError(
            f"{scheduler!r} is not a Dask scheduler address, such as tcp://host:8786 ({exc})"
        ) from None
    except (OSError, TimeoutError) as exc:
        raise AnalyzerError(f"cannot reach the Dask scheduler at {scheduler} ({exc})") from None
    try:
        futures = [client.submit(function, item, *args, pure=False) for item in items]
        for item, future in zip(items, futures, strict=True):
            try:
                yield item, future.result()
            except AnalyzerError as exc:
                yield item, exc
            except (KilledWorker, CancelledError) as exc:
                # the workers died on this source (out of memory?) or the cluster dropped it:
                # the source fails, the others go on and what they stored is kept
                yield item, SourceError(str(item), f"lost on the Dask cluster ({exc})")
    finally:
        client.close()
