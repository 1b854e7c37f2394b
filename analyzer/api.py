"""The public Python API: everything the CLI and the notebooks do goes through these functions.

Each returns pandas DataFrames (or small result objects) and raises ``AnalyzerError`` subclasses
for problems a user can fix. Ingesting, downloading, the store's counts and running and
reading the analysis live in ``analyzer.api_store``, the topics and the topic timelines in
``analyzer.api_topics``, listing, deleting and renaming lists in ``analyzer.api_lists``; they
are given here too.

Every function that takes ``since``/``until`` takes ``tz`` too: the IANA zone whose local
time the range's days (and the timelines' periods) are of, else the list's
``period_time_zone``, else UTC, read by one function (``api_topics.list_dates``) so that one
range keeps the same messages everywhere; the dates in the tables stay UTC.
"""

from __future__ import annotations

import warnings
from collections.abc import Callable, Sequence
from pathlib import Path

import pandas as pd

from analyzer import network, timelines
from analyzer.api_lists import (
    DeletedList,
    DroppedSource,
    ListSummary,
    RenamedList,
    delete_list,
    drop_source,
    rename_list,
    source_table,
    stored_lists,
)
from analyzer.api_store import (
    PathLike,
    StoreInfo,
    ZoneChange,
    analysis,
    analyze,
    coverage,
    fetch,
    ingest,
    list_config,
    parse_sources,
    parse_zone_change,
    prepare_analysis,
    source_paths,
    store_info,
    stored_messages,
)
from analyzer.api_topics import (
    analysed_messages,
    discovered_topics,
    discovery_progress,
    list_dates,
    message_topics,
    no_topics_error,
    nothing_matches,
    one_topic,
    people_matches,
    topic_author_timeline,
    topic_frames,
    topic_labels,
    topic_matches,
    topic_rules,
    topic_sizes,
    topic_threads,
    topic_timeline,
    topic_timelines,
    topics,
)
from analyzer.config import DEFAULT_DATA_DIR, ListConfig
from analyzer.dateranges import (
    DateLike,
    DateRange,
    authors_in,
    edges_in,
    threads_in,
)
from analyzer.errors import AnalyzerError, AnalyzerWarning, with_nearest
from analyzer.export import export_frame
from analyzer.identity import author_names
from analyzer.identity.tables import namesakes as identity_namesakes
from analyzer.ingest import IngestReport
from analyzer.pipeline import Analysis
from analyzer.schema import EXTRA_MESSAGE_COLUMNS, MESSAGE_COLUMNS, TABLE_SOURCE_COLUMNS
from analyzer.selection import authors_rows, check_author_table, check_authors
from analyzer.threads.tables import select_threads
from analyzer.topics import no_match_hint

__all__ = [
    "Analysis",
    "DeletedList",
    "DroppedSource",
    "IngestReport",
    "ListConfig",
    "ListSummary",
    "RenamedList",
    "StoreInfo",
    "ZoneChange",
    "analysis",
    "analyze",
    "author_messages",
    "author_timeline",
    "authors",
    "coverage",
    "delete_list",
    "discovered_topics",
    "discovery_progress",
    "drop_source",
    "edges",
    "export_frame",
    "fetch",
    "ingest",
    "list_config",
    "message_topics",
    "messages",
    "no_match_hint",
    "no_topics_error",
    "nothing_matches",
    "parse_sources",
    "parse_zone_change",
    "people_matches",
    "prepare_analysis",
    "rename_list",
    "reply_network",
    "reply_network_size",
    "select_threads",
    "source_paths",
    "source_table",
    "store_info",
    "stored_lists",
    "stored_messages",
    "table",
    "thread_activity",
    "thread_timeline",
    "threads",
    "topic_author_timeline",
    "topic_matches",
    "topic_rules",
    "topic_sizes",
    "topic_threads",
    "topic_timeline",
    "topic_timelines",
    "topics",
    "write_reply_network",
    "write_report",
]


def messages(
    list_name: str,
    data_dir: PathLike = DEFAULT_DATA_DIR,
    *,
    bodies: bool = True,
    columns: Sequence[str] | None = None,
    since: DateLike | None = None,
    until: DateLike | None = None,
    tz: str | None = None,
) -> pd.DataFrame:
    """The messages table of DESIGN.md, every column filled, from the list's store (without
    ``body`` when ``bodies`` is false, as in ``analysis``). With ``columns``, only those (and
    ``message_id``) are read: a few columns of a million messages fit in a few hundred MB, where
    the whole table takes several GB. With ``since`` and/or ``until`` (days, both kept, of
    ``tz``, else of the list's ``period_time_zone``, else UTC), only the messages dated in that
    range (``analyzer.dateranges``)."""
    _, dates = list_dates(list_name, data_dir, since, until, tz)
    if dates is None:
        return analysis(list_name, data_dir, bodies=bodies, columns=columns).messages
    dated = columns is None or "date" in columns
    read = columns if dated else [*(columns or ()), "date"]
    frame = dates.messages(analysis(list_name, data_dir, bodies=bodies, columns=read).messages)
    return (frame if dated else frame.drop(columns="date")).reset_index(drop=True)


