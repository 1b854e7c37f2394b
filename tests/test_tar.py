"""Tar archives as sources: read member by member as the folder they pack, never as one stream.

Before, a tar was taken for one file: the twisted HTML tarball for "a single Pipermail page", a
tar of two monthly .txt files for an mbox (48 of 50 messages, one glued to a tar header), a plain
tar of an mbox for "not a mail archive".
"""

from __future__ import annotations

import gzip
import io
import json
import shutil
import subprocess
import sys
import tarfile
import time
from pathlib import Path

import pandas as pd
import pytest

from analyzer import api
from analyzer.errors import SourceError
from analyzer.ingest import ParseOptions, ingest, parse_source
from analyzer.readers import CUT_SHORT_DEFECT, discover_sources, read_source
from analyzer.readers.tar import looks_like_tar
from analyzer.store import MessageStore

TARBALL = "twisted-pipermail-html.tar.gz"
CLEARWATER_MONTHS = ("2015-July.txt", "2015-August.txt")


def _tar(target: Path, members: dict[str, bytes], mode: str = "w:gz") -> Path:
    """A tar at ``target`` holding ``members`` (path inside the tar: content), in that order."""
    target.parent.mkdir(parents=True, exist_ok=True)
    with tarfile.open(target, mode) as archive:
        for name, content in members.items():
            info = tarfile.TarInfo(name)
            info.size = len(content)
            info.mtime = 1_500_000_000
            archive.addfile(info, io.BytesIO(content))
    return target


def _clearwater(corpora: Path) -> dict[str, bytes]:
    folder = corpora / "clearwater-pipermail"
    return {
        f"clearwater-pipermail/{name}": (folder / name).read_bytes() for name in CLEARWATER_MONTHS
    }


def _stored(sources: list[Path], data_dir: Path, name: str, workers: int = 1) -> pd.DataFrame:
    api.ingest(sources, list_name=name, data_dir=data_dir, workers=workers)
    return api.messages(name, data_dir).set_index("message_id").sort_index()


def _same_messages(in_tar: pd.DataFrame, unpacked: pd.DataFrame, tar: Path, folder: Path) -> None:
    """The same messages with the same values, their sources the same files, named under the
    tar instead of the folder."""
    assert list(in_tar.index) == list(unpacked.index)
    assert (
        in_tar["source"].str.removeprefix(f"{tar}/")
        == unpacked["source"].str.removeprefix(f"{folder}/")
    ).all()
    assert in_tar["source"].str.startswith(f"{tar}/").all()
    pd.testing.assert_frame_equal(
        in_tar.drop(columns=["source", "list"]), unpacked.drop(columns=["source", "list"])
    )


def test_the_html_tarball_gives_the_messages_of_its_unpacked_tree(
    corpora: Path, twisted_html_tree: Path, tmp_path: Path
) -> None:
    """The real tarball (two lists: Pipermail period folders beside their .txt and .txt.gz)
    is read as its unpacked folder is: each period once, the same 1,873 messages found and
    1,055 stored, the same 28 attachment files passed over."""
    tarball = corpora / TARBALL
    in_tar = ingest([tarball], data_dir=tmp_path / "tar", options=ParseOptions("t"), workers=1)
    unpacked = ingest(
        [twisted_html_tree.parent], data_dir=tmp_path / "dir", options=ParseOptions("t"), workers=1
    )
    assert not in_tar.failed and not unpacked.failed
    (outcome,) = in_tar.outcomes
    assert outcome.record is not None
    assert (outcome.record.separators, outcome.record.stored, outcome.record.rejected) == (
        1873,
        1055,
        0,
    )
    assert outcome.record.separators == unpacked.total("separators")
    assert outcome.record.stored == unpacked.total("stored") == 1055
    assert outcome.record.reader.startswith("tar:")
    root = twisted_html_tree.parent
    assert sorted(p.removeprefix(f"{tarball}/") for p in in_tar.skipped) == sorted(
        str(Path(p).relative_to(root)) for p in unpacked.skipped
    )
    assert len(in_tar.skipped) == 28
    tar_messages = api.messages("t", tmp_path / "tar").set_index("message_id").sort_index()
    dir_messages = api.messages("t", tmp_path / "dir").set_index("message_id").sort_index()
    _same_messages(tar_messages, dir_messages, tarball, root)


