"""Damaged and hostile inputs: every message that can be kept is kept, and what could not is said.

Each case of the robustness issue has its test here; the mistakes a user makes (a missing path,
a file that is no archive, no permission, a full disk) go through the command line in-process.
"""

from __future__ import annotations

import bz2
import contextlib
import errno
import gzip
import json
import lzma
import mailbox
import os
import shutil
import signal
import sys
from collections.abc import Callable, Iterator
from pathlib import Path
from types import FrameType
from zoneinfo import ZoneInfo

import pandas as pd
import pytest

from analyzer import api, cli
from analyzer import store as store_module
from analyzer.ingest import IngestReport, ParseOptions, ingest, parse_source
from analyzer.model import RawMessage
from analyzer.parse import parse_message
from analyzer.readers import legacy, pipermail_html
from analyzer.store import MessageStore

MONTH = "imagej-devel-pipermail/2014-January.txt"  # 49 messages
ENVELOPE = b"From alice at example.org  Mon Jan  6 10:24:58 2014\n"


class TookTooLong(AssertionError):
    """Raised by ``finishes_within``: a guard against hangs, not a timing target."""


@contextlib.contextmanager
def finishes_within(seconds: float) -> Iterator[None]:
    """Fail instead of hanging: hostile input must be read in about linear time.

    The limits are some twenty times what the work takes; quadratic code takes hours here.
    """

    def alarm(signum: int, frame: FrameType | None) -> None:
        raise TookTooLong(f"did not finish within {seconds} s")

    previous = signal.signal(signal.SIGALRM, alarm)
    signal.setitimer(signal.ITIMER_REAL, seconds)
    try:
        yield
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, previous)


def _pipermail(*messages: bytes) -> bytes:
    return b"".join(ENVELOPE + m.rstrip(b"\n") + b"\n\n" for m in messages)


def _message(n: int, body: bytes = b"body\n", headers: bytes = b"") -> bytes:
    return (
        b"From: alice at example.org (Alice)\nDate: Mon, 6 Jan 2014 10:24:58 +0000\n"
        b"Subject: message %d\nMessage-ID: <m%d@example.org>\n" % (n, n) + headers + b"\n" + body
    )


def _ingest(paths: list[Path], data_dir: Path, **options: object) -> IngestReport:
    report = ingest(paths, data_dir=data_dir, options=ParseOptions("t", **options), workers=1)  # type: ignore[arg-type]
    for outcome in report.outcomes:
        if outcome.record is not None:
            rec = outcome.record
            assert rec.duplicates_across is not None
            assert rec.separators == (
                rec.stored + rec.duplicates + rec.duplicates_across + rec.rejected
            )
    return report


def _raw(data: bytes, envelope: str = "") -> RawMessage:
    return RawMessage(source="t", index=0, data=data, envelope=envelope)


def _ids(path: Path) -> list[str]:
    return parse_source(path, ParseOptions("t"))[0].column("message_id").to_pylist()


# -- compressed sources -----------------------------------------------------------------------


def _flip_middle(packed: bytes) -> bytes:
    middle = len(packed) // 2
    return (
        packed[:middle]
        + bytes(b ^ 0x5A for b in packed[middle : middle + 64])
        + packed[middle + 64 :]
    )


