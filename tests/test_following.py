"""Following discovered topics and one person over time, through the API, the command line and
the report, on the clearwater store: the same number of topics and seed give the same topics
everywhere; an author's messages, exports and timelines hold that author's rows."""

from __future__ import annotations

import html
import re
import shlex
from collections import Counter, defaultdict
from pathlib import Path

import networkx as nx
import pandas as pd
import pytest
from test_cli import run

from analyzer import api
from analyzer.config import load_list_config
from analyzer.errors import AnalyzerError
from analyzer.report import collect
from analyzer.report.data import MESSAGE_COLUMNS_READ
from analyzer.schema import (
    AUTHOR_MESSAGES_COLUMNS,
    MESSAGE_TOPIC_COLUMNS,
    TIMELINE_COLUMNS,
    TOPIC_COLUMNS,
)
from analyzer.selection import check_authors

LIST = "clearwater"
SAMPLE = Path(__file__).resolve().parents[1] / "archives" / "sample"


@pytest.fixture(scope="module")
def data_dir(corpora: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    """clearwater's store (no configuration: its report discovers its topics), analysed once."""
    folder = tmp_path_factory.mktemp("following")
    api.ingest(corpora / "clearwater-pipermail", list_name=LIST, data_dir=folder)
    api.prepare_analysis(LIST, folder)
    return folder


@pytest.fixture(scope="module")
def discovered(data_dir: Path) -> tuple[pd.DataFrame, pd.DataFrame]:
    return api.discovered_topics(LIST, 6, 0, data_dir=data_dir)


def quarter(date: pd.Timestamp) -> str:
    return f"{date.year}-Q{(date.month - 1) // 3 + 1}"


def test_a_discovered_topic_is_followed_over_time_message_by_message(
    data_dir: Path, discovered: tuple[pd.DataFrame, pd.DataFrame]
) -> None:
    """The quarters of nmf-03 count the messages discovery gave it, counted here row by row;
    the quarters between its first and last message are all there, quiet ones with zeros."""
    _, matched = discovered
    timeline = api.topic_timeline(LIST, "nmf-03", "Q", discover=6, seed=0, data_dir=data_dir)
    assert tuple(timeline.columns[: len(TIMELINE_COLUMNS)]) == TIMELINE_COLUMNS
    assert set(timeline["key"]) == {"nmf-03"}
    ids = set(matched.loc[matched["topic"] == "nmf-03", "message_id"])
    messages = api.messages(LIST, data_dir, bodies=False)
    expected = defaultdict(list)
    for row in messages[messages["message_id"].isin(ids)].itertuples():
        expected[quarter(row.date)].append(row)
    assert len(expected) > 10
    for row in timeline.itertuples():
        mine = expected.get(row.period, [])
        assert row.messages == len(mine), row.period
        assert row.words == sum(int(m.n_words_authored) for m in mine)
        assert row.authors == len({m.author_id for m in mine})
        assert row.threads == len({m.thread_id for m in mine})
    assert set(expected) <= set(timeline["period"])
    assert timeline["messages"].sum() == len(ids) > 100


def test_every_discovered_topic_in_one_long_table(
    data_dir: Path, discovered: tuple[pd.DataFrame, pd.DataFrame]
) -> None:
    topics, matched = discovered
    every = api.topic_timelines(LIST, "Y", discover=6, seed=0, data_dir=data_dir)
    assert list(every["key"].drop_duplicates()) == list(topics["topic"])
    counts = every.groupby("key")["messages"].sum()
    assert counts.to_dict() == Counter(matched["topic"])
    one = api.topic_timeline(LIST, "nmf-05", "Y", discover=6, seed=0, data_dir=data_dir)
    pd.testing.assert_frame_equal(every[every["key"] == "nmf-05"].reset_index(drop=True), one)


def test_topic_names_that_are_not_there_are_named(data_dir: Path) -> None:
    with pytest.raises(AnalyzerError, match=r"discover=N \(and seed=S\)"):
        api.topic_timeline(LIST, "nmf-03", data_dir=data_dir)  # clearwater configures none
    with pytest.raises(AnalyzerError, match="among the 6 discovered with seed 0.*nmf-06"):
        api.topic_timeline(LIST, "nmf-07", discover=6, data_dir=data_dir)
    with pytest.raises(AnalyzerError, match="not both"):
        api.topic_timeline(LIST, "nmf-01", terms="sip", discover=6, data_dir=data_dir)
    with pytest.raises(AnalyzerError, match="no topics configured"):
        api.topic_timelines(LIST, data_dir=data_dir)


def test_the_report_shows_the_topics_the_api_discovers(
    data_dir: Path, discovered: tuple[pd.DataFrame, pd.DataFrame]
) -> None:
    """By default the report of a list without configured topics shows 6 found with seed 0;
    asked for 4 with seed 1, it shows those, as the API finds them, with their messages."""
    analysis = api.analysis(LIST, data_dir, bodies=False, columns=MESSAGE_COLUMNS_READ)
    config = load_list_config(LIST, data_dir)
    for data, (topics, matched) in (
        (collect(analysis, config), discovered),
        (
            collect(analysis, config, n_topics=4, seed=1),
            api.discovered_topics(LIST, 4, 1, data_dir=data_dir),
        ),
    ):
        assert data.topics_discovered
        shown = [(t.topic, t.label, t.definition) for t in data.topics]
        assert shown == list(topics[list(TOPIC_COLUMNS)].itertuples(index=False, name=None))
        assert [t.messages for t in data.topics] == [
            matched["topic"].eq(topic).sum() for topic in topics["topic"]
        ]
    assert len(data.topics) == 4 and data.topic_seed == 1


def test_the_command_line_follows_the_topics_the_report_shows(
    data_dir: Path, tmp_path: Path
) -> None:
    """`topics --discover 4 --seed 1` writes the topics and which messages are about each, the
    timeline commands follow them, and `report --topics 4 --seed 1` shows them and says how to
    follow them: the same topics as the API's, and the same assignments."""
    topics, matched = api.discovered_topics(LIST, 4, 1, data_dir=data_dir)
    where = ("--list", LIST, "--data-dir", str(data_dir))
    listed = run(
        "topics",
        *where,
        "--discover",
        "4",
        "--seed",
        "1",
        "-o",
        str(tmp_path / "topics.csv"),
        "--message-topics",
        str(tmp_path / "message_topics.parquet"),
    )
    assert listed.returncode == 0, listed.stderr
    written = pd.read_csv(tmp_path / "topics.csv")
    pd.testing.assert_frame_equal(written[list(TOPIC_COLUMNS)], topics)
    assignments = pd.read_parquet(tmp_path / "message_topics.parquet")
    assert tuple(assignments.columns[:3]) == MESSAGE_TOPIC_COLUMNS
    pd.testing.assert_frame_equal(assignments, matched)
    assert written.set_index("topic")["messages"].to_dict() == Counter(assignments["topic"])

    out = tmp_path / "nmf-02.csv"
    followed = run(
        "timeline", "topic", "nmf-02", *where, "--freq", "Q", "--discover", "4", "--seed", "1",
        "-o", str(out),
    )  # fmt: skip
    assert followed.returncode == 0, followed.stderr
    timeline = pd.read_csv(out)
    assert timeline["messages"].sum() == (assignments["topic"] == "nmf-02").sum()
    every = tmp_path / "every.jsonl"
    written_every = run(
        "timeline", "topics", *where, "--discover", "4", "--seed", "1", "-o", str(every)
    )
    assert written_every.returncode == 0, written_every.stderr
    assert list(pd.read_json(every, lines=True)["key"].unique()) == list(topics["topic"])

    missing = run("timeline", "topic", "nmf-03", *where)
    assert missing.returncode == 1 and missing.stderr.count("\n") == 1
    assert "--discover N" in missing.stderr

    report = run("report", *where, "-o", str(tmp_path / "report"), "--topics", "4", "--seed", "1")
    assert report.returncode == 0, report.stderr
    page = (tmp_path / "report" / "index.html").read_text("utf-8")
    for label in topics["label"]:
        assert f">{label}<" in page
    assert f"--list {LIST} --discover 4 --seed 1" in page


def where_sample(data: str) -> tuple[str, ...]:
    return ("--list", "civics-forum", "--data-dir", data)


def test_configured_topics_write_which_messages_are_about_them(tmp_path: Path) -> None:
    """The sample list configures its topics: `topics --message-topics` writes their
    message_topics table, as the API gives it (text matches and thread members)."""
    data = str(tmp_path / "data")
    ingested = run("ingest", str(SAMPLE), "--list", "civics-forum", "--data-dir", data)
    assert ingested.returncode == 0, ingested.stderr
    out = tmp_path / "message_topics.csv"
    written = run(
        "topics", "--list", "civics-forum", "--data-dir", data, "--message-topics", str(out)
    )
    assert written.returncode == 0, written.stderr
    expected = api.message_topics("civics-forum", data)
    assignments = pd.read_csv(out)
    assert set(expected["via"]) == {"text", "thread"}
    # (a CSV reads the null `matched_in` of thread members back as NaN)
    read_back = assignments.astype(object).where(assignments.notna(), None)
    pd.testing.assert_frame_equal(read_back, expected.astype(object), check_dtype=False)
    in_text = assignments[assignments["via"] == "text"]
    assert set(in_text["matched_in"]) == {"subject", "authored", "subject+authored"}
    assert assignments.loc[assignments["via"] == "thread", "matched_in"].isna().all()
    assert "wgec" in set(assignments["topic"])

    # the sizes `topics` lists are those the topic timelines (and the report) count: the
    # list owner's reminders (a statements term in each) only with --include-automated
    sizes = tmp_path / "topics.csv"
    assert run("topics", *where_sample(data), "-o", str(sizes)).returncode == 0
    listed = pd.read_csv(sizes).set_index("topic")["messages"]
    for topic, size in listed.items():
        assert size == api.topic_timeline("civics-forum", topic, data_dir=data)["messages"].sum()
    robots = api.authors("civics-forum", data)
    robot_ids = set(robots.loc[robots["is_automated"], "author_id"])
    senders = api.messages("civics-forum", data, bodies=False).set_index("message_id")
    by_robots = assignments[assignments["message_id"].map(senders["author_id"]).isin(robot_ids)]
    assert by_robots["topic"].tolist() == ["statements"] * 5
    everyone = run("topics", *where_sample(data), "--include-automated", "-o", str(sizes))
    assert everyone.returncode == 0, everyone.stderr
    with_robots = pd.read_csv(sizes).set_index("topic")["messages"]
    assert (with_robots - listed).to_dict() == {t: 5 * (t == "statements") for t in listed.index}

    # a seed where nothing is discovered would be ignored: refused, before any work
    where = ("--list", "civics-forum", "--data-dir", data)
    for command in (
        ("topics", *where, "--seed", "3"),
        ("timeline", "topics", *where, "--seed", "3"),
        ("timeline", "topic", "wgec", *where, "--seed", "3"),
        ("timeline", "author", "nobody@example.org", *where, "--seed", "3"),
        ("report", *where, "-o", str(tmp_path / "report"), "--seed", "3"),
    ):
        refused = run(*command)
        assert refused.returncode == 2, command
        assert "--seed only applies to discovered topics" in refused.stderr
    assert not (tmp_path / "report").exists()
    discovered = run("topics", *where, "--discover", "3", "--seed", "3")
    assert discovered.returncode == 0, discovered.stderr


# --- one person ------------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def people(data_dir: Path) -> pd.DataFrame:
    """The authors, busiest first (ties by id)."""
    authors = api.authors(LIST, data_dir)
    return authors.sort_values(["n_messages", "author_id"], ascending=[False, True])


def test_one_authors_messages_in_order_with_their_topics(
    data_dir: Path, people: pd.DataFrame, discovered: tuple[pd.DataFrame, pd.DataFrame]
) -> None:
    """The busiest person's messages, each checked against the messages table: in date order,
    their words, the subject of their thread, whom they answered, the start of what they
    wrote, and the discovered topic of their thread."""
    person = people.iloc[0]
    rows = api.author_messages(LIST, person["author_id"], discover=6, seed=0, data_dir=data_dir)
    assert tuple(rows.columns) == AUTHOR_MESSAGES_COLUMNS
    assert len(rows) == person["n_messages"] > 100
    assert list(rows["position"]) == list(range(1, len(rows) + 1))
    assert rows["date"].is_monotonic_increasing
    assert rows["words"].sum() == person["n_words_authored"]
    names = api.authors(LIST, data_dir).set_index("author_id")["name"]
    messages = api.messages(LIST, data_dir, bodies=False).set_index("message_id")
    theirs = messages[messages["author_id"] == person["author_id"]]
    assert set(rows["message_id"]) == set(theirs.index)
    _, matched = discovered
    topic_of = matched.set_index("message_id")["topic"]
    answered = 0
    for row in rows.itertuples():
        message = messages.loc[row.message_id]
        # the subject as its writer cased it, without 'Re: [list]' (was: the lower-cased form)
        assert row.subject.lower() == message["subject_norm"] and row.subject in message["subject"]
        assert row.thread_id == message["thread_id"]
        flat = " ".join(str(message["authored"]).split())
        assert row.snippet == flat or (
            row.snippet.endswith("…") and flat.startswith(row.snippet[:-1])
        )
        parent = message["parent_id"]
        expected = messages.loc[parent, "author_id"] if parent in messages.index else None
        assert (row.parent_author if isinstance(row.parent_author, str) else None) == expected
        if expected is not None:
            assert row.parent_name == names[expected]
        answered += expected is not None and expected != person["author_id"]
        assert row.topics == ([topic_of[row.message_id]] if row.message_id in topic_of else [])
    assert answered > 50
    configured = api.author_messages(LIST, person["author_id"], data_dir=data_dir)
    assert configured["topics"].map(len).sum() == 0  # clearwater configures no topics
    assert configured["topic_labels"].map(len).sum() == 0
    assert rows["topic_labels"].map(len).sum() == rows["topics"].map(len).sum() > 0
    mine = ["topics", "topic_labels"]
    pd.testing.assert_frame_equal(configured.drop(columns=mine), rows.drop(columns=mine))


def test_an_unknown_author_is_answered_with_the_author_meant(
    data_dir: Path, people: pd.DataFrame
) -> None:
    person = people.iloc[0]
    author_id, name = person["author_id"], person["name"]
    other = next(e for e in person["emails"] if e != author_id)  # an address that is no id
    # another of their addresses, in any case, is theirs alone: it stands for them
    theirs = api.author_messages(LIST, author_id, data_dir=data_dir)
    # and so does their name, which no other author has
    assert (people["name"] == name).sum() == 1
    for given in (other, other.upper(), author_id.upper(), name, name.lower()):
        pd.testing.assert_frame_equal(api.author_messages(LIST, given, data_dir=data_dir), theirs)
    for given in (author_id[:-1], name.split()[0]):
        with pytest.raises(AnalyzerError, match=f"no author.*did you mean '{author_id}'"):
            api.author_messages(LIST, given, data_dir=data_dir)
        with pytest.raises(AnalyzerError, match=f"did you mean '{author_id}'"):
            api.table("messages", LIST, data_dir, author_ids=[author_id, given])
    with pytest.raises(AnalyzerError, match="no author 'nobody@example.org'") as raised:
        api.author_timeline(LIST, author_ids=["nobody@example.org"], data_dir=data_dir)
    assert "did you mean" not in str(raised.value)


def test_exports_keep_the_rows_of_the_authors_asked_for(
    data_dir: Path, people: pd.DataFrame
) -> None:
    two = list(people["author_id"].head(2))
    messages = api.table("messages", LIST, data_dir, author_ids=two)
    assert set(messages["author_id"]) == set(two)
    assert len(messages) == people["n_messages"].head(2).sum()
    chosen = api.table("messages", LIST, data_dir, columns=["date", "subject"], author_ids=two)
    assert list(chosen.columns) == ["message_id", "date", "subject"]
    assert list(chosen["message_id"]) == list(messages["message_id"])
    every_edge = api.edges(LIST, data_dir)
    edges = api.table("edges", LIST, data_dir, author_ids=two)
    by_or_to = every_edge["source_author"].isin(two) | every_edge["target_author"].isin(two)
    assert len(edges) == by_or_to.sum() > 100
    assert set(edges["message_id"]) == set(every_edge.loc[by_or_to, "message_id"])
    authors = api.table("authors", LIST, data_dir, author_ids=two, columns=["author_id", "name"])
    assert list(authors.columns) == ["author_id", "name"] and set(authors["author_id"]) == set(two)
    with pytest.raises(AnalyzerError, match="threads table is not filtered by author"):
        api.table("threads", LIST, data_dir, author_ids=two)
    timeline = api.author_timeline(LIST, "Q", author_ids=two[:1], data_dir=data_dir)
    every = api.author_timeline(LIST, "Q", data_dir=data_dir)
    pd.testing.assert_frame_equal(timeline, every[every["key"] == two[0]].reset_index(drop=True))


def test_the_command_line_follows_one_person(
    data_dir: Path, people: pd.DataFrame, tmp_path: Path
) -> None:
    where = ("--list", LIST, "--data-dir", str(data_dir))
    first, second = people["author_id"].head(2)
    printed = run("timeline", "author", first, *where)
    assert printed.returncode == 0, printed.stderr
    out = tmp_path / "author.csv"
    written = run("timeline", "author", first, *where, "-o", str(out))
    assert written.returncode == 0, written.stderr
    rows = pd.read_csv(out)
    assert tuple(rows.columns) == AUTHOR_MESSAGES_COLUMNS
    assert len(rows) == people["n_messages"].iloc[0]
    assert all(message_id in printed.stdout for message_id in rows["message_id"])  # whole

    exported = tmp_path / "messages.jsonl"
    both = run(
        "export", "messages", *where, "--author", first, "--author", second, "-o", str(exported)
    )
    assert both.returncode == 0, both.stderr
    assert set(pd.read_json(exported, lines=True)["author_id"]) == {first, second}
    per_year = tmp_path / "per_year.csv"
    timeline = run(
        "timeline", "authors", *where, "--freq", "Y", "--author", second, "-o", str(per_year)
    )
    assert timeline.returncode == 0, timeline.stderr
    assert set(pd.read_csv(per_year)["key"]) == {second}

    mistyped = run("timeline", "author", first[:-1], *where)  # (any case of an address is it)
    assert mistyped.returncode == 1 and mistyped.stderr.count("\n") == 1
    assert f"did you mean '{first}'" in mistyped.stderr
    threads = run("export", "threads", *where, "--author", first, "-o", str(tmp_path / "t.csv"))
    assert threads.returncode == 1 and "not filtered by author" in threads.stderr


def test_one_persons_reply_network_holds_the_replies_they_gave_and_received(
    data_dir: Path, people: pd.DataFrame, tmp_path: Path
) -> None:
    """`network --author`: whom the person answered and who answered them, counted here from
    the edges table; the GraphML keeps the person, the others at the ends of those edges, and
    each author's figures over the whole list."""
    person = people["author_id"].iloc[0]
    edges = api.edges(LIST, data_dir)
    edges = edges[edges["source_author"].notna() & edges["target_author"].notna()]
    edges = edges[edges["source_author"] != edges["target_author"]]
    mine = edges[(edges["source_author"] == person) | (edges["target_author"] == person)]
    expected = Counter(zip(mine["source_author"], mine["target_author"], strict=True))
    around = api.reply_network(LIST, author_ids=[person], data_dir=data_dir)
    pairs = zip(around["source_author"], around["target_author"], strict=True)
    got = dict(zip(pairs, around["weight"], strict=True))
    assert got == dict(expected) and len(got) > 20

    path = tmp_path / "person.graphml"
    where = ("--list", LIST, "--data-dir", str(data_dir))
    written = run("network", *where, "--author", person, "-o", str(path))
    assert written.returncode == 0, written.stderr
    graph = nx.read_graphml(path)
    assert graph.number_of_edges() == len(expected)
    assert set(graph.nodes) == {person, *mine["source_author"], *mine["target_author"]}
    whole = api.reply_network(LIST, data_dir=data_dir)
    assert (
        graph.nodes[person]["replies_received"]
        == whole.loc[whole["target_author"] == person, "weight"].sum()
    )
    mistyped = run("network", *where, "--author", person[:-1], "-o", str(path))
    assert mistyped.returncode == 1 and f"did you mean '{person}'" in mistyped.stderr


def test_filled_timelines_have_the_same_periods_for_every_key(
    data_dir: Path, people: pd.DataFrame
) -> None:
    """Pivoting the long tables gives zeros, never NaN, for quiet periods: with `fill` every
    author, like every topic, has every month of the list (the report's months too)."""
    two = list(people["author_id"].head(2))
    sparse = api.author_timeline(LIST, "M", author_ids=two, data_dir=data_dir)
    filled = api.author_timeline(LIST, "M", author_ids=two, fill=True, data_dir=data_dir)
    dates = api.messages(LIST, data_dir, bodies=False)["date"].dropna()
    months = [str(p) for p in pd.period_range(dates.min(), dates.max(), freq="M")]
    assert len(sparse) < len(filled) == 2 * len(months)
    table = filled.pivot(index="period", columns="key", values="messages")
    assert list(table.index) == months and not table.isna().any().any()
    assert table.sum().to_dict() == sparse.groupby("key")["messages"].sum().to_dict()
    quiet = filled.merge(sparse[["key", "period"]], how="left", indicator=True)
    quiet = quiet[quiet["_merge"] == "left_only"]
    assert (quiet[["messages", "words", "replies_received"]] == 0).all().all()
    assert quiet["name"].notna().all()
    topics = api.topic_timelines(LIST, "M", discover=6, seed=0, data_dir=data_dir)
    assert all(list(group["period"]) == months for _, group in topics.groupby("key"))


def test_who_carried_each_discovered_topic_over_a_range(data_dir: Path) -> None:
    """Per topic discovered in 2016, quarter and person: the rows add up to the topic
    timelines of that range, and each quarter's first five are its leading authors."""
    year = {"since": "2016-01-01", "until": "2016-12-31"}
    every = api.topic_timelines(LIST, "Q", discover=6, data_dir=data_dir, **year)
    by_author = api.topic_author_timeline(LIST, "Q", discover=6, data_dir=data_dir, **year)
    assert set(by_author["period"]) == {f"2016-Q{q}" for q in range(1, 5)}
    counted = by_author.groupby(["key", "period"])[["messages", "words", "matched"]].sum()
    told = every[every["messages"] > 0].set_index(["key", "period"])
    pd.testing.assert_frame_equal(
        counted, told[counted.columns].sort_index(), check_index_type=False
    )
    leaders = by_author.groupby(["key", "period"]).head(5)
    listed = (leaders["author"] + " (" + leaders["messages"].astype(str) + ")").groupby(
        [leaders["key"], leaders["period"]]
    )
    assert listed.agg(list).to_dict() == told["leading_authors"].to_dict()


def test_a_reports_follow_up_commands_keep_its_date_range_and_zone(
    data_dir: Path, tmp_path: Path
) -> None:
    """The commands a report prints to follow its discovered topics carry the report's range
    and zone: run as printed, they find the topics the report shows (over other messages,
    discovery finds other topics)."""
    where = ("--list", LIST, "--data-dir", str(data_dir))
    scope = ("--since", "2016-01-01", "--until", "2016-12-31", "--tz", "America/New_York")
    report = run(
        "report", *where, *scope, "--freq", "Q", "--topics", "4", "--seed", "1",
        "-o", str(tmp_path / "report"),
    )  # fmt: skip
    assert report.returncode == 0, report.stderr
    page = (tmp_path / "report" / "index.html").read_text("utf-8")
    printed = re.findall(r"<code>(analyzer [^<]*--discover 4[^<]*)</code>", page)
    assert len(printed) == 2, printed
    timeline_command, topics_command = (html.unescape(command) for command in printed)
    assert " ".join(scope) in timeline_command and timeline_command.endswith("--freq Q")
    assert " ".join(scope) in topics_command
    out = tmp_path / "topics.csv"
    arguments = shlex.split(topics_command.replace("FILE", str(tmp_path / "assigned.csv")))
    followed = run(*arguments[1:], "--data-dir", str(data_dir), "-o", str(out))
    assert followed.returncode == 0, followed.stderr
    labels = pd.read_csv(out)["label"]
    assert len(labels) == 4
    for label in labels:
        assert f">{html.escape(label)}<" in page
    whole = api.discovered_topics(LIST, 4, 1, data_dir=data_dir)[0]["label"]
    assert set(whole) != set(labels)  # the range matters: the whole list's topics differ


def test_any_from_name_one_author_used_stands_for_them(
    data_dir: Path, people: pd.DataFrame
) -> None:
    """ux38: `--author 'Jp Calderone'` was "no author", though Jean-Paul Calderone wrote under
    that From name: a From name that one author alone used selects them (not only the name
    the authors table gives); one that several used is an error that lists them."""
    used = api.messages(LIST, data_dir, bodies=False, columns=["from_name", "author_id"])
    used = used.assign(key=used["from_name"].str.split().str.join(" ").str.casefold())
    used = used[used["key"] != ""]
    table_names = set(people["name"].dropna().str.split().str.join(" ").str.casefold())
    authors_of = used.groupby("key")["author_id"].unique()
    other = next(key for key, ids in authors_of.items() if len(ids) == 1 and key not in table_names)
    given = used.loc[used["key"] == other, "from_name"].iloc[0]
    theirs = api.author_messages(LIST, authors_of[other][0], data_dir=data_dir)
    pd.testing.assert_frame_equal(api.author_messages(LIST, given, data_dir=data_dir), theirs)
    # clearwater has no From name two authors used: one made here
    authors = pd.DataFrame(
        {"author_id": ["a@x.org", "b@y.org"], "name": ["Ann Lee", "Bo Chen"], "n_messages": [1, 5]}
    )
    messages = pd.DataFrame({"author_id": ["a@x.org", "b@y.org"], "from_name": ["Admin"] * 2})
    with pytest.raises(AnalyzerError, match="the name 'admin' is used by 2 authors") as raised:
        check_authors([" admin"], authors, "l", messages)
    assert "'b@y.org' (Bo Chen) or 'a@x.org' (Ann Lee); give the id" in str(raised.value)
