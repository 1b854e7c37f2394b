"""Which months an archive covers: months whose messages all sit in other months' files are
flagged (openbmc's mirror backfilled March-June 2019 into its July file); stray late messages
never flag a month that has its own file; one big mbox says nothing."""

from __future__ import annotations

from pathlib import Path

import pandas as pd
import pytest
from click.testing import CliRunner

from analyzer import api
from analyzer.cli import cli
from analyzer.coverage import (
    ELSEWHERE,
    NOT_NAMED,
    OWN,
    coverage_table,
    named_months,
    partial_periods,
    partial_runs,
    unit_name,
)


def _months(name: str) -> list[str]:
    return [str(month) for month in named_months(name)]


def test_source_names_say_their_months() -> None:
    assert _months("2016-April.txt.gz") == ["2016-04"]
    assert _months("2016-April") == ["2016-04"]  # an HTML month folder
    assert _months("openbmc-2019-07.mbox.gz") == ["2019-07"]
    assert _months("list-2016-april.mbox") == ["2016-04"]
    assert _months("2014q2.txt") == ["2014-04", "2014-05", "2014-06"]
    assert len(_months("2014.txt.gz")) == 12
    assert _months("Week-of-Mon-20140127.txt") == ["2014-01", "2014-02"]
    assert _months("20140106.txt") == ["2014-01"]
    # a day's file, a big mbox and other numbers name no month
    for name in ("2019-07-15.mbox", "archive.mbox", "3GPP_TSG_RAN_WG4.mbox", "1234-05.mbox"):
        assert _months(name) == []
    assert unit_name("/a/imagej-devel/2014-January/000123.html") == "2014-January"
    assert unit_name("lists.tar.gz/twisted/2003-April.txt") == "2003-April.txt"


@pytest.fixture(scope="module")
def openbmc(corpora: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    """openbmc's July file (which also holds 805 messages dated March-June) and November's."""
    folder = tmp_path_factory.mktemp("coverage-openbmc")
    files = [corpora / "openbmc-mbox-2019" / f"openbmc-2019-{m}.mbox.gz" for m in ("07", "11")]
    api.ingest(files, list_name="ob", data_dir=folder, workers=1)
    return folder


def test_openbmc_backfilled_months_are_partly_covered(openbmc: Path) -> None:
    table = api.coverage("ob", openbmc)
    covered = dict(zip(table["month"], table["covered"], strict=True))
    assert covered == {
        "2019-03": ELSEWHERE,
        "2019-04": ELSEWHERE,
        "2019-05": ELSEWHERE,
        "2019-06": ELSEWHERE,
        "2019-07": OWN,  # the first month of the archive is whole
        "2019-11": OWN,
    }  # 2019-08 to 2019-10: no messages, no file: not listed
    partial = table[table["covered"] == ELSEWHERE]
    assert partial["messages"].sum() == 805  # as PROVENANCE.md counts them
    assert all(sources == ["openbmc-2019-07.mbox.gz"] for sources in partial["sources"])
    runs = partial_runs(table)
    assert [(r.first, r.last, r.messages) for r in runs] == [("2019-03", "2019-06", 805)]
    assert api.store_info("ob", openbmc).partial == tuple(runs)


def test_info_names_the_partly_covered_months(openbmc: Path) -> None:
    result = CliRunner().invoke(cli, ["info", "--list", "ob", "--data-dir", str(openbmc)])
    assert result.exit_code == 0, result.output
    assert (
        "2019-03 to 2019-06: 805 messages filed in openbmc-2019-07.mbox.gz, no source of their"
        " own: these months are partly covered" in result.output
    )


def test_pipermail_strays_flag_only_a_month_without_its_own_file(
    corpora: Path, tmp_path: Path
) -> None:
    """clearwater's January to March 2016 files each hold a message dated the next month: no
    month with a file of its own is flagged; April, whose file is left out, is until added."""
    folder = corpora / "clearwater-pipermail"
    months = [folder / f"2016-{name}.txt" for name in ("January", "February", "March")]
    api.ingest(months, list_name="cw", data_dir=tmp_path, workers=1)
    table = api.coverage("cw", tmp_path)
    assert set(table.loc[table["covered"] == OWN, "month"]) == {"2016-01", "2016-02", "2016-03"}
    [run] = partial_runs(table)
    assert (run.first, run.last, run.sources) == ("2016-04", "2016-04", ("2016-March.txt",))
    assert "this month is partly covered" in str(run)
    api.ingest(folder / "2016-April.txt.gz", list_name="cw", data_dir=tmp_path, workers=1)
    table = api.coverage("cw", tmp_path)
    assert set(table["covered"]) == {OWN}
    assert api.store_info("cw", tmp_path).partial == ()


def test_one_big_mbox_says_nothing() -> None:
    messages = pd.DataFrame(
        {
            "date": pd.to_datetime(["2019-01-05", "2019-03-02", "2019-03-09"], utc=True),
            "source": ["all.mbox", "all.mbox", "2019-March.txt"],
        }
    )
    table = coverage_table(["all.mbox", "2019-March.txt"], messages)
    assert list(table["covered"]) == [NOT_NAMED, OWN]
    assert partial_runs(table) == []


def test_report_periods_overlapping_a_partial_month() -> None:
    months = {pd.Period("2019-06", freq="M")}
    weeks = pd.period_range("2019-06-24", "2019-07-08", freq="W")
    assert partial_periods(weeks, months) == [True, False, False]  # 24-30 June, then July
    quarters = pd.period_range("2019Q2", "2019Q3", freq="Q")
    assert partial_periods(quarters, months) == [True, False]


def test_report_marks_the_partly_covered_months(openbmc: Path, tmp_path: Path) -> None:
    page = api.write_report("ob", tmp_path, data_dir=openbmc, top_threads=1).read_text("utf-8")
    assert page.count("partly covered</td>") == 4  # 2019-03 to 2019-06, in the periods table
    assert "2019-03 to 2019-06: 805 messages filed in openbmc-2019-07.mbox.gz" in page
    # a report of whole months only says nothing of it
    whole = api.write_report("ob", tmp_path / "whole", data_dir=openbmc, since="2019-07-01")
    assert "partly covered" not in whole.read_text("utf-8")