def test_html_pages_in_a_tar_read_as_the_folder_of_pages(
    twisted_html_tree: Path, tmp_path: Path
) -> None:
    """A tar of the four twisted-python months' pages alone (no .txt to prefer): the pages are
    read as a Pipermail HTML tree, with thread.html's threading; each message's source names
    the tar and its page."""
    months = ("1945-February", "2003-April", "2010-March", "2016-March")
    pages = tmp_path / "pages"
    for month in months:
        shutil.copytree(twisted_html_tree / "twisted-python" / month, pages / month)
    tar = tmp_path / "pages.tar.gz"
    with tarfile.open(tar, "w:gz") as archive:
        archive.add(pages, arcname="pages")
    in_tar = _stored([tar], tmp_path / "tar", "t")
    from_folder = _stored([pages], tmp_path / "dir", "t")
    assert len(in_tar) == 824
    assert in_tar["archive_thread_order"].notna().all()
    assert not in_tar.index.str.endswith("synthetic.analyzer.invalid").any()
    _same_messages(in_tar, from_folder, tar, tmp_path)
    page = in_tar.loc[in_tar["source"].str.endswith("/2010-March/054400.html"), "source"]
    assert page.tolist() == [f"{tar}/pages/2010-March/054400.html"]


@pytest.mark.parametrize("mode", ["w", "w:gz", "w:bz2", "w:xz"])
def test_a_tar_of_monthly_text_files_reads_each_member(
    corpora: Path, tmp_path: Path, mode: str
) -> None:
    """Two clearwater months in a tar, plain or compressed: 50 messages, as the two files give
    (before: 48, one lost and one glued to a tar header)."""
    tar = _tar(tmp_path / "months.tar", _clearwater(corpora), mode)
    read = read_source(tar)
    assert (read.reader, read.separators, read.defects) == ("tar:pipermail-txt", 50, [])
    assert {m.source for m in read.messages} == {
        f"{tar}/clearwater-pipermail/{name}" for name in CLEARWATER_MONTHS
    }
    folder = corpora / "clearwater-pipermail"
    files = [folder / name for name in CLEARWATER_MONTHS]
    _same_messages(
        _stored([tar], tmp_path / "tar", "cw"),
        _stored(files, tmp_path / "files", "cw"),
        tar,
        folder.parent,
    )


def test_a_plain_tar_of_an_mbox_and_a_tgz_of_gzipped_months(corpora: Path, tmp_path: Path) -> None:
    mbox = corpora / "openbmc-mbox-2019" / "openbmc-2019-10.mbox"
    plain = _tar(tmp_path / "mbox.tar", {mbox.name: mbox.read_bytes()}, "w")
    read = read_source(plain)
    assert (read.reader, read.separators, read.defects) == ("tar:mbox", 620, [])
    months = corpora / "imagej-devel-pipermail"
    gzipped = {f"{m}.txt.gz": (months / f"{m}.txt.gz").read_bytes() for m in ("2014-January",)}
    tgz = _tar(tmp_path / "months.tgz", gzipped)
    assert read_source(tgz).separators == 49
    assert [m.source for m in read_source(tgz).messages][:1] == [f"{tgz}/2014-January.txt.gz"]


