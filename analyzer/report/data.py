"""What the report shows, gathered from the analysed messages once: tables ready to draw and
print, names instead of addresses, every period present (zero when nothing happened)."""

from __future__ import annotations

from collections import Counter
from collections.abc import Collection
from dataclasses import dataclass
from typing import Final

import numpy as np
import pandas as pd

from analyzer import network, timelines, topic_timelines
from analyzer.config import ListConfig
from analyzer.coverage import PartialRun, partial_periods, partial_runs, partly_covered
from analyzer.dateranges import UTC, DateRange, authors_in, threads_in
from analyzer.errors import AnalyzerError
from analyzer.identity import author_names, automated_authors
from analyzer.memory import give_back_memory
from analyzer.pipeline import Analysis
from analyzer.schema import MATCH_COLUMNS, TABLE_SOURCE_COLUMNS
from analyzer.threads import select_threads, thread_order
from analyzer.topics import topic_rules_from_config, topic_tables, topics_table
from analyzer.topics.discovery import DiscoveryProgress

MAX_TEXT_CHARS: Final = 6000
"""Longer authored texts are cut in the report (the tables and exports keep them whole)."""
THREAD_TABLE_ROWS: Final = 200
NETWORK_TABLE_ROWS: Final = 50
TOPIC_THREAD_ROWS: Final = 5
TOPIC_LEADERS: Final = 5
DISCOVERED_TOPICS: Final = 6
"""Topics discovered for a list that configures none, unless the report is asked for a number."""
MIN_THREADS_TO_DISCOVER: Final = 12


@dataclass(frozen=True, slots=True)
class TopicView:
    """One topic: its messages per period, its key threads and its leading participants."""

    topic: str
    label: str
    definition: str
    messages: int
    threads: int
    authors: int
    first: pd.Timestamp | None
    last: pd.Timestamp | None
    per_period: pd.Series
    """Messages per period label, every period of the list present."""
    key_threads: pd.DataFrame
    leaders: list[tuple[str, int]]


@dataclass(frozen=True, slots=True)
class ThreadView:
    """One thread: its row of the threads table and its messages in reading order."""

    thread_id: str
    subject: str
    n_messages: int
    n_authors: int
    max_depth: int
    start: pd.Timestamp
    end: pd.Timestamp
    messages: pd.DataFrame
    """Reading order; columns: message_id, parent_id, date, author, name, depth, words,
    reply_delay_hours, text."""


@dataclass(frozen=True, slots=True)
class ReportData:
    list_name: str
    description: str
    freq: str
    periods: pd.DataFrame
    """One row per period: period, start, messages, authors, threads, threads_started, words,
    partly_covered (the period overlaps a month the archive holds only part of)."""
    n_messages: int
    n_undated: int
    """Messages without a date: not in ``n_messages`` nor in any period, but counted."""
    n_threads: int
    n_authors: int
    n_replies: int
    first: pd.Timestamp | None
    last: pd.Timestamp | None
    authors: pd.DataFrame
    leaders: pd.DataFrame
    """Messages of the leading authors (rows, by name) per period label (columns)."""
    topics: list[TopicView]
    topics_discovered: bool
    topic_seed: int
    """The seed the topics were discovered with: the same N and seed find the same topics in
    ``analyzer timeline topic nmf-01 --discover N --seed S`` and the API."""
    threads: pd.DataFrame
    largest: list[ThreadView]
    pairs: pd.DataFrame
    """The reply network, heaviest first, with names: source, target, then NETWORK_COLUMNS."""
    nodes: pd.DataFrame
    """Network nodes: author, name, messages, replies_given, replies_received, automated."""
    dates: DateRange | None = None
    """The range the report covers (None: the whole list); its periods span it."""
    tz: str = UTC
    """The IANA zone whose local time the periods are of (dates stay UTC)."""
    partial: tuple[PartialRun, ...] = ()
    """The runs of months in the report's periods that have no source of their own, their
    messages all filed in other months' sources (``analyzer.coverage``): partly covered."""


