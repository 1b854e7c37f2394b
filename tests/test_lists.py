"""Managing the lists of a data directory: ``lists``, ``delete``, ``rename``, ``drop-source``.

Before, none of them existed: a list was renamed by copying its folder, which kept the old name
in every stored message, and a source ingested by mistake could only go with the whole store.
"""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
import warnings
from pathlib import Path

import pandas as pd
import pytest

from analyzer import api
from analyzer.errors import AnalyzerWarning, StaleParseWarning, StoreError

IMAGEJ = ("2014-January.txt", "2014-February.txt.gz")
CLEARWATER = "2015-July.txt"


def run(*args: str, stdin: str | None = None) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-c", "from analyzer.cli import main; main()", *args],
        capture_output=True,
        text=True,
        input=stdin,
        timeout=300,
    )


@pytest.fixture()
def two_lists(corpora: Path, tmp_path: Path) -> Path:
    """A data directory holding two small real lists: ``ij`` (two months) and ``cw`` (one)."""
    data = tmp_path / "data"
    api.ingest(
        [corpora / "imagej-devel-pipermail" / name for name in IMAGEJ],
        list_name="ij",
        data_dir=data,
        workers=1,
    )
    api.ingest(
        corpora / "clearwater-pipermail" / CLEARWATER, list_name="cw", data_dir=data, workers=1
    )
    return data


def _message(message_id: str, day: int) -> str:
    return (
        f"From ann@example.org Mon Mar {day:2d} 10:00:00 2021\n"
        f"From: Ann <ann@example.org>\n"
        f"Date: Mon, {day} Mar 2021 10:00:00 +0000\n"
        f"Subject: point {message_id}\n"
        f"Message-ID: <{message_id}@example.org>\n\n"
        f"Text of {message_id}.\n\n"
    )


def _mbox(path: Path, ids: list[str]) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text("".join(_message(mid, day) for day, mid in enumerate(ids, start=1)))
    return path


def _ids(list_name: str, data: Path) -> set[str]:
    return set(api.stored_messages(list_name, data)["message_id"])


def test_lists_gives_every_stored_list_from_its_manifest(two_lists: Path, tmp_path: Path) -> None:
    data = two_lists
    found = {summary.name: summary for summary in api.stored_lists(data)}
    assert list(found) == ["cw", "ij"]
    for name, sources in (("cw", 1), ("ij", 2)):
        info = api.store_info(name, data)
        summary = found[name]
        assert (summary.messages, summary.sources) == (info.unique_messages, sources)
        assert (summary.first, summary.last) == (info.date_min, info.date_max)
        assert summary.last_ingested is not None and summary.analysis_current is False
    api.prepare_analysis("cw", data)
    assert [s.analysis_current for s in api.stored_lists(data)] == [True, False]

    shown = run("lists", "--data-dir", str(data))
    assert shown.returncode == 0, shown.stderr
    rows = [line.split() for line in shown.stdout.splitlines()]
    assert rows[0][:3] == ["list", "messages", "sources"]
    assert rows[1][:5] == ["cw", str(found["cw"].messages), "1", "2015-07-16", "2015-07-31"]
    assert rows[2][:5] == ["ij", str(found["ij"].messages), "2", "2014-01-01", "2014-02-28"]
    assert "up to date" in shown.stdout.splitlines()[1]
    assert "out of date" in shown.stdout.splitlines()[2]

    empty = run("lists", "--data-dir", str(tmp_path / "nothing"))
    assert empty.returncode == 0 and "No list is stored in" in empty.stdout


def test_delete_removes_one_list_and_keeps_the_others_and_its_configuration(
    two_lists: Path,
) -> None:
    data = two_lists
    (data / "cw.toml").write_text('time_zone = "Europe/London"\n')
    ij_before = api.stored_messages("ij", data)

    declined = run("delete", "--list", "cw", "--data-dir", str(data), stdin="n\n")
    assert declined.returncode == 1 and "Nothing was deleted" in declined.stdout
    assert [s.name for s in api.stored_lists(data)] == ["cw", "ij"]
    # in a script, no answer comes: said so, with the flag that does without one
    unanswered = run("delete", "--list", "cw", "--data-dir", str(data), stdin="")
    assert unanswered.returncode == 1, unanswered.stderr
    assert "Nothing was deleted (no answer; --yes deletes without asking)." in unanswered.stdout
    assert [s.name for s in api.stored_lists(data)] == ["cw", "ij"]

    unknown = run("delete", "--list", "cww", "--data-dir", str(data), "--yes")
    assert unknown.returncode == 1
    assert unknown.stderr.strip().splitlines() == [
        f"analyzer: error: no list 'cww' stored in {data} (did you mean 'cw'?); "
        "the lists there: cw, ij"
    ]

    done = run("delete", "--list", "cw", "--data-dir", str(data), "--yes")
    assert done.returncode == 0, done.stderr
    assert f"Its configuration {data / 'cw.toml'} was kept." in done.stdout
    assert not (data / "cw").exists() and (data / "cw.toml").is_file()
    assert sorted(p.name for p in data.iterdir()) == ["cw.toml", "ij"]  # nothing left aside
    assert [s.name for s in api.stored_lists(data)] == ["ij"]
    pd.testing.assert_frame_equal(api.stored_messages("ij", data), ij_before)


