"""Topic timelines: when a topic was argued, by whom and in which threads, per period.

They read a topic's messages as ``message_topics`` (``match_topics`` or ``discover_topics``)
gives them, and count them with ``analyzer.timelines``' periods and counted messages (its
docstring says how periods, words and authors are counted); ``analyzer.timelines`` gives these
functions under their names too. Automated senders (``automated``: author ids, as
``analyzer.identity.automated_authors`` finds them) are left out: a list owner's reminder or a
bot's report is no one's say on the topic.
"""

from __future__ import annotations

from collections.abc import Collection, Mapping, Sequence
from typing import TYPE_CHECKING, Final

import numpy as np
import pandas as pd

from analyzer.dateranges import UTC
from analyzer.schema import TOPIC_AUTHOR_COLUMNS, TOPIC_THREAD_COLUMNS, TOPIC_TIMELINE_COLUMNS
from analyzer.threads import threads_table
from analyzer.timelines import (
    AuthorNames,
    aggregate,
    empty_table,
    list_span,
    names_of,
    period_labels,
    period_starts,
    rows_with,
    to_periods,
    unique_messages,
)

if TYPE_CHECKING:
    from analyzer.dateranges import DateRange

__all__ = ["topic_author_timeline", "topic_threads", "topic_timeline", "topic_timelines"]


def _topic_rows(
    messages: pd.DataFrame,
    message_topics: pd.DataFrame,
    topic: str,
    automated: Collection[str] = (),
) -> pd.DataFrame:
    """The topic's messages (unique), less those of ``automated`` senders, with ``_direct``
    (its subject or the sender's own words matched) and ``_authored`` (the sender's own words
    matched: a reply's subject is inherited)."""
    rows = message_topics[message_topics["topic"] == topic]
    direct = (
        rows["via"] == "text" if "via" in rows else pd.Series(True, index=rows.index, dtype=bool)
    )
    matched_ids = set(rows.loc[direct, "message_id"])
    in_authored = (
        rows["matched_in"].isin(("authored", "subject+authored"))
        if "matched_in" in rows
        else direct
    )
    authored_ids = set(rows.loc[direct & in_authored, "message_id"])
    # The topic's rows first (all copies of each of its messages, in order, so that the first
    # copy is the same), with only what the topic's figures read: a discovered topic may hold
    # half of a large archive.
    counted = rows_with(messages, "message_id", set(rows["message_id"]), columns=_TOPIC_COLUMNS)
    table = unique_messages(counted, columns=_TOPIC_COLUMNS)
    if automated:
        # (a list owner's monthly reminder is no one's say on the topic: a robot's messages
        # would make a quiet month's only message and its key thread)
        table = table[~table["author"].isin(set(automated))].reset_index(drop=True)
    ids = table["message_id"]
    return table.assign(_direct=ids.isin(matched_ids), _authored=ids.isin(authored_ids))


_TOPIC_COLUMNS: Final = ("message_id", "date", "author", "thread_id", "words")
"""What the topic timeline and the topic threads read of ``unique_messages``."""


def _per_author(frame: pd.DataFrame) -> pd.DataFrame:
    """Per period and author of a topic's messages (``frame``: with ``_period`` and
    ``_direct``, authors known): messages, words, threads, matched, first and last post; most
    messages first, then most words, then by author: the order of ``leading_authors``."""
    grouped = frame.groupby(["_period", "author"])
    out = pd.DataFrame(
        {
            "messages": grouped.size(),
            "words": grouped["words"].sum(),
            "threads": grouped["thread_id"].nunique(),
            "matched": grouped["_direct"].sum().astype(np.int64),
            "matched_authored": grouped["_authored"].sum().astype(np.int64),
            "first": grouped["date"].min(),
            "last": grouped["date"].max(),
        }
    ).reset_index()
    return out.sort_values(
        ["_period", "messages", "words", "author"],
        ascending=[True, False, False, True],
        ignore_index=True,
    )


def _leaders(frame: pd.DataFrame, limit: int) -> pd.Series:
    """Per period: the ``limit`` authors with most messages (then words), as 'author (n)'."""
    top = _per_author(frame).groupby("_period").head(limit)
    entries = top["author"].astype(str) + " (" + top["messages"].astype(str) + ")"
    return entries.groupby(top["_period"]).agg(list)


def _key_threads(frame: pd.DataFrame) -> pd.DataFrame:
    """Per period: the thread with most of the topic's messages (ties: earliest thread id)."""
    per_thread = frame.groupby(["_period", "thread_id"]).size().rename("n").reset_index()
    per_thread = per_thread.sort_values(
        ["_period", "n", "thread_id"], ascending=[True, False, True]
    )
    return per_thread.drop_duplicates("_period").set_index("_period")


