"""Damaged and hostile inputs: every message that can be kept is kept, and what could not is said.

Each case of the robustness issue has its test here; the mistakes a user makes (a missing path,
a file that is no archive, no permission, a full disk) go through the command line in-process.
"""

from __future__ import annotations

import contextlib
import json
import mailbox
import signal
import sys
from collections.abc import Iterator
from pathlib import Path
from types import FrameType
from zoneinfo import ZoneInfo

import pandas as pd
import pytest

from analyzer import api, cli
from analyzer.ingest import IngestReport, ParseOptions, ingest, parse_source
from analyzer.model import RawMessage
from analyzer.parse import parse_message
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
            assert rec.separators == rec.stored + rec.duplicates + rec.rejected
    return report


def _raw(data: bytes, envelope: str = "") -> RawMessage:
    return RawMessage(source="t", index=0, data=data, envelope=envelope)


def _ids(path: Path) -> list[str]:
    return parse_source(path, ParseOptions("t"))[0].column("message_id").to_pylist()


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
    ("subject", "readable"),
    [
        (b"=?utf-8?b?A?=", "=?utf-8?b?A?="),  # broken base64: kept as written
        (b"Re: =?utf-8?b?AAAAA?= x", "Re: =?utf-8?b?AAAAA?= x"),
        (b"=?x-unknown?q?caf=E9?=", "café"),
        (b"=?unknown-8bit?b?Y2Fm6Q==?=", "café"),
        (b"=?utf-8?q?caf=C3=A9?=", "café"),
        (b"=?utf-8*fr?q?caf=C3=A9?=", "café"),
        (b"=?no-such?q?cafe?=", "cafe"),
        (b"=?utf-7?q?+!!?=", "+!!"),
        (b"=?\x00?q?a?=", "a"),
        (b"=?utf-8?q?=ZZ?=", "=ZZ"),
        (b"=?" * 5000, "=?" * 5000),
    ],
)
def test_garbage_encoded_words_never_raise(subject: bytes, readable: str) -> None:
    data = b"From: a@example.org\nMessage-ID: <e@example.org>\nSubject: " + subject + b"\n\nhi\n"
    row = parse_message(_raw(data), list_name="t")
    assert row["subject"] == readable
    if readable != subject.decode("latin-1").replace("\x00", ""):
        assert row["defects"] or "caf" in readable


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
    assert "Found 6, stored 3, duplicates within sources 1, rejected 2" in out
    assert out.count(": empty") == 2
