"""Timelines: how activity spread over time, per author, per topic and per thread.

The periods and the messages every timeline counts are here, with the timelines per author and
per thread; the topic timelines are in ``analyzer.topic_timelines`` (and given here too).

Every timeline is a long table, one row per (key, period), whose first columns are
``TIMELINE_COLUMNS`` (``key``, ``period``, ``messages``, ``words``, ``authors``, ``threads``); the
richer figures follow them. Periods are calendar periods of the UTC date (or, with ``tz``, of
the local time in that IANA zone: a post of 02:06 UTC on 1 March is a February post in New
York), ``freq`` one of ``D`` (day, ``2016-05-02``), ``W`` (ISO week, Monday to Sunday,
``2016-W18``), ``M`` (``2016-05``), ``Q`` (``2016-Q2``) or ``Y`` (``2016``); the labels sort in time order, and ``start`` gives the
period's first instant as a UTC timestamp for plotting (local midnight, with ``tz``). Dates
themselves stay UTC in every table.

Counts are over distinct Message-IDs; ``words`` are authored words (``n_words_authored``: quotes
removed), so every word counts once, for its real author. An author is ``author_id`` where known,
else the sender's address. An author's ``name`` is the authors table's, given as ``names``
(``analyzer.identity.author_names``): never a From name read here, which differs between
messages (``Kwon, Alan``, ``Chris Elford (projectclearwater.org)``, none at all).
"""

from __future__ import annotations

from collections.abc import Collection, Mapping, Sequence
from typing import TYPE_CHECKING, Any, Final, cast

import numpy as np
import pandas as pd

from analyzer.dateranges import UTC
from analyzer.errors import AnalyzerError
from analyzer.schema import (
    AUTHOR_MESSAGES_COLUMNS,
    AUTHOR_TIMELINE_COLUMNS,
    THREAD_ACTIVITY_COLUMNS,
    THREAD_TIMELINE_COLUMNS,
)
from analyzer.subjects import display_subject
from analyzer.threads import edges_table, threads_table

if TYPE_CHECKING:
    from analyzer.dateranges import DateRange

FREQUENCIES: Final[dict[str, str]] = {
    "D": "D",
    "DAY": "D",
    "W": "W",
    "WEEK": "W",
    "M": "M",
    "MONTH": "M",
    "Q": "Q",
    "QUARTER": "Q",
    "Y": "Y",
    "A": "Y",
    "YEAR": "Y",
}


# --- periods ----------------------------------------------------------------------------------


def period_code(freq: str) -> str:
    """The pandas period code of a frequency name (``"M"``, ``"month"``…); raises on others."""
    code = FREQUENCIES.get(str(freq).strip().upper())
    if code is None:
        # (the API's functions take the period second: a data folder given there lands in it)
        hint = "" if len(str(freq)) < 2 else " (a data folder is given as data_dir=...)"
        raise AnalyzerError(f"unknown period {freq!r}: use D, W, M, Q or Y{hint}")
    return code


def _utc(dates: pd.Series) -> pd.Series:
    return pd.to_datetime(dates, utc=True)


def to_periods(dates: pd.Series, freq: str, tz: str = UTC) -> pd.Series:
    """Calendar periods of dates, read as UTC or as local time in the IANA zone ``tz`` (weeks
    run Monday to Sunday, as ISO weeks do)."""
    local = _utc(dates)
    if tz != UTC:
        local = local.dt.tz_convert(tz)
    return local.dt.tz_localize(None).dt.to_period(period_code(freq))


def _label(period: pd.Period) -> str:
    code = period.freqstr[0]
    if code == "W":
        year, week, _ = period.start_time.isocalendar()
        return f"{year}-W{week:02d}"
    if code == "Q":
        return f"{period.year}-Q{period.quarter}"
    return str(period)


def period_labels(periods: pd.Series) -> pd.Series:
    """Readable labels of periods, each distinct period formatted once."""
    codes, uniques = pd.factorize(periods, sort=False)
    labels = np.array([_label(p) for p in uniques] + [None], dtype=object)
    return pd.Series(labels[codes], index=periods.index, dtype=object)