MESSAGE_COLUMNS_READ: Final = TABLE_SOURCE_COLUMNS
"""The columns of the messages table that ``collect`` reads (threads, timelines, network,
topics): the report reads no other."""
_TABLE_COLUMNS: Final = ("message_id", "date", "author", "thread_id", "words")
"""What the report reads of ``timelines.unique_messages``: each other column of text would be
a Python string per message held through the whole report (0.1 GB a column on a million)."""


def _text(value: object) -> str:
    return value if isinstance(value, str) else ""


def display_names(authors: pd.DataFrame) -> dict[str, str]:
    """The name to show for each author key: the authors table's (``author_names``, what the
    timelines and the network show), else the key itself. Where two people (two Jenkins
    robots, two John Smiths) share a name, each name is followed by the person's address, so
    that a reader can tell them apart."""
    names: dict[str, str] = {}
    addresses: dict[str, str] = {}
    table_names = author_names(authors)
    emails = authors["emails"] if "emails" in authors else pd.Series([[]] * len(authors))
    for key, own in zip(authors["author_id"], emails, strict=True):
        if isinstance(key, str):
            names[key] = table_names.get(key, key)
            listed = list(own) if own is not None and not isinstance(own, str) else []
            addresses[key] = str(listed[0]) if listed else key
    shared = {name for name, count in Counter(names.values()).items() if count > 1}
    return {
        key: f"{name} <{addresses[key]}>" if name in shared and name != key else name
        for key, name in names.items()
    }


def _period_index(dates: pd.Series, freq: str, within: DateRange | None, tz: str) -> pd.PeriodIndex:
    """Every period from the first message to the last, and over the whole range asked for
    (its quiet first and last months too)."""
    ends = [] if within is None else [d for d in (within.since, within.until) if d is not None]
    both = pd.concat([dates, pd.to_datetime(pd.Series(ends, dtype=object), utc=True)])
    periods = timelines.to_periods(both, freq, tz)
    if periods.empty:
        return pd.PeriodIndex([], freq=timelines.period_code(freq))
    return pd.period_range(periods.min(), periods.max(), freq=periods.dt.freq)


def _period_table(
    table: pd.DataFrame,
    roots: set[str],
    automated: set[str],
    freq: str,
    within: DateRange | None = None,
    tz: str = UTC,
    partial: Collection[pd.Period] = (),
) -> pd.DataFrame:
    index = _period_index(table["date"], freq, within, tz)
    periods = timelines.to_periods(table["date"], freq, tz)
    people = timelines.people_only(table["author"], automated)
    frame = table.assign(_period=periods.to_numpy(), _person=people.to_numpy())
    frame["_root"] = frame["message_id"].isin(roots)
    grouped = frame.groupby("_period")
    counts = pd.DataFrame(
        {
            "messages": grouped.size(),
            "authors": grouped["_person"].nunique(),
            "threads": grouped["thread_id"].nunique(),
            "threads_started": grouped["_root"].sum(),
            "words": grouped["words"].sum(),
        }
    )
    counts = counts.reindex(index, fill_value=0).astype(np.int64)
    labels = timelines.period_labels(pd.Series(index, dtype=index.dtype))
    counts.insert(0, "period", labels.to_numpy())
    counts.insert(1, "start", timelines.period_starts(pd.Series(index), tz).to_numpy())
    counts["partly_covered"] = partial_periods(index, partial)
    return counts.reset_index(drop=True)


def _report_months(index: pd.PeriodIndex) -> set[str]:
    """The months (``2019-03``) the report's periods span."""
    if index.empty:
        return set()
    first, last = index.min().start_time.to_period("M"), index.max().end_time.to_period("M")
    return {str(month) for month in pd.period_range(first, last, freq="M")}


