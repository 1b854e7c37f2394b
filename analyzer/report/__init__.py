"""The HTML report: one page to open and share, with figures, sortable tables and the largest
threads, written beside PNG copies of its figures.

``write_report`` reads the list through the public API (so the report shows what the API
returns), gathers what it shows (``data``), draws the figures (``figures``) and renders the page
(``html``). The page is self-contained: figures are data: URIs, style and scripts are inline,
nothing is fetched from the network, and a content security policy forbids anything else.
"""

from __future__ import annotations

import os
import re
from collections.abc import Callable
from functools import partial
from pathlib import Path

from matplotlib.figure import Figure

from analyzer import api
from analyzer.config import DEFAULT_DATA_DIR, load_list_config
from analyzer.dateranges import DateRange
from analyzer.errors import AnalyzerError
from analyzer.report.data import MESSAGE_COLUMNS_READ, ReportData, collect
from analyzer.report.figures import (
    DPI,
    activity_figure,
    leaders_figure,
    network_figure,
    png_bytes,
    thread_figure,
    topics_figure,
)
from analyzer.report.html import Chart, render_page

__all__ = ["ReportData", "ReportProgress", "collect", "write_report"]


def _chart(name: str, figure: Figure, alt: str) -> Chart:
    width, height = figure.get_size_inches()
    return Chart(
        name=name,
        png=png_bytes(figure),
        alt=alt,
        width=round(width * DPI),
        height=round(height * DPI),
    )


ReportProgress = Callable[[str, int, int], None]
"""Told ``(stage, done, total)`` as the report is made: ``read``, ``tables`` (the timelines,
topics, threads and network it shows; when it discovers its topics, their stages too: ``names``,
``words``, ``topics``, ``assign``, as ``api.discovery_progress`` tells them), ``figures`` one by
one, ``page``."""


def _no_progress(stage: str, done: int, total: int) -> None:
    """The progress of a report nobody watches."""


def draw_charts(data: ReportData, on_progress: ReportProgress = _no_progress) -> dict[str, Chart]:
    """Every figure of the report, keyed by its file name without ``.png``; ``on_progress`` is
    told each one drawn (``figures``, done, total)."""
    drawings: list[tuple[str, Callable[[], Figure], str]] = [
        ("activity", partial(activity_figure, data), "Messages and active authors per period"),
        ("authors", partial(leaders_figure, data), "Messages of the leading authors per period"),
        ("network", partial(network_figure, data), "Reply network of the most connected people"),
    ]
    if data.topics:
        drawings.append(
            ("topics", partial(topics_figure, data.topics, data), "Messages per topic and period")
        )
    for index, view in enumerate(data.largest, 1):
        drawings.append(
            (
                f"thread-{index:02d}",
                partial(thread_figure, view),
                f"Timeline and reply tree of thread {index}",
            )
        )
    charts = {}
    on_progress("figures", 0, len(drawings))
    for done, (name, draw, alt) in enumerate(drawings, 1):
        charts[name] = _chart(f"{name}.png", draw(), alt)
        on_progress("figures", done, len(drawings))
    return charts


def _write_atomically(path: Path, content: bytes) -> None:
    """Write beside the target, then rename: a reader never sees half a file."""
    tmp = path.with_name(f".{path.name}.{os.getpid()}.tmp")
    try:
        tmp.write_bytes(content)
        os.replace(tmp, path)
    finally:
        tmp.unlink(missing_ok=True)


_FIGURE_NAME = re.compile(r"(?:activity|authors|topics|network|thread-\d+)\.png")


def _remove_stale_figures(figures_dir: Path, current: set[str]) -> None:
    """Figures an earlier report wrote that this one does not have (fewer threads, no topics)."""
    for path in figures_dir.iterdir():
        if _FIGURE_NAME.fullmatch(path.name) and path.name not in current:
            path.unlink()


def write_report(
    list_name: str,
    out_dir: Path,
    *,
    data_dir: Path = DEFAULT_DATA_DIR,
    freq: str = "M",
    top_authors: int = 10,
    top_threads: int = 5,
    n_topics: int | None = None,
    seed: int = 0,
    dates: DateRange | None = None,
    tz: str = "UTC",
    on_progress: ReportProgress | None = None,
) -> Path:
    """Write ``out_dir/index.html`` and ``out_dir/figures/*.png`` for the list; return the page.

    ``freq`` is the period of the timelines (D, W, M, Q, Y); ``top_authors`` and
    ``top_threads`` say how many authors the activity map and how many threads (with figure and
    reply tree) the report shows; ``n_topics`` how many topics it discovers with ``seed``
    instead of the configured ones (by default: the configured topics, else 6 discovered);
    ``dates`` the range it covers (by default, the whole list); ``tz`` the IANA zone whose
    local time the periods are of; ``on_progress`` is told each stage (``ReportProgress``),
    minutes on a large list. Running it again on the same store gives the same files.
    """
    on_progress = on_progress or _no_progress
    on_progress("read", 0, 1)
    analysis = api.analysis(list_name, data_dir, bodies=False, columns=MESSAGE_COLUMNS_READ)
    config = load_list_config(list_name, data_dir)
    on_progress("tables", 0, 1)
    data = collect(
        analysis,
        config,
        freq=freq,
        top_authors=top_authors,
        top_threads=top_threads,
        n_topics=n_topics,
        seed=seed,
        dates=dates,
        tz=tz,
        on_progress=on_progress,  # (a discovery's stages, minutes on a large list)
        coverage=api.coverage(list_name, data_dir, tz=tz),
    )
    charts = draw_charts(data, on_progress)
    on_progress("page", 0, 1)
    page = render_page(data, charts)
    figures_dir = out_dir / "figures"
    try:
        figures_dir.mkdir(parents=True, exist_ok=True)
        for chart in charts.values():
            _write_atomically(figures_dir / chart.name, chart.png)
        _remove_stale_figures(figures_dir, {chart.name for chart in charts.values()})
        index = out_dir / "index.html"
        _write_atomically(index, page.encode("utf-8"))
    except OSError as exc:
        raise AnalyzerError(f"{out_dir}: the report cannot be written ({exc.strerror})") from None
    return index
