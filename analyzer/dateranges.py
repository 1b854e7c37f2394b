"""The stretch of time a researcher studies (``--since``/``--until``, ``since=``/``until=``):
which messages, replies, threads and authors' figures fall in it.

A range is whole days, as the timelines' periods are: UTC days, or with ``tz`` (an IANA zone
such as ``America/New_York``) the days of that zone, midnight to midnight local time. ``since`` is
its first day, ``until`` its last (inclusive: ``until=2018-12-31`` keeps the messages of the
31st). Either end may be
left open. A message is in it by its date; a message without a date is in no range. What the
range keeps of each table:

- **messages**: those dated in it.
- **edges** (replies): those whose reply is dated in it, wherever the message it answers is: a
  reply of the first of January to a post of December is a reply made in the range.
- **threads**: those with a message in it, their figures (``start``, ``end``, ``n_messages``,
  ``n_authors``, ``max_depth``) over those messages only; ``root_id`` and ``subject`` are the
  thread's own, so that a thread begun before the range keeps its name.
- **authors**: those with a message in it, ``n_messages``, ``n_words_authored``, ``first``,
  ``last`` and ``threads_started`` (threads whose root is in the range) counted over it; who a
  person is (their addresses, name, affiliation, merges) is resolved over the whole archive.
"""

from __future__ import annotations

import datetime
import zoneinfo
from dataclasses import dataclass
from typing import Final

import numpy as np
import pandas as pd

from analyzer.errors import AnalyzerError
from analyzer.threads import edges_table, threads_table

DateLike = str | datetime.date
"""A day: an ISO date (``"2016-01-01"``) or a ``datetime.date`` (a datetime at midnight too)."""

_DAY = pd.Timedelta(days=1)


UTC: Final = "UTC"


def check_zone(tz: str | None) -> str:
    """The IANA time zone ``tz`` names (``UTC`` for None), checked: the periods and days a
    researcher reads may be a place's rather than UTC's (a list's evening posts counted on
    their own day). An unknown name is an error that names it."""
    if tz is None:
        return UTC
    zone = str(tz).strip()
    try:
        zoneinfo.ZoneInfo(zone)
    except (zoneinfo.ZoneInfoNotFoundError, ValueError):
        raise AnalyzerError(
            f"unknown time zone {tz!r}: give an IANA name such as America/New_York, or UTC"
        ) from None
    return zone


def local_midnight(day: pd.Timestamp, tz: str) -> pd.Timestamp:
    """The first instant of a (naive) day in ``tz``: a day that begins in a DST gap begins
    when the clocks go on, one whose midnight is repeated at its first midnight."""
    return pd.Timestamp(day).tz_localize(tz, ambiguous=True, nonexistent="shift_forward")


@dataclass(frozen=True, slots=True)
class DateRange:
    """Whole days from ``since`` to ``until`` (both kept; midnight of each in ``tz``); None
    leaves that end open."""

    since: pd.Timestamp | None
    until: pd.Timestamp | None
    tz: str = UTC

    def holds(self, dates: pd.Series) -> np.ndarray:
        """Which of ``dates`` fall in the range (a missing date never does)."""
        utc = pd.to_datetime(dates, utc=True)
        kept = utc.notna()
        if self.since is not None:
            kept &= utc >= self.since.tz_convert(UTC)
        if self.until is not None:
            end = local_midnight(self.until.tz_localize(None) + _DAY, self.tz)
            kept &= utc < end.tz_convert(UTC)
        return kept.to_numpy(dtype=bool, na_value=False)

    def messages(self, messages: pd.DataFrame) -> pd.DataFrame:
        """The messages dated in the range."""
        return messages[self.holds(messages["date"])]

    def message_rows(self, table: pd.DataFrame, messages: pd.DataFrame) -> pd.DataFrame:
        """The rows of a table keyed by ``message_id`` (message_topics) whose message is dated
        in the range."""
        ids = set(self.messages(messages)["message_id"])
        return table[table["message_id"].isin(ids).to_numpy(dtype=bool)].reset_index(drop=True)

    def __str__(self) -> str:
        since = None if self.since is None else f"{self.since:%Y-%m-%d}"
        until = None if self.until is None else f"{self.until:%Y-%m-%d}"
        zone = "" if self.tz == UTC else f" ({self.tz})"
        if since and until:
            return f"{since} to {until}{zone}"
        return (f"from {since}" if since else f"up to {until}") + zone


