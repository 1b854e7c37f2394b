"""The store: idempotent, incremental, de-duplicated, and safe when an ingest is interrupted."""

from __future__ import annotations

import gzip
import json
import os
import pickle
import re
import shutil
from pathlib import Path

import pandas as pd
import pyarrow.parquet as pq
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from test_cli import run

from analyzer import api
from analyzer import ingest as ingest_module
from analyzer.errors import SourceError, StoreError
from analyzer.fetch.http import FetchError
from analyzer.ingest import PARSER_VERSION, IngestReport, ParseOptions, ingest, parse_source
from analyzer.readers import mbox
from analyzer.readers.compression import SourceBytes, read_source_bytes
from analyzer.store import MessageStore


def _copy_months(corpora: Path, target: Path, names: list[str]) -> list[Path]:
    target.mkdir(parents=True, exist_ok=True)
    return [Path(shutil.copy2(corpora / "imagej-devel-pipermail" / n, target / n)) for n in names]


MONTHS = ["2014-January.txt", "2014-February.txt", "2014-March.txt"]


def _store_ids(data_dir: Path, name: str) -> list[str]:
    return sorted(MessageStore(data_dir, name).read_messages().message_id)


def _figures(report: IngestReport) -> dict[str, tuple[int, int, int, int | None, int]]:
    """Per source: found, stored, duplicates within it and across sources, rejected."""
    return {
        Path(o.path).name: (r.separators, r.stored, r.duplicates, r.duplicates_across, r.rejected)
        for o in report.outcomes
        if (r := o.record) is not None
    }


def test_twisted_python_duplicates_are_stored_once(corpora: Path, tmp_path: Path) -> None:
    report = ingest(
        [corpora / "twisted-python-pipermail-gz"],
        data_dir=tmp_path,
        options=ParseOptions("twisted"),
    )
    assert len(report.outcomes) == 248
    found = report.total("separators")
    stored = report.total("stored")
    within = report.total("duplicates")
    across = report.total("duplicates_across")
    assert found == 65706
    assert (stored, within, across, report.total("rejected")) == (33242, 32401, 63, 0)
    assert found == stored + within + across
    messages = MessageStore(tmp_path, "twisted").read_messages()
    # Every Message-ID once: the archive holds most months twice over.
    assert messages.message_id.is_unique
    # 32,510 distinct bracketed Message-IDs plus 733 bare ones (Trac's weekly summaries write
    # "Message-ID: 1483859118.96...@twistedmatrix.com"), one of the former only in a body.
    assert len(messages) == stored == 33242
    assert messages.message_id.str.endswith("@twistedmatrix.com").sum() > 733
    # The 1945-February message sits in 2002-October as well (one of its 6 across).
    figures = _figures(report)
    assert figures["1945-February.txt.gz"] == (2, 2, 0, 0, 0)
    assert figures["2002-October.txt.gz"] == (769, 382, 381, 6, 0)
    assert sum(1 for f in figures.values() if f[3]) == 36
    # Ingested again, nothing changed: the same figures, source by source; info agrees.
    again = ingest(
        [corpora / "twisted-python-pipermail-gz"],
        data_dir=tmp_path,
        options=ParseOptions("twisted"),
    )
    assert {o.status for o in again.outcomes} == {"unchanged"}
    assert _figures(again) == figures
    info = api.store_info("twisted", tmp_path)
    assert info.total("stored") == info.unique_messages == 33242
    assert info.total("duplicates_across") == 63


BOTH = ["2014-January.txt", "2014-January.txt.gz", "2014-February.txt", "2014-February.txt.gz"]