def period_starts(periods: pd.Series, tz: str = UTC) -> pd.Series:
    """The first instant of each period (local midnight in ``tz``), as a UTC timestamp."""
    starts = periods.dt.start_time
    if tz == UTC:
        return starts.dt.tz_localize(UTC)
    # a period that begins in a DST gap begins when the clocks go on; a repeated midnight, first
    first = np.ones(len(starts), dtype=bool)
    local = starts.dt.tz_localize(tz, ambiguous=first, nonexistent="shift_forward")
    return local.dt.tz_convert(UTC)


def list_span(messages: pd.DataFrame, freq: str, tz: str = UTC) -> pd.PeriodIndex:
    """Every period from the first dated message of ``messages`` to the last: the rows a
    filled timeline holds, the same for every key (so that a pivot of the long table has zeros
    for the quiet periods, never NaN), and the same as the report's."""
    if "date" not in messages or messages.empty:
        return pd.PeriodIndex([], freq=period_code(freq))
    dates = _utc(messages["date"]).dropna()
    if dates.empty:
        return pd.PeriodIndex([], freq=period_code(freq))
    ends = to_periods(pd.Series([dates.min(), dates.max()]), freq, tz)
    return pd.period_range(ends.iloc[0], ends.iloc[1], freq=period_code(freq))


# --- the messages a timeline counts -------------------------------------------------------------


def author_keys(messages: pd.DataFrame) -> pd.Series:
    """Who wrote each message: ``author_id`` where known, else the sender's address, else None."""
    email = (
        messages["from_email"].astype(object)
        if "from_email" in messages
        else pd.Series(None, index=messages.index, dtype=object)
    )
    if "author_id" in messages:
        author = messages["author_id"].astype(object)
        keys = author.where(author.notna() & (author != ""), email)
    else:
        keys = email
    return keys.where(keys.notna() & (keys != ""), None)


def people_only(authors: pd.Series, automated: Collection[str]) -> pd.Series:
    """The author keys with those of ``automated`` senders blanked (None): the people a count
    of authors or a list of leaders holds. Their messages still count as messages in the
    report's activity (a list's volume); the topic timelines leave them out altogether."""
    if not automated:
        return authors
    return authors.where(~authors.isin(set(automated)), None)


UNIQUE_COLUMNS: Final = (
    "message_id",
    "date",
    "author",
    "thread_id",
    "parent_id",
    "depth",
    "subject",
    "authored",
    "words",
    "affiliation",
)
"""The columns of ``unique_messages``, in their order."""
_SOURCES: Final[dict[str, tuple[str, ...]]] = {
    "message_id": ("message_id",),
    "date": ("date",),
    "author": ("from_email", "author_id"),
    "thread_id": ("thread_id",),
    "parent_id": ("parent_id",),
    "depth": ("depth",),
    "subject": ("subject",),
    "authored": ("authored",),
    "words": ("n_words_authored",),
    "affiliation": ("affiliation",),
}
"""The message columns each column of ``unique_messages`` is made from."""


COUNTED_COLUMNS: Final = tuple(c for c in UNIQUE_COLUMNS if c not in ("authored", "affiliation"))
"""The columns of ``unique_messages`` that tables counting messages read: all but the texts,
which only a thread's timeline shows (on a million messages their copy is 0.7 GB), and the
affiliation, which only one person's timeline shows."""


def _wanted(columns: Sequence[str] | None) -> list[str]:
    """The columns of ``unique_messages`` asked for, in their order."""
    asked = UNIQUE_COLUMNS if columns is None else tuple(columns)
    if unknown := sorted(set(asked) - set(UNIQUE_COLUMNS)):
        raise AnalyzerError(f"unique_messages has no column {', '.join(unknown)}")
    return [c for c in UNIQUE_COLUMNS if c in asked]


def _sources(wanted: Sequence[str]) -> set[str]:
    return {source for column in wanted for source in _SOURCES[column]}


