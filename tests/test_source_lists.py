"""Several lists stored as one are told by what their messages say (List-Id, subject tag), not
by the names of the folders their files are in."""

from __future__ import annotations

import shutil
import warnings
from pathlib import Path

import pytest
from click.testing import CliRunner

from analyzer import api
from analyzer.cli import cli
from analyzer.errors import AnalyzerWarning


def _first_messages(mbox: Path, target: Path, count: int) -> Path:
    """The first ``count`` messages of a real mbox (a fast test needs no more)."""
    data = mbox.read_bytes()
    end = 0
    for _ in range(count):
        end = data.index(b"\nFrom ", end + 1)
    target.parent.mkdir(parents=True, exist_ok=True)
    target.write_bytes(data[: end + 1])
    return target


def test_one_list_in_two_folders_is_one_list(corpora: Path, tmp_path: Path) -> None:
    """clearwater's months split into old/ and new/ (whose tag changed from [Clearwater] to
    [Project Clearwater]), imagej's .txt month and its HTML pages in txt/ and html/: one list
    each, said as several by the folder names."""
    months = tmp_path / "cw"
    for folder, name in (
        ("old", "2015-August.txt"),
        ("old", "2015-July.txt"),
        ("new", "2016-May.txt"),
    ):
        (months / folder).mkdir(parents=True, exist_ok=True)
        shutil.copy(corpora / "clearwater-pipermail" / name, months / folder / name)
    data = tmp_path / "data"
    report = api.ingest(months, list_name="cw", data_dir=data, workers=1)
    assert len(report.outcomes) == 3 and not report.failed
    assert not report.lists and report.lists_warning == ""
    imagej = tmp_path / "ij"
    (imagej / "txt").mkdir(parents=True)
    shutil.copy(corpora / "imagej-devel-pipermail" / "2010-April.txt", imagej / "txt")
    shutil.copytree(
        corpora / "imagej-devel-pipermail" / "2010-April", imagej / "html" / "2010-April"
    )
    report = api.ingest(imagej, list_name="ij", data_dir=data, workers=1)
    assert [o.status for o in report.outcomes] == ["ingested", "ingested"]
    assert not report.lists


def test_two_lists_in_one_folder_or_one_store_are_said(corpora: Path, tmp_path: Path) -> None:
    """An openbmc mbox beside a usrp-users one (one folder, no folder names to tell them), and
    an imagej month ingested into a clearwater list, are two lists each, named with their
    sources."""
    folder = tmp_path / "boxes"
    openbmc = _first_messages(
        corpora / "openbmc-mbox-2019" / "openbmc-2019-08.mbox", folder / "openbmc.mbox", 20
    )
    usrp = _first_messages(
        corpora / "usrp-users-mbox" / "usrp-users-2020-09.mbox", folder / "usrp.mbox", 20
    )
    data = tmp_path / "data"
    report = api.ingest(folder, list_name="boxes", data_dir=data, workers=1)
    assert report.lists.lists == [("openbmc", [str(openbmc)]), ("usrp-users", [str(usrp)])]
    assert report.lists_warning.startswith(
        f"the sources are the archives of 2 lists, as their messages say (List-Id, subject "
        f"tag): openbmc ({openbmc}); usrp-users ({usrp}); stored as one list 'boxes': ingest "
        "each list's sources with its own --list"
    )

    clearwater = corpora / "clearwater-pipermail" / "2015-August.txt"
    assert not api.ingest(clearwater, list_name="cw", data_dir=data, workers=1).lists
    imagej = corpora / "imagej-devel-pipermail" / "2014-January.txt"
    report = api.ingest(imagej, list_name="cw", data_dir=data, workers=1)
    assert [o.path for o in report.outcomes] == [str(imagej)]  # the store's other source counts
    assert report.lists.lists == [
        ("clearwater", [str(clearwater)]),
        ("imagej-devel", [str(imagej)]),
    ]


def test_info_says_again_that_a_store_holds_several_lists(corpora: Path, tmp_path: Path) -> None:
    """The warning came once, at the ingest that stored the second list; a researcher who
    reads ``info`` later, or whose notebook opens the store, is told again."""
    clearwater = corpora / "clearwater-pipermail" / "2015-August.txt"
    imagej = corpora / "imagej-devel-pipermail" / "2014-January.txt"
    data = tmp_path / "data"
    api.ingest(clearwater, list_name="cw", data_dir=data, workers=1)
    with warnings.catch_warnings():
        warnings.simplefilter("error", AnalyzerWarning)
        assert api.store_info("cw", data).lists_warning == ""
    with pytest.warns(AnalyzerWarning, match="the sources are the archives of 2 lists"):
        report = api.ingest(imagej, list_name="cw", data_dir=data, workers=1)
    with pytest.warns(AnalyzerWarning, match="the sources are the archives of 2 lists"):
        info = api.store_info("cw", data)
    assert info.lists_warning == report.lists_warning != ""
    said = CliRunner().invoke(cli, ["info", "--list", "cw", "--data-dir", str(data)])
    assert said.exit_code == 0, said.output
    assert f"analyzer: warning: {report.lists_warning}" in said.stderr