def test_a_tar_is_recognised_by_content_and_found_in_folders(corpora: Path, tmp_path: Path) -> None:
    """A tar named as anything is a tar, and a tar inside a named folder is a source (it was
    passed over as "not mail")."""
    tar = _tar(tmp_path / "lists" / "archive.bin", _clearwater(corpora))
    assert looks_like_tar(gzip.decompress(tar.read_bytes())[:512])
    for path in (corpora / "clearwater-pipermail" / "2015-July.txt", corpora / TARBALL):
        assert not looks_like_tar(path.read_bytes()[:512])
    skipped: list[Path] = []
    assert discover_sources([tmp_path / "lists"], skipped=skipped) == [tar]
    assert skipped == []
    assert read_source(tar).separators == 50


def test_reingest_of_an_unchanged_tar_parses_nothing_and_a_changed_one_is_read_again(
    corpora: Path, tmp_path: Path
) -> None:
    members = _clearwater(corpora)
    tar = _tar(tmp_path / "cw.tar.gz", members)
    data = tmp_path / "data"
    first = ingest([tar], data_dir=data, options=ParseOptions("cw"))
    assert [o.status for o in first.outcomes] == ["ingested"]
    started = time.perf_counter()
    again = ingest([tar], data_dir=data, options=ParseOptions("cw"))
    assert time.perf_counter() - started < 1
    assert [o.status for o in again.outcomes] == ["unchanged"]
    november = corpora / "clearwater-pipermail" / "2015-November.txt"
    _tar(tar, {**members, f"clearwater-pipermail/{november.name}": november.read_bytes()})
    changed = ingest([tar], data_dir=data, options=ParseOptions("cw"))
    assert [o.status for o in changed.outcomes] == ["ingested"]
    record = changed.outcomes[0].record
    assert record is not None and record.separators == record.stored == 50 + 37
    assert len(api.messages("cw", data, bodies=False)) == 87
    assert len(list((data / "cw" / "store" / "partitions").iterdir())) == 1  # the old one went


def test_a_tar_an_earlier_parser_read_as_one_stream_is_read_again(
    corpora: Path, tmp_path: Path
) -> None:
    """A store that holds what parser 8 made of a tar (one mbox stream, 48 of 50 messages) is
    parsed again at its next ingest, though the tar has not changed."""
    tar = _tar(tmp_path / "cw.tar.gz", _clearwater(corpora))
    data = tmp_path / "data"
    ingest([tar], data_dir=data, options=ParseOptions("cw"))
    manifest = data / "cw" / "store" / "manifest.json"
    content = json.loads(manifest.read_text("utf-8"))
    (record,) = content["sources"].values()
    record.update(reader="mbox", stored=48, parse_options={"parser": "8"})
    manifest.write_text(json.dumps(content), "utf-8")
    again = ingest([tar], data_dir=data, options=ParseOptions("cw"))
    assert [o.status for o in again.outcomes] == ["ingested"]
    assert again.outcomes[0].record is not None and again.outcomes[0].record.stored == 50


def test_tars_parse_in_the_process_pool_as_in_one_process(corpora: Path, tmp_path: Path) -> None:
    members = _clearwater(corpora)
    first = _tar(tmp_path / "src" / "a.tar.gz", dict(list(members.items())[:1]))
    second = _tar(tmp_path / "src" / "b.tar.xz", dict(list(members.items())[1:]), "w:xz")
    pooled = _stored([first, second], tmp_path / "pool", "cw", workers=2)
    alone = _stored([first, second], tmp_path / "one", "cw", workers=1)
    assert len(pooled) == 50
    pd.testing.assert_frame_equal(pooled, alone)


