"""The report page: one HTML file holding its figures (data: URIs), style and scripts, so that it
opens offline and can be mailed as it is. Every text from the archive goes through ``escape``;
a content security policy lets only the page's own scripts and style run, and loads nothing."""

from __future__ import annotations

import base64
import hashlib
import math
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from html import escape
from typing import Final

import pandas as pd

from analyzer.dateranges import UTC
from analyzer.report.assets import ERROR_RECORDER, MAX_INDENT, STYLE, TABLE_SCRIPT
from analyzer.report.data import (
    MIN_THREADS_TO_DISCOVER,
    NETWORK_TABLE_ROWS,
    ReportData,
    ThreadView,
)
from analyzer.report.figures import THREAD_LEGEND_AUTHORS, author_colors
from analyzer.report.tables import Column, format_date, html_table

SNIPPET_CHARS: Final = 220
_FREQ_NAMES: Final = {"D": "day", "W": "week", "M": "month", "Q": "quarter", "Y": "year"}


@dataclass(frozen=True, slots=True)
class Chart:
    """A rendered figure: its file name under ``figures/``, PNG bytes and what it shows."""

    name: str
    png: bytes
    alt: str
    width: int
    height: int


def _csp_hash(source: str) -> str:
    digest = hashlib.sha256(source.encode("utf-8")).digest()
    return "'sha256-" + base64.b64encode(digest).decode("ascii") + "'"


def _figure(chart: Chart, caption: str) -> str:
    data = base64.b64encode(chart.png).decode("ascii")
    return (
        f'<figure><img class="chart" src="data:image/png;base64,{data}" '
        f'alt="{escape(chart.alt)}" width="{chart.width}" height="{chart.height}">'
        f"<figcaption>{escape(caption)} (<code>figures/{escape(chart.name)}</code>)"
        f"</figcaption></figure>"
    )


def _snippet(text: str) -> str:
    flat = " ".join(text.split())
    return flat if len(flat) <= SNIPPET_CHARS else flat[: SNIPPET_CHARS - 1].rstrip() + "…"


def _hours(value: float) -> str:
    if math.isnan(value):
        return ""
    if value < 48:
        return f"+{value:.1f} h"
    return f"+{value / 24:.1f} days"


def _header(data: ReportData) -> str:
    span = (
        f"{format_date(data.first)} to {format_date(data.last)} (UTC)"
        if data.first is not None
        else "no dates"
    )
    description = f"<p>{escape(data.description)}</p>" if data.description else ""
    nav = "".join(
        f'<a href="#{anchor}">{label}</a>'
        for anchor, label in (
            ("overview", "Overview"),
            ("authors", "Authors"),
            ("topics", "Topics"),
            ("threads", "Threads"),
            ("network", "Reply network"),
        )
    )
    undated = (
        f"; {data.n_undated:,} more without a date, in no period (analyzer info names them)"
        if data.n_undated
        else ""
    )
    covered = ""
    if data.dates is not None:  # what is left out says so, at the top
        undated = f"; {data.n_undated:,} without a date left out" if data.n_undated else ""
        covered = (
            f'<p class="meta range">Range: {escape(str(data.dates))} '
            f"({'UTC' if data.dates.tz == 'UTC' else 'local'} days, both kept): "
            "the messages and replies dated in it, the authors' figures counted over it</p>"
        )
    return (
        f'<header class="top"><h1>{escape(data.list_name)}</h1>{description}{covered}'
        f'<p class="meta">{data.n_messages:,} messages, {span}{undated}</p></header>'
        f"<nav>{nav}</nav>"
    )


def _cards(data: ReportData) -> str:
    robots = int(data.authors["automated"].sum()) if "automated" in data.authors else 0
    figures = (
        (data.n_messages, "messages"),
        (data.n_threads, "threads"),
        (data.n_authors, f"authors ({robots} automated)" if robots else "authors"),
        (data.n_replies, "replies between authors"),
        (len(data.periods), _FREQ_NAMES[data.freq] + ("" if len(data.periods) == 1 else "s")),
    )
    cards = "".join(
        f'<div class="card"><b>{n:,}</b><span>{escape(w)}</span></div>' for n, w in figures
    )
    return f'<div class="cards">{cards}</div>'


