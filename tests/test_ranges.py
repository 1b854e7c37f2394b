"""A date range (``--since``/``--until``, ``since=``/``until=``) on the clearwater store, which
runs from 2015 to 2019: every table, timeline, topic and network of 2016 holds what was dated
in 2016, counted as the whole list's tables count it; a reply of early January to a post of
December is a reply of the range; bad days and inverted ranges are one clear error, a range without messages gives empty tables."""

from __future__ import annotations

import datetime
from pathlib import Path

import networkx as nx
import pandas as pd
import pytest
from test_cli import run

from analyzer import api
from analyzer.config import load_list_config
from analyzer.dateranges import date_range
from analyzer.errors import AnalyzerError
from analyzer.identity import automated_authors
from analyzer.report import collect
from analyzer.report.data import MESSAGE_COLUMNS_READ
from analyzer.schema import TABLE_SOURCE_COLUMNS
from analyzer.topics import discover_topics

LIST = "clearwater"
SINCE, UNTIL = "2016-01-01", "2016-12-31"
YEAR = {"since": SINCE, "until": UNTIL}


@pytest.fixture(scope="module")
def data_dir(corpora: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = tmp_path_factory.mktemp("ranges")
    api.ingest(corpora / "clearwater-pipermail", list_name=LIST, data_dir=folder)
    api.prepare_analysis(LIST, folder)
    return folder


@pytest.fixture(scope="module")
def everything(data_dir: Path) -> pd.DataFrame:
    return api.messages(LIST, data_dir, bodies=False)


def in_2016(dates: pd.Series) -> pd.Series:
    return (dates >= pd.Timestamp(SINCE, tz="UTC")) & (dates < pd.Timestamp("2017-01-01", tz="UTC"))


def test_a_range_keeps_the_messages_dated_in_it_its_last_day_whole(
    data_dir: Path, everything: pd.DataFrame
) -> None:
    kept = api.messages(LIST, data_dir, bodies=False, **YEAR)
    expected = everything[in_2016(everything["date"])]
    assert 500 < len(kept) == len(expected) < len(everything)
    assert set(kept["message_id"]) == set(expected["message_id"])
    # a message late on a day is in a range that ends that day, not in one that starts after it
    late = everything.loc[everything["date"].dt.hour.idxmax()]
    day = late["date"].date()
    ending = api.messages(LIST, data_dir, columns=["date"], until=day)
    assert late["message_id"] in set(ending["message_id"])
    after = api.messages(LIST, data_dir, columns=["date"], since=day + datetime.timedelta(1))
    assert late["message_id"] not in set(after["message_id"])
    assert len(ending) + len(after) == len(everything)  # clearwater has no undated message
    # the columns asked for, and no date when it was not asked for
    words = api.messages(LIST, data_dir, columns=["n_words_authored"], **YEAR)
    assert list(words.columns) == ["message_id", "n_words_authored"]
    assert words["n_words_authored"].sum() == expected["n_words_authored"].sum()


def test_replies_of_the_range_whatever_they_answer_and_its_threads(
    data_dir: Path, everything: pd.DataFrame
) -> None:
    edges, all_edges = api.edges(LIST, data_dir, **YEAR), api.edges(LIST, data_dir)
    pd.testing.assert_frame_equal(
        edges, all_edges[in_2016(all_edges["date"])].reset_index(drop=True)
    )
    dates = everything.set_index("message_id")["date"]
    parents = everything.set_index("message_id").loc[edges["message_id"], "parent_id"]
    assert (dates[parents] < pd.Timestamp(SINCE, tz="UTC")).any()  # answering December 2015

    threads, whole = api.threads(LIST, data_dir, **YEAR), api.threads(LIST, data_dir)
    in_range = everything[in_2016(everything["date"])]
    counts = in_range.groupby("thread_id")["message_id"].nunique()
    assert set(threads["thread_id"]) == set(counts.index)
    by_id = threads.set_index("thread_id")
    assert (by_id["n_messages"] == counts.reindex(by_id.index)).all()
    assert (by_id["start"] >= pd.Timestamp(SINCE, tz="UTC")).all()
    assert (by_id["end"] < pd.Timestamp("2017-01-01", tz="UTC")).all()
    own = whole.set_index("thread_id").loc[by_id.index]
    assert (by_id["root_id"] == own["root_id"]).all()  # its own root, also from before 2016
    assert (by_id["subject"].fillna("") == own["subject"].fillna("")).all()
    assert (by_id["start"] > own["start"]).any()


def test_authors_figures_are_counted_over_the_range(
    data_dir: Path, everything: pd.DataFrame
) -> None:
    authors = api.authors(LIST, data_dir, **YEAR).set_index("author_id")
    mine = everything[in_2016(everything["date"])].groupby("author_id")
    assert set(authors.index) == set(mine.groups)
    assert (authors["n_messages"] == mine.size().reindex(authors.index)).all()
    assert (authors["n_words_authored"] == mine["n_words_authored"].sum()).all()
    assert (authors["first"] == mine["date"].min()).all()
    assert (authors["last"] == mine["date"].max()).all()
    threads = api.threads(LIST, data_dir)
    started = threads[in_2016(threads["start"])]
    assert authors["threads_started"].sum() == len(started) > 0
    # over a range that holds everything, the table is the whole list's
    whole = api.authors(LIST, data_dir)
    pd.testing.assert_frame_equal(api.authors(LIST, data_dir, since="2000-01-01"), whole)


def test_timelines_and_network_of_a_range_are_the_lists_in_its_periods(data_dir: Path) -> None:
    """Over whole quarters and a whole year, a range gives the rows the whole list's timelines
    and network give for those periods: the same messages, replies and threads started."""
    quarters = [f"2016-Q{q}" for q in range(1, 5)]
    for ranged, whole in (
        (
            api.author_timeline(LIST, "Q", data_dir=data_dir, **YEAR),
            api.author_timeline(LIST, "Q", data_dir=data_dir),
        ),
        (
            api.topic_timeline(LIST, "etcd", "Q", terms="etcd", data_dir=data_dir, **YEAR),
            api.topic_timeline(LIST, "etcd", "Q", terms="etcd", data_dir=data_dir),
        ),
        (
            api.thread_activity(LIST, "Q", data_dir=data_dir, **YEAR),
            api.thread_activity(LIST, "Q", data_dir=data_dir),
        ),
        (
            api.reply_network(LIST, "Y", data_dir=data_dir, **YEAR),
            api.reply_network(LIST, "Y", data_dir=data_dir),
        ),
    ):
        assert len(ranged) > 3
        expected = whole[whole["period"].isin([*quarters, "2016"])].reset_index(drop=True)
        if "key" in ranged:
            ranged = ranged.sort_values(["key", "period"], ignore_index=True)
            expected = expected.sort_values(["key", "period"], ignore_index=True)
        pd.testing.assert_frame_equal(ranged, expected)


def test_discovered_topics_are_learnt_from_the_range(
    data_dir: Path, everything: pd.DataFrame
) -> None:
    topics, matched = api.discovered_topics(LIST, 5, 0, data_dir=data_dir, **YEAR)
    in_range = api.messages(LIST, data_dir, columns=TABLE_SOURCE_COLUMNS, **YEAR)
    robots = automated_authors(api.authors(LIST, data_dir))  # what they say is not read
    learnt_topics, learnt = discover_topics(in_range, 5, 0, automated=robots)
    pd.testing.assert_frame_equal(topics, learnt_topics)
    pd.testing.assert_frame_equal(matched, learnt)
    assert set(matched["message_id"]) <= set(in_range["message_id"])
    whole_topics, _ = api.discovered_topics(LIST, 5, 0, data_dir=data_dir)
    assert list(topics["label"]) != list(whole_topics["label"])
    every = api.topic_timelines(LIST, "M", discover=5, data_dir=data_dir, **YEAR)
    assert every["messages"].sum() == len(matched)
    assert set(every["period"]) <= {f"2016-{m:02d}" for m in range(1, 13)}


def test_one_thread_and_one_person_keep_their_rows_in_the_range(data_dir: Path) -> None:
    threads = api.threads(LIST, data_dir)
    across = threads[
        (threads["start"] < pd.Timestamp(SINCE, tz="UTC")) & in_2016(threads["end"])
    ].iloc[0]
    whole = api.thread_timeline(LIST, across["thread_id"], data_dir=data_dir)
    ranged = api.thread_timeline(LIST, across["thread_id"], data_dir=data_dir, **YEAR)
    expected = whole[in_2016(whole["date"])].reset_index(drop=True)
    assert 0 < len(ranged) < len(whole)
    pd.testing.assert_frame_equal(ranged, expected)  # positions as in the whole thread
    person = "chris.elford@metaswitch.com"
    mine = api.author_messages(LIST, person, data_dir=data_dir)
    ranged = api.author_messages(LIST, person, data_dir=data_dir, **YEAR)
    pd.testing.assert_frame_equal(ranged, mine[in_2016(mine["date"])].reset_index(drop=True))
    # a range they wrote nothing in is an empty table, as every other table of it is
    nothing = api.author_messages(LIST, person, data_dir=data_dir, since="2030-01-01")
    assert nothing.empty and list(nothing.columns) == list(mine.columns)
    thread = api.thread_timeline(LIST, across["thread_id"], data_dir=data_dir, until="2010-01-01")
    assert thread.empty and list(thread.columns) == list(whole.columns)


def test_bad_days_and_empty_ranges_are_named(data_dir: Path) -> None:
    with pytest.raises(AnalyzerError, match=r"since '2016-02-30' is not a date.*YYYY-MM-DD"):
        api.messages(LIST, data_dir, since="2016-02-30")
    with pytest.raises(AnalyzerError, match="since 2017-01-01 is after until 2016-12-31"):
        api.threads(LIST, data_dir, since="2017-01-01", until=UNTIL)
    with pytest.raises(AnalyzerError, match="is a time: give a day"):
        api.edges(LIST, data_dir, until=datetime.datetime(2016, 5, 1, 12, 30))
    assert date_range(None, None) is None
    assert str(date_range(datetime.date(2016, 1, 1), None)) == "from 2016-01-01"


def test_the_report_of_a_range_says_so(data_dir: Path, tmp_path: Path) -> None:
    analysis = api.analysis(LIST, data_dir, bodies=False, columns=MESSAGE_COLUMNS_READ)
    config = load_list_config(LIST, data_dir)
    data = collect(analysis, config, dates=date_range(SINCE, UNTIL))
    assert data.n_messages == len(api.messages(LIST, data_dir, columns=["date"], **YEAR))
    assert list(data.periods["period"]) == [f"2016-{m:02d}" for m in range(1, 13)]
    assert data.n_replies == api.reply_network(LIST, data_dir=data_dir, **YEAR)["weight"].sum()
    authors = api.authors(LIST, data_dir, **YEAR)
    assert data.authors["messages"].sum() == authors["n_messages"].sum() == data.n_messages
    for view in data.largest:
        assert in_2016(view.messages["date"]).all()
    page = api.write_report(LIST, tmp_path / "report", data_dir=data_dir, **YEAR)
    header = page.read_text("utf-8").split("</header>")[0]
    assert "Range: 2016-01-01 to 2016-12-31 (UTC days, both kept)" in header
    assert f"{data.n_messages:,} messages" in header


def test_every_command_takes_the_range(data_dir: Path, tmp_path: Path) -> None:
    where = ("--list", LIST, "--data-dir", str(data_dir))
    commands = [
        ("report", "-o", str(tmp_path / "r")),
        ("network", "-o", str(tmp_path / "n.graphml")),
        ("timeline", "authors"),
        ("timeline", "author", "chris.elford@metaswitch.com"),
        ("timeline", "topic", "etcd", "--terms", "etcd"),
        ("timeline", "topics", "--discover", "4"),
        ("timeline", "thread", "x"),
        ("export", "messages", "-o", str(tmp_path / "m.csv")),
        ("topics", "--discover", "4"),
        ("authors",),
    ]
    for command in commands:
        bad = run(*command, *where, "--since", "2016-1-1x")
        assert bad.returncode == 1, (command, bad.stdout, bad.stderr)
        assert bad.stderr.strip().splitlines() == [
            "analyzer: error: --since '2016-1-1x' is not a date: give a day as YYYY-MM-DD, "
            "such as 2016-01-01"
        ], command
    empty = run("authors", *where, "--since", "2017-01-01", "--until", UNTIL)
    assert empty.stderr.strip() == (
        "analyzer: error: --since 2017-01-01 is after --until 2016-12-31: the range is empty"
    )
    for table in ("messages", "edges", "threads", "authors"):
        out = tmp_path / f"{table}.parquet"
        done = run("export", table, *where, "-o", str(out), "--since", SINCE, "--until", UNTIL)
        assert done.returncode == 0, done.stderr
        expected = api.table(table, LIST, data_dir, **YEAR)
        assert len(pd.read_parquet(out)) == len(expected) > 50
    # June 2016: two people answered in it wrote nothing in it, nodes with no messages
    june = {"since": "2016-06-01", "until": "2016-06-30"}
    graph = tmp_path / "net.graphml"
    done = run("network", *where, "-o", str(graph), *_options(june))
    assert done.returncode == 0, done.stderr
    read = nx.read_graphml(graph)
    weights = sum(d["weight"] for _, _, d in read.edges(data=True))
    said = (
        f"{read.number_of_nodes()} author nodes, {read.number_of_edges()} edges, {weights} replies"
    )
    assert done.stdout.strip() == f"Wrote the reply network to {graph}: {said}"
    assert weights == api.reply_network(LIST, data_dir=data_dir, **june)["weight"].sum()
    messages = {n: d["messages"] for n, d in read.nodes(data=True)}
    authors = api.authors(LIST, data_dir, **june).set_index("author_id")["n_messages"]
    assert {a: n for a, n in messages.items() if n} == authors.to_dict()
    assert {a for a, n in messages.items() if not n} == {
        "khalidrahman766@gmail.com",
        "bertrand.tb@gmail.com",
    }


def _options(dates: dict[str, str]) -> list[str]:
    return [f"--{end}={day}" for end, day in dates.items()]


def test_a_range_without_messages_is_empty_tables_not_an_error(
    data_dir: Path, tmp_path: Path
) -> None:
    where = ("--list", LIST, "--data-dir", str(data_dir), "--since", "2030-01-01")
    authors = api.authors(LIST, data_dir, since="2030-01-01")
    whole = api.authors(LIST, data_dir)
    assert authors.empty and list(authors.columns) == list(whole.columns)
    assert (authors.dtypes == whole.dtypes).all()
    said = run("authors", *where)
    assert said.returncode == 0, said.stderr
    assert said.stdout.strip() == "No authors. (none dated from 2030-01-01 to the end)"
    person = run("timeline", "author", "chris.elford@metaswitch.com", *where)
    assert person.returncode == 0, person.stderr
    assert "(none dated from 2030-01-01 to the end)" in person.stdout
    table = tmp_path / "person.csv"
    written = run("timeline", "author", "chris.elford@metaswitch.com", *where, "-o", str(table))
    assert written.returncode == 0 and pd.read_csv(table).empty, written.stderr
    network = tmp_path / "none.csv"
    done = run("network", *where, "-o", str(network))
    assert done.returncode == 0, done.stderr
    assert done.stdout.strip().endswith(": 0 authors, 0 edges, 0 replies")
    assert "no reply dated from 2030-01-01 to the end" in done.stderr
    # topics in such a range: none to find, none to count; the range is named, not the terms
    for command in (("topics", "--discover", "4"), ("timeline", "topics", "--discover", "4")):
        said = run(*command, *where)
        assert said.returncode == 0, said.stderr
        assert said.stdout.strip().endswith("(none dated from 2030-01-01 to the end)")
    said = run("timeline", "topic", "etcd", "--terms", "etcd", *where)
    assert said.returncode == 0, said.stderr
    matched = api.topic_matches(LIST, "etcd", terms="etcd", data_dir=data_dir)[1]
    assert said.stdout.strip().endswith("(none dated from 2030-01-01 to the end)")
    assert said.stderr == (
        f"analyzer: warning: topic 'etcd': its terms match {len(matched):,} messages, none "
        "dated from 2030-01-01\n"
    )
    said = run("threads", *where)
    assert said.returncode == 0 and said.stdout.strip() == (
        "No threads. (none dated from 2030-01-01 to the end)"
    )


def test_threads_of_a_range_are_counted_over_it(data_dir: Path) -> None:
    done = run("threads", "--list", LIST, "--data-dir", str(data_dir), "--limit", "3")
    ranged = run(
        "threads",
        "--list",
        LIST,
        "--data-dir",
        str(data_dir),
        "--limit",
        "3",
        "--since",
        SINCE,
        "--until",
        UNTIL,
    )
    assert done.returncode == ranged.returncode == 0
    expected = api.select_threads(api.threads(LIST, data_dir, **YEAR), by="largest", limit=3)
    for thread_id in expected["thread_id"]:
        assert thread_id in ranged.stdout
    assert ranged.stdout != done.stdout
