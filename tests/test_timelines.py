"""Timelines against an independent count over the messages of a real list (clearwater)."""

from __future__ import annotations

import functools
from collections import Counter, defaultdict
from typing import Any

import pandas as pd
import pytest

from analyzer import api
from analyzer.api import parse_sources
from analyzer.corpora import corpora_dir
from analyzer.errors import AnalyzerError
from analyzer.identity import author_names, resolve_authors
from analyzer.pipeline import Analysis, run_analysis
from analyzer.schema import TIMELINE_COLUMNS
from analyzer.threads import threads_table
from analyzer.timelines import (
    COUNTED_COLUMNS,
    author_timeline,
    thread_activity,
    thread_timeline,
    topic_threads,
    topic_timeline,
    unique_messages,
)

CORPORA = corpora_dir()


@functools.cache
def analysed(folder: str) -> Analysis:
    """A corpus folder through the real pipeline (parse, threads, quotes, identity), once per run;
    the topic and network tests use it too."""
    path = CORPORA / folder
    assert path.is_dir(), f"the real corpora are missing: expected {path}"
    return run_analysis(parse_sources([path], folder.split("-")[0]))


def analysed_messages(folder: str) -> pd.DataFrame:
    return analysed(folder).messages


@pytest.fixture(scope="module")
def clearwater() -> pd.DataFrame:
    return analysed_messages("clearwater-pipermail")


@pytest.fixture(scope="module")
def clearwater_names() -> dict[str, str]:
    return author_names(analysed("clearwater-pipermail").authors)


# --- an independent computation, row by row in plain Python -------------------------------------


def label(date: pd.Timestamp, freq: str) -> str:
    if freq == "D":
        return f"{date.year}-{date.month:02d}-{date.day:02d}"
    if freq == "W":
        year, week, _ = date.isocalendar()
        return f"{year}-W{week:02d}"
    if freq == "M":
        return f"{date.year}-{date.month:02d}"
    if freq == "Q":
        return f"{date.year}-Q{(date.month - 1) // 3 + 1}"
    return str(date.year)


def records(messages: pd.DataFrame) -> list[dict[str, Any]]:
    rows = messages.to_dict(orient="records")
    for row in rows:
        author = (
            row["author_id"] if isinstance(row["author_id"], str) and row["author_id"] else None
        )
        row["who"] = author or row["from_email"] or None
    return rows


def roots(rows: list[dict[str, Any]]) -> set[str]:
    """Per thread: the message named like the thread, else the earliest without a parent."""
    best: dict[str, tuple[int, pd.Timestamp, str]] = {}
    for row in rows:
        order = (0 if row["message_id"] == row["thread_id"] else 1) + (
            0 if row["parent_id"] is None or row["parent_id"] != row["parent_id"] else 2
        )
        candidate = (order, row["date"], row["message_id"])
        if row["thread_id"] not in best or candidate < best[row["thread_id"]]:
            best[row["thread_id"]] = candidate
    return {value[2] for value in best.values()}


def expected_author_rows(messages: pd.DataFrame, freq: str) -> dict[tuple[str, str], dict]:
    rows = records(messages)
    author_of = {row["message_id"]: row["who"] for row in rows}
    started = roots(rows)
    table: dict[tuple[str, str], dict] = defaultdict(
        lambda: {
            "messages": 0,
            "words": 0,
            "threads": set(),
            "threads_started": 0,
            "replies_given": 0,
            "replies_received": 0,
            "dates": [],
        }
    )
    for row in rows:
        period = label(row["date"], freq)
        entry = table[(row["who"], period)]
        entry["messages"] += 1
        entry["words"] += int(row["n_words_authored"])
        entry["threads"].add(row["thread_id"])
        entry["dates"].append(row["date"])
        entry["threads_started"] += row["message_id"] in started
        target = author_of.get(row["parent_id"])
        if target is not None and target != row["who"]:
            entry["replies_given"] += 1
            table[(target, period)]["replies_received"] += 1
    return table


# --- author timelines ----------------------------------------------------------------------------