def _authors_table(
    authors: pd.DataFrame, nodes: pd.DataFrame, names: dict[str, str], automated: set[str]
) -> pd.DataFrame:
    replies = nodes.set_index("author")
    keys = authors["author_id"].astype(object)
    table = pd.DataFrame(
        {
            "author": keys,
            "name": keys.map(names).astype(object),
            "affiliation": authors["affiliation"].astype(object),
            "messages": authors["n_messages"].astype(np.int64),
            "words": authors["n_words_authored"].astype(np.int64),
            "threads_started": authors["threads_started"].astype(np.int64),
            "replies_given": keys.map(replies["replies_given"]).fillna(0).astype(np.int64),
            "replies_received": keys.map(replies["replies_received"]).fillna(0).astype(np.int64),
            "first": authors["first"],
            "last": authors["last"],
            "automated": keys.isin(automated),
        }
    )
    return table.sort_values(
        ["messages", "words", "name"], ascending=[False, False, True], ignore_index=True
    )


def _leaders(
    table: pd.DataFrame,
    authors: pd.DataFrame,
    names: dict[str, str],
    labels: list[str],
    freq: str,
    limit: int,
    tz: str = UTC,
) -> pd.DataFrame:
    """Messages per period of the ``limit`` most active people (``table``: the unique messages,
    as ``timelines.unique_messages`` gives them): the counts of their author timelines, from
    their own messages only."""
    people = authors[~authors["author_id"].isin(automated_authors(authors))]
    top = people.sort_values(
        ["n_messages", "n_words_authored", "author_id"], ascending=[False, False, True]
    ).head(limit)
    theirs = table[table["author"].isin(set(top["author_id"]))]
    per_author = pd.DataFrame(
        {
            "key": theirs["author"],
            "period": timelines.period_labels(timelines.to_periods(theirs["date"], freq, tz)),
        }
    )
    matrix = per_author.pivot_table(index="key", columns="period", aggfunc="size", fill_value=0)
    matrix = matrix.reindex(index=list(top["author_id"]), columns=labels, fill_value=0)
    matrix.index = [names.get(key, key) for key in matrix.index]
    return matrix.fillna(0).astype(np.int64)


def _topic_frames(
    messages: pd.DataFrame,
    config: ListConfig,
    n_threads: int,
    n_topics: int | None,
    seed: int,
    dates: DateRange | None,
    on_progress: DiscoveryProgress | None = None,
    automated: Collection[str] = (),
) -> tuple[pd.DataFrame, pd.DataFrame, bool]:
    """(topics, message_topics, discovered): ``n_topics`` discovered topics when asked for,
    else the configured topics, else ``DISCOVERED_TOPICS`` discovered ones (none on a list too
    small to find topics in). ``topic_tables`` finds them, as for the API and the CLI, over
    the range ``dates`` and without what the ``automated`` authors say; ``on_progress`` is
    told how a discovery goes."""
    if n_topics is None:
        rules = topic_rules_from_config(config.topics)
        if rules:
            return (*topic_tables(messages, rules, dates=dates), False)
        if n_threads < MIN_THREADS_TO_DISCOVER:
            return topics_table([]), pd.DataFrame(columns=list(MATCH_COLUMNS)), False
        n_topics = DISCOVERED_TOPICS
    found = topic_tables(
        messages,
        [],
        discover=n_topics,
        seed=seed,
        dates=dates,
        on_progress=on_progress,
        automated=automated,
    )
    return (*found, True)


def _robot_threads(table: pd.DataFrame, automated: Collection[str]) -> set[str]:
    """The threads whose every message an automated sender wrote (``table``: the report's
    unique messages)."""
    if not automated or table.empty:
        return set()
    robot = table["author"].isin(set(automated))
    return set(robot.groupby(table["thread_id"]).all().loc[lambda every: every].index)