def test_a_member_that_cannot_be_read_is_named_and_the_others_are_kept(
    corpora: Path, tmp_path: Path
) -> None:
    """A truncated .txt.gz member keeps what precedes its damage, an empty month is named, a
    README is passed over: each said with the tar and the member; the good month is whole."""
    months = corpora / "imagej-devel-pipermail"
    packed = (months / "2014-February.txt.gz").read_bytes()
    tar = _tar(
        tmp_path / "damaged.tar",
        {
            "ij/2014-January.txt": (months / "2014-January.txt").read_bytes(),
            "ij/2014-February.txt.gz": packed[: len(packed) // 2],
            "ij/2014-March.txt": b"",
            "ij/README": b"These are the imagej-devel archives.\n",
        },
        "w",
    )
    read = read_source(tar)
    assert read.passed_over == [f"{tar}/ij/README"]
    assert len(read.defects) == 2
    assert read.defects[0].startswith("ij/2014-February.txt.gz: gzip stream is truncated after")
    assert read.defects[1] == "ij/2014-March.txt: is empty; nothing read from it"
    february = [m for m in read.messages if m.source.endswith("2014-February.txt.gz")]
    assert 0 < len(february) < len(read_source(months / "2014-February.txt.gz").messages)
    assert CUT_SHORT_DEFECT in february[-1].defects
    assert sum(m.source.endswith("2014-January.txt") for m in read.messages) == 49
    command = ["ingest", str(tar), "--list", "ij", "--data-dir", str(tmp_path / "data")]
    result = subprocess.run(
        [sys.executable, "-c", "from analyzer.cli import main; main()", *command],
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert result.returncode == 1  # as for a truncated file: scripts notice
    warnings = [line for line in result.stderr.splitlines() if "warning" in line]
    assert warnings[0].startswith(
        f"analyzer: warning: {tar}: ij/2014-February.txt.gz: gzip stream is truncated"
    )
    assert (
        warnings[1]
        == f"analyzer: warning: {tar}: ij/2014-March.txt: is empty; nothing read from it"
    )
    assert "Passed over 1 file(s) that are not mail archives: README" in result.stdout


def test_a_tar_cut_short_keeps_its_whole_members_and_names_the_cut_one(
    corpora: Path, tmp_path: Path
) -> None:
    tar = _tar(tmp_path / "cw.tar", _clearwater(corpora), "w")
    content = tar.read_bytes()
    july = len((corpora / "clearwater-pipermail" / CLEARWATER_MONTHS[0]).read_bytes())
    cut = tmp_path / "cut.tar"
    cut.write_bytes(content[: 512 + july + 512 + 100_000])  # inside August's data
    read = read_source(cut)
    august = [m for m in read.messages if m.source.endswith(CLEARWATER_MONTHS[1])]
    assert sum(m.source.endswith(CLEARWATER_MONTHS[0]) for m in read.messages) == 23
    assert 0 < len(august) < 27
    assert CUT_SHORT_DEFECT in august[-1].defects
    assert any(
        d.startswith("clearwater-pipermail/2015-August.txt: the tar's data stops inside it")
        for d in read.defects
    )


def test_a_tar_without_mail_is_one_clear_error(tmp_path: Path) -> None:
    tar = _tar(tmp_path / "docs.tar.gz", {"docs/README": b"no mail here\n", "a.png": b"\x89PNG"})
    with pytest.raises(SourceError) as error:
        parse_source(tar, ParseOptions("x"))
    assert str(error.value) == (
        f"{tar}: is a tar archive that holds no mail archive (passed over, not mail: a.png, README)"
    )


def test_a_maildir_and_a_tar_inside_a_tar_are_read(corpora: Path, tmp_path: Path) -> None:
    """What a folder walk reads in a tar's members: a maildir (a message a file) and a tar
    (its members named after both tars)."""
    ietf = corpora / "ietf-mailarchive-testdata"
    inner = _tar(tmp_path / "inner.tar", _clearwater(corpora), "w")
    outer = _tar(
        tmp_path / "outer.tar.gz",
        {
            "box/cur/1.host": (ietf / "mail.1").read_bytes(),
            "box/new/2.host": (ietf / "mail.2").read_bytes(),
            "box/tmp/.keep": b"",
            "months.tar": inner.read_bytes(),
        },
    )
    read = read_source(outer)
    assert read.reader == "tar:maildir+pipermail-txt"
    assert read.separators == 2 + 50
    assert [m.source for m in read.messages[:2]] == [
        f"{outer}/box/cur/1.host",
        f"{outer}/box/new/2.host",
    ]
    assert read.messages[2].source == f"{outer}/months.tar/clearwater-pipermail/2015-August.txt"


def test_a_tar_holding_two_lists_is_said_as_a_folder_holding_two_is(
    corpora: Path, tmp_path: Path
) -> None:
    """A tar of a Mailman archive folder packs a folder per list: ingested as one list, the
    two are said to be two, as for the folder unpacked (they were merged without a word); a
    tar of one list's months, at its top or in one folder, is one list."""
    members = {
        "pipermail/clearwater/2016-May.txt": (
            corpora / "clearwater-pipermail" / "2016-May.txt"
        ).read_bytes(),
        "pipermail/imagej-devel/2014-January.txt": (
            corpora / "imagej-devel-pipermail" / "2014-January.txt"
        ).read_bytes(),
    }
    lists = _tar(tmp_path / "lists.tar.gz", members)
    data = tmp_path / "data"
    report = api.ingest(lists, list_name="mixed", data_dir=data, workers=1)
    assert report.lists.lists == [  # (the clearwater month's subject tag: [Project Clearwater])
        ("imagej-devel", [f"{lists}/pipermail/imagej-devel"]),
        ("project clearwater", [f"{lists}/pipermail/clearwater"]),
    ]
    assert not report.failed
    again = api.ingest(lists, list_name="mixed", data_dir=data, workers=1)  # unchanged: said too
    assert [o.status for o in again.outcomes] == ["unchanged"]
    assert again.lists == report.lists
    where = ("--list", "mixed2", "--data-dir", str(data), "--no-analyze")
    said = subprocess.run(
        [
            sys.executable,
            "-c",
            "from analyzer.cli import main; main()",
            "ingest",
            str(lists),
            *where,
        ],
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert said.returncode == 0, said.stderr
    assert (
        "analyzer: warning: the sources are the archives of 2 lists, as their messages say "
        f"(List-Id, subject tag): imagej-devel ({lists}/pipermail/imagej-devel); project "
        f"clearwater ({lists}/pipermail/clearwater); stored as one list 'mixed2': extract {lists} (a "
        "folder in a tar cannot be named as a source), then ingest each list's sources with "
        "its own --list" in said.stderr
    )

    one = _tar(tmp_path / "one.tar.gz", _clearwater(corpora))
    assert not api.ingest(one, list_name="cw", data_dir=data, workers=1).lists
    folder = tmp_path / "cw"
    folder.mkdir()
    shutil.copy(corpora / "clearwater-pipermail" / "2016-May.txt", folder)
    at_top = {name.rpartition("/")[2]: content for name, content in _clearwater(corpora).items()}
    _tar(folder / "older.tar.gz", at_top)
    assert not api.ingest(folder, list_name="cw2", data_dir=data, workers=1).lists


def test_a_manifest_written_with_the_tars_period_folders_still_loads(
    corpora: Path, tmp_path: Path
) -> None:
    """Manifests of an earlier version named a tar's period folders (``period_folders``); the
    lists are now told by the messages, and the old field is read past, not taken for damage."""
    month = corpora / "clearwater-pipermail" / "2016-May.txt"
    api.ingest([month], list_name="cw", data_dir=tmp_path, workers=1)
    store = MessageStore(tmp_path, "cw")
    content = json.loads(store.manifest_path.read_text("utf-8"))
    for record in content["sources"].values():
        record["period_folders"] = ["lists.tar/clearwater"]
    store.manifest_path.write_text(json.dumps(content), "utf-8")
    assert api.store_info("cw", tmp_path).unique_messages == 68
    again = api.ingest([month], list_name="cw", data_dir=tmp_path, workers=1)
    assert [outcome.status for outcome in again.outcomes] == ["unchanged"]
