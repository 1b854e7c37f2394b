"""The reply network: who answered whom, how often, overall or per period; GraphML for Gephi.

Its rows are weighted edges between two authors, built from the edges table (one reply, one
edge, from the author of the reply to the author of the message it answers). ``weight`` counts
the replies, ``words`` the authored words in them, ``threads`` the threads they were in.
"""

from __future__ import annotations

from collections.abc import Collection, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any
from xml.etree import ElementTree

import networkx as nx
import numpy as np
import pandas as pd

from analyzer.dateranges import UTC
from analyzer.errors import AnalyzerError
from analyzer.schema import NETWORK_COLUMNS, NODE_COLUMNS
from analyzer.threads import edges_table
from analyzer.timelines import AuthorNames, names_of, period_labels, to_periods, unique_messages

if TYPE_CHECKING:
    from analyzer.dateranges import DateRange


def _replies(
    messages: pd.DataFrame,
    include_self: bool,
    dates: DateRange | None = None,
    replies: Collection[str] | None = None,
) -> pd.DataFrame:
    """The edges table with the authored words of each reply, both ends known; with ``dates``
    the replies dated in it, with ``replies`` those whose Message-ID is one of them."""
    edges = edges_table(messages)
    if dates is not None:
        edges = edges[dates.holds(edges["date"])]
    if replies is not None:
        edges = edges[edges["message_id"].isin(set(replies)).to_numpy(dtype=bool)]
    edges = edges[edges["source_author"].notna() & edges["target_author"].notna()]
    if not include_self:
        edges = edges[edges["source_author"] != edges["target_author"]]
    counted = unique_messages(messages, columns=("message_id", "words"))
    words = counted.set_index("message_id")["words"]
    return edges.assign(words=edges["message_id"].map(words).fillna(0).astype(np.int64))


def reply_network(
    messages: pd.DataFrame,
    freq: str | None = None,
    *,
    include_self: bool = False,
    dates: DateRange | None = None,
    replies: Collection[str] | None = None,
    tz: str = UTC,
) -> pd.DataFrame:
    """Who replied to whom: one row per (source, target) pair, or per (source, target, period)
    with ``freq`` (the ``period`` column then follows the two authors; periods of local time
    in the zone ``tz``), heaviest first.

    Replies to oneself are left out unless ``include_self``. With ``dates``, only the replies
    dated in that range (whenever the message they answer was); with ``replies``, only the
    replies of those Message-IDs (a topic's messages, say).
    """
    edges = _replies(messages, include_self, dates, replies)
    keys = ["source_author", "target_author"]
    columns = list(NETWORK_COLUMNS)
    if freq is not None:
        periods = to_periods(edges["date"], freq, tz)
        edges = edges.assign(_period=periods)
        keys.append("_period")
        columns.insert(2, "period")
    if edges.empty:
        return pd.DataFrame({column: pd.Series(dtype=object) for column in columns})
    grouped = edges.groupby(keys, sort=True)
    out = pd.DataFrame(
        {
            "weight": grouped.size(),
            "words": grouped["words"].sum(),
            "threads": grouped["thread_id"].nunique(),
            "first": grouped["date"].min(),
            "last": grouped["date"].max(),
        }
    ).reset_index()
    order = ["weight", "source_author", "target_author"]
    if freq is not None:
        out["period"] = period_labels(out["_period"])
        order = ["_period", *order]
    ascending = [True] * len(order)
    ascending[order.index("weight")] = False
    out = out.sort_values(order, ascending=ascending, ignore_index=True)
    return out[columns]


def around_authors(network: pd.DataFrame, author_ids: Sequence[str]) -> pd.DataFrame:
    """The edges of ``network`` that start or end at one of ``author_ids``: whom they answered
    and who answered them (their ego network, without the replies between the others)."""
    ids = set(author_ids)
    keep = network["source_author"].isin(ids) | network["target_author"].isin(ids)
    return network[keep.to_numpy(dtype=bool)].reset_index(drop=True)


def network_nodes(
    messages: pd.DataFrame,
    network: pd.DataFrame | None = None,
    *,
    names: AuthorNames | None = None,
    authors: pd.DataFrame | None = None,
    dates: DateRange | None = None,
) -> pd.DataFrame:
    """One row per author: the name of ``names`` (``analyzer.identity.author_names``, the
    authors table's, so that Gephi shows the name the other outputs show; None without it),
    the affiliation and robot flag of ``authors`` (the authors table; None and False without it),
    messages, authored words, first and last post, and the replies given and received in
    ``network`` (the overall reply network by default). With ``dates``, over the messages
    and replies dated in it.

    Every end of an edge of ``network`` is a node, with no messages where it has none in
    ``messages`` (the author of a post before the range that a reply in it answers)."""
    table = unique_messages(messages, columns=("date", "author", "words"))
    if dates is not None:
        table = table[dates.holds(table["date"])]
    table = table[table["author"].notna()]
    grouped = table.groupby("author", sort=True)
    nodes = pd.DataFrame(
        {
            "messages": grouped.size(),
            "words": grouped["words"].sum(),
            "first": grouped["date"].min(),
            "last": grouped["date"].max(),
        }
    )
    if network is None:
        network = reply_network(messages, dates=dates)
    ends = pd.Index([*network["source_author"], *network["target_author"]]).unique()
    if len(ends.difference(nodes.index)):
        nodes = nodes.reindex(nodes.index.union(ends).sort_values())
        nodes[["messages", "words"]] = nodes[["messages", "words"]].fillna(0).astype(np.int64)
    given = network.groupby("source_author")["weight"].sum()
    received = network.groupby("target_author")["weight"].sum()
    nodes["replies_given"] = given.reindex(nodes.index, fill_value=0).astype(np.int64)
    nodes["replies_received"] = received.reindex(nodes.index, fill_value=0).astype(np.int64)
    nodes = nodes.rename_axis("author").reset_index()
    nodes["name"] = names_of(nodes["author"], names)
    # (to colour a Gephi graph by organisation, or leave the robots out)
    known = (
        authors.drop_duplicates("author_id").set_index("author_id") if authors is not None else None
    )
    if known is not None and "affiliation" in known:
        nodes["affiliation"] = nodes["author"].map(known["affiliation"]).astype(object)
    else:
        nodes["affiliation"] = None
    if known is not None and "is_automated" in known:
        automated = nodes["author"].map(known["is_automated"])
        nodes["is_automated"] = automated.fillna(False).astype(bool)
    else:
        nodes["is_automated"] = False
    return nodes[list(NODE_COLUMNS)]