@pytest.mark.parametrize("freq", ["D", "W", "M", "Q", "Y"])
def test_author_timeline_counts_match_an_independent_count(
    clearwater: pd.DataFrame, freq: str
) -> None:
    timeline = author_timeline(clearwater, freq=freq)
    assert tuple(timeline.columns[: len(TIMELINE_COLUMNS)]) == TIMELINE_COLUMNS
    expected = expected_author_rows(clearwater, freq)
    assert len(timeline) == len(expected)
    for row in timeline.itertuples(index=False):
        want = expected[(row.key, row.period)]
        assert row.messages == want["messages"]
        assert row.words == want["words"]
        assert row.threads == len(want["threads"])
        assert row.authors == (1 if want["messages"] else 0)
        assert row.threads_started == want["threads_started"]
        assert row.replies_given == want["replies_given"]
        assert row.replies_received == want["replies_received"]
        if want["dates"]:
            assert row.first == min(want["dates"]) and row.last == max(want["dates"])
    assert timeline["messages"].sum() == clearwater["message_id"].nunique()
    assert timeline["threads_started"].sum() == clearwater["thread_id"].nunique()
    assert timeline["replies_given"].sum() == timeline["replies_received"].sum()


def test_authors_table_and_author_timeline_agree_on_threads_started(
    clearwater: pd.DataFrame,
) -> None:
    """Clearwater has threads whose first message the archive lacks (replies to it are top
    messages): each such thread is still started once, by its earliest message."""
    authors = resolve_authors(clearwater).authors
    timeline = author_timeline(clearwater, freq="Y")
    orphans = clearwater["parent_id"].isna() & (clearwater["message_id"] != clearwater["thread_id"])
    assert orphans.sum() > 50
    per_author = timeline.groupby("key")["threads_started"].sum()
    by_author = authors.set_index("author_id")["threads_started"]
    assert by_author.sum() == clearwater["thread_id"].nunique()
    assert (by_author.reindex(per_author.index).fillna(0) == per_author).all()


def test_author_timeline_periods_sort_in_time_order(clearwater: pd.DataFrame) -> None:
    for freq in ("D", "W", "M", "Q", "Y"):
        timeline = author_timeline(clearwater, freq=freq)
        by_label = timeline.sort_values(["period"], kind="stable")["start"]
        assert by_label.is_monotonic_increasing, freq
    monthly = author_timeline(clearwater, freq="month")
    assert monthly["period"].str.fullmatch(r"\d{4}-\d{2}").all()
    assert str(monthly["start"].dt.tz) == "UTC"


def test_author_timeline_names_authors_as_the_authors_table(
    clearwater: pd.DataFrame, clearwater_names: dict[str, str]
) -> None:
    """The busiest author sends as 'Chris Elford (projectclearwater.org)': the timeline names
    him, and every author, as the authors table does, not by the From name used most."""
    timeline = author_timeline(clearwater, freq="Y", names=clearwater_names)
    shown = timeline.drop_duplicates("key").set_index("key")["name"]
    assert shown.to_dict() == {key: clearwater_names[key] for key in shown.index}
    busiest = timeline.groupby("key")["messages"].sum().idxmax()
    sent_as = Counter(clearwater.loc[clearwater["author_id"] == busiest, "from_name"])
    assert sent_as.most_common(1)[0][0] == "Chris Elford (projectclearwater.org)"
    assert shown[busiest] == "Chris Elford"
    assert author_timeline(clearwater, freq="Y")["name"].isna().all()  # no names given, none made


def test_author_timeline_names_an_author_whose_own_messages_are_undated(
    clearwater: pd.DataFrame, clearwater_names: dict[str, str]
) -> None:
    """An author whose messages all lost their date still has rows (the replies others sent
    in dated periods), and those rows carry the author's name."""
    timeline = author_timeline(clearwater, freq="Y")
    answered = timeline.groupby("key")["replies_received"].sum()
    author = answered.idxmax()
    mine = clearwater["author_id"] == author
    undated = clearwater.assign(date=clearwater["date"].where(~mine))
    rows = author_timeline(undated, freq="Y", names=clearwater_names)
    rows = rows[rows["key"] == author]
    assert len(rows) > 0
    assert (rows["messages"] == 0).all() and rows["replies_received"].sum() > 0
    assert (rows["name"] == clearwater_names[author]).all()