def _analysed_and_names(list_name: str, data_dir: PathLike) -> tuple[pd.DataFrame, dict[str, str]]:
    """``_analysed`` and the authors' names of the same analysis, for the outputs that name
    people: they show the authors table's name, as the authors table and the report do."""
    result = analysis(list_name, data_dir, bodies=False, columns=TABLE_SOURCE_COLUMNS)
    return result.messages, author_names(result.authors)


def threads(
    list_name: str,
    data_dir: PathLike = DEFAULT_DATA_DIR,
    *,
    since: DateLike | None = None,
    until: DateLike | None = None,
    tz: str | None = None,
) -> pd.DataFrame:
    """One row per thread (THREAD_COLUMNS); with ``since``/``until``, the threads with messages
    in that range, counted over them (each keeps its own root and subject)."""
    _, dates = list_dates(list_name, data_dir, since, until, tz)
    return threads_in(analysed_messages(list_name, data_dir), dates)


def edges(
    list_name: str,
    data_dir: PathLike = DEFAULT_DATA_DIR,
    *,
    since: DateLike | None = None,
    until: DateLike | None = None,
    tz: str | None = None,
) -> pd.DataFrame:
    """One row per reply whose parent is in the archive: who answered whom (EDGE_COLUMNS);
    with ``since``/``until``, the replies dated in that range (whenever their parent was)."""
    _, dates = list_dates(list_name, data_dir, since, until, tz)
    return edges_in(analysed_messages(list_name, data_dir), dates)


def authors(
    list_name: str,
    data_dir: PathLike = DEFAULT_DATA_DIR,
    *,
    since: DateLike | None = None,
    until: DateLike | None = None,
    tz: str | None = None,
) -> pd.DataFrame:
    """One row per person (AUTHOR_COLUMNS, plus whether automated and why addresses merged).
    With ``since``/``until``, the people who wrote in that range, their messages, words,
    first and last post and threads started counted over it."""
    _, dates = list_dates(list_name, data_dir, since, until, tz)
    if dates is None:  # the table alone: the messages are not read
        return analysis(list_name, data_dir, bodies=False, columns=("message_id",)).authors
    result = analysis(list_name, data_dir, bodies=False, columns=TABLE_SOURCE_COLUMNS)
    return authors_in(result.authors, result.messages, dates)


def namesakes(list_name: str, data_dir: PathLike = DEFAULT_DATA_DIR) -> list[tuple[str, list[str]]]:
    """(name, author ids) of the authors kept apart though they share a display name, busiest
    first: one-word names are never merged on their own; ``[authors] merge`` joins them."""
    return identity_namesakes(authors(list_name, data_dir))


TABLES = ("messages", "threads", "edges", "authors")
"""The tables ``table`` gives by name, as the exports name them."""


def table(
    name: str,
    list_name: str,
    data_dir: PathLike = DEFAULT_DATA_DIR,
    *,
    columns: Sequence[str] | None = None,
    author_ids: Sequence[str] | None = None,
    since: DateLike | None = None,
    until: DateLike | None = None,
    tz: str | None = None,
) -> pd.DataFrame:
    """One of the ``TABLES`` by name; with ``columns``, only those, in the table's order (the
    messages also keep ``message_id``, and read no other column: the way to export a few
    columns of a million messages in little memory). With ``author_ids``, only the rows of
    those authors: their messages, the replies they gave or received (edges), their rows
    (authors); the threads table is not filtered by author. With ``since``/``until``, the
    table over that range, as ``messages``, ``threads``, ``edges`` and ``authors`` give it.

    Raises AnalyzerError for an unknown table, column or author, naming the ones there are (or
    the author meant).
    """
    if name not in TABLES:
        raise AnalyzerError(f"no table {name!r}; the tables are {', '.join(TABLES)}")
    list_dates(list_name, data_dir, since, until, tz)  # a bad day or zone: told before reading
    if author_ids is not None:
        check_author_table(name)
    if columns is not None and name == "messages":
        known = [*MESSAGE_COLUMNS, *(c for c in EXTRA_MESSAGE_COLUMNS if c not in MESSAGE_COLUMNS)]
        _check_columns(name, columns, known)
    ids = None if author_ids is None else _author_ids(list_name, data_dir, author_ids)
    if columns is not None and name == "messages":
        asked = columns if ids is None or "author_id" in columns else [*columns, "author_id"]
        read = messages(list_name, data_dir, columns=asked, since=since, until=until, tz=tz)
        if ids is None:
            return read
        mine = authors_rows(name, read, ids)
        return mine if asked is columns else mine.drop(columns="author_id")
    readers: dict[str, Callable[..., pd.DataFrame]] = {
        "authors": authors,
        "edges": edges,
        "messages": messages,
        "threads": threads,
    }
    frame = readers[name](list_name, data_dir, since=since, until=until, tz=tz)
    if ids is not None:
        frame = authors_rows(name, frame, ids)
    if columns is None:
        return frame
    _check_columns(name, columns, list(frame.columns))
    return frame[[c for c in frame.columns if c in columns]]