def _attribute(value: Any) -> Any:
    """A value GraphML can hold: numbers and strings as they are, dates as ISO 8601."""
    if isinstance(value, pd.Timestamp):
        return value.isoformat()
    if isinstance(value, np.integer):
        return int(value)
    if isinstance(value, np.floating):
        return float(value)
    if value is None or value is pd.NaT or (isinstance(value, float) and np.isnan(value)):
        return ""
    return value if isinstance(value, int | float | str | bool) else str(value)


def reply_graph(
    network: pd.DataFrame, nodes: pd.DataFrame | None = None
) -> nx.DiGraph | nx.MultiDiGraph:
    """The network as a networkx graph: a DiGraph, or a MultiDiGraph with one edge per period
    when the network is per period. Nodes carry ``label`` (the name) and the ``nodes`` figures."""
    missing = {"source_author", "target_author", "weight"} - set(network.columns)
    if missing:
        raise AnalyzerError(f"not a reply network: no {', '.join(sorted(missing))} column")
    graph: nx.DiGraph | nx.MultiDiGraph = (
        nx.MultiDiGraph() if "period" in network.columns else nx.DiGraph()
    )
    if nodes is not None:
        for row in nodes.to_dict(orient="records"):
            author = row.pop("author")
            attributes = {str(key): _attribute(value) for key, value in row.items()}
            attributes["label"] = attributes.get("name") or author
            graph.add_node(author, **attributes)
    for number, row in enumerate(network.to_dict(orient="records")):
        source, target = row.pop("source_author"), row.pop("target_author")
        for author in (source, target):
            if author not in graph:
                graph.add_node(author, label=author)
        attributes = {str(k): _attribute(v) for k, v in row.items()}
        if isinstance(graph, nx.MultiDiGraph):  # GraphML wants edge IDs unique in the file
            graph.add_edge(source, target, key=f"e{number}", **attributes)
        else:
            graph.add_edge(source, target, **attributes)
    return graph


def write_graphml(network: pd.DataFrame, path: Path, nodes: pd.DataFrame | None = None) -> Path:
    """Write the reply network as GraphML (Gephi, Cytoscape, igraph read it)."""
    graph = reply_graph(network, nodes)
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        nx.write_graphml(graph, path, encoding="utf-8")
    except OSError as exc:
        raise AnalyzerError(f"{path}: cannot be written ({exc.strerror})") from None
    return path


@dataclass(frozen=True)
class NetworkSize:
    """What a written network holds, to say it in one line: its authors (GraphML: its nodes,
    who may include authors without a reply in it), its edges and the replies they weigh."""

    authors: int
    edges: int
    replies: int


def _graphml_size(path: Path) -> NetworkSize:
    """Count a GraphML file's nodes, edges and edge weights as it streams (its own keys say
    which ``data`` is the weight)."""
    nodes = edges = 0
    replies = 0.0
    weight_keys: set[str] = set()
    for _, element in ElementTree.iterparse(path):
        tag = element.tag.rpartition("}")[2]
        if tag == "key" and element.get("attr.name") == "weight":
            weight_keys.add(element.get("id", ""))
        elif tag == "node":
            nodes += 1
            element.clear()
        elif tag == "edge":
            edges += 1
            for data in element:
                if data.get("key") in weight_keys and data.text:
                    replies += float(data.text)
            element.clear()
    return NetworkSize(nodes, edges, round(replies))


def written_size(path: Path) -> NetworkSize:
    """The size of a reply network written by ``write_graphml`` or as a table, read back."""
    suffix = path.suffix.lower()
    if suffix == ".graphml":
        return _graphml_size(path)
    columns = ["source_author", "target_author", "weight"]
    if suffix == ".parquet":
        table = pd.read_parquet(path, columns=columns)
    elif suffix == ".csv":
        table = pd.read_csv(path, usecols=columns)
    else:
        table = pd.read_json(path, lines=suffix == ".jsonl")
        table = table.reindex(columns=columns)
    ends = set(table["source_author"].dropna()) | set(table["target_author"].dropna())
    return NetworkSize(len(ends), len(table), int(table["weight"].sum()))