def topic_timeline(
    messages: pd.DataFrame,
    message_topics: pd.DataFrame,
    topic: str,
    freq: str = "M",
    *,
    leaders: int = 5,
    fill: bool = True,
    dates: DateRange | None = None,
    automated: Collection[str] = (),
    tz: str = UTC,
) -> pd.DataFrame:
    """Per period (of local time in ``tz``), the messages of one topic: how many, by how many people, in how many threads.

    ``message_topics`` is what ``match_topics`` or ``discover_topics`` returned; ``matched`` counts
    the messages whose subject or own words matched (the others belong to the topic through their
    thread), ``matched_authored`` those whose own prose did (a reply's subject is inherited; pasted code is not prose).
    ``leading_authors`` lists the most active participants of the period as ``"author (n)"``,
    ``key_thread`` the thread that carried most of the period's messages. With ``fill`` every
    period of the list's span appears (``list_span``: the same rows for every topic and the
    report; with ``dates``, the span of the list's messages in that range), quiet ones with
    zeros, so that a peak stands out against them. The messages of ``automated`` senders
    (author ids: ``automated_authors`` of the authors table) are left out.
    """
    table = _topic_rows(messages, message_topics, topic, automated)
    if table.empty:
        listed = messages if dates is None else dates.messages(messages)
        return _quiet_timeline(topic, list_span(listed, freq, tz) if fill else None, tz)
    out = aggregate(table, pd.Series(topic, index=table.index, dtype=object), freq, tz)
    frame = table.assign(_period=to_periods(table["date"], freq, tz))
    out = out.set_index("_period")
    out["matched"] = frame.groupby("_period")["_direct"].sum().astype(np.int64)
    out["matched_authored"] = frame.groupby("_period")["_authored"].sum().astype(np.int64)
    out["leading_authors"] = _leaders(frame[frame["author"].notna()], leaders)
    key_threads = _key_threads(frame[frame["thread_id"].notna()])
    out["key_thread"] = key_threads["thread_id"]
    key_threads_rows = rows_with(messages, "thread_id", set(out["key_thread"].dropna()))
    subjects = threads_table(key_threads_rows).set_index("thread_id")["subject"]
    out["key_subject"] = out["key_thread"].map(subjects).astype(object)
    if fill:
        listed = messages if dates is None else dates.messages(messages)
        span = list_span(listed, freq, tz).union(pd.PeriodIndex(out.index))
        out = out.reindex(span)
        out["key"] = topic
        for column in ("messages", "words", "authors", "threads", "matched", "matched_authored"):
            out[column] = out[column].fillna(0).astype(np.int64)
        out["period"] = period_labels(out.index.to_series())
        out["start"] = period_starts(out.index.to_series(), tz)
    out["leading_authors"] = out["leading_authors"].map(
        lambda value: value if isinstance(value, list) else []
    )
    return out.reset_index(drop=True)[list(TOPIC_TIMELINE_COLUMNS)]


def _quiet_timeline(topic: str, span: pd.PeriodIndex | None, tz: str) -> pd.DataFrame:
    """The timeline of a topic no message is on: every period of ``span`` with zeros (as its
    quiet periods would be, so that it pivots beside the others), none without a span."""
    if span is None or span.empty:
        return empty_table(TOPIC_TIMELINE_COLUMNS)
    periods = span.to_series().reset_index(drop=True)
    zeros = np.zeros(len(periods), dtype=np.int64)
    no_date = pd.Series(pd.NaT, index=periods.index, dtype="datetime64[us, UTC]")
    out = pd.DataFrame(
        {
            "key": topic,
            "period": period_labels(periods),
            **dict.fromkeys(
                ("messages", "words", "authors", "threads", "matched", "matched_authored"), zeros
            ),
            "first": no_date,
            "last": no_date,
            "start": period_starts(periods, tz),
            "leading_authors": [[] for _ in range(len(periods))],
            "key_thread": pd.Series(None, index=periods.index, dtype=object),
            "key_subject": pd.Series(None, index=periods.index, dtype=object),
        }
    )
    return out[list(TOPIC_TIMELINE_COLUMNS)]


