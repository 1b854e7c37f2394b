"""Readers against the real corpora: every real separator found, no false split, every format."""

from __future__ import annotations

import bz2
import gzip
import lzma
import mailbox
import re
from pathlib import Path

import pandas as pd
import pytest

from analyzer.errors import SourceError
from analyzer.readers import CUT_SHORT_DEFECT, discover_sources, period_start, read_source
from analyzer.readers.compression import read_source_bytes


def _count(paths: list[Path]) -> tuple[int, int]:
    reads = [read_source(p) for p in paths]
    return sum(r.separators for r in reads), sum(r.false_separators for r in reads)


@pytest.mark.parametrize(
    ("pattern", "messages", "false_from_lines"),
    [
        ("clearwater-pipermail/*.txt*", 1809, 41),
        ("twisted-python-pipermail-gz/*.txt.gz", 65706, 55),
        ("imagej-devel-pipermail/*.txt", 2718, 1),
        ("imagej-devel-pipermail/*.txt.gz", 2718, 1),
        ("imagej-devel-pipermail/2014-January.txt", 49, 1),
        ("openbmc-mbox-2019/*", 3922, 0),
        ("usrp-users-mbox/*", 634, 0),
        ("bigbang-testdata/2001-November.txt", 164, 0),
        ("bigbang-testdata/bigbang-dev-test.txt", 6, 0),
        ("bigbang-testdata/3GPP_mbox/*.mbox", 109, 0),
        ("perceval-testdata/*/*.mbox", 26, 0),
    ],
)
def test_real_separators_only(
    corpora: Path, pattern: str, messages: int, false_from_lines: int
) -> None:
    paths = sorted(corpora.glob(pattern))
    assert paths, pattern
    assert _count(paths) == (messages, false_from_lines)


def test_naive_mailbox_splits_where_we_do_not(corpora: Path) -> None:
    """Python's mailbox splits imagej-devel 2014-January at a body line; we keep 49 messages."""
    path = corpora / "imagej-devel-pipermail" / "2014-January.txt"
    assert len(mailbox.mbox(str(path))) == 50
    read = read_source(path)
    assert read.separators == 49
    bodies = [m.data for m in read.messages]
    assert sum(b"\nFrom command line maven" in b for b in bodies) == 1


def test_legacy_separator_with_rfc2822_date(twisted_html_tree: Path) -> None:
    reality = twisted_html_tree / "reality"
    gz_total = sum(read_source(p).separators for p in sorted(reality.glob("*.txt.gz")))
    assert gz_total == 231
    first = read_source(sorted(reality.glob("1999-August.txt.gz"))[0]).messages[0]
    assert first.envelope.startswith("glyph@divunal.com Sun, 15 Aug 1999 02:37:17")


def test_mmdf_and_header_separated_ietf_files(corpora: Path) -> None:
    ietf = corpora / "ietf-mailarchive-testdata"
    mmdf = read_source(ietf / "mailbox_mmdf")
    assert (mmdf.reader, mmdf.separators) == ("mmdf", 5)
    assert all(b"\x01" not in m.data for m in mmdf.messages)
    # Messages concatenated after a blank line with the file's opening header.
    assert read_source(ietf / "mailbox_return-path").separators == 3
    assert read_source(ietf / "mailbox-x-envelope-from").separators == 4
    # Some messages open with another header than the file's first (here `Date:` or `To:`
    # where the file opens with `From:`): each is its own message, its sender's text not
    # glued to the message above.
    opened_otherwise = read_source(ietf / "mailbox_from")
    assert opened_otherwise.separators == 14
    senders = [_header(m.data, b"From") for m in opened_otherwise.messages]
    assert senders[1:3] == [
        b"Doug Engert <deengert@anl.gov>",
        b"joda@pdc.kth.se (Johan Danielsson)",
    ]
    assert all(_header(m.data, b"Date") for m in opened_otherwise.messages)
    assert len(set(senders)) == 12  # Mike Swift and Graham Bland wrote two each
    # An Outlook quote's `From:`/`Sent:` block after a blank line is no message of its own.
    assert read_source(ietf / "mailbox_to").separators == 15
    year = read_source(ietf / "mailbox_year")
    assert year.separators == 4 and all(m.data.startswith(b"Message-Id:") for m in year.messages)
    # A single message whose body holds a forwarded message's headers is not split apart.
    assert read_source(ietf / "attachment_message_rfc822.mail").separators == 1
    assert read_source(ietf / "mailbox_mbox").reader == "mbox"


def _header(data: bytes, name: bytes) -> bytes | None:
    match = re.search(rb"^" + name + rb": *(.*?)\r?$", data.split(b"\n\n", 1)[0], re.M)
    return match.group(1) if match else None


def test_mboxrd_unescaped_in_mbox_not_in_pipermail(tmp_path: Path) -> None:
    box = tmp_path / "list.mbox"
    box.write_bytes(
        b"From alice@example.org Mon Jan  6 10:24:58 2014\nFrom: alice@example.org\n"
        b"Message-ID: <a@example.org>\n\n>From the start\n>>From nested\n\n"
        b"From bob@example.org Mon Jan  6 11:24:58 2014\nFrom: bob@example.org\n"
        b"Message-ID: <b@example.org>\n\nFrom now on this line is body text.\n"
    )
    read = read_source(box)
    assert read.reader == "mbox" and read.separators == 2 and read.false_separators == 1
    assert b"\nFrom the start\n>From nested\n" in read.messages[0].data
    pipermail = tmp_path / "2014-January.txt"
    pipermail.write_bytes(
        b"From alice at example.org  Mon Jan  6 10:24:58 2014\nFrom: alice at example.org\n"
        b"Message-ID: <a@example.org>\n\n>From the start\n"
    )
    read = read_source(pipermail)
    assert read.reader == "pipermail-txt"
    assert b"\n>From the start\n" in read.messages[0].data