def _author_ids(list_name: str, data_dir: PathLike, author_ids: Sequence[str]) -> list[str]:
    """The author ids asked for, each one an author of the list (else an error that names the
    author meant, when one is close)."""
    if isinstance(author_ids, str):  # one id, not its letters
        author_ids = [author_ids]
    used = analysis(list_name, data_dir, bodies=False, columns=("author_id", "from_name"))
    return check_authors(author_ids, authors(list_name, data_dir), list_name, used.messages)


def _check_columns(table_name: str, columns: Sequence[str], known: Sequence[str]) -> None:
    if not columns:
        raise AnalyzerError(f"no column named for the {table_name} table")
    if unknown := [c for c in columns if c not in known]:
        raise AnalyzerError(
            f"the {table_name} table has no column {', '.join(with_nearest(unknown, known))}; "
            f"its columns: {', '.join(known)}"
        )


def author_timeline(
    list_name: str,
    freq: str = "M",
    *,
    author_ids: Sequence[str] | None = None,
    fill: bool = False,
    since: DateLike | None = None,
    until: DateLike | None = None,
    tz: str | None = None,
    data_dir: PathLike = DEFAULT_DATA_DIR,
) -> pd.DataFrame:
    """Per author and period (D, W, M, Q, Y): messages, authored words, threads started,
    replies given and received, first and last post, and the author's name (the authors
    table's); every author, or those of ``author_ids``; with ``since``/``until``, over the
    messages and replies dated in that range. Only the periods an author wrote in or was
    replied to in (a period of replies received alone is a row with ``messages`` 0, kept for
    its ``replies_received``: count a period's authors by ``messages > 0``), or with ``fill``
    every period of the list's span, with zeros (as topic timelines and the report have
    them)."""
    timelines.period_code(freq)  # before the store is looked for
    zone, dates = list_dates(list_name, data_dir, since, until, tz)
    ids = None if author_ids is None else _author_ids(list_name, data_dir, author_ids)
    analysed, names = _analysed_and_names(list_name, data_dir)
    return timelines.author_timeline(
        analysed, freq, names=names, keys=ids, fill=fill, dates=dates, tz=zone
    )


def author_messages(
    list_name: str,
    author_id: str,
    *,
    discover: int | None = None,
    seed: int = 0,
    since: DateLike | None = None,
    until: DateLike | None = None,
    tz: str | None = None,
    data_dir: PathLike = DEFAULT_DATA_DIR,
) -> pd.DataFrame:
    """One author's messages in date order (undated last): date, name, affiliation (of the
    address it came from), thread and subject, depth, whom it answers, authored words, the
    start of the authored text, and its topics: the configured ones, or the ``discover``
    topics found with ``seed``. With ``since``/``until``, the messages dated in that range
    (``position`` stays their place among all the author's messages; discovered topics are
    learnt from the range's messages).

    An unknown author id is an error that names the author meant, when one is close (another
    of their addresses, their name, a near spelling).
    """
    _, dates = list_dates(list_name, data_dir, since, until, tz)
    (author,) = _author_ids(list_name, data_dir, [author_id])
    frame, found, matched = topic_frames(
        list_name, data_dir, discover, seed, dates, ("affiliation",)
    )
    names = author_names(authors(list_name, data_dir))  # (the table alone: no second read)
    mine = timelines.author_messages(
        frame, author, matched, names=names, labels=topic_labels(found)
    )
    return _dated_in(mine, dates)


def _dated_in(frame: pd.DataFrame, dates: DateRange | None) -> pd.DataFrame:
    """The rows of a message-by-message table dated in the range: none is an empty table, as
    the other tables of a range without messages are (an unknown author or thread is an
    error before it)."""
    if dates is None:
        return frame
    return frame[dates.holds(frame["date"])].reset_index(drop=True)