def unique_messages(
    messages: pd.DataFrame,
    *,
    undated: bool = False,
    columns: Sequence[str] | None = None,
) -> pd.DataFrame:
    """The messages a timeline counts: one per Message-ID, with ``author`` and ``words`` filled.

    Copies of one Message-ID count once (the first); messages without a date have no period and
    are left out, unless ``undated``. Only the columns read are copied, and with ``columns``
    only those of ``UNIQUE_COLUMNS`` are made (in that order; ``COUNTED_COLUMNS`` leaves out
    the texts): each column of text is a Python string per message, 0.1 GB on a million.
    """
    wanted = _wanted(columns)
    ids = messages["message_id"].astype(object)
    keep = ~(ids.notna() & ids.duplicated())
    if not undated:
        keep &= messages["date"].notna()
    sources = _sources(wanted)
    read = [c for c in _COUNTED_COLUMNS if c in messages and c in sources]
    table = messages.loc[keep, read]

    def made(column: str) -> object:
        if column == "author":
            return author_keys(table)
        if column == "words":
            return (
                pd.to_numeric(table["n_words_authored"], errors="coerce").fillna(0).astype(np.int64)
                if "n_words_authored" in table
                else pd.Series(0, index=table.index, dtype=np.int64)
            )
        if column == "date":
            return _utc(table["date"])
        if column == "depth":
            return table["depth"]
        if column == "authored":
            # as stored (Arrow strings): a Python string each would be 1.5 GB on a million
            return table.get("authored")
        if column in ("subject", "affiliation"):  # (a table built without them has none)
            return table[column].astype(object) if column in table else None
        return table[column].astype(object)  # message_id, thread_id, parent_id: always there

    return pd.DataFrame({column: made(column) for column in wanted}, index=table.index)


# What `unique_messages` and `threads_table` read of a message.
_COUNTED_COLUMNS = (
    "message_id",
    "date",
    "from_email",
    "author_id",
    "thread_id",
    "parent_id",
    "depth",
    "subject",
    "authored",
    "n_words_authored",
    "affiliation",
)


def rows_with(
    messages: pd.DataFrame,
    column: str,
    values: set[object],
    *,
    columns: Sequence[str] = COUNTED_COLUMNS,
) -> pd.DataFrame:
    """The rows whose ``column`` is one of ``values``, in their order, with only what those
    ``columns`` of `unique_messages` are made from (fewer columns to copy: a selection of rows
    copies every column it keeps); by default what `unique_messages` and `threads_table` read
    to count, without the texts."""
    sources = _sources(_wanted(columns))
    kept = [c for c in messages.columns if c in sources]
    return messages.loc[messages[column].isin(values), kept]


def aggregate(table: pd.DataFrame, key: pd.Series, freq: str, tz: str = UTC) -> pd.DataFrame:
    """TIMELINE_COLUMNS plus first and last date and period start, one row per (key, period)."""
    periods = to_periods(table["date"], freq, tz)
    frame = table.assign(key=key.to_numpy(), _period=periods)
    frame = frame[frame["key"].notna()]
    grouped = frame.groupby(["key", "_period"], sort=True)
    out = pd.DataFrame(
        {
            "messages": grouped.size(),
            "words": grouped["words"].sum(),
            "authors": grouped["author"].nunique(),
            "threads": grouped["thread_id"].nunique(),
            "first": grouped["date"].min(),
            "last": grouped["date"].max(),
        }
    ).reset_index()
    out["period"] = period_labels(out["_period"])
    out["start"] = period_starts(out["_period"], tz)
    return out


def empty_table(columns: Sequence[str]) -> pd.DataFrame:
    return pd.DataFrame({column: pd.Series(dtype=object) for column in columns})


AuthorNames = Mapping[str, str]
"""An author's name by author key, as ``analyzer.identity.author_names`` gives it."""


def names_of(keys: pd.Series, names: AuthorNames | None) -> pd.Series:
    """The name of each author key (None where ``names`` has none)."""
    if not names:
        return pd.Series(None, index=keys.index, dtype=object)
    named = keys.map(names).astype(object)
    return named.where(named.notna(), None)


