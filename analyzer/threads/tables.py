"""The threads and edges tables, and threads in reading order, from threaded messages."""

from __future__ import annotations

from typing import Literal

import numpy as np
import pandas as pd

from analyzer.errors import AnalyzerError
from analyzer.schema import EDGE_COLUMNS, THREAD_COLUMNS
from analyzer.subjects import display_subject
from analyzer.threads.core import column, thread_messages
from analyzer.threads.quoted_links import NO_DATE


def _author_keys(messages: pd.DataFrame) -> pd.Series:
    """Who wrote each message: ``author_id`` where known, else the sender's address."""
    keys = column(messages, "from_email")
    if "author_id" in messages:
        author = messages["author_id"]
        keys = author.where(author.notna() & (author != ""), keys)
    return keys.where(keys.notna() & (keys != ""))


def _threaded(messages: pd.DataFrame) -> pd.DataFrame:
    if {"parent_id", "thread_id", "depth"}.issubset(messages.columns):
        return messages
    return thread_messages(messages)


_USED = ("message_id", "parent_id", "thread_id", "depth", "date", "subject")


def _counted(messages: pd.DataFrame) -> pd.DataFrame:
    """The columns the tables use, with an ``author`` key, for the first copy of each message."""
    threaded = _threaded(messages)
    frame = pd.DataFrame({name: column(threaded, name) for name in _USED})
    frame["author"] = _author_keys(threaded)
    frame["date"] = pd.to_datetime(frame["date"], utc=True)
    codes, _ = pd.factorize(frame["message_id"], use_na_sentinel=True)
    first = codes < 0
    first[np.unique(codes, return_index=True)[1]] = True
    return frame[first | (codes < 0)].reset_index(drop=True)


def _by_date(frame: pd.DataFrame, *leading: np.ndarray) -> np.ndarray:
    """Row order by the leading keys, then date (missing last), then a hash of the Message-ID.

    Only rows that share a date need the hash, and they are few.
    """
    dates = frame["date"].to_numpy(dtype="datetime64[ns]").view(np.int64)
    dates = np.where(dates == NO_DATE, np.iinfo(np.int64).max, dates)
    hashes = np.zeros(len(frame), dtype=np.uint64)
    tied = np.flatnonzero(pd.Series(dates).duplicated(keep=False).to_numpy())
    if len(tied):
        ids = frame["message_id"].iloc[tied]
        hashes[tied] = pd.util.hash_array(ids.fillna("").to_numpy(dtype=object), categorize=False)
    return np.lexsort((hashes, dates, *reversed(leading)))


def _shown(subject: object) -> object:
    """The subject a thread is named by; a subject of only tags and prefixes stays as it is."""
    if not isinstance(subject, str):
        return subject
    return display_subject(subject) or subject


def threads_table(messages: pd.DataFrame) -> pd.DataFrame:
    """One row per thread (THREAD_COLUMNS), threading the messages first if they are not yet.

    ``root_id`` is the root message, or for a thread whose root the archive lacks, its earliest
    message; ``subject`` is the root's, as a reader names the thread: without the list's tag
    ("[ImageJ-devel]") and "Re:"/"Fwd:" prefixes (`display_subject`). Copies of one Message-ID
    count once.
    """
    frame = _counted(messages)
    frame = frame[frame["thread_id"].notna()].reset_index(drop=True)  # not threaded: no thread
    if frame.empty:
        return pd.DataFrame({name: pd.Series(dtype=object) for name in THREAD_COLUMNS})
    group, names = pd.factorize(frame["thread_id"])
    authors, _ = pd.factorize(frame["author"], use_na_sentinel=True)
    per_message = pd.DataFrame(
        {"group": group, "date": frame["date"].array, "depth": frame["depth"]}
    )
    grouped = per_message.groupby("group", sort=True)
    pairs = pd.DataFrame({"group": group, "author": authors})[authors >= 0].drop_duplicates()
    n_authors = pairs.groupby("group").size().reindex(range(len(names)), fill_value=0)
    # The root: the message whose id is the thread's, else the earliest top message.
    is_root = (frame["message_id"] == frame["thread_id"]).fillna(False).to_numpy(dtype=bool)
    root_order = np.where(is_root, 0, 1) + np.where(frame["parent_id"].isna().to_numpy(), 0, 2)
    order = _by_date(frame, group, root_order)
    first = np.r_[True, group[order][1:] != group[order][:-1]]
    root_rows = order[first]  # one per group, in group order 0, 1, 2 …
    threads = pd.DataFrame(
        {
            "thread_id": names,
            "root_id": frame["message_id"].iloc[root_rows].array,
            "subject": [_shown(subject) for subject in frame["subject"].iloc[root_rows]],
            "start": grouped["date"].min().array,
            "end": grouped["date"].max().array,
            "n_messages": grouped.size().to_numpy(),
            "n_authors": n_authors.to_numpy(),
            "max_depth": grouped["depth"].max().to_numpy(),
        }
    )
    delays, repliers = _first_replies(frame, group, root_rows, threads["start"])
    threads["first_reply_delay_hours"] = delays
    threads["first_replier"] = repliers
    threads = threads.sort_values(["start", "thread_id"], na_position="last", ignore_index=True)
    return threads[list(THREAD_COLUMNS)]