def test_compressed_sources_by_content(tmp_path: Path, corpora: Path) -> None:
    plain = (corpora / "imagej-devel-pipermail" / "2014-January.txt").read_bytes()
    for name, compress in (
        ("a.gz", gzip.compress),
        ("b.bz2", bz2.compress),
        ("c.xz", lzma.compress),
    ):
        path = tmp_path / name
        path.write_bytes(compress(plain))
        assert read_source(path).separators == 49
    disguised = tmp_path / "2014-January.txt"  # gzip bytes under a plain name
    disguised.write_bytes(gzip.compress(plain))
    assert read_source(disguised).separators == 49


def test_truncated_gzip_keeps_what_precedes(tmp_path: Path, corpora: Path) -> None:
    packed = (corpora / "twisted-python-pipermail-gz" / "2003-April.txt.gz").read_bytes()
    path = tmp_path / "2003-April.txt.gz"
    path.write_bytes(packed[: len(packed) // 2])
    read = read_source(path)
    assert 0 < read.separators < 1000
    assert any("truncated" in d for d in read.defects)
    # the last message kept may be cut short, and says so; the others are whole
    assert read.messages[-1].defects == [CUT_SHORT_DEFECT]
    assert not any(m.defects for m in read.messages[:-1])
    whole = read_source(corpora / "twisted-python-pipermail-gz" / "2003-April.txt.gz")
    assert not any(CUT_SHORT_DEFECT in m.defects for m in whole.messages)


def test_decompression_bomb_refused(tmp_path: Path) -> None:
    bomb = tmp_path / "bomb.txt.gz"
    bomb.write_bytes(gzip.compress(b"\0" * 20_000_000))
    with pytest.raises(SourceError, match="decompression bomb"):
        read_source_bytes(bomb, max_uncompressed_bytes=1_000_000)


def test_maildir(tmp_path: Path) -> None:
    box = mailbox.Maildir(tmp_path / "md")
    for i in range(3):
        box.add(
            f"From: p{i}@example.org\nMessage-ID: <m{i}@example.org>\nSubject: s{i}\n\nbody {i}\n"
        )
    read = read_source(tmp_path / "md")
    assert (read.reader, read.separators) == ("maildir", 3)


def test_first_separator_without_a_date(tmp_path: Path) -> None:
    """Some tools begin an mbox with "From nobody": a separator without a date, which a header
    follows. Its messages are read; a body line "From nobody" is not a separator."""
    box = tmp_path / "list.mbox"
    box.write_bytes(
        b"From nobody\nFrom: alice@example.org\nMessage-ID: <a@example.org>\n\nfirst\n"
        b"From nobody\nSubject: not a separator here\n\n"
        b"From bob@example.org Mon Jan  6 11:24:58 2014\nFrom: bob@example.org\n"
        b"Message-ID: <b@example.org>\n\nsecond\n"
    )
    read = read_source(box)
    assert read.reader == "mbox" and read.separators == 2 and read.false_separators == 1
    assert read.messages[0].data.startswith(b"From: alice@example.org\n")
    assert b"\nFrom nobody\nSubject: not a separator here\n" in read.messages[0].data
    assert not read.defects


def test_not_an_archive_and_missing_paths(tmp_path: Path) -> None:
    junk = tmp_path / "notes.txt"
    junk.write_text("just some notes\nnothing like mail\n")
    with pytest.raises(SourceError, match="notes.txt: is not a mail archive"):
        read_source(junk)
    with pytest.raises(SourceError, match="nowhere.mbox: no such file"):
        discover_sources([tmp_path / "nowhere.mbox"])
    with pytest.raises(SourceError, match="no file matches"):
        discover_sources([str(tmp_path / "*.mbox")])


def test_list_folder_prefers_txt_gz_then_txt_then_html(corpora: Path) -> None:
    copies: list[Path] = []
    sources = discover_sources([corpora / "imagej-devel-pipermail"], copies=copies)
    assert len(sources) == 72
    assert all(p.name.endswith(".txt.gz") for p in sources)
    months = [p.name.removesuffix(".txt.gz") for p in sources]
    # the ingest lists them by date, not in the alphabet's order (ux44: April, August...)
    starts = [period_start(p.name) for p in sources]
    by_date = [months[i] for i in sorted(range(72), key=lambda i: starts[i] or (0, 0, 0))]
    assert by_date[:4] == ["2009-November", "2009-December", "2010-January", "2010-February"]
    days = [pd.Timestamp(f"1 {month.replace('-', ' ')}") for month in by_date]
    assert days == sorted(days) and len(set(days)) == 72
    assert period_start("2012q2.txt") == (2012, 4, 1) and period_start("notes.txt") is None
    assert period_start("Week-of-Mon-20120305") == (2012, 3, 5)
    # the other copies of each month, passed over, are listed (ux44: they were said nowhere)
    assert len(copies) == 144
    assert sorted(p.name for p in copies if p.is_dir()) == sorted(months)
    assert sorted(p.name for p in copies if not p.is_dir()) == sorted(f"{m}.txt" for m in months)


def test_html_period_folders_as_sources(corpora: Path) -> None:
    folders = sorted(p for p in (corpora / "imagej-devel-pipermail").iterdir() if p.is_dir())
    assert sum(read_source(p).separators for p in folders) == 2718