# --- per author ---------------------------------------------------------------------------------


def thread_roots(messages: pd.DataFrame) -> pd.Series:
    """The root message of each thread (as ``threads_table`` names it), indexed by thread_id."""
    threads = threads_table(messages)
    return pd.Series(threads["root_id"].to_numpy(), index=threads["thread_id"].to_numpy())


def author_timeline(
    messages: pd.DataFrame,
    freq: str = "M",
    *,
    names: AuthorNames | None = None,
    keys: Collection[str] | None = None,
    fill: bool = False,
    dates: DateRange | None = None,
    tz: str = UTC,
) -> pd.DataFrame:
    """Per author and period (of local time in ``tz``): messages, authored words, threads posted in, threads started,
    replies given to and received from other people, first and last post, and the name of
    ``names`` (None without it); every author, or those of ``keys``; with ``dates``, over the
    messages and replies dated in it.

    Only periods in which the author posted or was answered appear; with ``fill``, every
    period of the list's span (``list_span``) does, quiet ones with zeros (a row per author
    and period: many rows for a large list). A thread is started by the author of its root
    (the ``root_id`` of the threads table), in the period of that message. Replies are the
    edges of the reply network between two different authors, counted in the period of the
    reply; replying to oneself is neither given nor received.
    """
    table = unique_messages(messages, columns=COUNTED_COLUMNS)
    if dates is not None:  # roots and replies are read in the whole archive, then kept
        table = table[dates.holds(table["date"])]
    if table.empty:
        return empty_table(AUTHOR_TIMELINE_COLUMNS)
    out = aggregate(table, table["author"], freq, tz).set_index(["key", "_period"])

    roots = set(thread_roots(messages).dropna())
    started = table[table["message_id"].isin(roots)]
    started_counts = _counts(started["author"], to_periods(started["date"], freq, tz))

    edges = edges_table(messages)
    if dates is not None:
        edges = edges[dates.holds(edges["date"])]
    edges = edges[
        edges["source_author"].notna()
        & edges["target_author"].notna()
        & (edges["source_author"] != edges["target_author"])
    ]
    edge_periods = to_periods(edges["date"], freq, tz)
    given = _counts(edges["source_author"], edge_periods)
    received = _counts(edges["target_author"], edge_periods)

    index = out.index.union(received.index)
    if keys is not None:
        index = index[index.get_level_values("key").isin(set(keys))]
    if fill:
        span = list_span(messages if dates is None else dates.messages(messages), freq, tz)
        every = pd.MultiIndex.from_product(
            [index.get_level_values("key").unique(), span], names=["key", "_period"]
        )
        index = every.union(cast(pd.MultiIndex, index))
    out = out.reindex(index)
    for column in ("messages", "words", "authors", "threads"):
        out[column] = out[column].fillna(0).astype(np.int64)
    out["threads_started"] = started_counts.reindex(index, fill_value=0).astype(np.int64)
    out["replies_given"] = given.reindex(index, fill_value=0).astype(np.int64)
    out["replies_received"] = received.reindex(index, fill_value=0).astype(np.int64)
    out = out.reset_index()
    out["period"] = period_labels(out["_period"])
    out["start"] = period_starts(out["_period"], tz)
    out["name"] = names_of(out["key"], names)
    return out[list(AUTHOR_TIMELINE_COLUMNS)]


def _counts(keys: pd.Series, periods: pd.Series) -> pd.Series:
    frame = pd.DataFrame({"key": keys.to_numpy(), "_period": periods.to_numpy()}).astype(
        {"_period": periods.dtype}
    )
    frame = frame[frame["key"].notna()]
    if frame.empty:
        index = pd.MultiIndex.from_arrays(
            [pd.Index([], dtype=object), pd.PeriodIndex([], freq=periods.dt.freq)],
            names=["key", "_period"],
        )
        return pd.Series([], index=index, dtype=np.int64)
    return frame.groupby(["key", "_period"]).size()


