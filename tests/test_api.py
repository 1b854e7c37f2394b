"""The public API as a notebook calls it: paths as text, one source, every table of DESIGN.md."""

from __future__ import annotations

import re
from pathlib import Path

import pandas as pd
import pytest

from analyzer import api
from analyzer.corpora import corpora_dir
from analyzer.schema import TIMELINE_COLUMNS, TOPIC_COLUMNS

SAMPLE = Path(__file__).resolve().parents[1] / "archives" / "sample"
LIST = "civics-forum"  # the sample's list: its configuration names the topic wgec


@pytest.fixture(scope="module")
def data_dir(tmp_path_factory: pytest.TempPathFactory) -> str:
    """A data directory given as text, and a single source as text, as notebooks write them."""
    folder = str(tmp_path_factory.mktemp("api-store"))
    report = api.ingest(str(SAMPLE), list_name=LIST, data_dir=folder, workers=1)
    assert report.total("stored") > 50
    return folder


def test_paths_given_as_text_work_everywhere(data_dir: str, tmp_path: Path) -> None:
    messages = api.messages(LIST, data_dir)
    assert messages["message_id"].is_unique and len(messages) > 50
    assert len(api.message_topics(LIST, data_dir)) > 0  # data_dir positional, as in messages
    written = api.export_frame(api.threads(LIST, data_dir), str(tmp_path / "threads.csv"))
    assert len(pd.read_csv(written)) == messages["thread_id"].nunique()
    graph = api.write_reply_network(LIST, str(tmp_path / "replies.graphml"), data_dir=data_dir)
    assert graph.read_text(encoding="utf-8").count("<edge ") > 10


def test_thread_activity_is_the_per_thread_timeline(data_dir: str) -> None:
    messages = api.messages(LIST, data_dir, bodies=False)
    activity = api.thread_activity(LIST, "M", data_dir=data_dir)
    assert list(activity.columns[: len(TIMELINE_COLUMNS)]) == list(TIMELINE_COLUMNS)
    per_thread = activity.groupby("key")["messages"].sum()
    expected = messages.groupby("thread_id")["message_id"].nunique()
    pd.testing.assert_series_equal(
        per_thread.sort_index(), expected.sort_index(), check_names=False, check_dtype=False
    )
    largest = expected.idxmax()
    only = api.thread_activity(LIST, "M", [largest], data_dir=data_dir)
    assert set(only["key"]) == {largest} and only["messages"].sum() == expected.max()


def test_configured_topics_and_thread_selection(data_dir: str) -> None:
    topics = api.topics(LIST, data_dir)
    assert list(topics.columns) == list(TOPIC_COLUMNS) and "wgec" in set(topics["topic"])
    threads = api.threads(LIST, data_dir)
    latest = api.select_threads(threads, by="latest", limit=3)
    assert len(latest) == 3 and latest["end"].iloc[0] == threads["end"].max()


def test_write_report_through_the_api(data_dir: str, tmp_path: Path) -> None:
    page = api.write_report(LIST, str(tmp_path / "report"), top_threads=2, data_dir=data_dir)
    assert page == tmp_path / "report" / "index.html"
    assert any((tmp_path / "report" / "figures").glob("*.png"))
    assert LIST in page.read_text(encoding="utf-8")


def test_dates_and_integers_have_one_dtype_across_tables(data_dir: str) -> None:
    messages = api.messages(LIST, data_dir)
    assert str(messages["archive_thread_order"].dtype) == "Int64"  # not floats, even when empty
    dates = {
        "messages.date": messages["date"],
        "threads.start": api.threads(LIST, data_dir)["start"],
        "edges.date": api.edges(LIST, data_dir)["date"],
        "authors.first": api.authors(LIST, data_dir)["first"],
        "authors.last": api.authors(LIST, data_dir)["last"],
    }
    assert {name: str(column.dtype) for name, column in dates.items()} == dict.fromkeys(
        dates, "datetime64[us, UTC]"
    )