def test_the_same_months_as_txt_and_txt_gz_count_alike_on_every_ingest(
    corpora: Path, tmp_path: Path
) -> None:
    folder = corpora / "imagej-devel-pipermail"
    sources = [folder / name for name in [*BOTH, "2014-March.txt.gz"]]
    first = ingest(sources, data_dir=tmp_path, options=ParseOptions("ij"), workers=1)
    # Each .txt comes before its .txt.gz and stores the month; the .txt.gz holds only copies.
    figures = {
        "2014-January.txt": (49, 49, 0, 0, 0),
        "2014-January.txt.gz": (49, 0, 0, 49, 0),
        "2014-February.txt": (37, 37, 0, 0, 0),
        "2014-February.txt.gz": (37, 0, 0, 37, 0),
        "2014-March.txt.gz": (27, 27, 0, 0, 0),
    }
    assert _figures(first) == figures
    again = ingest(sources, data_dir=tmp_path, options=ParseOptions("ij"), workers=1)
    assert {o.status for o in again.outcomes} == {"unchanged"}
    assert _figures(again) == figures
    info = api.store_info("ij", tmp_path)
    unique: set[str] = set()
    for path in sources:
        unique.update(parse_source(path, ParseOptions("ij"))[0]["message_id"].to_pylist())
    assert info.total("stored") == info.unique_messages == len(unique) == 113
    assert info.total("duplicates_across") == 86
    # The copies stay in their partitions: what a reader drops, not what is written.
    store = MessageStore(tmp_path, "ij")
    for record in store.read_manifest().values():
        rows = pq.read_metadata(store.partitions_dir / record.partition).num_rows
        assert rows == record.rows == record.stored + (record.duplicates_across or 0)


def test_a_copy_stored_later_never_replaces_the_first(corpora: Path, tmp_path: Path) -> None:
    """The source stored first keeps its messages, whatever the paths' order: a second copy of
    a month (its HTML pages, with no time zones, say) ingested later adds nothing and replaces
    nothing (it took over the month when its path sorted first, and said "49 new")."""
    txt, gz = _copy_months(corpora, tmp_path / "src", BOTH[:2])
    ingest([gz], data_dir=tmp_path, options=ParseOptions("ij"), workers=1)
    first_copies = _store_sources(tmp_path, "ij")
    report = ingest([txt, gz], data_dir=tmp_path, options=ParseOptions("ij"), workers=1)
    assert [o.status for o in report.outcomes] == ["ingested", "unchanged"]
    assert [o.new for o in report.outcomes] == [0, None]
    assert _figures(report) == {
        "2014-January.txt": (49, 0, 0, 49, 0),
        "2014-January.txt.gz": (49, 49, 0, 0, 0),
    }
    assert _store_sources(tmp_path, "ij") == first_copies
    # The .txt becomes another month: its messages are new, the .txt.gz's stay its own.
    shutil.copy(corpora / "imagej-devel-pipermail" / "2014-February.txt", txt)
    report = ingest([txt, gz], data_dir=tmp_path, options=ParseOptions("ij"), workers=1)
    assert [o.new for o in report.outcomes] == [37, None]
    assert _figures(report) == {
        "2014-January.txt": (37, 37, 0, 0, 0),
        "2014-January.txt.gz": (49, 49, 0, 0, 0),
    }
    assert api.store_info("ij", tmp_path).total("stored") == len(_store_ids(tmp_path, "ij")) == 86


def _store_sources(data_dir: Path, list_name: str) -> dict[str, str]:
    """Which source each stored message is read from."""
    table = MessageStore(data_dir, list_name).read_first_copies(["message_id", "source"])
    return dict(zip(table["message_id"].to_pylist(), table["source"].to_pylist(), strict=True))


def test_a_grown_month_counts_only_its_new_messages_as_new(corpora: Path, tmp_path: Path) -> None:
    """Pipermail's current month grows: ingested again, it brings only the messages it did not
    hold (it said all of them were new)."""
    month = corpora / "clearwater-pipermail" / "2016-May.txt"
    text = month.read_text("utf-8", errors="surrogateescape")
    starts = [m.start() for m in re.finditer(r"^From \S+ at \S+ ", text, flags=re.M)]
    grown = tmp_path / "src" / month.name
    grown.parent.mkdir()
    grown.write_text(text[: starts[34]], "utf-8", errors="surrogateescape")
    first = ingest([grown], data_dir=tmp_path, options=ParseOptions("cw"), workers=1)
    assert [o.new for o in first.outcomes] == [34]
    shutil.copy(month, grown)
    again = ingest([grown], data_dir=tmp_path, options=ParseOptions("cw"), workers=1)
    assert [(o.status, o.new) for o in again.outcomes] == [("ingested", len(starts) - 34)]