# --- per thread ---------------------------------------------------------------------------------


_HOUR: Final = pd.Timedelta(hours=1)


def _snippet(text: object, limit: int) -> str:
    if not isinstance(text, str):
        return ""
    flat = " ".join(text.split())
    return flat if len(flat) <= limit else flat[: limit - 1].rstrip() + "…"


def _thread_of(messages: pd.DataFrame, wanted: str) -> str:
    """The thread a researcher means: a thread ID, or the Message-ID of any of its messages
    (its root among them, which the threads table shows and which differs from the thread ID
    when the archive lacks the first message), with or without angle brackets."""
    wanted = wanted.strip().removeprefix("<").removesuffix(">").strip()
    threads = messages["thread_id"]
    if (threads == wanted).any():
        return wanted
    of_message = threads[(messages["message_id"] == wanted).fillna(False)].dropna()
    if len(of_message):
        return str(of_message.iloc[0])
    raise UnknownThreadError(wanted)


class UnknownThreadError(AnalyzerError):
    """No thread has this ID and no message this Message-ID (the caller may name the list)."""

    def __init__(self, wanted: str) -> None:
        super().__init__(f"no thread or message {wanted!r} in these messages")
        self.wanted = wanted


def thread_timeline(
    messages: pd.DataFrame,
    thread_id: str,
    *,
    snippet_chars: int = 160,
    names: AuthorNames | None = None,
) -> pd.DataFrame:
    """Each message of one thread in date order: who (named from ``names``), when, answering
    whom, how deep, how many hours after the message it answers and after the thread began
    (hours, not timedeltas, so that every export format keeps them), and the start of what the
    author wrote.

    ``thread_id`` may also be the Message-ID of any message of the thread (``<...>`` or not).
    """
    thread_id = _thread_of(messages, thread_id)
    table = unique_messages(rows_with(messages, "thread_id", {thread_id}, columns=UNIQUE_COLUMNS))
    table = table.sort_values(["date", "message_id"], kind="stable").reset_index(drop=True)
    # the parents, wherever they are (and the thread's own messages: never an empty lookup)
    looked_up = set(table["parent_id"].dropna()) | set(table["message_id"].dropna())
    by_id = unique_messages(rows_with(messages, "message_id", looked_up), columns=COUNTED_COLUMNS)
    by_id = by_id.set_index("message_id")
    parents = table["parent_id"].where(table["parent_id"].isin(by_id.index))
    parent_dates = parents.map(by_id["date"])
    out = pd.DataFrame(
        {
            "position": np.arange(1, len(table) + 1, dtype=np.int64),
            "message_id": table["message_id"],
            "date": table["date"],
            "author": table["author"],
            "name": names_of(table["author"], names),
            "parent_id": parents.astype(object),
            "parent_author": parents.map(by_id["author"]).astype(object),
            "parent_name": names_of(parents.map(by_id["author"]), names),
            "depth": table["depth"].astype(np.int64),
            "reply_delay_hours": (table["date"] - pd.to_datetime(parent_dates, utc=True)) / _HOUR,
            "hours_since_start": (table["date"] - table["date"].min()) / _HOUR,
            "words": table["words"],
            "snippet": table["authored"].map(lambda text: _snippet(text, snippet_chars)),
        }
    )
    return out[list(THREAD_TIMELINE_COLUMNS)]


# --- one author, message by message ------------------------------------------------------------


def _topics_of(ids: pd.Series, message_topics: pd.DataFrame | None) -> list[list[str]]:
    """The topics each message is in, in the order of ``message_topics`` (none for a message
    in none, and for every message when there are no topics)."""
    if message_topics is None or message_topics.empty:
        return [[] for _ in range(len(ids))]
    pairs = message_topics[["message_id", "topic"]].drop_duplicates()
    pairs = pairs[pairs["message_id"].isin(set(ids))]
    per_message = pairs.groupby("message_id", sort=False)["topic"].agg(list)
    return [list(v) if isinstance(v, list) else [] for v in ids.map(per_message)]