def _overview(data: ReportData, charts: Mapping[str, Chart]) -> str:
    columns = [
        Column("period", "period"),
        Column("messages", "messages", "int", "every message, automated senders' too"),
        Column("active authors", "authors", "int", "people who posted, automated senders left out"),
        Column("threads", "threads", "int", "threads with a message in the period"),
        Column("new threads", "threads_started", "int"),
        Column("words", "words", "int", "authored words: quotes and signatures removed"),
    ]
    caption = "Messages and active authors per period."
    periods = data.periods
    if data.partial:  # (a rise there is not a rise of the debate)
        columns.append(Column("archive", "archive", "text", _PARTIAL_TITLE))
        marked = periods["partly_covered"].to_numpy(dtype=bool)
        periods = periods.assign(archive=["partly covered" if m else "" for m in marked])
        caption += (
            " Hatched: partly covered, no source of their own in the archive: "
            + "; ".join(run.filed() for run in data.partial)
            + ". Their bars count only those messages, not what the list received then."
        )
    return (
        '<section id="overview"><h2>Activity over time</h2>'
        + _cards(data)
        + _figure(charts["activity"], caption)
        + html_table(periods, columns, table_id="periods-table", caption="Activity per period")
        + "</section>"
    )


_PARTIAL_TITLE = (
    "partly covered: the archive has no source of its own for (part of) the period, only"
    " messages filed in other months' sources (analyzer info names them)"
)


AUTHORS_CAPTION = (
    "Everyone who posted; an affiliation is the domain they wrote from (aj.id.au, a personal"
    " domain, too) unless the list's configuration names its organisation"
    " ([authors.organisations])"
)


def _authors(data: ReportData, charts: Mapping[str, Chart]) -> str:
    columns = [
        Column("name", "name"),
        Column(
            "affiliation",
            "affiliation",
            "text",
            "the domain of the address most of their messages came from (webmail: none), or the"
            " organisation the list's configuration names for it ([authors.organisations]): a"
            " personal domain reads as one, and an employer's two domains as two",
        ),
        Column("messages", "messages", "int"),
        Column("words", "words", "int", "authored words: quotes and signatures removed"),
        Column("threads started", "threads_started", "int"),
        Column("replies given", "replies_given", "int", "replies to other people"),
        Column("replies received", "replies_received", "int", "replies from other people"),
        Column("first", "first", "date"),
        Column("last", "last", "date"),
        Column("automated", "automated", "bool", "a robot or list address"),
    ]
    return (
        '<section id="authors"><h2>Authors</h2>'
        + _figure(
            charts["authors"], "Activity of the leading authors over time (messages per period)."
        )
        + html_table(data.authors, columns, table_id="authors-table", caption=AUTHORS_CAPTION)
        + "</section>"
    )


def _scope_options(data: ReportData) -> str:
    """The report's date range and zone as options: a discovery over other messages finds
    other topics."""
    options = ""
    if data.dates is not None and data.dates.since is not None:
        options += f" --since {data.dates.since:%Y-%m-%d}"
    if data.dates is not None and data.dates.until is not None:
        options += f" --until {data.dates.until:%Y-%m-%d}"
    if data.tz != UTC:
        options += f" --tz {data.tz}"
    return options