def _day(value: DateLike, name: str, tz: str) -> pd.Timestamp:
    if isinstance(value, datetime.datetime):
        if value.time() != datetime.time(0):
            raise AnalyzerError(f"{name} {value} is a time: give a day, such as 2016-01-01")
        value = value.date()
    if isinstance(value, datetime.date):
        return local_midnight(pd.Timestamp(value), tz)
    if not isinstance(value, str):
        raise AnalyzerError(f"{name} {value!r} is not a date: give a day, such as 2016-01-01")
    try:
        return local_midnight(pd.Timestamp(datetime.date.fromisoformat(value.strip())), tz)
    except ValueError:
        raise AnalyzerError(
            f"{name} {value!r} is not a date: give a day as YYYY-MM-DD, such as 2016-01-01"
        ) from None


def date_range(
    since: DateLike | None,
    until: DateLike | None,
    *,
    names: tuple[str, str] = ("since", "until"),
    tz: str | None = None,
) -> DateRange | None:
    """The range from ``since`` to ``until`` (both days kept), or None when neither is given;
    days of the zone ``tz`` (UTC by default).

    A day that cannot be read, or a ``since`` after ``until``, is an error that names it
    (``names``: how the caller calls the two ends, ``--since`` on the command line).
    """
    zone = check_zone(tz)
    if since is None and until is None:
        return None
    first = None if since is None else _day(since, names[0], zone)
    last = None if until is None else _day(until, names[1], zone)
    if first is not None and last is not None and first > last:
        raise AnalyzerError(
            f"{names[0]} {first:%Y-%m-%d} is after {names[1]} {last:%Y-%m-%d}: the range is empty"
        )
    return DateRange(first, last, zone)


def threads_in(messages: pd.DataFrame, dates: DateRange | None) -> pd.DataFrame:
    """The threads table over the range (every thread without one): the threads with a
    message in it, counted over those messages, each with its own root, subject and first
    reply (how soon the thread was answered is the thread's, wherever the range cuts it)."""
    if dates is None:
        return threads_table(messages)
    table = threads_table(dates.messages(messages))
    whole = threads_table(messages[messages["thread_id"].isin(set(table["thread_id"]))])
    whole = whole.set_index("thread_id")
    for column in ("root_id", "subject", "first_replier"):
        table[column] = table["thread_id"].map(whole[column]).astype(object)
    table["first_reply_delay_hours"] = table["thread_id"].map(whole["first_reply_delay_hours"])
    return table


def edges_in(messages: pd.DataFrame, dates: DateRange | None) -> pd.DataFrame:
    """The edges table over the range: the replies dated in it, whatever they answer."""
    edges = edges_table(messages)
    if dates is None:
        return edges
    return edges[dates.holds(edges["date"])].reset_index(drop=True)


def authors_in(
    authors: pd.DataFrame, messages: pd.DataFrame, dates: DateRange | None
) -> pd.DataFrame:
    """The authors table over the range: the authors with a message in it, their figures
    counted over it (``messages``: the analysed messages, their ``author_id`` set)."""
    if dates is None:
        return authors
    roots = set(threads_table(messages)["root_id"].dropna())
    kept = dates.messages(messages).drop_duplicates("message_id")
    kept = kept[kept["author_id"].notna()]
    frame = pd.DataFrame(
        {
            "author_id": kept["author_id"].astype(object),
            "date": pd.to_datetime(kept["date"], utc=True),
            "words": pd.to_numeric(kept["n_words_authored"], errors="coerce"),
            "started": kept["message_id"].isin(roots),
        }
    )
    grouped = frame.groupby("author_id", sort=True)
    figures = pd.DataFrame(
        {
            "n_messages": grouped.size().astype(np.int64),
            "n_words_authored": grouped["words"].sum(min_count=1).round().astype("Int64"),
            "first": grouped["date"].min().astype("datetime64[us, UTC]"),
            "last": grouped["date"].max().astype("datetime64[us, UTC]"),
            "threads_started": grouped["started"].sum().astype("Int64"),
        }
    )
    table = authors[authors["author_id"].isin(set(figures.index))].reset_index(drop=True)
    for column in figures.columns:  # (by index: a map of an empty range's figures fails)
        table[column] = figures[column].reindex(table["author_id"]).array
    return table