def test_rename_changes_the_list_of_every_message(two_lists: Path, tmp_path: Path) -> None:
    data = two_lists
    api.prepare_analysis("ij", data)
    before = api.messages("ij", data)
    assert (before["list"] == "ij").all()

    taken = run("rename", "--list", "ij", "cw", "--data-dir", str(data))
    assert taken.returncode == 1 and "already exists" in taken.stderr
    bad = run("rename", "--list", "ij", "i/j", "--data-dir", str(data))
    assert bad.returncode == 1 and "invalid list name" in bad.stderr

    done = run("rename", "--list", "ij", "imagej", "--data-dir", str(data))
    assert done.returncode == 0, done.stderr
    assert [s.name for s in api.stored_lists(data)] == ["cw", "imagej"]
    assert not (data / "ij").exists()
    assert json.loads((data / "imagej" / "store" / "manifest.json").read_text())["list"] == "imagej"

    out = tmp_path / "renamed.parquet"
    export = run("export", "messages", "--list", "imagej", "--data-dir", str(data), "-o", str(out))
    assert export.returncode == 0, export.stderr
    after = pd.read_parquet(out)
    assert len(after) == len(before) and (after["list"] == "imagej").all()
    assert set(after["message_id"]) == set(before["message_id"])
    gone = run("info", "--list", "ij", "--data-dir", str(data))
    assert gone.returncode == 1 and "list 'ij' has no store" in gone.stderr
    assert (api.stored_messages("cw", data)["list"] == "cw").all()  # the other list untouched


def test_rename_moves_the_sources_downloaded_into_the_list_folder(
    corpora: Path, tmp_path: Path
) -> None:
    """A fetched archive lives in ``<list>/download/``: the renamed list's manifest points to
    it in its new folder, so that the next ingest finds it unchanged."""
    data = tmp_path / "data"
    download = data / "old" / "download"
    download.mkdir(parents=True)
    shutil.copy2(corpora / "clearwater-pipermail" / CLEARWATER, download / CLEARWATER)
    api.ingest(download, list_name="old", data_dir=data, workers=1)
    api.rename_list("old", "new", data)
    (source,) = api.store_info("new", data).sources
    assert source.path == str(data / "new" / "download" / CLEARWATER)
    again = api.ingest(data / "new" / "download", list_name="new", data_dir=data, workers=1)
    assert [o.status for o in again.outcomes] == ["unchanged"]