def _topics(data: ReportData, charts: Mapping[str, Chart]) -> str:
    if not data.topics:
        few = (
            f"{data.n_threads:,} threads are too few to find topics in (at least "
            f"{MIN_THREADS_TO_DISCOVER}), and the list configures none"
            if data.n_threads < MIN_THREADS_TO_DISCOVER
            else "no thread holds a topic's words"
        )
        return (
            f'<section id="topics"><h2>Topics</h2><p>No topics: {escape(few)}. Add '
            "<code>[topics.NAME]</code> tables with <code>terms</code> to the list's "
            "configuration (<code>analyzer info --list "
            f"{escape(data.list_name)}</code> says where it is).</p></section>"
        )
    if data.topics_discovered:
        n, seed, name = len(data.topics), data.topic_seed, data.list_name
        scope = _scope_options(data)
        follow = [
            f"analyzer timeline topics --list {name} --discover {n} --seed {seed}{scope}"
            + ("" if data.freq == "M" else f" --freq {data.freq}"),
            f"analyzer topics --list {name} --discover {n} --seed {seed}{scope}"
            " --message-topics FILE",
        ]
        how = (
            escape(
                f"{n} topics found in the threads' own text (NMF over TF-IDF, seed {seed}); each "
                "label lists a topic's strongest words. The same topics over time, and which "
                "messages are about each: "
            )
            + " and ".join(f"<code>{escape(command)}</code>" for command in follow)
            + "."
        )
    else:
        how = escape(
            "Topics of the list's configuration: a message is about a topic when its subject or "
            "own text (never quoted text) holds one of the topic's terms, or its thread mostly "
            "does."
        )
    summary = pd.DataFrame(
        {
            "label": [t.label for t in data.topics],
            "topic": [t.topic for t in data.topics],
            "messages": [t.messages for t in data.topics],
            "threads": [t.threads for t in data.topics],
            "authors": [t.authors for t in data.topics],
            "first": [t.first for t in data.topics],
            "last": [t.last for t in data.topics],
            "leaders": [[f"{name} ({n})" for name, n in t.leaders] for t in data.topics],
            "definition": [t.definition for t in data.topics],
        }
    )
    topic_columns = [
        Column("topic", "label"),
        Column("id", "topic"),
        Column("messages", "messages", "int"),
        Column("threads", "threads", "int"),
        Column("authors", "authors", "int"),
        Column("first", "first", "date"),
        Column("last", "last", "date"),
        Column("leading participants", "leaders", "list"),
        Column("terms", "definition"),
    ]
    frames = [t.key_threads.assign(topic_label=t.label) for t in data.topics]
    key_threads = pd.concat([f for f in frames if len(f)] or frames[:1], ignore_index=True)
    thread_columns = [
        Column("topic", "topic_label"),
        Column("thread", "subject"),
        Column("topic messages", "messages", "int"),
        Column("thread messages", "thread_messages", "int"),
        Column("authors", "authors", "int"),
        Column("first", "first", "date"),
        Column("last", "last", "date"),
    ]
    return (
        f'<section id="topics"><h2>Topics</h2><p class="note">{how}</p>'
        + _figure(charts["topics"], "Messages per topic and period.")
        + html_table(summary, topic_columns, table_id="topics-table", caption="Topics")
        + html_table(
            key_threads,
            thread_columns,
            table_id="topic-threads-table",
            caption="Key threads of each topic",
            link=_thread_link(data),
        )
        + "</section>"
    )


def _tree(view: ThreadView) -> str:
    ranked = list(author_colors(view))  # most active first, as in the figure's legend
    slots = {author: index for index, author in enumerate(ranked[:THREAD_LEGEND_AUTHORS])}
    items = []
    frame = view.messages
    for author, name, date, depth, words, delay_hours, text in zip(
        frame["author"].astype(str),
        frame["name"].astype(str),
        frame["date"],
        frame["depth"].astype(int),
        frame["words"].astype(int),
        frame["reply_delay_hours"].astype(float),
        frame["text"].astype(str),
        strict=True,
    ):
        slot = slots.get(author)
        dot = (
            f'<span class="dot a{slot}"></span>'
            if slot is not None
            else '<span class="dot"></span>'
        )
        snippet = _snippet(text)
        if snippet == " ".join(text.split()):
            content = f'<p class="snippet">{escape(snippet)}</p>' if snippet else ""
        else:
            content = (
                f'<details><summary class="snippet">{escape(snippet)}</summary>'
                f'<div class="text">{escape(text)}</div></details>'
            )
        facts = f"depth {depth} · {words:,} words"
        delay = _hours(delay_hours)
        if delay:
            facts += f" · {delay} after the message it answers"
        items.append(
            f'<li class="d{min(depth, MAX_INDENT)}">{dot}'
            f'<span class="who">{escape(name)}</span> '
            f'<time datetime="{escape(pd.Timestamp(date).isoformat())}">'
            f"{escape(format_date(date, with_time=True))}</time> "
            f'<span class="facts">{escape(facts)}</span>{content}</li>'
        )
    return f'<ol class="tree">{"".join(items)}</ol>'


