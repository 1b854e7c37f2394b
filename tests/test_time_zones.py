"""Periods and days of a time zone (``--tz``, ``tz=``): clearwater's Pipermail server files a
post by its own (US Eastern) month, so a post of 2016-03-01 02:06 UTC is in the 2016-February
file. Counted in New York time, every message of the archive falls in the month of its file;
in UTC, five do not. Dates in the tables stay UTC: only the periods and the days of
``--since``/``--until`` move."""

from __future__ import annotations

import re
import shutil
from collections.abc import Iterator
from pathlib import Path

import click
import networkx as nx
import pandas as pd
import pytest
from click.testing import CliRunner
from test_cli import run

from analyzer import api
from analyzer.cli import cli
from analyzer.config import load_list_config
from analyzer.dateranges import date_range
from analyzer.errors import AnalyzerError
from analyzer.report import collect
from analyzer.report.data import MESSAGE_COLUMNS_READ

LIST = "clearwater"
NY = "America/New_York"
LATE = "003d01d1735f$01fb2a60$05f17f20$@com"
"""Posted 2016-03-01 02:06:44 UTC (2016-02-29 21:06 in New York), in the 2016-February file."""
MONTHS = ("2016-January.txt", "2016-February.txt", "2016-March.txt")


@pytest.fixture(scope="module")
def data_dir(corpora: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    source = tmp_path_factory.mktemp("cw-src")
    for name in MONTHS:
        shutil.copy(corpora / "clearwater-pipermail" / name, source / name)
    folder = tmp_path_factory.mktemp("tz")
    api.ingest(source, list_name=LIST, data_dir=folder, workers=1)
    api.prepare_analysis(LIST, folder)
    return folder


@pytest.fixture(scope="module")
def messages(data_dir: Path) -> pd.DataFrame:
    return api.messages(LIST, data_dir, bodies=False)


def file_month(source: str) -> str:
    """The month of the Pipermail file a message was archived in: '2016-February' → '2016-02'."""
    year, month = Path(source).name.split(".")[0].split("-")
    return f"{year}-{pd.Timestamp(f'1 {month} 2000').month:02d}"


def test_new_york_months_are_the_archive_files_months(
    data_dir: Path, messages: pd.DataFrame
) -> None:
    late = messages.set_index("message_id").loc[LATE]
    assert late["date"] == pd.Timestamp("2016-03-01 02:06:44", tz="UTC")
    assert file_month(late["source"]) == "2016-02"
    per_file = messages.groupby(messages["source"].map(file_month)).size()
    utc = api.thread_activity(LIST, "M", data_dir=data_dir).groupby("period")["messages"].sum()
    local = api.thread_activity(LIST, "M", tz=NY, data_dir=data_dir)
    assert local.groupby("period")["messages"].sum().to_dict() == per_file.to_dict()
    assert utc.to_dict() != per_file.to_dict()
    assert utc.get("2016-04", 0) == 2  # two posts of 1 April in UTC, of 31 March in New York
    # the period starts at local midnight (a UTC instant); dates stay UTC
    feb = local[local["period"] == "2016-02"]
    assert (feb["start"] == pd.Timestamp("2016-02-01 05:00", tz="UTC")).all()
    assert str(local["first"].dt.tz) == "UTC"

    author = late["author_id"]
    theirs = {
        tz: api.author_timeline(LIST, "M", author_ids=[author], tz=tz, data_dir=data_dir)
        for tz in ("UTC", NY)
    }
    counts = {tz: frame.set_index("period")["messages"] for tz, frame in theirs.items()}
    assert counts[NY]["2016-02"] == counts["UTC"]["2016-02"] + 1
    assert counts[NY]["2016-03"] == counts["UTC"]["2016-03"] - 1


def test_topics_and_network_count_in_the_zone(data_dir: Path) -> None:
    """The late post (about sprout, a reply) is a March post of its topic and of its reply
    pair in UTC, a February one in New York."""
    when = pd.Timestamp("2016-03-01 02:06:44", tz="UTC")
    edge = api.edges(LIST, data_dir).set_index("message_id").loc[LATE]
    for tz, month in (("UTC", "2016-03"), (NY, "2016-02")):
        topic = api.topic_author_timeline(
            LIST, "M", topic="sprout", terms="sprout", tz=tz, data_dir=data_dir
        )
        theirs = topic[(topic["author"] == edge["source_author"]) & (topic["period"] == month)]
        assert len(theirs) == 1 and theirs.iloc[0]["first"] <= when <= theirs.iloc[0]["last"]
        net = api.reply_network(LIST, "M", tz=tz, data_dir=data_dir)
        pair = net[
            (net["source_author"] == edge["source_author"])
            & (net["target_author"] == edge["target_author"])
            & (net["period"] == month)
        ]
        assert len(pair) == 1 and pair.iloc[0]["first"] <= when <= pair.iloc[0]["last"]
    utc = api.topic_timeline(LIST, "sprout", "M", terms="sprout", data_dir=data_dir)
    local = api.topic_timeline(LIST, "sprout", "M", terms="sprout", tz=NY, data_dir=data_dir)
    assert utc["messages"].sum() == local["messages"].sum()
    assert utc.set_index("period")["messages"].to_dict() != (
        local.set_index("period")["messages"].to_dict()
    )


def test_since_and_until_are_days_of_the_zone(data_dir: Path) -> None:
    """29 February in New York holds the post of 1 March 02:06 UTC; in UTC it does not."""
    day = {"since": "2016-02-29", "until": "2016-02-29", "data_dir": data_dir}
    in_utc = api.table("messages", LIST, data_dir, columns=["date"], since="2016-02-29")
    assert in_utc["date"].min() >= pd.Timestamp("2016-02-29", tz="UTC")
    local = date_range("2016-02-29", "2016-02-29", tz=NY)
    utc = date_range("2016-02-29", "2016-02-29")
    assert local is not None and utc is not None
    when = pd.Series([pd.Timestamp("2016-03-01 02:06:44", tz="UTC")])
    assert local.holds(when).tolist() == [True] and utc.holds(when).tolist() == [False]
    assert str(local) == "2016-02-29 to 2016-02-29 (America/New_York)"
    days_ny = api.thread_activity(LIST, "D", tz=NY, **day)
    days_utc = api.thread_activity(LIST, "D", **day)
    assert set(days_ny["period"]) == {"2016-02-29"} and set(days_utc["period"]) == {"2016-02-29"}
    assert days_ny["messages"].sum() != days_utc["messages"].sum()


def test_an_unknown_zone_is_one_error_line(data_dir: Path, tmp_path: Path) -> None:
    with pytest.raises(AnalyzerError, match="unknown time zone 'Mars/Olympus'"):
        api.topic_timelines(LIST, tz="Mars/Olympus", data_dir=data_dir)
    where = ("--list", LIST, "--data-dir", str(data_dir))
    for command in (
        ("timeline", "authors", "--tz", "Mars/Olympus"),
        ("network", "--freq", "M", "--tz", "Mars/Olympus", "-o", str(tmp_path / "n.csv")),
        ("report", "--tz", "Mars/Olympus", "-o", str(tmp_path / "r")),
    ):
        done = run(*command, *where)
        assert done.returncode != 0
        assert done.stderr.strip().splitlines() == [
            "analyzer: error: unknown time zone 'Mars/Olympus': give an IANA name such as "
            "America/New_York, or UTC"
        ], done.stderr
    out = tmp_path / "authors.csv"
    done = run("timeline", "authors", *where, "--tz", NY, "--freq", "M", "-o", str(out))
    assert done.returncode == 0, done.stderr
    assert "2016-04" not in set(pd.read_csv(out)["period"])


def test_the_lists_configuration_gives_the_default_zone(data_dir: Path, tmp_path: Path) -> None:
    """``period_time_zone`` in the list's file is the default; ``--tz``/``tz=`` wins."""
    folder = tmp_path / "store"
    shutil.copytree(data_dir, folder)
    (folder / f"{LIST}.toml").write_text(f'period_time_zone = "{NY}"\n', "utf-8")
    default = api.thread_activity(LIST, "M", data_dir=folder)
    assert "2016-04" not in set(default["period"])
    assert "2016-04" in set(api.thread_activity(LIST, "M", tz="UTC", data_dir=folder)["period"])
    (folder / f"{LIST}.toml").write_text('period_time_zone = "Mars/Olympus"\n', "utf-8")
    with pytest.raises(AnalyzerError, match="period_time_zone 'Mars/Olympus' is not an IANA"):
        api.thread_activity(LIST, "M", data_dir=folder)


def test_the_reports_periods_are_of_the_zone(data_dir: Path, messages: pd.DataFrame) -> None:
    analysis = api.analysis(LIST, data_dir, bodies=False, columns=MESSAGE_COLUMNS_READ)
    data = collect(analysis, load_list_config(LIST, data_dir), tz=NY)
    per_file = messages.groupby(messages["source"].map(file_month)).size()
    assert dict(zip(data.periods["period"], data.periods["messages"], strict=True)) == (
        per_file.to_dict()
    )
    assert data.periods["start"].iloc[0] == pd.Timestamp("2016-01-01 05:00", tz="UTC")
    utc = collect(analysis, load_list_config(LIST, data_dir))
    assert list(utc.periods["period"]) == ["2016-01", "2016-02", "2016-03", "2016-04"]


MARCH = {"since": "2016-03-01", "until": "2016-03-31"}


def _configured(data_dir: Path, tmp_path: Path) -> Path:
    """A copy of the store whose list configuration sets ``period_time_zone`` to New York."""
    folder = tmp_path / "configured"
    shutil.copytree(data_dir, folder)
    (folder / f"{LIST}.toml").write_text(f'period_time_zone = "{NY}"\n', "utf-8")
    return folder


def test_every_function_cuts_a_range_in_the_same_zone(
    data_dir: Path, messages: pd.DataFrame, tmp_path: Path
) -> None:
    """March 2016 in New York time is the 2016-March file's messages (the two of 1 April UTC
    in, the one of 1 March 02:06 UTC out) in every table, timeline, network and report, with
    ``tz=`` and with the list's ``period_time_zone``; in UTC it is one message fewer."""
    per_file = messages.groupby(messages["source"].map(file_month)).size()
    configured = _configured(data_dir, tmp_path)

    def counts(folder: Path, tz: str | None) -> dict[str, int]:
        where = {**MARCH, "tz": tz, "data_dir": folder}
        graph = api.write_reply_network(LIST, tmp_path / "n.graphml", **where)
        nodes = nx.read_graphml(graph).nodes(data=True)
        dates = date_range(MARCH["since"], MARCH["until"], tz=tz or NY)
        report = collect(
            api.analysis(LIST, folder, bodies=False, columns=MESSAGE_COLUMNS_READ),
            load_list_config(LIST, folder),
            dates=dates,
            tz=tz or NY,
        )
        return {
            "messages": len(api.messages(LIST, folder, bodies=False, **MARCH, tz=tz)),
            "table": len(api.table("messages", LIST, folder, columns=["date"], **MARCH, tz=tz)),
            "threads": int(api.threads(LIST, folder, **MARCH, tz=tz)["n_messages"].sum()),
            "authors": int(api.authors(LIST, folder, **MARCH, tz=tz)["n_messages"].sum()),
            "author_timeline": int(api.author_timeline(LIST, **where)["messages"].sum()),
            "thread_activity": int(api.thread_activity(LIST, "M", **where)["messages"].sum()),
            "network": sum(int(d["messages"]) for _, d in nodes),
            "report": report.n_messages,
        }

    for folder, tz in ((data_dir, NY), (configured, None)):
        assert set(counts(folder, tz).values()) == {per_file["2016-03"]}, (folder, tz)
    in_utc = counts(configured, "UTC")
    assert set(in_utc.values()) == {per_file["2016-03"] - 1}
    edges = {
        tz: set(api.edges(LIST, folder, **MARCH, tz=tz)["message_id"])
        for folder, tz in ((data_dir, NY), (configured, None), (configured, "UTC"))
    }
    assert edges[NY] == edges[None] != edges["UTC"]


def test_discovered_topics_of_a_range_are_one_in_every_command(
    data_dir: Path, tmp_path: Path
) -> None:
    """``topics --discover`` and ``timeline topics --discover`` learn their topics from the same
    messages of a range cut in the zone, so they find the same topics, given the same
    messages; so do the API's ``discovered_topics`` and ``message_topics``."""
    configured = _configured(data_dir, tmp_path)
    found = {
        str(tz): api.discovered_topics(LIST, 4, 1, **MARCH, tz=tz, data_dir=folder)
        for folder, tz in ((data_dir, NY), (configured, None), (configured, "UTC"))
    }
    assert found[NY][0].equals(found["None"][0])
    assert not found[NY][0]["definition"].equals(found["UTC"][0]["definition"])
    assigned = api.message_topics(LIST, configured, discover=4, seed=1, **MARCH)
    pd.testing.assert_frame_equal(assigned, found[NY][1])

    runner = CliRunner()
    for folder, zone in ((data_dir, ["--tz", NY]), (configured, [])):
        where = ["--list", LIST, "--data-dir", str(folder), *_range_options(), *zone]
        discover = ["--discover", "4", "--seed", "1"]
        out = {name: tmp_path / f"{name}.csv" for name in ("topics", "assigned", "timelines")}
        for args in (
            [
                "topics",
                *discover,
                "-o",
                str(out["topics"]),
                "--message-topics",
                str(out["assigned"]),
            ],
            ["timeline", "topics", *discover, "-o", str(out["timelines"])],
        ):
            done = runner.invoke(cli, [*args, *where], catch_exceptions=False)
            assert done.exit_code == 0, done.output
        table = pd.read_csv(out["topics"])
        assert list(table["definition"]) == list(found[NY][0]["definition"])
        assert set(pd.read_csv(out["assigned"])["message_id"]) == set(found[NY][1]["message_id"])
        per_topic = pd.read_csv(out["timelines"]).groupby("key")["messages"].sum()
        assert table.set_index("topic")["messages"].to_dict() == per_topic.to_dict()


def test_export_authors_and_topics_take_the_zone(data_dir: Path, tmp_path: Path) -> None:
    """The commands that had no ``--tz`` take it, and the list's default, as the others do."""
    configured = _configured(data_dir, tmp_path)
    runner = CliRunner()
    n_march = {}
    for name, folder, zone in (
        ("ny", data_dir, ["--tz", NY]),
        ("configured", configured, []),
        ("utc", configured, ["--tz", "UTC"]),
    ):
        where = ["--list", LIST, "--data-dir", str(folder), *_range_options(), *zone]
        out = tmp_path / f"{name}.csv"
        done = runner.invoke(cli, ["export", "messages", "-o", str(out), *where])
        assert done.exit_code == 0, done.output
        listed = runner.invoke(cli, ["authors", "--limit", "1000", *where])
        assert listed.exit_code == 0, listed.output
        counts = re.findall(r"\(([\d,]+) messages?, ", listed.output)
        in_list = sum(int(n.replace(",", "")) for n in counts)
        assert in_list == len(pd.read_csv(out))
        n_march[name] = in_list
    assert n_march["ny"] == n_march["configured"] == n_march["utc"] + 1
    where = ("--list", LIST, "--data-dir", str(data_dir))
    for command in (
        ("export", "messages", "-o", str(tmp_path / "m.csv")),
        ("authors",),
        ("topics", "--discover", "4"),
    ):
        done = run(*command, *where, "--since", "2016-03-01", "--tz", "Mars/Olympus")
        assert done.returncode == 1
        assert done.stderr.strip().splitlines() == [
            "analyzer: error: unknown time zone 'Mars/Olympus': give an IANA name such as "
            "America/New_York, or UTC"
        ], command


def test_every_command_with_a_range_takes_a_zone() -> None:
    """A command that took ``--since``/``--until`` without ``--tz`` would cut the range in UTC
    days where the others cut it in the list's."""

    def commands(group: click.Group, path: str = "") -> Iterator[tuple[str, click.Command]]:
        for name, command in group.commands.items():
            if isinstance(command, click.Group):
                yield from commands(command, f"{path}{name} ")
            else:
                yield f"{path}{name}", command

    ranged = {}
    for name, command in commands(cli):
        options = {o for p in command.params for o in p.opts}
        if "--since" in options:
            ranged[name] = "--tz" in options
    assert {"export", "authors", "topics", "network", "report", "timeline topics"} <= set(ranged)
    assert all(ranged.values()), ranged


def _range_options() -> list[str]:
    return [f"--{end}={day}" for end, day in MARCH.items()]