def _topic_views(
    messages: pd.DataFrame,
    table: pd.DataFrame,
    config: ListConfig,
    names: dict[str, str],
    labels: list[str],
    freq: str,
    n_threads: int,
    n_topics: int | None,
    seed: int,
    dates: DateRange | None,
    automated: set[str],
    tz: str = UTC,
    on_progress: DiscoveryProgress | None = None,
) -> tuple[list[TopicView], bool]:
    """Each topic as the topic timelines show it: the messages of robots (``automated``) left
    out."""
    topics, matched, discovered = _topic_frames(
        messages, config, n_threads, n_topics, seed, dates, on_progress, automated
    )
    authors_of = timelines.people_only(table.set_index("message_id")["author"], automated)
    views = []
    for topic, label, definition in topics[["topic", "label", "definition"]].itertuples(
        index=False
    ):
        ids = set(matched.loc[matched["topic"] == topic, "message_id"])
        rows = table[table["message_id"].isin(ids) & ~table["author"].isin(automated)]
        timeline = topic_timelines.topic_timeline(
            messages, matched, topic, freq, dates=dates, automated=automated, tz=tz
        )
        per_period = (
            timeline.set_index("period")["messages"]
            .reindex(labels, fill_value=0)
            .fillna(0)
            .astype(np.int64)
        )
        key_threads = topic_timelines.topic_threads(
            messages, matched, topic, TOPIC_THREAD_ROWS, dates=dates, automated=automated
        )
        per_author = authors_of[authors_of.index.isin(ids)].value_counts()
        counts = per_author.rename_axis("author").reset_index(name="n")
        counts = counts.sort_values(["n", "author"], ascending=[False, True]).head(TOPIC_LEADERS)
        views.append(
            TopicView(
                topic=str(topic),
                label=_text(label) or str(topic),
                definition=_text(definition),
                messages=len(rows),
                threads=int(rows["thread_id"].nunique()),
                authors=int(authors_of[authors_of.index.isin(ids)].nunique()),
                first=rows["date"].min() if len(rows) else None,
                last=rows["date"].max() if len(rows) else None,
                per_period=per_period,
                key_threads=key_threads,
                leaders=[(names.get(a, a), int(n)) for a, n in counts.itertuples(index=False)],
            )
        )
    return views, discovered


def _thread_view(
    messages: pd.DataFrame, row: pd.Series, names: dict[str, str], dates: DateRange | None
) -> ThreadView:
    """The thread of a row of the threads table, its messages in the range ``dates``."""
    thread_id = str(row["thread_id"])
    timeline = timelines.thread_timeline(messages, thread_id).set_index("message_id")
    own = messages[messages["thread_id"] == thread_id]
    if dates is not None:
        own = dates.messages(own)
    reading = thread_order(own)["message_id"].drop_duplicates()
    texts = own.drop_duplicates("message_id").set_index("message_id")["authored"]
    ordered = timeline.reindex([mid for mid in reading if mid in timeline.index])
    view = pd.DataFrame(
        {
            "message_id": ordered.index.astype(object),
            "parent_id": ordered["parent_id"].to_numpy(dtype=object),
            "date": ordered["date"].to_numpy(),
            "author": ordered["author"].to_numpy(dtype=object),
            "name": [names.get(a, str(a)) for a in ordered["author"]],
            "depth": ordered["depth"].to_numpy(dtype=np.int64),
            "words": ordered["words"].to_numpy(dtype=np.int64),
            "reply_delay_hours": ordered["reply_delay_hours"].to_numpy(dtype=float),
            "text": [_text(texts.get(mid))[:MAX_TEXT_CHARS] for mid in ordered.index],
        }
    )
    view["date"] = pd.to_datetime(view["date"], utc=True)
    return ThreadView(
        thread_id=thread_id,
        subject=_text(row["subject"]),
        n_messages=int(row["n_messages"]),
        n_authors=int(row["n_authors"]),
        max_depth=int(row["max_depth"]),
        start=row["start"],
        end=row["end"],
        messages=view,
    )


def _pairs(net: pd.DataFrame, names: dict[str, str]) -> pd.DataFrame:
    pairs = net.copy()
    pairs.insert(0, "source", pairs["source_author"].map(lambda a: names.get(a, a)))
    pairs.insert(1, "target", pairs["target_author"].map(lambda a: names.get(a, a)))
    return pairs.reset_index(drop=True)


def _undated(messages: pd.DataFrame) -> int:
    """Messages (one per Message-ID) without a date, which no period holds."""
    ids = messages["message_id"].astype(object)
    first = ~(ids.notna() & ids.duplicated())
    return int((first & messages["date"].isna()).sum())