def thread_timeline(
    list_name: str,
    thread_id: str,
    *,
    since: DateLike | None = None,
    until: DateLike | None = None,
    tz: str | None = None,
    data_dir: PathLike = DEFAULT_DATA_DIR,
) -> pd.DataFrame:
    """Every message of a thread in reading order: time, author (and the authors table's name),
    parent, depth, reply delay and an authored snippet. With ``since``/``until``, its messages
    dated in that range, each row as in the whole thread's timeline (its ``position``, hours
    since the thread began, delay after a parent outside the range)."""
    _, dates = list_dates(list_name, data_dir, since, until, tz)
    frame, names = _analysed_and_names(list_name, data_dir)
    try:
        whole = timelines.thread_timeline(frame, thread_id, names=names)
    except timelines.UnknownThreadError as exc:
        raise AnalyzerError(
            f"no thread or message {exc.wanted!r} in list {list_name!r} (analyzer threads "
            f"--list {list_name} shows the thread IDs)"
        ) from None
    return _dated_in(whole, dates)


def thread_activity(
    list_name: str,
    freq: str = "D",
    thread_ids: Sequence[str] | None = None,
    *,
    since: DateLike | None = None,
    until: DateLike | None = None,
    tz: str | None = None,
    data_dir: PathLike = DEFAULT_DATA_DIR,
) -> pd.DataFrame:
    """The per-thread timeline of DESIGN.md: per thread (``key``) and period, its messages,
    authored words and people (TIMELINE_COLUMNS, then the first and last post and the period's
    start); every thread, or those of ``thread_ids``; with ``since``/``until``, over the
    messages dated in that range."""
    timelines.period_code(freq)  # before the store is looked for
    zone, dates = list_dates(list_name, data_dir, since, until, tz)
    frame = analysed_messages(list_name, data_dir)
    return timelines.thread_activity(
        frame if dates is None else dates.messages(frame), freq, thread_ids, tz=zone
    )


def write_report(
    list_name: str,
    out_dir: PathLike,
    *,
    freq: str = "M",
    top_authors: int = 10,
    top_threads: int = 5,
    n_topics: int | None = None,
    seed: int = 0,
    since: DateLike | None = None,
    until: DateLike | None = None,
    tz: str | None = None,
    data_dir: PathLike = DEFAULT_DATA_DIR,
    on_progress: Callable[[str, int, int], None] | None = None,
) -> Path:
    """Write the list's self-contained HTML report, ``out_dir/index.html`` with its figures in
    ``out_dir/figures/``, and return the page. ``on_progress(stage, done, total)`` is told
    its stages as they come (``read``, ``tables``, ``figures`` one by one, ``page``). ``freq`` is the period of its timelines;
    ``top_authors`` and ``top_threads`` how many authors and threads it draws; ``n_topics``
    how many topics it discovers with ``seed`` (``discovered_topics``' topics), instead of the
    configured ones (by default: the configured topics, else 6 discovered). With ``since``/
    ``until``, the report of that range, which its header names."""
    from analyzer.report import write_report as write  # matplotlib: loaded only when drawing

    zone, dates = list_dates(list_name, data_dir, since, until, tz)

    return write(
        list_name,
        Path(out_dir),
        data_dir=Path(data_dir),
        freq=freq,
        top_authors=top_authors,
        top_threads=top_threads,
        n_topics=n_topics,
        seed=seed,
        dates=dates,
        tz=zone,
        on_progress=on_progress,
    )


def _replies_asked(
    list_name: str,
    data_dir: PathLike,
    freq: str | None,
    topic: str | None,
    topic_options: tuple[str | Sequence[str] | None, int | None, int],
    dates: DateRange | None,
    tz: str = "UTC",
) -> tuple[pd.DataFrame, pd.DataFrame]:
    """(the messages a network's nodes count, the reply network): every reply and message,
    or with ``topic`` (``topic_options``: its terms, discover and seed, as in
    ``topic_timeline``) the replies about it and its messages: those message_topics gives the
    topic, as ``topics --message-topics`` writes them."""
    terms, discover, seed = topic_options
    if topic is None:
        if terms is not None or discover is not None:
            raise AnalyzerError("terms and discover define a topic: name the topic too")
        frame = analysed_messages(list_name, data_dir)
        return frame, network.reply_network(frame, freq, dates=dates, tz=tz)
    frame, matched = one_topic(list_name, topic, terms, discover, seed, data_dir, dates)
    about = set(matched.loc[matched["topic"] == topic, "message_id"])
    edges_ = network.reply_network(frame, freq, dates=dates, replies=about, tz=tz)
    return frame[frame["message_id"].isin(about).to_numpy(dtype=bool)], edges_