@pytest.mark.parametrize(
    ("compress", "damage", "word"),
    [
        (gzip.compress, lambda p: p[: len(p) * 2 // 3], "truncated"),
        (lzma.compress, lambda p: p[: len(p) * 2 // 3], "truncated"),
        (gzip.compress, _flip_middle, "damaged"),
        (lzma.compress, _flip_middle, "damaged"),
    ],
    ids=["gz-truncated", "xz-truncated", "gz-corrupt", "xz-corrupt"],
)
def test_damaged_compressed_month_keeps_the_messages_before_the_damage(
    corpora: Path,
    tmp_path: Path,
    compress: Callable[[bytes], bytes],
    damage: Callable[[bytes], bytes],
    word: str,
) -> None:
    intact = _ids(corpora / MONTH)
    broken = tmp_path / "2014-January.txt.gz"
    broken.write_bytes(damage(compress((corpora / MONTH).read_bytes())))
    report = _ingest([broken], tmp_path / "data")
    record = report.outcomes[0].record
    assert record is not None and report.failed  # kept, and the CLI exits non-zero for it
    assert any(word in d and "kept what precedes" in d for d in record.source_defects)
    kept = sorted(MessageStore(tmp_path / "data", "t").read_messages().message_id)
    # The first messages are kept whole; nothing after the damage is invented.
    assert 10 < record.stored < len(intact)
    assert set(intact[:10]) <= set(kept)
    assert len(set(kept) - set(intact)) <= 1  # at most the message cut by the damage


@pytest.mark.parametrize(
    "packer",
    [
        gzip.compress,
        bz2.compress,
        lzma.compress,
        lambda data: b"".join(
            gzip.compress(data[i : i + 2**20]) for i in range(0, len(data), 2**20)
        ),
    ],
    ids=["gzip", "bzip2", "xz", "gzip-many-members"],
)
def test_decompression_bombs_are_refused_and_the_store_kept(
    corpora: Path, tmp_path: Path, packer: Callable[[bytes], bytes]
) -> None:
    data_dir = tmp_path / "data"
    _ingest([corpora / MONTH], data_dir, max_uncompressed_bytes=4 * 2**20)
    manifest = MessageStore(data_dir, "t").manifest_path.read_bytes()
    bomb = tmp_path / "2014-February.txt.gz"
    bomb.write_bytes(packer(b"\0" * (24 * 2**20)))
    assert bomb.stat().st_size < 2**20 // 4
    report = _ingest([bomb], data_dir, max_uncompressed_bytes=4 * 2**20)
    outcome = report.outcomes[0]
    assert outcome.status == "failed"
    assert "2014-February.txt.gz" in (outcome.error or "")
    assert "decompression bomb" in (outcome.error or "")
    assert MessageStore(data_dir, "t").manifest_path.read_bytes() == manifest
    assert len(MessageStore(data_dir, "t").read_messages()) == 49


def test_a_bomb_inside_a_maildir_is_rejected_and_the_rest_kept(tmp_path: Path) -> None:
    box = mailbox.Maildir(tmp_path / "md")
    box.add(_message(1))
    bomb = box.add(b"")
    box.add(_message(3))
    (tmp_path / "md" / "new" / bomb).write_bytes(gzip.compress(b"\0" * (24 * 2**20)))
    report = _ingest([tmp_path / "md"], tmp_path / "data", max_uncompressed_bytes=4 * 2**20)
    record = report.outcomes[0].record
    assert record is not None and (record.stored, record.rejected) == (2, 1)
    assert "decompression bomb" in record.rejected_reasons[0]
    assert bomb in record.rejected_reasons[0]


def test_a_folder_that_links_to_itself_is_walked_once(corpora: Path, tmp_path: Path) -> None:
    folder = tmp_path / "archive" / "list"
    folder.mkdir(parents=True)
    shutil.copy2(corpora / MONTH, folder)
    (folder / "up").symlink_to("..")
    (tmp_path / "archive" / "again").symlink_to("list")
    report = _ingest([tmp_path / "archive"], tmp_path / "data")
    assert [Path(o.path).name for o in report.outcomes] == ["2014-January.txt"]


def test_a_message_whose_separator_line_is_lost_is_kept(corpora: Path, tmp_path: Path) -> None:
    text = (corpora / MONTH).read_bytes()
    damaged = tmp_path / "2014-January.txt"
    damaged.write_bytes(text[text.index(b"\n") + 1 :])  # the first From_ line is gone
    report = _ingest([damaged], tmp_path / "data")
    record = report.outcomes[0].record
    assert record is not None and record.stored == len(_ids(corpora / MONTH)) == 49
    stored = MessageStore(tmp_path / "data", "t").read_messages()
    first = stored[stored.source_index == 0].iloc[0]
    assert "no separator line before it" in list(first.defects)
    assert sorted(stored.message_id) == sorted(_ids(corpora / MONTH))


@pytest.mark.parametrize("charset", ["rot13", "zlib", "utf-16", "x-unknown", "utf-8\x00"])
def test_pipermail_pages_declaring_impossible_charsets_are_read(
    tmp_path: Path, charset: str
) -> None:
    folder = tmp_path / "2014-January"
    folder.mkdir()
    for number in range(2):
        (folder / f"{number:06d}.html").write_bytes(
            b'<HTML><HEAD><META http-equiv="Content-Type" content="text/html; charset=%s">'
            b"<TITLE>[list] caf\xe9</TITLE></HEAD><BODY><H1>[list] caf\xe9 %d</H1>"
            b'<B>Alice</B> <A HREF="mailto:list%%40example.org?In-Reply-To=%%3Cm%d%%40x%%3E">'
            b"alice at example.org</A><BR><I>Mon Jan  6 10:24:58 CET 2014</I>"
            b"<!--beginarticle--><PRE>caf\xe9 au lait</PRE><!--endarticle-->"
            % (charset.encode(), number, number)
        )
    report = _ingest([folder], tmp_path / "data")
    record = report.outcomes[0].record
    assert record is not None and (record.separators, record.stored) == (2, 2)
    stored = MessageStore(tmp_path / "data", "t").read_messages()
    assert list(stored.body) == ["café au lait\n"] * 2
    assert all(any("decoded as windows-1252" in d for d in row) for row in stored.defects)


# -- huge lines, NUL bytes, charsets, encoded words, dates ------------------------------------


def test_a_fifty_megabyte_line_is_kept_with_its_neighbours(tmp_path: Path) -> None:
    line = b"x" * (50 * 2**20)
    source = tmp_path / "2014-January.txt"
    source.write_bytes(
        _pipermail(_message(1), _message(2, body=b"start\n" + line + b"\nend\n"), _message(3))
    )
    with finishes_within(60):
        report = _ingest([source], tmp_path / "data")
    record = report.outcomes[0].record
    assert record is not None and (record.separators, record.stored) == (3, 3)
    stored = MessageStore(tmp_path / "data", "t").read_messages().set_index("message_id")
    assert len(stored.body["m2@example.org"]) == len(line) + len("start\n\nend\n")
    assert stored.body["m1@example.org"] == stored.body["m3@example.org"] == "body\n"


def test_nul_bytes_are_dropped_and_said(tmp_path: Path) -> None:
    source = tmp_path / "nul.txt"
    source.write_bytes(
        _pipermail(
            _message(1, body=b"be\x00fore\n"),
            b"From: bob\x00 at example.org (Bob\x00)\nSubject: n\x00ul\nMessage-ID: <m2@example.org>\n"
            b"Content-Type: text/plain; charset=utf-8\x00\n\ncaf\xc3\xa9\x00\n",
            _message(3),
        )
        + b"\x00" * 4096
    )
    report = _ingest([source], tmp_path / "data")
    assert report.outcomes[0].record is not None and report.outcomes[0].record.stored == 3
    stored = MessageStore(tmp_path / "data", "t").read_messages().set_index("message_id")
    for column in ("body", "subject", "from_name", "from_email"):
        assert not stored[column].str.contains("\x00").any(), column
    assert stored.body["m1@example.org"] == "before\n"
    assert (stored.from_email["m2@example.org"], stored.subject["m2@example.org"]) == (
        "bob@example.org",
        "nul",
    )
    assert stored.body["m2@example.org"].startswith("café")
    assert "NUL bytes removed from the headers" in stored.defects["m2@example.org"]
    assert "NUL characters removed from the body" in stored.defects["m1@example.org"]


@pytest.mark.parametrize(
    "content_type",
    [
        b"text/plain; charset=x-unknown",
        b"text/plain; charset=unknown-8bit",
        b'text/plain; charset="no-such-charset"',
        b"text/plain; charset=utf-8\x00",
        b"text/plain; charset=rot13",
        b'multipart/mixed; boundary="B"\n\n--B\nContent-Type: text/plain; charset=x-unknown',
    ],
)
def test_unknown_charsets_decode_with_a_defect(content_type: bytes) -> None:
    closing = b"\n--B--\n" if content_type.startswith(b"multipart") else b""
    data = (
        b"From: a@example.org\nMessage-ID: <c@example.org>\nMIME-Version: 1.0\n"
        b"Content-Type: " + content_type + b"\n\nna\xefve caf\xe9" + closing
    )
    row = parse_message(_raw(data), list_name="t")
    assert row["body"].startswith("naïve café")
    assert any("charset" in d for d in row["defects"])


@pytest.mark.parametrize(
    ("subject", "readable", "defect"),
    [
        (b"=?utf-8?b?A?=", "=?utf-8?b?A?=", "undecodable"),  # broken base64: kept as written
        (b"Re: =?utf-8?b?AAAAA?= x", "Re: =?utf-8?b?AAAAA?= x", "undecodable"),
        (
            b"Re: =?utf-8?b?AAAAA?= =?utf-8?q?caf=C3=A9?=",
            "Re: =?utf-8?b?AAAAA?= café",
            "undecodable",
        ),
        (b"=?x-unknown?q?caf=E9?=", "café", "unknown or wrong charset"),
        (b"=?unknown-8bit?b?Y2Fm6Q==?=", "café", "unknown or wrong charset"),
        (b"=?no-such?q?cafe?=", "cafe", "unknown or wrong charset"),
        (b"=?utf-7?q?+!!?=", "+!!", "unknown or wrong charset"),
        (b"=?\x00?q?a?=", "a", None),  # the NUL goes, and with it the charset
        (b"=?utf-8?q?caf=C3=A9?=", "café", None),
        (b"=?utf-8*fr?q?caf=C3=A9?=", "café", None),
        (b"=?utf-8?q?=ZZ?=", "=ZZ", None),
        (b"=?" * 5000, "=?" * 5000, None),
    ],
)
def test_garbage_encoded_words_never_raise(
    subject: bytes, readable: str, defect: str | None
) -> None:
    data = b"From: a@example.org\nMessage-ID: <e@example.org>\nSubject: " + subject + b"\n\nhi\n"
    row = parse_message(_raw(data), list_name="t")
    assert row["subject"] == readable
    said = [d for d in row["defects"] if "encoded word" in d]
    assert (defect in said[0]) if defect else not said


def test_dates_in_year_1_and_9999_are_kept_as_unknown(tmp_path: Path) -> None:
    dated = [
        (b"Mon, 1 Jan 0001 00:00:00 +0000", "Mon Jan  1 00:00:00 0001"),
        (b"Mon, 1 Jan 0001 00:00:00 +0100", "Mon Jan  1 00:00:00 0001"),
        (b"Fri, 31 Dec 9999 23:59:59 +0000", "Fri Dec 31 23:59:59 9999"),
        (b"Fri, 31 Dec 9999 23:59:59 -1200", "Fri Dec 31 23:59:59 9999"),
        (b"Mon, 1 Jan 0000 00:00:00 +0000", "Mon Jan  1 00:00:00 0001"),
    ]
    for zone in (None, ZoneInfo("Europe/Berlin"), ZoneInfo("America/New_York")):
        for header, envelope in dated:
            data = b"From: a@example.org\nDate: " + header + b"\nMessage-ID: <d@x>\n\nhi\n"
            row = parse_message(
                _raw(data, f"a at example.org  {envelope}"), list_name="t", server_zone=zone
            )
            assert row["date"] is None, (header, zone)
            assert any("message has no date" in d for d in row["defects"])
    # A plausible separator date still wins over an absurd header.
    row = parse_message(
        _raw(
            b"From: a@example.org\nDate: Mon, 1 Jan 0001 00:00:00 +0100\n\nhi\n",
            "a  Mon Jan  6 10:24:58 2014",
        ),
        list_name="t",
    )
    assert row["date"] is not None and row["date"].year == 2014
    # Through the store, the analysis and every export: nothing stretches over millennia.
    source = tmp_path / "dates.txt"
    source.write_bytes(
        b"".join(
            b"From a at example.org  %s\nFrom: p%d@example.org\nDate: %s\nSubject: s\n"
            b"Message-ID: <d%d@x>\n\nhi\n\n" % (envelope.encode(), i, header, i)
            for i, (header, envelope) in enumerate(dated)
        )
        + _pipermail(_message(9, headers=b"In-Reply-To: <d0@x>\n"))
    )
    _ingest([source], tmp_path / "data", server_time_zone="Europe/Berlin")
    messages = api.messages("t", tmp_path / "data")
    assert messages.date.isna().sum() == len(dated)
    timeline = api.author_timeline("t", "M", data_dir=tmp_path / "data")
    assert len(timeline) <= 2 * len(messages)
    for suffix in (".csv", ".jsonl", ".parquet"):
        api.export_frame(messages, tmp_path / f"messages{suffix}")


# -- nesting ----------------------------------------------------------------------------------


def _nested_multipart(depth: int) -> bytes:
    part = b"Content-Type: text/plain\n\nhello from the bottom\n"
    for level in range(depth):
        boundary = b"b%d" % level
        part = (
            b"Content-Type: multipart/mixed; boundary="
            + boundary
            + b"\n\n--"
            + boundary
            + b"\n"
            + part
            + b"\n--"
            + boundary
            + b"--\n"
        )
    return b"From: a@example.org\nMessage-ID: <n@x>\nMIME-Version: 1.0\n" + part


def _nested_rfc822(depth: int) -> bytes:
    message = b"From: b@example.org\nContent-Type: text/plain\n\nhello from the bottom\n"
    for _ in range(depth):
        message = (
            b"From: a@example.org\nMIME-Version: 1.0\nContent-Type: message/rfc822\n\n" + message
        )
    return message


def test_deeply_nested_multiparts_keep_their_text() -> None:
    shallow = parse_message(_raw(_nested_multipart(40)), list_name="t")
    assert shallow["body"] == "hello from the bottom\n"
    with finishes_within(60):
        for data in (_nested_multipart(3000), _nested_rfc822(3000)):
            row = parse_message(_raw(data), list_name="t")
            assert "hello from the bottom" in row["body"]
            assert any("nested too deep" in d for d in row["defects"])


@pytest.mark.parametrize("tag", ["div", "blockquote", "li"])
def test_deeply_nested_html_is_read_in_linear_time(tag: str) -> None:
    depth = 100_000
    html = f"<{tag}>" * depth + "deep <b>text</b>" + f"</{tag}>" * depth
    data = (
        b"From: a@example.org\nMessage-ID: <h@x>\nContent-Type: text/html; charset=utf-8\n\n"
        + html.encode()
    )
    with finishes_within(30):
        row = parse_message(_raw(data), list_name="t")
    assert row["body"] == ("> deep text\n" if tag == "blockquote" else "deep text\n")


def test_hostile_runs_in_headers_and_pages_are_read_in_linear_time(tmp_path: Path) -> None:
    """Runs that made regular expressions backtrack quadratically (hours at these sizes)."""
    headers = [
        b"From: x" + b" " * 2_000_000 + b"y",
        b"From: x at example.org " + b"!" * 400_000,
        b"From: " + b"(" * 100_000,
        b"Message-ID: " + b"<a at " * 200_000,
        b"Subject: " + b"=?utf-8?q?a?= " * 200_000 + b"=?utf-8?b?A?=",
    ]
    with finishes_within(40):
        for header in headers:
            row = parse_message(_raw(header + b"\n\nbody\n"), list_name="t")
            assert row["body"] == "body\n"
        for page in ("<H1>" * 200_000, "<!--beginarticle--><PRE>" + "<" * 800_000, "<BR" * 300_000):
            assert pipermail_html.parse_page(page).defects
        index = "".join(
            f'<!--1 {"k-" * 5_000}{n}- --><LI><A HREF="{n:06d}.html">x</A>' for n in range(200)
        )
        assert len(pipermail_html.parse_thread_index(index + "<!--1 " * 100_000)) == 200
        unclosed = (
            b"From: a\nDate: b\n\n"
            + (b"\n\nFrom: x\nDate: y\nContent-Type: multipart/mixed; boundary=q\n\n--q\nbody\n")
            * 40_000
        )
        # The first message closes nothing and is split off; the rest is one open multipart.
        assert len(legacy.split_header_separated(unclosed) or []) == 2


# -- HTML with scripts ------------------------------------------------------------------------


def test_scripts_stay_inert_text_in_every_export(tmp_path: Path) -> None:
    html_mail = (
        b"From: a@example.org\nMessage-ID: <html@x>\nDate: Mon, 6 Jan 2014 10:00:00 +0000\n"
        b"Subject: <script>alert('subject')</script>\nContent-Type: text/html\n\n"
        b"<html><head><script>alert('head')</script></head><body><p>Hello</p>"
        b"<script type='text/javascript'>alert('body')</script><style>p{}</style>"
        b"<img src=x onerror=\"alert('img')\"><p>World</p></body></html>\n"
    )
    text_mail = (
        b"From: b@example.org\nMessage-ID: <text@x>\nDate: Mon, 6 Jan 2014 11:00:00 +0000\n"
        b"Subject: code\n\nTry <script>alert('plain')</script> & see.\n"
    )
    folder = tmp_path / "md"
    box = mailbox.Maildir(folder)
    box.add(html_mail)
    box.add(text_mail)
    _ingest([folder], tmp_path / "data")
    messages = api.messages("t", tmp_path / "data")
    exports = {}
    for suffix in (".csv", ".jsonl", ".json", ".parquet"):
        path = api.export_frame(messages, tmp_path / f"messages{suffix}")
        exports[suffix] = (
            pd.read_csv(path)
            if suffix == ".csv"
            else pd.read_json(path, lines=suffix == ".jsonl")
            if suffix != ".parquet"
            else pd.read_parquet(path)
        )
    for suffix, frame in exports.items():
        rows = frame.set_index("message_id")
        assert "alert" not in rows.body["html@x"], suffix  # scripts dropped from HTML mail
        assert "Hello" in rows.body["html@x"] and "World" in rows.body["html@x"]
        assert rows.body["text@x"] == "Try <script>alert('plain')</script> & see.\n", suffix
        assert rows.subject["html@x"] == "<script>alert('subject')</script>", suffix
    line = (tmp_path / "messages.jsonl").read_text().splitlines()[1]
    assert json.loads(line)["body"].startswith("Try <script>")


# -- counts add up, and the CLI says what was rejected ----------------------------------------


def _cli(capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, str, str]:
    """Run the command line in this process (so monkeypatches apply); (status, out, err)."""
    saved = sys.argv
    sys.argv = ["analyzer", *args]
    try:
        cli.main()
        status = 0
    except SystemExit as exc:
        status = int(exc.code or 0)
    finally:
        sys.argv = saved
    out, err = capsys.readouterr()
    return status, out, err


def test_counts_add_up_and_info_shows_the_rejected(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    box = mailbox.Maildir(tmp_path / "md")
    for n in (1, 2, 2, 3):  # message 2 twice
        box.add(_message(n))
    box.add(b"")
    (tmp_path / "md" / "new" / "1-empty.eml").write_bytes(b"\n\n")
    data = str(tmp_path / "data")
    status, out, _err = _cli(
        capsys, "ingest", str(tmp_path / "md"), "--list", "t", "--data-dir", data, "--workers", "1"
    )
    assert status == 0, out
    record = next(iter(MessageStore(tmp_path / "data", "t").read_manifest().values()))
    assert (record.separators, record.stored, record.duplicates, record.rejected) == (6, 3, 1, 2)
    status, out, _err = _cli(capsys, "info", "--list", "t", "--data-dir", data)
    assert status == 0
    assert "Found 6, stored 3, duplicates within sources 1, across sources 0, rejected 2" in out
    assert out.count(": empty") == 2


# -- mistakes a user makes: one line, a non-zero status, nothing stored is lost ---------------


@pytest.fixture()
def stored_month(corpora: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> Path:
    data = tmp_path / "data"
    shutil.copy2(corpora / MONTH, tmp_path / "2014-January.txt")
    status, _out, _err = _cli(
        capsys,
        "ingest",
        str(tmp_path / "2014-January.txt"),
        "--list",
        "t",
        "--data-dir",
        str(data),
        "--workers",
        "1",
    )
    assert status == 0
    return data


def _assert_one_line_error(status: int, err: str, *needles: str) -> None:
    assert status != 0
    lines = [line for line in err.splitlines() if line.strip()]
    errors = [line for line in lines if line.startswith("analyzer: error:")]
    assert len(errors) == 1, err
    assert "Traceback" not in err
    for needle in needles:
        assert needle in errors[0], (needle, errors[0])


def _store_state(data: Path) -> tuple[bytes, list[str]]:
    store = MessageStore(data, "t")
    return store.manifest_path.read_bytes(), sorted(store.read_messages().message_id)


def test_user_errors_give_one_line_and_keep_the_store(
    stored_month: Path,
    corpora: Path,
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    before = _store_state(stored_month)
    common = ("--list", "t", "--data-dir", str(stored_month), "--workers", "1")
    status, _out, err = _cli(capsys, "ingest", str(tmp_path / "missing.mbox"), *common)
    _assert_one_line_error(status, err, "missing.mbox", "no such file")
    junk = tmp_path / "notes.txt"
    junk.write_bytes(b"\x89PNG\r\n\x1a\n" + bytes(range(256)) * 10)
    status, _out, err = _cli(capsys, "ingest", str(junk), *common)
    _assert_one_line_error(status, err, "notes.txt", "not a mail archive")
    assert _store_state(stored_month) == before

    # No permission. The tests run as root, whom chmod does not stop: refuse the reads instead.
    locked = Path(shutil.copy2(corpora / "imagej-devel-pipermail/2014-February.txt", tmp_path))
    with monkeypatch.context() as patch:
        _refuse_reading(patch, locked)
        status, _out, err = _cli(capsys, "ingest", str(locked), *common)
    _assert_one_line_error(status, err, "2014-February.txt", "permission denied")
    folder = tmp_path / "archive"
    folder.mkdir()
    real_iterdir = Path.iterdir

    def guarded_iterdir(self: Path) -> Iterator[Path]:
        if self == folder:
            raise PermissionError(errno.EACCES, "Permission denied", str(self))
        return real_iterdir(self)

    with monkeypatch.context() as patch:
        patch.setattr(Path, "iterdir", guarded_iterdir)
        status, _out, err = _cli(capsys, "ingest", str(folder), *common)
    _assert_one_line_error(status, err, "archive", "cannot be listed (Permission denied)")
    assert _store_state(stored_month) == before


def _refuse_reading(patch: pytest.MonkeyPatch, refused: Path) -> None:
    """Make every read of ``refused`` fail as a file without read permission does."""
    real_open = open
    real_read_bytes = Path.read_bytes

    def guarded_open(file: object, *args: object, **kwargs: object) -> object:
        if Path(str(file)) == refused:
            raise PermissionError(errno.EACCES, "Permission denied", str(file))
        return real_open(file, *args, **kwargs)  # type: ignore[call-overload]

    def guarded_read_bytes(self: Path) -> bytes:
        if self == refused:
            raise PermissionError(errno.EACCES, "Permission denied", str(self))
        return real_read_bytes(self)

    patch.setattr("builtins.open", guarded_open)
    patch.setattr(Path, "read_bytes", guarded_read_bytes)


def test_an_unreadable_message_of_a_maildir_is_rejected_with_its_reason(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    box = mailbox.Maildir(tmp_path / "md")
    keys = [box.add(_message(n)) for n in (1, 2, 3)]
    refused = tmp_path / "md" / "new" / keys[1]
    data = str(tmp_path / "data")
    with monkeypatch.context() as patch:
        _refuse_reading(patch, refused)
        status, out, err = _cli(
            capsys,
            "ingest",
            str(tmp_path / "md"),
            "--list",
            "t",
            "--data-dir",
            data,
            "--workers",
            "1",
        )
    assert status == 0, err
    record = next(iter(MessageStore(tmp_path / "data", "t").read_manifest().values()))
    assert (record.separators, record.stored, record.rejected) == (3, 2, 1)
    status, out, _err = _cli(capsys, "info", "--list", "t", "--data-dir", data)
    # (the reader goes by file name, which is not always the order the keys were made in)
    assert f"message {sorted(keys).index(keys[1])}: {keys[1]}: permission denied" in out


@pytest.mark.parametrize("where", ["partition", "manifest"])
def test_a_full_disk_names_the_file_and_keeps_the_store(
    stored_month: Path,
    corpora: Path,
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch,
    where: str,
) -> None:
    before = _store_state(stored_month)
    common = ("--list", "t", "--data-dir", str(stored_month), "--workers", "1")
    february = Path(shutil.copy2(corpora / "imagej-devel-pipermail/2014-February.txt", tmp_path))

    def no_space(*args: object, **kwargs: object) -> None:
        raise OSError(errno.ENOSPC, "No space left on device")

    with monkeypatch.context() as patch:
        if where == "partition":
            patch.setattr(store_module.pq, "write_table", no_space)
        else:
            real_fsync = store_module.os.fsync

            def no_space_for_the_manifest(fd: int) -> None:
                if Path(os.readlink(f"/proc/self/fd/{fd}")).parent == store_module.Path(
                    stored_month / "t" / "store"
                ):
                    no_space()
                real_fsync(fd)

            patch.setattr(store_module.os, "fsync", no_space_for_the_manifest)
        status, _out, err = _cli(capsys, "ingest", str(february), *common)
    name = ".parquet" if where == "partition" else "manifest.json"
    _assert_one_line_error(status, err, name, "No space left on device")
    assert _store_state(stored_month) == before
    # Once there is room again, the next run finishes the job and leaves no orphan behind.
    status, _out, err = _cli(capsys, "ingest", str(february), *common)
    assert status == 0, err
    store = MessageStore(stored_month, "t")
    live = {rec.partition for rec in store.read_manifest().values()}
    assert {p.name for p in store.partitions_dir.iterdir()} == live
    assert len(store.read_messages()) > len(before[1])