def author_messages(
    messages: pd.DataFrame,
    author: str,
    message_topics: pd.DataFrame | None = None,
    *,
    names: AuthorNames | None = None,
    snippet_chars: int = 160,
    labels: Mapping[str, str] | None = None,
) -> pd.DataFrame:
    """Every message of one author (``author_id``, else the address, as ``author_keys`` says)
    in date order, undated ones last: when, under which name (the authors table's, from
    ``names``), from which organisation (the ``affiliation`` of the address it was sent from:
    a person's changes with the years), in which thread (its subject
    without list tag and ``Re:``), how deep, answering whom, how many authored words, the start
    of what they wrote, and the topics of ``message_topics`` the message is in, with their
    labels from ``labels`` (the topics table's: ``nmf-03`` alone says nothing)."""
    mine = (author_keys(messages) == author).to_numpy(dtype=bool)
    sources = _sources(UNIQUE_COLUMNS)
    rows = messages.loc[mine, [c for c in messages.columns if c in sources]]
    table = unique_messages(rows, undated=True)
    if table.empty:
        raise AnalyzerError(f"no messages of author {author!r} in these messages")
    # the thread's subject as written, not 'Re: [list] ...' (nor the lower-cased subject_norm)
    table["subject"] = table["subject"].map(
        lambda subject: display_subject(subject) or subject if isinstance(subject, str) else subject
    )
    table = table.sort_values(
        ["date", "message_id"], kind="stable", na_position="last"
    ).reset_index(drop=True)
    looked_up = set(table["parent_id"].dropna()) | set(table["message_id"])
    by_id = unique_messages(
        rows_with(messages, "message_id", looked_up), undated=True, columns=COUNTED_COLUMNS
    ).set_index("message_id")
    parents = table["parent_id"].where(table["parent_id"].isin(by_id.index))
    out = pd.DataFrame(
        {
            "position": np.arange(1, len(table) + 1, dtype=np.int64),
            "message_id": table["message_id"],
            "date": table["date"],
            "name": names_of(table["author"], names),
            "affiliation": table["affiliation"],
            "thread_id": table["thread_id"],
            "subject": table["subject"],
            "depth": table["depth"].astype(np.int64),
            "parent_author": parents.map(by_id["author"]).astype(object),
            "parent_name": names_of(parents.map(by_id["author"]), names),
            "words": table["words"],
            "snippet": table["authored"].map(lambda text: _snippet(text, snippet_chars)),
            "topics": _topics_of(table["message_id"], message_topics),
        }
    )
    named = labels or {}
    out["topic_labels"] = out["topics"].map(lambda ids: [named.get(i, i) for i in ids])
    return out[list(AUTHOR_MESSAGES_COLUMNS)]


def thread_activity(
    messages: pd.DataFrame,
    freq: str = "D",
    thread_ids: Sequence[str] | None = None,
    *,
    tz: str = UTC,
) -> pd.DataFrame:
    """Per thread and period (of local time in ``tz``): messages, authored words and people
    (``threads`` is always 1)."""
    table = unique_messages(messages, columns=COUNTED_COLUMNS)
    if thread_ids is not None:
        table = table[table["thread_id"].isin(set(thread_ids))]
    if table.empty:
        return empty_table(THREAD_ACTIVITY_COLUMNS)
    out = aggregate(table, table["thread_id"], freq, tz)
    return out[list(THREAD_ACTIVITY_COLUMNS)]


_TOPIC_TIMELINES: Final = frozenset(
    {"topic_author_timeline", "topic_threads", "topic_timeline", "topic_timelines"}
)


def __getattr__(name: str) -> Any:
    """The topic timelines, by the names they had here before they moved to
    ``analyzer.topic_timelines`` (``from analyzer.timelines import topic_timeline`` still
    works): loaded on first use, since that module counts with this one's periods."""
    if name in _TOPIC_TIMELINES:
        from analyzer import topic_timelines

        return getattr(topic_timelines, name)
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