_HOUR = np.timedelta64(3600, "s")


def _first_replies(
    frame: pd.DataFrame, group: np.ndarray, root_rows: np.ndarray, starts: pd.Series
) -> tuple[np.ndarray, np.ndarray]:
    """Per thread (``group`` codes; ``root_rows``: each one's root row; ``starts``: each one's
    first date): hours from its first message to the first dated message of a known sender
    other than its root's, and that sender; NaN and None when no one else answered (how soon a
    starter was answered, and by whom: a question left alone shows as none)."""
    authors = frame["author"].to_numpy(dtype=object)
    dates = pd.to_datetime(frame["date"], utc=True)
    starters = authors[root_rows]
    other = pd.notna(authors) & dates.notna().to_numpy() & (authors != starters[group])
    other[root_rows] = False
    order = _by_date(frame, group)
    order = order[other[order]]
    kept = group[order]
    firsts = order[np.r_[True, kept[1:] != kept[:-1]]] if len(order) else order
    delays = np.full(len(root_rows), np.nan)
    repliers = np.full(len(root_rows), None, dtype=object)
    threads = group[firsts]
    began = pd.to_datetime(starts, utc=True).to_numpy(dtype="datetime64[ns]")
    answered = dates.to_numpy(dtype="datetime64[ns]")[firsts] - began[threads]
    delays[threads] = answered / _HOUR
    repliers[threads] = authors[firsts]
    return delays, repliers


def edges_table(messages: pd.DataFrame) -> pd.DataFrame:
    """Who replied to whom (EDGE_COLUMNS): one row per message whose parent is in the table,
    with that parent's Message-ID (``parent_id``), to join the message answered."""
    frame = _counted(messages)
    replies = frame[frame["parent_id"].notna()]
    position = pd.Index(frame["message_id"]).get_indexer(replies["parent_id"])
    targets = frame["author"].iloc[np.maximum(position, 0)].where(position >= 0)
    order = _by_date(replies)
    edges = pd.DataFrame(
        {
            "message_id": replies["message_id"].array.take(order),
            "date": replies["date"].array.take(order),
            "source_author": replies["author"].array.take(order),
            "target_author": targets.array.take(order),
            "thread_id": replies["thread_id"].array.take(order),
            "parent_id": replies["parent_id"].array.take(order),
        }
    )
    return edges[list(EDGE_COLUMNS)]


def thread_order(messages: pd.DataFrame) -> pd.DataFrame:
    """The messages in reading order: threads by start, each depth first with siblings by date.

    Messages whose parent the archive lacks are read as top messages of their thread.
    """
    threaded = _threaded(messages).reset_index(drop=True)
    dates = pd.to_datetime(threaded["date"], utc=True)
    by_date = threaded.assign(_date=dates).sort_values(["_date", "message_id"], na_position="last")
    children: dict[object, list[int]] = {}
    row_of_id: dict[object, int] = {}
    for row, message_id in zip(by_date.index, by_date["message_id"], strict=True):
        if isinstance(message_id, str) and message_id not in row_of_id:
            row_of_id[message_id] = row
    tops: dict[object, list[int]] = {}
    for row, parent_id, thread_id in zip(
        by_date.index, by_date["parent_id"], by_date["thread_id"], strict=True
    ):
        if isinstance(parent_id, str) and parent_id in row_of_id:
            children.setdefault(parent_id, []).append(row)
        else:
            tops.setdefault(thread_id, []).append(row)
    reading: list[int] = []
    for thread_rows in tops.values():  # threads in order of their first top message
        stack = list(reversed(thread_rows))
        while stack:
            row = stack.pop()
            reading.append(row)
            stack.extend(reversed(children.get(threaded["message_id"].iat[row], [])))
    return threaded.iloc[reading]


def select_threads(
    threads: pd.DataFrame, by: Literal["largest", "latest"] = "largest", limit: int = 20
) -> pd.DataFrame:
    """The largest (most messages) or latest (most recent activity) threads of a threads table."""
    if by == "largest":
        keys, ascending = ["n_messages", "end", "thread_id"], [False, False, True]
    elif by == "latest":
        keys, ascending = ["end", "n_messages", "thread_id"], [False, False, True]
    else:
        raise AnalyzerError(f"unknown thread selection {by!r}: use 'largest' or 'latest'")
    ordered = threads.sort_values(keys, ascending=ascending, na_position="last")
    return ordered.head(limit).reset_index(drop=True)