def _thread(view: ThreadView, index: int, chart: Chart) -> str:
    messages = "1 message" if view.n_messages == 1 else f"{view.n_messages} messages"
    people = "1 author" if view.n_authors == 1 else f"{view.n_authors} authors"
    meta = (
        f"{messages} by {people}, "
        f"{format_date(view.start, True)} to {format_date(view.end, True)} (UTC)"
        # (a lone message answering one the archive lacks has a depth, but no replies)
        + (f", replies up to depth {view.max_depth}" if view.n_messages > 1 else "")
    )
    return (
        f'<article class="thread" id="thread-{index}"><h3>{index}. '
        f"{escape(view.subject or '(no subject)')}</h3>"
        f'<p class="thread-meta">{escape(meta)}</p>'
        + _figure(
            chart,
            "Timeline and reply tree: each dot is a message at its date and depth, "
            "joined to the message it answers.",
        )
        + "<p>Reply tree, in reading order (open a message to read all its own text):</p>"
        + _tree(view)
        + "</article>"
    )


def _thread_link(data: ReportData) -> Callable[[pd.Series], str | None]:
    """Links from a table row to the thread's drawing, for the threads drawn."""
    anchors = {view.thread_id: f"#thread-{i}" for i, view in enumerate(data.largest, 1)}
    return lambda row: anchors.get(str(row["thread_id"]))


def _threads(data: ReportData, charts: Mapping[str, Chart]) -> str:
    columns = [
        Column("subject", "subject"),
        Column("messages", "n_messages", "int"),
        Column("authors", "n_authors", "int"),
        Column("depth", "max_depth", "int", "longest chain of replies"),
        Column("start", "start", "datetime"),
        Column("end", "end", "datetime"),
    ]
    shown = len(data.threads)
    note = (
        f"The {shown} largest of {data.n_threads} threads."
        if shown < data.n_threads
        else f"All {data.n_threads} threads."
    ) + " Subjects of the threads drawn below link to them."
    table = html_table(
        data.threads,
        columns,
        table_id="threads-table",
        caption="Largest threads",
        note=note,
        link=_thread_link(data),
    )
    articles = "".join(
        _thread(view, i, charts[f"thread-{i:02d}"]) for i, view in enumerate(data.largest, 1)
    )
    return f'<section id="threads"><h2>Threads</h2>{table}{articles}</section>'


def _network(data: ReportData, charts: Mapping[str, Chart]) -> str:
    columns = [
        Column("from", "source"),
        Column("to", "target"),
        Column("replies", "weight", "int"),
        Column("words", "words", "int", "authored words in the replies"),
        Column("threads", "threads", "int"),
        Column("first", "first", "date"),
        Column("last", "last", "date"),
    ]
    shown = data.pairs.head(NETWORK_TABLE_ROWS)
    note = f"The {len(shown)} heaviest of {len(data.pairs)} pairs; replies to oneself left out."
    return (
        '<section id="network"><h2>Reply network</h2>'
        + _figure(
            charts["network"],
            "Who replied to whom (arrows point to the person answered; "
            "dot size: messages; line width: replies).",
        )
        + html_table(
            shown, columns, table_id="pairs-table", caption="Who replied to whom most", note=note
        )
        + "</section>"
    )


def render_page(data: ReportData, charts: Mapping[str, Chart]) -> str:
    """The whole page; the same data and charts give the same text."""
    policy = (
        "default-src 'none'; img-src data:; "
        f"style-src {_csp_hash(STYLE)}; script-src {_csp_hash(ERROR_RECORDER)} "
        f"{_csp_hash(TABLE_SCRIPT)}; base-uri 'none'; form-action 'none'"
    )
    title = f"{data.list_name}: report" + ("" if data.dates is None else f", {data.dates}")
    return (
        "<!DOCTYPE html>\n"
        '<html lang="en"><head><meta charset="utf-8">'
        f'<meta http-equiv="Content-Security-Policy" content="{escape(policy)}">'
        '<meta name="viewport" content="width=device-width, initial-scale=1">'
        f"<title>{escape(title)}</title><style>{STYLE}</style>"
        f"<script>{ERROR_RECORDER}</script></head><body>"
        + _header(data)
        + "<main>"
        + _overview(data, charts)
        + _authors(data, charts)
        + _topics(data, charts)
        + _threads(data, charts)
        + _network(data, charts)
        + "</main>"
        f"<footer>Made with analyzer from the store of the list {escape(data.list_name)}. "
        "Dates are UTC"
        + ("" if data.tz == "UTC" else f"; periods are of local time in {escape(data.tz)}")
        + "; words are the authors' own (quotes, signatures and list footers "
        "removed; a resent or repeated message counts only the words it adds). The figures are also in the <code>figures/</code> folder beside this page."
        f"</footer><script>{TABLE_SCRIPT}</script></body></html>\n"
    )
