"""The reply network of one topic (``network --topic``, ``reply_network(topic=...)``): who
argued with whom about it is the replies that message_topics puts in the topic, as
``topics --message-topics`` writes them, joined with the edges, which a researcher no longer
has to join by hand (the WGEC notebook did)."""

from __future__ import annotations

from pathlib import Path

import networkx as nx
import pandas as pd
import pytest
from test_cli import run

from analyzer import api
from analyzer.errors import AnalyzerError

SAMPLE = Path(__file__).resolve().parents[1] / "archives" / "sample"
LIST = "civics-forum"  # its configuration names the topic wgec


@pytest.fixture(scope="module")
def data_dir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = tmp_path_factory.mktemp("topic-network")
    api.ingest(SAMPLE, list_name=LIST, data_dir=folder, workers=1)
    api.prepare_analysis(LIST, folder)
    return folder


def by_hand(edges: pd.DataFrame, about: set[str]) -> pd.Series:
    """Replies per (source, target) about a topic, joined by hand as the notebook did."""
    mine = edges[edges["message_id"].isin(about) & edges["target_author"].notna()]
    mine = mine[mine["source_author"] != mine["target_author"]]
    return mine.groupby(["source_author", "target_author"]).size()


def test_who_argued_with_whom_about_a_configured_topic(data_dir: Path, tmp_path: Path) -> None:
    where = ("--list", LIST, "--data-dir", str(data_dir))
    assigned, edges = tmp_path / "mt.csv", tmp_path / "edges.csv"
    assert run("topics", *where, "--message-topics", str(assigned)).returncode == 0
    assert run("export", "edges", *where, "-o", str(edges)).returncode == 0
    about = set(pd.read_csv(assigned).query("topic == 'wgec'")["message_id"])
    expected = by_hand(pd.read_csv(edges), about)
    table, graph = tmp_path / "wgec.csv", tmp_path / "wgec.graphml"
    for out in (table, graph):
        done = run("network", *where, "--topic", "wgec", "-o", str(out))
        assert done.returncode == 0, done.stderr
        assert "reply network about 'wgec'" in done.stdout
    written = pd.read_csv(table).set_index(["source_author", "target_author"])["weight"]
    everyone = api.reply_network(LIST, data_dir=data_dir)
    assert 10 < len(written) < len(everyone)
    pd.testing.assert_series_equal(
        written.sort_index(), expected.sort_index(), check_names=False, check_dtype=False
    )
    # its nodes: every author of a WGEC message, with their messages on it
    read = nx.read_graphml(graph)
    messages = api.messages(LIST, data_dir, columns=["author_id"])
    theirs = messages[messages["message_id"].isin(about)]["author_id"].value_counts()
    nodes = {n: d["messages"] for n, d in read.nodes(data=True) if d["messages"]}
    assert nodes == theirs.to_dict()
    assert sum(d["weight"] for _, _, d in read.edges(data=True)) == expected.sum()


def test_the_network_of_a_discovered_topic_over_a_range(corpora: Path, tmp_path: Path) -> None:
    """clearwater's nmf-02 of 2016-2017 (learnt on those years), per quarter: the replies of
    those years that discovery put in it."""
    folder = tmp_path / "data"
    api.ingest(corpora / "clearwater-pipermail", list_name="cw", data_dir=folder)
    years = {"since": "2016-01-01", "until": "2017-12-31"}
    _, matched = api.discovered_topics("cw", 6, 3, data_dir=folder, **years)
    about = set(matched.loc[matched["topic"] == "nmf-02", "message_id"])
    edges = api.edges("cw", folder, **years)
    network = api.reply_network(
        "cw", "Q", topic="nmf-02", discover=6, seed=3, data_dir=folder, **years
    )
    assert set(network["period"]) <= {f"{y}-Q{q}" for y in (2016, 2017) for q in range(1, 5)}
    whole = network.groupby(["source_author", "target_author"])["weight"].sum()
    pd.testing.assert_series_equal(
        whole.sort_index(), by_hand(edges, about).sort_index(), check_names=False
    )
    assert whole.sum() > 30


def test_a_topic_network_needs_its_topic_named(data_dir: Path) -> None:
    where = ("--list", LIST, "--data-dir", str(data_dir), "-o", "never.csv")
    lonely = run("network", *where, "--terms", "visa")
    assert lonely.returncode == 1
    assert "--terms and --discover say what the topic of --topic NAME is: name it" in lonely.stderr
    assert lonely.stderr.count("\n") == 1
    unknown = run("network", *where, "--topic", "nmf-02")
    assert unknown.returncode == 1 and "give the --discover N" in unknown.stderr
    assert run("network", *where, "--topic", "wgec", "--seed", "2").returncode == 2
    with pytest.raises(AnalyzerError, match="name the topic too"):
        api.reply_network(LIST, discover=4, data_dir=data_dir)
    visas = api.reply_network(LIST, topic="visa", terms="visa|Schengen", data_dir=data_dir)
    assert 0 < visas["weight"].sum() < api.reply_network(LIST, data_dir=data_dir)["weight"].sum()
