"""The report's pictures, drawn with matplotlib ``Figure`` objects (no pyplot, no global state)
and rendered to PNG bytes that are the same for the same data."""

from __future__ import annotations

import io
from collections.abc import Sequence
from typing import Final

import networkx as nx
import numpy as np
import pandas as pd
from matplotlib.axes import Axes
from matplotlib.collections import LineCollection
from matplotlib.colors import to_rgba
from matplotlib.dates import AutoDateLocator, ConciseDateFormatter, date2num
from matplotlib.figure import Figure
from matplotlib.patches import FancyArrowPatch
from matplotlib.ticker import MaxNLocator

from analyzer.report.data import ReportData, ThreadView, TopicView

DPI: Final = 100
NETWORK_NODES: Final = 30
THREAD_LEGEND_AUTHORS: Final = 10
TITLE_CHARS: Final = 90
BLUE: Final = "#2b6cb0"
ORANGE: Final = "#dd6b20"
GREY: Final = "#a0aec0"
PALETTE: Final[tuple[str, ...]] = (
    "#1f77b4",
    "#ff7f0e",
    "#2ca02c",
    "#d62728",
    "#9467bd",
    "#8c564b",
    "#e377c2",
    "#7f7f7f",
    "#bcbd22",
    "#17becf",
    "#393b79",
    "#637939",
    "#8c6d31",
    "#843c39",
    "#7b4173",
    "#3182bd",
)


def plain(text: str, limit: int = TITLE_CHARS) -> str:
    """Archive text as matplotlib should draw it: dollar signs literal (never mathtext), cut."""
    flat = " ".join(text.split())
    if len(flat) > limit:
        flat = flat[: limit - 1].rstrip() + "…"
    return flat.replace("$", r"\$")


def png_bytes(figure: Figure) -> bytes:
    """The figure as PNG, without the software stamp, so that equal figures give equal bytes.

    ``Figure.savefig`` draws with Agg for PNG by itself: no backend is chosen, nothing global
    changes (a notebook's own backend is left alone)."""
    buffer = io.BytesIO()
    figure.savefig(buffer, format="png", dpi=DPI, metadata={"Software": None})
    return buffer.getvalue()


def _period_width(starts: pd.Series, freq: str) -> float:
    """Bar width in days: most of one period."""
    days = {"D": 1.0, "W": 7.0, "M": 30.0, "Q": 91.0, "Y": 365.0}[freq]
    return days * 0.8


def _date_axis(ax: Axes) -> None:
    locator = AutoDateLocator(minticks=4, maxticks=10)
    ax.xaxis.set_major_locator(locator)
    ax.xaxis.set_major_formatter(ConciseDateFormatter(locator))


def _x(starts: pd.Series, freq: str) -> np.ndarray:
    """Bar centres: the middle of each period (naive UTC datetimes, as matplotlib wants)."""
    offset = pd.Timedelta(days=_period_width(starts, freq) / 1.6)
    naive = pd.to_datetime(starts, utc=True).dt.tz_localize(None) + offset
    return naive.to_numpy()


def _shades(color: str, part: Sequence[bool] | np.ndarray) -> str | list[tuple[float, ...]]:
    """One colour per bar, paler where the period is partly covered."""
    if not any(part):
        return color
    return [to_rgba(color, 0.45 if p else 1.0) for p in part]


def activity_figure(data: ReportData) -> Figure:
    """Messages and active authors per period, one above the other on the same time axis."""
    periods = data.periods
    figure = Figure(figsize=(11, 5.2), layout="constrained")
    top, bottom = figure.subplots(2, 1, sharex=True)
    x = _x(periods["start"], data.freq)
    width = _period_width(periods["start"], data.freq)
    # a period the archive holds only part of is hatched and pale: its bar is no rise or fall
    part: Sequence[bool] | np.ndarray = (
        periods["partly_covered"].to_numpy(dtype=bool) if "partly_covered" in periods else []
    )
    hatch = ["//" if p else "" for p in part] or None
    top.bar(x, periods["messages"], width=width, color=_shades(BLUE, part), hatch=hatch)
    top.set_ylabel("messages")
    top.set_title(f"Messages per period ({_FREQ_NAMES[data.freq]})", loc="left")
    bottom.bar(x, periods["authors"], width=width, color=_shades(ORANGE, part), hatch=hatch)
    bottom.set_ylabel("active authors")
    bottom.set_title("People who posted (automated senders left out)", loc="left")
    for ax in (top, bottom):
        ax.grid(axis="y", alpha=0.3)
        ax.spines[["top", "right"]].set_visible(False)
        ax.yaxis.set_major_locator(MaxNLocator(integer=True))
    if len(periods) <= _FEW_PERIODS and "period" in periods:
        # a date axis over one or two bars ticks days and names the next month: name the bars
        bottom.set_xticks(x, [str(label) for label in periods["period"]])
        margin = pd.Timedelta(days=width)
        bottom.set_xlim(pd.Timestamp(x.min()) - margin, pd.Timestamp(x.max()) + margin)
    else:
        _date_axis(bottom)
    return figure