def topic_timelines(
    messages: pd.DataFrame,
    message_topics: pd.DataFrame,
    topics: Sequence[str],
    freq: str = "M",
    *,
    dates: DateRange | None = None,
    automated: Collection[str] = (),
    tz: str = UTC,
) -> pd.DataFrame:
    """``topic_timeline`` of each of ``topics``, one after the other in one long table (``key``
    is the topic): topics found together are followed together, without finding them again for
    each (discovery takes minutes on a large archive). A topic without messages has every
    period with zeros, as ``topic_timeline`` gives it."""
    frames = [
        topic_timeline(
            messages, message_topics, topic, freq, dates=dates, automated=automated, tz=tz
        )
        for topic in topics
    ]
    kept = [frame for frame in frames if len(frame)]
    if not kept:
        return empty_table(TOPIC_TIMELINE_COLUMNS)
    return pd.concat(kept, ignore_index=True)


def topic_author_timeline(
    messages: pd.DataFrame,
    message_topics: pd.DataFrame,
    topics: Sequence[str],
    freq: str = "M",
    *,
    names: AuthorNames | None = None,
    labels: Mapping[str, str] | None = None,
    automated: Collection[str] = (),
    tz: str = UTC,
) -> pd.DataFrame:
    """Per topic (``key``, and its ``label`` from ``labels``: a discovered topic's id, ``nmf-03``,
    says nothing of what it is), period (of local time in ``tz``) and author: the author's messages on the topic, their
    authored words, threads, ``matched`` and ``matched_authored`` (as in ``topic_timeline``),
    first and last;
    the topics in the order given, each period's authors as ``leading_authors`` orders them
    (its first rows are those), named from ``names``.

    ``leading_authors`` as a table to pivot (author × topic × period) rather than text to
    parse. Only the periods in which the author wrote on the topic appear; messages of no
    known sender are in no row, as in ``leading_authors``, nor those of ``automated`` senders.
    """
    frames = []
    for topic in topics:
        frame = _topic_rows(messages, message_topics, topic, automated)
        frame = frame[frame["author"].notna()]
        if len(frame):
            rows = _per_author(frame.assign(_period=to_periods(frame["date"], freq, tz)))
            frames.append(rows.assign(key=topic))
    if not frames:
        return empty_table(TOPIC_AUTHOR_COLUMNS)
    out = pd.concat(frames, ignore_index=True)
    out["period"] = period_labels(out["_period"])
    out["start"] = period_starts(out["_period"], tz)
    out["name"] = names_of(out["author"], names)
    out["label"] = out["key"].map(lambda topic: (labels or {}).get(topic, topic)).astype(object)
    return out[list(TOPIC_AUTHOR_COLUMNS)]


def topic_threads(
    messages: pd.DataFrame,
    message_topics: pd.DataFrame,
    topic: str,
    limit: int | None = None,
    *,
    dates: DateRange | None = None,
    automated: Collection[str] = (),
) -> pd.DataFrame:
    """The key threads of a topic: those holding most of its messages, with their share of each
    thread, first and last mention; ``matched`` and ``matched_authored`` as in
    ``topic_timeline``.
    With ``dates`` (``message_topics`` then holds the messages in it), ``thread_messages`` and
    ``share`` are over the thread's messages in it. The ``automated`` senders' messages are left
    out."""
    table = _topic_rows(messages, message_topics, topic, automated)
    table = table[table["thread_id"].notna()]
    if table.empty:
        return empty_table(TOPIC_THREAD_COLUMNS)
    grouped = table.groupby("thread_id")
    out = pd.DataFrame(
        {
            "messages": grouped.size(),
            "matched": grouped["_direct"].sum().astype(np.int64),
            "matched_authored": grouped["_authored"].sum().astype(np.int64),
            "authors": grouped["author"].nunique(),
            "words": grouped["words"].sum(),
            "first": grouped["date"].min(),
            "last": grouped["date"].max(),
        }
    )
    out = out.rename_axis("thread_id").reset_index()
    out = out.sort_values(
        ["messages", "matched", "first", "thread_id"], ascending=[False, False, True, True]
    )
    if limit is not None:
        out = out.head(limit)
    out = out.set_index("thread_id")
    # Only the threads kept are read whole (a thread's row depends on its own messages only):
    # the threads of a large topic are much of a large archive.
    threads = threads_table(rows_with(messages, "thread_id", set(out.index))).set_index("thread_id")
    out["subject"] = threads["subject"].reindex(out.index).astype(object)
    if dates is not None:
        kept = rows_with(messages, "thread_id", set(out.index))
        threads = threads_table(dates.messages(kept)).set_index("thread_id")
    out["thread_messages"] = threads["n_messages"].reindex(out.index).astype(np.int64)
    out["share"] = out["messages"] / out["thread_messages"]
    return out.reset_index()[list(TOPIC_THREAD_COLUMNS)]