def test_a_rename_that_fails_half_way_leaves_the_old_list(
    two_lists: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from analyzer import api_lists

    data = two_lists
    before = api.stored_messages("ij", data)
    rewrite = api_lists._rewrite_partition
    calls: list[str] = []

    def second_fails(store: object, renamed: object, name: str, new: str) -> None:
        calls.append(name)
        if len(calls) == 2:
            raise StoreError("disk full")
        rewrite(store, renamed, name, new)  # type: ignore[arg-type]

    monkeypatch.setattr(api_lists, "_rewrite_partition", second_fails)
    with pytest.raises(StoreError, match="disk full"):
        api.rename_list("ij", "imagej", data)
    assert not (data / "imagej").exists()
    assert sorted(p.name for p in (data / "ij").iterdir()) == ["store"]  # nothing left beside
    pd.testing.assert_frame_equal(api.stored_messages("ij", data), before)


def test_drop_source_removes_that_month_only(two_lists: Path, corpora: Path) -> None:
    data = two_lists
    january, february = (corpora / "imagej-devel-pipermail" / name for name in IMAGEJ)
    api.prepare_analysis("ij", data)
    only_february = set(api.parse_sources([february], "ij")["message_id"])
    assert _ids("ij", data) > only_february

    done = run("drop-source", "--list", "ij", str(january), "--data-dir", str(data))
    assert done.returncode == 0, done.stderr
    assert f"Dropped {january} from list 'ij'" in done.stdout
    assert _ids("ij", data) == only_february
    (kept,) = api.store_info("ij", data).sources
    assert kept.path == str(february)
    assert sorted(p.name for p in (data / "ij" / "store" / "partitions").iterdir()) == [
        kept.partition
    ]
    assert [s.analysis_current for s in api.stored_lists(data) if s.name == "ij"] == [False]
    assert set(api.messages("ij", data)["message_id"]) == only_february  # analysed again

    last = run("drop-source", "--list", "ij", february.name, "--data-dir", str(data))
    assert last.returncode == 1 and "is the only source of list 'ij'" in last.stderr


def test_a_message_another_source_holds_comes_back(tmp_path: Path) -> None:
    """Copies of a Message-ID stay in every source's partition and the first is read: with its
    first source dropped, the copy in the other is read."""
    data = tmp_path / "data"
    first = _mbox(tmp_path / "src" / "a.mbox", ["m1", "m2", "shared"])
    second = _mbox(tmp_path / "src" / "b.mbox", ["shared", "m4"])
    api.ingest(first, list_name="x", data_dir=data, workers=1)
    api.ingest(second, list_name="x", data_dir=data, workers=1)
    stored = api.stored_messages("x", data)
    assert stored.set_index("message_id").loc["shared@example.org", "source"] == str(first)

    dropped = api.drop_source("x", "a.mbox", data)
    assert (dropped.messages_before, dropped.messages_after) == (4, 2)
    stored = api.stored_messages("x", data).set_index("message_id")
    assert set(stored.index) == {"shared@example.org", "m4@example.org"}
    assert stored.loc["shared@example.org", "source"] == str(second)
    (record,) = api.store_info("x", data).sources
    assert (record.stored, record.duplicates_across) == (2, 0)


def test_an_unknown_source_is_named_with_the_sources_there_are(two_lists: Path) -> None:
    data = two_lists
    wrong = run("drop-source", "--list", "ij", "2014-Janury.txt", "--data-dir", str(data))
    assert wrong.returncode == 1
    (line,) = wrong.stderr.strip().splitlines()
    assert line.startswith("analyzer: error: list 'ij' has no source '2014-Janury.txt'")
    assert "did you mean '2014-January.txt'?" in line and "2014-February.txt.gz" in line
    unknown_list = run("drop-source", "--list", "nope", "x", "--data-dir", str(data))
    assert unknown_list.returncode == 1 and "the lists there: cw, ij" in unknown_list.stderr
    assert len(api.store_info("ij", data).sources) == 2


def test_a_damaged_store_is_said_and_the_other_lists_listed(two_lists: Path) -> None:
    data = two_lists
    (data / "cw" / "store" / "manifest.json").write_text("{not json")
    (data / "notes").mkdir()  # a folder without a store is no list
    found = {summary.name: summary for summary in api.stored_lists(data)}
    assert list(found) == ["cw", "ij"]
    assert found["cw"].problem is not None and "manifest is damaged" in found["cw"].problem
    assert found["ij"].problem is None and found["ij"].messages > 0
    shown = run("lists", "--data-dir", str(data))
    assert shown.returncode == 0
    assert "unreadable store" in shown.stdout and "manifest is damaged" in shown.stderr


def test_a_folder_copied_by_hand_is_said_and_a_rename_gives_it_its_name(two_lists: Path) -> None:
    """``cp -r cw cw2`` keeps ``list = cw`` in every message of cw2: ``lists`` says so, and
    renaming the copy rewrites them."""
    data = two_lists
    shutil.copytree(data / "cw", data / "cw2")
    found = {summary.name: summary for summary in api.stored_lists(data)}
    assert (found["cw"].stored_as, found["cw2"].stored_as) == (None, "cw")
    shown = run("lists", "--data-dir", str(data))
    assert "list 'cw2' was stored as 'cw'" in shown.stderr
    assert (api.stored_messages("cw2", data)["list"] == "cw").all()
    api.rename_list("cw2", "cw-copy", data)
    assert (api.stored_messages("cw-copy", data)["list"] == "cw-copy").all()
    assert [s.stored_as for s in api.stored_lists(data)] == [None, None, None]


SAMPLE = Path(__file__).resolve().parents[1] / "archives" / "sample"


def _copied_lines(stderr: str) -> list[str]:
    return [line for line in stderr.splitlines() if "was stored as" in line]


def test_a_copied_folder_is_said_by_info_ingest_and_the_api(tmp_path: Path) -> None:
    """``cp -r jt jt2``: before, only ``lists`` said that jt2's messages say ``list = jt``, and
    an ingest into jt2 rewrote the manifest under the new name, so that nothing said it after.
    Now ``info``, ``ingest`` and the API say it (one line: the folder, the name, the fix) until
    a rename gives the messages one name."""
    data = tmp_path / "data"
    api.ingest(SAMPLE, list_name="jt", data_dir=data, workers=1)
    shutil.copytree(data / "jt", data / "jt2")
    with warnings.catch_warnings():
        warnings.simplefilter("error", AnalyzerWarning)
        assert api.store_info("jt", data).stored_as is None  # the original is not warned of
    with pytest.warns(AnalyzerWarning, match=r"list 'jt2' was stored as 'jt'"):
        assert api.store_info("jt2", data).stored_as == "jt"

    shown = run("info", "--list", "jt2", "--data-dir", str(data))
    assert shown.returncode == 0, shown.stderr
    (line,) = _copied_lines(shown.stderr)
    assert line.startswith("analyzer: warning: list 'jt2' was stored as 'jt': its folder ")
    assert str(data / "jt2") in line and "its messages say list = 'jt'" in line
    assert line.endswith("`analyzer rename --list jt2 NEW` gives them a name of their own")

    ingested = run("ingest", str(SAMPLE), "--list", "jt2", "--data-dir", str(data), "--no-analyze")
    assert ingested.returncode == 0, ingested.stderr
    assert _copied_lines(ingested.stderr) == [line]
    added = tmp_path / "2021-March.mbox"
    added.write_text(_message("new-one", 1) + _message("new-two", 2), "utf-8")
    with pytest.warns(AnalyzerWarning, match=r"list 'jt2' was stored as 'jt'"):
        report = api.ingest([SAMPLE, added], list_name="jt2", data_dir=data, workers=1)
    assert report.copied_warning == line.removeprefix("analyzer: warning: ")
    stored = api.stored_messages("jt2", data).set_index("message_id")["list"]
    assert stored["new-one@example.org"] == "jt2" and (stored == "jt").sum() > 50
    # the manifest written by that ingest still tells the copy: said until the rename
    assert _copied_lines(run("lists", "--data-dir", str(data)).stderr) == [line]

    api.rename_list("jt2", "jt-copy", data)
    assert (api.stored_messages("jt-copy", data)["list"] == "jt-copy").all()
    with warnings.catch_warnings():
        warnings.simplefilter("error", AnalyzerWarning)
        assert api.store_info("jt-copy", data).stored_as is None


def test_a_changed_time_zone_is_said_until_an_ingest_parses_the_list_again(
    two_lists: Path,
) -> None:
    """ux38: a ``time_zone`` set after the ingest left the store parsed without it, and nothing
    said so (``lists``: "up to date"). Every command that reads the list says it in one line,
    ``lists`` does not call it up to date, and ``ingest --list`` parses it again."""
    data = two_lists
    (data / "cw.toml").write_text('time_zone = "Europe/London"\n')
    said = (
        "analyzer: warning: list 'cw': its sources were parsed with time_zone none (UTC), but "
        "its configuration now says Europe/London: its dates are read in the old zone until "
        "`analyzer ingest --list cw` parses them again"
    )
    summary = {s.name: s for s in api.stored_lists(data)}
    assert summary["cw"].analysis_current is False and summary["ij"].zone_change is None
    shown = run("lists", "--data-dir", str(data))
    assert "to parse again (time_zone changed)" in shown.stdout.splitlines()[1]
    assert shown.stderr.splitlines() == [said]
    for command in (["authors"], ["info"]):
        read = run(*command, "--list", "cw", "--data-dir", str(data))
        assert read.returncode == 0, read.stderr
        assert read.stderr.splitlines()[0] == said, command
        assert read.stderr.count("warning") == 1, read.stderr
    with pytest.warns(StaleParseWarning, match=r"api\.ingest\(api\.source_paths\('cw'\)"):
        api.authors("cw", data)
    # A manifest written before the options were recorded says nothing (and stays readable).
    manifest = data / "cw" / "store" / "manifest.json"
    content = json.loads(manifest.read_text("utf-8"))
    recorded = {key: dict(r["parse_options"]) for key, r in content["sources"].items()}
    for record in content["sources"].values():
        record["parse_options"] = {}
    manifest.write_text(json.dumps(content), "utf-8")
    assert api.parse_zone_change("cw", data) is None
    for key, record in content["sources"].items():
        record["parse_options"] = recorded[key]
    manifest.write_text(json.dumps(content), "utf-8")

    again = run("ingest", "--list", "cw", "--data-dir", str(data))
    assert again.returncode == 0, again.stderr
    assert "1 source(s) parsed, 0 unchanged" in again.stdout
    assert api.parse_zone_change("cw", data) is None
    with warnings.catch_warnings():
        warnings.simplefilter("error", StaleParseWarning)
        api.authors("cw", data)
    assert {s.name: s.analysis_current for s in api.stored_lists(data)}["cw"] is True