_FEW_PERIODS: Final = 3


_FREQ_NAMES: Final = {"D": "day", "W": "week", "M": "month", "Q": "quarter", "Y": "year"}


def _thinned_ticks(ax: Axes, labels: Sequence[str], axis: str, most: int) -> None:
    step = max(1, int(np.ceil(len(labels) / most)))
    positions = list(range(0, len(labels), step))
    shown = [labels[i] for i in positions]
    if axis == "x":
        ax.set_xticks(positions, shown, rotation=90 if len(shown) > 12 else 0)
    else:
        ax.set_yticks(positions, shown)


def leaders_figure(data: ReportData) -> Figure:
    """Messages of the leading authors per period, as a heat map (one row per person)."""
    matrix = data.leaders
    rows, columns = matrix.shape
    figure = Figure(figsize=(11, max(2.6, 0.38 * rows + 1.6)), layout="constrained")
    ax = figure.subplots()
    values = matrix.to_numpy(dtype=float)
    image = ax.imshow(
        np.ma.masked_equal(values, 0),
        aspect="auto",
        cmap="viridis",
        interpolation="nearest",
        vmin=1,  # a period without messages is grey, not the colour bar's first colour
        vmax=max(float(values.max()), 1.0),
    )
    ax.set_facecolor("#f2f2f2")
    _thinned_ticks(ax, [plain(str(name), 40) for name in matrix.index], "y", 60)
    _thinned_ticks(ax, [str(label) for label in matrix.columns], "x", 40)
    if rows * columns <= 400:
        for (row, column), value in np.ndenumerate(values):
            if value:
                ax.text(
                    column,
                    row,
                    f"{int(value)}",
                    ha="center",
                    va="center",
                    fontsize=7,
                    color="white" if value < values.max() * 0.6 else "black",
                )
    colorbar = figure.colorbar(image, ax=ax, shrink=0.8, ticks=MaxNLocator(integer=True))
    colorbar.set_label("messages (grey: none)")
    ax.set_title(f"The {rows} most active authors, messages per period", loc="left")
    return figure


def topics_figure(topics: Sequence[TopicView], data: ReportData) -> Figure:
    """Messages per period of every topic: one small timeline per topic on a shared time axis
    (lines on one axis tangle once there are a few topics and many periods)."""
    rows = len(topics)
    figure = Figure(figsize=(11, 0.9 + 1.05 * rows), layout="constrained")
    axes = figure.subplots(rows, 1, sharex=True, squeeze=False)[:, 0]
    x = _x(data.periods["start"], data.freq)
    width = _period_width(data.periods["start"], data.freq)
    highest = max((int(topic.per_period.max()) for topic in topics), default=0)
    for index, (ax, topic) in enumerate(zip(axes, topics, strict=True)):
        color = PALETTE[index % len(PALETTE)]
        ax.bar(x, topic.per_period.to_numpy(), width=width, color=color)
        ax.set_ylim(0, max(highest, 1) * 1.35)
        ax.yaxis.set_major_locator(MaxNLocator(nbins=2, integer=True))
        ax.text(
            0.005,
            0.95,
            f"{plain(topic.label, 60)}  ({topic.messages:,} message{'' if topic.messages == 1 else 's'})",
            transform=ax.transAxes,
            ha="left",
            va="top",
            fontsize=9,
        )
        ax.grid(axis="y", alpha=0.3)
        ax.spines[["top", "right"]].set_visible(False)
        ax.tick_params(axis="y", labelsize=8)
    axes[0].set_title("Messages per topic and period (same scale in every row)", loc="left")
    _date_axis(axes[-1])
    return figure


def author_colors(view: ThreadView) -> dict[str, str]:
    """A colour per author of the thread: the most active ones get the palette, others grey."""
    counts = view.messages["author"].astype(str).value_counts()
    ordered = sorted(((str(a), int(n)) for a, n in counts.items()), key=lambda i: (-i[1], i[0]))
    colors = {}
    for index, (author, _) in enumerate(ordered):
        colors[author] = PALETTE[index] if index < THREAD_LEGEND_AUTHORS else GREY
    return colors


