"""The threads and edges tables, and threads in reading order, from threaded messages."""

from __future__ import annotations

from typing import Literal

import numpy as np
import pandas as pd

from analyzer.errors import AnalyzerError
from analyzer.schema import EDGE_COLUMNS, THREAD_COLUMNS
from analyzer.threads.core import column, thread_messages


def _author_keys(messages: pd.DataFrame) -> pd.Series:
    """Who wrote each message: ``author_id`` where known, else the sender's address."""
    email = column(messages, "from_email").astype(object)
    if "author_id" not in messages:
        return email.where(email.notna() & (email != ""), None)
    author = messages["author_id"].astype(object)
    known = author.notna() & (author != "")
    keys = author.where(known, email)
    return keys.where(keys.notna() & (keys != ""), None)


def _threaded(messages: pd.DataFrame) -> pd.DataFrame:
    if {"parent_id", "thread_id", "depth"}.issubset(messages.columns):
        return messages
    return thread_messages(messages)


def threads_table(messages: pd.DataFrame) -> pd.DataFrame:
    """One row per thread (THREAD_COLUMNS), threading the messages first if they are not yet.

    ``root_id`` is the root message, or for a thread whose root the archive lacks, its earliest
    message; ``subject`` is the root's. Copies of one Message-ID count once.
    """
    threaded = _threaded(messages)
    table = pd.DataFrame(
        {
            "message_id": threaded["message_id"].astype(object),
            "thread_id": threaded["thread_id"].astype(object),
            "subject": column(threaded, "subject").astype(object),
            "date": pd.to_datetime(threaded["date"], utc=True),
            "depth": threaded["depth"].astype(np.int64),
            "is_top": threaded["parent_id"].isna(),
            "author": _author_keys(threaded),
        }
    )
    has_id = table["message_id"].notna()
    table = table[~(has_id & table["message_id"].duplicated())]
    if table.empty:
        return pd.DataFrame({column: pd.Series(dtype=object) for column in THREAD_COLUMNS})
    # The root: the message whose id is the thread's, else the earliest top message.
    table = table.assign(
        root_order=np.where(table["message_id"] == table["thread_id"], 0, 1)
        + np.where(table["is_top"], 0, 2)
    ).sort_values(["thread_id", "root_order", "date", "message_id"], na_position="last")
    grouped = table.groupby("thread_id", sort=False)
    roots = grouped.head(1).set_index("thread_id")
    threads = pd.DataFrame(
        {
            "root_id": roots["message_id"],
            "subject": roots["subject"],
            "start": grouped["date"].min(),
            "end": grouped["date"].max(),
            "n_messages": grouped.size(),
            "n_authors": grouped["author"].nunique(),
            "max_depth": grouped["depth"].max(),
        }
    )
    threads = threads.rename_axis("thread_id").reset_index()
    threads = threads.sort_values(["start", "thread_id"], na_position="last", ignore_index=True)
    return threads[list(THREAD_COLUMNS)]


def edges_table(messages: pd.DataFrame) -> pd.DataFrame:
    """Who replied to whom (EDGE_COLUMNS): one row per message whose parent is in the table."""
    threaded = _threaded(messages).reset_index(drop=True)
    authors = _author_keys(threaded)
    message_ids = threaded["message_id"].astype(object)
    has_id = message_ids.notna()
    unique = ~(has_id & message_ids.duplicated())
    author_of = pd.Series(authors[unique & has_id].to_numpy(), index=message_ids[unique & has_id])
    replies = unique & threaded["parent_id"].notna()
    edges = pd.DataFrame(
        {
            "message_id": message_ids[replies],
            "date": pd.to_datetime(threaded["date"][replies], utc=True),
            "source_author": authors[replies],
            "target_author": threaded["parent_id"][replies].map(author_of).astype(object),
            "thread_id": threaded["thread_id"][replies].astype(object),
        }
    )
    edges = edges.sort_values(["date", "message_id"], na_position="last", ignore_index=True)
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
