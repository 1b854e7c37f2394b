"""Property-based tests: arbitrary bytes and mutated real messages never make the library raise.

Every reader and the parser get random input; what comes out must fit the stored schema, and the
counts of each source must add up (separators found = stored + duplicates + rejected).
"""

from __future__ import annotations

import bz2
import gzip
import lzma
import os
from collections.abc import Callable
from pathlib import Path

import pyarrow as pa
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from analyzer.corpora import corpora_dir
from analyzer.errors import SourceError
from analyzer.htmltext import html_to_text
from analyzer.ingest import ParseOptions, parse_source
from analyzer.model import RawMessage
from analyzer.parse import decode_encoded_words, parse_message
from analyzer.readers import legacy, mbox, pipermail_html, read_source
from analyzer.readers.compression import read_source_bytes
from analyzer.schema import STORED_MESSAGE_SCHEMA

CORPORA = corpora_dir()

# Modest by default so that the suite stays fast; raise it to hunt for bugs.
PROPERTY_SETTINGS = settings(
    max_examples=int(os.environ.get("ANALYZER_PROPERTY_EXAMPLES", "60")),
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)

# Fragments that break parsers: separators, MIME structure, encoded words, charsets, NULs, CRs.
HOSTILE_TOKENS = [
    b"\x00",
    b"\r",
    b"\r\n",
    b"\n\n",
    b"\nFrom alice at example.org  Mon Jan  6 10:24:58 2014\n",
    b"\nFrom alice@example.org Mon Jan  6 10:24:58 2014\nFrom: x\n",
    b"\n>From ",
    b"\x01\x01\x01\x01\n",
    b"Content-Type: multipart/mixed; boundary=XYZ\n",
    b"\n--XYZ\n",
    b"\n--XYZ--\n",
    b"Content-Type: message/rfc822\n\n",
    b"Content-Type: text/html; charset=x-unknown\n",
    b'Content-Type: text/plain; charset="unknown-8bit"\n',
    b"Content-Type: text/plain; charset=utf-8\x00\n",
    b"Content-Transfer-Encoding: base64\n",
    b"Content-Transfer-Encoding: quoted-printable\n",
    b"=?utf-8?b?A?=",
    b"=?x-unknown?q?caf=E9?=",
    b"=?unknown-8bit?b?Y2Fm6Q==?=",
    b"=?utf-7?q?+!!?=",
    b"=?",
    b"?=",
    b"Date: Mon, 1 Jan 0001 00:00:00 +0100\n",
    b"Date: Fri, 31 Dec 9999 23:59:59 -1200\n",
    b"Date: Mon, 21 Oct 2002 15:02:34 +50579034\n",
    b"From: (((((((((((\n",
    b"Message-ID: <a at b>\n",
    b"In-Reply-To: <\n",
    b"<script>alert(1)</script>",
    b"<blockquote><div>",
    b"\xff\xfe",
    b"\xe9",
    b"<!--beginarticle-->",
    b"<PRE>",
    b'<META http-equiv="Content-Type" content="text/html; charset=rot13">',
    b'<META http-equiv="Content-Type" content="text/html; charset=utf-16">',
    b"<!--0 01267451812.54205- -->",
]