def test_a_manifest_without_duplicates_across_is_counted_when_read_and_on_the_next_ingest(
    corpora: Path, tmp_path: Path
) -> None:
    sources = [corpora / "imagej-devel-pipermail" / name for name in BOTH[:2]]
    ingest(sources, data_dir=tmp_path, options=ParseOptions("ij"), workers=1)
    store = MessageStore(tmp_path, "ij")
    # As an older store wrote it: no duplicates_across, and stored the rows of the partition.
    content = json.loads(store.manifest_path.read_text("utf-8"))
    for record in content["sources"].values():
        record["stored"] += record.pop("duplicates_across")
    store.manifest_path.write_text(json.dumps(content), "utf-8")
    assert {r.duplicates_across for r in store.read_manifest().values()} == {None}
    info = api.store_info("ij", tmp_path)
    assert [(r.stored, r.duplicates_across) for r in info.sources] == [(49, 0), (0, 49)]
    assert info.total("stored") == info.unique_messages == 49
    report = ingest(sources, data_dir=tmp_path, options=ParseOptions("ij"), workers=1)
    assert [o.status for o in report.outcomes] == ["unchanged", "unchanged"]
    assert _figures(report) == {
        "2014-January.txt": (49, 49, 0, 0, 0),
        "2014-January.txt.gz": (49, 0, 0, 49, 0),
    }
    counted = [(r.stored, r.duplicates_across) for r in store.read_manifest().values()]
    assert sorted(counted) == [(0, 49), (49, 0)]


