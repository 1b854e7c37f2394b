"""What a researcher's first session with the commands ran into: an output path under a file
(said before the work, naming the file in the way), topic discovery without a progress bar, a
store with a partition gone or cut short that no ingest mended, and thread subjects cut
without a mark."""

from __future__ import annotations

from pathlib import Path

import pytest
from click.testing import CliRunner

from analyzer import api
from analyzer.cli import cli
from analyzer.errors import StoreError


@pytest.fixture(scope="module")
def clearwater(corpora: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    """Two months of clearwater, stored and analysed."""
    data = tmp_path_factory.mktemp("data")
    months = [corpora / "clearwater-pipermail" / f"2016-{m}.txt" for m in ("March", "May")]
    api.ingest(months, list_name="cw", data_dir=data, workers=1)
    api.prepare_analysis("cw", data)
    return data


@pytest.mark.parametrize(
    "command",
    [
        ["export", "messages", "-o", "{file}/x.csv"],
        ["export", "authors", "-o", "{file}/sub/x.parquet"],
        ["timeline", "authors", "--freq", "M", "-o", "{file}/x.csv"],
        ["topics", "--discover", "3", "--message-topics", "{file}/x.csv"],
        ["network", "-o", "{file}/replies.graphml"],
        ["report", "-o", "{file}/report"],
    ],
)
def test_an_output_under_a_file_is_refused_first_naming_the_file(
    clearwater: Path, tmp_path: Path, command: list[str]
) -> None:
    """A file where the output's folder should be was found only when writing, after the work
    (15 s of topic discovery on twisted-python; the topics table printed, then the error), and
    said 'cannot write (File exists)'; it is one line before anything is done, naming the file."""
    in_the_way = tmp_path / "notes"
    in_the_way.write_text("a file, not a folder\n")
    args = [part.replace("{file}", str(in_the_way)) for part in command]
    said = CliRunner().invoke(cli, [*args, "--list", "cw", "--data-dir", str(clearwater)])
    assert said.exit_code == 1
    target = Path(args[args.index("-o" if "-o" in args else "--message-topics") + 1])
    written = target / "index.html" if command[0] == "report" else target
    assert str(said.exception) == f"{written}: cannot write: {in_the_way} is a file, not a folder"
    assert said.output == ""  # nothing printed before: the topics table came first
    assert in_the_way.read_text() == "a file, not a folder\n"


def test_topic_discovery_tells_how_it_goes(clearwater: Path) -> None:
    """Discovering topics took 12-21 s on twisted-python with nothing shown; it tells each
    stage, the threads read counted against their number, and finds the same topics."""
    told: list[tuple[str, int, int]] = []
    with api.discovery_progress(lambda stage, done, total: told.append((stage, done, total))):
        topics, matched = api.discovered_topics("cw", 4, seed=0, data_dir=clearwater)
    n_threads = api.threads("cw", clearwater)["thread_id"].nunique()
    assert [stage for stage, done, _ in told if done == 0] == ["names", "words", "topics"]
    assert ("words", n_threads, n_threads) in told
    assert told[-1] == ("topics", 1, 1)
    quiet = api.discovered_topics("cw", 4, seed=0, data_dir=clearwater)
    assert topics.equals(quiet[0]) and matched.equals(quiet[1])


@pytest.mark.parametrize(
    "command",
    [
        ["topics", "--discover", "4"],
        ["timeline", "topics", "--discover", "4", "--freq", "Q"],
        ["timeline", "topic", "nmf-02", "--discover", "4", "--by-author"],
        ["timeline", "author", "chris.elford@metaswitch.com", "--discover", "4"],
        ["network", "--topic", "nmf-01", "--discover", "4", "-o", "{tmp}/n.graphml"],
    ],
)
def test_commands_that_discover_topics_show_a_progress_bar(
    clearwater: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, command: list[str]
) -> None:
    """The bar (hidden when not a terminal) is told the discovery's stages by every command
    that takes --discover."""
    shown: list[str] = []
    monkeypatch.setattr(
        "analyzer.cli_common.StageBar.__call__",
        lambda bar, stage, done, total: shown.append(f"{bar.doing} {bar.list_name}: {stage}"),
    )
    args = [part.replace("{tmp}", str(tmp_path)) for part in command]
    said = CliRunner().invoke(cli, [*args, "--list", "cw", "--data-dir", str(clearwater)])
    assert said.exit_code == 0, said.output
    assert "discover 4 topics in cw: words" in shown
    assert shown[-1] == "discover 4 topics in cw: topics"


def _damaged_store(corpora: Path, data: Path) -> tuple[list[Path], int]:
    """Three clearwater months stored, then one partition deleted and one cut short (a disk
    that filled, a file removed by hand): the sources and the store's message count."""
    months = [corpora / "clearwater-pipermail" / f"2016-{m}.txt" for m in ("March", "May", "June")]
    api.ingest(months, list_name="cw", data_dir=data, workers=1)
    stored = len(api.stored_messages("cw", data))
    partitions = sorted((data / "cw" / "store" / "partitions").glob("*.parquet"))
    [march] = [p for p in partitions if p.name.startswith("2016-March")]
    [may] = [p for p in partitions if p.name.startswith("2016-May")]
    march.unlink()
    may.write_bytes(may.read_bytes()[:4000])
    return months, stored


def test_an_ingest_stores_again_a_source_whose_partition_is_gone_or_cut_short(
    corpora: Path, tmp_path: Path
) -> None:
    """The sources were unchanged, so the ingest passed over them, and every command then
    failed on the partition ('partition cannot be read'), ingest included: a store that only
    drop-source and a named re-ingest could mend. They are parsed again."""
    months, stored = _damaged_store(corpora, tmp_path)
    report = api.ingest(months, list_name="cw", data_dir=tmp_path, workers=1)
    status = {Path(o.path).name: o.status for o in report.outcomes}
    assert status == {
        "2016-March.txt": "ingested",
        "2016-May.txt": "ingested",
        "2016-June.txt": "unchanged",
    }
    assert len(api.stored_messages("cw", tmp_path)) == stored
    assert api.store_info("cw", tmp_path).unique_messages == stored


def test_ingest_with_no_source_mends_a_damaged_store(corpora: Path, tmp_path: Path) -> None:
    """``ingest --list`` alone read the stored sources through the partitions it was to mend."""
    _, stored = _damaged_store(corpora, tmp_path)
    said = CliRunner().invoke(cli, ["ingest", "--list", "cw", "--data-dir", str(tmp_path)])
    assert said.exit_code == 0, said.output
    assert "2 source(s) parsed, 1 unchanged and skipped" in said.output
    assert len(api.stored_messages("cw", tmp_path)) == stored


def test_threads_marks_the_subjects_it_cuts(clearwater: Path) -> None:
    """Subjects longer than 60 characters were cut there without a mark, so that '502 Bad
    Gateway and other errors while' read as a whole subject; the cut ones end with '…'."""
    said = CliRunner().invoke(
        cli, ["threads", "--list", "cw", "--limit", "30", "--data-dir", str(clearwater)]
    )
    assert said.exit_code == 0, said.output
    threads = api.threads("cw", clearwater)
    long = [s for s in threads["subject"].dropna() if len(s) > 60]
    shown = [s[:59] + "…" for s in long if s[:59] + "…" in said.output]
    assert shown  # clearwater's '[Project Clearwater] ...' subjects run past 60
    assert not [s for s in long if s[:60] in said.output and s[:59] + "…" not in said.output]


def test_a_partition_damaged_inside_says_how_to_store_its_source_again(
    corpora: Path, tmp_path: Path
) -> None:
    """A partition whose both ends are whole but whose inside is damaged is not parsed again
    by the next ingest; the one-line error names the file and the two commands that mend the
    list (the researcher's review, ux26)."""
    months = [corpora / "clearwater-pipermail" / f"2016-{m}.txt" for m in ("March", "May")]
    api.ingest(months, list_name="cw", data_dir=tmp_path, workers=1)
    [may] = sorted((tmp_path / "cw" / "store" / "partitions").glob("2016-May*.parquet"))
    data = bytearray(may.read_bytes())
    data[100:2000] = bytes(1900)
    may.write_bytes(bytes(data))
    with pytest.raises(StoreError) as raised:
        api.stored_messages("cw", tmp_path)
    assert may.name in str(raised.value) and "`analyzer ingest --force`" in str(raised.value)


def test_a_forced_ingest_mends_a_partition_damaged_inside(corpora: Path, tmp_path: Path) -> None:
    """The mend the error names: ``ingest --force`` parses the unchanged sources again, even the
    one whose partition cannot be read (its Message-IDs, needed to count duplicates across
    sources, are read from the new partition)."""
    months = [corpora / "clearwater-pipermail" / f"2016-{m}.txt" for m in ("March", "May")]
    api.ingest(months, list_name="cw", data_dir=tmp_path, workers=1)
    stored = api.stored_messages("cw", tmp_path)
    [may] = sorted((tmp_path / "cw" / "store" / "partitions").glob("2016-May*.parquet"))
    data = bytearray(may.read_bytes())
    data[100:2000] = bytes(1900)
    may.write_bytes(bytes(data))
    again = api.ingest(months, list_name="cw", data_dir=tmp_path, workers=1)
    assert {o.status for o in again.outcomes} == {"unchanged"}  # the ends are whole
    with pytest.raises(StoreError):
        api.stored_messages("cw", tmp_path)

    said = CliRunner().invoke(
        cli, ["ingest", "--list", "cw", "--data-dir", str(tmp_path), "--force", "--no-analyze"]
    )
    assert said.exit_code == 0, said.output
    assert "2 source(s) parsed, 0 unchanged and skipped" in said.output
    mended = api.stored_messages("cw", tmp_path)
    assert len(mended) == len(stored) > 0
    assert sorted(mended["message_id"]) == sorted(stored["message_id"])
    assert api.store_info("cw", tmp_path).unique_messages == len(stored)