def _load_real_messages() -> list[bytes]:
    """A few real messages of different kinds (Pipermail text, MIME mbox, legacy, odd fixtures)."""
    assert CORPORA.is_dir(), f"the real corpora are missing: expected them at {CORPORA}"
    picks = [
        ("imagej-devel-pipermail/2014-January.txt", 6),
        ("openbmc-mbox-2019/openbmc-2019-08.mbox", 6),
        ("usrp-users-mbox/usrp-users-2020-10.mbox", 4),
        ("ietf-mailarchive-testdata/mail_multipart_bad.2", 1),
        ("hyperkitty-testdata/attachment-1.txt", 1),
        ("hyperkitty-testdata/html-email-1.txt", 1),
        ("hyperkitty-testdata/non-ascii-headers.txt", 1),
        ("perceval-testdata/mbox/mbox_unknown_encoding.mbox", 2),
    ]
    found: list[bytes] = []
    for name, count in picks:
        path = CORPORA / name
        assert path.exists(), f"corpus file missing: {path}"
        messages = read_source(path).messages
        step = max(1, len(messages) // count)
        found.extend(m.data for m in messages[::step][:count])
    return found


REAL_MESSAGES = _load_real_messages()


@st.composite
def mutated_message(draw: st.DrawFn) -> bytes:
    """A real message with bytes flipped, hostile fragments inserted, pieces cut or repeated."""
    data = bytearray(draw(st.sampled_from(REAL_MESSAGES)))
    for _ in range(draw(st.integers(min_value=1, max_value=6))):
        where = draw(st.integers(min_value=0, max_value=len(data)))
        action = draw(st.sampled_from(["insert", "flip", "cut", "repeat", "truncate"]))
        if action == "insert":
            token = draw(st.sampled_from(HOSTILE_TOKENS) | st.binary(min_size=1, max_size=40))
            data[where:where] = token
        elif action == "flip" and where < len(data):
            data[where] ^= draw(st.integers(min_value=1, max_value=255))
        elif action == "cut":
            data[where : where + draw(st.integers(min_value=1, max_value=400))] = b""
        elif action == "repeat":
            data[where:where] = data[where : where + draw(st.integers(min_value=1, max_value=400))]
        else:
            del data[where:]
    return bytes(data)


def hostile_bytes() -> st.SearchStrategy[bytes]:
    """Arbitrary bytes, hostile fragments glued together, and mutated real messages."""
    glued = st.lists(st.sampled_from(HOSTILE_TOKENS) | st.binary(max_size=30), max_size=30).map(
        b"".join
    )
    return st.one_of(st.binary(max_size=3000), glued, mutated_message())


def _check_row(row: dict[str, object], raw: RawMessage) -> None:
    assert set(row) == set(STORED_MESSAGE_SCHEMA.names)
    assert isinstance(row["message_id"], str) and row["message_id"]
    assert isinstance(row["defects"], list) and all(isinstance(d, str) for d in row["defects"])
    assert row["source_index"] == raw.index
    for column in ("body", "subject", "from_name", "from_email"):
        assert "\x00" not in str(row[column]), column
    # The row must fit the store's schema exactly as the ingest writes it.
    pa.Table.from_pylist([row], schema=STORED_MESSAGE_SCHEMA)


@PROPERTY_SETTINGS
@given(data=hostile_bytes(), envelope=st.sampled_from(["", "a at b  Mon Jan  1 00:00:00 0001"]))
def test_parser_never_raises_and_fills_the_schema(data: bytes, envelope: str) -> None:
    raw = RawMessage(source="prop", index=3, data=data, envelope=envelope)
    _check_row(parse_message(raw, list_name="prop"), raw)


@PROPERTY_SETTINGS
@given(data=hostile_bytes())
def test_parser_with_a_server_zone_and_list_charset_never_raises(data: bytes) -> None:
    from zoneinfo import ZoneInfo

    raw = RawMessage(source="prop", index=0, data=data, envelope="a at b  Fri Dec 31 23:59:59 9999")
    row = parse_message(
        raw,
        list_name="prop",
        list_charset="iso-8859-2",
        server_zone=ZoneInfo("America/New_York"),
    )
    _check_row(row, raw)


@PROPERTY_SETTINGS
@given(text=st.text(max_size=300) | hostile_bytes().map(lambda b: b.decode("latin-1")))
def test_encoded_words_and_html_never_raise(text: str) -> None:
    defects: list[str] = []
    assert isinstance(decode_encoded_words(text, defects), str)
    assert isinstance(html_to_text(text), str)


READERS: dict[str, Callable[[bytes], object]] = {
    "from-separated": lambda data: mbox.read_from_separated("prop", data, reader="mbox"),
    "pipermail-txt": lambda data: mbox.read_from_separated("prop", data, reader="pipermail-txt"),
    "mmdf": lambda data: list(legacy.read_mmdf("prop", data)),
    "header-separated": lambda data: list(legacy.read_header_separated("prop", data)),
    "pipermail-page": lambda data: pipermail_html.message_bytes(
        pipermail_html.parse_page(pipermail_html.decode_page(data)[0])
    ),
    "pipermail-thread-index": lambda data: pipermail_html.parse_thread_index(
        pipermail_html.decode_page(data)[0]
    ),
}


@pytest.mark.parametrize("reader", sorted(READERS))
def test_every_reader_takes_arbitrary_bytes(reader: str) -> None:
    @PROPERTY_SETTINGS
    @given(data=hostile_bytes())
    def check(data: bytes) -> None:
        READERS[reader](data)

    check()


def _conserved(path: Path) -> None:
    """Parse one file as the ingest does: a SourceError, or counts that add up."""
    try:
        table, record = parse_source(path, ParseOptions("prop"))
    except SourceError as exc:
        assert str(path) in str(exc)
        return
    assert record.separators == record.stored + record.duplicates + record.rejected
    assert table.num_rows == record.stored
    assert len(set(table.column("message_id").to_pylist())) == record.stored
    assert len(record.rejected_reasons) == record.rejected


@st.composite
def archive_file(draw: st.DrawFn) -> bytes:
    """An archive of several hostile messages, in one of the formats, maybe compressed."""
    messages = draw(st.lists(hostile_bytes(), min_size=1, max_size=5))
    layout = draw(st.sampled_from(["pipermail", "mbox", "mmdf", "headers", "raw"]))
    if layout == "pipermail":
        body = b"".join(
            b"From alice at example.org  Mon Jan  6 10:24:58 2014\n" + m + b"\n\n" for m in messages
        )
    elif layout == "mbox":
        body = b"".join(
            b"From alice@example.org Mon Jan  6 10:24:58 2014\n" + m + b"\n\n" for m in messages
        )
    elif layout == "mmdf":
        body = b"".join(b"\x01\x01\x01\x01\n" + m + b"\n\x01\x01\x01\x01\n" for m in messages)
    elif layout == "headers":
        body = b"\n\n".join(b"From: a@b.c\nDate: Mon, 6 Jan 2014\n" + m for m in messages)
    else:
        body = b"".join(messages)
    packer = draw(st.sampled_from(["none", "gzip", "bzip2", "xz", "gzip-cut", "xz-cut"]))
    if packer == "none":
        return body
    packed = {"gzip": gzip.compress, "bzip2": bz2.compress, "xz": lzma.compress}[
        packer.split("-")[0]
    ](body)
    if packer.endswith("-cut"):
        packed = packed[: draw(st.integers(min_value=0, max_value=len(packed)))]
    return packed


@PROPERTY_SETTINGS
@given(content=archive_file())
def test_sources_are_read_or_refused_and_counts_add_up(
    content: bytes, tmp_path_factory: pytest.TempPathFactory
) -> None:
    path = tmp_path_factory.mktemp("prop") / "archive.txt"
    path.write_bytes(content)
    try:
        read_source_bytes(path, max_uncompressed_bytes=1 << 20)
    except SourceError as exc:
        assert "decompression bomb" in str(exc)
    _conserved(path)


@PROPERTY_SETTINGS
@given(pages=st.lists(hostile_bytes(), min_size=1, max_size=4), index=hostile_bytes())
def test_pipermail_period_folders_of_hostile_pages(
    pages: list[bytes], index: bytes, tmp_path_factory: pytest.TempPathFactory
) -> None:
    folder = tmp_path_factory.mktemp("period") / "2014-January"
    folder.mkdir()
    for number, page in enumerate(pages):
        (folder / f"{number:06d}.html").write_bytes(b"<!--beginarticle-->" + page)
    (folder / "thread.html").write_bytes(index)
    _conserved(folder)


@PROPERTY_SETTINGS
@given(files=st.lists(archive_file(), min_size=1, max_size=4))
def test_maildirs_of_hostile_files(
    files: list[bytes], tmp_path_factory: pytest.TempPathFactory
) -> None:
    folder = tmp_path_factory.mktemp("maildir")
    for sub in ("cur", "new", "tmp"):
        (folder / sub).mkdir()
    for number, content in enumerate(files):
        (folder / "new" / f"{number}.host").write_bytes(content)
    _conserved(folder)