def reply_network(
    list_name: str,
    freq: str | None = None,
    *,
    author_ids: Sequence[str] | None = None,
    topic: str | None = None,
    terms: str | Sequence[str] | None = None,
    discover: int | None = None,
    seed: int = 0,
    since: DateLike | None = None,
    until: DateLike | None = None,
    tz: str | None = None,
    data_dir: PathLike = DEFAULT_DATA_DIR,
) -> pd.DataFrame:
    """Who replied to whom, weighted by replies; per period with ``freq``. Replies to oneself
    are left out (the edges table keeps them). With ``author_ids``, only the replies these
    authors gave or received (an unknown id is an error that names the author meant); with
    ``topic``, only the replies about it (configured, given by ``terms`` or discovered, as in
    ``topic_timeline``: the replies ``message_topics`` puts in it); with ``since``/``until``,
    the replies dated in that range."""
    if freq is not None:
        timelines.period_code(freq)  # before the store is looked for
    zone, dates = list_dates(list_name, data_dir, since, until, tz)
    ids = None if author_ids is None else _author_ids(list_name, data_dir, author_ids)
    _, edges_ = _replies_asked(
        list_name, data_dir, freq, topic, (terms, discover, seed), dates, zone
    )
    return edges_ if ids is None else network.around_authors(edges_, ids)


def _empty_network(
    path: Path,
    topic: str | None,
    terms: str | Sequence[str] | None,
    author_ids: Sequence[str] | None,
    since: DateLike | None,
    until: DateLike | None,
) -> str:
    """Why the reply network written has no edge, in words: the filters that left none."""
    asked = []
    if topic is not None:
        asked.append(f"about topic {topic!r}")
    if author_ids:
        asked.append(f"given or received by {', '.join(author_ids)}")
    if since is not None or until is not None:
        asked.append(f"dated from {since or 'the start'} to {until or 'the end'}")
    # (with a range, the terms may match outside it: the range is named, not the terms blamed)
    hint = f" ({no_match_hint(terms)})" if terms and since is None and until is None else ""
    which = f" {' and '.join(asked)}" if asked else ""
    return f"{path}: no reply{which}{hint}: the network written is empty"


def write_reply_network(
    list_name: str,
    path: PathLike,
    freq: str | None = None,
    *,
    author_ids: Sequence[str] | None = None,
    topic: str | None = None,
    terms: str | Sequence[str] | None = None,
    discover: int | None = None,
    seed: int = 0,
    since: DateLike | None = None,
    until: DateLike | None = None,
    tz: str | None = None,
    data_dir: PathLike = DEFAULT_DATA_DIR,
) -> Path:
    """Write the reply network as GraphML (for Gephi) or as a table (CSV, JSONL, JSON,
    Parquet). As in ``reply_network``, replies to oneself are not edges of it, ``author_ids``
    keeps the replies these authors gave or received, ``topic`` those about it and
    ``since``/``until`` those dated in that range. GraphML nodes carry the authors table's
    name as their ``name`` and ``label``, and each author's figures over the whole list, or
    the range (messages, words, replies given and received), whichever authors' edges are
    kept; with ``topic``, over the topic's messages and replies, every author of one a node."""
    if freq is not None:
        timelines.period_code(freq)  # before the store is looked for
    path = Path(path)
    zone, dates = list_dates(list_name, data_dir, since, until, tz)
    ids = None if author_ids is None else _author_ids(list_name, data_dir, author_ids)
    counted, edges_ = _replies_asked(
        list_name, data_dir, freq, topic, (terms, discover, seed), dates, zone
    )
    kept = edges_ if ids is None else network.around_authors(edges_, ids)
    if kept.empty:
        warnings.warn(
            _empty_network(path, topic, terms, author_ids, since, until), AnalyzerWarning, 2
        )
    if path.suffix.lower() == ".graphml":
        people = authors(list_name, data_dir)  # (the table alone: no second read)
        nodes = network.network_nodes(
            counted, edges_, names=author_names(people), dates=dates, authors=people
        )
        if ids is not None:
            ends = {*ids, *kept["source_author"], *kept["target_author"]}
            nodes = nodes[nodes["author"].isin(ends)]
        return network.write_graphml(kept, path, nodes)
    return export_frame(kept, path)


def reply_network_size(path: PathLike) -> network.NetworkSize:
    """How many authors, edges and replies a network written by ``write_reply_network`` holds
    (read back from the file: GraphML or a table)."""
    return network.written_size(Path(path))
