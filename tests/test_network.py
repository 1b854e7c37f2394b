"""The reply network of a real list against an independent count, and its GraphML and CSV."""

from __future__ import annotations

import re
from collections import Counter, defaultdict
from pathlib import Path

import networkx as nx
import pandas as pd
import pytest
from test_timelines import analysed, analysed_messages, label

from analyzer.errors import AnalyzerError
from analyzer.export import export_frame
from analyzer.identity import author_names
from analyzer.network import (
    NetworkSize,
    network_nodes,
    reply_network,
    write_graphml,
    written_size,
)


@pytest.fixture(scope="module")
def clearwater() -> pd.DataFrame:
    return analysed_messages("clearwater-pipermail")


def expected_replies(
    messages: pd.DataFrame, freq: str | None, include_self: bool = False
) -> tuple[Counter, dict]:
    """(source, target[, period]) -> replies and authored words, row by row."""
    author_of = dict(zip(messages["message_id"], messages["author_id"], strict=True))
    weights: Counter = Counter()
    words: dict = defaultdict(int)
    for row in messages.itertuples():
        target = author_of.get(row.parent_id)
        if target is None or (target == row.author_id and not include_self):
            continue
        key = (row.author_id, target) + ((label(row.date, freq),) if freq else ())
        weights[key] += 1
        words[key] += int(row.n_words_authored)
    return weights, words


@pytest.mark.parametrize("freq", [None, "M", "Y"])
def test_reply_network_weights_match_an_independent_count(
    clearwater: pd.DataFrame, freq: str | None
) -> None:
    network = reply_network(clearwater, freq=freq)
    weights, words = expected_replies(clearwater, freq)
    keys = ["source_author", "target_author"] + (["period"] if freq else [])
    got = {tuple(row[k] for k in keys): row["weight"] for _, row in network.iterrows()}
    assert got == dict(weights)
    assert {tuple(row[k] for k in keys): row["words"] for _, row in network.iterrows()} == dict(
        words
    )
    assert (network["source_author"] != network["target_author"]).all()
    assert len(network) > 100
    if freq is None:
        assert network["weight"].is_monotonic_decreasing


def test_self_replies_are_kept_on_request(clearwater: pd.DataFrame) -> None:
    network = reply_network(clearwater, include_self=True)
    weights, _ = expected_replies(clearwater, None, include_self=True)
    loops = network[network["source_author"] == network["target_author"]]
    assert len(loops) > 0
    assert network["weight"].sum() == sum(weights.values())


def test_periods_add_up_to_the_whole(clearwater: pd.DataFrame) -> None:
    overall = reply_network(clearwater).set_index(["source_author", "target_author"])["weight"]
    monthly = reply_network(clearwater, freq="M")
    summed = monthly.groupby(["source_author", "target_author"])["weight"].sum()
    pd.testing.assert_series_equal(summed.sort_index(), overall.sort_index(), check_names=False)


def test_graphml_for_gephi_round_trips(clearwater: pd.DataFrame, tmp_path: Path) -> None:
    network = reply_network(clearwater)
    authors = analysed("clearwater-pipermail").authors
    names = author_names(authors)
    nodes = network_nodes(clearwater, network, names=names, authors=authors)
    path = write_graphml(network, tmp_path / "replies.graphml", nodes)
    graph = nx.read_graphml(path)
    assert graph.is_directed() and not graph.is_multigraph()
    assert graph.number_of_edges() == len(network)
    assert graph.number_of_nodes() == clearwater["author_id"].nunique()
    # every node is named as the authors table names it ("Kwon, Alan" sends as Alan Kwon)
    shown = {node: (data["name"], data["label"]) for node, data in graph.nodes(data=True)}
    assert shown == {node: (names[node], names[node]) for node in graph.nodes}
    assert shown["alan.kwon@interoptechnologies.com"] == ("Alan Kwon", "Alan Kwon")
    # colouring by organisation, leaving the robots out: the authors table's columns
    by_id = authors.set_index("author_id")
    for node, data in graph.nodes(data=True):
        assert data["affiliation"] == (by_id.at[node, "affiliation"] or "")
        assert data["is_automated"] == bool(by_id.at[node, "is_automated"])
    assert graph.nodes["alan.kwon@interoptechnologies.com"]["affiliation"] == (
        "interoptechnologies.com"
    )
    for row in network.head(50).itertuples():
        edge = graph.edges[row.source_author, row.target_author]
        assert edge["weight"] == row.weight and edge["words"] == row.words
    busiest = nodes.sort_values("messages").iloc[-1]
    node = graph.nodes[busiest["author"]]
    assert node["label"] == busiest["name"] and node["messages"] == busiest["messages"]
    assert (
        node["replies_received"]
        == network.loc[network["target_author"] == busiest["author"], "weight"].sum()
    )
    # per period: one edge per pair and period, the period an attribute Gephi can filter on
    yearly = reply_network(clearwater, freq="Y")
    yearly_path = write_graphml(yearly, tmp_path / "yearly.graphml")
    graph = nx.read_graphml(yearly_path)
    assert graph.is_multigraph() and graph.number_of_edges() == len(yearly)
    edge_ids = re.findall(r'<edge [^>]*\bid="([^"]*)"', yearly_path.read_text(encoding="utf-8"))
    assert len(edge_ids) == len(yearly) == len(set(edge_ids))  # unique, as GraphML wants
    periods = Counter(data["period"] for _, _, data in graph.edges(data=True))
    assert periods == Counter(yearly["period"])
    # what the command says it wrote, read back from the file as networkx reads it
    replies = int(yearly["weight"].sum())
    assert written_size(yearly_path) == NetworkSize(graph.number_of_nodes(), len(yearly), replies)


def test_network_exports_as_csv(clearwater: pd.DataFrame, tmp_path: Path) -> None:
    network = reply_network(clearwater, freq="Q")
    back = pd.read_csv(export_frame(network, tmp_path / "replies.csv"))
    assert list(back.columns) == list(network.columns)
    assert back["weight"].sum() == network["weight"].sum()
    assert back["period"].str.fullmatch(r"\d{4}-Q[1-4]").all()
    ends = set(network["source_author"]) | set(network["target_author"])
    size = NetworkSize(len(ends), len(network), int(network["weight"].sum()))
    for suffix in (".csv", ".jsonl", ".json", ".parquet"):
        assert written_size(export_frame(network, tmp_path / f"replies{suffix}")) == size


def test_graphml_needs_a_network(tmp_path: Path) -> None:
    with pytest.raises(AnalyzerError, match="not a reply network"):
        write_graphml(pd.DataFrame({"a": [1]}), tmp_path / "x.graphml")