def test_unknown_period_is_an_error(clearwater: pd.DataFrame) -> None:
    with pytest.raises(AnalyzerError, match="unknown period"):
        author_timeline(clearwater, freq="fortnight")


@pytest.mark.parametrize(
    "call",
    [
        api.author_timeline,
        api.thread_activity,
        api.reply_network,
        api.topic_timelines,
        lambda name, folder: api.topic_timeline(name, "wgec", folder),
        lambda name, folder: api.write_reply_network(name, "net.csv", folder),
    ],
)
def test_a_data_folder_given_as_the_period_is_said_so(call: Any) -> None:
    """The API's timeline and network functions take the period second: a researcher's
    `api.reply_network(name, "data")` (as `api.messages(name, "data")` reads) was told the
    list had no store in `archives`; it is told the period is wrong, and where the folder goes."""
    with pytest.raises(AnalyzerError, match=r"unknown period 'data'.*data_dir="):
        call("civics-forum", "data")


# --- thread timelines ----------------------------------------------------------------------------


def test_thread_timeline_follows_the_thread(
    clearwater: pd.DataFrame, clearwater_names: dict[str, str]
) -> None:
    thread_id = clearwater["thread_id"].value_counts().index[0]
    members = clearwater[clearwater["thread_id"] == thread_id]
    timeline = thread_timeline(clearwater, thread_id, names=clearwater_names)
    assert len(timeline) == len(members) > 10
    assert timeline["date"].is_monotonic_increasing
    assert list(timeline["position"]) == list(range(1, len(members) + 1))
    by_id = clearwater.set_index("message_id")
    for row in timeline.itertuples(index=False):
        message = by_id.loc[row.message_id]
        assert row.depth == message["depth"]
        assert row.name == clearwater_names[message["author_id"]]
        assert row.words == message["n_words_authored"]
        hour = pd.Timedelta(hours=1)
        assert row.hours_since_start == (row.date - members["date"].min()) / hour
        parent = message["parent_id"]
        if isinstance(parent, str) and parent in by_id.index:
            assert row.parent_id == parent
            assert row.parent_author == by_id.loc[parent, "author_id"]
            assert row.parent_name == clearwater_names[row.parent_author]  # as the report names
            assert row.reply_delay_hours == (row.date - by_id.loc[parent, "date"]) / hour
        else:
            assert pd.isna(row.reply_delay_hours)
        flat = " ".join(str(message["authored"] or "").split())
        assert flat.startswith(row.snippet.rstrip("…")) and len(row.snippet) <= 160
    assert (timeline["reply_delay_hours"].dropna() >= 0).mean() > 0.9


def test_thread_timeline_of_an_unknown_thread_is_an_error(clearwater: pd.DataFrame) -> None:
    with pytest.raises(AnalyzerError, match="no thread"):
        thread_timeline(clearwater, "no-such-thread@example.org")


def test_thread_timeline_takes_any_message_of_the_thread(clearwater: pd.DataFrame) -> None:
    """The threads table shows a root_id that is not the thread ID where the archive lacks the
    thread's first message; either, bracketed or not, names the thread."""
    threads = threads_table(clearwater)
    lacking = threads[(threads["root_id"] != threads["thread_id"]) & (threads["n_messages"] > 2)]
    assert len(lacking) > 5
    row = lacking.iloc[0]
    expected = thread_timeline(clearwater, row.thread_id)
    assert len(expected) == row.n_messages
    for name in (row.root_id, f"<{row.root_id}>", expected["message_id"].iloc[-1]):
        pd.testing.assert_frame_equal(thread_timeline(clearwater, name), expected)


def test_thread_activity_counts_each_thread_by_day(clearwater: pd.DataFrame) -> None:
    activity = thread_activity(clearwater, freq="D")
    expected: Counter[tuple[str, str]] = Counter()
    for row in records(clearwater):
        expected[(row["thread_id"], label(row["date"], "D"))] += 1
    assert dict(
        zip(
            zip(activity["key"], activity["period"], strict=True), activity["messages"], strict=True
        )
    ) == dict(expected)
    assert (activity["threads"] == 1).all()


# --- topic timelines (the topic rows are given here; matching is tested in test_topics) ----------


