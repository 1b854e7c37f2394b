"""``info --sources`` lists what ``drop-source`` takes; a dropped source stays dropped when its
folder is ingested again (read-only corpora cannot move it out), and comes back when named."""

from __future__ import annotations

import shutil
from pathlib import Path

from click.testing import CliRunner

from analyzer import api
from analyzer.cli import cli


def test_info_lists_the_sources_and_a_dropped_one_stays_dropped(
    corpora: Path, tmp_path: Path
) -> None:
    months = tmp_path / "months"
    months.mkdir()
    for name in ("2015-July.txt", "2015-August.txt"):
        shutil.copy(corpora / "clearwater-pipermail" / name, months / name)
    data = str(tmp_path / "data")
    where = ["--list", "cw", "--data-dir", data]
    runner = CliRunner()
    assert runner.invoke(cli, ["ingest", str(months), *where, "--no-analyze"]).exit_code == 0

    listed = runner.invoke(cli, ["info", "--sources", *where])
    assert listed.exit_code == 0, listed.output
    assert listed.output.split("\n")[0].split() == ["path", "messages", "first", "last"]
    july = str(months / "2015-July.txt")
    assert f"{july}        23 2015-07-16 2015-07-31" in listed.output
    assert "Sources: 2 (`analyzer info --sources` lists them)" in (
        runner.invoke(cli, ["info", *where]).output
    )

    dropped = runner.invoke(cli, ["drop-source", *where, july])  # the path info listed
    assert dropped.exit_code == 0, dropped.output
    assert "23 messages gone, 27 left" in dropped.output
    again = runner.invoke(cli, ["ingest", str(months), *where, "--no-analyze"])
    assert again.exit_code == 0, again.output
    assert f"Passed over 1 dropped source: {july}; give it by name to ingest it again." in (
        again.output
    )
    assert api.store_info("cw", data).unique_messages == 27
    globbed = api.ingest(f"{months}/*.txt", list_name="cw", data_dir=data, workers=1)
    assert globbed.dropped == [july]
    assert [o.status for o in globbed.outcomes] == ["unchanged"]

    named = runner.invoke(cli, ["ingest", july, *where, "--no-analyze"])
    assert named.exit_code == 0, named.output
    assert "1 source(s) parsed" in named.output
    assert api.store_info("cw", data).unique_messages == 50
    back = api.ingest(months, list_name="cw", data_dir=data, workers=1)  # no longer dropped
    assert back.dropped == [] and [o.status for o in back.outcomes] == ["unchanged"] * 2