def test_parsed_sources_analysed_with_the_list_configuration(tmp_path: Path) -> None:
    """Without a store: parse, then analyse with the list's configuration (here a split of two
    addresses that the automatic rules take for one person)."""
    frame = api.parse_sources([SAMPLE], LIST)
    priya = {"priya@rightsnet.example", "priya.r@gmail.example"}
    plain = api.analyze(frame.copy())
    assert plain.loc[plain["from_email"].isin(priya), "author_id"].nunique() == 1
    (tmp_path / f"{LIST}.toml").write_text(
        '[authors]\nsplit = [["priya@rightsnet.example", "priya.r@gmail.example"]]\n', "utf-8"
    )
    config = api.list_config(LIST, str(tmp_path))
    split = api.analyze(frame.copy(), config)
    assert split.loc[split["from_email"].isin(priya), "author_id"].nunique() == 2


def test_tables_read_only_their_columns_and_match_the_whole_table(data_dir: str) -> None:
    """The readers built on the messages (threads, edges, timelines, topics, reply network)
    read 13 of their columns; what they give is what the whole table gives."""
    from analyzer import network, timelines
    from analyzer.identity import author_names, automated_authors
    from analyzer.threads import edges_table, threads_table
    from analyzer.topics import discover_topics

    whole = api.messages(LIST, data_dir, bodies=False)
    assert len(whole.columns) > 20
    threads = api.threads(LIST, data_dir)
    pd.testing.assert_frame_equal(threads, threads_table(whole))
    pd.testing.assert_frame_equal(api.edges(LIST, data_dir), edges_table(whole))
    names = author_names(api.authors(LIST, data_dir))
    pd.testing.assert_frame_equal(
        api.author_timeline(LIST, "Q", data_dir=data_dir),
        timelines.author_timeline(whole, "Q", names=names),
    )
    largest = threads.sort_values("n_messages")["thread_id"].iloc[-1]
    pd.testing.assert_frame_equal(
        api.thread_timeline(LIST, largest, data_dir=data_dir),
        timelines.thread_timeline(whole, largest, names=names),
    )
    pd.testing.assert_frame_equal(
        api.reply_network(LIST, "M", data_dir=data_dir), network.reply_network(whole, "M")
    )
    robots = automated_authors(api.authors(LIST, data_dir))  # what they say is not read
    for found, expected in zip(
        api.discovered_topics(LIST, 3, data_dir=data_dir),
        discover_topics(whole, 3, automated=robots),
        strict=True,
    ):
        pd.testing.assert_frame_equal(found, expected)
    matched = api.message_topics(LIST, data_dir)
    assert len(matched) > 5  # the sample's configured topic (wgec)
    every = api.analysis(LIST, data_dir)
    pd.testing.assert_frame_equal(api.authors(LIST, data_dir), every.authors)


def _design_columns(table: str) -> list[str]:
    """The columns DESIGN.md's "Tables" gives a table, in its order (read from the file)."""
    beside = [corpora_dir().parent, Path(__file__).resolve().parents[2] / "shared"]
    found = [folder / "DESIGN.md" for folder in beside if (folder / "DESIGN.md").is_file()]
    assert found, f"DESIGN.md is in none of {', '.join(map(str, beside))}"
    design = found[0].read_text(encoding="utf-8")
    entry = re.search(rf"\*\*{table}\*\*(?: \([^)]*\))?: (.*?)(?:\.\n|;)", design, re.DOTALL)
    assert entry is not None, f"DESIGN.md names no table {table}"
    return re.findall(r"`(\w+)`", re.sub(r"\([^()]*\)", "", entry.group(1)))


@pytest.mark.parametrize("table", ["messages", "threads", "authors", "edges"])
def test_every_table_starts_with_design_columns_in_their_order(data_dir: str, table: str) -> None:
    """Exports and notebooks read these columns by name and by place: DESIGN.md's come first."""
    frame = getattr(api, table)(LIST, data_dir)
    expected = _design_columns(table)
    assert len(expected) >= 5
    assert list(frame.columns[: len(expected)]) == expected