def test_topic_timeline_counts_the_topic_messages(clearwater: pd.DataFrame) -> None:
    text = clearwater["subject_norm"].fillna("") + "\n" + clearwater["authored"].fillna("")
    ids = clearwater.loc[text.str.contains("docker", case=False), "message_id"]
    message_topics = pd.DataFrame({"message_id": ids, "topic": "docker", "score": 1.0})
    timeline = topic_timeline(clearwater, message_topics, "docker", freq="M")
    members = clearwater[clearwater["message_id"].isin(set(ids))]
    months = members["date"].map(lambda d: label(d, "M"))
    assert set(timeline.loc[timeline["messages"] > 0, "period"]) == set(months)
    for row in timeline.itertuples(index=False):
        chosen = members[months == row.period]
        assert row.messages == len(chosen)
        assert row.words == chosen["n_words_authored"].sum()
        assert row.authors == chosen["author_id"].nunique()
        assert row.threads == chosen["thread_id"].nunique()
        if len(chosen):
            counts = Counter(chosen["author_id"])
            leaders = [entry.rsplit(" (", 1) for entry in row.leading_authors]
            assert len(leaders) == min(5, len(counts))
            assert [int(n.rstrip(")")) for _, n in leaders] == sorted(counts.values())[::-1][:5]
            assert all(counts[author] == int(n.rstrip(")")) for author, n in leaders)
            assert Counter(chosen["thread_id"])[row.key_thread] == max(
                Counter(chosen["thread_id"]).values()
            )
        else:
            assert row.leading_authors == [] and pd.isna(row.key_thread)
    # every month of the list is there, quiet ones with zeros: the same rows for every topic
    # (a pivot has no NaN) and as the report's
    dates = clearwater["date"].dropna()
    span = pd.period_range(dates.min().strftime("%Y-%m"), dates.max().strftime("%Y-%m"), freq="M")
    assert list(timeline["period"]) == [str(p) for p in span]
    assert members["date"].min().strftime("%Y-%m") > span[0].strftime("%Y-%m")
    assert timeline["first"].min() == members["date"].min()
    assert timeline["last"].max() == members["date"].max()


def test_unique_messages_without_texts_are_the_same_rows_and_counts(
    clearwater: pd.DataFrame,
) -> None:
    """The tables that count messages need no texts (nor affiliations): leaving them out
    changes nothing else."""
    with_texts = unique_messages(clearwater)
    without = unique_messages(clearwater, columns=COUNTED_COLUMNS)
    assert "authored" in with_texts and "authored" not in without
    assert "affiliation" in with_texts and "affiliation" not in without
    pd.testing.assert_frame_equal(without, with_texts.drop(columns=["authored", "affiliation"]))


def test_unique_messages_of_some_columns_are_those_columns_of_all(
    clearwater: pd.DataFrame,
) -> None:
    """A caller that reads a few columns (the report, the network) gets exactly those columns
    of the whole table, in its order, undated messages too when asked."""
    whole = unique_messages(clearwater, undated=True)
    for columns in (("words", "message_id"), ("author", "date"), ("thread_id",)):
        some = unique_messages(clearwater, undated=True, columns=columns)
        assert list(some.columns) == [c for c in whole.columns if c in columns]
        pd.testing.assert_frame_equal(some, whole[list(some.columns)])
    with pytest.raises(AnalyzerError, match="no column body"):
        unique_messages(clearwater, columns=["body"])


def test_topic_threads_limited_are_the_first_of_all(clearwater: pd.DataFrame) -> None:
    """With a limit, only the threads kept are read whole: their rows are those of all."""
    text = clearwater["subject_norm"].fillna("") + "\n" + clearwater["authored"].fillna("")
    ids = clearwater.loc[text.str.contains("meeting|agenda|minutes", case=False), "message_id"]
    matched = pd.DataFrame({"message_id": ids, "topic": "meetings", "score": 1.0})
    every = topic_threads(clearwater, matched, "meetings")
    assert len(every) > 10
    for limit in (1, 5, len(every) + 1):
        pd.testing.assert_frame_equal(
            topic_threads(clearwater, matched, "meetings", limit), every.head(limit)
        )
