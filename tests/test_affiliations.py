"""Affiliation per message: Eric Mangold wrote to twisted-python from oaktech.net (2004),
world-net.net and twistedmatrix.com (2004), gmail (2007) and nunatak.com.au (2010). The authors
table's ``affiliation`` is the one most of his messages came from; ``affiliations`` lists every
one in the order he first wrote from it, and each message carries its own."""

from __future__ import annotations

import shutil
from pathlib import Path

import pandas as pd
import pytest
from test_cli import run

import analyzer.identity.tables as identity_tables
from analyzer import api
from analyzer.identity import affiliation_for_address, resolve_authors
from analyzer.schema import AUTHOR_COLUMNS, AUTHOR_MESSAGES_COLUMNS, MESSAGE_COLUMNS

LIST = "twisted"
MONTHS = ("2004-March", "2004-November", "2007-August", "2010-January")
ERIC = "eric@oaktech.net"


@pytest.fixture(scope="module")
def data_dir(corpora: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    source = tmp_path_factory.mktemp("twisted-months")
    for month in MONTHS:
        name = f"{month}.txt.gz"
        shutil.copy(corpora / "twisted-python-pipermail-gz" / name, source / name)
    folder = tmp_path_factory.mktemp("affiliations")
    (folder / f"{LIST}.toml").write_text(
        '[authors.organisations]\n"nunatak.com.au" = "Nunatak"\n', "utf-8"
    )
    api.ingest(source, list_name=LIST, data_dir=folder, workers=1)
    api.prepare_analysis(LIST, folder)
    return folder


def test_each_message_has_the_affiliation_of_its_address(data_dir: Path) -> None:
    messages = api.messages(LIST, data_dir, bodies=False)
    columns = list(messages.columns)
    assert "affiliation" in MESSAGE_COLUMNS
    assert columns.index("affiliation") == columns.index("defects") + 1  # after DESIGN.md's
    eric = messages[messages["author_id"] == ERIC].sort_values("date")
    by_address = eric.groupby("from_email")["affiliation"].agg(lambda a: set(a.dropna()))
    assert by_address.to_dict() == {
        "eric@oaktech.net": {"oaktech.net"},
        "teratorn@world-net.net": {"world-net.net"},
        "teratorn@twistedmatrix.com": {"twistedmatrix.com"},
        "teratorn@gmail.com": set(),  # webmail: no organisation
        "eric.mangold@nunatak.com.au": {"Nunatak"},  # the list's own name for the domain
    }
    assert eric["affiliation"].iloc[0] == "oaktech.net"
    assert eric["affiliation"].iloc[-1] == "Nunatak"


def test_the_authors_table_lists_every_affiliation_in_order(data_dir: Path) -> None:
    authors = api.authors(LIST, data_dir)
    assert list(authors.columns[: len(AUTHOR_COLUMNS)]) == list(AUTHOR_COLUMNS)
    eric = authors.set_index("author_id").loc[ERIC]
    assert eric["affiliation"] == "world-net.net"  # the most messages
    assert list(eric["affiliations"]) == [
        "oaktech.net",
        "world-net.net",
        "twistedmatrix.com",
        "Nunatak",
    ]
    # everyone's, from their messages: the organisations in the order they first wrote from them
    messages = api.messages(LIST, data_dir, columns=["date", "author_id", "affiliation"])
    dated = messages.dropna(subset=["affiliation"]).sort_values(["date", "message_id"])
    firsts = dated.groupby(["author_id", "affiliation"])["date"].min().reset_index()
    firsts = firsts.sort_values(["author_id", "date", "affiliation"])
    expected = firsts.groupby("author_id")["affiliation"].agg(list).to_dict()
    listed = {
        a: list(o) for a, o in zip(authors["author_id"], authors["affiliations"], strict=True)
    }
    assert {a: o for a, o in listed.items() if o} == expected
    for one, orgs in zip(authors["affiliation"], listed.values(), strict=True):
        assert one in orgs if orgs else pd.isna(one)


def test_timeline_author_shows_each_messages_affiliation(data_dir: Path, tmp_path: Path) -> None:
    out = tmp_path / "eric.csv"
    done = run(
        "timeline", "author", ERIC, "--list", LIST, "--data-dir", str(data_dir), "-o", str(out)
    )
    assert done.returncode == 0, done.stderr
    table = pd.read_csv(out)
    assert tuple(table.columns) == AUTHOR_MESSAGES_COLUMNS
    assert table["affiliation"].iloc[0] == "oaktech.net"
    assert table["affiliation"].iloc[-1] == "Nunatak"
    assert table["affiliation"].isna().sum() == 2  # the two from gmail


def test_affiliations_are_worked_out_once_per_address(monkeypatch: pytest.MonkeyPatch) -> None:
    """Per address, not per message: 3 addresses, 3,000 messages, 3 look-ups."""
    calls: list[str] = []
    real = identity_tables.affiliation_for_address

    def counted(address: str, organisations: dict[str, str]) -> str | None:
        calls.append(address)
        return real(address, organisations)

    monkeypatch.setattr(identity_tables, "affiliation_for_address", counted)
    senders = ["Ann Lee <ann@acme.example>", "Bo Chan <bo@uni.example>", "Cy <cy@gmail.com>"]
    frame = pd.DataFrame(
        {
            "message_id": [f"m{i}" for i in range(3000)],
            "date": pd.date_range("2020-01-01", periods=3000, freq="h", tz="UTC"),
            "from_name": [s.split(" <")[0] for s in senders] * 1000,
            "from_email": [s.split("<")[1].rstrip(">") for s in senders] * 1000,
        }
    )
    result = resolve_authors(frame)
    assert sorted(calls) == ["ann@acme.example", "bo@uni.example", "cy@gmail.com"]
    firsts = result.messages["affiliation"].iloc[:3]
    assert [a if isinstance(a, str) else None for a in firsts] == [
        "acme.example",
        "uni.example",
        None,  # webmail
    ]


@pytest.mark.parametrize(
    ("address", "affiliation"),
    [
        ("ann@yahoo.com.ar", None),  # a free mail brand under a country domain
        ("ann@live.it", None),
        ("ann@nyc.rr.com", None),  # an internet provider
        ("ann@pobox.com", None),  # a mail forwarder
        ("ann@myrealbox.com", None),
        ("ann@example.net", None),  # reserved for examples: the sample's made-up addresses
        ("ann@gmail.example", None),
        ("ann@linux.vnet.ibm.com", "ibm.com"),
        ("ann@commonsfdn.example", "commonsfdn.example"),
    ],
)
def test_providers_forwarders_and_example_domains_are_no_organisation(
    address: str, affiliation: str | None
) -> None:
    assert affiliation_for_address(address, {}) == affiliation