def collect(
    analysis: Analysis,
    config: ListConfig,
    *,
    freq: str = "M",
    top_authors: int = 10,
    top_threads: int = 5,
    n_topics: int | None = None,
    seed: int = 0,
    dates: DateRange | None = None,
    tz: str = UTC,
    on_progress: DiscoveryProgress | None = None,
    coverage: pd.DataFrame | None = None,
) -> ReportData:
    """Everything the report shows, from the analysed messages and the list configuration.

    ``n_topics``: show that many topics discovered with ``seed`` (also where the list
    configures topics); by default the configured topics, else ``DISCOVERED_TOPICS``.
    ``dates``: the range the report covers, as the API's ``since``/``until`` read it
    (``analyzer.dateranges``): its messages, replies, threads and authors' figures.
    ``tz``: the IANA zone whose local time the periods are of (UTC by default).
    ``on_progress``: told how the discovery of topics goes, when topics are discovered.
    ``coverage``: which months the archive covers (``api.coverage``, months of ``tz``): the
    periods over a month it holds only part of are marked.
    """
    timelines.period_code(freq)
    if top_authors < 1 or top_threads < 1:
        raise AnalyzerError("the report needs at least one author and one thread to show")
    messages = analysis.messages
    if messages.empty:
        raise AnalyzerError(f"list {config.name!r} has no messages to report on")
    table = timelines.unique_messages(messages, columns=_TABLE_COLUMNS)
    if dates is not None:
        table = table[dates.holds(table["date"])]
        if table.empty:
            raise AnalyzerError(f"list {config.name!r} has no messages dated {dates}")
    authors = authors_in(analysis.authors, messages, dates)
    names = display_names(analysis.authors)  # also those answered in the range from before it
    automated = automated_authors(analysis.authors)
    threads = threads_in(messages, dates)
    roots = set(threads["root_id"].dropna())
    months = coverage if coverage is not None else pd.DataFrame(columns=["month", "covered"])
    periods = _period_table(table, roots, automated, freq, dates, tz, partly_covered(months))
    spanned = _report_months(_period_index(table["date"], freq, dates, tz))
    shown = months[months["month"].isin(spanned)]
    labels = list(periods["period"])
    net = network.reply_network(messages, dates=dates)
    nodes = network.network_nodes(messages, net, dates=dates)
    nodes["name"] = nodes["author"].map(lambda a: names.get(a, a))
    nodes["automated"] = nodes["author"].isin(automated)
    give_back_memory()  # what the network's tables freed, before the topics' large matrices
    topics, discovered = _topic_views(
        messages,
        table,
        config,
        names,
        labels,
        freq,
        len(threads),
        n_topics,
        seed,
        dates,
        automated,
        tz,
        on_progress,
    )
    give_back_memory()
    # a robot's own chain (a build server's reports, each answering the last) is no debate
    debated = threads[~threads["thread_id"].isin(_robot_threads(table, automated))]
    largest = select_threads(debated, "largest", top_threads)
    return ReportData(
        list_name=config.name,
        description=_text(config.raw.get("description")),
        freq=timelines.period_code(freq),
        periods=periods,
        n_messages=len(table),
        n_undated=_undated(messages),
        n_threads=len(threads),
        n_authors=int(table["author"].nunique()),
        n_replies=int(net["weight"].sum()) if len(net) else 0,
        first=table["date"].min() if len(table) else None,
        last=table["date"].max() if len(table) else None,
        authors=_authors_table(authors, nodes, names, automated),
        leaders=_leaders(table, authors, names, labels, freq, top_authors, tz),
        topics=topics,
        topics_discovered=discovered,
        topic_seed=seed,
        threads=select_threads(debated, "largest", THREAD_TABLE_ROWS),
        largest=[_thread_view(messages, row, names, dates) for _, row in largest.iterrows()],
        pairs=_pairs(net, names),
        nodes=nodes,
        dates=dates,
        tz=tz,
        partial=tuple(partial_runs(shown)) if len(shown) else (),
    )