def thread_figure(view: ThreadView) -> Figure:
    """The thread in time: each message a dot at its date and depth, joined to the message it
    answers, so that the reply tree and the pace of the debate show at once."""
    frame = view.messages
    figure = Figure(
        figsize=(11, max(3.0, min(7.0, 1.2 + 0.35 * (view.max_depth + 1)))), layout="constrained"
    )
    ax = figure.subplots()
    dates = pd.to_datetime(frame["date"], utc=True).dt.tz_localize(None)
    where = {
        mid: (d, depth)
        for mid, d, depth in zip(frame["message_id"], dates, frame["depth"], strict=True)
    }
    segments = []
    for mid, parent in zip(frame["message_id"], frame["parent_id"], strict=True):
        if isinstance(parent, str) and parent in where:
            (x0, y0), (x1, y1) = where[parent], where[mid]
            segments.append([(_num(x0), y0), (_num(x1), y1)])
    ax.add_collection(LineCollection(segments, colors="#718096", linewidths=1.0, zorder=1))
    colors = author_colors(view)
    names = dict(zip(frame["author"].astype(str), frame["name"], strict=False))
    for author, color in colors.items():
        mine = frame["author"].astype(str) == author
        label = plain(str(names.get(author, author)), 30) if color != GREY else None
        ax.scatter(
            dates[mine].to_numpy(),
            frame.loc[mine, "depth"],
            s=28 + 0.15 * frame.loc[mine, "words"].clip(upper=600),
            color=color,
            edgecolor="white",
            linewidth=0.6,
            zorder=2,
            label=label,
        )
    ax.set_ylim(view.max_depth + 0.7, -0.7)
    ax.set_yticks(range(0, view.max_depth + 1, (view.max_depth + 1) // 12 + 1))
    span = max(dates.max() - dates.min(), pd.Timedelta(hours=2))
    ax.set_xlim(_num(dates.min() - span * 0.04), _num(dates.max() + span * 0.04))
    ax.set_ylabel("depth (0 = first message)")
    ax.set_title(plain(view.subject) or "(no subject)", loc="left", fontsize=10)
    ax.grid(alpha=0.25)
    ax.spines[["top", "right"]].set_visible(False)
    ax.legend(
        loc="center left",
        bbox_to_anchor=(1.0, 0.5),
        fontsize=8,
        frameon=False,
        title="authors (dot size: words)",
        title_fontsize=8,
    )
    _date_axis(ax)
    return figure


def _num(value: pd.Timestamp) -> float:
    """A date as matplotlib's axis number (days since the epoch)."""
    return float(date2num(value.to_pydatetime()))


def _network_core(data: ReportData) -> tuple[list[str], list[tuple[str, str, int]]]:
    """The people to draw and their replies: among the most connected people (robots left out),
    the largest group joined by replies, so that no one floats off on their own."""
    nodes = data.nodes[~data.nodes["automated"]].copy()
    nodes["degree"] = nodes["replies_given"] + nodes["replies_received"]
    nodes = nodes[nodes["degree"] > 0].sort_values(["degree", "author"], ascending=[False, True])
    chosen = set(nodes["author"].head(NETWORK_NODES))
    pairs = data.pairs[["source_author", "target_author", "weight"]]
    edges = sorted(
        (str(s), str(t), int(w))
        for s, t, w in pairs.itertuples(index=False)
        if s in chosen and t in chosen
    )
    graph = nx.Graph([(s, t) for s, t, _ in edges])
    if graph.number_of_nodes() == 0:
        return [], []
    core = max(nx.connected_components(graph), key=lambda group: (len(group), sorted(group)))
    return sorted(core), [(s, t, w) for s, t, w in edges if s in core]


def network_figure(data: ReportData) -> Figure:
    """The reply network of the most connected people: arrows from who replied to whom they
    answered, thicker for more replies; dots sized by messages."""
    keep, edges = _network_core(data)
    figure = Figure(figsize=(11, 8 if keep else 1.5), layout="constrained")
    ax = figure.subplots()
    ax.set_axis_off()
    if not keep:
        ax.set_title("Who replied to whom", loc="left")
        ax.text(0.5, 0.5, "No replies between people in this archive.", ha="center", va="center")
        return figure
    ax.set_title(f"Who replied to whom: {len(keep)} of the most connected people", loc="left")
    chosen = data.nodes.set_index("author").loc[keep]
    graph = nx.Graph()
    graph.add_nodes_from(keep)
    for source, target, weight in edges:
        previous = graph.get_edge_data(source, target, {"weight": 0})["weight"]
        graph.add_edge(source, target, weight=previous + weight)
    positions = nx.spring_layout(graph, seed=7, k=1.6 / np.sqrt(len(keep)), iterations=200)
    heaviest = max((w for _, _, w in edges), default=1)
    for source, target, weight in sorted(edges):
        arrow = FancyArrowPatch(
            positions[source],
            positions[target],
            arrowstyle="-|>",
            mutation_scale=10,
            connectionstyle="arc3,rad=0.12",
            linewidth=0.6 + 3.4 * weight / heaviest,
            color="#4a5568",
            alpha=0.55,
            shrinkA=9,
            shrinkB=9,
            zorder=1,
        )
        ax.add_patch(arrow)
    xy = np.array([positions[author] for author in keep])
    messages = chosen["messages"].to_numpy(dtype=float)
    sizes = 60 + 900 * messages / max(messages.max(), 1.0)
    ax.scatter(xy[:, 0], xy[:, 1], s=sizes, color=BLUE, alpha=0.85, edgecolor="white", zorder=2)
    for name, (px, py), size in zip(chosen["name"], xy, sizes, strict=True):
        ax.annotate(
            plain(str(name), 28),
            (px, py),
            xytext=(0, 7 + np.sqrt(size) / 2),
            textcoords="offset points",
            fontsize=8,
            ha="center",
            va="bottom",
            zorder=3,
            bbox={"boxstyle": "round,pad=0.15", "fc": "white", "ec": "none", "alpha": 0.75},
        )
    ax.margins(0.08)
    return figure