def test_reingest_unchanged_parses_nothing(
    corpora: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    months = _copy_months(corpora, tmp_path / "src", MONTHS)
    ingest(months, data_dir=tmp_path, options=ParseOptions("ij"), workers=1)
    before = _store_ids(tmp_path, "ij")

    def fail(*args: object, **kwargs: object) -> None:
        raise AssertionError("an unchanged source was parsed again")

    monkeypatch.setattr(ingest_module, "_parse_and_write", fail)
    report = ingest(months, data_dir=tmp_path, options=ParseOptions("ij"), workers=1)
    assert [o.status for o in report.outcomes] == ["unchanged"] * 3
    assert _store_ids(tmp_path, "ij") == before


def _zone_defects(data_dir: Path, name: str) -> dict[str, int]:
    frame = MessageStore(data_dir, name).read_messages()
    found: dict[str, int] = {}
    for defects in frame.defects:
        for defect in defects:
            if "no time zone" in defect:
                found[defect] = found.get(defect, 0) + 1
    return found


def test_changing_the_list_time_zone_or_charset_parses_again(
    twisted_html_tree: Path, tmp_path: Path
) -> None:
    """The list's ``time_zone`` (in ``<data-dir>/<list>.toml``) reaches zone-less Date headers,
    and changing it, or ``charset``, parses every source again instead of "Nothing changed"."""
    reality = twisted_html_tree / "reality"
    store = MessageStore(tmp_path, "reality")
    first = api.ingest(reality, list_name="reality", data_dir=tmp_path, workers=1)
    assert {o.status for o in first.outcomes} == {"ingested"}
    assert _zone_defects(tmp_path, "reality") == {"date has no time zone; taken as UTC": 45}
    exarkun = "20040404063306.24283.904559571.divmod.quotient.14@ohm"
    dates = store.read_messages().set_index("message_id")["date"]
    assert dates[exarkun] == pd.Timestamp("2004-04-03 23:40:24", tz="UTC")
    old_partitions = {r.partition for r in store.read_manifest().values()}

    (tmp_path / "reality.toml").write_text('time_zone = "America/Denver"\n')
    second = api.ingest(reality, list_name="reality", data_dir=tmp_path, workers=1)
    assert [o.status for o in second.outcomes] == ["ingested"] * len(first.outcomes)
    assert _zone_defects(tmp_path, "reality") == {
        "date has no time zone; read in the list's time zone America/Denver": 44,
        "date has no time zone; in the list's time zone America/Denver it falls 7.5 h after "
        "the message reached the server: used the separator's date": 1,
    }
    dates = store.read_messages().set_index("message_id")["date"]
    assert dates[exarkun] == pd.Timestamp("2004-04-04 06:40:24", tz="UTC")
    records = store.read_manifest()
    assert {json.dumps(r.parse_options, sort_keys=True) for r in records.values()} == {
        f'{{"parser": "{PARSER_VERSION}", "time_zone": "America/Denver"}}'
    }
    # New partitions beside the old ones, which go once the manifest no longer names them.
    partitions = {r.partition for r in records.values()}
    assert not partitions & old_partitions
    assert {p.name for p in store.partitions_dir.iterdir()} == partitions

    again = api.ingest(reality, list_name="reality", data_dir=tmp_path, workers=1)
    assert {o.status for o in again.outcomes} == {"unchanged"}
    (tmp_path / "reality.toml").write_text('time_zone = "America/Denver"\ncharset = "latin-1"\n')
    third = api.ingest(reality, list_name="reality", data_dir=tmp_path, workers=1)
    assert {o.status for o in third.outcomes} == {"ingested"}
    (tmp_path / "reality.toml").unlink()
    back = api.ingest(reality, list_name="reality", data_dir=tmp_path, workers=1)
    assert {o.status for o in back.outcomes} == {"ingested"}
    assert _zone_defects(tmp_path, "reality") == {"date has no time zone; taken as UTC": 45}
    assert {r.partition for r in store.read_manifest().values()} == old_partitions


def test_a_store_made_by_an_older_parser_is_parsed_again_once(
    corpora: Path, tmp_path: Path
) -> None:
    """Manifests written before the parser's version was recorded (no parse options at all, or
    an older version): their sources are parsed again at the next ingest, once, so that no store
    keeps what an older parser made of its files."""
    months = _copy_months(corpora, tmp_path / "src", MONTHS)
    ingest(months, data_dir=tmp_path, options=ParseOptions("ij"), workers=1)
    store = MessageStore(tmp_path, "ij")
    for old in ({}, {"parser": str(PARSER_VERSION - 1)}):
        content = json.loads(store.manifest_path.read_text("utf-8"))
        for record in content["sources"].values():
            assert record["parse_options"] == {"parser": str(PARSER_VERSION)}
            record["parse_options"] = old
        store.manifest_path.write_text(json.dumps(content), "utf-8")
        report = ingest(months, data_dir=tmp_path, options=ParseOptions("ij"), workers=1)
        assert {o.status for o in report.outcomes} == {"ingested"}
        report = ingest(months, data_dir=tmp_path, options=ParseOptions("ij"), workers=1)
        assert {o.status for o in report.outcomes} == {"unchanged"}
    zoned = ParseOptions("ij", server_time_zone="Europe/Berlin")
    report = ingest(months, data_dir=tmp_path, options=zoned, workers=1)
    assert {o.status for o in report.outcomes} == {"ingested"}


def test_changed_month_replaces_its_partition(corpora: Path, tmp_path: Path) -> None:
    months = _copy_months(corpora, tmp_path / "src", MONTHS)
    ingest(months, data_dir=tmp_path, options=ParseOptions("ij"), workers=1)
    store = MessageStore(tmp_path, "ij")
    first_partitions = {r.partition for r in store.read_manifest().values()}
    # A month that grows by one message (the archive's current month).
    extra = (
        b"From new at example.org  Fri Jan 31 23:00:00 2014\nFrom: new at example.org (New Person)\n"
        b"Date: Fri, 31 Jan 2014 23:00:00 +0000\nSubject: late\nMessage-ID: <late@example.org>\n\nlate\n\n"
    )
    with open(months[0], "ab") as fh:
        fh.write(extra)
    report = ingest(months, data_dir=tmp_path, options=ParseOptions("ij"), workers=1)
    assert [o.status for o in report.outcomes] == ["ingested", "unchanged", "unchanged"]
    assert report.outcomes[0].record is not None and report.outcomes[0].record.stored == 50
    partitions = {r.partition for r in store.read_manifest().values()}
    assert len(partitions - first_partitions) == 1
    assert sorted(p.name for p in store.partitions_dir.iterdir()) == sorted(partitions)
    assert "late@example.org" in _store_ids(tmp_path, "ij")


def test_interrupted_ingest_keeps_store_and_next_run_finishes(
    corpora: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    months = _copy_months(corpora, tmp_path / "src", MONTHS)
    clean_dir = tmp_path / "clean"
    ingest(months, data_dir=clean_dir, options=ParseOptions("ij"), workers=1)
    expected = _store_ids(clean_dir, "ij")

    real = ingest_module._parse_and_write
    calls = {"n": 0}

    def crash_on_third(*args: object, **kwargs: object) -> object:
        calls["n"] += 1
        if calls["n"] == 3:
            raise KeyboardInterrupt  # the user pressed Ctrl-C while month 3 was parsed
        return real(*args, **kwargs)  # type: ignore[arg-type]

    monkeypatch.setattr(ingest_module, "_parse_and_write", crash_on_third)
    with pytest.raises(KeyboardInterrupt):
        ingest(months, data_dir=tmp_path, options=ParseOptions("ij"), workers=1)
    partial = _store_ids(tmp_path, "ij")
    assert 0 < len(partial) < len(expected)
    monkeypatch.setattr(ingest_module, "_parse_and_write", real)
    report = ingest(months, data_dir=tmp_path, options=ParseOptions("ij"), workers=1)
    assert [o.status for o in report.outcomes] == ["unchanged", "unchanged", "ingested"]
    assert _store_ids(tmp_path, "ij") == expected


def test_bad_source_leaves_store_as_it_was(corpora: Path, tmp_path: Path) -> None:
    months = _copy_months(corpora, tmp_path / "src", MONTHS[:1])
    ingest(months, data_dir=tmp_path, options=ParseOptions("ij"), workers=1)
    before = _store_ids(tmp_path, "ij")
    manifest_before = (MessageStore(tmp_path, "ij").manifest_path).read_bytes()
    junk = tmp_path / "src" / "notes.txt"
    junk.write_text("no mail here\n")
    report = ingest([junk], data_dir=tmp_path, options=ParseOptions("ij"), workers=1)
    assert report.outcomes[0].status == "failed"
    assert "notes.txt: is not a mail archive" in (report.outcomes[0].error or "")
    assert _store_ids(tmp_path, "ij") == before
    assert MessageStore(tmp_path, "ij").manifest_path.read_bytes() == manifest_before
    with pytest.raises(SourceError, match="missing.txt"):
        ingest([tmp_path / "missing.txt"], data_dir=tmp_path, options=ParseOptions("ij"))


def test_truncated_gz_keeps_what_precedes_and_reports_it(corpora: Path, tmp_path: Path) -> None:
    packed = gzip.compress((corpora / "imagej-devel-pipermail" / "2014-January.txt").read_bytes())
    broken = tmp_path / "2014-January.txt.gz"
    broken.write_bytes(packed[: len(packed) * 2 // 3])
    report = ingest([broken], data_dir=tmp_path, options=ParseOptions("ij"), workers=1)
    record = report.outcomes[0].record
    assert record is not None and 0 < record.stored < 49
    assert any("truncated" in d for d in record.source_defects)
    assert report.failed  # the CLI exits non-zero for it


def test_second_ingest_of_the_same_list_is_refused_while_one_runs(tmp_path: Path) -> None:
    store = MessageStore(tmp_path, "busy")
    with (
        store.writing(),
        pytest.raises(StoreError, match=f"pid {os.getpid()}"),
        MessageStore(tmp_path, "busy").writing(),
    ):
        pass


def test_process_pool_gives_the_same_store(corpora: Path, tmp_path: Path) -> None:
    months = _copy_months(corpora, tmp_path / "src", MONTHS)
    ingest(months, data_dir=tmp_path / "one", options=ParseOptions("ij"), workers=1)
    ingest(months, data_dir=tmp_path / "two", options=ParseOptions("ij"), workers=2)
    one = MessageStore(tmp_path / "one", "ij").read_messages().sort_values("message_id")
    two = MessageStore(tmp_path / "two", "ij").read_messages().sort_values("message_id")
    assert one.drop(columns=[]).reset_index(drop=True).equals(two.reset_index(drop=True))


def test_a_partition_from_an_older_store_reads_with_the_missing_column_empty(
    corpora: Path, tmp_path: Path
) -> None:
    months = _copy_months(corpora, tmp_path / "src", MONTHS[:2])
    ingest(months, data_dir=tmp_path, options=ParseOptions("ij"), workers=1)
    store = MessageStore(tmp_path, "ij")
    current = store.read_first_copies()
    older = store.partition_paths()[0]
    table = pq.read_table(older)
    pq.write_table(table.drop_columns(["attachments"]), older)  # as written before it existed
    read = store.read_first_copies()
    assert read.schema.equals(current.schema)
    n_older = table.num_rows
    assert read.column("attachments")[:n_older].null_count == n_older
    assert read.drop_columns(["attachments"]).equals(current.drop_columns(["attachments"]))
    assert read.column("attachments")[n_older:].equals(current.column("attachments")[n_older:])


def test_invalid_list_name_is_refused(tmp_path: Path) -> None:
    with pytest.raises(StoreError, match="invalid list name"):
        MessageStore(tmp_path, "../escape")


def test_every_corpus_set_ingests_with_counts_that_add_up(corpora: Path, tmp_path: Path) -> None:
    sets = {
        "clearwater-pipermail": 1809,
        "imagej-devel-pipermail": 2718,
        "openbmc-mbox-2019": 3922,
        "usrp-users-mbox": 634,
        "bigbang-testdata": 164 + 6 + 109,
        "perceval-testdata": 26,
        "hyperkitty-testdata": 20,
        "ietf-mailarchive-testdata": 136,  # mailbox_from: 14 messages (7 before they were split)
    }
    report = ingest(
        [corpora / name for name in sets], data_dir=tmp_path, options=ParseOptions("all")
    )
    assert not report.failed
    found: dict[str, int] = dict.fromkeys(sets, 0)
    for outcome in report.outcomes:
        record = outcome.record
        assert record is not None
        assert record.duplicates_across is not None
        assert record.separators == (
            record.stored + record.duplicates + record.duplicates_across + record.rejected
        )
        found[Path(record.path).relative_to(corpora).parts[0]] += record.separators
    assert found == sets
    # What the folders hold besides mail is passed over, and said so.
    assert {Path(p).name for p in report.skipped} >= {"mail_bad.1", "from-header-variations.txt"}
    messages = MessageStore(tmp_path, "all").read_messages()
    assert messages.message_id.is_unique
    assert messages.body.map(len).gt(0).mean() > 0.99


def test_gzip_of_several_members_reads_whole_and_trailing_junk_is_reported(
    corpora: Path, tmp_path: Path
) -> None:
    plain = (corpora / "imagej-devel-pipermail" / "2014-January.txt").read_bytes()
    half = len(plain) // 2
    members = tmp_path / "members.txt.gz"
    members.write_bytes(gzip.compress(plain[:half]) + gzip.compress(plain[half:]) + b"\0" * 64)
    assert read_source_bytes(members) == SourceBytes(plain, "gzip", [])
    junk = tmp_path / "junk.txt.gz"
    junk.write_bytes(gzip.compress(plain) + b"not gzip")
    read = read_source_bytes(junk)
    assert read.data == plain
    assert read.defects == ["8 trailing bytes after the gzip stream were ignored"]


_ENVELOPES = [
    b"From a at b.org  Mon May  2 07:16:59 2016",
    b"From x@y Sun, 15 Aug 1999 02:37:17 -0400",
]
_LINES = st.sampled_from(
    [*_ENVELOPES, b"From here on", b"From:", b"Subject: s", b"x-y: z", b"", b" folded", b"body"]
)


@given(st.lists(_LINES, max_size=30), st.booleans())
@settings(max_examples=300, deadline=None)
def test_from_lines_are_separators_when_a_header_follows(
    lines: list[bytes], last_newline: bool
) -> None:
    """One regex pass finds what a line-by-line reading finds: a separator is a "From " line
    that looks like an envelope and is followed by a header line; other "From " lines count."""
    data = b"\n".join(lines) + (b"\n" if last_newline else b"")
    split = mbox.split_from_separated(data)
    found = data.split(b"\n")
    offsets = [0]
    for line in found:
        offsets.append(offsets[-1] + len(line) + 1)
    separators = [
        i
        for i, line in enumerate(found[:-1])
        if mbox._SEPARATOR.fullmatch(line) and re.match(rb"[!-9;-~]+:", found[i + 1])
    ]
    from_lines = sum(line.startswith(b"From ") for line in found)
    assert [start for start, _, _ in split.spans] == [offsets[i + 1] for i in separators]
    assert [envelope for _, _, envelope in split.spans] == [
        found[i][5:].decode("latin-1").strip() for i in separators
    ]
    ends = [offsets[i] for i in separators[1:]] + [len(data)] * bool(separators)
    assert [end for _, end, _ in split.spans] == ends
    assert split.false_separators == from_lines - len(separators)
    assert split.preamble == (data[: offsets[separators[0]]] if separators else data)


def test_a_bad_source_in_the_process_pool_fails_alone(corpora: Path, tmp_path: Path) -> None:
    """With two workers (the default on any 2-core machine), a file that is no archive is
    named with its own problem and the good months are stored: its error, pickled back from
    the worker, broke the pool and failed every source of the run, each 'ended abruptly'."""
    months = [corpora / "clearwater-pipermail" / f"2016-{m}.txt" for m in ("May", "June")]
    folder = tmp_path / "months"
    folder.mkdir()
    for month in months:
        (folder / month.name).write_bytes(month.read_bytes())
    (folder / "2016-July.txt").write_text("<html><body>404 Not Found</body></html>\n")
    report = api.ingest(folder, list_name="mixed", data_dir=tmp_path / "data", workers=2)
    status = {Path(o.path).name: (o.status, o.error or "") for o in report.outcomes}
    assert status["2016-May.txt"][0] == status["2016-June.txt"][0] == "ingested"
    assert status["2016-July.txt"][0] == "failed"
    assert "is not a mail archive" in status["2016-July.txt"][1]
    assert api.store_info("mixed", tmp_path / "data").unique_messages == 113
    printed = run("ingest", str(folder), "--list", "cli", "--data-dir", str(tmp_path / "data"))
    assert printed.returncode == 1
    assert printed.stderr.strip().splitlines() == [
        f"analyzer: error: {folder / '2016-July.txt'}: is not a mail archive (no From_ "
        "separator, MMDF delimiter, mail header or Pipermail page found)"
    ]
    assert "2 source(s) parsed, 0 unchanged and skipped, 1 failed: " in printed.stdout
    for error in (SourceError("a.txt", "is empty"), FetchError("http://x", "gone", 410)):
        again = pickle.loads(pickle.dumps(error))
        assert (type(again), str(again), vars(again)) == (type(error), str(error), vars(error))
